// T2/T7 bad input over every unsafe JSON route, error-body shape, T16 headers, health and metrics.
#include <gtest/gtest.h>

#include "integration/probes.hpp"

namespace minsheng::testing {
namespace {

namespace json = boost::json;

// The principal allowed to call each unsafe route on an in-scope target.
std::string caller_for(const std::string& pattern) {
  if (pattern.starts_with("/api/v1/auth/")) return "dept_x";
  if (pattern.ends_with("/lock") || pattern.ends_with("/unlock")) return "secadmin";
  if (pattern.starts_with("/api/v1/projects")) return "office";
  // Submissions: authors act on their own drafts, the office reviews, the county adopts.
  if (pattern.ends_with("/adopt")) return "county";
  for (const char* review : {"/return", "/approve", "/publish", "/unpublish", "/forward"})
    if (pattern.starts_with("/api/v1/submissions/") && pattern.ends_with(review)) return "office";
  if (pattern.starts_with("/api/v1/submissions") || pattern.starts_with("/api/v1/notifications"))
    return "dept_x";
  if (pattern.starts_with("/api/v1/quota-") || pattern.starts_with("/api/v1/submission-settings"))
    return "office";
  // Circulars and assessment: the office writes.
  if (pattern.starts_with("/api/v1/circulars") || pattern.starts_with("/api/v1/score-rules") ||
      pattern.starts_with("/api/v1/scorecard"))
    return "office";
  // Signage and print: the office keeps signs, settings, windows, leaflets and print runs of its town.
  if (pattern.starts_with("/api/v1/signs") || pattern.starts_with("/api/v1/signage-settings") ||
      pattern.starts_with("/api/v1/windows") || pattern.starts_with("/api/v1/leaflets") ||
      pattern.starts_with("/api/v1/print-runs"))
    return "office";
  return "sysadmin";
}

void expect_error_shape(const HttpResponse& r, const std::string& what) {
  auto j = r.json();
  ASSERT_TRUE(j.is_object()) << what << ": " << r.body.substr(0, 200);
  ASSERT_TRUE(j.as_object().contains("error")) << what;
  const auto& e = j.at("error").as_object();
  EXPECT_TRUE(e.contains("code") && e.contains("message") && e.contains("fields") && e.contains("requestId"))
      << what;
  EXPECT_TRUE(has_cjk(std::string(e.at("message").as_string()))) << what << ": " << r.body;
  for (const char* leak : {"std::", "what()", "sqlite", "SQLSTATE", "syntax error", "exception"})
    EXPECT_EQ(r.body.find(leak), std::string::npos) << what << " leaks " << leak;
}

bool names_field(const HttpResponse& r, const std::string& field) {
  auto j = r.json();
  if (!j.is_object() || !j.as_object().contains("error")) return false;
  for (const auto& f : j.at("error").at("fields").as_array())
    if (f.at("field").as_string() == field) return true;
  return false;
}

struct Fixture {
  TestServer s;
  std::map<std::string, Client> clients;
  std::map<std::string, std::string> passwords;
  int counter = 0;
  Fixture() {
    for (const char* p : {"dept_x", "secadmin", "sysadmin", "office", "county"})
      clients.emplace(p, signed_in(s, p));
  }
  // Calls the route with `body` (raw text) on a fresh in-scope target.
  HttpResponse call(const platform::Route& route, const std::function<std::string(json::object)>& make_body,
                    const RequestOptions& opt = {}) {
    const Probe& probe = probes().at(route_key(std::string(http::method_name(route.method)), route.pattern));
    const std::string who = caller_for(route.pattern);
    ProbeCtx ctx{s, who, passwords, counter};
    const auto target = make_target(ctx, probe, true);
    auto body = probe.body(ctx, true, target);
    json::object base = body ? body->as_object() : json::object{};
    Client& c = route.pattern == "/api/v1/auth/login" ? anon_ : clients.at(who);
    return c.request(std::string(http::method_name(route.method)), fill_path(route.pattern, target),
                     make_body(base), opt);
  }
  Client anon_ = s.client();
};

TEST(BadInput, EveryUnsafeJsonRoute) {
  Fixture f;
  int cases = 0;
  for (const auto& route : app::all_routes()) {
    if (!http::is_unsafe(route.method)) continue;
    if (route.pattern == "/api/v1/auth/logout") continue;  // checked last (it ends the session)
    const auto key = route_key(std::string(http::method_name(route.method)), route.pattern);
    ASSERT_TRUE(probes().count(key)) << key;
    const Probe& probe = probes().at(key);
    if (probe.raw_body) continue;  // not a JSON route (multipart uploads: tests/integration/files_test.cpp)
    SCOPED_TRACE(key);
    auto check = [&](const std::string& what, const HttpResponse& r, int status, const std::string& field) {
      ++cases;
      EXPECT_EQ(r.status, status) << what << ": " << r.body.substr(0, 300);
      if (!field.empty()) {
        EXPECT_TRUE(names_field(r, field)) << what << " does not name " << field << ": " << r.body;
      }
      if (r.status >= 400) expect_error_shape(r, key + " " + what);
    };
    auto ser = [](json::object o) { return json::serialize(o); };
    check("unknown field",
          f.call(route,
                 [&](json::object o) {
                   o["zzUnknown"] = 1;
                   return ser(o);
                 }),
          400, "zzUnknown");
    check("text/plain", f.call(route, ser, RequestOptions{.content_type = "text/plain"}), 415, "");
    check("invalid JSON", f.call(route, [](json::object) { return std::string("{\"a\":"); }), 400, "");
    check("invalid UTF-8", f.call(route, [](json::object) { return std::string("{\"name\":\"\xff\xfe\"}"); }),
          400, "");
    check("array body", f.call(route, [](json::object) { return std::string("[1,2]"); }), 400, "");
    for (const auto& field : probe.fields) {
      std::vector<std::pair<std::string, json::value>> wrong;
      if (field.type == FieldSpec::String) {
        wrong = {{"number", 12345}, {"array", json::array{"a"}}, {"object", json::object{{"a", 1}}}};
        wrong.emplace_back("oversized", json::string(std::string(5000, 'x')));
      } else {
        wrong = {
            {"string", "abc"}, {"array", json::array{1}}, {"object", json::object{{"a", 1}}}, {"float", 1.5}};
      }
      if (field.required) wrong.emplace_back("null", nullptr);
      for (const auto& [name, value] : wrong) {
        check(field.name + " as " + name,
              f.call(route,
                     [&, v = value](json::object o) {
                       o[field.name] = v;
                       return ser(o);
                     }),
              400, field.name);
      }
      // SQL and script payloads in string fields: never a 500.
      if (field.type == FieldSpec::String) {
        for (const std::string payload :
             {"' OR 1=1--", "1; DROP TABLE users", "＇ OR ＇1＇=＇1", "<script>x</script>"}) {
          ++cases;
          auto r = f.call(route, [&](json::object o) {
            o[field.name] = payload;
            return ser(o);
          });
          EXPECT_LT(r.status, 500) << field.name << "=" << payload << ": " << r.body;
          if (r.status >= 400) expect_error_shape(r, key + " " + field.name);
          if (r.status < 300 && (field.name == "displayName" || field.name == "name")) {
            EXPECT_EQ(r.json().at(field.name).as_string(), payload) << "stored verbatim";
          }
        }
      }
    }
  }
  // Logout: a body with an unknown field is refused too; then it works.
  auto& c = f.clients.at("dept_x");
  auto lo = c.request("POST", "/api/v1/auth/logout", "{\"zzUnknown\":1}");
  EXPECT_EQ(lo.status, 400);
  EXPECT_TRUE(names_field(lo, "zzUnknown"));
  EXPECT_EQ(
      c.request("POST", "/api/v1/auth/logout", "{}", RequestOptions{.content_type = "text/plain"}).status,
      415);
  EXPECT_EQ(c.post("/api/v1/auth/logout", json::object{}).status, 200);
  // Tables survived every payload.
  EXPECT_GE(db::query(f.s.pool(), "SELECT COUNT(*) AS n FROM users").first().int64("n"), 20);
  EXPECT_GE(db::query(f.s.pool(), "SELECT COUNT(*) AS n FROM org_units").first().int64("n"), 15);
  EXPECT_GT(cases, 200);
}

TEST(BadInput, QueryParametersAndPathIds) {
  TestServer s;
  Client c = signed_in(s, "sysadmin");
  auto dup = c.get("/api/v1/users?pageSize=10&pageSize=20");
  EXPECT_EQ(dup.status, 400);
  expect_error_shape(dup, "duplicate pageSize");
  for (const char* payload : {"%27%20OR%201%3D1--", "1%3B%20DROP%20TABLE%20users",
                              "%EF%BC%87%20OR%20%EF%BC%871", "%3Cscript%3Ex%3C%2Fscript%3E"}) {
    for (const char* base : {"/api/v1/users?keyword=", "/api/v1/org-units?keyword=", "/api/v1/users?role=",
                             "/api/v1/users?orgUnitId=", "/api/v1/org-units?parentId="}) {
      auto r = c.get(std::string(base) + payload);
      EXPECT_TRUE(r.status == 200 || r.status == 400) << base << payload << ": " << r.status;
      if (r.status == 200) {
        EXPECT_EQ(r.json().at("total").as_int64(), 0) << base << payload;
      } else {
        expect_error_shape(r, std::string(base) + payload);
      }
    }
  }
  for (const char* id : {"abc", "-1", "0", "99999999999999999999", "1%00", "%27%20OR%201%3D1--",
                         "1%3B%20DROP", "%3Cscript%3E", "1.0", "+1", "0x1"}) {
    for (const char* base : {"/api/v1/users/", "/api/v1/org-units/"}) {
      auto r = c.get(std::string(base) + id);
      EXPECT_EQ(r.status, 404) << base << id;
      expect_error_shape(r, std::string(base) + id);
    }
    auto r = c.put(std::string("/api/v1/org-units/") + id, json::object{{"name", "x"}});
    EXPECT_EQ(r.status, 404) << id;
  }
  EXPECT_GE(db::query(s.pool(), "SELECT COUNT(*) AS n FROM users").first().int64("n"), 20);
}

TEST(Http, HealthMetricsAndHeaders) {
  TestServer s;
  Client c = s.client();
  auto h = c.get("/healthz");
  EXPECT_EQ(h.status, 200);
  Client a = signed_in(s, "sysadmin");
  std::vector<HttpResponse> api = {a.get("/api/v1/users"), a.get("/api/v1/auth/me"),
                                   a.get("/api/v1/users/999999"), c.get("/api/v1/users"),
                                   a.get("/api/v1/org-units/tree")};
  for (const auto& r : api) {
    EXPECT_EQ(r.header("cache-control").value_or(""), "no-store") << r.status;
    EXPECT_NE(r.header("content-security-policy").value_or("").find("frame-ancestors"), std::string::npos);
    EXPECT_EQ(r.header("x-content-type-options").value_or(""), "nosniff");
    EXPECT_TRUE(r.header("referrer-policy").has_value());
    EXPECT_FALSE(r.header("server").has_value());
    EXPECT_NE(r.header("content-type").value_or("").find("charset"), std::string::npos);
  }
  auto m = c.get("/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_NE(m.body.find("minsheng_http_requests_total"), std::string::npos);
  auto nf = a.get("/api/v1/nothing-here");
  EXPECT_EQ(nf.status, 404);
  expect_error_shape(nf, "unknown route");
  auto trace = a.request("TRACE", "/api/v1/users");
  EXPECT_TRUE(trace.status == 405 || trace.status == 400 || trace.status == 501) << trace.status;
}

}  // namespace
}  // namespace minsheng::testing
