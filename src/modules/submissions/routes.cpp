#include "modules/submissions/routes.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include <map>
#include <set>

#include "core/clock.hpp"
#include "core/messages.hpp"
#include "core/text.hpp"
#include "infra/sheets/sheets.hpp"
#include "modules/files/names.hpp"
#include "modules/submissions/json.hpp"
#include "modules/submissions/service.hpp"
#include "platform/roles.hpp"
#include "render/markdown.hpp"

namespace minsheng::submissions {
namespace {

namespace json = boost::json;
namespace sheets = infra::sheets;
using platform::fail;
using platform::RequestContext;
using platform::unwrap;

constexpr std::string_view kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
constexpr int kMinYear = 2000, kMaxYear = 2100;

std::string today(RequestContext& ctx) {
  return shanghai_date(ctx.now());
}

// The item if it exists and the caller may read it; otherwise 404.
Submission require_item(RequestContext& ctx, db::Connection& conn, std::int64_t id) {
  auto s = load_submission(conn, id);
  if (!s || !can_read(ctx.user(), *s)) fail(ErrorCode::NotFound, "error.not_found");
  return *s;
}

// Refuses an action the workflow does not allow now: 403 for the role, 409 naming the state and action.
void require_action(RequestContext& ctx, const Submission& s, Action a, const TownSettings& st) {
  const Decision d = decide_for(ctx.user(), s, a, st);
  if (d.allowed) return;
  if (d.reason_key == "submission.illegal_transition") {
    const auto state = parse_state(s.state).value_or(State::Draft);
    fail(Error{
        ErrorCode::Conflict,
        "error.invalid_field",
        {FieldError{"state", messages::format("submission.illegal_transition",
                                              {{"state", std::string(state_label(state))},
                                               {"action", "“" + std::string(action_label(a)) + "”"}})}}});
  }
  fail(ErrorCode::PermissionDenied, "error.permission_denied");
}

json::object item_json(RequestContext& ctx, const Submission& s, const TownSettings& st) {
  json::object o = submission_json(s);
  json::array actions;
  for (const auto& a : allowed_action_codes(ctx.user(), s, st))
    actions.emplace_back(a);
  o["allowedActions"] = std::move(actions);
  return o;
}

json::object detail_json(RequestContext& ctx, db::Connection& conn, const Submission& s) {
  const TownSettings st = load_settings(conn, s.town_id);
  json::object o = item_json(ctx, s, st);
  o["bodyHtml"] = render::markdown_to_html(s.body);
  json::array events;
  for (const auto& e : load_events(conn, s.id))
    events.push_back(event_json(e));
  o["events"] = std::move(events);
  json::array warnings;
  for (const auto& w : warnings_for(s, st))
    warnings.push_back(warning_json(w));
  o["warnings"] = std::move(warnings);
  return o;
}

// ---- reading the JSON body ----

std::optional<std::string> caption_of(const json::object& o, const std::string& base,
                                      http::parse::JsonForm& f) {
  const auto* c = o.if_contains("caption");
  if (!c || c->is_null()) return std::string();
  std::string s = c->is_string() ? std::string(trim_ows(std::string_view(c->as_string()))) : "";
  bool controls = false;
  for (unsigned char ch : s)
    controls |= ch < 0x20 || ch == 0x7f;
  if (!c->is_string() || controls || !http::parse::valid_utf8(s) || http::parse::utf8_length(s) > 100) {
    f.add_error(base + ".caption", messages::for_field("field.too_long", "caption", {{"max", "100"}}));
    return std::nullopt;
  }
  return s;
}

// {fileId, caption}
std::optional<PhotoRef> photo_of(const json::value* v, const std::string& base, http::parse::JsonForm& f) {
  const auto* o = v ? v->if_object() : nullptr;
  const json::value* id = o ? o->if_contains("fileId") : nullptr;
  if (!o || !id || !id->is_int64() || id->as_int64() < 1) {
    f.add_error(base + ".fileId", messages::for_field("field.type_integer", "fileId"));
    return std::nullopt;
  }
  for (const auto& [k, val] : *o)
    if (k != "fileId" && k != "caption") {
      f.add_error(base + "." + std::string(k), messages::for_field("field.unknown", std::string(k)));
      return std::nullopt;
    }
  auto caption = caption_of(*o, base, f);
  if (!caption) return std::nullopt;
  return PhotoRef{id->as_int64(), *caption, std::nullopt, std::nullopt, std::nullopt};
}

void read_photos(const json::object& body, http::parse::JsonForm& f, SubmissionInput& in) {
  f.ignore("photos");
  f.ignore("pairs");
  if (auto it = body.find("photos"); it != body.end() && !it->value().is_null()) {
    const auto* a = it->value().if_array();
    if (!a) {
      f.add_error("photos", messages::for_field("field.type_array", "photos"));
    } else if (a->size() > 20) {
      f.add_error("photos", messages::for_field("field.too_many_items", "photos", {{"max", "20"}}));
    } else {
      for (std::size_t i = 0; i < a->size(); ++i)
        if (auto p = photo_of(&(*a)[i], "photos[" + std::to_string(i) + "]", f)) in.photos.push_back(*p);
    }
  }
  if (auto it = body.find("pairs"); it != body.end() && !it->value().is_null()) {
    const auto* a = it->value().if_array();
    if (!a) {
      f.add_error("pairs", messages::for_field("field.type_array", "pairs"));
      return;
    }
    if (a->size() > 10) {
      f.add_error("pairs", messages::for_field("field.too_many_items", "pairs", {{"max", "10"}}));
      return;
    }
    for (std::size_t i = 0; i < a->size(); ++i) {
      const std::string base = "pairs[" + std::to_string(i) + "]";
      const auto* o = (*a)[i].if_object();
      if (!o || !o->if_contains("before") || !o->if_contains("after") || o->at("before").is_null() ||
          o->at("after").is_null()) {
        f.add_error(base, messages::for_field("submission.pair_incomplete", "pairs"));
        continue;
      }
      bool unknown = false;
      for (const auto& [k, v] : *o)
        unknown |= k != "before" && k != "after";
      if (unknown) {
        f.add_error(base, messages::for_field("field.unknown", base));
        continue;
      }
      auto before = photo_of(o->if_contains("before"), base + ".before", f);
      auto after = photo_of(o->if_contains("after"), base + ".after", f);
      if (before && after) {
        if (before->file_id == after->file_id) {
          f.add_error(base + ".after.fileId", messages::for_field("submission.photo_duplicate", "fileId"));
          continue;
        }
        in.pairs.push_back(SubmissionInput::PairInput{*before, *after});
      }
    }
  }
}

SubmissionInput read_input(RequestContext& ctx, bool with_kind) {
  auto f = ctx.json_form();
  const json::object body = json::parse(ctx.req.body).as_object();  // JsonForm has validated it
  SubmissionInput in;
  std::optional<std::string> kind;
  if (with_kind) kind = f->one_of("kind", {"news", "photo_story", "voice"}, true);
  auto title = f->string("title", {.required = true, .min_chars = 1, .max_chars = 100});
  auto text = f->string("body", {.max_chars = 20'000, .multiline = true});
  auto author = f->string("authorName", {.max_chars = 50});
  auto projects = f->int_list("projectIds", {.min = 1}, 20);
  auto village = f->integer("speakerVillageId", {.min = 1});
  auto speaker = f->string("speakerDesc", {.max_chars = 100});
  auto consent = f->boolean("consent");
  auto quote = f->string("quote", {.max_chars = 2'000, .multiline = true});
  auto interviewer = f->string("interviewer", {.max_chars = 50});
  read_photos(body, *f, in);
  unwrap(f->finish());
  in.kind = kind.value_or("");
  in.title = *title;
  in.body = text.value_or("");
  in.author_name = author.value_or("");
  in.project_ids = projects.value_or(std::vector<std::int64_t>{});
  in.speaker_village_id = village;
  in.speaker_desc = speaker.value_or("");
  in.consent = consent.value_or(false);
  in.quote = quote.value_or("");
  in.interviewer = interviewer.value_or("");
  return in;
}

// ---- list and export ----

struct Filters {
  std::optional<std::string> kind, state, text;
  std::optional<std::int64_t> unit, year, older_than;
  bool queue = false;
};

// FROM + WHERE of the caller's visible items under the filters.
std::string list_where(RequestContext& ctx, const Filters& fl, platform::SqlBuilder& b) {
  const auto& me = ctx.user();
  std::string w = " WHERE " + visible_condition(me, b);
  if (fl.kind) w += " AND s.kind = " + b.bind(*fl.kind);
  if (fl.state) w += " AND s.state = " + b.bind(*fl.state);
  if (fl.unit) w += " AND s.org_unit_id = " + b.bind(*fl.unit);
  if (fl.text && !fl.text->empty())
    w +=
        " AND lower(s.title) LIKE " + b.bind(platform::like_contains(ascii_lower(*fl.text))) + " ESCAPE '\\'";
  if (fl.year) {
    const auto from = shanghai_day_start(fmt::format("{}-01-01", *fl.year));
    const auto to = shanghai_day_start(fmt::format("{}-01-01", *fl.year + 1));
    w += " AND COALESCE(s.first_submitted_at, s.created_at) >= " + b.bind(iso_utc(*from)) +
         " AND COALESCE(s.first_submitted_at, s.created_at) < " + b.bind(iso_utc(*to));
  }
  if (fl.older_than) {
    const auto cutoff = ctx.now() - std::chrono::hours(24 * *fl.older_than);
    w += " AND s.submitted_at IS NOT NULL AND s.submitted_at <= " + b.bind(iso_utc(cutoff));
  }
  if (fl.queue) {
    // What awaits the caller: the office reviews submitted items, the leader reviewed ones, county staff the
    // forwarded ones; authors see their returned items.
    switch (me.role) {
      case platform::Role::Office:
        w += " AND s.state = 'submitted'";
        break;
      case platform::Role::Leader:
        w += " AND s.state = 'reviewed'";
        break;
      case platform::Role::County:
        w += " AND s.forwarded_at IS NOT NULL AND s.state IN ('approved', 'published')";
        break;
      default:
        w += " AND s.state = 'returned'";
        break;
    }
  }
  return " FROM submissions s JOIN org_units u ON u.id = s.org_unit_id" + w;
}

Filters read_filters(http::parse::QueryForm& q, bool list) {
  Filters fl;
  fl.kind = q.one_of("kind", {"news", "photo_story", "voice"});
  fl.state = q.one_of("state", {"draft", "submitted", "returned", "reviewed", "approved", "published"});
  fl.unit = q.integer("unitId", {.min = 1});
  fl.year = q.integer("year", {.min = kMinYear, .max = kMaxYear});
  if (list) {
    fl.text = q.string("q", {.max_chars = 50});
    fl.queue = q.boolean("queue").value_or(false);
    fl.older_than = q.integer("olderThanDays", {.min = 0, .max = 3650});
  }
  return fl;
}

http::Response list(RequestContext& ctx) {
  auto q = ctx.query_form();
  const auto page_num = q->page_num();
  const auto page_size = q->page_size();
  const Filters fl = read_filters(*q, true);
  unwrap(q->finish());
  auto lease = ctx.app.pool.acquire();
  platform::SqlBuilder b;
  const std::string from = list_where(ctx, fl, b);
  auto total = lease->query("SELECT COUNT(*) AS n" + from, b.params());
  platform::SqlBuilder page = b;
  const std::string limit = page.bind(page_size);
  const std::string offset = page.bind((page_num - 1) * page_size);
  const std::string order =
      fl.queue ? " ORDER BY s.submitted_at, s.id" : " ORDER BY s.updated_at DESC, s.id DESC";
  auto ids =
      lease->query("SELECT s.id" + from + order + " LIMIT " + limit + " OFFSET " + offset, page.params());
  std::map<std::int64_t, TownSettings> settings;
  json::array rows;
  for (const auto& r : ids.rows) {
    auto s = load_submission(*lease, r.int64("id"));
    if (!s) continue;
    auto it = settings.find(s->town_id);
    if (it == settings.end()) it = settings.emplace(s->town_id, load_settings(*lease, s->town_id)).first;
    rows.push_back(item_json(ctx, *s, it->second));
  }
  return ctx.json(200, json::object{{"rows", std::move(rows)}, {"total", total.first().int64("n")}});
}

http::Response download(std::string body, const std::string& ascii, const std::string& shown) {
  http::Response r;
  r.status = 200;
  r.body = std::move(body);
  r.set_header("content-type", std::string(kXlsx));
  r.set_header("content-disposition", files::content_disposition("attachment", ascii, shown));
  r.set_header("x-content-type-options", "nosniff");
  return r;
}

std::string day_of(const std::optional<std::string>& utc) {
  if (!utc) return "";
  if (auto t = parse_iso_utc(*utc)) return shanghai_date(*t);
  return "";
}

http::Response export_xlsx(RequestContext& ctx) {
  auto q = ctx.query_form();
  const Filters fl = read_filters(*q, false);
  unwrap(q->finish());
  auto lease = ctx.app.pool.acquire();
  platform::SqlBuilder b;
  const std::string from = list_where(ctx, fl, b);
  auto ids = lease->query(
      "SELECT s.id" + from + " ORDER BY u.sort_order, u.id, s.first_submitted_at, s.id LIMIT 10000",
      b.params());
  sheets::SheetSpec sheet;
  sheet.name = "信息报送";
  sheet.columns = {{.header = "单位", .width = 18},
                   {.header = "类型", .width = 12},
                   {.header = "标题", .width = 40, .wrap = true},
                   {.header = "状态", .width = 10},
                   {.header = "首次报送", .width = 12},
                   {.header = "审核", .width = 12},
                   {.header = "发布", .width = 12},
                   {.header = "采用", .width = 30, .wrap = true}};
  for (const auto& r : ids.rows) {
    auto s = load_submission(*lease, r.int64("id"));
    if (!s) continue;
    std::string adopted;
    for (const auto& a : s->adoptions)
      adopted += (adopted.empty() ? "" : "；") + std::string(level_label(a.level)) + " " + a.outlet + " " +
                 a.adopted_on;
    const auto state = parse_state(s->state);
    sheet.rows.push_back({s->org_unit_name, std::string(kind_label(s->kind)), s->title,
                          std::string(state ? state_label(*state) : std::string_view()),
                          day_of(s->first_submitted_at), day_of(s->approved_at), day_of(s->published_at),
                          adopted});
  }
  ctx.audit_alone(platform::AuditEntry{
      .action = "submission.export",
      .entity = "submission",
      .entity_id = "export",
      .after_json = json::serialize(json::object{{"rows", static_cast<std::int64_t>(sheet.rows.size())}})});
  auto bytes = unwrap(sheets::write_xlsx(sheets::WorkbookSpec{{std::move(sheet)}}));
  return download(std::move(bytes), "submissions.xlsx", "信息报送.xlsx");
}

// ---- one item ----

http::Response get_one(RequestContext& ctx) {
  unwrap(ctx.query_form()->finish());
  auto lease = ctx.app.pool.acquire();
  auto s = require_item(ctx, *lease, ctx.id_param());
  return ctx.json(200, detail_json(ctx, *lease, s));
}

http::Response create(RequestContext& ctx) {
  SubmissionInput in = read_input(ctx, true);
  db::Tx tx(ctx.app.pool);
  auto s = unwrap(create_submission(tx, ctx.auditor(), ctx.user().org_unit_id, in));
  auto body = detail_json(ctx, tx.conn(), s);
  tx.commit();
  return ctx.json(201, body);
}

http::Response update(RequestContext& ctx) {
  SubmissionInput in = read_input(ctx, false);
  db::Tx tx(ctx.app.pool);
  auto before = require_item(ctx, tx.conn(), ctx.id_param());
  require_action(ctx, before, Action::Edit, load_settings(tx.conn(), before.town_id));
  in.kind = before.kind;
  in.is_demo = before.is_demo;
  auto s = unwrap(update_submission(tx, ctx.auditor(), before, in));
  auto body = detail_json(ctx, tx.conn(), s);
  tx.commit();
  return ctx.json(200, body);
}

http::Response remove(RequestContext& ctx) {
  unwrap(ctx.json_form()->finish());
  db::Tx tx(ctx.app.pool);
  auto s = require_item(ctx, tx.conn(), ctx.id_param());
  require_action(ctx, s, Action::Delete, load_settings(tx.conn(), s.town_id));
  unwrap(delete_submission(tx, ctx.auditor(), s));
  tx.commit();
  http::Response r;
  r.status = 204;
  return r;
}

platform::RouteHandler act(Action action) {
  return [action](RequestContext& ctx) -> http::Response {
    auto f = ctx.json_form();
    TransitionInput in;
    in.action = action;
    if (action == Action::Return || action == Action::Unpublish) {
      in.reason = f->string("reason", {.required = true, .min_chars = 1, .max_chars = 500, .multiline = true})
                      .value_or("");
    } else if (action == Action::Forward) {
      in.forward_to = f->string("to", {.max_chars = 100}).value_or("");
    } else if (action == Action::Adopt) {
      auto level = f->one_of("level", {"county", "city", "province"}, true);
      auto outlet = f->string("outlet", {.required = true, .min_chars = 1, .max_chars = 100});
      auto on = f->date("adoptedOn", true);
      if (level && outlet && on) in.adoption = Adoption{*level, *outlet, *on};
    }
    unwrap(f->finish());
    db::Tx tx(ctx.app.pool);
    auto before = require_item(ctx, tx.conn(), ctx.id_param());
    auto s = unwrap(transition(tx, ctx.auditor(), ctx.user(), before, in));
    auto body = detail_json(ctx, tx.conn(), s);
    tx.commit();
    return ctx.json(200, body);
  };
}

// ---- quota ledger, rules and settings ----

http::Response quota_ledger(RequestContext& ctx) {
  auto q = ctx.query_form();
  auto unit = q->integer("unitId", {.min = 1});
  auto town_param = q->integer("townId", {.min = 1});
  auto period_code = q->string("period", {.max_chars = 10});
  unwrap(q->finish());
  const std::string now_day = today(ctx);
  const std::string code = period_code && !period_code->empty() ? *period_code : now_day.substr(0, 7);
  auto period = parse_period(code);
  if (!period) fail(period.take_error());
  auto lease = ctx.app.pool.acquire();
  std::vector<std::int64_t> towns;
  if (unit) {
    auto u = lease->query("SELECT path, town_id FROM org_units WHERE id = $1", {*unit});
    if (u.empty() || !platform::in_scope(ctx.user(), u.first().text("path")) || u.first().is_null("town_id"))
      fail(ErrorCode::NotFound, "error.not_found");
    towns.push_back(u.first().int64("town_id"));
  } else if (town_param || town_of_unit(*lease, ctx.user().org_unit_id)) {
    towns.push_back(platform::request_town(ctx, *lease, town_param));
  } else {
    // County staff: every town in scope.
    platform::SqlBuilder b(" WHERE t.kind = 'town' AND ");
    b += platform::scope_condition(ctx.user(), b, "t.id", "t.path");
    for (const auto& r :
         lease->query("SELECT t.id FROM org_units t" + b.sql() + " ORDER BY t.path", b.params()).rows)
      towns.push_back(r.int64("id"));
  }
  json::array rows;
  for (auto town : towns) {
    std::map<std::int64_t, std::string> paths;
    for (const auto& r : lease->query("SELECT id, path FROM org_units WHERE town_id = $1", {town}).rows)
      paths[r.int64("id")] = r.text("path");
    for (const auto& row : town_ledger(*lease, town, *period, now_day)) {
      if (unit && row.unit_id != *unit) continue;
      auto it = paths.find(row.unit_id);
      if (it == paths.end() || !platform::in_scope(ctx.user(), it->second)) continue;
      rows.push_back(ledger_row_json(row));
    }
  }
  return ctx.json(200,
                  json::object{{"period", period->code()}, {"today", now_day}, {"rows", std::move(rows)}});
}

http::Response rules_get(RequestContext& ctx) {
  auto q = ctx.query_form();
  auto year = q->integer("year", {.min = kMinYear, .max = kMaxYear});
  auto town_param = q->integer("townId", {.min = 1});
  unwrap(q->finish());
  auto lease = ctx.app.pool.acquire();
  const auto town = platform::request_town(ctx, *lease, town_param);
  const int y = static_cast<int>(year.value_or(std::stoi(today(ctx).substr(0, 4))));
  bool is_default = false;
  auto rules = rules_for(*lease, town, y, &is_default);
  return ctx.json(200, rules_json(y, is_default, rules));
}

http::Response rules_put(RequestContext& ctx) {
  auto f = ctx.json_form();
  const json::object body = json::parse(ctx.req.body).as_object();
  auto year = f->integer("year", {.required = true, .min = kMinYear, .max = kMaxYear});
  f->ignore("rules");
  std::vector<QuotaRule> rules;
  const auto* a = body.if_contains("rules") ? body.at("rules").if_array() : nullptr;
  if (!a) {
    f->add_error("rules", messages::for_field("field.type_array", "rules"));
  } else if (a->size() > 50) {
    f->add_error("rules", messages::for_field("field.too_many_items", "rules", {{"max", "50"}}));
  } else {
    for (std::size_t i = 0; i < a->size(); ++i) {
      const std::string base = "rules[" + std::to_string(i) + "]";
      const auto* o = (*a)[i].if_object();
      if (!o) {
        f->add_error(base, messages::for_field("field.type_object", "rules"));
        continue;
      }
      auto str = [&](const char* key, std::initializer_list<std::string_view> allowed) -> std::string {
        const auto* v = o->if_contains(key);
        std::string s = v && v->is_string() ? std::string(v->as_string()) : "";
        bool ok = allowed.size() == 0 ? !s.empty() && s.size() <= 5 : false;
        for (auto al : allowed)
          ok |= s == al;
        if (!ok) f->add_error(base + "." + key, messages::for_field("field.one_of", key));
        return s;
      };
      QuotaRule r;
      r.kind = str("kind", {"news", "photo_story", "voice"});
      r.units = str("units", {"lead_departments", "engineering_departments", "office", "list"});
      r.period = str("period", {"month", "quarter", "year"});
      r.due_day = str("dueDay", {});
      r.counts = str("counts", {"submitted", "approved", "published"});
      const auto* count = o->if_contains("count");
      if (!count || !count->is_int64() || count->as_int64() < 1 || count->as_int64() > 100)
        f->add_error(base + ".count",
                     messages::for_field("field.out_of_range", "count", {{"min", "1"}, {"max", "100"}}));
      else
        r.count = static_cast<int>(count->as_int64());
      if (const auto* ids = o->if_contains("unitIds"); ids && !ids->is_null()) {
        const auto* arr = ids->if_array();
        bool ok = arr && arr->size() <= 200;
        if (ok)
          for (const auto& v : *arr) {
            if (!v.is_int64() || v.as_int64() < 1) {
              ok = false;
              break;
            }
            r.unit_ids.push_back(v.as_int64());
          }
        if (!ok) f->add_error(base + ".unitIds", messages::for_field("field.type_array", "unitIds"));
      }
      for (const auto& [k, v] : *o)
        if (k != "kind" && k != "units" && k != "unitIds" && k != "count" && k != "period" && k != "dueDay" &&
            k != "counts" && k != "id" && k != "kindLabel")
          f->add_error(base + "." + std::string(k), messages::for_field("field.unknown", std::string(k)));
      rules.push_back(std::move(r));
    }
  }
  unwrap(f->finish());
  db::Tx tx(ctx.app.pool);
  const auto town = platform::request_town(ctx, tx.conn(), std::nullopt);
  const int y = static_cast<int>(*year);
  unwrap(replace_rules(tx, ctx.auditor(), town, y, rules));
  auto saved = rules_for(tx.conn(), town, y, nullptr);
  tx.commit();
  return ctx.json(200, rules_json(y, false, saved));
}

http::Response settings_get(RequestContext& ctx) {
  auto q = ctx.query_form();
  auto town_param = q->integer("townId", {.min = 1});
  unwrap(q->finish());
  auto lease = ctx.app.pool.acquire();
  return ctx.json(200, settings_json(load_settings(*lease, platform::request_town(ctx, *lease, town_param))));
}

http::Response settings_put(RequestContext& ctx) {
  auto f = ctx.json_form();
  auto second = f->boolean("secondLevel", true);
  auto distance = f->integer("pairDistanceM", {.required = true, .min = 10, .max = 100'000});
  auto days = f->integer("reminderDays", {.required = true, .min = 0, .max = 60});
  auto words = f->string_list("bannedWords", {.min_chars = 1, .max_chars = 50}, 500);
  unwrap(f->finish());
  TownSettings st;
  st.second_level = *second;
  st.pair_distance_m = static_cast<int>(*distance);
  st.reminder_days = static_cast<int>(*days);
  for (auto& w : words.value_or(std::vector<std::string>{}))
    if (!w.empty()) st.banned_words.push_back(std::move(w));
  db::Tx tx(ctx.app.pool);
  const auto town = platform::request_town(ctx, tx.conn(), std::nullopt);
  unwrap(save_settings(tx, ctx.auditor(), town, st));
  auto saved = load_settings(tx.conn(), town);
  tx.commit();
  return ctx.json(200, settings_json(saved));
}

// ---- notifications ----

http::Response notifications(RequestContext& ctx) {
  auto q = ctx.query_form();
  const auto page_num = q->page_num();
  const auto page_size = q->page_size();
  auto unread = q->boolean("unread");
  unwrap(q->finish());
  bool pending = false;
  {
    auto lease = ctx.app.pool.acquire();
    pending = quota_reminders_pending(*lease, ctx.user(), ctx.now());
  }
  if (pending) {
    db::Tx tx(ctx.app.pool);
    if (add_quota_reminders(tx, ctx.user(), ctx.now()) > 0) tx.commit();
  }
  auto lease = ctx.app.pool.acquire();
  auto page = list_notifications(*lease, ctx.user().user_id, unread.value_or(false), page_num, page_size);
  json::array rows;
  for (const auto& n : page.rows)
    rows.push_back(notification_json(n));
  return ctx.json(200,
                  json::object{{"rows", std::move(rows)}, {"total", page.total}, {"unread", page.unread}});
}

http::Response notification_read(RequestContext& ctx) {
  unwrap(ctx.json_form()->finish());
  const auto id = ctx.id_param();
  db::Tx tx(ctx.app.pool);
  auto r = tx.query(
      "SELECT id, kind, title, body, link, created_at, read_at FROM notifications WHERE id = $1 AND "
      "user_id = $2",
      {id, ctx.user().user_id});
  if (r.empty()) fail(ErrorCode::NotFound, "error.not_found");
  const std::string now = iso_utc(ctx.now());
  tx.query("UPDATE notifications SET read_at = $1 WHERE id = $2 AND read_at IS NULL", {now, id});
  const auto& row = r.first();
  Notification n{row.int64("id"),
                 row.text("kind"),
                 row.text("title"),
                 row.text("body"),
                 row.text("link"),
                 row.text("created_at"),
                 row.opt_text("read_at").value_or(now)};
  ctx.audit(tx, platform::AuditEntry{.entity = "notification", .entity_id = std::to_string(id)});
  tx.commit();
  return ctx.json(200, notification_json(n));
}

http::Response notifications_read_all(RequestContext& ctx) {
  unwrap(ctx.json_form()->finish());
  db::Tx tx(ctx.app.pool);
  auto r = tx.query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL",
                    {iso_utc(ctx.now()), ctx.user().user_id});
  ctx.audit(tx, platform::AuditEntry{.entity = "notification",
                                     .entity_id = "all",
                                     .after_json = json::serialize(json::object{{"updated", r.affected}})});
  tx.commit();
  return ctx.json(200, json::object{{"updated", r.affected}, {"unread", 0}});
}

}  // namespace

platform::RouteTable submission_routes() {
  using http::Method;
  using platform::Permission;
  using platform::ScopeRule;
  const auto unit = ScopeRule::OrgUnit;
  return {
      {Method::Get, "/api/v1/submissions", Permission::SubmissionRead, unit, "", list},
      {Method::Get, "/api/v1/submissions/export", Permission::SubmissionRead, unit, "submission.export",
       export_xlsx},
      {Method::Post, "/api/v1/submissions", Permission::SubmissionWrite, unit, "submission.create", create},
      {Method::Get, "/api/v1/submissions/{id}", Permission::SubmissionRead, unit, "", get_one},
      {Method::Put, "/api/v1/submissions/{id}", Permission::SubmissionWrite, unit, "submission.update",
       update},
      {Method::Delete, "/api/v1/submissions/{id}", Permission::SubmissionWrite, unit, "submission.delete",
       remove},
      {Method::Post, "/api/v1/submissions/{id}/submit", Permission::SubmissionWrite, unit,
       "submission.submit", act(Action::Submit)},
      {Method::Post, "/api/v1/submissions/{id}/withdraw", Permission::SubmissionWrite, unit,
       "submission.withdraw", act(Action::Withdraw)},
      {Method::Post, "/api/v1/submissions/{id}/return", Permission::SubmissionReview, unit,
       "submission.return", act(Action::Return)},
      {Method::Post, "/api/v1/submissions/{id}/approve", Permission::SubmissionReview, unit,
       "submission.approve", act(Action::Approve)},
      {Method::Post, "/api/v1/submissions/{id}/publish", Permission::SubmissionReview, unit,
       "submission.publish", act(Action::Publish)},
      {Method::Post, "/api/v1/submissions/{id}/unpublish", Permission::SubmissionReview, unit,
       "submission.unpublish", act(Action::Unpublish)},
      {Method::Post, "/api/v1/submissions/{id}/forward", Permission::SubmissionReview, unit,
       "submission.forward", act(Action::Forward)},
      {Method::Post, "/api/v1/submissions/{id}/adopt", Permission::SubmissionAdopt, unit, "submission.adopt",
       act(Action::Adopt)},
      {Method::Get, "/api/v1/quota-ledger", Permission::QuotaRead, unit, "", quota_ledger},
      {Method::Get, "/api/v1/quota-rules", Permission::QuotaRead, unit, "", rules_get},
      {Method::Put, "/api/v1/quota-rules", Permission::QuotaWrite, unit, "quota.rules_update", rules_put},
      {Method::Get, "/api/v1/submission-settings", Permission::QuotaRead, unit, "", settings_get},
      {Method::Put, "/api/v1/submission-settings", Permission::QuotaWrite, unit, "submission.settings_update",
       settings_put},
      {Method::Get, "/api/v1/notifications", Permission::Authenticated, ScopeRule::None, "", notifications},
      {Method::Post, "/api/v1/notifications/read-all", Permission::Authenticated, ScopeRule::None,
       "notification.read_all", notifications_read_all},
      {Method::Post, "/api/v1/notifications/{id}/read", Permission::Authenticated, ScopeRule::None,
       "notification.read", notification_read},
  };
}

}  // namespace minsheng::submissions
