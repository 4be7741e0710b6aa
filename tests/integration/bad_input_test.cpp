// T2/T7 bad input over every unsafe JSON route, error-body shape, T16 headers, health and metrics.
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <set>

#include "core/unicode.hpp"
#include "integration/openapi_schema.hpp"
#include "integration/payload_variants.hpp"
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

// SQL and script payloads in every string field of every JSON request schema in api/openapi.yaml (nested
// objects and arrays of objects included), so a field the API documents cannot be left out of the probe.
const std::vector<std::string>& payload_corpus() {
  static const std::vector<std::string> corpus = {"' OR 1=1--",
                                                  "1; DROP TABLE users",
                                                  "＇ OR ＇1＇=＇1",
                                                  "x' UNION SELECT password_hash FROM users--",
                                                  "<script>x</script>",
                                                  "<img src=x onerror=alert(1)>",
                                                  "{{7*7}}",
                                                  "javascript:alert(1)"};
  return corpus;
}

// The routes that check credentials: they answer alike whatever was wrong (401 naming no field) and keep
// nothing to read back.
bool credential_route(const std::string& pattern) {
  return pattern == "/api/v1/auth/login" || pattern == "/api/v1/auth/password";
}

bool contains_string(const json::value& v, const std::string& s) {
  if (v.is_string()) return v.as_string() == s;
  if (v.is_array()) {
    for (const auto& e : v.as_array())
      if (contains_string(e, s)) return true;
  }
  if (v.is_object()) {
    for (const auto& [k, e] : v.as_object())
      if (contains_string(e, s)) return true;
  }
  return false;
}

// The error names `path` ("photos[0].caption"), also when one of the two leaves out the enclosing member
// ("kinds[0].met" for "rules.kinds[0].met").
bool names_path(const HttpResponse& r, const std::string& path) {
  auto j = r.json();
  if (!j.is_object() || !j.as_object().contains("error")) return false;
  for (const auto& f : j.at("error").at("fields").as_array()) {
    const std::string named(f.at("field").as_string());
    if (named == path) return true;
    const auto& longer = named.size() > path.size() ? named : path;
    const auto& shorter = named.size() > path.size() ? path : named;
    if (longer.ends_with("." + shorter)) return true;
  }
  return false;
}

// The row of a list answer ({rows} or an array) whose id is `id`; the whole answer otherwise.
json::value record_in(const json::value& v, std::int64_t id) {
  const json::array* rows = nullptr;
  if (v.is_array()) rows = &v.as_array();
  if (v.is_object() && v.as_object().contains("rows") && v.at("rows").is_array())
    rows = &v.at("rows").as_array();
  if (!rows || id == 0) return v;
  for (const auto& row : *rows)
    if (row.is_object() && row.as_object().contains("id") && row.at("id").is_int64() &&
        row.at("id").as_int64() == id)
      return row;
  return nullptr;
}

std::int64_t code_points(const std::string& s) {
  return std::count_if(s.begin(), s.end(),
                       [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

struct PayloadCoverage {
  std::set<std::string> schema_fields;  // "METHOD /pattern path" for every string field of every schema
  std::set<std::string> exercised;      // the same keys, once the whole corpus went in
  int cases = 0, verbatim = 0, refused = 0;
};

TEST(BadInput, PayloadsInEverySchemaField) {
  Fixture f;
  f.clients.emplace("auditor", signed_in(f.s, "auditor"));
  std::set<std::string> gets;
  for (const auto& route : app::all_routes())
    if (route.method == http::Method::Get) gets.insert(route.pattern);
  PayloadCoverage cov;
  int serial = 0;
  std::vector<platform::Route> routes;
  for (const auto& route : app::all_routes())
    if (http::is_unsafe(route.method) && route.pattern != "/api/v1/auth/logout") routes.push_back(route);
  // Failed logins throttle the address, so the login route goes last.
  std::stable_partition(routes.begin(), routes.end(),
                        [](const platform::Route& r) { return r.pattern != "/api/v1/auth/login"; });
  for (const auto& route : routes) {
    const std::string method(http::method_name(route.method));
    const auto key = route_key(method, route.pattern);
    ASSERT_TRUE(probes().count(key)) << key;
    const Probe& probe = probes().at(key);
    if (probe.raw_body) continue;  // multipart: files_test.cpp and projects_import_test.cpp
    SCOPED_TRACE(key);
    const auto schema = json_request_schema(method, route.pattern);
    ASSERT_TRUE(schema.has_value()) << key << " takes a JSON body but api/openapi.yaml has no request schema";
    const std::string who = caller_for(route.pattern);

    // One call with the payload at `field` in the first body that reaches it; false when none does.
    struct Outcome {
      bool reached = false;
      HttpResponse response;
      std::int64_t target = 0;
      json::object body;
    };
    auto call = [&](const SchemaStringField& field, const std::string& payload) {
      Outcome out;
      std::vector<const BodyVariant*> variants{nullptr};
      for (const auto& v : body_variants(key))
        variants.push_back(&v);
      for (const auto* v : variants) {
        Client* client = &f.clients.at(who);
        std::optional<Client> own;
        if (route.pattern == "/api/v1/auth/password") {
          // A user of its own per call: an accepted new password must not sign the shared callers out.
          const std::string name = "pw.user" + std::to_string(++f.counter);
          f.s.create_user(name, "dept", f.s.seed().units.at("DX"));
          own.emplace(f.s.client());
          EXPECT_EQ(own->login(name, kSeedPassword).status, 200);
          client = &*own;
        } else if (route.pattern == "/api/v1/auth/login") {
          own.emplace(f.s.client());
          client = &*own;
        }
        ProbeCtx ctx{f.s, who, f.passwords, f.counter};
        const std::int64_t target = v && v->make ? v->make(ctx) : make_target(ctx, probe, true);
        auto base = probe.body(ctx, true, target);
        json::value body = base ? base->as_object() : json::object{};
        if (v) v->augment(ctx, target, body.as_object());
        auto* slot = value_at(body, field.path);
        if (!slot) continue;
        *slot = json::string(payload);
        out.reached = true;
        out.target = target;
        out.response =
            client->request(method, fill_path(route.pattern, target) + probe.query, json::serialize(body));
        out.body = body.as_object();
        return out;
      }
      return out;
    };

    // Reads the record the call wrote back through the API.
    auto read_back = [&](const Outcome& o) -> json::value {
      if (route.pattern.starts_with("/api/v1/users/{id}/")) {
        // Lock and unlock keep their reason in the audit trail.
        auto r = f.clients.at("auditor").get("/api/v1/audit-logs?pageSize=10");
        EXPECT_EQ(r.status, 200) << r.body;
        json::array rows;
        const auto answer = r.json();
        for (const auto& row : answer.at("rows").as_array())
          if (row.at("entityId").as_string() == std::to_string(o.target)) rows.push_back(row);
        return rows;
      }
      std::string path = route.pattern;
      std::int64_t id = o.target;
      if (path.find("{id}") == std::string::npos) {
        auto j = o.response.json();
        if (route.method == http::Method::Post && j.is_object() && j.as_object().contains("id")) {
          id = j.at("id").as_int64();
          path += "/{id}";
        }
      }
      std::int64_t list_id = 0;
      while (!gets.count(path)) {
        const auto slash = path.rfind('/');
        if (slash == 0 || slash == std::string::npos) return nullptr;
        if (path.substr(slash + 1) == "{id}") list_id = id;
        path.resize(slash);
      }
      std::string query;
      if (o.body.contains("year") && o.body.at("year").is_int64()) {
        query = "?year=" + std::to_string(o.body.at("year").as_int64());
      } else if (auto g = probes().find(route_key("GET", path));
                 g != probes().end() && !g->second.query.empty()) {
        query = g->second.query;
      } else {
        query = probe.query;
      }
      auto r = f.clients.at(who).get(fill_path(path, id) + query);
      EXPECT_EQ(r.status, 200) << "GET " << path << query << ": " << r.body.substr(0, 300);
      return record_in(r.json(), list_id);
    };

    for (const auto& field : string_fields(*schema)) {
      const std::string field_key = key + " " + field.path;
      cov.schema_fields.insert(field_key);
      int accepted = 0;
      std::string last_refusal;
      bool all_reached = true;
      for (const auto& entry : payload_corpus()) {
        // A serial keeps values of unique columns (unit names, project codes) apart across routes, where the
        // field's length allows it.
        std::string payload = entry + " " + std::to_string(++serial);
        if (field.max_length && code_points(payload) > *field.max_length) payload = entry;
        auto o = call(field, payload);
        if (!o.reached) {
          all_reached = false;
          break;
        }
        ++cov.cases;
        const auto& r = o.response;
        const std::string what = field.path + " = " + payload;
        EXPECT_LT(r.status, 500) << what << ": " << r.body.substr(0, 300);
        if (r.status >= 400) {
          expect_error_shape(r, key + " " + what);
          ++cov.refused;
          last_refusal += "\n  " + payload + " -> " + r.body.substr(0, 200);
          if (!credential_route(route.pattern)) {
            EXPECT_TRUE(r.status == 400 || r.status == 422) << what << ": " << r.body.substr(0, 300);
            EXPECT_TRUE(names_path(r, concrete_path(field.path)))
                << what << " refused without naming the field: " << r.body.substr(0, 300);
          }
          continue;
        }
        EXPECT_FALSE(field.constrained) << what << " accepted although the schema constrains the field";
        ++accepted;
        if (field.read_only || field.write_only || credential_route(route.pattern)) continue;
        const auto stored = read_back(o);
        EXPECT_TRUE(contains_string(stored, field.nfkc ? nfkc(payload) : payload))
            << what << " accepted but not read back verbatim: " << json::serialize(stored).substr(0, 600);
        ++cov.verbatim;
      }
      if (!all_reached) continue;
      cov.exercised.insert(field_key);
      // A free-text field that refuses every payload has a rule the schema should state (pattern/format).
      if (!field.constrained && !field.read_only && !field.write_only && !credential_route(route.pattern)) {
        EXPECT_GT(accepted, 0) << field_key << " refused the whole corpus: document its constraint; "
                               << last_refusal;
      }
    }
  }
  for (const auto& k : cov.schema_fields) {
    EXPECT_TRUE(cov.exercised.count(k))
        << k << ": no body reaches this field; add a variant (tests/integration/payload_variants.cpp)";
  }
  std::cout << "[ payloads ] " << cov.exercised.size() << " string fields of " << cov.schema_fields.size()
            << " in the request schemas, " << cov.cases << " calls: " << cov.verbatim
            << " read back verbatim, " << cov.refused << " refused\n";
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
