#pragma once
// Operations on a whole database: online backup and restore (SQLite backup API, never a file copy), and
// integrity checks. PostgreSQL backups use pg_dump / pg_basebackup (docs/operations.md).
#include <filesystem>
#include <functional>
#include <string>

#include "db/db.hpp"

namespace minsheng::db {

using ProgressFn = std::function<void(int done, int total)>;

// The file path in a "sqlite:PATH" URL; empty for other URLs and for ":memory:".
std::string sqlite_path(const std::string& url);

// Copies the live SQLite database `url` into `dest` while the server may keep writing: pages are copied in
// steps; the copy goes to a temporary file that is synced, checked and renamed into place. Throws DbError.
void backup_sqlite(const std::string& url, const std::filesystem::path& dest,
                   const ProgressFn& progress = {});

// Replaces the SQLite database `url` with the backup `src` (checked first with integrity_check). The server
// must be stopped. Throws DbError; the target is left unchanged when the backup is unreadable or corrupt.
void restore_sqlite(const std::filesystem::path& src, const std::string& url,
                    const ProgressFn& progress = {});

// "ok" or the problems found: SQLite PRAGMA integrity_check + foreign_key_check; PostgreSQL a round trip.
std::string integrity_check(Pool& pool);

}  // namespace minsheng::db
