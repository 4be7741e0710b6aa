#pragma once
// The catalogue as a spreadsheet (issue 4): the import template, the import (validate the whole file, then
// all-or-nothing), the per-row error report, and the exports. The columns are one table used by all four, so
// an exported catalogue imports back unchanged.
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "db/db.hpp"
#include "infra/sheets/sheets.hpp"
#include "modules/projects/service.hpp"

namespace minsheng::projects {

struct ImportProblem {
  int row = 0;         // as Excel shows it
  std::string column;  // "C"
  std::string header;  // "类别"
  std::string value;   // the cell's text (cut to 100 characters)
  std::string reason;  // Chinese
};

struct ImportRow {
  int row = 0;
  ProjectInput input;
  std::optional<std::int64_t> existing_id;  // upsert: the project with this code
};

struct ParsedImport {
  const infra::sheets::Sheet* sheet = nullptr;  // the sheet read (points into the workbook)
  int header_row = 0;
  std::vector<ImportRow> rows;
  std::vector<ImportProblem> problems;
};

enum class ImportMode { Create, Upsert };

// Reads and validates every row against the town (units by name, codes unique in file and year). File-level
// problems (no catalogue sheet, no header) are an Error; cell-level ones are listed in `problems`.
Result<ParsedImport> parse_catalogue(const infra::sheets::Workbook& wb, db::Connection& conn,
                                     std::int64_t town_id, int year, ImportMode mode);

// The uploaded sheet with a last column 错误原因 (rows keep their numbers; rows with problems filled red).
Result<std::string> error_report_xlsx(const ParsedImport& parsed);

Result<std::string> template_xlsx(db::Connection& conn, std::int64_t town_id);
// The catalogue of a year (import columns plus the current figures) and the progress timeline.
infra::sheets::SheetSpec catalogue_sheet(db::Connection& conn, std::int64_t town_id, int year);
infra::sheets::SheetSpec progress_sheet(db::Connection& conn, std::int64_t town_id, int year);

}  // namespace minsheng::projects
