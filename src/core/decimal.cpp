#include "core/decimal.hpp"

#include <fmt/format.h>

#include <cmath>
#include <string_view>

namespace minsheng {

std::optional<std::int64_t> tenths_half_up(std::int64_t num, std::int64_t den) {
  if (den == 0) return std::nullopt;
  if (den < 0) {
    num = -num;
    den = -den;
  }
  const bool negative = num < 0;
  const std::int64_t a = negative ? -num : num;
  // round(a * 10 / den) half up, in integers: (2 * 10 * a + den) / (2 * den).
  const std::int64_t r = (a * 20 + den) / (2 * den);
  return negative ? -r : r;
}

std::optional<std::int64_t> percent_tenths(std::int64_t num, std::int64_t den) {
  return tenths_half_up(num * 100, den);
}

std::optional<std::int64_t> tenths_of(double v) {
  if (!std::isfinite(v) || std::fabs(v) >= 1e15) return std::nullopt;
  // The shortest decimal text that reads back as v ("0.15", "2.5e-05"), rounded as decimal digits.
  const std::string text = fmt::format("{}", v);
  // Exponent notation only for |v| < 1e-4 here (|v| < 1e15), which rounds to 0.
  if (text.find('e') != std::string::npos) return 0;
  std::string_view s = text;
  const bool negative = !s.empty() && s.front() == '-';
  if (negative) s.remove_prefix(1);
  const auto dot = s.find('.');
  const std::string_view whole = s.substr(0, dot);
  const std::string_view frac = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  std::int64_t t = 0;
  for (char c : whole)
    t = t * 10 + (c - '0');
  t = t * 10 + (frac.empty() ? 0 : frac[0] - '0');
  if (frac.size() > 1 && frac[1] >= '5') ++t;
  return negative && t != 0 ? -t : t;
}

std::string format_tenths(std::int64_t tenths) {
  const std::int64_t a = tenths < 0 ? -tenths : tenths;
  return fmt::format("{}{}.{}", tenths < 0 ? "-" : "", a / 10, a % 10);
}

std::string format_percent_tenths(std::int64_t tenths) {
  return format_tenths(tenths) + "%";
}

}  // namespace minsheng
