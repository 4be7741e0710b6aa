#include "modules/files/routes.hpp"
#include "modules/circulars/routes.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "core/clock.hpp"
#include "core/decimal.hpp"
#include "core/messages.hpp"
#include "infra/docx/docx.hpp"
#include "infra/sheets/sheets.hpp"
#include "modules/circulars/service.hpp"
#include "modules/files/names.hpp"
#include "modules/submissions/service.hpp"
#include "platform/json_util.hpp"
#include "platform/roles.hpp"

namespace minsheng::circulars {
namespace {

namespace json = boost::json;
using files::download;
using platform::fail;
using platform::RequestContext;
using platform::unwrap;

constexpr int kMinYear = 2000, kMaxYear = 2100;
constexpr std::size_t kProseMaxChars = 5'000;

std::string today(RequestContext& ctx) {
  return shanghai_date(ctx.now());
}

int this_year(RequestContext& ctx) {
  return std::stoi(today(ctx).substr(0, 4));
}

// ---- JSON ----

json::object tally_json(const Tally& t) {
  return json::object{{"submitted", t.submitted},
                      {"adoptedCounty", t.adopted_county},
                      {"adoptedCity", t.adopted_city},
                      {"adoptedProvince", t.adopted_province},
                      {"owed", t.owed},
                      {"done", t.done},
                      {"met", t.met},
                      {"missed", t.missed}};
}

json::value rate_json(const Tally& t) {
  const auto r = completion_rate(t);
  if (!r) return nullptr;
  return json::string(format_percent_tenths(*r));
}

// A rank, or null for a unit left out of the ranking (0: no obligation in the period).
json::value rank_json(int rank) {
  if (rank <= 0) return nullptr;
  return rank;
}

json::array strings_json(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v)
    a.emplace_back(s);
  return a;
}

json::array breakdown_json(const std::vector<BreakdownLine>& lines) {
  json::array a;
  for (const auto& l : lines)
    a.push_back(json::object{
        {"rule", l.rule}, {"label", l.label}, {"count", l.count}, {"points", format_points(l.points)}});
  return a;
}

json::object unit_score_json(const UnitScore& u) {
  return json::object{{"unitId", u.unit_id},
                      {"unitName", u.unit_name},
                      {"rank", rank_json(u.rank)},
                      {"ytdRank", rank_json(u.ytd_rank)},
                      {"periodScore", format_points(u.period_score)},
                      {"ytdScore", format_points(u.ytd_score)},
                      {"period", tally_json(u.period)},
                      {"ytd", tally_json(u.ytd)},
                      {"completionRate", rate_json(u.period)},
                      {"flags", strings_json(u.flags())},
                      {"zeroed", u.zeroed},
                      {"zeroSubmissionMonths", strings_json(u.zero_submission_months)},
                      {"breakdown", breakdown_json(u.breakdown)},
                      {"notes", strings_json(u.notes)}};
}

json::object scores_json(const Scores& s) {
  json::array units;
  for (const auto& u : s.units)
    units.push_back(unit_score_json(u));
  return json::object{{"period", s.period},
                      {"periodLabel", period_label(s.period)},
                      {"asOf", s.as_of},
                      {"ruleVersion", s.rule_version},
                      {"units", std::move(units)}};
}

json::object snapshot_json(const Snapshot& s) {
  json::array units;
  for (const auto& u : s.units) {
    std::vector<std::string> flags;
    if (u.zero_submission) flags.emplace_back("零报送");
    if (u.zero_adoption) flags.emplace_back("零采用");
    units.push_back(json::object{{"unitId", u.unit_id},
                                 {"unitName", u.name},
                                 {"rank", rank_json(u.rank)},
                                 {"ytdRank", rank_json(u.ytd_rank)},
                                 {"periodScore", format_points(u.period_score)},
                                 {"ytdScore", format_points(u.ytd_score)},
                                 {"period", tally_json(u.period)},
                                 {"ytd", tally_json(u.ytd)},
                                 {"flags", strings_json(flags)},
                                 {"zeroed", u.zeroed},
                                 {"notes", strings_json(u.notes)}});
  }
  return json::object{{"asOf", s.as_of},
                      {"takenAt", platform::time_json(s.taken_at)},
                      {"ruleVersion", s.rule_version},
                      {"units", std::move(units)}};
}

json::value opt_json(const std::optional<std::string>& v) {
  if (!v) return nullptr;
  return json::string(*v);
}
json::value opt_json(const std::optional<std::int64_t>& v) {
  if (!v) return nullptr;
  return *v;
}

// nextNumber: the number issuing the draft now would give, for the year of `issued_on` (the issue date the
// office picked; today when absent), computed as issue_circular numbers (per town, 代字 and year of the issue
// date), so the number confirmed before the irreversible 印发 is the number given.
json::object circular_json(RequestContext& ctx, db::Connection& conn, const Circular& c, bool detail,
                           const std::optional<std::string>& issued_on = std::nullopt) {
  json::array units;
  for (auto u : c.unit_ids)
    units.emplace_back(u);
  json::array files;
  for (const auto& f : c.files)
    files.push_back(json::object{{"format", f.format}, {"size", f.size}, {"sha256", f.sha256}});
  json::object o{
      {"id", c.id},
      {"townId", c.town_id},
      {"period", c.period},
      {"periodLabel", period_label(c.period)},
      {"state", c.state},
      {"title", c.title},
      {"codeWord", c.code_word},
      {"redHeader", c.red_header},
      {"docNumber", opt_json(c.doc_number)},
      {"serial", opt_json(c.serial)},
      {"issuedOn", opt_json(c.issued_on)},
      {"issuedAt", platform::time_json(c.issued_at)},
      {"issuedBy", c.issued() ? json::value(json::string(c.issued_by_name)) : json::value(nullptr)},
      {"createdAt", platform::time_json(c.created_at)},
      {"updatedAt", platform::time_json(c.updated_at)},
      {"ruleVersion", c.rule_version},
      {"unitIds", std::move(units)},
      {"files", std::move(files)}};
  const int number_year = issued_on ? std::stoi(issued_on->substr(0, 4)) : this_year(ctx);
  o["nextNumber"] = c.issued()
                        ? json::value(nullptr)
                        : json::value(json::string(next_number(conn, c.town_id, c.code_word, number_year)));
  if (detail) {
    o["prose"] = json::parse(prose_to_json(c.prose));
    if (auto s = snapshot_from_json(c.snapshot_json))
      o["snapshot"] = snapshot_json(*s);
    else
      o["snapshot"] = nullptr;
  }
  return o;
}

json::object rules_response(db::Connection& conn, std::int64_t town, int year) {
  const EffectiveRules r = effective_rules(conn, town, year);
  json::array versions;
  for (const auto& v : rule_versions(conn, town, year))
    versions.push_back(json::object{{"version", v.version},
                                    {"createdAt", platform::time_json(v.created_at)},
                                    {"createdBy", v.created_by}});
  return json::object{{"year", year},
                      {"version", r.rules.version},
                      {"isDefault", r.is_default},
                      {"rules", json::parse(rule_set_to_json(r.rules))},
                      {"versions", std::move(versions)}};
}

// ---- input ----

int read_year(http::parse::QueryForm& q, RequestContext& ctx, bool required = false) {
  auto y = q.integer("year", {.required = required, .min = kMinYear, .max = kMaxYear});
  return static_cast<int>(y.value_or(this_year(ctx)));
}

// {rules: {...}} → a rule set (its own version ignored). 400 on "rules" when it is not an object; 422 naming
// "rules.<field>" when the rules do not validate.
RuleSet read_rules(RequestContext& ctx) {
  auto f = ctx.json_form();
  f->ignore("rules");
  const bool has = f->has("rules");
  unwrap(f->finish());
  const json::object body = json::parse(ctx.req.body).as_object();  // JsonForm has validated it
  const json::value* v = body.if_contains("rules");
  if (!has || v == nullptr || !v->is_object())
    fail(
        Error::field(ErrorCode::InvalidArgument, "rules", messages::for_field("field.type_object", "rules")));
  json::object rules = v->as_object();
  rules["version"] = 1;
  auto parsed = rule_set_from_json(json::serialize(rules));
  if (!parsed) {
    Error e = parsed.take_error();
    e.code = ErrorCode::Unprocessable;
    for (auto& fe : e.fields)
      fe.field = fe.field == "rules" ? fe.field : "rules." + fe.field;
    fail(std::move(e));
  }
  return std::move(parsed.value());
}

std::optional<std::vector<std::int64_t>> read_unit_ids(http::parse::JsonForm& f) {
  return f.int_list("unitIds", {.min = 1}, 2'000);
}

// prose: {overall, good, problems, nextSteps}; absent members keep `base`.
std::optional<Prose> read_prose(RequestContext& ctx, http::parse::JsonForm& f, const Prose& base) {
  f.ignore("prose");
  const json::object body = json::parse(ctx.req.body).as_object();
  const json::value* v = body.if_contains("prose");
  if (v == nullptr || v->is_null()) return std::nullopt;
  const json::object* o = v->if_object();
  if (o == nullptr) {
    f.add_error("prose", messages::for_field("field.type_object", "prose"));
    return std::nullopt;
  }
  Prose p = base;
  bool ok = true;
  for (const auto& [k, val] : *o) {
    std::string* target = k == "overall"     ? &p.overall
                          : k == "good"      ? &p.good
                          : k == "problems"  ? &p.problems
                          : k == "nextSteps" ? &p.next_steps
                                             : nullptr;
    const std::string name = "prose." + std::string(k);
    if (target == nullptr) {
      f.add_error(name, messages::for_field("field.unknown", name));
      ok = false;
      continue;
    }
    if (!val.is_string()) {
      f.add_error(name, messages::for_field("field.type_string", "prose"));
      ok = false;
      continue;
    }
    const std::string text(val.as_string());
    bool controls = false;
    for (unsigned char ch : text)
      controls |= (ch < 0x20 && ch != '\n' && ch != '\t' && ch != '\r') || ch == 0x7f;
    if (!http::parse::valid_utf8(text) || controls) {
      f.add_error(name, messages::for_field("field.control_chars", "prose"));
      ok = false;
      continue;
    }
    if (http::parse::utf8_length(text) > kProseMaxChars) {
      f.add_error(name,
                  messages::for_field("field.too_long", "prose", {{"max", std::to_string(kProseMaxChars)}}));
      ok = false;
      continue;
    }
    std::string clean;
    for (char ch : text)
      if (ch != '\r') clean += ch;
    *target = std::move(clean);
  }
  if (!ok) return std::nullopt;
  return p;
}

// The circular if it exists and the caller may read it; otherwise 404.
Circular require_circular(RequestContext& ctx, db::Connection& conn, std::int64_t id) {
  auto c = load_circular(conn, id);
  if (!c || !can_read(conn, ctx.user(), *c)) fail(ErrorCode::NotFound, "error.not_found");
  return *c;
}

// ---- score rules and scores ----

http::Response rules_get(RequestContext& ctx) {
  auto q = ctx.query_form();
  const int year = read_year(*q, ctx);
  auto town_param = q->integer("townId", {.min = 1});
  unwrap(q->finish());
  auto lease = ctx.app.pool.acquire();
  const auto town = platform::request_town(ctx, *lease, town_param);
  return ctx.json(200, rules_response(*lease, town, year));
}

http::Response rules_put(RequestContext& ctx) {
  auto q = ctx.query_form();
  const int year = read_year(*q, ctx);
  unwrap(q->finish());
  RuleSet rules = read_rules(ctx);
  db::Tx tx(ctx.app.pool);
  const auto town = platform::request_town(ctx, tx.conn(), std::nullopt);
  unwrap(save_rules(tx, ctx.auditor(), town, year, std::move(rules)));
  auto body = rules_response(tx.conn(), town, year);
  tx.commit();
  return ctx.json(200, body);
}

http::Response rules_preview(RequestContext& ctx) {
  auto q = ctx.query_form();
  const int year = read_year(*q, ctx);
  auto town_param = q->integer("townId", {.min = 1});
  unwrap(q->finish());
  RuleSet rules = read_rules(ctx);
  auto lease = ctx.app.pool.acquire();
  const auto town = platform::request_town(ctx, *lease, town_param);
  const EffectiveRules current = effective_rules(*lease, town, year);
  rules.version = current.rules.version;
  if (rule_set_to_json(rules) != rule_set_to_json(current.rules)) {
    const auto versions = rule_versions(*lease, town, year);
    rules.version = (versions.empty() ? 0 : versions.front().version) + 1;
  }
  const auto period = unwrap(submissions::parse_period(std::to_string(year)));
  const Scores scores = town_scores(*lease, town, period, today(ctx), &rules);
  ctx.audit_alone(platform::AuditEntry{
      .action = "score.preview",
      .entity = "score_rule_set",
      .entity_id = std::to_string(year),
      .org_unit_id = town,
      .after_json = json::serialize(json::object{{"rules", json::parse(rule_set_to_json(rules))}})});
  return ctx.json(200, scores_json(scores));
}

http::Response scores_get(RequestContext& ctx) {
  auto q = ctx.query_form();
  auto code = q->string("period", {.max_chars = 10});
  auto town_param = q->integer("townId", {.min = 1});
  unwrap(q->finish());
  const std::string now_day = today(ctx);
  const auto period =
      unwrap(submissions::parse_period(code && !code->empty() ? *code : now_day.substr(0, 7)));
  auto lease = ctx.app.pool.acquire();
  const auto town = platform::request_town(ctx, *lease, town_param);
  return ctx.json(200, scores_json(town_scores(*lease, town, period, now_day)));
}

// ---- circulars ----

http::Response list(RequestContext& ctx) {
  auto q = ctx.query_form();
  auto page_num = q->page_num();
  const auto page_size = q->page_size();
  auto page = q->integer("page", {.min = 1, .max = 100'000});
  auto year = q->integer("year", {.min = kMinYear, .max = kMaxYear});
  auto state = q->one_of("state", {"draft", "issued"});
  unwrap(q->finish());
  if (page) page_num = *page;
  auto lease = ctx.app.pool.acquire();
  platform::SqlBuilder b;
  std::string from =
      " FROM circulars c JOIN org_units t ON t.id = c.town_id WHERE " + visible_condition(ctx.user(), b);
  if (year) from += " AND substr(c.period, 1, 4) = " + b.bind(std::to_string(*year));
  if (state) from += " AND c.state = " + b.bind(*state);
  const auto total = lease->query("SELECT COUNT(*) AS n" + from, b.params()).first().int64("n");
  platform::SqlBuilder pb = b;
  const std::string limit = pb.bind(page_size);
  const std::string offset = pb.bind((page_num - 1) * page_size);
  auto ids = lease->query("SELECT c.id" + from +
                              " ORDER BY COALESCE(c.issued_at, c.created_at) DESC, c.id DESC "
                              "LIMIT " +
                              limit + " OFFSET " + offset,
                          pb.params());
  json::array rows;
  for (const auto& r : ids.rows)
    if (auto c = load_circular(*lease, r.int64("id"))) rows.push_back(circular_json(ctx, *lease, *c, false));
  return ctx.json(200, json::object{{"rows", std::move(rows)}, {"total", total}});
}

http::Response create(RequestContext& ctx) {
  auto f = ctx.json_form();
  CreateInput in;
  auto period = f->string("period", {.required = true, .min_chars = 4, .max_chars = 10});
  in.unit_ids = read_unit_ids(*f);
  auto code_word = f->string("codeWord", {.max_chars = 10});
  auto red = f->boolean("redHeader");
  auto title = f->string("title", {.max_chars = 100});
  unwrap(f->finish());
  in.period = *period;
  if (code_word && !code_word->empty()) in.code_word = *code_word;
  in.red_header = red.value_or(false);
  if (title && !title->empty()) in.title = *title;
  db::Tx tx(ctx.app.pool);
  const auto town = platform::request_town(ctx, tx.conn(), std::nullopt);
  auto c = unwrap(create_circular(tx, ctx.auditor(), town, in));
  auto body = circular_json(ctx, tx.conn(), c, true);
  tx.commit();
  return ctx.json(201, body);
}

http::Response get_one(RequestContext& ctx) {
  auto q = ctx.query_form();
  auto issued_on = q->date("issuedOn");  // the issue date the office picked: nextNumber for its year
  unwrap(q->finish());
  auto lease = ctx.app.pool.acquire();
  auto c = require_circular(ctx, *lease, ctx.id_param());
  return ctx.json(200, circular_json(ctx, *lease, c, true, issued_on));
}

http::Response update(RequestContext& ctx) {
  db::Tx tx(ctx.app.pool);
  auto before = require_circular(ctx, tx.conn(), ctx.id_param());
  auto f = ctx.json_form();
  UpdateInput in;
  auto title = f->string("title", {.max_chars = 100});
  in.prose = read_prose(ctx, *f, before.prose);
  in.code_word = f->string("codeWord", {.max_chars = 10});
  in.red_header = f->boolean("redHeader");
  unwrap(f->finish());
  if (title && !title->empty()) in.title = *title;
  if (in.code_word && in.code_word->empty()) in.code_word.reset();
  auto c = unwrap(update_circular(tx, ctx.auditor(), before, in));
  auto body = circular_json(ctx, tx.conn(), c, true);
  tx.commit();
  return ctx.json(200, body);
}

http::Response refresh(RequestContext& ctx) {
  auto f = ctx.json_form();
  auto units = read_unit_ids(*f);
  auto reset = f->boolean("resetProse");
  unwrap(f->finish());
  db::Tx tx(ctx.app.pool);
  auto before = require_circular(ctx, tx.conn(), ctx.id_param());
  auto c = unwrap(refresh_circular(tx, ctx.auditor(), before, units, reset.value_or(false)));
  auto body = circular_json(ctx, tx.conn(), c, true);
  tx.commit();
  return ctx.json(200, body);
}

http::Response issue(RequestContext& ctx) {
  auto f = ctx.json_form();
  auto on = f->date("issuedOn");
  unwrap(f->finish());
  const auto id = ctx.id_param();
  {
    auto lease = ctx.app.pool.acquire();
    require_circular(ctx, *lease, id);
  }
  IssueTimings t;
  auto c = unwrap(issue_circular(ctx.app.pool, ctx.auditor(), id, on.value_or(today(ctx)), &t));
  spdlog::info(
      "circular {} issued as {}: {} units, docx {:.0f} ms, pdf {:.0f} ms, xlsx {:.0f} ms, html {:.0f} ms",
      c.id, c.doc_number.value_or(""), t.units, t.docx_ms, t.pdf_ms, t.xlsx_ms, t.html_ms);
  auto lease = ctx.app.pool.acquire();
  return ctx.json(200, circular_json(ctx, *lease, c, true));
}

http::Response remove(RequestContext& ctx) {
  unwrap(ctx.json_form()->finish());
  db::Tx tx(ctx.app.pool);
  auto c = require_circular(ctx, tx.conn(), ctx.id_param());
  unwrap(delete_circular(tx, ctx.auditor(), c));
  tx.commit();
  http::Response r;
  r.status = 204;
  return r;
}

http::Response file(RequestContext& ctx) {
  auto q = ctx.query_form();
  auto format = q->one_of("format", {"docx", "pdf", "xlsx", "html"});
  unwrap(q->finish());
  const std::string fmt_code = format.value_or("docx");
  auto lease = ctx.app.pool.acquire();
  auto c = require_circular(ctx, *lease, ctx.id_param());
  const std::string ascii = fmt::format("circular-{}.{}", c.id, fmt_code);
  if (c.issued()) {
    auto bytes = stored_file(*lease, c, fmt_code);
    if (!bytes) fail(ErrorCode::NotFound, "error.not_found");
    return download(std::move(*bytes), content_type_of(fmt_code), ascii, download_name(c, fmt_code));
  }
  auto snap = unwrap(snapshot_from_json(c.snapshot_json));
  auto f = unwrap(render(snap, c.prose, meta_of(c, today(ctx)), fmt_code));
  return download(std::move(f.bytes), f.content_type, ascii, download_name(c, fmt_code));
}

// ---- the scorecard ----

json::object scorecard_json(const ScorecardResult& r) {
  json::array columns;
  for (const auto& c : r.card.columns)
    columns.push_back(json::object{{"code", c.code},
                                   {"label", c.label},
                                   {"module", c.module},
                                   {"measure", c.measure == Measure::Count    ? "count"
                                               : c.measure == Measure::Points ? "points"
                                                                              : "percent"},
                                   {"inTotal", c.in_total}});
  json::array rows;
  for (const auto& row : r.card.rows) {
    json::array values, raw;
    for (std::size_t i = 0; i < row.values.size() && i < r.card.columns.size(); ++i) {
      values.emplace_back(format_value(r.card.columns[i].measure, row.values[i]));
      if (row.values[i])
        raw.emplace_back(*row.values[i]);
      else
        raw.emplace_back(nullptr);
    }
    rows.push_back(json::object{{"unitId", row.unit_id},
                                {"unitName", row.unit_name},
                                {"rank", rank_json(row.rank)},
                                {"total", format_points(row.total)},
                                {"values", std::move(values)},
                                {"raw", std::move(raw)},
                                {"notes", strings_json(row.notes)}});
  }
  json::array shortlisted;
  for (const auto& row : r.shortlist)
    shortlisted.push_back(json::object{{"unitId", row.unit_id},
                                       {"unitName", row.unit_name},
                                       {"rank", row.rank},
                                       {"total", format_points(row.total)}});
  return json::object{{"year", r.card.year},
                      {"asOf", r.card.as_of},
                      {"ruleVersion", r.rule_version},
                      {"columns", std::move(columns)},
                      {"rows", std::move(rows)},
                      {"shortlist", std::move(shortlisted)},
                      {"shortlistConfig", json::parse(shortlist_to_json(r.config, indicator_registry()))}};
}

http::Response scorecard(RequestContext& ctx) {
  auto q = ctx.query_form();
  const int year = read_year(*q, ctx);
  auto town_param = q->integer("townId", {.min = 1});
  unwrap(q->finish());
  auto lease = ctx.app.pool.acquire();
  const auto town = platform::request_town(ctx, *lease, town_param);
  return ctx.json(200, scorecard_json(town_scorecard(*lease, town, year, today(ctx))));
}

http::Response scorecard_export(RequestContext& ctx) {
  auto q = ctx.query_form();
  const int year = read_year(*q, ctx);
  auto format = q->one_of("format", {"xlsx", "docx"});
  auto town_param = q->integer("townId", {.min = 1});
  unwrap(q->finish());
  const std::string fmt_code = format.value_or("xlsx");
  auto lease = ctx.app.pool.acquire();
  const auto town = platform::request_town(ctx, *lease, town_param);
  const auto r = town_scorecard(*lease, town, year, today(ctx));
  const ScorecardMeta meta{r.town_name, issuer_of(r.town_name), year, r.card.as_of};
  std::string bytes;
  if (fmt_code == "docx")
    bytes = unwrap(infra::docx::write_docx(scorecard_document(r.card, r.shortlist, r.config, meta)));
  else
    bytes = unwrap(infra::sheets::write_xlsx(scorecard_workbook(r.card, r.shortlist, r.config, meta)));
  ctx.audit_alone(platform::AuditEntry{
      .action = "scorecard.export",
      .entity = "scorecard",
      .entity_id = std::to_string(year),
      .org_unit_id = town,
      .after_json = json::serialize(
          json::object{{"format", fmt_code}, {"rows", static_cast<std::int64_t>(r.card.rows.size())}})});
  return download(std::move(bytes), content_type_of(fmt_code), fmt::format("scorecard-{}.{}", year, fmt_code),
                  fmt::format("{}年度目标考核.{}", year, fmt_code));
}

http::Response shortlist_get(RequestContext& ctx) {
  auto q = ctx.query_form();
  const int year = read_year(*q, ctx);
  auto town_param = q->integer("townId", {.min = 1});
  unwrap(q->finish());
  auto lease = ctx.app.pool.acquire();
  const auto town = platform::request_town(ctx, *lease, town_param);
  return ctx.json(
      200, json::parse(shortlist_to_json(load_shortlist_config(*lease, town, year), indicator_registry())));
}

http::Response shortlist_put(RequestContext& ctx) {
  auto q = ctx.query_form();
  const int year = read_year(*q, ctx);
  unwrap(q->finish());
  // Unknown members refused first (the form), then the shortlist rules (minTotal as "20.0" or 20).
  auto f = ctx.json_form();
  f->integer("topN", {.min = 0, .max = 1'000});
  f->ignore("minTotal");
  f->ignore("conditions");
  unwrap(f->finish());
  auto config = unwrap(shortlist_from_json(ctx.req.body, indicator_registry()));
  db::Tx tx(ctx.app.pool);
  const auto town = platform::request_town(ctx, tx.conn(), std::nullopt);
  unwrap(save_shortlist_config(tx, ctx.auditor(), town, year, config));
  auto saved = load_shortlist_config(tx.conn(), town, year);
  tx.commit();
  return ctx.json(200, json::parse(shortlist_to_json(saved, indicator_registry())));
}

}  // namespace

platform::RouteTable circular_routes() {
  using http::Method;
  using platform::Permission;
  const auto unit = platform::ScopeRule::OrgUnit;
  return {
      {Method::Get, "/api/v1/score-rules", Permission::ScoreRead, unit, "", rules_get},
      {Method::Put, "/api/v1/score-rules", Permission::ScoreWrite, unit, "score.rules_update", rules_put},
      {Method::Post, "/api/v1/score-rules/preview", Permission::ScoreRead, unit, "score.preview",
       rules_preview},
      {Method::Get, "/api/v1/scores", Permission::ScoreRead, unit, "", scores_get},
      {Method::Get, "/api/v1/circulars", Permission::CircularRead, unit, "", list},
      {Method::Post, "/api/v1/circulars", Permission::CircularWrite, unit, "circular.create", create},
      {Method::Get, "/api/v1/circulars/{id}", Permission::CircularRead, unit, "", get_one},
      {Method::Put, "/api/v1/circulars/{id}", Permission::CircularWrite, unit, "circular.update", update},
      {Method::Delete, "/api/v1/circulars/{id}", Permission::CircularWrite, unit, "circular.delete", remove},
      {Method::Post, "/api/v1/circulars/{id}/refresh", Permission::CircularWrite, unit, "circular.refresh",
       refresh},
      {Method::Post, "/api/v1/circulars/{id}/issue", Permission::CircularWrite, unit, "circular.issue",
       issue},
      {Method::Get, "/api/v1/circulars/{id}/file", Permission::CircularRead, unit, "", file},
      {Method::Get, "/api/v1/scorecard", Permission::ScoreRead, unit, "", scorecard},
      {Method::Get, "/api/v1/scorecard/export", Permission::ScoreRead, unit, "scorecard.export",
       scorecard_export},
      {Method::Get, "/api/v1/scorecard/shortlist-config", Permission::ScoreRead, unit, "", shortlist_get},
      {Method::Put, "/api/v1/scorecard/shortlist-config", Permission::ScoreWrite, unit,
       "scorecard.shortlist_update", shortlist_put},
  };
}

}  // namespace minsheng::circulars
