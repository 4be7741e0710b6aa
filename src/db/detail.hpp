#pragma once
// Internals of src/db shared between its .cpp files and its tests. Not for use outside src/db.
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "db/db.hpp"

namespace minsheng::db::detail {

// Rewrites $1..$n placeholders to SQLite's ?1..?n, leaving '...' literals, "..." identifiers, `...` and [...]
// quoted names, -- and /* */ comments untouched.
std::string sqlite_placeholders(std::string_view sql);

// Opens one backend connection (throws DbError{Connection}).
std::unique_ptr<Connection> open_sqlite(const std::string& path, const PoolOptions& options);
std::unique_ptr<Connection> open_postgres(const std::string& url);

// A pool of at most `options.size` connections made lazily by `factory`.
std::unique_ptr<Pool> make_pool(Backend backend, std::string url, PoolOptions options,
                                std::function<std::unique_ptr<Connection>()> factory);

}  // namespace minsheng::db::detail

namespace minsheng::db::detail {

// One file of db/migrations, embedded by cmake/EmbedMigrations.cmake (generated .cpp).
struct EmbeddedMigrationFile {
  std::string_view name;  // file name, e.g. "0001_platform_core.pg.sql"
  std::string_view sql;
};
std::span<const EmbeddedMigrationFile> embedded_migration_files();

}  // namespace minsheng::db::detail
