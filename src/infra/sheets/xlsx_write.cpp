// write_xlsx(): libxlsxwriter into a private temporary directory (0700, removed on return), read back.
#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <tuple>

#include "core/text.hpp"
#include "infra/sheets/internal.hpp"
#include "infra/sheets/sheets.hpp"

namespace minsheng::infra::sheets {

namespace {

using detail::sheet_error;

constexpr std::size_t kMaxSheetName = 31;
constexpr std::size_t kMaxInlineList = 255;  // Excel's limit on a comma-joined list validation
constexpr lxw_color_t kHeaderFill = 0xD9D9D9;
constexpr lxw_color_t kHighlightFill = 0xFFC7CE;
constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53: larger integers are written as text

Error write_failed() {
  return sheet_error(ErrorCode::Internal, "sheet.write_failed");
}

// The text of a cell as stored: valid UTF-8, and a literal "_xHHHH_" escaped as "_x005F_xHHHH_" (Excel and
// every reader decode _xHHHH_; libxlsxwriter escapes control characters that way but not the literal).
std::string cell_text(std::string_view s) {
  std::string text = detail::sanitize_utf8(s);
  if (text.find("_x") == std::string::npos) return text;
  auto is_hex = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
  };
  std::string out;
  out.reserve(text.size() + 16);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '_' && i + 7 <= text.size() && text[i + 1] == 'x' && is_hex(text[i + 2]) &&
        is_hex(text[i + 3]) && is_hex(text[i + 4]) && is_hex(text[i + 5]) && text[i + 6] == '_') {
      out += "_x005F";
    }
    out += text[i];
  }
  return out;
}

// A directory only this call uses; removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::error_code ec;
    auto base = std::filesystem::temp_directory_path(ec);
    if (ec) return;
    std::string tmpl = (base / "minsheng-xlsx-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;  // mode 0700
  }
  ~TempDir() {
    if (path_.empty()) return;
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  bool ok() const { return !path_.empty(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Closes (and frees) the workbook on every path; close() reports whether the file was written.
class WorkbookHandle {
 public:
  explicit WorkbookHandle(lxw_workbook* wb) : wb_(wb) {}
  ~WorkbookHandle() {
    if (wb_ != nullptr) workbook_close(wb_);
  }
  WorkbookHandle(const WorkbookHandle&) = delete;
  WorkbookHandle& operator=(const WorkbookHandle&) = delete;

  lxw_workbook* get() const { return wb_; }
  bool close() {
    const lxw_error e = workbook_close(wb_);
    wb_ = nullptr;
    return e == LXW_NO_ERROR;
  }

 private:
  lxw_workbook* wb_;
};

// The few cell formats a sheet uses, made once per workbook.
class Formats {
 public:
  explicit Formats(lxw_workbook* wb) : wb_(wb) {}

  lxw_format* header() {
    if (header_ == nullptr) {
      header_ = workbook_add_format(wb_);
      format_set_bold(header_);
      format_set_pattern(header_, LXW_PATTERN_SOLID);
      format_set_bg_color(header_, kHeaderFill);
      format_set_border(header_, LXW_BORDER_THIN);
      format_set_align(header_, LXW_ALIGN_CENTER);
      format_set_align(header_, LXW_ALIGN_VERTICAL_CENTER);
      format_set_text_wrap(header_);
    }
    return header_;
  }

  // The first preamble line (a title): bold, a little larger.
  lxw_format* title() {
    if (title_ == nullptr) {
      title_ = workbook_add_format(wb_);
      format_set_bold(title_);
      format_set_font_size(title_, 14);
    }
    return title_;
  }

  // nullptr for a plain cell (General, no fill).
  lxw_format* cell(const Column* col, bool highlight, bool bold = false) {
    const bool text = col != nullptr && col->text;
    const std::string num = col == nullptr ? std::string() : text ? std::string("@") : col->number_format;
    const bool wrap = col != nullptr && col->wrap;
    if (num.empty() && !wrap && !highlight && !bold) return nullptr;
    auto key = std::make_tuple(num, wrap, highlight, bold);
    if (auto it = cells_.find(key); it != cells_.end()) return it->second;
    lxw_format* f = workbook_add_format(wb_);
    if (!num.empty()) format_set_num_format(f, num.c_str());
    if (wrap) {
      format_set_text_wrap(f);
      format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    }
    if (highlight) {
      format_set_pattern(f, LXW_PATTERN_SOLID);
      format_set_bg_color(f, kHighlightFill);
    }
    if (bold) format_set_bold(f);
    cells_.emplace(std::move(key), f);
    return f;
  }

 private:
  lxw_workbook* wb_;
  lxw_format* header_ = nullptr;
  lxw_format* title_ = nullptr;
  std::map<std::tuple<std::string, bool, bool, bool>, lxw_format*> cells_;
};

// Excel's rules: at most 31 characters, none of []:*?/\, not starting or ending with ', unique (ignoring
// case), not empty.
std::string sheet_name(std::string_view wanted, std::size_t index, std::set<std::string>& taken) {
  std::string name;
  for (char c : detail::sanitize_utf8(wanted)) {
    const bool bad = c == '[' || c == ']' || c == ':' || c == '*' || c == '?' || c == '/' || c == '\\';
    name += bad ? '_' : c;
  }
  while (!name.empty() && name.front() == '\'')
    name.erase(name.begin());
  while (!name.empty() && name.back() == '\'')
    name.pop_back();
  auto truncate = [](std::string s, std::size_t chars) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if ((static_cast<std::uint8_t>(s[i]) & 0xc0) != 0x80 && count++ == chars) {
        s.resize(i);
        break;
      }
    }
    return s;
  };
  name = truncate(name, kMaxSheetName);
  if (name.empty()) name = "Sheet" + std::to_string(index + 1);
  std::string candidate = name;
  for (int n = 2; taken.contains(ascii_lower(candidate)); ++n) {
    const std::string suffix = "(" + std::to_string(n) + ")";
    candidate = truncate(name, kMaxSheetName - suffix.size()) + suffix;
  }
  taken.insert(ascii_lower(candidate));
  return candidate;
}

// A drop-down list goes inline when it is short: at most 255 *bytes* joined with commas (Excel allows 255
// characters, but libxlsxwriter 1.1.4 joins the list into a 258-byte buffer: longer UTF-8 overflows it and
// aborts), no empty choice, no comma or quote in a choice. Otherwise its choices go to a column of the hidden
// lists sheet.
bool fits_inline(const std::vector<std::string>& choices) {
  std::size_t bytes = choices.empty() ? 0 : choices.size() - 1;
  for (const auto& c : choices) {
    if (c.empty() || c.find_first_of(",\"") != std::string::npos) return false;
    bytes += c.size();
  }
  return bytes <= kMaxInlineList;
}

// A drop-down whose choices are the cells of `range` (a reference, without "=").
lxw_error add_range_list(lxw_worksheet* ws, lxw_row_t first_row, lxw_col_t col, lxw_row_t last_row,
                         lxw_data_validation dv, const std::string& range) {
#if LXW_VERSION_ID <= 114
  // libxlsxwriter 1.1.4 copies a LIST_FORMULA's formula twice and leaks the first copy. A LIST validation
  // keeps its quoted list in the same field and writes it as <formula1> verbatim: add one with a placeholder,
  // then put the range in its place (the library frees it with the worksheet).
  std::string placeholder = "-";
  char* list[] = {placeholder.data(), nullptr};
  dv.validate = LXW_VALIDATION_TYPE_LIST;
  dv.value_list = list;
  if (lxw_error e = worksheet_data_validation_range(ws, first_row, col, last_row, col, &dv);
      e != LXW_NO_ERROR) {
    return e;
  }
  lxw_data_val_obj* added = nullptr;
  lxw_data_val_obj* it = nullptr;
  STAILQ_FOREACH(it, ws->data_validations, list_pointers) {
    added = it;
  }
  if (added == nullptr) return LXW_ERROR_PARAMETER_VALIDATION;
  char* formula = ::strdup(range.c_str());
  if (formula == nullptr) return LXW_ERROR_MEMORY_MALLOC_FAILED;
  std::free(added->value_formula);
  added->value_formula = formula;
  return LXW_NO_ERROR;
#else
  std::string formula = "=" + range;
  dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
  dv.value_formula = formula.data();
  return worksheet_data_validation_range(ws, first_row, col, last_row, col, &dv);
#endif
}

struct ListPlacement {
  std::map<std::pair<std::size_t, std::size_t>, std::size_t> column;  // (sheet, column) -> lists column
  std::vector<const std::vector<std::string>*> lists;
};

std::string list_range(const std::string& lists_sheet, std::size_t list_col, std::size_t count) {
  const std::string col = column_name(list_col);
  return "'" + lists_sheet + "'!$" + col + "$1:$" + col + "$" + std::to_string(count);
}

Status write_value(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const CellValue& v, lxw_format* f) {
  lxw_error e = LXW_NO_ERROR;
  if (const auto* s = std::get_if<std::string>(&v); s != nullptr && !s->empty()) {
    e = worksheet_write_string(ws, row, col, cell_text(*s).c_str(), f);
  } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
    const auto d = static_cast<double>(*i);
    if (std::fabs(d) < kMaxExactInteger) {
      e = worksheet_write_number(ws, row, col, d, f);
    } else {
      e = worksheet_write_string(ws, row, col, std::to_string(*i).c_str(), f);  // keeps every digit
    }
  } else if (const auto* x = std::get_if<double>(&v); x != nullptr && std::isfinite(*x)) {
    e = worksheet_write_number(ws, row, col, *x, f);
  } else if (f != nullptr) {  // empty (or NaN): a blank cell keeps its format (fill, text)
    e = worksheet_write_blank(ws, row, col, f);
  }
  return e == LXW_NO_ERROR ? Status{} : Status{write_failed()};
}

Status write_sheet(lxw_worksheet* ws, std::size_t sheet_index, const SheetSpec& spec, Formats& formats,
                   const ListPlacement& lists, const std::string& lists_sheet) {
  const std::size_t ncols = spec.columns.size();
  if (ncols > LXW_COL_MAX) return write_failed();
  if (spec.preamble.size() + spec.rows.size() >= LXW_ROW_MAX) return write_failed();
  // 0-based row of the header; data from the next row on.
  const auto header_row = static_cast<lxw_row_t>(spec.preamble.size());
  for (std::size_t i = 0; i < spec.preamble.size(); ++i) {
    if (spec.preamble[i].empty()) continue;
    const std::string line = cell_text(spec.preamble[i]);
    if (worksheet_write_string(ws, static_cast<lxw_row_t>(i), 0, line.c_str(),
                               i == 0 ? formats.title() : nullptr) != LXW_NO_ERROR) {
      return write_failed();
    }
  }
  if (!spec.row_numbers.empty()) {
    if (spec.row_numbers.size() != spec.rows.size()) return write_failed();
    int prev = static_cast<int>(header_row) + 1;
    for (int n : spec.row_numbers) {
      if (n <= prev || n > static_cast<int>(LXW_ROW_MAX)) return write_failed();
      prev = n;
    }
  }
  if (spec.rows.size() >= LXW_ROW_MAX) return write_failed();

  for (std::size_t c = 0; c < ncols; ++c) {
    const Column& col = spec.columns[c];
    const auto cc = static_cast<lxw_col_t>(c);
    if (worksheet_set_column(ws, cc, cc, col.width, formats.cell(&col, false)) != LXW_NO_ERROR) {
      return write_failed();
    }
    const std::string header = cell_text(col.header);
    if (worksheet_write_string(ws, header_row, cc, header.c_str(), formats.header()) != LXW_NO_ERROR) {
      return write_failed();
    }
    if (!col.comment.empty()) {
      const std::string comment = detail::sanitize_utf8(col.comment);
      // A box wide enough for a sentence and tall enough for the lines it wraps to (about 30 columns each;
      // CJK characters take two).
      lxw_comment_options opt{};
      opt.width = 240;
      const std::size_t lines = display_width(comment) / 30 + 1;
      opt.height = static_cast<std::uint16_t>(std::min<std::size_t>(lines * 20 + 20, 400));
      if (worksheet_write_comment_opt(ws, header_row, cc, comment.c_str(), &opt) != LXW_NO_ERROR)
        return write_failed();
    }
  }

  const std::set<std::size_t> highlight(spec.highlight_rows.begin(), spec.highlight_rows.end());
  const std::set<std::size_t> bold(spec.bold_rows.begin(), spec.bold_rows.end());
  lxw_row_t last_row = header_row;
  std::set<lxw_row_t> used_rows;
  for (std::size_t i = 0; i < spec.rows.size(); ++i) {
    const auto row =
        static_cast<lxw_row_t>(spec.row_numbers.empty() ? header_row + 1 + i : spec.row_numbers[i] - 1);
    last_row = row;
    used_rows.insert(row);
    const auto& cells = spec.rows[i];
    const bool lit = highlight.contains(i);
    const bool strong = bold.contains(i);
    const std::size_t width = std::max(ncols, cells.size());
    if (width > LXW_COL_MAX) return write_failed();
    for (std::size_t c = 0; c < width; ++c) {
      const Column* col = c < ncols ? &spec.columns[c] : nullptr;
      static const CellValue kEmpty;
      const CellValue& v = c < cells.size() ? cells[c] : kEmpty;
      lxw_format* f = formats.cell(col, lit, strong);
      if (auto st = write_value(ws, row, static_cast<lxw_col_t>(c), v, f); !st) return st;
    }
  }

  // Drop-downs and the text format reach validation_rows data rows (and every row written).
  const lxw_row_t first_data = header_row + 1;
  const std::size_t max_row = static_cast<std::size_t>(LXW_ROW_MAX) - 1;
  const auto reach = static_cast<lxw_row_t>(
      std::min<std::size_t>(header_row + std::min<std::size_t>(spec.validation_rows, max_row), max_row));
  const lxw_row_t last_validated = std::max(reach, last_row);  // last_row <= LXW_ROW_MAX - 1 (checked above)
  if (last_validated >= first_data) {
    for (std::size_t c = 0; c < ncols; ++c) {
      const Column& col = spec.columns[c];
      const auto cc = static_cast<lxw_col_t>(c);
      if (col.text) {
        lxw_format* f = formats.cell(&col, false);
        for (lxw_row_t r = first_data; r <= reach; ++r) {
          if (!used_rows.contains(r) && worksheet_write_blank(ws, r, cc, f) != LXW_NO_ERROR)
            return write_failed();
        }
      }
      if (col.choices.empty()) continue;
      lxw_data_validation dv{};
      dv.ignore_blank = LXW_VALIDATION_ON;
      dv.show_input = LXW_VALIDATION_ON;
      dv.show_error = LXW_VALIDATION_ON;
      dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
      dv.dropdown = LXW_VALIDATION_ON;
      std::string error_title = "输入有误";
      std::string error_message = "请从下拉列表中选择";
      dv.error_title = error_title.data();
      dv.error_message = error_message.data();
      lxw_error e = LXW_NO_ERROR;
      if (auto it = lists.column.find({sheet_index, c}); it != lists.column.end()) {
        e = add_range_list(ws, first_data, cc, last_validated, dv,
                           list_range(lists_sheet, it->second, col.choices.size()));
      } else {
        std::vector<std::string> owned;
        std::vector<char*> list;
        for (const auto& choice : col.choices)
          owned.push_back(detail::sanitize_utf8(choice));
        for (auto& s : owned)
          list.push_back(s.data());
        list.push_back(nullptr);
        dv.validate = LXW_VALIDATION_TYPE_LIST;
        dv.value_list = list.data();
        e = worksheet_data_validation_range(ws, first_data, cc, last_validated, cc, &dv);
      }
      if (e != LXW_NO_ERROR) return write_failed();
    }
  }

  if (spec.freeze_header) worksheet_freeze_panes(ws, first_data, 0);
  if (spec.autofilter && ncols > 0) {
    if (worksheet_autofilter(ws, header_row, 0, last_row, static_cast<lxw_col_t>(ncols - 1)) !=
        LXW_NO_ERROR) {
      return write_failed();
    }
  }
  return {};
}

}  // namespace

Result<std::string> write_xlsx(const WorkbookSpec& spec) {
  TempDir dir;
  if (!dir.ok()) return write_failed();
  const std::string file = (dir.path() / "book.xlsx").string();
  std::string tmpdir = dir.path().string();
  lxw_workbook_options options{};
  options.constant_memory = LXW_FALSE;
  options.tmpdir = tmpdir.data();
  options.use_zip64 = LXW_FALSE;
  WorkbookHandle wb(workbook_new_opt(file.c_str(), &options));
  if (wb.get() == nullptr) return write_failed();
  Formats formats(wb.get());

  // Names first (the lists sheet must not take one of the spec's), then where each long list goes.
  std::set<std::string> taken;
  std::vector<std::string> names;
  for (std::size_t s = 0; s < spec.sheets.size(); ++s)
    names.push_back(sheet_name(spec.sheets[s].name, s, taken));
  ListPlacement lists;
  for (std::size_t s = 0; s < spec.sheets.size(); ++s) {
    const auto& columns = spec.sheets[s].columns;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (columns[c].choices.empty() || fits_inline(columns[c].choices)) continue;
      if (columns[c].choices.size() >= LXW_ROW_MAX || lists.lists.size() >= LXW_COL_MAX)
        return write_failed();
      lists.column[{s, c}] = lists.lists.size();
      lists.lists.push_back(&columns[c].choices);
    }
  }
  const std::string lists_sheet =
      lists.lists.empty() ? std::string() : sheet_name("_lists", names.size(), taken);

  for (std::size_t s = 0; s < spec.sheets.size(); ++s) {
    lxw_worksheet* ws = workbook_add_worksheet(wb.get(), names[s].c_str());
    if (ws == nullptr) return write_failed();
    if (auto st = write_sheet(ws, s, spec.sheets[s], formats, lists, lists_sheet); !st)
      return st.take_error();
  }
  if (!lists.lists.empty()) {
    lxw_worksheet* ws = workbook_add_worksheet(wb.get(), lists_sheet.c_str());
    if (ws == nullptr) return write_failed();
    for (std::size_t k = 0; k < lists.lists.size(); ++k) {
      const auto& choices = *lists.lists[k];
      for (std::size_t r = 0; r < choices.size(); ++r) {
        const std::string v = cell_text(choices[r]);
        if (worksheet_write_string(ws, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(k), v.c_str(),
                                   nullptr) != LXW_NO_ERROR) {
          return write_failed();
        }
      }
    }
    worksheet_hide(ws);
  }
  if (!wb.close()) return write_failed();

  std::ifstream in(file, std::ios::binary);
  if (!in) return write_failed();
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad() || bytes.empty()) return write_failed();
  return bytes;
}

}  // namespace minsheng::infra::sheets
