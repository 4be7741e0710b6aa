#include "infra/qr/qr.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "infra/pdf/artwork.hpp"

// The round trip renders through cairo/pango (infra/pdf/artwork): the same two library leaks as pdf_test.cpp
// are suppressed under AddressSanitizer, by library (see there).
#if defined(__SANITIZE_ADDRESS__)
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libcairo.so.2\nleak:libfontconfig.so.1\n";
}
#endif

namespace minsheng::infra::qr {
namespace {

namespace fs = std::filesystem;

// --- the module matrix ---

TEST(QrEncode, ShortTextIsVersionOne) {
  auto m = encode("http://a.cn/p1", Level::M);  // 14 bytes: the most version 1-M holds in 8-bit mode
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->size, 21);  // version 1: 17 + 4 × 1
  EXPECT_EQ(m->modules.size(), 21U * 21U);
  for (auto v : m->modules)
    EXPECT_TRUE(v == 0 || v == 1);
}

TEST(QrEncode, LongerTextAndHigherLevelNeedLargerVersions) {
  const std::string url = "http://127.0.0.1:8080/p/2020-01";  // 31 bytes
  auto m = encode(url, Level::M);
  auto h = encode(url, Level::H);
  ASSERT_TRUE(m.ok());
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(m->size, 29);  // version 3-M holds 42 bytes, 2-M only 26
  EXPECT_EQ(h->size, 33);  // version 4-H holds 34 bytes, 3-H only 24
  EXPECT_EQ((m->size - 17) % 4, 0);
}

// The three finder patterns: 7×7 dark ring, light ring, 3×3 dark core, with a light separator.
bool finder_at(const Matrix& m, int x0, int y0) {
  for (int y = 0; y < 7; ++y)
    for (int x = 0; x < 7; ++x) {
      const bool ring = x == 0 || y == 0 || x == 6 || y == 6;
      const bool core = x >= 2 && x <= 4 && y >= 2 && y <= 4;
      if (m.dark(x0 + x, y0 + y) != (ring || core)) return false;
    }
  return true;
}

TEST(QrEncode, FinderPatternsAndTimingAreInPlace) {
  auto m = encode("民生工程 http://127.0.0.1:8080/p/2020-01", Level::Q);
  ASSERT_TRUE(m.ok());
  const int n = m->size;
  EXPECT_TRUE(finder_at(*m, 0, 0));
  EXPECT_TRUE(finder_at(*m, n - 7, 0));
  EXPECT_TRUE(finder_at(*m, 0, n - 7));
  EXPECT_FALSE(finder_at(*m, n - 7, n - 7));  // no finder bottom-right
  for (int i = 0; i < 8; ++i) {               // separators
    EXPECT_FALSE(m->dark(7, i));
    EXPECT_FALSE(m->dark(i, 7));
    EXPECT_FALSE(m->dark(n - 8, i));
  }
  for (int i = 8; i < n - 8; ++i) {  // timing patterns alternate, dark on even positions
    EXPECT_EQ(m->dark(i, 6), i % 2 == 0) << i;
    EXPECT_EQ(m->dark(6, i), i % 2 == 0) << i;
  }
  EXPECT_TRUE(m->dark(8, n - 8));  // the dark module
}

TEST(QrEncode, IsDeterministicAndCaseSensitive) {
  auto a = encode("http://x.cn/P/AbC");
  auto b = encode("http://x.cn/P/AbC");
  auto c = encode("http://x.cn/p/abc");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a->modules, b->modules);
  EXPECT_NE(a->modules, c->modules);
}

TEST(QrEncode, EmptyIsAFieldError) {
  auto r = encode("");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
  ASSERT_EQ(r.error().fields.size(), 1U);
  EXPECT_EQ(r.error().fields[0].field, "url");
  EXPECT_FALSE(r.error().fields[0].message.empty());
}

TEST(QrEncode, TooLongIsAFieldError) {
  // Version 40: 2331 bytes at M, 1663 at Q, 1273 at H (8-bit mode).
  EXPECT_TRUE(encode(std::string(2331, 'a'), Level::M).ok());
  EXPECT_TRUE(encode(std::string(1273, 'a'), Level::H).ok());
  for (auto [len, level] : {std::pair{2332, Level::M}, std::pair{1664, Level::Q}, std::pair{1274, Level::H},
                            std::pair{100000, Level::M}}) {
    auto r = encode(std::string(static_cast<std::size_t>(len), 'a'), level);
    ASSERT_FALSE(r.ok()) << len;
    EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument) << len;
    ASSERT_EQ(r.error().fields.size(), 1U);
    EXPECT_EQ(r.error().fields[0].field, "url");
  }
  auto v40 = encode(std::string(2331, 'a'), Level::M);
  ASSERT_TRUE(v40.ok());
  EXPECT_EQ(v40->size, 177);
}

// --- the round trip: matrix → artwork PNG → zbarimg ---

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("minsheng-qr-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Renders the code in a 40 mm box on a 60 mm page at `px` pixels wide, decodes it with zbarimg.
std::string round_trip(const std::string& text, Level level, int px = 600) {
  auto m = encode(text, level);
  EXPECT_TRUE(m.ok());
  if (!m.ok()) return {};
  pdf::Artwork art;
  art.width_mm = 60;
  art.height_mm = 60;
  art.elements.emplace_back(pdf::RectShape{{0, 0, 60, 60}, pdf::Color{0.8, 0.1, 0.1}, std::nullopt, 0.5, 0});
  art.elements.emplace_back(pdf::QrShape{{10, 10, 40, 40}, m->size, m->modules, 4, {}, {1, 1, 1}});
  pdf::RenderOptions o;
  o.format = pdf::Format::Png;
  o.png_width_px = px;
  auto png = pdf::render_artwork(art, o);
  EXPECT_TRUE(png.ok());
  if (!png.ok()) return {};
  TempDir dir;
  const fs::path file = dir.path() / "qr.png";
  std::ofstream(file, std::ios::binary) << *png;
  const std::string cmd = "zbarimg --raw -q '" + file.string() + "' 2>/dev/null";
  std::string out;
  if (FILE* p = ::popen(cmd.c_str(), "r")) {
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
      out.append(buf, n);
    EXPECT_EQ(::pclose(p), 0) << cmd;
  }
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

TEST(QrRoundTrip, UrlDecodesAtEveryLevel) {
  const std::string url = "http://127.0.0.1:8080/p/2020-01";
  EXPECT_EQ(round_trip(url, Level::M), url);
  EXPECT_EQ(round_trip(url, Level::Q), url);
  EXPECT_EQ(round_trip(url, Level::H), url);
}

TEST(QrRoundTrip, ChineseTextDecodes) {
  const std::string text = "https://minsheng.example.cn/p/2020-01?名称=农村饮水安全巩固提升工程";
  EXPECT_EQ(round_trip(text, Level::M), text);
  EXPECT_EQ(round_trip(text, Level::H), text);
  const std::string plain = "民生工程监督电话 0551-12345678";
  EXPECT_EQ(round_trip(plain, Level::Q), plain);
}

TEST(QrRoundTrip, SmallPreviewStillDecodes) {
  // 200 px for 60 mm: ~4 px per module of a version-3 symbol.
  const std::string url = "http://127.0.0.1:8080/p/2020-01";
  EXPECT_EQ(round_trip(url, Level::M, 200), url);
}

}  // namespace
}  // namespace minsheng::infra::qr
