#pragma once
// One small database interface over SQLite and PostgreSQL (ARCHITECTURE.md "DB access").
// SQL is written once with $1..$n placeholders; the SQLite backend maps them. Only src/db includes
// sqlite3/libpq.
#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace minsheng::db {

enum class Backend { Sqlite, Postgres };

struct Blob {
  std::string bytes;  // raw bytes
  bool operator==(const Blob&) const = default;
};

using Value = std::variant<std::monostate, std::int64_t, double, std::string, Blob>;

// A bound parameter; implicitly made from the usual C++ types. std::nullopt / nullptr bind NULL; bool binds
// 0/1.
class Param {
 public:
  Param(std::nullptr_t) {}                           // NOLINT
  Param(std::nullopt_t) {}                           // NOLINT
  Param(bool v) : v_(std::int64_t{v ? 1 : 0}) {}     // NOLINT
  Param(int v) : v_(std::int64_t{v}) {}              // NOLINT
  Param(long v) : v_(std::int64_t{v}) {}             // NOLINT
  Param(long long v) : v_(std::int64_t{v}) {}        // NOLINT
  Param(unsigned v) : v_(std::int64_t{v}) {}         // NOLINT
  Param(double v) : v_(v) {}                         // NOLINT
  Param(const char* v) : v_(std::string(v)) {}       // NOLINT
  Param(std::string_view v) : v_(std::string(v)) {}  // NOLINT
  Param(const std::string& v) : v_(v) {}             // NOLINT
  Param(std::string&& v) : v_(std::move(v)) {}       // NOLINT
  Param(Blob v) : v_(std::move(v)) {}                // NOLINT
  Param(Value v) : v_(std::move(v)) {}               // NOLINT
  template <typename T>
  Param(const std::optional<T>& v) {  // NOLINT
    if (v) *this = Param(*v);
  }
  const Value& value() const { return v_; }

 private:
  Value v_;
};

using Params = std::vector<Param>;

// Thrown for database failures. Services catch the kinds they expect (e.g. UniqueViolation -> Conflict);
// anything else reaches the handler edge as a 500 with a request id.
class DbError : public std::runtime_error {
 public:
  enum class Kind {
    UniqueViolation,
    ForeignKeyViolation,
    CheckViolation,
    NotNullViolation,
    Busy,
    Full,
    Connection,
    Other
  };
  DbError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

class Row {
 public:
  Row(std::shared_ptr<const std::vector<std::string>> columns, std::vector<Value> values)
      : columns_(std::move(columns)), values_(std::move(values)) {}

  std::size_t size() const { return values_.size(); }
  const Value& at(std::size_t i) const { return values_.at(i); }
  const Value& at(std::string_view column) const;  // throws std::out_of_range for an unknown column
  bool is_null(std::string_view column) const { return std::holds_alternative<std::monostate>(at(column)); }

  // Typed getters; integers also accept numeric text (PostgreSQL NUMERIC), text accepts integers.
  std::int64_t int64(std::string_view column) const;
  double real(std::string_view column) const;
  std::string text(std::string_view column) const;
  Blob blob(std::string_view column) const;
  bool boolean(std::string_view column) const { return int64(column) != 0; }
  std::optional<std::int64_t> opt_int64(std::string_view column) const;
  std::optional<std::string> opt_text(std::string_view column) const;
  const std::vector<std::string>& columns() const { return *columns_; }

 private:
  std::shared_ptr<const std::vector<std::string>> columns_;
  std::vector<Value> values_;
};

struct ResultSet {
  std::vector<Row> rows;
  std::int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE

  bool empty() const { return rows.empty(); }
  const Row& first() const { return rows.at(0); }
  std::optional<Row> first_or_none() const {
    if (rows.empty()) return std::nullopt;
    return rows.front();
  }
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Backend backend() const = 0;
  // One statement with $1..$n placeholders. `sql` should be a constant (or built only from constants).
  virtual ResultSet query(std::string_view sql, std::span<const Param> params) = 0;
  ResultSet query(std::string_view sql, std::initializer_list<Param> params = {}) {
    return query(sql, std::span<const Param>(params.begin(), params.size()));
  }
  ResultSet query(std::string_view sql, const Params& params) {
    return query(sql, std::span<const Param>(params));
  }
  // Several statements without parameters (migrations).
  virtual void exec_script(std::string_view sql) = 0;
  // Transactions. begin(): SQLite takes the write lock at once (BEGIN IMMEDIATE); PostgreSQL READ COMMITTED.
  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  // True when the connection is usable (PostgreSQL: not broken).
  virtual bool healthy() = 0;
  // True while a transaction is open on this connection (a Lease rolls it back before returning it).
  virtual bool in_transaction() const { return false; }
};

struct PoolOptions {
  std::size_t size = 8;
  std::chrono::milliseconds acquire_timeout{10000};  // then DbError{Busy}
  std::chrono::milliseconds busy_timeout{5000};      // SQLite busy_timeout
};

struct PoolStats {
  std::size_t size = 0;
  std::size_t in_use = 0;
  std::uint64_t acquired_total = 0;
  std::uint64_t waited_total = 0;  // acquisitions that had to wait
  std::size_t max_size = 0;        // the configured limit (`size` is the number of open connections)
};

class Pool;

// A connection borrowed from the pool; returned when destroyed.
class Lease {
 public:
  Lease(Pool* pool, std::unique_ptr<Connection> conn) : pool_(pool), conn_(std::move(conn)) {}
  Lease(Lease&&) noexcept = default;
  Lease& operator=(Lease&&) noexcept = delete;
  ~Lease();
  Connection& operator*() { return *conn_; }
  Connection* operator->() { return conn_.get(); }
  const Connection& operator*() const { return *conn_; }
  const Connection* operator->() const { return conn_.get(); }

 private:
  Pool* pool_;
  std::unique_ptr<Connection> conn_;
};

class Pool {
 public:
  // url: "sqlite:PATH" (also "sqlite::memory:" for a private in-memory database of size 1) or
  // "postgresql://user@host:port/db?host=/socket/dir" (any libpq URI). Throws DbError{Connection} on failure.
  static std::unique_ptr<Pool> open(const std::string& url, PoolOptions options = {});
  virtual ~Pool() = default;

  virtual Backend backend() const = 0;
  virtual Lease acquire() = 0;
  virtual PoolStats stats() const = 0;
  virtual const std::string& url() const = 0;

 protected:
  friend class Lease;
  virtual void release(std::unique_ptr<Connection> conn) = 0;
};

// A transaction on a leased connection: rolled back when destroyed without commit().
class Tx {
 public:
  explicit Tx(Pool& pool);
  Tx(const Tx&) = delete;
  Tx& operator=(const Tx&) = delete;
  ~Tx();

  ResultSet query(std::string_view sql, std::initializer_list<Param> params = {}) {
    return lease_->query(sql, params);
  }
  ResultSet query(std::string_view sql, const Params& params) { return lease_->query(sql, params); }
  Connection& conn() { return *lease_; }
  Backend backend() const;
  void commit();

 private:
  Lease lease_;
  bool done_ = false;
};

// Reads outside a transaction.
inline ResultSet query(Pool& pool, std::string_view sql, std::initializer_list<Param> params = {}) {
  Lease lease = pool.acquire();
  return lease->query(sql, params);
}
inline ResultSet query(Pool& pool, std::string_view sql, const Params& params) {
  Lease lease = pool.acquire();
  return lease->query(sql, params);
}

}  // namespace minsheng::db
