#include "modules/circulars/service.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <tuple>

#include "core/clock.hpp"
#include "core/messages.hpp"
#include "infra/docx/docx.hpp"
#include "infra/pdf/pdf.hpp"
#include "infra/sheets/sheets.hpp"
#include "modules/files/store.hpp"
#include "modules/submissions/service.hpp"
#include "platform/roles.hpp"

namespace minsheng::circulars {
namespace {

namespace json = boost::json;
using submissions::LedgerRow;
using submissions::Period;

Error field_error(ErrorCode code, const std::string& field, const std::string& key,
                  std::initializer_list<std::pair<std::string_view, std::string>> args = {}) {
  return Error{code, "error.invalid_field", {FieldError{field, messages::for_field(key, field, args)}}};
}

Error issued_conflict() {
  return field_error(ErrorCode::Conflict, "state", "circular.issued");
}

std::optional<std::string> shanghai_day(const std::optional<std::string>& utc) {
  if (!utc) return std::nullopt;
  if (auto t = parse_iso_utc(*utc)) return shanghai_date(*t);
  return std::nullopt;
}

int month_of(std::string_view ymd) {
  return (ymd[5] - '0') * 10 + (ymd[6] - '0');
}

// The code of the rule period of kind `kind` ('m', 'q', 'y') containing the day.
std::string period_code_of(char kind, std::string_view ymd) {
  if (kind == 'y') return std::string(ymd.substr(0, 4));
  if (kind == 'q') return fmt::format("{}-Q{}", ymd.substr(0, 4), (month_of(ymd) - 1) / 3 + 1);
  return std::string(ymd.substr(0, 7));
}

char kind_of_period_code(std::string_view code) {
  if (code.size() == 4) return 'y';
  if (code.find('Q') != std::string_view::npos) return 'q';
  return 'm';
}

char kind_of_rule(std::string_view period) {
  return period == "year" ? 'y' : period == "quarter" ? 'q' : 'm';
}

json::object rules_audit(const EffectiveRules& r) {
  return json::object{{"version", r.rules.version},
                      {"isDefault", r.is_default},
                      {"rules", json::parse(rule_set_to_json(r.rules))}};
}

std::string circular_audit(const Circular& c) {
  json::array units;
  for (auto u : c.unit_ids)
    units.emplace_back(u);
  return json::serialize(json::object{{"period", c.period},
                                      {"state", c.state},
                                      {"title", c.title},
                                      {"codeWord", c.code_word},
                                      {"redHeader", c.red_header},
                                      {"ruleVersion", c.rule_version},
                                      {"unitIds", std::move(units)},
                                      {"prose", json::parse(prose_to_json(c.prose))}});
}

// Units of the town (not the town itself): id → (name, sort order).
struct UnitInfo {
  std::string name;
  int sort_order = 0;
};
std::map<std::int64_t, UnitInfo> town_units(db::Connection& conn, std::int64_t town_id) {
  std::map<std::int64_t, UnitInfo> out;
  for (const auto& r : conn.query("SELECT id, name, sort_order FROM org_units WHERE town_id = $1 AND kind <> "
                                  "'town'",
                                  {town_id})
                           .rows)
    out[r.int64("id")] = UnitInfo{r.text("name"), static_cast<int>(r.int64("sort_order"))};
  return out;
}

std::string unit_name(db::Connection& conn, std::int64_t id) {
  auto r = conn.query("SELECT name FROM org_units WHERE id = $1", {id});
  return r.empty() ? std::string() : r.first().text("name");
}

// Every unit with a ledger row in the period, in sort order.
std::vector<std::int64_t> default_units(db::Connection& conn, std::int64_t town_id, const Period& period,
                                        std::string_view today) {
  std::set<std::int64_t> with_rows;
  for (const auto& row : submissions::town_ledger(conn, town_id, period, today))
    with_rows.insert(row.unit_id);
  std::vector<std::int64_t> out;
  for (const auto& r : conn.query("SELECT id FROM org_units WHERE town_id = $1 AND kind <> 'town' ORDER BY "
                                  "sort_order, id",
                                  {town_id})
                           .rows)
    if (with_rows.contains(r.int64("id"))) out.push_back(r.int64("id"));
  return out;
}

std::vector<std::int64_t> snapshot_unit_ids(const std::string& snapshot_json) {
  std::vector<std::int64_t> out;
  if (auto s = snapshot_from_json(snapshot_json)) {
    for (const auto& u : s->units)
      out.push_back(u.unit_id);
  }
  return out;
}

Result<Circular> reload(db::Connection& conn, std::int64_t id) {
  auto c = load_circular(conn, id);
  if (!c) return Error::make(ErrorCode::NotFound, "error.not_found");
  return *c;
}

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string ext_of(std::string_view format) {
  return std::string(format);
}

}  // namespace

// ---- facts, rules and scores ----

std::string as_of_for(const Period& period, std::string_view today) {
  return std::string(std::min<std::string_view>(today.substr(0, 10), period.last_day));
}

TownFacts load_facts(db::Connection& conn, std::int64_t town_id, int year, std::string_view today) {
  TownFacts f;
  f.town_id = town_id;
  f.town_name = unit_name(conn, town_id);
  auto year_period = submissions::parse_period(std::to_string(year));
  if (!year_period) return f;
  f.rows = submissions::town_ledger(conn, town_id, *year_period, today);
  std::set<std::int64_t> with_rows;
  std::map<std::pair<std::int64_t, std::string>, char> row_kinds;  // (unit, kind) → period kind of its rows
  for (const auto& row : f.rows) {
    with_rows.insert(row.unit_id);
    row_kinds.emplace(std::pair{row.unit_id, row.kind}, kind_of_period_code(row.period));
  }
  for (const auto& r : conn.query("SELECT id, name, sort_order FROM org_units WHERE town_id = $1 AND kind <> "
                                  "'town' ORDER BY sort_order, id",
                                  {town_id})
                           .rows)
    if (with_rows.contains(r.int64("id")))
      f.units.push_back(
          ScoreUnit{r.int64("id"), r.text("name"), static_cast<int>(r.int64("sort_order")), std::nullopt});
  // Adoptions, attributed to the rule period their item counts in (service.hpp).
  const auto rules = submissions::rules_for(conn, town_id, year, nullptr);
  for (const auto& r :
       conn.query("SELECT a.submission_id, a.level, a.adopted_on, s.org_unit_id, s.kind, s.state, "
                  "s.first_submitted_at, s.approved_at, s.published_at FROM submission_adoptions a JOIN "
                  "submissions s ON s.id = a.submission_id WHERE s.town_id = $1 AND s.first_submitted_at IS "
                  "NOT NULL ORDER BY a.id",
                  {town_id})
           .rows) {
    AdoptionFact fact;
    fact.unit_id = r.int64("org_unit_id");
    fact.item_id = r.int64("submission_id");
    fact.kind = r.text("kind");
    fact.level = r.text("level");
    fact.adopted_on = r.text("adopted_on");
    const std::string state = r.text("state");
    const auto submitted = shanghai_day(r.opt_text("first_submitted_at"));
    const auto approved = state == "approved" || state == "published"
                              ? shanghai_day(r.opt_text("approved_at"))
                              : std::optional<std::string>();
    const auto published =
        state == "published" ? shanghai_day(r.opt_text("published_at")) : std::optional<std::string>();
    if (!submitted) continue;
    const submissions::QuotaRule* rule = nullptr;
    auto rk = row_kinds.find({fact.unit_id, fact.kind});
    for (const auto& q : rules) {
      if (q.kind != fact.kind) continue;
      if (rule == nullptr) rule = &q;
      if (rk != row_kinds.end() && kind_of_rule(q.period) == rk->second) {
        rule = &q;
        break;
      }
    }
    std::string anchor = *submitted;
    char kind = 'm';
    if (rule != nullptr) {
      kind = kind_of_rule(rule->period);
      if (rule->counts == "approved") {
        anchor = approved.value_or(*submitted);
      } else if (rule->counts == "published") {
        anchor = published ? *published : approved.value_or(*submitted);
      }
    }
    if (std::stoi(anchor.substr(0, 4)) != year) continue;
    fact.period = period_code_of(kind, anchor);
    f.adoptions.push_back(std::move(fact));
  }
  return f;
}

EffectiveRules effective_rules(db::Connection& conn, std::int64_t town_id, int year) {
  auto r = conn.query(
      "SELECT version, rules_json FROM score_rule_sets WHERE town_id = $1 AND year = $2 ORDER BY version "
      "DESC "
      "LIMIT 1",
      {town_id, year});
  if (!r.empty()) {
    if (auto rules = rule_set_from_json(r.first().text("rules_json"))) {
      EffectiveRules out{std::move(rules.value()), false};
      out.rules.version = static_cast<int>(r.first().int64("version"));
      return out;
    }
    spdlog::error("score_rule_sets: town {} year {}: stored rules do not parse; using the defaults", town_id,
                  year);
  }
  EffectiveRules out{default_rule_set(), true};
  out.rules.version = 0;
  return out;
}

std::vector<RuleVersionInfo> rule_versions(db::Connection& conn, std::int64_t town_id, int year) {
  std::vector<RuleVersionInfo> out;
  for (const auto& r :
       conn.query("SELECT s.version, s.created_at, u.display_name FROM score_rule_sets s LEFT "
                  "JOIN users u ON u.id = s.created_by WHERE s.town_id = $1 AND s.year = $2 "
                  "ORDER BY s.version DESC",
                  {town_id, year})
           .rows)
    out.push_back(RuleVersionInfo{static_cast<int>(r.int64("version")), r.text("created_at"),
                                  r.opt_text("display_name").value_or("")});
  return out;
}

Result<EffectiveRules> save_rules(db::Tx& tx, const platform::Auditor& audit, std::int64_t town_id, int year,
                                  RuleSet rules) {
  const EffectiveRules before = effective_rules(tx.conn(), town_id, year);
  rules.version = before.rules.version;
  const bool same = rule_set_to_json(rules) == rule_set_to_json(before.rules);
  if (!same) {
    const auto max =
        tx.query(
              "SELECT COALESCE(MAX(version), 0) AS v FROM score_rule_sets WHERE town_id = $1 AND year = $2",
              {town_id, year})
            .first()
            .int64("v");
    rules.version = static_cast<int>(max + 1);
    if (auto errors = validate_rule_set(rules); !errors.empty())
      return Error{ErrorCode::Unprocessable, "error.invalid_field", std::move(errors)};
    tx.query(
        "INSERT INTO score_rule_sets (town_id, year, version, rules_json, created_by, created_at) VALUES "
        "($1, "
        "$2, $3, $4, $5, $6)",
        {town_id, year, rules.version, rule_set_to_json(rules), audit.actor.user_id, iso_utc(audit.now)});
  }
  const EffectiveRules after = effective_rules(tx.conn(), town_id, year);
  json::object after_json = rules_audit(after);
  after_json["changed"] = !same;
  audit.write(tx, platform::AuditEntry{.action = "score.rules_update",
                                       .entity = "score_rule_set",
                                       .entity_id = fmt::format("{}:{}", year, after.rules.version),
                                       .org_unit_id = town_id,
                                       .before_json = json::serialize(rules_audit(before)),
                                       .after_json = json::serialize(after_json)});
  return after;
}

Scores town_scores(db::Connection& conn, std::int64_t town_id, const Period& period, std::string_view today,
                   const RuleSet* rules, const std::vector<std::int64_t>* only_units) {
  TownFacts f = load_facts(conn, town_id, period.year, today);
  EffectiveRules stored;
  if (rules == nullptr) stored = effective_rules(conn, town_id, period.year);
  const RuleSet& used = rules != nullptr ? *rules : stored.rules;
  std::vector<ScoreUnit> units;
  for (const auto& u : f.units)
    if (only_units == nullptr || std::find(only_units->begin(), only_units->end(), u.id) != only_units->end())
      units.push_back(u);
  return score(used, units, f.rows, f.adoptions, period, as_of_for(period, today));
}

// ---- snapshots ----

namespace {
// A town's name without a trailing full-width note: "清河镇（演示）" → "清河镇".
std::string town_short_name(std::string_view name) {
  constexpr std::string_view open = "（", close = "）";
  if (name.size() > close.size() && name.substr(name.size() - close.size()) == close) {
    const auto at = name.rfind(open);
    if (at != std::string_view::npos && at > 0) return std::string(name.substr(0, at));
  }
  return std::string(name);
}
}  // namespace

std::string issuer_of(std::string_view town_name) {
  return std::string(town_name) + "民生工程工作领导小组办公室";
}

Result<Snapshot> take_snapshot(db::Connection& conn, std::int64_t town_id, const Period& period,
                               const std::optional<std::vector<std::int64_t>>& units, std::string_view today,
                               std::string_view taken_at) {
  const auto all = town_units(conn, town_id);
  std::vector<std::int64_t> chosen;
  if (units) {
    std::set<std::int64_t> seen;
    for (auto id : *units) {
      if (!all.contains(id))
        return field_error(ErrorCode::InvalidArgument, "unitIds", "quota.unit_not_in_town");
      if (seen.insert(id).second) chosen.push_back(id);
    }
  } else {
    chosen = default_units(conn, town_id, period, today);
  }
  if (chosen.empty()) return field_error(ErrorCode::Unprocessable, "unitIds", "circular.no_units");
  TownFacts f = load_facts(conn, town_id, period.year, today);
  std::vector<ScoreUnit> score_units;
  for (const auto& [id, info] : all)
    if (std::find(chosen.begin(), chosen.end(), id) != chosen.end())
      score_units.push_back(ScoreUnit{id, info.name, info.sort_order, std::nullopt});
  std::sort(score_units.begin(), score_units.end(), [](const ScoreUnit& a, const ScoreUnit& b) {
    return std::tie(a.sort_order, a.id) < std::tie(b.sort_order, b.id);
  });
  const EffectiveRules rules = effective_rules(conn, town_id, period.year);
  const Scores scores =
      score(rules.rules, score_units, f.rows, f.adoptions, period, as_of_for(period, today));
  Snapshot s =
      make_snapshot(scores, rules.rules, town_id, f.town_name, issuer_of(f.town_name), std::string(taken_at));
  s.rule_version = rules.rules.version;
  return s;
}

Scores merge_scores(std::vector<Scores> parts, const std::string& period, const std::string& as_of) {
  Scores out;
  out.period = period;
  out.as_of = as_of;
  if (!parts.empty()) out.rule_version = parts.front().rule_version;
  for (auto& p : parts)
    std::move(p.units.begin(), p.units.end(), std::back_inserter(out.units));
  std::sort(out.units.begin(), out.units.end(), [](const UnitScore& a, const UnitScore& b) {
    if (a.period_score != b.period_score) return a.period_score > b.period_score;
    if (a.ytd_score != b.ytd_score) return a.ytd_score > b.ytd_score;
    return std::tie(a.sort_order, a.unit_id) < std::tie(b.sort_order, b.unit_id);
  });
  auto dense = [&](auto key, auto set_rank) {
    std::vector<Tenths> values;
    for (const auto& u : out.units)
      values.push_back(key(u));
    std::sort(values.begin(), values.end(), std::greater<>());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    for (auto& u : out.units) {
      const auto it = std::find(values.begin(), values.end(), key(u));
      set_rank(u, static_cast<int>(it - values.begin()) + 1);
    }
  };
  dense([](const UnitScore& u) { return u.period_score; }, [](UnitScore& u, int r) { u.rank = r; });
  dense([](const UnitScore& u) { return u.ytd_score; }, [](UnitScore& u, int r) { u.ytd_rank = r; });
  return out;
}

Result<Snapshot> county_snapshot(db::Connection& conn, std::int64_t county_id, const Period& period,
                                 std::string_view today, std::string_view taken_at) {
  auto county = conn.query("SELECT name, path, kind FROM org_units WHERE id = $1", {county_id});
  if (county.empty() || county.first().text("kind") != "county")
    return Error::make(ErrorCode::NotFound, "error.not_found");
  const std::string path = county.first().text("path");
  std::vector<Scores> parts;
  std::optional<RuleSet> first_rules;
  for (const auto& t : conn.query("SELECT id, name FROM org_units WHERE kind = 'town' AND substr(path, 1, "
                                  "length($1)) = $1 ORDER BY path",
                                  {path})
                           .rows) {
    const auto town = t.int64("id");
    const auto units = default_units(conn, town, period, today);
    if (units.empty()) continue;
    const EffectiveRules rules = effective_rules(conn, town, period.year);
    if (!first_rules) first_rules = rules.rules;
    Scores part = town_scores(conn, town, period, today, &rules.rules, &units);
    // Across towns a unit is named with its town ("清河镇城建办"): every town has a 城建办.
    const std::string prefix = town_short_name(t.text("name"));
    for (auto& u : part.units)
      u.unit_name = prefix + u.unit_name;
    parts.push_back(std::move(part));
  }
  if (parts.empty()) return field_error(ErrorCode::Unprocessable, "unitIds", "circular.no_units");
  const std::string as_of = as_of_for(period, today);
  Scores merged = merge_scores(std::move(parts), period.code(), as_of);
  const std::string name = county.first().text("name");
  // town_id 0 marks a snapshot spanning several towns (titles and prose say 全县; documents.hpp).
  Snapshot s = make_snapshot(merged, *first_rules, 0, name, issuer_of(name), std::string(taken_at));
  s.rule_version = merged.rule_version;
  return s;
}

// ---- circulars ----

std::optional<Circular> load_circular(db::Connection& conn, std::int64_t id) {
  auto rs = conn.query(
      "SELECT c.id, c.town_id, t.path AS town_path, c.period, c.state, c.title, c.prose_json, "
      "c.snapshot_json, c.rule_version, c.code_word, c.red_header, c.doc_year, c.serial, c.doc_number, "
      "c.issued_on, c.issued_at, c.issued_by, u.display_name AS issued_by_name, c.created_by, c.created_at, "
      "c.updated_at FROM circulars c JOIN org_units t ON t.id = c.town_id LEFT JOIN users u ON u.id = "
      "c.issued_by WHERE c.id = $1",
      {id});
  if (rs.empty()) return std::nullopt;
  const auto& r = rs.first();
  Circular c;
  c.id = r.int64("id");
  c.town_id = r.int64("town_id");
  c.town_path = r.text("town_path");
  c.period = r.text("period");
  c.state = r.text("state");
  c.title = r.text("title");
  if (auto p = prose_from_json(r.text("prose_json"))) c.prose = *p;
  c.snapshot_json = r.text("snapshot_json");
  c.rule_version = static_cast<int>(r.int64("rule_version"));
  c.code_word = r.text("code_word");
  c.red_header = r.int64("red_header") != 0;
  c.doc_year = r.opt_int64("doc_year");
  c.serial = r.opt_int64("serial");
  c.doc_number = r.opt_text("doc_number");
  c.issued_on = r.opt_text("issued_on");
  c.issued_at = r.opt_text("issued_at");
  c.issued_by = r.opt_int64("issued_by");
  c.issued_by_name = r.opt_text("issued_by_name").value_or("");
  c.created_by = r.opt_int64("created_by");
  c.created_at = r.text("created_at");
  c.updated_at = r.text("updated_at");
  c.unit_ids = snapshot_unit_ids(c.snapshot_json);
  for (const auto& f : conn.query("SELECT format, sha256, size, content_type FROM circular_files WHERE "
                                  "circular_id = $1 ORDER BY format",
                                  {id})
                           .rows)
    c.files.push_back(
        CircularFile{f.text("format"), f.text("sha256"), f.int64("size"), f.text("content_type")});
  return c;
}

bool can_read(db::Connection& conn, const platform::Principal& p, const Circular& c) {
  if (!c.issued())
    return platform::role_has(p.role, platform::Permission::CircularWrite) &&
           platform::in_scope(p, c.town_path);
  if (platform::in_scope(p, c.town_path)) return true;
  for (const auto& r :
       conn.query("SELECT u.path FROM circular_units cu JOIN org_units u ON u.id = cu.unit_id "
                  "WHERE cu.circular_id = $1",
                  {c.id})
           .rows)
    if (platform::in_scope(p, r.text("path"))) return true;
  return false;
}

std::string visible_condition(const platform::Principal& p, platform::SqlBuilder& b) {
  const bool writer = platform::role_has(p.role, platform::Permission::CircularWrite);
  std::string draft =
      writer ? "(c.state = 'draft' AND " + platform::scope_condition(p, b, "t.id", "t.path") + ")"
             : std::string("1 = 0");
  std::string town = platform::scope_condition(p, b, "t.id", "t.path");
  std::string listed = platform::scope_condition(p, b, "lu.id", "lu.path");
  return "(" + draft + " OR (c.state = 'issued' AND (" + town +
         " OR EXISTS (SELECT 1 FROM circular_units cu JOIN org_units lu ON lu.id = cu.unit_id WHERE "
         "cu.circular_id = c.id AND " +
         listed + "))))";
}

std::string next_number(db::Connection& conn, std::int64_t town_id, std::string_view code_word, int year) {
  const auto n = conn.query(
                         "SELECT COALESCE(MAX(serial), 0) AS n FROM circulars WHERE town_id = $1 AND "
                         "code_word = $2 AND doc_year = $3",
                         {town_id, code_word, year})
                     .first()
                     .int64("n");
  return doc_number(code_word, year, static_cast<int>(n + 1));
}

Result<Circular> create_circular(db::Tx& tx, const platform::Auditor& audit, std::int64_t town_id,
                                 const CreateInput& in) {
  auto period = submissions::parse_period(in.period);
  if (!period) return period.take_error();
  if (!valid_code_word(in.code_word))
    return field_error(ErrorCode::InvalidArgument, "codeWord", "circular.bad_code_word");
  const std::string today = shanghai_date(audit.now);
  const std::string now = iso_utc(audit.now);
  auto snap = take_snapshot(tx.conn(), town_id, *period, in.unit_ids, today, now);
  if (!snap) return snap.take_error();
  const Prose prose = default_prose(*snap);
  const std::string title = in.title && !in.title->empty() ? *in.title : default_title(*snap);
  const db::Params params{town_id,
                          period->code(),
                          title,
                          prose_to_json(prose),
                          snapshot_to_json(*snap),
                          snap->rule_version,
                          in.code_word,
                          in.red_header,
                          audit.actor.user_id,
                          now};
  const auto id =
      tx.query(
            "INSERT INTO circulars (town_id, period, state, title, prose_json, snapshot_json, "
            "rule_version, code_word, red_header, created_by, created_at, updated_at) VALUES ($1, "
            "$2, 'draft', $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
            params)
          .first()
          .int64("id");
  auto c = reload(tx.conn(), id);
  if (!c) return c;
  audit.write(tx, platform::AuditEntry{.action = "circular.create",
                                       .entity = "circular",
                                       .entity_id = std::to_string(id),
                                       .org_unit_id = town_id,
                                       .after_json = circular_audit(*c)});
  return c;
}

Result<Circular> update_circular(db::Tx& tx, const platform::Auditor& audit, const Circular& before,
                                 const UpdateInput& in) {
  if (before.issued()) return issued_conflict();
  if (in.code_word && !valid_code_word(*in.code_word))
    return field_error(ErrorCode::InvalidArgument, "codeWord", "circular.bad_code_word");
  Circular after = before;
  if (in.title && !in.title->empty()) after.title = *in.title;
  if (in.prose) after.prose = *in.prose;
  if (in.code_word) after.code_word = *in.code_word;
  if (in.red_header) after.red_header = *in.red_header;
  const auto r = tx.query(
      "UPDATE circulars SET title = $1, prose_json = $2, code_word = $3, red_header = $4, updated_at = $5 "
      "WHERE id = $6 AND state = 'draft'",
      {after.title, prose_to_json(after.prose), after.code_word, after.red_header, iso_utc(audit.now),
       before.id});
  if (r.affected == 0) return issued_conflict();
  auto c = reload(tx.conn(), before.id);
  if (!c) return c;
  audit.write(tx, platform::AuditEntry{.action = "circular.update",
                                       .entity = "circular",
                                       .entity_id = std::to_string(before.id),
                                       .org_unit_id = before.town_id,
                                       .before_json = circular_audit(before),
                                       .after_json = circular_audit(*c)});
  return c;
}

Result<Circular> refresh_circular(db::Tx& tx, const platform::Auditor& audit, const Circular& before,
                                  const std::optional<std::vector<std::int64_t>>& unit_ids,
                                  bool reset_prose) {
  if (before.issued()) return issued_conflict();
  auto period = submissions::parse_period(before.period);
  if (!period) return period.take_error();
  const std::string now = iso_utc(audit.now);
  const std::optional<std::vector<std::int64_t>> units =
      unit_ids ? unit_ids
               : (before.unit_ids.empty() ? std::nullopt
                                          : std::optional<std::vector<std::int64_t>>(before.unit_ids));
  auto snap = take_snapshot(tx.conn(), before.town_id, *period, units, shanghai_date(audit.now), now);
  if (!snap) return snap.take_error();
  const Prose prose = reset_prose ? default_prose(*snap) : before.prose;
  const auto r = tx.query(
      "UPDATE circulars SET snapshot_json = $1, rule_version = $2, prose_json = $3, updated_at = $4 WHERE id "
      "= $5 AND state = 'draft'",
      {snapshot_to_json(*snap), snap->rule_version, prose_to_json(prose), now, before.id});
  if (r.affected == 0) return issued_conflict();
  auto c = reload(tx.conn(), before.id);
  if (!c) return c;
  audit.write(tx, platform::AuditEntry{.action = "circular.refresh",
                                       .entity = "circular",
                                       .entity_id = std::to_string(before.id),
                                       .org_unit_id = before.town_id,
                                       .before_json = circular_audit(before),
                                       .after_json = circular_audit(*c)});
  return c;
}

Status delete_circular(db::Tx& tx, const platform::Auditor& audit, const Circular& c) {
  if (c.issued()) return issued_conflict();
  const auto r = tx.query("DELETE FROM circulars WHERE id = $1 AND state = 'draft'", {c.id});
  if (r.affected == 0) return issued_conflict();
  audit.write(tx, platform::AuditEntry{.action = "circular.delete",
                                       .entity = "circular",
                                       .entity_id = std::to_string(c.id),
                                       .org_unit_id = c.town_id,
                                       .before_json = circular_audit(c)});
  return {};
}

std::string_view content_type_of(std::string_view format) {
  if (format == "docx") return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  if (format == "pdf") return "application/pdf";
  if (format == "xlsx") return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  return "text/html; charset=utf-8";
}

Result<RenderedFile> render(const Snapshot& s, const Prose& p, const CircularMeta& m,
                            std::string_view format) {
  const auto start = Clock::now();
  RenderedFile f;
  f.format = std::string(format);
  f.content_type = std::string(content_type_of(format));
  if (format == "xlsx") {
    auto bytes = infra::sheets::write_xlsx(statistics_workbook(s, m));
    if (!bytes) return bytes.take_error();
    f.bytes = std::move(bytes.value());
  } else {
    const doc::Document d = circular_document(s, p, m);
    if (format == "docx") {
      auto bytes = infra::docx::write_docx(d);
      if (!bytes) return bytes.take_error();
      f.bytes = std::move(bytes.value());
    } else if (format == "pdf") {
      auto bytes = infra::pdf::render_pdf(d);
      if (!bytes) return bytes.take_error();
      f.bytes = std::move(bytes.value());
    } else if (format == "html") {
      f.bytes = document_html(d);
    } else {
      return field_error(ErrorCode::InvalidArgument, "format", "field.one_of");
    }
  }
  f.ms = ms_since(start);
  return f;
}

CircularMeta meta_of(const Circular& c, std::string_view today) {
  CircularMeta m;
  m.title = c.title;
  m.doc_number = c.doc_number.value_or("");
  m.issued_on = c.issued_on.value_or(std::string(today));
  m.red_header = c.red_header;
  return m;
}

Result<Circular> issue_circular(db::Pool& pool, const platform::Auditor& audit, std::int64_t id,
                                const std::string& issued_on, IssueTimings* timings) {
  if (!valid_date(issued_on))
    return field_error(ErrorCode::InvalidArgument, "issuedOn", "field.invalid_format");
  const int year = std::stoi(issued_on.substr(0, 4));
  for (int attempt = 0; attempt < 10; ++attempt) {
    Circular c;
    std::int64_t serial = 0;
    {
      auto lease = pool.acquire();
      auto loaded = load_circular(*lease, id);
      if (!loaded) return Error::make(ErrorCode::NotFound, "error.not_found");
      if (loaded->issued()) return issued_conflict();
      c = std::move(*loaded);
      serial = lease
                   ->query(
                       "SELECT COALESCE(MAX(serial), 0) AS n FROM circulars WHERE town_id = $1 AND "
                       "code_word = $2 AND doc_year = $3",
                       {c.town_id, c.code_word, year})
                   .first()
                   .int64("n") +
               1;
    }
    auto snap = snapshot_from_json(c.snapshot_json);
    if (!snap) return snap.take_error();
    CircularMeta meta = meta_of(c, issued_on);
    meta.doc_number = doc_number(c.code_word, year, static_cast<int>(serial));
    meta.issued_on = issued_on;
    std::vector<RenderedFile> files;
    for (const char* format : {"docx", "pdf", "xlsx", "html"}) {
      auto f = render(*snap, c.prose, meta, format);
      if (!f) return f.take_error();
      files.push_back(std::move(f.value()));
    }
    if (timings) {
      timings->docx_ms = files[0].ms;
      timings->pdf_ms = files[1].ms;
      timings->xlsx_ms = files[2].ms;
      timings->html_ms = files[3].ms;
      timings->units = snap->units.size();
    }
    try {
      db::Tx tx(pool);
      const auto now_serial = tx.query(
                                    "SELECT COALESCE(MAX(serial), 0) AS n FROM circulars WHERE town_id = "
                                    "$1 AND code_word = $2 AND doc_year = $3",
                                    {c.town_id, c.code_word, year})
                                  .first()
                                  .int64("n") +
                              1;
      if (now_serial != serial) continue;  // another circular took the number: render again
      const std::string now = iso_utc(audit.now);
      const db::Params params{year, serial, meta.doc_number, issued_on, now, audit.actor.user_id, id};
      const auto updated = tx.query(
          "UPDATE circulars SET state = 'issued', doc_year = $1, serial = $2, doc_number = $3, issued_on = "
          "$4, issued_at = $5, issued_by = $6, updated_at = $5 WHERE id = $7 AND state = 'draft'",
          params);
      if (updated.affected == 0) return issued_conflict();
      json::array stored;
      for (const auto& f : files) {
        const std::string sha = files::put_blob(tx, f.bytes, now);
        tx.query(
            "INSERT INTO circular_files (circular_id, format, sha256, size, content_type) VALUES ($1, $2, "
            "$3, $4, $5)",
            {id, f.format, sha, static_cast<std::int64_t>(f.bytes.size()), f.content_type});
        stored.push_back(json::object{
            {"format", f.format}, {"sha256", sha}, {"size", static_cast<std::int64_t>(f.bytes.size())}});
      }
      for (const auto& u : snap->units)
        tx.query("INSERT INTO circular_units (circular_id, unit_id) VALUES ($1, $2)", {id, u.unit_id});
      // The users of the units concerned (not the one issuing).
      const std::string title = "通报：" + c.title;
      const std::string body = meta.doc_number + " 已印发";
      const std::string link = "/circulars/" + std::to_string(id);
      if (audit.actor.user_id) {
        tx.query(
            "INSERT INTO notifications (user_id, kind, title, body, link, created_at) SELECT u.id, "
            "'circular.issued', $1, $2, $3, $4 FROM users u JOIN circular_units cu ON cu.unit_id = "
            "u.org_unit_id WHERE cu.circular_id = $5 AND u.id <> $6",
            {title, body, link, now, id, *audit.actor.user_id});
      } else {
        tx.query(
            "INSERT INTO notifications (user_id, kind, title, body, link, created_at) SELECT u.id, "
            "'circular.issued', $1, $2, $3, $4 FROM users u JOIN circular_units cu ON cu.unit_id = "
            "u.org_unit_id WHERE cu.circular_id = $5",
            {title, body, link, now, id});
      }
      audit.write(tx, platform::AuditEntry{
                          .action = "circular.issue",
                          .entity = "circular",
                          .entity_id = std::to_string(id),
                          .org_unit_id = c.town_id,
                          .before_json = circular_audit(c),
                          .after_json = json::serialize(json::object{{"docNumber", meta.doc_number},
                                                                     {"issuedOn", issued_on},
                                                                     {"files", std::move(stored)}})});
      auto out = reload(tx.conn(), id);
      tx.commit();
      return out;
    } catch (const db::DbError& e) {
      if (e.kind() != db::DbError::Kind::UniqueViolation) throw;
      spdlog::info("circular {}: number {} taken concurrently, retrying", id, meta.doc_number);
    }
  }
  return field_error(ErrorCode::Conflict, "state", "circular.number_taken");
}

std::optional<std::string> stored_file(db::Connection& conn, const Circular& c, std::string_view format) {
  for (const auto& f : c.files)
    if (f.format == format) return files::get_blob(conn, f.sha256);
  return std::nullopt;
}

std::string download_name(const Circular& c, std::string_view format) {
  if (!c.issued()) return "通报（草稿）." + ext_of(format);
  return c.doc_number.value_or("") + " " + c.title + "." + ext_of(format);
}

// ---- the annual scorecard ----

namespace {

// The providers and the registries built from them. A registry handed out stays alive (callers keep
// references): adding a provider only makes the next call build a new one.
struct ProviderState {
  std::mutex mu;
  std::vector<ScorecardProvider> providers;
  std::deque<IndicatorRegistry> registries;
  const IndicatorRegistry* current = nullptr;
};

ProviderState& provider_state() {
  static ProviderState state;
  return state;
}

std::vector<ScorecardProvider> scorecard_providers() {
  auto& st = provider_state();
  std::lock_guard lock(st.mu);
  return st.providers;
}

}  // namespace

void add_scorecard_provider(ScorecardProvider provider) {
  auto& st = provider_state();
  std::lock_guard lock(st.mu);
  auto it = std::find_if(st.providers.begin(), st.providers.end(),
                         [&](const ScorecardProvider& p) { return p.module == provider.module; });
  if (it != st.providers.end())
    *it = std::move(provider);
  else
    st.providers.push_back(std::move(provider));
  st.current = nullptr;
}

const IndicatorRegistry& indicator_registry() {
  auto& st = provider_state();
  std::lock_guard lock(st.mu);
  if (st.current == nullptr) {
    IndicatorRegistry r;
    register_submission_indicators(r);
    for (const auto& p : st.providers)
      if (p.register_indicators) p.register_indicators(r);
    st.registries.push_back(std::move(r));
    st.current = &st.registries.back();
  }
  return *st.current;
}

ShortlistConfig load_shortlist_config(db::Connection& conn, std::int64_t town_id, int year) {
  auto r = conn.query("SELECT config_json FROM scorecard_settings WHERE town_id = $1 AND year = $2",
                      {town_id, year});
  if (!r.empty()) {
    if (auto c = shortlist_from_json(r.first().text("config_json"), indicator_registry())) return *c;
  }
  return default_shortlist_config();
}

Status save_shortlist_config(db::Tx& tx, const platform::Auditor& audit, std::int64_t town_id, int year,
                             const ShortlistConfig& config) {
  const ShortlistConfig before = load_shortlist_config(tx.conn(), town_id, year);
  const std::string text = shortlist_to_json(config, indicator_registry());
  tx.query(
      "INSERT INTO scorecard_settings (town_id, year, config_json, updated_at) VALUES ($1, $2, $3, $4) ON "
      "CONFLICT (town_id, year) DO UPDATE SET config_json = excluded.config_json, updated_at = "
      "excluded.updated_at",
      {town_id, year, text, iso_utc(audit.now)});
  audit.write(tx, platform::AuditEntry{.action = "scorecard.shortlist_update",
                                       .entity = "scorecard_settings",
                                       .entity_id = std::to_string(year),
                                       .org_unit_id = town_id,
                                       .before_json = shortlist_to_json(before, indicator_registry()),
                                       .after_json = text});
  return {};
}

ScorecardResult town_scorecard(db::Connection& conn, std::int64_t town_id, int year, std::string_view today) {
  ScorecardResult out;
  const Period period = submissions::parse_period(std::to_string(year)).value();
  TownFacts f = load_facts(conn, town_id, year, today);
  out.town_name = f.town_name;
  const EffectiveRules rules = effective_rules(conn, town_id, year);
  out.rule_version = rules.rules.version;
  ScorecardContext context;
  context.year = year;
  context.as_of = as_of_for(period, today);
  put_submission_facts(context, rules.rules, f.units, f.rows, f.adoptions);
  for (const auto& p : scorecard_providers())
    if (p.put_facts) p.put_facts(conn, town_id, year, context.as_of, context);
  std::vector<ScorecardUnit> units;
  for (const auto& u : f.units)
    units.push_back(ScorecardUnit{u.id, u.name, u.sort_order});
  out.card = build_scorecard(indicator_registry(), units, context);
  out.config = load_shortlist_config(conn, town_id, year);
  out.shortlist = shortlist(out.card, out.config);
  return out;
}

}  // namespace minsheng::circulars
