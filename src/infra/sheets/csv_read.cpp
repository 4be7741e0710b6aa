// read_csv(): UTF-8 (with or without BOM) or GB18030, RFC 4180 quotes, CRLF/LF/CR, ',' ';' or tab.
#include <cstdint>

#include "infra/sheets/internal.hpp"
#include "infra/sheets/sheets.hpp"

namespace minsheng::infra::sheets {

namespace {

using detail::sheet_error;

constexpr std::string_view kUtf8Bom{"\xEF\xBB\xBF", 3};

// ',' unless the first record (up to a line break outside quotes) has none and has ';' or tabs.
char detect_separator(std::string_view text) {
  std::size_t commas = 0;
  std::size_t semicolons = 0;
  std::size_t tabs = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted) {
      if (c == '\r' || c == '\n') break;
      commas += c == ',';
      semicolons += c == ';';
      tabs += c == '\t';
    }
  }
  if (commas > 0 || (semicolons == 0 && tabs == 0)) return ',';
  return tabs > semicolons ? '\t' : ';';
}

class Parser {
 public:
  Parser(std::string_view text, char sep, const ReadLimits& limits)
      : text_(text), sep_(sep), limits_(limits) {}

  Result<Sheet> run() {
    std::size_t i = 0;
    const std::size_t n = text_.size();
    while (i < n) {
      const char c = text_[i];
      if (!row_started_) {
        row_started_ = true;
        row_line_ = line_;
      }
      if (in_quotes_) {
        if (c == '"') {
          if (i + 1 < n && text_[i + 1] == '"') {
            field_ += '"';
            i += 2;
          } else {
            in_quotes_ = false;
            ++i;
          }
        } else if (c == '\r' || c == '\n') {  // a line break inside a cell: kept as "\n", same row
          field_ += '\n';
          i += (c == '\r' && i + 1 < n && text_[i + 1] == '\n') ? 2 : 1;
        } else {
          field_ += c;
          ++i;
        }
        if (auto st = check_field_length(); !st) return st.take_error();
        continue;
      }
      if (c == sep_) {
        if (auto st = end_field(); !st) return st.take_error();
        ++i;
      } else if (c == '\r' || c == '\n') {
        i += (c == '\r' && i + 1 < n && text_[i + 1] == '\n') ? 2 : 1;
        if (auto st = end_row(); !st) return st.take_error();
        ++line_;
      } else if (c == '"' && !field_started_) {
        in_quotes_ = true;
        field_started_ = true;
        ++i;
      } else {
        field_ += c;  // a quote inside an unquoted cell is kept as written (as Excel does)
        field_started_ = true;
        ++i;
        if (auto st = check_field_length(); !st) return st.take_error();
      }
    }
    if (in_quotes_) {
      return sheet_error(ErrorCode::Unprocessable, "sheet.csv_quote", {{"row", std::to_string(row_line_)}});
    }
    if (row_started_) {
      if (auto st = end_row(); !st) return st.take_error();
    }
    return std::move(sheet_);
  }

 private:
  // Bounds the memory of one cell before it ends: a UTF-8 character has at most 4 bytes.
  Status check_field_length() {
    if (field_.size() > detail::cell_byte_bound(limits_.max_cell_chars))
      return detail::cell_too_long(row_line_, cells_ + pending_empty_, limits_.max_cell_chars);
    return {};
  }

  Status end_field() {
    if (field_.empty()) {
      ++pending_empty_;
    } else {
      const std::size_t col = cells_ + pending_empty_;
      if (col >= limits_.max_columns) {
        return sheet_error(ErrorCode::Unprocessable, "sheet.too_many_columns",
                           {{"max", std::to_string(limits_.max_columns)}});
      }
      if (detail::utf8_length(field_) > limits_.max_cell_chars) {
        return detail::cell_too_long(row_line_, col, limits_.max_cell_chars);
      }
      row_.resize(col);  // the empty cells before this one
      row_.push_back(std::move(field_));
      cells_ = col + 1;
      pending_empty_ = 0;
    }
    field_.clear();
    field_started_ = false;
    return {};
  }

  Status end_row() {
    if (auto st = end_field(); !st) return st;
    row_started_ = false;
    pending_empty_ = 0;
    if (row_.empty()) return {};  // a wholly empty row (trailing empty cells are never stored)
    // The header row and at most max_rows data rows.
    if (sheet_.rows.size() >= limits_.max_rows + 1) {
      return sheet_error(ErrorCode::ContentTooLarge, "sheet.too_many_rows",
                         {{"max", std::to_string(limits_.max_rows)}});
    }
    sheet_.rows.push_back(ReadRow{row_line_, std::move(row_)});
    row_.clear();
    cells_ = 0;
    return {};
  }

  std::string_view text_;
  char sep_;
  const ReadLimits& limits_;
  Sheet sheet_;
  std::vector<std::string> row_;
  std::string field_;
  std::size_t cells_ = 0;          // cells stored in row_
  std::size_t pending_empty_ = 0;  // empty cells seen since, stored only if a non-empty cell follows
  // Rows are numbered as Excel or WPS show the opened CSV: one per record (blank records count), so a cell
  // with line breaks inside quotes does not shift the numbers of the rows after it.
  int line_ = 1;      // the record being read
  int row_line_ = 1;  // the record the current row is
  bool row_started_ = false;
  bool field_started_ = false;
  bool in_quotes_ = false;
};

}  // namespace

Result<Sheet> read_csv(std::string_view bytes, const ReadLimits& limits) {
  if (bytes.size() > limits.max_uncompressed)
    return sheet_error(ErrorCode::ContentTooLarge, "sheet.too_large");
  if (bytes.find('\0') != std::string_view::npos)
    return sheet_error(ErrorCode::Unprocessable, "sheet.encoding");
  std::string decoded;
  std::string_view text;
  if (bytes.starts_with(kUtf8Bom)) {
    text = bytes.substr(kUtf8Bom.size());
    if (!detail::valid_utf8(text)) return sheet_error(ErrorCode::Unprocessable, "sheet.encoding");
  } else if (detail::valid_utf8(bytes)) {
    text = bytes;
  } else if (auto utf8 = detail::gb18030_to_utf8(bytes)) {
    decoded = std::move(*utf8);
    text = decoded;
  } else {
    return sheet_error(ErrorCode::Unprocessable, "sheet.encoding");
  }
  Parser parser(text, detect_separator(text), limits);
  auto sheet = parser.run();
  if (!sheet) return sheet;
  if (sheet->rows.empty()) return sheet_error(ErrorCode::Unprocessable, "sheet.empty");
  return sheet;
}

}  // namespace minsheng::infra::sheets
