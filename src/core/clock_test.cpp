#include "core/clock.hpp"

#include <gtest/gtest.h>

namespace minsheng {
namespace {

TEST(Clock, IsoRoundTripKeepsMilliseconds) {
  auto t = parse_iso_utc("2026-11-28T03:04:05.678Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(iso_utc(*t), "2026-11-28T03:04:05.678Z");
  EXPECT_EQ(shanghai_datetime(*t), "2026-11-28 11:04:05");
}

TEST(Clock, ShanghaiDateCrossesMidnight) {
  auto t = parse_iso_utc("2026-12-31T16:30:00Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(shanghai_date(*t), "2027-01-01");
  EXPECT_EQ(iso_utc(*shanghai_day_start("2027-01-01")), "2026-12-31T16:00:00.000Z");
}

TEST(Clock, ApiTimesAreShanghaiWithTheirOffset) {
  auto t = parse_iso_utc("2026-12-31T16:30:05.078Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(iso_shanghai(*t), "2027-01-01T00:30:05.078+08:00");
  EXPECT_EQ(parse_iso_instant("2027-01-01T00:30:05.078+08:00"), t);
  EXPECT_EQ(parse_iso_instant("2026-12-31T16:30:05.078Z"), t);
  EXPECT_EQ(parse_iso_instant("2026-12-31T08:30:05.078-08:00"), t);
  EXPECT_EQ(parse_iso_instant("2027-01-01T00:30:05.078123+08:00"), t);
  EXPECT_EQ(iso_utc(*parse_iso_instant("2027-01-01T00:30:05+08:00")), "2026-12-31T16:30:05.000Z");
  // An instant needs its zone, and only a well-formed one.
  EXPECT_FALSE(parse_iso_instant("2027-01-01T00:30:05"));
  EXPECT_FALSE(parse_iso_instant("2027-01-01 00:30:05+08:00"));
  EXPECT_FALSE(parse_iso_instant("2027-01-01T00:30:05+0800"));
  EXPECT_FALSE(parse_iso_instant("2027-01-01T00:30:05+15:00"));
  EXPECT_FALSE(parse_iso_instant("2027-01-01T00:30:05.+08:00"));
  EXPECT_FALSE(parse_iso_instant("2027-01-01"));
}

TEST(Clock, CameraTimeIsShanghaiWallTime) {
  auto t = parse_shanghai_wall_time("2024-05-06T07:08:09");
  ASSERT_TRUE(t);
  EXPECT_EQ(iso_utc(*t), "2024-05-05T23:08:09.000Z");
  EXPECT_EQ(iso_shanghai(*t), "2024-05-06T07:08:09.000+08:00");
  EXPECT_EQ(parse_shanghai_wall_time("2024-05-06 07:08:09"), t);
  EXPECT_FALSE(parse_shanghai_wall_time("2024-05-06T07:08:09Z"));
  EXPECT_FALSE(parse_shanghai_wall_time("2024-05-06"));
  EXPECT_FALSE(parse_shanghai_wall_time("0000:00:00 00:00:00"));
}

TEST(Clock, RejectsImpossibleDates) {
  EXPECT_TRUE(valid_date("2024-02-29"));
  EXPECT_FALSE(valid_date("2025-02-29"));
  EXPECT_FALSE(valid_date("2025-13-01"));
  EXPECT_FALSE(valid_date("2025-1-01"));
  EXPECT_FALSE(valid_date("２０２５-01-01"));
  EXPECT_FALSE(parse_iso_utc("2026-11-28 03:04:05Z"));
  EXPECT_FALSE(parse_iso_utc("2026-11-28T25:04:05Z"));
}

TEST(Clock, FakeClockMovesOnlyWhenTold) {
  FakeClock c(*parse_iso_utc("2026-01-01T00:00:00Z"));
  auto t0 = c.now();
  c.advance(std::chrono::minutes(30));
  EXPECT_EQ(c.now() - t0, std::chrono::minutes(30));
}

}  // namespace
}  // namespace minsheng

TEST(ChineseDate, FullYearNoPaddingAndOnlyRealDates) {
  EXPECT_EQ(minsheng::chinese_date("2020-06-05"), "2020年6月5日");
  EXPECT_EQ(minsheng::chinese_date("2020-12-31"), "2020年12月31日");
  EXPECT_EQ(minsheng::chinese_date("2020-02-29"), "2020年2月29日");
  for (const char* bad : {"2021-02-29", "2020-13-01", "2020-6-5", "2020/06/05", "", "2020-06-05T08:00"})
    EXPECT_EQ(minsheng::chinese_date(bad), bad) << bad;
}
