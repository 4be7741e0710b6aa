#pragma once
// The audit log (SECURITY.md T13): every write records who, when, from where, what, before and after, in the
// same transaction as the write. Entries are hash-chained: h_i = HMAC(k, h_{i-1} || record_i), with the key
// outside the database, so an edited, removed or reordered entry is detectable.
#include <atomic>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "core/clock.hpp"
#include "db/db.hpp"

namespace minsheng::platform {

struct AuditActor {
  std::optional<std::int64_t> user_id;
  std::string username;
  std::string role;
  std::string ip;
  std::string request_id;
};

struct AuditEntry {
  std::string action;  // e.g. "user.create" (the route table's audit action)
  std::string entity;  // e.g. "user"
  std::string entity_id;
  std::optional<std::int64_t> org_unit_id;
  std::string result = "ok";  // ok | denied | failed
  std::string reason;
  std::string before_json;
  std::string after_json;
};

// Raised when the audit record cannot be written; the write it belongs to is rolled back (answered 503).
class AuditFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Test hook (SECURITY.md §3 fault injector): while set, append() fails.
extern std::atomic<bool> g_fail_audit_writes;

// Appends one entry inside `tx` (the caller's write transaction). Control characters in text fields are kept
// as data (the chain covers exact bytes); viewers escape them.
void append_audit(db::Tx& tx, const std::string& key, TimePoint at, const AuditActor& who,
                  const AuditEntry& e);

// Who is writing, with what key and at what time: handed to services so they audit in their own transaction.
struct Auditor {
  std::string key;
  AuditActor actor;
  TimePoint now;
  void write(db::Tx& tx, const AuditEntry& e) const { append_audit(tx, key, now, actor, e); }
};

struct ChainCheck {
  bool ok = true;
  std::int64_t entries = 0;
  std::int64_t first_bad_seq = 0;  // 0 when ok
  std::string problem;
};

// Recomputes the whole chain and compares it with the stored hashes and the head row.
ChainCheck verify_audit_chain(db::Pool& pool, const std::string& key);

}  // namespace minsheng::platform
