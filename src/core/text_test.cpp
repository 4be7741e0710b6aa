#include "core/text.hpp"

#include <gtest/gtest.h>

namespace minsheng {
namespace {

TEST(Text, DisplayWidthCountsCjkAsTwoColumns) {
  EXPECT_EQ(display_width("admin"), 5u);
  EXPECT_EQ(display_width("镇民生办"), 8u);
  EXPECT_EQ(display_width("村（社区）"), 10u);  // full-width brackets are wide too
  EXPECT_EQ(display_width("dept01 卫生院"), 13u);
  EXPECT_EQ(display_width(""), 0u);
}

TEST(Text, PadDisplayAlignsMixedText) {
  EXPECT_EQ(pad_display("卫生院", 8), "卫生院  ");
  EXPECT_EQ(pad_display("admin", 8), "admin   ");
  EXPECT_EQ(pad_display("民生镇（演示）", 4), "民生镇（演示）");  // never truncates
}

}  // namespace
}  // namespace minsheng
