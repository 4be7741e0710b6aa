#include "modules/submissions/quota.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <limits>

#include "core/messages.hpp"

namespace minsheng::submissions {
namespace {

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2999;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// The value of `s` when it is all ASCII digits (1..4 of them), else -1.
int digits_value(std::string_view s) {
  if (s.empty() || s.size() > 4) return -1;
  int v = 0;
  for (char c : s) {
    if (!is_digit(c)) return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

bool leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

std::string ymd(int y, int m, int d) {
  return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

// Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's days_from_civil).
long days_from_civil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// Day number of a "YYYY-MM-DD…" date (only the first 10 characters are read); nullopt when not a date.
std::optional<long> day_number(std::string_view s) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  const int y = digits_value(s.substr(0, 4));
  const int m = digits_value(s.substr(5, 2));
  const int d = digits_value(s.substr(8, 2));
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
  return days_from_civil(y, m, d);
}

std::string_view day_of(std::string_view s) {
  return s.substr(0, std::min<std::size_t>(s.size(), 10));
}

Period make_period(Period::Kind kind, int year, int index) {
  Period p;
  p.kind = kind;
  p.year = year;
  p.index = index;
  switch (kind) {
    case Period::Kind::Month:
      p.first_day = ymd(year, index, 1);
      p.last_day = ymd(year, index, days_in_month(year, index));
      break;
    case Period::Kind::Quarter:
      p.first_day = ymd(year, index * 3 - 2, 1);
      p.last_day = ymd(year, index * 3, days_in_month(year, index * 3));
      break;
    case Period::Kind::Year:
      p.index = 0;
      p.first_day = ymd(year, 1, 1);
      p.last_day = ymd(year, 12, 31);
      break;
  }
  return p;
}

Error bad_period() {
  return Error::field(ErrorCode::InvalidArgument, "period",
                      messages::for_field("submission.bad_period", "period"));
}

std::optional<Period::Kind> rule_period_kind(std::string_view period) {
  if (period == "month") return Period::Kind::Month;
  if (period == "quarter") return Period::Kind::Quarter;
  if (period == "year") return Period::Kind::Year;
  return std::nullopt;
}

// The month (1-12) of a period's first and last month.
int first_month(const Period& p) {
  switch (p.kind) {
    case Period::Kind::Month:
      return p.index;
    case Period::Kind::Quarter:
      return p.index * 3 - 2;
    case Period::Kind::Year:
      return 1;
  }
  return 1;
}
int last_month(const Period& p) {
  switch (p.kind) {
    case Period::Kind::Month:
      return p.index;
    case Period::Kind::Quarter:
      return p.index * 3;
    case Period::Kind::Year:
      return 12;
  }
  return 12;
}

// The periods of kind `kind` that overlap `asked` (same year by construction), in order.
std::vector<Period> periods_overlapping(Period::Kind kind, const Period& asked) {
  std::vector<Period> out;
  const int from = first_month(asked);
  const int to = last_month(asked);
  switch (kind) {
    case Period::Kind::Month:
      for (int m = from; m <= to; ++m)
        out.push_back(make_period(Period::Kind::Month, asked.year, m));
      break;
    case Period::Kind::Quarter:
      for (int q = (from - 1) / 3 + 1; q <= (to - 1) / 3 + 1; ++q)
        out.push_back(make_period(Period::Kind::Quarter, asked.year, q));
      break;
    case Period::Kind::Year:
      out.push_back(make_period(Period::Kind::Year, asked.year, 0));
      break;
  }
  return out;
}

// A month/quarter due day "1".."31"; nullopt otherwise.
std::optional<int> parse_day(std::string_view s) {
  if (s.empty() || s.size() > 2) return std::nullopt;
  const int d = digits_value(s);
  if (d < 1 || d > 31) return std::nullopt;
  return d;
}

// A yearly due day "MM-DD" (or "M-D"); the day may be up to the month's length in a leap year.
std::optional<std::pair<int, int>> parse_month_day(std::string_view s) {
  const auto dash = s.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash > 2) return std::nullopt;
  const std::string_view ms = s.substr(0, dash);
  const std::string_view ds = s.substr(dash + 1);
  if (ds.empty() || ds.size() > 2) return std::nullopt;
  const int m = digits_value(ms);
  const int d = digits_value(ds);
  if (m < 1 || m > 12 || d < 1 || d > days_in_month(2000, m)) return std::nullopt;
  return std::pair{m, d};
}

bool applies(const QuotaRule& rule, const LedgerUnit& unit) {
  if (rule.units == "lead_departments") return unit.lead_department;
  if (rule.units == "engineering_departments") return unit.engineering_department;
  if (rule.units == "office") return unit.office;
  if (rule.units == "list")
    return std::find(rule.unit_ids.begin(), rule.unit_ids.end(), unit.id) != rule.unit_ids.end();
  return false;
}

// The date of the step the rule counts, and the date the item is filed under until then.
struct ItemDates {
  std::optional<std::string_view> counting;
  std::optional<std::string_view> anchor;
};

ItemDates dates_for(const QuotaRule& rule, const LedgerItem& item) {
  ItemDates d;
  auto day = [](const std::optional<std::string>& s) -> std::optional<std::string_view> {
    if (!s || !day_number(*s)) return std::nullopt;
    return day_of(*s);
  };
  const auto sub = day(item.submitted_on);
  const auto app = day(item.approved_on);
  const auto pub = day(item.published_on);
  if (rule.counts == "submitted") {
    d.counting = sub;
    d.anchor = sub;
  } else if (rule.counts == "approved") {
    d.counting = app;
    d.anchor = app ? app : sub;
  } else if (rule.counts == "published") {
    d.counting = pub;
    d.anchor = pub ? pub : (app ? app : sub);
  }
  return d;
}

}  // namespace

std::string Period::code() const {
  switch (kind) {
    case Kind::Month:
      return fmt::format("{:04}-{:02}", year, index);
    case Kind::Quarter:
      return fmt::format("{:04}-Q{}", year, index);
    case Kind::Year:
      return fmt::format("{:04}", year);
  }
  return "";
}

Result<Period> parse_period(std::string_view code) {
  if (code.size() < 4) return bad_period();
  const int year = digits_value(code.substr(0, 4));
  if (year < kMinYear || year > kMaxYear) return bad_period();
  if (code.size() == 4) return make_period(Period::Kind::Year, year, 0);
  if (code[4] != '-') return bad_period();
  const std::string_view rest = code.substr(5);
  if (rest.size() == 2 && rest[0] == 'Q' && rest[1] >= '1' && rest[1] <= '4')
    return make_period(Period::Kind::Quarter, year, rest[1] - '0');
  if (rest.size() == 2 && is_digit(rest[0]) && is_digit(rest[1])) {
    const int month = digits_value(rest);
    if (month >= 1 && month <= 12) return make_period(Period::Kind::Month, year, month);
  }
  return bad_period();
}

std::vector<QuotaRule> default_rules() {
  std::vector<QuotaRule> rules(3);
  rules[0].kind = "news";
  rules[0].units = "lead_departments";
  rules[0].count = 1;
  rules[0].period = "month";
  rules[0].due_day = "20";
  rules[0].counts = "submitted";
  rules[1].kind = "photo_story";
  rules[1].units = "engineering_departments";
  rules[1].count = 1;
  rules[1].period = "year";
  rules[1].due_day = "12-15";
  rules[1].counts = "approved";
  rules[2].kind = "voice";
  rules[2].units = "office";
  rules[2].count = 2;
  rules[2].period = "year";
  rules[2].due_day = "12-15";
  rules[2].counts = "approved";
  return rules;
}

std::vector<FieldError> validate_rule(const QuotaRule& rule, std::string_view prefix) {
  std::vector<FieldError> errors;
  auto add = [&](std::string_view field, std::string message) {
    errors.push_back(FieldError{std::string(prefix) + std::string(field), std::move(message)});
  };
  if (rule.kind != "news" && rule.kind != "photo_story" && rule.kind != "voice")
    add("kind", messages::for_field("field.one_of", "kind"));
  if (rule.units != "lead_departments" && rule.units != "engineering_departments" && rule.units != "office" &&
      rule.units != "list")
    add("units", messages::for_field("field.one_of", "units"));
  else if (rule.units == "list" && rule.unit_ids.empty())
    add("unitIds", messages::for_field("quota.list_needs_units", "unitIds"));
  if (rule.count < 1 || rule.count > 100)
    add("count", messages::for_field("field.out_of_range", "count", {{"min", "1"}, {"max", "100"}}));
  const auto kind = rule_period_kind(rule.period);
  if (!kind) {
    add("period", messages::for_field("field.one_of", "period"));
  } else {
    const bool ok = *kind == Period::Kind::Year ? parse_month_day(rule.due_day).has_value()
                                                : parse_day(rule.due_day).has_value();
    if (!ok) add("dueDay", messages::for_field("quota.bad_due_day", "dueDay"));
  }
  if (rule.counts != "submitted" && rule.counts != "approved" && rule.counts != "published")
    add("counts", messages::for_field("field.one_of", "counts"));
  return errors;
}

std::string due_date(const QuotaRule& rule, const Period& p) {
  switch (p.kind) {
    case Period::Kind::Month:
    case Period::Kind::Quarter: {
      const int m = last_month(p);
      const auto d = parse_day(rule.due_day);
      if (!d) return p.last_day;
      return ymd(p.year, m, std::min(*d, days_in_month(p.year, m)));
    }
    case Period::Kind::Year: {
      const auto md = parse_month_day(rule.due_day);
      if (!md) return p.last_day;
      return ymd(p.year, md->first, std::min(md->second, days_in_month(p.year, md->first)));
    }
  }
  return p.last_day;
}

std::vector<LedgerRow> ledger(std::span<const QuotaRule> rules, std::span<const LedgerUnit> units,
                              std::span<const LedgerItem> items, const Period& asked,
                              std::string_view today) {
  std::vector<LedgerRow> rows;
  const std::optional<long> today_n = day_number(today);
  for (const LedgerUnit& unit : units) {
    // A plain sentinel instead of optional<long>: gcc 12 -O2 warns falsely (maybe-uninitialized) about the
    // latter.
    long created = std::numeric_limits<long>::min();
    if (unit.created_on)
      if (auto d = day_number(*unit.created_on)) created = *d;
    for (const QuotaRule& rule : rules) {
      const auto kind = rule_period_kind(rule.period);
      if (!kind || !applies(rule, unit)) continue;
      for (const Period& p : periods_overlapping(*kind, asked)) {
        const long first = *day_number(p.first_day);
        const long last = *day_number(p.last_day);
        if (last < created) continue;  // the unit did not exist yet
        LedgerRow row;
        row.unit_id = unit.id;
        row.unit_name = unit.name;
        row.kind = rule.kind;
        row.period = p.code();
        row.due_date = due_date(rule, p);
        const long due = *day_number(row.due_date);
        row.owed = due < created ? 0 : std::max(rule.count, 0);
        for (const LedgerItem& item : items) {
          if (item.unit_id != unit.id || item.kind != rule.kind) continue;
          const ItemDates d = dates_for(rule, item);
          if (!d.anchor) continue;
          const long at = *day_number(*d.anchor);
          if (at < first || at > last) continue;
          row.submitted += item.submitted_on ? 1 : 0;
          row.approved += item.approved_on ? 1 : 0;
          row.published += item.published_on ? 1 : 0;
          row.adopted += item.adoptions > 0 ? 1 : 0;
          if (d.counting) {
            ++row.counted;
            row.late += *day_number(*d.counting) > due ? 1 : 0;
          }
        }
        row.missing = std::max(0, row.owed - row.counted);
        if (today_n) {
          row.days_left = static_cast<int>(due - *today_n);
          row.overdue = *today_n > due && row.missing > 0;
        }
        rows.push_back(std::move(row));
      }
    }
  }
  return rows;
}

}  // namespace minsheng::submissions
