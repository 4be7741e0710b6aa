// Probes for signage and print (issue 7). Targets are written straight into the database: in scope, an
// engineering project of 民生镇 (T1) led by the principal's own unit (社保所 DX for the others), a window or
// a print run of the principal's own unit (甲村 VA / 镇民生办 OFF for the others); out of scope, the same in
// 邻镇 (T2; 远镇 T3 for the county).
#include <tuple>

#include "integration/files_support.hpp"
#include "integration/probes.hpp"
#include "integration/projects_support.hpp"

namespace minsheng::testing {

namespace json = boost::json;

namespace {

bool own_unit_principal(const std::string& p) {
  return p == "village_a" || p == "village_b" || p == "dept_x" || p == "dept_y";
}

std::string town_for(ProbeCtx& c, bool in) {
  if (in) return "T1";
  return c.principal == "county" ? "T3" : "T2";
}

// The unit a target belongs to: the principal's own, or a default unit of the town.
std::string unit_for(ProbeCtx& c, bool in, const std::string& other) {
  if (!in) return c.principal == "county" ? "VD" : "VC";
  return own_unit_principal(c.principal) ? in_unit_key(c.principal) : other;
}

std::int64_t project(ProbeCtx& c, bool in) {
  return insert_test_project(c.server, town_for(c, in), unit_for(c, in, "DX"),
                             "SG-" + std::to_string(++c.counter));
}

std::int64_t project_with_evidence(ProbeCtx& c, bool in) {
  const auto id = project(c, in);
  insert_test_sign(c.server, id, true);
  return id;
}

std::int64_t window(ProbeCtx& c, bool in) {
  const auto p = insert_test_project(c.server, town_for(c, in), unit_for(c, in, "DX"),
                                     "SW-" + std::to_string(++c.counter));
  return insert_test_window(c.server, town_for(c, in), unit_for(c, in, "VA"), {p});
}

std::int64_t run(ProbeCtx& c, bool in) {
  const auto p = project(c, in);
  return insert_test_print_run(c.server, p, unit_for(c, in, "OFF"));
}

std::int64_t project_with_leaflet(ProbeCtx& c, bool in) {
  const auto p = project(c, in);
  const auto town = c.server.seed().units.at(town_for(c, in));
  db::query(
      c.server.pool(),
      "INSERT INTO leaflet_versions (town_id, project_id, version, title, plain_text, hotline, created_at, "
      "updated_at) VALUES ($1, $2, 1, '测试明白纸', '说明文字。', '0551-62345678', "
      "'2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
      {town, p});
  return p;
}

}  // namespace

std::int64_t insert_test_sign(TestServer& s, std::int64_t project, bool evidenced) {
  auto town =
      db::query(s.pool(), "SELECT town_id, lead_unit_id FROM projects WHERE id = $1", {project}).first();
  const auto town_id = town.int64("town_id");
  std::optional<std::int64_t> file;
  if (evidenced) file = insert_test_file(s, town.int64("lead_unit_id"));
  const db::Params params{town_id, project, file,
                          evidenced ? db::Param("2026-01-02T00:00:00.000Z") : db::Param(nullptr)};
  return db::query(s.pool(),
                   "INSERT INTO signs (town_id, project_id, supervision_phone, evidence_file_id, "
                   "evidence_uploaded_at, created_at, updated_at) VALUES ($1, $2, '0551-62345678', $3, $4, "
                   "'2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z') RETURNING id",
                   params)
      .first()
      .int64("id");
}

std::int64_t insert_test_window(TestServer& s, const std::string& town_key, const std::string& unit_key,
                                const std::vector<std::int64_t>& projects) {
  const auto id =
      db::query(s.pool(),
                "INSERT INTO service_windows (town_id, unit_id, place, created_at, updated_at) VALUES "
                "($1, $2, '便民服务窗口', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z') "
                "RETURNING id",
                {s.seed().units.at(town_key), s.seed().units.at(unit_key)})
          .first()
          .int64("id");
  for (auto p : projects)
    db::query(s.pool(), "INSERT INTO window_projects (window_id, project_id) VALUES ($1, $2)", {id, p});
  return id;
}

std::int64_t insert_test_print_run(TestServer& s, std::int64_t project, const std::string& unit_key) {
  const auto town =
      db::query(s.pool(), "SELECT town_id FROM projects WHERE id = $1", {project}).first().int64("town_id");
  return db::query(
             s.pool(),
             "INSERT INTO print_runs (town_id, unit_id, kind, project_id, copies, printed_on, created_at) "
             "VALUES ($1, $2, 'sign', $3, 1000, '2026-01-05', '2026-01-05T00:00:00.000Z') RETURNING id",
             {town, s.seed().units.at(unit_key), project})
      .first()
      .int64("id");
}

void seed_signage_lists(TestServer& s, ListSeed& seed) {
  // In 民生镇 a sign-board project of 2026 led by a department and one by a village, a window and a print run
  // of each of the two villages; the same once in 邻镇 and in 远镇; and a 2031 sign board of each town for
  // the ZIP export (kept to one year so the export stays small).
  const std::vector<std::tuple<std::string, std::string, std::string, std::string>> rows = {
      {"T1", "DX", "LS-T1-DX", "office"},
      {"T1", "VA", "LS-T1-VA", "office"},
      {"T1", "VB", "LS-T1-VB", "office"},
      {"T2", "VC", "LS-T2-VC", "vc1"},
      {"T3", "VD", "LS-T3-VD", "vd1"}};
  for (const auto& [town, lead, code, witness] : rows) {
    const auto project = insert_test_project(s, town, lead, code);
    const auto id = std::to_string(project);
    seed.add(route_key("GET", "/api/v1/signs"), id, witness);
    seed.add(route_key("GET", "/api/v1/leaflets"), id, witness);
    if (lead.starts_with("V")) {
      seed.add(route_key("GET", "/api/v1/windows"),
               std::to_string(insert_test_window(s, town, lead, {project})), witness);
      seed.add(route_key("GET", "/api/v1/print-runs"),
               std::to_string(insert_test_print_run(s, project, lead)), witness);
    }
    const std::string code2031 = code + "-2031";
    insert_test_project(s, town, lead, code2031, 2031);
    seed.add(route_key("GET", "/api/v1/signs/export.zip"), code2031, witness);
  }
}

void add_signage_probes(std::map<std::string, Probe>& m) {
  auto none = [](ProbeCtx&, bool, std::int64_t) -> std::optional<json::value> { return std::nullopt; };
  auto empty = [](ProbeCtx&, bool, std::int64_t) -> std::optional<json::value> { return json::object{}; };

  // Every role reads its own town's signage (county staff: a town of the county, the first by default).
  const std::string project_town =
      "SELECT t.path FROM projects p JOIN org_units t ON t.id = p.town_id WHERE CAST(p.id AS TEXT) = $1";
  m[route_key("GET", "/api/v1/signs")] = Probe{
      .list = ListCheck{.scope = ListScope::Town, .keys = json_keys("projectId"), .path_sql = project_town},
      .query = "?year=2026",
      .town_param = true,
      .body = none};
  m[route_key("GET", "/api/v1/signs/export.zip")] = Probe{
      .list = ListCheck{.scope = ListScope::Town,
                        .keys = zip_keys(),
                        .path_sql = "SELECT t.path FROM projects p JOIN org_units t ON t.id = p.town_id "
                                    "WHERE p.code = $1"},
      .query = "?year=2031&format=svg",
      .town_param = true,
      .body = none};
  m[route_key("GET", "/api/v1/signage-settings")] = Probe{.town_param = true, .body = none};
  m[route_key("PUT", "/api/v1/signage-settings")] =
      Probe{.body = [](ProbeCtx& c, bool, std::int64_t) -> std::optional<json::value> {
              return json::object{{"overdueDays", 10 + ++c.counter % 50}};
            },
            .fields = {{"overdueDays", FieldSpec::Integer, true}}};

  Probe read;
  read.body = none;
  read.make = project;
  m[route_key("GET", "/api/v1/signs/project/{id}")] = read;
  Probe artwork = read;
  artwork.query = "?format=svg";
  m[route_key("GET", "/api/v1/signs/project/{id}/artwork")] = artwork;
  m[route_key("GET", "/api/v1/leaflets/project/{id}")] = read;

  Probe put;
  put.make = project;
  put.body = [](ProbeCtx& c, bool, std::int64_t) -> std::optional<json::value> {
    return json::object{
        {"size", "240x120"},
        {"script", "hans"},
        {"overrides", json::object{{"supervisionPhone", "0551-6234567" + std::to_string(++c.counter % 10)},
                                   {"contractor", "测试建设有限公司"}}}};
  };
  put.fields = {{"size", FieldSpec::String, false}, {"script", FieldSpec::String, false}};
  m[route_key("PUT", "/api/v1/signs/project/{id}")] = put;

  Probe evidence;
  evidence.make = project;
  evidence.body = [](ProbeCtx& c, bool, std::int64_t) -> std::optional<json::value> {
    return json::object{{"fileId", insert_test_file(c.server, c.server.seed().units.at("DX"))}};
  };
  evidence.fields = {{"fileId", FieldSpec::Integer, true}};
  m[route_key("POST", "/api/v1/signs/project/{id}/evidence")] = evidence;

  Probe unevidence;
  unevidence.make = project_with_evidence;
  unevidence.body = empty;
  m[route_key("DELETE", "/api/v1/signs/project/{id}/evidence")] = unevidence;

  m[route_key("GET", "/api/v1/windows")] =
      Probe{.list = ListCheck{.scope = ListScope::Town,
                              .keys = json_keys("id"),
                              .path_sql = "SELECT t.path FROM service_windows w JOIN org_units t ON t.id = "
                                          "w.town_id WHERE CAST(w.id AS TEXT) = $1"},
            .town_param = true,
            .body = none};
  m[route_key("POST", "/api/v1/windows")] =
      Probe{.body = [](ProbeCtx& c, bool, std::int64_t) -> std::optional<json::value> {
              return json::object{{"place", "探针窗口" + std::to_string(++c.counter)},
                                  {"projectIds", json::array{}}};
            },
            .fields = {{"place", FieldSpec::String, true}, {"unitId", FieldSpec::Integer, false}}};
  Probe wput;
  wput.make = window;
  wput.body = [](ProbeCtx& c, bool, std::int64_t) -> std::optional<json::value> {
    return json::object{{"place", "改过的窗口" + std::to_string(++c.counter)}};
  };
  wput.fields = {{"place", FieldSpec::String, true}, {"unitId", FieldSpec::Integer, false}};
  m[route_key("PUT", "/api/v1/windows/{id}")] = wput;
  Probe wdel;
  wdel.make = window;
  wdel.body = empty;
  m[route_key("DELETE", "/api/v1/windows/{id}")] = wdel;
  Probe check;
  check.make = window;
  check.body = [](ProbeCtx&, bool, std::int64_t) -> std::optional<json::value> {
    return json::object{{"checkedOn", "2026-02-01"}, {"posterPresent", true}, {"note", "海报完好"}};
  };
  check.fields = {{"checkedOn", FieldSpec::String, false},
                  {"note", FieldSpec::String, false},
                  {"fileId", FieldSpec::Integer, false}};
  m[route_key("POST", "/api/v1/windows/{id}/checks")] = check;
  Probe poster;
  poster.make = window;
  poster.body = none;
  poster.query = "?format=svg";
  m[route_key("GET", "/api/v1/windows/{id}/poster")] = poster;

  m[route_key("GET", "/api/v1/leaflets")] = Probe{
      .list = ListCheck{.scope = ListScope::Town, .keys = json_keys("projectId"), .path_sql = project_town},
      .query = "?year=2026",
      .town_param = true,
      .body = none};
  Probe lput;
  lput.make = project;
  lput.body = [](ProbeCtx& c, bool, std::int64_t) -> std::optional<json::value> {
    return json::object{{"title", "测试明白纸" + std::to_string(++c.counter)},
                        {"plainText", "通俗说明。"},
                        {"eligibility", "本镇群众。"},
                        {"howToApply", "到窗口申请。"},
                        {"hotline", "0551-62345678"},
                        {"paper", "a5"},
                        {"twoUp", true}};
  };
  lput.fields = {{"title", FieldSpec::String, true},
                 {"plainText", FieldSpec::String, false},
                 {"hotline", FieldSpec::String, false},
                 {"paper", FieldSpec::String, false}};
  m[route_key("PUT", "/api/v1/leaflets/project/{id}")] = lput;
  Probe lart;
  lart.make = project_with_leaflet;
  lart.body = none;
  lart.query = "?format=svg";
  m[route_key("GET", "/api/v1/leaflets/project/{id}/versions/{version}/artwork")] = lart;

  m[route_key("GET", "/api/v1/print-runs")] = Probe{
      .list = ListCheck{.scope = ListScope::Town,
                        .keys = json_keys("id"),
                        .path_sql = "SELECT t.path FROM print_runs r JOIN org_units t ON t.id = r.town_id "
                                    "WHERE CAST(r.id AS TEXT) = $1"},
      .query = "?year=2026",
      .town_param = true,
      .body = none};
  m[route_key("POST", "/api/v1/print-runs")] =
      Probe{.body = [](ProbeCtx& c, bool in, std::int64_t) -> std::optional<json::value> {
              // The test server has no public address: printing it takes the explicit confirmation.
              return json::object{{"kind", "sign"},
                                  {"projectId", project(c, in)},
                                  {"copies", 20},
                                  {"printedOn", "2026-02-01"},
                                  {"confirmQr", true}};
            },
            .fields = {{"kind", FieldSpec::String, true},
                       {"projectId", FieldSpec::Integer, true},
                       {"copies", FieldSpec::Integer, true},
                       {"printedOn", FieldSpec::String, false},
                       {"leafletVersion", FieldSpec::Integer, false}}};
  Probe rget;
  rget.make = run;
  rget.body = none;
  m[route_key("GET", "/api/v1/print-runs/{id}")] = rget;
  Probe dist;
  dist.make = run;
  dist.body = [](ProbeCtx&, bool, std::int64_t) -> std::optional<json::value> {
    return json::object{{"targetKind", "school"},
                        {"targetName", "中心小学"},
                        {"copies", 5},
                        {"pupilsReached", 40},
                        {"handedOn", "2026-02-03"}};
  };
  dist.fields = {{"targetKind", FieldSpec::String, true},
                 {"targetName", FieldSpec::String, true},
                 {"copies", FieldSpec::Integer, true},
                 {"pupilsReached", FieldSpec::Integer, false},
                 {"handedOn", FieldSpec::String, false}};
  m[route_key("POST", "/api/v1/print-runs/{id}/distributions")] = dist;
}

}  // namespace minsheng::testing
