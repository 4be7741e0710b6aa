// read_any (sheets): XLSX, CSV, OLE or junk, with small limits. Inputs that are no zip are also read as the
// worksheet XML of an otherwise valid workbook (wrapped with libzip here), so the XML handlers are reached
// without the fuzzer having to forge deflate streams. Properties: the limits hold (rows, columns, cell
// characters); every cell is valid UTF-8 and the last cell of a row is not empty; row numbers are on Excel's
// grid; every error is a "file" field error with a documented status (413, 415, 422).
#include <zip.h>

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
  l.max_entries = 32;
  l.max_uncompressed = 1u << 20;
  l.max_ratio = 100;
  return l;
}

void check(const Result<Workbook>& r, const ReadLimits& lim) {
  if (!r.ok()) {
    const Error& e = r.error();
    FUZZ_CHECK(e.code == ErrorCode::Unprocessable || e.code == ErrorCode::ContentTooLarge ||
               e.code == ErrorCode::UnsupportedMediaType);
    FUZZ_CHECK(e.key == "error.invalid_field");
    FUZZ_CHECK(e.fields.size() == 1 && e.fields[0].field == "file" && !e.fields[0].message.empty());
    return;
  }
  FUZZ_CHECK(!r->sheets.empty());
  for (const Sheet& s : r->sheets) {
    FUZZ_CHECK(s.rows.size() <= lim.max_rows + 1);
    for (const ReadRow& row : s.rows) {
      FUZZ_CHECK(row.number >= 1 && row.number <= 1'048'576);
      FUZZ_CHECK(!row.cells.empty() && row.cells.size() <= lim.max_columns);
      FUZZ_CHECK(!row.cells.back().empty());
      for (const std::string& c : row.cells) {
        FUZZ_CHECK(reference_utf8(c));
        FUZZ_CHECK(code_points(c).size() <= lim.max_cell_chars);
      }
    }
  }
}

std::string wrap_as_workbook(std::string_view sheet) {
  static const std::string kWorkbook =
      R"(<workbook xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>)";
  static const std::string kRels =
      R"(<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/>)"
      R"(<Relationship Id="rId2" Type="x/sharedStrings" Target="sharedStrings.xml"/></Relationships>)";
  static const std::string kShared =
      R"(<sst><si><t>编号</t></si><si><r><t>农村</t></r><r><t>改厕</t></r><rPh><t>x</t></rPh></si>)"
      R"(<si><t>a_x000D_b_x005F_x0041_</t></si></sst>)";
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_t* za = out ? zip_open_from_source(out, ZIP_TRUNCATE, &err) : nullptr;
  std::string bytes;
  if (za != nullptr) {
    zip_source_keep(out);
    const std::pair<const char*, std::string_view> entries[] = {{"xl/workbook.xml", kWorkbook},
                                                                {"xl/_rels/workbook.xml.rels", kRels},
                                                                {"xl/sharedStrings.xml", kShared},
                                                                {"xl/worksheets/sheet1.xml", sheet}};
    for (const auto& [name, data] : entries) {
      zip_source_t* s = zip_source_buffer_create(data.data(), data.size(), 0, &err);
      if (s == nullptr) continue;
      const zip_int64_t idx = zip_file_add(za, name, s, 0);
      if (idx < 0) {
        zip_source_free(s);
      } else {
        zip_set_file_compression(za, static_cast<zip_uint64_t>(idx), ZIP_CM_STORE, 0);  // fast: no deflate
      }
    }
    if (zip_close(za) == 0 && zip_source_open(out) == 0) {
      char buf[4096];
      for (zip_int64_t n; (n = zip_source_read(out, buf, sizeof buf)) > 0;)
        bytes.append(buf, static_cast<std::size_t>(n));
      zip_source_close(out);
    } else {
      zip_discard(za);
    }
  }
  if (out != nullptr) zip_source_free(out);
  zip_error_fini(&err);
  return bytes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in = as_view(data, size);
  const ReadLimits lim = small_limits();
  check(read_any(in, lim), lim);
  if (!in.starts_with("PK")) {
    ReadLimits permissive = lim;
    permissive.refuse_formulas = (size & 1) == 0;  // both ways, by the input's length
    permissive.refuse_merged = (size & 2) == 0;
    const std::string wrapped = wrap_as_workbook(in);
    if (!wrapped.empty()) check(read_xlsx(wrapped, permissive), permissive);
  }
  return 0;
}
