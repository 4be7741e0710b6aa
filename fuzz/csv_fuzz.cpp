// read_csv (sheets) with small limits. Properties: the limits hold; cells are valid UTF-8 without NUL; the
// last cell of a row is not empty; row numbers (physical lines) increase strictly; errors are "file" field
// errors with a documented status; and what was read survives write_csv -> read_csv (with the formula guard's
// ').
#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "fuzz_check.hpp"
#include "infra/sheets/sheets.hpp"

using namespace minsheng;
using namespace minsheng::infra::sheets;
using minsheng::fuzz::as_view;
using minsheng::fuzz::code_points;
using minsheng::fuzz::reference_utf8;

namespace {

ReadLimits small_limits() {
  ReadLimits l;
  l.max_rows = 50;
  l.max_columns = 20;
  l.max_cell_chars = 200;
  l.max_uncompressed = 64 * 1024;
  return l;
}

bool guarded(const std::string& c) {
  return !c.empty() &&
         (c[0] == '=' || c[0] == '+' || c[0] == '-' || c[0] == '@' || c[0] == '\t' || c[0] == '\r');
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in = as_view(data, size);
  const ReadLimits lim = small_limits();
  auto r = read_csv(in, lim);
  if (!r.ok()) {
    const Error& e = r.error();
    FUZZ_CHECK(e.code == ErrorCode::Unprocessable || e.code == ErrorCode::ContentTooLarge);
    FUZZ_CHECK(e.key == "error.invalid_field");
    FUZZ_CHECK(e.fields.size() == 1 && e.fields[0].field == "file" && !e.fields[0].message.empty());
    return 0;
  }
  FUZZ_CHECK(!r->rows.empty() && r->rows.size() <= lim.max_rows + 1);
  int last = 0;
  SheetSpec spec;  // no columns: the header line is empty (and skipped when read back)
  for (const ReadRow& row : r->rows) {
    FUZZ_CHECK(row.number > last);
    last = row.number;
    FUZZ_CHECK(!row.cells.empty() && row.cells.size() <= lim.max_columns);
    FUZZ_CHECK(!row.cells.back().empty());
    std::vector<CellValue> values;
    for (const std::string& c : row.cells) {
      FUZZ_CHECK(reference_utf8(c, /*allow_nul=*/false));
      FUZZ_CHECK(code_points(c).size() <= lim.max_cell_chars);
      FUZZ_CHECK(c.find('\r') == std::string::npos);  // line breaks in cells are "\n"
      values.emplace_back(c);
    }
    spec.rows.push_back(std::move(values));
  }

  ReadLimits again = lim;
  again.max_cell_chars = lim.max_cell_chars + 1;  // the guard's '
  again.max_uncompressed = 16u << 20;
  auto back = read_csv(write_csv(spec), again);
  FUZZ_CHECK(back.ok());
  FUZZ_CHECK(back->rows.size() == r->rows.size());
  for (std::size_t i = 0; i < r->rows.size(); ++i) {
    const auto& before = r->rows[i].cells;
    const auto& after = back->rows[i].cells;
    FUZZ_CHECK(before.size() == after.size());
    for (std::size_t c = 0; c < before.size(); ++c) {
      FUZZ_CHECK(after[c] == (guarded(before[c]) ? "'" + before[c] : before[c]));
    }
  }
  return 0;
}
