#pragma once
// The quota ledger (issue 5), pure: rules + units + submissions + a period → who owes what, by when, and how
// much is done. Computed from the records every time, never stored. Dates are Asia/Shanghai YYYY-MM-DD.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace minsheng::submissions {

// A period: a month "2020-06", a quarter "2020-Q2" or a year "2020".
struct Period {
  enum class Kind { Month, Quarter, Year } kind = Kind::Year;
  int year = 0;
  int index = 0;                    // month 1-12, quarter 1-4, 0 for a year
  std::string first_day, last_day;  // inclusive, YYYY-MM-DD
  std::string code() const;         // "2020-06" | "2020-Q2" | "2020"
};
// Strict: "2020-6", "2020-13", "2020-Q5", "2020-q2", "20" are refused (InvalidArgument, a field error on
// "period", message submission.bad_period). Years 1900..2999.
Result<Period> parse_period(std::string_view code);  // field "period" on error

struct QuotaRule {
  std::int64_t id = 0;
  std::string kind;                    // news | photo_story | voice
  std::string units;                   // lead_departments | engineering_departments | office | list
  std::vector<std::int64_t> unit_ids;  // for list
  int count = 1;
  std::string period;   // month | quarter | year
  std::string due_day;  // month/quarter: "20" (day of the period's last month); year: "12-15"
  std::string counts;   // submitted | approved | published
};
// The plan's three rules (§四(三)): every lead department 1 news a month (due the 20th, counting submitted);
// every engineering lead department 1 photo story a year (due 12-15, counting approved); the office 2 voices
// a year (due 12-15, counting approved).
std::vector<QuotaRule> default_rules();

// Field errors of a rule (for PUT /quota-rules); fields are `prefix` + kind, units, unitIds, count (1..100),
// period, dueDay, counts.
std::vector<FieldError> validate_rule(const QuotaRule& rule, std::string_view prefix = "");

// The due date of `rule` for one of its periods `p` (p.kind matching rule.period): month: day D of the month;
// quarter: day D of the quarter's last month; year: MM-DD of the year; a day past the month's end is clamped
// to its last day (31 → 06-30, 02-29 → 02-28 in a common year). A due_day that does not parse falls back to
// the period's last day.
std::string due_date(const QuotaRule& rule, const Period& p);

struct LedgerUnit {
  std::int64_t id = 0;
  std::string name;
  bool lead_department = false;         // leads a project of the year
  bool engineering_department = false;  // leads an engineering project of the year
  bool office = false;                  // the town's 镇民生办
  std::optional<std::string>
      created_on;  // a unit created mid-year owes nothing for periods before it existed
};

// What the ledger needs of one submission (dates as Asia/Shanghai days; nullopt when that step has not
// happened or was undone: a withdrawn item, back in draft, has no submitted_on; an unpublished one no
// published_on).
struct LedgerItem {
  std::int64_t unit_id = 0;
  std::string kind;
  std::optional<std::string> submitted_on;  // the first submission
  std::optional<std::string> approved_on;
  std::optional<std::string> published_on;
  int adoptions = 0;
};

struct LedgerRow {
  std::int64_t unit_id = 0;
  std::string unit_name;
  std::string kind;
  std::string period;    // the rule's period inside the asked one, e.g. "2020-06"
  std::string due_date;  // YYYY-MM-DD
  int owed = 0;
  int submitted = 0, approved = 0, published = 0, adopted = 0;
  int counted = 0;       // what the rule counts (submitted, approved or published), by the due date or later
  int late = 0;          // counted items whose counting step happened after the due date
  int missing = 0;       // owed - counted, not below 0
  bool overdue = false;  // today > due date and missing > 0
  int days_left = 0;     // due date - today (negative when past)
};

// One row per (rule, unit, rule period inside `asked`) for every rule that applies to the unit; items of a
// period are those whose counting step falls in that period (items of other periods never count twice).
// `today` decides overdue/days_left.
// Semantics (decided with issue 5):
// - Rule periods: every period of the rule that overlaps `asked`. A monthly rule asked for 2020-Q2 gives 04,
// 05,
//   06; for 2020 twelve rows. A quarterly rule asked for 2020-05 gives 2020-Q2. A yearly rule gives its
//   year's row for any month or quarter of it (so a unit's home page, showing this month, shows the year's
//   obligation and its countdown).
// - Which units: lead_departments / engineering_departments / office by the unit's flags, list by unit_ids; a
//   unit no rule applies to has no rows. Rows come unit by unit (in the order given), then rule by rule (in
//   the order given), then by period.
// - A unit with created_on: no row for a rule period that ended before it; owed 0 for one whose due date was
//   before it (it may still have items there, they are shown).
// - Items: the unit's items of the rule's kind. Each belongs to the rule period containing its counting
// step's
//   date (rule.counts: first submission, approval or publication); an item that has not reached the counting
//   step yet (submitted, not yet approved) belongs, pending, to the period of its latest earlier step, and
//   moves when the counting step happens. Drafts (no step) never appear. So a December item first submitted
//   on 2021-01-03 counts for 2021-01, never for 2020-12.
// - Columns over the row's items: submitted / approved / published = items that have that step, adopted =
// items
//   with at least one adoption, counted = items that have the counting step (in this period by construction),
//   late = counted whose counting step is after the due date, missing = max(0, owed - counted).
// - overdue = today > due date and missing > 0; days_left = due date - today (0 when `today` is not a date).
std::vector<LedgerRow> ledger(std::span<const QuotaRule> rules, std::span<const LedgerUnit> units,
                              std::span<const LedgerItem> items, const Period& asked, std::string_view today);

}  // namespace minsheng::submissions
