#include "infra/sheets/sheets.hpp"

#include <gtest/gtest.h>
#include <iconv.h>
#include <unistd.h>
#include <zip.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <source_location>
#include <string>
#include <utility>
#include <vector>

#include "core/messages.hpp"

namespace minsheng::infra::sheets {
namespace {

// ---- helpers: zips built with libzip, minimal workbooks, error checks ----

struct Entry {
  std::string name;
  std::string data;
};

// A zip in memory; `level` 1..9 (0: libzip's default).
std::string make_zip(const std::vector<Entry>& entries, std::uint32_t level = 0) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &err);
  EXPECT_NE(out, nullptr);
  zip_t* za = zip_open_from_source(out, ZIP_TRUNCATE, &err);
  EXPECT_NE(za, nullptr);
  zip_source_keep(out);
  for (const auto& e : entries) {
    zip_source_t* s = zip_source_buffer_create(e.data.data(), e.data.size(), 0, &err);
    const zip_int64_t idx = zip_file_add(za, e.name.c_str(), s, ZIP_FL_OVERWRITE);
    EXPECT_GE(idx, 0);
    EXPECT_EQ(zip_set_file_compression(za, static_cast<zip_uint64_t>(idx), ZIP_CM_DEFLATE, level), 0);
  }
  EXPECT_EQ(zip_close(za), 0);
  std::string bytes;
  EXPECT_EQ(zip_source_open(out), 0);
  char buf[65536];
  for (zip_int64_t n; (n = zip_source_read(out, buf, sizeof buf)) > 0;)
    bytes.append(buf, static_cast<std::size_t>(n));
  zip_source_close(out);
  zip_source_free(out);
  zip_error_fini(&err);
  return bytes;
}

const char* const kContentTypes =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
    R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
    R"(<Default Extension="xml" ContentType="application/xml"/></Types>)";
const char* const kRootRels =
    R"(<?xml version="1.0" encoding="UTF-8"?>)"
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>)"
    R"(</Relationships>)";

std::string sheet_xml(const std::string& rows, const std::string& after = "") {
  return R"(<?xml version="1.0" encoding="UTF-8"?>)"
         R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)" +
         rows + "</sheetData>" + after + "</worksheet>";
}

std::string sst_xml(const std::string& items) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>)"
         R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)" +
         items + "</sst>";
}

// A minimal workbook: one sheet per entry of `sheets` (name, XML), a shared strings part when given.
std::vector<Entry> workbook_entries(const std::vector<std::pair<std::string, std::string>>& sheets,
                                    const std::string& shared = "", const std::string& hidden_second = "") {
  std::string wb =
      R"(<?xml version="1.0" encoding="UTF-8"?>)"
      R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
      R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>)";
  std::string rels =
      R"(<?xml version="1.0" encoding="UTF-8"?>)"
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)";
  std::vector<Entry> entries{{"[Content_Types].xml", kContentTypes}, {"_rels/.rels", kRootRels}};
  for (std::size_t i = 0; i < sheets.size(); ++i) {
    const std::string n = std::to_string(i + 1);
    wb += "<sheet name=\"" + sheets[i].first + "\" sheetId=\"" + n + "\" r:id=\"rId" + n + "\"" +
          (i == 1 ? hidden_second : "") + "/>";
    rels +=
        R"(<Relationship Id="rId)" + n +
        R"(" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet)" +
        n + ".xml\"/>";
    entries.push_back({"xl/worksheets/sheet" + n + ".xml", sheets[i].second});
  }
  if (!shared.empty()) {
    rels +=
        R"(<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>)";
    entries.push_back({"xl/sharedStrings.xml", shared});
  }
  wb += "</sheets></workbook>";
  rels += "</Relationships>";
  entries.push_back({"xl/workbook.xml", wb});
  entries.push_back({"xl/_rels/workbook.xml.rels", rels});
  return entries;
}

std::string one_sheet_xlsx(const std::string& rows, const std::string& shared = "",
                           const std::string& after = "") {
  return make_zip(workbook_entries({{"Sheet1", sheet_xml(rows, after)}}, shared));
}

std::string field_message(const Error& e) {
  return e.fields.empty() ? std::string() : e.fields[0].message;
}

template <typename T>
void expect_error(const Result<T>& r, ErrorCode code, std::string_view key,
                  std::initializer_list<std::pair<std::string_view, std::string>> args = {},
                  std::source_location where = std::source_location::current()) {
  SCOPED_TRACE(testing::Message() << "checked at line " << where.line());
  ASSERT_FALSE(r.ok()) << "expected " << key;
  EXPECT_EQ(r.error().code, code) << key;
  EXPECT_EQ(r.error().key, "error.invalid_field");
  ASSERT_EQ(r.error().fields.size(), 1u);
  EXPECT_EQ(r.error().fields[0].field, "file");
  EXPECT_EQ(field_message(r.error()), messages::format(key, args)) << key;
}

std::vector<std::string> cells(std::initializer_list<const char*> list) {
  return std::vector<std::string>(list.begin(), list.end());
}

std::string utf8_to_gb18030(const std::string& s) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1));
  std::string out(s.size() * 2 + 8, '\0');
  char* in = const_cast<char*>(s.data());
  std::size_t in_left = s.size();
  char* dst = out.data();
  std::size_t out_left = out.size();
  EXPECT_NE(iconv(cd, &in, &in_left, &dst, &out_left), static_cast<std::size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

// One entry of a zip in memory ("" when absent).
std::string zip_entry(const std::string& bytes, const char* name) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  zip_t* za = src != nullptr ? zip_open_from_source(src, ZIP_RDONLY, &err) : nullptr;
  zip_error_fini(&err);
  if (za == nullptr) {
    if (src != nullptr) zip_source_free(src);
    ADD_FAILURE() << "not a zip";
    return {};
  }
  std::string out;
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(za, name, 0, &st) == 0) {
    out.resize(st.size);
    zip_file_t* f = zip_fopen(za, name, 0);
    if (f != nullptr) {
      EXPECT_EQ(zip_fread(f, out.data(), out.size()), static_cast<zip_int64_t>(out.size()));
      zip_fclose(f);
    }
  }
  zip_close(za);
  return out;
}

// Sets the uncompressed size of `name` in its local header and its central directory entry.
void patch_uncompressed_size(std::string& zip, const std::string& name, std::uint32_t size) {
  auto put32 = [&](std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i)
      zip[at + static_cast<std::size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xff);
  };
  auto get16 = [&](std::size_t at) {
    return static_cast<std::size_t>(static_cast<std::uint8_t>(zip[at]) |
                                    (static_cast<std::uint8_t>(zip[at + 1]) << 8));
  };
  int patched = 0;
  for (std::size_t pos = zip.find("PK\x03\x04"); pos != std::string::npos;
       pos = zip.find("PK\x03\x04", pos + 4)) {
    if (pos + 30 <= zip.size() && zip.compare(pos + 30, name.size(), name) == 0 &&
        get16(pos + 26) == name.size()) {
      put32(pos + 22, size);
      ++patched;
      break;
    }
  }
  for (std::size_t pos = zip.find("PK\x01\x02"); pos != std::string::npos;
       pos = zip.find("PK\x01\x02", pos + 4)) {
    if (pos + 46 <= zip.size() && zip.compare(pos + 46, name.size(), name) == 0 &&
        get16(pos + 28) == name.size()) {
      put32(pos + 24, size);
      ++patched;
      break;
    }
  }
  ASSERT_EQ(patched, 2);
}

// ---- column names ----

TEST(Sheets, ColumnNamesAreExcelLetters) {
  EXPECT_EQ(column_name(0), "A");
  EXPECT_EQ(column_name(2), "C");
  EXPECT_EQ(column_name(25), "Z");
  EXPECT_EQ(column_name(26), "AA");
  EXPECT_EQ(column_name(51), "AZ");
  EXPECT_EQ(column_name(52), "BA");
  EXPECT_EQ(column_name(701), "ZZ");
  EXPECT_EQ(column_name(702), "AAA");
  EXPECT_EQ(column_name(16383), "XFD");
}

// ---- sniff ----

TEST(Sheets, SniffGoesByTheBytes) {
  EXPECT_EQ(sniff(""), Format::Unknown);
  EXPECT_EQ(sniff(std::string("PK\x03\x04", 4) + "rest"), Format::Xlsx);
  EXPECT_EQ(sniff(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(504, '\0')), Format::Xls);
  EXPECT_EQ(sniff("编号,名称\r\n001,改厕\r\n"), Format::Csv);
  EXPECT_EQ(sniff("\xEF\xBB\xBF"
                  "a,b\n"),
            Format::Csv);
  EXPECT_EQ(sniff(utf8_to_gb18030("项目名称,类别\r\n")), Format::Csv);
  EXPECT_EQ(sniff(std::string("a,b\0c", 5)), Format::Unknown);
  EXPECT_EQ(sniff("\x89PNG\r\n\x1a\n\xff\xff"), Format::Unknown);
}

// ---- XLSX written by us, read back ----

SheetSpec project_sheet() {
  SheetSpec s;
  s.name = "项目清单";
  s.columns = {
      Column{.header = "编号", .width = 12, .text = true, .comment = "如 2020-001，保留前导 0"},
      Column{.header = "项目名称", .width = 30, .wrap = true},
      Column{.header = "类别", .choices = {"工程类", "补助类", "服务类"}},
      Column{.header = "计划投资（万元）", .number_format = "0.00"},
      Column{.header = "数量"},
  };
  s.rows = {
      {std::string("0012"), std::string("农村改厕"), std::string("工程类"), 12.5, std::int64_t{1200}},
      {std::string("0345"), std::monostate{}, std::string("补助类"), std::monostate{}, std::int64_t{3}},
      {std::string("=1+1"), std::string("含,逗号\"引号\"\n换行"), std::string(""), 0.1, std::int64_t{-7}},
      {std::string("007"), std::string("  前后空格  "), std::string("服务类"), 1e15,
       std::int64_t{9007199254740993}},
  };
  s.highlight_rows = {1, 2};
  return s;
}

TEST(Sheets, XlsxRoundTripKeepsTextCodesNumbersAndGaps) {
  WorkbookSpec spec{{project_sheet()}};
  auto bytes = write_xlsx(spec);
  ASSERT_TRUE(bytes.ok()) << field_message(bytes.error());
  EXPECT_EQ(sniff(*bytes), Format::Xlsx);
  auto wb = read_xlsx(*bytes);
  ASSERT_TRUE(wb.ok()) << field_message(wb.error());
  ASSERT_EQ(wb->sheets.size(), 1u);
  const Sheet& s = wb->sheets[0];
  EXPECT_EQ(s.name, "项目清单");
  ASSERT_EQ(s.rows.size(), 5u);
  EXPECT_EQ(s.rows[0].number, 1);
  EXPECT_EQ(s.rows[0].cells, cells({"编号", "项目名称", "类别", "计划投资（万元）", "数量"}));
  EXPECT_EQ(s.rows[1].number, 2);
  EXPECT_EQ(s.rows[1].cells, cells({"0012", "农村改厕", "工程类", "12.5", "1200"}));
  EXPECT_EQ(s.rows[2].cells, cells({"0345", "", "补助类", "", "3"}));
  EXPECT_EQ(s.rows[3].cells,
            cells({"=1+1", "含,逗号\"引号\"\n换行", "", "0.1", "-7"}));  // a string, no formula
  EXPECT_EQ(s.rows[4].cells,
            cells({"007", "  前后空格  ", "服务类", "1000000000000000", "9007199254740993"}));
  EXPECT_EQ(s.rows[4].number, 5);
  // The same through read_any.
  auto any = read_any(*bytes);
  ASSERT_TRUE(any.ok());
  EXPECT_EQ(any->sheets[0].rows.size(), 5u);
}

TEST(Sheets, XlsxRowNumbersPlaceRowsWhereTheReportSays) {
  SheetSpec s;
  s.name = "错误报告";
  s.columns = {Column{.header = "编号", .text = true}, Column{.header = "错误"}};
  s.rows = {{std::string("001"), std::string("名称不能为空")}, {std::string("002"), std::string("类别有误")}};
  s.row_numbers = {3, 7};
  s.highlight_rows = {0, 1};
  auto bytes = write_xlsx(WorkbookSpec{{s}});
  ASSERT_TRUE(bytes.ok());
  auto wb = read_xlsx(*bytes);
  ASSERT_TRUE(wb.ok()) << field_message(wb.error());
  const auto& rows = wb->sheets[0].rows;
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].number, 1);
  EXPECT_EQ(rows[1].number, 3);
  EXPECT_EQ(rows[1].cells, cells({"001", "名称不能为空"}));
  EXPECT_EQ(rows[2].number, 7);
  EXPECT_EQ(rows[2].cells, cells({"002", "类别有误"}));
}

TEST(Sheets, XlsxPreambleLinesSitAboveTheHeader) {
  SheetSpec s;
  s.name = "信息报送情况统计表";
  s.preamble = {"关于2020年6月全镇民生工程信息报送情况的通报", "", "统计时段：2020年6月"};
  s.columns = {Column{.header = "单位", .width = 24}, Column{.header = "本期报送"},
               Column{.header = "编号", .text = true}};
  s.rows = {{std::string("财政所"), std::int64_t{3}, std::string("007")},
            {std::string("合计"), std::int64_t{3}}};
  s.bold_rows = {1};
  auto bytes = write_xlsx(WorkbookSpec{{s}});
  ASSERT_TRUE(bytes.ok()) << field_message(bytes.error());
  auto wb = read_xlsx(*bytes);  // refuses merged cells: the preamble is not merged
  ASSERT_TRUE(wb.ok()) << field_message(wb.error());
  const auto& rows = wb->sheets[0].rows;
  ASSERT_EQ(rows.size(), 5u);  // the empty preamble line is a wholly empty row, skipped
  EXPECT_EQ(rows[0].number, 1);
  EXPECT_EQ(rows[0].cells, cells({"关于2020年6月全镇民生工程信息报送情况的通报"}));
  EXPECT_EQ(rows[1].number, 3);
  EXPECT_EQ(rows[1].cells, cells({"统计时段：2020年6月"}));
  EXPECT_EQ(rows[2].number, 4);
  EXPECT_EQ(rows[2].cells, cells({"单位", "本期报送", "编号"}));
  EXPECT_EQ(rows[3].number, 5);
  EXPECT_EQ(rows[3].cells, cells({"财政所", "3", "007"}));
  EXPECT_EQ(rows[4].number, 6);
  EXPECT_EQ(rows[4].cells, cells({"合计", "3"}));

  // The frozen pane and the autofilter start under / at the header row.
  const std::string xml = zip_entry(*bytes, "xl/worksheets/sheet1.xml");
  EXPECT_NE(xml.find(R"(topLeftCell="A5")"), std::string::npos) << xml;
  EXPECT_NE(xml.find(R"(<autoFilter ref="A4:C6"/>)"), std::string::npos) << xml;
  EXPECT_EQ(xml.find("<mergeCells"), std::string::npos);

  // Row numbers must now lie below the header row (row 4).
  s.row_numbers = {4, 6};
  EXPECT_FALSE(write_xlsx(WorkbookSpec{{s}}).ok());
  s.row_numbers = {5, 9};
  auto moved = write_xlsx(WorkbookSpec{{s}});
  ASSERT_TRUE(moved.ok());
  auto wb2 = read_xlsx(*moved);
  ASSERT_TRUE(wb2.ok());
  EXPECT_EQ(wb2->sheets[0].rows.back().number, 9);
}

TEST(Sheets, XlsxWriterRefusesBadRowNumbers) {
  SheetSpec s;
  s.columns = {Column{.header = "a"}};
  s.rows = {{std::string("x")}, {std::string("y")}};
  for (const std::vector<int>& numbers :
       {std::vector<int>{3, 3}, std::vector<int>{1, 2}, std::vector<int>{2}}) {
    s.row_numbers = numbers;
    auto r = write_xlsx(WorkbookSpec{{s}});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(field_message(r.error()), messages::text("sheet.write_failed"));
  }
}

TEST(Sheets, XlsxSheetNamesAreMadeValidAndUnique) {
  SheetSpec a;
  a.name = "a/b:c[1]?";
  a.columns = {Column{.header = "x"}};
  SheetSpec b = a;
  SheetSpec c;
  c.name = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三";  // 33 characters
  c.columns = {Column{.header = "y"}};
  SheetSpec d;
  d.columns = {Column{.header = "z"}};
  auto bytes = write_xlsx(WorkbookSpec{{a, b, c, d}});
  ASSERT_TRUE(bytes.ok());
  auto wb = read_xlsx(*bytes);
  ASSERT_TRUE(wb.ok());
  ASSERT_EQ(wb->sheets.size(), 4u);
  EXPECT_EQ(wb->sheets[0].name, "a_b_c_1__");
  EXPECT_EQ(wb->sheets[1].name, "a_b_c_1__(2)");
  EXPECT_EQ(wb->sheets[2].name, "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一");
  EXPECT_EQ(wb->sheets[3].name, "Sheet4");
}

TEST(Sheets, XlsxLongDropDownListsGoToAHiddenSheet) {
  SheetSpec s;
  s.name = "项目";
  std::vector<std::string> units;
  for (int i = 0; i < 40; ++i)
    units.push_back("民生镇第" + std::to_string(i) + "村民委员会");
  s.columns = {Column{.header = "牵头单位", .choices = units}, Column{.header = "名称"}};
  s.rows = {{std::string("民生镇第3村民委员会"), std::string("改厕")}};
  auto bytes = write_xlsx(WorkbookSpec{{s}});
  ASSERT_TRUE(bytes.ok());
  auto wb = read_xlsx(*bytes);
  ASSERT_TRUE(wb.ok());
  ASSERT_EQ(wb->sheets.size(), 2u);  // hidden sheets are read too
  EXPECT_EQ(wb->sheets[0].name, "项目");
  EXPECT_EQ(wb->sheets[1].name, "_lists");
  ASSERT_EQ(wb->sheets[1].rows.size(), 40u);
  EXPECT_EQ(wb->sheets[1].rows[39].cells, cells({"民生镇第39村民委员会"}));
}

// Chinese choices under 255 characters but over 255 bytes overflowed libxlsxwriter 1.1.4's list buffer (an
// abort): they go to the hidden sheet; short lists stay inline.
TEST(Sheets, XlsxChineseDropDownsOverTwoHundredFiftyFiveBytes) {
  SheetSpec s;
  s.name = "项目";
  std::vector<std::string> twenty(20, "数据列表项");  // 119 characters, 319 bytes
  for (std::size_t i = 0; i < twenty.size(); ++i)
    twenty[i] += std::to_string(i % 10);
  s.columns = {Column{.header = "类别", .choices = {"工程类", "补助类", "服务类"}},
               Column{.header = "单位", .choices = twenty}};
  auto bytes = write_xlsx(WorkbookSpec{{s}});
  ASSERT_TRUE(bytes.ok());
  auto wb = read_xlsx(*bytes);
  ASSERT_TRUE(wb.ok());
  ASSERT_EQ(wb->sheets.size(), 2u);
  EXPECT_EQ(wb->sheets[1].name, "_lists");
  ASSERT_EQ(wb->sheets[1].rows.size(), 20u);  // only the long list is there
  EXPECT_EQ(wb->sheets[1].rows[0].cells, cells({"数据列表项0"}));
}

TEST(Sheets, XlsxControlCharactersSurviveTheRoundTrip) {
  SheetSpec s;
  s.columns = {Column{.header = "a"}, Column{.header = "b"}};
  s.rows = {{std::string("tab\there"), std::string("bell\x07"
                                                   "and _x0041_ literal")}};
  auto bytes = write_xlsx(WorkbookSpec{{s}});
  ASSERT_TRUE(bytes.ok());
  auto wb = read_xlsx(*bytes);
  ASSERT_TRUE(wb.ok());
  EXPECT_EQ(wb->sheets[0].rows[1].cells[0], "tab\there");
  EXPECT_EQ(wb->sheets[0].rows[1].cells[1],
            "bell\x07"
            "and _x0041_ literal");
}

// A third-party reader (openpyxl) opens what we write and sees the text format and the drop-down.
TEST(Sheets, XlsxOpensInOpenpyxl) {
  std::string python;
  for (const char* candidate : {"/usr/bin/python3", "python3"}) {
    const std::string probe = std::string(candidate) + " -c 'import openpyxl' >/dev/null 2>&1";
    if (std::system(probe.c_str()) == 0) {
      python = candidate;
      break;
    }
  }
  ASSERT_FALSE(python.empty()) << "python3 with openpyxl (python3-openpyxl) is needed for this test";

  SheetSpec s = project_sheet();
  SheetSpec report;
  report.name = "长列表";
  std::vector<std::string> many;
  for (int i = 0; i < 60; ++i)
    many.push_back("选项" + std::to_string(i) + "号");
  report.columns = {Column{.header = "单位", .choices = many}};
  auto bytes = write_xlsx(WorkbookSpec{{s, report}});
  ASSERT_TRUE(bytes.ok());

  const auto dir =
      std::filesystem::temp_directory_path() / ("minsheng-sheets-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto book = dir / "book.xlsx";
  const auto script = dir / "check.py";
  std::ofstream(book, std::ios::binary) << *bytes;
  std::ofstream(script) << R"PY(
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ['项目清单', '长列表', '_lists'], wb.sheetnames
ws = wb['项目清单']
assert ws['A1'].value == '编号', ws['A1'].value
assert ws['A1'].font.b, 'header not bold'
assert ws['A1'].fill.fgColor.rgb.endswith('D9D9D9'), ws['A1'].fill.fgColor.rgb
assert ws['A1'].comment is not None and '前导' in ws['A1'].comment.text, ws['A1'].comment
assert ws['B3'].fill.fgColor.rgb.endswith('FFC7CE'), ws['B3'].fill.fgColor.rgb  # highlighted, even empty
assert ws['A3'].number_format == '@' and ws['A3'].fill.fgColor.rgb.endswith('FFC7CE')
assert ws['B2'].alignment.wrap_text, 'wrap'
assert ws.column_dimensions['B'].width >= 30, ws.column_dimensions['B'].width
assert ws['A2'].value == '0012', repr(ws['A2'].value)
assert ws['A2'].number_format == '@', ws['A2'].number_format
assert ws['A30'].number_format == '@', ws['A30'].number_format
assert ws['D2'].value == 12.5 and ws['D2'].number_format == '0.00', (ws['D2'].value, ws['D2'].number_format)
assert ws['E2'].value == 1200, repr(ws['E2'].value)
assert ws.freeze_panes == 'A2', ws.freeze_panes
assert ws.auto_filter.ref, 'no autofilter'
dvs = ws.data_validations.dataValidation
lists = [dv for dv in dvs if dv.type == 'list']
assert lists, 'no data validation'
assert any(dv.formula1 == '"工程类,补助类,服务类"' and 'C2:C1001' in str(dv.sqref) for dv in lists), \
    [(dv.formula1, str(dv.sqref)) for dv in lists]
assert wb['_lists'].sheet_state == 'hidden', wb['_lists'].sheet_state
long = [dv for dv in wb['长列表'].data_validations.dataValidation if dv.type == 'list']
assert long and long[0].formula1 == "'_lists'!$A$1:$A$60", [dv.formula1 for dv in long]
assert 'A2:A1001' in str(long[0].sqref), str(long[0].sqref)
print('openpyxl ok')
)PY";
  const std::string cmd = python + " " + script.string() + " " + book.string();
  const int rc = std::system(cmd.c_str());
  std::filesystem::remove_all(dir);
  EXPECT_EQ(rc, 0) << cmd;
}

// ---- hand-made XLSX ----

TEST(Sheets, XlsxReadsSharedStringsRichTextInlineStringsAndTypes) {
  const std::string shared = sst_xml(
      "<si><t>编号</t></si>"
      "<si><r><rPr><b/></rPr><t>农村</t></r><r><t xml:space=\"preserve\">改厕 </t></r>"
      "<rPh sb=\"0\" eb=\"1\"><t>NONG</t></rPh></si>"
      "<si><t>line_x000D_break</t></si>");
  const std::string rows =
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" "
      "t=\"inlineStr\"><is><t>内联</t></is></c></row>"
      "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>1</v></c><c r=\"B3\"><v>1200.0</v></c><c r=\"C3\"><v>12.5</v></c>"
      "<c r=\"D3\" t=\"b\"><v>1</v></c><c r=\"E3\" t=\"b\"><v>0</v></c><c r=\"F3\" t=\"e\"><v>#N/A</v></c>"
      "<c r=\"G3\" t=\"inlineStr\"><is><r><t>富</t></r><r><t>文本</t></r></is></c>"
      "<c r=\"H3\"><v>1.5E3</v></c><c r=\"I3\" t=\"s\"><v>2</v></c></row>"
      "<row><c t=\"inlineStr\"><is><t>无 r 的行</t></is></c><c><v>7</v></c></row>"  // row 4, cells A, B
      "<row r=\"6\"><c r=\"A6\" s=\"1\"/><c r=\"B6\" t=\"inlineStr\"><is><t></t></is></c></row>";  // empty
  auto wb = read_xlsx(one_sheet_xlsx(rows, shared));
  ASSERT_TRUE(wb.ok()) << field_message(wb.error());
  const auto& r = wb->sheets[0].rows;
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].number, 1);
  EXPECT_EQ(r[0].cells, cells({"编号", "", "内联"}));
  EXPECT_EQ(r[1].number, 3);
  EXPECT_EQ(r[1].cells,
            cells({"农村改厕 ", "1200", "12.5", "TRUE", "FALSE", "#N/A", "富文本", "1500", "line\rbreak"}));
  EXPECT_EQ(r[2].number, 4);
  EXPECT_EQ(r[2].cells, cells({"无 r 的行", "7"}));
}

TEST(Sheets, XlsxReadsPrefixedElementsAndKeepsSheetOrderWithHiddenSheets) {
  const std::string prefixed =
      R"(<?xml version="1.0" encoding="UTF-8"?>)"
      R"(<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>)"
      R"(<x:row r="2"><x:c r="B2"><x:v>42</x:v></x:c></x:row></x:sheetData></x:worksheet>)";
  auto entries = workbook_entries(
      {{"第二", sheet_xml("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>")}, {"隐藏", prefixed}}, "",
      " state=\"hidden\"");
  auto wb = read_xlsx(make_zip(entries));
  ASSERT_TRUE(wb.ok()) << field_message(wb.error());
  ASSERT_EQ(wb->sheets.size(), 2u);
  EXPECT_EQ(wb->sheets[0].name, "第二");
  EXPECT_EQ(wb->sheets[1].name, "隐藏");
  ASSERT_EQ(wb->sheets[1].rows.size(), 1u);
  EXPECT_EQ(wb->sheets[1].rows[0].number, 2);
  EXPECT_EQ(wb->sheets[1].rows[0].cells, cells({"", "42"}));
}

TEST(Sheets, XlsxRefusesFormulasNamingTheCell) {
  const std::string rows =
      "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"
      "<row r=\"12\"><c r=\"A12\"><v>1</v></c><c r=\"C12\"><f>SUM(A1:A11)</f><v>3</v></c></row>";
  const std::string xlsx = one_sheet_xlsx(rows);
  expect_error(read_xlsx(xlsx), ErrorCode::Unprocessable, "sheet.formula", {{"row", "12"}, {"col", "C"}});
  ReadLimits allow;
  allow.refuse_formulas = false;
  auto wb = read_xlsx(xlsx, allow);
  ASSERT_TRUE(wb.ok());
  EXPECT_EQ(wb->sheets[0].rows[1].cells, cells({"1", "", "3"}));  // the cached value
}

TEST(Sheets, XlsxRefusesMergedCellsNamingTheFirstRange) {
  const std::string xlsx =
      one_sheet_xlsx("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>标题</t></is></c></row>", "",
                     "<mergeCells count=\"2\"><mergeCell ref=\"A1:B2\"/>"
                     "<mergeCell ref=\"D4:E4\"/></mergeCells>");
  expect_error(read_xlsx(xlsx), ErrorCode::Unprocessable, "sheet.merged", {{"range", "A1:B2"}});
  ReadLimits allow;
  allow.refuse_merged = false;
  EXPECT_TRUE(read_xlsx(xlsx, allow).ok());
}

TEST(Sheets, XlsxRefusesDoctypeAndEntities) {
  const std::string bomb =
      R"(<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">)"
      R"(<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">)"
      R"(<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>)"
      R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)"
      R"(<row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>)";
  expect_error(read_xlsx(make_zip(workbook_entries({{"S", bomb}}))), ErrorCode::Unprocessable,
               "sheet.corrupt");
  const std::string xxe =
      R"(<?xml version="1.0"?><!DOCTYPE sst SYSTEM "file:///etc/passwd">)"
      R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>x</t></si></sst>)";
  expect_error(read_xlsx(one_sheet_xlsx("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>", xxe)),
               ErrorCode::Unprocessable, "sheet.corrupt");
  // An undeclared entity is not well-formed XML either.
  expect_error(
      read_xlsx(one_sheet_xlsx("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&foo;</t></is></c></row>")),
      ErrorCode::Unprocessable, "sheet.corrupt");
}

TEST(Sheets, XlsxWithoutSharedStrings) {
  // Inline strings and numbers only: fine without the part.
  auto wb =
      read_xlsx(one_sheet_xlsx("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a</t></is></c>"
                               "<c r=\"B1\"><v>2</v></c></row>"));
  ASSERT_TRUE(wb.ok());
  EXPECT_EQ(wb->sheets[0].rows[0].cells, cells({"a", "2"}));
  // A shared-string cell with no part (or an index past its end) is corrupt.
  expect_error(read_xlsx(one_sheet_xlsx("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>")),
               ErrorCode::Unprocessable, "sheet.corrupt");
  expect_error(read_xlsx(one_sheet_xlsx("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>5</v></c></row>",
                                        sst_xml("<si><t>x</t></si>"))),
               ErrorCode::Unprocessable, "sheet.corrupt");
}

TEST(Sheets, XlsxNotAZipOrNotAWorkbook) {
  expect_error(read_xlsx(std::string("PK\x03\x04", 4) + std::string(200, 'x')), ErrorCode::Unprocessable,
               "sheet.corrupt");
  expect_error(read_any(std::string("PK\x03\x04", 4) + std::string(200, 'x')), ErrorCode::Unprocessable,
               "sheet.corrupt");
  // A zip that is no workbook (a .docx, say).
  expect_error(read_any(make_zip({{"word/document.xml", "<w:document/>"}})), ErrorCode::UnsupportedMediaType,
               "sheet.not_spreadsheet");
  // Broken XML in a sheet.
  expect_error(read_xlsx(make_zip(workbook_entries({{"S", "<worksheet><sheetData><row>"}}))),
               ErrorCode::Unprocessable, "sheet.corrupt");
  // A workbook whose sheets hold nothing.
  expect_error(read_xlsx(one_sheet_xlsx("")), ErrorCode::Unprocessable, "sheet.empty");
}

TEST(Sheets, XlsxTooManyRowsColumnsAndLongCells) {
  std::string rows;
  rows.reserve(100'000 * 48);
  for (int i = 1; i <= 100'000; ++i) {
    const std::string n = std::to_string(i);
    rows += "<row r=\"" + n + "\"><c r=\"A" + n + "\"><v>" + n + "</v></c></row>";
  }
  expect_error(read_xlsx(one_sheet_xlsx(rows)), ErrorCode::ContentTooLarge, "sheet.too_many_rows",
               {{"max", "10000"}});

  // The header and max_rows data rows are fine; one more is not.
  ReadLimits small;
  small.max_rows = 3;
  std::string four;
  for (int i = 1; i <= 4; ++i)
    four += "<row><c><v>" + std::to_string(i) + "</v></c></row>";
  EXPECT_TRUE(read_xlsx(one_sheet_xlsx(four), small).ok());
  expect_error(read_xlsx(one_sheet_xlsx(four + "<row><c><v>5</v></c></row>"), small),
               ErrorCode::ContentTooLarge, "sheet.too_many_rows", {{"max", "3"}});

  // Column CX is the 102nd.
  expect_error(
      read_xlsx(one_sheet_xlsx("<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"CX1\"><v>2</v></c></row>")),
      ErrorCode::Unprocessable, "sheet.too_many_columns", {{"max", "100"}});
  // Empty cells far out are no columns.
  EXPECT_TRUE(
      read_xlsx(one_sheet_xlsx("<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"XFD1\" s=\"2\"/></row>")).ok());

  const std::string long_text(40'000, 'x');
  expect_error(read_xlsx(one_sheet_xlsx("<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>" + long_text +
                                        "</t></is></c></row>")),
               ErrorCode::Unprocessable, "sheet.cell_too_long",
               {{"row", "2"}, {"col", "B"}, {"max", "32767"}});
  ReadLimits tiny;
  tiny.max_cell_chars = 3;
  expect_error(
      read_xlsx(one_sheet_xlsx("<row r=\"4\"><c r=\"C4\" t=\"inlineStr\"><is><t>民生工程</t></is></c></row>"),
                tiny),
      ErrorCode::Unprocessable, "sheet.cell_too_long", {{"row", "4"}, {"col", "C"}, {"max", "3"}});
  EXPECT_TRUE(
      read_xlsx(one_sheet_xlsx("<row r=\"4\"><c r=\"C4\" t=\"inlineStr\"><is><t>民生镇</t></is></c></row>"),
                tiny)
          .ok());
}

TEST(Sheets, XlsxZipBombs) {
  // ~200 MB as the sheet (well-formed: blanks inside sheetData, so only the sizes can stop it): its declared
  // size is over the limit before anything is inflated.
  auto entries = workbook_entries({{"S", sheet_xml("")}});
  for (auto& e : entries) {
    if (e.name == "xl/worksheets/sheet1.xml") e.data = sheet_xml(std::string(200u << 20, ' '));
  }
  std::string bomb = make_zip(entries, 1);
  ASSERT_LT(bomb.size(), 2u << 20);
  expect_error(read_xlsx(bomb), ErrorCode::ContentTooLarge, "sheet.too_large");
  expect_error(read_any(bomb), ErrorCode::ContentTooLarge, "sheet.too_large");

  // The same zip with a lying local header and central directory (1000 bytes): the bytes really inflated
  // are counted and the read stops.
  std::string liar = bomb;
  patch_uncompressed_size(liar, "xl/worksheets/sheet1.xml", 1000);
  expect_error(read_xlsx(liar), ErrorCode::ContentTooLarge, "sheet.too_large");
  // Lying with a size under the total limit and a plausible ratio: still caught while reading.
  std::string liar2 = bomb;
  patch_uncompressed_size(liar2, "xl/worksheets/sheet1.xml", 8u << 20);
  expect_error(read_xlsx(liar2), ErrorCode::ContentTooLarge, "sheet.too_large");

  // An honest 2 MB entry that compresses more than 100:1.
  for (auto& e : entries) {
    if (e.name == "xl/worksheets/sheet1.xml") e.data = sheet_xml(std::string(2u << 20, ' '));
  }
  expect_error(read_xlsx(make_zip(entries, 9)), ErrorCode::ContentTooLarge, "sheet.too_large");
}

TEST(Sheets, XlsxTooManyEntries) {
  auto entries = workbook_entries({{"S", sheet_xml("<row><c><v>1</v></c></row>")}});
  for (int i = 0; i < 1000; ++i)
    entries.push_back({"xl/media/pad" + std::to_string(i) + ".bin", "x"});
  expect_error(read_xlsx(make_zip(entries)), ErrorCode::ContentTooLarge, "sheet.too_large");
}

TEST(Sheets, LegacyAndEncryptedOleFiles) {
  std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  ole += std::string(1024, '\0');
  expect_error(read_any(ole), ErrorCode::UnsupportedMediaType, "sheet.xls_legacy");
  std::string encrypted = ole;
  for (char c : std::string("EncryptedPackage")) {
    encrypted += c;
    encrypted += '\0';
  }
  encrypted += std::string(64, '\0');
  expect_error(read_any(encrypted), ErrorCode::Unprocessable, "sheet.encrypted");
}

TEST(Sheets, ReadAnyRefusesEmptyAndJunk) {
  expect_error(read_any(""), ErrorCode::Unprocessable, "sheet.empty");
  const std::string junk(
      "\x7f"
      "ELF\x02\x01\x01\x00\x00\x00\xff\xfe\x80\x81",
      14);
  expect_error(read_any(junk), ErrorCode::UnsupportedMediaType, "sheet.not_spreadsheet");
  expect_error(read_any("\xff\xfe\x80 not text"), ErrorCode::UnsupportedMediaType, "sheet.not_spreadsheet");
}

// ---- CSV ----

TEST(Sheets, CsvUtf8WithAndWithoutBom) {
  for (const std::string prefix : {"", "\xEF\xBB\xBF"}) {
    auto s = read_csv(prefix + "编号,项目名称,计划投资\r\n001,农村改厕,12.50\r\n");
    ASSERT_TRUE(s.ok());
    ASSERT_EQ(s->rows.size(), 2u);
    EXPECT_EQ(s->rows[0].cells, cells({"编号", "项目名称", "计划投资"}));
    EXPECT_EQ(s->rows[1].number, 2);
    EXPECT_EQ(s->rows[1].cells, cells({"001", "农村改厕", "12.50"}));  // text as written
  }
  auto wb = read_any(
      "\xEF\xBB\xBF"
      "a,b\n1,2\n");
  ASSERT_TRUE(wb.ok());
  ASSERT_EQ(wb->sheets.size(), 1u);
  EXPECT_EQ(wb->sheets[0].name, "CSV");
}

TEST(Sheets, CsvGb18030) {
  const std::string gb = utf8_to_gb18030("项目名称,类别\r\n农村改厕,工程类\r\n");
  ASSERT_NE(gb, "项目名称,类别\r\n农村改厕,工程类\r\n");
  auto s = read_csv(gb);
  ASSERT_TRUE(s.ok()) << field_message(s.error());
  ASSERT_EQ(s->rows.size(), 2u);
  EXPECT_EQ(s->rows[0].cells, cells({"项目名称", "类别"}));
  EXPECT_EQ(s->rows[1].cells, cells({"农村改厕", "工程类"}));
  auto wb = read_any(gb);
  ASSERT_TRUE(wb.ok());
  EXPECT_EQ(wb->sheets[0].rows[1].cells[1], "工程类");
}

TEST(Sheets, CsvQuotesAndRowNumbersAsExcelShowsThem) {
  const std::string csv =
      "名称,说明,备注\r\n"
      "\"改厕,二期\",\"第一行\r\n第二行\",\"他说\"\"好\"\"\"\r\n"
      "\r\n"
      ",,\r\n"
      "末行,\"\",x\"y\r\n";
  auto s = read_csv(csv);
  ASSERT_TRUE(s.ok()) << field_message(s.error());
  ASSERT_EQ(s->rows.size(), 3u);
  EXPECT_EQ(s->rows[1].number, 2);
  EXPECT_EQ(s->rows[1].cells, cells({"改厕,二期", "第一行\n第二行", "他说\"好\""}));
  EXPECT_EQ(s->rows[2].number,
            5);  // one row per record (a quoted line break stays in its row); two empty rows skipped
  EXPECT_EQ(s->rows[2].cells, cells({"末行", "", "x\"y"}));
}

TEST(Sheets, CsvLineEndingsAndTrailingCells) {
  for (const std::string eol : {"\n", "\r", "\r\n"}) {
    auto s = read_csv("a,b,,\n" + std::string("1,,3") + eol + "4" + eol + eol + "5,6");
    ASSERT_TRUE(s.ok());
    ASSERT_EQ(s->rows.size(), 4u);
    EXPECT_EQ(s->rows[0].cells, cells({"a", "b"}));  // trailing empty cells dropped
    EXPECT_EQ(s->rows[1].cells, cells({"1", "", "3"}));
    EXPECT_EQ(s->rows[2].cells, cells({"4"}));
    EXPECT_EQ(s->rows[3].number, 5);  // no final line break needed
    EXPECT_EQ(s->rows[3].cells, cells({"5", "6"}));
  }
}

TEST(Sheets, CsvUnclosedQuoteNamesTheRow) {
  expect_error(read_csv("a,b\n1,2\n3,\"open\n4,5\n"), ErrorCode::Unprocessable, "sheet.csv_quote",
               {{"row", "3"}});
}

TEST(Sheets, CsvSeparators) {
  auto semi = read_csv("编号;名称;金额\n001;改厕;1,5\n");
  ASSERT_TRUE(semi.ok());
  EXPECT_EQ(semi->rows[0].cells, cells({"编号", "名称", "金额"}));
  EXPECT_EQ(semi->rows[1].cells, cells({"001", "改厕", "1,5"}));
  auto tab = read_csv("a\tb\n1\t2\n");
  ASSERT_TRUE(tab.ok());
  EXPECT_EQ(tab->rows[1].cells, cells({"1", "2"}));
  auto comma = read_csv("a,b;c\n1,2;3\n");  // commas win
  ASSERT_TRUE(comma.ok());
  EXPECT_EQ(comma->rows[1].cells, cells({"1", "2;3"}));
  auto quoted = read_csv("\"a;b\",c\n1,2\n");  // a separator inside quotes does not count
  ASSERT_TRUE(quoted.ok());
  EXPECT_EQ(quoted->rows[0].cells, cells({"a;b", "c"}));
}

TEST(Sheets, CsvEmptyBinaryAndBadEncoding) {
  expect_error(read_csv(""), ErrorCode::Unprocessable, "sheet.empty");
  expect_error(read_csv("\xEF\xBB\xBF"), ErrorCode::Unprocessable, "sheet.empty");
  expect_error(read_csv("\r\n,,\r\n"), ErrorCode::Unprocessable, "sheet.empty");
  expect_error(read_csv(std::string("a,b\0\x01\x02", 6)), ErrorCode::Unprocessable, "sheet.encoding");
  expect_error(read_csv("a,b\n\xff\xfe\n"), ErrorCode::Unprocessable, "sheet.encoding");
  expect_error(read_csv("\xEF\xBB\xBF"
                        "a,\xC5\xA9\xB4\xE5"),
               ErrorCode::Unprocessable, "sheet.encoding");  // BOM, then GBK
}

TEST(Sheets, CsvLimits) {
  std::string many = "编号\n";
  for (int i = 0; i < 100'000; ++i)
    many += std::to_string(i) + "\n";
  expect_error(read_csv(many), ErrorCode::ContentTooLarge, "sheet.too_many_rows", {{"max", "10000"}});
  ReadLimits small;
  small.max_rows = 2;
  EXPECT_TRUE(read_csv("h\n1\n2\n", small).ok());
  expect_error(read_csv("h\n1\n2\n3\n", small), ErrorCode::ContentTooLarge, "sheet.too_many_rows",
               {{"max", "2"}});

  std::string wide;
  for (int i = 0; i < 101; ++i)
    wide += "c" + std::to_string(i) + ",";
  expect_error(read_csv(wide + "\n"), ErrorCode::Unprocessable, "sheet.too_many_columns", {{"max", "100"}});
  EXPECT_TRUE(read_csv("a" + std::string(5000, ',') + "\n").ok());  // empty cells are no columns

  expect_error(read_csv("a,b\n1,\"" + std::string(40'000, 'x') + "\"\n"), ErrorCode::Unprocessable,
               "sheet.cell_too_long", {{"row", "2"}, {"col", "B"}, {"max", "32767"}});
  ReadLimits bytes;
  bytes.max_uncompressed = 10;
  expect_error(read_csv("0123456789a", bytes), ErrorCode::ContentTooLarge, "sheet.too_large");
}

// ---- write_csv ----

TEST(Sheets, WriteCsvBomQuotingAndFormulaGuard) {
  SheetSpec s;
  s.columns = {Column{.header = "编号"}, Column{.header = "名称"}, Column{.header = "金额"},
               Column{.header = "n"}};
  s.rows = {
      {std::string("001"), std::string("改厕,二期"), 12.5, std::int64_t{-5}},
      {std::string("=HYPERLINK(\"x\")"), std::string("他说\"好\"\n换行"), 0.000001, std::monostate{}},
      {std::string("+cmd|' /C calc'!A0"), std::string("-5"), 1e20, std::int64_t{0}},
      {std::string("@SUM(A1)"), std::string("\tx")},
  };
  const std::string csv = write_csv(s);
  EXPECT_EQ(csv,
            "\xEF\xBB\xBF"
            "编号,名称,金额,n\r\n"
            "001,\"改厕,二期\",12.5,-5\r\n"
            "\"'=HYPERLINK(\"\"x\"\")\",\"他说\"\"好\"\"\n换行\",0.000001,\r\n"
            "'+cmd|' /C calc'!A0,'-5,100000000000000000000,0\r\n"
            "'@SUM(A1),'\tx,,\r\n");
  // And it reads back.
  auto back = read_csv(csv);
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->rows.size(), 5u);
  EXPECT_EQ(back->rows[1].cells, cells({"001", "改厕,二期", "12.5", "-5"}));
  EXPECT_EQ(back->rows[2].cells, cells({"'=HYPERLINK(\"x\")", "他说\"好\"\n换行", "0.000001"}));
  EXPECT_EQ(back->rows[3].number, 4);  // the line break inside row 3's cell does not shift the numbering
}

}  // namespace
}  // namespace minsheng::infra::sheets
