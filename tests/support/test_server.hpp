#pragma once
// Integration-test harness: a real App behind a real http::Server on 127.0.0.1 (port 0), a FakeClock, a
// SQLite file or a fresh PostgreSQL schema (MINSHENG_TEST_DB=postgres + MINSHENG_TEST_PG_URL), and a seeded
// organisation with principals for every role (SECURITY.md T4).
#include <boost/json.hpp>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "core/clock.hpp"
#include "http/server.hpp"

namespace minsheng::testing {

struct HttpResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // lower-case names
  std::string body;
  std::optional<std::string> header(const std::string& name) const;
  std::vector<std::string> headers_named(const std::string& name) const;
  boost::json::value json() const;  // null if the body is not JSON
};

// What the client does with the CSRF token on unsafe requests.
enum class CsrfMode { Send, Omit, Malformed, Custom };

struct RequestOptions {
  CsrfMode csrf = CsrfMode::Send;
  std::string csrf_value;                   // for CsrfMode::Custom
  std::optional<std::string> origin;        // Origin header
  std::optional<std::string> content_type;  // default application/json when there is a body
  bool send_cookie = true;
  std::vector<std::pair<std::string, std::string>> headers;  // extra request headers
};

// A blocking HTTP/1.1 client (one connection per request) with a cookie jar for the session cookie and the
// CSRF token captured from login and me. It sends the CSRF token on unsafe methods by default.
class Client {
 public:
  explicit Client(std::uint16_t port) : port_(port) {}
  HttpResponse request(const std::string& method, const std::string& target, const std::string& body = {},
                       const RequestOptions& opt = {});
  HttpResponse get(const std::string& target, const RequestOptions& opt = {}) {
    return request("GET", target, {}, opt);
  }
  HttpResponse post(const std::string& target, const boost::json::value& body,
                    const RequestOptions& opt = {}) {
    return request("POST", target, boost::json::serialize(body), opt);
  }
  HttpResponse put(const std::string& target, const boost::json::value& body,
                   const RequestOptions& opt = {}) {
    return request("PUT", target, boost::json::serialize(body), opt);
  }
  HttpResponse del(const std::string& target, const RequestOptions& opt = {}) {
    return request("DELETE", target, {}, opt);
  }
  // POST /api/v1/auth/login; on success keeps the cookie and the CSRF token.
  HttpResponse login(const std::string& username, const std::string& password);

  std::string cookie;  // "name=value" of the session cookie, "" when none
  std::string csrf;
  std::uint16_t port() const { return port_; }

 private:
  std::uint16_t port_;
};

// The seeded organisation: ids by short name (e.g. "T1", "VA", "DX") and principals by name.
struct Seed {
  std::map<std::string, std::int64_t> units;
  std::map<std::string, std::int64_t> users;      // principal name -> user id
  std::map<std::string, std::string> usernames;   // principal name -> username
  std::map<std::string, std::string> unit_paths;  // short name -> path
};

inline constexpr const char* kSeedPassword = "Seed-Pass-2024!q";

class TestServer {
 public:
  TestServer();
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  app::App& app() { return *app_; }
  db::Pool& pool() { return app_->pool(); }
  FakeClock& clock() { return clock_; }
  std::uint16_t port() const { return port_; }
  bool postgres() const { return !schema_.empty(); }
  const Seed& seed() const { return seed_; }
  Client client() const { return Client(port_); }

  // Services-level helpers (audited as the CLI).
  std::int64_t create_unit(std::optional<std::int64_t> parent, const std::string& kind,
                           const std::string& name);
  std::int64_t create_user(const std::string& username, const std::string& role, std::int64_t unit,
                           const std::string& display_name = "测试用户", bool must_change = false,
                           const std::string& password = kSeedPassword);
  std::string unit_path(std::int64_t id);
  // SHA-256 over every row of every table of the schema but the audit log (see the definition).
  std::string checksum();
  std::int64_t audit_count();
  std::int64_t max_audit_seq();

 private:
  void build_seed();
  FakeClock clock_;
  std::filesystem::path dir_;
  std::string schema_;
  std::unique_ptr<db::Pool> admin_;
  std::unique_ptr<app::App> app_;
  std::unique_ptr<http::Server> server_;
  std::uint16_t port_ = 0;
  Seed seed_;
};

// Principal names (SECURITY.md T4) in matrix order.
const std::vector<std::string>& principal_names();
// Logs a client in as the principal (anonymous: no session; "locked": a failed login).
Client signed_in(const TestServer& s, const std::string& principal);

bool has_cjk(const std::string& s);

}  // namespace minsheng::testing
