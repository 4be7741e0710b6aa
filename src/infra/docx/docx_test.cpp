#include "infra/docx/docx.hpp"

#include <expat.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <zip.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace minsheng::infra::docx {
namespace {

using doc::Block;
using doc::BlockKind;

// ---- helpers: unzip with libzip, parse with expat into a small tree ----

struct Entry {
  std::string name;
  std::string data;
  std::time_t mtime = 0;
};

std::vector<Entry> unzip(const std::string& bytes) {
  std::vector<Entry> entries;
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  EXPECT_NE(src, nullptr);
  zip_t* za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
  zip_error_fini(&err);
  EXPECT_NE(za, nullptr) << "not a zip";
  if (!za) {
    zip_source_free(src);
    return entries;
  }
  const zip_int64_t n = zip_get_num_entries(za, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    EXPECT_EQ(zip_stat_index(za, static_cast<zip_uint64_t>(i), 0, &st), 0);
    Entry e;
    e.name = st.name;
    e.mtime = st.mtime;
    e.data.resize(st.size);
    zip_file_t* f = zip_fopen_index(za, static_cast<zip_uint64_t>(i), 0);
    EXPECT_NE(f, nullptr);
    if (f) {
      EXPECT_EQ(zip_fread(f, e.data.data(), e.data.size()), static_cast<zip_int64_t>(e.data.size()));
      zip_fclose(f);
    }
    entries.push_back(std::move(e));
  }
  zip_close(za);
  return entries;
}

struct Node {
  std::string name;
  std::map<std::string, std::string> attrs;
  std::vector<std::unique_ptr<Node>> children;
  std::string text;  // character data directly inside
  Node* parent = nullptr;

  std::string attr(const std::string& key) const {
    const auto it = attrs.find(key);
    return it == attrs.end() ? std::string() : it->second;
  }
  const Node* child(std::string_view child_name) const {
    for (const auto& c : children)
      if (c->name == child_name) return c.get();
    return nullptr;
  }
  // Descendants named `n`, in document order.
  void find_all(std::string_view n, std::vector<const Node*>& out) const {
    for (const auto& c : children) {
      if (c->name == n) out.push_back(c.get());
      c->find_all(n, out);
    }
  }
  std::vector<const Node*> all(std::string_view n) const {
    std::vector<const Node*> out;
    find_all(n, out);
    return out;
  }
  // All w:t text below, w:br as "\n", w:tab as "\t".
  std::string texts() const {
    std::string s;
    for (const auto& c : children) {
      if (c->name == "w:pPr") continue;  // w:tabs/w:tab there are tab stops, not text
      if (c->name == "w:t") s += c->text;
      if (c->name == "w:br") s += "\n";
      if (c->name == "w:tab") s += "\t";
      s += c->texts();
    }
    return s;
  }
};

struct Builder {
  std::unique_ptr<Node> root;
  Node* current = nullptr;
};

// The XML parsed by expat (entities and DTDs are errors); nullptr when not well-formed.
std::unique_ptr<Node> parse_xml(const std::string& xml) {
  Builder b;
  XML_Parser p = XML_ParserCreate("UTF-8");
  XML_SetUserData(p, &b);
  XML_SetElementHandler(
      p,
      [](void* ud, const XML_Char* name, const XML_Char** atts) {
        auto* bb = static_cast<Builder*>(ud);
        auto node = std::make_unique<Node>();
        node->name = name;
        for (int i = 0; atts[i]; i += 2)
          node->attrs[atts[i]] = atts[i + 1];
        node->parent = bb->current;
        Node* raw = node.get();
        if (bb->current)
          bb->current->children.push_back(std::move(node));
        else
          bb->root = std::move(node);
        bb->current = raw;
      },
      [](void* ud, const XML_Char*) {
        auto* bb = static_cast<Builder*>(ud);
        bb->current = bb->current->parent;
      });
  XML_SetCharacterDataHandler(p, [](void* ud, const XML_Char* s, int len) {
    auto* bb = static_cast<Builder*>(ud);
    if (bb->current) bb->current->text.append(s, static_cast<std::size_t>(len));
  });
  XML_SetStartDoctypeDeclHandler(p, [](void* ud, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    static_cast<Builder*>(ud)->root.reset();
  });
  const bool ok = XML_Parse(p, xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_OK;
  XML_ParserFree(p);
  if (!ok) return nullptr;
  return std::move(b.root);
}

struct Package {
  std::vector<Entry> entries;
  std::map<std::string, std::unique_ptr<Node>> xml;  // every part, parsed

  const Node& part(const std::string& name) const {
    const auto it = xml.find(name);
    if (it == xml.end() || !it->second) throw std::runtime_error("missing or malformed part " + name);
    return *it->second;
  }
  const std::string& raw(const std::string& name) const {
    for (const auto& e : entries)
      if (e.name == name) return e.data;
    throw std::runtime_error("missing part " + name);
  }
  const Node& body() const { return *part("word/document.xml").child("w:body"); }
};

std::string docx_of(const doc::Document& d) {
  Result<std::string> r = write_docx(d);
  EXPECT_TRUE(r.ok());
  return r.ok() ? r.value() : std::string();
}

Package open(const doc::Document& d) {
  Package pkg;
  pkg.entries = unzip(docx_of(d));
  for (const auto& e : pkg.entries) {
    auto node = parse_xml(e.data);
    EXPECT_NE(node, nullptr) << e.name << " is not well-formed";
    pkg.xml[e.name] = std::move(node);
  }
  return pkg;
}

// A paragraph's style id ("" for Normal).
std::string style_of(const Node& p) {
  const Node* ppr = p.child("w:pPr");
  const Node* st = ppr ? ppr->child("w:pStyle") : nullptr;
  return st ? st->attr("w:val") : std::string();
}

// The top-level paragraphs of the body with their text.
std::vector<const Node*> paragraphs(const Package& pkg) {
  std::vector<const Node*> out;
  for (const auto& c : pkg.body().children)
    if (c->name == "w:p") out.push_back(c.get());
  return out;
}

const Node* paragraph_with(const Package& pkg, const std::string& text) {
  for (const Node* p : pkg.part("word/document.xml").all("w:p"))
    if (p->texts() == text) return p;
  return nullptr;
}

const Node* style_node(const Package& pkg, const std::string& id) {
  for (const Node* s : pkg.part("word/styles.xml").all("w:style"))
    if (s->attr("w:styleId") == id) return s;
  return nullptr;
}

// An attribute of rPr/pPr child `element` of style `id`.
std::string style_attr(const Package& pkg, const std::string& id, const char* element, const char* attr) {
  const Node* s = style_node(pkg, id);
  if (!s) return "(no style " + id + ")";
  const auto found = s->all(element);
  return found.empty() ? std::string("(none)") : found.front()->attr(attr);
}

bool contains(const std::string& hay, std::string_view needle) {
  return hay.find(needle) != std::string::npos;
}

doc::Document circular() {
  doc::Document d;
  d.issuer = "民生镇民生工程工作领导小组办公室";
  d.red_header = true;
  d.doc_number = "民生办〔2025〕3号";
  d.title = "关于2025年5月政务信息报送及采用情况的通报";
  d.blocks = {
      {BlockKind::Addressee, "各村（社区）、镇直各部门：", {}},
      {BlockKind::Body, "现将2025年5月全镇政务信息报送及采用情况通报如下。", {}},
      {BlockKind::Heading1, "一、总体情况", {}},
      {BlockKind::Body, "共收到各单位报送的政务信息468条、采用192条。", {}},
      {BlockKind::Heading2, "（一）好的单位", {}},
      {BlockKind::Heading3, "1. 排名前3名", {}},
      {BlockKind::Heading4, "（1）东村", {}},
      {BlockKind::Body, "请将此件送本单位（部门）主管领导阅。", {}},
      {BlockKind::Attachment, "附件：1. 信息报送情况统计表", {}},
      {BlockKind::Attachment, "2. 信息采用情况统计表", {}},
      {BlockKind::Signature, "民生镇民生工程工作领导小组办公室", {}},
      {BlockKind::Date, "2025年6月5日", {}},
      {BlockKind::PageBreak, "", {}},
      {BlockKind::AttachmentTitle, "附件1", {}},
      {BlockKind::Table, "",
       doc::Table{"信息报送情况统计表",
                  {"单位", "本月报送", "累计报送", "本级采用", "上级采用", "得分", "累计得分"},
                  {{"东村", "5", "21", "2", "1", "7", "30"}, {"西村", "0", "3", "0", "0", "0", "2"}},
                  {}}},
  };
  d.copy_to = "镇党委、人大、政府领导。";
  d.printed_by = "民生镇民生工程工作领导小组办公室";
  d.printed_on = "2025年6月5日";
  return d;
}

// ---- package ----

TEST(Docx, PackageHasEveryPartWellFormed) {
  const Package pkg = open(circular());
  for (const char* name : {"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
                           "word/settings.xml", "word/fontTable.xml", "word/_rels/document.xml.rels",
                           "word/footer1.xml", "word/footer2.xml", "docProps/core.xml", "docProps/app.xml"}) {
    ASSERT_TRUE(pkg.xml.count(name)) << name;
    EXPECT_NE(pkg.xml.at(name), nullptr) << name;
  }
  EXPECT_EQ(pkg.entries.front().name, "[Content_Types].xml");
  // Every part but the content types and relationships has an override; every relationship target exists.
  std::map<std::string, std::string> overrides;
  for (const Node* o : pkg.part("[Content_Types].xml").all("Override"))
    overrides[o->attr("PartName")] = o->attr("ContentType");
  for (const auto& e : pkg.entries) {
    if (e.name == "[Content_Types].xml" || e.name.ends_with(".rels")) continue;
    EXPECT_TRUE(overrides.count("/" + e.name)) << e.name;
  }
  EXPECT_EQ(overrides["/word/document.xml"],
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml");
  std::map<std::string, std::string> targets;  // id -> part
  for (const Node* r : pkg.part("word/_rels/document.xml.rels").all("Relationship"))
    targets[r->attr("Id")] = "word/" + r->attr("Target");
  for (const auto& [id, target] : targets)
    EXPECT_TRUE(pkg.xml.count(target)) << id << " -> " << target;
  for (const Node* r : pkg.part("_rels/.rels").all("Relationship"))
    EXPECT_TRUE(pkg.xml.count(r->attr("Target"))) << r->attr("Target");
  // Footers: default (odd) and even, both referenced from sectPr; settings turn on even/odd footers.
  const Node* sect = pkg.body().child("w:sectPr");
  ASSERT_NE(sect, nullptr);
  std::map<std::string, std::string> footers;
  for (const Node* f : sect->all("w:footerReference"))
    footers[f->attr("w:type")] = targets[f->attr("r:id")];
  EXPECT_EQ(footers["default"], "word/footer1.xml");
  EXPECT_EQ(footers["even"], "word/footer2.xml");
  EXPECT_NE(pkg.part("word/settings.xml").child("w:evenAndOddHeaders"), nullptr);
}

TEST(Docx, EmptyDocumentIsAValidPackage) {
  const Package pkg = open(doc::Document{});
  EXPECT_EQ(pkg.entries.size(), 11U);
  EXPECT_NE(pkg.body().child("w:sectPr"), nullptr);
  EXPECT_EQ(pkg.body().children.back()->name, "w:sectPr");
}

// ---- layout ----

TEST(Docx, SectPrHasA4AndTheMargins) {
  const Package pkg = open(circular());
  const Node& body = pkg.body();
  ASSERT_EQ(body.children.back()->name, "w:sectPr");
  const Node* sect = body.children.back().get();
  const Node* sz = sect->child("w:pgSz");
  const Node* mar = sect->child("w:pgMar");
  ASSERT_TRUE(sz && mar);
  EXPECT_EQ(sz->attr("w:w"), "11906");
  EXPECT_EQ(sz->attr("w:h"), "16838");
  EXPECT_EQ(sz->attr("w:orient"), "");
  EXPECT_EQ(mar->attr("w:top"), "2098");     // 37 mm
  EXPECT_EQ(mar->attr("w:left"), "1588");    // 28 mm
  EXPECT_EQ(mar->attr("w:right"), "1474");   // 26 mm
  EXPECT_EQ(mar->attr("w:bottom"), "1985");  // 35 mm
  EXPECT_EQ(mar->attr("w:gutter"), "0");
  // Within GB/T 9704's ±1 mm of the exact conversion, and the 版心 is 156 mm wide.
  auto mm = [&](const char* a) { return std::stod(mar->attr(a)) * 25.4 / 1440; };
  EXPECT_NEAR(mm("w:top"), 37, 1);
  EXPECT_NEAR(mm("w:left"), 28, 1);
  EXPECT_NEAR(mm("w:right"), 26, 1);
  EXPECT_NEAR(mm("w:bottom"), 35, 1);
  EXPECT_NEAR((11906 - std::stod(mar->attr("w:left")) - std::stod(mar->attr("w:right"))) * 25.4 / 1440, 156,
              0.5);
  // Fixed line spacing of 28-30 pt, 22 lines fitting the 版心.
  const Node* normal = style_node(pkg, "Normal");
  ASSERT_NE(normal, nullptr);
  const Node* spacing = normal->all("w:spacing").front();
  EXPECT_EQ(spacing->attr("w:lineRule"), "exact");
  const int line = std::stoi(spacing->attr("w:line"));
  EXPECT_GE(line, 28 * 20);
  EXPECT_LE(line, 30 * 20);
  EXPECT_LE(22 * line, 16838 - 2098 - 1985);
  EXPECT_EQ(sect->child("w:docGrid")->attr("w:linePitch"), std::to_string(line));
}

TEST(Docx, FontsAreNamedInTheEastAsianSlotWithTheirSizes) {
  const Package pkg = open(circular());
  EXPECT_EQ(style_attr(pkg, "Normal", "w:rFonts", "w:eastAsia"), "仿宋_GB2312");
  EXPECT_EQ(style_attr(pkg, "Normal", "w:rFonts", "w:ascii"), "Times New Roman");
  EXPECT_EQ(style_attr(pkg, "Normal", "w:rFonts", "w:hAnsi"), "Times New Roman");
  EXPECT_EQ(style_attr(pkg, "Normal", "w:sz", "w:val"), "32");
  EXPECT_EQ(style_attr(pkg, "Title", "w:rFonts", "w:eastAsia"), "方正小标宋简体");
  EXPECT_EQ(style_attr(pkg, "Title", "w:sz", "w:val"), "44");
  EXPECT_EQ(style_attr(pkg, "Title", "w:jc", "w:val"), "center");
  EXPECT_EQ(style_attr(pkg, "Heading1", "w:rFonts", "w:eastAsia"), "黑体");
  EXPECT_EQ(style_attr(pkg, "Heading2", "w:rFonts", "w:eastAsia"), "楷体_GB2312");
  EXPECT_EQ(style_attr(pkg, "Heading3", "w:rFonts", "w:eastAsia"), "仿宋_GB2312");
  EXPECT_NE(style_node(pkg, "Heading3")->all("w:b").size(), 0U);
  EXPECT_EQ(style_attr(pkg, "Heading4", "w:rFonts", "w:eastAsia"), "仿宋_GB2312");
  EXPECT_EQ(style_node(pkg, "Heading4")->all("w:b").size(), 0U);
  for (const char* h : {"Heading1", "Heading2", "Heading3", "Heading4"}) {
    EXPECT_EQ(style_attr(pkg, h, "w:sz", "w:val"), "32") << h;
    EXPECT_EQ(style_attr(pkg, h, "w:rFonts", "w:ascii"), "Times New Roman") << h;
  }
  EXPECT_EQ(style_attr(pkg, "AttachmentTitle", "w:rFonts", "w:eastAsia"), "黑体");
  EXPECT_EQ(style_attr(pkg, "Body", "w:ind", "w:firstLineChars"), "200");
  EXPECT_EQ(style_attr(pkg, "Imprint", "w:sz", "w:val"), "28");
  EXPECT_EQ(style_attr(pkg, "Footer", "w:sz", "w:val"), "28");
  EXPECT_EQ(style_attr(pkg, "Footer", "w:rFonts", "w:eastAsia"), "宋体");
  // Chinese names never sit in the Latin slots.
  for (const Node* f : pkg.part("word/styles.xml").all("w:rFonts")) {
    if (f->attr("w:eastAsia") != "宋体") {
      EXPECT_EQ(f->attr("w:ascii"), "Times New Roman");
    }
  }
  // The font table names the fallbacks of CONVENTIONS §1.3.
  std::map<std::string, std::string> alt;
  for (const Node* f : pkg.part("word/fontTable.xml").all("w:font"))
    alt[f->attr("w:name")] = f->child("w:altName") ? f->child("w:altName")->attr("w:val") : "";
  EXPECT_EQ(alt["仿宋_GB2312"], "FangSong");
  EXPECT_EQ(alt["方正小标宋简体"], "SimSun");
  EXPECT_EQ(alt["楷体_GB2312"], "KaiTi");
  EXPECT_EQ(alt["黑体"], "SimHei");
}

TEST(Docx, BlocksUseTheirStylesInOrder) {
  const Package pkg = open(circular());
  const std::pair<const char*, const char*> expected[] = {
      {"关于2025年5月政务信息报送及采用情况的通报", "Title"},
      {"各村（社区）、镇直各部门：", "Addressee"},
      {"现将2025年5月全镇政务信息报送及采用情况通报如下。", "Body"},
      {"一、总体情况", "Heading1"},
      {"（一）好的单位", "Heading2"},
      {"1. 排名前3名", "Heading3"},
      {"（1）东村", "Heading4"},
      {"附件：1. 信息报送情况统计表", "Attachment"},
      {"2. 信息采用情况统计表", "AttachmentNext"},
      {"2025年6月5日", "Date"},
      {"附件1", "AttachmentTitle"},
      {"信息报送情况统计表", "TableCaption"},
  };
  std::size_t last = 0;
  const auto ps = paragraphs(pkg);
  for (const auto& [text, style] : expected) {
    std::size_t at = ps.size();
    for (std::size_t i = last; i < ps.size(); ++i)
      if (ps[i]->texts() == text) {
        at = i;
        break;
      }
    ASSERT_LT(at, ps.size()) << text << " missing or out of order";
    EXPECT_EQ(style_of(*ps[at]), style) << text;
    last = at;
  }
  // 附件说明: a blank line above the first item only.
  const Node* att = paragraph_with(pkg, "附件：1. 信息报送情况统计表");
  for (std::size_t i = 1; i < ps.size(); ++i) {
    if (ps[i] == att) {
      EXPECT_EQ(ps[i - 1]->texts(), "");
    }
  }
  // The page break starts the attachment page.
  const Node* title = paragraph_with(pkg, "附件1");
  ASSERT_NE(title, nullptr);
  EXPECT_NE(title->child("w:pPr")->child("w:pageBreakBefore"), nullptr);
  EXPECT_EQ(pkg.part("word/document.xml").all("w:pageBreakBefore").size(), 1U);
  // Signature and date right-aligned, the date 右空四字.
  const Node* sig = paragraphs(pkg)[0];
  for (const Node* p : paragraphs(pkg))
    if (style_of(*p) == "Signature") sig = p;
  EXPECT_EQ(sig->texts(), "民生镇民生工程工作领导小组办公室");
  EXPECT_EQ(style_attr(pkg, "Signature", "w:jc", "w:val"), "right");
  EXPECT_EQ(style_attr(pkg, "Date", "w:jc", "w:val"), "right");
  EXPECT_EQ(style_attr(pkg, "Date", "w:ind", "w:rightChars"), "400");
  EXPECT_EQ(style_attr(pkg, "Addressee", "w:jc", "w:val"), "left");
}

TEST(Docx, DocNumberKeepsTheHexagonalBrackets) {
  doc::Document d = circular();
  const Package pkg = open(d);
  const Node* p = paragraph_with(pkg, "民生办〔2025〕3号");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(style_of(*p), "DocNumber");
  EXPECT_EQ(style_attr(pkg, "DocNumber", "w:jc", "w:val"), "center");
  EXPECT_EQ(style_attr(pkg, "DocNumber", "w:rFonts", "w:eastAsia"), "仿宋_GB2312");
  EXPECT_EQ(style_attr(pkg, "DocNumber", "w:sz", "w:val"), "32");
  const std::string& xml = pkg.raw("word/document.xml");
  EXPECT_TRUE(contains(xml,
                       "\xE3\x80\x94"
                       "2025"
                       "\xE3\x80\x95"));  // U+3014 2025 U+3015
  EXPECT_FALSE(contains(xml, "[2025]"));
  EXPECT_FALSE(contains(xml, "【2025】"));
  // Two blank lines between the 标志 and the 字号.
  const auto ps = paragraphs(pkg);
  ASSERT_GE(ps.size(), 4U);
  EXPECT_EQ(ps[0]->texts(), "民生镇民生工程工作领导小组办公室文件");
  EXPECT_EQ(ps[1]->texts(), "");
  EXPECT_EQ(ps[2]->texts(), "");
  EXPECT_EQ(ps[3], p);

  // A plain header still shows the 字号, centred.
  d.red_header = false;
  const Package plain = open(d);
  EXPECT_EQ(paragraphs(plain)[0]->texts(), "民生办〔2025〕3号");
}

TEST(Docx, RedOnlyWithTheRedHeader) {
  doc::Document d = circular();
  const Package red = open(d);
  const Node* mark = paragraph_with(red, d.issuer + "文件");
  ASSERT_NE(mark, nullptr);
  EXPECT_EQ(style_of(*mark), "Issuer");
  EXPECT_EQ(style_attr(red, "Issuer", "w:rFonts", "w:eastAsia"), "方正小标宋简体");
  EXPECT_EQ(style_attr(red, "Issuer", "w:jc", "w:val"), "center");
  const auto colors = mark->all("w:color");
  ASSERT_EQ(colors.size(), 1U);
  EXPECT_EQ(colors[0]->attr("w:val"), "FF0000");
  // 18 characters fit one 156 mm line: 24 pt, between 2号 and 初号.
  EXPECT_EQ(mark->all("w:sz").front()->attr("w:val"), "48");
  // The red rule: a bottom border on the 字号's paragraph.
  const Node* number = paragraph_with(red, d.doc_number);
  const auto bottoms = number->all("w:bottom");
  ASSERT_EQ(bottoms.size(), 1U);
  EXPECT_EQ(bottoms[0]->attr("w:color"), "FF0000");
  EXPECT_EQ(bottoms[0]->attr("w:val"), "single");
  // Title two lines under the rule.
  const auto ps = paragraphs(red);
  EXPECT_EQ(ps[4]->texts(), "");
  EXPECT_EQ(ps[5]->texts(), "");
  EXPECT_EQ(ps[6]->texts(), d.title);

  // A short issuer is capped at 初号.
  d.issuer = "民生镇人民政府";
  EXPECT_EQ(paragraph_with(open(d), "民生镇人民政府文件")->all("w:sz").front()->attr("w:val"), "84");
  // Without a 字号 the rule stays, on an empty line.
  d.doc_number.clear();
  const Package no_number = open(d);
  EXPECT_EQ(no_number.part("word/document.xml").all("w:pBdr").size(), 3U);  // the rule + two in the 版记
  EXPECT_TRUE(contains(no_number.raw("word/document.xml"), "FF0000"));

  d = circular();
  d.red_header = false;
  const Package plain = open(d);
  for (const auto& e : plain.entries) {
    EXPECT_FALSE(contains(e.data, "FF0000")) << e.name;
    EXPECT_FALSE(contains(e.data, "ff0000")) << e.name;
  }
  EXPECT_EQ(paragraph_with(plain, d.issuer + "文件"), nullptr);
  EXPECT_EQ(plain.part("word/document.xml").all("w:color").size(), 0U);
}

TEST(Docx, TableHasARepeatedBoldHeaderAndEveryCell) {
  doc::Document d = circular();
  const Package pkg = open(d);
  const auto tables = pkg.part("word/document.xml").all("w:tbl");
  ASSERT_EQ(tables.size(), 1U);
  const Node& tbl = *tables[0];
  const auto rows = tbl.all("w:tr");
  const doc::Table& t = d.blocks.back().table;
  ASSERT_EQ(rows.size(), t.rows.size() + 1);
  EXPECT_NE(rows[0]->child("w:trPr")->child("w:tblHeader"), nullptr);
  for (std::size_t r = 1; r < rows.size(); ++r)
    EXPECT_EQ(rows[r]->child("w:trPr")->child("w:tblHeader"), nullptr);
  const auto header_cells = rows[0]->all("w:tc");
  ASSERT_EQ(header_cells.size(), t.header.size());
  for (std::size_t c = 0; c < header_cells.size(); ++c) {
    EXPECT_EQ(header_cells[c]->texts(), t.header[c]);
    EXPECT_FALSE(header_cells[c]->all("w:b").empty()) << c;
  }
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const auto cells = rows[r + 1]->all("w:tc");
    ASSERT_EQ(cells.size(), t.rows[r].size());
    for (std::size_t c = 0; c < cells.size(); ++c) {
      EXPECT_EQ(cells[c]->texts(), t.rows[r][c]);
      EXPECT_TRUE(cells[c]->all("w:b").empty());
    }
  }
  // Borders on every side and inside.
  const Node* borders = tbl.child("w:tblPr")->child("w:tblBorders");
  ASSERT_NE(borders, nullptr);
  for (const char* side : {"w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"})
    EXPECT_EQ(borders->child(side)->attr("w:val"), "single") << side;
  // Equal widths across the 版心.
  int total = 0;
  for (const Node* g : tbl.all("w:gridCol"))
    total += std::stoi(g->attr("w:w"));
  EXPECT_EQ(total, 11906 - 1588 - 1474);

  // Given widths; ragged rows padded to the widest.
  d.blocks.back().table =
      doc::Table{"", {"单位", "得分"}, {{"东村"}, {"西村", "2", "备注"}}, {40, 30.5, 85.5}};
  const Package given = open(d);
  const Node& tbl2 = *given.part("word/document.xml").all("w:tbl").front();
  std::vector<std::string> grid;
  for (const Node* g : tbl2.all("w:gridCol"))
    grid.push_back(g->attr("w:w"));
  EXPECT_EQ(grid, (std::vector<std::string>{std::to_string(std::lround(40 * 56.7)),
                                            std::to_string(std::lround(30.5 * 56.7)),
                                            std::to_string(std::lround(85.5 * 56.7))}));
  for (const Node* row : tbl2.all("w:tr"))
    EXPECT_EQ(row->all("w:tc").size(), 3U);
  EXPECT_EQ(tbl2.all("w:tr")[2]->all("w:tc")[2]->texts(), "备注");
  // A page break before a caption-less table is an explicit break (a table has no pageBreakBefore).
  EXPECT_FALSE(contains(given.raw("word/document.xml"), "<w:br w:type=\"page\"/>"));
  d.blocks.back().table.caption.clear();
  d.blocks.erase(d.blocks.end() - 2);  // the AttachmentTitle: the break now precedes the table
  const std::string broken = open(d).raw("word/document.xml");
  EXPECT_TRUE(contains(broken, "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p><w:tbl>"));
  EXPECT_FALSE(contains(broken, "pageBreakBefore"));
}

TEST(Docx, VersionRecordBetweenRules) {
  const Package pkg = open(circular());
  const Node* copy = paragraph_with(pkg, "抄送：镇党委、人大、政府领导。");
  const Node* printed = paragraph_with(pkg, "\u3000民生镇民生工程工作领导小组办公室\t2025年6月5日印发");
  ASSERT_NE(copy, nullptr);
  ASSERT_NE(printed, nullptr);
  EXPECT_EQ(style_of(*copy), "Imprint");
  EXPECT_EQ(style_of(*printed), "Imprint");
  EXPECT_NE(copy->child("w:pPr")->child("w:pBdr")->child("w:top"), nullptr);
  EXPECT_NE(copy->child("w:pPr")->child("w:pBdr")->child("w:bottom"), nullptr);
  EXPECT_NE(printed->child("w:pPr")->child("w:pBdr")->child("w:bottom"), nullptr);
  // The 版记 ends the body.
  const auto ps = paragraphs(pkg);
  EXPECT_EQ(ps.back(), printed);
  EXPECT_EQ(ps[ps.size() - 2], copy);

  doc::Document none = circular();
  none.copy_to.clear();
  none.printed_by.clear();
  none.printed_on.clear();
  EXPECT_EQ(open(none).part("word/document.xml").all("w:pBdr").size(), 1U);  // the red rule only
}

TEST(Docx, FootersNumberOddPagesRightAndEvenPagesLeft) {
  const Package pkg = open(circular());
  const Node& odd = pkg.part("word/footer1.xml");
  const Node& even = pkg.part("word/footer2.xml");
  EXPECT_EQ(odd.all("w:jc").front()->attr("w:val"), "right");
  EXPECT_EQ(even.all("w:jc").front()->attr("w:val"), "left");
  for (const Node* f : {&odd, &even}) {
    EXPECT_EQ(f->texts(), "— 1 —");
    ASSERT_EQ(f->all("w:instrText").size(), 1U);
    EXPECT_EQ(f->all("w:instrText").front()->text, " PAGE ");
    EXPECT_EQ(style_of(*f->all("w:p").front()), "Footer");
  }
}

// ---- text ----

TEST(Docx, EscapesMarkupAndDropsIllegalCharacters) {
  const std::string evil = "<script>&\"";
  const std::string dirty =
      evil + "\x01\x0B\xFF\xC0\xAF\xED\xA0\x80" + "\xEF\xBF\xBE";  // controls, bad UTF-8
  doc::Document d;
  d.issuer = "A" + dirty;
  d.red_header = true;
  d.doc_number = "B" + dirty;
  d.title = "C" + dirty;
  for (const BlockKind k : {BlockKind::Body, BlockKind::Heading1, BlockKind::Heading2, BlockKind::Heading3,
                            BlockKind::Heading4, BlockKind::Addressee, BlockKind::Attachment,
                            BlockKind::Signature, BlockKind::Date, BlockKind::AttachmentTitle})
    d.blocks.push_back({k, "K" + std::to_string(static_cast<int>(k)) + dirty, {}});
  d.blocks.push_back({BlockKind::Table, "", doc::Table{"T" + dirty, {"H" + dirty}, {{"R" + dirty}}, {}}});
  d.copy_to = "D" + dirty;
  d.printed_by = "E" + dirty;
  d.printed_on = "F" + dirty;
  const Package pkg = open(d);
  std::vector<std::string> want = {
      "A" + evil + "文件", "B" + evil, "C" + evil,       "T" + evil,
      "H" + evil,          "R" + evil, "抄送：D" + evil, "\u3000E" + evil + "\tF" + evil + "印发"};
  for (int k : {0, 1, 2, 3, 4, 5, 6, 7, 8, 11})
    want.push_back("K" + std::to_string(k) + evil);
  for (const std::string& w : want)
    EXPECT_NE(paragraph_with(pkg, w), nullptr) << w;
  for (const auto& e : pkg.entries)
    EXPECT_FALSE(contains(e.data, "<script>")) << e.name;
  EXPECT_TRUE(contains(pkg.raw("word/document.xml"), "&lt;script&gt;&amp;&quot;"));
  const Node* title = pkg.part("docProps/core.xml").child("dc:title");
  ASSERT_NE(title, nullptr);
  EXPECT_EQ(title->text, "C" + evil);
  EXPECT_EQ(pkg.part("docProps/core.xml").child("dc:creator")->text, "A" + evil);
}

TEST(Docx, LineBreaksAndTabsInText) {
  doc::Document d;
  d.title = "关于表彰\r\n先进单位的通报";
  d.blocks = {{BlockKind::Body, "甲\t乙\n丙", {}}};
  const Package pkg = open(d);
  EXPECT_NE(paragraph_with(pkg, "关于表彰\n先进单位的通报"), nullptr);
  EXPECT_NE(paragraph_with(pkg, "甲\t乙\n丙"), nullptr);
}

// ---- determinism and scale ----

TEST(Docx, SameDocumentSameBytesInAnyTimeZone) {
  const doc::Document d = circular();
  const std::string first = docx_of(d);
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(docx_of(d), first);

  const char* old = std::getenv("TZ");
  const std::string saved = old ? old : "";
  for (const char* tz : {"UTC", "Asia/Shanghai", "America/New_York"}) {
    setenv("TZ", tz, 1);
    tzset();
    EXPECT_EQ(docx_of(d), first) << tz;
  }
  if (old)
    setenv("TZ", saved.c_str(), 1);
  else
    unsetenv("TZ");
  tzset();

  // Entry times and core properties come from the document's date (printed_on) at noon.
  for (const auto& e : unzip(first)) {
    std::tm tm{};
    localtime_r(&e.mtime, &tm);
    EXPECT_EQ(tm.tm_year + 1900, 2025) << e.name;
    EXPECT_EQ(tm.tm_mon + 1, 6) << e.name;
    EXPECT_EQ(tm.tm_mday, 5) << e.name;
    EXPECT_EQ(tm.tm_hour, 12) << e.name;
  }
  const Package pkg = open(d);
  EXPECT_EQ(pkg.part("docProps/core.xml").child("dcterms:created")->text, "2025-06-05T12:00:00Z");
  // Any change shows.
  doc::Document other = d;
  other.blocks[1].text += "。";
  EXPECT_NE(docx_of(other), first);
}

TEST(Docx, LargeTableStaysWellFormed) {
  doc::Document d = circular();
  doc::Table& t = d.blocks.back().table;
  t.rows.clear();
  for (int i = 0; i < 200; ++i)
    t.rows.push_back({"单位" + std::to_string(i) + "<&>", std::to_string(i), std::to_string(i * 3), "0", "1",
                      std::to_string(i % 7), std::to_string(i * 2)});
  const Package pkg = open(d);
  const auto rows = pkg.part("word/document.xml").all("w:tr");
  ASSERT_EQ(rows.size(), 201U);
  EXPECT_EQ(rows[200]->all("w:tc")[0]->texts(), "单位199<&>");
  EXPECT_EQ(pkg.part("word/document.xml").all("w:tblHeader").size(), 1U);
}

// A third-party reader: Python's zipfile + xml.etree, no LibreOffice.
TEST(Docx, PythonStandardLibraryReadsIt) {
  ASSERT_EQ(access("/usr/bin/python3", X_OK), 0) << "/usr/bin/python3 is needed: install the Debian package "
                                                    "python3 (scripts/bootstrap does)";
  const auto dir = std::filesystem::temp_directory_path() / ("minsheng-docx-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const auto file = dir / "circular.docx";
  const auto script = dir / "check.py";
  {
    std::ofstream(file, std::ios::binary) << docx_of(circular());
    std::ofstream(script) << R"PY(
import sys, zipfile, xml.etree.ElementTree as ET
W = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
for name in z.namelist():
    if name.endswith('.xml') or name.endswith('.rels'):
        ET.fromstring(z.read(name))
doc = ET.fromstring(z.read('word/document.xml'))
sect = doc.find(W + 'body/' + W + 'sectPr')
assert sect.find(W + 'pgSz').get(W + 'w') == '11906'
assert sect.find(W + 'pgMar').get(W + 'top') == '2098'
text = ''.join(t.text or '' for t in doc.iter(W + 't'))
assert '民生办〔2025〕3号' in text, text
assert '东村' in text
print('ok')
)PY";
  }
  const std::string cmd = "/usr/bin/python3 " + script.string() + " " + file.string() + " >/dev/null";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace minsheng::infra::docx
