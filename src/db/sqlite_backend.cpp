// SQLite backend over the sqlite3 C API: one connection per lease (SQLITE_OPEN_NOMUTEX), statements cached.
#include <sqlite3.h>

#include <filesystem>
#include <list>
#include <unordered_map>

#include "db/db.hpp"
#include "db/detail.hpp"

namespace minsheng::db::detail {

std::string sqlite_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  const std::size_t n = sql.size();
  std::size_t i = 0;
  auto copy_until = [&](std::size_t from, std::size_t to) { out.append(sql.substr(from, to - from)); };
  while (i < n) {
    const char c = sql[i];
    if (c == '\'' || c == '"' || c == '`' || c == '[') {
      const char close = c == '[' ? ']' : c;
      std::size_t end = sql.find(close, i + 1);  // '' inside a literal closes and reopens: same result
      end = end == std::string_view::npos ? n : end + 1;
      copy_until(i, end);
      i = end;
    } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
      std::size_t end = sql.find('\n', i);
      end = end == std::string_view::npos ? n : end + 1;
      copy_until(i, end);
      i = end;
    } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      std::size_t end = sql.find("*/", i + 2);
      end = end == std::string_view::npos ? n : end + 2;
      copy_until(i, end);
      i = end;
    } else if (c == '$' && i + 1 < n && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
      out.push_back('?');
      ++i;
      while (i < n && sql[i] >= '0' && sql[i] <= '9')
        out.push_back(sql[i++]);
    } else {
      out.push_back(c);
      ++i;
    }
  }
  return out;
}

namespace {

constexpr std::size_t kStatementCacheSize = 64;

DbError::Kind kind_of(int rc) {
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
    case SQLITE_CONSTRAINT_ROWID:
      return DbError::Kind::UniqueViolation;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return DbError::Kind::ForeignKeyViolation;
    case SQLITE_CONSTRAINT_CHECK:
      return DbError::Kind::CheckViolation;
    case SQLITE_CONSTRAINT_NOTNULL:
      return DbError::Kind::NotNullViolation;
    default:
      break;
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return DbError::Kind::Busy;
    case SQLITE_FULL:
      return DbError::Kind::Full;
    default:
      return DbError::Kind::Other;
  }
}

[[noreturn]] void fail(int rc, const char* message) {
  throw DbError(kind_of(rc), std::string("sqlite: ") + (message ? message : sqlite3_errstr(rc)) + " (" +
                                 sqlite3_errstr(rc) + ")");
}

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(const std::string& path, const PoolOptions& options) {
    const bool memory = path == ":memory:";
    if (!memory) {
      std::filesystem::path parent = std::filesystem::path(path).parent_path();
      std::error_code ec;
      if (!parent.empty()) std::filesystem::create_directories(parent, ec);
      if (ec) {
        throw DbError(DbError::Kind::Connection,
                      "sqlite: cannot create directory " + parent.string() + ": " + ec.message());
      }
    }
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close_v2(db_);
      db_ = nullptr;
      throw DbError(DbError::Kind::Connection, "sqlite: cannot open " + path + ": " + msg);
    }
    try {
      sqlite3_extended_result_codes(db_, 1);
      sqlite3_busy_timeout(db_, static_cast<int>(options.busy_timeout.count()));
      // "x" is an identifier, never a string literal (as in PostgreSQL).
      sqlite3_db_config(db_, SQLITE_DBCONFIG_DQS_DML, 0, nullptr);
      sqlite3_db_config(db_, SQLITE_DBCONFIG_DQS_DDL, 0, nullptr);
      // SECURITY.md D3: WAL + synchronous=FULL; remnants overwritten on delete.
      exec_script(
          "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA "
          "secure_delete=ON;");
      if (!memory) {
        std::string mode = query("PRAGMA journal_mode").first().text("journal_mode");
        if (mode != "wal") {
          throw DbError(DbError::Kind::Connection, "sqlite: journal_mode is '" + mode + "', not 'wal' (D3)");
        }
      }
      if (query("PRAGMA synchronous").first().int64("synchronous") < 2) {
        throw DbError(DbError::Kind::Connection, "sqlite: synchronous is not FULL (D3)");
      }
    } catch (const DbError& e) {
      close();
      if (e.kind() == DbError::Kind::Connection) throw;
      throw DbError(DbError::Kind::Connection, e.what());
    }
  }

  ~SqliteConnection() override { close(); }

  Backend backend() const override { return Backend::Sqlite; }

  using Connection::query;
  ResultSet query(std::string_view sql, std::span<const Param> params) override {
    ResultSet result;
    sqlite3_stmt* stmt = prepare(sql);
    if (!stmt) {
      if (!params.empty())
        throw DbError(DbError::Kind::Other, "sqlite: parameters given for an empty statement");
      return result;
    }
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{stmt};

    const int expected = sqlite3_bind_parameter_count(stmt);
    if (static_cast<std::size_t>(expected) != params.size()) {
      throw DbError(DbError::Kind::Other, "sqlite: statement takes " + std::to_string(expected) +
                                              " parameters, " + std::to_string(params.size()) + " given");
    }
    for (std::size_t i = 0; i < params.size(); ++i)
      bind(stmt, static_cast<int>(i + 1), params[i].value());

    const sqlite3_int64 total_before = sqlite3_total_changes64(db_);
    // Column names are read after the first step: a schema change re-prepares the statement there.
    std::shared_ptr<std::vector<std::string>> columns;
    int ncol = 0;
    for (;;) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) fail(rc, sqlite3_errmsg(db_));
      if (!columns) {
        ncol = sqlite3_column_count(stmt);
        columns = std::make_shared<std::vector<std::string>>();
        columns->reserve(static_cast<std::size_t>(ncol));
        for (int c = 0; c < ncol; ++c) {
          const char* name = sqlite3_column_name(stmt, c);
          columns->emplace_back(name ? name : "");
        }
      }
      std::vector<Value> values;
      values.reserve(static_cast<std::size_t>(ncol));
      for (int c = 0; c < ncol; ++c)
        values.push_back(column_value(stmt, c));
      result.rows.emplace_back(columns, std::move(values));
    }
    if (sqlite3_total_changes64(db_) != total_before) result.affected = sqlite3_changes64(db_);
    return result;
  }

  void exec_script(std::string_view sql) override {
    std::string text(sql);
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errmsg(db_);
      sqlite3_free(err);
      fail(sqlite3_extended_errcode(db_) ? sqlite3_extended_errcode(db_) : rc, msg.c_str());
    }
  }

  void begin() override { query("BEGIN IMMEDIATE"); }
  void commit() override { query("COMMIT"); }
  void rollback() override { query("ROLLBACK"); }
  bool healthy() override { return db_ != nullptr; }
  bool in_transaction() const override { return db_ && sqlite3_get_autocommit(db_) == 0; }

 private:
  using CacheList = std::list<std::pair<std::string, sqlite3_stmt*>>;

  void close() {
    for (auto& [sql, stmt] : cache_)
      sqlite3_finalize(stmt);
    cache_.clear();
    index_.clear();
    if (db_) sqlite3_close_v2(db_);
    db_ = nullptr;
  }

  // A prepared statement for `sql`, from the LRU cache when possible; nullptr for an empty statement.
  sqlite3_stmt* prepare(std::string_view sql) {
    std::string key(sql);
    if (auto it = index_.find(key); it != index_.end()) {
      cache_.splice(cache_.begin(), cache_, it->second);
      return it->second->second;
    }
    const std::string translated = sqlite_placeholders(sql);
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v3(db_, translated.data(), static_cast<int>(translated.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
    if (rc != SQLITE_OK) fail(rc, sqlite3_errmsg(db_));
    if (!stmt) return nullptr;
    // Anything after the first statement must be empty (whitespace, comments, semicolons).
    const char* end = translated.data() + translated.size();
    if (tail && tail < end) {
      sqlite3_stmt* extra = nullptr;
      rc = sqlite3_prepare_v2(db_, tail, static_cast<int>(end - tail), &extra, nullptr);
      const bool more = rc != SQLITE_OK || extra != nullptr;
      sqlite3_finalize(extra);
      if (more) {
        sqlite3_finalize(stmt);
        throw DbError(DbError::Kind::Other, "sqlite: query() takes one statement (use exec_script)");
      }
    }
    cache_.emplace_front(std::move(key), stmt);
    index_.emplace(cache_.front().first, cache_.begin());
    if (cache_.size() > kStatementCacheSize) {
      auto& victim = cache_.back();
      index_.erase(victim.first);
      sqlite3_finalize(victim.second);
      cache_.pop_back();
    }
    return stmt;
  }

  void bind(sqlite3_stmt* stmt, int i, const Value& v) {
    int rc = SQLITE_OK;
    if (std::holds_alternative<std::monostate>(v)) {
      rc = sqlite3_bind_null(stmt, i);
    } else if (const auto* n = std::get_if<std::int64_t>(&v)) {
      rc = sqlite3_bind_int64(stmt, i, *n);
    } else if (const auto* d = std::get_if<double>(&v)) {
      rc = sqlite3_bind_double(stmt, i, *d);
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      // The parameter outlives the statement's use; bindings are cleared before query() returns.
      rc = sqlite3_bind_text64(stmt, i, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
    } else if (const auto* b = std::get_if<Blob>(&v)) {
      rc = sqlite3_bind_blob64(stmt, i, b->bytes.data(), b->bytes.size(), SQLITE_STATIC);
    }
    if (rc != SQLITE_OK) fail(rc, sqlite3_errmsg(db_));
  }

  static Value column_value(sqlite3_stmt* stmt, int c) {
    switch (sqlite3_column_type(stmt, c)) {
      case SQLITE_INTEGER:
        return std::int64_t{sqlite3_column_int64(stmt, c)};
      case SQLITE_FLOAT:
        return sqlite3_column_double(stmt, c);
      case SQLITE_TEXT: {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
        const int len = sqlite3_column_bytes(stmt, c);
        return std::string(p ? p : "", static_cast<std::size_t>(len));
      }
      case SQLITE_BLOB: {
        const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt, c));
        const int len = sqlite3_column_bytes(stmt, c);
        return Blob{p ? std::string(p, static_cast<std::size_t>(len)) : std::string()};
      }
      default:
        return std::monostate{};
    }
  }

  sqlite3* db_ = nullptr;
  CacheList cache_;
  std::unordered_map<std::string, CacheList::iterator> index_;
};

}  // namespace

std::unique_ptr<Connection> open_sqlite(const std::string& path, const PoolOptions& options) {
  return std::make_unique<SqliteConnection>(path, options);
}

}  // namespace minsheng::db::detail
