#include "modules/files/names.hpp"

#include <gtest/gtest.h>

#include "http/parse/query.hpp"

namespace minsheng::files {
namespace {

TEST(SanitizeFilename, HostileNames) {
  EXPECT_EQ(sanitize_filename("照片.jpg"), "照片.jpg");
  EXPECT_EQ(sanitize_filename("../../x.jpg"), "x.jpg");
  EXPECT_EQ(sanitize_filename("..\\..\\windows\\x.jpg"), "x.jpg");
  EXPECT_EQ(sanitize_filename("a%00.jpg"), "a%00.jpg");
  EXPECT_EQ(sanitize_filename(std::string("a\0b.jpg", 7)),
            "a\xef\xbf\xbd"
            "b.jpg");
  EXPECT_EQ(sanitize_filename("invoice\xe2\x80\xaegpj.exe"), "invoicegpj.exe");  // RTL override dropped
  EXPECT_EQ(sanitize_filename("a\r\nb\t.jpg"), "ab.jpg");
  EXPECT_EQ(sanitize_filename("<script>.jpg"), "_script_.jpg");
  EXPECT_EQ(sanitize_filename("  ..hidden.  "), "hidden");
  EXPECT_EQ(sanitize_filename(""), "file");
  EXPECT_EQ(sanitize_filename("../"), "file");
  EXPECT_EQ(sanitize_filename("CON"), "_CON");
  EXPECT_EQ(sanitize_filename("com1.jpg"), "_com1.jpg");
  EXPECT_EQ(sanitize_filename("console.jpg"), "console.jpg");
  EXPECT_EQ(sanitize_filename("\xd5\xd5\xc6\xac.jpg"), "\xef\xbf\xbd\xef\xbf\xbd\xc6\xac.jpg");
  const std::string long_name = std::string(300, 'a') + ".jpg";
  const std::string s = sanitize_filename(long_name);
  EXPECT_EQ(s.size(), 100u);
  EXPECT_TRUE(s.ends_with(".jpg"));
  std::string cjk;
  for (int i = 0; i < 150; ++i)
    cjk += "民";
  const std::string c = sanitize_filename(cjk);
  EXPECT_EQ(http::parse::utf8_length(c), 100u);
  EXPECT_TRUE(http::parse::valid_utf8(c));
}

TEST(Names, ExtensionAndDisposition) {
  EXPECT_EQ(with_extension("报告.php", "jpg"), "报告.jpg");
  EXPECT_EQ(with_extension("noext", "pdf"), "noext.pdf");
  EXPECT_EQ(with_extension(".bashrc", "png"), ".bashrc.png");
  EXPECT_EQ(rfc8187_encode("民 a\"';.jpg"), "%E6%B0%91%20a%22%27%3B.jpg");
  EXPECT_EQ(content_disposition("attachment", "file-7.jpg", "照片.jpg"),
            "attachment; filename=\"file-7.jpg\"; filename*=UTF-8''%E7%85%A7%E7%89%87.jpg");
}

}  // namespace
}  // namespace minsheng::files
