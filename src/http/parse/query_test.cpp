#include "http/parse/query.hpp"

#include <gtest/gtest.h>

#include <string>

namespace minsheng::http::parse {
namespace {

// Concatenation without `"literal" + std::string` (GCC 12 -O3 raises a false -Wrestrict on it, bug 105651).
std::string cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts)
    out.append(p);
  return out;
}

std::string decoded(std::string_view in, bool plus = true) {
  auto r = percent_decode(in, plus);
  EXPECT_TRUE(r.ok()) << in;
  return r.ok() ? r.value() : std::string("<error>");
}

void expect_rejected(std::string_view in, bool plus = true) {
  auto r = percent_decode(in, plus);
  ASSERT_FALSE(r.ok()) << in << " decoded to " << r.value();
  EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(r.error().key, "error.bad_request");
}

TEST(PercentDecode, PlainAndEscapes) {
  EXPECT_EQ(decoded(""), "");
  EXPECT_EQ(decoded("abc"), "abc");
  EXPECT_EQ(decoded("x%20y"), "x y");
  EXPECT_EQ(decoded("%41%62%2f%2F"), "Ab//");
  EXPECT_EQ(decoded("100%25"), "100%");
  // 民生 in UTF-8, upper and lower case hex.
  EXPECT_EQ(decoded("%E6%B0%91%e7%94%9f"), "民生");
  EXPECT_EQ(decoded("已经是UTF-8"), "已经是UTF-8");
}

TEST(PercentDecode, Plus) {
  EXPECT_EQ(decoded("a+b", true), "a b");
  EXPECT_EQ(decoded("a+b", false), "a+b");
  EXPECT_EQ(decoded("a%2Bb", true), "a+b");
}

TEST(PercentDecode, BadEscapes) {
  expect_rejected("%zz");
  expect_rejected("%4");
  expect_rejected("%");
  expect_rejected("abc%");
  expect_rejected("%g0");
  expect_rejected("%0g");
  expect_rejected("%%41");
  expect_rejected("% 41");
}

TEST(PercentDecode, NulRejected) {
  expect_rejected("%00");
  expect_rejected("a%00b");
  expect_rejected(std::string_view("a\0b", 3));
}

TEST(PercentDecode, InvalidUtf8Rejected) {
  expect_rejected("%c0%ae");        // overlong '.'
  expect_rejected("%c0%ae%c0%ae");  // overlong "..", the classic traversal
  expect_rejected("%c1%81");        // overlong 'A'
  expect_rejected("%e0%80%ae");     // 3-byte overlong
  expect_rejected("%f0%80%80%ae");  // 4-byte overlong
  expect_rejected("%ed%a0%80");     // U+D800 surrogate
  expect_rejected("%ed%bf%bf");     // U+DFFF surrogate
  expect_rejected("%f4%90%80%80");  // above U+10FFFF
  expect_rejected("%ff");
  expect_rejected("%80");       // lone continuation
  expect_rejected("%e6%b0");    // truncated 3-byte sequence
  expect_rejected("%d6%d0");    // GBK "中"
  expect_rejected("\xd6\xd0");  // raw GBK bytes
}

TEST(PercentDecode, ValidEdgeCodePoints) {
  EXPECT_EQ(decoded("%c2%80"), "\xc2\x80");                // U+0080 (smallest 2-byte)
  EXPECT_EQ(decoded("%ed%9f%bf"), "\xed\x9f\xbf");         // U+D7FF
  EXPECT_EQ(decoded("%ee%80%80"), "\xee\x80\x80");         // U+E000
  EXPECT_EQ(decoded("%f4%8f%bf%bf"), "\xf4\x8f\xbf\xbf");  // U+10FFFF
  EXPECT_EQ(decoded("%f0%9f%98%80"), "\xf0\x9f\x98\x80");  // emoji
}

TEST(Utf8, ValidAndLength) {
  EXPECT_TRUE(valid_utf8(""));
  EXPECT_TRUE(valid_utf8("abc民生"));
  EXPECT_FALSE(valid_utf8("\xc0\xae"));
  EXPECT_FALSE(valid_utf8("\xed\xa0\x80"));
  EXPECT_FALSE(valid_utf8("\xe6\xb0"));
  EXPECT_EQ(utf8_length(""), 0u);
  EXPECT_EQ(utf8_length("abc"), 3u);
  EXPECT_EQ(utf8_length("民生服务"), 4u);
  EXPECT_EQ(utf8_length("a\xf0\x9f\x98\x80"), 2u);
}

TEST(ParseQuery, Basics) {
  auto r = parse_query("a=1&b=x%20y&c=%E4%B8%AD+%E6%96%87");
  ASSERT_TRUE(r.ok());
  Pairs want = {{"a", "1"}, {"b", "x y"}, {"c", "中 文"}};
  EXPECT_EQ(r.value(), want);
}

TEST(ParseQuery, EmptyPiecesAndBareNames) {
  auto r = parse_query("&a=1&&b&c=&=v&");
  ASSERT_TRUE(r.ok());
  Pairs want = {{"a", "1"}, {"b", ""}, {"c", ""}, {"", "v"}};
  EXPECT_EQ(r.value(), want);
  auto empty = parse_query("");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(ParseQuery, ValueKeepsLaterEquals) {
  auto r = parse_query("token=abc==&x=a=b");
  ASSERT_TRUE(r.ok());
  Pairs want = {{"token", "abc=="}, {"x", "a=b"}};
  EXPECT_EQ(r.value(), want);
}

TEST(ParseQuery, DuplicatesKeptInOrder) {
  auto r = parse_query("id=1&id=2");
  ASSERT_TRUE(r.ok());
  Pairs want = {{"id", "1"}, {"id", "2"}};
  EXPECT_EQ(r.value(), want);
}

TEST(ParseQuery, BadEncodingInNameOrValueFails) {
  EXPECT_FALSE(parse_query("a=%zz").ok());
  EXPECT_FALSE(parse_query("%zz=1").ok());
  EXPECT_FALSE(parse_query("a=1&b=%c0%ae").ok());
  EXPECT_FALSE(parse_query("a=%00").ok());
  EXPECT_FALSE(parse_query("name=%D5%C5%C8%FD").ok());  // GBK 张三
}

TEST(ParseQuery, PairLimit) {
  std::string q;
  for (int i = 0; i < 200; ++i)
    q += cat({"k", std::to_string(i), "=v&"});
  auto ok = parse_query(q);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->size(), 200u);
  q += "one=more";
  auto r = parse_query(q);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
  // Empty pieces do not count.
  EXPECT_TRUE(parse_query(cat({std::string(10000, '&'), "a=1"})).ok());
}

TEST(ParseQuery, WeChatLikeQuery) {
  auto r = parse_query(
      "from=singlemessage&isappinstalled=0&keyword=%E4%BD%8E%E4%BF%9D%E7%94%B3%E8%AF%B7&pageNum=1&pageSize="
      "20");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 5u);
  EXPECT_EQ((*r)[2].second, "低保申请");
}

TEST(ParseCookies, Basics) {
  Pairs want = {{"a", "b"}, {"c", "d"}};
  EXPECT_EQ(parse_cookies("a=b; c=d"), want);
  EXPECT_EQ(parse_cookies("a=b;c=d"), want);
  EXPECT_EQ(parse_cookies("  a = b ;\tc=d  "), want);
  EXPECT_TRUE(parse_cookies("").empty());
  EXPECT_TRUE(parse_cookies(";;;").empty());
}

TEST(ParseCookies, EmptyPiecesAndNoEquals) {
  Pairs want = {{"a", "b"}};
  EXPECT_EQ(parse_cookies("a=b;;c"), want);
  EXPECT_EQ(parse_cookies("novalue; a=b; =x"), want);
}

TEST(ParseCookies, Quoted) {
  Pairs want = {{"a", "hello world"}, {"b", ""}, {"c", "x"}};
  EXPECT_EQ(parse_cookies("a=\"hello world\"; b=\"\"; c=x"), want);
  // Unbalanced quotes are malformed.
  Pairs only_c = {{"c", "x"}};
  EXPECT_EQ(parse_cookies("a=\"abc; b=abc\"; d=\"; c=x"), only_c);
}

TEST(ParseCookies, EmptyValueAndEqualsInValue) {
  Pairs want = {{"a", ""}, {"b", "x=y=="}};
  EXPECT_EQ(parse_cookies("a=; b=x=y=="), want);
}

TEST(ParseCookies, ValuesNotDecoded) {
  Pairs want = {{"name", "%E5%BC%A0"}};
  EXPECT_EQ(parse_cookies("name=%E5%BC%A0"), want);
}

TEST(ParseCookies, MalformedSkipped) {
  Pairs want = {{"ok", "1"}};
  EXPECT_EQ(parse_cookies("bad name=1; ok=1"), want);
  EXPECT_EQ(parse_cookies("a(b=1; ok=1"), want);
  EXPECT_EQ(parse_cookies(std::string_view("x=a\0b; ok=1", 11)), want);
  EXPECT_EQ(parse_cookies("x=a\x01; ok=1"), want);
  EXPECT_EQ(parse_cookies("x=\x7f; ok=1"), want);
}

TEST(ParseCookies, DuplicatesKeptInOrder) {
  Pairs want = {{"__Host-sid", "1"}, {"__Host-sid", "2"}};
  EXPECT_EQ(parse_cookies("__Host-sid=1; __Host-sid=2"), want);
}

TEST(ParseCookies, AtMostFifty) {
  std::string h;
  for (int i = 0; i < 80; ++i)
    h += cat({"c", std::to_string(i), "=v; "});
  Pairs r = parse_cookies(h);
  ASSERT_EQ(r.size(), 50u);
  EXPECT_EQ(r.front().first, "c0");
  EXPECT_EQ(r.back().first, "c49");
}

}  // namespace
}  // namespace minsheng::http::parse
