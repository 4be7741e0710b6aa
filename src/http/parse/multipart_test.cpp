#include "http/parse/multipart.hpp"

#include <gtest/gtest.h>

#include "core/messages.hpp"

namespace minsheng::http::parse {
namespace {

constexpr std::string_view kType = "multipart/form-data; boundary=XyZ";

std::string part(std::string_view headers, std::string_view data, std::string_view boundary = "XyZ") {
  return "--" + std::string(boundary) + "\r\n" + std::string(headers) + "\r\n\r\n" + std::string(data) +
         "\r\n";
}

std::string close(std::string_view boundary = "XyZ") {
  return "--" + std::string(boundary) + "--\r\n";
}

TEST(MultipartBoundary, FromContentType) {
  EXPECT_EQ(*multipart_boundary("multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxk"),
            "----WebKitFormBoundary7MA4YWxk");
  EXPECT_EQ(*multipart_boundary("Multipart/Form-Data;boundary=\"a b'()+_,-./:=?\""), "a b'()+_,-./:=?");
  EXPECT_EQ(*multipart_boundary("multipart/form-data; charset=utf-8; BOUNDARY=x"), "x");
  EXPECT_EQ(multipart_boundary("application/json").error().code, ErrorCode::UnsupportedMediaType);
  EXPECT_EQ(multipart_boundary("multipart/mixed; boundary=x").error().code, ErrorCode::UnsupportedMediaType);
  for (std::string bad : {"multipart/form-data", "multipart/form-data; boundary=",
                          "multipart/form-data; boundary=\"\"", "multipart/form-data; boundary=\"ab ",
                          "multipart/form-data; boundary=a; boundary=b", "multipart/form-data; boundary=a<b",
                          "multipart/form-data; boundary=\"ab \"", "multipart/form-data; boundary"}) {
    auto r = multipart_boundary(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument) << bad;
    EXPECT_EQ(r.error().key, "multipart.bad_boundary");
  }
  EXPECT_TRUE(multipart_boundary("multipart/form-data; boundary=" + std::string(70, 'b')));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'b')));
}

TEST(Multipart, FieldsAndFilesInAnyChunking) {
  using namespace std::literals;
  // Binary data with near-misses of the delimiter and a NUL.
  const std::string kData = "\xff\xd8\r\n--XyY\r\n--Xy\0end\r\n-"s;
  const std::string body = "preamble\r\n" + part("Content-Disposition: form-data; name=\"orgUnitId\"", "12") +
                           part(
                               "Content-Disposition: form-data; name=\"file\"; filename=\"照片.jpg\"\r\n"
                               "Content-Type: Image/JPEG; q=1",
                               kData) +
                           close() + "epilogue --XyZ garbage";
  for (std::size_t chunk : {1u, 2u, 3u, 7u, 64u, 100000u}) {
    auto r = parse_multipart(kType, body, {}, chunk);
    ASSERT_TRUE(r) << chunk << " " << r.error().key;
    ASSERT_EQ(r->size(), 2u);
    EXPECT_EQ((*r)[0].name, "orgUnitId");
    EXPECT_EQ((*r)[0].data, "12");
    EXPECT_FALSE((*r)[0].is_file());
    EXPECT_EQ((*r)[1].name, "file");
    EXPECT_EQ((*r)[1].filename, "照片.jpg");
    EXPECT_EQ((*r)[1].content_type, "image/jpeg");
    EXPECT_EQ((*r)[1].data, kData);
  }
}

TEST(Multipart, FilenameForms) {
  auto one = [](std::string_view disposition) {
    return parse_multipart(kType, part(disposition, "x") + close());
  };
  auto r =
      one("Content-Disposition: form-data; name=file; filename*=UTF-8''%E6%B0%91%E7%94%9F.pdf; "
          "filename=\"fallback.pdf\"");
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].filename, "民生.pdf");
  r = one("Content-Disposition: form-data; name=\"f\"; filename=\"a\\\"b\\\\c.jpg\"");
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].filename, "a\"b\\c.jpg");
  r = one("Content-Disposition: form-data; name=\"f\"; filename=\"C:\\dir\\x.jpg\"");
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].filename, "C:\\dir\\x.jpg");
  r = one("Content-Disposition: form-data; name=\"f\"; filename=\"\xd5\xd5\xc6\xac.jpg\"");  // GBK 照片
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].filename, "\xef\xbf\xbd\xef\xbf\xbd\xc6\xac.jpg");  // \xc6\xac happens to be UTF-8
  r = one("Content-Disposition: form-data; name=\"f\"; filename=\"\"");
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].filename, "");
  EXPECT_TRUE((*r)[0].is_file());
  r = one("Content-Disposition: form-data; name=\"f\"; filename=\"a%00.jpg\"");
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].filename, "a%00.jpg");  // not decoded: browsers send names as they are
}

TEST(Multipart, MalformedIsInvalidArgument) {
  const std::vector<std::string> bad = {
      "",                                                   // no delimiter at all
      part("Content-Disposition: form-data; name=a", "1"),  // no closing delimiter
      part("Content-Type: text/plain", "1") + close(),      // no Content-Disposition
      part("Content-Disposition: attachment; name=a", "1") + close(),
      part("Content-Disposition: form-data", "1") + close(),  // no name
      part("Content-Disposition: form-data; name=\"\"", "1") + close(),
      part("Content-Disposition: form-data; name=\"a", "1") + close(),
      part("Content-Disposition: form-data; name=a; name=b", "1") + close(),
      part("Content-Disposition: form-data; name=\"\xff\"", "1") + close(),
      part("Content-Disposition: form-data; name=a; filename*=GBK''%D5%D5", "1") + close(),
      part("Content-Disposition: form-data; name=a; filename*=UTF-8''%FF", "1") + close(),
      part("Content-Disposition: form-data; name=a; filename*=UTF-8''a%00b", "1") + close(),
      part("Content-Disposition: form-data; name=a\r\n folded: yes", "1") + close(),
      part("Content-Disposition: form-data; name=a\r\nno colon", "1") + close(),
      part("Content-Disposition: form-data; name=a\r\nContent-Disposition: form-data; name=b", "1") + close(),
      "--XyZ\r\n\r\n1\r\n" + close(),  // no headers
      "--XyZjunk\r\n" + close(),
  };
  for (const auto& b : bad) {
    auto r = parse_multipart(kType, b);
    ASSERT_FALSE(r) << b;
    EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument) << b;
    EXPECT_TRUE(messages::has(r.error().key)) << r.error().key;
  }
  // An empty form (only the closing delimiter) is well formed.
  auto empty = parse_multipart(kType, close());
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
  // Transport padding after a delimiter.
  EXPECT_TRUE(
      parse_multipart(kType, "--XyZ  \t\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n" + close()));
}

TEST(Multipart, Limits) {
  MultipartLimits lim;
  lim.max_file_size = 10;
  lim.max_field_size = 4;
  lim.max_total = 400;
  lim.max_parts = 3;
  lim.max_part_header = 100;
  const std::string file_h = "Content-Disposition: form-data; name=f; filename=a.jpg";
  auto ok = parse_multipart(kType, part(file_h, std::string(10, 'x')) + close(), lim, 3);
  ASSERT_TRUE(ok);
  auto big = parse_multipart(kType, part(file_h, std::string(11, 'x')) + close(), lim, 3);
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code, ErrorCode::ContentTooLarge);
  EXPECT_EQ(big.error().key, "multipart.file_too_large");
  auto field = parse_multipart(kType, part("Content-Disposition: form-data; name=a", "12345") + close(), lim);
  ASSERT_FALSE(field);
  EXPECT_EQ(field.error().code, ErrorCode::ContentTooLarge);

  std::string three, four;
  for (int i = 0; i < 3; ++i)
    three += part("Content-Disposition: form-data; name=a", "1");
  four = three + part("Content-Disposition: form-data; name=a", "1");
  EXPECT_TRUE(parse_multipart(kType, three + close(), lim));
  auto many = parse_multipart(kType, four + close(), lim);
  ASSERT_FALSE(many);
  EXPECT_EQ(many.error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(many.error().key, "multipart.too_many_parts");

  auto header = parse_multipart(
      kType, part("Content-Disposition: form-data; name=a\r\nX-Pad: " + std::string(100, 'p'), "1") + close(),
      lim, 5);
  ASSERT_FALSE(header);
  EXPECT_EQ(header.error().key, "multipart.header_too_large");
  // A header that never ends is refused once it passes the limit, not when the body ends.
  MultipartParser p("XyZ", lim);
  EXPECT_TRUE(p.feed("--XyZ\r\nContent-Disposition: form-data; name=a\r\n"));
  auto s = p.feed(std::string(90, 'h'));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().key, "multipart.header_too_large");
  EXPECT_FALSE(p.feed("more"));  // stays failed

  auto total = parse_multipart(kType, part(file_h, "x") + close() + std::string(400, 'e'), lim);
  ASSERT_FALSE(total);
  EXPECT_EQ(total.error().code, ErrorCode::ContentTooLarge);
}

TEST(Multipart, DefaultLimitsMatchSecurityDefaults) {
  MultipartLimits d;
  EXPECT_EQ(d.max_parts, 50u);
  EXPECT_EQ(d.max_part_header, 8192u);
  EXPECT_EQ(d.max_file_size, 10u * 1024 * 1024);
  std::string body;
  for (int i = 0; i < 51; ++i)
    body += part("Content-Disposition: form-data; name=p" + std::to_string(i), "v");
  auto r = parse_multipart(kType, body + close());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
}

TEST(Utf8Lossy, ReplacesInvalidSequencesOnly) {
  EXPECT_EQ(utf8_lossy("民生 ok"), "民生 ok");
  EXPECT_EQ(utf8_lossy(std::string("a\0b", 3)),
            "a\xef\xbf\xbd"
            "b");
  EXPECT_EQ(utf8_lossy("\xc0\xaf"), "\xef\xbf\xbd\xef\xbf\xbd");                  // overlong '/'
  EXPECT_EQ(utf8_lossy("\xe6\xb0"), "\xef\xbf\xbd\xef\xbf\xbd");                  // truncated
  EXPECT_EQ(utf8_lossy("\xed\xa0\x80"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");  // surrogate
}

}  // namespace
}  // namespace minsheng::http::parse
