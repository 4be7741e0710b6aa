#pragma once
// Time: UTC in storage ("2026-11-28T03:04:05.678Z", fixed width so text order is time order); Asia/Shanghai
// (UTC+8, no DST) in the API ("2026-11-28T11:04:05.678+08:00") and on screen. A Clock is passed in so tests
// can move time (lockout, session expiry).
#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace minsheng {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override { return std::chrono::system_clock::now(); }
};

// A clock that stands still until moved. Its start is always given, so a test never depends on the day it
// runs.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start) : t_(start.time_since_epoch().count()) {}
  TimePoint now() const override { return TimePoint(TimePoint::duration(t_.load())); }
  void advance(std::chrono::milliseconds d) {
    t_ += std::chrono::duration_cast<TimePoint::duration>(d).count();
  }
  void set(TimePoint t) { t_ = t.time_since_epoch().count(); }

 private:
  std::atomic<TimePoint::rep> t_;
};

// "2026-11-28T03:04:05.678Z"
std::string iso_utc(TimePoint t);
std::optional<TimePoint> parse_iso_utc(std::string_view s);
// "2026-11-28T11:04:05.678+08:00": the API's one format for an instant (docs/architecture.md).
std::string iso_shanghai(TimePoint t);
// An ISO 8601 instant with its offset: "YYYY-MM-DDTHH:MM:SS[.fff]" then "Z" or "+HH:MM"/"-HH:MM"; nullopt for
// anything else (a time without a zone is not an instant).
std::optional<TimePoint> parse_iso_instant(std::string_view s);
// A camera's wall-clock time without a zone (EXIF "YYYY-MM-DDTHH:MM:SS" or "YYYY-MM-DD HH:MM:SS"), read as
// Asia/Shanghai time; nullopt when it does not parse.
std::optional<TimePoint> parse_shanghai_wall_time(std::string_view s);
// "2026-11-28 11:04:05" in Asia/Shanghai.
std::string shanghai_datetime(TimePoint t);
// "2026-11-28" in Asia/Shanghai.
std::string shanghai_date(TimePoint t);
// The UTC instant at which the Shanghai date "YYYY-MM-DD" begins; nullopt for an invalid date.
std::optional<TimePoint> shanghai_day_start(std::string_view date);
// True for a real calendar date "YYYY-MM-DD" (years 1900..2999).
bool valid_date(std::string_view date);
// "2020-06-05" → "2020年6月5日" (CONVENTIONS.md §4: full year, no zero padding); anything that is not a valid
// date is returned unchanged.
std::string chinese_date(std::string_view date);

}  // namespace minsheng
