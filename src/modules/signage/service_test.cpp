#include <gtest/gtest.h>

#include "modules/signage/service.hpp"

namespace minsheng::signage {
namespace {

TEST(SignPhone, LandlinesAndMobilesPassOthersFail) {
  for (const char* good : {"0551-62345678", "010-87654321", "0550-7012345", "05516234567",
                           "0551-62345678-123", "0551-62345678转8", "13812345678", "19912345678"})
    EXPECT_TRUE(valid_phone(good)) << good;
  for (const char* bad :
       {"", "12345", "1381234567", "138123456789", "12812345678", "0551-0234567", "0551-1234567",
        "551-62345678", "00551-62345678", "0551-623456", "0551-623456789", "0551 62345678", "0551-62345678-",
        "0551-62345678-12345", "0551-62345678转", "电话", "+8613812345678", "0551--62345678"})
    EXPECT_FALSE(valid_phone(bad)) << bad;
}

TEST(SignDates, DaysBetween) {
  EXPECT_EQ(days_between("2020-04-08", "2020-06-05"), 58);
  EXPECT_EQ(days_between("2020-06-05", "2020-04-08"), -58);
  EXPECT_EQ(days_between("2020-02-28", "2020-03-01"), 2);
  EXPECT_FALSE(days_between("2020-02-30", "2020-03-01"));
  EXPECT_FALSE(days_between("", "2020-03-01"));
}

TEST(SignEvidencedRate, RoundsHalfUpInTenthsOfAPercent) {
  EXPECT_EQ(sign_evidenced_rate(3, 2), 667);  // 66.7 %, not the truncated 66.6 %
  EXPECT_EQ(sign_evidenced_rate(3, 1), 333);
  EXPECT_EQ(sign_evidenced_rate(2000, 3), 2);  // 0.15 % → 0.2 %
  EXPECT_EQ(sign_evidenced_rate(2, 1), 500);
  EXPECT_EQ(sign_evidenced_rate(0, 0), std::nullopt);
}

}  // namespace
}  // namespace minsheng::signage
