#include "core/decimal.hpp"

#include <gtest/gtest.h>

namespace minsheng {
namespace {

TEST(Decimal, PercentOfIntegersRoundsHalfUp) {
  EXPECT_EQ(percent_tenths(2, 3), 667);  // 66.666… → 66.7, not 66.6
  EXPECT_EQ(percent_tenths(1, 3), 333);
  EXPECT_EQ(percent_tenths(1, 2000), 1);  // 0.05 % → 0.1 %
  EXPECT_EQ(percent_tenths(3, 2000), 2);  // 0.15 % → 0.2 %
  EXPECT_EQ(percent_tenths(5, 2000), 3);  // 0.25 % → 0.3 %
  EXPECT_EQ(percent_tenths(0, 7), 0);
  EXPECT_EQ(percent_tenths(7, 7), 1000);
  EXPECT_EQ(percent_tenths(1, 0), std::nullopt);
  EXPECT_EQ(format_percent_tenths(*percent_tenths(2, 3)), "66.7%");
  EXPECT_EQ(format_percent_tenths(*percent_tenths(1, 3)), "33.3%");
}

TEST(Decimal, TenthsOfIntegersRoundHalfAwayFromZero) {
  EXPECT_EQ(tenths_half_up(2, 3), 7);
  EXPECT_EQ(tenths_half_up(1, 3), 3);
  EXPECT_EQ(tenths_half_up(1, 20), 1);    // 0.05
  EXPECT_EQ(tenths_half_up(3, 20), 2);    // 0.15
  EXPECT_EQ(tenths_half_up(5, 20), 3);    // 0.25
  EXPECT_EQ(tenths_half_up(-3, 20), -2);  // -0.15
  EXPECT_EQ(tenths_half_up(3, -20), -2);
}

TEST(Decimal, TenthsOfDoublesRoundTheDecimalValueNotItsBinaryApproximation) {
  EXPECT_EQ(tenths_of(0.05), 1);
  EXPECT_EQ(tenths_of(0.15), 2);  // 0.15 * 10 == 1.4999999999999998
  EXPECT_EQ(tenths_of(0.25), 3);
  EXPECT_EQ(tenths_of(2.0 / 3.0), 7);
  EXPECT_EQ(tenths_of(1.0 / 3.0), 3);
  EXPECT_EQ(tenths_of(66.65), 667);
  EXPECT_EQ(tenths_of(-0.15), -2);
  EXPECT_EQ(tenths_of(0.04), 0);
  EXPECT_EQ(tenths_of(2.5e-05), 0);
  EXPECT_EQ(tenths_of(12.0), 120);
  EXPECT_EQ(tenths_of(1.0 / 0.0), std::nullopt);
}

TEST(Decimal, FormatsOneDecimal) {
  EXPECT_EQ(format_tenths(667), "66.7");
  EXPECT_EQ(format_tenths(20), "2.0");
  EXPECT_EQ(format_tenths(-5), "-0.5");
  EXPECT_EQ(format_tenths(0), "0.0");
}

}  // namespace
}  // namespace minsheng
