// The project catalogue (issue 4) through the API: create/read/update/delete with every field, validation
// that names fields, list filters and search, scopes across towns and roles, the progress timeline and the
// figures derived from it, photos, the next year's plan, audit rows and the portal's content version. Runs on
// SQLite and on PostgreSQL (tests/CMakeLists.txt).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "integration/files_support.hpp"
#include "integration/projects_support.hpp"
#include "support/test_images.hpp"

namespace minsheng::testing {
namespace {

namespace json = boost::json;

constexpr const char* kBoundary = "----MinshengProjectsBoundary5d2c";

// ---- helpers ----

std::vector<std::string> error_fields(const HttpResponse& r) {
  std::vector<std::string> out;
  auto j = r.json();
  if (!j.is_object() || !j.as_object().contains("error")) return out;
  for (const auto& f : j.at("error").at("fields").as_array())
    out.emplace_back(f.at("field").as_string());
  return out;
}

bool names_field(const HttpResponse& r, const std::string& field) {
  const auto f = error_fields(r);
  return std::find(f.begin(), f.end(), field) != f.end();
}

std::string field_message(const HttpResponse& r, const std::string& field) {
  auto j = r.json();
  if (!j.is_object() || !j.as_object().contains("error")) return "";
  for (const auto& f : j.at("error").at("fields").as_array())
    if (f.at("field").as_string() == field) return std::string(f.at("message").as_string());
  return "";
}

std::int64_t project_count(TestServer& s) {
  return db::query(s.pool(), "SELECT COUNT(*) AS n FROM projects").first().int64("n");
}

std::int64_t progress_count(TestServer& s) {
  return db::query(s.pool(), "SELECT COUNT(*) AS n FROM project_progress").first().int64("n");
}

std::int64_t content_version(TestServer& s) {
  auto r = db::query(s.pool(), "SELECT value FROM settings WHERE key = 'content_version'");
  return r.empty() ? 0 : std::stoll(r.first().text("value"));
}

struct AuditRow {
  std::string entity, entity_id, result, reason, before, after;
  std::optional<std::int64_t> user_id, org_unit_id;
};

std::vector<AuditRow> audit_rows(TestServer& s, const std::string& action) {
  std::vector<AuditRow> out;
  for (const auto& r :
       db::query(s.pool(),
                 "SELECT entity, entity_id, result, reason, before_json, after_json, user_id, "
                 "org_unit_id FROM audit_log WHERE action = $1 ORDER BY seq",
                 {action})
           .rows)
    out.push_back(AuditRow{r.text("entity"), r.text("entity_id"), r.text("result"), r.text("reason"),
                           r.text("before_json"), r.text("after_json"), r.opt_int64("user_id"),
                           r.opt_int64("org_unit_id")});
  return out;
}

std::string id_path(std::int64_t id, const std::string& tail = "") {
  return "/api/v1/projects/" + std::to_string(id) + tail;
}

// A project body with every field; `code` and `year` vary per call.
json::object full_body(const TestServer& s, const std::string& code, int year = 2026) {
  const auto& u = s.seed().units;
  return json::object{
      {"year", year},
      {"code", code},
      {"name", "农村改厕及废弃物资源化利用"},
      {"category", "engineering"},
      {"leadUnitId", u.at("DX")},
      {"cooperatingUnitIds", json::array{u.at("VA"), u.at("DY")}},
      {"changeFlag", "new"},
      {"policyText",
       "## 政策依据\n\n对完成改厕的农户每户补助 **500 元**。\n\n- 先建后补\n- "
       "以奖代补\n\n<script>alert(1)</script>"},
      {"plainText", "改好厕所的农户，每户可以领 500 元。\n\n有问题找村委会。"},
      {"fundsPlanned", 12'345'678},
      {"beneficiaries", 1200},
      {"address", "民生镇甲村、乙村"},
      {"location", json::object{{"lat", 31.86}, {"lng", 117.28}, {"system", "cgcs2000"}}},
      {"targets",
       json::array{
           json::object{{"name", "农村户厕改造"}, {"unit", "户"}, {"planned", 1200}, {"achieved", 300}},
           json::object{{"name", "资源化利用站"}, {"unit", "个"}, {"planned", 2.5}, {"achieved", nullptr}}}}};
}

// A small project body: the required fields and the funds plan.
json::object small_body(const TestServer& s, int year, const std::string& code, const std::string& name,
                        const std::string& category, const std::string& lead, const std::string& flag,
                        std::int64_t funds = 10'000'000) {
  return json::object{{"year", year},
                      {"code", code},
                      {"name", name},
                      {"category", category},
                      {"leadUnitId", s.seed().units.at(lead)},
                      {"changeFlag", flag},
                      {"fundsPlanned", funds}};
}

std::int64_t create_ok(Client& c, const json::object& body) {
  auto r = c.post("/api/v1/projects", body);
  EXPECT_EQ(r.status, 201) << r.body;
  if (r.status != 201) return 0;
  return r.json().at("id").as_int64();
}

json::object progress_body(const std::string& date, int pct, std::int64_t funds, const std::string& status,
                           const std::string& note = "按计划推进") {
  return json::object{{"reportDate", date},
                      {"progressPct", pct},
                      {"fundsDisbursed", funds},
                      {"status", status},
                      {"note", note}};
}

std::set<std::string> codes_of(const HttpResponse& r) {
  std::set<std::string> out;
  auto j = r.json();
  if (!j.is_object()) return out;
  for (const auto& row : j.at("rows").as_array())
    out.insert(std::string(row.at("code").as_string()));
  return out;
}

std::int64_t total_of(const HttpResponse& r) {
  auto j = r.json();
  return j.is_object() && j.as_object().contains("total") ? j.at("total").as_int64() : -1;
}

HttpResponse upload_photo(Client& c, const std::string& bytes, const std::string& name = "现场.jpg",
                          const std::string& type = "image/jpeg") {
  return c.request("POST", "/api/v1/files", multipart_body(kBoundary, {}, name, bytes, type),
                   RequestOptions{.content_type = std::string("multipart/form-data; boundary=") + kBoundary});
}

struct Projects : ::testing::Test {
  TestServer s;
  Client office = signed_in(s, "office");
  std::int64_t unit(const std::string& key) const { return s.seed().units.at(key); }
};

// ---- create / read / update / delete ----

TEST_F(Projects, CreateReadUpdateDeleteWithEveryField) {
  const auto version0 = content_version(s);
  auto created = office.post("/api/v1/projects", full_body(s, "2026-01"));
  ASSERT_EQ(created.status, 201) << created.body;
  const auto p = created.json().as_object();
  const auto id = p.at("id").as_int64();
  EXPECT_EQ(p.at("townId").as_int64(), unit("T1"));
  // The contract's project object names its town. PRODUCT BUG (reported; left failing on purpose):
  // src/modules/projects/json.cpp project_json() has no "townName" (the query in service.cpp does not read
  // it).
  EXPECT_TRUE(p.contains("townName") && p.at("townName") == json::value("民生镇"))
      << "contract field townName missing: " << created.body.substr(0, 200);
  EXPECT_EQ(p.at("year").as_int64(), 2026);
  EXPECT_EQ(p.at("code").as_string(), "2026-01");
  EXPECT_EQ(p.at("name").as_string(), "农村改厕及废弃物资源化利用");
  EXPECT_EQ(p.at("category").as_string(), "engineering");
  EXPECT_EQ(p.at("categoryLabel").as_string(), "工程类");
  EXPECT_EQ(p.at("leadUnitId").as_int64(), unit("DX"));
  EXPECT_EQ(p.at("leadUnitName").as_string(), "社保所");
  std::set<std::int64_t> coop;
  std::set<std::string> coop_names;
  for (const auto& u : p.at("cooperatingUnits").as_array()) {
    coop.insert(u.at("id").as_int64());
    coop_names.insert(std::string(u.at("name").as_string()));
  }
  EXPECT_EQ(coop, (std::set<std::int64_t>{unit("VA"), unit("DY")}));
  EXPECT_EQ(coop_names, (std::set<std::string>{"甲村", "卫生院"}));
  EXPECT_EQ(p.at("changeFlag").as_string(), "new");
  EXPECT_EQ(p.at("changeFlagLabel").as_string(), "新增");
  EXPECT_EQ(p.at("policyText").as_string(),
            full_body(s, "x").at("policyText").as_string());  // Markdown source kept
  EXPECT_EQ(p.at("plainText").as_string(), "改好厕所的农户，每户可以领 500 元。\n\n有问题找村委会。");
  EXPECT_EQ(p.at("fundsPlanned").as_int64(), 12'345'678);  // 分
  EXPECT_EQ(p.at("fundsDisbursed").as_int64(), 0);
  EXPECT_EQ(p.at("beneficiaries").as_int64(), 1200);
  EXPECT_EQ(p.at("status").as_string(), "planned");
  EXPECT_EQ(p.at("statusLabel").as_string(), "未开工");
  EXPECT_EQ(p.at("progressPct").as_int64(), 0);
  EXPECT_TRUE(p.at("lastReportDate").is_null());
  EXPECT_EQ(p.at("address").as_string(), "民生镇甲村、乙村");
  EXPECT_DOUBLE_EQ(p.at("location").at("lat").as_double(), 31.86);
  EXPECT_DOUBLE_EQ(p.at("location").at("lng").as_double(), 117.28);
  EXPECT_EQ(p.at("location").at("system").as_string(), "cgcs2000");
  const auto& targets = p.at("targets").as_array();
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_EQ(targets[0].at("name").as_string(), "农村户厕改造");
  EXPECT_EQ(targets[0].at("unit").as_string(), "户");
  EXPECT_DOUBLE_EQ(targets[0].at("planned").to_number<double>(), 1200);
  EXPECT_DOUBLE_EQ(targets[0].at("achieved").to_number<double>(), 300);
  EXPECT_GT(targets[0].at("id").as_int64(), 0);
  EXPECT_EQ(targets[1].at("name").as_string(), "资源化利用站");
  EXPECT_DOUBLE_EQ(targets[1].at("planned").to_number<double>(), 2.5);
  EXPECT_TRUE(targets[1].at("achieved").is_null());
  EXPECT_TRUE(p.at("previousId").is_null());
  EXPECT_FALSE(p.at("isDemo").as_bool());
  EXPECT_FALSE(p.at("createdAt").as_string().empty());
  EXPECT_EQ(p.at("createdAt"), p.at("updatedAt"));
  EXPECT_TRUE(p.at("canEdit").as_bool());
  EXPECT_TRUE(p.at("canReport").as_bool());
  EXPECT_GT(content_version(s), version0);

  // Read back: the same object, the safe HTML of both texts and an empty timeline.
  auto got = office.get(id_path(id));
  ASSERT_EQ(got.status, 200) << got.body;
  auto g = got.json().as_object();
  for (const char* key :
       {"code", "name", "category", "leadUnitId", "cooperatingUnits", "changeFlag", "policyText", "plainText",
        "fundsPlanned", "beneficiaries", "address", "location", "targets", "createdAt"})
    EXPECT_EQ(g.at(key), p.at(key)) << key;
  const std::string policy_html(g.at("policyHtml").as_string());
  EXPECT_NE(policy_html.find("<strong>500 元</strong>"), std::string::npos) << policy_html;
  EXPECT_NE(policy_html.find("<li>"), std::string::npos) << policy_html;
  EXPECT_EQ(policy_html.find("<script"), std::string::npos)
      << "raw HTML is not passed through: " << policy_html;
  EXPECT_NE(std::string(g.at("plainHtml").as_string()).find("有问题找村委会"), std::string::npos);
  EXPECT_TRUE(g.at("progress").as_array().empty());

  // Update every field (the year stays).
  s.clock().advance(std::chrono::minutes(1));
  const auto version1 = content_version(s);
  json::object upd{
      {"code", "2026-01A"},
      {"name", "农村改厕（二期）"},
      {"category", "subsidy"},
      {"leadUnitId", unit("VA")},
      {"cooperatingUnitIds", json::array{unit("DX")}},
      {"changeFlag", "improved"},
      {"policyText", "新政策"},
      {"plainText", "新解读"},
      {"fundsPlanned", 0},
      {"beneficiaries", nullptr},
      {"address", ""},
      {"location", nullptr},
      {"targets", json::array{json::object{{"name", "补助户数"}, {"unit", "户"}, {"planned", 80}}}}};
  auto updated = office.put(id_path(id), upd);
  ASSERT_EQ(updated.status, 200) << updated.body;
  auto u = updated.json().as_object();
  EXPECT_EQ(u.at("id").as_int64(), id);
  EXPECT_EQ(u.at("year").as_int64(), 2026);
  EXPECT_EQ(u.at("code").as_string(), "2026-01A");
  EXPECT_EQ(u.at("name").as_string(), "农村改厕（二期）");
  EXPECT_EQ(u.at("categoryLabel").as_string(), "补助类");
  EXPECT_EQ(u.at("leadUnitName").as_string(), "甲村");
  ASSERT_EQ(u.at("cooperatingUnits").as_array().size(), 1u);
  EXPECT_EQ(u.at("cooperatingUnits").as_array()[0].at("id").as_int64(), unit("DX"));
  EXPECT_EQ(u.at("changeFlagLabel").as_string(), "完善");
  EXPECT_EQ(u.at("fundsPlanned").as_int64(), 0);
  EXPECT_TRUE(u.at("beneficiaries").is_null());
  EXPECT_TRUE(u.at("location").is_null());
  ASSERT_EQ(u.at("targets").as_array().size(), 1u);
  EXPECT_TRUE(u.at("targets").as_array()[0].at("achieved").is_null());
  EXPECT_EQ(u.at("createdAt"), p.at("createdAt"));
  EXPECT_NE(u.at("updatedAt"), p.at("updatedAt"));
  EXPECT_GT(content_version(s), version1);
  EXPECT_EQ(office.get(id_path(id)).json().at("name").as_string(), "农村改厕（二期）");

  auto upd_audit = audit_rows(s, "project.update");
  ASSERT_EQ(upd_audit.size(), 1u);
  EXPECT_EQ(upd_audit[0].entity, "project");
  EXPECT_EQ(upd_audit[0].entity_id, std::to_string(id));
  EXPECT_NE(upd_audit[0].before.find("农村改厕及废弃物资源化利用"), std::string::npos);
  EXPECT_NE(upd_audit[0].after.find("农村改厕（二期）"), std::string::npos);

  // Delete: gone, audited with the record as it was.
  const auto version2 = content_version(s);
  auto del = office.del(id_path(id));
  EXPECT_EQ(del.status, 204) << del.body;
  EXPECT_EQ(office.get(id_path(id)).status, 404);
  EXPECT_EQ(project_count(s), 0);
  EXPECT_EQ(db::query(s.pool(), "SELECT COUNT(*) AS n FROM project_targets").first().int64("n"), 0);
  EXPECT_EQ(db::query(s.pool(), "SELECT COUNT(*) AS n FROM project_units").first().int64("n"), 0);
  EXPECT_GT(content_version(s), version2);
  auto del_audit = audit_rows(s, "project.delete");
  ASSERT_EQ(del_audit.size(), 1u);
  EXPECT_EQ(del_audit[0].result, "ok");
  EXPECT_NE(del_audit[0].before.find("农村改厕（二期）"), std::string::npos);
  EXPECT_EQ(office.del(id_path(id)).status, 404);
}

// ---- validation ----

TEST_F(Projects, ValidationErrorsNameTheFields) {
  ASSERT_GT(create_ok(office, full_body(s, "2026-01")), 0);
  const auto before = project_count(s);
  const auto version = content_version(s);
  auto expect_400 = [&](json::object body, const std::string& field, const std::string& what) {
    auto r = office.post("/api/v1/projects", body);
    EXPECT_EQ(r.status, 400) << what << ": " << r.body.substr(0, 300);
    EXPECT_TRUE(names_field(r, field))
        << what << ": expected field " << field << " in " << r.body.substr(0, 400);
    EXPECT_TRUE(has_cjk(field_message(r, field))) << what << ": " << r.body.substr(0, 300);
  };
  {
    auto b = full_body(s, "2026-02");
    b["leadUnitId"] = unit("VC");  // a village of 邻镇
    expect_400(b, "leadUnitId", "lead unit of another town");
  }
  {
    auto b = full_body(s, "2026-02");
    b["leadUnitId"] = 999'999;
    expect_400(b, "leadUnitId", "lead unit that does not exist");
  }
  {
    auto b = full_body(s, "2026-02");
    b["leadUnitId"] = unit("K");  // the county: above towns
    expect_400(b, "leadUnitId", "lead unit above the town");
  }
  {
    auto b = full_body(s, "2026-02");
    b["cooperatingUnitIds"] = json::array{unit("VA"), unit("DZ")};
    expect_400(b, "cooperatingUnitIds", "cooperating unit of another town");
  }
  {
    auto b = full_body(s, "2026-02");
    b["cooperatingUnitIds"] = json::array{unit("VA"), unit("DX")};
    expect_400(b, "cooperatingUnitIds", "lead among the cooperating units");
  }
  {
    auto b = full_body(s, "2026-02");
    b["location"] = json::object{{"lat", 31.86}, {"lng", 117.28}};
    expect_400(b, "location.system", "lat/lng without a coordinate system");
    b["location"] = json::object{{"lat", 31.86}, {"system", "wgs84"}};
    expect_400(b, "location.lng", "lat without lng");
    b["location"] = json::object{{"lat", 91}, {"lng", 117.28}, {"system", "wgs84"}};
    expect_400(b, "location.lat", "lat out of range");
    b["location"] = json::object{{"lat", 31.86}, {"lng", 117.28}, {"system", "bd09"}};
    expect_400(b, "location.system", "unknown coordinate system");
    b["location"] = "31.86,117.28";
    expect_400(b, "location", "location not an object");
  }
  {
    auto b = full_body(s, "2026-02");
    b["targets"] = "改厕 1200 户";
    expect_400(b, "targets", "targets not an array");
    b["targets"] = json::array{json::object{{"unit", "户"}, {"planned", 10}}};
    expect_400(b, "targets[0].name", "target without a name");
    b["targets"] = json::array{json::object{{"name", "改厕"}, {"planned", 10}},
                               json::object{{"name", "道路"}, {"unit", "公里"}, {"planned", -1}}};
    expect_400(b, "targets[1].planned", "negative planned amount");
    b["targets"] = json::array{json::object{{"name", "改厕"}, {"planned", "很多"}}};
    expect_400(b, "targets[0].planned", "planned amount not a number");
    b["targets"] = json::array{json::object{{"name", "改厕"}, {"progress", 10}}};
    expect_400(b, "targets[0].progress", "unknown key in a target");
    json::array many;
    for (int i = 0; i < 51; ++i)
      many.push_back(json::object{{"name", "目标" + std::to_string(i)}});
    b["targets"] = many;
    expect_400(b, "targets", "51 targets");
  }
  {
    auto b = full_body(s, "2026-02");
    b["category"] = "infrastructure";
    expect_400(b, "category", "unknown category");
    b = full_body(s, "2026-02");
    b["changeFlag"] = "stopped";
    expect_400(b, "changeFlag", "unknown change flag");
    b = full_body(s, "2026-02");
    b["fundsPlanned"] = -1;
    expect_400(b, "fundsPlanned", "negative funds");
    b = full_body(s, "2026-02");
    b["fundsPlanned"] = 12.5;
    expect_400(b, "fundsPlanned", "funds not in whole 分");
    b = full_body(s, "2026-02");
    b["year"] = 1999;
    expect_400(b, "year", "year out of range");
    b = full_body(s, "2026-02");
    b.erase("name");
    expect_400(b, "name", "name missing");
    b = full_body(s, "2026-02");
    b["name"] = std::string(101, 'x');
    expect_400(b, "name", "name over 100 characters");
    b = full_body(s, "2026-02");
    b["code"] = "";
    expect_400(b, "code", "empty code");
  }
  // A code used in the same year (also written with full-width characters): 409 or 400, naming code.
  for (const char* code : {"2026-01", "２０２６－０１"}) {
    auto r = office.post("/api/v1/projects", full_body(s, code));
    EXPECT_TRUE(r.status == 409 || r.status == 400) << code << ": " << r.body;
    EXPECT_TRUE(names_field(r, "code")) << code << ": " << r.body;
    EXPECT_NE(field_message(r, "code").find("2026-01"), std::string::npos) << r.body;
  }
  EXPECT_EQ(project_count(s), before) << "nothing refused was stored";
  EXPECT_EQ(content_version(s), version) << "refused writes do not touch the public pages";
  // The same code in another year is another project.
  EXPECT_GT(create_ok(office, full_body(s, "2026-01", 2025)), 0);
  // Editing to a code another project of the year has.
  const auto second = create_ok(office, full_body(s, "2026-02"));
  auto b = full_body(s, "2026-01");
  b.erase("year");
  auto clash = office.put(id_path(second), b);
  EXPECT_TRUE(clash.status == 409 || clash.status == 400) << clash.body;
  EXPECT_TRUE(names_field(clash, "code")) << clash.body;
  // Refused writes are audited as failed, naming the fields but not their values.
  auto failed = audit_rows(s, "project.create");
  const auto n_failed =
      std::count_if(failed.begin(), failed.end(), [](const AuditRow& a) { return a.result == "failed"; });
  EXPECT_GT(n_failed, 10);
}

// ---- list, search, filters, years ----

TEST_F(Projects, ListFiltersSearchAndPaging) {
  struct Def {
    const char* code;
    const char* name;
    const char* category;
    const char* lead;
    const char* flag;
  };
  const std::vector<Def> defs = {
      {"2026-01", "农村改厕及废弃物资源化利用", "engineering", "DX", "new"},
      {"2026-02", "农村道路硬化", "engineering", "VA", "continued"},
      {"2026-03", "困难群众医疗救助", "subsidy", "DY", "improved"},
      {"2026-04", "老年人健康体检", "service", "DY", "new"},
      {"2026-05", "乙村安全饮水", "engineering", "VB", "withdrawn"},
  };
  std::map<std::string, std::int64_t> ids;
  for (const auto& d : defs)
    ids[d.code] = create_ok(office, small_body(s, 2026, d.code, d.name, d.category, d.lead, d.flag));
  for (int i = 6; i <= 12; ++i) {
    const std::string code = "2026-" + std::string(i < 10 ? "0" : "") + std::to_string(i);
    ids[code] = create_ok(
        office, small_body(s, 2026, code, "民生实事项目" + std::to_string(i), "service", "OFF", "continued"));
  }
  create_ok(office, small_body(s, 2025, "2025-01", "农村改厕", "engineering", "DX", "new"));
  create_ok(office, small_body(s, 2025, "2025-02", "农村公路养护", "engineering", "VA", "new"));
  // Progress gives two projects another status.
  ASSERT_EQ(office
                .post(id_path(ids["2026-02"], "/progress"),
                      progress_body("2026-02-01", 30, 1'000'000, "in_progress"))
                .status,
            201);
  ASSERT_EQ(
      office.post(id_path(ids["2026-04"], "/progress"), progress_body("2026-02-01", 100, 0, "completed"))
          .status,
      201);

  // No year: the latest year with projects.
  auto all = office.get("/api/v1/projects?pageSize=50");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.json().at("total").as_int64(), 12);
  EXPECT_EQ(all.json().at("year").as_int64(), 2026);
  const auto first = all.json().at("rows").as_array()[0].as_object();
  EXPECT_EQ(first.at("code").as_string(), "2026-01");  // catalogue order
  EXPECT_FALSE(first.contains("policyText"));
  EXPECT_FALSE(first.contains("plainText"));
  EXPECT_FALSE(first.contains("targets"));
  EXPECT_TRUE(first.contains("leadUnitName"));
  EXPECT_TRUE(first.contains("canEdit"));
  auto y2025 = office.get("/api/v1/projects?year=2025");
  EXPECT_EQ(codes_of(y2025), (std::set<std::string>{"2025-01", "2025-02"}));

  // q: name, code, lead unit; one character; Traditional characters; full-width code; LIKE wildcards.
  auto q = [&](const std::string& query_string) {
    return codes_of(office.get("/api/v1/projects?pageSize=50&" + query_string));
  };
  EXPECT_EQ(q("q=%E6%94%B9%E5%8E%95"), (std::set<std::string>{"2026-01"}));             // 改厕
  EXPECT_EQ(q("q=%E5%8E%95"), (std::set<std::string>{"2026-01"}));                      // 厕
  EXPECT_EQ(q("q=%E8%BE%B2%E6%9D%91"), (std::set<std::string>{"2026-01", "2026-02"}));  // 農村
  EXPECT_EQ(q("q=%E9%86%AB%E7%99%82"), (std::set<std::string>{"2026-03"}));             // 醫療
  EXPECT_EQ(q("q=2026-03"), (std::set<std::string>{"2026-03"}));
  EXPECT_EQ(q("q=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%96%EF%BC%8D%EF%BC%90%EF%BC%93"),
            (std::set<std::string>{"2026-03"}));  // ２０２６－０３
  EXPECT_EQ(q("q=%E5%8D%AB%E7%94%9F%E9%99%A2"),
            (std::set<std::string>{"2026-03", "2026-04"}));  // 卫生院 (lead)
  EXPECT_EQ(q("q=%E6%9D%91"),
            (std::set<std::string>{"2026-01", "2026-02", "2026-05"}));  // 村: names and leads
  EXPECT_EQ(q("q=%E6%94%B9%E5%8E%95&year=2025"), (std::set<std::string>{"2025-01"}));
  EXPECT_TRUE(q("q=%25").empty());  // %
  EXPECT_TRUE(q("q=_").empty());
  EXPECT_TRUE(q("q=%E4%B8%8D%E5%AD%98%E5%9C%A8").empty());  // 不存在

  // Filters, alone and combined.
  EXPECT_EQ(q("category=subsidy"), (std::set<std::string>{"2026-03"}));
  EXPECT_EQ(q("changeFlag=withdrawn"), (std::set<std::string>{"2026-05"}));
  EXPECT_EQ(q("leadUnitId=" + std::to_string(unit("DY"))), (std::set<std::string>{"2026-03", "2026-04"}));
  EXPECT_EQ(q("status=in_progress"), (std::set<std::string>{"2026-02"}));
  EXPECT_EQ(q("status=completed"), (std::set<std::string>{"2026-04"}));
  EXPECT_EQ(q("status=planned").size(), 10u);
  EXPECT_EQ(q("category=service&leadUnitId=" + std::to_string(unit("DY"))),
            (std::set<std::string>{"2026-04"}));
  EXPECT_EQ(q("category=engineering&changeFlag=new&year=2025"),
            (std::set<std::string>{"2025-01", "2025-02"}));
  auto in_progress = office.get("/api/v1/projects?status=in_progress");
  const auto row = in_progress.json().at("rows").as_array()[0];
  EXPECT_EQ(row.at("progressPct").as_int64(), 30);
  EXPECT_EQ(row.at("statusLabel").as_string(), "实施中");
  EXPECT_EQ(row.at("lastReportDate").as_string(), "2026-02-01");

  // Paging.
  auto p1 = office.get("/api/v1/projects?pageSize=10");
  ASSERT_EQ(p1.status, 200);
  EXPECT_EQ(p1.json().at("rows").as_array().size(), 10u);
  EXPECT_EQ(total_of(p1), 12);
  auto p2 = office.get("/api/v1/projects?pageSize=10&pageNum=2");
  EXPECT_EQ(p2.json().at("rows").as_array().size(), 2u);
  EXPECT_EQ(codes_of(p2), (std::set<std::string>{"2026-11", "2026-12"}));
  EXPECT_TRUE(office.get("/api/v1/projects?pageSize=10&pageNum=3").json().at("rows").as_array().empty());
  for (const char* bad : {"pageSize=15", "pageNum=0", "year=1999", "category=infrastructure", "status=done",
                          "changeFlag=x", "leadUnitId=abc", "zzz=1"}) {
    auto r = office.get(std::string("/api/v1/projects?") + bad);
    EXPECT_EQ(r.status, 400) << bad;
    const std::string field = std::string(bad).substr(0, std::string(bad).find('='));
    EXPECT_TRUE(names_field(r, field)) << bad << ": " << r.body;
  }

  // Years: newest first; a town without projects gets this calendar year.
  auto years = office.get("/api/v1/projects/years");
  ASSERT_EQ(years.status, 200) << years.body;
  EXPECT_EQ(years.json().at("years"), json::value(json::array{2026, 2025}));
  EXPECT_EQ(years.json().at("current").as_int64(), 2026);
  Client vc = signed_in(s, "vc1");
  auto none = vc.get("/api/v1/projects/years");
  ASSERT_EQ(none.status, 200);
  EXPECT_TRUE(none.json().at("years").as_array().empty());
  EXPECT_EQ(none.json().at("current").as_int64(), 2026);
  auto none_list = vc.get("/api/v1/projects");
  ASSERT_EQ(none_list.status, 200);
  EXPECT_EQ(total_of(none_list), 0);
  EXPECT_EQ(none_list.json().at("year").as_int64(), 2026);
}

// PostgreSQL's LIKE is case-sensitive, SQLite's is not for ASCII: the same query must find the same projects
// on both (src/modules/projects/search.cpp folds case for the portal's search for this reason). PRODUCT BUG
// (reported; fails on PostgreSQL only): list() in src/modules/projects/routes.cpp compares p.name, l.name and
// p.code with LIKE without lower().
TEST_F(Projects, SearchIgnoresAsciiCaseOnBothDatabases) {
  create_ok(office, small_body(s, 2026, "WF-01", "村村通WiFi覆盖", "engineering", "DX", "new"));
  create_ok(office, small_body(s, 2026, "2026-02", "农村道路硬化", "engineering", "VA", "new"));
  auto q = [&](const std::string& text) { return codes_of(office.get("/api/v1/projects?q=" + text)); };
  EXPECT_EQ(q("WiFi"), (std::set<std::string>{"WF-01"}));
  EXPECT_EQ(q("wifi"), (std::set<std::string>{"WF-01"})) << (s.postgres() ? "postgres" : "sqlite");
  EXPECT_EQ(q("WIFI"), (std::set<std::string>{"WF-01"})) << (s.postgres() ? "postgres" : "sqlite");
  EXPECT_EQ(q("wf-01"), (std::set<std::string>{"WF-01"})) << (s.postgres() ? "postgres" : "sqlite");
}

// ---- scopes ----

TEST_F(Projects, ScopesAcrossTownsAndRoles) {
  const auto t1 = insert_test_project(s, "T1", "DY", "S-1");
  const auto t1_dx = insert_test_project(s, "T1", "DX", "S-2");
  const auto t2 = insert_test_project(s, "T2", "VC", "S-3");
  const auto t3 = insert_test_project(s, "T3", "VD", "S-4");
  for (const char* who : {"office", "leader", "dept_x", "dept_y", "village_a", "village_b", "county"}) {
    Client c = signed_in(s, who);
    auto r = c.get(id_path(t1));
    EXPECT_EQ(r.status, 200) << who << " reads a project of 民生镇";
    EXPECT_EQ(c.get(id_path(t1, "/progress")).status, 200) << who;
  }
  for (const char* who : {"office", "leader", "dept_x", "dept_y", "village_a", "village_b"}) {
    Client c = signed_in(s, who);
    EXPECT_EQ(c.get(id_path(t2)).status, 404) << who << ": a project of 邻镇 does not exist for 民生镇";
    EXPECT_EQ(c.get(id_path(t2, "/progress")).status, 404) << who;
    EXPECT_EQ(c.get(id_path(t3)).status, 404) << who;
    auto list = c.get("/api/v1/projects?pageSize=50");
    EXPECT_EQ(codes_of(list), (std::set<std::string>{"S-1", "S-2"})) << who;
  }
  // The county user is anchored at 测试县 (T1 and T2); 远镇 (T3) belongs to 邻县.
  Client county = signed_in(s, "county");
  EXPECT_EQ(county.get(id_path(t2)).status, 200);
  EXPECT_EQ(county.get(id_path(t3)).status, 404);
  EXPECT_EQ(codes_of(county.get("/api/v1/projects?pageSize=50")),
            (std::set<std::string>{"S-1", "S-2", "S-3"}));
  EXPECT_EQ(codes_of(county.get("/api/v1/projects?pageSize=50&townId=" + std::to_string(unit("T2")))),
            (std::set<std::string>{"S-3"}));
  EXPECT_FALSE(county.get(id_path(t1)).json().at("canEdit").as_bool());
  EXPECT_EQ(county.get("/api/v1/projects/export?format=csv&townId=" + std::to_string(unit("T2"))).status,
            200);
  EXPECT_EQ(county.get("/api/v1/projects/export?format=csv&townId=" + std::to_string(unit("T3"))).status,
            404);
  // 邻镇's own people see only 邻镇.
  Client vc = signed_in(s, "vc1");
  EXPECT_EQ(vc.get(id_path(t2)).status, 200);
  EXPECT_EQ(vc.get(id_path(t1)).status, 404);
  EXPECT_EQ(codes_of(vc.get("/api/v1/projects")), (std::set<std::string>{"S-3"}));
  // Rights as the project shows them.
  Client dx = signed_in(s, "dept_x");
  auto own = dx.get(id_path(t1_dx)).json();
  EXPECT_FALSE(own.at("canEdit").as_bool());
  EXPECT_TRUE(own.at("canReport").as_bool());
  auto other = dx.get(id_path(t1)).json();
  EXPECT_FALSE(other.at("canReport").as_bool());
  Client va = signed_in(s, "village_a");
  EXPECT_FALSE(va.get(id_path(t1)).json().at("canReport").as_bool());
  // The administrators never see the catalogue.
  for (const char* who : {"sysadmin", "secadmin", "auditor"}) {
    Client c = signed_in(s, who);
    EXPECT_EQ(c.get(id_path(t1)).status, 403) << who;
    EXPECT_EQ(c.get("/api/v1/projects").status, 403) << who;
  }
  // The office cannot touch another town's project, nor create into it.
  auto body = full_body(s, "S-9");
  body.erase("year");
  EXPECT_EQ(office.put(id_path(t2), body).status, 404);
  EXPECT_EQ(office.del(id_path(t2)).status, 404);
  EXPECT_EQ(office.post(id_path(t2, "/progress"), progress_body("2026-02-01", 10, 0, "in_progress")).status,
            404);
  EXPECT_EQ(office.get(id_path(999'999)).status, 404);
  EXPECT_EQ(project_count(s), 4);
  auto denied = audit_rows(s, "project.update");
  ASSERT_EQ(denied.size(), 1u);
  EXPECT_EQ(denied[0].result, "denied");
}

// ---- progress and the derived figures ----

TEST_F(Projects, ProgressDrivesTheCurrentFigures) {
  const auto id = create_ok(
      office, small_body(s, 2026, "2026-01", "农村道路硬化", "engineering", "DX", "new", 10'000'000));
  Client dx = signed_in(s, "dept_x");
  auto add = [&](Client& c, const json::object& body) { return c.post(id_path(id, "/progress"), body); };
  auto current = [&] { return office.get(id_path(id)).json().as_object(); };

  auto r1 = add(dx, progress_body("2026-01-10", 20, 2'000'000, "in_progress", "完成**路基**施工"));
  ASSERT_EQ(r1.status, 201) << r1.body;
  const auto p1 = r1.json().as_object();
  EXPECT_EQ(p1.at("projectId").as_int64(), id);
  EXPECT_EQ(p1.at("reportDate").as_string(), "2026-01-10");
  EXPECT_EQ(p1.at("progressPct").as_int64(), 20);
  EXPECT_EQ(p1.at("fundsDisbursed").as_int64(), 2'000'000);
  EXPECT_EQ(p1.at("status").as_string(), "in_progress");
  EXPECT_EQ(p1.at("statusLabel").as_string(), "实施中");
  EXPECT_EQ(p1.at("note").as_string(), "完成**路基**施工");
  EXPECT_EQ(p1.at("createdBy").as_string(), "社保所信息员");
  EXPECT_TRUE(p1.at("photos").as_array().empty());
  auto c1 = current();
  EXPECT_EQ(c1.at("progressPct").as_int64(), 20);
  EXPECT_EQ(c1.at("fundsDisbursed").as_int64(), 2'000'000);
  EXPECT_EQ(c1.at("status").as_string(), "in_progress");
  EXPECT_EQ(c1.at("lastReportDate").as_string(), "2026-01-10");

  ASSERT_EQ(add(dx, progress_body("2026-02-15", 50, 5'000'000, "in_progress")).status, 201);
  // A same-day correction: accepted, and it is the latest (same date, larger id).
  auto fix = add(office, progress_body("2026-02-15", 45, 4'500'000, "in_progress", "更正：进度按监理核定"));
  ASSERT_EQ(fix.status, 201) << fix.body;
  const auto fix_id = fix.json().at("id").as_int64();
  auto c2 = current();
  EXPECT_EQ(c2.at("progressPct").as_int64(), 45);
  EXPECT_EQ(c2.at("fundsDisbursed").as_int64(), 4'500'000);
  EXPECT_EQ(c2.at("lastReportDate").as_string(), "2026-02-15");

  // Refused: nothing saved, the figures unchanged, the field named.
  const auto saved = progress_count(s);
  auto refuse = [&](const json::object& body, const std::string& field, const std::string& what) {
    auto r = add(dx, body);
    EXPECT_EQ(r.status, 400) << what << ": " << r.body;
    EXPECT_TRUE(names_field(r, field)) << what << ": " << r.body;
    EXPECT_TRUE(has_cjk(field_message(r, field))) << what;
  };
  // The FakeClock is 2026-03-02 01:00 UTC = 09:00 in Beijing.
  refuse(progress_body("2026-03-03", 60, 5'000'000, "in_progress"), "reportDate", "a future date");
  refuse(progress_body("2026-02-14", 60, 5'000'000, "in_progress"), "reportDate", "a date before the latest");
  refuse(progress_body("2026-02-30", 60, 5'000'000, "in_progress"), "reportDate", "no such date");
  refuse(progress_body("2026/02/20", 60, 5'000'000, "in_progress"), "reportDate", "not YYYY-MM-DD");
  refuse(progress_body("2026-02-20", 60, 10'000'001, "in_progress"), "fundsDisbursed", "funds over the plan");
  refuse(progress_body("2026-02-20", 90, 9'000'000, "completed"), "status", "completed below 100");
  refuse(progress_body("2026-02-20", 101, 9'000'000, "in_progress"), "progressPct", "over 100 %");
  refuse(progress_body("2026-02-20", 50, -1, "in_progress"), "fundsDisbursed", "negative funds");
  refuse(progress_body("2026-02-20", 50, 0, "paused"), "status", "unknown status");
  EXPECT_EQ(progress_count(s), saved);
  EXPECT_EQ(current().at("progressPct").as_int64(), 45);
  EXPECT_NE(field_message(add(dx, progress_body("2026-02-01", 60, 0, "in_progress")), "reportDate")
                .find("2026-02-15"),
            std::string::npos)
      << "the message names the latest date";

  // Today is fine; completed at 100 %.
  auto done = add(dx, progress_body("2026-03-02", 100, 10'000'000, "completed", "竣工验收"));
  ASSERT_EQ(done.status, 201) << done.body;
  auto c3 = current();
  EXPECT_EQ(c3.at("status").as_string(), "completed");
  EXPECT_EQ(c3.at("statusLabel").as_string(), "已完成");
  EXPECT_EQ(c3.at("progressPct").as_int64(), 100);
  EXPECT_EQ(c3.at("fundsDisbursed").as_int64(), 10'000'000);
  EXPECT_EQ(c3.at("lastReportDate").as_string(), "2026-03-02");
  auto timeline = office.get(id_path(id, "/progress"));
  ASSERT_EQ(timeline.status, 200);
  EXPECT_EQ(timeline.json().at("total").as_int64(), 4);
  const auto rows = timeline.json().at("rows").as_array();
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].at("reportDate").as_string(), "2026-03-02");  // newest first
  EXPECT_EQ(rows[1].at("id").as_int64(), fix_id);
  EXPECT_EQ(rows[3].at("reportDate").as_string(), "2026-01-10");
  auto detail = office.get(id_path(id)).json();
  ASSERT_EQ(detail.at("progress").as_array().size(), 4u);
  EXPECT_NE(std::string(detail.at("progress").as_array()[3].at("noteHtml").as_string())
                .find("<strong>路基</strong>"),
            std::string::npos);

  // Deleting the latest entry brings back the one before it; then the one before that.
  EXPECT_EQ(dx.del("/api/v1/projects/progress/" + std::to_string(done.json().at("id").as_int64())).status,
            403)
      << "a department cannot delete entries";
  auto del = office.del("/api/v1/projects/progress/" + std::to_string(done.json().at("id").as_int64()));
  EXPECT_EQ(del.status, 204) << del.body;
  auto c4 = current();
  EXPECT_EQ(c4.at("progressPct").as_int64(), 45);
  EXPECT_EQ(c4.at("fundsDisbursed").as_int64(), 4'500'000);
  EXPECT_EQ(c4.at("status").as_string(), "in_progress");
  EXPECT_EQ(c4.at("lastReportDate").as_string(), "2026-02-15");
  ASSERT_EQ(office.del("/api/v1/projects/progress/" + std::to_string(fix_id)).status, 204);
  EXPECT_EQ(current().at("progressPct").as_int64(), 50);
  EXPECT_EQ(office.del("/api/v1/projects/progress/" + std::to_string(fix_id)).status, 404);
  auto del_audit = audit_rows(s, "project.progress_delete");
  ASSERT_EQ(del_audit.size(), 4u);
  EXPECT_EQ(del_audit[0].result, "denied");  // the department's attempt
  EXPECT_EQ(del_audit[0].user_id, s.seed().users.at("dept_x"));
  EXPECT_EQ(del_audit[1].result, "ok");
  EXPECT_NE(del_audit[1].before.find("竣工验收"), std::string::npos);
  EXPECT_EQ(del_audit[2].result, "ok");
  EXPECT_EQ(del_audit[3].result, "denied");  // the second delete of the same entry: 404
  // With the latest gone, an earlier date than the deleted one is accepted again.
  EXPECT_EQ(add(dx, progress_body("2026-02-20", 60, 6'000'000, "in_progress")).status, 201);

  // The day turns at midnight in Beijing: 2026-03-02 16:30 UTC is already 3 March there.
  s.clock().set(std::chrono::sys_days(std::chrono::year(2026) / 3 / 2) + std::chrono::hours(16) +
                std::chrono::minutes(30));
  Client dx2 = signed_in(s, "dept_x");
  auto tomorrow =
      dx2.post(id_path(id, "/progress"), progress_body("2026-03-03", 70, 7'000'000, "in_progress"));
  EXPECT_EQ(tomorrow.status, 201) << tomorrow.body;
}

TEST_F(Projects, DepartmentsReportOnlyForProjectsTheyLead) {
  const auto dy_led =
      create_ok(office, small_body(s, 2026, "2026-01", "老年人健康体检", "service", "DY", "new"));
  const auto dx_led = create_ok(office, small_body(s, 2026, "2026-02", "社保扩面", "service", "DX", "new"));
  Client dx = signed_in(s, "dept_x");
  auto r = dx.post(id_path(dy_led, "/progress"), progress_body("2026-02-01", 10, 0, "in_progress"));
  EXPECT_EQ(r.status, 403) << r.body;
  ASSERT_TRUE(r.json().is_object());
  EXPECT_TRUE(has_cjk(std::string(r.json().at("error").at("message").as_string()))) << r.body;
  EXPECT_NE(r.body.find("牵头单位"), std::string::npos) << "project.not_lead_unit: " << r.body;
  auto denied = audit_rows(s, "project.progress");
  ASSERT_EQ(denied.size(), 1u);
  EXPECT_EQ(denied[0].result, "denied");
  EXPECT_EQ(denied[0].user_id, s.seed().users.at("dept_x"));
  EXPECT_EQ(denied[0].entity_id, std::to_string(dy_led));
  EXPECT_EQ(progress_count(s), 0);

  EXPECT_EQ(dx.post(id_path(dx_led, "/progress"), progress_body("2026-02-01", 10, 0, "in_progress")).status,
            201);
  Client dy = signed_in(s, "dept_y");
  EXPECT_EQ(dy.post(id_path(dx_led, "/progress"), progress_body("2026-02-02", 20, 0, "in_progress")).status,
            403);
  EXPECT_EQ(dy.post(id_path(dy_led, "/progress"), progress_body("2026-02-02", 20, 0, "in_progress")).status,
            201);
  Client va = signed_in(s, "village_a");
  EXPECT_EQ(va.post(id_path(dx_led, "/progress"), progress_body("2026-02-03", 30, 0, "in_progress")).status,
            403);
  Client leader = signed_in(s, "leader");
  EXPECT_EQ(
      leader.post(id_path(dx_led, "/progress"), progress_body("2026-02-03", 30, 0, "in_progress")).status,
      403);
  // A department cannot edit the project it leads.
  auto body = small_body(s, 2026, "2026-02", "社保扩面", "service", "DX", "new");
  body.erase("year");
  EXPECT_EQ(dx.put(id_path(dx_led), body).status, 403);
  EXPECT_EQ(progress_count(s), 2);
  auto ok = audit_rows(s, "project.progress");
  EXPECT_EQ(std::count_if(ok.begin(), ok.end(), [](const AuditRow& a) { return a.result == "ok"; }), 2);
  EXPECT_EQ(std::count_if(ok.begin(), ok.end(), [](const AuditRow& a) { return a.result == "denied"; }), 4);
}

// ---- photos ----

TEST_F(Projects, ProgressPhotosAreUploadedFilesOfTheTown) {
  const auto id =
      create_ok(office, small_body(s, 2026, "2026-01", "村级综合服务中心", "engineering", "DX", "new"));
  Client dx = signed_in(s, "dept_x");
  images::ExifSpec spec;
  spec.gps = std::make_pair(31.8612, 117.2834);
  auto up = upload_photo(dx, images::jpeg(64, 48, spec), "工地.jpg");
  ASSERT_EQ(up.status, 201) << up.body;
  const auto file_id = up.json().at("id").as_int64();

  // A photo of 邻镇 (uploaded by its own village) and a PDF of 民生镇.
  Client vc = signed_in(s, "vc1");
  auto foreign = upload_photo(vc, images::jpeg(32, 32), "邻镇.jpg");
  ASSERT_EQ(foreign.status, 201) << foreign.body;
  auto pdf = upload_photo(dx, images::pdf(), "方案.pdf", "application/pdf");
  ASSERT_EQ(pdf.status, 201) << pdf.body;

  auto with_photos = [&](json::array photos) {
    auto b = progress_body("2026-02-01", 10, 0, "in_progress", "开工");
    b["photos"] = std::move(photos);
    return dx.post(id_path(id, "/progress"), b);
  };
  auto other_town = with_photos(json::array{json::object{{"fileId", foreign.json().at("id").as_int64()}}});
  EXPECT_EQ(other_town.status, 400) << other_town.body;
  EXPECT_TRUE(names_field(other_town, "photos[0].fileId")) << other_town.body;
  auto second_bad = with_photos(json::array{json::object{{"fileId", file_id}},
                                            json::object{{"fileId", pdf.json().at("id").as_int64()}}});
  EXPECT_EQ(second_bad.status, 400);
  EXPECT_TRUE(names_field(second_bad, "photos[1].fileId")) << second_bad.body;
  auto twice = with_photos(json::array{json::object{{"fileId", file_id}}, json::object{{"fileId", file_id}}});
  EXPECT_EQ(twice.status, 400);
  EXPECT_TRUE(names_field(twice, "photos[1].fileId")) << twice.body;
  auto missing = with_photos(json::array{json::object{{"fileId", 999'999}}});
  EXPECT_TRUE(names_field(missing, "photos[0].fileId")) << missing.body;
  auto no_id = with_photos(json::array{json::object{{"caption", "无编号"}}});
  EXPECT_TRUE(names_field(no_id, "photos[0].fileId")) << no_id.body;
  EXPECT_EQ(progress_count(s), 0);

  auto ok = with_photos(json::array{json::object{{"fileId", file_id}, {"caption", "基础施工"}}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  const auto photos = ok.json().at("photos").as_array();
  ASSERT_EQ(photos.size(), 1u);
  EXPECT_EQ(photos[0].at("fileId").as_int64(), file_id);
  EXPECT_EQ(photos[0].at("caption").as_string(), "基础施工");
  EXPECT_EQ(photos[0].at("thumbUrl").as_string(), "/api/v1/files/" + std::to_string(file_id) + "/thumb");
  EXPECT_EQ(photos[0].at("url").as_string(), "/api/v1/files/" + std::to_string(file_id) + "/public");
  EXPECT_EQ(photos[0].at("takenAt").as_string(), "2024-05-06T07:08:09.000+08:00");
  EXPECT_NEAR(photos[0].at("gps").at("lat").as_double(), 31.8612, 1e-4);
  EXPECT_NEAR(photos[0].at("gps").at("lng").as_double(), 117.2834, 1e-4);
  auto detail = office.get(id_path(id)).json();
  ASSERT_EQ(detail.at("progress").as_array().size(), 1u);
  EXPECT_EQ(detail.at("progress").as_array()[0].at("photos").as_array().size(), 1u);
  // The thumbnail the entry points to is served to the town's staff.
  EXPECT_EQ(office.get(std::string(photos[0].at("thumbUrl").as_string())).status, 200);
}

TEST_F(Projects, DeleteRefusedWhileProgressExists) {
  const auto id =
      create_ok(office, small_body(s, 2026, "2026-01", "安全饮水巩固提升", "engineering", "VA", "new"));
  auto p = office.post(id_path(id, "/progress"), progress_body("2026-02-01", 10, 0, "in_progress"));
  ASSERT_EQ(p.status, 201);
  auto del = office.del(id_path(id));
  EXPECT_EQ(del.status, 409) << del.body;
  EXPECT_NE(del.body.find("调整退出"), std::string::npos) << "project.has_progress: " << del.body;
  EXPECT_EQ(office.get(id_path(id)).status, 200);
  auto failed = audit_rows(s, "project.delete");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].result, "failed");
  ASSERT_EQ(office.del("/api/v1/projects/progress/" + std::to_string(p.json().at("id").as_int64())).status,
            204);
  EXPECT_EQ(office.del(id_path(id)).status, 204);
}

// ---- next year's plan ----

TEST_F(Projects, PlanNextYearCopiesTheCatalogue) {
  const auto a = create_ok(office, full_body(s, "2026-01"));
  const auto b =
      create_ok(office, small_body(s, 2026, "2026-02", "农村道路硬化", "engineering", "VA", "new"));
  const auto c =
      create_ok(office, small_body(s, 2026, "2026-03", "困难群众医疗救助", "subsidy", "DY", "continued"));
  const auto d = create_ok(office, small_body(s, 2026, "X-9", "老年人健康体检", "service", "DY", "new"));
  const auto last_year =
      create_ok(office, small_body(s, 2025, "2025-01", "去年的项目", "service", "DY", "new"));
  ASSERT_EQ(
      office.post(id_path(a, "/progress"), progress_body("2026-02-01", 40, 1'000'000, "in_progress")).status,
      201);
  const auto creates_before = audit_rows(s, "project.create").size();

  auto bad_year =
      office.post("/api/v1/projects/plan-next-year", json::object{{"fromYear", 2026}, {"toYear", 2028}});
  EXPECT_EQ(bad_year.status, 400) << bad_year.body;
  EXPECT_TRUE(names_field(bad_year, "toYear")) << bad_year.body;
  auto bad_flag = office.post(
      "/api/v1/projects/plan-next-year",
      json::object{{"fromYear", 2026},
                   {"toYear", 2027},
                   {"items", json::array{json::object{{"projectId", b}, {"changeFlag", "new"}}}}});
  EXPECT_EQ(bad_flag.status, 400);
  EXPECT_TRUE(names_field(bad_flag, "items[0].changeFlag")) << bad_flag.body;
  auto other_year = office.post(
      "/api/v1/projects/plan-next-year",
      json::object{
          {"fromYear", 2026},
          {"toYear", 2027},
          {"items", json::array{json::object{{"projectId", last_year}, {"changeFlag", "improved"}}}}});
  EXPECT_EQ(other_year.status, 400) << other_year.body;
  EXPECT_TRUE(names_field(other_year, "items")) << other_year.body;
  EXPECT_EQ(project_count(s), 5);

  auto plan = office.post(
      "/api/v1/projects/plan-next-year",
      json::object{{"fromYear", 2026},
                   {"toYear", 2027},
                   {"items", json::array{json::object{{"projectId", b}, {"changeFlag", "improved"}},
                                         json::object{{"projectId", c}, {"changeFlag", "withdrawn"}}}}});
  ASSERT_EQ(plan.status, 201) << plan.body;
  EXPECT_EQ(plan.json().at("created").as_int64(), 4);
  EXPECT_EQ(plan.json().at("year").as_int64(), 2027);

  auto next = office.get("/api/v1/projects?year=2027&pageSize=50");
  ASSERT_EQ(next.status, 200);
  EXPECT_EQ(codes_of(next), (std::set<std::string>{"2027-01", "2027-02", "2027-03", "X-9"}));
  std::map<std::string, json::object> by_code;
  const auto next_json = next.json();
  for (const auto& row : next_json.at("rows").as_array())
    by_code[std::string(row.at("code").as_string())] =
        office.get(id_path(row.at("id").as_int64())).json().as_object();
  EXPECT_EQ(by_code["2027-01"].at("changeFlag").as_string(), "continued");
  EXPECT_EQ(by_code["2027-02"].at("changeFlag").as_string(), "improved");
  EXPECT_EQ(by_code["2027-03"].at("changeFlag").as_string(), "withdrawn");  // kept in the list, flagged
  EXPECT_EQ(by_code["X-9"].at("changeFlag").as_string(), "continued");
  EXPECT_EQ(by_code["2027-01"].at("previousId").as_int64(), a);
  EXPECT_EQ(by_code["2027-02"].at("previousId").as_int64(), b);
  EXPECT_EQ(by_code["2027-03"].at("previousId").as_int64(), c);
  EXPECT_EQ(by_code["X-9"].at("previousId").as_int64(), d);
  // The text, units, plan, location and targets follow; the achieved amounts and the progress do not.
  const auto& n = by_code["2027-01"];
  const auto old = office.get(id_path(a)).json().as_object();
  for (const char* key : {"name", "category", "leadUnitId", "cooperatingUnits", "policyText", "plainText",
                          "fundsPlanned", "beneficiaries", "address", "location"})
    EXPECT_EQ(n.at(key), old.at(key)) << key;
  EXPECT_EQ(n.at("year").as_int64(), 2027);
  ASSERT_EQ(n.at("targets").as_array().size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(n.at("targets").as_array()[i].at("planned"), old.at("targets").as_array()[i].at("planned"));
    EXPECT_TRUE(n.at("targets").as_array()[i].at("achieved").is_null()) << i;
  }
  EXPECT_EQ(n.at("progressPct").as_int64(), 0);
  EXPECT_EQ(n.at("status").as_string(), "planned");
  EXPECT_EQ(n.at("fundsDisbursed").as_int64(), 0);
  EXPECT_TRUE(n.at("lastReportDate").is_null());
  EXPECT_TRUE(n.at("progress").as_array().empty());
  // Last year's projects are untouched.
  EXPECT_EQ(old.at("progressPct").as_int64(), 40);
  EXPECT_EQ(office.get(id_path(c)).json().at("changeFlag").as_string(), "continued");

  // Once is enough.
  const auto count = project_count(s);
  auto again =
      office.post("/api/v1/projects/plan-next-year", json::object{{"fromYear", 2026}, {"toYear", 2027}});
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_TRUE(names_field(again, "toYear")) << again.body;
  EXPECT_EQ(project_count(s), count);
  // Nothing to copy.
  auto empty =
      office.post("/api/v1/projects/plan-next-year", json::object{{"fromYear", 2030}, {"toYear", 2031}});
  EXPECT_TRUE(empty.status == 400 || empty.status == 422) << empty.body;
  EXPECT_TRUE(names_field(empty, "fromYear")) << empty.body;

  EXPECT_EQ(office.get("/api/v1/projects/years").json().at("years"),
            json::value(json::array{2027, 2026, 2025}));
  EXPECT_EQ(office.get("/api/v1/projects").json().at("year").as_int64(), 2027);
  auto plan_audit = audit_rows(s, "project.plan_next_year");
  const auto ok_rows =
      std::count_if(plan_audit.begin(), plan_audit.end(), [](const AuditRow& r) { return r.result == "ok"; });
  EXPECT_EQ(ok_rows, 1);
  EXPECT_EQ(audit_rows(s, "project.create").size(), creates_before + 4) << "each copy is audited as a create";
}

// ---- audit and the public pages ----

TEST_F(Projects, EveryWriteIsAuditedAndBumpsTheContentVersion) {
  const auto office_id = s.seed().users.at("office");
  auto check = [&](const std::string& action, bool before, bool after, std::int64_t version_before) {
    auto rows = audit_rows(s, action);
    ASSERT_FALSE(rows.empty()) << action;
    const auto& r = rows.back();
    EXPECT_EQ(r.result, "ok") << action;
    EXPECT_EQ(r.entity, "project") << action;
    EXPECT_EQ(r.user_id, office_id) << action;
    EXPECT_TRUE(r.org_unit_id.has_value()) << action;
    EXPECT_EQ(!r.before.empty(), before) << action << " before: " << r.before;
    EXPECT_EQ(!r.after.empty(), after) << action << " after: " << r.after;
    for (const auto* j : {&r.before, &r.after})
      if (!j->empty()) {
        boost::system::error_code ec;
        json::parse(*j, ec);
        EXPECT_FALSE(ec) << action << ": not JSON: " << *j;
      }
    EXPECT_GT(content_version(s), version_before) << action << " bumps content_version";
  };
  auto v = content_version(s);
  const auto id = create_ok(office, full_body(s, "2026-01"));
  check("project.create", false, true, v);
  EXPECT_NE(audit_rows(s, "project.create").back().after.find("2026-01"), std::string::npos);

  v = content_version(s);
  auto body = full_body(s, "2026-01");
  body.erase("year");
  body["name"] = "改名后的项目";
  ASSERT_EQ(office.put(id_path(id), body).status, 200);
  check("project.update", true, true, v);

  v = content_version(s);
  auto p =
      office.post(id_path(id, "/progress"), progress_body("2026-02-01", 10, 100, "in_progress", "开工了"));
  ASSERT_EQ(p.status, 201);
  check("project.progress", false, true, v);
  EXPECT_NE(audit_rows(s, "project.progress").back().after.find("开工了"), std::string::npos);

  v = content_version(s);
  ASSERT_EQ(office.del("/api/v1/projects/progress/" + std::to_string(p.json().at("id").as_int64())).status,
            204);
  check("project.progress_delete", true, false, v);

  v = content_version(s);
  ASSERT_EQ(office.post("/api/v1/projects/plan-next-year", json::object{{"fromYear", 2026}, {"toYear", 2027}})
                .status,
            201);
  check("project.plan_next_year", false, true, v);

  v = content_version(s);
  const std::string boundary = "----auditimport";
  const std::string csv =
      std::string(kCatalogueCsvHeader) + "2028-01,导入的项目,工程类,社保所,,新增,12.5,100,,,,,,,\r\n";
  auto imp =
      office.request("POST", "/api/v1/projects/import",
                     import_multipart(boundary, "清单.csv", csv, {{"year", "2028"}, {"mode", "create"}}),
                     RequestOptions{.content_type = "multipart/form-data; boundary=" + boundary});
  ASSERT_EQ(imp.status, 200) << imp.body;
  check("project.import", false, true, v);

  v = content_version(s);
  ASSERT_EQ(office.del(id_path(id)).status, 204);
  check("project.delete", true, false, v);

  // Reads change nothing.
  v = content_version(s);
  const auto audits = s.audit_count();
  office.get("/api/v1/projects");
  office.get("/api/v1/projects/years");
  EXPECT_EQ(content_version(s), v);
  EXPECT_EQ(s.audit_count(), audits);
}

}  // namespace
}  // namespace minsheng::testing
