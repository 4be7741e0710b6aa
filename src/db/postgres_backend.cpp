// PostgreSQL backend over libpq: text parameters (bytea binary), text results converted by column type.
#include <libpq-fe.h>

#include <fmt/format.h>

#include <charconv>
#include <cstring>

#include "db/db.hpp"
#include "db/detail.hpp"

namespace minsheng::db::detail {
namespace {

// Type OIDs from pg_type.h (stable across versions).
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

std::string trimmed(const char* s) {
  std::string out = s ? s : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' '))
    out.pop_back();
  return out;
}

DbError::Kind kind_of(std::string_view state) {
  if (state == "23505") return DbError::Kind::UniqueViolation;
  if (state == "23503") return DbError::Kind::ForeignKeyViolation;
  if (state == "23514") return DbError::Kind::CheckViolation;
  if (state == "23502") return DbError::Kind::NotNullViolation;
  if (state == "40001" || state == "40P01" || state == "55P03") return DbError::Kind::Busy;
  if (state == "53100") return DbError::Kind::Full;
  if (state.substr(0, 2) == "08") return DbError::Kind::Connection;
  return DbError::Kind::Other;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Blob decode_bytea(std::string_view text) {
  if (text.size() < 2 || text[0] != '\\' || text[1] != 'x' || text.size() % 2 != 0) {
    throw DbError(DbError::Kind::Other, "postgresql: bytea not in hex format");
  }
  Blob out;
  out.bytes.reserve((text.size() - 2) / 2);
  for (std::size_t i = 2; i < text.size(); i += 2) {
    const int hi = hex_digit(text[i]);
    const int lo = hex_digit(text[i + 1]);
    if (hi < 0 || lo < 0) throw DbError(DbError::Kind::Other, "postgresql: bad hex digit in bytea");
    out.bytes.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

Value convert(Oid type, std::string_view text) {
  switch (type) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
    case kOidOid: {
      std::int64_t v = 0;
      auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc{} || p != text.data() + text.size()) break;
      return v;
    }
    case kNumericOid: {
      // Integral NUMERIC (e.g. SUM over bigint) stays exact when it fits; otherwise a double.
      std::int64_t v = 0;
      auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec == std::errc{} && p == text.data() + text.size()) return v;
      [[fallthrough]];
    }
    case kFloat4Oid:
    case kFloat8Oid: {
      double d = 0;
      auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
      if (ec != std::errc{} || p != text.data() + text.size()) break;
      return d;
    }
    case kBoolOid:
      return std::int64_t{text == "t" ? 1 : 0};
    case kByteaOid:
      return decode_bytea(text);
    default:
      break;
  }
  return std::string(text);
}

class PgConnection final : public Connection {
 public:
  explicit PgConnection(const std::string& url) {
    conn_ = PQconnectdb(url.c_str());
    if (!conn_) throw DbError(DbError::Kind::Connection, "postgresql: out of memory connecting");
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string msg = trimmed(PQerrorMessage(conn_));
      PQfinish(conn_);
      conn_ = nullptr;
      throw DbError(DbError::Kind::Connection, "postgresql: cannot connect: " + msg);
    }
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
    try {
      // SECURITY.md D3: no acknowledged commit may be lost.
      ResultSet rs = query(
          "SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS "
          "synchronous_commit, "
          "current_setting('full_page_writes') AS full_page_writes");
      for (const char* name : {"fsync", "synchronous_commit", "full_page_writes"}) {
        const std::string value = rs.first().text(name);
        // synchronous_commit: local/remote_write/remote_apply also wait for the local flush; only off does
        // not.
        const bool ok = std::string_view(name) == "synchronous_commit" ? value != "off" : value == "on";
        if (!ok) {
          throw DbError(DbError::Kind::Connection, std::string("postgresql: server setting ") + name +
                                                       " is '" + value +
                                                       "'; durability requires it on (SECURITY.md D3)");
        }
      }
      exec_script("SET client_encoding = 'UTF8'; SET TimeZone = 'UTC'; SET bytea_output = 'hex'");
    } catch (const DbError& e) {
      PQfinish(conn_);
      conn_ = nullptr;
      if (e.kind() == DbError::Kind::Connection) throw;
      throw DbError(DbError::Kind::Connection, e.what());
    }
  }

  ~PgConnection() override {
    if (conn_) PQfinish(conn_);
  }

  Backend backend() const override { return Backend::Postgres; }

  using Connection::query;
  ResultSet query(std::string_view sql, std::span<const Param> params) override {
    const std::size_t n = params.size();
    std::vector<const char*> values(n, nullptr);
    std::vector<int> lengths(n, 0);
    std::vector<int> formats(n, 0);
    std::vector<Oid> types(n, 0);
    std::vector<std::string> storage(n);
    for (std::size_t i = 0; i < n; ++i) {
      const Value& v = params[i].value();
      if (const auto* x = std::get_if<std::int64_t>(&v)) {
        storage[i] = std::to_string(*x);
        values[i] = storage[i].c_str();
      } else if (const auto* d = std::get_if<double>(&v)) {
        storage[i] = fmt::format("{:.17g}", *d);
        values[i] = storage[i].c_str();
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        if (s->find('\0') != std::string::npos) {
          throw DbError(DbError::Kind::Other, "postgresql: text parameter $" + std::to_string(i + 1) +
                                                  " contains a NUL byte (use a Blob)");
        }
        values[i] = s->c_str();
      } else if (const auto* b = std::get_if<Blob>(&v)) {
        values[i] = b->bytes.data();
        lengths[i] = static_cast<int>(b->bytes.size());
        formats[i] = 1;
        types[i] = kByteaOid;
      }
    }
    const std::string text(sql);
    ResultPtr res(PQexecParams(conn_, text.c_str(), static_cast<int>(n), types.data(), values.data(),
                               lengths.data(), formats.data(), 0));
    check(res.get());
    return convert_result(res.get());
  }

  void exec_script(std::string_view sql) override {
    const std::string text(sql);
    ResultPtr res(PQexec(conn_, text.c_str()));
    check(res.get());
  }

  void begin() override { exec_script("BEGIN"); }

  void commit() override {
    ResultPtr res(PQexec(conn_, "COMMIT"));
    check(res.get());
    // COMMIT of a transaction that already failed reports success with the tag ROLLBACK.
    if (std::strcmp(PQcmdStatus(res.get()), "ROLLBACK") == 0) {
      throw DbError(DbError::Kind::Other,
                    "postgresql: transaction was aborted by an earlier error; rolled back");
    }
  }

  void rollback() override { exec_script("ROLLBACK"); }

  bool healthy() override { return conn_ && PQstatus(conn_) == CONNECTION_OK; }

  bool in_transaction() const override {
    if (!conn_) return false;
    const PGTransactionStatusType s = PQtransactionStatus(conn_);
    return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE;
  }

 private:
  void check(PGresult* res) {
    if (!res) {
      throw DbError(DbError::Kind::Connection, "postgresql: " + trimmed(PQerrorMessage(conn_)));
    }
    const ExecStatusType status = PQresultStatus(res);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) return;
    const char* state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    const char* primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    const char* constraint = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
    DbError::Kind kind = kind_of(state ? state : "");
    if (PQstatus(conn_) != CONNECTION_OK) kind = DbError::Kind::Connection;
    // The primary message only: DETAIL may repeat the row's values.
    std::string msg = "postgresql: " + (primary ? std::string(primary) : trimmed(PQresultErrorMessage(res)));
    if (state) msg += std::string(" [SQLSTATE ") + state + "]";
    if (constraint) msg += std::string(" (constraint ") + constraint + ")";
    throw DbError(kind, msg);
  }

  static ResultSet convert_result(PGresult* res) {
    ResultSet rs;
    // Only writes count as affected (a SELECT reports its row count in the command tag too).
    const char* tuples = PQcmdTuples(res);
    const char* status = PQcmdStatus(res);
    const bool select = status && std::strncmp(status, "SELECT", 6) == 0;
    if (!select && tuples && *tuples) {
      std::from_chars(tuples, tuples + std::strlen(tuples), rs.affected);
    }
    const int ncol = PQnfields(res);
    if (ncol == 0) return rs;
    auto columns = std::make_shared<std::vector<std::string>>();
    std::vector<Oid> types;
    for (int c = 0; c < ncol; ++c) {
      columns->emplace_back(PQfname(res, c));
      types.push_back(PQftype(res, c));
    }
    const int nrow = PQntuples(res);
    rs.rows.reserve(static_cast<std::size_t>(nrow));
    for (int r = 0; r < nrow; ++r) {
      std::vector<Value> values;
      values.reserve(static_cast<std::size_t>(ncol));
      for (int c = 0; c < ncol; ++c) {
        if (PQgetisnull(res, r, c)) {
          values.emplace_back(std::monostate{});
        } else {
          values.push_back(convert(
              types[static_cast<std::size_t>(c)],
              std::string_view(PQgetvalue(res, r, c), static_cast<std::size_t>(PQgetlength(res, r, c)))));
        }
      }
      rs.rows.emplace_back(columns, std::move(values));
    }
    return rs;
  }

  PGconn* conn_ = nullptr;
};

}  // namespace

std::unique_ptr<Connection> open_postgres(const std::string& url) {
  return std::make_unique<PgConnection>(url);
}

}  // namespace minsheng::db::detail
