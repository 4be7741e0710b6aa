#include "infra/pdf/artwork.hpp"

#include <cairo.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

// (The AddressSanitizer leak suppressions for cairo/fontconfig are defined once per test program, in
// pdf_test.cpp.)

namespace minsheng::infra::pdf {
namespace {

namespace fs = std::filesystem;
constexpr double kMm = 72.0 / 25.4;

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("minsheng-artwork-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
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

// Writes `bytes` to a temp file and returns the standard output of `tool args 'file'`.
std::string run_on(const std::string& bytes, const std::string& tool, const std::string& args = "") {
  TempDir dir;
  const fs::path file = dir.path() / "in";
  std::ofstream(file, std::ios::binary) << bytes;
  const std::string cmd =
      tool + " " + args + " '" + file.string() + "' " + (tool == "pdftotext" ? "- " : "") + "2>/dev/null";
  std::string out;
  if (FILE* p = ::popen(cmd.c_str(), "r")) {
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
      out.append(buf, n);
    EXPECT_EQ(::pclose(p), 0) << cmd;
  }
  return out;
}

// pdftotext output without whitespace (CJK lines may be broken anywhere).
std::string squeezed_text(const std::string& pdf) {
  std::string out;
  for (char c : run_on(pdf, "pdftotext", "-layout"))
    if (c != ' ' && c != '\n' && c != '\f' && c != '\r') out += c;
  return out;
}

std::string render(const Artwork& art, Format f, Layout* layout = nullptr, int png_px = 1200) {
  RenderOptions o;
  o.format = f;
  o.png_width_px = png_px;
  auto r = render_artwork(art, o, layout);
  EXPECT_TRUE(r.ok());
  return r.ok() ? std::move(r).value() : std::string();
}

TextBox text(std::string id, Box box, std::string t, double size, double min = 0) {
  TextBox b;
  b.id = std::move(id);
  b.box = box;
  b.text = std::move(t);
  b.size_pt = size;
  b.min_size_pt = min;
  return b;
}

// A sign board at w×h mm, laid out in units of w/120 (1 cm on a 120×80 cm board): background, a framed white
// panel, a logo path, the title, nine fields sharing the height left, a QR code bottom-right.
Artwork board(double w, double h, bool traditional = false) {
  Artwork a;
  a.title = traditional ? "民生工程公示牌（繁）" : "民生工程公示牌";
  a.width_mm = w;
  a.height_mm = h;
  a.bleed_mm = 3;
  const double u = w / 120;
  a.elements.emplace_back(RectShape{{0, 0, w, h}, Color{0.05, 0.32, 0.6}, std::nullopt, 0.5, 0});
  a.elements.emplace_back(
      RectShape{{2 * u, 2 * u, w - 4 * u, h - 4 * u}, Color{1, 1, 1}, Color{0.8, 0.1, 0.1}, 0.2 * u, 1 * u});
  PathShape logo;
  logo.fill = Color{0.85, 0.1, 0.1};
  logo.ops = {{PathOp::Move, 4 * u, 6 * u},
              {PathOp::CurveTo, 4 * u, 4 * u, 8 * u, 4 * u, 8 * u, 6 * u},
              {PathOp::LineTo, 6 * u, 9 * u},
              {PathOp::Close}};
  a.elements.emplace_back(logo);
  TextBox title =
      text("title", {9 * u, 3.5 * u, w - 18 * u, 7 * u},
           traditional ? "農村飲水安全鞏固提升工程公示牌" : "农村饮水安全巩固提升工程公示牌", 12 * u, 4 * u);
  title.bold = true;
  title.align = Align::Center;
  title.vcenter = true;
  title.traditional = traditional;
  a.elements.emplace_back(title);
  a.elements.emplace_back(Line{4 * u, 11.5 * u, w - 4 * u, 11.5 * u, Color{0.8, 0.1, 0.1}, 0.15 * u});
  const char* labels[] = {"建设单位：", "项目投资：", "建设工期：", "主管单位：", "监督电话：",
                          "建设地点：", "建设内容：", "施工单位：", "责任人："};
  const char* values[] = {"某某镇人民政府",
                          "128.5万元",
                          "2020年3月至2020年10月",
                          "某某县水利局",
                          "0551-12345678",
                          "某某镇某某村、某某村",
                          "新建供水管网12.6公里、蓄水池2座",
                          "某某建设有限公司",
                          "张三"};
  const double top = 12.5 * u, pitch = (h - top - 4 * u) / 9;
  for (int i = 0; i < 9; ++i) {
    TextBox t = text("field" + std::to_string(i), {4 * u, top + i * pitch, w - 32 * u, 0.9 * pitch},
                     std::string(labels[i]) + values[i], 6 * u, 3 * u);
    t.traditional = traditional;
    t.vcenter = true;
    a.elements.emplace_back(t);
  }
  std::vector<std::uint8_t> modules(25 * 25);
  for (std::size_t i = 0; i < modules.size(); ++i)
    modules[i] = static_cast<std::uint8_t>((i * 7 + i / 25) % 3 == 0);
  a.elements.emplace_back(
      QrShape{{w - 26 * u, h - 26 * u, 22 * u, 22 * u}, 25, modules, 4, Color{}, Color{1, 1, 1}});
  return a;
}

// --- PDF ---

TEST(Artwork, PdfHasTheTextOfEveryBoxSimplifiedAndTraditional) {
  Artwork a;
  a.title = "测试";
  a.elements.emplace_back(text("a", {20, 20, 170, 20}, "民生工程公示牌", 24));
  TextBox serif = text("b", {20, 50, 170, 20}, "监督电话：0551-12345678", 16);
  serif.font = FontRole::Serif;
  a.elements.emplace_back(serif);
  TextBox tc = text("c", {20, 80, 170, 20}, "農村飲水安全鞏固提升工程", 16);
  tc.traditional = true;
  a.elements.emplace_back(tc);
  TextBox tc_serif = text("d", {20, 110, 170, 20}, "建設單位：某某鎮人民政府", 16);
  tc_serif.traditional = true;
  tc_serif.font = FontRole::Serif;
  tc_serif.bold = true;
  a.elements.emplace_back(tc_serif);
  const std::string pdf = render(a, Format::Pdf);
  ASSERT_TRUE(pdf.starts_with("%PDF-"));
  const std::string t = squeezed_text(pdf);
  for (const char* want :
       {"民生工程公示牌", "监督电话：0551-12345678", "農村飲水安全鞏固提升工程", "建設單位：某某鎮人民政府"})
    EXPECT_NE(t.find(want), std::string::npos) << want << " in " << t;

  // Every font embedded (as a subset), the Traditional boxes in the TC faces.
  const std::string fonts = run_on(pdf, "pdffonts");
  std::istringstream lines(fonts);
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    if (line.find('+') == std::string::npos) continue;  // header lines
    ++n;
    EXPECT_NE(line.find(" yes yes "), std::string::npos) << line;  // emb yes, sub yes
  }
  EXPECT_GE(n, 3) << fonts;
  EXPECT_NE(fonts.find("NotoSansCJKsc-Regular"), std::string::npos) << fonts;
  EXPECT_NE(fonts.find("NotoSerifCJKsc-Regular"), std::string::npos) << fonts;
  EXPECT_NE(fonts.find("NotoSansCJKtc-Regular"), std::string::npos) << fonts;
  EXPECT_NE(fonts.find("NotoSerifCJKtc-Bold"), std::string::npos) << fonts;
}

TEST(Artwork, PdfPageIsTrimPlusBleed) {
  Artwork a;
  a.width_mm = 1200;
  a.height_mm = 800;
  a.bleed_mm = 5;
  a.title = "公示牌";
  a.elements.emplace_back(RectShape{{0, 0, 1200, 800}, Color{0, 0.3, 0.6}, std::nullopt, 0.5, 0});
  // -isodates: the dates as stored, not in the machine's time zone.
  const std::string info = run_on(render(a, Format::Pdf), "pdfinfo", "-isodates");
  const auto at = info.find("Page size:");
  ASSERT_NE(at, std::string::npos) << info;
  double w = 0, h = 0;
  ASSERT_EQ(std::sscanf(info.c_str() + at, "Page size: %lf x %lf", &w, &h), 2) << info;
  EXPECT_NEAR(w, 1210 * kMm, 0.01);
  EXPECT_NEAR(h, 810 * kMm, 0.01);
  EXPECT_NE(info.find("公示牌"), std::string::npos) << info;  // the title metadata
  EXPECT_NE(info.find("Creator:         Minsheng"), std::string::npos) << info;
  EXPECT_NE(info.find("CreationDate:    2000-01-01T00:00:00+08"), std::string::npos) << info;  // fixed
  EXPECT_NE(info.find("ModDate:         2000-01-01T00:00:00+08"), std::string::npos) << info;

  a.bleed_mm = 0;
  const std::string no_bleed = run_on(render(a, Format::Pdf), "pdfinfo");
  ASSERT_EQ(std::sscanf(no_bleed.c_str() + no_bleed.find("Page size:"), "Page size: %lf x %lf", &w, &h), 2);
  EXPECT_NEAR(w, 1200 * kMm, 0.01);
  EXPECT_NEAR(h, 800 * kMm, 0.01);
}

// Reads a PNG (ours, or poppler's) into an image surface.
struct Image {
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> s{nullptr, cairo_surface_destroy};
  int w = 0, h = 0;
  // 0xRRGGBB of a pixel.
  std::uint32_t at(int x, int y) const {
    const unsigned char* row =
        cairo_image_surface_get_data(s.get()) + y * cairo_image_surface_get_stride(s.get());
    std::uint32_t v = 0;
    std::memcpy(&v, row + 4 * x, 4);
    return v & 0xFFFFFF;
  }
};
Image load_png(const fs::path& p) {
  Image img;
  img.s.reset(cairo_image_surface_create_from_png(p.c_str()));
  EXPECT_EQ(cairo_surface_status(img.s.get()), CAIRO_STATUS_SUCCESS) << p;
  cairo_surface_flush(img.s.get());
  img.w = cairo_image_surface_get_width(img.s.get());
  img.h = cairo_image_surface_get_height(img.s.get());
  return img;
}
Image decode_png(const std::string& bytes) {
  TempDir dir;
  std::ofstream(dir.path() / "a.png", std::ios::binary) << bytes;
  return load_png(dir.path() / "a.png");
}
bool reddish(std::uint32_t c) {
  return ((c >> 16) & 0xFF) > 200 && ((c >> 8) & 0xFF) < 60 && (c & 0xFF) < 60;
}

TEST(Artwork, BackgroundsTouchingTheTrimRunIntoTheBleedWithCropMarks) {
  Artwork a;
  a.width_mm = 100;
  a.height_mm = 60;
  a.bleed_mm = 5;
  a.elements.emplace_back(RectShape{{0, 0, 100, 60}, Color{1, 0, 0}, std::nullopt, 0.5, 0});
  const std::string pdf = render(a, Format::Pdf);
  TempDir dir;
  std::ofstream(dir.path() / "a.pdf", std::ios::binary) << pdf;
  // 10 px per mm: the page is 1100 × 700 px, the trim box starts at 50 px.
  const std::string cmd = "pdftoppm -scale-to-x 1100 -scale-to-y 700 -png -singlefile '" +
                          (dir.path() / "a.pdf").string() + "' '" + (dir.path() / "page").string() + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  Image img = load_png(dir.path() / "page.png");
  ASSERT_EQ(img.w, 1100);
  ASSERT_EQ(img.h, 700);
  EXPECT_TRUE(reddish(img.at(2, 2))) << std::hex << img.at(2, 2);            // bleed corner
  EXPECT_TRUE(reddish(img.at(1097, 697))) << std::hex << img.at(1097, 697);  // the other one
  EXPECT_TRUE(reddish(img.at(550, 2))) << std::hex << img.at(550, 2);        // bleed, top edge
  EXPECT_TRUE(reddish(img.at(550, 350))) << std::hex << img.at(550, 350);    // inside
  EXPECT_EQ(img.at(20, 50), 0x000000U) << std::hex << img.at(20, 50);        // crop mark, top-left
  EXPECT_EQ(img.at(50, 20), 0x000000U) << std::hex << img.at(50, 20);
  EXPECT_EQ(img.at(1080, 650), 0x000000U) << std::hex << img.at(1080, 650);  // bottom-right
  EXPECT_TRUE(reddish(img.at(52, 52))) << std::hex << img.at(52, 52);        // no mark in the trim

  // A box inside the trim is not extended.
  a.elements.clear();
  a.elements.emplace_back(RectShape{{10, 10, 80, 40}, Color{1, 0, 0}, std::nullopt, 0.5, 0});
  std::ofstream(dir.path() / "a.pdf", std::ios::binary | std::ios::trunc) << render(a, Format::Pdf);
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  Image inner = load_png(dir.path() / "page.png");
  EXPECT_EQ(inner.at(2, 2), 0xFFFFFFU);
  EXPECT_EQ(inner.at(140, 140), 0xFFFFFFU);  // 9 mm into the trim: outside the box
  EXPECT_TRUE(reddish(inner.at(160, 160)));
}

// --- fitting ---

TEST(Artwork, LongTextShrinksInASmallBox) {
  Artwork a;
  a.elements.emplace_back(text("content", {10, 10, 60, 30},
                               "新建供水管网12.6公里、蓄水池2座、加压泵站1座，惠及某某村、某某村农户1260户",
                               24, 8));
  auto m = measure(a);
  ASSERT_TRUE(m.ok());
  const TextFit* f = m->find("content");
  ASSERT_NE(f, nullptr);
  EXPECT_LT(f->size_pt, 24);
  EXPECT_GE(f->size_pt, 8);
  EXPECT_FALSE(f->overflow);
  EXPECT_FALSE(m->overflow());
  EXPECT_GT(f->lines, 1);
  EXPECT_LE(f->text_h_mm, 30 + 0.01);
  EXPECT_LE(f->text_w_mm, 60 + 0.01);
  EXPECT_DOUBLE_EQ(std::fmod(24 - f->size_pt, 0.5), 0);  // on the 0.5 pt grid
  // The largest size that fits: half a point more does not.
  Artwork bigger = a;
  std::get<TextBox>(bigger.elements[0]).size_pt = f->size_pt + 0.5;
  std::get<TextBox>(bigger.elements[0]).min_size_pt = 0;
  auto m2 = measure(bigger);
  ASSERT_TRUE(m2.ok());
  EXPECT_TRUE(m2->texts[0].overflow);
}

TEST(Artwork, HopelessTextOverflowsAndIsClippedToItsBox) {
  Artwork a;
  a.width_mm = 100;
  a.height_mm = 100;
  std::string long_text;
  for (int i = 0; i < 40; ++i)
    long_text += "民生工程监督电话";
  a.elements.emplace_back(text("fits", {10, 10, 80, 10}, "短", 12, 6));
  a.elements.emplace_back(text("phone", {30, 40, 40, 20}, long_text, 20, 10));
  auto m = measure(a);
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->overflow());
  ASSERT_EQ(m->texts.size(), 2U);
  EXPECT_FALSE(m->texts[0].overflow);
  EXPECT_EQ(m->texts[0].size_pt, 12);
  const TextFit* f = m->find("phone");
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(f->overflow);
  EXPECT_EQ(f->size_pt, 10);
  EXPECT_GT(f->text_h_mm, 20);  // by how much it does not fit
  EXPECT_EQ(m->find("nope"), nullptr);

  // Nothing painted outside the box (1 px of antialiasing allowed): 1000 px for 100 mm.
  a.elements.erase(a.elements.begin());
  Image img = decode_png(render(a, Format::Png, nullptr, 1000));
  ASSERT_EQ(img.w, 1000);
  ASSERT_EQ(img.h, 1000);
  int inside = 0;
  for (int y = 0; y < img.h; ++y)
    for (int x = 0; x < img.w; ++x) {
      const bool in = x >= 299 && x <= 700 && y >= 399 && y <= 600;
      if (!in) {
        ASSERT_EQ(img.at(x, y), 0xFFFFFFU) << x << "," << y;
      } else if (img.at(x, y) != 0xFFFFFFU) {
        ++inside;
      }
    }
  EXPECT_GT(inside, 1000);
}

TEST(Artwork, NoShrinkingWithoutAMinimum) {
  Artwork a;
  a.elements.emplace_back(text("t", {0, 0, 20, 5}, "一段放不下的很长的文字", 20));
  auto m = measure(a);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->texts[0].size_pt, 20);
  EXPECT_TRUE(m->texts[0].overflow);
}

TEST(Artwork, ExplicitLineBreaksAndLinePitch) {
  Artwork a;
  TextBox t = text("t", {0, 0, 150, 100}, "第一行\n第二行\n第三行", 20);
  t.line_spacing = 1.5;
  a.elements.emplace_back(t);
  a.elements.emplace_back(text("empty", {0, 0, 10, 10}, "", 12));
  auto m = measure(a);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->texts[0].lines, 3);
  EXPECT_NEAR(m->texts[0].text_h_mm, 3 * 1.5 * 20 / kMm, 1e-9);
  EXPECT_NEAR(m->texts[0].text_w_mm, 3 * 20 / kMm, 0.5);  // three ideographs of 1 em
  EXPECT_EQ(m->texts[1].lines, 0);
  EXPECT_FALSE(m->texts[1].overflow);
}

TEST(Artwork, MeasureEqualsWhatRenderReports) {
  for (bool tc : {false, true}) {
    const Artwork a = board(120 * 10, 80 * 10, tc);
    auto m = measure(a);
    ASSERT_TRUE(m.ok());
    ASSERT_EQ(m->texts.size(), 10U);
    for (Format f : {Format::Pdf, Format::Png, Format::Svg}) {
      Layout l;
      (void)render(a, f, &l, 600);
      ASSERT_EQ(l.texts.size(), m->texts.size());
      for (std::size_t i = 0; i < l.texts.size(); ++i) {
        EXPECT_EQ(l.texts[i].id, m->texts[i].id);
        EXPECT_EQ(l.texts[i].size_pt, m->texts[i].size_pt);
        EXPECT_EQ(l.texts[i].lines, m->texts[i].lines);
        EXPECT_EQ(l.texts[i].text_w_mm, m->texts[i].text_w_mm);
        EXPECT_EQ(l.texts[i].text_h_mm, m->texts[i].text_h_mm);
        EXPECT_EQ(l.texts[i].overflow, m->texts[i].overflow);
      }
    }
    EXPECT_FALSE(m->overflow()) << (tc ? "hant" : "hans");
  }
}

TEST(Artwork, AlignmentAndVerticalCentring) {
  Artwork a;
  TextBox t = text("t", {50, 100, 100, 40}, "居中", 20);
  t.align = Align::Center;
  t.vcenter = true;
  a.elements.emplace_back(t);
  TextBox r = text("r", {50, 200, 100, 20}, "右对齐", 20);
  r.align = Align::Right;
  a.elements.emplace_back(r);
  const std::string bbox = run_on(render(a, Format::Pdf), "pdftotext", "-bbox");
  auto word = [&](const std::string& w, double& x0, double& y0, double& x1, double& y1) {
    const auto at = bbox.find(">" + w + "<");
    ASSERT_NE(at, std::string::npos) << bbox;
    const auto open = bbox.rfind("<word", at);
    ASSERT_EQ(std::sscanf(bbox.c_str() + open, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"",
                          &x0, &y0, &x1, &y1),
              4);
  };
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  word("居中", x0, y0, x1, y1);
  EXPECT_NEAR((x0 + x1) / 2, 100 * kMm, 1);
  EXPECT_NEAR((y0 + y1) / 2, 120 * kMm, 3);
  word("右对齐", x0, y0, x1, y1);
  EXPECT_NEAR(x1, 150 * kMm, 1);
}

// --- PNG and SVG ---

TEST(Artwork, PngHasTheRequestedWidthAndProportionalHeight) {
  Artwork a = board(1200, 800);
  const std::string png = render(a, Format::Png, nullptr, 900);
  ASSERT_GT(png.size(), 24U);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  auto be32 = [&](std::size_t at) {
    return (static_cast<unsigned char>(png[at]) << 24) | (static_cast<unsigned char>(png[at + 1]) << 16) |
           (static_cast<unsigned char>(png[at + 2]) << 8) | static_cast<unsigned char>(png[at + 3]);
  };
  EXPECT_EQ(png.substr(12, 4), "IHDR");
  EXPECT_EQ(be32(16), 900);
  EXPECT_EQ(be32(20), 600);
  // No bleed in a preview: the blue background starts at pixel 0.
  Image img = decode_png(png);
  EXPECT_EQ(img.at(0, 0), img.at(5, 5));
  EXPECT_NE(img.at(0, 0), 0xFFFFFFU);
}

TEST(Artwork, SvgIsAnSvgDocumentWithTheTitle) {
  Artwork a = board(1200, 800);
  a.title = "公示牌 <A&B>";
  const std::string svg = render(a, Format::Svg);
  EXPECT_TRUE(svg.starts_with("<?xml")) << svg.substr(0, 100);
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("<title>公示牌 &lt;A&amp;B&gt;</title>"), std::string::npos);
  EXPECT_NE(svg.find("version=\"1.1\""), std::string::npos);
  EXPECT_NE(svg.find("width=\"3401.57"), std::string::npos) << svg.substr(0, 300);  // 1200 mm in pt, no bleed
}

TEST(Artwork, SameArtworkSameBytes) {
  const Artwork a = board(1200, 800, true);
  for (Format f : {Format::Pdf, Format::Png, Format::Svg}) {
    const std::string first = render(a, f, nullptr, 600);
    const std::string second = render(a, f, nullptr, 600);
    EXPECT_FALSE(first.empty());
    EXPECT_TRUE(first == second) << static_cast<int>(f);
  }
}

TEST(Artwork, InvalidUtf8IsShownNotRefused) {
  Artwork a;
  a.title = std::string("bad\xff", 4);
  a.elements.emplace_back(text("t", {10, 10, 100, 20}, std::string("ok\xff\xfe", 4), 12));
  for (Format f : {Format::Pdf, Format::Png, Format::Svg}) {
    RenderOptions o;
    o.format = f;
    EXPECT_TRUE(render_artwork(a, o).ok());
  }
}

// Board renders: timings printed (no assertion), the sizes the signage module uses.
TEST(Artwork, BoardSizedRenders) {
  struct Case {
    const char* name;
    double w, h;
  };
  for (const Case c : {Case{"A4", 210, 297}, Case{"120x80", 1200, 800}, Case{"240x120", 2400, 1200}}) {
    const Artwork a = board(c.w, c.h);
    for (auto [f, name] :
         {std::pair{Format::Pdf, "pdf"}, std::pair{Format::Png, "png"}, std::pair{Format::Svg, "svg"}}) {
      const auto t0 = std::chrono::steady_clock::now();
      Layout l;
      const std::string bytes = render(a, f, &l);
      const auto ms =
          std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0)
              .count() /
          1000.0;
      EXPECT_FALSE(bytes.empty());
      EXPECT_FALSE(l.overflow()) << c.name;
      std::cout << "[ artwork  ] " << c.name << " " << name << ": " << ms << " ms, " << bytes.size()
                << " bytes\n";
    }
  }
}

}  // namespace
}  // namespace minsheng::infra::pdf
