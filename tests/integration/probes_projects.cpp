// Probes for the project catalogue (issue 4): targets are projects inserted per call — in scope, a project of
// T1 led by the principal's own unit (DX for town- and county-wide principals); out of scope, one of T2 (T3
// for the county).
#include <tuple>

#include "integration/probes.hpp"
#include "integration/projects_support.hpp"

namespace minsheng::testing {

namespace json = boost::json;

std::int64_t insert_test_project(TestServer& s, const std::string& town, const std::string& lead,
                                 const std::string& code, int year) {
  const auto& u = s.seed().units;
  return db::query(s.pool(),
                   "INSERT INTO projects (town_id, year, code, name, category, lead_unit_id, change_flag, "
                   "funds_planned, created_at, updated_at) VALUES ($1, $2, $3, $4, 'engineering', $5, 'new', "
                   "1000000000, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z') RETURNING id",
                   {u.at(town), year, code, "测试项目" + code, u.at(lead)})
      .first()
      .int64("id");
}

std::int64_t insert_test_progress(TestServer& s, std::int64_t project, const std::string& date, int pct) {
  return db::query(
             s.pool(),
             "INSERT INTO project_progress (project_id, report_date, progress_pct, funds_disbursed, status, "
             "note, created_at) VALUES ($1, $2, $3, 0, 'in_progress', '进展', '2026-01-01T00:00:00.000Z') "
             "RETURNING id",
             {project, date, pct})
      .first()
      .int64("id");
}

std::string import_multipart(const std::string& boundary, const std::string& filename,
                             const std::string& bytes,
                             const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string b;
  for (const auto& [name, value] : fields)
    b += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value +
         "\r\n";
  b += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename +
       "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + bytes + "\r\n--" + boundary + "--\r\n";
  return b;
}

namespace {

bool own_unit_principal(const std::string& p) {
  return p == "village_a" || p == "village_b" || p == "dept_x" || p == "dept_y";
}

std::int64_t project_for(ProbeCtx& c, bool in) {
  const std::string code = "PR-" + std::to_string(++c.counter);
  if (!in)
    return c.principal == "county" ? insert_test_project(c.server, "T3", "VD", code)
                                   : insert_test_project(c.server, "T2", "VC", code);
  return insert_test_project(c.server, "T1",
                             own_unit_principal(c.principal) ? in_unit_key(c.principal) : "DX", code);
}

Probe::RawBody import_body(ProbeCtx& c) {
  const std::string boundary = "----import" + std::to_string(++c.counter);
  const std::string csv = std::string(kCatalogueCsvHeader) + "IM-" + std::to_string(c.counter) +
                          ",导入的项目,工程类,社保所,,新增,12.5,100,,,,,,,\r\n";
  return Probe::RawBody{"multipart/form-data; boundary=" + boundary,
                        import_multipart(boundary, "清单.csv", csv, {{"year", "2030"}, {"mode", "create"}})};
}

}  // namespace

void seed_project_lists(TestServer& s, ListSeed& seed) {
  // 2026 catalogues of 民生镇 (led by each department, so both owe quota items, and by a village), 邻镇 and
  // 远镇; and a year only 邻镇 (2019) and only 远镇 (2017) has, for the list of years.
  const std::vector<std::tuple<std::string, std::string, std::string, std::string>> rows = {
      {"T1", "DX", "LP-T1-DX", "office"},
      {"T1", "DY", "LP-T1-DY", "office"},
      {"T1", "VA", "LP-T1-VA", "office"},
      {"T2", "VC", "LP-T2-VC", "vc1"},
      {"T3", "VD", "LP-T3-VD", "vd1"}};
  for (const auto& [town, lead, code, witness] : rows) {
    const auto id = insert_test_project(s, town, lead, code);
    seed.add(route_key("GET", "/api/v1/projects"), std::to_string(id), witness);
    seed.add(route_key("GET", "/api/v1/projects/export"), code, witness);
  }
  insert_test_project(s, "T2", "VC", "LP-T2-2019", 2019);
  seed.add(route_key("GET", "/api/v1/projects/years"), "2019", "vc1");
  insert_test_project(s, "T3", "VD", "LP-T3-2017", 2017);
  seed.add(route_key("GET", "/api/v1/projects/years"), "2017", "vd1");
}

void add_project_probes(std::map<std::string, Probe>& m) {
  auto none = [](ProbeCtx&, bool, std::int64_t) -> std::optional<json::value> { return std::nullopt; };
  auto empty = [](ProbeCtx&, bool, std::int64_t) -> std::optional<json::value> { return json::object{}; };
  auto project_body = [](ProbeCtx& c, bool with_year) {
    json::object o{{"code", "P-" + std::to_string(++c.counter)},
                   {"name", "新项目"},
                   {"category", "engineering"},
                   {"leadUnitId", c.server.seed().units.at("DX")},
                   {"cooperatingUnitIds", json::array{c.server.seed().units.at("VA")}},
                   {"changeFlag", "new"},
                   {"fundsPlanned", 12'500'000},
                   {"targets", json::array{json::object{{"name", "改厕"}, {"unit", "户"}, {"planned", 100}}}},
                   {"location", json::object{{"lat", 31.86}, {"lng", 117.28}, {"system", "cgcs2000"}}}};
    if (with_year) o["year"] = 2026;
    return o;
  };
  const std::vector<FieldSpec> project_fields = {{"code", FieldSpec::String, true},
                                                 {"name", FieldSpec::String, true},
                                                 {"leadUnitId", FieldSpec::Integer, true},
                                                 {"fundsPlanned", FieldSpec::Integer, false}};

  // Every role reads its own town's catalogue (county staff: the towns of the county).
  const std::string town_of = "SELECT t.path FROM projects p JOIN org_units t ON t.id = p.town_id WHERE ";
  m[route_key("GET", "/api/v1/projects")] =
      Probe{.list = ListCheck{.scope = ListScope::Town,
                              .keys = json_keys("id"),
                              .path_sql = town_of + "CAST(p.id AS TEXT) = $1",
                              .paged = true},
            .query = "?year=2026&pageSize=50",
            .body = none};
  m[route_key("GET", "/api/v1/projects/years")] =
      Probe{.list = ListCheck{.scope = ListScope::Town,
                              .keys = json_values("years"),
                              .path_sql = town_of + "CAST(p.year AS TEXT) = $1"},
            .body = none};
  m[route_key("GET", "/api/v1/projects/import-template")] = Probe{.body = none};
  m[route_key("GET", "/api/v1/projects/export")] = Probe{
      .list =
          ListCheck{.scope = ListScope::Town, .keys = xlsx_keys("编号"), .path_sql = town_of + "p.code = $1"},
      .query = "?year=2026&format=xlsx",
      .town_param = true,
      .body = none};
  Probe import;
  import.body = none;
  import.raw_body = [](ProbeCtx & c, bool, std::int64_t)
                        ->std::optional<Probe::RawBody> {
                          return import_body(c);
};
m[route_key("POST", "/api/v1/projects/import")] = import;
m[route_key("POST", "/api/v1/projects/import/report")] = import;
m[route_key("POST", "/api/v1/projects/plan-next-year")] =
    Probe{.body = [](ProbeCtx& c, bool, std::int64_t) -> std::optional<json::value> {
            // A year of its own with one project, and an empty next year.
            const int year = 2002 + 2 * (++c.counter % 48);
            insert_test_project(c.server, "T1", "DX", "PY-" + std::to_string(c.counter), year);
            return json::object{{"fromYear", year}, {"toYear", year + 1}};
          },
          .fields = {{"fromYear", FieldSpec::Integer, true}, {"toYear", FieldSpec::Integer, true}}};
m[route_key("POST", "/api/v1/projects")] =
    Probe{.body = [project_body](ProbeCtx& c, bool, std::int64_t) -> std::optional<json::value> {
            return project_body(c, true);
          },
          .fields =
              [&] {
                auto f = project_fields;
                f.push_back({"year", FieldSpec::Integer, true});
                return f;
              }()};

Probe one;
one.body = none;
one.make = project_for;
m[route_key("GET", "/api/v1/projects/{id}")] = one;
m[route_key("GET", "/api/v1/projects/{id}/progress")] = one;
Probe put = one;
put.body = [project_body](ProbeCtx& c, bool, std::int64_t) -> std::optional<json::value> {
  return project_body(c, false);
};
put.fields = project_fields;
m[route_key("PUT", "/api/v1/projects/{id}")] = put;
Probe del = one;
del.body = empty;
m[route_key("DELETE", "/api/v1/projects/{id}")] = del;
Probe progress = one;
progress.body = [](ProbeCtx&, bool, std::int64_t) -> std::optional<json::value> {
  return json::object{{"reportDate", "2026-03-01"},
                      {"progressPct", 40},
                      {"fundsDisbursed", 1'000'000},
                      {"status", "in_progress"},
                      {"note", "完成土方工程"}};
};
progress.fields = {{"reportDate", FieldSpec::String, true},
                   {"progressPct", FieldSpec::Integer, true},
                   {"fundsDisbursed", FieldSpec::Integer, true},
                   {"status", FieldSpec::String, true}};
m[route_key("POST", "/api/v1/projects/{id}/progress")] = progress;
Probe del_progress;
del_progress.body = empty;
del_progress.make = [](ProbeCtx& c, bool in) {
  return insert_test_progress(c.server, project_for(c, in), "2026-02-01", 30);
};
m[route_key("DELETE", "/api/v1/projects/progress/{id}")] = del_progress;
}  // namespace minsheng::testing

}  // namespace minsheng::testing
