#include "infra/docx/docx.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/text.hpp"
#include "infra/docx/zip.hpp"

namespace minsheng::infra::docx {
namespace {

// ---- layout (CONVENTIONS.md §1.1; lengths in twips, 1/20 pt; 1 mm = 56.7 twips, rounded) ----

constexpr int mm_twips(int mm) {
  return (mm * 567 + 5) / 10;
}

constexpr int kPageWidth = 11906;   // A4 210 mm
constexpr int kPageHeight = 16838;  // A4 297 mm
constexpr int kMarginTop = mm_twips(37);
constexpr int kMarginLeft = mm_twips(28);
constexpr int kMarginRight = mm_twips(26);
constexpr int kMarginBottom = mm_twips(35);
constexpr int kTextWidth = kPageWidth - kMarginLeft - kMarginRight;  // the 版心, 156 mm
constexpr int kHeaderDistance = mm_twips(15);                        // no header parts; Word wants a value
// The page number's top sits about 7 mm under the 版心 (GB/T 9704 §7.5): a 4号 line is about 6 mm high.
constexpr int kFooterDistance = mm_twips(22);
// Fixed line spacing: 22 lines in the 225 mm 版心 (§5.2.3). 29 pt (580) would fit only 21 lines once the
// margins are rounded to twips, so 28.95 pt.
constexpr int kLine = 579;
static_assert(22 * kLine <= kPageHeight - kMarginTop - kMarginBottom, "22 lines per page");
static_assert(kLine >= 28 * 20 && kLine <= 30 * 20, "fixed line spacing 28-30 pt");
constexpr int kChar = 320;                // one 3号 (16 pt) character
constexpr int kSmallChar = 280;           // one 4号 (14 pt) character
constexpr int kIssuerTop = mm_twips(35);  // 发文机关标志 35 mm below the top of the 版心 (§1.2, unverified)

// Type sizes in half points.
constexpr int kSize3 = 32;      // 3号 16 pt
constexpr int kSize2 = 44;      // 2号 22 pt
constexpr int kSize4 = 28;      // 4号 14 pt
constexpr int kIssuerMax = 84;  // 初号 42 pt
constexpr const char* kRed = "FF0000";

// Fonts (§1.3): the standard names; the fallbacks are only named as w:altName in the font table.
constexpr const char* kLatin = "Times New Roman";
constexpr const char* kFangSong = "仿宋_GB2312";
constexpr const char* kXiaoBiaoSong = "方正小标宋简体";
constexpr const char* kHei = "黑体";
constexpr const char* kKai = "楷体_GB2312";
constexpr const char* kSong = "宋体";

constexpr const char* kXmlDecl = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
constexpr const char* kNsW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr const char* kNsR = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

// ---- XML text ----

bool xml_char(char32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0x10FFFF);
}

// `s` as valid UTF-8 holding only XML 1.0 characters: invalid sequences and forbidden characters dropped,
// CR LF and lone CR turned into LF.
std::string clean_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    char32_t c = 0;
    char32_t min = 0;
    if (b < 0x80) {
      len = 1, c = b;
    } else if (b >= 0xC2 && b <= 0xDF) {
      len = 2, c = b & 0x1F, min = 0x80;
    } else if (b >= 0xE0 && b <= 0xEF) {
      len = 3, c = b & 0x0F, min = 0x800;
    } else if (b >= 0xF0 && b <= 0xF4) {
      len = 4, c = b & 0x07, min = 0x10000;
    } else {
      ++i;  // a stray continuation byte or an invalid lead byte
      continue;
    }
    if (i + len > s.size()) {
      ++i;
      continue;
    }
    bool ok = true;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cb = static_cast<unsigned char>(s[i + k]);
      if ((cb & 0xC0) != 0x80) {
        ok = false;
        break;
      }
      c = (c << 6) | (cb & 0x3F);
    }
    if (!ok || c < min || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) {
      ++i;
      continue;
    }
    if (c == '\r') {
      out += '\n';
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else if (xml_char(c)) {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

// Escapes already clean text for an element or a double-quoted attribute.
void escape_into(std::string& out, std::string_view s) {
  for (const char ch : s) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += ch;
    }
  }
}

std::string xml_text(std::string_view s) {
  std::string out;
  escape_into(out, clean_text(s));
  return out;
}

std::string num(long v) {
  return std::to_string(v);
}

// ---- runs and paragraphs ----

std::string rfonts(const char* east_asian, const char* latin = kLatin) {
  std::string r = "<w:rFonts w:ascii=\"";
  r += latin;
  r += "\" w:hAnsi=\"";
  r += latin;
  r += "\" w:eastAsia=\"";
  r += east_asian;
  r += "\" w:cs=\"";
  r += latin;
  r += "\"/>";
  return r;
}

std::string font_size(int half_points) {
  return "<w:sz w:val=\"" + num(half_points) + "\"/><w:szCs w:val=\"" + num(half_points) + "\"/>";
}

// One run of `text` (line feeds become w:br, tabs w:tab); `rpr` is the inside of w:rPr. Empty text: nothing.
void run(std::string& out, std::string_view text, std::string_view rpr = {}) {
  const std::string clean = clean_text(text);
  if (clean.empty()) return;
  out += "<w:r>";
  if (!rpr.empty()) {
    out += "<w:rPr>";
    out += rpr;
    out += "</w:rPr>";
  }
  std::size_t start = 0;
  for (std::size_t i = 0; i <= clean.size(); ++i) {
    if (i < clean.size() && clean[i] != '\n' && clean[i] != '\t') continue;
    if (i > start) {
      out += "<w:t xml:space=\"preserve\">";
      escape_into(out, std::string_view(clean).substr(start, i - start));
      out += "</w:t>";
    }
    if (i < clean.size()) out += clean[i] == '\n' ? "<w:br/>" : "<w:tab/>";
    start = i + 1;
  }
  out += "</w:r>";
}

// A paragraph in `style` (empty: Normal). `ppr` is what follows w:pStyle inside w:pPr, in schema order
// (keepNext, pageBreakBefore, pBdr, tabs, spacing, ind, jc).
void paragraph(std::string& out, std::string_view style, std::string_view text, std::string_view ppr = {},
               std::string_view rpr = {}) {
  out += "<w:p>";
  if (!style.empty() || !ppr.empty()) {
    out += "<w:pPr>";
    if (!style.empty()) {
      out += "<w:pStyle w:val=\"";
      out += style;
      out += "\"/>";
    }
    out += ppr;
    out += "</w:pPr>";
  }
  run(out, text, rpr);
  out += "</w:p>";
}

void blank_line(std::string& out) {
  out += "<w:p/>";
}

std::string border(const char* side, int eighths_pt, const char* color, int space_pt) {
  return std::string("<w:") + side + " w:val=\"single\" w:sz=\"" + num(eighths_pt) + "\" w:space=\"" +
         num(space_pt) + "\" w:color=\"" + color + "\"/>";
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (const char ch : s)
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++n;
  return n;
}

// ---- the document's date (for zip entry times and core.xml) ----

struct Ymd {
  int y = 2000, m = 1, d = 1;
};

// The first `YYYY年M月D日` in `s`.
bool find_date(std::string_view s, Ymd& out) {
  constexpr std::string_view kYear = "年", kMonth = "月", kDay = "日";
  auto digits = [&](std::size_t& i, std::size_t min_n, std::size_t max_n, int& value) {
    std::size_t n = 0;
    value = 0;
    while (i < s.size() && n < max_n && s[i] >= '0' && s[i] <= '9')
      value = value * 10 + (s[i++] - '0'), ++n;
    return n >= min_n && !(i < s.size() && s[i] >= '0' && s[i] <= '9');
  };
  auto lit = [&](std::size_t& i, std::string_view l) {
    if (s.substr(i, l.size()) != l) return false;
    i += l.size();
    return true;
  };
  for (std::size_t start = 0; start + 4 <= s.size(); ++start) {
    if (start > 0 && s[start - 1] >= '0' && s[start - 1] <= '9') continue;
    std::size_t i = start;
    Ymd d;
    if (digits(i, 4, 4, d.y) && lit(i, kYear) && digits(i, 1, 2, d.m) && lit(i, kMonth) &&
        digits(i, 1, 2, d.d) && lit(i, kDay) && d.y >= 1980 && d.y <= 2099 && d.m >= 1 && d.m <= 12 &&
        d.d >= 1 && d.d <= 31) {
      out = d;
      return true;
    }
  }
  return false;
}

Ymd document_date(const doc::Document& document) {
  Ymd date;
  if (find_date(document.printed_on, date)) return date;
  for (auto it = document.blocks.rbegin(); it != document.blocks.rend(); ++it)
    if (it->kind == doc::BlockKind::Date && find_date(it->text, date)) return date;
  return Ymd{};
}

std::string w3cdtf(const Ymd& d) {
  auto two = [](int v) { return std::string(v < 10 ? "0" : "") + num(v); };
  return num(d.y) + "-" + two(d.m) + "-" + two(d.d) + "T12:00:00Z";
}

// ---- parts ----

std::string content_types() {
  std::string x = kXmlDecl;
  x += "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">";
  x += "<Default Extension=\"rels\" "
       "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>";
  x += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>";
  const std::pair<const char*, const char*> overrides[] = {
      {"/word/document.xml",
       "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"},
      {"/word/styles.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"},
      {"/word/settings.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"},
      {"/word/fontTable.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"},
      {"/word/footer1.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"},
      {"/word/footer2.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"},
      {"/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"},
      {"/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"},
  };
  for (const auto& [part, type] : overrides) {
    x += "<Override PartName=\"";
    x += part;
    x += "\" ContentType=\"";
    x += type;
    x += "\"/>";
  }
  x += "</Types>";
  return x;
}

std::string root_rels() {
  std::string x = kXmlDecl;
  x += "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  x += "<Relationship Id=\"rId1\" "
       "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
       "Target=\"word/document.xml\"/>";
  x += "<Relationship Id=\"rId2\" "
       "Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" "
       "Target=\"docProps/core.xml\"/>";
  x += "<Relationship Id=\"rId3\" "
       "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" "
       "Target=\"docProps/app.xml\"/>";
  x += "</Relationships>";
  return x;
}

std::string document_rels() {
  std::string x = kXmlDecl;
  x += "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  const std::pair<const char*, const char*> rels[] = {
      {"styles", "styles.xml"},  {"settings", "settings.xml"}, {"fontTable", "fontTable.xml"},
      {"footer", "footer1.xml"}, {"footer", "footer2.xml"},
  };
  int id = 1;
  for (const auto& [type, target] : rels) {
    x += "<Relationship Id=\"rId" + num(id++) +
         "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
         "relationships/";
    x += type;
    x += "\" Target=\"";
    x += target;
    x += "\"/>";
  }
  x += "</Relationships>";
  return x;
}
constexpr const char* kFooterOddId = "rId4";
constexpr const char* kFooterEvenId = "rId5";

std::string settings() {
  std::string x = kXmlDecl;
  x += "<w:settings xmlns:w=\"";
  x += kNsW;
  x += "\"><w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"420\"/><w:evenAndOddHeaders/>"
       "<w:characterSpacingControl w:val=\"compressPunctuation\"/>"
       "<w:compat><w:compatSetting w:name=\"compatibilityMode\" "
       "w:uri=\"http://schemas.microsoft.com/office/word\" "
       "w:val=\"15\"/></w:compat>"
       "<w:themeFontLang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/>"
       "<w:decimalSymbol w:val=\".\"/><w:listSeparator w:val=\",\"/></w:settings>";
  return x;
}

std::string font_table() {
  struct Font {
    const char* name;
    const char* alt;  // the fallback of §1.3, or null
    const char* charset;
    const char* family;
    const char* pitch;
  };
  const Font fonts[] = {
      {kLatin, nullptr, "00", "roman", "variable"},       {kFangSong, "FangSong", "86", "modern", "fixed"},
      {kXiaoBiaoSong, "SimSun", "86", "script", "fixed"}, {kHei, "SimHei", "86", "modern", "fixed"},
      {kKai, "KaiTi", "86", "modern", "fixed"},           {kSong, "SimSun", "86", "auto", "variable"},
  };
  std::string x = kXmlDecl;
  x += "<w:fonts xmlns:w=\"";
  x += kNsW;
  x += "\">";
  for (const Font& f : fonts) {
    x += "<w:font w:name=\"";
    x += f.name;
    x += "\">";
    if (f.alt) {
      x += "<w:altName w:val=\"";
      x += f.alt;
      x += "\"/>";
    }
    x += "<w:charset w:val=\"";
    x += f.charset;
    x += "\"/><w:family w:val=\"";
    x += f.family;
    x += "\"/><w:pitch w:val=\"";
    x += f.pitch;
    x += "\"/></w:font>";
  }
  x += "</w:fonts>";
  return x;
}

std::string styles() {
  const std::string body_font = rfonts(kFangSong);
  std::string x = kXmlDecl;
  x += "<w:styles xmlns:w=\"";
  x += kNsW;
  x += "\">";
  x += "<w:docDefaults><w:rPrDefault><w:rPr>" + body_font + "<w:kern w:val=\"2\"/>" + font_size(kSize3) +
       "<w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>"
       "<w:pPrDefault><w:pPr><w:spacing w:line=\"" +
       num(kLine) + "\" w:lineRule=\"exact\"/><w:jc w:val=\"both\"/></w:pPr></w:pPrDefault></w:docDefaults>";
  // A paragraph style: `ppr` and `rpr` in schema order (pPr: keepNext, spacing, ind, jc, outlineLvl; rPr:
  // rFonts, b, bCs, color, sz).
  auto style = [&x](const char* id, const char* name, bool is_default, std::string_view ppr,
                    std::string_view rpr) {
    x += "<w:style w:type=\"paragraph\"";
    if (is_default) x += " w:default=\"1\"";
    x += " w:styleId=\"";
    x += id;
    x += "\"><w:name w:val=\"";
    x += name;
    x += "\"/>";
    if (!is_default) x += "<w:basedOn w:val=\"Normal\"/>";
    x += "<w:qFormat/>";
    if (!ppr.empty()) {
      x += "<w:pPr>";
      x += ppr;
      x += "</w:pPr>";
    }
    if (!rpr.empty()) {
      x += "<w:rPr>";
      x += rpr;
      x += "</w:rPr>";
    }
    x += "</w:style>";
  };
  const std::string exact = "<w:spacing w:line=\"" + num(kLine) + "\" w:lineRule=\"exact\"/>";
  const std::string indent2 = "<w:ind w:firstLine=\"" + num(2 * kChar) + "\" w:firstLineChars=\"200\"/>";
  const std::string no_indent = "<w:ind w:firstLine=\"0\" w:firstLineChars=\"0\"/>";
  style("Normal", "Normal", true, "<w:widowControl w:val=\"0\"/>" + exact + "<w:jc w:val=\"both\"/>",
        body_font + font_size(kSize3));
  style("Issuer", "Issuer", false, "<w:jc w:val=\"center\"/>", rfonts(kXiaoBiaoSong));
  style("DocNumber", "Document Number", false, "<w:jc w:val=\"center\"/>", body_font + font_size(kSize3));
  style("Title", "Title", false, "<w:keepNext/><w:jc w:val=\"center\"/><w:outlineLvl w:val=\"0\"/>",
        rfonts(kXiaoBiaoSong) + font_size(kSize2));
  const char* const headings[][2] = {{"Heading1", "heading 1"},
                                     {"Heading2", "heading 2"},
                                     {"Heading3", "heading 3"},
                                     {"Heading4", "heading 4"}};
  const char* const heading_fonts[] = {kHei, kKai, kFangSong, kFangSong};
  for (int level = 0; level < 4; ++level) {
    style(headings[level][0], headings[level][1], false,
          "<w:keepNext/>" + indent2 + "<w:outlineLvl w:val=\"" + num(level + 1) + "\"/>",
          rfonts(heading_fonts[level]) + (level == 2 ? "<w:b/><w:bCs/>" : "") + font_size(kSize3));
  }
  style("Body", "Body", false, indent2, "");
  style("Addressee", "Addressee", false, no_indent + "<w:jc w:val=\"left\"/>", "");
  // 附件说明: 左空二字 "附件：1. …"; continuation lines and the next items align after "附件：".
  style("Attachment", "Attachment", false,
        "<w:ind w:left=\"" + num(5 * kChar) + "\" w:leftChars=\"500\" w:hanging=\"" + num(3 * kChar) +
            "\" w:hangingChars=\"300\"/>",
        "");
  style("AttachmentNext", "Attachment Next", false,
        "<w:ind w:left=\"" + num(5 * kChar) +
            "\" w:leftChars=\"500\" w:firstLine=\"0\" w:firstLineChars=\"0\"/>",
        "");
  style("Signature", "Signature", false, "<w:jc w:val=\"right\"/>", "");
  // 成文日期 右空四字.
  style("Date", "Date", false,
        "<w:ind w:right=\"" + num(4 * kChar) + "\" w:rightChars=\"400\"/><w:jc w:val=\"right\"/>", "");
  style("AttachmentTitle", "Attachment Title", false, "<w:keepNext/>" + no_indent + "<w:jc w:val=\"left\"/>",
        rfonts(kHei) + font_size(kSize3));
  style("TableCaption", "Table Caption", false, "<w:keepNext/><w:jc w:val=\"center\"/>", rfonts(kHei));
  style("TableText", "Table Text", false,
        "<w:spacing w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"center\"/>", font_size(kSize4));
  // 版记: 4号仿宋, 左右各空一字.
  style(
      "Imprint", "Imprint", false,
      "<w:ind w:left=\"" + num(kSmallChar) + "\" w:right=\"" + num(kSmallChar) + "\"/><w:jc w:val=\"left\"/>",
      font_size(kSize4));
  // Page numbers: 4号 half-width 宋体.
  style("Footer", "footer", false, "<w:spacing w:line=\"240\" w:lineRule=\"auto\"/>",
        rfonts(kSong, kSong) + font_size(kSize4));
  x += "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\">"
       "<w:name w:val=\"Default Paragraph Font\"/><w:uiPriority "
       "w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/>"
       "</w:style>";
  x += "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>"
       "<w:semiHidden/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar>"
       "<w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>"
       "<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/>"
       "</w:tblCellMar></w:tblPr></w:style>";
  x += "</w:styles>";
  return x;
}

// `— 1 —`: odd pages right (居右空一字), even pages left (居左空一字).
std::string footer(bool odd) {
  std::string x = kXmlDecl;
  x += "<w:ftr xmlns:w=\"";
  x += kNsW;
  x += "\" xmlns:r=\"";
  x += kNsR;
  x += "\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/>";
  x += odd ? "<w:ind w:right=\"" + num(kSmallChar) + "\"/><w:jc w:val=\"right\"/>"
           : "<w:ind w:left=\"" + num(kSmallChar) + "\"/><w:jc w:val=\"left\"/>";
  x += "</w:pPr><w:r><w:t xml:space=\"preserve\">— </w:t></w:r>"
       "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
       "<w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>"
       "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
       "<w:r><w:t>1</w:t></w:r>"
       "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
       "<w:r><w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>";
  return x;
}

std::string core_properties(const doc::Document& document, const Ymd& date) {
  std::string x = kXmlDecl;
  x += "<cp:coreProperties "
       "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
       "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
       "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" "
       "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">";
  x += "<dc:title>" + xml_text(document.title) + "</dc:title>";
  const std::string& creator = !document.issuer.empty() ? document.issuer : document.printed_by;
  x += "<dc:creator>" + xml_text(creator) + "</dc:creator>";
  x += "<cp:lastModifiedBy>" + xml_text(creator) + "</cp:lastModifiedBy>";
  x += "<dcterms:created xsi:type=\"dcterms:W3CDTF\">" + w3cdtf(date) + "</dcterms:created>";
  x += "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">" + w3cdtf(date) + "</dcterms:modified>";
  x += "</cp:coreProperties>";
  return x;
}

std::string app_properties() {
  std::string x = kXmlDecl;
  x += "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" "
       "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
       "<Application>Minsheng</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
       "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</"
       "HyperlinksChanged>"
       "</Properties>";
  return x;
}

// ---- word/document.xml ----

class BodyWriter {
 public:
  explicit BodyWriter(std::string& out) : out_(out) {}

  // A paragraph; a pending page break (a PageBreak block) becomes its w:pageBreakBefore.
  void para(std::string_view style, std::string_view text, std::string ppr = {}, std::string_view rpr = {}) {
    if (break_pending_) {
      ppr.insert(0, "<w:pageBreakBefore/>");  // every direct ppr here starts after it in schema order
      break_pending_ = false;
    }
    paragraph(out_, style, text, ppr, rpr);
  }
  void blank() {
    if (break_pending_) {
      para("", "");
      return;
    }
    blank_line(out_);
  }
  void page_break() { break_pending_ = true; }
  // Before a table (which cannot carry pageBreakBefore) or at the end: an explicit break, if one is pending.
  void flush_break() {
    if (!break_pending_) return;
    break_pending_ = false;
    out_ += "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>";
  }
  // Drops a pending break (a trailing PageBreak would only add an empty page).
  void drop_break() { break_pending_ = false; }

 private:
  std::string& out_;
  bool break_pending_ = false;
};

// Column widths in twips: widths_mm when it has one positive width per column, else equal across the 版心.
std::vector<int> column_widths(const doc::Table& table, std::size_t columns) {
  std::vector<int> widths;
  if (table.widths_mm.size() == columns &&
      std::all_of(table.widths_mm.begin(), table.widths_mm.end(),
                  [](double w) { return std::isfinite(w) && w > 0 && w < 1000; })) {
    for (const double w : table.widths_mm)
      widths.push_back(static_cast<int>(std::lround(w * 56.7)));
    return widths;
  }
  const int each = kTextWidth / static_cast<int>(columns);
  widths.assign(columns, each);
  widths.back() += kTextWidth - each * static_cast<int>(columns);
  return widths;
}

void table(std::string& out, const doc::Table& t) {
  std::size_t columns = t.header.size();
  for (const auto& row : t.rows)
    columns = std::max(columns, row.size());
  if (columns == 0) return;
  const std::vector<int> widths = column_widths(t, columns);
  int total = 0;
  for (const int w : widths)
    total += w;
  out += "<w:tbl><w:tblPr><w:tblW w:w=\"" + num(total) +
         "\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblBorders>";
  for (const char* side : {"top", "left", "bottom", "right", "insideH", "insideV"})
    out += border(side, 4, "000000", 0);
  out +=
      "</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" "
      "w:lastRow=\"0\" "
      "w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>";
  for (const int w : widths)
    out += "<w:gridCol w:w=\"" + num(w) + "\"/>";
  out += "</w:tblGrid>";
  auto row = [&](const std::vector<std::string>& cells, bool header) {
    out += "<w:tr><w:trPr><w:cantSplit/>";
    if (header) out += "<w:tblHeader/>";
    out += "</w:trPr>";
    for (std::size_t c = 0; c < columns; ++c) {
      out += "<w:tc><w:tcPr><w:tcW w:w=\"" + num(widths[c]) +
             "\" w:type=\"dxa\"/><w:vAlign w:val=\"center\"/></w:tcPr>";
      paragraph(out, "TableText", c < cells.size() ? std::string_view(cells[c]) : std::string_view(), {},
                header ? "<w:b/><w:bCs/>" : "");
      out += "</w:tc>";
    }
    out += "</w:tr>";
  };
  if (!t.header.empty()) row(t.header, true);
  for (const auto& r : t.rows)
    row(r, false);
  out += "</w:tbl>";
}

void version_record(BodyWriter& body, const doc::Document& document) {
  const bool has_copy = !document.copy_to.empty();
  const bool has_print = !document.printed_by.empty() || !document.printed_on.empty();
  if (!has_copy && !has_print) return;
  body.blank();
  // Rules: 0.35 mm outside (1 pt, w:sz 8), 0.25 mm between (0.75 pt, w:sz 6).
  if (has_copy) {
    std::string text = document.copy_to;
    if (text.rfind("抄送", 0) != 0) text = "抄送：" + text;
    const std::string ppr = "<w:pBdr>" + border("top", 8, "000000", 1) +
                            border("bottom", has_print ? 6 : 8, "000000", 1) + "</w:pBdr><w:ind w:left=\"" +
                            num(kSmallChar * 4) + "\" w:right=\"" + num(kSmallChar) + "\" w:hanging=\"" +
                            num(kSmallChar * 3) + "\"/>";
    body.para("Imprint", text, ppr);
  }
  if (has_print) {
    std::string date = document.printed_on;
    if (!date.empty() && (date.size() < 6 || date.substr(date.size() - 6) != "印发")) date += "印发";
    std::string ppr = "<w:pBdr>";
    if (!has_copy) ppr += border("top", 8, "000000", 1);
    ppr += border("bottom", 8, "000000", 1) + "</w:pBdr>";
    // 印发机关 左空一字, 印发日期 右空一字 on the same line (a right tab one character before the right
    // edge).
    ppr += "<w:tabs><w:tab w:val=\"right\" w:pos=\"" + num(kTextWidth - kSmallChar) + "\"/></w:tabs>";
    ppr += "<w:ind w:left=\"0\" w:right=\"0\"/>";
    body.para("Imprint", "\u3000" + document.printed_by + "\t" + date, ppr);
  }
}

std::string document_xml(const doc::Document& document) {
  std::string out = kXmlDecl;
  out += "<w:document xmlns:w=\"";
  out += kNsW;
  out += "\" xmlns:r=\"";
  out += kNsR;
  out += "\"><w:body>";
  BodyWriter body(out);

  // 版头.
  if (document.red_header) {
    const std::string mark = document.issuer + "文件";
    const std::size_t n = std::max<std::size_t>(code_points(clean_text(mark)), 1);
    // As large as fits one line of the 版心, at most 初号, at least 2号 (longer names wrap).
    const int fit = static_cast<int>(kTextWidth / 10 / n);
    const int sz = std::clamp(fit - fit % 2, kSize2, kIssuerMax);
    body.para("Issuer", mark,
              "<w:spacing w:before=\"" + num(kIssuerTop) + "\" w:line=\"240\" w:lineRule=\"auto\"/>",
              std::string("<w:color w:val=\"") + kRed + "\"/>" + font_size(sz));
    body.blank();
    body.blank();
    // The red rule as wide as the 版心, about 4 mm under the 字号 (on an empty line when there is none).
    body.para("DocNumber", document.doc_number, "<w:pBdr>" + border("bottom", 12, kRed, 4) + "</w:pBdr>");
    body.blank();
    body.blank();
  } else if (!document.doc_number.empty()) {
    body.para("DocNumber", document.doc_number);
    body.blank();
  }
  if (!document.title.empty()) {
    body.para("Title", document.title);
    body.blank();
  }

  const auto& blocks = document.blocks;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const doc::Block& b = blocks[i];
    switch (b.kind) {
      case doc::BlockKind::Body:
        body.para("Body", b.text);
        break;
      case doc::BlockKind::Heading1:
        body.para("Heading1", b.text);
        break;
      case doc::BlockKind::Heading2:
        body.para("Heading2", b.text);
        break;
      case doc::BlockKind::Heading3:
        body.para("Heading3", b.text);
        break;
      case doc::BlockKind::Heading4:
        body.para("Heading4", b.text);
        break;
      case doc::BlockKind::Addressee:
        body.para("Addressee", b.text);
        break;
      case doc::BlockKind::Attachment:
        if (i > 0 && blocks[i - 1].kind == doc::BlockKind::Attachment) {
          body.para("AttachmentNext", b.text);
        } else {
          body.blank();
          body.para("Attachment", b.text);
        }
        break;
      case doc::BlockKind::Signature: {
        // Centred over the date that follows (右空四字), or right-aligned when longer.
        std::string ppr;
        if (i + 1 < blocks.size() && blocks[i + 1].kind == doc::BlockKind::Date) {
          const long date_w = static_cast<long>(display_width(clean_text(blocks[i + 1].text))) * kChar / 2;
          const long sig_w = static_cast<long>(display_width(clean_text(b.text))) * kChar / 2;
          ppr = "<w:ind w:right=\"" + num(std::max(0L, 4L * kChar + (date_w - sig_w) / 2)) + "\"/>";
        }
        body.para("Signature", b.text, ppr);
        break;
      }
      case doc::BlockKind::Date:
        body.para("Date", b.text);
        break;
      case doc::BlockKind::Table:
        if (!b.table.caption.empty()) body.para("TableCaption", b.table.caption);
        body.flush_break();
        table(out, b.table);
        body.blank();  // keeps two tables apart and the body from ending in a table
        break;
      case doc::BlockKind::PageBreak:
        body.page_break();
        break;
      case doc::BlockKind::AttachmentTitle:
        body.para("AttachmentTitle", b.text);
        break;
    }
  }
  body.drop_break();
  version_record(body, document);

  out += "<w:sectPr>";
  out += "<w:footerReference w:type=\"default\" r:id=\"";
  out += kFooterOddId;
  out += "\"/><w:footerReference w:type=\"even\" r:id=\"";
  out += kFooterEvenId;
  out += "\"/>";
  out += "<w:pgSz w:w=\"" + num(kPageWidth) + "\" w:h=\"" + num(kPageHeight) + "\"/>";
  out += "<w:pgMar w:top=\"" + num(kMarginTop) + "\" w:right=\"" + num(kMarginRight) + "\" w:bottom=\"" +
         num(kMarginBottom) + "\" w:left=\"" + num(kMarginLeft) + "\" w:header=\"" + num(kHeaderDistance) +
         "\" w:footer=\"" + num(kFooterDistance) + "\" w:gutter=\"0\"/>";
  out += "<w:pgNumType w:fmt=\"decimal\"/><w:cols w:space=\"425\"/>";
  out += "<w:docGrid w:type=\"lines\" w:linePitch=\"" + num(kLine) + "\"/>";
  out += "</w:sectPr></w:body></w:document>";
  return out;
}

// ---- the zip ----

// A time_t that the local time zone shows as `date` 12:00:00, which is what libzip converts back to the
// MS-DOS local time it stores: the entries carry the same bytes whatever TZ the server runs in.
std::time_t entry_time(const Ymd& date) {
  std::tm tm{};
  tm.tm_year = date.y - 1900;
  tm.tm_mon = date.m - 1;
  tm.tm_mday = date.d;
  tm.tm_hour = 12;
  tm.tm_isdst = -1;
  return std::mktime(&tm);
}

}  // namespace

Result<std::string> write_docx(const doc::Document& document) {
  const Ymd date = document_date(document);
  std::vector<std::pair<std::string, std::string>> parts;
  parts.push_back({"[Content_Types].xml", content_types()});
  parts.push_back({"_rels/.rels", root_rels()});
  parts.push_back({"word/document.xml", document_xml(document)});
  parts.push_back({"word/_rels/document.xml.rels", document_rels()});
  parts.push_back({"word/styles.xml", styles()});
  parts.push_back({"word/settings.xml", settings()});
  parts.push_back({"word/fontTable.xml", font_table()});
  parts.push_back({"word/footer1.xml", footer(true)});
  parts.push_back({"word/footer2.xml", footer(false)});
  parts.push_back({"docProps/core.xml", core_properties(document, date)});
  parts.push_back({"docProps/app.xml", app_properties()});
  return zip_entries(parts, entry_time(date), false);
}

}  // namespace minsheng::infra::docx
