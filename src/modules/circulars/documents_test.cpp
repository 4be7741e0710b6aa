#include "modules/circulars/documents.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <zip.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "infra/docx/docx.hpp"
#include "infra/pdf/pdf.hpp"
#include "infra/sheets/sheets.hpp"

// Under AddressSanitizer: cairo 1.16.0 and fontconfig leak inside the libraries (see pdf_test.cpp).
// Suppressed by library here (the fast unwinder stops inside them); pdf_test.cpp keeps the exact per-function
// suppressions, so a leak of our own cairo use still shows there.
#if defined(__SANITIZE_ADDRESS__)
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libcairo.so.2\nleak:libfontconfig.so.1\n";
}
#endif

namespace minsheng::circulars {
namespace {

namespace fs = std::filesystem;
using doc::BlockKind;
using submissions::LedgerRow;

// ---------------------------------------------------------------------------------------------------------
// Fixtures.

SnapshotUnit unit(std::int64_t id, std::string name, int rank, Tenths period_score, int submitted,
                  int adopted_county = 0, int adopted_city = 0, int adopted_province = 0) {
  SnapshotUnit u;
  u.unit_id = id;
  u.name = std::move(name);
  u.sort_order = static_cast<int>(id);
  u.rank = rank;
  u.ytd_rank = rank;
  u.period_score = period_score;
  u.ytd_score = period_score * 6;
  u.period.submitted = submitted;
  u.period.adopted_county = adopted_county;
  u.period.adopted_city = adopted_city;
  u.period.adopted_province = adopted_province;
  u.period.owed = 1;
  u.period.done = submitted > 0 ? 1 : 0;
  u.period.met = submitted > 0 ? 1 : 0;
  u.period.missed = submitted > 0 ? 0 : 1;
  u.ytd = u.period;
  u.ytd.submitted = submitted * 6;
  u.zero_submission = submitted == 0;
  u.zero_adoption = adopted_county + adopted_city + adopted_province == 0;
  return u;
}

// Seven units of June 2020, in rank order: six with a positive score, 石桥村 and 林业站 with none (零报送).
Snapshot june() {
  Snapshot s;
  s.town_id = 7;
  s.town_name = "民生镇（演示）";
  s.issuer = "民生镇民生工程工作领导小组办公室";
  s.period = "2020-06";
  s.as_of = "2020-06-30";
  s.taken_at = "2020-07-01T02:03:04Z";
  s.rule_version = 2;
  s.rules_json = rule_set_to_json(default_rule_set());
  s.units = {unit(3, "东风村", 1, 85, 3, 1, 0, 1), unit(1, "镇财政所", 2, 60, 2, 1),
             unit(2, "红星村", 3, 45, 2),          unit(4, "向阳村", 4, 30, 1),
             unit(5, "镇党政办", 5, 25, 1),        unit(6, "永丰村", 6, 20, 1),
             unit(9, "石桥村", 7, -10, 0),         unit(8, "镇林业站", 7, -10, 0)};
  s.units[0].zero_submission_months = {};
  s.units[6].zero_submission_months = {"2020-03", "2020-06"};
  s.units[6].zeroed = true;
  s.units[0].breakdown = {BreakdownLine{"news.met", "文字信息完成任务", 1, 20},
                          BreakdownLine{"news.adoption.province", "文字信息省级采用", 1, 40}};
  return s;
}

CircularMeta meta() {
  CircularMeta m;
  m.title = "关于2020年6月全镇民生工程信息报送情况的通报";
  m.doc_number = doc_number("民生办", 2020, 3);
  m.issued_on = "2020-07-05";
  m.red_header = true;
  m.copy_to = "县民生工程领导小组办公室";
  return m;
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

std::vector<const doc::Block*> blocks_of(const doc::Document& d, BlockKind kind) {
  std::vector<const doc::Block*> out;
  for (const auto& b : d.blocks)
    if (b.kind == kind) out.push_back(&b);
  return out;
}

std::string field_of(const Error& e) {
  return e.fields.empty() ? std::string() : e.fields.front().field;
}

// ---------------------------------------------------------------------------------------------------------
// Labels and numbers.

TEST(CircularLabels, PeriodLabels) {
  EXPECT_EQ(period_label("2020-06"), "2020年6月");
  EXPECT_EQ(period_label("2020-12"), "2020年12月");
  EXPECT_EQ(period_label("2020-Q1"), "2020年第一季度");
  EXPECT_EQ(period_label("2020-Q2"), "2020年第二季度");
  EXPECT_EQ(period_label("2020-Q4"), "2020年第四季度");
  EXPECT_EQ(period_label("2020"), "2020年");
  EXPECT_EQ(period_label("2020-6"), "2020-6");  // as given when it does not parse
  EXPECT_EQ(period_label(""), "");
}

TEST(CircularLabels, ChineseDatesHaveNoPadding) {
  EXPECT_EQ(chinese_date("2020-06-05"), "2020年6月5日");
  EXPECT_EQ(chinese_date("2025-01-05"), "2025年1月5日");
  EXPECT_EQ(chinese_date("2020-12-31"), "2020年12月31日");
  EXPECT_EQ(chinese_date("2020-02-29"), "2020年2月29日");
  for (const char* bad : {"2019-02-29", "2020-02-30", "2020-13-01", "2020-00-10", "2020-6-5", "2020/06/05",
                          "", "2020-06-05T00:00:00Z", "abcd-ef-gh"}) {
    EXPECT_EQ(chinese_date(bad), bad);
  }
}

TEST(CircularLabels, DocNumbersUseHexagonalBracketsUnpadded) {
  EXPECT_EQ(doc_number("民生办", 2020, 3), "民生办\u30142020\u30153号");
  EXPECT_EQ(doc_number("民生办", 2020, 3), "民生办〔2020〕3号");
  EXPECT_EQ(doc_number("X民生办", 2025, 12), "X民生办〔2025〕12号");
  const std::string n = doc_number("民生办", 2025, 1);
  EXPECT_FALSE(contains(n, "[2025]"));
  EXPECT_FALSE(contains(n, "【2025】"));
  EXPECT_FALSE(contains(n, "001"));
  EXPECT_FALSE(contains(n, "第"));
}

TEST(CircularLabels, CodeWords) {
  for (const char* good : {"民生办", "X民生办", "ABC123", "a", "一二三四五六七八九十", "民生办2"})
    EXPECT_TRUE(valid_code_word(good)) << good;
  for (const char* bad : {"", "一二三四五六七八九十一", "民生[办]", "民生〔办〕", "民 生", "民生办号 ",
                          "民-生", "民生（办）", "\xE6\xB0", "\xC0\xAF", "民生\n"}) {
    EXPECT_FALSE(valid_code_word(bad)) << bad;
  }
}

TEST(CircularLabels, DefaultTitleSaysTownOrCounty) {
  Snapshot s = june();
  EXPECT_EQ(default_title(s), "关于2020年6月全镇民生工程信息报送情况的通报");
  s.period = "2020-Q2";
  EXPECT_EQ(default_title(s), "关于2020年第二季度全镇民生工程信息报送情况的通报");
  s.town_id = 0;  // a county snapshot over several towns
  EXPECT_EQ(default_title(s), "关于2020年第二季度全县民生工程信息报送情况的通报");
}

// ---------------------------------------------------------------------------------------------------------
// Snapshots.

Snapshot scored_snapshot() {
  auto period = submissions::parse_period("2020-06");
  EXPECT_TRUE(period.ok());
  std::vector<ScoreUnit> units = {{1, "甲单位", 1, std::nullopt}, {2, "乙单位", 2, std::nullopt}};
  std::vector<LedgerRow> rows;
  for (int m = 1; m <= 6; ++m) {
    for (std::int64_t id : {1, 2}) {
      LedgerRow r;
      r.unit_id = id;
      r.kind = "news";
      r.period = fmt::format("2020-{:02}", m);
      r.due_date = r.period + "-20";
      r.owed = 1;
      r.counted = id == 1 ? 2 : (m == 6 ? 0 : 1);
      r.submitted = r.counted;
      r.missing = r.counted > 0 ? 0 : 1;
      rows.push_back(r);
    }
  }
  std::vector<AdoptionFact> adoptions = {{1, 11, "news", "city", "2020-06-25", "2020-06"}};
  const RuleSet rules = default_rule_set();
  const Scores scores = score(rules, units, rows, adoptions, period.value(), "2020-06-30");
  return make_snapshot(scores, rules, 7, "民生镇（演示）", "民生镇民生工程工作领导小组办公室",
                       "2020-07-01T00:00:00Z");
}

TEST(CircularSnapshot, MadeFromScores) {
  const Snapshot s = scored_snapshot();
  EXPECT_EQ(s.format, 1);
  EXPECT_EQ(s.town_id, 7);
  EXPECT_EQ(s.period, "2020-06");
  EXPECT_EQ(s.as_of, "2020-06-30");
  EXPECT_EQ(s.rule_version, 1);
  EXPECT_EQ(s.rules_json, rule_set_to_json(default_rule_set()));
  ASSERT_EQ(s.units.size(), 2u);
  EXPECT_EQ(s.units[0].name, "甲单位");
  EXPECT_EQ(s.units[0].rank, 1);
  // June: met 2.0 + extra 0.5 + city adoption 2.0.
  EXPECT_EQ(s.units[0].period_score, 45);
  EXPECT_EQ(s.units[0].period.adopted_city, 1);
  EXPECT_FALSE(s.units[0].breakdown.empty());
  EXPECT_EQ(s.units[1].name, "乙单位");
  EXPECT_TRUE(s.units[1].zero_submission);
  EXPECT_EQ(s.units[1].period_score, -10);
  EXPECT_EQ(s.units[1].zero_submission_months, std::vector<std::string>{"2020-06"});
}

TEST(CircularSnapshot, JsonRoundTripIsExact) {
  for (const Snapshot& s : {june(), scored_snapshot(), Snapshot{}}) {
    const std::string text = snapshot_to_json(s);
    auto back = snapshot_from_json(text);
    ASSERT_TRUE(back.ok()) << (back.ok() ? "" : back.error().fields.front().message) << "\n" << text;
    EXPECT_EQ(snapshot_to_json(*back), text);
    EXPECT_EQ(back->town_id, s.town_id);
    EXPECT_EQ(back->town_name, s.town_name);
    EXPECT_EQ(back->issuer, s.issuer);
    EXPECT_EQ(back->period, s.period);
    EXPECT_EQ(back->as_of, s.as_of);
    EXPECT_EQ(back->taken_at, s.taken_at);
    EXPECT_EQ(back->rule_version, s.rule_version);
    EXPECT_EQ(back->rules_json, s.rules_json);
    ASSERT_EQ(back->units.size(), s.units.size());
    for (std::size_t i = 0; i < s.units.size(); ++i) {
      const SnapshotUnit& a = s.units[i];
      const SnapshotUnit& b = back->units[i];
      EXPECT_EQ(b.unit_id, a.unit_id);
      EXPECT_EQ(b.name, a.name);
      EXPECT_EQ(b.sort_order, a.sort_order);
      EXPECT_EQ(b.period_score, a.period_score);
      EXPECT_EQ(b.ytd_score, a.ytd_score);
      EXPECT_EQ(b.rank, a.rank);
      EXPECT_EQ(b.ytd_rank, a.ytd_rank);
      EXPECT_EQ(b.period.submitted, a.period.submitted);
      EXPECT_EQ(b.period.adopted_province, a.period.adopted_province);
      EXPECT_EQ(b.period.owed, a.period.owed);
      EXPECT_EQ(b.period.done, a.period.done);
      EXPECT_EQ(b.period.missed, a.period.missed);
      EXPECT_EQ(b.ytd.submitted, a.ytd.submitted);
      EXPECT_EQ(b.zero_submission, a.zero_submission);
      EXPECT_EQ(b.zero_adoption, a.zero_adoption);
      EXPECT_EQ(b.zeroed, a.zeroed);
      EXPECT_EQ(b.zero_submission_months, a.zero_submission_months);
      ASSERT_EQ(b.breakdown.size(), a.breakdown.size());
      for (std::size_t j = 0; j < a.breakdown.size(); ++j) {
        EXPECT_EQ(b.breakdown[j].rule, a.breakdown[j].rule);
        EXPECT_EQ(b.breakdown[j].label, a.breakdown[j].label);
        EXPECT_EQ(b.breakdown[j].count, a.breakdown[j].count);
        EXPECT_EQ(b.breakdown[j].points, a.breakdown[j].points);
      }
    }
  }
}

TEST(CircularSnapshot, JsonHasFixedKeyOrderAndPointsAsStrings) {
  const Snapshot s = june();
  const std::string text = snapshot_to_json(s);
  EXPECT_EQ(text, snapshot_to_json(june()));  // deterministic
  EXPECT_TRUE(text.starts_with(R"({"format":1,"townId":7,"townName":"民生镇（演示）","issuer":)")) << text;
  EXPECT_TRUE(contains(text, R"("period":"2020-06","asOf":"2020-06-30","takenAt":"2020-07-01T02:03:04Z",)"
                             R"("ruleVersion":2,"rules":{"version":1,)"))
      << text;
  EXPECT_TRUE(contains(text, R"({"unitId":3,"unitName":"东风村","sortOrder":3,"rank":1,"ytdRank":1,)"
                             R"("periodScore":"8.5","ytdScore":"51.0","period":{"submitted":3,)"))
      << text;
  EXPECT_TRUE(contains(text, R"("periodScore":"-1.0")"));
  EXPECT_TRUE(contains(text, R"("flags":["零报送","零采用","年度清零"])"));
  EXPECT_TRUE(contains(text, R"({"rule":"news.adoption.province","label":"文字信息省级采用","count":1,)"
                             R"("points":"4.0"})"));
}

TEST(CircularSnapshot, FromJsonRefusesOtherFormatsAndMalformedInput) {
  const std::string good = snapshot_to_json(june());
  auto expect_refused = [](const std::string& text, std::string_view says) {
    auto r = snapshot_from_json(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(field_of(r.error()), "snapshot");
    EXPECT_TRUE(contains(r.error().fields.front().message, says)) << r.error().fields.front().message;
  };
  auto replaced = [&](std::string_view from, std::string_view to) {
    std::string t = good;
    const auto at = t.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) t.replace(at, from.size(), to);
    return t;
  };
  expect_refused(replaced(R"("format":1)", R"("format":2)"), "2");
  expect_refused(replaced(R"("format":1,)", ""), "format");
  expect_refused("not json", "JSON");
  expect_refused("[]", "JSON");
  expect_refused("", "JSON");
  expect_refused(replaced(R"("periodScore":"8.5")", R"("periodScore":8.5)"), "units[0].periodScore");
  expect_refused(replaced(R"("periodScore":"8.5")", R"("periodScore":"8.55")"), "units[0].periodScore");
  expect_refused(replaced(R"("unitName":"东风村",)", ""), "units[0].unitName");
  expect_refused(replaced(R"("asOf":"2020-06-30",)", ""), "asOf");
  expect_refused(replaced(R"("submitted":3,)", ""), "units[0].period.submitted");
  expect_refused(replaced(R"("zeroed":false)", R"("zeroed":0)"), "zeroed");
  expect_refused(replaced(R"("units":[)", R"("units":[1,)"), "units[0]");
}

// ---------------------------------------------------------------------------------------------------------
// Prose.

TEST(CircularProse, OverallGivesTheTotals) {
  const Prose p = default_prose(june());
  // 8 units; submitted 3+2+2+1+1+1 = 10; county 2, city 0, province 1; owed 8, done 6 → 75.0%.
  EXPECT_EQ(
      p.overall,
      "2020年6月，全镇纳入信息报送统计的单位共8个，本期报送民生工程信息10条，被县级采用2条、市级采用0条、"
      "省级采用1条。本期应完成报送任务8条，已完成6条，完成率75.0%。");

  Snapshot s = june();
  s.units[1].period.done = 0;  // 5 of 8 done... and one more owed
  s.units[1].period.owed = 2;
  s.town_id = 0;
  const Prose q = default_prose(s);
  EXPECT_TRUE(contains(q.overall, "全县"));
  EXPECT_TRUE(contains(q.overall, "应完成报送任务9条，已完成5条，完成率55.6%")) << q.overall;

  for (auto& u : s.units) {
    u.period.owed = 0;
    u.period.done = 0;
    u.period.adopted_county = u.period.adopted_city = u.period.adopted_province = 0;
  }
  const Prose none = default_prose(s);
  EXPECT_TRUE(contains(none.overall, "暂无被县级及以上采用的信息。")) << none.overall;
  EXPECT_TRUE(contains(none.overall, "本期无到期的报送任务。")) << none.overall;
  EXPECT_FALSE(contains(none.overall, "%"));
}

// The rule of 表现较好的单位: eligible units (ranked, positive score, not 零报送 / 零采用 / missed /
// 年度清零: never praise a unit the circular criticises), the first 5 in rank order plus every unit tied with
// the 5th; if that names more than half of all units, only those strictly above the tie at the cut.
TEST(CircularProse, GoodFollowsTheStatedRule) {
  const Prose p = default_prose(june());
  // 红星村, 向阳村, 镇党政办 and 永丰村 score but have no adoption (零采用 in the table): not praised.
  EXPECT_EQ(
      p.good,
      "按本期得分排名，东风村（报送3条、被采用2条，得8.5分）、镇财政所（报送2条、被采用1条，得6.0分）等2个"
      "单位报送及时、质量较高，表现较好，予以通报表扬。");

  // 16 units: 5.0, 4.0, 3.0, 3.0, then three tied at 2.0 across the cut, nine at 1.0 → all seven listed.
  auto adopted = [](std::int64_t id, std::string name, int rank, Tenths score) {
    return unit(id, std::move(name), rank, score, 2, 1);
  };
  Snapshot s = june();
  s.units = {adopted(1, "甲", 1, 50), adopted(2, "乙", 2, 40), adopted(3, "丙", 3, 30),
             adopted(4, "丁", 3, 30), adopted(5, "戊", 5, 20), adopted(6, "己", 5, 20),
             adopted(7, "庚", 5, 20)};
  for (int i = 0; i < 9; ++i)
    s.units.push_back(adopted(20 + i, fmt::format("第{}村", i + 1), 8, 10));
  Prose q = default_prose(s);
  for (const char* name : {"甲", "乙", "丙", "丁", "戊", "己", "庚"})
    EXPECT_TRUE(contains(q.good, std::string(name) + "（")) << name << q.good;
  EXPECT_TRUE(contains(q.good, "等7个单位")) << q.good;
  EXPECT_FALSE(contains(q.good, "第1村"));

  // One at 3.0 and 14 tied at 2.0 (two of them 零采用): the tie would name 13 of 15, more than half →
  // only the unit strictly above it.
  Snapshot t = june();
  t.units = {adopted(1, "甲", 1, 30)};
  for (int i = 0; i < 14; ++i) {
    t.units.push_back(adopted(10 + i, fmt::format("第{}村", i + 1), 2, 20));
    if (i < 2) t.units.back().zero_adoption = true;
  }
  q = default_prose(t);
  EXPECT_EQ(q.good,
            "按本期得分排名，甲（报送2条、被采用1条，得3."
            "0分）等1个单位报送及时、质量较高，表现较好，予以通报表扬。");

  // Criticised units are never praised: a missed obligation, 年度清零, unranked.
  Snapshot u = june();
  u.units = {adopted(1, "甲", 1, 50), adopted(2, "乙", 2, 40), adopted(3, "丙", 3, 30),
             adopted(4, "丁", 4, 20)};
  u.units[0].period.missed = 1;
  u.units[1].zeroed = true;
  u.units[2].rank = 0;
  q = default_prose(u);
  EXPECT_EQ(q.good,
            "按本期得分排名，丁（报送2条、被采用1条，得2."
            "0分）等1个单位报送及时、质量较高，表现较好，予以通报表扬。");

  for (auto& x : u.units)
    x.period_score = -5;
  EXPECT_EQ(default_prose(u).good, "本期暂无得分为正的单位。");
}

TEST(CircularProse, ProblemsNameEveryZeroSubmissionUnit) {
  const Prose p = default_prose(june());
  // In 排序号 order (镇林业站 8 before 石桥村 9), whatever the rank order.
  EXPECT_TRUE(p.problems.starts_with("本期镇林业站、石桥村等2个单位零报送，未完成信息报送任务。"))
      << p.problems;
  EXPECT_TRUE(contains(p.problems, "\n\n按照计分规则，石桥村本年度漏报次数已达清零标准，年度累计得分清零。"));

  Snapshot s = june();
  s.units.resize(6);
  EXPECT_EQ(default_prose(s).problems, "本期各单位均按时报送。");
  // Not while a unit missed an obligation (submitted, but not enough or too late to count).
  s.units[2].period.missed = 1;
  const std::string late = default_prose(s).problems;
  EXPECT_FALSE(contains(late, "均按时报送")) << late;
  EXPECT_TRUE(late.starts_with("本期红星村等1个单位未按时完成信息报送任务。")) << late;

  // Every one of many zero-submission units is named.
  Snapshot many = june();
  many.units.clear();
  for (int i = 0; i < 30; ++i)
    many.units.push_back(unit(100 + i, fmt::format("第{}村", i + 1), 1, 0, 0));
  const Prose m = default_prose(many);
  for (int i = 0; i < 30; ++i)
    EXPECT_TRUE(contains(m.problems, fmt::format("第{}村", i + 1))) << i;
  EXPECT_TRUE(contains(m.problems, "等30个单位零报送"));
}

TEST(CircularProse, NextStepsNameTheNextPeriod) {
  Snapshot s = june();
  const Prose p = default_prose(s);
  EXPECT_TRUE(p.next_steps.starts_with("一是提高思想认识。")) << p.next_steps;
  EXPECT_TRUE(contains(p.next_steps, "\n\n二是提高信息质量。"));
  EXPECT_TRUE(contains(p.next_steps, "\n\n三是严格考核奖惩。"));
  EXPECT_TRUE(contains(p.next_steps, "按规定时限报送2020年7月的民生工程信息。"));
  s.period = "2020-12";
  EXPECT_TRUE(contains(default_prose(s).next_steps, "报送2021年1月的"));
  s.period = "2020-Q4";
  EXPECT_TRUE(contains(default_prose(s).next_steps, "报送2021年第一季度的"));
  s.period = "2020-Q2";
  EXPECT_TRUE(contains(default_prose(s).next_steps, "报送2020年第三季度的"));
  EXPECT_TRUE(default_prose(s).overall.starts_with("2020年第二季度，"));
  s.period = "2020";
  EXPECT_TRUE(contains(default_prose(s).next_steps, "报送2021年的"));
}

TEST(CircularProse, JsonRoundTrip) {
  Prose p = default_prose(june());
  p.good = "含\"引号\"与\n换行\t和<script>";
  const std::string text = prose_to_json(p);
  EXPECT_TRUE(text.starts_with(R"({"overall":)"));
  EXPECT_TRUE(contains(text, R"(,"good":)"));
  EXPECT_TRUE(contains(text, R"(,"problems":)"));
  EXPECT_TRUE(contains(text, R"(,"nextSteps":)"));
  auto back = prose_from_json(text);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->overall, p.overall);
  EXPECT_EQ(back->good, p.good);
  EXPECT_EQ(back->problems, p.problems);
  EXPECT_EQ(back->next_steps, p.next_steps);
  EXPECT_EQ(prose_to_json(*back), text);

  auto partial = prose_from_json(R"({"overall":"只有总体"})");
  ASSERT_TRUE(partial.ok());
  EXPECT_EQ(partial->overall, "只有总体");
  EXPECT_EQ(partial->good, "");

  auto bad = prose_from_json(R"({"overall":1,"good":"x"})");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(field_of(bad.error()), "prose.overall");
  auto junk = prose_from_json("[");
  ASSERT_FALSE(junk.ok());
  EXPECT_EQ(field_of(junk.error()), "prose");
}

// ---------------------------------------------------------------------------------------------------------
// The circular document.

TEST(CircularDocument, HeaderTitleAndSections) {
  const Snapshot s = june();
  Prose p = default_prose(s);
  p.overall = "　　第一段，用户自己缩进了。\n\n\n第二段\r\n同一段第二行。\n   \n第三段";
  const doc::Document d = circular_document(s, p, meta());
  EXPECT_EQ(d.issuer, "民生镇民生工程工作领导小组办公室");
  EXPECT_TRUE(d.red_header);
  EXPECT_EQ(d.doc_number, "民生办〔2020〕3号");
  EXPECT_EQ(d.title, "关于2020年6月全镇民生工程信息报送情况的通报");
  ASSERT_FALSE(d.blocks.empty());
  EXPECT_EQ(d.blocks[0].kind, BlockKind::Addressee);
  EXPECT_EQ(d.blocks[0].text, "各村（社区），镇直各单位：");

  const auto headings = blocks_of(d, BlockKind::Heading1);
  ASSERT_EQ(headings.size(), 4u);
  EXPECT_EQ(headings[0]->text, "一、总体情况");
  EXPECT_EQ(headings[1]->text, "二、表现较好的单位");
  EXPECT_EQ(headings[2]->text, "三、存在的问题");
  EXPECT_EQ(headings[3]->text, "四、下步要求");

  // The overall section: three paragraphs, trimmed, single line breaks kept.
  EXPECT_EQ(d.blocks[1].kind, BlockKind::Heading1);
  ASSERT_GE(d.blocks.size(), 6u);
  EXPECT_EQ(d.blocks[2].kind, BlockKind::Body);
  EXPECT_EQ(d.blocks[2].text, "第一段，用户自己缩进了。");
  EXPECT_EQ(d.blocks[3].text, "第二段\n同一段第二行。");
  EXPECT_EQ(d.blocks[4].text, "第三段");
  EXPECT_EQ(d.blocks[5].text, "二、表现较好的单位");

  // Next steps: three paragraphs.
  std::size_t at = 0;
  while (at < d.blocks.size() && d.blocks[at].text != "四、下步要求")
    ++at;
  ASSERT_LT(at + 3, d.blocks.size());
  EXPECT_TRUE(d.blocks[at + 1].text.starts_with("一是"));
  EXPECT_TRUE(d.blocks[at + 2].text.starts_with("二是"));
  EXPECT_TRUE(d.blocks[at + 3].text.starts_with("三是"));
  EXPECT_EQ(d.blocks[at + 4].kind, BlockKind::Attachment);
  EXPECT_EQ(d.blocks[at + 4].text, "附件：信息报送情况统计表");
  EXPECT_EQ(d.blocks[at + 5].kind, BlockKind::Signature);
  EXPECT_EQ(d.blocks[at + 5].text, "民生镇民生工程工作领导小组办公室");
  EXPECT_EQ(d.blocks[at + 6].kind, BlockKind::Date);
  EXPECT_EQ(d.blocks[at + 6].text, "2020年7月5日");
  EXPECT_EQ(d.blocks[at + 7].kind, BlockKind::PageBreak);
  EXPECT_EQ(d.blocks[at + 8].kind, BlockKind::AttachmentTitle);
  EXPECT_EQ(d.blocks[at + 8].text, "附件");
  EXPECT_EQ(d.blocks[at + 9].kind, BlockKind::Table);

  EXPECT_EQ(d.copy_to, "县民生工程领导小组办公室");
  EXPECT_EQ(d.printed_by, "民生镇民生工程工作领导小组办公室");
  EXPECT_EQ(d.printed_on, "2020年7月5日印发");
}

TEST(CircularDocument, EmptySectionsAreLeftOutAndTheOthersRenumbered) {
  Prose p = default_prose(june());
  p.good = "  \n\n ";
  p.problems = "";
  CircularMeta m = meta();
  m.title.clear();  // the default title
  m.red_header = false;
  m.doc_number.clear();  // a draft preview
  m.addressee.clear();
  const doc::Document d = circular_document(june(), p, m);
  const auto headings = blocks_of(d, BlockKind::Heading1);
  ASSERT_EQ(headings.size(), 2u);
  EXPECT_EQ(headings[0]->text, "一、总体情况");
  EXPECT_EQ(headings[1]->text, "二、下步要求");
  EXPECT_EQ(d.title, default_title(june()));
  EXPECT_FALSE(d.red_header);
  EXPECT_EQ(d.doc_number, "（未编号）");
  EXPECT_TRUE(blocks_of(d, BlockKind::Addressee).empty());
  EXPECT_EQ(d.blocks[0].kind, BlockKind::Heading1);
}

TEST(CircularDocument, StatisticsTable) {
  const Snapshot s = june();
  const doc::Document d = circular_document(s, default_prose(s), meta());
  const auto tables = blocks_of(d, BlockKind::Table);
  ASSERT_EQ(tables.size(), 1u);
  const doc::Table& t = tables[0]->table;
  EXPECT_EQ(t.caption, "2020年6月信息报送情况统计表");
  EXPECT_EQ(t.header,
            (std::vector<std::string>{"排名", "单位", "本期报送", "累计报送", "县级采用", "市级采用",
                                      "省级采用", "本期得分", "累计得分", "累计排名", "备注"}));
  EXPECT_EQ(t.header, statistics_header());
  EXPECT_EQ(t.rows, statistics_rows(s));
  ASSERT_EQ(t.widths_mm.size(), t.header.size());
  EXPECT_DOUBLE_EQ(std::accumulate(t.widths_mm.begin(), t.widths_mm.end(), 0.0), 156.0);
  ASSERT_EQ(t.rows.size(), s.units.size() + 1);
  EXPECT_EQ(t.rows[0],
            (std::vector<std::string>{"1", "东风村", "3", "18", "1", "0", "1", "8.5", "51.0", "1", ""}));
  EXPECT_EQ(t.rows[2][10], "零采用");
  EXPECT_EQ(t.rows[6], (std::vector<std::string>{"7", "石桥村", "0", "0", "0", "0", "0", "-1.0", "-6.0", "7",
                                                 "零报送、零采用、年度清零"}));
  EXPECT_EQ(t.rows.back(), (std::vector<std::string>{"", "合计", "10", "60", "2", "0", "1", "", "", "", ""}));
  // A unit left out of the ranking shows "—" and why; a lowered score says which rule lowered it.
  Snapshot x = june();
  x.units[7].rank = 0;
  x.units[7].ytd_rank = 0;
  x.units[6].notes = {"文字信息未完成任务3次，扣3.0分",
                      "文字信息累计3次未完成任务（达3次清零），年度得分清零，扣减8.5分"};
  const auto rows = statistics_rows(x);
  EXPECT_EQ(rows[7][0], "—");
  EXPECT_EQ(rows[7][9], "—");
  EXPECT_EQ(rows[7][10], "无报送任务；零报送、零采用");
  EXPECT_EQ(
      rows[6][10],
      "零报送、零采用；文字信息未完成任务3次，扣3.0分；文字信息累计3次未完成任务（达3次清零），年度得分清零，"
      "扣减8.5分");
  // The notes travel in the snapshot JSON (and older snapshots without them read as none).
  auto back = snapshot_from_json(snapshot_to_json(x));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->units[6].notes, x.units[6].notes);
  // The note under the table.
  const doc::Block& last = d.blocks.back();
  EXPECT_EQ(last.kind, BlockKind::Body);
  EXPECT_EQ(last.text, "统计截至2020年6月30日，计分规则第2版。");
}

// ---------------------------------------------------------------------------------------------------------
// Rendered: DOCX, PDF, XLSX, HTML.

std::string unzip_entry(const std::string& bytes, const char* name) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  zip_t* za = src != nullptr ? zip_open_from_source(src, ZIP_RDONLY, &err) : nullptr;
  zip_error_fini(&err);
  if (za == nullptr) {
    if (src != nullptr) zip_source_free(src);
    ADD_FAILURE() << "not a zip";
    return {};
  }
  std::string out;
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(za, name, 0, &st) == 0) {
    out.resize(st.size);
    zip_file_t* f = zip_fopen(za, name, 0);
    if (f != nullptr) {
      EXPECT_EQ(zip_fread(f, out.data(), out.size()), static_cast<zip_int64_t>(out.size()));
      zip_fclose(f);
    }
  } else {
    ADD_FAILURE() << "no " << name;
  }
  zip_close(za);
  return out;
}

// The text of XML without its tags (runs joined).
std::string xml_text(const std::string& xml) {
  std::string out;
  bool tag = false;
  for (char c : xml) {
    if (c == '<')
      tag = true;
    else if (c == '>')
      tag = false;
    else if (!tag)
      out += c;
  }
  return out;
}

TEST(CircularRendered, DocxHasTheNumberTitleAndEveryUnit) {
  const Snapshot s = june();
  auto bytes = infra::docx::write_docx(circular_document(s, default_prose(s), meta()));
  ASSERT_TRUE(bytes.ok());
  const std::string xml = unzip_entry(*bytes, "word/document.xml");
  const std::string text = xml_text(xml);
  EXPECT_TRUE(contains(text, "民生办〔2020〕3号"));
  EXPECT_TRUE(contains(text, "民生镇民生工程工作领导小组办公室文件"));  // red header
  EXPECT_TRUE(contains(text, "关于2020年6月全镇民生工程信息报送情况的通报"));
  EXPECT_TRUE(contains(text, "一、总体情况"));
  EXPECT_TRUE(contains(text, "四、下步要求"));
  EXPECT_TRUE(contains(text, "2020年7月5日"));
  EXPECT_TRUE(contains(text, "合计"));
  for (const auto& u : s.units)
    EXPECT_TRUE(contains(text, u.name)) << u.name;
  EXPECT_TRUE(contains(xml, "<w:sectPr"));
  // Same inputs, same bytes (issued files re-download identical).
  auto again = infra::docx::write_docx(circular_document(s, default_prose(s), meta()));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *bytes);
}

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("minsheng-circular-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string pdftotext(const std::string& pdf) {
  TempDir dir;
  const fs::path in = dir.path() / "doc.pdf";
  const fs::path out = dir.path() / "doc.txt";
  std::ofstream(in, std::ios::binary) << pdf;
  const std::string cmd = "pdftotext -layout '" + in.string() + "' '" + out.string() + "' 2>/dev/null";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::ifstream f(out, std::ios::binary);
  std::ostringstream text;
  text << f.rdbuf();
  std::string squeezed;
  for (char c : text.str())
    if (c != ' ' && c != '\n' && c != '\f') squeezed += c;
  return squeezed;
}

TEST(CircularRendered, PdfTextHasTheTitleNumberAndEveryUnit) {
  const Snapshot s = june();
  auto pdf = infra::pdf::render_pdf(circular_document(s, default_prose(s), meta()));
  ASSERT_TRUE(pdf.ok());
  ASSERT_TRUE(pdf->starts_with("%PDF-"));
  const std::string text = pdftotext(*pdf);
  EXPECT_TRUE(contains(text, "关于2020年6月全镇民生工程信息报送情况的通报")) << text;
  EXPECT_TRUE(contains(text, "民生办〔2020〕3号")) << text;
  EXPECT_TRUE(contains(text, "一、总体情况"));
  EXPECT_TRUE(contains(text, "2020年7月5日"));
  for (const auto& u : s.units)
    EXPECT_TRUE(contains(text, u.name)) << u.name;
}

std::vector<std::string> cells(std::initializer_list<const char*> list) {
  return {list.begin(), list.end()};
}

TEST(CircularRendered, StatisticsWorkbookReadsBack) {
  const Snapshot s = june();
  const auto spec = statistics_workbook(s, meta());
  auto bytes = infra::sheets::write_xlsx(spec);
  ASSERT_TRUE(bytes.ok());
  auto wb = infra::sheets::read_xlsx(*bytes);  // refuses merged cells
  ASSERT_TRUE(wb.ok()) << (wb.ok() ? "" : wb.error().key);
  ASSERT_EQ(wb->sheets.size(), 1u);
  const auto& sheet = wb->sheets[0];
  EXPECT_EQ(sheet.name, "信息报送情况统计表");
  ASSERT_EQ(sheet.rows.size(), 3 + s.units.size() + 1);
  EXPECT_EQ(sheet.rows[0].number, 1);
  EXPECT_EQ(sheet.rows[0].cells, cells({"关于2020年6月全镇民生工程信息报送情况的通报"}));
  EXPECT_EQ(sheet.rows[1].number, 2);
  EXPECT_EQ(sheet.rows[1].cells,
            cells({"统计时段：2020年6月\u3000统计截至：2020年6月30日\u3000计分规则：第2版"}));
  EXPECT_EQ(sheet.rows[2].number, 3);
  EXPECT_EQ(sheet.rows[2].cells, statistics_header());
  EXPECT_EQ(sheet.rows[3].number, 4);
  EXPECT_EQ(sheet.rows[3].cells, cells({"1", "东风村", "3", "18", "1", "0", "1", "8.5", "51", "1"}));
  EXPECT_EQ(sheet.rows[9].cells,
            cells({"7", "石桥村", "0", "0", "0", "0", "0", "-1", "-6", "7", "零报送、零采用、年度清零"}));
  EXPECT_EQ(sheet.rows.back().number, static_cast<int>(3 + s.units.size() + 1));
  EXPECT_EQ(sheet.rows.back().cells, cells({"", "合计", "10", "60", "2", "0", "1"}));
  // Numbers, not text, for counts and scores; the header frozen.
  const std::string xml = unzip_entry(*bytes, "xl/worksheets/sheet1.xml");
  EXPECT_TRUE(contains(xml, R"(<c r="H4" s=")")) << xml;
  EXPECT_TRUE(contains(xml, "<v>8.5</v>"));
  EXPECT_TRUE(contains(xml, R"(topLeftCell="A4")"));

  CircularMeta untitled = meta();
  untitled.title.clear();
  EXPECT_EQ(statistics_workbook(s, untitled).sheets[0].preamble[0], default_title(s));
}

TEST(CircularRendered, HtmlIsStandaloneAndEscaped) {
  const Snapshot s = june();
  Prose p = default_prose(s);
  p.overall = "注意<script>alert(\"x\")</script>&amp; '单引号'";
  CircularMeta m = meta();
  m.title = "关于<b>通报</b>";
  const std::string html = document_html(circular_document(s, p, m));
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  EXPECT_TRUE(contains(html, "<meta charset=\"utf-8\">"));
  EXPECT_TRUE(contains(html, "<title>关于&lt;b&gt;通报&lt;/b&gt;</title>"));
  EXPECT_FALSE(contains(html, "<script"));
  EXPECT_FALSE(contains(html, "<b>"));
  EXPECT_TRUE(
      contains(html, "注意&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;amp; &#39;单引号&#39;"));
  EXPECT_TRUE(contains(html, "民生办〔2020〕3号"));
  EXPECT_TRUE(contains(html, "民生镇民生工程工作领导小组办公室文件"));
  EXPECT_TRUE(contains(html, "一、总体情况"));
  EXPECT_TRUE(contains(html, "<th>排名</th>"));
  for (const auto& u : s.units)
    EXPECT_TRUE(contains(html, "<td>" + u.name + "</td>")) << u.name;
  EXPECT_TRUE(contains(html, "<td>合计</td>"));
  EXPECT_TRUE(contains(html, "2020年7月5日印发"));
  EXPECT_TRUE(contains(html, "抄送：县民生工程领导小组办公室"));
  // The layout's look: centred title, a 仿宋 font stack, bordered cells; no external resources.
  EXPECT_TRUE(contains(html, "h1{text-align:center"));
  EXPECT_TRUE(contains(html, "仿宋"));
  EXPECT_TRUE(contains(html, "th,td{border:1px solid #000"));
  EXPECT_FALSE(contains(html, "http://"));
  EXPECT_FALSE(contains(html, "https://"));
  EXPECT_FALSE(contains(html, "<link"));
  EXPECT_FALSE(contains(html, "user-scalable"));

  // Invalid UTF-8 and control characters do not pass through.
  doc::Document d;
  d.title = "x";
  d.blocks.push_back(doc::Block{BlockKind::Body,
                                "a\xFF"
                                "b\x01"
                                "c",
                                {}});
  const std::string bad = document_html(d);
  EXPECT_TRUE(contains(bad, "a\uFFFDbc"));

  // A plain header shows the number without the red 标志.
  m.red_header = false;
  const std::string plain = document_html(circular_document(s, p, m));
  EXPECT_FALSE(contains(plain, "工作领导小组办公室文件"));
  EXPECT_TRUE(contains(plain, "民生办〔2020〕3号"));
}

// ---------------------------------------------------------------------------------------------------------
// The annual scorecard annex and the shortlist configuration.

struct ScorecardFixture {
  IndicatorRegistry registry;
  ScorecardContext context;
  Scorecard card;
  ShortlistConfig config = default_shortlist_config();
  std::vector<ScorecardRow> list;

  ScorecardFixture() {
    register_submission_indicators(registry);
    const std::vector<ScoreUnit> score_units = {
        {1, "甲单位", 1, std::nullopt}, {2, "乙单位", 2, std::nullopt}, {3, "丙单位", 3, std::nullopt}};
    std::vector<LedgerRow> rows;
    for (int m = 1; m <= 12; ++m) {
      for (std::int64_t id : {1, 2, 3}) {
        LedgerRow r;
        r.unit_id = id;
        r.kind = "news";
        r.period = fmt::format("2020-{:02}", m);
        r.due_date = r.period + "-20";
        r.owed = 1;
        r.counted = id == 3 && m == 5 ? 0 : (id == 1 ? 2 : 1);
        r.submitted = r.counted;
        r.missing = r.counted > 0 ? 0 : 1;
        rows.push_back(r);
      }
    }
    context.year = 2020;
    context.as_of = "2020-12-31";
    put_submission_facts(context, default_rule_set(), score_units, rows, {});
    const std::vector<ScorecardUnit> units = {{1, "甲单位", 1}, {2, "乙单位", 2}, {3, "丙单位", 3}};
    card = build_scorecard(registry, units, context);
    list = shortlist(card, config);
  }
};

ScorecardMeta scorecard_meta() {
  return ScorecardMeta{"民生镇（演示）", "民生镇民生工程工作领导小组办公室", 2020, "2020-12-31"};
}

TEST(CircularScorecard, WorkbookHasTheScorecardAndTheShortlist) {
  const ScorecardFixture f;
  ASSERT_EQ(f.card.rows.size(), 3u);
  // 甲 30.0 (met 24.0 + extra 6.0), 乙 24.0, 丙 22.0 − 1.0 = 21.0 but with a 零报送 month.
  ASSERT_EQ(f.list.size(), 2u);
  auto bytes = infra::sheets::write_xlsx(scorecard_workbook(f.card, f.list, f.config, scorecard_meta()));
  ASSERT_TRUE(bytes.ok());
  auto wb = infra::sheets::read_xlsx(*bytes);
  ASSERT_TRUE(wb.ok()) << (wb.ok() ? "" : wb.error().key);
  ASSERT_EQ(wb->sheets.size(), 2u);
  const auto& main = wb->sheets[0];
  EXPECT_EQ(main.name, "年度目标考核");
  ASSERT_EQ(main.rows.size(), 6u);
  EXPECT_EQ(main.rows[0].cells, cells({"2020年度民生工程信息宣传工作目标考核情况表"}));
  EXPECT_EQ(main.rows[1].cells, cells({"单位：民生镇（演示）\u3000统计截至：2020年12月31日"}));
  EXPECT_EQ(main.rows[2].cells, cells({"排名", "单位", "报送数", "县级采用", "市级采用", "省级采用", "完成率",
                                       "零报送月数", "得分", "合计", "备注"}));
  EXPECT_EQ(main.rows[3].cells, cells({"1", "甲单位", "24", "0", "0", "0", "1", "0", "30", "30"}));
  EXPECT_EQ(main.rows[5].cells[1], "丙单位");
  EXPECT_EQ(main.rows[5].cells[7], "1");
  EXPECT_EQ(main.rows[5].cells.back(), "文字信息未完成任务1次，扣1.0分");  // 备注: what lowered its score
  const auto& list = wb->sheets[1];
  EXPECT_EQ(list.name, "评先评优建议名单");
  ASSERT_EQ(list.rows.size(), 5u);
  EXPECT_EQ(list.rows[0].cells, cells({"2020年度评先评优建议名单"}));
  EXPECT_EQ(list.rows[1].cells,
            cells({"条件：合计不低于20.0分，零报送月数为0，按排名取前5名（并列者一并列入）。"}));
  EXPECT_EQ(list.rows[2].cells, cells({"排名", "单位", "合计"}));
  EXPECT_EQ(list.rows[3].cells, cells({"1", "甲单位", "30"}));
  EXPECT_EQ(list.rows[4].cells, cells({"2", "乙单位", "24"}));
}

TEST(CircularScorecard, Document) {
  const ScorecardFixture f;
  const doc::Document d = scorecard_document(f.card, f.list, f.config, scorecard_meta());
  EXPECT_EQ(d.title, "2020年度民生工程信息宣传工作目标考核情况表");
  const auto tables = blocks_of(d, BlockKind::Table);
  ASSERT_EQ(tables.size(), 2u);
  const doc::Table& t = tables[0]->table;
  EXPECT_EQ(t.header.front(), "排名");
  EXPECT_EQ(t.header.back(), "备注");
  EXPECT_EQ(t.header.size(), f.card.columns.size() + 4);
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.rows[0], (std::vector<std::string>{"1", "甲单位", "24", "0", "0", "0", "100.0%", "0", "30.0",
                                                 "30.0", ""}));
  EXPECT_EQ(t.rows[2].back(), "文字信息未完成任务1次，扣1.0分");
  EXPECT_NEAR(std::accumulate(t.widths_mm.begin(), t.widths_mm.end(), 0.0), 156.0, 1e-9);
  EXPECT_EQ(tables[1]->table.rows,
            (std::vector<std::vector<std::string>>{{"1", "甲单位", "30.0"}, {"2", "乙单位", "24.0"}}));
  bool sentence = false;
  for (const auto* b : blocks_of(d, BlockKind::Body))
    sentence =
        sentence || b->text ==
                        "建议名单条件：合计不低于20.0分，零报送月数为0，按排名取前5名（并列者一并列入）。"
                        "符合条件的单位共2个。";
  EXPECT_TRUE(sentence);
  const auto headings = blocks_of(d, BlockKind::Heading1);
  ASSERT_EQ(headings.size(), 2u);
  EXPECT_EQ(headings[1]->text, "二、评先评优建议名单");

  // It renders.
  auto docx = infra::docx::write_docx(d);
  ASSERT_TRUE(docx.ok());
  const std::string text = xml_text(unzip_entry(*docx, "word/document.xml"));
  EXPECT_TRUE(contains(text, "丙单位"));
  EXPECT_TRUE(contains(text, "评先评优建议名单"));

  // No qualifying unit.
  ShortlistConfig strict = f.config;
  strict.min_total = 1000;
  const doc::Document none = scorecard_document(f.card, shortlist(f.card, strict), strict, scorecard_meta());
  EXPECT_EQ(blocks_of(none, BlockKind::Table).size(), 1u);
}

TEST(CircularScorecard, ShortlistJsonRoundTrip) {
  IndicatorRegistry registry;
  register_submission_indicators(registry);
  ShortlistConfig c = default_shortlist_config();
  EXPECT_EQ(
      shortlist_to_json(c, registry),
      R"({"minTotal":"20.0","topN":5,"conditions":[{"code":"submissions.zero_months","min":null,"max":"0"}]})");
  c.conditions.push_back(ShortlistCondition{"submissions.completion", 800, std::nullopt});
  c.conditions.push_back(ShortlistCondition{"submissions.score", 125, 900});
  c.conditions.push_back(ShortlistCondition{"submissions.submitted", 3, 3});
  const std::string text = shortlist_to_json(c, registry);
  EXPECT_TRUE(contains(text, R"({"code":"submissions.completion","min":"80.0","max":null})"));
  EXPECT_TRUE(contains(text, R"({"code":"submissions.score","min":"12.5","max":"90.0"})"));
  EXPECT_TRUE(contains(text, R"({"code":"submissions.submitted","min":"3","max":"3"})"));
  auto back = shortlist_from_json(text, registry);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->min_total, 200);
  EXPECT_EQ(back->top_n, 5);
  ASSERT_EQ(back->conditions.size(), 4u);
  EXPECT_EQ(back->conditions[1].min, 800);
  EXPECT_EQ(back->conditions[2].min, 125);
  EXPECT_EQ(back->conditions[2].max, 900);
  EXPECT_EQ(back->conditions[3].min, 3);
  EXPECT_EQ(shortlist_to_json(*back, registry), text);

  // Numbers are read too, in the display unit.
  auto numbers = shortlist_from_json(
      R"({"minTotal":20,"topN":0,"conditions":[{"code":"submissions.completion","min":80.5},)"
      R"({"code":"submissions.zero_months","max":0}]})",
      registry);
  ASSERT_TRUE(numbers.ok());
  EXPECT_EQ(numbers->min_total, 200);
  EXPECT_EQ(numbers->top_n, 0);
  EXPECT_EQ(numbers->conditions[0].min, 805);
  EXPECT_EQ(numbers->conditions[1].max, 0);
  auto empty = shortlist_from_json("{}", registry);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->min_total, 0);
  EXPECT_TRUE(empty->conditions.empty());
}

TEST(CircularScorecard, ShortlistJsonErrorsNameTheField) {
  IndicatorRegistry registry;
  register_submission_indicators(registry);
  auto field = [&](std::string_view text) {
    auto r = shortlist_from_json(text, registry);
    EXPECT_FALSE(r.ok()) << text;
    if (r.ok()) return std::string();
    EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
    return field_of(r.error());
  };
  EXPECT_EQ(field("nope"), "shortlist");
  EXPECT_EQ(field("[1]"), "shortlist");
  EXPECT_EQ(field(R"({"minTotal":"20.25"})"), "shortlist.minTotal");
  EXPECT_EQ(field(R"({"minTotal":"-1"})"), "shortlist.minTotal");
  EXPECT_EQ(field(R"({"topN":-1})"), "shortlist.topN");
  EXPECT_EQ(field(R"({"topN":"5"})"), "shortlist.topN");
  EXPECT_EQ(field(R"({"conditions":{}})"), "shortlist.conditions");
  EXPECT_EQ(field(R"({"conditions":[1]})"), "shortlist.conditions[0]");
  EXPECT_EQ(field(R"({"conditions":[{"code":"signage.boards"}]})"), "shortlist.conditions[0].code");
  EXPECT_EQ(field(R"({"conditions":[{"min":"1"}]})"), "shortlist.conditions[0].code");
  EXPECT_EQ(field(R"({"conditions":[{"code":"submissions.submitted","min":"1.5"}]})"),
            "shortlist.conditions[0].min");
  EXPECT_EQ(field(R"({"conditions":[{"code":"submissions.submitted","min":-1}]})"),
            "shortlist.conditions[0].min");
  EXPECT_EQ(
      field(R"({"conditions":[{"code":"submissions.zero_months"},{"code":"submissions.score","min":"5",)"
            R"("max":"4"}]})"),
      "shortlist.conditions[1].max");
}

}  // namespace
}  // namespace minsheng::circulars
