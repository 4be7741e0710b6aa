#pragma once
// The public pages' content version (ARCHITECTURE.md "Public pages"): a row of `settings`
// (key `content_version`). Every publish calls bump_content_version() in its own transaction; the portal's
// page cache keys on the version, rereading it at most once a second (at once after a bump in this process).
#include <cstdint>
#include <string>

#include "db/db.hpp"

namespace minsheng::platform {

inline constexpr const char* kContentVersionKey = "content_version";

// Increments the stored version (creating the row at 1) in the caller's transaction.
void bump_content_version(db::Tx& tx);
// The stored version; 0 when no publish has happened yet.
std::int64_t read_content_version(db::Connection& conn);
// Counts bump_content_version() calls in this process, so a cache here can recheck at once.
std::uint64_t local_content_bumps();

}  // namespace minsheng::platform
