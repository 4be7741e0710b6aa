#include "modules/projects/rules.hpp"

#include <gtest/gtest.h>

namespace minsheng::projects {
namespace {

ProgressUpdate update(std::int64_t id, std::string date, int pct, std::int64_t funds, std::string status) {
  ProgressUpdate u;
  u.id = id;
  u.report_date = std::move(date);
  u.progress_pct = pct;
  u.funds_disbursed = funds;
  u.status = std::move(status);
  return u;
}

bool has_field(const std::vector<FieldError>& e, const std::string& f) {
  for (const auto& x : e)
    if (x.field == f) return true;
  return false;
}

TEST(ProjectRules, LabelsRoundTrip) {
  for (auto c : categories())
    EXPECT_EQ(category_from(category_label(c)), std::string(c));
  for (auto c : change_flags())
    EXPECT_EQ(change_flag_from(change_flag_label(c)), std::string(c));
  for (auto c : statuses())
    EXPECT_EQ(status_from(status_label(c)), std::string(c));
  for (auto c : coord_systems())
    EXPECT_EQ(coord_system_from(coord_system_label(c)), std::string(c));
  EXPECT_EQ(category_from(" 工程 "), "engineering");
  EXPECT_EQ(category_from("service"), "service");
  EXPECT_EQ(change_flag_from("调整"), "withdrawn");
  EXPECT_EQ(coord_system_from("wgs 84"), "wgs84");
  EXPECT_EQ(coord_system_from("Gcj-02"), "gcj02");
  EXPECT_FALSE(category_from("工程类项目"));
  EXPECT_FALSE(change_flag_from(""));
  EXPECT_FALSE(coord_system_from("BD-09"));
}

TEST(ProjectRules, MoneyInWan) {
  EXPECT_EQ(fen_to_wan(0), "0.00");
  EXPECT_EQ(fen_to_wan(1'000'000), "1.00");
  EXPECT_EQ(fen_to_wan(123'456'789), "123.46");
  EXPECT_EQ(fen_to_wan(4'999), "0.00");
  EXPECT_EQ(fen_to_wan(5'000), "0.01");  // half away from zero
  EXPECT_EQ(fen_to_wan(-5'000), "-0.01");
  EXPECT_EQ(fen_to_wan(-4'000), "0.00");
  EXPECT_EQ(wan_to_fen("12.5"), 12'500'000);
  EXPECT_EQ(wan_to_fen("1,234.56"), 1'234'560'000);
  EXPECT_EQ(wan_to_fen("0.000001"), 1);
  EXPECT_EQ(wan_to_fen(".5"), 500'000);
  EXPECT_EQ(wan_to_fen("7"), 7'000'000);
  EXPECT_FALSE(wan_to_fen("0.0000001"));
  EXPECT_FALSE(wan_to_fen("-1"));
  EXPECT_FALSE(wan_to_fen("1e3"));
  EXPECT_FALSE(wan_to_fen("12万"));
  EXPECT_FALSE(wan_to_fen(""));
  EXPECT_FALSE(wan_to_fen("."));
  EXPECT_FALSE(wan_to_fen("12345678"));  // 10^12 分 and above
  EXPECT_EQ(wan_to_fen("9999999.999999"), 9'999'999'999'999);
  // Round trip of every two-decimal amount on a grid.
  for (std::int64_t h = 0; h < 100'000; h += 37) {
    const std::int64_t fen = h * 10'000;
    EXPECT_EQ(wan_to_fen(fen_to_wan(fen)), fen);
  }
}

TEST(ProjectRules, CurrentFiguresComeFromTheLatestUpdate) {
  EXPECT_EQ(current_of({}).progress_pct, 0);
  EXPECT_EQ(current_of({}).status, "planned");
  EXPECT_FALSE(current_of({}).report_date);
  std::vector<ProgressUpdate> t = {update(3, "2020-05-01", 40, 100, "in_progress"),
                                   update(1, "2020-06-01", 60, 200, "in_progress"),
                                   update(2, "2020-04-01", 10, 50, "in_progress")};
  auto c = current_of(t);
  EXPECT_EQ(c.progress_pct, 60);
  EXPECT_EQ(c.funds_disbursed, 200);
  EXPECT_EQ(c.report_date, "2020-06-01");
  // Same day: the later entry (greater id) wins — a correction entered after the first report.
  t.push_back(update(9, "2020-06-01", 55, 190, "suspended"));
  c = current_of(t);
  EXPECT_EQ(c.progress_pct, 55);
  EXPECT_EQ(c.status, "suspended");
}

TEST(ProjectRules, AchievedOfAFinishedProjectIsItsTarget) {
  const Target recorded{1, "户厕改造", "户", 1200.0, 1180.0};
  const Target unrecorded{2, "资源化利用站", "个", 2.0, std::nullopt};
  const Target open{3, "宣传", "次", std::nullopt, std::nullopt};
  Current running{60, 0, "in_progress", "2020-06-01"};
  EXPECT_EQ(achieved_shown(recorded, running), 1180.0);
  EXPECT_FALSE(achieved_shown(unrecorded, running));  // unknown while it runs
  for (const Current& done :
       {Current{100, 0, "in_progress", "2020-09-01"}, Current{100, 0, "completed", "2020-09-01"},
        Current{95, 0, "completed", "2020-09-01"}}) {
    EXPECT_EQ(achieved_shown(recorded, done), 1180.0) << "what the data says";
    EXPECT_EQ(achieved_shown(unrecorded, done), 2.0) << done.status << " " << done.progress_pct;
    EXPECT_FALSE(achieved_shown(open, done)) << "no target, nothing to infer";
  }
}

TEST(ProjectRules, ProgressChecks) {
  Project p;
  p.funds_planned = 1'000'000;
  const auto latest = std::optional(update(1, "2020-06-01", 50, 500'000, "in_progress"));
  EXPECT_TRUE(
      check_progress(update(0, "2020-06-02", 60, 600'000, "in_progress"), p, latest, "2020-06-05").empty());
  EXPECT_TRUE(
      check_progress(update(0, "2020-06-01", 60, 600'000, "in_progress"), p, latest, "2020-06-05").empty());
  EXPECT_TRUE(has_field(
      check_progress(update(0, "2020-06-06", 60, 0, "in_progress"), p, latest, "2020-06-05"), "reportDate"));
  EXPECT_TRUE(has_field(
      check_progress(update(0, "2020-05-31", 60, 0, "in_progress"), p, latest, "2020-06-05"), "reportDate"));
  EXPECT_TRUE(
      has_field(check_progress(update(0, "2020-06-02", 101, 0, "in_progress"), p, latest, "2020-06-05"),
                "progressPct"));
  EXPECT_TRUE(has_field(
      check_progress(update(0, "2020-06-02", -1, 0, "in_progress"), p, latest, "2020-06-05"), "progressPct"));
  EXPECT_TRUE(has_field(
      check_progress(update(0, "2020-06-02", 60, 1'000'001, "in_progress"), p, latest, "2020-06-05"),
      "fundsDisbursed"));
  EXPECT_TRUE(
      has_field(check_progress(update(0, "2020-06-02", 60, -1, "in_progress"), p, latest, "2020-06-05"),
                "fundsDisbursed"));
  EXPECT_TRUE(has_field(check_progress(update(0, "2020-06-02", 90, 0, "completed"), p, latest, "2020-06-05"),
                        "status"));
  EXPECT_TRUE(
      check_progress(update(0, "2020-06-02", 100, 1'000'000, "completed"), p, latest, "2020-06-05").empty());
  // No plan: any amount; no latest update: any past date.
  p.funds_planned = 0;
  EXPECT_TRUE(
      check_progress(update(0, "2019-01-01", 5, 9'999'999, "in_progress"), p, std::nullopt, "2020-06-05")
          .empty());
  // Progress may go down (a correction) as long as the date does not.
  EXPECT_TRUE(check_progress(update(0, "2020-06-02", 20, 0, "in_progress"), p, latest, "2020-06-05").empty());
}

TEST(ProjectRules, NextYearCopy) {
  EXPECT_EQ(next_year_code("2020-07", 2020, 2021), "2021-07");
  EXPECT_EQ(next_year_code("2020.07", 2020, 2021), "2021.07");
  EXPECT_EQ(next_year_code("20201", 2020, 2021), "20201");  // no separator: not a year prefix
  EXPECT_EQ(next_year_code("2020", 2020, 2021), "2020");
  EXPECT_EQ(next_year_code("MS-07", 2020, 2021), "MS-07");
  Project p;
  p.id = 7;
  p.year = 2020;
  p.code = "2020-07";
  p.name = "农村改厕";
  p.change_flag = "new";
  p.funds_planned = 5'000'000;
  p.targets = {Target{3, "户厕改造", "户", 1200, 800}};
  p.current.progress_pct = 80;
  p.created_at = "x";
  auto n = copy_for_next_year(p, 2021, "improved");
  EXPECT_EQ(n.id, 0);
  EXPECT_EQ(n.year, 2021);
  EXPECT_EQ(n.code, "2021-07");
  EXPECT_EQ(n.change_flag, "improved");
  EXPECT_EQ(n.previous_id, 7);
  EXPECT_EQ(n.name, "农村改厕");
  EXPECT_EQ(n.funds_planned, 5'000'000);
  ASSERT_EQ(n.targets.size(), 1u);
  EXPECT_EQ(n.targets[0].planned, 1200);
  EXPECT_FALSE(n.targets[0].achieved);
  EXPECT_EQ(n.targets[0].id, 0);
  EXPECT_EQ(n.current.progress_pct, 0);
  EXPECT_TRUE(n.created_at.empty());
}

TEST(ProjectRules, TargetsInOneCell) {
  auto t = parse_targets("农村户厕改造：1200户；资源化利用站:2个\n道路 : 3.5 公里");
  ASSERT_TRUE(t) << t.error().fields.front().message;
  ASSERT_EQ(t->size(), 3u);
  EXPECT_EQ((*t)[0].name, "农村户厕改造");
  EXPECT_EQ((*t)[0].planned, 1200);
  EXPECT_EQ((*t)[0].unit, "户");
  EXPECT_EQ((*t)[2].planned, 3.5);
  EXPECT_EQ((*t)[2].unit, "公里");
  EXPECT_EQ(format_targets(*t), "农村户厕改造：1200户；资源化利用站：2个；道路：3.5公里");
  EXPECT_TRUE(parse_targets("")->empty());
  EXPECT_TRUE(parse_targets(" ； ")->empty());
  EXPECT_EQ(parse_targets("改厕：1,200户")->front().planned, 1200);
  for (const char* bad : {"农村改厕", "改厕：户", "：12户", "改厕：1.2.3户", "a:1:2"}) {
    auto r = parse_targets(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().fields.front().field, "targets");
    EXPECT_NE(r.error().fields.front().message.find("第 1 项"), std::string::npos);
  }
  EXPECT_EQ(format_amount(1200), "1200");
  EXPECT_EQ(format_amount(2.5), "2.5");
  EXPECT_EQ(format_amount(0.125), "0.125");
}

}  // namespace
}  // namespace minsheng::projects
