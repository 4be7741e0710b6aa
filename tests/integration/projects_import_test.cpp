// The catalogue as a spreadsheet (issue 4) through the API: the import template, imports from CSV (UTF-8 with
// and without BOM, GB18030) and XLSX, all-or-nothing validation with problems at the row numbers Excel shows,
// the error report, hostile files, the exports and their round trip, and the time a 1,000-row import takes.
// Every file is made in the test: CSVs as text (GB18030 with iconv), workbooks with infra::sheets::write_xlsx
// or, for what the writer never makes (formulas, merged cells, zip bombs), by hand with libzip.
#include <gtest/gtest.h>
#include <iconv.h>
#include <zip.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <random>
#include <set>

#include "infra/sheets/sheets.hpp"
#include "integration/files_support.hpp"
#include "integration/projects_support.hpp"
#include "support/hang_guard.hpp"

namespace minsheng::testing {
namespace {

namespace json = boost::json;
namespace sheets = infra::sheets;

constexpr const char* kBoundary = "----MinshengImportBoundary3b7e";
constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

using Cells = std::vector<std::string>;

const Cells& headers() {
  static const Cells h = {"编号",     "项目名称",         "类别",     "牵头单位", "配合单位",
                          "年度变化", "计划投资（万元）", "受益人数", "建设地点", "纬度",
                          "经度",     "坐标系",           "目标任务", "政策内容", "通俗解读"};
  return h;
}

// One catalogue row, every column filled by default.
struct Row {
  std::string code;
  std::string name = "农村改厕及废弃物资源化利用";
  std::string category = "工程类";
  std::string lead = "社保所";
  std::string coop = "甲村、乙村";
  std::string flag = "新增";
  std::string funds = "125.5";
  std::string beneficiaries = "1200";
  std::string address = "民生镇各村";
  std::string lat = "31.86";
  std::string lng = "117.28";
  std::string system = "CGCS2000";
  std::string targets = "农村户厕改造：1200户；资源化利用站：2个";
  std::string policy = "对完成改厕的农户每户补助 500 元，先建后补。";
  std::string plain = "改好厕所，每户领 500 元。";
  Cells cells() const {
    return {code,    name, category, lead,   coop,    flag,   funds, beneficiaries,
            address, lat,  lng,      system, targets, policy, plain};
  }
};

Row row(const std::string& code) {
  Row r;
  r.code = code;
  return r;
}

std::string csv_field(const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_line(const Cells& cells) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i)
    line += (i ? "," : "") + csv_field(cells[i]);
  return line + "\r\n";
}

// The header line, then the rows (as cells; an empty vector is a blank line).
std::string csv_of(const std::vector<Cells>& rows, bool bom = true) {
  std::string out = bom ? std::string(kBom) : "";
  out += csv_line(headers());
  for (const auto& r : rows)
    out += r.empty() ? "\r\n" : csv_line(r);
  return out;
}

std::string csv_of(const std::vector<Row>& rows, bool bom = true) {
  std::vector<Cells> cells;
  for (const auto& r : rows)
    cells.push_back(r.cells());
  return csv_of(cells, bom);
}

std::string utf8_to_gb18030(const std::string& s) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1));
  std::string out(s.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(s.data());
  std::size_t in_left = s.size();
  char* dst = out.data();
  std::size_t out_left = out.size();
  EXPECT_NE(iconv(cd, &in, &in_left, &dst, &out_left), static_cast<std::size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

// A workbook made by the product's writer: the template's 15 columns (编号 as text), `rows` under them.
std::string xlsx_of(const std::vector<std::vector<sheets::CellValue>>& rows,
                    const std::string& sheet = "项目清单") {
  sheets::SheetSpec spec;
  spec.name = sheet;
  for (const auto& h : headers())
    spec.columns.push_back(sheets::Column{.header = h, .text = h == "编号"});
  spec.rows = rows;
  spec.validation_rows = 0;
  auto bytes = sheets::write_xlsx(sheets::WorkbookSpec{{std::move(spec)}});
  EXPECT_TRUE(bytes.ok());
  return bytes.ok() ? bytes.value() : std::string();
}

std::vector<sheets::CellValue> values(const Row& r) {
  std::vector<sheets::CellValue> out;
  for (const auto& c : r.cells())
    out.emplace_back(c);
  return out;
}

// ---- hand-made workbooks (libzip) ----

std::string make_zip(const std::vector<std::pair<std::string, std::string>>& entries,
                     std::uint32_t level = 0) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_t* za = zip_open_from_source(out, ZIP_TRUNCATE, &err);
  EXPECT_NE(za, nullptr);
  zip_source_keep(out);
  for (const auto& [name, data] : entries) {
    zip_source_t* s = zip_source_buffer_create(data.data(), data.size(), 0, &err);
    const zip_int64_t idx = zip_file_add(za, name.c_str(), s, ZIP_FL_OVERWRITE);
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

// One entry of a zip ("" when missing).
std::string zip_entry(const std::string& zip, const std::string& name) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(zip.data(), zip.size(), 0, &err);
  zip_t* za = zip_open_from_source(src, ZIP_RDONLY, &err);
  std::string out;
  if (!za) {
    zip_source_free(src);
    return out;
  }
  if (zip_file_t* f = zip_fopen(za, name.c_str(), 0)) {
    char buf[65536];
    for (zip_int64_t n; (n = zip_fread(f, buf, sizeof buf)) > 0;)
      out.append(buf, static_cast<std::size_t>(n));
    zip_fclose(f);
  }
  zip_close(za);
  zip_error_fini(&err);
  return out;
}

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else
      out += c;
  }
  return out;
}

// A <row> of inline strings (cells given by column index; `extra` is raw XML appended, e.g. a formula cell).
std::string xml_row(int r, const Cells& cells, const std::string& extra = "") {
  std::string x = "<row r=\"" + std::to_string(r) + "\">";
  for (std::size_t c = 0; c < cells.size(); ++c) {
    if (cells[c].empty()) continue;
    x += "<c r=\"" + sheets::column_name(c) + std::to_string(r) + "\" t=\"inlineStr\"><is><t>" +
         xml_escape(cells[c]) + "</t></is></c>";
  }
  return x + extra + "</row>";
}

// A minimal workbook with one sheet named 项目清单: `sheet_data` inside <sheetData>, `after` after it.
std::string hand_xlsx(const std::string& sheet_data, const std::string& after = "", std::uint32_t level = 0) {
  const std::string sheet =
      R"(<?xml version="1.0" encoding="UTF-8"?>)"
      R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)" +
      sheet_data + "</sheetData>" + after + "</worksheet>";
  return make_zip(
      {{"[Content_Types].xml",
        R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
        R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
        R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
        R"(<Default Extension="xml" ContentType="application/xml"/></Types>)"},
       {"_rels/.rels",
        R"(<?xml version="1.0" encoding="UTF-8"?>)"
        R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
        R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>)"
        R"(</Relationships>)"},
       {"xl/workbook.xml", R"(<?xml version="1.0" encoding="UTF-8"?>)"
                           R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
                           R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)"
                           R"(<sheets><sheet name="项目清单" sheetId="1" r:id="rId1"/></sheets></workbook>)"},
       {"xl/_rels/workbook.xml.rels",
        R"(<?xml version="1.0" encoding="UTF-8"?>)"
        R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
        R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>)"
        R"(</Relationships>)"},
       {"xl/worksheets/sheet1.xml", sheet}},
      level);
}

// ---- requests and checks ----

HttpResponse send(Client& c, const std::string& path, const std::string& filename, const std::string& bytes,
                  const std::vector<std::pair<std::string, std::string>>& fields) {
  return c.request("POST", path, import_multipart(kBoundary, filename, bytes, fields),
                   RequestOptions{.content_type = std::string("multipart/form-data; boundary=") + kBoundary});
}

HttpResponse import(Client& c, const std::string& filename, const std::string& bytes, const std::string& year,
                    const std::string& mode = "create", std::optional<std::string> dry_run = std::nullopt) {
  std::vector<std::pair<std::string, std::string>> fields = {{"year", year}, {"mode", mode}};
  if (dry_run) fields.emplace_back("dryRun", *dry_run);
  return send(c, "/api/v1/projects/import", filename, bytes, fields);
}

std::int64_t project_count(TestServer& s) {
  return db::query(s.pool(), "SELECT COUNT(*) AS n FROM projects").first().int64("n");
}

std::int64_t audit_ok(TestServer& s, const std::string& action) {
  return db::query(s.pool(), "SELECT COUNT(*) AS n FROM audit_log WHERE action = $1 AND result = 'ok'",
                   {action})
      .first()
      .int64("n");
}

// Everything the import can change, as one string: projects and their rows, search documents, the content
// version (a failed import must leave it all as it was).
std::string catalogue_state(TestServer& s) {
  std::string out;
  auto add = [&](const std::string& sql) {
    for (const auto& r : db::query(s.pool(), sql).rows) {
      for (std::size_t i = 0; i < r.size(); ++i) {
        const auto& v = r.at(i);
        if (auto* n = std::get_if<std::int64_t>(&v))
          out += std::to_string(*n);
        else if (auto* t = std::get_if<std::string>(&v))
          out += *t;
        else if (auto* d = std::get_if<double>(&v))
          out += std::to_string(*d);
        else
          out += "\\N";
        out += '\x1f';
      }
      out += '\n';
    }
  };
  add("SELECT * FROM projects ORDER BY id");
  add("SELECT * FROM project_units ORDER BY project_id, org_unit_id");
  add("SELECT * FROM project_targets ORDER BY id");
  add("SELECT project_id, doc FROM project_search ORDER BY project_id");
  add("SELECT value FROM settings WHERE key = 'content_version'");
  return out;
}

std::map<std::string, json::object> projects_of_year(Client& c, int year) {
  std::map<std::string, json::object> out;
  for (int page = 1;; ++page) {
    auto r = c.get("/api/v1/projects?pageSize=50&year=" + std::to_string(year) +
                   "&pageNum=" + std::to_string(page));
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) break;
    const auto rows = r.json().at("rows").as_array();
    for (const auto& row : rows) {
      auto full = c.get("/api/v1/projects/" + std::to_string(row.at("id").as_int64())).json().as_object();
      out[std::string(full.at("code").as_string())] = full;
    }
    if (rows.size() < 50) break;
  }
  return out;
}

json::object field_error(const HttpResponse& r) {
  auto j = r.json();
  if (!j.is_object() || !j.as_object().contains("error")) return {};
  const auto& fields = j.at("error").at("fields").as_array();
  return fields.empty() ? json::object{} : fields[0].as_object();
}

struct Problem {
  int row;
  std::string column, header, value, reason;
};

std::vector<Problem> problems_of(const HttpResponse& r) {
  std::vector<Problem> out;
  auto j = r.json();
  if (!j.is_object() || !j.as_object().contains("problems")) return out;
  for (const auto& p : j.at("problems").as_array())
    out.push_back(Problem{static_cast<int>(p.at("row").as_int64()), std::string(p.at("column").as_string()),
                          std::string(p.at("header").as_string()), std::string(p.at("value").as_string()),
                          std::string(p.at("reason").as_string())});
  return out;
}

const Problem* problem_at(const std::vector<Problem>& ps, int row, const std::string& column) {
  for (const auto& p : ps)
    if (p.row == row && p.column == column) return &p;
  return nullptr;
}

std::string describe(const std::vector<Problem>& ps) {
  std::string out;
  for (const auto& p : ps)
    out += std::to_string(p.row) + p.column + "(" + p.header + ")=" + p.value + ": " + p.reason + "\n";
  return out;
}

struct ProjectsImport : ::testing::Test {
  TestServer s;
  Client office = signed_in(s, "office");
  std::int64_t unit(const std::string& key) const { return s.seed().units.at(key); }
};

// ---- the template ----

TEST_F(ProjectsImport, TemplateIsAWorkbookWithHeadersDropDownsAndHelp) {
  auto r = office.get("/api/v1/projects/import-template");
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
  EXPECT_EQ(r.header("content-type").value_or(""), kXlsxType);
  const auto cd = r.header("content-disposition").value_or("");
  EXPECT_TRUE(cd.starts_with("attachment")) << cd;
  EXPECT_NE(cd.find("filename*=UTF-8''"), std::string::npos) << cd;
  EXPECT_EQ(r.header("x-content-type-options").value_or(""), "nosniff");
  auto wb = sheets::read_xlsx(r.body);
  ASSERT_TRUE(wb.ok()) << wb.error().message();
  const sheets::Sheet* list = nullptr;
  const sheets::Sheet* help = nullptr;
  for (const auto& sh : wb->sheets) {
    if (sh.name == "项目清单") list = &sh;
    if (sh.name == "填写说明") help = &sh;
  }
  ASSERT_NE(list, nullptr) << "sheet 项目清单";
  ASSERT_NE(help, nullptr) << "sheet 填写说明";
  EXPECT_EQ(&wb->sheets.front(), list) << "the catalogue sheet comes first";
  ASSERT_FALSE(list->rows.empty());
  EXPECT_EQ(list->rows[0].number, 1);
  EXPECT_EQ(list->rows[0].cells, headers());
  EXPECT_EQ(list->rows.size(), 1u) << "no data rows";
  std::string help_text;
  for (const auto& row : help->rows)
    for (const auto& c : row.cells)
      help_text += c + "\n";
  for (const auto& h : headers())
    EXPECT_NE(help_text.find(h), std::string::npos) << "填写说明 explains " << h;
  // Drop-downs on the data rows: categories, change flags, coordinate systems, the town's units.
  const std::string sheet1 = zip_entry(r.body, "xl/worksheets/sheet1.xml");
  ASSERT_FALSE(sheet1.empty());
  EXPECT_NE(sheet1.find("dataValidation"), std::string::npos);
  std::string all_xml = sheet1;
  for (int i = 2; i <= 5; ++i)
    all_xml += zip_entry(r.body, "xl/worksheets/sheet" + std::to_string(i) + ".xml");
  all_xml += zip_entry(r.body, "xl/sharedStrings.xml");
  for (const char* choice : {"工程类", "调整退出", "CGCS2000", "社保所"})
    EXPECT_NE(all_xml.find(choice), std::string::npos) << choice;
  EXPECT_EQ(all_xml.find("邻镇民政办"), std::string::npos) << "only the town's own units";
  // 编号 is text-formatted ("@", built-in format 49), so 2020-01 and 007 stay as typed.
  const std::string styles = zip_entry(r.body, "xl/styles.xml");
  EXPECT_TRUE(styles.find("numFmtId=\"49\"") != std::string::npos ||
              styles.find("formatCode=\"@\"") != std::string::npos)
      << styles.substr(0, 600);

  // The blank template imports as "no data", naming the file.
  auto empty = import(office, "模板.xlsx", r.body, "2026");
  EXPECT_EQ(empty.status, 422) << empty.body;
  EXPECT_EQ(field_error(empty)["field"], json::value("file")) << empty.body;
  // Only the office has it.
  Client dx = signed_in(s, "dept_x");
  EXPECT_EQ(dx.get("/api/v1/projects/import-template").status, 403);
}

// ---- good files ----

TEST_F(ProjectsImport, CsvInUtf8WithAndWithoutBomAndInGb18030) {
  const std::vector<Row> rows = [] {
    std::vector<Row> v;
    for (int i = 1; i <= 4; ++i) {
      Row r = row("2031-0" + std::to_string(i));
      r.name = "民生项目" + std::to_string(i);
      v.push_back(r);
    }
    v[1].category = "补助类";
    v[1].lead = "卫生院";
    v[1].coop = "";
    v[1].flag = "继续";
    v[1].lat = v[1].lng = v[1].system = "";
    v[1].targets = "";
    v[1].beneficiaries = "";
    v[2].category = "服务类";
    v[2].coop = "甲村,镇民生办";  // ASCII comma between the names
    v[2].system = "WGS-84";
    v[3].flag = "调整退出";
    v[3].funds = "";
    v[0].policy = "第一段：对完成改厕的农户每户补助 500 元。\n第二段：先建后补。";  // a quoted line break
    return v;
  }();
  const std::string utf8 = csv_of(rows, false);
  const std::vector<std::tuple<std::string, std::string, std::string>> files = {
      {"UTF-8 with BOM", "2031", std::string(kBom) + utf8},
      {"UTF-8 without BOM", "2032", utf8},
      {"GB18030", "2033", utf8_to_gb18030(utf8)},
  };
  ASSERT_NE(std::get<2>(files[2]), utf8);
  for (const auto& [what, year, bytes] : files) {
    SCOPED_TRACE(what);
    auto r = import(office, "项目清单.csv", bytes, year);
    ASSERT_EQ(r.status, 200) << r.body.substr(0, 1000);
    EXPECT_EQ(r.json().at("created").as_int64(), 4);
    EXPECT_EQ(r.json().at("updated").as_int64(), 0);
    EXPECT_EQ(r.json().at("rows").as_int64(), 4);
    EXPECT_FALSE(r.json().at("dryRun").as_bool());
    auto got = projects_of_year(office, std::stoi(year));
    ASSERT_EQ(got.size(), 4u);
    const auto& p = got.at("2031-01");
    EXPECT_EQ(p.at("name").as_string(), "民生项目1");
    EXPECT_EQ(p.at("category").as_string(), "engineering");
    EXPECT_EQ(p.at("leadUnitId").as_int64(), unit("DX"));
    std::set<std::int64_t> coop;
    for (const auto& u : p.at("cooperatingUnits").as_array())
      coop.insert(u.at("id").as_int64());
    EXPECT_EQ(coop, (std::set<std::int64_t>{unit("VA"), unit("VB")}));
    EXPECT_EQ(p.at("changeFlag").as_string(), "new");
    EXPECT_EQ(p.at("fundsPlanned").as_int64(), 125'500'000);  // 125.5 万元 in 分
    EXPECT_EQ(p.at("beneficiaries").as_int64(), 1200);
    EXPECT_EQ(p.at("address").as_string(), "民生镇各村");
    EXPECT_DOUBLE_EQ(p.at("location").at("lat").as_double(), 31.86);
    EXPECT_DOUBLE_EQ(p.at("location").at("lng").as_double(), 117.28);
    EXPECT_EQ(p.at("location").at("system").as_string(), "cgcs2000");
    const auto& t = p.at("targets").as_array();
    ASSERT_EQ(t.size(), 2u);
    EXPECT_EQ(t[0].at("name").as_string(), "农村户厕改造");
    EXPECT_DOUBLE_EQ(t[0].at("planned").to_number<double>(), 1200);
    EXPECT_EQ(t[0].at("unit").as_string(), "户");
    EXPECT_EQ(t[1].at("name").as_string(), "资源化利用站");
    EXPECT_EQ(t[1].at("unit").as_string(), "个");
    EXPECT_EQ(p.at("policyText").as_string(), rows[0].policy);  // the quoted line break kept
    EXPECT_EQ(p.at("plainText").as_string(), rows[0].plain);
    EXPECT_EQ(p.at("townId").as_int64(), unit("T1"));
    const auto& q = got.at("2031-02");
    EXPECT_EQ(q.at("category").as_string(), "subsidy");
    EXPECT_EQ(q.at("leadUnitId").as_int64(), unit("DY"));
    EXPECT_TRUE(q.at("cooperatingUnits").as_array().empty());
    EXPECT_EQ(q.at("changeFlag").as_string(), "continued");
    EXPECT_TRUE(q.at("location").is_null());
    EXPECT_TRUE(q.at("targets").as_array().empty());
    EXPECT_TRUE(q.at("beneficiaries").is_null());
    EXPECT_EQ(got.at("2031-03").at("category").as_string(), "service");
    EXPECT_EQ(got.at("2031-03").at("cooperatingUnits").as_array().size(), 2u);
    EXPECT_EQ(got.at("2031-03").at("location").at("system").as_string(), "wgs84");
    EXPECT_EQ(got.at("2031-04").at("changeFlag").as_string(), "withdrawn");
    EXPECT_EQ(got.at("2031-04").at("fundsPlanned").as_int64(), 0);
  }
  EXPECT_EQ(project_count(s), 12);
  EXPECT_EQ(audit_ok(s, "project.import"), 3);
  EXPECT_EQ(audit_ok(s, "project.create"), 12);
}

TEST_F(ProjectsImport, XlsxMadeWithTheWriterImports) {
  Row a = row("2026-01");
  Row b = row("007");  // a text code keeps its leading zeros
  b.name = "老年人健康体检";
  b.category = "服务类";
  b.lead = "卫生院";
  b.coop = "";
  auto va = values(a);
  va[6] = 125.5;               // 计划投资 as a number
  va[7] = std::int64_t{1200};  // 受益人数 as a number
  va[9] = 31.86;
  va[10] = 117.28;
  auto vb = values(b);
  vb[6] = 0.000001;  // 1 分
  vb[7] = sheets::CellValue();
  auto r = import(office, "项目清单.xlsx", xlsx_of({va, vb}), "2026");
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 1000);
  EXPECT_EQ(r.json().at("created").as_int64(), 2);
  auto got = projects_of_year(office, 2026);
  ASSERT_EQ(got.size(), 2u);
  ASSERT_TRUE(got.contains("007"));
  EXPECT_EQ(got.at("2026-01").at("fundsPlanned").as_int64(), 125'500'000);
  EXPECT_EQ(got.at("2026-01").at("beneficiaries").as_int64(), 1200);
  EXPECT_DOUBLE_EQ(got.at("2026-01").at("location").at("lat").as_double(), 31.86);
  EXPECT_EQ(got.at("2026-01").at("policyText").as_string(), a.policy);
  EXPECT_EQ(got.at("007").at("fundsPlanned").as_int64(), 1);
  EXPECT_TRUE(got.at("007").at("beneficiaries").is_null());
  EXPECT_EQ(got.at("007").at("leadUnitName").as_string(), "卫生院");
}

TEST_F(ProjectsImport, FullWidthCodeIsNormalisedBodyTextIsNot) {
  Row r = row("２０２６－０１");
  r.name = "农村改厕（一期）ＡＢＣ";
  r.funds = "１２．５";
  r.address = "甲村１组";
  r.policy = "按照《方案》第１条，补助５００元／户；ＡＢＣ。";
  r.plain = "每户补５００元！";
  auto res = import(office, "清单.csv", csv_of(std::vector<Row>{r}), "2026");
  ASSERT_EQ(res.status, 200) << res.body.substr(0, 1000);
  auto got = projects_of_year(office, 2026);
  ASSERT_EQ(got.size(), 1u);
  ASSERT_TRUE(got.contains("2026-01")) << "the code is stored NFKC-normalised";
  const auto& p = got.at("2026-01");
  EXPECT_EQ(p.at("name").as_string(), "农村改厕（一期）ＡＢＣ");
  EXPECT_EQ(p.at("address").as_string(), "甲村１组");
  EXPECT_EQ(p.at("policyText").as_string(), "按照《方案》第１条，补助５００元／户；ＡＢＣ。");
  EXPECT_EQ(p.at("plainText").as_string(), "每户补５００元！");
  EXPECT_EQ(p.at("fundsPlanned").as_int64(), 12'500'000);
  // The ASCII code is the same code.
  auto again = import(office, "清单.csv", csv_of(std::vector<Row>{row("2026-01")}), "2026");
  EXPECT_EQ(again.status, 422) << again.body;
  ASSERT_NE(problem_at(problems_of(again), 2, "A"), nullptr) << again.body;
}

// ---- problems ----

// Six good rows and three bad ones at Excel rows 3, 6 and 9.
std::vector<Row> rows_with_three_problems() {
  std::vector<Row> rows;
  for (int i = 1; i <= 8; ++i) {
    Row r = row("2026-" + std::string(i < 10 ? "0" : "") + std::to_string(i));
    r.name = "项目" + std::to_string(i);
    rows.push_back(r);
  }
  rows[1].category = "基建类";    // row 3, C
  rows[4].lead = "不存在的单位";  // row 6, D
  rows[7].funds = "12.5万";       // row 9, G
  return rows;
}

void expect_three_problems(const HttpResponse& r) {
  ASSERT_EQ(r.status, 422) << r.body.substr(0, 1000);
  auto j = r.json();
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j.at("error").at("code").as_string(), "unprocessable");
  const std::string message(j.at("error").at("message").as_string());
  EXPECT_NE(message.find("3 处错误"), std::string::npos) << message;
  EXPECT_NE(message.find("未导入任何数据"), std::string::npos) << message;
  EXPECT_TRUE(j.at("error").at("fields").as_array().empty());
  EXPECT_FALSE(j.at("error").at("requestId").as_string().empty());
  EXPECT_TRUE(j.at("rowCount").is_int64());
  const auto ps = problems_of(r);
  ASSERT_EQ(ps.size(), 3u) << describe(ps);
  const auto* c = problem_at(ps, 3, "C");
  ASSERT_NE(c, nullptr) << describe(ps);
  EXPECT_EQ(c->header, "类别");
  EXPECT_EQ(c->value, "基建类");
  EXPECT_NE(c->reason.find("工程类"), std::string::npos) << c->reason;
  const auto* d = problem_at(ps, 6, "D");
  ASSERT_NE(d, nullptr) << describe(ps);
  EXPECT_EQ(d->header, "牵头单位");
  EXPECT_EQ(d->value, "不存在的单位");
  EXPECT_NE(d->reason.find("不存在的单位"), std::string::npos) << d->reason;
  const auto* g = problem_at(ps, 9, "G");
  ASSERT_NE(g, nullptr) << describe(ps);
  EXPECT_EQ(g->header, "计划投资（万元）");
  EXPECT_EQ(g->value, "12.5万");
  EXPECT_TRUE(has_cjk(g->reason));
}

TEST_F(ProjectsImport, BadRowsAreListedWithExcelPositionsAndNothingIsSaved) {
  // Something already there, so "nothing saved" also means "nothing changed".
  ASSERT_EQ(import(office, "旧.csv", csv_of(std::vector<Row>{row("2026-90")}), "2026").status, 200);
  const auto state = catalogue_state(s);
  const auto count = project_count(s);
  const auto imports = audit_ok(s, "project.import");
  const auto rows = rows_with_three_problems();
  expect_three_problems(import(office, "清单.csv", csv_of(rows), "2026"));
  std::vector<std::vector<sheets::CellValue>> xrows;
  for (const auto& r : rows)
    xrows.push_back(values(r));
  expect_three_problems(import(office, "清单.xlsx", xlsx_of(xrows), "2026"));
  expect_three_problems(import(office, "清单.csv", csv_of(rows), "2026", "upsert"));
  EXPECT_EQ(project_count(s), count);
  EXPECT_EQ(catalogue_state(s), state);
  EXPECT_EQ(audit_ok(s, "project.import"), imports);
}

// PRODUCT BUG (reported; left failing on purpose): src/infra/sheets/csv_read.cpp numbers CSV rows by physical
// line, so every line break inside a quoted cell (政策内容 and 通俗解读 are multi-paragraph) pushes the rows
// after it down: here the problem says row 6 and the report puts the reason on row 6, where Excel shows
// row 4.
TEST_F(ProjectsImport, CsvRowNumbersAreThoseExcelShows) {
  // Excel opens this CSV as: row 1 header, row 2 a project whose 政策内容 has a line break inside quotes, row
  // 3 empty, row 4 a project with a bad category.
  Row good = row("2026-01");
  good.policy = "第一段\n第二段\n第三段";
  Row bad = row("2026-02");
  bad.category = "工程X";
  auto r = import(office, "清单.csv", csv_of(std::vector<Cells>{good.cells(), {}, bad.cells()}), "2026");
  ASSERT_EQ(r.status, 422) << r.body;
  const auto ps = problems_of(r);
  ASSERT_EQ(ps.size(), 1u) << describe(ps);
  EXPECT_EQ(ps[0].row, 4) << "Excel shows the bad project on row 4 (one row per record, line breaks inside a "
                             "quoted cell stay in the cell): "
                          << describe(ps);
  EXPECT_EQ(ps[0].column, "C");
  // The error report puts the reason where Excel shows the row.
  auto report = send(office, "/api/v1/projects/import/report", "清单.csv",
                     csv_of(std::vector<Cells>{good.cells(), {}, bad.cells()}), {{"year", "2026"}});
  ASSERT_EQ(report.status, 200) << report.body.substr(0, 300);
  auto wb = sheets::read_xlsx(report.body);
  ASSERT_TRUE(wb.ok());
  std::map<int, std::string> codes;
  for (const auto& row : wb->sheets.front().rows)
    codes[row.number] = row.cells.empty() ? "" : row.cells[0];
  EXPECT_EQ(codes[2], "2026-01");
  EXPECT_EQ(codes[4], "2026-02") << "the bad row in the report is on row 4 as in Excel";
}

TEST_F(ProjectsImport, DryRunChecksWithoutSaving) {
  const std::vector<Row> rows = {row("2026-01"), row("2026-02"), row("2026-03")};
  const auto state = catalogue_state(s);
  auto dry = import(office, "清单.csv", csv_of(rows), "2026", "create", "true");
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(dry.json().at("created").as_int64(), 3);
  EXPECT_EQ(dry.json().at("rows").as_int64(), 3);
  EXPECT_TRUE(dry.json().at("dryRun").as_bool());
  EXPECT_EQ(catalogue_state(s), state);
  EXPECT_EQ(audit_ok(s, "project.create"), 0);
  EXPECT_EQ(audit_ok(s, "project.import"), 0);
  // A dry run still reports the problems.
  auto bad = import(office, "清单.csv", csv_of(rows_with_three_problems()), "2026", "create", "true");
  expect_three_problems(bad);
  // The real run, then a dry upsert that would update all three.
  auto real = import(office, "清单.csv", csv_of(rows), "2026", "create", "false");
  ASSERT_EQ(real.status, 200) << real.body;
  EXPECT_FALSE(real.json().at("dryRun").as_bool());
  const auto after = catalogue_state(s);
  auto dry_upsert = import(office, "清单.csv", csv_of(rows), "2026", "upsert", "true");
  ASSERT_EQ(dry_upsert.status, 200) << dry_upsert.body;
  EXPECT_EQ(dry_upsert.json().at("updated").as_int64(), 3);
  EXPECT_EQ(dry_upsert.json().at("created").as_int64(), 0);
  EXPECT_EQ(catalogue_state(s), after);
}

TEST_F(ProjectsImport, CreateModeRefusesExistingCodesUpsertUpdatesThem) {
  ASSERT_EQ(
      import(office, "清单.csv", csv_of(std::vector<Row>{row("2026-01"), row("2026-02")}), "2026").status,
      200);
  auto before = projects_of_year(office, 2026);
  const auto id2 = before.at("2026-02").at("id").as_int64();
  Row changed = row("2026-02");
  changed.name = "农村改厕（调整后）";
  changed.funds = "130";
  const std::string file = csv_of(std::vector<Row>{changed, row("2026-03")});

  // The default mode is create: an existing code is a problem of its row, and nothing is saved.
  const auto state = catalogue_state(s);
  auto refused = send(office, "/api/v1/projects/import", "清单.csv", file, {{"year", "2026"}});
  ASSERT_EQ(refused.status, 422) << refused.body;
  const auto ps = problems_of(refused);
  ASSERT_EQ(ps.size(), 1u) << describe(ps);
  EXPECT_EQ(ps[0].row, 2);
  EXPECT_EQ(ps[0].column, "A");
  EXPECT_EQ(ps[0].header, "编号");
  EXPECT_EQ(ps[0].value, "2026-02");
  EXPECT_NE(ps[0].reason.find("2026-02"), std::string::npos) << ps[0].reason;
  EXPECT_EQ(catalogue_state(s), state);

  auto upsert = import(office, "清单.csv", file, "2026", "upsert");
  ASSERT_EQ(upsert.status, 200) << upsert.body;
  EXPECT_EQ(upsert.json().at("created").as_int64(), 1);
  EXPECT_EQ(upsert.json().at("updated").as_int64(), 1);
  auto after = projects_of_year(office, 2026);
  ASSERT_EQ(after.size(), 3u);
  EXPECT_EQ(after.at("2026-02").at("id").as_int64(), id2) << "updated in place";
  EXPECT_EQ(after.at("2026-02").at("name").as_string(), "农村改厕（调整后）");
  EXPECT_EQ(after.at("2026-02").at("fundsPlanned").as_int64(), 130'000'000);
  EXPECT_EQ(after.at("2026-02").at("createdAt"), before.at("2026-02").at("createdAt"));
  EXPECT_EQ(after.at("2026-01"), before.at("2026-01")) << "rows not in the file are left alone";
  auto upd = db::query(
      s.pool(),
      "SELECT before_json, after_json FROM audit_log WHERE action = 'project.update' AND result = 'ok'");
  ASSERT_EQ(upd.rows.size(), 1u);
  EXPECT_NE(upd.first().text("before_json").find("农村改厕及废弃物资源化利用"), std::string::npos);
  EXPECT_NE(upd.first().text("after_json").find("农村改厕（调整后）"), std::string::npos);
  // The same codes in another year are other projects.
  auto other_year = import(office, "清单.csv", file, "2027", "upsert");
  ASSERT_EQ(other_year.status, 200) << other_year.body;
  EXPECT_EQ(other_year.json().at("created").as_int64(), 2);
}

TEST_F(ProjectsImport, RowProblemsNameRowColumnHeaderValueAndReason) {
  std::vector<Row> rows;
  for (int i = 1; i <= 12; ++i)
    rows.push_back(row("2026-" + std::string(i < 10 ? "0" : "") + std::to_string(i)));
  rows[1].code = "2026-01";         // row 3: the code of row 2 again
  rows[2].lead = "丙村";            // row 4: a village of 邻镇
  rows[3].coop = "甲村、不存在村";  // row 5
  rows[4].category = "工程项目";    // row 6
  rows[5].flag = "停止";            // row 7
  rows[6].funds = "12.5万";         // row 8
  rows[7].lat = "31.86";            // row 9: no system
  rows[7].system = "";
  rows[8].targets = "农村户厕改造1200户";  // row 10: no "：" between name and amount
  rows[9].name = "";                       // row 11
  rows[10].beneficiaries = "-5";           // row 12
  rows[11].coop = "社保所";                // row 13: the lead among the cooperating units
  auto r = import(office, "清单.csv", csv_of(rows), "2026");
  ASSERT_EQ(r.status, 422) << r.body;
  const auto ps = problems_of(r);
  const std::vector<std::tuple<int, std::string, std::string, std::string, std::string>> expected = {
      {3, "A", "编号", "2026-01", "第 2 行"},
      {4, "D", "牵头单位", "丙村", "丙村"},
      {5, "E", "配合单位", "甲村、不存在村", "不存在村"},
      {6, "C", "类别", "工程项目", "类别"},
      {7, "F", "年度变化", "停止", "年度变化"},
      {8, "G", "计划投资（万元）", "12.5万", "万元"},
      {9, "L", "坐标系", "", "坐标系"},
      {10, "M", "目标任务", "农村户厕改造1200户", "农村户厕改造1200户"},
      {11, "B", "项目名称", "", "不能为空"},
      {12, "H", "受益人数", "-5", "受益人数"},
      {13, "E", "配合单位", "社保所", "牵头单位"},
  };
  for (const auto& [row_no, col, header, value, reason_part] : expected) {
    const auto* p = problem_at(ps, row_no, col);
    ASSERT_NE(p, nullptr) << "row " << row_no << " column " << col << " in\n" << describe(ps);
    EXPECT_EQ(p->header, header) << row_no;
    EXPECT_EQ(p->value, value) << row_no;
    EXPECT_NE(p->reason.find(reason_part), std::string::npos) << row_no << ": " << p->reason;
  }
  EXPECT_EQ(ps.size(), expected.size()) << describe(ps);
  EXPECT_EQ(project_count(s), 0);

  // Money: thousands separators are fine, a unit in the cell is not.
  Row sep = row("2026-01");
  sep.funds = "1,234.5";
  auto ok = import(office, "清单.csv", csv_of(std::vector<Row>{sep}), "2026");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(projects_of_year(office, 2026).at("2026-01").at("fundsPlanned").as_int64(), 1'234'500'000);
}

// ---- the error report ----

TEST_F(ProjectsImport, ErrorReportIsTheFileWithReasonsAtTheSameRows) {
  const auto state = catalogue_state(s);
  auto rows = rows_with_three_problems();
  rows[0].name = "=HYPERLINK(\"http://example.com\",\"点我\")";  // echoed back as text, never as a formula
  auto r = send(office, "/api/v1/projects/import/report", "清单.csv", csv_of(rows),
                {{"year", "2026"}, {"mode", "create"}});
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 500);
  EXPECT_EQ(r.header("content-type").value_or(""), kXlsxType);
  EXPECT_TRUE(r.header("content-disposition").value_or("").starts_with("attachment"));
  auto wb = sheets::read_xlsx(r.body);  // refuses formulas: the echoed "=HYPERLINK(...)" must be a string
  ASSERT_TRUE(wb.ok()) << wb.error().message() << " "
                       << (wb.error().fields.empty() ? "" : wb.error().fields[0].message);
  ASSERT_FALSE(wb->sheets.empty());
  const auto& sheet = wb->sheets.front();
  ASSERT_GE(sheet.rows.size(), 2u);
  EXPECT_EQ(sheet.rows[1].cells[1], rows[0].name);
  ASSERT_FALSE(sheet.rows.empty());
  EXPECT_EQ(sheet.rows[0].number, 1);
  ASSERT_EQ(sheet.rows[0].cells.size(), headers().size() + 1);
  EXPECT_EQ(sheet.rows[0].cells.back(), "错误原因");
  EXPECT_EQ(Cells(sheet.rows[0].cells.begin(), sheet.rows[0].cells.end() - 1), headers());
  std::map<int, std::string> reasons;
  std::map<int, std::string> codes;
  for (const auto& row : sheet.rows) {
    if (row.number == 1) continue;
    codes[row.number] = row.cells.empty() ? "" : row.cells[0];
    if (row.cells.size() > headers().size()) reasons[row.number] = row.cells[headers().size()];
  }
  EXPECT_EQ(codes.size(), 8u);
  for (int n = 2; n <= 9; ++n)
    EXPECT_EQ(codes[n], "2026-0" + std::to_string(n - 1)) << "row " << n << " keeps its place";
  std::set<int> with_reason;
  for (const auto& [n, text] : reasons)
    if (!text.empty()) with_reason.insert(n);
  EXPECT_EQ(with_reason, (std::set<int>{3, 6, 9}));
  EXPECT_NE(reasons[3].find("类别"), std::string::npos) << reasons[3];
  EXPECT_NE(reasons[6].find("不存在的单位"), std::string::npos) << reasons[6];
  EXPECT_NE(reasons[9].find("G"), std::string::npos) << reasons[9];
  // Bad rows are filled.
  EXPECT_NE(zip_entry(r.body, "xl/styles.xml").find("solid"), std::string::npos);
  EXPECT_EQ(catalogue_state(s), state);

  // A file without problems: a report with empty reasons.
  auto clean = send(office, "/api/v1/projects/import/report", "清单.csv",
                    csv_of(std::vector<Row>{row("2026-01"), row("2026-02")}), {{"year", "2026"}});
  ASSERT_EQ(clean.status, 200) << clean.body.substr(0, 300);
  auto cwb = sheets::read_xlsx(clean.body);
  ASSERT_TRUE(cwb.ok());
  EXPECT_EQ(cwb->sheets.front().rows[0].cells.back(), "错误原因");
  for (const auto& row : cwb->sheets.front().rows) {
    if (row.number > 1) {
      EXPECT_LE(row.cells.size(), headers().size()) << "row " << row.number;
    }
  }
  EXPECT_EQ(project_count(s), 0);
}

// A title row above the header (the header may be any of the first five rows): problems and the report both
// keep the uploaded file's row numbers. PRODUCT BUG (reported; left failing on purpose): error_report_xlsx()
// in src/modules/projects/import_export.cpp renumbers rows as number - header_row + 1, so the report shows
// the bad row one row higher than the problem list (and than the upload).
TEST_F(ProjectsImport, TitleRowAboveTheHeaderKeepsRowNumbers) {
  Row good = row("2026-01");
  Row bad = row("2026-02");
  bad.category = "基建类";
  const std::string xlsx = hand_xlsx(xml_row(1, {"2026年民生镇民生项目清单"}) + xml_row(2, headers()) +
                                     xml_row(3, good.cells()) + xml_row(4, bad.cells()));
  auto r = import(office, "清单.xlsx", xlsx, "2026");
  ASSERT_EQ(r.status, 422) << r.body;
  const auto ps = problems_of(r);
  ASSERT_EQ(ps.size(), 1u) << describe(ps);
  EXPECT_EQ(ps[0].row, 4);
  EXPECT_EQ(ps[0].column, "C");
  auto report = send(office, "/api/v1/projects/import/report", "清单.xlsx", xlsx, {{"year", "2026"}});
  ASSERT_EQ(report.status, 200) << report.body.substr(0, 300);
  auto wb = sheets::read_xlsx(report.body);
  ASSERT_TRUE(wb.ok());
  std::map<int, Cells> rows;
  for (const auto& row : wb->sheets.front().rows)
    rows[row.number] = row.cells;
  EXPECT_EQ(rows[3].empty() ? "" : rows[3][0], "2026-01") << "row 3 of the upload is row 3 of the report";
  ASSERT_FALSE(rows[4].empty()) << "row 4 of the upload is row 4 of the report, where the problem says it is";
  EXPECT_EQ(rows[4][0], "2026-02");
  ASSERT_EQ(rows[4].size(), headers().size() + 1);
  EXPECT_NE(rows[4].back().find("类别"), std::string::npos);
  EXPECT_EQ(project_count(s), 0);
}

// ---- bad files ----

TEST_F(ProjectsImport, BadFilesAreRefusedWithAClearMessageNamingFile) {
  ASSERT_EQ(import(office, "旧.csv", csv_of(std::vector<Row>{row("2026-90")}), "2026").status, 200);
  const auto state = catalogue_state(s);
  const auto audits_ok = audit_ok(s, "project.import");

  std::mt19937 rng(20260302);
  std::string random(4096, '\0');
  for (auto& c : random)
    c = static_cast<char>(rng() & 0xff);
  std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  ole += std::string(2048, '\0');
  // ~96 MiB of blanks inside <sheetData>, deflated to well under a megabyte.
  const std::string bomb = hand_xlsx(xml_row(1, headers()) + std::string(96u << 20, ' '), "", 9);
  std::string many = std::string(kBom) + csv_line(headers());
  for (int i = 0; i < 100'000; ++i)
    many += "X-" + std::to_string(i) + ",项目,工程类,社保所,,新增,1,,,,,,,,\r\n";
  ASSERT_LT(many.size(), 10u << 20) << "under the upload limit, so the row limit is what refuses it";
  Row data = row("2026-01");
  const std::string formula = hand_xlsx(xml_row(1, headers()) + xml_row(2, data.cells()) +
                                        xml_row(3, {"2026-02", "公式项目", "工程类", "社保所"},
                                                "<c r=\"G3\"><f>SUM(G2:G2)*2</f><v>251</v></c>"));
  const std::string merged = hand_xlsx(xml_row(1, headers()) + xml_row(2, data.cells()),
                                       "<mergeCells count=\"1\"><mergeCell ref=\"A2:B2\"/></mergeCells>");
  const std::string no_header = std::string(kBom) + "名称,金额\r\n改厕,12\r\n";

  struct Case {
    std::string what, filename, bytes;
    int status;
    std::string message_part;
  };
  const std::vector<Case> cases = {
      {"random bytes", "清单.xlsx", random, 415, "不是"},
      {"legacy .xls", "清单.xls", ole, 415, "另存为 .xlsx"},
      {"empty file", "清单.csv", "", 400, "空"},
      {"zip bomb", "清单.xlsx", bomb, 413, "过大"},
      {"100,000 rows", "清单.csv", many, 413, "10000"},
      {"a formula", "清单.xlsx", formula, 422, "公式"},
      {"merged cells", "清单.xlsx", merged, 422, "A2:B2"},
      {"no header row", "清单.csv", no_header, 422, "表头"},
      {"a .docx", "清单.xlsx", make_zip({{"word/document.xml", "<w:document/>"}}), 415, "不是"},
  };
  ASSERT_LT(bomb.size(), 1u << 20);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    const auto start = std::chrono::steady_clock::now();
    auto r = import(office, c.filename, c.bytes, "2026");
    const auto took = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(r.status, c.status) << r.body.substr(0, 500);
    const auto f = field_error(r);
    ASSERT_TRUE(f.contains("field")) << r.body.substr(0, 500);
    EXPECT_EQ(f.at("field").as_string(), "file");
    const std::string message(f.at("message").as_string());
    EXPECT_TRUE(has_cjk(message)) << message;
    EXPECT_NE(message.find(c.message_part), std::string::npos) << message;
    // A hang guard, not a speed check: a hostile file (the zip bomb above all) must be refused, not worked
    // through for minutes. Speed is measured by bench/run.sh.
    EXPECT_LT(took, minsheng::testing::kHangGuard);
    // The report refuses the same files the same way.
    auto report = send(office, "/api/v1/projects/import/report", c.filename, c.bytes, {{"year", "2026"}});
    EXPECT_EQ(report.status, c.status) << "report: " << report.body.substr(0, 300);
    EXPECT_EQ(catalogue_state(s), state);
  }
  EXPECT_NE(field_error(import(office, "清单.xlsx", formula, "2026"))["message"].as_string().find("G"),
            json::string::npos)
      << "the formula's cell is named";
  EXPECT_EQ(audit_ok(s, "project.import"), audits_ok);
}

TEST_F(ProjectsImport, FormFieldsAreChecked) {
  const std::string file = csv_of(std::vector<Row>{row("2026-01")});
  auto name_of = [](const HttpResponse& r) {
    auto f = field_error(r);
    return f.contains("field") ? std::string(f.at("field").as_string()) : std::string();
  };
  auto no_year = send(office, "/api/v1/projects/import", "清单.csv", file, {{"mode", "create"}});
  EXPECT_EQ(no_year.status, 400);
  EXPECT_EQ(name_of(no_year), "year");
  auto bad_year = send(office, "/api/v1/projects/import", "清单.csv", file, {{"year", "二〇二六"}});
  EXPECT_EQ(bad_year.status, 400);
  EXPECT_EQ(name_of(bad_year), "year");
  auto bad_mode =
      send(office, "/api/v1/projects/import", "清单.csv", file, {{"year", "2026"}, {"mode", "replace"}});
  EXPECT_EQ(bad_mode.status, 400);
  EXPECT_EQ(name_of(bad_mode), "mode");
  auto bad_dry =
      send(office, "/api/v1/projects/import", "清单.csv", file, {{"year", "2026"}, {"dryRun", "yes"}});
  EXPECT_EQ(bad_dry.status, 400);
  EXPECT_EQ(name_of(bad_dry), "dryRun");
  auto unknown =
      send(office, "/api/v1/projects/import", "清单.csv", file, {{"year", "2026"}, {"townId", "1"}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(name_of(unknown), "townId");
  const std::string only_year = std::string("--") + kBoundary +
                                "\r\nContent-Disposition: form-data; name=\"year\"\r\n\r\n2026\r\n--" +
                                kBoundary + "--\r\n";
  auto no_file = office.request(
      "POST", "/api/v1/projects/import", only_year,
      RequestOptions{.content_type = std::string("multipart/form-data; boundary=") + kBoundary});
  EXPECT_EQ(no_file.status, 400);
  EXPECT_EQ(name_of(no_file), "file");
  auto json_body = office.post("/api/v1/projects/import", json::object{{"year", 2026}});
  EXPECT_GE(json_body.status, 400);
  EXPECT_LT(json_body.status, 500);
  Client dx = signed_in(s, "dept_x");
  EXPECT_EQ(import(dx, "清单.csv", file, "2026").status, 403);
  EXPECT_EQ(project_count(s), 0);
}

// ---- exports ----

json::object api_project(const TestServer& s, const std::string& code, std::int64_t funds) {
  const auto& u = s.seed().units;
  return json::object{
      {"year", 2026},
      {"code", code},
      {"name", "农村改厕及废弃物资源化利用"},
      {"category", "engineering"},
      {"leadUnitId", u.at("DX")},
      {"cooperatingUnitIds", json::array{u.at("VA"), u.at("DY")}},
      {"changeFlag", "continued"},
      {"policyText", "第一段：补助 500 元。\n\n第二段：=SUM(A1) 不是公式。"},
      {"plainText", "每户 500 元。"},
      {"fundsPlanned", funds},
      {"beneficiaries", 1200},
      {"address", "民生镇甲村"},
      {"location", json::object{{"lat", 31.8612345}, {"lng", 117.2834567}, {"system", "gcj02"}}},
      {"targets",
       json::array{
           json::object{{"name", "农村户厕改造"}, {"unit", "户"}, {"planned", 1200}, {"achieved", 300}},
           json::object{{"name", "道路"}, {"unit", "公里"}, {"planned", 2.5}}}}};
}

std::int64_t create(Client& c, const json::object& body) {
  auto r = c.post("/api/v1/projects", body);
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? r.json().at("id").as_int64() : 0;
}

std::size_t column_of(const Cells& header, const std::string& name) {
  auto it = std::find(header.begin(), header.end(), name);
  EXPECT_NE(it, header.end()) << name;
  return static_cast<std::size_t>(it - header.begin());
}

TEST_F(ProjectsImport, ExportsCatalogueAsXlsxAndCsv) {
  const auto a = create(office, api_project(s, "2026-01", 12'345'678));
  auto second = api_project(s, "2026-02", 100'000'000);
  second["name"] = "=1+2 项目";
  create(office, second);
  ASSERT_EQ(office
                .post("/api/v1/projects/" + std::to_string(a) + "/progress",
                      json::object{{"reportDate", "2026-02-01"},
                                   {"progressPct", 45},
                                   {"fundsDisbursed", 4'500'000},
                                   {"status", "in_progress"}})
                .status,
            201);

  auto csv = office.get("/api/v1/projects/export?year=2026&format=csv");
  ASSERT_EQ(csv.status, 200) << csv.body.substr(0, 300);
  EXPECT_TRUE(csv.header("content-type").value_or("").starts_with("text/csv"));
  const auto cd = csv.header("content-disposition").value_or("");
  EXPECT_TRUE(cd.starts_with("attachment")) << cd;
  EXPECT_NE(cd.find("filename*=UTF-8''"), std::string::npos) << cd;
  EXPECT_TRUE(csv.body.starts_with(kBom)) << "a UTF-8 BOM, so Excel and WPS read it as UTF-8";
  auto parsed = sheets::read_csv(csv.body);
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->rows.size(), 3u);
  const auto& header = parsed->rows[0].cells;
  EXPECT_EQ(Cells(header.begin(), header.begin() + 15), headers());
  const auto funds = column_of(header, "计划投资（万元）");
  const auto paid = column_of(header, "累计拨付（万元）");
  const auto pct = column_of(header, "进度（%）");
  const auto status = column_of(header, "状态");
  const auto& r1 = parsed->rows[1].cells;
  const auto& r2 = parsed->rows[2].cells;
  EXPECT_EQ(r1[0], "2026-01");
  EXPECT_EQ(r1[funds], "12.35");  // 12,345,678 分 = 12.345678 万元, two decimals
  EXPECT_EQ(r2[funds], "100.00");
  EXPECT_EQ(r1[paid], "4.50");
  EXPECT_EQ(r2[paid], "0.00");
  EXPECT_EQ(r1[pct], "45");
  EXPECT_EQ(r1[status], "实施中");
  EXPECT_EQ(r2[status], "未开工");
  EXPECT_EQ(r1[2], "工程类");
  EXPECT_EQ(r1[4], "甲村、卫生院");
  EXPECT_EQ(r1[5], "继续");
  EXPECT_EQ(r1[11], "GCJ-02");
  EXPECT_EQ(r2[1], "'=1+2 项目") << "a cell that starts with = is never run as a formula";

  auto xlsx = office.get("/api/v1/projects/export?year=2026");  // xlsx by default
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.header("content-type").value_or(""), kXlsxType);
  auto wb = sheets::read_xlsx(xlsx.body);
  ASSERT_TRUE(wb.ok()) << wb.error().message();
  EXPECT_EQ(wb->sheets.front().name, "项目清单");
  ASSERT_EQ(wb->sheets.front().rows.size(), 3u);
  EXPECT_EQ(wb->sheets.front().rows[1].cells[0], "2026-01");
  // Everyone who reads the catalogue may export it; each export is audited.
  Client dx = signed_in(s, "dept_x");
  EXPECT_EQ(dx.get("/api/v1/projects/export?format=csv").status, 200);
  EXPECT_EQ(audit_ok(s, "project.export"), 3);
  EXPECT_EQ(office.get("/api/v1/projects/export?format=pdf").status, 400);
}

// PRODUCT BUG (reported; left failing on purpose): the export writes targets as "名称：计划数单位" only, and
// an upsert rewrites the targets from the file, so the achieved amounts (300 户 here) become null.
TEST_F(ProjectsImport, ExportedCatalogueReimportsWithoutChanges) {
  create(office, api_project(s, "2026-01", 12'345'678));
  auto plain = api_project(s, "2026-02", 1);
  plain["cooperatingUnitIds"] = json::array{};
  plain["location"] = nullptr;
  plain["targets"] = json::array{};
  plain["beneficiaries"] = nullptr;
  plain["category"] = "service";
  plain["changeFlag"] = "withdrawn";
  plain["name"] = "=HYPERLINK(\"http://example.com\")";
  create(office, plain);
  auto zero = api_project(s, "007", 0);
  zero["leadUnitId"] = unit("T1");  // the town itself may lead
  zero["cooperatingUnitIds"] = json::array{unit("OFF")};
  zero["location"] = json::object{{"lat", -0.5}, {"lng", 0.25}, {"system", "wgs84"}};
  create(office, zero);
  const auto before = projects_of_year(office, 2026);
  ASSERT_EQ(before.size(), 3u);

  auto xlsx = office.get("/api/v1/projects/export?year=2026&format=xlsx");
  ASSERT_EQ(xlsx.status, 200);
  s.clock().advance(std::chrono::minutes(1));
  auto r = import(office, "导出.xlsx", xlsx.body, "2026", "upsert");
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 2000);
  EXPECT_EQ(r.json().at("created").as_int64(), 0);
  EXPECT_EQ(r.json().at("updated").as_int64(), 3);
  const auto after = projects_of_year(office, 2026);
  ASSERT_EQ(after.size(), 3u);
  for (const auto& [code, was] : before) {
    SCOPED_TRACE(code);
    auto now = after.at(code);
    for (const auto& [key, value] : was) {
      if (key == "updatedAt" || key == "targets" || key == "policyHtml" || key == "plainHtml") continue;
      EXPECT_EQ(json::serialize(now.at(key)), json::serialize(value)) << key;
    }
    // Targets: the same names, units and amounts (their row ids are internal).
    const auto& t0 = was.at("targets").as_array();
    const auto& t1 = now.at("targets").as_array();
    ASSERT_EQ(t1.size(), t0.size());
    for (std::size_t i = 0; i < t0.size(); ++i)
      for (const char* key : {"name", "unit", "planned", "achieved"})
        EXPECT_EQ(json::serialize(t1[i].at(key)), json::serialize(t0[i].at(key)))
            << "targets[" << i << "]." << key;
  }
}

TEST_F(ProjectsImport, ProgressExportListsEveryEntry) {
  const auto a = create(office, api_project(s, "2026-01", 10'000'000));
  create(office, api_project(s, "2026-02", 10'000'000));
  Client dx = signed_in(s, "dept_x");
  const auto photo = insert_test_file(s, unit("DX"));
  const std::string path = "/api/v1/projects/" + std::to_string(a) + "/progress";
  ASSERT_EQ(dx.post(path, json::object{{"reportDate", "2026-01-15"},
                                       {"progressPct", 20},
                                       {"fundsDisbursed", 2'000'000},
                                       {"status", "in_progress"},
                                       {"note", "开工，完成放线"}})
                .status,
            201);
  ASSERT_EQ(dx.post(path, json::object{{"reportDate", "2026-02-20"},
                                       {"progressPct", 60},
                                       {"fundsDisbursed", 6'000'000},
                                       {"status", "in_progress"},
                                       {"note", "主体完工"},
                                       {"photos",
                                        json::array{json::object{{"fileId", photo}, {"caption", "主体"}}}}})
                .status,
            201);
  auto csv = office.get("/api/v1/projects/export?year=2026&format=csv&what=progress");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_TRUE(csv.body.starts_with(kBom));
  auto parsed = sheets::read_csv(csv.body);
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->rows.size(), 3u) << csv.body;
  EXPECT_EQ(parsed->rows[0].cells, (Cells{"编号", "项目名称", "填报日期", "进度（%）", "累计拨付（万元）",
                                          "状态", "进展情况", "照片数", "填报人"}));
  EXPECT_EQ(parsed->rows[1].cells, (Cells{"2026-01", "农村改厕及废弃物资源化利用", "2026-01-15", "20", "2.00",
                                          "实施中", "开工，完成放线", "0", "社保所信息员"}));
  EXPECT_EQ(parsed->rows[2].cells, (Cells{"2026-01", "农村改厕及废弃物资源化利用", "2026-02-20", "60", "6.00",
                                          "实施中", "主体完工", "1", "社保所信息员"}));
  auto xlsx = office.get("/api/v1/projects/export?year=2026&what=progress");
  ASSERT_EQ(xlsx.status, 200);
  auto wb = sheets::read_xlsx(xlsx.body);
  ASSERT_TRUE(wb.ok());
  EXPECT_EQ(wb->sheets.front().name, "进展情况");
  EXPECT_EQ(wb->sheets.front().rows.size(), 3u);
}

// ---- a measurement, not an assertion ----

// A 1,000-row workbook is imported whole (its speed is measured by bench/run.sh, not here).
TEST_F(ProjectsImport, ThousandRowWorkbook) {
  std::vector<std::vector<sheets::CellValue>> rows;
  for (int i = 1; i <= 1000; ++i) {
    Row r = row("2026-" + std::to_string(1000 + i));
    r.name = "民生项目第" + std::to_string(i) + "项";
    r.lead = i % 2 ? "社保所" : "甲村";
    r.coop = i % 2 ? "乙村、卫生院" : "";
    auto v = values(r);
    v[6] = 10.0 + i / 100.0;
    rows.push_back(std::move(v));
  }
  auto r = import(office, "一千行.xlsx", xlsx_of(rows), "2026");
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 500);
  EXPECT_EQ(r.json().at("created").as_int64(), 1000);
  EXPECT_EQ(project_count(s), 1000);
}

}  // namespace
}  // namespace minsheng::testing
