#include "modules/submissions/checks.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/messages.hpp"

namespace minsheng::submissions {
namespace {

std::vector<Warning> check(std::string_view text, std::vector<std::string> banned = {},
                           std::string_view field = "body") {
  return text_warnings(field, text, banned);
}

std::vector<Warning> only(const std::vector<Warning>& ws, std::string_view code) {
  std::vector<Warning> out;
  for (const auto& w : ws)
    if (w.code == code) out.push_back(w);
  return out;
}

bool contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

// Code points of a UTF-8 string.
std::size_t chars(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    n += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
  return n;
}

// The quoted excerpt of a message (between the last “ and ”).
std::string excerpt_of(const std::string& message) {
  const std::string open = "“", close = "”";
  const auto b = message.rfind(open);
  const auto e = message.rfind(close);
  if (b == std::string::npos || e == std::string::npos || e < b) return "";
  return message.substr(b + open.size(), e - b - open.size());
}

// ---------------------------------------------------------------------------------------------------------
// Half-width punctuation.

TEST(TextChecks, HalfWidthCommaBetweenChineseWords) {
  const auto ws = check("民生工程,效果好");
  ASSERT_EQ(ws.size(), 1U);
  EXPECT_EQ(ws[0].code, "halfwidth_punct");
  EXPECT_EQ(ws[0].field, "body");
  EXPECT_TRUE(contains(ws[0].message, "正文")) << ws[0].message;
  EXPECT_TRUE(contains(ws[0].message, "“,”")) << ws[0].message;
  EXPECT_EQ(excerpt_of(ws[0].message), "民生工程,效果好");
}

TEST(TextChecks, EveryHalfWidthMarkNextToChinese) {
  for (std::string_view text : {"效果好.", "效果好;很好", "通知:明天", "好吗?", "好!", "COVID-19,疫情",
                                "，,好", "好 ,。", "工程(一", "一)工程"}) {
    EXPECT_EQ(only(check(text), "halfwidth_punct").size(), 1U) << text;
  }
  // A run of marks is one place: "好!!!" and "等等......".
  auto ws = check("好!!!");
  ASSERT_EQ(ws.size(), 1U);
  EXPECT_TRUE(contains(ws[0].message, "“!!!”"));
  EXPECT_EQ(check("等等......").size(), 1U);
  // Both parentheses of "(2020年)".
  EXPECT_EQ(check("民生工程(2020年)实施").size(), 2U);
}

TEST(TextChecks, NoWarningWithoutChineseNeighbours) {
  for (std::string_view text : {"2020.06", "2020.06月", "共3.5万元", "上午8:30开会", "比例3:1",
                                "Hello, world. OK!", "民生工程，效果好。", "（一）工程", "第1.2条",
                                "民生 , 工程", "e-mail: a@b.cn", "1. 第一条\n2. 第二条", "", "民生工程"}) {
    EXPECT_TRUE(only(check(text), "halfwidth_punct").empty()) << text;
  }
}

TEST(TextChecks, UrlsAndMarkdownAreNotProse) {
  for (std::string_view text :
       {"详见http://mszc.gov.cn/a,b?x=1&y=(2)了解", "详见https://www.ah.gov.cn/x?id=1。",
        "访问www.ahms.gov.cn了解", "如图![照片](a.jpg)所示", "见[民生工程](https://x.cn/a)。",
        "见[民生工程](https://x.cn/a(b))。", "详见HTTP://X.CN/A.HTML。"}) {
    EXPECT_TRUE(only(check(text), "halfwidth_punct").empty()) << text;
  }
  // Punctuation before or after a URL is still prose.
  EXPECT_EQ(check("网址:http://x.cn").size(), 1U);
  const auto ws = check("详见http://x.cn/a.html.谢谢");
  ASSERT_EQ(ws.size(), 1U);
  EXPECT_TRUE(contains(ws[0].message, "“.”"));
  EXPECT_EQ(check("(详见http://x.cn/a)").size(), 1U);  // the "(" after nothing, the ")" closes the sentence
}

TEST(TextChecks, PlaceNamesTheFieldAndTheLine) {
  auto ws = check("第一行\n第二行,好");
  ASSERT_EQ(ws.size(), 1U);
  EXPECT_TRUE(contains(ws[0].message, "正文第 2 行")) << ws[0].message;
  EXPECT_EQ(excerpt_of(ws[0].message), "第一行 第二行,好");
  ws = check("民生工程,效果好", {}, "title");
  ASSERT_EQ(ws.size(), 1U);
  EXPECT_EQ(ws[0].field, "title");
  EXPECT_TRUE(ws[0].message.starts_with("标题")) << ws[0].message;
  ws = check("他说:好", {}, "quote");
  EXPECT_TRUE(ws[0].message.starts_with("群众原话")) << ws[0].message;
  ws = check("他说:好", {}, "speaker_desc");
  EXPECT_EQ(ws[0].field, "speaker_desc");
  EXPECT_TRUE(ws[0].message.starts_with("受访群众")) << ws[0].message;
  ws = check("他说:好", {}, "pairs[0].before.caption");
  EXPECT_TRUE(ws[0].message.starts_with("照片说明")) << ws[0].message;
}

TEST(TextChecks, ExcerptsAreAtMostTwentyCharacters) {
  const std::string long_text =
      "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十,一二三四五六七八九十一二三四五六七八九十";
  auto ws = check(long_text);
  ASSERT_EQ(ws.size(), 1U);
  const std::string ex = excerpt_of(ws[0].message);
  EXPECT_EQ(chars(ex), 20U) << ex;
  EXPECT_TRUE(contains(ex, ",")) << ex;
  // Near the start and near the end the excerpt shifts, still 20 characters.
  ws = check(",一二三四五六七八九十一二三四五六七八九十一二三四五");
  EXPECT_EQ(excerpt_of(ws[0].message), ",一二三四五六七八九十一二三四五六七八九");
  ws = check("一二三四五六七八九十一二三四五六七八九十一二三四五.");
  EXPECT_EQ(excerpt_of(ws[0].message), "七八九十一二三四五六七八九十一二三四五.");
  // A banned word longer than 20 characters is cut.
  const std::string word = "一二三四五六七八九十一二三四五六七八九十一二";
  ws = check("前" + word + "后", {word});
  ASSERT_EQ(ws.size(), 1U);
  EXPECT_EQ(chars(excerpt_of(ws[0].message)), 20U);
}

TEST(TextChecks, ManyHitsAreSummarised) {
  const auto ws = check("好,好,好,好,好,好,好,好");  // 7 commas
  ASSERT_EQ(ws.size(), 6U);
  for (std::size_t i = 0; i < 5; ++i)
    EXPECT_TRUE(contains(ws[i].message, "“,”"));
  EXPECT_EQ(ws[5].code, "halfwidth_punct");
  EXPECT_TRUE(contains(ws[5].message, "另有 2 处")) << ws[5].message;
  EXPECT_EQ(check("好,好,好,好,好,好").size(), 5U);  // exactly five: no summary
}

TEST(TextChecks, InvalidUtf8DoesNotBreakTheScan) {
  const std::string bad = std::string("民生") + "\xff\xfe" + ",工程" + "\xe6\xb0";
  const auto ws = check(bad);
  ASSERT_EQ(ws.size(), 1U);                              // the comma before 工
  EXPECT_TRUE(contains(ws[0].message, "\xEF\xBF\xBD"));  // shown as U+FFFD, the message stays valid UTF-8
  EXPECT_TRUE(check("\xc0\xaf,").empty());               // overlong "/" is not Chinese
}

// ---------------------------------------------------------------------------------------------------------
// Numbers.

TEST(TextChecks, UnmaskedIdNumbers) {
  for (std::string_view text :
       {"身份证号11010519491231002X。", "身份证号11010519491231002x", "号码：340102198001011231",
        "440306199912314561", "341222198402290018（闰年）", "ID:11010519491231002X",
        "１１０１０５１９４９１２３１００２Ｘ"}) {
    const auto ws = only(check(text), "id_number");
    ASSERT_EQ(ws.size(), 1U) << text;
    EXPECT_EQ(ws[0].field, "body");
    EXPECT_FALSE(contains(ws[0].message, "19491231")) << ws[0].message;  // masked in the quote
  }
  const auto ws = only(check("身份证号11010519491231002X。"), "id_number");
  EXPECT_TRUE(contains(ws[0].message, "110105********002X")) << ws[0].message;

  for (std::string_view text : {
           "340102198001011232",          // wrong check digit
           "341222198502290015",          // 29 February 1985 does not exist
           "110105******** 002X",         // masked
           "110105********002X",          // masked
           "1340102198001011231",         // 19 digits
           "3401021980010112311",         // 19 digits
           "订单号 0401021980010112310",  // longer run
           "11010519491231002XY",         // X followed by a letter
           "34010219800101123",           // 17 digits
           "1.340102198001011231",        // a decimal number
       }) {
    EXPECT_TRUE(only(check(text), "id_number").empty()) << text;
  }
}

TEST(TextChecks, UnmaskedMobileNumbers) {
  for (std::string_view text : {"电话13812345678", "联系：19912345678。", "tel:13012345678", "138-1234-5678",
                                "请拨 138 1234 5678 咨询", "１３８１２３４５６７８"}) {
    const auto ws = only(check(text), "phone_number");
    ASSERT_EQ(ws.size(), 1U) << text;
    EXPECT_FALSE(contains(ws[0].message, "1234")) << ws[0].message;
  }
  EXPECT_TRUE(contains(only(check("电话13812345678"), "phone_number")[0].message, "138****5678"));
  EXPECT_TRUE(contains(only(check("138-1234-5678"), "phone_number")[0].message, "138-****-5678"));
  // Two numbers in a list: two warnings.
  EXPECT_EQ(only(check("13812345678,13912345678"), "phone_number").size(), 2U);

  for (std::string_view text : {"12812345678",     // 1[3-9] only
                                "10012345678",     // not a mobile prefix
                                "138****5678",     // masked
                                "1381234567",      // 10 digits
                                "138123456789",    // 12 digits
                                "8613812345678",   // part of a longer run
                                "13812345678.5",   // a decimal
                                "3.13812345678",   // a decimal
                                "138-1234 5678",   // mixed separators
                                "138-1234-56789",  // a longer last group
                                "0551-12345678",   // a landline
                                "2020年1月3日"}) {
    EXPECT_TRUE(only(check(text), "phone_number").empty()) << text;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Banned words.

TEST(TextChecks, BannedWords) {
  const std::vector<std::string> words = {"最佳", " 绝对 \r", "", "   ", "VIP"};
  auto ws = check("这是最佳方案，绝对满意，vip通道，Vip，最佳", words);
  ASSERT_EQ(ws.size(), 5U);
  EXPECT_EQ(ws[0].code, "banned_word");
  EXPECT_TRUE(contains(ws[0].message, "“最佳”"));
  EXPECT_TRUE(contains(ws[1].message, "“绝对”"));  // trimmed as configured
  EXPECT_TRUE(contains(ws[2].message, "“VIP”"));   // the word as configured, found in any ASCII case
  EXPECT_TRUE(contains(ws[3].message, "“VIP”"));
  EXPECT_TRUE(contains(ws[4].message, "“最佳”"));
  EXPECT_TRUE(contains(excerpt_of(ws[2].message), "vip通道"));
  EXPECT_TRUE(check("这是好方案", words).empty());
  EXPECT_TRUE(check("最佳", {}).empty());
  // Overlapping words both warn; a word is not found inside another character's bytes.
  EXPECT_EQ(check("民生工程", {"民生", "民生工程"}).size(), 2U);
  EXPECT_TRUE(check("\xe6\xb0\x91", {"\xb0\x91"}).empty());
}

TEST(TextChecks, AllKindsTogetherInTextOrderByKind) {
  const auto ws = check("王某,身份证号11010519491231002X,电话13812345678,最佳", {"最佳"});
  std::vector<std::string> codes;
  for (const auto& w : ws)
    codes.push_back(w.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"halfwidth_punct", "halfwidth_punct", "halfwidth_punct",
                                             "id_number", "phone_number", "banned_word"}));
  // No quote of any warning shows the numbers unmasked.
  for (const auto& w : ws) {
    EXPECT_FALSE(contains(w.message, "19491231")) << w.message;
    EXPECT_FALSE(contains(w.message, "3812345678")) << w.message;
  }
  EXPECT_TRUE(contains(ws.back().message, "138****5678")) << ws.back().message;
}

// ---------------------------------------------------------------------------------------------------------
// Photos.

PhotoFacts photo(std::optional<std::string> at, std::optional<double> lat, std::optional<double> lng) {
  return PhotoFacts{std::move(at), lat, lng};
}

std::vector<std::string> codes_of(const std::vector<Warning>& ws) {
  std::vector<std::string> out;
  for (const auto& w : ws)
    out.push_back(w.code + " " + w.field);
  return out;
}

// Two points about 100 m apart in a village of Anhui.
constexpr double kLat = 31.8206, kLng = 117.2272;
const double kDegLat100m = 100.0 / 111195.08;

TEST(PairChecks, AGoodPairHasNoWarnings) {
  const auto ws =
      pair_warnings(1, photo("2020-03-01 09:00:00", kLat, kLng),
                    photo("2020-10-01T09:00:00", kLat + kDegLat100m, kLng), std::pair{kLat, kLng}, 200);
  EXPECT_TRUE(ws.empty()) << (ws.empty() ? "" : ws[0].message);
}

TEST(PairChecks, WrongOrder) {
  auto ws = pair_warnings(2, photo("2020-10-01 09:00:00", kLat, kLng),
                          photo("2020-03-01 09:00:00", kLat, kLng), std::nullopt, 200);
  ASSERT_EQ(ws.size(), 1U);
  EXPECT_EQ(ws[0].code, "photo_order");
  EXPECT_EQ(ws[0].field, "pairs[1]");
  EXPECT_TRUE(contains(ws[0].message, "第 2 组")) << ws[0].message;
  EXPECT_TRUE(contains(ws[0].message, "2020-10-01 09:00")) << ws[0].message;
  EXPECT_TRUE(contains(ws[0].message, "2020-03-01 09:00")) << ws[0].message;
  // The same second is not "earlier"; EXIF's own spelling is understood.
  ws = pair_warnings(1, photo("2020:03:01 09:00:00", kLat, kLng), photo("2020-03-01T09:00:00", kLat, kLng),
                     std::nullopt, 200);
  EXPECT_EQ(codes_of(ws), std::vector<std::string>{"photo_order pairs[0]"});
  ws = pair_warnings(1, photo("2020:03:01 09:00:00", kLat, kLng), photo("2020:03:01 09:00:01", kLat, kLng),
                     std::nullopt, 200);
  EXPECT_TRUE(ws.empty());
}

TEST(PairChecks, TooFarApart) {
  auto ws = pair_warnings(1, photo("2020-03-01 09:00:00", kLat, kLng),
                          photo("2020-10-01 09:00:00", kLat + 3 * kDegLat100m, kLng), std::nullopt, 200);
  ASSERT_EQ(ws.size(), 1U);
  EXPECT_EQ(ws[0].code, "photo_distance");
  EXPECT_EQ(ws[0].field, "pairs[0]");
  EXPECT_TRUE(contains(ws[0].message, "约 301 米")) << ws[0].message;  // 300 m, rounded up
  EXPECT_TRUE(contains(ws[0].message, "超过 200 米")) << ws[0].message;
  // A larger allowance, or none.
  EXPECT_TRUE(pair_warnings(1, photo("2020-03-01 09:00:00", kLat, kLng),
                            photo("2020-10-01 09:00:00", kLat + 3 * kDegLat100m, kLng), std::nullopt, 500)
                  .empty());
  EXPECT_TRUE(pair_warnings(1, photo("2020-03-01 09:00:00", kLat, kLng),
                            photo("2020-10-01 09:00:00", kLat + 3 * kDegLat100m, kLng), std::nullopt, 0)
                  .empty());
}

TEST(PairChecks, FarFromTheProject) {
  const auto project = std::pair{kLat + 5 * kDegLat100m, kLng};  // 500 m north
  auto ws = pair_warnings(1, photo("2020-03-01 09:00:00", kLat, kLng),
                          photo("2020-10-01 09:00:00", kLat + 4 * kDegLat100m, kLng), project, 200);
  // The pair is 400 m apart; the before photo is 500 m from the project, the after photo 100 m.
  EXPECT_EQ(codes_of(ws),
            (std::vector<std::string>{"photo_distance pairs[0]", "photo_project_distance pairs[0].before"}));
  EXPECT_TRUE(contains(ws[1].message, "整治前")) << ws[1].message;
  EXPECT_TRUE(contains(ws[1].message, "项目")) << ws[1].message;
  ws = pair_warnings(1, photo("2020-03-01 09:00:00", kLat, kLng), photo("2020-10-01 09:00:00", kLat, kLng),
                     project, 200);
  EXPECT_EQ(codes_of(ws), (std::vector<std::string>{"photo_project_distance pairs[0].before",
                                                    "photo_project_distance pairs[0].after"}));
  EXPECT_TRUE(contains(ws[1].message, "整治后")) << ws[1].message;
  // A project location of (0, 0) means none.
  EXPECT_TRUE(pair_warnings(1, photo("2020-03-01 09:00:00", kLat, kLng),
                            photo("2020-10-01 09:00:00", kLat, kLng), std::pair{0.0, 0.0}, 200)
                  .empty());
}

TEST(PairChecks, MissingExif) {
  auto ws = pair_warnings(3, photo(std::nullopt, std::nullopt, std::nullopt),
                          photo(std::nullopt, std::nullopt, std::nullopt), std::pair{kLat, kLng}, 200);
  EXPECT_EQ(codes_of(ws),
            (std::vector<std::string>{"photo_no_exif pairs[2].before", "photo_no_exif pairs[2].after"}));
  EXPECT_TRUE(contains(ws[0].message, "第 3 组")) << ws[0].message;
  EXPECT_TRUE(contains(ws[0].message, "整治前")) << ws[0].message;
  EXPECT_EQ(ws[0].message,
            messages::format("submission.warn.photo_no_exif", {{"pair", "3"}, {"which", "整治前"}}));

  // Time only, GPS only; a zero date and (0, 0) count as missing; one lat without lng too.
  ws = pair_warnings(1, photo("2020-03-01 09:00:00", std::nullopt, std::nullopt),
                     photo("0000:00:00 00:00:00", kLat, kLng), std::nullopt, 200);
  ASSERT_EQ(ws.size(), 2U);
  EXPECT_EQ(ws[0].message,
            messages::format("submission.warn.photo_no_gps", {{"pair", "1"}, {"which", "整治前"}}));
  EXPECT_EQ(ws[1].message,
            messages::format("submission.warn.photo_no_time", {{"pair", "1"}, {"which", "整治后"}}));
  ws = pair_warnings(1, photo("2020-03-01 09:00:00", 0.0, 0.0),
                     photo("2020-03-02 09:00:00", kLat, std::nullopt), std::nullopt, 200);
  EXPECT_EQ(codes_of(ws),
            (std::vector<std::string>{"photo_no_exif pairs[0].before", "photo_no_exif pairs[0].after"}));
  for (std::string_view bad : {"", "2020-03-01", "2020/03/01 09:00:00", "2020-13-01 09:00:00",
                               "2020-03-01 25:00:00", "yesterday at noon!!"}) {
    ws = pair_warnings(1, photo(std::string(bad), kLat, kLng), photo("2020-03-02 09:00:00", kLat, kLng),
                       std::nullopt, 200);
    EXPECT_EQ(codes_of(ws), std::vector<std::string>{"photo_no_exif pairs[0].before"}) << bad;
  }
  // Out-of-range coordinates are not a position.
  ws = pair_warnings(1, photo("2020-03-01 09:00:00", 91.0, kLng), photo("2020-03-02 09:00:00", kLat, 181.0),
                     std::nullopt, 200);
  EXPECT_EQ(ws.size(), 2U);
  ws = pair_warnings(1, photo("2020-03-01 09:00:00", NAN, kLng), photo("2020-03-02 09:00:00", kLat, kLng),
                     std::nullopt, 200);
  EXPECT_EQ(ws.size(), 1U);
}

TEST(PairChecks, EveryMessageIsFilledIn) {
  const auto ws = pair_warnings(1, photo("2020-10-01 09:00:00", kLat, kLng),
                                photo("2020-03-01 09:00:00", 32.0, 118.0), std::pair{33.0, 119.0}, 200);
  EXPECT_EQ(ws.size(), 4U);  // order, distance, and both far from the project
  for (const auto& w : ws)
    EXPECT_FALSE(contains(w.message, "{")) << w.message;
}

// ---------------------------------------------------------------------------------------------------------
// Geometry.

TEST(Geometry, HaversineDistances) {
  EXPECT_DOUBLE_EQ(distance_m(kLat, kLng, kLat, kLng), 0.0);
  EXPECT_NEAR(distance_m(0, 0, 1, 0), 111195.08, 0.01);  // one degree of a meridian, mean radius
  EXPECT_NEAR(distance_m(0, 0, 0, 1), 111195.08, 0.01);  // one degree of the equator
  EXPECT_NEAR(distance_m(10, 20, 11, 20), 111195.08, 0.01);
  // Symmetric; a degree of longitude shrinks with cos(latitude).
  EXPECT_DOUBLE_EQ(distance_m(31, 117, 32, 118), distance_m(32, 118, 31, 117));
  EXPECT_NEAR(distance_m(60, 0, 60, 0.001), 111.195 * std::cos(60 * M_PI / 180), 0.01);
  // Antipodes: half the circumference; across the date line.
  EXPECT_NEAR(distance_m(0, 0, 0, 180), M_PI * 6371008.8, 0.5);
  EXPECT_NEAR(distance_m(0, 179.9995, 0, -179.9995), 111.195, 0.01);
  // Shanghai to Beijing: 1076959.78 m by an independent haversine (Python math, same radius).
  EXPECT_NEAR(distance_m(31.17530398364597, 121.531541859215, 39.91334545536069, 116.38404722455657),
              1076959.78, 0.01);
}

TEST(Geometry, Gcj02BackToWgs84) {
  struct V {
    double wlat, wlng, glat, glng;
  };
  // The published eviltransform test vectors.
  for (const V& v : {V{31.1774276, 121.5272106, 31.17530398364597, 121.531541859215},
                     V{22.543847, 113.912316, 22.540796131694766, 113.9171764808363},
                     V{39.911954, 116.377817, 39.91334545536069, 116.38404722455657}}) {
    const auto [lat, lng] = to_wgs84(v.glat, v.glng, "gcj02");
    EXPECT_LT(distance_m(lat, lng, v.wlat, v.wlng), 0.01);
    EXPECT_GT(distance_m(v.glat, v.glng, v.wlat, v.wlng), 300);  // why it matters with a 200 m allowance
  }
  EXPECT_EQ(to_wgs84(31.5, 117.2, "wgs84"), (std::pair{31.5, 117.2}));
  EXPECT_EQ(to_wgs84(31.5, 117.2, "cgcs2000"), (std::pair{31.5, 117.2}));
  EXPECT_EQ(to_wgs84(48.85, 2.35, "gcj02"), (std::pair{48.85, 2.35}));  // outside China: no offset
}

}  // namespace
}  // namespace minsheng::submissions
