#include "db/migrations.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <optional>

#include "db/detail.hpp"

namespace minsheng::db {
namespace {

constexpr std::int64_t kMigrationLock = 4242;  // pg_advisory_xact_lock key

[[noreturn]] void bad(const std::string& what) {
  throw DbError(DbError::Kind::Other, "migrations: " + what);
}

// "YYYY-MM-DDTHH:MM:SS.mmmZ", the schema's time format.
std::string utc_now() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, ".%03dZ", static_cast<int>(ms));
  return buf;
}

void lock_if_postgres(Tx& tx) {
  if (tx.backend() == Backend::Postgres) tx.query("SELECT pg_advisory_xact_lock($1)", {kMigrationLock});
}

bool table_exists(Pool& pool) {
  if (pool.backend() == Backend::Sqlite) {
    return query(
               pool,
               "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
               .first()
               .int64("n") > 0;
  }
  return query(pool, "SELECT to_regclass('schema_migrations') IS NOT NULL AS present")
      .first()
      .boolean("present");
}

}  // namespace

std::vector<Migration> migrations_from_files(Backend backend,
                                             const std::vector<std::pair<std::string, std::string>>& files) {
  struct Entry {
    std::string name;
    std::optional<std::string> common, sqlite, pg;
  };
  std::map<int, Entry> by_version;
  for (const auto& [file, sql] : files) {
    std::string_view f = file;
    std::string_view variant;
    if (f.size() > 4 && f.substr(f.size() - 4) == ".sql") {
      f.remove_suffix(4);
    } else {
      bad("'" + file + "' does not end in .sql");
    }
    for (std::string_view v : {".sqlite", ".pg"}) {
      if (f.size() > v.size() && f.substr(f.size() - v.size()) == v) {
        variant = v;
        f.remove_suffix(v.size());
      }
    }
    const bool digits = f.size() > 5 &&
                        std::all_of(f.begin(), f.begin() + 4, [](char c) { return c >= '0' && c <= '9'; }) &&
                        f[4] == '_';
    const bool tail_ok = digits && std::all_of(f.begin() + 5, f.end(), [](char c) {
                           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
                         });
    if (!tail_ok) bad("'" + file + "' is not named NNNN_<module>_<what>[.sqlite|.pg].sql");
    const int version = std::stoi(std::string(f.substr(0, 4)));
    if (version == 0) bad("'" + file + "': versions start at 0001");
    Entry& e = by_version[version];
    if (!e.name.empty() && e.name != f) bad("two migrations numbered " + std::string(f.substr(0, 4)));
    e.name = std::string(f);
    std::optional<std::string>& slot = variant.empty() ? e.common : variant == ".pg" ? e.pg : e.sqlite;
    if (slot) bad("'" + file + "' given twice");
    slot = sql;
  }
  std::vector<Migration> out;
  for (auto& [version, e] : by_version) {
    const std::optional<std::string>& variant = backend == Backend::Sqlite ? e.sqlite : e.pg;
    if (e.common && (e.sqlite || e.pg)) bad(e.name + " has both a .sql and backend variants");
    if (!e.common && !(e.sqlite && e.pg)) bad(e.name + " needs both a .sqlite.sql and a .pg.sql variant");
    out.push_back(Migration{version, e.name, e.common ? *e.common : *variant});
  }
  return out;
}

std::vector<Migration> embedded_migrations(Backend backend) {
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& f : detail::embedded_migration_files())
    files.emplace_back(f.name, f.sql);
  return migrations_from_files(backend, files);
}

int latest_version() {
  const auto all = embedded_migrations(Backend::Sqlite);
  return all.empty() ? 0 : all.back().version;
}

int schema_version(Pool& pool) {
  if (!table_exists(pool)) return 0;
  return static_cast<int>(
      query(pool, "SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations").first().int64("v"));
}

int migrate(Pool& pool, const std::function<void(int, int)>& progress) {
  return migrate(pool, embedded_migrations(pool.backend()), progress);
}

int migrate(Pool& pool, const std::vector<Migration>& migrations_in,
            const std::function<void(int, int)>& progress) {
  std::vector<Migration> migrations = migrations_in;
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version <= 0) bad(migrations[i].name + ": version must be positive");
    if (i > 0 && migrations[i].version == migrations[i - 1].version) {
      bad("two migrations numbered " + std::to_string(migrations[i].version));
    }
  }

  {
    Tx tx(pool);
    lock_if_postgres(tx);
    tx.conn().exec_script(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
        "applied_at TEXT NOT NULL)");
    tx.commit();
  }

  std::vector<int> applied;
  for (const Row& r : query(pool, "SELECT version FROM schema_migrations").rows) {
    applied.push_back(static_cast<int>(r.int64("version")));
  }
  const int newest_known = migrations.empty() ? 0 : migrations.back().version;
  const int newest_applied = applied.empty() ? 0 : *std::max_element(applied.begin(), applied.end());
  if (newest_applied > newest_known) {
    bad("the database is at version " + std::to_string(newest_applied) + ", newer than this program's " +
        std::to_string(newest_known));
  }
  std::vector<const Migration*> pending;
  for (const Migration& m : migrations) {
    if (std::find(applied.begin(), applied.end(), m.version) == applied.end()) pending.push_back(&m);
  }

  const int total = static_cast<int>(pending.size());
  int done = 0;
  int ran = 0;
  for (const Migration* m : pending) {
    try {
      Tx tx(pool);
      lock_if_postgres(tx);
      // Another process may have applied it while we waited for the lock.
      if (tx.query("SELECT version FROM schema_migrations WHERE version = $1", {m->version}).empty()) {
        tx.conn().exec_script(m->sql);
        tx.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                 {m->version, m->name, utc_now()});
        ++ran;
      }
      tx.commit();
    } catch (const DbError& e) {
      throw DbError(e.kind(), "migration " + m->name + " failed: " + e.what());
    } catch (const std::exception& e) {
      throw DbError(DbError::Kind::Other, "migration " + m->name + " failed: " + e.what());
    }
    ++done;
    if (progress) progress(done, total);
  }
  return ran;
}

}  // namespace minsheng::db
