#pragma once
// Substring search over the project catalogue (issue 4): one document per project (code, name, lead and
// cooperating units, policy and plain text) in project_search — FTS5 with the trigram tokenizer on SQLite,
// pg_trgm on PostgreSQL; queries of 1-2 characters fall back to a scan. Queries are normalised to Simplified
// Chinese (OpenCC t2s), so Traditional input finds Simplified text.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "db/db.hpp"

namespace minsheng::projects {

// Rewrites the project's search document from its current rows (call in the transaction that changed them).
void index_project(db::Tx& tx, std::int64_t project_id);
// Removes it (before deleting the project).
void unindex_project(db::Tx& tx, std::int64_t project_id);

// The normalised query: trimmed, whitespace collapsed, Traditional -> Simplified, at most 50 characters.
std::string normalize_query(std::string_view q);

// Project ids of `town_id` whose document contains the normalised query, best first (name matches, then code,
// then the rest; newest year first), at most `limit`. An empty query finds nothing.
std::vector<std::int64_t> search_projects(db::Connection& conn, std::int64_t town_id, std::string_view query,
                                          std::size_t limit = 50);

}  // namespace minsheng::projects
