#include "modules/submissions/quota.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/messages.hpp"

namespace minsheng::submissions {
namespace {

Period period(std::string_view code) {
  auto p = parse_period(code);
  EXPECT_TRUE(p.ok()) << code;
  return p.ok() ? p.value() : Period{};
}

QuotaRule rule(std::string kind, std::string units, int count, std::string per, std::string due,
               std::string counts) {
  QuotaRule r;
  r.kind = std::move(kind);
  r.units = std::move(units);
  r.count = count;
  r.period = std::move(per);
  r.due_day = std::move(due);
  r.counts = std::move(counts);
  return r;
}

LedgerUnit unit(std::int64_t id, std::string name, bool lead, bool eng = false, bool office = false) {
  LedgerUnit u;
  u.id = id;
  u.name = std::move(name);
  u.lead_department = lead;
  u.engineering_department = eng;
  u.office = office;
  return u;
}

LedgerItem item(std::int64_t unit_id, std::string kind, std::optional<std::string> submitted,
                std::optional<std::string> approved = std::nullopt,
                std::optional<std::string> published = std::nullopt, int adoptions = 0) {
  return LedgerItem{
      unit_id, std::move(kind), std::move(submitted), std::move(approved), std::move(published), adoptions};
}

const QuotaRule kNews = rule("news", "lead_departments", 1, "month", "20", "submitted");
const QuotaRule kPhoto = rule("photo_story", "engineering_departments", 1, "year", "12-15", "approved");
const QuotaRule kVoice = rule("voice", "office", 2, "year", "12-15", "approved");

std::vector<LedgerRow> run(std::vector<QuotaRule> rules, std::vector<LedgerUnit> units,
                           std::vector<LedgerItem> items, std::string_view asked, std::string_view today) {
  return ledger(rules, units, items, period(asked), today);
}

// ---------------------------------------------------------------------------------------------------------
// Periods.

TEST(QuotaPeriod, ParsesMonthsQuartersAndYears) {
  const Period m = period("2020-06");
  EXPECT_EQ(m.kind, Period::Kind::Month);
  EXPECT_EQ(m.year, 2020);
  EXPECT_EQ(m.index, 6);
  EXPECT_EQ(m.first_day, "2020-06-01");
  EXPECT_EQ(m.last_day, "2020-06-30");
  EXPECT_EQ(m.code(), "2020-06");

  const Period q = period("2020-Q2");
  EXPECT_EQ(q.kind, Period::Kind::Quarter);
  EXPECT_EQ(q.index, 2);
  EXPECT_EQ(q.first_day, "2020-04-01");
  EXPECT_EQ(q.last_day, "2020-06-30");
  EXPECT_EQ(q.code(), "2020-Q2");

  const Period y = period("2020");
  EXPECT_EQ(y.kind, Period::Kind::Year);
  EXPECT_EQ(y.index, 0);
  EXPECT_EQ(y.first_day, "2020-01-01");
  EXPECT_EQ(y.last_day, "2020-12-31");
  EXPECT_EQ(y.code(), "2020");

  EXPECT_EQ(period("2020-02").last_day, "2020-02-29");
  EXPECT_EQ(period("2021-02").last_day, "2021-02-28");
  EXPECT_EQ(period("1900-02").last_day, "1900-02-28");
  EXPECT_EQ(period("2000-02").last_day, "2000-02-29");
  EXPECT_EQ(period("2020-01").first_day, "2020-01-01");
  EXPECT_EQ(period("2020-12").last_day, "2020-12-31");
  EXPECT_EQ(period("2020-Q1").first_day, "2020-01-01");
  EXPECT_EQ(period("2020-Q1").last_day, "2020-03-31");
  EXPECT_EQ(period("2020-Q3").first_day, "2020-07-01");
  EXPECT_EQ(period("2020-Q3").last_day, "2020-09-30");
  EXPECT_EQ(period("2020-Q4").first_day, "2020-10-01");
  EXPECT_EQ(period("2020-Q4").last_day, "2020-12-31");
  for (int i = 1; i <= 12; ++i) {
    const std::string code = "2021-" + std::string(i < 10 ? "0" : "") + std::to_string(i);
    EXPECT_EQ(period(code).code(), code);
  }
}

TEST(QuotaPeriod, RefusesAnythingElseWithAChineseFieldError) {
  for (std::string_view bad :
       {"2020-13", "2020-Q5",  "20",       "2020-6",  "2020-00", "2020-Q0", "2020-q2", "",
        "2020-",   "20200",    "2020/06",  " 2020",   "2020 ",   "1899",    "3000",    "2020-06-01",
        "2020-Q",  "2020-Q12", "２０２０", "2020-H1", "abcd",    "-2020",   "2020-1Q", "2020-+6"}) {
    const auto r = parse_period(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
    ASSERT_EQ(r.error().fields.size(), 1U);
    EXPECT_EQ(r.error().fields[0].field, "period");
    EXPECT_EQ(r.error().fields[0].message, messages::for_field("submission.bad_period", "period"));
  }
  EXPECT_TRUE(messages::has("submission.bad_period"));
  const std::string msg = messages::for_field("submission.bad_period", "period");
  EXPECT_EQ(msg.find("{field}"), std::string::npos);
  EXPECT_NE(msg.find("2020-Q2"), std::string::npos);
  EXPECT_NE(msg.find("季度"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------------------
// Rules and due dates.

TEST(QuotaRules, DefaultsAreThePlansThreeRules) {
  const auto rules = default_rules();
  ASSERT_EQ(rules.size(), 3U);
  EXPECT_EQ(rules[0].kind, "news");
  EXPECT_EQ(rules[0].units, "lead_departments");
  EXPECT_EQ(rules[0].count, 1);
  EXPECT_EQ(rules[0].period, "month");
  EXPECT_EQ(rules[0].due_day, "20");
  EXPECT_EQ(rules[0].counts, "submitted");
  EXPECT_EQ(rules[1].kind, "photo_story");
  EXPECT_EQ(rules[1].units, "engineering_departments");
  EXPECT_EQ(rules[1].count, 1);
  EXPECT_EQ(rules[1].period, "year");
  EXPECT_EQ(rules[1].due_day, "12-15");
  EXPECT_EQ(rules[1].counts, "approved");
  EXPECT_EQ(rules[2].kind, "voice");
  EXPECT_EQ(rules[2].units, "office");
  EXPECT_EQ(rules[2].count, 2);
  EXPECT_EQ(rules[2].period, "year");
  EXPECT_EQ(rules[2].due_day, "12-15");
  EXPECT_EQ(rules[2].counts, "approved");
  for (const auto& r : rules)
    EXPECT_TRUE(validate_rule(r).empty()) << r.kind;
}

TEST(QuotaRules, ValidationNamesEachBadField) {
  EXPECT_TRUE(validate_rule(rule("news", "office", 3, "quarter", "31", "published")).empty());
  EXPECT_TRUE(validate_rule(rule("voice", "office", 100, "year", "2-29", "submitted")).empty());
  QuotaRule listed = rule("news", "list", 1, "month", "1", "submitted");
  EXPECT_EQ(validate_rule(listed).size(), 1U);
  EXPECT_EQ(validate_rule(listed)[0].field, "unitIds");
  listed.unit_ids = {4, 5};
  EXPECT_TRUE(validate_rule(listed).empty());

  const auto errs = validate_rule(rule("poem", "everyone", 0, "week", "20", "read"), "rules[2].");
  std::vector<std::string> fields;
  for (const auto& e : errs) {
    fields.push_back(e.field);
    EXPECT_FALSE(e.message.empty());
    EXPECT_EQ(e.message.find("{"), std::string::npos) << e.message;
  }
  EXPECT_EQ(fields, (std::vector<std::string>{"rules[2].kind", "rules[2].units", "rules[2].count",
                                              "rules[2].period", "rules[2].counts"}));
  EXPECT_EQ(validate_rule(rule("news", "office", 101, "month", "20", "submitted"))[0].field, "count");
  for (std::string_view bad_day : {"0", "32", "", "20th", "12-15", "-1", "001"}) {
    const auto e = validate_rule(rule("news", "office", 1, "month", std::string(bad_day), "submitted"));
    ASSERT_EQ(e.size(), 1U) << bad_day;
    EXPECT_EQ(e[0].field, "dueDay");
    EXPECT_EQ(e[0].message, messages::for_field("quota.bad_due_day", "dueDay"));
  }
  for (std::string_view bad_md : {"20", "13-01", "12-32", "02-30", "00-10", "12-", "-15", "12/15", "123-1"}) {
    const auto e = validate_rule(rule("voice", "office", 1, "year", std::string(bad_md), "approved"));
    ASSERT_EQ(e.size(), 1U) << bad_md;
    EXPECT_EQ(e[0].field, "dueDay");
  }
}

TEST(QuotaRules, DueDates) {
  EXPECT_EQ(due_date(kNews, period("2020-06")), "2020-06-20");
  EXPECT_EQ(due_date(kNews, period("2020-12")), "2020-12-20");
  QuotaRule end_of_month = kNews;
  end_of_month.due_day = "31";
  EXPECT_EQ(due_date(end_of_month, period("2020-06")), "2020-06-30");
  EXPECT_EQ(due_date(end_of_month, period("2020-02")), "2020-02-29");
  EXPECT_EQ(due_date(end_of_month, period("2021-02")), "2021-02-28");
  EXPECT_EQ(due_date(end_of_month, period("2021-01")), "2021-01-31");
  QuotaRule first = kNews;
  first.due_day = "1";
  EXPECT_EQ(due_date(first, period("2020-06")), "2020-06-01");

  QuotaRule quarterly = rule("news", "office", 1, "quarter", "20", "submitted");
  EXPECT_EQ(due_date(quarterly, period("2020-Q1")), "2020-03-20");
  EXPECT_EQ(due_date(quarterly, period("2020-Q4")), "2020-12-20");
  quarterly.due_day = "31";
  EXPECT_EQ(due_date(quarterly, period("2020-Q2")), "2020-06-30");
  EXPECT_EQ(due_date(quarterly, period("2020-Q3")), "2020-09-30");

  EXPECT_EQ(due_date(kPhoto, period("2020")), "2020-12-15");
  QuotaRule leap_day = kVoice;
  leap_day.due_day = "02-29";
  EXPECT_EQ(due_date(leap_day, period("2020")), "2020-02-29");
  EXPECT_EQ(due_date(leap_day, period("2021")), "2021-02-28");
  leap_day.due_day = "2-5";
  EXPECT_EQ(due_date(leap_day, period("2021")), "2021-02-05");

  // A due day that does not parse: the end of the period.
  QuotaRule broken = kNews;
  broken.due_day = "soon";
  EXPECT_EQ(due_date(broken, period("2020-06")), "2020-06-30");
  broken = kPhoto;
  broken.due_day = "15";
  EXPECT_EQ(due_date(broken, period("2020")), "2020-12-31");
}

// ---------------------------------------------------------------------------------------------------------
// The ledger.

const LedgerUnit kSocial = unit(11, "镇社保所", true);
const LedgerUnit kWater = unit(12, "镇水利站", true, true);
const LedgerUnit kOffice = unit(1, "镇民生办", false, false, true);
const LedgerUnit kVillage = unit(21, "东风村", false);

TEST(QuotaLedger, OneMonthOneItemOnTime) {
  const auto rows = run({kNews}, {kSocial}, {item(11, "news", "2020-06-10")}, "2020-06", "2020-06-12");
  ASSERT_EQ(rows.size(), 1U);
  const LedgerRow& r = rows[0];
  EXPECT_EQ(r.unit_id, 11);
  EXPECT_EQ(r.unit_name, "镇社保所");
  EXPECT_EQ(r.kind, "news");
  EXPECT_EQ(r.period, "2020-06");
  EXPECT_EQ(r.due_date, "2020-06-20");
  EXPECT_EQ(r.owed, 1);
  EXPECT_EQ(r.submitted, 1);
  EXPECT_EQ(r.approved, 0);
  EXPECT_EQ(r.published, 0);
  EXPECT_EQ(r.adopted, 0);
  EXPECT_EQ(r.counted, 1);
  EXPECT_EQ(r.late, 0);
  EXPECT_EQ(r.missing, 0);
  EXPECT_FALSE(r.overdue);
  EXPECT_EQ(r.days_left, 8);
}

TEST(QuotaLedger, ItemsSubmittedAfterTheirDueDay) {
  // Nothing yet: counting down, then due today, then overdue.
  auto rows = run({kNews}, {kSocial}, {}, "2020-06", "2020-06-19");
  EXPECT_EQ(rows[0].days_left, 1);
  EXPECT_FALSE(rows[0].overdue);
  EXPECT_EQ(rows[0].missing, 1);
  rows = run({kNews}, {kSocial}, {}, "2020-06", "2020-06-20");
  EXPECT_EQ(rows[0].days_left, 0);
  EXPECT_FALSE(rows[0].overdue);  // the due day itself is still on time
  rows = run({kNews}, {kSocial}, {}, "2020-06", "2020-06-21");
  EXPECT_EQ(rows[0].days_left, -1);
  EXPECT_TRUE(rows[0].overdue);

  // Submitted on the due day: on time. The day after: counted, but late; no longer overdue.
  rows = run({kNews}, {kSocial}, {item(11, "news", "2020-06-20")}, "2020-06", "2020-06-28");
  EXPECT_EQ(rows[0].counted, 1);
  EXPECT_EQ(rows[0].late, 0);
  rows = run({kNews}, {kSocial}, {item(11, "news", "2020-06-21")}, "2020-06", "2020-06-28");
  EXPECT_EQ(rows[0].counted, 1);
  EXPECT_EQ(rows[0].late, 1);
  EXPECT_EQ(rows[0].missing, 0);
  EXPECT_FALSE(rows[0].overdue);
  EXPECT_EQ(rows[0].days_left, -8);

  // A yearly photo story approved after 15 December.
  rows = run({kPhoto}, {kWater}, {item(12, "photo_story", "2020-12-10", "2020-12-16")}, "2020", "2020-12-31");
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].counted, 1);
  EXPECT_EQ(rows[0].late, 1);
  EXPECT_FALSE(rows[0].overdue);
  // Submitted in time but approved late is late: the rule counts approval.
  rows = run({kPhoto}, {kWater}, {item(12, "photo_story", "2020-11-01", "2020-12-20")}, "2020", "2021-01-01");
  EXPECT_EQ(rows[0].late, 1);

  // Two news in June, one on time and one late: both counted, one late, nothing missing.
  rows = run({kNews}, {kSocial}, {item(11, "news", "2020-06-02"), item(11, "news", "2020-06-29")}, "2020-06",
             "2020-06-30");
  EXPECT_EQ(rows[0].counted, 2);
  EXPECT_EQ(rows[0].late, 1);
  EXPECT_EQ(rows[0].missing, 0);
}

TEST(QuotaLedger, PeriodsCrossingTheYearEnd) {
  // December's news first submitted on 3 January counts for January 2021, not December 2020.
  const std::vector<LedgerItem> items = {item(11, "news", "2021-01-03")};
  auto rows = run({kNews}, {kSocial}, items, "2020-12", "2021-01-05");
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].period, "2020-12");
  EXPECT_EQ(rows[0].due_date, "2020-12-20");
  EXPECT_EQ(rows[0].counted, 0);
  EXPECT_EQ(rows[0].submitted, 0);
  EXPECT_EQ(rows[0].missing, 1);
  EXPECT_TRUE(rows[0].overdue);
  EXPECT_EQ(rows[0].days_left, -16);
  rows = run({kNews}, {kSocial}, items, "2021-01", "2021-01-05");
  EXPECT_EQ(rows[0].period, "2021-01");
  EXPECT_EQ(rows[0].due_date, "2021-01-20");
  EXPECT_EQ(rows[0].counted, 1);
  EXPECT_EQ(rows[0].late, 0);
  EXPECT_EQ(rows[0].days_left, 15);
  // Nor anywhere in the year 2020, nor in its last quarter.
  int counted = 0;
  for (const auto& r : run({kNews}, {kSocial}, items, "2020", "2021-01-05"))
    counted += r.counted;
  EXPECT_EQ(counted, 0);
  EXPECT_EQ(run({kNews}, {kSocial}, items, "2020-Q4", "2021-01-05").back().counted, 0);
  EXPECT_EQ(run({kNews}, {kSocial}, items, "2021-Q1", "2021-01-05").front().counted, 1);

  // A photo story submitted in December 2020 waits in 2020's row until it is approved ...
  auto pending = run({kPhoto}, {kWater}, {item(12, "photo_story", "2020-12-10")}, "2020", "2020-12-31");
  EXPECT_EQ(pending[0].submitted, 1);
  EXPECT_EQ(pending[0].approved, 0);
  EXPECT_EQ(pending[0].counted, 0);
  EXPECT_EQ(pending[0].missing, 1);
  EXPECT_TRUE(pending[0].overdue);
  // ... and, approved on 5 January, counts for 2021 (never for both years).
  const std::vector<LedgerItem> approved = {item(12, "photo_story", "2020-12-10", "2021-01-05")};
  auto y2020 = run({kPhoto}, {kWater}, approved, "2020", "2021-01-06");
  EXPECT_EQ(y2020[0].submitted, 0);
  EXPECT_EQ(y2020[0].counted, 0);
  EXPECT_EQ(y2020[0].missing, 1);
  auto y2021 = run({kPhoto}, {kWater}, approved, "2021-01", "2021-01-06");
  ASSERT_EQ(y2021.size(), 1U);
  EXPECT_EQ(y2021[0].period, "2021");
  EXPECT_EQ(y2021[0].due_date, "2021-12-15");
  EXPECT_EQ(y2021[0].counted, 1);
  EXPECT_EQ(y2021[0].submitted, 1);
  EXPECT_EQ(y2021[0].late, 0);

  // A quarterly rule: Q4 ends with the year.
  const QuotaRule quarterly = rule("news", "lead_departments", 2, "quarter", "25", "submitted");
  auto q = run({quarterly}, {kSocial}, {item(11, "news", "2020-12-31"), item(11, "news", "2021-01-01")},
               "2020-Q4", "2021-01-01");
  EXPECT_EQ(q[0].due_date, "2020-12-25");
  EXPECT_EQ(q[0].counted, 1);
  EXPECT_EQ(q[0].late, 1);
  EXPECT_EQ(q[0].missing, 1);
  EXPECT_TRUE(q[0].overdue);
}

TEST(QuotaLedger, MonthlyRuleAskedForAQuarterOrAYearGivesOneRowPerMonth) {
  auto rows = run({kNews}, {kSocial}, {item(11, "news", "2020-05-05")}, "2020-Q2", "2020-05-10");
  ASSERT_EQ(rows.size(), 3U);
  EXPECT_EQ(rows[0].period, "2020-04");
  EXPECT_EQ(rows[1].period, "2020-05");
  EXPECT_EQ(rows[2].period, "2020-06");
  EXPECT_EQ(rows[0].due_date, "2020-04-20");
  EXPECT_EQ(rows[2].due_date, "2020-06-20");
  EXPECT_TRUE(rows[0].overdue);
  EXPECT_EQ(rows[1].counted, 1);
  EXPECT_FALSE(rows[1].overdue);
  EXPECT_FALSE(rows[2].overdue);
  EXPECT_EQ(rows[2].days_left, 41);

  rows = run({kNews}, {kSocial}, {}, "2020", "2020-05-10");
  ASSERT_EQ(rows.size(), 12U);
  for (int m = 1; m <= 12; ++m) {
    const std::string code = "2020-" + std::string(m < 10 ? "0" : "") + std::to_string(m);
    EXPECT_EQ(rows[m - 1].period, code);
    EXPECT_EQ(rows[m - 1].due_date, code + "-20");
    EXPECT_EQ(rows[m - 1].overdue, m <= 4) << m;
  }
}

TEST(QuotaLedger, QuarterlyAndYearlyRulesAskedForShorterOrLongerPeriods) {
  const QuotaRule quarterly = rule("news", "lead_departments", 1, "quarter", "20", "submitted");
  auto rows = run({quarterly}, {kSocial}, {item(11, "news", "2020-04-02")}, "2020-05", "2020-05-10");
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].period, "2020-Q2");
  EXPECT_EQ(rows[0].due_date, "2020-06-20");
  EXPECT_EQ(rows[0].counted, 1);  // April's item counts for the quarter asked through May
  rows = run({quarterly}, {kSocial}, {}, "2020", "2020-05-10");
  ASSERT_EQ(rows.size(), 4U);
  EXPECT_EQ(rows[0].period, "2020-Q1");
  EXPECT_EQ(rows[3].period, "2020-Q4");
  EXPECT_EQ(rows[3].due_date, "2020-12-20");
  rows = run({quarterly}, {kSocial}, {}, "2020-Q3", "2020-05-10");
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].period, "2020-Q3");

  // A yearly rule shows its year's row whatever month or quarter of that year is asked.
  for (std::string_view asked : {"2020-01", "2020-06", "2020-12", "2020-Q1", "2020-Q4", "2020"}) {
    rows =
        run({kPhoto}, {kWater}, {item(12, "photo_story", "2020-03-01", "2020-03-05")}, asked, "2020-06-10");
    ASSERT_EQ(rows.size(), 1U) << asked;
    EXPECT_EQ(rows[0].period, "2020");
    EXPECT_EQ(rows[0].due_date, "2020-12-15");
    EXPECT_EQ(rows[0].counted, 1);
    EXPECT_EQ(rows[0].days_left, 188);
  }
}

TEST(QuotaLedger, WhichUnitsOweWhat) {
  const std::vector<QuotaRule> rules = default_rules();
  const std::vector<LedgerUnit> units = {kSocial, kWater, kOffice, kVillage};
  const auto rows = run(rules, units, {}, "2020-06", "2020-06-01");
  // Social security: news; water: news + photo story; office: voices; the village: nothing.
  ASSERT_EQ(rows.size(), 4U);
  EXPECT_EQ(rows[0].unit_id, 11);
  EXPECT_EQ(rows[0].kind, "news");
  EXPECT_EQ(rows[1].unit_id, 12);
  EXPECT_EQ(rows[1].kind, "news");
  EXPECT_EQ(rows[2].unit_id, 12);
  EXPECT_EQ(rows[2].kind, "photo_story");
  EXPECT_EQ(rows[2].period, "2020");
  EXPECT_EQ(rows[3].unit_id, 1);
  EXPECT_EQ(rows[3].kind, "voice");
  EXPECT_EQ(rows[3].owed, 2);
  EXPECT_EQ(rows[3].missing, 2);
  EXPECT_TRUE(run(rules, {kVillage}, {}, "2020", "2020-06-01").empty());
  EXPECT_TRUE(run({}, units, {}, "2020", "2020-06-01").empty());

  // A named list.
  QuotaRule listed = rule("news", "list", 3, "month", "10", "published");
  listed.unit_ids = {21};
  const auto l = run({listed}, units, {}, "2020-06", "2020-06-01");
  ASSERT_EQ(l.size(), 1U);
  EXPECT_EQ(l[0].unit_id, 21);
  EXPECT_EQ(l[0].owed, 3);
  EXPECT_EQ(l[0].due_date, "2020-06-10");

  // Unknown unit sets or periods give nothing.
  EXPECT_TRUE(
      run({rule("news", "all", 1, "month", "20", "submitted")}, units, {}, "2020", "2020-01-01").empty());
  EXPECT_TRUE(
      run({rule("news", "office", 1, "week", "20", "submitted")}, units, {}, "2020", "2020-01-01").empty());
}

TEST(QuotaLedger, UnitsCreatedMidYear) {
  LedgerUnit fresh = unit(30, "镇新设部门", true, true);
  fresh.created_on = "2020-03-25";
  const std::vector<LedgerItem> items = {item(30, "news", "2020-03-28")};
  auto rows = run({kNews}, {fresh}, items, "2020", "2020-04-01");
  // January and February ended before it existed: no rows. March's due day (20th) was before it: owes 0,
  // but its item is shown. From April it owes.
  ASSERT_EQ(rows.size(), 10U);
  EXPECT_EQ(rows[0].period, "2020-03");
  EXPECT_EQ(rows[0].owed, 0);
  EXPECT_EQ(rows[0].submitted, 1);
  EXPECT_EQ(rows[0].counted, 1);
  EXPECT_EQ(rows[0].late, 1);
  EXPECT_EQ(rows[0].missing, 0);
  EXPECT_FALSE(rows[0].overdue);
  EXPECT_EQ(rows[1].period, "2020-04");
  EXPECT_EQ(rows[1].owed, 1);
  EXPECT_TRUE(run({kNews}, {fresh}, items, "2020-02", "2020-04-01").empty());
  EXPECT_EQ(run({kNews}, {fresh}, {}, "2020-03", "2020-04-01")[0].missing, 0);
  EXPECT_FALSE(run({kNews}, {fresh}, {}, "2020-03", "2020-04-01")[0].overdue);

  // Created on the due day itself: it owes that period.
  fresh.created_on = "2020-03-20";
  EXPECT_EQ(run({kNews}, {fresh}, {}, "2020-03", "2020-04-01")[0].owed, 1);
  // A timestamp is read by its day.
  fresh.created_on = "2020-03-21T08:00:00.000Z";
  EXPECT_EQ(run({kNews}, {fresh}, {}, "2020-03", "2020-04-01")[0].owed, 0);
  // Yearly: created after 15 December owes nothing that year; created before, it owes.
  fresh.created_on = "2020-12-16";
  auto y = run({kPhoto}, {fresh}, {}, "2020", "2020-12-31");
  ASSERT_EQ(y.size(), 1U);
  EXPECT_EQ(y[0].owed, 0);
  EXPECT_FALSE(y[0].overdue);
  fresh.created_on = "2020-07-01";
  EXPECT_EQ(run({kPhoto}, {fresh}, {}, "2020", "2020-12-31")[0].owed, 1);
  // Created in a later year: nothing for this one.
  fresh.created_on = "2021-01-01";
  EXPECT_TRUE(run({kNews, kPhoto}, {fresh}, {}, "2020", "2020-12-31").empty());
  // Created long before: as if always there.
  fresh.created_on = "2015-05-05";
  EXPECT_EQ(run({kNews}, {fresh}, {}, "2020", "2020-12-31").size(), 12U);
}

TEST(QuotaLedger, CountingFollowsTheRulesStep) {
  const QuotaRule approved_monthly = rule("news", "lead_departments", 1, "month", "20", "approved");
  const QuotaRule published_monthly = rule("news", "lead_departments", 1, "month", "20", "published");
  // Submitted in May, approved 2 June, published 25 June.
  const std::vector<LedgerItem> items = {item(11, "news", "2020-05-30", "2020-06-02", "2020-06-25", 1)};

  auto may = run({kNews}, {kSocial}, items, "2020-05", "2020-07-01");
  EXPECT_EQ(may[0].counted, 1);
  EXPECT_EQ(may[0].late, 1);  // submitted after 20 May
  EXPECT_EQ(may[0].submitted, 1);
  EXPECT_EQ(may[0].approved, 1);
  EXPECT_EQ(may[0].published, 1);
  EXPECT_EQ(may[0].adopted, 1);

  may = run({approved_monthly}, {kSocial}, items, "2020-05", "2020-07-01");
  EXPECT_EQ(may[0].counted, 0);
  EXPECT_EQ(may[0].submitted, 0);
  auto june = run({approved_monthly}, {kSocial}, items, "2020-06", "2020-07-01");
  EXPECT_EQ(june[0].counted, 1);
  EXPECT_EQ(june[0].late, 0);

  june = run({published_monthly}, {kSocial}, items, "2020-06", "2020-07-01");
  EXPECT_EQ(june[0].counted, 1);
  EXPECT_EQ(june[0].late, 1);  // published on the 25th

  // Pending items wait in the period of their latest step: approved but not yet published.
  const std::vector<LedgerItem> pending = {item(11, "news", "2020-05-30", "2020-06-02")};
  june = run({published_monthly}, {kSocial}, pending, "2020-06", "2020-06-10");
  EXPECT_EQ(june[0].submitted, 1);
  EXPECT_EQ(june[0].approved, 1);
  EXPECT_EQ(june[0].published, 0);
  EXPECT_EQ(june[0].counted, 0);
  EXPECT_EQ(june[0].missing, 1);
  may = run({published_monthly}, {kSocial}, pending, "2020-05", "2020-06-10");
  EXPECT_EQ(may[0].submitted, 0);

  // Drafts, other units' items, other kinds never count.
  const std::vector<LedgerItem> noise = {item(11, "news", std::nullopt), item(12, "news", "2020-06-01"),
                                         item(11, "voice", "2020-06-01"), item(11, "news", "not a date")};
  june = run({kNews}, {kSocial}, noise, "2020-06", "2020-06-10");
  EXPECT_EQ(june[0].submitted, 0);
  EXPECT_EQ(june[0].counted, 0);
}

TEST(QuotaLedger, ItemsNeverCountTwiceAndMissingNeverGoesNegative) {
  std::vector<LedgerItem> items;
  // Three in January, none in February, one a month after.
  items.push_back(item(11, "news", "2020-01-02"));
  items.push_back(item(11, "news", "2020-01-15"));
  items.push_back(item(11, "news", "2020-01-31"));
  for (int m = 3; m <= 12; ++m)
    items.push_back(item(11, "news", "2020-" + std::string(m < 10 ? "0" : "") + std::to_string(m) + "-05"));
  items.push_back(item(11, "news", "2019-12-31"));
  items.push_back(item(11, "news", "2021-01-01"));
  const auto rows = run({kNews}, {kSocial}, items, "2020", "2020-12-31");
  ASSERT_EQ(rows.size(), 12U);
  int counted = 0, missing = 0;
  for (const auto& r : rows) {
    counted += r.counted;
    missing += r.missing;
    EXPECT_GE(r.missing, 0);
  }
  EXPECT_EQ(counted, 13);
  EXPECT_EQ(rows[0].counted, 3);
  EXPECT_EQ(rows[0].missing, 0);  // the surplus does not carry over to February
  EXPECT_EQ(rows[1].missing, 1);
  EXPECT_TRUE(rows[1].overdue);
  EXPECT_EQ(missing, 1);
}

TEST(QuotaLedger, RowsComeUnitByUnitThenRuleThenPeriod) {
  const std::vector<QuotaRule> rules = {kNews, kPhoto};
  const auto rows = run(rules, {kWater, kSocial}, {}, "2020-Q1", "2020-01-01");
  std::vector<std::string> order;
  for (const auto& r : rows)
    order.push_back(std::to_string(r.unit_id) + " " + r.kind + " " + r.period);
  EXPECT_EQ(order, (std::vector<std::string>{"12 news 2020-01", "12 news 2020-02", "12 news 2020-03",
                                             "12 photo_story 2020", "11 news 2020-01", "11 news 2020-02",
                                             "11 news 2020-03"}));
}

TEST(QuotaLedger, TodayThatIsNotADate) {
  const auto rows = run({kNews}, {kSocial}, {}, "2020-06", "");
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].days_left, 0);
  EXPECT_FALSE(rows[0].overdue);
}

}  // namespace
}  // namespace minsheng::submissions
