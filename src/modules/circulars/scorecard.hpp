#pragma once
// The annual scorecard (年度目标考核, issue 6) as a registry of indicators (the manifest idea of STYLE.md
// §10): modules register indicators; a scorecard for a year is one row per unit with every registered
// indicator and a total; the awards shortlist filters it by configurable thresholds. This file knows no
// module: a new capability registers its indicators and puts its facts into the context, and the scorecard
// code does not change. Pure over the inputs the caller gives (no database).
#include <any>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace minsheng::circulars {

struct ScorecardUnit {
  std::int64_t id = 0;
  std::string name;
  int sort_order = 0;
};

// What a module puts at the caller's request (facts it computed once for the year), read by its indicators.
class ScorecardContext {
 public:
  int year = 0;
  std::string as_of;  // YYYY-MM-DD

  template <typename T>
  void put(std::string key, T value) {
    data_[std::move(key)] = std::move(value);
  }
  // nullptr when absent or of another type.
  template <typename T>
  const T* get(std::string_view key) const {
    auto it = data_.find(key);
    return it == data_.end() ? nullptr : std::any_cast<T>(&it->second);
  }

 private:
  std::map<std::string, std::any, std::less<>> data_;
};

// Count: a plain number; Points: tenths of a point ("12.5"); Percent: tenths of a percent ("83.3%").
enum class Measure { Count, Points, Percent };

struct Indicator {
  std::string code;    // "<module>.<name>", unique
  std::string label;   // column title, e.g. "报送数"
  std::string module;  // the registering module, e.g. "submissions"
  Measure measure = Measure::Count;
  bool in_total = false;  // a Points indicator added to the row's total
  // nullopt: no value for this unit ("—"; e.g. a rate with nothing owed).
  std::function<std::optional<std::int64_t>(const ScorecardUnit& unit, int year,
                                            const ScorecardContext& context)>
      compute;
  // Optional: whether the unit had something to do for this indicator in the year (an obligation). A unit
  // that no indicator with this function calls assessed is left out of the ranking; indicators without it do
  // not take part in that decision (and when none has it, every unit is ranked).
  std::function<bool(const ScorecardUnit& unit, int year, const ScorecardContext& context)> assessed;
  // Optional: what lowered this indicator's value for the unit, in words ("连续3个月未完成任务…"), for 备注.
  std::function<std::vector<std::string>(const ScorecardUnit& unit, int year,
                                         const ScorecardContext& context)>
      notes;
};

class IndicatorRegistry {
 public:
  // InvalidArgument for an empty code or label, no compute, or in_total on a measure other than Points;
  // Conflict for a code already registered. Indicators keep their registration order.
  Status add(Indicator indicator);
  const std::vector<Indicator>& all() const { return indicators_; }
  const Indicator* find(std::string_view code) const;

 private:
  std::vector<Indicator> indicators_;
};

// "12", "12.5", "83.3%", "—" for nullopt.
std::string format_value(Measure measure, std::optional<std::int64_t> value);

struct ScorecardColumn {
  std::string code, label, module;
  Measure measure = Measure::Count;
  bool in_total = false;
};

struct ScorecardRow {
  std::int64_t unit_id = 0;
  std::string unit_name;
  int sort_order = 0;
  std::vector<std::optional<std::int64_t>> values;  // one per column
  std::int64_t total = 0;                           // tenths: Σ of the in_total columns' values
  // Competition ranking ("1224": 1, 1, 1, 4) by total descending (ties listed by sort_order, then id), among
  // the assessed rows; 0 for a row left out (no obligation in the year: shown "—", 备注 "无报送任务").
  int rank = 0;
  bool assessed = true;
  std::vector<std::string> notes;  // 备注: "无报送任务", or the indicators' notes

  std::optional<std::int64_t> value(const std::vector<ScorecardColumn>& columns, std::string_view code) const;
};

struct Scorecard {
  int year = 0;
  std::string as_of;
  std::vector<ScorecardColumn> columns;  // the registry's order
  std::vector<ScorecardRow> rows;        // in rank order, the unranked last

  std::optional<std::int64_t> value(const ScorecardRow& row, std::string_view code) const {
    return row.value(columns, code);
  }
};

Scorecard build_scorecard(const IndicatorRegistry& registry, std::span<const ScorecardUnit> units,
                          const ScorecardContext& context);

// Competition ranks ("1224": tied neighbours share a place, the next place skips) of `sorted` (best first)
// for the entries where `ranked` is true; 0 for the others. `same(a, b)` says whether two neighbours tie.
template <typename T, typename Same, typename Ranked>
std::vector<int> competition_ranks(const std::vector<T>& sorted, Same same, Ranked ranked) {
  std::vector<int> out(sorted.size(), 0);
  int place = 0;
  const T* previous = nullptr;
  int previous_rank = 0;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (!ranked(sorted[i])) continue;
    ++place;
    out[i] = previous != nullptr && same(*previous, sorted[i]) ? previous_rank : place;
    previous = &sorted[i];
    previous_rank = out[i];
  }
  return out;
}

// A condition on one indicator's raw value (tenths for Points and Percent); a unit without a value fails it.
struct ShortlistCondition {
  std::string code;
  std::optional<std::int64_t> min, max;  // inclusive
};

struct ShortlistConfig {
  std::int64_t min_total = 0;  // tenths; total >= min_total
  int top_n = 0;               // 0: no limit
  std::vector<ShortlistCondition> conditions;
};

// The qualifying ranked rows in rank order, the first top_n of them plus any row tied with the last one kept
// (a tie shares the rank, so it shares the shortlist). A condition on an unregistered code fails every unit.
std::vector<ScorecardRow> shortlist(const Scorecard& card, const ShortlistConfig& config);

}  // namespace minsheng::circulars
