#include "infra/pdf/pdf.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

// Under AddressSanitizer: two leaks inside the libraries, not ours, are suppressed by the stack that
// allocated them (reproduced with a 20-line C program against the system libraries; our own objects are all
// released):
// - cairo 1.16.0 leaks 768 bytes per embedded font subset in cairo_surface_finish (fixed in later cairo);
// - fontconfig keeps ~300 bytes of its configuration from FcInitLoadConfigAndFonts (once per process).
// Matching by function needs the full malloc stack (the system libraries have no frame pointers), hence
// fast_unwind_on_malloc=0 by default; ASAN_OPTIONS from the environment still win.
#if defined(__SANITIZE_ADDRESS__)
extern "C" const char* __asan_default_options() {
  return "fast_unwind_on_malloc=0";
}
extern "C" const char* __lsan_default_suppressions() {
  return "leak:cairo_surface_finish\nleak:FcInitLoadConfigAndFonts\n";
}
#endif

namespace minsheng::infra::pdf {
namespace {

namespace fs = std::filesystem;
using doc::Block;
using doc::BlockKind;

// --- helpers: write the PDF to a temp file and run poppler-utils on it ---
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("minsheng-pdf-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
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

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `tool args 'pdf' 'out'` (the paths are ours, without quotes in them) and returns the output file.
std::string run(const TempDir& dir, const std::string& pdf_bytes, const std::string& tool,
                const std::string& args) {
  const fs::path pdf = dir.path() / "doc.pdf";
  const fs::path out = dir.path() / "out.txt";
  std::ofstream(pdf, std::ios::binary) << pdf_bytes;
  const std::string cmd = tool + " " + args + " '" + pdf.string() + "' " +
                          (tool == "pdfinfo" ? "> '" + out.string() + "'" : "'" + out.string() + "'") +
                          " 2>/dev/null";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  return read_file(out);
}

std::string pdftotext(const std::string& pdf, const std::string& args = "-layout") {
  TempDir dir;
  return run(dir, pdf, "pdftotext", args);
}
std::string pdfinfo(const std::string& pdf) {
  TempDir dir;
  return run(dir, pdf, "pdfinfo", "");
}

// pdftotext -layout pads and may split lines; compare without spaces.
std::string squeeze(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\n' && c != '\f') out += c;
  return out;
}

int pages(const std::string& info) {
  const auto at = info.find("Pages:");
  if (at == std::string::npos) return -1;
  return std::stoi(info.substr(at + 6));
}

// --- a realistic monthly 通报 ---
const std::vector<std::string>& units() {
  static const std::vector<std::string> u = [] {
    const std::vector<std::string> villages = {
        "东风村", "红星村", "向阳村", "新华村", "永丰村", "光明村", "团结村", "胜利村", "和平村", "幸福村",
        "建设村", "前进村", "民主村", "先锋村", "长青村", "石桥村", "柳塘村", "清水村", "荷花村", "白沙村"};
    const std::vector<std::string> depts = {
        "党政办公室",       "经济发展办公室", "社会事务办公室", "财政所", "自然资源所",
        "农业农村服务中心", "退役军人服务站", "综合行政执法队", "卫生院", "中心学校",
        "派出所",           "司法所",         "市场监管所",     "文化站", "便民服务中心",
        "应急管理办公室",   "社保所",         "林业站",         "水利站", "供电所"};
    std::vector<std::string> all;
    for (const auto& v : villages)
      all.push_back(v + "村委会");
    for (const auto& d : depts)
      all.push_back("镇" + d);
    return all;
  }();
  return u;
}

doc::Document circular(std::size_t rows = 40) {
  doc::Document d;
  d.issuer = "民生镇民生工程工作领导小组办公室";
  d.red_header = true;
  d.doc_number = "民生办〔2020〕3号";
  d.title = "关于2020年6月政务信息报送及采用情况的通报";
  auto add = [&](BlockKind k, std::string text) { d.blocks.push_back(Block{k, std::move(text), {}}); };
  add(BlockKind::Addressee, "各村（社区）、镇直各单位：");
  add(BlockKind::Body,
      "为进一步做好政务信息报送工作，根据《民生镇政务信息工作考核办法》，现将2020年6月各单位政务信息报送及"
      "采用情况通报如下。");
  add(BlockKind::Heading1, "一、总体情况");
  add(BlockKind::Body,
      "6月份，镇民生办共收到各单位报送的政务信息468条、采用192条，其中被县级采用35条，被市级采用6条，被省级"
      "采用1条。");
  add(BlockKind::Heading2, "（一）报送情况");
  add(BlockKind::Body, "东风村、红星村、镇党政办公室报送数量排名前3名，报送质量较高。");
  add(BlockKind::Heading3, "1. 报送数量");
  add(BlockKind::Body, "各村（社区）平均报送11.7条，镇直各单位平均报送9.2条。");
  add(BlockKind::Heading4, "（1）零报送单位");
  add(BlockKind::Body, "石桥村、镇林业站本月零报送、零采用，请认真查找原因，切实加以整改。");
  add(BlockKind::Heading1, "二、下步要求");
  add(BlockKind::Body, "请将此件送本单位（部门）主管领导阅。");
  add(BlockKind::Attachment, "附件：1. 2020年6月政务信息报送情况统计表");
  add(BlockKind::Signature, "民生镇民生工程工作领导小组办公室");
  add(BlockKind::Date, "2020年6月5日");
  add(BlockKind::PageBreak, "");
  add(BlockKind::AttachmentTitle, "附件1");
  Block t{BlockKind::Table, "", {}};
  t.table.caption = "2020年6月政务信息报送情况统计表";
  t.table.header = {"单位", "本月报送", "累计报送", "本级采用", "上级采用", "得分", "累计得分"};
  t.table.widths_mm = {42, 19, 19, 19, 19, 19, 19};
  for (std::size_t i = 0; i < rows; ++i) {
    const auto n = static_cast<int>(i);
    t.table.rows.push_back({units()[i % units().size()], std::to_string(n % 9), std::to_string(20 + n * 3),
                            std::to_string(n % 4), std::to_string(n % 2), std::to_string(n % 9 + 1) + ".5",
                            std::to_string(30 + n) + ".5"});
  }
  d.blocks.push_back(std::move(t));
  d.copy_to = "县政务服务数据管理局，镇党委、人大、政府、纪委领导。";
  d.printed_by = "民生镇民生工程工作领导小组办公室";
  d.printed_on = "2020年6月5日印发";
  return d;
}

std::string render(const doc::Document& d) {
  auto r = render_pdf(d);
  EXPECT_TRUE(r) << (r ? "" : r.error().key);
  return r ? *r : std::string();
}

TEST(RenderPdf, CircularTextAndUnits) {
  const doc::Document d = circular();
  std::string pdf;
  for (const char* run : {"first call (fontconfig cold)", "second call"}) {
    const auto start = std::chrono::steady_clock::now();
    pdf = render(d);
    const auto ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::cout << "render_pdf, 40-row circular, " << run << ": " << pdf.size() << " bytes in " << ms
              << " ms\n";
  }
  ASSERT_TRUE(pdf.starts_with("%PDF-"));
  if (const char* dump = std::getenv("MINSHENG_PDF_DUMP"))  // to look at it: MINSHENG_PDF_DUMP=/tmp/x.pdf
    std::ofstream(dump, std::ios::binary) << pdf;

  const std::string text = squeeze(pdftotext(pdf));
  EXPECT_NE(text.find(squeeze(d.title)), std::string::npos) << text;
  EXPECT_NE(text.find("民生办〔2020〕3号"), std::string::npos);
  EXPECT_NE(text.find("民生镇民生工程工作领导小组办公室文件"), std::string::npos);
  for (const auto& b : d.blocks) {
    if (b.kind == BlockKind::Heading1 || b.kind == BlockKind::Heading2 || b.kind == BlockKind::Heading3 ||
        b.kind == BlockKind::Heading4 || b.kind == BlockKind::Signature || b.kind == BlockKind::Date ||
        b.kind == BlockKind::AttachmentTitle) {
      EXPECT_NE(text.find(squeeze(b.text)), std::string::npos) << b.text;
    }
  }
  for (std::size_t i = 0; i < 40; ++i)
    EXPECT_NE(text.find(units()[i]), std::string::npos) << units()[i];
  EXPECT_NE(text.find("抄送：县政务服务数据管理局"), std::string::npos);
  EXPECT_NE(text.find("2020年6月5日印发"), std::string::npos);
  EXPECT_NE(text.find("—1—"), std::string::npos);
  EXPECT_NE(text.find("—2—"), std::string::npos);
}

TEST(RenderPdf, A4AndTableOverSeveralPagesWithRepeatedHeader) {
  const std::string pdf = render(circular());
  const std::string info = pdfinfo(pdf);
  EXPECT_NE(info.find("595.276 x 841.89 pts (A4)"), std::string::npos) << info;
  const int n = pages(info);
  EXPECT_GE(n, 3) << info;  // the letter, then the attachment's 40 rows over two pages
  EXPECT_NE(info.find("Creator:         Minsheng"), std::string::npos) << info;
  EXPECT_NE(info.find("Title:           关于2020年6月政务信息报送及采用情况的通报"), std::string::npos)
      << info;
  // The header row on the table's last page too; each row whole on one page.
  const std::string last =
      squeeze(pdftotext(pdf, "-layout -f " + std::to_string(n) + " -l " + std::to_string(n)));
  EXPECT_NE(last.find("单位本月报送累计报送本级采用上级采用得分累计得分"), std::string::npos) << last;
  EXPECT_NE(last.find(units()[39]), std::string::npos);
  // The attachment starts on a page of its own (PageBreak), after the letter.
  int attachment_page = 0;
  for (int p = 2; p <= n && attachment_page == 0; ++p) {
    const std::string page =
        squeeze(pdftotext(pdf, "-layout -f " + std::to_string(p) + " -l " + std::to_string(p)));
    if (page.starts_with("附件1")) attachment_page = p;
  }
  EXPECT_GE(attachment_page, 2);
  EXPECT_LT(attachment_page, n);
}

TEST(RenderPdf, SameDocumentSameBytes) {
  const doc::Document d = circular();
  const std::string a = render(d);
  const std::string b = render(d);
  EXPECT_EQ(a.size(), b.size());
  EXPECT_TRUE(a == b);
  // The dates come from the document, never the clock.
  const std::string info = pdfinfo(a);
  EXPECT_NE(info.find("2020"), std::string::npos) << info;
  // Concurrent renders (worker threads, one font map each) give the same bytes too.
  std::vector<std::string> out(4);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < out.size(); ++i)
    threads.emplace_back([&, i] { out[i] = render_pdf(d).value(); });
  for (auto& t : threads)
    t.join();
  for (const auto& o : out)
    EXPECT_TRUE(o == a);
}

TEST(RenderPdf, LongUnbrokenParagraphWrapsInsideTheTextArea) {
  doc::Document d;
  d.title = "长段落";
  std::string para;
  const std::string chars = "民生实事项目建设进度公示";
  while (para.size() < 500 * 3)
    para += chars;  // 500 CJK characters without a break opportunity for spaces
  d.blocks.push_back(Block{BlockKind::Body, para, {}});
  d.blocks.push_back(Block{BlockKind::Body, std::string(300, 'x'), {}});  // one Latin "word" of 300 letters
  const std::string bbox = pdftotext(render(d), "-bbox");
  constexpr double kMm = 72.0 / 25.4;
  const double left = 28 * kMm, right = (28 + 156) * kMm, top = 37 * kMm, bottom = (37 + 225) * kMm;
  int words = 0;
  for (std::size_t at = bbox.find("<word "); at != std::string::npos; at = bbox.find("<word ", at + 1)) {
    auto attr = [&](const std::string& name) {
      const auto p = bbox.find(name + "=\"", at);
      return std::stod(bbox.substr(p + name.size() + 2));
    };
    const double x0 = attr("xMin"), x1 = attr("xMax"), y0 = attr("yMin"), y1 = attr("yMax");
    const auto end = bbox.find("</word>", at);
    const std::string word = bbox.substr(bbox.find('>', at) + 1, end - bbox.find('>', at) - 1);
    if (y0 > bottom) continue;  // the page number, below the 版心
    ++words;
    EXPECT_GE(x0, left - 0.5) << word;
    EXPECT_LE(x1, right + 0.5) << word;
    EXPECT_GE(y0, top - 8) << word;  // line boxes are centred in the pitch; glyph boxes may reach above
    EXPECT_LE(y1, bottom + 8) << word;
  }
  EXPECT_GT(words, 10);
}

TEST(RenderPdf, MarkupCharactersAreText) {
  doc::Document d;
  d.title = "<b>标题</b> & “引号”";
  d.blocks.push_back(Block{BlockKind::Body, "A<B && C>D <span foreground=\"red\">x</span> &amp;", {}});
  doc::Block t{BlockKind::Table, "", {}};
  t.table.header = {"<单位>", "&"};
  t.table.rows = {{"a<b", "1&2"}};
  d.blocks.push_back(t);
  const std::string text = squeeze(pdftotext(render(d)));
  EXPECT_NE(text.find("<b>标题</b>&“引号”"), std::string::npos) << text;
  EXPECT_NE(text.find("A<B&&C>D<spanforeground=\"red\">x</span>&amp;"), std::string::npos) << text;
  EXPECT_NE(text.find("<单位>"), std::string::npos) << text;
  EXPECT_NE(text.find("1&2"), std::string::npos) << text;
}

TEST(RenderPdf, InvalidUtf8AndEmptyDocument) {
  doc::Document d;
  d.title = std::string("坏\xff\xfe字节") + '\0' + "尾";
  auto r = render_pdf(d);
  ASSERT_TRUE(r);
  EXPECT_NE(squeeze(pdftotext(*r)).find("尾"), std::string::npos);
  auto empty = render_pdf(doc::Document{});
  ASSERT_TRUE(empty);
  EXPECT_EQ(pages(pdfinfo(*empty)), 1);
}

TEST(RenderPdf, PlainHeaderAndPageBreaks) {
  doc::Document d;
  d.doc_number = "民生办〔2021〕12号";
  d.title = "工作通报";
  for (int i = 0; i < 30; ++i)
    d.blocks.push_back(Block{BlockKind::Body, "第" + std::to_string(i) + "段。", {}});
  d.blocks.push_back(Block{BlockKind::PageBreak, "", {}});
  d.blocks.push_back(Block{BlockKind::PageBreak, "", {}});  // no blank page for a break at the top of a page
  d.blocks.push_back(Block{BlockKind::AttachmentTitle, "附件2", {}});
  const std::string pdf = render(d);
  EXPECT_EQ(pages(pdfinfo(pdf)), 3);  // 30 lines + header over two pages, then the attachment
  const std::string text = squeeze(pdftotext(pdf));
  EXPECT_NE(text.find("民生办〔2021〕12号"), std::string::npos);
  EXPECT_EQ(text.find("文件"), std::string::npos);  // no red 标志
  EXPECT_NE(text.find("第29段。"), std::string::npos);
}

}  // namespace
}  // namespace minsheng::infra::pdf
