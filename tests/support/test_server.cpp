#include "support/test_server.hpp"

// Sanitizer builds: the integration tests render circulars and print artwork in-process; cairo 1.16 and
// fontconfig leak inside the libraries (src/infra/pdf/pdf_test.cpp documents it and checks our own use of
// cairo with exact suppressions).
#if defined(__SANITIZE_ADDRESS__)
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libcairo.so.2\nleak:libfontconfig.so.1\n";
}
#endif

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "platform/audit.hpp"
#include "platform/crypto.hpp"
#include "platform/org_units.hpp"
#include "platform/users.hpp"

namespace minsheng::testing {

namespace fs = std::filesystem;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace asio = boost::asio;

std::optional<std::string> HttpResponse::header(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (k == name) return v;
  return std::nullopt;
}

std::vector<std::string> HttpResponse::headers_named(const std::string& name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : headers)
    if (k == name) out.push_back(v);
  return out;
}

boost::json::value HttpResponse::json() const {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec) return nullptr;
  return v;
}

HttpResponse Client::request(const std::string& method, const std::string& target, const std::string& body,
                             const RequestOptions& opt) {
  asio::io_context ioc;
  asio::ip::tcp::socket sock(ioc);
  sock.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
  bhttp::request<bhttp::string_body> req;
  req.method_string(method);
  req.target(target);
  req.version(11);
  req.set(bhttp::field::host, "127.0.0.1:" + std::to_string(port_));
  req.set(bhttp::field::user_agent, "minsheng-integration-tests");
  req.set(bhttp::field::connection, "close");
  if (opt.send_cookie && !cookie.empty()) req.set(bhttp::field::cookie, cookie);
  const bool unsafe = method != "GET" && method != "HEAD" && method != "OPTIONS";
  if (unsafe) {
    switch (opt.csrf) {
      case CsrfMode::Send:
        if (!csrf.empty()) req.set("X-CSRF-Token", csrf);
        break;
      case CsrfMode::Omit:
        break;
      case CsrfMode::Malformed:
        req.set("X-CSRF-Token", csrf.empty() ? "x" : csrf.substr(0, csrf.size() - 1) + "!");
        break;
      case CsrfMode::Custom:
        req.set("X-CSRF-Token", opt.csrf_value);
        break;
    }
  }
  if (opt.origin) req.set(bhttp::field::origin, *opt.origin);
  for (const auto& [name, value] : opt.headers)
    req.set(name, value);
  if (!body.empty() || opt.content_type) {
    req.set(bhttp::field::content_type, opt.content_type.value_or("application/json"));
    req.body() = body;
  }
  req.prepare_payload();
  bhttp::write(sock, req);
  beast::flat_buffer buf;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  bhttp::read(sock, buf, parser);
  auto& res = parser.get();
  HttpResponse out;
  out.status = static_cast<int>(res.result_int());
  for (const auto& f : res) {
    std::string name(f.name_string());
    for (auto& c : name)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers.emplace_back(name, std::string(f.value()));
  }
  out.body = res.body();
  beast::error_code ec;
  sock.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  // Cookie jar: the session cookie set or cleared by the server.
  for (const auto& sc : out.headers_named("set-cookie")) {
    auto semi = sc.find(';');
    std::string pair = sc.substr(0, semi);
    auto eq = pair.find('=');
    if (eq == std::string::npos) continue;
    if (eq + 1 == pair.size())
      cookie.clear();
    else
      cookie = pair;
  }
  if (out.status == 200 && (target == "/api/v1/auth/login" || target == "/api/v1/auth/me")) {
    auto j = out.json();
    if (j.is_object() && j.as_object().contains("csrfToken"))
      csrf = std::string(j.at("csrfToken").as_string());
  }
  return out;
}

HttpResponse Client::login(const std::string& username, const std::string& password) {
  return post("/api/v1/auth/login", boost::json::object{{"username", username}, {"password", password}});
}

namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

platform::Auditor seed_auditor(app::App& a) {
  return app::cli_auditor(a.services(), "test-seed");
}

}  // namespace

TestServer::TestServer()
    : clock_(std::chrono::sys_days(std::chrono::year(2026) / 3 / 2) + std::chrono::hours(1)) {
  static std::atomic<int> counter{0};
  const std::string id = std::to_string(::getpid()) + "_" + std::to_string(counter++);
  dir_ = fs::temp_directory_path() / ("minsheng_it_" + id);
  fs::remove_all(dir_);
  fs::create_directories(dir_);
  Config cfg;
  if (env("MINSHENG_TEST_DB") == "postgres") {
    const std::string base = env("MINSHENG_TEST_PG_URL");
    if (base.empty()) throw std::runtime_error("MINSHENG_TEST_DB=postgres needs MINSHENG_TEST_PG_URL");
    schema_ = "it_" + id;
    admin_ = db::Pool::open(base, db::PoolOptions{.size = 1});
    db::query(*admin_, "CREATE SCHEMA " + schema_);
    cfg.db = base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema_;
  } else {
    cfg.db = "sqlite:" + (dir_ / "test.db").string();
  }
  cfg.key_file = dir_ / "minsheng.key";
  cfg.static_dir = dir_ / "static";
  // A stand-in for the built back office (web/admin/dist), served at /admin/ (admin_spa_test.cpp).
  fs::create_directories(dir_ / "admin" / "assets");
  std::ofstream(dir_ / "admin" / "index.html") << "<!doctype html><title>后台</title><div id=\"app\"></div>";
  std::ofstream(dir_ / "admin" / "assets" / "index.0123abcd.js") << "console.log(1);";
  cfg.admin_dir = dir_ / "admin";
  cfg.listen = "127.0.0.1:0";
  cfg.access_log = false;
  cfg.db_pool_size = 4;
  cfg.io_threads = 1;
  cfg.worker_threads = 2;
  cfg.security.argon2_memory_kib = 64;
  cfg.security.argon2_iterations = 1;
  auto opened = app::App::open(cfg, clock_, /*create_keys=*/true);
  if (!opened) throw std::runtime_error("App::open failed: " + opened.error().message());
  app_ = std::move(opened.value());
  auto opts = app_->server_options();
  opts.port = 0;
  opts.access_log = false;
  server_ = std::make_unique<http::Server>(opts, [this](http::Request& r) { return app_->handle(r); });
  port_ = server_->start();
  build_seed();
}

TestServer::~TestServer() {
  if (server_) server_->stop(std::chrono::milliseconds(2000));
  server_.reset();
  app_.reset();
  if (admin_) {
    try {
      db::query(*admin_, "DROP SCHEMA " + schema_ + " CASCADE");
    } catch (...) {
    }
    admin_.reset();
  }
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::int64_t TestServer::create_unit(std::optional<std::int64_t> parent, const std::string& kind,
                                     const std::string& name) {
  db::Tx tx(pool());
  platform::OrgUnitInput in;
  in.parent_id = parent;
  in.kind = kind;
  in.name = name;
  auto r = platform::create_org_unit(tx, seed_auditor(*app_), in);
  if (!r) throw std::runtime_error("create_org_unit " + name + ": " + r.error().message());
  tx.commit();
  return r.value().id;
}

std::int64_t TestServer::create_user(const std::string& username, const std::string& role, std::int64_t unit,
                                     const std::string& display_name, bool must_change,
                                     const std::string& password) {
  db::Tx tx(pool());
  platform::UserInput in{username, display_name, *platform::parse_role(role), unit};
  auto& s = app_->services();
  auto r = platform::create_user(tx, seed_auditor(*app_), s.config.security, s.hasher, in, password,
                                 must_change, false);
  if (!r) throw std::runtime_error("create_user " + username + ": " + r.error().message());
  tx.commit();
  return r.value();
}

std::string TestServer::unit_path(std::int64_t id) {
  auto rs = db::query(pool(), "SELECT path FROM org_units WHERE id = $1", {id});
  return rs.empty() ? std::string() : rs.first().text("path");
}

std::string TestServer::checksum() {
  // Every table of the schema, read from the catalogue so that a new module's tables are covered without
  // anyone listing them. Left out: audit_log and audit_head, which a denied write must extend (the matrix
  // checks the `denied` row itself), and sessions.last_seen_at, which every authenticated request sets.
  const char* catalogue =
      pool().backend() == db::Backend::Sqlite
          ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
          : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() "
            "AND table_type = 'BASE TABLE' ORDER BY table_name";
  std::string all;
  for (const auto& t : db::query(pool(), catalogue).rows) {
    const std::string table = t.text("name");
    if (table == "audit_log" || table == "audit_head") continue;
    // The name comes from the catalogue, not from input.
    const auto rs = db::query(pool(), "SELECT * FROM " + table);
    std::vector<std::string> rows;
    for (const auto& r : rs.rows) {
      std::string line;
      for (std::size_t i = 0; i < r.size(); ++i) {
        if (table == "sessions" && r.columns().at(i) == "last_seen_at") continue;
        const auto& v = r.at(i);
        if (std::holds_alternative<std::monostate>(v))
          line += "\\N";
        else if (auto* n = std::get_if<std::int64_t>(&v))
          line += std::to_string(*n);
        else if (auto* str = std::get_if<std::string>(&v))
          line += *str;
        else if (auto* d = std::get_if<double>(&v))
          line += std::to_string(*d);
        else if (auto* b = std::get_if<db::Blob>(&v))
          line += platform::sha256_hex(b->bytes);
        line += '\x1f';
      }
      rows.push_back(std::move(line));
    }
    // Rows in a fixed order whatever the table's keys.
    std::sort(rows.begin(), rows.end());
    all += table + '\n';
    for (const auto& line : rows)
      all += line + '\n';
  }
  return platform::sha256_hex(all);
}

std::int64_t TestServer::audit_count() {
  return db::query(pool(), "SELECT COUNT(*) AS n FROM audit_log").first().int64("n");
}

std::int64_t TestServer::max_audit_seq() {
  return db::query(pool(), "SELECT seq FROM audit_head WHERE id = 1").first().int64("seq");
}

void TestServer::build_seed() {
  auto unit = [&](const std::string& key, std::optional<std::string> parent, const std::string& kind,
                  const std::string& name) {
    std::optional<std::int64_t> p;
    if (parent) p = seed_.units.at(*parent);
    const auto id = create_unit(p, kind, name);
    seed_.units[key] = id;
    seed_.unit_paths[key] = unit_path(id);
  };
  unit("P", std::nullopt, "province", "测试省");
  unit("C", "P", "city", "测试市");
  unit("K", "C", "county", "测试县");
  unit("K2", "C", "county", "邻县");
  unit("T1", "K", "town", "民生镇");
  unit("T2", "K", "town", "邻镇");
  unit("T3", "K2", "town", "远镇");
  unit("VA", "T1", "village", "甲村");
  unit("VB", "T1", "village", "乙村");
  unit("DX", "T1", "department", "社保所");
  unit("DY", "T1", "department", "卫生院");
  unit("OFF", "T1", "department", "镇民生办");
  unit("VC", "T2", "village", "丙村");
  unit("DZ", "T2", "department", "邻镇民政办");
  unit("VD", "T3", "village", "丁村");

  auto user = [&](const std::string& key, const std::string& username, const std::string& role,
                  const std::string& unit_key, const std::string& display) {
    const auto id = create_user(username, role, seed_.units.at(unit_key), display);
    seed_.users[key] = id;
    seed_.usernames[key] = username;
  };
  user("village_a", "village.a", "village", "VA", "甲村干部");
  user("village_b", "village.b", "village", "VB", "乙村干部");
  user("dept_x", "dept.x", "dept", "DX", "社保所信息员");
  user("dept_y", "dept.y", "dept", "DY", "卫生院信息员");
  user("office", "office.staff", "office", "OFF", "民生办职员");
  user("leader", "town.leader", "leader", "T1", "镇领导");
  user("county", "county.reader", "county", "K", "县民生办");
  user("sysadmin", "sys.admin", "sysadmin", "K", "系统管理员");
  user("secadmin", "sec.admin", "secadmin", "K", "安全管理员");
  user("auditor", "audit.admin", "auditor", "K", "审计管理员");
  user("locked", "locked.user", "village", "VA", "已锁定账号");
  const char* extras[][3] = {{"va1", "village", "VA"}, {"va2", "village", "VA"},  {"va3", "village", "VA"},
                             {"vb1", "village", "VB"}, {"vb2", "village", "VB"},  {"dx1", "dept", "DX"},
                             {"dy1", "dept", "DY"},    {"off1", "office", "OFF"}, {"vc1", "village", "VC"},
                             {"vc2", "village", "VC"}, {"dz1", "dept", "DZ"},     {"vd1", "village", "VD"}};
  for (auto& e : extras)
    user(e[0], std::string("user.") + e[0], e[1], e[2], std::string("用户") + e[0]);
  {
    db::Tx tx(pool());
    auto r = platform::set_locked(tx, seed_auditor(*app_), seed_.users.at("locked"), true, "测试锁定");
    if (!r) throw std::runtime_error("set_locked");
    tx.commit();
  }
}

const std::vector<std::string>& principal_names() {
  static const std::vector<std::string> names = {"anonymous", "village_a", "village_b", "dept_x",
                                                 "dept_y",    "office",    "leader",    "county",
                                                 "sysadmin",  "secadmin",  "auditor",   "locked"};
  return names;
}

Client signed_in(const TestServer& s, const std::string& principal) {
  Client c = s.client();
  if (principal == "anonymous") return c;
  auto r = c.login(s.seed().usernames.at(principal), kSeedPassword);
  if (principal == "locked") {
    if (r.status != 401) throw std::runtime_error("locked account could log in");
    return c;
  }
  if (r.status != 200)
    throw std::runtime_error("login " + principal + ": " + std::to_string(r.status) + " " + r.body);
  return c;
}

bool has_cjk(const std::string& s) {
  // Any code point in U+3000..U+9FFF or U+FF00..U+FFEF: lead bytes E3..E9 or EF BC..BF.
  for (std::size_t i = 0; i + 2 < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0xE3 && c <= 0xE9) return true;
  }
  return false;
}

}  // namespace minsheng::testing
