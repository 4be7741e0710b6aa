#pragma once
// The scoring engine of information submissions (issue 6, plan §四(三): "纳入机关年度目标考核，作为评先评优的
// 重要依据"). Pure: a versioned rule set + the quota ledger rows of a year + adoption facts + a period → each
// unit's period score, year-to-date score, breakdown, rank and flags. No database, no clock (the caller gives
// `as_of`). Points are integers in tenths of a point (`Tenths`), so sums and rankings never drift.
//
// Semantics (decided with issue 6):
// - Attribution. Everything belongs to a calendar month: a ledger row to the last month of its rule period
//   (a monthly news row to its month, a quarterly row to the quarter's last month, a yearly photo-story or
//   voice row to December: yearly obligations are settled at year end); an adoption to the last month of the
//   period the *item* counts in (AdoptionFact::period), never to the month it was adopted. So an item of June
//   adopted by the city in August scores in June: a June circular issued before the adoption does not show
//   it (and, being a frozen snapshot, never will), the year-to-date score of every later computation does.
//   Adoptions dated after `as_of` are ignored (a recomputation as of a past day sees what was known then).
// - A ledger row is an obligation when owed > 0 and its due date is on or after the unit's start date (units
//   created mid-year are not penalised for periods before they existed; the ledger already gives owed 0
//   there, the engine checks again). A row without obligation gives 0: no base points, no extra points, no
//   deduction. Adoptions score whether or not the unit had an obligation.
// - An obligation is met when counted >= owed (late items count, as in the ledger): `met` points, plus
//   `extra` per counted item beyond owed, at most `extra_cap` per row. It is missed when not met and its due
//   date is before `as_of` (the row's `overdue` column is not read: `as_of` decides): `missed` is deducted,
//   once per row whatever the number of missing items. Otherwise it is pending and gives 0.
// - Adoptions: `county` / `city` / `province` points of the item's kind. With adoption_highest_only (the
//   default; "同一信息被多级采用的按最高级别计分"), an item (AdoptionFact::item_id) scores once, at its
//   highest level; facts with item_id 0 each count as their own item. The per-level counts use the same
//   facts.
// - Caps: month_cap bounds each month's total (after deductions) from above; the period score is the sum of
//   the capped months of the period; the year-to-date score is the sum of the capped months from January to
//   the period's last month, bounded by year_cap. A cap shows as its own breakdown line ("月度封顶").
// - Zero-out ("清零"): a kind with zero_out_misses = N > 0 zeroes the year-to-date score when the unit has N
// or
//   more missed rows of that kind from January to the period's last month. Zeroing never raises a negative
//   score (the score becomes min(score, 0)) and shows as the line "年度清零". The period score of a month or
//   quarter is not zeroed; for a year period, period score = year-to-date score.
// - Notes ("备注"): every rule that lowered a shown score says so in words, so a unit with items and 0.0
//   points shows why: a missed period ("文字信息未完成任务2次，扣2.0分"), a cap ("超过月度封顶10.0分，1.5分不
//   计"), the zero-out ("文字信息累计3次未完成任务（达3次清零），年度得分清零，扣减12.5分"). The period's
//   lines first, then the year-to-date cap and zero-out (which change 累计得分) when the period's lines lack
//   them.
// - Flags, for units with a settled obligation (owed > 0, after the start date, due date before `as_of`) in
//   the period: "零报送" when the rows of the period have no submitted item, "零采用" when the period has no
//   adoption. zero_submission_months lists the year-to-date months that would be flagged "零报送".
// - Obligation: a unit has one in a range of months when a ledger row of those months is an obligation (owed
//   > 0, after the start date), settled or pending.
// - Ranking: competition ranking as official circulars rank ("1224": tied scores share a place and the next
//   place skips as many as tied, so 1, 1, 1, 4), by score descending; ties listed in ScoreUnit::sort_order,
//   then id. rank by the period score among the units with an obligation in the period, ytd_rank by the
//   year-to-date score among the units with one from January to the period's last month. Units without are
//   left out of the ranking (rank / ytd_rank 0, shown "—" with 备注 "无报送任务": a unit owing nothing has
//   not earned a place below those who tried) unless ScoreOptions::rank_without_obligation. Results come in
//   `rank` order, the unranked last in sort order.
// Rows and adoptions of other years, or of units not given, are ignored; rows whose period does not parse
// are ignored. The ledger rows should be those of the whole year (submissions::ledger asked for the year).
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "modules/circulars/scorecard.hpp"
#include "modules/submissions/quota.hpp"

namespace minsheng::circulars {

// Points × 10.
using Tenths = std::int64_t;

// One decimal always: 125 → "12.5", 20 → "2.0", -5 → "-0.5", 0 → "0.0".
std::string format_points(Tenths t);
// "12.5", "2", "2.0", "-1", "-0.5", "+3" → tenths; nullopt for more than one decimal ("0.25"), "", ".5",
// "1.", spaces, or more than 9 integer digits.
std::optional<Tenths> parse_points(std::string_view s);

// The rules of one kind of information (news | photo_story | voice). Deductions are stored positive.
struct KindRules {
  std::string kind;
  Tenths met = 0;                             // a rule period's quota met
  Tenths extra = 0;                           // each counted item beyond the quota
  std::optional<Tenths> extra_cap;            // at most this much extra per rule period; nullopt: no cap
  Tenths county = 0, city = 0, province = 0;  // an adopted item, by level
  Tenths missed = 0;                          // deducted per missed rule period
  int zero_out_misses = 0;  // this many missed periods in the year zero the year score; 0: off
};

struct RuleSet {
  int version = 1;  // every computed score records it; a changed rule set is a new version
  std::vector<KindRules> kinds;
  std::optional<Tenths> month_cap;  // nullopt: no cap
  std::optional<Tenths> year_cap;
  bool adoption_highest_only = true;

  const KindRules* find(std::string_view kind) const;
};

// The default (version 1), for the plan's three quotas:
//   news (文字信息, 1 a month):      met 2.0, extra 0.5 each up to 2.0 a month, adoption 1.0 / 2.0 / 4.0,
//                                    missed −1.0, 3 missed months zero the year;
//   photo_story (图说民生, 1 a year): met 3.0, extra 1.0 each up to 2.0, adoption 1.0 / 2.0 / 4.0,
//                                    missed (at year end) −3.0, no zero-out;
//   voice (群众话民生, 2 a year):     met 3.0, extra 1.0 each up to 2.0, adoption 1.0 / 2.0 / 4.0,
//                                    missed −2.0, no zero-out;
//   caps: 10.0 a month, 100.0 a year; an item scores its highest adoption level only.
RuleSet default_rule_set();

// Chinese name of a kind: 文字信息 / 图说民生 / 群众话民生 (the code itself when unknown).
std::string_view kind_label(std::string_view kind);

// Field errors (field names as in the JSON: version, monthCap, yearCap, kinds, kinds[0].kind, kinds[0].met…):
// version >= 1; kinds known and not repeated; points 0..100.0; caps 0..1000.0 or null; zeroOutMisses 0..12.
std::vector<FieldError> validate_rule_set(const RuleSet& rules);

// {"version":1,"monthCap":"10.0","yearCap":"100.0","adoptionHighestOnly":true,"kinds":[{"kind":"news",
//  "met":"2.0","extra":"0.5","extraCap":"2.0","county":"1.0","city":"2.0","province":"4.0","missed":"1.0",
//  "zeroOutMisses":3},…]}. Points are decimal strings (Boost.JSON would print 0.5 as 5E-1); reading also
// accepts JSON numbers when they are whole tenths. Serialisation is deterministic (fixed key order).
std::string rule_set_to_json(const RuleSet& rules);
// InvalidArgument with field errors for malformed JSON (field "rules"), wrong types, missing members or a set
// that fails validate_rule_set. Absent optional members take their defaults: caps null, adoptionHighestOnly
// true, extraCap null, points 0, zeroOutMisses 0.
Result<RuleSet> rule_set_from_json(std::string_view text);

// One adoption of an item upward (submissions' Adoption of a Submission).
struct AdoptionFact {
  std::int64_t unit_id = 0;
  std::int64_t item_id = 0;  // the submission; 0: unknown (each fact its own item)
  std::string kind;          // news | photo_story | voice
  std::string level;         // county | city | province
  std::string adopted_on;    // YYYY-MM-DD
  std::string period;        // the ledger period the item counts in: "2020-06", "2020-Q2" or "2020"
};

struct ScoreUnit {
  std::int64_t id = 0;
  std::string name;
  int sort_order = 0;
  std::optional<std::string> start_date;  // YYYY-MM-DD; obligations due before it are not scored
};

// A breakdown line: rule code → points. Codes: "<kind>.met", "<kind>.extra", "<kind>.adoption.county|city|
// province", "<kind>.missed", "cap.month", "cap.year", "zero_out". `count` is how many times it applied.
struct BreakdownLine {
  std::string rule;
  std::string label;  // e.g. "文字信息完成任务", "图说民生省级采用", "月度封顶", "年度清零"
  int count = 0;
  Tenths points = 0;
};

// Figures over the rows and adoptions of a range of months.
struct Tally {
  int submitted = 0;                                               // Σ submitted of the rows
  int adopted_county = 0, adopted_city = 0, adopted_province = 0;  // scored items by (highest) level
  int owed = 0;                                                    // Σ owed of settled or met obligations
  int done = 0;                                                    // Σ min(counted, owed) of the same rows
  int met = 0, missed = 0;                                         // obligations met / missed
  int adopted() const { return adopted_county + adopted_city + adopted_province; }
};

// done / owed in tenths of a percent, rounded half up (2/3 → 667 = "66.7%"); nullopt when owed is 0.
std::optional<std::int64_t> completion_rate(const Tally& t);

struct UnitScore {
  std::int64_t unit_id = 0;
  std::string unit_name;
  int sort_order = 0;
  Tenths period_score = 0;
  Tenths ytd_score = 0;
  std::vector<BreakdownLine> breakdown;      // sums to period_score
  std::vector<BreakdownLine> ytd_breakdown;  // sums to ytd_score
  Tally period, ytd;
  int rank = 0;                                     // by period_score; 0: unranked (no obligation)
  int ytd_rank = 0;                                 // by ytd_score; 0: unranked
  bool zero_submission = false;                     // 零报送
  bool zero_adoption = false;                       // 零采用
  bool zeroed = false;                              // the year-to-date score was zeroed
  std::vector<std::string> zero_submission_months;  // "2020-03", … (January to the period's last month)
  bool obligated = false;                           // an obligation in the period (else unranked)
  bool ytd_obligated = false;                       // an obligation from January to the period's end
  std::vector<std::string> notes;                   // the rules that lowered the scores, in words

  std::vector<std::string> flags() const;  // "零报送", "零采用" (in this order, when raised)
};

struct Scores {
  int rule_version = 0;
  std::string period;  // the asked period's code
  std::string as_of;
  std::vector<UnitScore> units;  // in rank order
};

struct ScoreOptions {
  bool rank_without_obligation = false;  // rank every unit, obligation or not
};

Scores score(const RuleSet& rules, std::span<const ScoreUnit> units,
             std::span<const submissions::LedgerRow> rows, std::span<const AdoptionFact> adoptions,
             const submissions::Period& asked, std::string_view as_of, const ScoreOptions& options = {});

// ---------------------------------------------------------------------------------------------------------
// The submission indicators of the annual scorecard (scorecard.hpp).

// What the submission indicators read from a ScorecardContext, under kSubmissionFactsKey: the year's scores.
inline constexpr std::string_view kSubmissionFactsKey = "submissions";
struct SubmissionFacts {
  Scores year;                                // score() asked for the context's year
  std::map<std::int64_t, std::size_t> index;  // unit id → position in year.units
  const UnitScore* find(std::int64_t unit_id) const;
};

// Scores the context's year as of its as_of and stores the result for the indicators below.
void put_submission_facts(ScorecardContext& context, const RuleSet& rules, std::span<const ScoreUnit> units,
                          std::span<const submissions::LedgerRow> rows,
                          std::span<const AdoptionFact> adoptions);

// submissions.submitted 报送数, submissions.adopted.county 县级采用, submissions.adopted.city 市级采用,
// submissions.adopted.province 省级采用, submissions.completion 完成率, submissions.zero_months 零报送月数,
// submissions.score 得分 (in the total). A unit without facts gets no value ("—").
void register_submission_indicators(IndicatorRegistry& registry);

// The default awards shortlist: total >= 20.0, no 零报送 month (submissions.zero_months = 0), top 5.
ShortlistConfig default_shortlist_config();

}  // namespace minsheng::circulars
