#include "modules/signage/layouts.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "modules/signage/content.hpp"
#include "render/script.hpp"

// Under AddressSanitizer: the leaks of cairo and fontconfig documented in infra/pdf/pdf_test.cpp, suppressed
// by library (the fast unwinder stops inside them; pdf_test.cpp keeps the exact per-function suppressions).
#if defined(__SANITIZE_ADDRESS__)
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libcairo.so.2\nleak:libfontconfig.so.1\n";
}
#endif

namespace minsheng::signage {
namespace {

namespace fs = std::filesystem;
namespace pdf = infra::pdf;

constexpr SignSize kSizes[] = {SignSize::Board120x80, SignSize::Board240x120, SignSize::A4};
constexpr Script kScripts[] = {Script::Hans, Script::Hant};

// --- the demo town's projects, as `minsheng demo` builds them (src/app/demo.cpp) ---

struct DemoRow {
  std::string code, name, category, lead;
};

std::vector<DemoRow> demo_rows() {
  std::ifstream in(fs::path(MINSHENG_SOURCE_DIR) / "data/demo/projects-2020.csv");
  EXPECT_TRUE(in) << "data/demo/projects-2020.csv";
  std::vector<DemoRow> out;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ','))
      cells.push_back(cell);
    if (cells.size() < 4 || cells[3].empty()) continue;
    out.push_back({cells[0], cells[1], cells[2], cells[3]});
  }
  return out;
}

constexpr const char* kVillages[] = {"东风村", "红旗村", "新华村", "长山村",   "河口村",
                                     "桃园村", "杨柳村", "石桥村", "幸福社区", "城南社区"};

// A project like the demo's (same texts as demo.cpp's demo_texts), with the largest figures the demo draws.
projects::Project demo_project(const DemoRow& r, int order) {
  projects::Project p;
  p.year = 2020;
  p.code = r.code;
  p.name = r.name;
  p.category = r.category;
  p.town_name = "民生镇（演示）";
  p.lead_unit = {order + 1, r.lead};
  p.is_demo = true;
  const std::string demo = "（演示数据）";
  if (r.category == "engineering") {
    p.policy_text =
        "根据省、市、县 2020 年民生工程实施办法，" + r.name + "由" + r.lead +
        "牵头实施，按照“先建后补、以奖代补”的原则，统筹使用各级财政资金，年内完成建设任务并组织验收。" + demo;
    p.plain_text = "**这项工程做什么？**\n\n" + r.name +
                   "，让群众家门口的设施更方便、更安全。\n\n**钱从哪里来？**\n\n"
                   "各级财政安排专项资金，群众不需要出钱。\n\n**有问题找谁？**\n\n请联系" +
                   r.lead + "，或拨打镇民生办电话。" + demo;
    p.targets.push_back({0, "建设任务", "处", 30.0, std::nullopt});
    p.address = std::string("民生镇") + kVillages[order % 10] + "（演示）";
  } else if (r.category == "subsidy") {
    p.policy_text = "按照 2020 年" + r.name +
                    "实施办法，符合条件的对象经申请、审核、公示后，补助资金通过“一卡通”直接发放到户。" + demo;
    p.plain_text =
        "**谁能享受？**\n\n符合政策条件的本镇群众。\n\n**怎么申请？**\n\n带上身份证、户口簿到" + r.lead +
        "或所在村（社区）便民服务窗口申请。\n\n**钱怎么发？**\n\n审核公示无异议后，按月（季）打到“一卡通”。" +
        demo;
    p.targets.push_back({0, "受益对象", "人", 29'999.0, std::nullopt});
  } else {
    p.policy_text =
        "根据 2020 年" + r.name + "实施方案，由" + r.lead + "牵头组织实施，为群众提供免费服务。" + demo;
    p.plain_text = "**提供什么服务？**\n\n" + r.name + "，群众免费享受。\n\n**在哪里办？**\n\n" + r.lead +
                   "和各村（社区）服务点。" + demo;
    p.targets.push_back({0, "服务人次", "人次", 29'999.0, std::nullopt});
  }
  p.funds_planned = 600 * 1'000'000LL + 99 * 10'000;  // 600.99 万元, the demo's largest
  return p;
}

std::vector<projects::ProgressUpdate> demo_progress() {
  std::vector<projects::ProgressUpdate> out(3);
  out[0].report_date = "2020-12-25";
  out[0].status = "completed";
  out[1].report_date = "2020-08-15";
  out[1].status = "in_progress";
  out[2].report_date = "2020-04-08";
  out[2].status = "in_progress";
  return out;
}

TownDefaults demo_town() {
  return TownDefaults{"", "0550-1234567（演示）", "https://minsheng.example.gov.cn"};
}

// The board of a demo project with every field filled as a sign record would: the defaults from the project
// plus a contractor, a responsible person and a long 建设内容 (what a department would type).
SignContent demo_sign(const DemoRow& r, int order) {
  SignContent c = sign_content_from(demo_project(r, order), demo_progress(), demo_town());
  c.contractor = "演示县第" + std::to_string(order % 9 + 1) + "建筑工程有限公司（演示）";
  c.responsible = "王建国（演示） 0550-7654321";
  c.content += "\n主要建设内容：新建和改造" + r.name +
               "相关设施30处，配套建设排水沟、硬化道路、路灯和公示栏，完善管护制度，落实专人管护，"
               "确保建成一处、用好一处、群众满意一处。工程质量执行国家现行施工验收规范，"
               "由镇民生办和村民代表全程参与监督。";
  if (c.location.empty()) c.location = "民生镇各村（社区）（演示）";
  return c;
}

std::string overflow_report(const pdf::Layout& l) {
  std::string out;
  for (const auto& t : l.texts)
    if (t.overflow)
      out += t.id + " (" + std::to_string(t.size_pt) + " pt, " + std::to_string(t.lines) + " lines, " +
             std::to_string(t.text_h_mm) + " mm) ";
  return out;
}

// Every text box and QR code lies inside the trim box.
void expect_inside(const pdf::Artwork& art, const std::string& what) {
  for (const auto& e : art.elements) {
    const pdf::Box* b = nullptr;
    if (const auto* t = std::get_if<pdf::TextBox>(&e)) b = &t->box;
    if (const auto* q = std::get_if<pdf::QrShape>(&e)) b = &q->box;
    if (!b) continue;
    EXPECT_GE(b->x, -1e-6) << what;
    EXPECT_GE(b->y, -1e-6) << what;
    EXPECT_LE(b->x + b->w, art.width_mm + 1e-6) << what;
    EXPECT_LE(b->y + b->h, art.height_mm + 1e-6) << what;
    EXPECT_GT(b->w, 0) << what;
    EXPECT_GT(b->h, 0) << what;
  }
}

// --- files and tools ---

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("minsheng-signage-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
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

bool have_tool(const std::string& name) {
  return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

// pdftotext -raw (content-stream order: each box's lines in sequence), all whitespace removed.
std::string pdf_text(const std::string& bytes) {
  TempDir dir;
  std::ofstream(dir.path() / "a.pdf", std::ios::binary) << bytes;
  const std::string cmd = "pdftotext -raw -enc UTF-8 '" + (dir.path() / "a.pdf").string() + "' '" +
                          (dir.path() / "a.txt").string() + "' 2>/dev/null";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::string out;
  for (char ch : read_file(dir.path() / "a.txt"))
    if (ch != ' ' && ch != '\n' && ch != '\r' && ch != '\t' && ch != '\f') out += ch;
  return out;
}

std::string squeeze(std::string s) {
  std::string out;
  for (char ch : s)
    if (ch != ' ' && ch != '\n') out += ch;
  return out;
}

// The QR codes zbarimg finds in a PNG, one a line.
std::string decode_png(const std::string& png) {
  TempDir dir;
  std::ofstream(dir.path() / "a.png", std::ios::binary) << png;
  const std::string cmd = "zbarimg --raw -q '" + (dir.path() / "a.png").string() + "' > '" +
                          (dir.path() / "a.txt").string() + "' 2>/dev/null";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  return read_file(dir.path() / "a.txt");
}

std::string s2tw(std::string_view s) {
  return render::ScriptConverter::s2tw().convert(s);
}

// --- codes and the content mapping ---

TEST(Signage, CodesParseAndRefuseWithChineseFieldErrors) {
  for (auto s : kSizes)
    EXPECT_EQ(*parse_size(size_code(s)), s);
  EXPECT_EQ(size_label(SignSize::Board120x80), "120×80 厘米");
  EXPECT_EQ(size_label(SignSize::A4), "A4 校样");
  for (auto s : kScripts)
    EXPECT_EQ(*parse_script(script_code(s)), s);
  EXPECT_EQ(*parse_paper("a5"), Paper::A5);
  EXPECT_EQ(paper_code(Paper::A4), "a4");
  auto bad = parse_size("100x50");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().fields.front().field, "size");
  EXPECT_NE(bad.error().fields.front().message.find("120x80"), std::string::npos);
  EXPECT_EQ(parse_script("zh").error().fields.front().field, "script");
  EXPECT_EQ(parse_paper("a3").error().fields.front().field, "paper");
}

TEST(SignageContent, FormatsMoneyDatesUnitsAndUrls) {
  EXPECT_EQ(wan_yuan(480'000'000), "480.00万元");
  EXPECT_EQ(wan_yuan(123'456'789), "123.46万元");  // 1 234 567.89 元
  EXPECT_EQ(wan_yuan(4'999), "0.00万元");
  EXPECT_EQ(wan_yuan(5'000), "0.01万元");
  EXPECT_EQ(wan_yuan(0), "0.00万元");
  EXPECT_EQ(chinese_date("2020-04-08"), "2020年4月8日");
  EXPECT_EQ(chinese_date("2020-12-31"), "2020年12月31日");
  EXPECT_EQ(chinese_date("2020/4/8"), "2020/4/8");
  EXPECT_EQ(town_government("民生镇"), "民生镇人民政府");
  EXPECT_EQ(town_government("民生镇（演示）"), "民生镇人民政府（演示）");
  EXPECT_EQ(town_government("城关街道"), "城关街道办事处");
  EXPECT_EQ(town_government("某某管委会"), "某某管委会");
  EXPECT_EQ(project_url("", "2020-01"), "http://127.0.0.1:8080/p/2020-01");
  EXPECT_EQ(project_url("https://ms.example.cn/", "2020-01"), "https://ms.example.cn/p/2020-01");
  EXPECT_EQ(project_url("https://ms.example.cn", "A 1"), "https://ms.example.cn/p/A%201");
  EXPECT_EQ(plain_paragraphs("**谁能享受？**\n\n符合  条件的\n群众。\n\n"), "谁能享受？\n符合 条件的 群众。");
}

TEST(SignageContent, BuildDatesFollowTheTimeline) {
  projects::Project p;
  p.year = 2020;
  EXPECT_EQ(build_dates(p, {}), "2020年1月至2020年12月");
  auto progress = demo_progress();
  EXPECT_EQ(build_dates(p, progress), "2020年4月8日至2020年12月25日");
  progress[0].status = "in_progress";
  EXPECT_EQ(build_dates(p, progress), "2020年4月8日至2020年12月31日");
  progress[2].status = "planned";  // a plan is not a start
  EXPECT_EQ(build_dates(p, progress), "2020年8月15日至2020年12月31日");
}

TEST(SignageContent, SignFromAProject) {
  const auto rows = demo_rows();
  ASSERT_EQ(rows.size(), 33u);
  auto p = demo_project(rows[0], 0);
  p.funds_planned = 480'000'000;
  const SignContent c = sign_content_from(p, demo_progress(), demo_town());
  EXPECT_EQ(c.year, 2020);
  EXPECT_EQ(c.project_name, "农村改厕及废弃物资源化利用");
  EXPECT_EQ(c.code, "2020-01");
  EXPECT_EQ(c.builder, "民生镇人民政府（演示）");
  EXPECT_EQ(c.investment, "480.00万元");
  EXPECT_EQ(c.build_dates, "2020年4月8日至2020年12月25日");
  EXPECT_EQ(c.manager_unit, "农业综合服务中心");
  EXPECT_EQ(c.supervision_phone, "0550-1234567（演示）");
  EXPECT_EQ(c.location, "民生镇东风村（演示）");
  EXPECT_EQ(c.content.rfind("建设任务：30处。\n这项工程做什么？农村改厕", 0), 0u) << c.content;
  EXPECT_EQ(c.content.find("**"), std::string::npos);
  EXPECT_TRUE(c.contractor.empty());
  EXPECT_TRUE(c.responsible.empty());
  EXPECT_EQ(c.url, "https://minsheng.example.gov.cn/p/2020-01");
  EXPECT_TRUE(c.demo);
  TownDefaults own = demo_town();
  own.builder = "民生镇城建办";
  own.base_url.clear();
  const SignContent d = sign_content_from(p, {}, own);
  EXPECT_EQ(d.builder, "民生镇城建办");
  EXPECT_EQ(d.url, "http://127.0.0.1:8080/p/2020-01");

  const PosterContent poster = poster_content_from(demo_project(rows[1], 1), demo_town());
  EXPECT_EQ(poster.window, "卫生院服务窗口");
  EXPECT_EQ(poster.hotline, "0550-1234567（演示）");
  EXPECT_EQ(poster.policy.find("根据 2020 年出生缺陷防治实施方案"), 0u) << poster.policy;
  EXPECT_EQ(poster_content_from(demo_project(rows[1], 1), demo_town(), "镇便民服务中心 3 号窗口").window,
            "镇便民服务中心 3 号窗口");
  const LeafletContent leaflet = leaflet_content_from(demo_project(rows[1], 1), demo_town());
  EXPECT_EQ(leaflet.title, "出生缺陷防治政策明白纸");
  EXPECT_EQ(leaflet.issuer, "卫生院");
  EXPECT_NE(leaflet.how_to_apply.find("卫生院"), std::string::npos);
  EXPECT_EQ(leaflet.url, "https://minsheng.example.gov.cn/p/2020-02");
}

// --- artwork ---

TEST(SignageArtwork, SizesAndBleed) {
  const auto rows = demo_rows();
  const SignContent c = demo_sign(rows[0], 0);
  auto a4 = sign_artwork(c, SignSize::A4, Script::Hans);
  ASSERT_TRUE(a4);
  EXPECT_DOUBLE_EQ(a4->width_mm, 297);
  EXPECT_DOUBLE_EQ(a4->height_mm, 210);
  EXPECT_DOUBLE_EQ(a4->bleed_mm, 3);
  auto big = sign_artwork(c, SignSize::Board240x120, Script::Hans);
  ASSERT_TRUE(big);
  EXPECT_DOUBLE_EQ(big->width_mm, 2400);
  EXPECT_DOUBLE_EQ(big->height_mm, 1200);
  EXPECT_DOUBLE_EQ(big->bleed_mm, 10);
  auto mid = sign_artwork(c, SignSize::Board120x80, Script::Hans);
  ASSERT_TRUE(mid);
  EXPECT_DOUBLE_EQ(mid->width_mm, 1200);
  EXPECT_DOUBLE_EQ(mid->height_mm, 800);
  // The QR code: level M from the URL, quiet zone 4, in the lower right quarter of the board.
  for (const auto* art : {&*a4, &*mid, &*big}) {
    const pdf::QrShape* qr = nullptr;
    for (const auto& e : art->elements)
      if (const auto* q = std::get_if<pdf::QrShape>(&e)) qr = q;
    ASSERT_NE(qr, nullptr);
    EXPECT_EQ(qr->quiet_zone, 4);
    EXPECT_GT(qr->size, 20);
    EXPECT_GT(qr->box.x, art->width_mm / 2);
    EXPECT_GT(qr->box.y + qr->box.h, art->height_mm * 0.75);
    EXPECT_GT(qr->box.w, art->width_mm * 0.15);  // large enough to scan from a few metres on a board
  }
  auto poster = poster_artwork(poster_content_from(demo_project(rows[1], 1), demo_town()), Script::Hans);
  ASSERT_TRUE(poster);
  EXPECT_DOUBLE_EQ(poster->width_mm, 210);
  EXPECT_DOUBLE_EQ(poster->height_mm, 297);
  const LeafletContent lc = leaflet_content_from(demo_project(rows[1], 1), demo_town());
  auto a5 = leaflet_artwork(lc, Paper::A5, false, Script::Hans);
  ASSERT_TRUE(a5);
  EXPECT_DOUBLE_EQ(a5->width_mm, 148);
  EXPECT_DOUBLE_EQ(a5->height_mm, 210);
  auto two = leaflet_artwork(lc, Paper::A5, true, Script::Hans);
  ASSERT_TRUE(two);
  EXPECT_DOUBLE_EQ(two->width_mm, 297);
  EXPECT_DOUBLE_EQ(two->height_mm, 210);
  int qrs = 0;
  for (const auto& e : two->elements)
    qrs += std::holds_alternative<pdf::QrShape>(e) ? 1 : 0;
  EXPECT_EQ(qrs, 2);
  expect_inside(*two, "two-up");
  auto refused = leaflet_artwork(lc, Paper::A4, true, Script::Hans);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().fields.front().field, "twoUp");
  SignContent no_url = c;
  no_url.url.clear();
  auto bad = sign_artwork(no_url, SignSize::A4, Script::Hans);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().fields.front().field, "url");
}

TEST(SignageArtwork, DemoMarkOnlyOnDemoData) {
  const auto rows = demo_rows();
  SignContent c = demo_sign(rows[0], 0);
  auto has_demo = [](const pdf::Artwork& a) {
    for (const auto& e : a.elements)
      if (const auto* t = std::get_if<pdf::TextBox>(&e); t && t->id == "demo") return t->text == "演示数据";
    return false;
  };
  EXPECT_TRUE(has_demo(*sign_artwork(c, SignSize::A4, Script::Hans)));
  c.demo = false;
  EXPECT_FALSE(has_demo(*sign_artwork(c, SignSize::A4, Script::Hans)));
}

TEST(SignageArtwork, LogoStaysInsideItsBox) {
  std::vector<pdf::Element> out;
  const pdf::Box box{10, 20, 40, 30};  // not square: the logo is a centred 30 mm square
  draw_logo(out, box);
  ASSERT_GE(out.size(), 6u);
  for (const auto& e : out) {
    const auto* s = std::get_if<pdf::PathShape>(&e);
    ASSERT_NE(s, nullptr);
    ASSERT_TRUE(s->fill.has_value());
    auto inside = [](double x, double y) {
      EXPECT_GE(x, 15 - 1e-6);
      EXPECT_LE(x, 45 + 1e-6);
      EXPECT_GE(y, 20 - 1e-6);
      EXPECT_LE(y, 50 + 1e-6);
    };
    for (const auto& op : s->ops) {
      if (op.kind == pdf::PathOp::Close) continue;
      inside(op.x1, op.y1);
      if (op.kind == pdf::PathOp::CurveTo) {  // control points too (a circle's lie on its bounding square)
        inside(op.x2, op.y2);
        inside(op.x3, op.y3);
      }
    }
  }
}

// The overflow test: every demo project's board at every size in both scripts, and the poster and
// leaflets (A4, A5, two-up) of every subsidy project — measured as rendering would: no text box overflows,
// every box inside the trim.
TEST(SignageArtwork, NoDemoArtworkOverflows) {
  const auto rows = demo_rows();
  ASSERT_EQ(rows.size(), 33u);
  int boards = 0, posters = 0, leaflets = 0, boxes = 0, shrunk = 0;
  std::map<std::string, int> shrunk_ids;  // board boxes that shrank to fit, by id
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const SignContent c = demo_sign(rows[i], static_cast<int>(i));
    for (auto size : kSizes)
      for (auto script : kScripts) {
        const std::string what =
            rows[i].code + " " + std::string(size_code(size)) + " " + std::string(script_code(script));
        auto art = sign_artwork(c, size, script);
        ASSERT_TRUE(art) << what;
        expect_inside(*art, what);
        auto layout = pdf::measure(*art);
        ASSERT_TRUE(layout) << what;
        EXPECT_FALSE(layout->overflow()) << what << ": " << overflow_report(*layout);
        boxes += static_cast<int>(layout->texts.size());
        for (const auto& t : layout->texts) {
          const auto* box = [&]() -> const pdf::TextBox* {
            for (const auto& e : art->elements)
              if (const auto* tb = std::get_if<pdf::TextBox>(&e); tb && tb->id == t.id) return tb;
            return nullptr;
          }();
          if (box && t.size_pt < box->size_pt - 1e-6) {
            ++shrunk;
            ++shrunk_ids[t.id];
          }
        }
        ++boards;
      }
    if (rows[i].category != "subsidy") continue;
    const auto project = demo_project(rows[i], static_cast<int>(i));
    PosterContent pc = poster_content_from(project, demo_town(), "民生镇便民服务中心 3 号窗口（演示）");
    LeafletContent lc = leaflet_content_from(project, demo_town());
    lc.version_label = "第2版 2020年5月（演示）";
    for (auto script : kScripts) {
      const std::string what = rows[i].code + " " + std::string(script_code(script));
      auto poster = poster_artwork(pc, script);
      ASSERT_TRUE(poster) << what;
      expect_inside(*poster, what + " poster");
      auto pl = pdf::measure(*poster);
      ASSERT_TRUE(pl);
      EXPECT_FALSE(pl->overflow()) << what << " poster: " << overflow_report(*pl);
      boxes += static_cast<int>(pl->texts.size());
      ++posters;
      for (auto [paper, two_up] :
           {std::pair{Paper::A4, false}, std::pair{Paper::A5, false}, std::pair{Paper::A5, true}}) {
        auto leaflet = leaflet_artwork(lc, paper, two_up, script);
        ASSERT_TRUE(leaflet) << what;
        expect_inside(*leaflet, what + " leaflet");
        auto ll = pdf::measure(*leaflet);
        ASSERT_TRUE(ll);
        EXPECT_FALSE(ll->overflow()) << what << " leaflet " << paper_code(paper) << (two_up ? " two-up" : "")
                                     << ": " << overflow_report(*ll);
        boxes += static_cast<int>(ll->texts.size());
        ++leaflets;
      }
    }
  }
  EXPECT_EQ(boards, 33 * 3 * 2);
  EXPECT_EQ(posters, 12 * 2);
  EXPECT_EQ(leaflets, 12 * 2 * 3);
  std::printf(
      "overflow coverage: %d boards (33 demo projects × 3 sizes × 2 scripts), %d posters and %d leaflets "
      "(12 subsidy projects × 2 scripts; leaflets A4, A5, A5 two-up): %d text boxes measured, %d "
      "board boxes shrunk to fit, 0 overflowing\n",
      boards, posters, leaflets, boxes, shrunk);
  std::string which;
  for (const auto& [id, count] : shrunk_ids)
    which += " " + id + "×" + std::to_string(count);
  std::printf("board boxes shrunk to fit:%s\n", which.c_str());
  RecordProperty("boards", boards);
  RecordProperty("text_boxes", boxes);
}

// A 300-character name shrinks (down to under half its size, on up to five lines of the header) and fits;
// a 1 000-character name cannot: the name box stays at its minimum size and reports the overflow (drawn
// clipped to its box), and nothing else moves or overflows. A long but plausible name (60 characters)
// shrinks a little and fits on two lines.
TEST(SignageArtwork, ExtremeNamesShrinkThenReportOverflow) {
  const auto rows = demo_rows();
  SignContent c = demo_sign(rows[0], 0);
  std::string name;
  for (int i = 0; i < 125; ++i)
    name += "农村改厕提升工程";  // 8 characters
  auto name_box = [](const pdf::Artwork& art) {
    for (const auto& e : art.elements)
      if (const auto* t = std::get_if<pdf::TextBox>(&e); t && t->id == "projectName") return *t;
    ADD_FAILURE() << "no projectName box";
    return pdf::TextBox{};
  };
  for (auto size : kSizes) {
    c.project_name = name.substr(0, 300 * 3);  // 300 CJK characters (3 bytes each)
    auto art = sign_artwork(c, size, Script::Hans);
    ASSERT_TRUE(art);
    const pdf::TextBox box = name_box(*art);
    auto layout = pdf::measure(*art);
    ASSERT_TRUE(layout);
    const auto* fit = layout->find("projectName");
    ASSERT_NE(fit, nullptr);
    EXPECT_FALSE(fit->overflow) << size_code(size);
    EXPECT_LT(fit->size_pt, box.size_pt * 0.65) << size_code(size);
    EXPECT_GE(fit->size_pt, box.min_size_pt);
    EXPECT_GE(fit->lines, 4);
    EXPECT_FALSE(layout->overflow()) << overflow_report(*layout);

    c.project_name = name;  // 1 000 characters
    art = sign_artwork(c, size, Script::Hans);
    ASSERT_TRUE(art);
    layout = pdf::measure(*art);
    ASSERT_TRUE(layout);
    fit = layout->find("projectName");
    EXPECT_TRUE(fit->overflow) << size_code(size);
    EXPECT_NEAR(fit->size_pt, box.min_size_pt, 1e-6);
    EXPECT_TRUE(layout->overflow());
    for (const auto& t : layout->texts) {
      if (t.id != "projectName") {
        EXPECT_FALSE(t.overflow) << t.id;
      }
    }
    // Rendering still works and reports the same (the service and the CLI warn about it).
    pdf::Layout rendered;
    auto bytes = pdf::render_artwork(*art, {pdf::Format::Pdf, 1200}, &rendered);
    ASSERT_TRUE(bytes);
    EXPECT_TRUE(rendered.find("projectName")->overflow);
  }
  c.project_name = name.substr(0, 60 * 3);
  auto art = sign_artwork(c, SignSize::A4, Script::Hans);
  ASSERT_TRUE(art);
  auto layout = pdf::measure(*art);
  ASSERT_TRUE(layout);
  const auto* fit = layout->find("projectName");
  EXPECT_FALSE(fit->overflow);
  EXPECT_LT(fit->size_pt, 26.0);  // shrunk from 26 pt
  EXPECT_GE(fit->lines, 2);
  EXPECT_FALSE(layout->overflow()) << overflow_report(*layout);
  // A 2 000-character content is reported on the content box alone.
  c.project_name = rows[0].name;
  c.content.clear();
  for (int i = 0; i < 100; ++i)
    c.content += "新建和改造相关设施三十处，配套建设。";  // 18 characters
  art = sign_artwork(c, SignSize::A4, Script::Hans);
  layout = pdf::measure(*art);
  ASSERT_TRUE(layout);
  EXPECT_TRUE(layout->find("content")->overflow);
  for (const auto& t : layout->texts) {
    if (t.id != "content") {
      EXPECT_FALSE(t.overflow) << t.id;
    }
  }
}

// pdftotext of a board finds every label and every value, in Simplified and in Traditional.
TEST(SignageArtwork, BoardPdfHasEveryFieldAndValue) {
  ASSERT_TRUE(have_tool("pdftotext")) << "pdftotext is needed: install the Debian package poppler-utils "
                                         "(scripts/bootstrap does)";
  const auto rows = demo_rows();
  const SignContent c = demo_sign(rows[3], 3);  // 城镇老旧小区改造
  for (auto script : kScripts)
    for (auto size : {SignSize::A4, SignSize::Board120x80}) {
      auto art = sign_artwork(c, size, script);
      ASSERT_TRUE(art);
      auto bytes = pdf::render_artwork(*art, {pdf::Format::Pdf, 1200});
      ASSERT_TRUE(bytes);
      ASSERT_EQ(bytes->rfind("%PDF-", 0), 0u);
      const std::string text = pdf_text(*bytes);
      auto conv = [&](const std::string& s) { return squeeze(script == Script::Hant ? s2tw(s) : s); };
      const std::string what = std::string(script_code(script)) + " " + std::string(size_code(size));
      for (const char* label :
           {"建设单位", "投资规模", "建设日期", "责任管理单位", "监督电话", "建设地点", "建设内容",
            "施工单位", "责任人", "扫码查看项目进展", "2020年度民生工程", "演示数据"})
        EXPECT_NE(text.find(conv(label)), std::string::npos) << what << ": " << label << "\n" << text;
      for (const std::string* value :
           {&c.project_name, &c.builder, &c.investment, &c.build_dates, &c.manager_unit, &c.supervision_phone,
            &c.location, &c.contractor, &c.responsible, &c.url})
        EXPECT_NE(text.find(conv(*value)), std::string::npos) << what << ": " << *value << "\n" << text;
      EXPECT_NE(text.find(conv(c.content.substr(0, c.content.find('\n')))), std::string::npos) << what;
      EXPECT_NE(text.find("2020-04"), std::string::npos) << what;  // the code
    }
  // Traditional really is Traditional.
  auto hant = pdf::render_artwork(*sign_artwork(c, SignSize::A4, Script::Hant), {pdf::Format::Pdf, 1200});
  const std::string t = pdf_text(*hant);
  EXPECT_NE(t.find("建設單位"), std::string::npos);
  EXPECT_NE(t.find("監督電話"), std::string::npos);
  EXPECT_EQ(t.find("建设单位"), std::string::npos);
}

// The QR code decodes from the PNG preview to the project's URL: boards, the poster and both copies of a
// two-up leaflet.
TEST(SignageArtwork, QrRoundTripFromPng) {
  ASSERT_TRUE(have_tool("zbarimg")) << "zbarimg is needed: install the Debian package zbar-tools "
                                       "(scripts/bootstrap does)";
  const auto rows = demo_rows();
  const SignContent c = demo_sign(rows[0], 0);
  const std::string url = "https://minsheng.example.gov.cn/p/2020-01";
  ASSERT_EQ(c.url, url);
  for (auto [size, px] : {std::pair{SignSize::A4, 1200}, std::pair{SignSize::Board120x80, 1200},
                          std::pair{SignSize::Board240x120, 1600}}) {
    auto art = sign_artwork(c, size, Script::Hant);
    ASSERT_TRUE(art);
    auto png = pdf::render_artwork(*art, {pdf::Format::Png, px});
    ASSERT_TRUE(png);
    ASSERT_EQ(png->rfind("\x89PNG", 0), 0u);
    EXPECT_EQ(decode_png(*png), url + "\n") << size_code(size);
  }
  const auto project = demo_project(rows[1], 1);
  auto poster = poster_artwork(poster_content_from(project, demo_town()), Script::Hans);
  ASSERT_TRUE(poster);
  EXPECT_EQ(decode_png(*pdf::render_artwork(*poster, {pdf::Format::Png, 1000})),
            "https://minsheng.example.gov.cn/p/2020-02\n");
  auto two = leaflet_artwork(leaflet_content_from(project, demo_town()), Paper::A5, true, Script::Hans);
  ASSERT_TRUE(two);
  EXPECT_EQ(decode_png(*pdf::render_artwork(*two, {pdf::Format::Png, 1600})),
            "https://minsheng.example.gov.cn/p/2020-02\nhttps://minsheng.example.gov.cn/p/2020-02\n");
}

TEST(SignageArtwork, SvgAndPngRender) {
  const auto rows = demo_rows();
  auto art = sign_artwork(demo_sign(rows[0], 0), SignSize::Board240x120, Script::Hans);
  ASSERT_TRUE(art);
  auto svg = pdf::render_artwork(*art, {pdf::Format::Svg, 1200});
  ASSERT_TRUE(svg);
  EXPECT_NE(svg->find("<svg"), std::string::npos);
  pdf::Layout layout;
  auto png = pdf::render_artwork(*art, {pdf::Format::Png, 1200}, &layout);
  ASSERT_TRUE(png);
  EXPECT_FALSE(layout.overflow());
  EXPECT_NE(layout.find("supervisionPhone"), nullptr);
}

}  // namespace
}  // namespace minsheng::signage
