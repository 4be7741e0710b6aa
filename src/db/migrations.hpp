#pragma once
// Numbered migrations from db/migrations/NNNN_<module>_<what>.sql, embedded in the binary at build time.
// A migration may have backend variants NNNN_x.sqlite.sql / NNNN_x.pg.sql instead of one NNNN_x.sql; a single
// file is usually enough: see sql_for_backend().
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "db/db.hpp"

namespace minsheng::db {

struct Migration {
  int version = 0;
  std::string name;  // e.g. "0001_platform_core"
  std::string sql;   // for the pool's backend
};

// One .sql file for both backends: `{{id}}` becomes the backend's auto-numbered 64-bit primary key,
// `{{blob}}` its binary type, and lines after `-- @sqlite` or `-- @pg` (until `-- @all`) belong to that
// backend only. Other types are written once: SQLite reads BIGINT, TEXT and DOUBLE PRECISION by affinity.
std::string sql_for_backend(std::string_view sql, Backend backend);

// The embedded migrations for `backend`, in version order.
std::vector<Migration> embedded_migrations(Backend backend);

// The highest version applied (0 for an empty database).
int schema_version(Pool& pool);
// The highest embedded version.
int latest_version();

// Applies every pending migration, each in its own transaction; returns how many ran.
// `progress(done, total)` is called after each one. Throws DbError when a migration fails (nothing of it
// stays).
int migrate(Pool& pool, const std::function<void(int, int)>& progress = {});

// As above with an explicit set (tests, tools); versions must be unique and positive. Refuses a database
// whose schema_migrations holds a version newer than the newest given. On PostgreSQL each migration's
// transaction takes pg_advisory_xact_lock(4242) first, so concurrent migrators apply each migration once.
int migrate(Pool& pool, const std::vector<Migration>& migrations,
            const std::function<void(int, int)>& progress = {});

// Builds the ordered migrations for `backend` from (file name, content) pairs named as in db/migrations.
// Throws DbError on a bad name, a duplicate version, or a missing backend variant.
std::vector<Migration> migrations_from_files(Backend backend,
                                             const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace minsheng::db
