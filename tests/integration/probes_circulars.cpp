// Probes for circulars and assessment (issue 6). Targets are circulars written straight into the database:
// in scope, one of 民生镇 (T1) listing 甲村, 乙村, 社保所, 卫生院 and 镇民生办 — issued (with a stored HTML
// file) for the reads, a draft for the writes; out of scope, one of 邻镇 (T2; 远镇 T3 for the county).
#include "integration/probes.hpp"
#include "modules/circulars/documents.hpp"
#include "modules/circulars/scoring.hpp"
#include "modules/files/store.hpp"

namespace minsheng::testing {

namespace json = boost::json;

std::int64_t insert_test_circular(TestServer& s, const std::string& town_key,
                                  const std::vector<std::string>& unit_keys, bool issued,
                                  const std::string& period) {
  const auto town = s.seed().units.at(town_key);
  circulars::Snapshot snap;
  snap.town_id = town;
  snap.town_name = "测试镇";
  snap.issuer = "测试镇民生工程工作领导小组办公室";
  snap.period = period;
  snap.as_of = "2026-02-28";
  snap.taken_at = "2026-03-01T00:00:00.000Z";
  snap.rule_version = 0;
  snap.rules_json = circulars::rule_set_to_json(circulars::default_rule_set());
  int rank = 0;
  for (const auto& key : unit_keys) {
    circulars::SnapshotUnit u;
    u.unit_id = s.seed().units.at(key);
    u.name = "单位" + key;
    u.rank = u.ytd_rank = ++rank;
    u.period_score = u.ytd_score = 20 - rank;
    u.period.submitted = 1;
    snap.units.push_back(std::move(u));
  }
  const circulars::Prose prose{"总体情况。", "好的单位。", "存在问题。", "下步要求。"};
  static int serial = 0;
  ++serial;
  const std::string now = "2026-03-01T00:00:00.000Z";
  const db::Params params{
      town,
      period,
      issued ? "issued" : "draft",
      "关于测试的通报",
      circulars::prose_to_json(prose),
      circulars::snapshot_to_json(snap),
      issued ? db::Param(2026) : db::Param(nullptr),
      issued ? db::Param(serial) : db::Param(nullptr),
      issued ? db::Param(circulars::doc_number("测试", 2026, serial)) : db::Param(nullptr),
      issued ? db::Param("2026-03-01") : db::Param(nullptr),
      issued ? db::Param(now) : db::Param(nullptr),
      now};
  const auto id =
      db::query(
          s.pool(),
          "INSERT INTO circulars (town_id, period, state, title, prose_json, snapshot_json, rule_version, "
          "code_word, red_header, doc_year, serial, doc_number, issued_on, issued_at, created_at, "
          "updated_at) VALUES ($1, $2, $3, $4, $5, $6, 0, '测试', 0, $7, $8, $9, $10, $11, $12, $12) "
          "RETURNING id",
          params)
          .first()
          .int64("id");
  if (issued) {
    db::Tx tx(s.pool());
    const std::string html = "<!doctype html><meta charset=\"utf-8\"><p>关于测试的通报</p>";
    const auto sha = files::put_blob(tx, html, now);
    tx.query(
        "INSERT INTO circular_files (circular_id, format, sha256, size, content_type) VALUES ($1, 'html', "
        "$2, "
        "$3, 'text/html; charset=utf-8')",
        {id, sha, static_cast<std::int64_t>(html.size())});
    for (const auto& key : unit_keys)
      tx.query("INSERT INTO circular_units (circular_id, unit_id) VALUES ($1, $2)",
               {id, s.seed().units.at(key)});
    tx.commit();
  }
  return id;
}

json::object test_rules_body(int variant) {
  auto rules = json::parse(circulars::rule_set_to_json(circulars::default_rule_set())).as_object();
  rules["kinds"].as_array()[0].as_object()["met"] = std::to_string(1 + variant % 9) + ".0";
  return json::object{{"rules", std::move(rules)}};
}

namespace {

std::function<std::int64_t(ProbeCtx&, bool)> circular(bool issued) {
  return [issued](ProbeCtx& c, bool in) {
    if (in) return insert_test_circular(c.server, "T1", {"VA", "VB", "DX", "DY", "OFF"}, issued, "2026-02");
    if (c.principal == "county") return insert_test_circular(c.server, "T3", {"VD"}, issued, "2026-02");
    return insert_test_circular(c.server, "T2", {"VC", "DZ"}, issued, "2026-02");
  };
}

}  // namespace

void seed_circular_lists(TestServer& s, ListSeed& seed) {
  // Issued circulars of 民生镇 listing all its units and one listing only 甲村 and 社保所 (out of scope for
  // 乙村 and 卫生院), a draft (the office's alone), and circulars of 邻镇 and 远镇.
  const auto circulars = route_key("GET", "/api/v1/circulars");
  const auto add = [&](const std::string& town, const std::vector<std::string>& units, bool issued,
                       const std::string& witness) {
    seed.add(circulars, std::to_string(insert_test_circular(s, town, units, issued, "2026-02")), witness);
  };
  add("T1", {"VA", "VB", "DX", "DY", "OFF"}, true, "office");
  add("T1", {"VA", "DX"}, true, "office");
  add("T1", {"VA", "DX"}, false, "office");
  add("T2", {"VC", "DZ"}, true, "vc1");
  add("T2", {"VC", "DZ"}, false, "off_t2");
  add("T3", {"VD"}, true, "vd1");
  // The scores and the scorecard list the units of one town: the office of each town sees its own.
  const std::vector<std::pair<std::string, std::string>> units = {
      {"VA", "office"}, {"VB", "office"}, {"DX", "office"}, {"DY", "office"},
      {"VC", "off_t2"}, {"DZ", "off_t2"}, {"VD", "off_t3"}};
  const std::map<std::string, std::string> names = {{"VA", "甲村"},   {"VB", "乙村"}, {"DX", "社保所"},
                                                    {"DY", "卫生院"}, {"VC", "丙村"}, {"DZ", "邻镇民政办"},
                                                    {"VD", "丁村"}};
  for (const auto& [unit, witness] : units) {
    const auto id = std::to_string(s.seed().units.at(unit));
    seed.add(route_key("GET", "/api/v1/scores"), id, witness);
    seed.add(route_key("GET", "/api/v1/scorecard"), id, witness);
    seed.add(route_key("GET", "/api/v1/scorecard/export"), names.at(unit), witness);
  }
}

void add_circular_probes(std::map<std::string, Probe>& m) {
  auto none = [](ProbeCtx&, bool, std::int64_t) -> std::optional<json::value> { return std::nullopt; };
  auto empty = [](ProbeCtx&, bool, std::int64_t) -> std::optional<json::value> { return json::object{}; };
  auto rules = [](ProbeCtx& c, bool, std::int64_t) -> std::optional<json::value> {
    return test_rules_body(++c.counter);
  };

  m[route_key("GET", "/api/v1/score-rules")] = Probe{.query = "?year=2026", .town_param = true, .body = none};
  m[route_key("PUT", "/api/v1/score-rules")] = Probe{.query = "?year=2026", .body = rules};
  m[route_key("POST", "/api/v1/score-rules/preview")] = Probe{.query = "?year=2026", .body = rules};
  // Scores and the scorecard rank the units of the caller's town (county staff: a town of the county).
  const std::string unit_by_id = "SELECT path FROM org_units WHERE CAST(id AS TEXT) = $1";
  m[route_key("GET", "/api/v1/scores")] =
      Probe{.list = ListCheck{.keys = json_keys("unitId", "units"), .path_sql = unit_by_id},
            .query = "?period=2026-02",
            .town_param = true,
            .body = none};
  m[route_key("GET", "/api/v1/scorecard")] =
      Probe{.list = ListCheck{.keys = json_keys("unitId"), .path_sql = unit_by_id},
            .query = "?year=2026",
            .town_param = true,
            .body = none};
  m[route_key("GET", "/api/v1/scorecard/export")] = Probe{
      .list = ListCheck{.keys = xlsx_keys("单位"), .path_sql = "SELECT path FROM org_units WHERE name = $1"},
      .query = "?year=2026&format=xlsx",
      .town_param = true,
      .body = none};
  m[route_key("GET", "/api/v1/scorecard/shortlist-config")] =
      Probe{.query = "?year=2026", .town_param = true, .body = none};
  m[route_key("PUT", "/api/v1/scorecard/shortlist-config")] =
      Probe{.query = "?year=2026",
            .body = [](ProbeCtx& c, bool, std::int64_t) -> std::optional<json::value> {
              return json::object{{"minTotal", std::to_string(10 + ++c.counter % 20) + ".0"},
                                  {"topN", 5},
                                  {"conditions", json::array{}}};
            },
            .fields = {{"topN", FieldSpec::Integer, false}}};

  // Issued circulars: the town's for the office, leader and county; those listing their own unit for
  // departments and villages. Drafts: the office's town only. A circular's paths: its town and listed units.
  m[route_key("GET", "/api/v1/circulars")] = Probe{
      .list = ListCheck{.keys = json_keys("id"),
                        .path_sql = "SELECT t.path FROM circulars c JOIN org_units t ON t.id = c.town_id "
                                    "WHERE CAST(c.id AS TEXT) = $1 UNION SELECT u.path FROM circular_units "
                                    "cu JOIN org_units u ON u.id = cu.unit_id WHERE CAST(cu.circular_id "
                                    "AS TEXT) = $1",
                        .paged = true},
      .query = "?pageSize=50",
      .body = none};
  m[route_key("POST", "/api/v1/circulars")] =
      Probe{.body = [](ProbeCtx& c, bool, std::int64_t) -> std::optional<json::value> {
              const auto& u = c.server.seed().units;
              return json::object{{"period", "2026-02"},
                                  {"unitIds", json::array{u.at("VA"), u.at("DX")}},
                                  {"title", "探针通报" + std::to_string(++c.counter)}};
            },
            .fields = {{"period", FieldSpec::String, true},
                       {"codeWord", FieldSpec::String, false},
                       {"title", FieldSpec::String, false}}};

  Probe read;
  read.body = none;
  read.make = circular(true);
  m[route_key("GET", "/api/v1/circulars/{id}")] = read;
  Probe file = read;
  file.query = "?format=html";
  m[route_key("GET", "/api/v1/circulars/{id}/file")] = file;

  Probe put;
  put.make = circular(false);
  put.body = [](ProbeCtx& c, bool, std::int64_t) -> std::optional<json::value> {
    return json::object{{"title", "改过的通报标题" + std::to_string(++c.counter)},
                        {"prose", json::object{{"overall", "改过的总体情况。"}}},
                        {"codeWord", "民生办"},
                        {"redHeader", true}};
  };
  put.fields = {{"title", FieldSpec::String, false}, {"codeWord", FieldSpec::String, false}};
  m[route_key("PUT", "/api/v1/circulars/{id}")] = put;

  Probe del;
  del.make = circular(false);
  del.body = empty;
  m[route_key("DELETE", "/api/v1/circulars/{id}")] = del;

  Probe refresh;
  refresh.make = circular(false);
  refresh.body = [](ProbeCtx&, bool, std::int64_t) -> std::optional<json::value> {
    return json::object{{"resetProse", true}};
  };
  m[route_key("POST", "/api/v1/circulars/{id}/refresh")] = refresh;

  Probe issue;
  issue.make = circular(false);
  issue.body = [](ProbeCtx&, bool, std::int64_t) -> std::optional<json::value> {
    return json::object{{"issuedOn", "2026-03-02"}};
  };
  issue.fields = {{"issuedOn", FieldSpec::String, false}};
  m[route_key("POST", "/api/v1/circulars/{id}/issue")] = issue;
}

}  // namespace minsheng::testing
