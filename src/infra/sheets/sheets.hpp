#pragma once
// Spreadsheets in and out (issue 4; ARCHITECTURE.md "XLSX / DOCX"): XLSX read with libzip + expat, written
// with libxlsxwriter; CSV read in UTF-8 (with or without BOM) or GB18030, detected; CSV written in UTF-8 with
// a BOM (what Excel and WPS open without asking). Only src/infra/sheets includes libzip, expat and
// libxlsxwriter.
//
// Readers never trust the file: sizes, entry counts, compression ratios, rows, columns and cell lengths are
// limited before the work is done, XML entities and DTDs are refused, and every failure is an Error with a
// Chinese message naming the place (sheet.* keys in the catalogue; field "file").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace minsheng::infra::sheets {

// One row as read: the cell texts from column A on (trailing empty cells dropped) and its 1-based row number
// as Excel shows it (rows that are wholly empty are skipped, so numbers can jump).
struct ReadRow {
  int number = 0;
  std::vector<std::string> cells;
};

struct Sheet {
  std::string name;
  std::vector<ReadRow> rows;
};

struct Workbook {
  std::vector<Sheet> sheets;  // in workbook order; hidden sheets included
};

struct ReadLimits {
  std::size_t max_rows = 10'000;             // data rows per sheet (sheet.too_many_rows)
  std::size_t max_columns = 100;             // sheet.too_many_columns
  std::size_t max_cell_chars = 32'767;       // Excel's own limit (sheet.cell_too_long)
  std::size_t max_entries = 1'000;           // zip entries
  std::size_t max_uncompressed = 64u << 20;  // all entries read, in bytes (sheet.too_large)
  std::size_t max_ratio = 100;  // uncompressed / compressed per entry, beyond 1 MiB (sheet.too_large)
  bool refuse_formulas = true;  // a cell with <f> -> sheet.formula, naming the first one
  bool refuse_merged = true;    // <mergeCells> with any range -> sheet.merged, naming the first range
};

enum class Format { Xlsx, Csv, Xls, Unknown };
// By the bytes, not the name: a zip (PK\3\4) is XLSX, an OLE2 compound file is a legacy .xls (or an encrypted
// XLSX), text that is valid UTF-8 or GB18030 is CSV, anything else Unknown.
Format sniff(std::string_view bytes);

Result<Workbook> read_xlsx(std::string_view bytes, const ReadLimits& limits = {});
// Separator ',' (or ';' / tab when the first line has those and no commas), RFC 4180 quotes, CRLF/LF/CR.
Result<Sheet> read_csv(std::string_view bytes, const ReadLimits& limits = {});
// sniff() then the right reader; a CSV becomes a one-sheet workbook named "CSV". Xls -> sheet.xls_legacy (or
// sheet.encrypted for an encrypted OOXML package), Unknown -> sheet.not_spreadsheet.
Result<Workbook> read_any(std::string_view bytes, const ReadLimits& limits = {});

// "A", "B", ..., "Z", "AA" for a 0-based column index.
std::string column_name(std::size_t index);

// ---- writing ----

using CellValue = std::variant<std::monostate, std::string, std::int64_t, double>;

struct Column {
  std::string header;
  double width = 14;                 // in Excel character units
  bool text = false;                 // text-formatted column ("@"): codes keep leading zeros
  std::vector<std::string> choices;  // a drop-down list (data validation) on the data rows
  std::string comment;               // a note on the header cell (e.g. how to fill the column)
  std::string number_format;         // e.g. "0.00" for money in 万元; "" for General
  bool wrap = false;                 // wrap long text
};

struct SheetSpec {
  std::string name;  // at most 31 characters, no []:*?/\ (the writer replaces them)
  // Text lines above the header row, one per row in column A (not merged: our reader refuses merged cells);
  // the first is bold (a title). The header then sits on row preamble.size() + 1 and the data below it.
  std::vector<std::string> preamble;
  std::vector<Column> columns;
  std::vector<std::vector<CellValue>> rows;  // data rows, written under the header row
  // When set (same length as rows): the 1-based row number of each data row, so a report can keep the row
  // numbers of the file it reports on (numbers must be increasing and below the header row: > 1 without a
  // preamble).
  std::vector<int> row_numbers;
  std::vector<std::size_t> highlight_rows;  // indices into rows, filled light red (error rows)
  std::vector<std::size_t> bold_rows;       // indices into rows, in bold (e.g. a totals row 合计)
  std::size_t validation_rows = 1000;       // drop-downs and text format reach this many data rows
  bool freeze_header = true;
  bool autofilter = true;
};

struct WorkbookSpec {
  std::vector<SheetSpec> sheets;
};

// The .xlsx bytes; sheet.write_failed if libxlsxwriter refuses.
Result<std::string> write_xlsx(const WorkbookSpec& spec);
// UTF-8 with BOM, CRLF, fields quoted when needed; numbers as plain decimals. Cells starting with = + - @
// (and tab/CR) are prefixed with ' so a spreadsheet never runs them as formulas (CSV injection).
std::string write_csv(const SheetSpec& sheet);

}  // namespace minsheng::infra::sheets
