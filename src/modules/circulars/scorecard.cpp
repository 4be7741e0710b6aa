#include "modules/circulars/scorecard.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "core/decimal.hpp"

namespace minsheng::circulars {

Status IndicatorRegistry::add(Indicator indicator) {
  if (indicator.code.empty()) return Error::field(ErrorCode::InvalidArgument, "code", "指标代码不能为空");
  if (indicator.label.empty()) return Error::field(ErrorCode::InvalidArgument, "label", "指标名称不能为空");
  if (!indicator.compute) return Error::field(ErrorCode::InvalidArgument, "compute", "指标缺少计算函数");
  if (indicator.in_total && indicator.measure != Measure::Points)
    return Error::field(ErrorCode::InvalidArgument, "inTotal", "只有分值类指标可以计入总分");
  if (find(indicator.code) != nullptr)
    return Error::field(ErrorCode::Conflict, "code", "指标代码已注册：" + indicator.code);
  indicators_.push_back(std::move(indicator));
  return {};
}

const Indicator* IndicatorRegistry::find(std::string_view code) const {
  for (const auto& i : indicators_)
    if (i.code == code) return &i;
  return nullptr;
}

std::string format_value(Measure measure, std::optional<std::int64_t> value) {
  if (!value) return "—";
  const std::int64_t v = *value;
  switch (measure) {
    case Measure::Count:
      return std::to_string(v);
    case Measure::Points:
      return format_tenths(v);
    case Measure::Percent:
      return format_percent_tenths(v);
  }
  return std::to_string(v);
}

std::optional<std::int64_t> ScorecardRow::value(const std::vector<ScorecardColumn>& columns,
                                                std::string_view code) const {
  for (std::size_t i = 0; i < columns.size() && i < values.size(); ++i)
    if (columns[i].code == code) return values[i];
  return std::nullopt;
}

Scorecard build_scorecard(const IndicatorRegistry& registry, std::span<const ScorecardUnit> units,
                          const ScorecardContext& context) {
  Scorecard card;
  card.year = context.year;
  card.as_of = context.as_of;
  for (const auto& ind : registry.all())
    card.columns.push_back(ScorecardColumn{ind.code, ind.label, ind.module, ind.measure, ind.in_total});
  card.rows.reserve(units.size());
  for (const auto& u : units) {
    ScorecardRow row;
    row.unit_id = u.id;
    row.unit_name = u.name;
    row.sort_order = u.sort_order;
    bool voted = false, assessed = false;
    for (const auto& ind : registry.all()) {
      auto v = ind.compute(u, context.year, context);
      if (ind.in_total && v) row.total += *v;
      row.values.push_back(v);
      if (ind.assessed) {
        voted = true;
        assessed = assessed || ind.assessed(u, context.year, context);
      }
      if (ind.notes)
        for (auto& n : ind.notes(u, context.year, context))
          row.notes.push_back(std::move(n));
    }
    row.assessed = !voted || assessed;
    if (!row.assessed) row.notes.insert(row.notes.begin(), "无报送任务");
    card.rows.push_back(std::move(row));
  }
  std::stable_sort(card.rows.begin(), card.rows.end(), [](const ScorecardRow& a, const ScorecardRow& b) {
    if (a.assessed != b.assessed) return a.assessed;
    if (a.assessed && a.total != b.total) return a.total > b.total;
    if (a.sort_order != b.sort_order) return a.sort_order < b.sort_order;
    return a.unit_id < b.unit_id;
  });
  const auto ranks = competition_ranks(
      card.rows, [](const ScorecardRow& a, const ScorecardRow& b) { return a.total == b.total; },
      [](const ScorecardRow& r) { return r.assessed; });
  for (std::size_t i = 0; i < card.rows.size(); ++i)
    card.rows[i].rank = ranks[i];
  return card;
}

std::vector<ScorecardRow> shortlist(const Scorecard& card, const ShortlistConfig& config) {
  std::vector<ScorecardRow> out;
  for (const auto& row : card.rows) {
    if (!row.assessed || row.total < config.min_total) continue;
    bool ok = true;
    for (const auto& c : config.conditions) {
      auto v = card.value(row, c.code);
      if (!v || (c.min && *v < *c.min) || (c.max && *v > *c.max)) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    if (config.top_n > 0 && static_cast<int>(out.size()) >= config.top_n && out.back().total != row.total)
      break;
    out.push_back(row);
  }
  return out;
}

}  // namespace minsheng::circulars
