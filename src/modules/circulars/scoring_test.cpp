#include "modules/circulars/scoring.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace minsheng::circulars {
namespace {

using submissions::LedgerRow;
using submissions::Period;

Period period(std::string_view code) {
  auto p = submissions::parse_period(code);
  EXPECT_TRUE(p.ok()) << code;
  return p.ok() ? p.value() : Period{};
}

LedgerRow row(std::int64_t unit, std::string kind, std::string per, std::string due, int owed, int counted,
              int submitted = -1) {
  LedgerRow r;
  r.unit_id = unit;
  r.kind = std::move(kind);
  r.period = std::move(per);
  r.due_date = std::move(due);
  r.owed = owed;
  r.counted = counted;
  r.submitted = submitted < 0 ? counted : submitted;
  r.missing = std::max(0, owed - counted);
  return r;
}

LedgerRow news(std::int64_t unit, int month, int counted, int submitted = -1) {
  const std::string m = (month < 10 ? "2020-0" : "2020-") + std::to_string(month);
  return row(unit, "news", m, m + "-20", 1, counted, submitted);
}

AdoptionFact adoption(std::int64_t unit, std::int64_t item, std::string level, std::string on,
                      std::string per, std::string kind = "news") {
  return AdoptionFact{unit, item, std::move(kind), std::move(level), std::move(on), std::move(per)};
}

ScoreUnit unit(std::int64_t id, std::string name, int order,
               std::optional<std::string> start = std::nullopt) {
  return ScoreUnit{id, std::move(name), order, std::move(start)};
}

const std::vector<ScoreUnit> kOne = {unit(1, "财政所", 1)};

Scores run(const std::vector<ScoreUnit>& units, const std::vector<LedgerRow>& rows,
           const std::vector<AdoptionFact>& adoptions, std::string_view asked, std::string_view as_of,
           const RuleSet& rules = default_rule_set()) {
  return score(rules, units, rows, adoptions, period(asked), as_of);
}

const UnitScore& of(const Scores& s, std::int64_t id) {
  for (const auto& u : s.units)
    if (u.unit_id == id) return u;
  ADD_FAILURE() << "no unit " << id;
  return s.units.front();
}

const BreakdownLine* line(const std::vector<BreakdownLine>& lines, std::string_view rule) {
  for (const auto& l : lines)
    if (l.rule == rule) return &l;
  return nullptr;
}

Tenths total(const std::vector<BreakdownLine>& lines) {
  Tenths t = 0;
  for (const auto& l : lines)
    t += l.points;
  return t;
}

// ---------------------------------------------------------------------------------------------------------
// Points in tenths.

TEST(ScoringPoints, FormatsOneDecimal) {
  EXPECT_EQ(format_points(125), "12.5");
  EXPECT_EQ(format_points(20), "2.0");
  EXPECT_EQ(format_points(0), "0.0");
  EXPECT_EQ(format_points(-5), "-0.5");
  EXPECT_EQ(format_points(-125), "-12.5");
  EXPECT_EQ(format_points(1000), "100.0");
}

TEST(ScoringPoints, ParsesWholeTenthsOnly) {
  EXPECT_EQ(parse_points("12.5"), 125);
  EXPECT_EQ(parse_points("2"), 20);
  EXPECT_EQ(parse_points("2.0"), 20);
  EXPECT_EQ(parse_points("2.50"), 25);
  EXPECT_EQ(parse_points("-0.5"), -5);
  EXPECT_EQ(parse_points("+3"), 30);
  EXPECT_EQ(parse_points("0"), 0);
  for (std::string_view bad : {"", "-", ".5", "1.", "0.25", "1,5", " 1", "1 ", "abc", "1e1", "1234567890"})
    EXPECT_EQ(parse_points(bad), std::nullopt) << bad;
}

TEST(ScoringPoints, CompletionRateRoundsHalfUpInTenthsOfAPercent) {
  Tally t;
  EXPECT_EQ(completion_rate(t), std::nullopt);  // nothing owed
  t.owed = 3;
  t.done = 2;
  EXPECT_EQ(completion_rate(t), 667);  // 66.66… → 66.7
  t.done = 1;
  EXPECT_EQ(completion_rate(t), 333);  // 33.33… → 33.3
  t.owed = 16;
  t.done = 1;
  EXPECT_EQ(completion_rate(t), 63);  // 6.25 → 6.3 (half up)
  t.owed = 8;
  EXPECT_EQ(completion_rate(t), 125);
  t.done = 8;
  EXPECT_EQ(completion_rate(t), 1000);
}

// ---------------------------------------------------------------------------------------------------------
// Rule sets.

TEST(ScoringRules, DefaultRuleSetIsTheDocumentedOne) {
  const RuleSet r = default_rule_set();
  EXPECT_EQ(r.version, 1);
  EXPECT_TRUE(validate_rule_set(r).empty());
  EXPECT_EQ(r.month_cap, 100);
  EXPECT_EQ(r.year_cap, 1000);
  EXPECT_TRUE(r.adoption_highest_only);
  const KindRules* n = r.find("news");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->met, 20);
  EXPECT_EQ(n->extra, 5);
  EXPECT_EQ(n->extra_cap, 20);
  EXPECT_EQ(n->county, 10);
  EXPECT_EQ(n->city, 20);
  EXPECT_EQ(n->province, 40);
  EXPECT_EQ(n->missed, 10);
  EXPECT_EQ(n->zero_out_misses, 3);
  const KindRules* p = r.find("photo_story");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->met, 30);
  EXPECT_EQ(p->missed, 30);
  EXPECT_EQ(p->zero_out_misses, 0);
  const KindRules* v = r.find("voice");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->missed, 20);
  EXPECT_EQ(r.find("poll"), nullptr);
}

TEST(ScoringRules, JsonRoundTrip) {
  RuleSet r = default_rule_set();
  r.version = 7;
  r.month_cap.reset();
  r.adoption_highest_only = false;
  r.kinds[1].extra_cap.reset();
  r.kinds[2].zero_out_misses = 1;
  const std::string text = rule_set_to_json(r);
  auto back = rule_set_from_json(text);
  ASSERT_TRUE(back.ok()) << (back.ok() ? "" : back.error().fields.front().field);
  EXPECT_EQ(rule_set_to_json(back.value()), text);
  EXPECT_EQ(back->version, 7);
  EXPECT_EQ(back->month_cap, std::nullopt);
  EXPECT_EQ(back->year_cap, 1000);
  EXPECT_FALSE(back->adoption_highest_only);
  ASSERT_EQ(back->kinds.size(), 3u);
  EXPECT_EQ(back->kinds[0].kind, "news");
  EXPECT_EQ(back->kinds[0].extra, 5);
  EXPECT_EQ(back->kinds[1].extra_cap, std::nullopt);
  EXPECT_EQ(back->kinds[2].zero_out_misses, 1);
  // Points are written as decimal strings, never in Boost.JSON's exponent form.
  EXPECT_NE(text.find(R"("extra":"0.5")"), std::string::npos) << text;
  EXPECT_EQ(text.find("E-"), std::string::npos) << text;
  EXPECT_EQ(text.rfind(R"({"version":7,"monthCap":null,"yearCap":"100.0","adoptionHighestOnly":false,)", 0),
            0u)
      << text;
}

TEST(ScoringRules, DefaultJsonTextIsStable) {
  // The circulars store this text; its form must not change under them.
  EXPECT_EQ(rule_set_to_json(default_rule_set()),
            R"({"version":1,"monthCap":"10.0","yearCap":"100.0","adoptionHighestOnly":true,"kinds":[)"
            R"({"kind":"news","met":"2.0","extra":"0.5","extraCap":"2.0","county":"1.0","city":"2.0",)"
            R"("province":"4.0","missed":"1.0","zeroOutMisses":3},)"
            R"({"kind":"photo_story","met":"3.0","extra":"1.0","extraCap":"2.0","county":"1.0","city":"2.0",)"
            R"("province":"4.0","missed":"3.0","zeroOutMisses":0},)"
            R"({"kind":"voice","met":"3.0","extra":"1.0","extraCap":"2.0","county":"1.0","city":"2.0",)"
            R"("province":"4.0","missed":"2.0","zeroOutMisses":0}]})");
}

TEST(ScoringRules, JsonAcceptsNumbersAndDefaultsAbsentMembers) {
  auto r = rule_set_from_json(R"({"version":2,"kinds":[{"kind":"news","met":2,"extra":0.5,"missed":"1"}]})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->version, 2);
  EXPECT_EQ(r->month_cap, std::nullopt);
  EXPECT_EQ(r->year_cap, std::nullopt);
  EXPECT_TRUE(r->adoption_highest_only);
  ASSERT_EQ(r->kinds.size(), 1u);
  EXPECT_EQ(r->kinds[0].met, 20);
  EXPECT_EQ(r->kinds[0].extra, 5);
  EXPECT_EQ(r->kinds[0].missed, 10);
  EXPECT_EQ(r->kinds[0].county, 0);
  EXPECT_EQ(r->kinds[0].extra_cap, std::nullopt);
}

std::vector<std::string> error_fields(std::string_view text) {
  auto r = rule_set_from_json(text);
  EXPECT_FALSE(r.ok()) << text;
  std::vector<std::string> out;
  if (!r.ok()) {
    EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
    for (const auto& f : r.error().fields)
      out.push_back(f.field);
  }
  return out;
}

TEST(ScoringRules, JsonRefusesBadSets) {
  using V = std::vector<std::string>;
  EXPECT_EQ(error_fields("{"), V{"rules"});
  EXPECT_EQ(error_fields("[1]"), V{"rules"});
  EXPECT_EQ(error_fields(R"({"kinds":[]})"), V{"version"});
  EXPECT_EQ(error_fields(R"({"version":1})"), V{"kinds"});
  EXPECT_EQ(error_fields(R"({"version":0,"kinds":[]})"), V{"version"});
  EXPECT_EQ(error_fields(R"({"version":1,"kinds":[{"kind":"poll"}]})"), V{"kinds[0].kind"});
  EXPECT_EQ(error_fields(R"({"version":1,"kinds":[{"kind":"news"},{"kind":"news"}]})"), V{"kinds[1].kind"});
  EXPECT_EQ(error_fields(R"({"version":1,"kinds":[{"kind":"news","met":"0.25"}]})"), V{"kinds[0].met"});
  EXPECT_EQ(error_fields(R"({"version":1,"kinds":[{"kind":"news","met":0.25}]})"), V{"kinds[0].met"});
  EXPECT_EQ(error_fields(R"({"version":1,"kinds":[{"kind":"news","missed":"-1"}]})"), V{"kinds[0].missed"});
  EXPECT_EQ(error_fields(R"({"version":1,"kinds":[{"kind":"news","met":"100.5"}]})"), V{"kinds[0].met"});
  EXPECT_EQ(error_fields(R"({"version":1,"kinds":[{"kind":"news","met":true}]})"), V{"kinds[0].met"});
  EXPECT_EQ(error_fields(R"({"version":1,"kinds":[{"kind":"news","zeroOutMisses":13}]})"),
            V{"kinds[0].zeroOutMisses"});
  EXPECT_EQ(error_fields(R"({"version":1,"monthCap":"x","adoptionHighestOnly":1,"kinds":[]})"),
            (V{"monthCap", "adoptionHighestOnly"}));
}

// ---------------------------------------------------------------------------------------------------------
// Base points, extras, deductions.

TEST(ScoringEngine, QuotaMetGivesBasePoints) {
  auto s = run(kOne, {news(1, 6, 1)}, {}, "2020-06", "2020-07-05");
  const UnitScore& u = of(s, 1);
  EXPECT_EQ(s.rule_version, 1);
  EXPECT_EQ(s.period, "2020-06");
  EXPECT_EQ(u.period_score, 20);
  EXPECT_EQ(u.ytd_score, 20);
  ASSERT_EQ(u.breakdown.size(), 1u);
  EXPECT_EQ(u.breakdown[0].rule, "news.met");
  EXPECT_EQ(u.breakdown[0].label, "文字信息完成任务");
  EXPECT_EQ(u.breakdown[0].count, 1);
  EXPECT_EQ(u.period.met, 1);
  EXPECT_EQ(completion_rate(u.period), 1000);
  EXPECT_TRUE(u.flags() == std::vector<std::string>{"零采用"});
}

TEST(ScoringEngine, MetEvenBeforeTheDueDateAndWhenLate) {
  // Met on 06-03, computed on 06-10 (before the 20th): already met. A late item (counted after the due
  // date) still meets the quota, as in the ledger.
  auto s = run(kOne, {news(1, 6, 1)}, {}, "2020-06", "2020-06-10");
  EXPECT_EQ(of(s, 1).period_score, 20);
  LedgerRow late = news(1, 6, 1);
  late.late = 1;
  EXPECT_EQ(of(run(kOne, {late}, {}, "2020-06", "2020-07-01"), 1).period_score, 20);
}

TEST(ScoringEngine, ExtraItemsArePaidPerItemUpToTheCap) {
  auto s = run(kOne, {news(1, 6, 3)}, {}, "2020-06", "2020-07-05");
  const UnitScore& u = of(s, 1);
  EXPECT_EQ(u.period_score, 30);  // 2.0 + 2 × 0.5
  const BreakdownLine* extra = line(u.breakdown, "news.extra");
  ASSERT_NE(extra, nullptr);
  EXPECT_EQ(extra->count, 2);
  EXPECT_EQ(extra->points, 10);
  EXPECT_EQ(extra->label, "文字信息超额报送");

  auto capped = run(kOne, {news(1, 6, 7)}, {}, "2020-06", "2020-07-05");
  EXPECT_EQ(of(capped, 1).period_score, 40);  // 2.0 + min(6 × 0.5, 2.0)
  EXPECT_EQ(line(of(capped, 1).breakdown, "news.extra")->count, 6);

  RuleSet uncapped = default_rule_set();
  uncapped.kinds[0].extra_cap.reset();
  EXPECT_EQ(of(run(kOne, {news(1, 6, 7)}, {}, "2020-06", "2020-07-05", uncapped), 1).period_score, 50);
}

TEST(ScoringEngine, MissedPeriodIsDeductedOncePendingIsNot) {
  auto s = run(kOne, {news(1, 6, 0)}, {}, "2020-06", "2020-07-05");
  const UnitScore& u = of(s, 1);
  EXPECT_EQ(u.period_score, -10);
  const BreakdownLine* missed = line(u.breakdown, "news.missed");
  ASSERT_NE(missed, nullptr);
  EXPECT_EQ(missed->label, "文字信息未完成任务");
  EXPECT_EQ(u.period.missed, 1);
  EXPECT_EQ(completion_rate(u.period), 0);

  // Before the due date (and on it) nothing is missed yet: 0, no line, no flag.
  for (std::string_view as_of : {"2020-06-10", "2020-06-20"}) {
    auto pending = run(kOne, {news(1, 6, 0)}, {}, "2020-06", as_of);
    EXPECT_EQ(of(pending, 1).period_score, 0) << as_of;
    EXPECT_TRUE(of(pending, 1).breakdown.empty()) << as_of;
    EXPECT_FALSE(of(pending, 1).zero_submission) << as_of;
    EXPECT_EQ(completion_rate(of(pending, 1).period), std::nullopt) << as_of;
  }

  // Voice owes 2: one is not enough, and it is one missed period (−2.0), not one per missing item.
  const std::vector<ScoreUnit> office = {unit(9, "镇民生办", 0)};
  auto voice = run(office, {row(9, "voice", "2020", "2020-12-15", 2, 1)}, {}, "2020", "2020-12-31");
  EXPECT_EQ(of(voice, 9).period_score, -20);
  EXPECT_EQ(completion_rate(of(voice, 9).period), 500);
}

TEST(ScoringEngine, PeriodWithoutObligationScoresZero) {
  // owed 0 (e.g. a rule that does not apply that period): neither base, extra nor deduction, no flags.
  auto s = run(kOne, {row(1, "news", "2020-06", "2020-06-20", 0, 2)}, {}, "2020-06", "2020-07-05");
  const UnitScore& u = of(s, 1);
  EXPECT_EQ(u.period_score, 0);
  EXPECT_TRUE(u.breakdown.empty());
  EXPECT_FALSE(u.zero_submission);
  EXPECT_FALSE(u.zero_adoption);
  EXPECT_EQ(u.period.submitted, 2);

  // A unit with no rows at all: 0, unflagged, but its adoptions still score.
  const std::vector<ScoreUnit> two = {unit(1, "财政所", 1), unit(2, "某村", 2)};
  auto v = run(two, {}, {adoption(2, 50, "county", "2020-06-25", "2020-06")}, "2020-06", "2020-07-05");
  EXPECT_EQ(of(v, 1).period_score, 0);
  EXPECT_TRUE(of(v, 1).flags().empty());
  EXPECT_EQ(of(v, 2).period_score, 10);
}

TEST(ScoringEngine, UnitCreatedMidYearIsNotPenalisedBeforeItsStart) {
  const std::vector<ScoreUnit> units = {unit(1, "新设单位", 1, "2020-06-25")};
  std::vector<LedgerRow> rows;
  for (int m = 1; m <= 7; ++m)
    rows.push_back(news(1, m, 0));  // a careless caller: owed 1 everywhere
  auto s = run(units, rows, {}, "2020-07", "2020-08-01");
  const UnitScore& u = of(s, 1);
  EXPECT_EQ(u.period_score, -10);  // July is owed
  EXPECT_EQ(u.ytd_score, -10);     // June (due 06-20, before 06-25) and earlier are not
  EXPECT_EQ(line(u.ytd_breakdown, "news.missed")->count, 1);
  EXPECT_FALSE(u.zeroed);  // 7 "misses" in the rows, only 1 counts
  EXPECT_EQ(u.zero_submission_months, std::vector<std::string>{"2020-07"});
  auto june = run(units, rows, {}, "2020-06", "2020-08-01");
  EXPECT_EQ(of(june, 1).period_score, 0);
  EXPECT_FALSE(of(june, 1).zero_submission);
}

TEST(ScoringEngine, UnitCreatedMidYearThroughTheLedger) {
  // The same through submissions::ledger with the plan's rules and a created_on.
  submissions::LedgerUnit lu;
  lu.id = 1;
  lu.name = "新设单位";
  lu.lead_department = true;
  lu.created_on = "2020-06-25";
  const auto rules = submissions::default_rules();
  std::vector<submissions::LedgerUnit> lus = {lu};
  std::vector<submissions::LedgerItem> items = {
      submissions::LedgerItem{1, "news", "2020-08-03", std::nullopt, std::nullopt, 0}};
  const auto rows = submissions::ledger(rules, lus, items, period("2020"), "2020-09-01");
  const std::vector<ScoreUnit> units = {unit(1, "新设单位", 1, "2020-06-25")};
  auto s = run(units, rows, {}, "2020-08", "2020-09-01");
  EXPECT_EQ(of(s, 1).period_score, 20);  // August met
  EXPECT_EQ(of(s, 1).ytd_score, 10);     // July missed; nothing before
}

TEST(ScoringEngine, YearlyObligationsAreSettledInDecember) {
  const std::vector<ScoreUnit> units = {unit(3, "住建所", 1)};
  const std::vector<LedgerRow> rows = {row(3, "photo_story", "2020", "2020-12-15", 1, 1)};
  // Met in March: not part of June's or the year-to-date-in-June score…
  auto june = run(units, rows, {}, "2020-06", "2020-07-01");
  EXPECT_EQ(of(june, 3).period_score, 0);
  EXPECT_EQ(of(june, 3).ytd_score, 0);
  // …scored in December and in the year.
  EXPECT_EQ(of(run(units, rows, {}, "2020-12", "2021-01-05"), 3).period_score, 30);
  EXPECT_EQ(of(run(units, rows, {}, "2020-Q4", "2021-01-05"), 3).period_score, 30);
  EXPECT_EQ(of(run(units, rows, {}, "2020", "2021-01-05"), 3).period_score, 30);
  // Missing at year end: −3.0, "图说民生未完成任务".
  const std::vector<LedgerRow> none = {row(3, "photo_story", "2020", "2020-12-15", 1, 0)};
  auto year = run(units, none, {}, "2020", "2020-12-16");
  EXPECT_EQ(of(year, 3).period_score, -30);
  EXPECT_EQ(line(of(year, 3).breakdown, "photo_story.missed")->label, "图说民生未完成任务");
  EXPECT_EQ(of(run(units, none, {}, "2020", "2020-12-15"), 3).period_score, 0);  // due today: pending
}

// ---------------------------------------------------------------------------------------------------------
// Adoptions.

TEST(ScoringEngine, AdoptionLevelsScorePerKind) {
  RuleSet r = default_rule_set();
  r.month_cap.reset();
  const std::vector<AdoptionFact> facts = {
      adoption(1, 1, "county", "2020-06-10", "2020-06"),
      adoption(1, 2, "city", "2020-06-11", "2020-06"),
      adoption(1, 3, "province", "2020-06-12", "2020-06"),
      adoption(1, 4, "province", "2020-06-12", "2020", "photo_story"),  // attributed to December
      adoption(1, 5, "national", "2020-06-12", "2020-06"),              // unknown level: ignored
      adoption(1, 6, "city", "2020-06-12", "2020-6"),                   // bad period: ignored
      adoption(1, 7, "city", "2020-06-12", "2019-06"),                  // another year: ignored
      adoption(1, 8, "city", "2020-06-12", "2020-06", "poll"),          // kind without rules: counted, 0
  };
  auto s = run(kOne, {}, facts, "2020-06", "2020-07-01", r);
  const UnitScore& u = of(s, 1);
  EXPECT_EQ(u.period_score, 70);
  EXPECT_EQ(line(u.breakdown, "news.adoption.county")->label, "文字信息县级采用");
  EXPECT_EQ(line(u.breakdown, "news.adoption.city")->points, 20);
  EXPECT_EQ(line(u.breakdown, "news.adoption.province")->label, "文字信息省级采用");
  EXPECT_EQ(u.period.adopted_county, 1);
  EXPECT_EQ(u.period.adopted_city, 2);
  EXPECT_EQ(u.period.adopted_province, 1);
  auto year = run(kOne, {}, facts, "2020", "2021-01-01", r);
  EXPECT_EQ(of(year, 1).period_score, 110);
  EXPECT_EQ(line(of(year, 1).breakdown, "photo_story.adoption.province")->label, "图说民生省级采用");
}

TEST(ScoringEngine, AdoptionAfterThePeriodClosedScoresInTheItemsPeriod) {
  const std::vector<LedgerRow> rows = {news(1, 6, 1), news(1, 7, 1)};
  const std::vector<AdoptionFact> facts = {adoption(1, 10, "city", "2020-08-03", "2020-06")};
  // The June circular issued on 07-05 does not know it.
  auto before = run(kOne, rows, facts, "2020-06", "2020-07-05");
  EXPECT_EQ(of(before, 1).period_score, 20);
  EXPECT_TRUE(of(before, 1).zero_adoption);
  // Recomputed after the adoption: June gets it, July does not, the year to date has it once.
  auto june = run(kOne, rows, facts, "2020-06", "2020-08-10");
  EXPECT_EQ(of(june, 1).period_score, 40);
  EXPECT_FALSE(of(june, 1).zero_adoption);
  auto july = run(kOne, rows, facts, "2020-07", "2020-08-10");
  EXPECT_EQ(of(july, 1).period_score, 20);
  EXPECT_EQ(of(july, 1).ytd_score, 60);
  EXPECT_EQ(of(july, 1).ytd.adopted_city, 1);
}

TEST(ScoringEngine, AnItemScoresItsHighestLevelOnly) {
  const std::vector<AdoptionFact> facts = {
      adoption(1, 10, "county", "2020-06-10", "2020-06"),
      adoption(1, 10, "province", "2020-06-20", "2020-06"),
      adoption(1, 10, "city", "2020-06-21", "2020-06"),
      adoption(1, 0, "county", "2020-06-10", "2020-06"),  // unknown items: each its own
      adoption(1, 0, "county", "2020-06-10", "2020-06"),
  };
  auto s = run(kOne, {}, facts, "2020-06", "2020-07-01");
  EXPECT_EQ(of(s, 1).period_score, 60);  // 4.0 + 1.0 + 1.0
  EXPECT_EQ(of(s, 1).period.adopted_province, 1);
  EXPECT_EQ(of(s, 1).period.adopted_city, 0);
  EXPECT_EQ(of(s, 1).period.adopted_county, 2);
  RuleSet every = default_rule_set();
  every.adoption_highest_only = false;
  EXPECT_EQ(of(run(kOne, {}, facts, "2020-06", "2020-07-01", every), 1).period_score, 90);
}

// ---------------------------------------------------------------------------------------------------------
// Caps and zero-out.

TEST(ScoringEngine, MonthCapBoundsEachMonth) {
  std::vector<AdoptionFact> facts;
  for (int i = 1; i <= 3; ++i)
    facts.push_back(adoption(1, i, "province", "2020-05-10", "2020-05"));  // 12.0
  facts.push_back(adoption(1, 4, "city", "2020-06-10", "2020-06"));        // 2.0
  const std::vector<LedgerRow> rows = {news(1, 5, 1), news(1, 6, 1)};
  auto may = run(kOne, rows, facts, "2020-05", "2020-07-01");
  const UnitScore& u = of(may, 1);
  EXPECT_EQ(u.period_score, 100);  // 2.0 + 12.0 → 10.0
  const BreakdownLine* cap = line(u.breakdown, "cap.month");
  ASSERT_NE(cap, nullptr);
  EXPECT_EQ(cap->label, "月度封顶");
  EXPECT_EQ(cap->points, -40);
  EXPECT_EQ(total(u.breakdown), u.period_score);
  // A quarter is the sum of its capped months.
  auto q2 = run(kOne, rows, facts, "2020-Q2", "2020-07-01");
  EXPECT_EQ(of(q2, 1).period_score, 140);  // 10.0 + 4.0
  EXPECT_EQ(total(of(q2, 1).breakdown), 140);
  EXPECT_EQ(line(of(q2, 1).breakdown, "cap.month")->count, 1);
  // Deductions are not capped.
  EXPECT_EQ(of(run(kOne, {news(1, 6, 0)}, {}, "2020-06", "2020-07-01"), 1).period_score, -10);
}

TEST(ScoringEngine, YearCapBoundsTheYearToDate) {
  RuleSet r = default_rule_set();
  r.year_cap = 50;
  std::vector<LedgerRow> rows;
  for (int m = 1; m <= 6; ++m)
    rows.push_back(news(1, m, 1));
  auto s = run(kOne, rows, {}, "2020-06", "2020-07-01", r);
  const UnitScore& u = of(s, 1);
  EXPECT_EQ(u.period_score, 20);  // the month is not bounded by the year cap
  EXPECT_EQ(u.ytd_score, 50);     // 12.0 → 5.0
  EXPECT_EQ(line(u.ytd_breakdown, "cap.year")->label, "年度封顶");
  EXPECT_EQ(total(u.ytd_breakdown), 50);
  auto year = run(kOne, rows, {}, "2020", "2020-07-01", r);
  EXPECT_EQ(of(year, 1).period_score, 50);
}

TEST(ScoringEngine, ThreeMissedNewsMonthsZeroTheYear) {
  std::vector<LedgerRow> rows;
  for (int m = 1; m <= 6; ++m)
    rows.push_back(news(1, m, m <= 3 ? 2 : 0));  // met Jan–Mar, missed Apr–Jun
  std::vector<AdoptionFact> facts = {adoption(1, 1, "province", "2020-02-01", "2020-01")};
  // Two misses (as of May): not zeroed.
  auto may = run(kOne, rows, facts, "2020-05", "2020-06-01");
  EXPECT_FALSE(of(may, 1).zeroed);
  EXPECT_EQ(of(may, 1).ytd_score, 3 * 25 + 40 - 20);
  // Three: the year to date is zeroed; June's own score is not.
  auto june = run(kOne, rows, facts, "2020-06", "2020-07-01");
  const UnitScore& u = of(june, 1);
  EXPECT_TRUE(u.zeroed);
  EXPECT_EQ(u.ytd_score, 0);
  EXPECT_EQ(u.period_score, -10);
  const BreakdownLine* z = line(u.ytd_breakdown, "zero_out");
  ASSERT_NE(z, nullptr);
  EXPECT_EQ(z->label, "年度清零");
  EXPECT_EQ(z->points, -(3 * 25 + 40 - 30));
  EXPECT_EQ(total(u.ytd_breakdown), 0);
  // For a year period the period score is the zeroed year score.
  EXPECT_EQ(of(run(kOne, rows, facts, "2020", "2020-07-01"), 1).period_score, 0);
  // Zeroing never raises a negative score.
  std::vector<LedgerRow> bad;
  for (int m = 1; m <= 4; ++m)
    bad.push_back(news(1, m, 0));
  auto neg = run(kOne, bad, {}, "2020-04", "2020-05-01");
  EXPECT_TRUE(of(neg, 1).zeroed);
  EXPECT_EQ(of(neg, 1).ytd_score, -40);
  // Off (0) for kinds without the rule.
  RuleSet off = default_rule_set();
  off.kinds[0].zero_out_misses = 0;
  EXPECT_FALSE(of(run(kOne, rows, facts, "2020-06", "2020-07-01", off), 1).zeroed);
}

// ---------------------------------------------------------------------------------------------------------
// Flags and ranking.

TEST(ScoringEngine, FlagsZeroSubmissionAndZeroAdoption) {
  const std::vector<ScoreUnit> units = {unit(1, "甲", 1), unit(2, "乙", 2), unit(3, "丙", 3)};
  const std::vector<LedgerRow> rows = {
      news(1, 6, 0),     // nothing submitted
      news(2, 6, 0, 1),  // submitted, not counted (counting approvals, say): missed but not 零报送
      news(3, 6, 1),
  };
  const std::vector<AdoptionFact> facts = {adoption(3, 1, "county", "2020-06-28", "2020-06")};
  auto s = run(units, rows, facts, "2020-06", "2020-07-05");
  EXPECT_EQ(of(s, 1).flags(), (std::vector<std::string>{"零报送", "零采用"}));
  EXPECT_EQ(of(s, 2).flags(), (std::vector<std::string>{"零采用"}));
  EXPECT_TRUE(of(s, 3).flags().empty());
  EXPECT_EQ(of(s, 1).zero_submission_months, std::vector<std::string>{"2020-06"});
  EXPECT_TRUE(of(s, 2).zero_submission_months.empty());
}

TEST(ScoringEngine, CompetitionRankingTiesShareAPlaceAndTheNextPlaceSkips) {
  const std::vector<ScoreUnit> units = {unit(1, "甲", 3), unit(2, "乙", 1), unit(3, "丙", 2),
                                        unit(4, "丁", 4)};
  const std::vector<LedgerRow> rows = {news(1, 6, 1), news(2, 6, 1), news(3, 6, 3), news(4, 6, 0)};
  auto s = run(units, rows, {}, "2020-06", "2020-07-05");
  ASSERT_EQ(s.units.size(), 4u);
  EXPECT_EQ(s.units[0].unit_id, 3);  // 3.0
  EXPECT_EQ(s.units[0].rank, 1);
  EXPECT_EQ(s.units[1].unit_id, 2);  // 2.0, sort order 1
  EXPECT_EQ(s.units[1].rank, 2);
  EXPECT_EQ(s.units[2].unit_id, 1);  // 2.0, sort order 3
  EXPECT_EQ(s.units[2].rank, 2);
  EXPECT_EQ(s.units[3].unit_id, 4);  // −1.0: two units above it share 2nd, so it is 4th, not 3rd
  EXPECT_EQ(s.units[3].rank, 4);
}

TEST(ScoringEngine, ThreeTiedAtTheTopThenFourth) {
  // 1, 1, 1, 4 — never the dense 1, 1, 1, 2 that put a unit with nothing submitted 3rd of 15.
  std::vector<ScoreUnit> units;
  std::vector<LedgerRow> rows;
  for (int i = 1; i <= 15; ++i) {
    units.push_back(unit(i, "单位" + std::to_string(i), i));
    rows.push_back(news(i, 6, i <= 3 ? 1 : i <= 14 ? 2 - (i % 2) : 0));
  }
  auto s = run(units, rows, {}, "2020-06", "2020-07-05");
  std::vector<int> ranks;
  for (const auto& u : s.units)
    ranks.push_back(u.rank);
  // 2.0 for units 1–3 and the odd ones of 4–13 (8 units), 2.5 for the even ones of 4–14 (6 units), −1.0
  // for unit 15.
  EXPECT_EQ(ranks, (std::vector<int>{1, 1, 1, 1, 1, 1, 7, 7, 7, 7, 7, 7, 7, 7, 15}));
  EXPECT_EQ(of(s, 15).rank, 15);
}

TEST(ScoringEngine, UnitsWithoutAnObligationAreLeftOutOfTheRanking) {
  // 丙 owes nothing in June (a yearly row only, due in December) but has an adoption: shown, unranked, last.
  const std::vector<ScoreUnit> units = {unit(1, "甲", 1), unit(2, "乙", 2), unit(3, "丙", 0)};
  const std::vector<LedgerRow> rows = {news(1, 6, 1), news(2, 6, 0),
                                       row(3, "photo_story", "2020", "2020-12-20", 1, 0)};
  const std::vector<AdoptionFact> facts = {adoption(3, 9, "province", "2020-06-10", "2020-06")};
  auto s = run(units, rows, facts, "2020-06", "2020-07-05");
  ASSERT_EQ(s.units.size(), 3u);
  EXPECT_EQ(s.units[0].unit_id, 1);
  EXPECT_EQ(s.units[0].rank, 1);
  EXPECT_EQ(s.units[1].unit_id, 2);
  EXPECT_EQ(s.units[1].rank, 2);
  EXPECT_EQ(s.units[2].unit_id, 3);
  EXPECT_EQ(s.units[2].rank, 0);
  EXPECT_FALSE(s.units[2].obligated);
  EXPECT_EQ(s.units[2].period_score, 40);  // scored, but not placed above units that owed something
  // Its year row counts in December: no obligation from January to June either.
  EXPECT_FALSE(s.units[2].ytd_obligated);
  EXPECT_EQ(s.units[2].ytd_rank, 0);
  // In the year, it has one (pending until December 20): ranked.
  auto year = run(units, rows, facts, "2020", "2020-07-05");
  EXPECT_TRUE(of(year, 3).obligated);
  EXPECT_EQ(of(year, 3).rank, 1);
  // Asked to, every unit is ranked.
  auto all = score(default_rule_set(), units, rows, facts, period("2020-06"), "2020-07-05",
                   ScoreOptions{.rank_without_obligation = true});
  EXPECT_EQ(of(all, 3).rank, 1);
  EXPECT_EQ(of(all, 1).rank, 2);
  EXPECT_EQ(of(all, 2).rank, 3);
}

TEST(ScoringEngine, NotesSayWhichRuleLoweredTheScore) {
  std::vector<LedgerRow> rows;
  for (int m = 1; m <= 6; ++m)
    rows.push_back(news(1, m, m <= 3 ? 2 : 0, m <= 3 ? 2 : 4));  // missed Apr–Jun (4 submitted, none counted)
  std::vector<AdoptionFact> facts = {adoption(1, 1, "province", "2020-02-01", "2020-01")};
  const UnitScore june = of(run(kOne, rows, facts, "2020-06", "2020-07-01"), 1);
  EXPECT_EQ(june.notes,
            (std::vector<std::string>{"文字信息未完成任务1次，扣1.0分",
                                      "文字信息累计3次未完成任务（达3次清零），年度得分清零，扣减8.5分"}));
  const UnitScore year = of(run(kOne, rows, facts, "2020", "2020-07-01"), 1);
  EXPECT_EQ(year.period.submitted, 18);
  EXPECT_EQ(year.period_score, 0);
  EXPECT_EQ(year.notes,
            (std::vector<std::string>{"文字信息未完成任务3次，扣3.0分",
                                      "文字信息累计3次未完成任务（达3次清零），年度得分清零，扣减8.5分"}));
  // Caps.
  RuleSet r = default_rule_set();
  r.month_cap = 25;
  r.year_cap = 30;
  const UnitScore capped = of(run(kOne, {news(1, 5, 1), news(1, 6, 3)}, {}, "2020-06", "2020-07-01", r), 1);
  EXPECT_EQ(capped.notes,
            (std::vector<std::string>{"超过月度封顶2.5分，0.5分不计", "超过年度封顶3.0分，1.5分不计"}));
  // Nothing lowered: no note.
  EXPECT_TRUE(of(run(kOne, {news(1, 6, 1)}, {}, "2020-06", "2020-07-01"), 1).notes.empty());
}

TEST(ScoringEngine, YearToDateRankIsSeparate) {
  const std::vector<ScoreUnit> units = {unit(1, "甲", 1), unit(2, "乙", 2)};
  const std::vector<LedgerRow> rows = {news(1, 5, 0), news(1, 6, 3), news(2, 5, 3), news(2, 6, 1)};
  auto s = run(units, rows, {}, "2020-06", "2020-07-05");
  EXPECT_EQ(of(s, 1).rank, 1);  // 3.0 vs 2.0 in June
  EXPECT_EQ(of(s, 2).rank, 2);
  EXPECT_EQ(of(s, 1).ytd_rank, 2);  // 2.0 vs 5.0 over the year
  EXPECT_EQ(of(s, 2).ytd_rank, 1);
}

TEST(ScoringEngine, TenthsAddUpWithoutDrift) {
  // Ten half points are exactly five points: no floating-point drift in sums or ties.
  RuleSet r;
  r.kinds.push_back(KindRules{"news", 0, 1, std::nullopt, 1, 0, 0, 0, 0});
  const std::vector<ScoreUnit> units = {unit(1, "甲", 1), unit(2, "乙", 2)};
  std::vector<AdoptionFact> facts;
  for (int i = 0; i < 30; ++i)
    facts.push_back(adoption(1, 100 + i, "county", "2020-06-01", "2020-06"));
  auto s = run(units, {news(1, 6, 0), news(2, 6, 31)}, facts, "2020-06", "2020-07-01", r);
  EXPECT_EQ(of(s, 1).period_score, 30);
  EXPECT_EQ(of(s, 2).period_score, 30);
  EXPECT_EQ(format_points(of(s, 1).period_score), "3.0");
  EXPECT_EQ(of(s, 1).rank, of(s, 2).rank);
}

TEST(ScoringEngine, IgnoresUnknownUnitsOtherYearsAndBadPeriods) {
  const std::vector<LedgerRow> rows = {news(2, 6, 1), row(1, "news", "2019-06", "2019-06-20", 1, 1),
                                       row(1, "news", "June", "2020-06-20", 1, 1)};
  auto s = run(kOne, rows, {adoption(2, 1, "city", "2020-06-01", "2020-06")}, "2020-06", "2020-07-01");
  ASSERT_EQ(s.units.size(), 1u);
  EXPECT_EQ(s.units[0].period_score, 0);
  EXPECT_EQ(s.as_of, "2020-07-01");
}

}  // namespace
}  // namespace minsheng::circulars
