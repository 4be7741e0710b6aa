// Probes for submissions, the quota ledger and notifications (issue 5). Targets are rows inserted per call:
// in scope, an item of the principal's own unit (departments, villages; 镇民生办 for the office acting as
// author) or of 社保所 (DX) for reviewers and readers above a unit, in the state the route's action starts
// from; out of scope, an item of 丙村 in 邻镇 (丁村 in 远镇 for the county). Notifications: one of the
// principal's own (in scope) or of another user (out).
#include "integration/probes.hpp"

namespace minsheng::testing {

namespace json = boost::json;

std::int64_t insert_test_submission(TestServer& s, const std::string& unit_key, const std::string& state,
                                    const std::string& kind, bool forwarded, const std::string& title) {
  const auto unit = s.seed().units.at(unit_key);
  const auto town =
      db::query(s.pool(), "SELECT town_id FROM org_units WHERE id = $1", {unit}).first().int64("town_id");
  const bool submitted = state != "draft";
  const bool approved = state == "approved" || state == "published";
  const std::string t = "2026-03-01T02:00:00.000Z";
  const db::Params params{town,
                          unit,
                          kind,
                          state,
                          title,
                          submitted ? db::Param(t) : db::Param(nullptr),
                          approved ? db::Param(t) : db::Param(nullptr),
                          state == "published" ? db::Param(t) : db::Param(nullptr),
                          forwarded ? db::Param(t) : db::Param(nullptr),
                          forwarded ? db::Param("县民生办") : db::Param(""),
                          kind == "voice" ? 1 : 0};
  return db::
      query(s.pool(),
            "INSERT INTO submissions (town_id, org_unit_id, kind, state, title, body, first_submitted_at, "
            "submitted_at, approved_at, published_at, forwarded_at, forwarded_to, consent, speaker_desc, "
            "quote, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, '测试正文', $6, $6, $7, $8, $9, $10, "
            "$11, '甲村村民', '很好', '2026-03-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z') RETURNING id",
            params)
          .first()
          .int64("id");
}

namespace {

bool own_unit_principal(const std::string& p) {
  return p == "village_a" || p == "village_b" || p == "dept_x" || p == "dept_y";
}

// The unit of an in-scope target: the author's own unit for writers, 社保所 for everyone else.
std::string author_unit(const std::string& p) {
  if (own_unit_principal(p)) return in_unit_key(p);
  if (p == "office") return "OFF";
  return "DX";
}

std::string foreign_unit(const std::string& p) {
  return p == "county" ? "VD" : "VC";
}

// A target made per call in `state` (the leader gets reviewed items for return/approve).
std::function<std::int64_t(ProbeCtx&, bool)> item(std::string state, bool by_author, bool forwarded = false,
                                                  bool leader_reviewed = false) {
  return [=](ProbeCtx& c, bool in) {
    const std::string unit =
        in ? (by_author ? author_unit(c.principal)
                        : (own_unit_principal(c.principal) ? in_unit_key(c.principal) : "DX"))
           : foreign_unit(c.principal);
    const std::string st = leader_reviewed && c.principal == "leader" ? "reviewed" : state;
    return insert_test_submission(c.server, unit, st, "news", forwarded,
                                  "探针信息" + std::to_string(++c.counter));
  };
}

std::int64_t user_or(TestServer& s, const std::string& principal, const std::string& fallback) {
  const auto& users = s.seed().users;
  return users.count(principal) ? users.at(principal) : users.at(fallback);
}

// A seed account of each unit: it reads its own unit's items and ledger.
const std::map<std::string, std::string>& unit_witness() {
  static const std::map<std::string, std::string> w = {{"VA", "va1"}, {"VB", "vb1"},   {"DX", "dx1"},
                                                       {"DY", "dy1"}, {"OFF", "off1"}, {"VC", "vc1"},
                                                       {"DZ", "dz1"}, {"VD", "vd1"}};
  return w;
}

}  // namespace

void seed_submission_lists(TestServer& s, ListSeed& seed) {
  // A submitted item of every unit of 民生镇, 邻镇 and 远镇 (titles unique: the export is read by title), the
  // quota ledger's rows of those units, and a notification of every signed-in principal and of 丙村's cadre.
  for (const auto& [unit, witness] : unit_witness()) {
    const std::string title = "列表种子" + unit;
    const auto id = insert_test_submission(s, unit, "submitted", "news", false, title);
    seed.add(route_key("GET", "/api/v1/submissions"), std::to_string(id), witness);
    seed.add(route_key("GET", "/api/v1/submissions/export"), title, witness);
    seed.add(route_key("GET", "/api/v1/quota-ledger"), std::to_string(s.seed().units.at(unit)), witness);
  }
  std::vector<std::string> owners;
  for (const auto& p : principal_names())
    if (p != "anonymous" && p != "locked") owners.push_back(p);
  owners.emplace_back("vc1");
  for (const auto& owner : owners) {
    const auto id = db::query(s.pool(),
                              "INSERT INTO notifications (user_id, kind, title, created_at) VALUES ($1, "
                              "'submission.return', '列表种子通知', '2026-03-01T00:00:00.000Z') RETURNING id",
                              {s.seed().users.at(owner)})
                        .first()
                        .int64("id");
    seed.add(route_key("GET", "/api/v1/notifications"), std::to_string(id), owner);
  }
}

void add_submission_probes(std::map<std::string, Probe>& m) {
  auto none = [](ProbeCtx&, bool, std::int64_t) -> std::optional<json::value> { return std::nullopt; };
  auto empty = [](ProbeCtx&, bool, std::int64_t) -> std::optional<json::value> { return json::object{}; };

  // Authors read their own unit's items, the office and leader their town's, county staff their county's.
  const std::string item_unit =
      "SELECT u.path FROM submissions s JOIN org_units u ON u.id = s.org_unit_id WHERE ";
  m[route_key("GET", "/api/v1/submissions")] =
      Probe{.list = ListCheck{.keys = json_keys("id"),
                              .path_sql = item_unit + "CAST(s.id AS TEXT) = $1",
                              .paged = true},
            .query = "?pageSize=50",
            .body = none};
  m[route_key("GET", "/api/v1/submissions/export")] =
      Probe{.list = ListCheck{.keys = xlsx_keys("标题"), .path_sql = item_unit + "s.title = $1"},
            .query = "?year=2026",
            .body = none};
  m[route_key("POST", "/api/v1/submissions")] =
      Probe{.body = [](ProbeCtx& c, bool, std::int64_t) -> std::optional<json::value> {
              return json::object{{"kind", "news"},
                                  {"title", "新建信息" + std::to_string(++c.counter)},
                                  {"body", "甲村完成改厕 **120** 户。"},
                                  {"authorName", "张三"},
                                  {"projectIds", json::array{}}};
            },
            .fields = {{"kind", FieldSpec::String, true},
                       {"title", FieldSpec::String, true},
                       {"authorName", FieldSpec::String, false}}};

  Probe read;
  read.body = none;
  read.make = item("submitted", false);
  m[route_key("GET", "/api/v1/submissions/{id}")] = read;

  Probe put;
  put.make = item("draft", true);
  put.body = [](ProbeCtx& c, bool, std::int64_t) -> std::optional<json::value> {
    return json::object{{"title", "改过的标题" + std::to_string(++c.counter)}, {"body", "改过的正文"}};
  };
  put.fields = {{"title", FieldSpec::String, true}, {"authorName", FieldSpec::String, false}};
  m[route_key("PUT", "/api/v1/submissions/{id}")] = put;

  Probe del;
  del.make = item("draft", true);
  del.body = empty;
  m[route_key("DELETE", "/api/v1/submissions/{id}")] = del;
  Probe submit = del;
  m[route_key("POST", "/api/v1/submissions/{id}/submit")] = submit;
  Probe withdraw;
  withdraw.make = item("submitted", true);
  withdraw.body = empty;
  m[route_key("POST", "/api/v1/submissions/{id}/withdraw")] = withdraw;

  auto reason = [](ProbeCtx&, bool, std::int64_t) -> std::optional<json::value> {
    return json::object{{"reason", "请补充现场照片"}};
  };
  Probe ret;
  ret.make = item("submitted", false, false, true);
  ret.body = reason;
  ret.fields = {{"reason", FieldSpec::String, true}};
  m[route_key("POST", "/api/v1/submissions/{id}/return")] = ret;
  Probe approve;
  approve.make = item("submitted", false, false, true);
  approve.body = empty;
  m[route_key("POST", "/api/v1/submissions/{id}/approve")] = approve;
  Probe publish;
  publish.make = item("approved", false);
  publish.body = empty;
  m[route_key("POST", "/api/v1/submissions/{id}/publish")] = publish;
  Probe unpublish;
  unpublish.make = item("published", false);
  unpublish.body = reason;
  unpublish.fields = {{"reason", FieldSpec::String, true}};
  m[route_key("POST", "/api/v1/submissions/{id}/unpublish")] = unpublish;
  Probe forward;
  forward.make = item("approved", false);
  forward.body = [](ProbeCtx&, bool, std::int64_t) -> std::optional<json::value> {
    return json::object{{"to", "县民生办"}};
  };
  forward.fields = {{"to", FieldSpec::String, false}};
  m[route_key("POST", "/api/v1/submissions/{id}/forward")] = forward;
  Probe adopt;
  adopt.make = item("approved", false, true);
  adopt.body = [](ProbeCtx&, bool, std::int64_t) -> std::optional<json::value> {
    return json::object{
        {"level", "county"}, {"outlet", "县民生办《民生工程简报》第 3 期"}, {"adoptedOn", "2026-03-10"}};
  };
  adopt.fields = {{"level", FieldSpec::String, true},
                  {"outlet", FieldSpec::String, true},
                  {"adoptedOn", FieldSpec::String, true}};
  m[route_key("POST", "/api/v1/submissions/{id}/adopt")] = adopt;

  m[route_key("GET", "/api/v1/quota-ledger")] =
      Probe{.list = ListCheck{.keys = json_keys("unitId"),
                              .path_sql = "SELECT path FROM org_units WHERE CAST(id AS TEXT) = $1"},
            .query = "?period=2026-03",
            .town_param = true,
            .body = none};
  m[route_key("GET", "/api/v1/quota-rules")] = Probe{.query = "?year=2026", .town_param = true, .body = none};
  m[route_key("PUT", "/api/v1/quota-rules")] =
      Probe{.body = [](ProbeCtx& c, bool, std::int64_t) -> std::optional<json::value> {
              return json::object{{"year", 2030 + (++c.counter % 50)},
                                  {"rules", json::array{json::object{{"kind", "news"},
                                                                     {"units", "lead_departments"},
                                                                     {"count", 1},
                                                                     {"period", "month"},
                                                                     {"dueDay", "20"},
                                                                     {"counts", "submitted"}}}}};
            },
            .fields = {{"year", FieldSpec::Integer, true}}};
  m[route_key("GET", "/api/v1/submission-settings")] = Probe{.town_param = true, .body = none};
  m[route_key("PUT", "/api/v1/submission-settings")] = Probe{
      .body = [](ProbeCtx&, bool, std::int64_t) -> std::optional<json::value> {
        return json::object{{"secondLevel", false},
                            {"pairDistanceM", 200},
                            {"reminderDays", 5},
                            {"bannedWords", json::array{"内部资料"}}};
      },
      .fields = {{"pairDistanceM", FieldSpec::Integer, true}, {"reminderDays", FieldSpec::Integer, true}}};

  m[route_key("GET", "/api/v1/notifications")] =
      Probe{.list = ListCheck{.scope = ListScope::User,
                              .keys = json_keys("id"),
                              .path_sql = "SELECT '/user/' || CAST(user_id AS TEXT) || '/' AS path FROM "
                                          "notifications WHERE CAST(id AS TEXT) = $1",
                              .paged = true},
            .query = "?pageSize=20",
            .body = none};
  m[route_key("POST", "/api/v1/notifications/read-all")] = Probe{.body = empty};
  Probe read_one;
  read_one.body = empty;
  read_one.make = [](ProbeCtx& c, bool in) {
    const auto user = in ? user_or(c.server, c.principal, "vc1") : c.server.seed().users.at("vc1");
    return db::
        query(c.server.pool(),
              "INSERT INTO notifications (user_id, kind, title, created_at) VALUES ($1, 'submission.return', "
              "'探针通知', '2026-03-01T00:00:00.000Z') RETURNING id",
              {user})
            .first()
            .int64("id");
  };
  m[route_key("POST", "/api/v1/notifications/{id}/read")] = read_one;
}

}  // namespace minsheng::testing
