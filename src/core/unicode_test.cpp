#include "core/unicode.hpp"

#include <gtest/gtest.h>

namespace minsheng {
namespace {

TEST(Unicode, NfkcTurnsFullWidthFormsIntoAscii) {
  EXPECT_EQ(nfkc("２０２０－０１"), "2020-01");
  EXPECT_EQ(nfkc("ＸＭ－２０２４－００３"), "XM-2024-003");
  EXPECT_EQ(nfkc("ａｂｃ　ＡＢＣ"), "abc ABC");  // the ideographic space too
}

TEST(Unicode, NfkcLeavesChineseAndAsciiAlone) {
  EXPECT_EQ(nfkc("农村改厕工程"), "农村改厕工程");
  EXPECT_EQ(nfkc("民生镇 2020-01"), "民生镇 2020-01");
  EXPECT_EQ(nfkc(""), "");
}

TEST(Unicode, NfkcReturnsInvalidUtf8Unchanged) {
  const std::string bad = "ab\xC3\x28\xFF\xEF\xBC\x91";  // a broken sequence, 0xFF, then a valid full-width 1
  EXPECT_EQ(nfkc(bad), bad);
  const std::string gbk = "\xC5\xA9\xB4\xE5";  // 农村 in GBK
  EXPECT_EQ(nfkc(gbk), gbk);
}

}  // namespace
}  // namespace minsheng
