#include "modules/files/routes.hpp"
#include "modules/projects/routes.hpp"

#include <fmt/format.h>
#include <boost/json.hpp>

#include <charconv>
#include <set>

#include "core/clock.hpp"
#include "core/messages.hpp"
#include "core/text.hpp"
#include "core/unicode.hpp"
#include "http/parse/multipart.hpp"
#include "infra/sheets/sheets.hpp"
#include "modules/files/names.hpp"
#include "modules/projects/import_export.hpp"
#include "modules/projects/json.hpp"
#include "modules/projects/rules.hpp"
#include "modules/projects/search.hpp"
#include "modules/projects/service.hpp"
#include "platform/content_version.hpp"
#include "platform/roles.hpp"
#include "render/markdown.hpp"

namespace minsheng::projects {
namespace {

namespace json = boost::json;
namespace sheets = infra::sheets;
using files::download;
using platform::fail;
using platform::RequestContext;
using platform::unwrap;

constexpr std::string_view kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
constexpr int kMinYear = 2000, kMaxYear = 2100;

Error field_error(ErrorCode code, const std::string& field, std::string message) {
  return Error{code, "error.invalid_field", {FieldError{field, std::move(message)}}};
}

// The project if it exists and the caller may read it; otherwise 404.
Project require_project(RequestContext& ctx, db::Connection& conn, std::int64_t id) {
  auto p = load_project(conn, id);
  if (!p || !can_read(ctx.user(), *p)) fail(ErrorCode::NotFound, "error.not_found");
  return *p;
}

Project require_editable(RequestContext& ctx, db::Connection& conn) {
  auto p = require_project(ctx, conn, ctx.id_param());
  if (!can_edit(ctx.user(), p)) fail(ErrorCode::PermissionDenied, "error.permission_denied");
  return p;
}

// The town the caller works in (office, dept, village, leader); nullopt for county users and above.
std::optional<std::int64_t> caller_town(RequestContext& ctx, db::Connection& conn) {
  return town_of_unit(conn, ctx.user().org_unit_id);
}

// A town the caller may read: `requested` (404 when not visible) or the caller's own.
std::int64_t resolve_town(RequestContext& ctx, db::Connection& conn, std::optional<std::int64_t> requested) {
  if (requested) {
    auto r = conn.query("SELECT path FROM org_units WHERE id = $1 AND kind = 'town'", {*requested});
    if (r.empty())
      fail(field_error(ErrorCode::InvalidArgument, "townId",
                       messages::for_field("field.not_found", "townId")));
    const auto path = r.first().text("path");
    if (!platform::in_scope(ctx.user(), path) && !ctx.user().anchor_path.starts_with(path))
      fail(ErrorCode::NotFound, "error.not_found");
    return *requested;
  }
  if (auto t = caller_town(ctx, conn)) return *t;
  // Above towns (county staff): the first town in scope.
  platform::SqlBuilder where(" WHERE t.kind = 'town' AND ");
  where += visible_condition(ctx.user(), where);
  auto first =
      conn.query("SELECT t.id FROM org_units t" + where.sql() + " ORDER BY t.path LIMIT 1", where.params());
  if (first.empty())
    fail(field_error(ErrorCode::InvalidArgument, "townId",
                     std::string(messages::text("project.town_required"))));
  return first.first().int64("id");
}

std::string today(RequestContext& ctx) {
  return shanghai_date(ctx.now());
}

int this_year(RequestContext& ctx) {
  return std::stoi(today(ctx).substr(0, 4));
}

json::object with_rights(RequestContext& ctx, const Project& p, bool full) {
  json::object o = project_json(p, full);
  o["canEdit"] = can_edit(ctx.user(), p);
  o["canReport"] = can_report(ctx.user(), p);
  return o;
}

// ---- reading the JSON body ----

std::optional<double> number_of(const json::value& v) {
  if (v.is_int64()) return static_cast<double>(v.as_int64());
  if (v.is_uint64()) return static_cast<double>(v.as_uint64());
  if (v.is_double()) return v.as_double();
  return std::nullopt;
}

// The nested fields JsonForm does not read: location {lat,lng,system} and targets
// [{name,unit,planned,achieved}].
void read_nested(const json::object& body, http::parse::JsonForm& f, ProjectInput& in) {
  f.ignore("location");
  f.ignore("targets");
  if (auto it = body.find("location"); it != body.end() && !it->value().is_null()) {
    const auto* o = it->value().if_object();
    if (!o) {
      f.add_error("location", messages::for_field("field.type_object", "location"));
    } else {
      std::optional<double> lat, lng;
      if (const auto* v = o->if_contains("lat")) lat = number_of(*v);
      if (const auto* v = o->if_contains("lng")) lng = number_of(*v);
      std::optional<std::string> sys;
      if (o->contains("system") && o->at("system").is_string())
        sys = coord_system_from(std::string_view(o->at("system").as_string()));
      bool ok = true;
      if (!lat || *lat < -90 || *lat > 90) {
        f.add_error("location.lat",
                    messages::for_field("field.out_of_range", "lat", {{"min", "-90"}, {"max", "90"}}));
        ok = false;
      }
      if (!lng || *lng < -180 || *lng > 180) {
        f.add_error("location.lng",
                    messages::for_field("field.out_of_range", "lng", {{"min", "-180"}, {"max", "180"}}));
        ok = false;
      }
      if (!sys) {
        f.add_error("location.system", messages::for_field("field.one_of", "system"));
        ok = false;
      }
      for (const auto& [k, v] : *o)
        if (k != "lat" && k != "lng" && k != "system") {
          f.add_error("location." + std::string(k), messages::for_field("field.unknown", std::string(k)));
          ok = false;
        }
      if (ok) in.location = Location{*lat, *lng, *sys};
    }
  }
  if (auto it = body.find("targets"); it != body.end() && !it->value().is_null()) {
    const auto* a = it->value().if_array();
    if (!a) {
      f.add_error("targets", messages::for_field("field.type_array", "targets"));
      return;
    }
    if (a->size() > 50) {
      f.add_error("targets", messages::for_field("field.too_many_items", "targets", {{"max", "50"}}));
      return;
    }
    for (std::size_t i = 0; i < a->size(); ++i) {
      const std::string base = "targets[" + std::to_string(i) + "]";
      const auto* o = (*a)[i].if_object();
      if (!o) {
        f.add_error(base, messages::for_field("field.type_object", "targets"));
        continue;
      }
      Target t;
      bool ok = true;
      auto str = [&](const char* key, std::size_t max, bool required) -> std::string {
        if (!o->contains(key) || o->at(key).is_null()) {
          if (required) {
            f.add_error(base + "." + key, messages::for_field("field.required", key));
            ok = false;
          }
          return {};
        }
        if (!o->at(key).is_string()) {
          f.add_error(base + "." + key, messages::for_field("field.type_string", key));
          ok = false;
          return {};
        }
        std::string s(trim_ows(std::string_view(o->at(key).as_string())));
        bool controls = false;
        for (unsigned char c : s)
          controls |= c < 0x20 || c == 0x7f;
        if (controls || !http::parse::valid_utf8(s)) {
          f.add_error(base + "." + key, messages::for_field("field.control_chars", key));
          ok = false;
        } else if (http::parse::utf8_length(s) > max) {
          f.add_error(base + "." + key,
                      messages::for_field("field.too_long", key, {{"max", std::to_string(max)}}));
          ok = false;
        } else if (required && s.empty()) {
          f.add_error(base + "." + key, messages::for_field("field.required", key));
          ok = false;
        }
        return s;
      };
      auto num = [&](const char* key) -> std::optional<double> {
        if (!o->contains(key) || o->at(key).is_null()) return std::nullopt;
        auto v = number_of(o->at(key));
        if (!v || *v < 0 || *v > 1e12) {
          f.add_error(base + "." + key,
                      messages::for_field("field.out_of_range", key, {{"min", "0"}, {"max", "10^12"}}));
          ok = false;
        }
        return v;
      };
      t.name = str("name", 200, true);
      t.unit = str("unit", 40, false);
      t.planned = num("planned");
      t.achieved = num("achieved");
      for (const auto& [k, v] : *o)
        if (k != "name" && k != "unit" && k != "planned" && k != "achieved" && k != "id") {
          f.add_error(base + "." + std::string(k), messages::for_field("field.unknown", std::string(k)));
          ok = false;
        }
      if (ok) in.targets.push_back(std::move(t));
    }
  }
}

ProjectInput read_input(RequestContext& ctx, bool with_year) {
  auto f = ctx.json_form();
  const json::object body = json::parse(ctx.req.body).as_object();  // JsonForm has validated it
  ProjectInput in;
  std::optional<std::int64_t> year;
  if (with_year) year = f->integer("year", {.required = true, .min = kMinYear, .max = kMaxYear});
  auto code = f->string("code", {.required = true, .min_chars = 1, .max_chars = 32});
  auto name = f->string("name", {.required = true, .min_chars = 1, .max_chars = 100});
  auto category = f->one_of("category", {"engineering", "subsidy", "service"}, true);
  auto lead = f->integer("leadUnitId", {.required = true, .min = 1});
  auto coop = f->int_list("cooperatingUnitIds", {.min = 1}, 50);
  auto flag = f->one_of("changeFlag", {"new", "improved", "continued", "withdrawn"}, true);
  auto policy = f->string("policyText", {.max_chars = 20'000, .multiline = true});
  auto plain = f->string("plainText", {.max_chars = 20'000, .multiline = true});
  auto funds = f->integer("fundsPlanned", {.min = 0, .max = 1'000'000'000'000});
  auto beneficiaries = f->integer("beneficiaries", {.min = 0, .max = 1'000'000'000'000});
  auto address = f->string("address", {.max_chars = 200});
  read_nested(body, *f, in);
  unwrap(f->finish());
  in.year = static_cast<int>(year.value_or(0));
  in.code = nfkc(*code);
  in.name = *name;
  in.category = *category;
  in.lead_unit_id = *lead;
  in.cooperating = coop.value_or(std::vector<std::int64_t>{});
  in.change_flag = *flag;
  in.policy_text = policy.value_or("");
  in.plain_text = plain.value_or("");
  in.funds_planned = funds.value_or(0);
  in.beneficiaries = beneficiaries;
  in.address = address.value_or("");
  return in;
}

// ---- handlers ----

http::Response list(RequestContext& ctx) {
  auto q = ctx.query_form();
  const auto page_num = q->page_num();
  const auto page_size = q->page_size();
  auto year = q->integer("year", {.min = kMinYear, .max = kMaxYear});
  auto town = q->integer("townId", {.min = 1});
  auto text = q->string("q", {.max_chars = 50});
  auto category = q->one_of("category", {"engineering", "subsidy", "service"});
  auto status = q->one_of("status", {"planned", "in_progress", "completed", "suspended"});
  auto flag = q->one_of("changeFlag", {"new", "improved", "continued", "withdrawn"});
  auto lead = q->integer("leadUnitId", {.min = 1});
  unwrap(q->finish());
  auto lease = ctx.app.pool.acquire();
  platform::SqlBuilder where(" WHERE ");
  where += visible_condition(ctx.user(), where);
  if (town) where += " AND p.town_id = " + where.bind(*town);
  if (!year) {
    auto latest = lease->query(
        "SELECT MAX(p.year) AS y FROM projects p JOIN org_units t ON t.id = p.town_id" + where.sql(),
        where.params());
    year = latest.first().opt_int64("y").value_or(this_year(ctx));
  }
  where += " AND p.year = " + where.bind(*year);
  if (text && !text->empty()) {
    // lower() on both sides: PostgreSQL's LIKE is case-sensitive, SQLite's is not for ASCII.
    const std::string like = where.bind(platform::like_contains(ascii_lower(normalize_query(*text))));
    const std::string raw = where.bind(platform::like_contains(ascii_lower(nfkc(*text))));
    where += " AND (lower(p.name) LIKE " + like + " ESCAPE '\\' OR lower(l.name) LIKE " + like +
             " ESCAPE '\\' OR lower(p.code) LIKE " + raw + " ESCAPE '\\' OR lower(p.name) LIKE " + raw +
             " ESCAPE '\\')";
  }
  if (category) where += " AND p.category = " + where.bind(*category);
  if (flag) where += " AND p.change_flag = " + where.bind(*flag);
  if (lead) where += " AND p.lead_unit_id = " + where.bind(*lead);
  if (status)
    where +=
        " AND COALESCE((SELECT g.status FROM project_progress g WHERE g.project_id = p.id ORDER BY "
        "g.report_date DESC, g.id DESC LIMIT 1), 'planned') = " +
        where.bind(*status);
  const std::string from =
      " FROM projects p JOIN org_units t ON t.id = p.town_id JOIN org_units l ON l.id = p.lead_unit_id";
  auto total = lease->query("SELECT COUNT(*) AS n" + from + where.sql(), where.params());
  platform::SqlBuilder page = where;
  const std::string limit = page.bind(page_size);
  const std::string offset = page.bind((page_num - 1) * page_size);
  auto ids = lease->query("SELECT p.id" + from + page.sql() +
                              " ORDER BY p.town_id, p.sort_order, p.id LIMIT " + limit + " OFFSET " + offset,
                          page.params());
  json::array rows;
  for (const auto& r : ids.rows)
    if (auto p = load_project(*lease, r.int64("id"))) rows.push_back(with_rights(ctx, *p, false));
  return ctx.json(
      200, json::object{{"rows", std::move(rows)}, {"total", total.first().int64("n")}, {"year", *year}});
}

http::Response years(RequestContext& ctx) {
  unwrap(ctx.query_form()->finish());
  auto lease = ctx.app.pool.acquire();
  platform::SqlBuilder where(" WHERE ");
  where += visible_condition(ctx.user(), where);
  json::array ys;
  for (const auto& r :
       lease
           ->query("SELECT DISTINCT p.year FROM projects p JOIN org_units t ON t.id = p.town_id" +
                       where.sql() + " ORDER BY p.year DESC",
                   where.params())
           .rows)
    ys.push_back(r.int64("year"));
  const std::int64_t current = ys.empty() ? this_year(ctx) : ys.front().as_int64();
  return ctx.json(200, json::object{{"years", std::move(ys)}, {"current", current}});
}

http::Response get_one(RequestContext& ctx) {
  auto lease = ctx.app.pool.acquire();
  auto p = require_project(ctx, *lease, ctx.id_param());
  json::object o = with_rights(ctx, p, true);
  o["policyHtml"] = render::markdown_to_html(p.policy_text);
  o["plainHtml"] = render::markdown_to_html(p.plain_text);
  json::array progress;
  for (const auto& u : load_progress(*lease, p.id)) {
    auto j = progress_json(u);
    j["noteHtml"] = render::markdown_to_html(u.note);
    progress.push_back(std::move(j));
  }
  o["progress"] = std::move(progress);
  return ctx.json(200, o);
}

http::Response create(RequestContext& ctx) {
  ProjectInput in = read_input(ctx, true);
  db::Tx tx(ctx.app.pool);
  auto town = caller_town(ctx, tx.conn());
  if (!town) fail(ErrorCode::PermissionDenied, "error.permission_denied");
  auto p = unwrap(create_project(tx, ctx.auditor(), *town, in));
  tx.commit();
  return ctx.json(201, with_rights(ctx, p, true));
}

http::Response update(RequestContext& ctx) {
  ProjectInput in = read_input(ctx, false);
  db::Tx tx(ctx.app.pool);
  auto before = require_editable(ctx, tx.conn());
  in.year = before.year;
  in.previous_id = before.previous_id;
  in.sort_order = before.sort_order;
  in.is_demo = before.is_demo;
  auto p = unwrap(update_project(tx, ctx.auditor(), before, in));
  tx.commit();
  return ctx.json(200, with_rights(ctx, p, true));
}

http::Response remove(RequestContext& ctx) {
  unwrap(ctx.json_form()->finish());
  db::Tx tx(ctx.app.pool);
  auto p = require_editable(ctx, tx.conn());
  unwrap(delete_project(tx, ctx.auditor(), p));
  tx.commit();
  http::Response r;
  r.status = 204;
  return r;
}

http::Response list_progress(RequestContext& ctx) {
  unwrap(ctx.query_form()->finish());
  auto lease = ctx.app.pool.acquire();
  auto p = require_project(ctx, *lease, ctx.id_param());
  json::array rows;
  for (const auto& u : load_progress(*lease, p.id))
    rows.push_back(progress_json(u));
  const auto n = static_cast<std::int64_t>(rows.size());
  return ctx.json(200, json::object{{"rows", std::move(rows)}, {"total", n}});
}

http::Response add_progress_update(RequestContext& ctx) {
  auto f = ctx.json_form();
  const json::object body = json::parse(ctx.req.body).as_object();
  ProgressUpdate u;
  auto date = f->date("reportDate", true);
  auto pct = f->integer("progressPct", {.required = true, .min = 0, .max = 100});
  auto funds = f->integer("fundsDisbursed", {.required = true, .min = 0, .max = 1'000'000'000'000});
  auto status = f->one_of("status", {"planned", "in_progress", "completed", "suspended"}, true);
  auto note = f->string("note", {.max_chars = 5'000, .multiline = true});
  f->ignore("photos");
  if (auto it = body.find("photos"); it != body.end() && !it->value().is_null()) {
    const auto* a = it->value().if_array();
    if (!a) {
      f->add_error("photos", messages::for_field("field.type_array", "photos"));
    } else if (a->size() > 20) {
      f->add_error("photos", messages::for_field("field.too_many_items", "photos", {{"max", "20"}}));
    } else {
      for (std::size_t i = 0; i < a->size(); ++i) {
        const std::string base = "photos[" + std::to_string(i) + "]";
        const auto* o = (*a)[i].if_object();
        const json::value* id = o ? o->if_contains("fileId") : nullptr;
        if (!o || !id || !id->is_int64() || id->as_int64() < 1) {
          f->add_error(base + ".fileId", messages::for_field("field.type_integer", "fileId"));
          continue;
        }
        Photo ph;
        ph.file_id = id->as_int64();
        if (const auto* c = o->if_contains("caption"); c && !c->is_null()) {
          std::string s = c->is_string() ? std::string(trim_ows(std::string_view(c->as_string()))) : "";
          bool controls = false;
          for (unsigned char ch : s)
            controls |= ch < 0x20 || ch == 0x7f;
          if (!c->is_string() || controls || !http::parse::valid_utf8(s) ||
              http::parse::utf8_length(s) > 100) {
            f->add_error(base + ".caption",
                         messages::for_field("field.too_long", "caption", {{"max", "100"}}));
            continue;
          }
          ph.caption = s;
        }
        bool unknown = false;
        for (const auto& [k, v] : *o)
          if (k != "fileId" && k != "caption") unknown = true;
        if (unknown) {
          f->add_error(base, messages::for_field("field.unknown", base));
          continue;
        }
        u.photos.push_back(std::move(ph));
      }
    }
  }
  unwrap(f->finish());
  u.report_date = *date;
  u.progress_pct = static_cast<int>(*pct);
  u.funds_disbursed = *funds;
  u.status = *status;
  u.note = note.value_or("");
  db::Tx tx(ctx.app.pool);
  auto p = require_project(ctx, tx.conn(), ctx.id_param());
  if (!can_report(ctx.user(), p)) fail(ErrorCode::PermissionDenied, "project.not_lead_unit");
  auto saved = unwrap(add_progress(tx, ctx.auditor(), p, std::move(u), today(ctx)));
  tx.commit();
  return ctx.json(201, progress_json(saved));
}

// DELETE /api/v1/projects/progress/{id}: a progress entry by its own id (a correction by the office).
http::Response remove_progress(RequestContext& ctx) {
  unwrap(ctx.json_form()->finish());
  const auto progress_id = ctx.id_param();
  db::Tx tx(ctx.app.pool);
  auto r = tx.query("SELECT project_id FROM project_progress WHERE id = $1", {progress_id});
  if (r.empty()) fail(ErrorCode::NotFound, "error.not_found");
  auto p = require_project(ctx, tx.conn(), r.first().int64("project_id"));
  if (!can_edit(ctx.user(), p)) fail(ErrorCode::PermissionDenied, "error.permission_denied");
  unwrap(delete_progress(tx, ctx.auditor(), p, progress_id));
  tx.commit();
  http::Response res;
  res.status = 204;
  return res;
}

http::Response import_template(RequestContext& ctx) {
  unwrap(ctx.query_form()->finish());
  auto lease = ctx.app.pool.acquire();
  const auto town = resolve_town(ctx, *lease, std::nullopt);
  auto bytes = unwrap(template_xlsx(*lease, town));
  return download(std::move(bytes), kXlsx, "projects-template.xlsx", "民生项目导入模板.xlsx");
}

struct ImportRequest {
  std::string file;
  int year = 0;
  ImportMode mode = ImportMode::Create;
  bool dry_run = false;
};

ImportRequest read_import(RequestContext& ctx) {
  auto boundary = unwrap(http::parse::multipart_boundary(ctx.req.header("content-type").value_or("")));
  http::parse::MultipartLimits l;
  l.max_parts = 10;
  l.max_part_header = 8 * 1024;
  l.max_file_size = 10 * 1024 * 1024;
  l.max_field_size = 64;
  l.max_total = 21 * 1024 * 1024;
  http::parse::MultipartParser parser(std::move(boundary), l);
  unwrap(parser.feed(ctx.req.body));
  unwrap(parser.finish());
  ImportRequest out;
  std::vector<FieldError> errors;
  std::set<std::string> seen;
  bool have_file = false;
  std::optional<int> year;
  for (auto& part : parser.take_parts()) {
    const std::string name = http::parse::valid_utf8(part.name) ? part.name.substr(0, 64) : "?";
    if (!seen.insert(name).second) {
      errors.push_back({name, messages::for_field("field.duplicate", name)});
      continue;
    }
    if (name == "file") {
      if (!part.is_file()) {
        errors.push_back({"file", std::string(messages::text("file.missing"))});
        continue;
      }
      have_file = true;
      out.file = std::move(part.data);
    } else if (name == "year") {
      int y = 0;
      auto [p, ec] = std::from_chars(part.data.data(), part.data.data() + part.data.size(), y);
      if (part.is_file() || ec != std::errc() || p != part.data.data() + part.data.size() || y < kMinYear ||
          y > kMaxYear)
        errors.push_back({"year", messages::for_field("field.out_of_range", "year",
                                                      {{"min", std::to_string(kMinYear)},
                                                       {"max", std::to_string(kMaxYear)}})});
      else
        year = y;
    } else if (name == "mode") {
      if (part.data == "create")
        out.mode = ImportMode::Create;
      else if (part.data == "upsert")
        out.mode = ImportMode::Upsert;
      else
        errors.push_back({"mode", messages::for_field("field.one_of", "mode")});
    } else if (name == "dryRun") {
      if (part.data == "true" || part.data == "false")
        out.dry_run = part.data == "true";
      else
        errors.push_back({"dryRun", messages::for_field("field.type_boolean", "dryRun")});
    } else {
      errors.push_back({name, messages::for_field("field.unknown", name)});
    }
  }
  if (!have_file && errors.empty()) errors.push_back({"file", std::string(messages::text("file.missing"))});
  if (!year && errors.empty()) errors.push_back({"year", messages::for_field("field.required", "year")});
  if (!errors.empty()) fail(Error{ErrorCode::InvalidArgument, "error.invalid_field", std::move(errors)});
  out.year = *year;
  if (out.file.empty())
    fail(field_error(ErrorCode::InvalidArgument, "file", std::string(messages::text("file.empty"))));
  return out;
}

json::array problems_json(const std::vector<ImportProblem>& problems) {
  json::array a;
  for (const auto& p : problems)
    a.push_back(json::object{{"row", p.row},
                             {"column", p.column},
                             {"header", p.header},
                             {"value", p.value},
                             {"reason", p.reason}});
  return a;
}

http::Response import_catalogue(RequestContext& ctx) {
  ImportRequest in = read_import(ctx);
  auto wb = unwrap(sheets::read_any(in.file));  // CPU work before the write transaction
  db::Tx tx(ctx.app.pool);
  auto town = caller_town(ctx, tx.conn());
  if (!town) fail(ErrorCode::PermissionDenied, "error.permission_denied");
  auto parsed = unwrap(parse_catalogue(wb, tx.conn(), *town, in.year, in.mode));
  if (!parsed.problems.empty()) {
    const auto n = static_cast<std::int64_t>(parsed.problems.size());
    std::set<int> bad_rows;
    for (const auto& p : parsed.problems)
      bad_rows.insert(p.row);
    json::object err{{"code", "unprocessable"},
                     {"message", messages::format("project.import_failed", {{"count", std::to_string(n)}})},
                     {"fields", json::array()},
                     {"requestId", ctx.req.request_id}};
    return ctx.json(
        422, json::object{{"error", std::move(err)},
                          {"problems", problems_json(parsed.problems)},
                          {"rowCount", static_cast<std::int64_t>(parsed.rows.size() + bad_rows.size())}});
  }
  int created = 0, updated = 0;
  if (!in.dry_run) {
    const WriteOptions batch{.prechecked = true, .bump_content = false};
    for (auto& row : parsed.rows) {
      if (row.existing_id) {
        auto before = load_project(tx.conn(), *row.existing_id);
        // The sheet carries planned amounts only: a target of the same name keeps what was achieved.
        for (auto& t : row.input.targets)
          for (const auto& old : before->targets)
            if (old.name == t.name && !t.achieved) t.achieved = old.achieved;
        row.input.previous_id = before->previous_id;
        row.input.sort_order = before->sort_order;
        row.input.is_demo = before->is_demo;
        unwrap(update_project(tx, ctx.auditor(), *before, row.input, batch));
        ++updated;
      } else {
        unwrap(create_project(tx, ctx.auditor(), *town, row.input, batch));
        ++created;
      }
    }
    platform::bump_content_version(tx);
    ctx.audit(tx, platform::AuditEntry{.entity = "project",
                                       .entity_id = "import",
                                       .org_unit_id = *town,
                                       .after_json = json::serialize(json::object{
                                           {"year", in.year}, {"created", created}, {"updated", updated}})});
    tx.commit();
  } else {
    for (const auto& row : parsed.rows)
      (row.existing_id ? updated : created)++;
  }
  return ctx.json(
      200,
      json::object{
          {"created", created}, {"updated", updated}, {"rows", created + updated}, {"dryRun", in.dry_run}});
}

http::Response import_report(RequestContext& ctx) {
  ImportRequest in = read_import(ctx);
  auto wb = unwrap(sheets::read_any(in.file));
  std::optional<ParsedImport> parsed;
  {
    auto lease = ctx.app.pool.acquire();
    auto town = caller_town(ctx, *lease);
    if (!town) fail(ErrorCode::PermissionDenied, "error.permission_denied");
    parsed = unwrap(parse_catalogue(wb, *lease, *town, in.year, in.mode));
  }
  auto bytes = unwrap(error_report_xlsx(*parsed));
  // The report is a write-free read of the caller's own upload; it is audited like an export.
  ctx.audit_alone(platform::AuditEntry{
      .action = "project.import_report",
      .entity = "project",
      .entity_id = "import",
      .after_json =
          json::serialize(json::object{{"problems", static_cast<std::int64_t>(parsed->problems.size())}})});
  return download(std::move(bytes), kXlsx, "import-errors.xlsx", "导入错误报告.xlsx");
}

http::Response export_catalogue(RequestContext& ctx) {
  auto q = ctx.query_form();
  auto year = q->integer("year", {.min = kMinYear, .max = kMaxYear});
  auto town_param = q->integer("townId", {.min = 1});
  auto format = q->one_of("format", {"xlsx", "csv"});
  auto what = q->one_of("what", {"catalogue", "progress"});
  unwrap(q->finish());
  auto lease = ctx.app.pool.acquire();
  const auto town = resolve_town(ctx, *lease, town_param);
  if (!year) {
    auto r = lease->query("SELECT MAX(year) AS y FROM projects WHERE town_id = $1", {town});
    year = r.first().opt_int64("y").value_or(this_year(ctx));
  }
  const bool progress = what.value_or("catalogue") == "progress";
  sheets::SheetSpec sheet = progress ? progress_sheet(*lease, town, static_cast<int>(*year))
                                     : catalogue_sheet(*lease, town, static_cast<int>(*year));
  const std::string base = fmt::format("{}-{}", progress ? "project-progress" : "projects", *year);
  const std::string shown = fmt::format("{}年民生项目{}", *year, progress ? "进展情况" : "清单");
  ctx.audit_alone(platform::AuditEntry{
      .action = "project.export",
      .entity = "project",
      .entity_id = std::to_string(*year),
      .org_unit_id = town,
      .after_json = json::serialize(json::object{{"what", progress ? "progress" : "catalogue"},
                                                 {"format", format.value_or("xlsx")},
                                                 {"rows", static_cast<std::int64_t>(sheet.rows.size())}})});
  if (format.value_or("xlsx") == "csv") {
    // Money as 万元 text with two decimals (a CSV has no number formats).
    for (std::size_t c = 0; c < sheet.columns.size(); ++c) {
      if (sheet.columns[c].number_format != "0.00") continue;
      for (auto& row : sheet.rows)
        if (const double* d = std::get_if<double>(&row[c]))
          row[c] = fen_to_wan(static_cast<std::int64_t>(std::llround(*d * 1'000'000)));
    }
    return download(sheets::write_csv(sheet), "text/csv; charset=utf-8", base + ".csv", shown + ".csv");
  }
  auto bytes = unwrap(sheets::write_xlsx(sheets::WorkbookSpec{{std::move(sheet)}}));
  return download(std::move(bytes), kXlsx, base + ".xlsx", shown + ".xlsx");
}

http::Response plan_next(RequestContext& ctx) {
  auto f = ctx.json_form();
  const json::object body = json::parse(ctx.req.body).as_object();
  auto from = f->integer("fromYear", {.required = true, .min = kMinYear, .max = kMaxYear - 1});
  auto to = f->integer("toYear", {.required = true, .min = kMinYear + 1, .max = kMaxYear});
  f->ignore("items");
  std::map<std::int64_t, std::string> flags;
  if (auto it = body.find("items"); it != body.end() && !it->value().is_null()) {
    const auto* a = it->value().if_array();
    if (!a || a->size() > 1000) {
      f->add_error("items", messages::for_field("field.type_array", "items"));
    } else {
      for (std::size_t i = 0; i < a->size(); ++i) {
        const std::string base = "items[" + std::to_string(i) + "]";
        const auto* o = (*a)[i].if_object();
        const json::value* id = o ? o->if_contains("projectId") : nullptr;
        const json::value* fl = o ? o->if_contains("changeFlag") : nullptr;
        if (!id || !id->is_int64() || id->as_int64() < 1) {
          f->add_error(base + ".projectId", messages::for_field("field.type_integer", "projectId"));
          continue;
        }
        std::string flag = fl && fl->is_string() ? std::string(fl->as_string()) : "";
        if (flag != "continued" && flag != "improved" && flag != "withdrawn") {
          f->add_error(base + ".changeFlag", messages::for_field("field.one_of", "changeFlag"));
          continue;
        }
        if (o->size() != 2) {
          f->add_error(base, messages::for_field("field.unknown", base));
          continue;
        }
        flags[id->as_int64()] = flag;
      }
    }
  }
  if (from && to && *to != *from + 1) f->add_error("toYear", "目标年度应为来源年度的下一年");
  unwrap(f->finish());
  db::Tx tx(ctx.app.pool);
  auto town = caller_town(ctx, tx.conn());
  if (!town) fail(ErrorCode::PermissionDenied, "error.permission_denied");
  const int created =
      unwrap(plan_next_year(tx, ctx.auditor(), *town, static_cast<int>(*from), static_cast<int>(*to), flags));
  ctx.audit(tx, platform::AuditEntry{.entity = "project",
                                     .entity_id = std::to_string(*to),
                                     .org_unit_id = *town,
                                     .after_json = json::serialize(json::object{
                                         {"fromYear", *from}, {"toYear", *to}, {"created", created}})});
  tx.commit();
  return ctx.json(201, json::object{{"created", created}, {"year", *to}});
}

}  // namespace

platform::RouteTable project_routes() {
  using http::Method;
  using platform::Permission;
  using platform::ScopeRule;
  return {
      {Method::Get, "/api/v1/projects", Permission::ProjectRead, ScopeRule::OrgUnit, "", list},
      {Method::Get, "/api/v1/projects/years", Permission::ProjectRead, ScopeRule::OrgUnit, "", years},
      {Method::Get, "/api/v1/projects/import-template", Permission::ProjectWrite, ScopeRule::OrgUnit, "",
       import_template},
      {Method::Post, "/api/v1/projects/import", Permission::ProjectWrite, ScopeRule::OrgUnit,
       "project.import", import_catalogue},
      {Method::Post, "/api/v1/projects/import/report", Permission::ProjectWrite, ScopeRule::OrgUnit,
       "project.import_report", import_report},
      {Method::Get, "/api/v1/projects/export", Permission::ProjectRead, ScopeRule::OrgUnit, "project.export",
       export_catalogue},
      {Method::Post, "/api/v1/projects/plan-next-year", Permission::ProjectWrite, ScopeRule::OrgUnit,
       "project.plan_next_year", plan_next},
      {Method::Post, "/api/v1/projects", Permission::ProjectWrite, ScopeRule::OrgUnit, "project.create",
       create},
      {Method::Get, "/api/v1/projects/{id}", Permission::ProjectRead, ScopeRule::OrgUnit, "", get_one},
      {Method::Put, "/api/v1/projects/{id}", Permission::ProjectWrite, ScopeRule::OrgUnit, "project.update",
       update},
      {Method::Delete, "/api/v1/projects/{id}", Permission::ProjectWrite, ScopeRule::OrgUnit,
       "project.delete", remove},
      {Method::Get, "/api/v1/projects/{id}/progress", Permission::ProjectRead, ScopeRule::OrgUnit, "",
       list_progress},
      {Method::Post, "/api/v1/projects/{id}/progress", Permission::ProjectProgress, ScopeRule::OrgUnit,
       "project.progress", add_progress_update},
      {Method::Delete, "/api/v1/projects/progress/{id}", Permission::ProjectWrite, ScopeRule::OrgUnit,
       "project.progress_delete", remove_progress},
  };
}

}  // namespace minsheng::projects
