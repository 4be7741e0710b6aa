// T4 authorization matrix, T5 CSRF and T13 audit coverage, all generated from app::all_routes() and the
// reviewed policy file tests/policy/authz.tsv.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "integration/probes.hpp"
#include "platform/audit.hpp"

namespace minsheng::testing {
namespace {

namespace json = boost::json;

struct Expect {
  std::string in, out;
};
using Policy = std::map<std::pair<std::string, std::string>, Expect>;  // (route key, principal)

// Every tests/policy/authz*.tsv (one file per module group), as one policy; a (route, principal) listed twice
// is an error.
Policy load_policy() {
  Policy p;
  std::vector<std::filesystem::path> files;
  for (const auto& e :
       std::filesystem::directory_iterator(std::string(MINSHENG_SOURCE_DIR) + "/tests/policy"))
    if (e.path().filename().string().starts_with("authz") && e.path().extension() == ".tsv")
      files.push_back(e.path());
  EXPECT_FALSE(files.empty()) << "tests/policy/authz*.tsv missing";
  for (const auto& path : files) {
    std::ifstream f(path);
    std::string line;
    while (std::getline(f, line)) {
      if (line.empty() || line[0] == '#') continue;
      std::vector<std::string> cols;
      std::stringstream ss(line);
      std::string c;
      while (std::getline(ss, c, '\t'))
        cols.push_back(c);
      EXPECT_EQ(cols.size(), 5u) << path << ": " << line;
      if (cols.size() != 5) continue;
      const auto key = std::make_pair(route_key(cols[0], cols[1]), cols[2]);
      EXPECT_FALSE(p.count(key)) << path << " repeats " << line;
      p[key] = Expect{cols[3], cols[4]};
    }
  }
  return p;
}

std::string method_of(const platform::Route& r) {
  return std::string(http::method_name(r.method));
}

bool is_unsafe(const platform::Route& r) {
  return http::is_unsafe(r.method);
}

struct Cell {
  std::string route, principal, expected;
  bool in_scope;
};

class Matrix {
 public:
  Matrix() {
    for (const auto& p : principal_names())
      clients_.emplace(p, signed_in(s_, p));
  }

  TestServer s_;
  std::map<std::string, Client> clients_;
  std::map<std::string, std::string> passwords_;
  int counter_ = 0;

  void relogin(const std::string& p) {
    clients_.erase(p);
    Client c = s_.client();
    auto r = c.login(s_.seed().usernames.at(p), passwords_.count(p) ? passwords_.at(p) : kSeedPassword);
    ASSERT_EQ(r.status, 200) << r.body;
    clients_.emplace(p, std::move(c));
  }

  // Every unit id and path in a nested tree.
  static void collect_tree(const json::array& nodes, std::vector<std::string>& paths) {
    for (const auto& n : nodes) {
      paths.emplace_back(n.at("path").as_string());
      collect_tree(n.at("children").as_array(), paths);
    }
  }

  std::vector<std::string> list_paths(ListKind kind, const std::string& principal, const HttpResponse& first,
                                      const std::string& path) {
    std::vector<std::string> out;
    if (kind == ListKind::UnitTree) {
      collect_tree(first.json().at("rows").as_array(), out);
      return out;
    }
    // Page through the whole list.
    const auto total = first.json().at("total").as_int64();
    json::array rows = first.json().at("rows").as_array();
    for (int page = 2; static_cast<std::int64_t>(rows.size()) < total && page < 50; ++page) {
      auto r = clients_.at(principal).get(path + "?pageSize=50&pageNum=" + std::to_string(page));
      EXPECT_EQ(r.status, 200);
      const auto page_json = r.json();
      for (const auto& v : page_json.at("rows").as_array())
        rows.push_back(v);
    }
    EXPECT_EQ(static_cast<std::int64_t>(rows.size()), total) << path;
    for (const auto& row : rows) {
      if (kind == ListKind::Units)
        out.emplace_back(row.at("path").as_string());
      else
        out.push_back(s_.unit_path(row.at("orgUnitId").as_int64()));
    }
    return out;
  }

  struct Result {
    HttpResponse res;
    std::int64_t target = 0;
    std::string checksum_before;  // after the target was made
    std::int64_t seq_before = 0;
  };

  Result call(const platform::Route& route, const Probe& probe, const std::string& principal, bool in_scope,
              const RequestOptions& opt = {}, std::optional<std::string> raw_body = std::nullopt) {
    ProbeCtx ctx{s_, principal, passwords_, counter_};
    Result r;
    r.target = make_target(ctx, probe, in_scope);
    auto raw = probe.raw_body ? probe.raw_body(ctx, in_scope, r.target) : std::nullopt;
    auto body = raw ? std::nullopt : probe.body(ctx, in_scope, r.target);
    std::string path = fill_path(route.pattern, r.target) + probe.query;
    std::string text = raw_body ? *raw_body
                       : raw    ? raw->bytes
                       : body   ? json::serialize(*body)
                                : std::string();
    r.checksum_before = s_.checksum();
    r.seq_before = s_.max_audit_seq();
    RequestOptions o = opt;
    if (raw && !o.content_type) o.content_type = raw->content_type;
    if (route.pattern == "/api/v1/auth/login") {
      // Login as someone else from a separate client (with this principal's CSRF state): keep our session.
      Client other = s_.client();
      other.csrf = clients_.at(principal).csrf;
      r.res = other.request(method_of(route), path, text, o);
    } else {
      r.res = clients_.at(principal).request(method_of(route), path, text, o);
    }
    if (route.pattern == "/api/v1/auth/password" && r.res.status == 200)
      passwords_[principal] = std::string(body->at("newPassword").as_string());
    if (route.pattern == "/api/v1/auth/logout" && r.res.status == 200) relogin(principal);
    return r;
  }
};

TEST(AuthzMatrix, PolicyCoversEveryRouteAndNoMore) {
  const Policy policy = load_policy();
  std::set<std::string> table;
  for (const auto& r : app::all_routes()) {
    const auto key = route_key(method_of(r), r.pattern);
    table.insert(key);
    EXPECT_TRUE(probes().count(key)) << "no probe for route " << key;
    for (const auto& p : principal_names())
      EXPECT_TRUE(policy.count({key, p})) << "policy file has no row for " << key << " × " << p;
    if (is_unsafe(r)) {
      EXPECT_FALSE(r.audit_action.empty()) << key << " has no audit action";
    }
  }
  for (const auto& [k, e] : policy) {
    EXPECT_TRUE(table.count(k.first)) << "policy lists a route that does not exist: " << k.first;
    for (const auto& v : {e.in, e.out})
      EXPECT_TRUE(v == "allow" || v == "deny" || v == "hidden" || v == "filtered" || v == "n/a")
          << k.first << " " << k.second << ": " << v;
  }
  for (const auto& [k, p] : probes())
    EXPECT_TRUE(table.count(k)) << "probe for a route that does not exist: " << k;
}

// Every (route, principal, in/out) cell of the policy; mutations run after reads so a write cannot change a
// later read's expectation. Also T13: each successful write leaves its audit row with all fields, each denial
// by a signed-in user a `denied` row; the chain verifies at the end.
TEST(AuthzMatrix, EveryCellMatchesPolicy) {
  const Policy policy = load_policy();
  Matrix m;
  int cells = 0, mismatches = 0, lists_checked = 0;
  std::set<std::string> audited_ok;
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& route : app::all_routes()) {
      if (is_unsafe(route) != (pass == 1)) continue;
      const auto key = route_key(method_of(route), route.pattern);
      if (!probes().count(key)) continue;  // reported by PolicyCoversEveryRouteAndNoMore
      const Probe& probe = probes().at(key);
      for (const auto& principal : principal_names()) {
        auto it = policy.find({key, principal});
        if (it == policy.end()) continue;
        for (bool in_scope : {true, false}) {
          const std::string expected = in_scope ? it->second.in : it->second.out;
          if (expected == "n/a") continue;
          ++cells;
          SCOPED_TRACE(key + " as " + principal + (in_scope ? " (in scope)" : " (out of scope)") +
                       " expecting " + expected);
          auto [res, target, before, seq_before] = m.call(route, probe, principal, in_scope);
          const int st = res.status;
          bool ok = false;
          if (expected == "allow")
            ok = st >= 200 && st < 300;
          else if (expected == "deny")
            ok = st == 401 || st == 403;
          else if (expected == "hidden")
            ok = st == 404;
          else if (expected == "filtered")
            ok = st == 200;
          EXPECT_TRUE(ok) << "status " << st << " body " << res.body.substr(0, 300);
          if (!ok) ++mismatches;
          if (!ok) continue;
          if (expected == "filtered") {
            ++lists_checked;
            const std::string anchor = anchor_path(m.s_, principal);
            auto paths = m.list_paths(probe.list, principal, res, route.pattern);
            EXPECT_FALSE(paths.empty());
            for (const auto& p : paths)
              EXPECT_TRUE(p.starts_with(anchor)) << "leaked row at " << p;
          }
          if (is_unsafe(route) && expected != "allow") {
            EXPECT_EQ(before, m.s_.checksum()) << "denied mutation changed the database";
          }
          // Audit rows written by this call.
          auto rows =
              db::query(m.s_.pool(),
                        "SELECT action, result, user_id, username, role, ip, request_id, at FROM audit_log "
                        "WHERE seq > $1 ORDER BY seq",
                        {seq_before});
          if (is_unsafe(route) && expected == "allow") {
            bool found = false;
            for (const auto& r : rows.rows) {
              if (r.text("action") != route.audit_action || r.text("result") != "ok") continue;
              found = true;
              EXPECT_FALSE(r.is_null("user_id"));
              EXPECT_FALSE(r.text("username").empty());
              EXPECT_FALSE(r.text("role").empty()) << "audit row without role";
              EXPECT_FALSE(r.text("ip").empty());
              EXPECT_FALSE(r.text("request_id").empty());
              EXPECT_FALSE(r.text("at").empty());
            }
            EXPECT_TRUE(found) << "no audit row " << route.audit_action;
            if (found) audited_ok.insert(key);
          }
          if (is_unsafe(route) && st == 403) {
            bool denied = false;
            for (const auto& r : rows.rows)
              denied = denied || (r.text("action") == route.audit_action && r.text("result") == "denied" &&
                                  !r.text("role").empty() && !r.text("request_id").empty());
            EXPECT_TRUE(denied) << "denied mutation left no `denied` audit row";
          }
        }
      }
    }
  }
  for (const auto& route : app::all_routes()) {
    if (is_unsafe(route)) {
      EXPECT_TRUE(audited_ok.count(route_key(method_of(route), route.pattern)))
          << "unsafe route never audited on success: " << route.pattern;
    }
  }
  auto chain = platform::verify_audit_chain(m.s_.pool(), m.s_.app().services().keys.audit);
  EXPECT_TRUE(chain.ok) << chain.problem;
  EXPECT_GT(cells, 250);
  EXPECT_GT(lists_checked, 10);
  EXPECT_EQ(mismatches, 0);
  RecordProperty("cells", cells);
}

// T5: every unsafe route × {no token, malformed, another user's token, foreign Origin} → 403, DB unchanged.
TEST(Csrf, EveryUnsafeRouteRefusesForgery) {
  const Policy policy = load_policy();
  Matrix m;
  int checked = 0;
  for (const auto& route : app::all_routes()) {
    if (!is_unsafe(route)) continue;
    const auto key = route_key(method_of(route), route.pattern);
    ASSERT_TRUE(probes().count(key)) << key;
    const Probe& probe = probes().at(key);
    if (route.pattern == "/api/v1/auth/login") {
      // Exempt from the token (there is no session yet) but not from the Origin check.
      RequestOptions evil{.csrf = CsrfMode::Omit, .origin = "https://evil.example"};
      auto r = m.call(route, probe, "anonymous", true, evil);
      EXPECT_EQ(r.res.status, 403) << r.res.body;
      auto ok = m.call(route, probe, "anonymous", true, RequestOptions{.csrf = CsrfMode::Omit});
      EXPECT_EQ(ok.res.status, 200) << ok.res.body;
      auto same = m.call(route, probe, "anonymous", true,
                         RequestOptions{.origin = "http://127.0.0.1:" + std::to_string(m.s_.port())});
      EXPECT_EQ(same.res.status, 200) << same.res.body;
      continue;
    }
    std::string who;
    for (const auto& p : principal_names())
      if (policy.count({key, p}) && policy.at({key, p}).in == "allow") {
        who = p;
        break;
      }
    ASSERT_FALSE(who.empty()) << "no principal may call " << key;
    const std::string other = who == "village_b" ? "village_a" : "village_b";
    const std::vector<std::pair<std::string, RequestOptions>> forgeries = {
        {"no token", RequestOptions{.csrf = CsrfMode::Omit}},
        {"malformed token", RequestOptions{.csrf = CsrfMode::Malformed}},
        {"another user's token",
         RequestOptions{.csrf = CsrfMode::Custom, .csrf_value = m.clients_.at(other).csrf}},
        {"foreign origin", RequestOptions{.origin = "https://evil.example"}},
    };
    for (const auto& [name, opt] : forgeries) {
      SCOPED_TRACE(key + " as " + who + ": " + name);
      auto r = m.call(route, probe, who, true, opt);
      EXPECT_EQ(r.res.status, 403) << r.res.body;
      EXPECT_EQ(r.checksum_before, m.s_.checksum());
      ++checked;
    }
    // The session still works with the right token.
    EXPECT_EQ(m.clients_.at(who).get("/api/v1/auth/me").status, 200);
  }
  int unsafe_routes = 0;
  for (const auto& route : app::all_routes())
    unsafe_routes += is_unsafe(route) ? 1 : 0;
  EXPECT_EQ(checked, 4 * (unsafe_routes - 1));  // login checked apart
}

}  // namespace
}  // namespace minsheng::testing
