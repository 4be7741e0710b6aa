#include "db/maintenance.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

namespace minsheng::db {
namespace {

struct Handle {
  sqlite3* db = nullptr;
  ~Handle() { sqlite3_close_v2(db); }
};

void open_file(Handle& h, const std::string& path, int flags) {
  if (sqlite3_open_v2(path.c_str(), &h.db, flags, nullptr) != SQLITE_OK)
    throw DbError(DbError::Kind::Connection,
                  "cannot open " + path + ": " + (h.db ? sqlite3_errmsg(h.db) : "?"));
  sqlite3_busy_timeout(h.db, 5000);
}

// Copies all pages from `from` to `to` in steps of 256 pages, reporting progress.
void copy(sqlite3* from, sqlite3* to, const ProgressFn& progress) {
  sqlite3_backup* b = sqlite3_backup_init(to, "main", from, "main");
  if (!b) throw DbError(DbError::Kind::Other, std::string("backup init failed: ") + sqlite3_errmsg(to));
  int rc = SQLITE_OK;
  do {
    rc = sqlite3_backup_step(b, 256);
    if (progress) {
      const int total = sqlite3_backup_pagecount(b);
      progress(total - sqlite3_backup_remaining(b), total);
    }
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE)
    throw DbError(DbError::Kind::Other, std::string("backup failed: ") + sqlite3_errstr(rc));
}

std::string check_file(sqlite3* db) {
  std::string problems;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr) != SQLITE_OK)
    return sqlite3_errmsg(db);
  while (sqlite3_step(st) == SQLITE_ROW) {
    std::string line = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    if (line != "ok") problems += line + "\n";
  }
  sqlite3_finalize(st);
  if (sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &st, nullptr) != SQLITE_OK)
    return sqlite3_errmsg(db);
  while (sqlite3_step(st) == SQLITE_ROW)
    problems += std::string("foreign key violation in ") +
                reinterpret_cast<const char*>(sqlite3_column_text(st, 0)) + "\n";
  sqlite3_finalize(st);
  return problems.empty() ? "ok" : problems;
}

void fsync_path(const std::filesystem::path& p, bool directory) {
  int fd = ::open(p.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

std::string sqlite_path(const std::string& url) {
  if (!url.starts_with("sqlite:")) return {};
  std::string p = url.substr(7);
  if (p == ":memory:" || p.empty()) return {};
  return p;
}

void backup_sqlite(const std::string& url, const std::filesystem::path& dest, const ProgressFn& progress) {
  const std::string path = sqlite_path(url);
  if (path.empty()) throw DbError(DbError::Kind::Other, "backup needs a SQLite database file");
  if (!std::filesystem::exists(path)) throw DbError(DbError::Kind::Connection, "no database at " + path);
  const std::filesystem::path tmp = dest.string() + ".tmp";
  std::filesystem::remove(tmp);
  {
    Handle src, out;
    open_file(src, path, SQLITE_OPEN_READONLY);
    open_file(out, tmp.string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    copy(src.db, out.db, progress);
    // A backup is one self-contained file: no WAL beside it.
    sqlite3_exec(out.db, "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr);
    const std::string check = check_file(out.db);
    if (check != "ok")
      throw DbError(DbError::Kind::Other, "backup copy failed its integrity check: " + check);
  }
  ::chmod(tmp.c_str(), 0600);
  fsync_path(tmp, false);
  std::filesystem::rename(tmp, dest);
  fsync_path(std::filesystem::absolute(dest).parent_path(), true);
}

void restore_sqlite(const std::filesystem::path& src, const std::string& url, const ProgressFn& progress) {
  const std::string path = sqlite_path(url);
  if (path.empty()) throw DbError(DbError::Kind::Other, "restore needs a SQLite database file");
  Handle in, out;
  open_file(in, src.string(), SQLITE_OPEN_READONLY);
  const std::string check = check_file(in.db);
  if (check != "ok") throw DbError(DbError::Kind::Other, "the backup is damaged: " + check);
  if (auto parent = std::filesystem::path(path).parent_path(); !parent.empty())
    std::filesystem::create_directories(parent);
  open_file(out, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  copy(in.db, out.db, progress);
  sqlite3_exec(out.db, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
}

std::string integrity_check(Pool& pool) {
  auto lease = pool.acquire();
  if (pool.backend() == Backend::Postgres) {
    lease->query("SELECT 1 AS ok");
    return "ok";
  }
  std::string problems;
  for (const auto& r : lease->query("PRAGMA integrity_check").rows)
    if (r.text(r.columns().at(0)) != "ok") problems += r.text(r.columns().at(0)) + "\n";
  for (const auto& r : lease->query("PRAGMA foreign_key_check").rows)
    problems += "foreign key violation in " + r.text(r.columns().at(0)) + "\n";
  return problems.empty() ? "ok" : problems;
}

}  // namespace minsheng::db
