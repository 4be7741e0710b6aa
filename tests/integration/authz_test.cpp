// T4 authorization matrix, T5 CSRF and T13 audit coverage, all generated from app::all_routes() and the
// reviewed policy file tests/policy/authz.tsv.
#include <gtest/gtest.h>

#include <algorithm>
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

// The rows of a tab-separated policy file (blank lines and # comments skipped): each line with its columns.
std::vector<std::pair<std::string, std::vector<std::string>>> tsv_rows(const std::filesystem::path& path) {
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  std::ifstream f(path);
  std::string line;
  while (std::getline(f, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string c;
    while (std::getline(ss, c, '\t'))
      cols.push_back(c);
    rows.emplace_back(line, std::move(cols));
  }
  return rows;
}

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
    for (const auto& [line, cols] : tsv_rows(path)) {
      EXPECT_EQ(cols.size(), 5u) << path << ": " << line;
      if (cols.size() != 5) continue;
      const auto key = std::make_pair(route_key(cols[0], cols[1]), cols[2]);
      EXPECT_FALSE(p.count(key)) << path << " repeats " << line;
      p[key] = Expect{cols[3], cols[4]};
    }
  }
  return p;
}

// tests/policy/lists_exempt.tsv: list-like routes (GET, no {id}, of org-unit records) that are not
// scope-checked as lists, each with the reason: route key -> reason.
std::map<std::string, std::string> load_list_exemptions() {
  std::map<std::string, std::string> out;
  const std::filesystem::path path = std::string(MINSHENG_SOURCE_DIR) + "/tests/policy/lists_exempt.tsv";
  EXPECT_TRUE(std::filesystem::exists(path)) << "tests/policy/lists_exempt.tsv missing";
  for (const auto& [line, cols] : tsv_rows(path)) {
    EXPECT_EQ(cols.size(), 3u) << "lists_exempt.tsv: " << line;
    if (cols.size() != 3) continue;
    EXPECT_FALSE(cols[2].empty()) << "lists_exempt.tsv: no reason for " << line;
    out[route_key(cols[0], cols[1])] = cols[2];
  }
  return out;
}

// Principals whose scope is everything (the three administrators): nothing to filter for them.
bool all_scope(const std::string& principal) {
  return principal == "sysadmin" || principal == "secadmin" || principal == "auditor";
}

// A GET of the API without a path id over org-unit records: a list, search, export, statistic or setting.
bool list_like(const platform::Route& r) {
  return r.method == http::Method::Get && r.pattern.starts_with("/api/") &&
         r.pattern.find('{') == std::string::npos && r.scope == platform::ScopeRule::OrgUnit;
}

// An answer that is a list (JSON {rows: [...]}) or a file download.
bool answers_list(const HttpResponse& r) {
  if (r.header("content-disposition").value_or("").starts_with("attachment")) return true;
  const auto j = r.json();
  return j.is_object() && j.as_object().contains("rows") && j.at("rows").is_array();
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
  explicit Matrix(bool seed_lists = false) {
    if (seed_lists)
      for (auto seeder : list_seeders())
        seeder(s_, seed_);
    for (const auto& p : principal_names())
      clients_.emplace(p, signed_in(s_, p));
  }

  TestServer s_;
  ListSeed seed_;
  std::map<std::string, Client> clients_;
  std::map<std::string, Client> witnesses_;
  std::map<std::string, std::string> passwords_;
  int counter_ = 0;

  void relogin(const std::string& p) {
    clients_.erase(p);
    Client c = s_.client();
    auto r = c.login(s_.seed().usernames.at(p), passwords_.count(p) ? passwords_.at(p) : kSeedPassword);
    ASSERT_EQ(r.status, 200) << r.body;
    clients_.emplace(p, std::move(c));
  }

  // A matrix principal's client, or a seed account signed in on first use.
  Client& client_of(const std::string& who) {
    if (clients_.count(who)) return clients_.at(who);
    if (!witnesses_.count(who)) {
      const std::string username =
          seed_.witnesses.count(who) ? seed_.witnesses.at(who) : s_.seed().usernames.at(who);
      Client c = s_.client();
      auto r = c.login(username, kSeedPassword);
      EXPECT_EQ(r.status, 200) << who << ": " << r.body;
      witnesses_.emplace(who, std::move(c));
    }
    return witnesses_.at(who);
  }

  // Every record key of a list answer: the first page (or file) and, for paged lists, the rest.
  std::vector<std::string> list_keys(const ListCheck& check, Client& c, const std::string& path,
                                     const HttpResponse& first) {
    auto keys = check.keys(first);
    if (!check.paged) return keys;
    const auto total = first.json().at("total").as_int64();
    const std::string sep = path.find('?') == std::string::npos ? "?" : "&";
    for (int page = 2; static_cast<std::int64_t>(keys.size()) < total && page < 100; ++page) {
      auto r = c.get(path + sep + "pageNum=" + std::to_string(page));
      EXPECT_EQ(r.status, 200) << path << " page " << page;
      const auto more = check.keys(r);
      if (more.empty()) break;
      keys.insert(keys.end(), more.begin(), more.end());
    }
    EXPECT_EQ(static_cast<std::int64_t>(keys.size()), total) << path << ": pages do not add up to total";
    return keys;
  }

  std::vector<std::string> record_paths(const ListCheck& check, const std::string& key) {
    std::vector<std::string> out;
    for (const auto& r : db::query(s_.pool(), check.path_sql, {key}).rows)
      out.push_back(r.text("path"));
    return out;
  }

  // Whether a record with these paths is in the principal's scope under the route's rule.
  bool visible(const std::string& principal, ListScope scope, const std::vector<std::string>& paths) {
    if (scope == ListScope::User) {
      const std::string own = "/user/" + std::to_string(s_.seed().users.at(principal)) + "/";
      return std::find(paths.begin(), paths.end(), own) != paths.end();
    }
    const std::string anchor = anchor_path(s_, principal);
    for (const auto& p : paths)
      if (p.starts_with(anchor) || (scope == ListScope::Town && anchor.starts_with(p))) return true;
    return false;
  }

  struct Result {
    HttpResponse res;
    std::int64_t target = 0;
    std::string checksum_before;  // after the target was made; unsafe routes only (reads change nothing)
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
    if (!in_scope && probe.town_param)
      path += (path.find('?') == std::string::npos ? "?townId=" : "&townId=") +
              std::to_string(s_.seed().units.at(principal == "county" ? "T3" : "T2"));
    std::string text = raw_body ? *raw_body
                       : raw    ? raw->bytes
                       : body   ? json::serialize(*body)
                                : std::string();
    if (is_unsafe(route)) r.checksum_before = s_.checksum();
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
  // Every list, search, export and statistic is scope-checked for every principal with a scope, or exempt
  // with a reason; a `filtered` cell needs the probe's ListCheck.
  const auto exempt = load_list_exemptions();
  for (const auto& r : app::all_routes()) {
    const auto key = route_key(method_of(r), r.pattern);
    const bool has_check = probes().count(key) && probes().at(key).list;
    for (const auto& p : principal_names()) {
      if (!policy.count({key, p})) continue;
      const auto& e = policy.at({key, p});
      if (e.in == "filtered") {
        EXPECT_TRUE(has_check) << key << " is filtered but its probe has no ListCheck";
      }
      if ((list_like(r) || has_check) && e.in == "allow" && !all_scope(p)) {
        EXPECT_TRUE(exempt.count(key)) << key << " × " << p
                                       << ": a list allowed without a scope check; make it `filtered` or "
                                          "exempt it in tests/policy/lists_exempt.tsv with a reason";
      }
    }
  }
  for (const auto& [k, reason] : exempt) {
    EXPECT_TRUE(table.count(k)) << "lists_exempt.tsv names a route that does not exist: " << k;
    EXPECT_FALSE(probes().count(k) && probes().at(k).list) << k << " is exempt but has a ListCheck";
  }
}

// The list seed's records are each seen by their witness with the matrix's own query: so a record missing
// from a principal's answer is kept out by scope, not by the route's filters (year, period, state).
TEST(AuthzMatrix, ListSeedIsSeenByItsWitnesses) {
  Matrix m(/*seed_lists=*/true);
  int checked = 0;
  for (const auto& route : app::all_routes()) {
    const auto key = route_key(method_of(route), route.pattern);
    if (!probes().count(key) || !probes().at(key).list) continue;
    const Probe& probe = probes().at(key);
    EXPECT_TRUE(m.seed_.records.count(key)) << key << " has a ListCheck but no seeded records";
    if (!m.seed_.records.count(key)) continue;
    std::map<std::string, std::vector<std::string>> by_witness;
    for (const auto& [k, witness] : m.seed_.records.at(key))
      by_witness[witness].push_back(k);
    for (const auto& [witness, keys] : by_witness) {
      SCOPED_TRACE(key + " read by " + witness);
      Client& c = m.client_of(witness);
      const std::string path = route.pattern + probe.query;
      auto res = c.get(path);
      ASSERT_EQ(res.status, 200) << res.body.substr(0, 300);
      const auto shown = m.list_keys(*probe.list, c, path, res);
      for (const auto& k : keys) {
        EXPECT_NE(std::find(shown.begin(), shown.end(), k), shown.end())
            << "seed record " << k << " not shown";
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 50);
  RecordProperty("records", checked);
}

// Every (route, principal, in/out) cell of the policy; mutations run after reads so a write cannot change a
// later read's expectation. Also T13: each successful write leaves its audit row with all fields, each denial
// by a signed-in user a `denied` row; the chain verifies at the end.
TEST(AuthzMatrix, EveryCellMatchesPolicy) {
  const Policy policy = load_policy();
  const auto exempt = load_list_exemptions();
  Matrix m(/*seed_lists=*/true);
  int cells = 0, mismatches = 0, lists_checked = 0, records_checked = 0, leaks = 0;
  int denied_403 = 0, denied_404 = 0;
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
            if (!probe.list) {
              ++mismatches;
              ADD_FAILURE() << key << " is filtered but its probe has no ListCheck";
              continue;
            }
            const ListCheck& check = *probe.list;
            const std::string path = route.pattern + probe.query;
            const auto keys = m.list_keys(check, m.clients_.at(principal), path, res);
            const std::set<std::string> shown(keys.begin(), keys.end());
            EXPECT_FALSE(shown.empty()) << "no in-scope record: the scope check would pass vacuously";
            for (const auto& k : shown) {
              ++records_checked;
              const auto paths = m.record_paths(check, k);
              EXPECT_FALSE(paths.empty()) << "shown record " << k << " not found by its path query";
              if (!m.visible(principal, check.scope, paths)) {
                ++leaks;
                ADD_FAILURE() << "leaked record " << k << " at " << (paths.empty() ? "?" : paths.front());
              }
            }
            int out_of_scope = 0;
            if (m.seed_.records.count(key))
              for (const auto& [k, witness] : m.seed_.records.at(key)) {
                if (m.visible(principal, check.scope, m.record_paths(check, k))) continue;
                ++out_of_scope;
                if (shown.count(k)) {
                  ++leaks;
                  ADD_FAILURE() << "out-of-scope seed record " << k << " shown";
                }
              }
            EXPECT_GT(out_of_scope, 0)
                << "the list seed has no record out of this principal's scope: add one "
                   "in the module's seed_<module>_lists";
          } else if (expected == "allow" && route.method == http::Method::Get &&
                     route.pattern.starts_with("/api/") && route.pattern.find('{') == std::string::npos &&
                     !all_scope(principal) && !exempt.count(key) && answers_list(res)) {
            // (Routes with a path id answer for one record, whose out-of-scope cell is its own check.)
            ++mismatches;
            ADD_FAILURE() << "a list answered without a scope check: make the cell `filtered` (with a "
                             "ListCheck) or exempt the route in tests/policy/lists_exempt.tsv with a reason";
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
          // A refused write is a security event whether it is refused openly (403) or hidden (404).
          if (is_unsafe(route) && (st == 403 || st == 404)) {
            bool denied = false;
            for (const auto& r : rows.rows)
              denied = denied || (r.text("action") == route.audit_action && r.text("result") == "denied" &&
                                  !r.text("role").empty() && !r.text("request_id").empty());
            EXPECT_TRUE(denied) << "denied mutation left no `denied` audit row";
            ++(st == 403 ? denied_403 : denied_404);
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
  EXPECT_GT(lists_checked, 100);
  EXPECT_EQ(mismatches, 0);
  EXPECT_EQ(leaks, 0);
  EXPECT_GT(denied_403, 0);
  EXPECT_GT(denied_404, 0);
  RecordProperty("cells", cells);
  RecordProperty("denied_403", denied_403);
  RecordProperty("denied_404", denied_404);
  RecordProperty("lists_checked", lists_checked);
  RecordProperty("records_checked", records_checked);
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
