#include "modules/files/routes.hpp"
#include "modules/signage/routes.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <charconv>

#include "core/clock.hpp"
#include "core/messages.hpp"
#include "infra/docx/zip.hpp"
#include "modules/files/names.hpp"
#include "modules/projects/service.hpp"
#include "modules/signage/service.hpp"
#include "platform/json_util.hpp"
#include "platform/public_address.hpp"
#include "platform/roles.hpp"

namespace minsheng::signage {
namespace {

namespace json = boost::json;
using files::download;
using platform::fail;
using platform::RequestContext;
using platform::unwrap;

constexpr int kMinYear = 2000, kMaxYear = 2100;

std::string today(RequestContext& ctx) {
  return shanghai_date(ctx.now());
}

int this_year(RequestContext& ctx) {
  return std::stoi(today(ctx).substr(0, 4));
}

int read_year(http::parse::QueryForm& q, RequestContext& ctx) {
  auto y = q.integer("year", {.min = kMinYear, .max = kMaxYear});
  return static_cast<int>(y.value_or(this_year(ctx)));
}

std::string town_path(db::Connection& conn, std::int64_t town_id) {
  auto r = conn.query("SELECT path FROM org_units WHERE id = $1", {town_id});
  return r.empty() ? std::string() : r.first().text("path");
}

// A record of a town the caller may read (the town in scope, or the caller's unit inside it).
bool town_visible(RequestContext& ctx, const std::string& path) {
  return !path.empty() && (platform::in_scope(ctx.user(), path) || ctx.user().anchor_path.starts_with(path));
}

projects::Project require_project(RequestContext& ctx, db::Connection& conn, std::int64_t id) {
  auto p = projects::load_project(conn, id);
  if (!p || !projects::can_read(ctx.user(), *p)) fail(ErrorCode::NotFound, "error.not_found");
  return *p;
}

projects::Project require_engineering(RequestContext& ctx, db::Connection& conn) {
  auto p = require_project(ctx, conn, ctx.id_param());
  if (p.category != "engineering") fail(ErrorCode::NotFound, "sign.not_engineering");
  return p;
}

std::string safe_name(std::string s) {
  for (auto& c : s)
    if (c == '/' || c == '\\' || c == ':' || static_cast<unsigned char>(c) < 0x20) c = '_';
  return s;
}

json::value opt_json(const std::optional<std::string>& v) {
  if (!v) return nullptr;
  return json::string(*v);
}
json::value opt_json(const std::optional<std::int64_t>& v) {
  if (!v) return nullptr;
  return *v;
}

// What keeps phones from opening the artwork's QR code (platform::qr_warning), null when nothing does: the
// editors show it as it is, so the back office does not repeat the check.
json::value qr_warning_json(db::Connection& conn) {
  std::string w = platform::qr_warning(conn);
  if (w.empty()) return nullptr;
  return json::string(w);
}

// ---- JSON ----

json::object overrides_json(const SignOverrides& o) {
  auto v = [](const std::optional<std::string>& s) -> json::value {
    if (!s || s->empty()) return nullptr;
    return json::string(*s);
  };
  return json::object{{"builder", v(o.builder)},
                      {"investment", v(o.investment)},
                      {"buildDates", v(o.build_dates)},
                      {"managerUnit", v(o.manager_unit)},
                      {"supervisionPhone", v(o.supervision_phone)},
                      {"location", v(o.location)},
                      {"content", v(o.content)},
                      {"contractor", v(o.contractor)},
                      {"responsible", v(o.responsible)}};
}

json::value evidence_json(const std::optional<Evidence>& e) {
  if (!e) return nullptr;
  json::array warnings;
  for (const auto& w : e->warnings)
    warnings.push_back(json::object{{"code", w.code}, {"message", w.message}});
  return json::object{{"fileId", e->file_id},
                      {"takenAt", platform::camera_time_json(e->taken_at)},
                      {"lat", e->lat ? json::value(*e->lat) : json::value(nullptr)},
                      {"lng", e->lng ? json::value(*e->lng) : json::value(nullptr)},
                      {"distanceM", opt_json(e->distance_m)},
                      {"uploadedAt", platform::time_json(e->uploaded_at)},
                      {"warnings", std::move(warnings)}};
}

// With `p` (a single sign's answer): canEdit, and qrWarning read through `conn`.
json::object sign_json(RequestContext& ctx, const Sign& s, const projects::Project* p = nullptr,
                       db::Connection* conn = nullptr) {
  json::object o{
      {"id", opt_json(s.id)},
      {"projectId", s.project_id},
      {"projectCode", s.project_code},
      {"projectName", s.project_name},
      {"leadUnitId", s.lead_unit_id},
      {"leadUnitName", s.lead_unit_name},
      {"year", s.year},
      {"size", s.size},
      {"script", s.script},
      {"fields", sign_fields_json(s.fields)},
      {"defaults", sign_fields_json(s.defaults)},
      {"overrides", overrides_json(s.overrides)},
      {"evidence", evidence_json(s.evidence)},
      {"state", s.state},
      {"overdue", s.overdue},
      {"startDate", opt_json(s.start_date)},
      {"completedDate", opt_json(s.completed_date)},
      {"daysSinceStart", s.days_since_start ? json::value(*s.days_since_start) : json::value(nullptr)},
      {"updatedAt", platform::time_json(s.updated_at)}};
  if (p) o["canEdit"] = can_edit_sign(ctx.user(), *p);
  if (conn) o["qrWarning"] = qr_warning_json(*conn);
  return o;
}

json::object window_json(RequestContext& ctx, const Window& w, const std::string& tpath) {
  json::array ids, checks;
  for (auto i : w.project_ids)
    ids.emplace_back(i);
  for (const auto& c : w.checks)
    checks.push_back(json::object{{"id", c.id},
                                  {"checkedOn", c.checked_on},
                                  {"posterPresent", c.poster_present},
                                  {"note", c.note},
                                  {"fileId", opt_json(c.file_id)},
                                  {"checkedBy", c.checked_by},
                                  {"createdAt", platform::time_json(c.created_at)}});
  return json::object{{"id", w.id},
                      {"unitId", w.unit_id},
                      {"unitName", w.unit_name},
                      {"place", w.place},
                      {"projectIds", std::move(ids)},
                      {"lastCheckedOn", opt_json(w.last_checked_on)},
                      {"checks", std::move(checks)},
                      {"canEdit", can_manage_window(ctx.user(), w, tpath)},
                      {"createdAt", platform::time_json(w.created_at)},
                      {"updatedAt", platform::time_json(w.updated_at)}};
}

json::object version_json(const LeafletVersion& v) {
  return json::object{{"version", v.version},
                      {"frozen", v.frozen},
                      {"frozenAt", platform::time_json(v.frozen_at)},
                      {"title", v.title},
                      {"plainText", v.plain_text},
                      {"eligibility", v.eligibility},
                      {"howToApply", v.how_to_apply},
                      {"hotline", v.hotline},
                      {"paper", v.paper},
                      {"twoUp", v.two_up},
                      {"updatedAt", platform::time_json(v.updated_at)}};
}

json::object leaflet_json(RequestContext& ctx, db::Connection& conn, const projects::Project& p) {
  json::array versions;
  for (const auto& v : leaflet_versions(conn, p.id))
    versions.push_back(version_json(v));
  auto d = leaflet_defaults(conn, p);
  return json::object{{"projectId", p.id},
                      {"projectCode", p.code},
                      {"projectName", p.name},
                      {"canEdit", can_edit_sign(ctx.user(), p)},
                      {"defaults", json::object{{"title", d.title},
                                                {"plainText", d.plain_text},
                                                {"eligibility", d.eligibility},
                                                {"howToApply", d.how_to_apply},
                                                {"hotline", d.hotline},
                                                {"paper", d.paper},
                                                {"twoUp", d.two_up}}},
                      {"versions", std::move(versions)},
                      {"qrWarning", qr_warning_json(conn)}};
}

json::object run_json(RequestContext& ctx, const PrintRun& r, const std::string& tpath) {
  json::array dist;
  for (const auto& d : r.distributions)
    dist.push_back(json::object{{"id", d.id},
                                {"targetKind", d.target_kind},
                                {"targetName", d.target_name},
                                {"windowId", opt_json(d.window_id)},
                                {"unitId", opt_json(d.unit_id)},
                                {"copies", d.copies},
                                {"pupilsReached", opt_json(d.pupils_reached)},
                                {"handedOn", d.handed_on},
                                {"createdAt", platform::time_json(d.created_at)}});
  return json::object{
      {"id", r.id},
      {"kind", r.kind},
      {"projectId", r.project_id},
      {"projectCode", r.project_code},
      {"projectName", r.project_name},
      {"year", r.year},
      {"unitId", r.unit_id},
      {"unitName", r.unit_name},
      {"leafletVersion", r.leaflet_version ? json::value(*r.leaflet_version) : json::value(nullptr)},
      {"copies", r.copies},
      {"printedOn", r.printed_on},
      {"distributed", r.distributed},
      {"pupilsReached", r.pupils_reached},
      {"distributions", std::move(dist)},
      {"canEdit", can_manage_print_run(ctx.user(), r, tpath)},
      {"createdAt", platform::time_json(r.created_at)}};
}

// ---- signs ----

http::Response signs_list(RequestContext& ctx) {
  auto q = ctx.query_form();
  const int year = read_year(*q, ctx);
  auto state = q->one_of("state", {"all", "missing", "draft", "evidenced", "overdue"});
  auto town_param = q->integer("townId", {.min = 1});
  unwrap(q->finish());
  auto lease = ctx.app.pool.acquire();
  const auto town = platform::request_town(ctx, *lease, town_param);
  const std::string want = state.value_or("all");
  json::array rows;
  for (const auto& s : town_signs(*lease, town, year, today(ctx))) {
    if (want == "overdue" ? !s.overdue : want != "all" && s.state != want) continue;
    rows.push_back(sign_json(ctx, s));
  }
  const auto total = static_cast<std::int64_t>(rows.size());
  return ctx.json(200, json::object{{"rows", std::move(rows)},
                                    {"total", total},
                                    {"overdueDays", load_settings(*lease, town).overdue_days},
                                    {"qrWarning", qr_warning_json(*lease)}});
}

http::Response sign_get(RequestContext& ctx) {
  unwrap(ctx.query_form()->finish());
  auto lease = ctx.app.pool.acquire();
  auto p = require_engineering(ctx, *lease);
  return ctx.json(200, sign_json(ctx, load_sign(*lease, p, today(ctx)), &p, &*lease));
}

// overrides: {builder, …} — each a string (null or "" → the default). Field errors are named
// "overrides.<key>".
SignOverrides read_overrides(RequestContext& ctx, http::parse::JsonForm& f) {
  f.ignore("overrides");
  SignOverrides o;
  const json::object body = json::parse(ctx.req.body).as_object();  // JsonForm has validated it
  const json::value* v = body.if_contains("overrides");
  if (v == nullptr || v->is_null()) return o;
  if (!v->is_object()) {
    f.add_error("overrides", messages::for_field("field.type_object", "overrides"));
    return o;
  }
  auto sub = http::parse::JsonForm::parse(json::serialize(*v));
  if (!sub) {
    f.add_error("overrides", messages::for_field("field.type_object", "overrides"));
    return o;
  }
  auto& s = *sub.value();
  auto text = [&](std::string_view name, std::size_t max, bool multiline = false) {
    return s.string(name, {.max_chars = max, .multiline = multiline});
  };
  o.builder = text("builder", 100);
  o.investment = text("investment", 50);
  o.build_dates = text("buildDates", 100);
  o.manager_unit = text("managerUnit", 100);
  o.supervision_phone = text("supervisionPhone", 30);
  o.location = text("location", 200);
  o.content = text("content", 1000, true);
  o.contractor = text("contractor", 100);
  o.responsible = text("responsible", 50);
  if (auto st = s.finish(); !st) {
    for (const auto& fe : st.error().fields) {
      f.add_error("overrides." + fe.field, fe.message);
    }
  }
  return o;
}

http::Response sign_put(RequestContext& ctx) {
  auto f = ctx.json_form();
  SignInput in;
  auto size = f->one_of("size", {"120x80", "240x120", "a4"});
  auto script = f->one_of("script", {"hans", "hant"});
  in.overrides = read_overrides(ctx, *f);
  unwrap(f->finish());
  db::Tx tx(ctx.app.pool);
  auto p = require_engineering(ctx, tx.conn());
  if (!can_edit_sign(ctx.user(), p)) fail(ErrorCode::PermissionDenied, "sign.not_lead_unit");
  const Sign current = load_sign(tx.conn(), p, today(ctx));
  in.size = size.value_or(current.size);
  in.script = script.value_or(current.script);
  auto s = unwrap(save_sign(tx, ctx.auditor(), p, in, today(ctx)));
  auto body = sign_json(ctx, s, &p, &tx.conn());
  tx.commit();
  return ctx.json(200, body);
}

std::string read_format(http::parse::QueryForm& q) {
  return q.one_of("format", {"pdf", "png", "svg"}).value_or("pdf");
}

http::Response sign_artwork_get(RequestContext& ctx) {
  auto q = ctx.query_form();
  const std::string format = read_format(*q);
  auto size = q->one_of("size", {"120x80", "240x120", "a4"});
  auto script = q->one_of("script", {"hans", "hant"});
  unwrap(q->finish());
  auto lease = ctx.app.pool.acquire();
  auto p = require_engineering(ctx, *lease);
  const Sign s = load_sign(*lease, p, today(ctx));
  auto art = unwrap(sign_board(*lease, s, size.value_or(s.size), script.value_or(s.script)));
  auto bytes = unwrap(render(art, format));
  return download(std::move(bytes), content_type_of(format), "sign-" + safe_name(p.code) + "." + format,
                  safe_name(p.code) + " 标牌." + format);
}

http::Response sign_evidence_post(RequestContext& ctx) {
  auto f = ctx.json_form();
  auto file = f->integer("fileId", {.required = true, .min = 1});
  unwrap(f->finish());
  db::Tx tx(ctx.app.pool);
  auto p = require_engineering(ctx, tx.conn());
  if (!can_edit_sign(ctx.user(), p)) fail(ErrorCode::PermissionDenied, "sign.not_lead_unit");
  auto s = unwrap(attach_evidence(tx, ctx.auditor(), p, *file, today(ctx)));
  auto body = sign_json(ctx, s, &p, &tx.conn());
  tx.commit();
  return ctx.json(200, body);
}

http::Response sign_evidence_delete(RequestContext& ctx) {
  unwrap(ctx.json_form()->finish());
  db::Tx tx(ctx.app.pool);
  auto p = require_engineering(ctx, tx.conn());
  if (!can_edit_sign(ctx.user(), p)) fail(ErrorCode::PermissionDenied, "sign.not_lead_unit");
  auto s = unwrap(remove_evidence(tx, ctx.auditor(), p, today(ctx)));
  auto body = sign_json(ctx, s, &p, &tx.conn());
  tx.commit();
  return ctx.json(200, body);
}

http::Response signs_export(RequestContext& ctx) {
  auto q = ctx.query_form();
  const int year = read_year(*q, ctx);
  const std::string format = read_format(*q);
  auto town_param = q->integer("townId", {.min = 1});
  unwrap(q->finish());
  auto lease = ctx.app.pool.acquire();
  const auto town = platform::request_town(ctx, *lease, town_param);
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& s : town_signs(*lease, town, year, today(ctx))) {
    auto art = unwrap(sign_board(*lease, s, s.size, s.script));
    files.emplace_back(safe_name(s.project_code) + " 标牌." + format, unwrap(render(art, format)));
  }
  auto zip = unwrap(infra::docx::zip_files(files));
  return download(std::move(zip), "application/zip", fmt::format("signs-{}-{}.zip", year, format),
                  fmt::format("{}年标牌.zip", year));
}

// ---- settings ----

http::Response settings_get(RequestContext& ctx) {
  auto q = ctx.query_form();
  auto town_param = q->integer("townId", {.min = 1});
  unwrap(q->finish());
  auto lease = ctx.app.pool.acquire();
  const auto town = platform::request_town(ctx, *lease, town_param);
  return ctx.json(200, json::object{{"overdueDays", load_settings(*lease, town).overdue_days}});
}

http::Response settings_put(RequestContext& ctx) {
  auto f = ctx.json_form();
  auto days = f->integer("overdueDays", {.required = true, .min = 1, .max = 365});
  unwrap(f->finish());
  db::Tx tx(ctx.app.pool);
  const auto town = platform::request_town(ctx, tx.conn(), std::nullopt);
  if (!is_town_office(ctx.user(), town_path(tx.conn(), town)))
    fail(ErrorCode::PermissionDenied, "sign.office_only");
  unwrap(save_settings(tx, ctx.auditor(), town, Settings{static_cast<int>(*days)}));
  const int saved = load_settings(tx.conn(), town).overdue_days;
  tx.commit();
  return ctx.json(200, json::object{{"overdueDays", saved}});
}

// ---- windows ----

struct LoadedWindow {
  Window window;
  std::string town_path;
};

LoadedWindow require_window(RequestContext& ctx, db::Connection& conn) {
  auto w = load_window(conn, ctx.id_param());
  if (!w) fail(ErrorCode::NotFound, "error.not_found");
  auto path = town_path(conn, w->town_id);
  if (!town_visible(ctx, path)) fail(ErrorCode::NotFound, "error.not_found");
  return {std::move(*w), std::move(path)};
}

http::Response windows_list(RequestContext& ctx) {
  auto q = ctx.query_form();
  auto town_param = q->integer("townId", {.min = 1});
  unwrap(q->finish());
  auto lease = ctx.app.pool.acquire();
  const auto town = platform::request_town(ctx, *lease, town_param);
  const auto tpath = town_path(*lease, town);
  json::array rows;
  for (const auto& w : town_windows(*lease, town))
    rows.push_back(window_json(ctx, w, tpath));
  const auto total = static_cast<std::int64_t>(rows.size());
  return ctx.json(
      200, json::object{{"rows", std::move(rows)}, {"total", total}, {"qrWarning", qr_warning_json(*lease)}});
}

WindowInput read_window(http::parse::JsonForm& f, std::int64_t default_unit) {
  WindowInput in;
  auto unit = f.integer("unitId", {.min = 1});
  auto place = f.string("place", {.required = true, .max_chars = 100});
  auto ids = f.int_list("projectIds", {.min = 1}, 200);
  in.unit_id = unit.value_or(default_unit);
  in.place = place.value_or("");
  in.project_ids = ids.value_or(std::vector<std::int64_t>{});
  return in;
}

// The caller may keep a window of `unit_id`: the office any unit of its town, others their own unit.
void require_window_unit(RequestContext& ctx, db::Connection& conn, std::int64_t unit_id,
                         const std::string& tpath) {
  if (is_town_office(ctx.user(), tpath)) return;
  auto r = conn.query("SELECT path FROM org_units WHERE id = $1", {unit_id});
  if (r.empty() || !platform::in_scope(ctx.user(), r.first().text("path")))
    fail(ErrorCode::PermissionDenied, "window.not_own_unit");
}

http::Response window_create(RequestContext& ctx) {
  auto f = ctx.json_form();
  WindowInput in = read_window(*f, ctx.user().org_unit_id);
  unwrap(f->finish());
  db::Tx tx(ctx.app.pool);
  const auto town = platform::request_town(ctx, tx.conn(), std::nullopt);
  const auto tpath = town_path(tx.conn(), town);
  require_window_unit(ctx, tx.conn(), in.unit_id, tpath);
  auto w = unwrap(create_window(tx, ctx.auditor(), town, in));
  auto body = window_json(ctx, w, tpath);
  tx.commit();
  return ctx.json(201, body);
}

http::Response window_update(RequestContext& ctx) {
  db::Tx tx(ctx.app.pool);
  auto [w, tpath] = require_window(ctx, tx.conn());
  auto f = ctx.json_form();
  WindowInput in = read_window(*f, w.unit_id);
  unwrap(f->finish());
  if (!can_manage_window(ctx.user(), w, tpath)) fail(ErrorCode::PermissionDenied, "window.not_own_unit");
  require_window_unit(ctx, tx.conn(), in.unit_id, tpath);
  auto saved = unwrap(update_window(tx, ctx.auditor(), w, in));
  auto body = window_json(ctx, saved, tpath);
  tx.commit();
  return ctx.json(200, body);
}

http::Response window_delete(RequestContext& ctx) {
  unwrap(ctx.json_form()->finish());
  db::Tx tx(ctx.app.pool);
  auto [w, tpath] = require_window(ctx, tx.conn());
  if (!can_manage_window(ctx.user(), w, tpath)) fail(ErrorCode::PermissionDenied, "window.not_own_unit");
  unwrap(delete_window(tx, ctx.auditor(), w));
  tx.commit();
  http::Response r;
  r.status = 204;
  return r;
}

http::Response window_check(RequestContext& ctx) {
  auto f = ctx.json_form();
  CheckInput in;
  auto on = f->date("checkedOn");
  auto present = f->boolean("posterPresent", true);
  auto note = f->string("note", {.max_chars = 500, .multiline = true});
  in.file_id = f->integer("fileId", {.min = 1});
  unwrap(f->finish());
  in.checked_on = on.value_or(today(ctx));
  in.poster_present = present.value_or(false);
  in.note = note.value_or("");
  db::Tx tx(ctx.app.pool);
  auto [w, tpath] = require_window(ctx, tx.conn());
  if (!can_manage_window(ctx.user(), w, tpath)) fail(ErrorCode::PermissionDenied, "window.not_own_unit");
  auto saved = unwrap(add_check(tx, ctx.auditor(), w, in));
  auto body = window_json(ctx, saved, tpath);
  tx.commit();
  return ctx.json(201, body);
}

http::Response window_poster(RequestContext& ctx) {
  auto q = ctx.query_form();
  auto project_id = q->integer("projectId", {.min = 1});
  const std::string format = read_format(*q);
  auto script = q->one_of("script", {"hans", "hant"});
  unwrap(q->finish());
  auto lease = ctx.app.pool.acquire();
  auto [w, tpath] = require_window(ctx, *lease);
  std::optional<std::int64_t> pid = project_id;
  if (!pid && !w.project_ids.empty()) pid = w.project_ids.front();
  if (!pid)
    fail(Error::field(ErrorCode::Unprocessable, "projectId",
                      messages::for_field("field.required", "projectId")));
  auto p = projects::load_project(*lease, *pid);
  if (!p || p->town_id != w.town_id)
    fail(Error::field(ErrorCode::InvalidArgument, "projectId",
                      messages::for_field("field.not_found", "projectId")));
  auto art = unwrap(poster(*lease, w, *p, script.value_or("hans")));
  auto bytes = unwrap(render(art, format));
  return download(std::move(bytes), content_type_of(format),
                  fmt::format("poster-{}-{}.{}", w.id, safe_name(p->code), format),
                  safe_name(p->code) + " 窗口海报." + format);
}

// ---- leaflets ----

http::Response leaflets_list(RequestContext& ctx) {
  auto q = ctx.query_form();
  const int year = read_year(*q, ctx);
  auto town_param = q->integer("townId", {.min = 1});
  unwrap(q->finish());
  auto lease = ctx.app.pool.acquire();
  const auto town = platform::request_town(ctx, *lease, town_param);
  json::array rows;
  for (const auto& r :
       lease
           ->query("SELECT p.id, p.code, p.name, p.category, l.name AS lead_name FROM projects p JOIN "
                   "org_units l ON l.id = p.lead_unit_id WHERE p.town_id = $1 AND p.year = $2 ORDER BY "
                   "p.sort_order, p.code, p.id",
                   {town, year})
           .rows) {
    const auto versions = leaflet_versions(*lease, r.int64("id"));
    rows.push_back(json::object{
        {"projectId", r.int64("id")},
        {"projectCode", r.text("code")},
        {"projectName", r.text("name")},
        {"category", r.text("category")},
        {"leadUnitName", r.text("lead_name")},
        {"versions", static_cast<std::int64_t>(versions.size())},
        {"latest", versions.empty() ? json::value(nullptr) : json::value(version_json(versions.front()))}});
  }
  const auto total = static_cast<std::int64_t>(rows.size());
  return ctx.json(
      200, json::object{{"rows", std::move(rows)}, {"total", total}, {"qrWarning", qr_warning_json(*lease)}});
}

http::Response leaflet_get(RequestContext& ctx) {
  unwrap(ctx.query_form()->finish());
  auto lease = ctx.app.pool.acquire();
  auto p = require_project(ctx, *lease, ctx.id_param());
  return ctx.json(200, leaflet_json(ctx, *lease, p));
}

http::Response leaflet_put(RequestContext& ctx) {
  auto f = ctx.json_form();
  LeafletInput in;
  auto title = f->string("title", {.required = true, .max_chars = 60});
  auto plain = f->string("plainText", {.max_chars = 2000, .multiline = true});
  auto elig = f->string("eligibility", {.max_chars = 1000, .multiline = true});
  auto how = f->string("howToApply", {.max_chars = 1000, .multiline = true});
  auto hotline = f->string("hotline", {.max_chars = 30});
  auto paper = f->one_of("paper", {"a4", "a5"});
  auto two_up = f->boolean("twoUp");
  unwrap(f->finish());
  in.title = title.value_or("");
  in.plain_text = plain.value_or("");
  in.eligibility = elig.value_or("");
  in.how_to_apply = how.value_or("");
  in.hotline = hotline.value_or("");
  in.paper = paper.value_or("a4");
  in.two_up = two_up.value_or(false);
  db::Tx tx(ctx.app.pool);
  auto p = require_project(ctx, tx.conn(), ctx.id_param());
  if (!can_edit_sign(ctx.user(), p)) fail(ErrorCode::PermissionDenied, "sign.not_lead_unit");
  unwrap(save_leaflet(tx, ctx.auditor(), p, in));
  auto body = leaflet_json(ctx, tx.conn(), p);
  tx.commit();
  return ctx.json(200, body);
}

http::Response leaflet_artwork_get(RequestContext& ctx) {
  auto q = ctx.query_form();
  const std::string format = read_format(*q);
  auto script = q->one_of("script", {"hans", "hant"});
  unwrap(q->finish());
  const std::string vtext = ctx.param("version");
  int version = 0;
  auto [ptr, ec] = std::from_chars(vtext.data(), vtext.data() + vtext.size(), version);
  if (vtext.empty() || ec != std::errc() || ptr != vtext.data() + vtext.size() || version <= 0)
    fail(ErrorCode::NotFound, "error.not_found");
  auto lease = ctx.app.pool.acquire();
  auto p = require_project(ctx, *lease, ctx.id_param());
  for (const auto& v : leaflet_versions(*lease, p.id)) {
    if (v.version != version) continue;
    auto art = unwrap(leaflet(*lease, p, v, script.value_or("hans")));
    auto bytes = unwrap(render(art, format));
    return download(std::move(bytes), content_type_of(format),
                    fmt::format("leaflet-{}-v{}.{}", safe_name(p.code), version, format),
                    fmt::format("{} 明白纸 第{}版.{}", safe_name(p.code), version, format));
  }
  fail(ErrorCode::NotFound, "error.not_found");
}

// ---- print runs ----

struct LoadedRun {
  PrintRun run;
  std::string town_path;
};

LoadedRun require_run(RequestContext& ctx, db::Connection& conn) {
  auto r = load_print_run(conn, ctx.id_param());
  if (!r) fail(ErrorCode::NotFound, "error.not_found");
  auto path = town_path(conn, r->town_id);
  if (!town_visible(ctx, path)) fail(ErrorCode::NotFound, "error.not_found");
  return {std::move(*r), std::move(path)};
}

http::Response runs_list(RequestContext& ctx) {
  auto q = ctx.query_form();
  auto year = q->integer("year", {.min = kMinYear, .max = kMaxYear});
  auto kind = q->one_of("kind", {"sign", "poster", "leaflet"});
  auto town_param = q->integer("townId", {.min = 1});
  unwrap(q->finish());
  auto lease = ctx.app.pool.acquire();
  const auto town = platform::request_town(ctx, *lease, town_param);
  const auto tpath = town_path(*lease, town);
  platform::SqlBuilder b;
  std::string sql =
      "SELECT r.id FROM print_runs r JOIN projects p ON p.id = r.project_id WHERE r.town_id = " +
      b.bind(town);
  if (year) sql += " AND p.year = " + b.bind(*year);
  if (kind) sql += " AND r.kind = " + b.bind(*kind);
  sql += " ORDER BY r.printed_on DESC, r.id DESC";
  json::array rows;
  for (const auto& r : lease->query(sql, b.params()).rows)
    if (auto run = load_print_run(*lease, r.int64("id"))) rows.push_back(run_json(ctx, *run, tpath));
  const auto total = static_cast<std::int64_t>(rows.size());
  return ctx.json(
      200, json::object{{"rows", std::move(rows)}, {"total", total}, {"qrWarning", qr_warning_json(*lease)}});
}

http::Response run_create(RequestContext& ctx) {
  auto f = ctx.json_form();
  PrintRunInput in;
  auto kind = f->one_of("kind", {"sign", "poster", "leaflet"}, true);
  auto project = f->integer("projectId", {.required = true, .min = 1});
  auto version = f->integer("leafletVersion", {.min = 1, .max = 100'000});
  auto copies = f->integer("copies", {.required = true, .min = 1, .max = 1'000'000});
  auto on = f->date("printedOn");
  auto confirm = f->boolean("confirmQr");
  unwrap(f->finish());
  in.kind = *kind;
  in.confirm_qr = confirm.value_or(false);
  if (version) in.leaflet_version = static_cast<int>(*version);
  in.copies = static_cast<int>(*copies);
  in.printed_on = on.value_or(today(ctx));
  db::Tx tx(ctx.app.pool);
  auto p = projects::load_project(tx.conn(), *project);
  if (!p || !projects::can_read(ctx.user(), *p))
    fail(Error::field(ErrorCode::InvalidArgument, "projectId",
                      messages::for_field("field.not_found", "projectId")));
  auto run = unwrap(create_print_run(tx, ctx.auditor(), *p, ctx.user().org_unit_id, in));
  auto body = run_json(ctx, run, p->town_path);
  tx.commit();
  return ctx.json(201, body);
}

http::Response run_get(RequestContext& ctx) {
  unwrap(ctx.query_form()->finish());
  auto lease = ctx.app.pool.acquire();
  auto [run, tpath] = require_run(ctx, *lease);
  return ctx.json(200, run_json(ctx, run, tpath));
}

http::Response run_distribute(RequestContext& ctx) {
  auto f = ctx.json_form();
  DistributionInput in;
  auto kind = f->one_of("targetKind", {"window", "school", "village", "other"}, true);
  auto name = f->string("targetName", {.required = true, .max_chars = 100});
  in.window_id = f->integer("windowId", {.min = 1});
  in.unit_id = f->integer("unitId", {.min = 1});
  auto copies = f->integer("copies", {.required = true, .min = 1, .max = 1'000'000});
  in.pupils_reached = f->integer("pupilsReached", {.min = 0, .max = 1'000'000});
  auto on = f->date("handedOn");
  unwrap(f->finish());
  in.target_kind = *kind;
  in.target_name = *name;
  in.copies = static_cast<int>(*copies);
  in.handed_on = on.value_or(today(ctx));
  db::Tx tx(ctx.app.pool);
  auto [run, tpath] = require_run(ctx, tx.conn());
  if (!can_manage_print_run(ctx.user(), run, tpath)) fail(ErrorCode::PermissionDenied, "print.not_own_unit");
  auto saved = unwrap(add_distribution(tx, ctx.auditor(), run, in));
  auto body = run_json(ctx, saved, tpath);
  tx.commit();
  return ctx.json(201, body);
}

}  // namespace

platform::RouteTable signage_routes() {
  using http::Method;
  using platform::Permission;
  const auto unit = platform::ScopeRule::OrgUnit;
  return {
      {Method::Get, "/api/v1/signs", Permission::SignRead, unit, "", signs_list},
      {Method::Get, "/api/v1/signs/export.zip", Permission::SignRead, unit, "", signs_export},
      {Method::Get, "/api/v1/signs/project/{id}", Permission::SignRead, unit, "", sign_get},
      {Method::Put, "/api/v1/signs/project/{id}", Permission::SignWrite, unit, "sign.update", sign_put},
      {Method::Get, "/api/v1/signs/project/{id}/artwork", Permission::SignRead, unit, "", sign_artwork_get},
      {Method::Post, "/api/v1/signs/project/{id}/evidence", Permission::SignWrite, unit, "sign.evidence",
       sign_evidence_post},
      {Method::Delete, "/api/v1/signs/project/{id}/evidence", Permission::SignWrite, unit,
       "sign.evidence_delete", sign_evidence_delete},
      {Method::Get, "/api/v1/signage-settings", Permission::SignRead, unit, "", settings_get},
      {Method::Put, "/api/v1/signage-settings", Permission::SignWrite, unit, "signage.settings_update",
       settings_put},
      {Method::Get, "/api/v1/windows", Permission::SignRead, unit, "", windows_list},
      {Method::Post, "/api/v1/windows", Permission::PrintWrite, unit, "window.create", window_create},
      {Method::Put, "/api/v1/windows/{id}", Permission::PrintWrite, unit, "window.update", window_update},
      {Method::Delete, "/api/v1/windows/{id}", Permission::PrintWrite, unit, "window.delete", window_delete},
      {Method::Post, "/api/v1/windows/{id}/checks", Permission::PrintWrite, unit, "window.check",
       window_check},
      {Method::Get, "/api/v1/windows/{id}/poster", Permission::SignRead, unit, "", window_poster},
      {Method::Get, "/api/v1/leaflets", Permission::SignRead, unit, "", leaflets_list},
      {Method::Get, "/api/v1/leaflets/project/{id}", Permission::SignRead, unit, "", leaflet_get},
      {Method::Put, "/api/v1/leaflets/project/{id}", Permission::SignWrite, unit, "leaflet.update",
       leaflet_put},
      {Method::Get, "/api/v1/leaflets/project/{id}/versions/{version}/artwork", Permission::SignRead, unit,
       "", leaflet_artwork_get},
      {Method::Get, "/api/v1/print-runs", Permission::SignRead, unit, "", runs_list},
      {Method::Post, "/api/v1/print-runs", Permission::PrintWrite, unit, "print.create", run_create},
      {Method::Get, "/api/v1/print-runs/{id}", Permission::SignRead, unit, "", run_get},
      {Method::Post, "/api/v1/print-runs/{id}/distributions", Permission::PrintWrite, unit,
       "print.distribute", run_distribute},
  };
}

}  // namespace minsheng::signage
