#include "modules/circulars/scorecard.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "modules/circulars/scoring.hpp"

namespace minsheng::circulars {
namespace {

using submissions::LedgerRow;

LedgerRow news(std::int64_t unit, int month, int counted) {
  const std::string m = (month < 10 ? "2020-0" : "2020-") + std::to_string(month);
  LedgerRow r;
  r.unit_id = unit;
  r.kind = "news";
  r.period = m;
  r.due_date = m + "-20";
  r.owed = 1;
  r.counted = counted;
  r.submitted = counted;
  r.missing = counted > 0 ? 0 : 1;
  return r;
}

// Four units over January–June 2020, as of 2020-07-01:
//   甲 (1): met every month, 2 extra in June, a province adoption → 12.0 + 1.0 + 4.0 = 17.0
//   乙 (2): met every month, a city adoption in March and a county one of the same item → 12.0 + 2.0 = 14.0
//   丙 (3): met every month but March → 10.0 − 1.0 = 9.0, one 零报送 month
//   丁 (4): met every month → 12.0
struct Fixture {
  std::vector<ScoreUnit> score_units = {{1, "甲", 1, std::nullopt},
                                        {2, "乙", 2, std::nullopt},
                                        {3, "丙", 3, std::nullopt},
                                        {4, "丁", 4, std::nullopt}};
  std::vector<ScorecardUnit> units = {{1, "甲", 1}, {2, "乙", 2}, {3, "丙", 3}, {4, "丁", 4}};
  std::vector<LedgerRow> rows;
  std::vector<AdoptionFact> adoptions = {
      {1, 11, "news", "province", "2020-05-02", "2020-04"},
      {2, 21, "news", "county", "2020-03-25", "2020-03"},
      {2, 21, "news", "city", "2020-04-02", "2020-03"},
  };
  ScorecardContext context;
  IndicatorRegistry registry;

  Fixture() {
    for (int m = 1; m <= 6; ++m) {
      rows.push_back(news(1, m, m == 6 ? 3 : 1));
      rows.push_back(news(2, m, 1));
      rows.push_back(news(3, m, m == 3 ? 0 : 1));
      rows.push_back(news(4, m, 1));
    }
    context.year = 2020;
    context.as_of = "2020-07-01";
    put_submission_facts(context, default_rule_set(), score_units, rows, adoptions);
    register_submission_indicators(registry);
  }
};

const ScorecardRow& row_of(const Scorecard& card, std::int64_t id) {
  for (const auto& r : card.rows)
    if (r.unit_id == id) return r;
  ADD_FAILURE() << "no unit " << id;
  return card.rows.front();
}

TEST(Scorecard, SubmissionIndicatorsMakeTheColumns) {
  Fixture f;
  const Scorecard card = build_scorecard(f.registry, f.units, f.context);
  EXPECT_EQ(card.year, 2020);
  EXPECT_EQ(card.as_of, "2020-07-01");
  std::vector<std::string> labels;
  for (const auto& c : card.columns) {
    labels.push_back(c.label);
    EXPECT_EQ(c.module, "submissions");
  }
  EXPECT_EQ(labels, (std::vector<std::string>{"报送数", "县级采用", "市级采用", "省级采用", "完成率",
                                              "零报送月数", "得分"}));

  ASSERT_EQ(card.rows.size(), 4u);
  const ScorecardRow& a = row_of(card, 1);
  EXPECT_EQ(card.value(a, "submissions.submitted"), 8);
  EXPECT_EQ(card.value(a, "submissions.adopted.province"), 1);
  EXPECT_EQ(card.value(a, "submissions.completion"), 1000);
  EXPECT_EQ(card.value(a, "submissions.score"), 170);
  EXPECT_EQ(a.total, 170);
  const ScorecardRow& b = row_of(card, 2);
  EXPECT_EQ(card.value(b, "submissions.adopted.city"), 1);  // the item's highest level only
  EXPECT_EQ(card.value(b, "submissions.adopted.county"), 0);
  EXPECT_EQ(b.total, 140);
  const ScorecardRow& c = row_of(card, 3);
  EXPECT_EQ(card.value(c, "submissions.completion"), 833);
  EXPECT_EQ(format_value(Measure::Percent, card.value(c, "submissions.completion")), "83.3%");
  EXPECT_EQ(card.value(c, "submissions.zero_months"), 1);
  EXPECT_EQ(c.total, 90);
  EXPECT_EQ(card.value(c, "no.such"), std::nullopt);

  // Rank order: 甲 17.0, 乙 14.0, 丁 12.0, 丙 9.0.
  std::vector<std::int64_t> order;
  std::vector<int> ranks;
  for (const auto& r : card.rows) {
    order.push_back(r.unit_id);
    ranks.push_back(r.rank);
  }
  EXPECT_EQ(order, (std::vector<std::int64_t>{1, 2, 4, 3}));
  EXPECT_EQ(ranks, (std::vector<int>{1, 2, 3, 4}));
}

TEST(Scorecard, UnitWithoutFactsHasNoValues) {
  Fixture f;
  std::vector<ScorecardUnit> units = f.units;
  units.push_back({99, "无数据单位", 9});
  const Scorecard card = build_scorecard(f.registry, units, f.context);
  const ScorecardRow& r = row_of(card, 99);
  for (const auto& v : r.values)
    EXPECT_EQ(v, std::nullopt);
  EXPECT_EQ(r.total, 0);
  EXPECT_EQ(format_value(Measure::Count, card.value(r, "submissions.submitted")), "—");
  // No obligation in the year: shown last, unranked, with the reason.
  EXPECT_FALSE(r.assessed);
  EXPECT_EQ(r.rank, 0);
  EXPECT_EQ(r.notes, std::vector<std::string>{"无报送任务"});
  EXPECT_EQ(card.rows.back().unit_id, 99);
  for (const auto& other : card.rows) {
    if (other.unit_id != 99) {
      EXPECT_GT(other.rank, 0);
    }
  }
  const auto listed = shortlist(card, ShortlistConfig{});
  EXPECT_TRUE(
      std::none_of(listed.begin(), listed.end(), [](const ScorecardRow& x) { return x.unit_id == 99; }));
  // A context without the submission facts: every value is absent.
  ScorecardContext empty;
  empty.year = 2020;
  const Scorecard bare = build_scorecard(f.registry, f.units, empty);
  for (const auto& row : bare.rows)
    EXPECT_EQ(row.total, 0);
}

// A later capability (signage, say) registers its own indicator and facts; the scorecard code is unchanged.
struct SignageFacts {
  std::map<std::int64_t, int> boards;  // unit → boards put up
};

TEST(Scorecard, ASecondModulesIndicatorAppearsWithoutChangingScorecardCode) {
  Fixture f;
  f.context.put("signage", SignageFacts{{{3, 12}, {4, 1}}});
  Indicator boards;
  boards.code = "signage.boards";
  boards.label = "宣传牌得分";
  boards.module = "signage";
  boards.measure = Measure::Points;
  boards.in_total = true;
  boards.compute = [](const ScorecardUnit& unit, int year,
                      const ScorecardContext& ctx) -> std::optional<std::int64_t> {
    EXPECT_EQ(year, 2020);
    const auto* facts = ctx.get<SignageFacts>("signage");
    if (facts == nullptr) return std::nullopt;
    auto it = facts->boards.find(unit.id);
    return it == facts->boards.end() ? std::int64_t{0} : std::int64_t{it->second} * 5;  // 0.5 a board
  };
  ASSERT_TRUE(f.registry.add(boards).ok());

  const Scorecard card = build_scorecard(f.registry, f.units, f.context);
  ASSERT_EQ(card.columns.size(), 8u);
  EXPECT_EQ(card.columns.back().code, "signage.boards");
  EXPECT_EQ(card.columns.back().label, "宣传牌得分");
  const ScorecardRow& c = row_of(card, 3);
  EXPECT_EQ(card.value(c, "signage.boards"), 60);
  EXPECT_EQ(c.total, 150);  // 9.0 + 6.0
  EXPECT_EQ(row_of(card, 4).total, 125);
  // 甲 17.0, 丙 15.0, 乙 14.0, 丁 12.5.
  EXPECT_EQ(card.rows[1].unit_id, 3);
  EXPECT_EQ(card.rows[1].rank, 2);
}

TEST(Scorecard, AZeroedUnitSaysWhyInItsNotes) {
  // 戊 submits 8 items but 3 months' items are not counted (missed): its year is zeroed, 0.0 points.
  Fixture f;
  f.score_units.push_back({5, "戊", 5, std::nullopt});
  f.units.push_back({5, "戊", 5});
  for (int m = 1; m <= 6; ++m) {
    LedgerRow r = news(5, m, m <= 3 ? 1 : 0);
    r.submitted = m <= 3 ? 1 : (m == 4 ? 3 : 1);
    f.rows.push_back(r);
  }
  f.context = ScorecardContext{};
  f.context.year = 2020;
  f.context.as_of = "2020-07-01";
  put_submission_facts(f.context, default_rule_set(), f.score_units, f.rows, f.adoptions);
  const Scorecard card = build_scorecard(f.registry, f.units, f.context);
  const ScorecardRow& r = row_of(card, 5);
  EXPECT_EQ(card.value(r, "submissions.submitted"), 8);
  EXPECT_EQ(r.total, 0);
  EXPECT_EQ(r.notes,
            (std::vector<std::string>{"文字信息未完成任务3次，扣3.0分",
                                      "文字信息累计3次未完成任务（达3次清零），年度得分清零，扣减3.0分"}));
  EXPECT_TRUE(row_of(card, 1).notes.empty());
}

TEST(Scorecard, RegistryRefusesBadIndicators) {
  IndicatorRegistry reg;
  register_submission_indicators(reg);
  EXPECT_EQ(reg.all().size(), 7u);
  ASSERT_NE(reg.find("submissions.score"), nullptr);
  EXPECT_TRUE(reg.find("submissions.score")->in_total);
  EXPECT_EQ(reg.find("nope"), nullptr);

  Indicator dup = *reg.find("submissions.score");
  auto st = reg.add(dup);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::Conflict);

  Indicator counted_in_total = dup;
  counted_in_total.code = "x.count";
  counted_in_total.measure = Measure::Count;
  EXPECT_FALSE(reg.add(counted_in_total).ok());
  Indicator no_compute = dup;
  no_compute.code = "x.none";
  no_compute.compute = nullptr;
  EXPECT_FALSE(reg.add(no_compute).ok());
  Indicator no_code = dup;
  no_code.code.clear();
  EXPECT_FALSE(reg.add(no_code).ok());
  EXPECT_EQ(reg.all().size(), 7u);
  register_submission_indicators(reg);  // twice: refused, nothing doubled
  EXPECT_EQ(reg.all().size(), 7u);
}

TEST(Scorecard, TiesShareACompetitionRank) {
  Fixture f;
  // 乙 and 丁 both 12.0 once 乙's adoptions are gone.
  f.adoptions.clear();
  f.context = ScorecardContext{};
  f.context.year = 2020;
  f.context.as_of = "2020-07-01";
  put_submission_facts(f.context, default_rule_set(), f.score_units, f.rows, f.adoptions);
  const Scorecard card = build_scorecard(f.registry, f.units, f.context);
  EXPECT_EQ(row_of(card, 1).rank, 1);  // 13.0
  EXPECT_EQ(row_of(card, 2).rank, 2);  // 12.0, sort order 2
  EXPECT_EQ(row_of(card, 4).rank, 2);  // 12.0, sort order 4
  EXPECT_EQ(row_of(card, 3).rank, 4);  // 9.0: two share 2nd, so 4th (not the dense 3rd)
  EXPECT_EQ(card.rows[1].unit_id, 2);
  EXPECT_EQ(card.rows[2].unit_id, 4);
}

std::vector<std::int64_t> ids(const std::vector<ScorecardRow>& rows) {
  std::vector<std::int64_t> out;
  for (const auto& r : rows)
    out.push_back(r.unit_id);
  return out;
}

TEST(Scorecard, ShortlistByThresholds) {
  Fixture f;
  const Scorecard card = build_scorecard(f.registry, f.units, f.context);
  using Ids = std::vector<std::int64_t>;
  // The default: total >= 20.0: nobody in half a year.
  EXPECT_TRUE(shortlist(card, default_shortlist_config()).empty());
  ShortlistConfig c = default_shortlist_config();
  c.min_total = 90;
  EXPECT_EQ(ids(shortlist(card, c)), (Ids{1, 2, 4}));  // 丙 has a 零报送 month
  c.conditions.clear();
  EXPECT_EQ(ids(shortlist(card, c)), (Ids{1, 2, 4, 3}));
  c.min_total = 140;
  EXPECT_EQ(ids(shortlist(card, c)), (Ids{1, 2}));  // 14.0 is enough (>=)
  c.min_total = 0;
  c.top_n = 2;
  EXPECT_EQ(ids(shortlist(card, c)), (Ids{1, 2}));
  c.top_n = 0;
  c.conditions = {ShortlistCondition{"submissions.adopted.province", 1, std::nullopt}};
  EXPECT_EQ(ids(shortlist(card, c)), (Ids{1}));
  c.conditions = {ShortlistCondition{"signage.boards", std::nullopt, 0}};  // not registered: nobody
  EXPECT_TRUE(shortlist(card, c).empty());
}

TEST(Scorecard, ShortlistKeepsTiesAtTheCut) {
  Fixture f;
  f.adoptions.clear();
  f.context = ScorecardContext{};
  f.context.year = 2020;
  f.context.as_of = "2020-07-01";
  put_submission_facts(f.context, default_rule_set(), f.score_units, f.rows, f.adoptions);
  const Scorecard card = build_scorecard(f.registry, f.units, f.context);
  ShortlistConfig c;
  c.top_n = 2;  // 甲 13.0, then 乙 and 丁 tied at 12.0: both kept
  EXPECT_EQ(ids(shortlist(card, c)), (std::vector<std::int64_t>{1, 2, 4}));
  c.top_n = 1;
  EXPECT_EQ(ids(shortlist(card, c)), (std::vector<std::int64_t>{1}));
}

TEST(Scorecard, FormatsValuesByMeasure) {
  EXPECT_EQ(format_value(Measure::Count, 12), "12");
  EXPECT_EQ(format_value(Measure::Points, 125), "12.5");
  EXPECT_EQ(format_value(Measure::Points, -5), "-0.5");
  EXPECT_EQ(format_value(Measure::Points, 0), "0.0");
  EXPECT_EQ(format_value(Measure::Percent, 1000), "100.0%");
  EXPECT_EQ(format_value(Measure::Percent, std::nullopt), "—");
}

TEST(Scorecard, ContextGetChecksTheType) {
  ScorecardContext c;
  c.put("n", 3);
  ASSERT_NE(c.get<int>("n"), nullptr);
  EXPECT_EQ(*c.get<int>("n"), 3);
  EXPECT_EQ(c.get<std::string>("n"), nullptr);
  EXPECT_EQ(c.get<int>("m"), nullptr);
}

}  // namespace
}  // namespace minsheng::circulars
