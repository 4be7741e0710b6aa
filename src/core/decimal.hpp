#pragma once
// Figures shown with one decimal (points, percentages): rounded half up, computed in integers where the
// inputs are integers, so 2/3 reads 66.7 % and 0.15 reads 0.2 (never 66.6 % or 0.1 through binary floating
// point or truncation). Every place that shows a percentage or tenths goes through these helpers.
#include <cstdint>
#include <optional>
#include <string>

namespace minsheng {

// num / den in tenths, rounded half away from zero: (2, 3) → 7 (0.7), (1, 20) → 1 (0.05 → 0.1).
// nullopt when den is 0.
std::optional<std::int64_t> tenths_half_up(std::int64_t num, std::int64_t den);
// num / den as a percentage in tenths of a percent, rounded half away from zero: (2, 3) → 667 (66.7 %),
// (1, 3) → 333; nullopt when den is 0.
std::optional<std::int64_t> percent_tenths(std::int64_t num, std::int64_t den);
// A double to tenths, rounded half away from zero on its shortest decimal form, so 0.15 → 2 and 0.25 → 3
// (0.15 * 10 is 1.4999999999999998 in binary); nullopt for NaN, infinities or |v| >= 1e15.
std::optional<std::int64_t> tenths_of(double v);
// 667 → "66.7", -5 → "-0.5", 0 → "0.0".
std::string format_tenths(std::int64_t tenths);
// 667 → "66.7%".
std::string format_percent_tenths(std::int64_t tenths);

}  // namespace minsheng
