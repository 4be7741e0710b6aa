// Times in one zone and one format (docs/architecture.md, "API conventions"): every instant of every JSON
// answer is ISO 8601 in Asia/Shanghai with its offset ("2026-03-02T09:00:00.000+08:00"), declared
// `format: date-time` in api/openapi.yaml; dates without a time stay "YYYY-MM-DD". Checked three ways: the
// document (every time-named field is declared), every GET route's answer on the seeded server against its
// response schema (declared fields parse, no time hides in another field), and one event at a known instant
// followed through the back office's list and detail, the audit log and its filters, the portal and the
// XLSX export, each showing the Shanghai wall time and day, never the UTC one eight hours earlier.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <set>

#include "infra/sheets/sheets.hpp"
#include "integration/openapi_schema.hpp"
#include "integration/probes.hpp"

namespace minsheng::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono;

// Whether `s` matches `shape` character by character: '9' a digit, '*' any of `alternatives`, anything else
// itself. (std::regex trips GCC 12's maybe-uninitialized warning at -O1, the sanitizer build.)
bool shaped(std::string_view s, std::string_view shape, std::string_view alternatives = "") {
  if (s.size() != shape.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (shape[i] == '9'   ? !(c >= '0' && c <= '9')
        : shape[i] == '*' ? alternatives.find(c) == std::string_view::npos
                          : c != shape[i])
      return false;
  }
  return true;
}
// The one format of an instant in the API.
bool api_time(std::string_view s) {
  return shaped(s, "9999-99-99T99:99:99.999+08:00");
}
// What anyone would read as a time of day: a date, then hours and minutes.
bool time_like(std::string_view s) {
  return s.size() >= 16 && shaped(s.substr(0, 16), "9999-99-99*99:99", "T ");
}

// Field names that hold an instant: "createdAt", "at", "lockedUntil".
bool time_named(std::string_view key) {
  return key == "at" || key.ends_with("At") || key.ends_with("Until");
}

// Schemas are followed lazily, one level at a time as an answer is walked, since some are recursive (the
// org tree's children).
const json::object* deref(const json::value* v) {
  for (int hops = 0; v && v->is_object() && hops < 16; ++hops) {
    const auto* ref = v->as_object().if_contains("$ref");
    if (!ref) return &v->as_object();
    const std::string name(ref->as_string());
    const std::string prefix = "#/components/schemas/";
    if (!name.starts_with(prefix)) return nullptr;
    v = openapi_document().at("components").at("schemas").as_object().if_contains(name.substr(prefix.size()));
  }
  return nullptr;
}

// The schema of `kind` ("properties" with a key, "items", "additionalProperties") of a schema, looking into
// its allOf parts too.
const json::object* child(const json::object* schema, const char* kind, std::string_view key = {}) {
  if (!schema) return nullptr;
  if (const auto* c = schema->if_contains(kind)) {
    if (key.empty()) {
      if (c->is_object()) return deref(c);
    } else if (c->is_object()) {
      if (const auto* p = c->as_object().if_contains(key)) return deref(p);
    }
  }
  if (const auto* all = schema->if_contains("allOf"); all && all->is_array())
    for (const auto& part : all->as_array())
      if (const auto* found = child(deref(&part), kind, key)) return found;
  return nullptr;
}

bool declared_date_time(const json::object* schema) {
  if (!schema) return false;
  const auto* f = schema->if_contains("format");
  return f && f->is_string() && f->as_string() == "date-time";
}

// The property names of a schema, its allOf parts' included.
void property_names(const json::object* schema, std::set<std::string>& out) {
  if (!schema) return;
  if (const auto* p = schema->if_contains("properties"); p && p->is_object())
    for (const auto& [k, _] : p->as_object())
      out.emplace(k);
  if (const auto* all = schema->if_contains("allOf"); all && all->is_array())
    for (const auto& part : all->as_array())
      property_names(deref(&part), out);
}

// The paths of the date-time fields a schema declares ("route .rows[].createdAt"), each recursive schema
// followed once.
void declared_times(const json::object* schema, const std::string& path, std::set<const json::object*>& stack,
                    std::set<std::string>& out) {
  if (!schema) return;
  if (declared_date_time(schema)) {
    out.insert(path);
    return;
  }
  if (!stack.insert(schema).second) return;
  declared_times(child(schema, "items"), path + "[]", stack, out);
  std::set<std::string> names;
  property_names(schema, names);
  for (const auto& n : names)
    declared_times(child(schema, "properties", n), path + "." + n, stack, out);
  stack.erase(schema);
}

// The application/json schema of the GET operation's 200 answer, unresolved; null when it is not JSON.
const json::object* response_schema(const std::string& pattern) {
  const auto* op = openapi_operation("GET", pattern);
  if (!op) return nullptr;
  const auto* ok =
      op->if_contains("responses") ? op->at("responses").as_object().if_contains("200") : nullptr;
  if (!ok || !ok->is_object()) return nullptr;
  const auto* content = ok->as_object().if_contains("content");
  if (!content || !content->is_object()) return nullptr;
  const auto* media = content->as_object().if_contains("application/json");
  if (!media || !media->is_object()) return nullptr;
  return deref(media->as_object().if_contains("schema"));
}

// An answer walked beside its response schema.
struct Walker {
  std::string route;                      // named in failures
  std::string key;                        // the route, for `seen`
  std::set<std::string>* seen = nullptr;  // "route path" of every declared date-time field met with a value
  int checked = 0;

  void walk(const json::value& v, const json::object* schema, const std::string& path) {
    if (v.is_object()) {
      const json::object* extra = child(schema, "additionalProperties");
      for (const auto& [k, sub] : v.as_object()) {
        const json::object* s = child(schema, "properties", k);
        if (!s) s = extra;
        const std::string p = path + "." + std::string(k);
        if (time_named(k) && !declared_date_time(s)) {
          ADD_FAILURE() << route << ": " << p << " is not declared `format: date-time` in api/openapi.yaml";
          continue;
        }
        if (declared_date_time(s)) {
          check_time(sub, s, p);
          continue;
        }
        walk(sub, s, p);
      }
    } else if (v.is_array()) {
      const json::object* items = child(schema, "items");
      for (const auto& e : v.as_array())
        walk(e, items, path + "[]");
    } else if (v.is_string()) {
      const std::string s(v.as_string());
      if (time_like(s))
        ADD_FAILURE() << route << ": " << path << " = \"" << s
                      << "\" holds a time outside a field declared `format: date-time`";
    }
  }

  void check_time(const json::value& v, const json::object* schema, const std::string& path) {
    if (v.is_null()) {
      const auto* n = schema->if_contains("nullable");
      EXPECT_TRUE(n && n->is_bool() && n->as_bool()) << route << ": " << path << " is null, not nullable";
      return;
    }
    ASSERT_TRUE(v.is_string()) << route << ": " << path << " = " << json::serialize(v);
    const std::string s(v.as_string());
    ++checked;
    if (seen) seen->insert(key + " " + path);
    EXPECT_TRUE(api_time(s) && parse_iso_instant(s).has_value())
        << route << ": " << path << " = \"" << s << "\" is not YYYY-MM-DDTHH:MM:SS.mmm+08:00";
  }
};

// Every object property of the document named like a time is declared `format: date-time`, so the walk
// below knows every time field the API answers with.
void check_declared(const json::value& v, const std::string& where, int& fields) {
  if (v.is_array()) {
    for (const auto& e : v.as_array())
      check_declared(e, where + "[]", fields);
    return;
  }
  if (!v.is_object()) return;
  for (const auto& [k, sub] : v.as_object()) {
    const std::string here = where + "/" + std::string(k);
    if (k == "properties" && sub.is_object()) {
      for (const auto& [name, prop] : sub.as_object()) {
        if (!time_named(name) || !prop.is_object()) continue;
        ++fields;
        EXPECT_TRUE(declared_date_time(&prop.as_object()))
            << here << "/" << std::string(name) << ": a time field without `format: date-time`";
      }
    }
    check_declared(sub, here, fields);
  }
}

TEST(TimeFormat, EveryTimeFieldOfTheDocumentIsDeclaredDateTime) {
  int fields = 0;
  check_declared(openapi_document(), "", fields);
  EXPECT_GT(fields, 30);
  // The walk's own rules, on answers made up here: an undeclared time-named field, a declared field in
  // another format and a time in a text field all fail it.
  const json::object schema = json::parse(R"({"type":"object","properties":{
      "createdAt":{"type":"string","format":"date-time"},"note":{"type":"string"}}})")
                                  .as_object();
  Walker w{.route = "made up"};
  w.walk(json::parse(R"({"createdAt":"2026-03-02T09:00:00.000+08:00","note":"2026-03-02"})"), &schema, "");
  EXPECT_EQ(w.checked, 1);
  EXPECT_NONFATAL_FAILURE(
      w.walk(json::parse(R"({"updatedAt":"2026-03-02T09:00:00.000+08:00"})"), &schema, ""),
      "updatedAt is not declared");
  EXPECT_NONFATAL_FAILURE(w.walk(json::parse(R"({"createdAt":"2026-03-02T01:00:00.000Z"})"), &schema, ""),
                          "is not YYYY-MM-DDTHH:MM:SS.mmm+08:00");
  EXPECT_NONFATAL_FAILURE(w.walk(json::parse(R"({"createdAt":"2026-03-02 09:00:00"})"), &schema, ""),
                          "is not YYYY-MM-DDTHH:MM:SS.mmm+08:00");
  EXPECT_NONFATAL_FAILURE(w.walk(json::parse(R"({"note":"2026-03-02 09:00:00"})"), &schema, ""),
                          "holds a time outside");
}

// Every GET route of the JSON API, read by every principal on the seeded server (each module's list seed:
// records in several towns, units and states), against its response schema.
TEST(TimeFormat, EveryGetAnswerGivesShanghaiTimesWithTheirOffset) {
  TestServer s;
  ListSeed seed;
  for (auto seeder : list_seeders())
    seeder(s, seed);
  std::map<std::string, std::string> passwords;
  int counter = 0;
  std::map<std::string, Client> clients;
  for (const auto& p : principal_names())
    if (p != "anonymous" && p != "locked") clients.emplace(p, signed_in(s, p));
  // Times the list seed leaves empty: a reviewed, published and forwarded item with its history, a read
  // notification, a locked-out account.
  {
    Client& dept = clients.at("dept_x");
    Client& office = clients.at("office");
    auto created = dept.post("/api/v1/submissions", json::object{{"kind", "news"},
                                                                 {"title", "走完流程的信息"},
                                                                 {"body", "正文。"},
                                                                 {"projectIds", json::array{}}});
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string item = "/api/v1/submissions/" + std::to_string(created.json().at("id").as_int64());
    ASSERT_EQ(dept.post(item + "/submit", json::object{}).status, 200);
    ASSERT_EQ(office.post(item + "/approve", json::object{}).status, 200);
    ASSERT_EQ(office.post(item + "/publish", json::object{}).status, 200);
    insert_test_submission(s, "DX", "published", "news", /*forwarded=*/true, "转报的信息");
    auto notices = dept.get("/api/v1/notifications?pageSize=50");
    ASSERT_EQ(notices.status, 200);
    ASSERT_FALSE(notices.json().at("rows").as_array().empty());
    const auto notice = notices.json().at("rows").at(0).at("id").as_int64();
    ASSERT_EQ(dept.post("/api/v1/notifications/" + std::to_string(notice) + "/read", json::object{}).status,
              200);
    Client stranger = s.client();
    for (int i = 0; i < 5; ++i)
      stranger.login(s.seed().usernames.at("dx1"), "wrong-password-1");
  }

  std::set<std::string> declared, seen;
  int routes = 0, answers = 0, checked = 0;
  for (const auto& route : app::all_routes()) {
    if (route.method != http::Method::Get || !route.pattern.starts_with("/api/")) continue;
    const auto key = route_key("GET", route.pattern);
    const json::object* schema = response_schema(route.pattern);
    if (!schema) continue;  // files, exports: not JSON
    ASSERT_TRUE(probes().count(key)) << key;
    const Probe& probe = probes().at(key);
    ++routes;
    std::set<const json::object*> stack;
    declared_times(schema, key + " ", stack, declared);
    bool read = false;
    for (auto& [principal, client] : clients) {
      ProbeCtx ctx{s, principal, passwords, counter};
      const auto target = make_target(ctx, probe, true);
      auto r = client.get(fill_path(route.pattern, target) + probe.query);
      if (r.status != 200) continue;
      read = true;
      ++answers;
      Walker w{.route = key + " as " + principal, .key = key, .seen = &seen};
      w.walk(r.json(), schema, "");
      checked += w.checked;
    }
    EXPECT_TRUE(read) << key << ": no principal could read it";
  }
  std::string never;
  for (const auto& d : declared)
    if (!seen.count(d)) never += "\n  " + d;
  RecordProperty("routes", routes);
  RecordProperty("times", checked);
  EXPECT_GT(routes, 25);
  EXPECT_GT(checked, 500) << answers << " answers";
  // Fields the list seed leaves empty (EXIF photos, leaflet versions, print-run handouts, lockouts) are
  // listed, not failed: their writers are the same helpers, checked where the seed fills them.
  RecordProperty("unfilled", never);
  if (!never.empty()) std::cout << "date-time fields no seeded answer filled:" << never << "\n";
}

// ---- one event at a known instant, everywhere it is shown ----

// 07:30 on 3 March 2026 in Beijing is 23:30 on 2 March in UTC: the day differs too, so a page or cell that
// shows UTC is caught by its date as well as its hour.
constexpr const char* kShanghaiTime = "2026-03-03T07:30:00.000+08:00";
const TimePoint kInstant = sys_days(year(2026) / March / day(2)) + hours(23) + minutes(30);

std::string url_encode_plus(std::string s) {
  for (std::size_t i = s.find('+'); i != std::string::npos; i = s.find('+', i))
    s.replace(i, 1, "%2B");
  return s;
}

TEST(TimeFormat, ASubmissionAtAKnownInstantShowsShanghaiTimeEverywhere) {
  TestServer s;
  s.clock().set(kInstant);
  Client dept = signed_in(s, "dept_x");
  Client office = signed_in(s, "office");
  Client auditor = signed_in(s, "auditor");
  Client admin = signed_in(s, "sysadmin");
  auto created = dept.post(
      "/api/v1/submissions",
      json::object{
          {"kind", "news"}, {"title", "清晨报送的信息"}, {"body", "正文。"}, {"projectIds", json::array{}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = created.json().at("id").as_int64();
  const std::string item = "/api/v1/submissions/" + std::to_string(id);
  EXPECT_EQ(created.json().at("createdAt").as_string(), kShanghaiTime);
  ASSERT_EQ(dept.post(item + "/submit", json::object{}).status, 200);
  ASSERT_EQ(office.post(item + "/approve", json::object{}).status, 200);
  auto published = office.post(item + "/publish", json::object{});
  ASSERT_EQ(published.status, 200) << published.body;

  // The back office's list and detail.
  auto list = office.get("/api/v1/submissions?pageSize=50");
  ASSERT_EQ(list.status, 200);
  bool listed = false;
  for (auto j_ = list.json(); const auto& row : j_.at("rows").as_array()) {
    if (row.at("id").as_int64() != id) continue;
    listed = true;
    for (const char* f : {"firstSubmittedAt", "submittedAt", "approvedAt", "publishedAt", "updatedAt"})
      EXPECT_EQ(row.at(f).as_string(), kShanghaiTime) << f;
  }
  EXPECT_TRUE(listed);
  auto detail = office.get(item);
  ASSERT_EQ(detail.status, 200);
  const auto events = detail.json().at("events").as_array();
  ASSERT_GE(events.size(), 3u);
  for (const auto& e : events)
    EXPECT_EQ(e.at("at").as_string(), kShanghaiTime) << json::serialize(e);
  auto notices = dept.get("/api/v1/notifications?pageSize=50");
  ASSERT_EQ(notices.status, 200);
  ASSERT_FALSE(notices.json().at("rows").as_array().empty());
  EXPECT_EQ(notices.json().at("rows").at(0).at("createdAt").as_string(), kShanghaiTime);

  // The audit log: its answer, its CSV (the wall time a person reads), and its filters, which take the
  // API's own format and plain Shanghai days.
  const std::string instant = url_encode_plus(kShanghaiTime);
  auto audit = auditor.get("/api/v1/audit-logs?action=submission.publish&from=" + instant + "&to=" + instant);
  ASSERT_EQ(audit.status, 200) << audit.body;
  ASSERT_EQ(audit.json().at("rows").as_array().size(), 1u) << audit.body;
  EXPECT_EQ(audit.json().at("rows").at(0).at("at").as_string(), kShanghaiTime);
  for (const std::string range : {"from=2026-03-03&to=2026-03-03", "from=2026-03-02T23:30:00Z&to=2026-03-03",
                                  "from=2026-03-02T15:30:00.000-08:00"}) {
    auto r = auditor.get("/api/v1/audit-logs?action=submission.publish&" + range);
    ASSERT_EQ(r.status, 200) << range << ": " << r.body;
    EXPECT_EQ(r.json().at("total").as_int64(), 1) << range;
  }
  for (const std::string range : {"from=2026-03-02&to=2026-03-02", "to=2026-03-03T07:29:59.999%2B08:00"}) {
    auto r = auditor.get("/api/v1/audit-logs?action=submission.publish&" + range);
    ASSERT_EQ(r.status, 200) << range << ": " << r.body;
    EXPECT_EQ(r.json().at("total").as_int64(), 0) << range;
  }
  auto bad = auditor.get("/api/v1/audit-logs?from=2026-03-03T07:30:00");
  EXPECT_EQ(bad.status, 400) << "a time without its zone is not an instant";
  EXPECT_NE(bad.body.find("\"from\""), std::string::npos) << bad.body;
  auto csv = auditor.get("/api/v1/audit-logs/export?action=submission.publish&from=2026-03-03&to=2026-03-03");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_NE(csv.body.find(",\"2026-03-03 07:30:00\","), std::string::npos) << csv.body;
  EXPECT_EQ(csv.body.find("2026-03-02"), std::string::npos) << "no UTC day in the file: " << csv.body;

  // The portal's page of the item: the Shanghai day.
  Client visitor = s.client();
  auto page = visitor.get("/news/" + std::to_string(id));
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 300);
  EXPECT_NE(page.body.find("<time datetime=\"2026-03-03\">2026年3月3日</time>"), std::string::npos);
  EXPECT_EQ(page.body.find("2026年3月2日"), std::string::npos);

  // The XLSX export: the Shanghai day in every date column.
  auto x = office.get("/api/v1/submissions/export?year=2026");
  ASSERT_EQ(x.status, 200) << x.body.substr(0, 200);
  auto wb = infra::sheets::read_xlsx(x.body);
  ASSERT_TRUE(wb) << wb.error().message();
  bool exported = false;
  for (const auto& row : wb->sheets.at(0).rows) {
    if (row.cells.size() < 7 || row.cells[2] != "清晨报送的信息") continue;
    exported = true;
    EXPECT_EQ(row.cells[4], "2026-03-03");
    EXPECT_EQ(row.cells[5], "2026-03-03");
    EXPECT_EQ(row.cells[6], "2026-03-03");
  }
  EXPECT_TRUE(exported);

  // A person's last login, read by the administrator and by the person.
  auto user = admin.get("/api/v1/users/" + std::to_string(s.seed().users.at("office")));
  ASSERT_EQ(user.status, 200) << user.body;
  EXPECT_EQ(user.json().at("lastLoginAt").as_string(), kShanghaiTime);
  auto me = office.get("/api/v1/auth/me");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.json().at("user").at("lastLoginAt").as_string(), kShanghaiTime);
}

}  // namespace
}  // namespace minsheng::testing
