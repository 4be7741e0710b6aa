#include "modules/projects/import_export.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "core/messages.hpp"
#include "core/text.hpp"
#include "core/unicode.hpp"
#include "http/parse/query.hpp"
#include "modules/projects/rules.hpp"

namespace minsheng::projects {
namespace {

namespace sheets = infra::sheets;
using namespace std::literals;

enum class Col {
  Code,
  Name,
  Category,
  Lead,
  Cooperating,
  Change,
  Funds,
  Beneficiaries,
  Address,
  Lat,
  Lng,
  System,
  Targets,
  Policy,
  Plain
};

struct ColumnDef {
  Col col;
  std::string_view header;
  bool required;
  double width;
  std::string_view help;
};

constexpr ColumnDef kColumns[] = {
    {Col::Code, "编号", true, 12, "本年度内唯一，如 2020-01；按文本填写，前导零会保留"},
    {Col::Name, "项目名称", true, 30, "不超过 100 个字"},
    {Col::Category, "类别", true, 10, "从下拉列表选择：工程类、补助类、服务类"},
    {Col::Lead, "牵头单位", true, 18, "本镇的部门或村（社区）名称，与系统中的单位名称一致"},
    {Col::Cooperating, "配合单位", false, 24, "可填多个，用顿号“、”分隔"},
    {Col::Change, "年度变化", true, 10, "从下拉列表选择：新增、完善、继续、调整退出"},
    {Col::Funds, "计划投资（万元）", false, 14, "数字，最多六位小数；不填视为 0"},
    {Col::Beneficiaries, "受益人数", false, 10, "整数，可不填"},
    {Col::Address, "建设地点", false, 24, "工程类项目的地点"},
    {Col::Lat, "纬度", false, 10, "十进制度数，如 31.86；与经度、坐标系同时填写或都不填"},
    {Col::Lng, "经度", false, 10, "十进制度数，如 117.28"},
    {Col::System, "坐标系", false, 10, "从下拉列表选择：CGCS2000、WGS-84、GCJ-02"},
    {Col::Targets, "目标任务", false, 30,
     "“名称：数量单位”，多项用分号“；”分隔，如：农村户厕改造：1200户；资源化利用站：2个"},
    {Col::Policy, "政策内容", false, 40, "政策原文，可多段"},
    {Col::Plain, "通俗解读", false, 40, "群众看得懂的说法，可多段"},
};

constexpr std::size_t kMaxCode = 32, kMaxName = 100, kMaxShort = 200, kMaxText = 20'000;

std::string clean_header(std::string_view h) {
  std::string s = nfkc(trim_ows(h));
  std::erase(s, '*');
  std::string out;
  for (char c : s)
    if (c != ' ') out += c;
  return out;
}

// Trims ASCII and full-width spaces.
std::string trim_all(std::string_view s) {
  std::string t(trim_ows(s));
  constexpr std::string_view kIdeographicSpace = "\u3000";
  while (t.starts_with(kIdeographicSpace))
    t.erase(0, kIdeographicSpace.size());
  while (t.ends_with(kIdeographicSpace))
    t.erase(t.size() - kIdeographicSpace.size());
  return std::string(trim_ows(t));
}

bool has_controls(std::string_view s, bool multiline) {
  for (unsigned char c : s) {
    if (c == '\n' || c == '\t' || c == '\r') {
      if (!multiline) return true;
      continue;
    }
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

std::string cut(std::string_view s, std::size_t max_chars) {
  std::string out;
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80 && n++ == max_chars) return out + "…";
    out += s[i];
  }
  return out;
}

// A number cell: plain decimal text, or what a spreadsheet stored for a typed number
// (e.g. 12.499999999999998).
std::optional<double> parse_number(std::string_view s) {
  std::string t;
  for (char c : s)
    if (c != ',') t += c;
  if (t.empty()) return std::nullopt;
  double v = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || p != t.data() + t.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<std::int64_t> parse_fen(std::string_view s) {
  if (auto f = wan_to_fen(s)) return f;
  auto v = parse_number(s);
  if (!v || *v < 0 || *v >= 1e7) return std::nullopt;
  return static_cast<std::int64_t>(std::llround(*v * 1'000'000));
}

std::vector<std::string> split_names(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    auto t = trim_all(cur);
    if (!t.empty()) out.push_back(t);
    cur.clear();
  };
  for (std::size_t i = 0; i < s.size();) {
    bool sep = false;
    for (auto d : {"、"sv, "，"sv, ","sv, "；"sv, ";"sv, "\n"sv}) {
      if (s.substr(i).starts_with(d)) {
        flush();
        i += d.size();
        sep = true;
        break;
      }
    }
    if (!sep) cur += s[i++];
  }
  flush();
  return out;
}

const sheets::Sheet* catalogue_of(const sheets::Workbook& wb) {
  for (const auto& s : wb.sheets)
    if (s.name == "项目清单") return &s;
  return wb.sheets.empty() ? nullptr : &wb.sheets.front();
}

std::string required_headers() {
  std::string out;
  for (const auto& c : kColumns) {
    if (!c.required) continue;
    if (!out.empty()) out += "、";
    out += c.header;
  }
  return out;
}

}  // namespace

Result<ParsedImport> parse_catalogue(const sheets::Workbook& wb, db::Connection& conn, std::int64_t town_id,
                                     int year, ImportMode mode) {
  ParsedImport out;
  out.sheet = catalogue_of(wb);
  auto no_header = [] {
    return Error{
        ErrorCode::Unprocessable,
        "error.invalid_field",
        {FieldError{"file", messages::format("sheet.no_header", {{"columns", required_headers()}})}}};
  };
  if (!out.sheet || out.sheet->rows.empty())
    return Error{ErrorCode::Unprocessable,
                 "error.invalid_field",
                 {FieldError{"file", std::string(messages::text("sheet.empty"))}}};
  // The header row: within the first five rows, the first that names the required columns.
  std::map<Col, std::size_t> index;
  std::size_t header_at = 0;
  bool found = false;
  for (std::size_t r = 0; r < out.sheet->rows.size() && r < 5 && !found; ++r) {
    std::map<Col, std::size_t> idx;
    const auto& cells = out.sheet->rows[r].cells;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const std::string h = clean_header(cells[c]);
      for (const auto& def : kColumns)
        if (h == clean_header(def.header) && !idx.contains(def.col)) idx[def.col] = c;
    }
    bool all = true;
    for (const auto& def : kColumns)
      if (def.required && !idx.contains(def.col)) all = false;
    if (all) {
      index = std::move(idx);
      header_at = r;
      found = true;
    }
  }
  if (!found) return no_header();
  out.header_row = out.sheet->rows[header_at].number;

  const auto units = town_units(conn, town_id);
  std::map<std::string, std::int64_t> existing;
  for (const auto& r :
       conn.query("SELECT id, code FROM projects WHERE town_id = $1 AND year = $2", {town_id, year}).rows)
    existing.emplace(r.text("code"), r.int64("id"));
  std::map<std::string, int> codes_in_file;

  for (std::size_t r = header_at + 1; r < out.sheet->rows.size(); ++r) {
    const auto& row = out.sheet->rows[r];
    auto cell = [&](Col c) -> std::string {
      auto it = index.find(c);
      if (it == index.end() || it->second >= row.cells.size()) return {};
      return row.cells[it->second];
    };
    bool blank = true;
    for (const auto& [c, i] : index)
      if (!trim_all(cell(c)).empty()) blank = false;
    if (blank) continue;

    const std::size_t before = out.problems.size();
    auto problem = [&](Col c, std::string reason) {
      const auto i = index.count(c) ? index.at(c) : 0;
      std::string header;
      for (const auto& def : kColumns)
        if (def.col == c) header = def.header;
      out.problems.push_back(ImportProblem{row.number, index.count(c) ? sheets::column_name(i) : "", header,
                                           cut(cell(c), 100), std::move(reason)});
    };
    auto label = [](Col c) {
      for (const auto& def : kColumns)
        if (def.col == c) return std::string(def.header);
      return std::string();
    };
    // Text checks shared by every column: valid UTF-8, no control characters, length.
    auto text = [&](Col c, std::size_t max, bool multiline, bool required) -> std::optional<std::string> {
      std::string v = multiline ? std::string(cell(c)) : trim_all(cell(c));
      if (multiline) {
        // Body text keeps its own characters (never normalised); only the line ends are unified.
        std::string t;
        for (std::size_t i = 0; i < v.size(); ++i) {
          if (v[i] == '\r') {
            if (i + 1 < v.size() && v[i + 1] == '\n') continue;
            t += '\n';
          } else {
            t += v[i];
          }
        }
        v = trim_all(t);
      }
      if (!http::parse::valid_utf8(v)) {
        problem(c, label(c) + "含有无效字符");
        return std::nullopt;
      }
      if (has_controls(v, multiline)) {
        problem(c, label(c) + "含有不可见的控制字符");
        return std::nullopt;
      }
      if (v.empty() && required) {
        problem(c, label(c) + "不能为空");
        return std::nullopt;
      }
      if (http::parse::utf8_length(v) > max) {
        problem(c, fmt::format("{}不能超过{}个字符", label(c), max));
        return std::nullopt;
      }
      return v;
    };

    ImportRow ir;
    ir.row = row.number;
    ProjectInput& in = ir.input;
    in.year = year;
    if (auto v = text(Col::Code, kMaxCode, false, true)) {
      in.code = nfkc(*v);
      if (auto seen = codes_in_file.find(in.code); seen != codes_in_file.end()) {
        problem(Col::Code, messages::format("project.import_duplicate",
                                            {{"code", in.code}, {"row", std::to_string(seen->second)}}));
      } else {
        codes_in_file.emplace(in.code, row.number);
        if (auto e = existing.find(in.code); e != existing.end()) {
          if (mode == ImportMode::Create)
            problem(Col::Code, messages::format("project.import_exists", {{"code", in.code}}));
          else
            ir.existing_id = e->second;
        }
      }
    }
    if (auto v = text(Col::Name, kMaxName, false, true)) in.name = *v;
    if (auto v = text(Col::Category, 20, false, true)) {
      if (auto c = category_from(nfkc(*v)))
        in.category = *c;
      else
        problem(Col::Category, "类别应为工程类、补助类或服务类");
    }
    if (auto v = text(Col::Change, 20, false, true)) {
      if (auto c = change_flag_from(nfkc(*v)))
        in.change_flag = *c;
      else
        problem(Col::Change, "年度变化应为新增、完善、继续或调整退出");
    }
    if (auto v = text(Col::Lead, kMaxShort, false, true)) {
      if (auto it = units.ids.find(*v); it != units.ids.end())
        in.lead_unit_id = it->second;
      else
        problem(Col::Lead, messages::format("project.unknown_unit", {{"name", *v}}));
    }
    if (auto v = text(Col::Cooperating, 1000, false, false)) {
      for (const auto& name : split_names(*v)) {
        auto it = units.ids.find(name);
        if (it == units.ids.end()) {
          problem(Col::Cooperating, messages::format("project.unknown_unit", {{"name", name}}));
          break;
        }
        if (it->second == in.lead_unit_id && in.lead_unit_id != 0) {
          problem(Col::Cooperating, std::string(messages::text("project.lead_in_cooperating")));
          break;
        }
        in.cooperating.push_back(it->second);
      }
    }
    if (auto v = text(Col::Funds, 30, false, false); v && !v->empty()) {
      if (auto f = parse_fen(nfkc(*v)))
        in.funds_planned = *f;
      else
        problem(Col::Funds, "计划投资应为以万元为单位的数字，如 125.5");
    }
    if (auto v = text(Col::Beneficiaries, 30, false, false); v && !v->empty()) {
      auto n = parse_number(nfkc(*v));
      if (n && *n >= 0 && *n < 1e12 && *n == std::floor(*n))
        in.beneficiaries = static_cast<std::int64_t>(*n);
      else
        problem(Col::Beneficiaries, "受益人数应为不小于 0 的整数");
    }
    if (auto v = text(Col::Address, kMaxShort, false, false)) in.address = *v;
    {
      auto lat = text(Col::Lat, 30, false, false);
      auto lng = text(Col::Lng, 30, false, false);
      auto sys = text(Col::System, 20, false, false);
      if (lat && lng && sys) {
        const bool any = !lat->empty() || !lng->empty() || !sys->empty();
        if (any) {
          auto la = parse_number(nfkc(*lat));
          auto lo = parse_number(nfkc(*lng));
          auto sy = coord_system_from(nfkc(*sys));
          bool ok = true;
          if (!la || *la < -90 || *la > 90) {
            problem(Col::Lat, "纬度应为 -90 到 90 之间的数字（与经度、坐标系同时填写）");
            ok = false;
          }
          if (!lo || *lo < -180 || *lo > 180) {
            problem(Col::Lng, "经度应为 -180 到 180 之间的数字（与纬度、坐标系同时填写）");
            ok = false;
          }
          if (!sy) {
            problem(Col::System, "坐标系应为 CGCS2000、WGS-84 或 GCJ-02");
            ok = false;
          }
          if (ok) in.location = Location{*la, *lo, *sy};
        }
      }
    }
    if (auto v = text(Col::Targets, 2000, true, false)) {
      auto t = parse_targets(*v);
      if (t)
        in.targets = std::move(t).value();
      else
        problem(Col::Targets, t.error().fields.front().message);
    }
    if (auto v = text(Col::Policy, kMaxText, true, false)) in.policy_text = *v;
    if (auto v = text(Col::Plain, kMaxText, true, false)) in.plain_text = *v;
    in.sort_order = static_cast<int>(out.rows.size() + 1);
    if (out.problems.size() == before) out.rows.push_back(std::move(ir));
  }
  if (out.rows.empty() && out.problems.empty())
    return Error{ErrorCode::Unprocessable,
                 "error.invalid_field",
                 {FieldError{"file", std::string(messages::text("sheet.empty"))}}};
  return out;
}

Result<std::string> error_report_xlsx(const ParsedImport& parsed) {
  sheets::SheetSpec s;
  s.name = parsed.sheet->name.empty() ? "项目清单" : parsed.sheet->name;
  std::map<int, std::string> reasons;
  for (const auto& p : parsed.problems) {
    auto& r = reasons[p.row];
    if (!r.empty()) r += "；";
    r += (p.column.empty() ? "" : p.column + " 列") + (p.header.empty() ? "" : "（" + p.header + "）") +
         "：" + p.reason;
  }
  std::size_t width = 0;
  const sheets::ReadRow* header = nullptr;
  for (const auto& row : parsed.sheet->rows) {
    if (row.number == parsed.header_row) header = &row;
    width = std::max(width, row.cells.size());
  }
  for (std::size_t c = 0; c < width; ++c) {
    sheets::Column col;
    col.header = header && c < header->cells.size() ? header->cells[c] : "";
    col.text = true;
    col.width = 16;
    s.columns.push_back(std::move(col));
  }
  s.columns.push_back(sheets::Column{.header = "错误原因", .width = 60, .wrap = true});
  for (const auto& row : parsed.sheet->rows) {
    if (row.number <= parsed.header_row) continue;
    std::vector<sheets::CellValue> cells;
    for (std::size_t c = 0; c < width; ++c)
      cells.emplace_back(c < row.cells.size() ? sheets::CellValue(row.cells[c]) : sheets::CellValue());
    auto it = reasons.find(row.number);
    cells.emplace_back(it == reasons.end() ? sheets::CellValue() : sheets::CellValue(it->second));
    if (it != reasons.end()) s.highlight_rows.push_back(s.rows.size());
    s.rows.push_back(std::move(cells));
    // Data rows keep their own row numbers (the header goes to row 1 even when a title row was above it).
    s.row_numbers.push_back(row.number);
  }
  s.validation_rows = 0;
  return sheets::write_xlsx(sheets::WorkbookSpec{{std::move(s)}});
}

Result<std::string> template_xlsx(db::Connection& conn, std::int64_t town_id) {
  sheets::SheetSpec s;
  s.name = "项目清单";
  std::vector<std::string> unit_names;
  for (const auto& [id, name] : town_units(conn, town_id).names)
    unit_names.push_back(name);
  for (const auto& def : kColumns) {
    sheets::Column c;
    c.header = std::string(def.header);
    c.width = def.width;
    c.comment = std::string(def.help);
    switch (def.col) {
      case Col::Code:
        c.text = true;
        break;
      case Col::Category:
        for (auto code : categories())
          c.choices.emplace_back(category_label(code));
        break;
      case Col::Change:
        for (auto code : change_flags())
          c.choices.emplace_back(change_flag_label(code));
        break;
      case Col::System:
        for (auto code : coord_systems())
          c.choices.emplace_back(coord_system_label(code));
        break;
      case Col::Lead:
        c.choices = unit_names;
        break;
      case Col::Funds:
        c.number_format = "0.00";
        break;
      case Col::Targets:
      case Col::Policy:
      case Col::Plain:
        c.wrap = true;
        break;
      default:
        break;
    }
    s.columns.push_back(std::move(c));
  }
  sheets::SheetSpec help;
  help.name = "填写说明";
  help.columns = {sheets::Column{.header = "列", .width = 18},
                  sheets::Column{.header = "填写要求", .width = 80, .wrap = true}};
  help.freeze_header = true;
  help.autofilter = false;
  help.validation_rows = 0;
  for (const auto& def : kColumns)
    help.rows.push_back({std::string(def.header) + (def.required ? "（必填）" : ""), std::string(def.help)});
  help.rows.push_back({"说明",
                       "从第 2 行开始填写，每行一个项目；不要合并单元格，不要使用公式。导入时先检查整个文件，"
                       "有任何错误都不会导入，系统会给出错误报告（原表格加“错误原因”列）。"});
  help.rows.push_back(
      {"示例",
       "2021-01 | 农村改厕及废弃物资源化利用 | 工程类 | 农业综合服务中心 | 城建办 | 继续 | 125.5 | "
       "1200 | 全镇各村 | | | | 农村户厕改造：1200户"});
  return sheets::write_xlsx(sheets::WorkbookSpec{{std::move(s), std::move(help)}});
}

sheets::SheetSpec catalogue_sheet(db::Connection& conn, std::int64_t town_id, int year) {
  sheets::SheetSpec s;
  s.name = "项目清单";
  for (const auto& def : kColumns)
    s.columns.push_back(sheets::Column{.header = std::string(def.header),
                                       .width = def.width,
                                       .text = def.col == Col::Code,
                                       .number_format = def.col == Col::Funds ? "0.00" : "",
                                       .wrap = def.col == Col::Policy || def.col == Col::Plain});
  s.columns.push_back(sheets::Column{.header = "累计拨付（万元）", .width = 14, .number_format = "0.00"});
  s.columns.push_back(sheets::Column{.header = "进度（%）", .width = 10});
  s.columns.push_back(sheets::Column{.header = "状态", .width = 10});
  s.columns.push_back(sheets::Column{.header = "最近填报", .width = 12});
  s.validation_rows = 0;
  for (const auto& r :
       conn.query("SELECT id FROM projects WHERE town_id = $1 AND year = $2 ORDER BY sort_order, id",
                  {town_id, year})
           .rows) {
    auto p = load_project(conn, r.int64("id"));
    std::string coop;
    for (const auto& u : p->cooperating)
      coop += (coop.empty() ? "" : "、") + u.name;
    std::vector<sheets::CellValue> row = {
        p->code,
        p->name,
        std::string(category_label(p->category)),
        p->lead_unit.name,
        coop,
        std::string(change_flag_label(p->change_flag)),
        static_cast<double>(p->funds_planned) / 1'000'000.0,
        p->beneficiaries ? sheets::CellValue(*p->beneficiaries) : sheets::CellValue(),
        p->address,
        p->location ? sheets::CellValue(p->location->lat) : sheets::CellValue(),
        p->location ? sheets::CellValue(p->location->lng) : sheets::CellValue(),
        p->location ? sheets::CellValue(std::string(coord_system_label(p->location->system)))
                    : sheets::CellValue(),
        format_targets(p->targets),
        p->policy_text,
        p->plain_text,
        static_cast<double>(p->current.funds_disbursed) / 1'000'000.0,
        static_cast<std::int64_t>(p->current.progress_pct),
        std::string(status_label(p->current.status)),
        p->current.report_date.value_or(""),
    };
    s.rows.push_back(std::move(row));
  }
  return s;
}

sheets::SheetSpec progress_sheet(db::Connection& conn, std::int64_t town_id, int year) {
  sheets::SheetSpec s;
  s.name = "进展情况";
  s.columns = {sheets::Column{.header = "编号", .width = 12, .text = true},
               sheets::Column{.header = "项目名称", .width = 30},
               sheets::Column{.header = "填报日期", .width = 12},
               sheets::Column{.header = "进度（%）", .width = 10},
               sheets::Column{.header = "累计拨付（万元）", .width = 14, .number_format = "0.00"},
               sheets::Column{.header = "状态", .width = 10},
               sheets::Column{.header = "进展情况", .width = 50, .wrap = true},
               sheets::Column{.header = "照片数", .width = 8},
               sheets::Column{.header = "填报人", .width = 14}};
  s.validation_rows = 0;
  for (const auto& r :
       conn.query("SELECT id, code, name FROM projects WHERE town_id = $1 AND year = $2 ORDER BY "
                  "sort_order, id",
                  {town_id, year})
           .rows) {
    auto timeline = load_progress(conn, r.int64("id"));
    std::reverse(timeline.begin(), timeline.end());  // oldest first, as a ledger reads
    for (const auto& u : timeline)
      s.rows.push_back(
          {r.text("code"), r.text("name"), u.report_date, static_cast<std::int64_t>(u.progress_pct),
           static_cast<double>(u.funds_disbursed) / 1'000'000.0, std::string(status_label(u.status)), u.note,
           static_cast<std::int64_t>(u.photos.size()), u.created_by_name});
  }
  return s;
}

}  // namespace minsheng::projects
