#pragma once
// Use cases of circulars and assessment (issue 6): the facts a town's scores are computed from (units, the
// year's quota ledger, adoptions), versioned score rules, the circulars (通报) from draft to issue with their
// frozen snapshot and stored files, and the annual scorecard with its awards shortlist. Every write records
// its rows and its audit entry in the caller's transaction (issuing opens its own, see issue_circular).
//
// Decisions (see also the report of issue 6):
// - Units scored: the town's units (not the town itself) with at least one ledger row in the year, in
//   sort_order. No start date: org_units.created_at is when the record was entered, not when the unit was
//   set up (as in submissions::town_ledger), so ScoreUnit::start_date stays empty.
// - Adoption attribution (AdoptionFact::period): the rule period containing the item's counting step (or,
//   before that step, its latest earlier step, as the ledger files it), by the first quota rule of the item's
//   kind whose period kind matches the unit's ledger rows of that kind (the first rule of the kind when the
//   unit has none; the month of the first submission when the year has no rule of the kind).
// - Rule versions: score_rule_sets per (town, year); none saved → default_rule_set() reported as version 0
//   (isDefault). Saving rules identical to the current ones (the default included) creates no version.
// - A circular's units: those given (units of the town), else every unit with a ledger row in the period;
//   ranks are among the circular's units. Refresh keeps the units unless new ones are given.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "db/db.hpp"
#include "modules/circulars/documents.hpp"
#include "modules/circulars/scorecard.hpp"
#include "modules/circulars/scoring.hpp"
#include "modules/submissions/quota.hpp"
#include "platform/audit.hpp"
#include "platform/principal.hpp"

namespace minsheng::circulars {

inline constexpr std::string_view kDefaultCodeWord = "民生办";

// ---- facts, rules and scores ----

struct TownFacts {
  std::int64_t town_id = 0;
  std::string town_name;
  std::vector<ScoreUnit> units;  // units with ledger rows in the year, in sort order
  std::vector<submissions::LedgerRow> rows;
  std::vector<AdoptionFact> adoptions;
};
TownFacts load_facts(db::Connection& conn, std::int64_t town_id, int year, std::string_view today);

// min(today, the period's last day).
std::string as_of_for(const submissions::Period& period, std::string_view today);

struct EffectiveRules {
  RuleSet rules;  // version 0 when is_default
  bool is_default = false;
};
EffectiveRules effective_rules(db::Connection& conn, std::int64_t town_id, int year);

struct RuleVersionInfo {
  int version = 0;
  std::string created_at;
  std::string created_by;  // display name ("" when unknown)
};
std::vector<RuleVersionInfo> rule_versions(db::Connection& conn, std::int64_t town_id, int year);

// Saves `rules` as version max+1 (their own version is ignored) unless they equal the current ones; audits
// "score.rules_update" either way. Returns the current rules after saving.
Result<EffectiveRules> save_rules(db::Tx& tx, const platform::Auditor& audit, std::int64_t town_id, int year,
                                  RuleSet rules);

// The town's scores for `period` as of as_of_for(period, today); `rules` overrides the stored ones (preview);
// `only_units` limits (and ranks) the units.
Scores town_scores(db::Connection& conn, std::int64_t town_id, const submissions::Period& period,
                   std::string_view today, const RuleSet* rules = nullptr,
                   const std::vector<std::int64_t>* only_units = nullptr);

// ---- snapshots ----

// The issuing office of a town: "<town name>民生工程工作领导小组办公室".
std::string issuer_of(std::string_view town_name);

// A snapshot of `units` (nullopt: every unit with a ledger row in the period). InvalidArgument on
// "unitIds" for units outside the town, Unprocessable on "unitIds" when no unit is left.
Result<Snapshot> take_snapshot(db::Connection& conn, std::int64_t town_id, const submissions::Period& period,
                               const std::optional<std::vector<std::int64_t>>& units, std::string_view today,
                               std::string_view taken_at);
// One snapshot over every town under `county_id` (each town scored with its own rules; units merged and
// re-ranked by period score, then year-to-date score). NotFound when the unit is not a county with towns.
Result<Snapshot> county_snapshot(db::Connection& conn, std::int64_t county_id,
                                 const submissions::Period& period, std::string_view today,
                                 std::string_view taken_at);
// Units merged from several towns' scores: ranks recomputed (dense, by period score then ytd score, then
// sort order and id for the order), rule_version the first one's.
Scores merge_scores(std::vector<Scores> parts, const std::string& period, const std::string& as_of);

// ---- circulars ----

struct CircularFile {
  std::string format;  // docx | pdf | xlsx | html
  std::string sha256;
  std::int64_t size = 0;
  std::string content_type;
};

struct Circular {
  std::int64_t id = 0;
  std::int64_t town_id = 0;
  std::string town_path;
  std::string period;
  std::string state;  // draft | issued
  std::string title;
  Prose prose;
  std::string snapshot_json;
  int rule_version = 0;
  std::string code_word;
  bool red_header = false;
  std::optional<std::int64_t> doc_year, serial;
  std::optional<std::string> doc_number, issued_on, issued_at;
  std::optional<std::int64_t> issued_by;
  std::string issued_by_name;
  std::optional<std::int64_t> created_by;
  std::string created_at, updated_at;
  std::vector<std::int64_t> unit_ids;  // issued: circular_units; draft: the snapshot's units
  std::vector<CircularFile> files;     // issued only
  bool issued() const { return state == "issued"; }
};

std::optional<Circular> load_circular(db::Connection& conn, std::int64_t id);
// Drafts: callers with circular:write whose scope holds the town. Issued: the town in scope, or a unit of
// the circular in scope (departments and villages see the circulars that list them).
bool can_read(db::Connection& conn, const platform::Principal& p, const Circular& c);
// The SQL condition of can_read on circulars `c` joined with their town as `t`.
std::string visible_condition(const platform::Principal& p, platform::SqlBuilder& b);
// The document number issuing now would give ("民生办〔2026〕1号").
std::string next_number(db::Connection& conn, std::int64_t town_id, std::string_view code_word, int year);

struct CreateInput {
  std::string period;
  std::optional<std::vector<std::int64_t>> unit_ids;
  std::string code_word = std::string(kDefaultCodeWord);
  bool red_header = false;
  std::optional<std::string> title;
};
Result<Circular> create_circular(db::Tx& tx, const platform::Auditor& audit, std::int64_t town_id,
                                 const CreateInput& in);

struct UpdateInput {
  std::optional<std::string> title;
  std::optional<Prose> prose;
  std::optional<std::string> code_word;
  std::optional<bool> red_header;
};
// Conflict (field "state") for an issued circular.
Result<Circular> update_circular(db::Tx& tx, const platform::Auditor& audit, const Circular& before,
                                 const UpdateInput& in);
Result<Circular> refresh_circular(db::Tx& tx, const platform::Auditor& audit, const Circular& before,
                                  const std::optional<std::vector<std::int64_t>>& unit_ids, bool reset_prose);
Status delete_circular(db::Tx& tx, const platform::Auditor& audit, const Circular& c);

struct RenderedFile {
  std::string format, content_type, bytes;
  double ms = 0;  // generation time
};
std::string_view content_type_of(std::string_view format);
// One output of a snapshot + prose + meta (docx | pdf | xlsx | html).
Result<RenderedFile> render(const Snapshot& s, const Prose& p, const CircularMeta& m,
                            std::string_view format);
// The meta of a circular: issued ones their number and date; drafts "" and `today`.
CircularMeta meta_of(const Circular& c, std::string_view today);

struct IssueTimings {
  double docx_ms = 0, pdf_ms = 0, xlsx_ms = 0, html_ms = 0;
  std::size_t units = 0;
};
// Numbers the draft (serial per town, 代字 and year of issued_on), renders and stores its files, lists its
// units, notifies their users and audits "circular.issue" — in one transaction, retried when a concurrent
// issue took the number. Conflict (field "state") when it is no longer a draft.
Result<Circular> issue_circular(db::Pool& pool, const platform::Auditor& audit, std::int64_t id,
                                const std::string& issued_on, IssueTimings* timings = nullptr);

// The stored bytes of an issued circular's file.
std::optional<std::string> stored_file(db::Connection& conn, const Circular& c, std::string_view format);

// "民生办〔2020〕3号 关于….docx" (draft: "通报（草稿）.docx").
std::string download_name(const Circular& c, std::string_view format);

// ---- the annual scorecard ----

// Another module's part of the annual scorecard (issue 7 onwards): it registers its indicators and, for each
// scorecard, puts the facts they read into the context. Providers are added at start-up (app::App::open);
// adding one with the same module again replaces it.
struct ScorecardProvider {
  std::string module;
  std::function<void(IndicatorRegistry&)> register_indicators;
  std::function<void(db::Connection& conn, std::int64_t town_id, int year, std::string_view as_of,
                     ScorecardContext& context)>
      put_facts;
};
void add_scorecard_provider(ScorecardProvider provider);

// The registry with every module's indicators: the submission indicators, then each provider's in the order
// they were added.
const IndicatorRegistry& indicator_registry();

struct ScorecardResult {
  Scorecard card;
  std::vector<ScorecardRow> shortlist;
  ShortlistConfig config;
  int rule_version = 0;
  std::string town_name;
};
ScorecardResult town_scorecard(db::Connection& conn, std::int64_t town_id, int year, std::string_view today);

ShortlistConfig load_shortlist_config(db::Connection& conn, std::int64_t town_id, int year);
Status save_shortlist_config(db::Tx& tx, const platform::Auditor& audit, std::int64_t town_id, int year,
                             const ShortlistConfig& config);

}  // namespace minsheng::circulars
