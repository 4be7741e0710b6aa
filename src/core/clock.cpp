#include "core/clock.hpp"

#include <fmt/format.h>

#include <charconv>
#include <utility>

namespace minsheng {
namespace {

using namespace std::chrono;

constexpr hours kShanghaiOffset{8};

bool parse_int(std::string_view s, int& out) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

std::optional<year_month_day> parse_ymd(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (!parse_int(s.substr(0, 4), y) || !parse_int(s.substr(5, 2), m) || !parse_int(s.substr(8, 2), d))
    return std::nullopt;
  if (y < 1900 || y > 2999) return std::nullopt;
  year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

std::string format_datetime(TimePoint t, bool with_ms_and_z, char sep) {
  auto ms_total = time_point_cast<milliseconds>(t);
  auto dp = floor<days>(ms_total);
  year_month_day ymd{dp};
  hh_mm_ss hms{ms_total - dp};
  if (with_ms_and_z) {
    return fmt::format("{:04}-{:02}-{:02}{}{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), sep,
                       hms.hours().count(), hms.minutes().count(), hms.seconds().count(),
                       hms.subseconds().count());
  }
  return fmt::format("{:04}-{:02}-{:02}{}{:02}:{:02}:{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), sep,
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

}  // namespace

std::string iso_utc(TimePoint t) {
  return format_datetime(t, true, 'T');
}

std::optional<TimePoint> parse_iso_utc(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS[.mmm]Z
  if (s.size() < 20 || s.back() != 'Z' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return std::nullopt;
  auto ymd = parse_ymd(s.substr(0, 10));
  int h = 0, mi = 0, se = 0, ms = 0;
  if (!ymd || !parse_int(s.substr(11, 2), h) || !parse_int(s.substr(14, 2), mi) ||
      !parse_int(s.substr(17, 2), se))
    return std::nullopt;
  if (h > 23 || mi > 59 || se > 60) return std::nullopt;
  if (s.size() == 24) {
    if (s[19] != '.' || !parse_int(s.substr(20, 3), ms)) return std::nullopt;
  } else if (s.size() != 20) {
    return std::nullopt;
  }
  return TimePoint(sys_days(*ymd) + hours(h) + minutes(mi) + seconds(se) + milliseconds(ms));
}

std::string iso_shanghai(TimePoint t) {
  std::string s = format_datetime(t + kShanghaiOffset, true, 'T');
  s.pop_back();  // the 'Z'
  return s + "+08:00";
}

namespace {

// "YYYY-MM-DDTHH:MM:SS" (or with a space) then optional ".f…" fractional seconds (milliseconds kept); the
// wall-clock time as if it were UTC, and where the text after it starts.
std::optional<std::pair<TimePoint, std::size_t>> parse_wall(std::string_view s) {
  if (s.size() < 19 || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':') return std::nullopt;
  auto ymd = parse_ymd(s.substr(0, 10));
  int h = 0, mi = 0, se = 0;
  if (!ymd || !parse_int(s.substr(11, 2), h) || !parse_int(s.substr(14, 2), mi) ||
      !parse_int(s.substr(17, 2), se))
    return std::nullopt;
  if (h > 23 || mi > 59 || se > 59) return std::nullopt;
  std::size_t i = 19;
  int ms = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    const std::size_t digits = i;
    int scale = 100;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      ms += (s[i] - '0') * scale;
      scale /= 10;
      ++i;
    }
    if (i == digits || i - digits > 9) return std::nullopt;
  }
  return std::pair{TimePoint(sys_days(*ymd) + hours(h) + minutes(mi) + seconds(se) + milliseconds(ms)), i};
}

}  // namespace

std::optional<TimePoint> parse_iso_instant(std::string_view s) {
  auto wall = parse_wall(s);
  if (!wall || s[10] != 'T') return std::nullopt;
  const std::string_view zone = s.substr(wall->second);
  if (zone == "Z") return wall->first;
  int zh = 0, zm = 0;
  if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':' ||
      !parse_int(zone.substr(1, 2), zh) || !parse_int(zone.substr(4, 2), zm) || zh > 14 || zm > 59)
    return std::nullopt;
  const auto offset = hours(zh) + minutes(zm);
  return zone[0] == '+' ? wall->first - offset : wall->first + offset;
}

std::optional<TimePoint> parse_shanghai_wall_time(std::string_view s) {
  auto wall = parse_wall(s);
  if (!wall || wall->second != s.size()) return std::nullopt;
  return wall->first - kShanghaiOffset;
}

std::string shanghai_datetime(TimePoint t) {
  return format_datetime(t + kShanghaiOffset, false, ' ');
}

std::string shanghai_date(TimePoint t) {
  return shanghai_datetime(t).substr(0, 10);
}

std::optional<TimePoint> shanghai_day_start(std::string_view date) {
  auto ymd = parse_ymd(date);
  if (!ymd) return std::nullopt;
  return TimePoint(sys_days(*ymd)) - kShanghaiOffset;
}

bool valid_date(std::string_view date) {
  return parse_ymd(date).has_value();
}

std::string chinese_date(std::string_view date) {
  if (!valid_date(date)) return std::string(date);
  const auto two = [&](std::size_t at) { return (date[at] - '0') * 10 + (date[at + 1] - '0'); };
  return std::string(date.substr(0, 4)) + "年" + std::to_string(two(5)) + "月" + std::to_string(two(8)) +
         "日";
}

}  // namespace minsheng
