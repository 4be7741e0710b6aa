#include "modules/projects/service.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <set>

#include "core/clock.hpp"
#include "core/messages.hpp"
#include "modules/projects/json.hpp"
#include "modules/projects/rules.hpp"
#include "modules/projects/search.hpp"
#include "platform/content_version.hpp"
#include "platform/roles.hpp"

namespace minsheng::projects {
namespace {

using platform::Principal;

}  // namespace

// The project columns every reader of the catalogue selects (this service and the portal's queries).
const std::string_view kProjectSelect =
    "SELECT p.id, p.town_id, t.name AS town_name, t.path AS town_path, p.year, p.code, p.name, p.category, "
    "p.lead_unit_id, "
    "l.name AS lead_name, l.path AS lead_path, p.change_flag, p.policy_text, p.plain_text, p.funds_planned, "
    "p.beneficiaries, p.address, p.lat, p.lng, p.coord_system, p.previous_id, p.sort_order, p.is_demo, "
    "p.created_at, p.updated_at "
    "FROM projects p JOIN org_units t ON t.id = p.town_id JOIN org_units l ON l.id = p.lead_unit_id";

Project project_from_row(const db::Row& r) {
  Project p;
  p.id = r.int64("id");
  p.town_id = r.int64("town_id");
  p.town_name = r.text("town_name");
  p.town_path = r.text("town_path");
  p.year = static_cast<int>(r.int64("year"));
  p.code = r.text("code");
  p.name = r.text("name");
  p.category = r.text("category");
  p.lead_unit = UnitRef{r.int64("lead_unit_id"), r.text("lead_name")};
  p.lead_unit_path = r.text("lead_path");
  p.change_flag = r.text("change_flag");
  p.policy_text = r.text("policy_text");
  p.plain_text = r.text("plain_text");
  p.funds_planned = r.int64("funds_planned");
  p.beneficiaries = r.opt_int64("beneficiaries");
  p.address = r.text("address");
  if (!r.is_null("lat") && !r.is_null("lng"))
    p.location = Location{r.real("lat"), r.real("lng"), r.opt_text("coord_system").value_or("wgs84")};
  p.previous_id = r.opt_int64("previous_id");
  p.sort_order = static_cast<int>(r.int64("sort_order"));
  p.is_demo = r.boolean("is_demo");
  p.created_at = r.text("created_at");
  p.updated_at = r.text("updated_at");
  return p;
}

namespace {

void load_details(db::Connection& conn, Project& p) {
  for (const auto& r : conn.query("SELECT u.id, u.name FROM project_units pu JOIN org_units u ON u.id = "
                                  "pu.org_unit_id WHERE pu.project_id = $1 ORDER BY u.sort_order, u.id",
                                  {p.id})
                           .rows)
    p.cooperating.push_back(UnitRef{r.int64("id"), r.text("name")});
  for (const auto& r : conn.query("SELECT id, name, unit, planned, achieved FROM project_targets WHERE "
                                  "project_id = $1 ORDER BY sort_order, id",
                                  {p.id})
                           .rows) {
    Target t;
    t.id = r.int64("id");
    t.name = r.text("name");
    t.unit = r.text("unit");
    if (!r.is_null("planned")) t.planned = r.real("planned");
    if (!r.is_null("achieved")) t.achieved = r.real("achieved");
    p.targets.push_back(std::move(t));
  }
  auto latest = conn.query(
      "SELECT id, report_date, progress_pct, funds_disbursed, status FROM project_progress WHERE project_id "
      "= $1 "
      "ORDER BY report_date DESC, id DESC LIMIT 1",
      {p.id});
  if (!latest.empty()) {
    const auto& r = latest.first();
    p.current.progress_pct = static_cast<int>(r.int64("progress_pct"));
    p.current.funds_disbursed = r.int64("funds_disbursed");
    p.current.status = r.text("status");
    p.current.report_date = r.text("report_date");
  }
}

std::string audit_json(const Project& p) {
  return boost::json::serialize(project_json(p, true));
}

void write_children(db::Tx& tx, std::int64_t id, const ProjectInput& in) {
  tx.query("DELETE FROM project_units WHERE project_id = $1", {id});
  std::set<std::int64_t> seen;
  for (auto u : in.cooperating)
    if (seen.insert(u).second)
      tx.query("INSERT INTO project_units (project_id, org_unit_id) VALUES ($1, $2)", {id, u});
  tx.query("DELETE FROM project_targets WHERE project_id = $1", {id});
  int order = 0;
  for (const auto& t : in.targets)
    tx.query(
        "INSERT INTO project_targets (project_id, sort_order, name, unit, planned, achieved) VALUES ($1, "
        "$2, $3, $4, $5, $6)",
        {id, order++, t.name, t.unit, t.planned, t.achieved});
}

// The columns both writes set, in the order of their SQL ($1..$13); callers append their own (built in one
// initializer list: gcc 12 -O2 warns falsely about Params appended one by one).
db::Params row_params(const ProjectInput& in, std::initializer_list<db::Param> extra) {
  const bool loc = in.location.has_value();
  db::Params p{in.code,
               in.name,
               in.category,
               in.lead_unit_id,
               in.change_flag,
               in.policy_text,
               in.plain_text,
               in.funds_planned,
               in.beneficiaries,
               in.address,
               loc ? db::Param(in.location->lat) : db::Param(nullptr),
               loc ? db::Param(in.location->lng) : db::Param(nullptr),
               loc ? db::Param(in.location->system) : db::Param(nullptr)};
  p.insert(p.end(), extra.begin(), extra.end());
  return p;
}

Error conflict_code(const std::string& code) {
  return Error{ErrorCode::Conflict,
               "error.invalid_field",
               {FieldError{"code", messages::format("project.code_exists", {{"code", code}})}}};
}

}  // namespace

bool can_read(const Principal& p, const Project& project) {
  return platform::role_has(p.role, platform::Permission::ProjectRead) &&
         (platform::in_scope(p, project.town_path) || p.anchor_path.starts_with(project.town_path));
}

bool can_edit(const Principal& p, const Project& project) {
  return platform::role_has(p.role, platform::Permission::ProjectWrite) &&
         platform::in_scope(p, project.town_path);
}

bool can_report(const Principal& p, const Project& project) {
  return platform::role_has(p.role, platform::Permission::ProjectProgress) &&
         (platform::in_scope(p, project.town_path) || platform::in_scope(p, project.lead_unit_path));
}

std::string visible_condition(const Principal& p, platform::SqlBuilder& b) {
  if (p.scope == platform::ScopeKind::All) return "1=1";
  const std::string anchor = b.bind(p.anchor_path);
  const std::string len = b.bind(static_cast<std::int64_t>(p.anchor_path.size()));
  return "(substr(t.path, 1, " + len + ") = " + anchor + " OR substr(" + anchor +
         ", 1, length(t.path)) = t.path)";
}

std::optional<std::int64_t> town_of_unit(db::Connection& conn, std::int64_t unit_id) {
  auto r = conn.query("SELECT town_id FROM org_units WHERE id = $1", {unit_id});
  if (r.empty()) return std::nullopt;
  return r.first().opt_int64("town_id");
}

std::optional<Project> load_project(db::Connection& conn, std::int64_t id) {
  auto r = conn.query(std::string(kProjectSelect) + " WHERE p.id = $1", {id});
  if (r.empty()) return std::nullopt;
  Project p = project_from_row(r.first());
  load_details(conn, p);
  return p;
}

std::optional<Project> find_by_code(db::Connection& conn, std::int64_t town_id, int year,
                                    const std::string& code) {
  auto r = conn.query("SELECT id FROM projects WHERE town_id = $1 AND year = $2 AND code = $3",
                      {town_id, year, code});
  if (r.empty()) return std::nullopt;
  return load_project(conn, r.first().int64("id"));
}

std::vector<ProgressUpdate> load_progress(db::Connection& conn, std::int64_t project_id) {
  std::vector<ProgressUpdate> out;
  for (const auto& r :
       conn.query("SELECT g.id, g.project_id, g.report_date, g.progress_pct, g.funds_disbursed, g.status, "
                  "g.note, "
                  "g.created_by, g.created_at, COALESCE(u.display_name, '') AS created_by_name "
                  "FROM project_progress g LEFT JOIN users u ON u.id = g.created_by WHERE g.project_id = $1 "
                  "ORDER BY g.report_date DESC, g.id DESC",
                  {project_id})
           .rows) {
    ProgressUpdate u;
    u.id = r.int64("id");
    u.project_id = r.int64("project_id");
    u.report_date = r.text("report_date");
    u.progress_pct = static_cast<int>(r.int64("progress_pct"));
    u.funds_disbursed = r.int64("funds_disbursed");
    u.status = r.text("status");
    u.note = r.text("note");
    u.created_by = r.opt_int64("created_by");
    u.created_by_name = r.text("created_by_name");
    u.created_at = r.text("created_at");
    out.push_back(std::move(u));
  }
  if (out.empty()) return out;
  for (const auto& r :
       conn.query(
               "SELECT ph.progress_id, ph.file_id, ph.caption, f.taken_at, f.gps_lat, f.gps_lng "
               "FROM project_progress_photos ph JOIN project_progress g ON g.id = ph.progress_id "
               "JOIN files f ON f.id = ph.file_id WHERE g.project_id = $1 ORDER BY ph.sort_order, ph.file_id",
               {project_id})
           .rows) {
    const auto pid = r.int64("progress_id");
    for (auto& u : out) {
      if (u.id != pid) continue;
      Photo ph{r.int64("file_id"), r.text("caption"), r.opt_text("taken_at"), std::nullopt, std::nullopt};
      if (!r.is_null("gps_lat") && !r.is_null("gps_lng")) {
        ph.gps_lat = r.real("gps_lat");
        ph.gps_lng = r.real("gps_lng");
      }
      u.photos.push_back(std::move(ph));
    }
  }
  return out;
}

TownUnits town_units(db::Connection& conn, std::int64_t town_id) {
  TownUnits out;
  for (const auto& r :
       conn.query("SELECT id, name FROM org_units WHERE town_id = $1 AND kind IN ('town', 'department', "
                  "'village', 'community') ORDER BY sort_order, id",
                  {town_id})
           .rows) {
    out.names.emplace(r.int64("id"), r.text("name"));
    out.ids.emplace(r.text("name"), r.int64("id"));
  }
  return out;
}

std::vector<FieldError> check_input(db::Connection& conn, std::int64_t town_id, const ProjectInput& in,
                                    std::optional<std::int64_t> self) {
  std::vector<FieldError> errors;
  const auto units = town_units(conn, town_id);
  if (!units.names.contains(in.lead_unit_id))
    errors.push_back({"leadUnitId", messages::for_field("project.not_in_town", "leadUnitId")});
  for (auto u : in.cooperating) {
    if (!units.names.contains(u)) {
      errors.push_back(
          {"cooperatingUnitIds", messages::for_field("project.not_in_town", "cooperatingUnitIds")});
      break;
    }
    if (u == in.lead_unit_id) {
      errors.push_back({"cooperatingUnitIds", std::string(messages::text("project.lead_in_cooperating"))});
      break;
    }
  }
  auto dup = conn.query("SELECT id FROM projects WHERE town_id = $1 AND year = $2 AND code = $3",
                        {town_id, in.year, in.code});
  if (!dup.empty() && (!self || dup.first().int64("id") != *self))
    errors.push_back({"code", messages::format("project.code_exists", {{"code", in.code}})});
  return errors;
}

Result<Project> create_project(db::Tx& tx, const platform::Auditor& audit, std::int64_t town_id,
                               const ProjectInput& in, const WriteOptions& opt) {
  if (!opt.prechecked) {
    if (auto errors = check_input(tx.conn(), town_id, in); !errors.empty())
      return Error{ErrorCode::InvalidArgument, "error.invalid_field", std::move(errors)};
  }
  const std::string now = iso_utc(audit.now);
  const db::Params params =
      row_params(in, {town_id, in.year, in.previous_id, in.sort_order, in.is_demo, now});
  std::int64_t id = 0;
  try {
    id =
        tx.query(
              "INSERT INTO projects (code, name, category, lead_unit_id, change_flag, policy_text, "
              "plain_text, "
              "funds_planned, beneficiaries, address, lat, lng, coord_system, town_id, year, previous_id, "
              "sort_order, is_demo, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
              "$11, $12, $13, $14, $15, $16, $17, $18, $19, $19) RETURNING id",
              params)
            .first()
            .int64("id");
  } catch (const db::DbError& e) {
    if (e.kind() == db::DbError::Kind::UniqueViolation) return conflict_code(in.code);
    throw;
  }
  write_children(tx, id, in);
  index_project(tx, id);
  if (opt.bump_content) platform::bump_content_version(tx);
  auto p = load_project(tx.conn(), id);
  audit.write(tx, platform::AuditEntry{.action = "project.create",
                                       .entity = "project",
                                       .entity_id = std::to_string(id),
                                       .org_unit_id = town_id,
                                       .after_json = audit_json(*p)});
  return *p;
}

Result<Project> update_project(db::Tx& tx, const platform::Auditor& audit, const Project& before,
                               const ProjectInput& in, const WriteOptions& opt) {
  if (!opt.prechecked) {
    if (auto errors = check_input(tx.conn(), before.town_id, in, before.id); !errors.empty())
      return Error{ErrorCode::InvalidArgument, "error.invalid_field", std::move(errors)};
  }
  const std::string now = iso_utc(audit.now);
  const db::Params params = row_params(in, {now, before.id});
  try {
    tx.query(
        "UPDATE projects SET code = $1, name = $2, category = $3, lead_unit_id = $4, change_flag = $5, "
        "policy_text = $6, plain_text = $7, funds_planned = $8, beneficiaries = $9, address = $10, lat = "
        "$11, "
        "lng = $12, coord_system = $13, updated_at = $14 WHERE id = $15",
        params);
  } catch (const db::DbError& e) {
    if (e.kind() == db::DbError::Kind::UniqueViolation) return conflict_code(in.code);
    throw;
  }
  write_children(tx, before.id, in);
  index_project(tx, before.id);
  if (opt.bump_content) platform::bump_content_version(tx);
  auto after = load_project(tx.conn(), before.id);
  audit.write(tx, platform::AuditEntry{.action = "project.update",
                                       .entity = "project",
                                       .entity_id = std::to_string(before.id),
                                       .org_unit_id = before.town_id,
                                       .before_json = audit_json(before),
                                       .after_json = audit_json(*after)});
  return *after;
}

Status delete_project(db::Tx& tx, const platform::Auditor& audit, const Project& p) {
  if (!tx.query("SELECT id FROM project_progress WHERE project_id = $1 LIMIT 1", {p.id}).empty())
    return Error::make(ErrorCode::Conflict, "project.has_progress");
  if (!tx.query("SELECT id FROM projects WHERE previous_id = $1 LIMIT 1", {p.id}).empty())
    tx.query("UPDATE projects SET previous_id = NULL WHERE previous_id = $1", {p.id});
  unindex_project(tx, p.id);
  tx.query("DELETE FROM projects WHERE id = $1", {p.id});
  platform::bump_content_version(tx);
  audit.write(tx, platform::AuditEntry{.action = "project.delete",
                                       .entity = "project",
                                       .entity_id = std::to_string(p.id),
                                       .org_unit_id = p.town_id,
                                       .before_json = audit_json(p)});
  return {};
}

Result<ProgressUpdate> add_progress(db::Tx& tx, const platform::Auditor& audit, const Project& p,
                                    ProgressUpdate u, std::string_view today) {
  auto timeline = load_progress(tx.conn(), p.id);
  std::optional<ProgressUpdate> latest;
  if (!timeline.empty()) latest = timeline.front();
  auto errors = check_progress(u, p, latest, today);
  std::set<std::int64_t> seen;
  for (std::size_t i = 0; i < u.photos.size(); ++i) {
    const auto& ph = u.photos[i];
    auto f = tx.query("SELECT f.kind, f.town_id FROM files f WHERE f.id = $1", {ph.file_id});
    if (f.empty() || f.first().text("kind") != "image" || f.first().opt_int64("town_id") != p.town_id ||
        !seen.insert(ph.file_id).second) {
      const std::string field = "photos[" + std::to_string(i) + "].fileId";
      errors.push_back({field, messages::for_field("project.photo_not_image", "fileId")});
    }
  }
  if (!errors.empty()) return Error{ErrorCode::InvalidArgument, "error.invalid_field", std::move(errors)};
  u.project_id = p.id;
  u.created_at = iso_utc(audit.now);
  u.id =
      tx.query(
            "INSERT INTO project_progress (project_id, report_date, progress_pct, funds_disbursed, status, "
            "note, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            {p.id, u.report_date, u.progress_pct, u.funds_disbursed, u.status, u.note, audit.actor.user_id,
             u.created_at})
          .first()
          .int64("id");
  int order = 0;
  for (const auto& ph : u.photos)
    tx.query(
        "INSERT INTO project_progress_photos (progress_id, file_id, sort_order, caption) VALUES ($1, $2, "
        "$3, $4)",
        {u.id, ph.file_id, order++, ph.caption});
  tx.query("UPDATE projects SET updated_at = $1 WHERE id = $2", {u.created_at, p.id});
  platform::bump_content_version(tx);
  ProgressUpdate saved;
  for (auto& x : load_progress(tx.conn(), p.id))
    if (x.id == u.id) saved = std::move(x);
  audit.write(tx, platform::AuditEntry{.action = "project.progress",
                                       .entity = "project",
                                       .entity_id = std::to_string(p.id),
                                       .org_unit_id = p.lead_unit.id,
                                       .after_json = boost::json::serialize(progress_json(saved))});
  return saved;
}

Status delete_progress(db::Tx& tx, const platform::Auditor& audit, const Project& p,
                       std::int64_t progress_id) {
  std::optional<ProgressUpdate> before;
  for (auto& x : load_progress(tx.conn(), p.id))
    if (x.id == progress_id) before = std::move(x);
  if (!before) return Error::make(ErrorCode::NotFound, "error.not_found");
  tx.query("DELETE FROM project_progress WHERE id = $1", {progress_id});
  platform::bump_content_version(tx);
  audit.write(tx, platform::AuditEntry{.action = "project.progress_delete",
                                       .entity = "project",
                                       .entity_id = std::to_string(p.id),
                                       .org_unit_id = p.town_id,
                                       .before_json = boost::json::serialize(progress_json(*before))});
  return {};
}

Result<int> plan_next_year(db::Tx& tx, const platform::Auditor& audit, std::int64_t town_id, int from_year,
                           int to_year, const std::map<std::int64_t, std::string>& flags) {
  const auto existing =
      tx.query("SELECT COUNT(*) AS n FROM projects WHERE town_id = $1 AND year = $2", {town_id, to_year})
          .first()
          .int64("n");
  if (existing > 0)
    return Error{ErrorCode::Conflict,
                 "error.invalid_field",
                 {FieldError{"toYear", messages::format("project.year_copy_target_exists",
                                                        {{"year", std::to_string(to_year)},
                                                         {"count", std::to_string(existing)}})}}};
  auto ids = tx.query("SELECT id FROM projects WHERE town_id = $1 AND year = $2 ORDER BY sort_order, id",
                      {town_id, from_year});
  if (ids.empty())
    return Error{ErrorCode::Unprocessable,
                 "error.invalid_field",
                 {FieldError{"fromYear", messages::format("project.year_copy_empty",
                                                          {{"year", std::to_string(from_year)}})}}};
  std::set<std::int64_t> in_year;
  for (const auto& r : ids.rows)
    in_year.insert(r.int64("id"));
  for (const auto& [id, flag] : flags)
    if (!in_year.contains(id))
      return Error::field(ErrorCode::InvalidArgument, "items",
                          messages::for_field("field.not_found", "projectId"));
  int created = 0;
  for (const auto& r : ids.rows) {
    auto p = load_project(tx.conn(), r.int64("id"));
    auto it = flags.find(p->id);
    Project n = copy_for_next_year(*p, to_year, it == flags.end() ? "continued" : it->second);
    ProjectInput in;
    in.year = n.year;
    in.code = n.code;
    in.name = n.name;
    in.category = n.category;
    in.lead_unit_id = n.lead_unit.id;
    for (const auto& u : n.cooperating)
      in.cooperating.push_back(u.id);
    in.change_flag = n.change_flag;
    in.policy_text = n.policy_text;
    in.plain_text = n.plain_text;
    in.funds_planned = n.funds_planned;
    in.beneficiaries = n.beneficiaries;
    in.address = n.address;
    in.location = n.location;
    in.targets = n.targets;
    in.previous_id = n.previous_id;
    in.sort_order = n.sort_order;
    in.is_demo = n.is_demo;
    auto c = create_project(tx, audit, town_id, in, WriteOptions{.prechecked = true, .bump_content = false});
    if (!c) return c.take_error();
    ++created;
  }
  platform::bump_content_version(tx);
  return created;
}

}  // namespace minsheng::projects
