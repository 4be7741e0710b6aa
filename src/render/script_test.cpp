// OpenCC t2s, the normalisation of search queries and documents (CONVENTIONS.md §6).
#include <gtest/gtest.h>

#include "render/script.hpp"

namespace minsheng::render {
namespace {

TEST(Script, T2sNormalisesTraditionalAndKeepsSimplified) {
  auto& c = ScriptConverter::t2s();
  EXPECT_EQ(c.convert("農村改廁"), "农村改厕");
  EXPECT_EQ(c.convert("民生工程項目 鄉鎮"), "民生工程项目 乡镇");
  EXPECT_EQ(c.convert("农村改厕项目"), "农村改厕项目") << "Simplified text is unchanged";
  EXPECT_EQ(c.convert("2020-01 <b>ABC</b> %_\""), "2020-01 <b>ABC</b> %_\"") << "ASCII passes through";
  EXPECT_EQ(c.convert(""), "");
  // The round trip of the portal's Traditional pages: s2tw then t2s gives the Simplified text back.
  const std::string s = "养老服务补贴发放";
  EXPECT_EQ(c.convert(ScriptConverter::s2tw().convert(s)), s);
  EXPECT_EQ(&c, &ScriptConverter::t2s()) << "one converter per process";
}

}  // namespace
}  // namespace minsheng::render
