#include "modules/signage/service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <chrono>
#include <cmath>
#include <map>
#include <set>

#include "core/clock.hpp"
#include "core/decimal.hpp"
#include "core/messages.hpp"
#include "modules/circulars/service.hpp"
#include "modules/projects/service.hpp"
#include "modules/signage/content.hpp"
#include "modules/signage/layouts.hpp"
#include "modules/submissions/checks.hpp"
#include "modules/submissions/service.hpp"
#include "platform/content_version.hpp"
#include "platform/public_address.hpp"
#include "platform/roles.hpp"

namespace minsheng::signage {
namespace {

namespace json = boost::json;
using platform::Principal;

Error field_error(ErrorCode code, const std::string& field, const std::string& key,
                  std::initializer_list<std::pair<std::string_view, std::string>> args = {}) {
  return Error{code, "error.invalid_field", {FieldError{field, messages::for_field(key, field, args)}}};
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

// A landline without its extension: area code (3-4 digits from 0) and number (7-8 digits, not from 0/1).
bool valid_landline(std::string_view s) {
  std::string_view area, number;
  if (auto dash = s.find('-'); dash != std::string_view::npos) {
    area = s.substr(0, dash);
    number = s.substr(dash + 1);
    if (area.size() < 3 || area.size() > 4) return false;
  } else {
    // Without a dash: 0 + area + number, 10-12 digits; the area's length is ambiguous, so any split works.
    if (s.size() < 10 || s.size() > 12 || !all_digits(s) || s[0] != '0') return false;
    return s[1] != '0';
  }
  if (!all_digits(area) || !all_digits(number) || area[0] != '0' || area[1] == '0') return false;
  if (number.size() < 7 || number.size() > 8) return false;
  return number[0] != '0' && number[0] != '1';
}

std::string warnings_json(const std::vector<EvidenceWarning>& w) {
  json::array a;
  for (const auto& x : w)
    a.push_back(json::object{{"code", x.code}, {"message", x.message}});
  return json::serialize(a);
}

std::vector<EvidenceWarning> warnings_from_json(const std::string& text) {
  std::vector<EvidenceWarning> out;
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& w : v.as_array()) {
    const auto* o = w.if_object();
    if (!o) continue;
    const auto* code = o->if_contains("code");
    const auto* msg = o->if_contains("message");
    if (code && code->is_string() && msg && msg->is_string())
      out.push_back({std::string(code->as_string()), std::string(msg->as_string())});
  }
  return out;
}

// The first report date whose status is not "planned", and the first "completed" one.
std::pair<std::optional<std::string>, std::optional<std::string>> project_dates(db::Connection& conn,
                                                                                std::int64_t project_id) {
  auto r = conn.query(
      "SELECT MIN(CASE WHEN status <> 'planned' THEN report_date END) AS started, MIN(CASE WHEN status = "
      "'completed' THEN report_date END) AS completed FROM project_progress WHERE project_id = $1",
      {project_id});
  if (r.empty()) return {};
  return {r.first().opt_text("started"), r.first().opt_text("completed")};
}

std::string setting(db::Connection& conn, std::string_view key) {
  auto r = conn.query("SELECT value FROM settings WHERE key = $1", {key});
  return r.empty() ? std::string() : r.first().text("value");
}

std::string town_phone(db::Connection& conn) {
  std::string phone = setting(conn, "portal.phone");
  return valid_phone(phone) ? phone : std::string();
}

TownDefaults town_defaults(db::Connection& conn) {
  return TownDefaults{"", town_phone(conn), setting(conn, "portal.base_url")};
}

// The board's fields from the project (content.hpp, the same mapping as `minsheng print`).
SignFields defaults_of(db::Connection& conn, const projects::Project& p) {
  const SignContent c = sign_content_from(p, projects::load_progress(conn, p.id), town_defaults(conn));
  return SignFields{c.builder,  c.investment, c.build_dates, c.manager_unit, c.supervision_phone,
                    c.location, c.content,    c.contractor,  c.responsible};
}

const std::string& pick(const std::optional<std::string>& o, const std::string& d) {
  return o && !o->empty() ? *o : d;
}

SignFields effective(const SignFields& d, const SignOverrides& o) {
  return SignFields{pick(o.builder, d.builder),
                    pick(o.investment, d.investment),
                    pick(o.build_dates, d.build_dates),
                    pick(o.manager_unit, d.manager_unit),
                    pick(o.supervision_phone, d.supervision_phone),
                    pick(o.location, d.location),
                    pick(o.content, d.content),
                    pick(o.contractor, d.contractor),
                    pick(o.responsible, d.responsible)};
}

constexpr std::string_view kSignColumns =
    "id, size, script, builder, investment, build_dates, manager_unit, supervision_phone, location, content, "
    "contractor, responsible, evidence_file_id, evidence_taken_at, evidence_lat, evidence_lng, "
    "evidence_distance_m, evidence_warnings, evidence_uploaded_at, is_demo, updated_at";

Sign build_sign(db::Connection& conn, const projects::Project& p, const db::Row* row, const Settings& st,
                std::string_view today) {
  Sign s;
  s.project_id = p.id;
  s.town_id = p.town_id;
  s.year = p.year;
  s.project_code = p.code;
  s.project_name = p.name;
  s.lead_unit_id = p.lead_unit.id;
  s.lead_unit_name = p.lead_unit.name;
  s.is_demo = p.is_demo;
  s.updated_at = p.updated_at;
  const auto [start, completed] = project_dates(conn, p.id);
  s.start_date = start;
  // Finished only while the latest update says so (a project reopened after a "completed" report is not).
  if (p.current.status == "completed") s.completed_date = completed;
  s.defaults = defaults_of(conn, p);
  if (row) {
    const auto& r = *row;
    s.id = r.int64("id");
    s.size = r.text("size");
    s.script = r.text("script");
    s.overrides =
        SignOverrides{r.opt_text("builder"),      r.opt_text("investment"),        r.opt_text("build_dates"),
                      r.opt_text("manager_unit"), r.opt_text("supervision_phone"), r.opt_text("location"),
                      r.opt_text("content"),      r.opt_text("contractor"),        r.opt_text("responsible")};
    if (!r.is_null("evidence_file_id")) {
      Evidence e;
      e.file_id = r.int64("evidence_file_id");
      e.taken_at = r.opt_text("evidence_taken_at");
      if (!r.is_null("evidence_lat")) {
        e.lat = r.real("evidence_lat");
        e.lng = r.real("evidence_lng");
      }
      e.distance_m = r.opt_int64("evidence_distance_m");
      e.uploaded_at = r.text("evidence_uploaded_at");
      e.warnings = warnings_from_json(r.text("evidence_warnings"));
      s.evidence = std::move(e);
    }
    s.is_demo = s.is_demo || r.boolean("is_demo");
    s.updated_at = r.text("updated_at");
  }
  s.fields = effective(s.defaults, s.overrides);
  s.state = !s.id ? "missing" : s.evidence ? "evidenced" : "draft";
  if (start) {
    // The overdue rule counts to today: a finished project still owes its installation photo.
    const auto to_today = days_between(*start, today);
    s.overdue = !s.evidence && to_today && *to_today > st.overdue_days;
    // The days shown stop at completion: a finished project has a duration, not an ever-growing count.
    s.days_since_start = s.completed_date ? days_between(*start, *s.completed_date) : to_today;
  }
  return s;
}

std::optional<db::Row> sign_row(db::Connection& conn, std::int64_t project_id) {
  auto r =
      conn.query("SELECT " + std::string(kSignColumns) + " FROM signs WHERE project_id = $1", {project_id});
  if (r.empty()) return std::nullopt;
  return r.first();
}

std::string sign_audit(const Sign& s) {
  json::object o{{"size", s.size}, {"script", s.script}, {"fields", sign_fields_json(s.fields)}};
  if (s.evidence)
    o["evidenceFileId"] = s.evidence->file_id;
  else
    o["evidenceFileId"] = nullptr;
  return json::serialize(o);
}

// Inserts the sign record with defaults when there is none; returns its id.
std::int64_t ensure_sign(db::Tx& tx, const platform::Auditor& audit, const projects::Project& p) {
  auto r = tx.query("SELECT id FROM signs WHERE project_id = $1", {p.id});
  if (!r.empty()) return r.first().int64("id");
  const std::string now = iso_utc(audit.now);
  const db::Params params{p.town_id, p.id, p.is_demo,
                          audit.actor.user_id ? db::Param(audit.actor.user_id) : db::Param(nullptr), now};
  return tx
      .query(
          "INSERT INTO signs (town_id, project_id, is_demo, created_by, created_at, updated_at) VALUES ($1, "
          "$2, $3, $4, $5, $5) RETURNING id",
          params)
      .first()
      .int64("id");
}

void write_audit(db::Tx& tx, const platform::Auditor& audit, std::string action, std::string entity,
                 std::int64_t id, std::int64_t unit, std::string before, std::string after) {
  audit.write(tx, platform::AuditEntry{.action = std::move(action),
                                       .entity = std::move(entity),
                                       .entity_id = std::to_string(id),
                                       .org_unit_id = unit,
                                       .before_json = std::move(before),
                                       .after_json = std::move(after)});
}

}  // namespace

json::object sign_fields_json(const SignFields& f) {
  return json::object{{"builder", f.builder},
                      {"investment", f.investment},
                      {"buildDates", f.build_dates},
                      {"managerUnit", f.manager_unit},
                      {"supervisionPhone", f.supervision_phone},
                      {"location", f.location},
                      {"content", f.content},
                      {"contractor", f.contractor},
                      {"responsible", f.responsible}};
}

// ---- rules ----

bool valid_phone(std::string_view s) {
  if (s.size() == 11 && all_digits(s) && s[0] == '1' && s[1] >= '3' && s[1] <= '9') return true;
  // Extension: "-1234" after a dashed landline, or "转1234".
  constexpr std::string_view kZhuan = "转";
  if (auto pos = s.find(kZhuan); pos != std::string_view::npos) {
    const auto ext = s.substr(pos + kZhuan.size());
    if (ext.empty() || ext.size() > 4 || !all_digits(ext)) return false;
    return valid_landline(s.substr(0, pos));
  }
  const auto first = s.find('-');
  const auto last = s.rfind('-');
  if (first != std::string_view::npos && last != first) {
    const auto ext = s.substr(last + 1);
    if (ext.empty() || ext.size() > 4 || !all_digits(ext)) return false;
    return valid_landline(s.substr(0, last));
  }
  return valid_landline(s);
}

std::optional<int> days_between(std::string_view from, std::string_view to) {
  auto parse = [](std::string_view s) -> std::optional<std::chrono::sys_days> {
    if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
      if (!is_digit(s[i])) return std::nullopt;
    const int y = std::stoi(std::string(s.substr(0, 4)));
    const unsigned m = static_cast<unsigned>(std::stoi(std::string(s.substr(5, 2))));
    const unsigned d = static_cast<unsigned>(std::stoi(std::string(s.substr(8, 2))));
    const std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
    if (!ymd.ok()) return std::nullopt;
    return std::chrono::sys_days(ymd);
  };
  auto a = parse(from);
  auto b = parse(to);
  if (!a || !b) return std::nullopt;
  return static_cast<int>((*b - *a).count());
}

// ---- settings ----

Settings load_settings(db::Connection& conn, std::int64_t town_id) {
  Settings s;
  auto r = conn.query("SELECT overdue_days FROM signage_settings WHERE town_id = $1", {town_id});
  if (!r.empty()) s.overdue_days = static_cast<int>(r.first().int64("overdue_days"));
  return s;
}

Status save_settings(db::Tx& tx, const platform::Auditor& audit, std::int64_t town_id, const Settings& s) {
  const Settings before = load_settings(tx.conn(), town_id);
  tx.query(
      "INSERT INTO signage_settings (town_id, overdue_days, updated_at) VALUES ($1, $2, $3) ON CONFLICT "
      "(town_id) DO UPDATE SET overdue_days = excluded.overdue_days, updated_at = excluded.updated_at",
      {town_id, s.overdue_days, iso_utc(audit.now)});
  write_audit(tx, audit, "signage.settings_update", "signage_settings", town_id, town_id,
              json::serialize(json::object{{"overdueDays", before.overdue_days}}),
              json::serialize(json::object{{"overdueDays", s.overdue_days}}));
  return {};
}

// ---- signs ----

bool can_edit_sign(const Principal& p, const projects::Project& project) {
  return platform::role_has(p.role, platform::Permission::SignWrite) &&
         (platform::in_scope(p, project.town_path) || platform::in_scope(p, project.lead_unit_path));
}

bool is_town_office(const Principal& p, std::string_view town_path) {
  return p.role == platform::Role::Office && platform::in_scope(p, town_path);
}

Sign load_sign(db::Connection& conn, const projects::Project& project, std::string_view today) {
  const Settings st = load_settings(conn, project.town_id);
  auto row = sign_row(conn, project.id);
  return build_sign(conn, project, row ? &*row : nullptr, st, today);
}

std::vector<Sign> town_signs(db::Connection& conn, std::int64_t town_id, int year, std::string_view today) {
  const Settings st = load_settings(conn, town_id);
  std::vector<Sign> out;
  auto ids = conn.query(
      "SELECT id FROM projects WHERE town_id = $1 AND year = $2 AND category = 'engineering' ORDER BY "
      "sort_order, code, id",
      {town_id, year});
  for (const auto& r : ids.rows) {
    auto p = projects::load_project(conn, r.int64("id"));
    if (!p) continue;
    auto row = sign_row(conn, p->id);
    out.push_back(build_sign(conn, *p, row ? &*row : nullptr, st, today));
  }
  return out;
}

Result<Sign> save_sign(db::Tx& tx, const platform::Auditor& audit, const projects::Project& project,
                       const SignInput& in, std::string_view today) {
  std::vector<FieldError> errors;
  if (!parse_size(in.size)) errors.push_back({"size", messages::for_field("field.one_of", "size")});
  if (!parse_script(in.script)) errors.push_back({"script", messages::for_field("field.one_of", "script")});
  if (!errors.empty()) return Error{ErrorCode::InvalidArgument, "error.invalid_field", std::move(errors)};
  const auto& phone = in.overrides.supervision_phone;
  if (phone && !phone->empty() && !valid_phone(*phone))
    return field_error(ErrorCode::Unprocessable, "overrides.supervisionPhone", "sign.bad_phone");
  const Sign before = load_sign(tx.conn(), project, today);
  const auto id = ensure_sign(tx, audit, project);
  auto norm = [](const std::optional<std::string>& v) -> db::Param {
    if (!v || v->empty()) return nullptr;
    return *v;
  };
  const auto& o = in.overrides;
  const db::Params params{in.size,
                          in.script,
                          norm(o.builder),
                          norm(o.investment),
                          norm(o.build_dates),
                          norm(o.manager_unit),
                          norm(o.supervision_phone),
                          norm(o.location),
                          norm(o.content),
                          norm(o.contractor),
                          norm(o.responsible),
                          iso_utc(audit.now),
                          id};
  tx.query(
      "UPDATE signs SET size = $1, script = $2, builder = $3, investment = $4, build_dates = $5, "
      "manager_unit "
      "= $6, supervision_phone = $7, location = $8, content = $9, contractor = $10, responsible = $11, "
      "updated_at = $12 WHERE id = $13",
      params);
  platform::bump_content_version(tx);
  Sign after = load_sign(tx.conn(), project, today);
  write_audit(tx, audit, "sign.update", "sign", id, project.town_id, before.id ? sign_audit(before) : "",
              sign_audit(after));
  return after;
}

Result<Sign> attach_evidence(db::Tx& tx, const platform::Auditor& audit, const projects::Project& project,
                             std::int64_t file_id, std::string_view today) {
  auto f = tx.query("SELECT kind, town_id, taken_at, gps_lat, gps_lng FROM files WHERE id = $1", {file_id});
  if (f.empty() || f.first().text("kind") != "image" || f.first().opt_int64("town_id") != project.town_id)
    return field_error(ErrorCode::InvalidArgument, "fileId", "sign.evidence_not_image");
  const auto& fr = f.first();
  Evidence e;
  e.file_id = file_id;
  e.taken_at = fr.opt_text("taken_at");
  if (e.taken_at && e.taken_at->size() > 10 && (*e.taken_at)[10] == ' ') (*e.taken_at)[10] = 'T';
  const bool has_gps = !fr.is_null("gps_lat") && !fr.is_null("gps_lng") &&
                       !(fr.real("gps_lat") == 0 && fr.real("gps_lng") == 0);
  if (has_gps) {
    e.lat = fr.real("gps_lat");
    e.lng = fr.real("gps_lng");
  }
  const bool has_time = e.taken_at && days_between(e.taken_at->substr(0, 10), "2000-01-01").has_value();
  if (!has_time && !has_gps)
    e.warnings.push_back({"no_exif", std::string(messages::text("sign.warn.no_exif"))});
  else if (!has_time)
    e.warnings.push_back({"no_time", std::string(messages::text("sign.warn.no_time"))});
  else if (!has_gps)
    e.warnings.push_back({"no_gps", std::string(messages::text("sign.warn.no_gps"))});
  if (has_gps) {
    if (!project.location) {
      e.warnings.push_back({"no_location", std::string(messages::text("sign.warn.no_location"))});
    } else {
      const auto [plat, plng] =
          submissions::to_wgs84(project.location->lat, project.location->lng, project.location->system);
      const double d = submissions::distance_m(*e.lat, *e.lng, plat, plng);
      e.distance_m = static_cast<std::int64_t>(std::llround(d));
      const int max_m = submissions::load_settings(tx.conn(), project.town_id).pair_distance_m;
      if (max_m > 0 && d > max_m)
        e.warnings.push_back(
            {"too_far", messages::format("sign.warn.too_far", {{"distance", std::to_string(*e.distance_m)},
                                                               {"max", std::to_string(max_m)}})});
    }
  }
  const auto [start, completed] = project_dates(tx.conn(), project.id);
  (void)completed;
  if (has_time && start && e.taken_at->substr(0, 10) < *start)
    e.warnings.push_back(
        {"before_start",
         messages::format("sign.warn.before_start", {{"taken", chinese_date(e.taken_at->substr(0, 10))},
                                                     {"start", chinese_date(*start)}})});
  const Sign before = load_sign(tx.conn(), project, today);
  const auto id = ensure_sign(tx, audit, project);
  const std::string now = iso_utc(audit.now);
  const db::Params params{file_id,
                          e.taken_at,
                          has_gps ? db::Param(*e.lat) : db::Param(nullptr),
                          has_gps ? db::Param(*e.lng) : db::Param(nullptr),
                          e.distance_m,
                          warnings_json(e.warnings),
                          now,
                          audit.actor.user_id ? db::Param(audit.actor.user_id) : db::Param(nullptr),
                          id};
  tx.query(
      "UPDATE signs SET evidence_file_id = $1, evidence_taken_at = $2, evidence_lat = $3, evidence_lng = $4, "
      "evidence_distance_m = $5, evidence_warnings = $6, evidence_uploaded_at = $7, evidence_by = $8, "
      "updated_at = $7 WHERE id = $9",
      params);
  platform::bump_content_version(tx);
  Sign after = load_sign(tx.conn(), project, today);
  write_audit(tx, audit, "sign.evidence", "sign", id, project.town_id, before.id ? sign_audit(before) : "",
              json::serialize(
                  json::object{{"fileId", file_id}, {"warnings", json::parse(warnings_json(e.warnings))}}));
  return after;
}

Result<Sign> remove_evidence(db::Tx& tx, const platform::Auditor& audit, const projects::Project& project,
                             std::string_view today) {
  const Sign before = load_sign(tx.conn(), project, today);
  if (!before.id || !before.evidence) return Error::make(ErrorCode::NotFound, "sign.no_evidence");
  tx.query(
      "UPDATE signs SET evidence_file_id = NULL, evidence_taken_at = NULL, evidence_lat = NULL, evidence_lng "
      "= NULL, evidence_distance_m = NULL, evidence_warnings = '[]', evidence_uploaded_at = NULL, "
      "evidence_by "
      "= NULL, updated_at = $1 WHERE id = $2",
      {iso_utc(audit.now), *before.id});
  platform::bump_content_version(tx);
  Sign after = load_sign(tx.conn(), project, today);
  write_audit(tx, audit, "sign.evidence_delete", "sign", *before.id, project.town_id, sign_audit(before),
              sign_audit(after));
  return after;
}

std::string project_url(db::Connection& conn, std::string_view code) {
  const std::string base = setting(conn, "portal.base_url");
  return signage::project_url(base.empty() ? kDefaultBaseUrl : std::string_view(base), code);
}

std::string_view content_type_of(std::string_view format) {
  if (format == "png") return "image/png";
  if (format == "svg") return "image/svg+xml";
  return "application/pdf";
}

Result<std::string> render(const infra::pdf::Artwork& art, std::string_view format) {
  infra::pdf::RenderOptions o;
  o.format = format == "png"   ? infra::pdf::Format::Png
             : format == "svg" ? infra::pdf::Format::Svg
                               : infra::pdf::Format::Pdf;
  return infra::pdf::render_artwork(art, o);
}

Result<infra::pdf::Artwork> sign_board(db::Connection& conn, const Sign& sign, std::string_view size,
                                       std::string_view script) {
  auto sz = parse_size(size);
  if (!sz) return sz.take_error();
  auto sc = parse_script(script);
  if (!sc) return sc.take_error();
  SignContent c;
  c.project_name = sign.project_name;
  c.code = sign.project_code;
  c.builder = sign.fields.builder;
  c.investment = sign.fields.investment;
  c.build_dates = sign.fields.build_dates;
  c.manager_unit = sign.fields.manager_unit;
  c.supervision_phone = sign.fields.supervision_phone;
  c.location = sign.fields.location;
  c.content = sign.fields.content;
  c.contractor = sign.fields.contractor;
  c.responsible = sign.fields.responsible;
  c.url = project_url(conn, sign.project_code);
  c.demo = sign.is_demo;
  return sign_artwork(c, *sz, *sc);
}

// ---- windows ----

std::optional<Window> load_window(db::Connection& conn, std::int64_t id) {
  auto r = conn.query(
      "SELECT w.id, w.town_id, w.unit_id, u.name AS unit_name, u.path AS unit_path, w.place, w.created_at, "
      "w.updated_at FROM service_windows w JOIN org_units u ON u.id = w.unit_id WHERE w.id = $1",
      {id});
  if (r.empty()) return std::nullopt;
  const auto& row = r.first();
  Window w;
  w.id = row.int64("id");
  w.town_id = row.int64("town_id");
  w.unit_id = row.int64("unit_id");
  w.unit_name = row.text("unit_name");
  w.unit_path = row.text("unit_path");
  w.place = row.text("place");
  w.created_at = row.text("created_at");
  w.updated_at = row.text("updated_at");
  for (const auto& p :
       conn.query(
               "SELECT wp.project_id FROM window_projects wp JOIN projects p ON p.id = wp.project_id WHERE "
               "wp.window_id = $1 ORDER BY p.sort_order, p.id",
               {id})
           .rows)
    w.project_ids.push_back(p.int64("project_id"));
  for (const auto& c :
       conn.query(
               "SELECT c.id, c.checked_on, c.poster_present, c.note, c.file_id, c.created_at, "
               "COALESCE(u.display_name, '') AS checked_by FROM window_checks c LEFT JOIN users u ON u.id = "
               "c.checked_by WHERE c.window_id = $1 ORDER BY c.checked_on DESC, c.id DESC",
               {id})
           .rows)
    w.checks.push_back(WindowCheck{c.int64("id"), c.text("checked_on"), c.boolean("poster_present"),
                                   c.text("note"), c.opt_int64("file_id"), c.text("checked_by"),
                                   c.text("created_at")});
  if (!w.checks.empty()) w.last_checked_on = w.checks.front().checked_on;
  return w;
}

std::vector<Window> town_windows(db::Connection& conn, std::int64_t town_id) {
  std::vector<Window> out;
  for (const auto& r : conn.query("SELECT w.id FROM service_windows w JOIN org_units u ON u.id = w.unit_id "
                                  "WHERE w.town_id = $1 ORDER BY u.sort_order, w.id",
                                  {town_id})
                           .rows)
    if (auto w = load_window(conn, r.int64("id"))) out.push_back(std::move(*w));
  return out;
}

bool can_manage_window(const Principal& p, const Window& w, std::string_view town_path) {
  return platform::role_has(p.role, platform::Permission::PrintWrite) &&
         (is_town_office(p, town_path) || platform::in_scope(p, w.unit_path));
}

namespace {

std::vector<FieldError> check_window(db::Connection& conn, std::int64_t town_id, const WindowInput& in) {
  std::vector<FieldError> errors;
  auto u = conn.query("SELECT town_id FROM org_units WHERE id = $1", {in.unit_id});
  if (u.empty() || u.first().opt_int64("town_id") != town_id)
    errors.push_back({"unitId", messages::for_field("project.not_in_town", "unitId")});
  for (auto pid : in.project_ids) {
    auto p = conn.query("SELECT town_id FROM projects WHERE id = $1", {pid});
    if (p.empty() || p.first().int64("town_id") != town_id) {
      errors.push_back({"projectIds", messages::for_field("submission.project_not_in_town", "projectIds")});
      break;
    }
  }
  return errors;
}

std::string window_audit(const Window& w) {
  json::array ids;
  for (auto i : w.project_ids)
    ids.emplace_back(i);
  return json::serialize(json::object{{"unitId", w.unit_id}, {"place", w.place}, {"projectIds", ids}});
}

void write_window_projects(db::Tx& tx, std::int64_t id, const std::vector<std::int64_t>& ids) {
  tx.query("DELETE FROM window_projects WHERE window_id = $1", {id});
  std::set<std::int64_t> seen;
  for (auto p : ids)
    if (seen.insert(p).second)
      tx.query("INSERT INTO window_projects (window_id, project_id) VALUES ($1, $2)", {id, p});
}

}  // namespace

Result<Window> create_window(db::Tx& tx, const platform::Auditor& audit, std::int64_t town_id,
                             const WindowInput& in) {
  auto errors = check_window(tx.conn(), town_id, in);
  if (!errors.empty()) return Error{ErrorCode::InvalidArgument, "error.invalid_field", std::move(errors)};
  const std::string now = iso_utc(audit.now);
  const db::Params params{town_id, in.unit_id, in.place,
                          audit.actor.user_id ? db::Param(audit.actor.user_id) : db::Param(nullptr), now};
  const auto id = tx.query(
                        "INSERT INTO service_windows (town_id, unit_id, place, created_by, created_at, "
                        "updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
                        params)
                      .first()
                      .int64("id");
  write_window_projects(tx, id, in.project_ids);
  auto w = load_window(tx.conn(), id);
  write_audit(tx, audit, "window.create", "service_window", id, in.unit_id, "", window_audit(*w));
  return *w;
}

Result<Window> update_window(db::Tx& tx, const platform::Auditor& audit, const Window& before,
                             const WindowInput& in) {
  auto errors = check_window(tx.conn(), before.town_id, in);
  if (!errors.empty()) return Error{ErrorCode::InvalidArgument, "error.invalid_field", std::move(errors)};
  tx.query("UPDATE service_windows SET unit_id = $1, place = $2, updated_at = $3 WHERE id = $4",
           {in.unit_id, in.place, iso_utc(audit.now), before.id});
  write_window_projects(tx, before.id, in.project_ids);
  auto w = load_window(tx.conn(), before.id);
  write_audit(tx, audit, "window.update", "service_window", before.id, in.unit_id, window_audit(before),
              window_audit(*w));
  return *w;
}

Status delete_window(db::Tx& tx, const platform::Auditor& audit, const Window& w) {
  tx.query("DELETE FROM service_windows WHERE id = $1", {w.id});
  write_audit(tx, audit, "window.delete", "service_window", w.id, w.unit_id, window_audit(w), "");
  return {};
}

Result<Window> add_check(db::Tx& tx, const platform::Auditor& audit, const Window& w, const CheckInput& in) {
  if (in.file_id) {
    auto f = tx.query("SELECT kind, town_id FROM files WHERE id = $1", {*in.file_id});
    if (f.empty() || f.first().text("kind") != "image" || f.first().opt_int64("town_id") != w.town_id)
      return field_error(ErrorCode::InvalidArgument, "fileId", "sign.evidence_not_image");
  }
  const db::Params params{w.id,
                          in.checked_on,
                          in.poster_present,
                          in.note,
                          in.file_id,
                          audit.actor.user_id ? db::Param(audit.actor.user_id) : db::Param(nullptr),
                          iso_utc(audit.now)};
  const auto id = tx.query(
                        "INSERT INTO window_checks (window_id, checked_on, poster_present, note, file_id, "
                        "checked_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                        params)
                      .first()
                      .int64("id");
  write_audit(tx, audit, "window.check", "service_window", w.id, w.unit_id, "",
              json::serialize(json::object{
                  {"checkId", id}, {"checkedOn", in.checked_on}, {"posterPresent", in.poster_present}}));
  return *load_window(tx.conn(), w.id);
}

Result<infra::pdf::Artwork> poster(db::Connection& conn, const Window& w, const projects::Project& project,
                                   std::string_view script) {
  auto sc = parse_script(script);
  if (!sc) return sc.take_error();
  PosterContent c = poster_content_from(project, town_defaults(conn), w.unit_name + " " + w.place);
  c.url = project_url(conn, project.code);
  return poster_artwork(c, *sc);
}

// ---- leaflets ----

namespace {

LeafletVersion leaflet_from_row(const db::Row& r) {
  LeafletVersion v;
  v.id = r.int64("id");
  v.project_id = r.int64("project_id");
  v.version = static_cast<int>(r.int64("version"));
  v.frozen = r.boolean("frozen");
  v.frozen_at = r.opt_text("frozen_at");
  v.title = r.text("title");
  v.plain_text = r.text("plain_text");
  v.eligibility = r.text("eligibility");
  v.how_to_apply = r.text("how_to_apply");
  v.hotline = r.text("hotline");
  v.paper = r.text("paper");
  v.two_up = r.boolean("two_up");
  v.created_at = r.text("created_at");
  v.updated_at = r.text("updated_at");
  return v;
}

constexpr std::string_view kLeafletColumns =
    "id, project_id, version, frozen, frozen_at, title, plain_text, eligibility, how_to_apply, hotline, "
    "paper, two_up, created_at, updated_at";

std::string leaflet_audit(const LeafletVersion& v) {
  return json::serialize(json::object{{"version", v.version},
                                      {"frozen", v.frozen},
                                      {"title", v.title},
                                      {"plainText", v.plain_text},
                                      {"eligibility", v.eligibility},
                                      {"howToApply", v.how_to_apply},
                                      {"hotline", v.hotline},
                                      {"paper", v.paper},
                                      {"twoUp", v.two_up}});
}

}  // namespace

std::vector<LeafletVersion> leaflet_versions(db::Connection& conn, std::int64_t project_id) {
  std::vector<LeafletVersion> out;
  for (const auto& r : conn.query("SELECT " + std::string(kLeafletColumns) +
                                      " FROM leaflet_versions WHERE project_id = $1 ORDER BY version DESC",
                                  {project_id})
                           .rows)
    out.push_back(leaflet_from_row(r));
  return out;
}

LeafletVersion leaflet_defaults(db::Connection& conn, const projects::Project& project) {
  const LeafletContent c = leaflet_content_from(project, town_defaults(conn));
  LeafletVersion v;
  v.project_id = project.id;
  v.title = c.title;
  v.plain_text = c.plain_text;
  v.eligibility = c.eligibility;
  v.how_to_apply = c.how_to_apply;
  v.hotline = c.hotline;
  return v;
}

Result<LeafletVersion> save_leaflet(db::Tx& tx, const platform::Auditor& audit,
                                    const projects::Project& project, const LeafletInput& in) {
  std::vector<FieldError> errors;
  if (!parse_paper(in.paper)) errors.push_back({"paper", messages::for_field("field.one_of", "paper")});
  if (!errors.empty()) return Error{ErrorCode::InvalidArgument, "error.invalid_field", std::move(errors)};
  if (in.two_up && in.paper != "a5")
    return field_error(ErrorCode::Unprocessable, "twoUp", "leaflet.two_up_a5");
  if (!in.hotline.empty() && !valid_phone(in.hotline))
    return field_error(ErrorCode::Unprocessable, "hotline", "sign.bad_phone");
  const auto versions = leaflet_versions(tx.conn(), project.id);
  const std::string now = iso_utc(audit.now);
  std::string before;
  std::int64_t id = 0;
  if (!versions.empty() && !versions.front().frozen) {
    id = versions.front().id;
    before = leaflet_audit(versions.front());
    const db::Params params{
        in.title, in.plain_text, in.eligibility, in.how_to_apply, in.hotline, in.paper, in.two_up, now, id};
    tx.query(
        "UPDATE leaflet_versions SET title = $1, plain_text = $2, eligibility = $3, how_to_apply = $4, "
        "hotline = $5, paper = $6, two_up = $7, updated_at = $8 WHERE id = $9 AND frozen = 0",
        params);
  } else {
    const int next = versions.empty() ? 1 : versions.front().version + 1;
    const db::Params params{project.town_id,
                            project.id,
                            next,
                            in.title,
                            in.plain_text,
                            in.eligibility,
                            in.how_to_apply,
                            in.hotline,
                            in.paper,
                            in.two_up,
                            project.is_demo,
                            audit.actor.user_id ? db::Param(audit.actor.user_id) : db::Param(nullptr),
                            now};
    id = tx.query(
               "INSERT INTO leaflet_versions (town_id, project_id, version, title, plain_text, eligibility, "
               "how_to_apply, hotline, paper, two_up, is_demo, created_by, created_at, updated_at) VALUES "
               "($1, "
               "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id",
               params)
             .first()
             .int64("id");
  }
  auto saved = leaflet_from_row(
      tx.query("SELECT " + std::string(kLeafletColumns) + " FROM leaflet_versions WHERE id = $1", {id})
          .first());
  write_audit(tx, audit, "leaflet.update", "leaflet_version", id, project.town_id, before,
              leaflet_audit(saved));
  return saved;
}

Result<infra::pdf::Artwork> leaflet(db::Connection& conn, const projects::Project& project,
                                    const LeafletVersion& v, std::string_view script) {
  auto sc = parse_script(script);
  if (!sc) return sc.take_error();
  auto paper = parse_paper(v.paper);
  if (!paper) return paper.take_error();
  LeafletContent c;
  c.title = v.title;
  c.plain_text = v.plain_text;
  c.eligibility = v.eligibility;
  c.how_to_apply = v.how_to_apply;
  c.hotline = v.hotline;
  c.issuer = project.lead_unit.name;
  // The date of the version's text (a frozen version's never changes, so neither does its artwork).
  const std::string& day = v.updated_at;
  c.version_label = day.size() >= 7 ? fmt::format("第{}版 {}年{}月", v.version, day.substr(0, 4),
                                                  std::stoi(day.substr(5, 2)))
                                    : fmt::format("第{}版", v.version);
  c.url = project_url(conn, project.code);
  c.demo = project.is_demo;
  return leaflet_artwork(c, *paper, v.two_up, *sc);
}

// ---- print runs ----

std::optional<PrintRun> load_print_run(db::Connection& conn, std::int64_t id) {
  auto r = conn.query(
      "SELECT r.id, r.town_id, r.unit_id, u.name AS unit_name, u.path AS unit_path, r.kind, r.project_id, "
      "p.code, p.name, p.year, v.version, r.copies, r.printed_on, r.created_at FROM print_runs r JOIN "
      "org_units u ON u.id = r.unit_id JOIN projects p ON p.id = r.project_id LEFT JOIN leaflet_versions v "
      "ON "
      "v.id = r.leaflet_version_id WHERE r.id = $1",
      {id});
  if (r.empty()) return std::nullopt;
  const auto& row = r.first();
  PrintRun run;
  run.id = row.int64("id");
  run.town_id = row.int64("town_id");
  run.unit_id = row.int64("unit_id");
  run.unit_name = row.text("unit_name");
  run.unit_path = row.text("unit_path");
  run.kind = row.text("kind");
  run.project_id = row.int64("project_id");
  run.project_code = row.text("code");
  run.project_name = row.text("name");
  run.year = static_cast<int>(row.int64("year"));
  if (auto v = row.opt_int64("version")) run.leaflet_version = static_cast<int>(*v);
  run.copies = static_cast<int>(row.int64("copies"));
  run.printed_on = row.text("printed_on");
  run.created_at = row.text("created_at");
  for (const auto& d :
       conn.query(
               "SELECT id, target_kind, target_name, window_id, unit_id, copies, pupils_reached, handed_on, "
               "created_at FROM distributions WHERE print_run_id = $1 ORDER BY handed_on, id",
               {id})
           .rows) {
    Distribution x;
    x.id = d.int64("id");
    x.target_kind = d.text("target_kind");
    x.target_name = d.text("target_name");
    x.window_id = d.opt_int64("window_id");
    x.unit_id = d.opt_int64("unit_id");
    x.copies = static_cast<int>(d.int64("copies"));
    x.pupils_reached = d.opt_int64("pupils_reached");
    x.handed_on = d.text("handed_on");
    x.created_at = d.text("created_at");
    run.distributed += x.copies;
    run.pupils_reached += x.pupils_reached.value_or(0);
    run.distributions.push_back(std::move(x));
  }
  return run;
}

bool can_manage_print_run(const Principal& p, const PrintRun& r, std::string_view town_path) {
  return platform::role_has(p.role, platform::Permission::PrintWrite) &&
         (is_town_office(p, town_path) || platform::in_scope(p, r.unit_path));
}

Result<PrintRun> create_print_run(db::Tx& tx, const platform::Auditor& audit,
                                  const projects::Project& project, std::int64_t unit_id,
                                  const PrintRunInput& in) {
  std::optional<std::int64_t> version_id;
  bool frozen_now = false;
  if (in.kind == "leaflet") {
    const auto versions = leaflet_versions(tx.conn(), project.id);
    const LeafletVersion* v = nullptr;
    for (const auto& x : versions)
      if (!in.leaflet_version ? v == nullptr : x.version == *in.leaflet_version) {
        v = &x;
        break;
      }
    if (!v) return field_error(ErrorCode::Unprocessable, "leafletVersion", "print.leaflet_needs_version");
    version_id = v->id;
    frozen_now = !v->frozen;
  } else if (in.leaflet_version) {
    return field_error(ErrorCode::InvalidArgument, "leafletVersion", "print.version_only_leaflet");
  }
  // Printed copies cannot be recalled: a QR that phones cannot open is printed only when the caller has
  // seen the warning and confirmed (after the other checks, so a confirmation is never asked for in vain).
  const std::string qr_warning = platform::qr_warning(tx.conn());
  if (platform::qr_needs_confirmation(tx.conn()) && !in.confirm_qr)
    return Error{ErrorCode::Conflict, "print.qr_unconfirmed", {FieldError{"confirmQr", qr_warning}}};
  if (frozen_now)
    tx.query("UPDATE leaflet_versions SET frozen = 1, frozen_at = $1 WHERE id = $2",
             {iso_utc(audit.now), *version_id});
  const db::Params params{project.town_id,
                          unit_id,
                          in.kind,
                          project.id,
                          version_id,
                          in.copies,
                          in.printed_on,
                          project.is_demo,
                          audit.actor.user_id ? db::Param(audit.actor.user_id) : db::Param(nullptr),
                          iso_utc(audit.now)};
  const auto id =
      tx.query(
            "INSERT INTO print_runs (town_id, unit_id, kind, project_id, leaflet_version_id, copies, "
            "printed_on, is_demo, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
            "$9, $10) RETURNING id",
            params)
          .first()
          .int64("id");
  auto run = load_print_run(tx.conn(), id);
  write_audit(
      tx, audit, "print.create", "print_run", id, unit_id, "",
      json::serialize(json::object{
          {"kind", in.kind},
          {"projectId", project.id},
          {"leafletVersion",
           run->leaflet_version ? json::value(*run->leaflet_version) : json::value(nullptr)},
          {"copies", in.copies},
          {"printedOn", in.printed_on},
          {"qrWarning", qr_warning.empty() ? json::value(nullptr) : json::value(json::string(qr_warning))}}));
  return *run;
}

Result<PrintRun> add_distribution(db::Tx& tx, const platform::Auditor& audit, const PrintRun& run,
                                  const DistributionInput& in) {
  std::vector<FieldError> errors;
  if (in.window_id) {
    auto w = tx.query("SELECT town_id FROM service_windows WHERE id = $1", {*in.window_id});
    if (w.empty() || w.first().int64("town_id") != run.town_id)
      errors.push_back({"windowId", messages::for_field("field.not_found", "windowId")});
  }
  if (in.unit_id) {
    auto u = tx.query("SELECT town_id FROM org_units WHERE id = $1", {*in.unit_id});
    if (u.empty() || u.first().opt_int64("town_id") != run.town_id)
      errors.push_back({"unitId", messages::for_field("project.not_in_town", "unitId")});
  }
  if (!errors.empty()) return Error{ErrorCode::InvalidArgument, "error.invalid_field", std::move(errors)};
  if (run.distributed + in.copies > run.copies)
    return field_error(ErrorCode::Unprocessable, "copies", "print.copies_exceeded",
                       {{"copies", std::to_string(run.copies)}, {"given", std::to_string(run.distributed)}});
  const db::Params params{run.id,
                          in.target_kind,
                          in.target_name,
                          in.window_id,
                          in.unit_id,
                          in.copies,
                          in.pupils_reached,
                          in.handed_on,
                          audit.actor.user_id ? db::Param(audit.actor.user_id) : db::Param(nullptr),
                          iso_utc(audit.now)};
  const auto id =
      tx.query(
            "INSERT INTO distributions (print_run_id, target_kind, target_name, window_id, unit_id, "
            "copies, pupils_reached, handed_on, created_by, created_at) VALUES ($1, $2, $3, $4, $5, "
            "$6, $7, $8, $9, $10) RETURNING id",
            params)
          .first()
          .int64("id");
  write_audit(
      tx, audit, "print.distribute", "print_run", run.id, run.unit_id, "",
      json::serialize(json::object{
          {"distributionId", id},
          {"targetKind", in.target_kind},
          {"targetName", in.target_name},
          {"copies", in.copies},
          {"pupilsReached", in.pupils_reached ? json::value(*in.pupils_reached) : json::value(nullptr)},
          {"handedOn", in.handed_on}}));
  return *load_print_run(tx.conn(), run.id);
}

// ---- the scorecard ----

namespace {

// Facts per unit id, computed once per scorecard.
struct SignageFacts {
  std::map<std::int64_t, std::pair<int, int>> signs;  // lead unit -> (engineering projects, evidenced)
  std::map<std::int64_t, std::int64_t> windows_checked;
  std::map<std::int64_t, std::int64_t> leaflets_distributed;
};

constexpr const char* kFactsKey = "signage.facts";

void put_signage_facts(db::Connection& conn, std::int64_t town_id, int year, std::string_view as_of,
                       circulars::ScorecardContext& context) {
  SignageFacts f;
  const std::string first = std::to_string(year) + "-01-01";
  const std::string last = std::string(as_of);
  for (const auto& r :
       conn.query("SELECT p.lead_unit_id, COUNT(*) AS n, SUM(CASE WHEN s.evidence_file_id IS NOT NULL "
                  "AND s.evidence_uploaded_at <= $3 THEN 1 ELSE 0 END) AS e FROM projects p LEFT JOIN "
                  "signs s ON s.project_id = p.id WHERE p.town_id = $1 AND p.year = $2 AND p.category = "
                  "'engineering' GROUP BY p.lead_unit_id",
                  {town_id, year, last + "T99"})
           .rows)
    f.signs[r.int64("lead_unit_id")] = {static_cast<int>(r.int64("n")), static_cast<int>(r.int64("e"))};
  for (const auto& r :
       conn.query(
               "SELECT w.unit_id, COUNT(DISTINCT w.id) AS n FROM service_windows w JOIN window_checks c ON "
               "c.window_id = w.id WHERE w.town_id = $1 AND c.checked_on >= $2 AND c.checked_on <= $3 GROUP "
               "BY w.unit_id",
               {town_id, first, last})
           .rows)
    f.windows_checked[r.int64("unit_id")] = r.int64("n");
  for (const auto& r :
       conn.query(
               "SELECT r.unit_id, SUM(d.copies) AS n FROM print_runs r JOIN distributions d ON "
               "d.print_run_id = r.id WHERE r.town_id = $1 AND r.kind = 'leaflet' AND d.handed_on >= $2 AND "
               "d.handed_on <= $3 GROUP BY r.unit_id",
               {town_id, first, last})
           .rows)
    f.leaflets_distributed[r.int64("unit_id")] = r.int64("n");
  context.put(kFactsKey, std::move(f));
}

}  // namespace

std::optional<std::int64_t> sign_evidenced_rate(int projects, int evidenced) {
  if (projects <= 0) return std::nullopt;
  return percent_tenths(evidenced, projects);
}

namespace {

void register_signage_indicators(circulars::IndicatorRegistry& registry) {
  using circulars::Indicator;
  using circulars::Measure;
  using circulars::ScorecardContext;
  using circulars::ScorecardUnit;
  auto add = [&](Indicator i) {
    auto st = registry.add(std::move(i));
    (void)st;  // codes are unique to this module
  };
  add(Indicator{"signage.sign_evidenced", "标牌安装率", "signage", Measure::Percent, false,
                [](const ScorecardUnit& u, int, const ScorecardContext& c) -> std::optional<std::int64_t> {
                  const auto* f = c.get<SignageFacts>(kFactsKey);
                  if (!f) return std::nullopt;
                  auto it = f->signs.find(u.id);
                  if (it == f->signs.end()) return std::nullopt;
                  return sign_evidenced_rate(it->second.first, it->second.second);
                }});
  add(Indicator{"signage.windows_checked", "窗口检查数", "signage", Measure::Count, false,
                [](const ScorecardUnit& u, int, const ScorecardContext& c) -> std::optional<std::int64_t> {
                  const auto* f = c.get<SignageFacts>(kFactsKey);
                  if (!f) return std::nullopt;
                  auto it = f->windows_checked.find(u.id);
                  return it == f->windows_checked.end() ? 0 : it->second;
                }});
  add(Indicator{"signage.leaflets_distributed", "明白纸发放份数", "signage", Measure::Count, false,
                [](const ScorecardUnit& u, int, const ScorecardContext& c) -> std::optional<std::int64_t> {
                  const auto* f = c.get<SignageFacts>(kFactsKey);
                  if (!f) return std::nullopt;
                  auto it = f->leaflets_distributed.find(u.id);
                  return it == f->leaflets_distributed.end() ? 0 : it->second;
                }});
}

}  // namespace

void register_scorecard_provider() {
  circulars::add_scorecard_provider(
      circulars::ScorecardProvider{.module = "signage",
                                   .register_indicators = register_signage_indicators,
                                   .put_facts = put_signage_facts});
}

}  // namespace minsheng::signage
