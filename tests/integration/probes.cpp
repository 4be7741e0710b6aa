#include "integration/probes.hpp"

#include <zip.h>

#include "http/message.hpp"
#include "infra/sheets/sheets.hpp"

namespace minsheng::testing {
namespace {

namespace json = boost::json;

std::string unit_role(const TestServer& s, std::int64_t unit) {
  auto rs = db::query(const_cast<TestServer&>(s).pool(), "SELECT kind FROM org_units WHERE id = $1", {unit});
  const std::string kind = rs.first().text("kind");
  if (kind == "village" || kind == "community") return "village";
  if (kind == "department") return "dept";
  if (kind == "town") return "leader";
  return "county";
}

std::int64_t unit_of_user(TestServer& s, std::int64_t user) {
  return db::query(s.pool(), "SELECT org_unit_id FROM users WHERE id = $1", {user})
      .first()
      .int64("org_unit_id");
}

bool own_scope(const std::string& p) {
  return p == "village_a" || p == "village_b" || p == "dept_x" || p == "dept_y";
}

}  // namespace

std::function<std::vector<std::string>(const HttpResponse&)> json_keys(std::string field, std::string array) {
  return [field, array](const HttpResponse& r) {
    std::vector<std::string> out;
    const auto j = r.json();
    if (!j.is_object() || !j.as_object().contains(array)) return out;
    for (const auto& row : j.at(array).as_array()) {
      const auto& v = row.at(field);
      out.push_back(v.is_string() ? std::string(v.as_string()) : json::serialize(v));
    }
    return out;
  };
}

std::function<std::vector<std::string>(const HttpResponse&)> json_values(std::string array) {
  return [array](const HttpResponse& r) {
    std::vector<std::string> out;
    const auto j = r.json();
    if (!j.is_object() || !j.as_object().contains(array)) return out;
    for (const auto& v : j.at(array).as_array())
      out.push_back(v.is_string() ? std::string(v.as_string()) : json::serialize(v));
    return out;
  };
}

std::function<std::vector<std::string>(const HttpResponse&)> tree_keys() {
  return [](const HttpResponse& r) {
    std::vector<std::string> out;
    std::function<void(const json::array&)> walk = [&](const json::array& nodes) {
      for (const auto& n : nodes) {
        out.push_back(json::serialize(n.at("id")));
        walk(n.at("children").as_array());
      }
    };
    const auto j = r.json();
    if (j.is_object() && j.as_object().contains("rows")) walk(j.at("rows").as_array());
    return out;
  };
}

std::function<std::vector<std::string>(const HttpResponse&)> xlsx_keys(std::string header) {
  return [header](const HttpResponse& r) {
    std::vector<std::string> out;
    auto book = infra::sheets::read_xlsx(r.body);
    if (!book) {
      out.emplace_back("(not an XLSX: " + book.error().message() + ")");
      return out;
    }
    for (const auto& sheet : book.value().sheets) {
      std::optional<std::size_t> col;
      for (const auto& row : sheet.rows) {
        if (!col) {
          for (std::size_t i = 0; i < row.cells.size(); ++i)
            if (row.cells[i] == header) col = i;
          continue;
        }
        if (*col < row.cells.size() && !row.cells[*col].empty()) out.push_back(row.cells[*col]);
      }
    }
    return out;
  };
}

std::function<std::vector<std::string>(const HttpResponse&)> zip_keys() {
  return [](const HttpResponse& r) {
    std::vector<std::string> out;
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t* src = zip_source_buffer_create(r.body.data(), r.body.size(), 0, &err);
    zip_t* za = src ? zip_open_from_source(src, ZIP_RDONLY, &err) : nullptr;
    zip_error_fini(&err);
    if (!za) {
      if (src) zip_source_free(src);
      out.emplace_back("(not a ZIP)");
      return out;
    }
    for (zip_int64_t i = 0; i < zip_get_num_entries(za, 0); ++i) {
      const std::string name = zip_get_name(za, static_cast<zip_uint64_t>(i), 0);
      out.push_back(name.substr(0, name.find(' ')));
    }
    zip_close(za);
    return out;
  };
}

void seed_platform_lists(TestServer& s, ListSeed& seed) {
  // Witnesses for the town-level statistics: an office account in 邻镇 and one in 远镇 (another county).
  const auto& u = s.seed().units;
  s.create_user("witness.off.t2", "office", u.at("DZ"), "邻镇民生办职员");
  const auto t3_office = s.create_unit(u.at("T3"), "department", "远镇民生办");
  s.create_user("witness.off.t3", "office", t3_office, "远镇民生办职员");
  seed.witnesses["off_t2"] = "witness.off.t2";
  seed.witnesses["off_t3"] = "witness.off.t3";
  // Users and units of every town: the system administrator sees them all.
  for (const auto& [key, id] : s.seed().users)
    seed.add(route_key("GET", "/api/v1/users"), std::to_string(id), "sysadmin");
  for (const auto& [key, id] : u) {
    seed.add(route_key("GET", "/api/v1/org-units"), std::to_string(id), "sysadmin");
    seed.add(route_key("GET", "/api/v1/org-units/tree"), std::to_string(id), "sysadmin");
  }
}

const std::vector<void (*)(TestServer&, ListSeed&)>& list_seeders() {
  static const std::vector<void (*)(TestServer&, ListSeed&)> all = {seed_platform_lists, seed_project_lists,
                                                                    seed_submission_lists,
                                                                    seed_circular_lists, seed_signage_lists};
  return all;
}

std::string route_key(const std::string& method, const std::string& pattern) {
  return method + " " + pattern;
}

std::string in_unit_key(const std::string& p) {
  if (p == "village_b") return "VB";
  if (p == "dept_x") return "DX";
  if (p == "dept_y") return "DY";
  return "VA";
}

std::string out_unit_key(const std::string& p) {
  return p == "county" ? "VD" : "VC";
}

std::string anchor_path(const TestServer& s, const std::string& p) {
  const auto& paths = s.seed().unit_paths;
  if (own_scope(p)) return paths.at(in_unit_key(p));
  if (p == "office" || p == "leader") return paths.at("T1");
  if (p == "county") return paths.at("K");
  return "";
}

std::string fill_path(const std::string& pattern, std::int64_t id) {
  std::string out = pattern;
  if (auto pos = out.find("{id}"); pos != std::string::npos) out.replace(pos, 4, std::to_string(id));
  if (auto pos = out.find("{version}"); pos != std::string::npos) out.replace(pos, 9, "1");
  return out;
}

std::int64_t make_target(ProbeCtx& ctx, const Probe& p, bool in_scope) {
  if (p.make) return p.make(ctx, in_scope);
  auto& s = ctx.server;
  const auto& units = s.seed().units;
  const std::string unit_key = in_scope ? in_unit_key(ctx.principal) : out_unit_key(ctx.principal);
  const std::int64_t unit = units.at(unit_key);
  if (p.target == TargetKind::User) {
    if (!p.fresh_target) {
      static const std::map<std::string, std::string> existing = {
          {"VA", "va1"}, {"VB", "vb1"}, {"DX", "dx1"}, {"DY", "dy1"}, {"VC", "vc1"}, {"VD", "vd1"}};
      return s.seed().users.at(existing.at(unit_key));
    }
    return s.create_user("target" + std::to_string(++ctx.counter), unit_role(s, unit), unit);
  }
  if (p.target == TargetKind::Unit) {
    if (!p.fresh_target || (in_scope && own_scope(ctx.principal))) return unit;
    // A disposable department under the town of the target unit (T3 for the county's out-of-scope target).
    const std::string town = unit_key == "VC" ? "T2" : unit_key == "VD" ? "T3" : "T1";
    return s.create_unit(units.at(town), "department", "临时部门" + std::to_string(++ctx.counter));
  }
  return 0;
}

const std::map<std::string, Probe>& probes() {
  static const std::map<std::string, Probe> table = [] {
    std::map<std::string, Probe> m;
    auto none = [](ProbeCtx&, bool, std::int64_t) -> std::optional<json::value> { return std::nullopt; };
    auto empty = [](ProbeCtx&, bool, std::int64_t) -> std::optional<json::value> { return json::object{}; };

    m[route_key("GET", "/healthz")] = Probe{.body = none};
    m[route_key("GET", "/metrics")] = Probe{.body = none};
    m[route_key("POST", "/api/v1/auth/login")] = Probe{
        .body = [](ProbeCtx& c, bool, std::int64_t) -> std::optional<json::value> {
          return json::object{{"username", c.server.seed().usernames.at("va2")}, {"password", kSeedPassword}};
        },
        .fields = {{"username", FieldSpec::String, true}, {"password", FieldSpec::String, true}}};
    m[route_key("POST", "/api/v1/auth/logout")] = Probe{.body = empty};
    m[route_key("GET", "/api/v1/auth/me")] = Probe{.body = none};
    m[route_key("POST", "/api/v1/auth/password")] = Probe{
        .body = [](ProbeCtx& c, bool, std::int64_t) -> std::optional<json::value> {
          const std::string cur =
              c.passwords.count(c.principal) ? c.passwords.at(c.principal) : kSeedPassword;
          return json::object{{"currentPassword", cur},
                              {"newPassword", "Next-Pass-" + std::to_string(++c.counter) + "!z"}};
        },
        .fields = {{"currentPassword", FieldSpec::String, true}, {"newPassword", FieldSpec::String, true}}};

    m[route_key("GET", "/api/v1/users")] =
        Probe{.list = ListCheck{.keys = json_keys("id"),
                                .path_sql =
                                    "SELECT ou.path FROM users u JOIN org_units ou ON ou.id = u.org_unit_id "
                                    "WHERE CAST(u.id AS TEXT) = $1",
                                .paged = true},
              .query = "?pageSize=50",
              .body = none};
    m[route_key("POST", "/api/v1/users")] =
        Probe{.body = [](ProbeCtx& c, bool in, std::int64_t) -> std::optional<json::value> {
                const auto unit =
                    c.server.seed().units.at(in ? in_unit_key(c.principal) : out_unit_key(c.principal));
                return json::object{{"username", "new.user" + std::to_string(++c.counter)},
                                    {"displayName", "新用户"},
                                    {"role", unit_role(c.server, unit)},
                                    {"orgUnitId", unit}};
              },
              .fields = {{"username", FieldSpec::String, true},
                         {"displayName", FieldSpec::String, true},
                         {"role", FieldSpec::String, true},
                         {"orgUnitId", FieldSpec::Integer, true},
                         {"password", FieldSpec::String, false}}};
    m[route_key("GET", "/api/v1/users/{id}")] = Probe{.target = TargetKind::User, .body = none};
    m[route_key("PUT", "/api/v1/users/{id}")] =
        Probe{.target = TargetKind::User,
              .fresh_target = true,
              .body = [](ProbeCtx& c, bool, std::int64_t id) -> std::optional<json::value> {
                const auto unit = unit_of_user(c.server, id);
                return json::object{{"displayName", "改名" + std::to_string(++c.counter)},
                                    {"role", unit_role(c.server, unit)},
                                    {"orgUnitId", unit}};
              },
              .fields = {{"displayName", FieldSpec::String, true},
                         {"role", FieldSpec::String, true},
                         {"orgUnitId", FieldSpec::Integer, true}}};
    auto reason = [](ProbeCtx&, bool, std::int64_t) -> std::optional<json::value> {
      return json::object{{"reason", "测试原因"}};
    };
    m[route_key("POST", "/api/v1/users/{id}/lock")] = Probe{.target = TargetKind::User,
                                                            .fresh_target = true,
                                                            .body = reason,
                                                            .fields = {{"reason", FieldSpec::String, false}}};
    m[route_key("POST", "/api/v1/users/{id}/unlock")] =
        Probe{.target = TargetKind::User,
              .fresh_target = true,
              .body = reason,
              .fields = {{"reason", FieldSpec::String, false}}};
    m[route_key("POST", "/api/v1/users/{id}/reset-password")] =
        Probe{.target = TargetKind::User, .fresh_target = true, .body = empty};

    const std::string unit_path = "SELECT path FROM org_units WHERE CAST(id AS TEXT) = $1";
    m[route_key("GET", "/api/v1/org-units")] =
        Probe{.list = ListCheck{.keys = json_keys("id"), .path_sql = unit_path, .paged = true},
              .query = "?pageSize=50",
              .body = none};
    m[route_key("GET", "/api/v1/org-units/tree")] =
        Probe{.list = ListCheck{.keys = tree_keys(), .path_sql = unit_path}, .body = none};
    m[route_key("POST", "/api/v1/org-units")] =
        Probe{.body = [](ProbeCtx& c, bool in, std::int64_t) -> std::optional<json::value> {
                const std::string town = in ? "T1" : (c.principal == "county" ? "T3" : "T2");
                return json::object{{"parentId", c.server.seed().units.at(town)},
                                    {"kind", "department"},
                                    {"name", "新部门" + std::to_string(++c.counter)}};
              },
              .fields = {{"parentId", FieldSpec::Integer, false},
                         {"kind", FieldSpec::String, true},
                         {"name", FieldSpec::String, true},
                         {"code", FieldSpec::String, false},
                         {"sortOrder", FieldSpec::Integer, false}}};
    m[route_key("GET", "/api/v1/org-units/{id}")] = Probe{.target = TargetKind::Unit, .body = none};
    m[route_key("PUT", "/api/v1/org-units/{id}")] =
        Probe{.target = TargetKind::Unit,
              .fresh_target = true,
              .body = [](ProbeCtx& c, bool, std::int64_t) -> std::optional<json::value> {
                return json::object{
                    {"name", "改名部门" + std::to_string(++c.counter)}, {"code", "C1"}, {"sortOrder", 3}};
              },
              .fields = {{"name", FieldSpec::String, true},
                         {"code", FieldSpec::String, false},
                         {"sortOrder", FieldSpec::Integer, false}}};
    m[route_key("POST", "/api/v1/org-units/{id}/move")] =
        Probe{.target = TargetKind::Unit,
              .fresh_target = true,
              .body = [](ProbeCtx& c, bool, std::int64_t id) -> std::optional<json::value> {
                auto rs = db::query(c.server.pool(), "SELECT parent_id FROM org_units WHERE id = $1", {id});
                return json::object{{"parentId", rs.first().int64("parent_id")}, {"sortOrder", 1}};
              },
              .fields = {{"parentId", FieldSpec::Integer, true}, {"sortOrder", FieldSpec::Integer, false}}};
    m[route_key("DELETE", "/api/v1/org-units/{id}")] =
        Probe{.target = TargetKind::Unit, .fresh_target = true, .body = none};

    m[route_key("GET", "/api/v1/audit-logs")] = Probe{.query = "?pageSize=10", .body = none};
    m[route_key("GET", "/api/v1/audit-logs/export")] = Probe{.body = none};
    // Modules add theirs, each from its own file (tests/integration/probes_<module>.cpp).
    add_file_probes(m);
    add_portal_probes(m);
    add_project_probes(m);
    add_submission_probes(m);
    add_circular_probes(m);
    add_signage_probes(m);
    return m;
  }();
  return table;
}

}  // namespace minsheng::testing
