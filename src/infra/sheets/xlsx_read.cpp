// read_xlsx(): the zip with libzip (from memory), each part streamed through expat in chunks.
//
// Nothing in the file is trusted: the entry count and every declared size (and their total, and each entry's
// compression ratio) are checked before anything is inflated, and the bytes really inflated are counted while
// reading, so a central directory that lies about sizes is caught too. XML with a DOCTYPE is refused outright
// (no DTD, so no entity expansion of any kind).
#include <expat.h>
#include <zip.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "infra/sheets/internal.hpp"
#include "infra/sheets/sheets.hpp"

namespace minsheng::infra::sheets {

namespace {

using detail::sheet_error;

constexpr std::size_t kChunk = 64 * 1024;
constexpr std::size_t kRatioFloor = 1u << 20;  // the ratio limit applies beyond 1 MiB
constexpr int kMaxRow = 1'048'576;             // Excel's grid
constexpr std::size_t kMaxColumn = 16'384;

Error corrupt() {
  return sheet_error(ErrorCode::Unprocessable, "sheet.corrupt");
}
Error too_large() {
  return sheet_error(ErrorCode::ContentTooLarge, "sheet.too_large");
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.ends_with(suffix);
}

// "x:row" -> "row": parts written with a namespace prefix (the .NET SDK does) read like the others.
std::string_view local_name(const XML_Char* name) {
  std::string_view s(name);
  if (auto colon = s.rfind(':'); colon != std::string_view::npos) s.remove_prefix(colon + 1);
  return s;
}

std::optional<std::string_view> attribute(const XML_Char** atts, std::string_view name) {
  for (std::size_t i = 0; atts[i] != nullptr; i += 2) {
    if (local_name(atts[i]) == name) return std::string_view(atts[i + 1]);
  }
  return std::nullopt;
}

// OOXML escapes characters XML cannot hold as _xHHHH_ (a UTF-16 unit), and a literal "_x" as _x005F_x.
std::string decode_escapes(std::string_view s) {
  if (s.find("_x") == std::string_view::npos) return std::string(s);
  auto hex4 = [&](std::size_t at) -> std::optional<std::uint32_t> {
    if (at + 7 > s.size() || s[at] != '_' || s[at + 1] != 'x' || s[at + 6] != '_') return std::nullopt;
    std::uint32_t v = 0;
    auto [p, ec] = std::from_chars(s.data() + at + 2, s.data() + at + 6, v, 16);
    if (ec != std::errc() || p != s.data() + at + 6) return std::nullopt;
    return v;
  };
  auto append_utf8 = [](std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xc0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xe0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
      out += static_cast<char>(0xf0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    }
  };
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (auto unit = hex4(i)) {
      std::uint32_t cp = *unit;
      std::size_t used = 7;
      if (cp >= 0xd800 && cp <= 0xdbff) {
        auto low = hex4(i + 7);
        if (!low || *low < 0xdc00 || *low > 0xdfff) {
          out += s[i++];  // a lone surrogate: kept as written
          continue;
        }
        cp = 0x10000 + ((cp - 0xd800) << 10) + (*low - 0xdc00);
        used = 14;
      } else if (cp >= 0xdc00 && cp <= 0xdfff) {
        out += s[i++];
        continue;
      }
      append_utf8(out, cp);
      i += used;
    } else {
      out += s[i++];
    }
  }
  return out;
}

// A number as stored, except that an integral value loses a zero fraction ("1200.0" -> "1200") and an
// exponent ("1.2E3" -> "1200") when it is exactly representable.
std::string number_text(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t' || v.front() == '\n' || v.front() == '\r')) {
    v.remove_prefix(1);
  }
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\n' || v.back() == '\r')) {
    v.remove_suffix(1);
  }
  if (v.find_first_of("eE") != std::string_view::npos) {
    double d = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
    if (ec == std::errc() && p == v.data() + v.size() && std::isfinite(d) && std::trunc(d) == d &&
        std::fabs(d) < 1e15) {
      return fmt::format("{}", static_cast<std::int64_t>(d));
    }
    return std::string(v);
  }
  if (auto dot = v.find('.'); dot != std::string_view::npos && dot > 0) {
    const std::string_view frac = v.substr(dot + 1);
    if (frac.find_first_not_of('0') == std::string_view::npos) return std::string(v.substr(0, dot));
  }
  return std::string(v);
}

// "C12" -> column 2 and row 12 (the row is 0 when the reference has none). False when it is no reference.
bool parse_ref(std::string_view ref, std::size_t& col, int& row) {
  std::size_t i = 0;
  std::size_t c = 0;
  while (i < ref.size() && i < 4) {
    char ch = ref[i];
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    if (ch < 'A' || ch > 'Z') break;
    c = c * 26 + static_cast<std::size_t>(ch - 'A' + 1);
    ++i;
  }
  if (i == 0 || c > kMaxColumn) return false;
  int r = 0;
  if (i < ref.size()) {
    auto [p, ec] = std::from_chars(ref.data() + i, ref.data() + ref.size(), r);
    if (ec != std::errc() || p != ref.data() + ref.size() || r < 1 || r > kMaxRow) return false;
  }
  col = c - 1;
  row = r;
  return true;
}

// "xl/" + "worksheets/sheet1.xml", "/xl/..." absolute, "../" resolved.
std::string resolve(std::string_view base_dir, std::string_view target) {
  std::string joined =
      target.starts_with('/') ? std::string(target.substr(1)) : std::string(base_dir) + std::string(target);
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= joined.size()) {
    std::size_t slash = joined.find('/', start);
    if (slash == std::string::npos) slash = joined.size();
    std::string part = joined.substr(start, slash - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(std::move(part));
    }
    start = slash + 1;
  }
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += '/';
    out += p;
  }
  return out;
}

std::string_view dir_of(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash + 1);
}

// ---- XML ----

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void start(std::string_view name, const XML_Char** atts) = 0;
  virtual void end(std::string_view name) = 0;
  virtual void text(std::string_view) {}

  void fail(Error e) {
    if (!error) error = std::move(e);
    XML_StopParser(parser, XML_FALSE);
  }

  std::optional<Error> error;
  XML_Parser parser = nullptr;
};

void XMLCALL on_start(void* ud, const XML_Char* name, const XML_Char** atts) {
  auto* h = static_cast<XmlHandler*>(ud);
  if (!h->error) h->start(local_name(name), atts);
}
void XMLCALL on_end(void* ud, const XML_Char* name) {
  auto* h = static_cast<XmlHandler*>(ud);
  if (!h->error) h->end(local_name(name));
}
void XMLCALL on_text(void* ud, const XML_Char* s, int len) {
  auto* h = static_cast<XmlHandler*>(ud);
  if (!h->error) h->text(std::string_view(s, static_cast<std::size_t>(len)));
}
// No part of a workbook has a DTD: one is refused before its internal subset (and any entity) is read.
void XMLCALL on_doctype(void* ud, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  static_cast<XmlHandler*>(ud)->fail(corrupt());
}
void XMLCALL on_entity(void* ud, const XML_Char*, int, const XML_Char*, int, const XML_Char*, const XML_Char*,
                       const XML_Char*, const XML_Char*) {
  static_cast<XmlHandler*>(ud)->fail(corrupt());
}

struct ParserFree {
  void operator()(XML_ParserStruct* p) const { XML_ParserFree(p); }
};

// Text collected up to a bound: a cell's text longer than the limit is an error anyway, so bytes past
// cell_byte_bound (more characters than allowed, whatever their width) are not kept.
class BoundedText {
 public:
  explicit BoundedText(std::size_t max_chars) : cap_(detail::cell_byte_bound(max_chars)) {}
  void append(std::string_view s) {
    if (text_.size() < cap_) text_.append(s.substr(0, cap_ - text_.size()));
  }
  void clear() { text_.clear(); }
  const std::string& str() const { return text_; }

 private:
  std::size_t cap_;
  std::string text_;
};

// ---- the archive ----

struct ZipClose {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileClose {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

class Archive {
 public:
  explicit Archive(const ReadLimits& limits) : limits_(limits) {}

  Status open(std::string_view bytes) {
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
    if (src == nullptr) {
      zip_error_fini(&err);
      return corrupt();
    }
    zip_t* za = zip_open_from_source(src, ZIP_RDONLY, &err);
    zip_error_fini(&err);
    if (za == nullptr) {
      zip_source_free(src);
      return corrupt();
    }
    zip_.reset(za);

    const zip_int64_t n = zip_get_num_entries(za, 0);
    if (n < 0) return corrupt();
    if (static_cast<std::uint64_t>(n) > limits_.max_entries) return too_large();
    std::uint64_t total = 0;
    for (zip_int64_t i = 0; i < n; ++i) {
      zip_stat_t st;
      zip_stat_init(&st);
      if (zip_stat_index(za, static_cast<zip_uint64_t>(i), 0, &st) != 0) return corrupt();
      if ((st.valid & ZIP_STAT_SIZE) == 0 || (st.valid & ZIP_STAT_COMP_SIZE) == 0) return corrupt();
      if (st.size > limits_.max_uncompressed) return too_large();
      total += st.size;
      if (total > limits_.max_uncompressed) return too_large();
      if (st.size > kRatioFloor && over_ratio(st.size, st.comp_size)) return too_large();
    }
    return {};
  }

  std::optional<zip_uint64_t> locate(const std::string& name) {
    zip_int64_t i = zip_name_locate(zip_.get(), name.c_str(), 0);
    if (i < 0) i = zip_name_locate(zip_.get(), name.c_str(), ZIP_FL_NOCASE);
    if (i < 0) return std::nullopt;
    return static_cast<zip_uint64_t>(i);
  }

  // Streams entry `index` through `h` in chunks, counting the bytes really inflated.
  Status parse(zip_uint64_t index, XmlHandler& h) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip_.get(), index, 0, &st) != 0) return corrupt();
    if (st.encryption_method != ZIP_EM_NONE) return sheet_error(ErrorCode::Unprocessable, "sheet.encrypted");
    std::unique_ptr<zip_file_t, ZipFileClose> file(zip_fopen_index(zip_.get(), index, 0));
    if (!file) {
      const int code = zip_error_code_zip(zip_get_error(zip_.get()));
      if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_ENCRNOTSUPP) {
        return sheet_error(ErrorCode::Unprocessable, "sheet.encrypted");
      }
      return corrupt();
    }
    std::unique_ptr<XML_ParserStruct, ParserFree> parser(XML_ParserCreate(nullptr));
    if (!parser) throw std::bad_alloc();
    XML_Parser p = parser.get();
    h.parser = p;
    XML_SetUserData(p, &h);
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetCharacterDataHandler(p, on_text);
    XML_SetStartDoctypeDeclHandler(p, on_doctype);
    XML_SetEntityDeclHandler(p, on_entity);
    XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);

    std::vector<char> buf(kChunk);
    std::uint64_t entry_read = 0;
    for (;;) {
      const zip_int64_t got = zip_fread(file.get(), buf.data(), buf.size());
      if (got < 0) return corrupt();  // inflate or CRC error
      if (got == 0) break;
      const auto n = static_cast<std::uint64_t>(got);
      entry_read += n;
      total_read_ += n;
      // The real bytes: more than declared (a lying header), past the total, or past the ratio.
      if (entry_read > st.size || total_read_ > limits_.max_uncompressed) return too_large();
      if (entry_read > kRatioFloor && over_ratio(entry_read, st.comp_size)) return too_large();
      if (XML_Parse(p, buf.data(), static_cast<int>(got), XML_FALSE) == XML_STATUS_ERROR) {
        return h.error ? std::move(*h.error) : corrupt();
      }
    }
    if (entry_read != st.size) return corrupt();
    if (XML_Parse(p, nullptr, 0, XML_TRUE) == XML_STATUS_ERROR)
      return h.error ? std::move(*h.error) : corrupt();
    if (h.error) return std::move(*h.error);
    return {};
  }

 private:
  bool over_ratio(std::uint64_t uncompressed, std::uint64_t compressed) const {
    return static_cast<double>(uncompressed) >
           static_cast<double>(limits_.max_ratio) *
               static_cast<double>(std::max<std::uint64_t>(compressed, 1));
  }

  const ReadLimits& limits_;
  std::unique_ptr<zip_t, ZipClose> zip_;
  std::uint64_t total_read_ = 0;
};

// ---- the parts ----

struct Relationship {
  std::string type;
  std::string target;  // resolved to a zip entry name
};

class RelsHandler : public XmlHandler {
 public:
  explicit RelsHandler(std::string base_dir) : base_dir_(std::move(base_dir)) {}
  void start(std::string_view name, const XML_Char** atts) override {
    if (name != "Relationship") return;
    auto id = attribute(atts, "Id");
    auto type = attribute(atts, "Type");
    auto target = attribute(atts, "Target");
    auto mode = attribute(atts, "TargetMode");
    if (!id || !type || !target || (mode && *mode == "External")) return;
    rels[std::string(*id)] = Relationship{std::string(*type), resolve(base_dir_, *target)};
  }
  void end(std::string_view) override {}

  std::map<std::string, Relationship, std::less<>> rels;

 private:
  std::string base_dir_;
};

struct SheetRef {
  std::string name;
  std::string rel_id;
};

class WorkbookHandler : public XmlHandler {
 public:
  void start(std::string_view name, const XML_Char** atts) override {
    if (name != "sheet") return;
    auto sheet_name = attribute(atts, "name");
    auto id = attribute(atts, "id");  // r:id
    if (!sheet_name || !id) return fail(corrupt());
    sheets.push_back(SheetRef{std::string(*sheet_name), std::string(*id)});
  }
  void end(std::string_view) override {}

  std::vector<SheetRef> sheets;
};

class SharedStringsHandler : public XmlHandler {
 public:
  SharedStringsHandler(const ReadLimits& limits, std::vector<std::string>& out)
      : text_(limits.max_cell_chars),
        out_(out),
        max_strings_((limits.max_rows + 1) * std::max<std::size_t>(limits.max_columns, 1)) {}

  void start(std::string_view name, const XML_Char**) override {
    if (name == "si") {
      in_si_ = true;
      text_.clear();
    } else if (name == "rPh") {
      ++phonetic_;  // phonetic guides (furigana) are not part of the text
    } else if (name == "t" && in_si_ && phonetic_ == 0) {
      in_t_ = true;
    }
  }
  void end(std::string_view name) override {
    if (name == "si") {
      if (out_.size() >= max_strings_) return fail(too_large());
      out_.push_back(decode_escapes(text_.str()));
      in_si_ = false;
    } else if (name == "rPh") {
      if (phonetic_ > 0) --phonetic_;
    } else if (name == "t") {
      in_t_ = false;
    }
  }
  void text(std::string_view s) override {
    if (in_t_) text_.append(s);
  }

 private:
  BoundedText text_;
  std::vector<std::string>& out_;
  std::size_t max_strings_;
  bool in_si_ = false;
  bool in_t_ = false;
  int phonetic_ = 0;
};

class WorksheetHandler : public XmlHandler {
 public:
  WorksheetHandler(const ReadLimits& limits, const std::vector<std::string>* shared, Sheet& sheet)
      : limits_(limits), shared_(shared), sheet_(sheet), value_(limits.max_cell_chars) {}

  void start(std::string_view name, const XML_Char** atts) override {
    if (name == "row") {
      start_row(atts);
    } else if (name == "c") {
      start_cell(atts);
    } else if (!in_cell_) {
      if (name == "mergeCell" && limits_.refuse_merged) {
        auto ref = attribute(atts, "ref");
        fail(sheet_error(ErrorCode::Unprocessable, "sheet.merged",
                         {{"range", std::string(ref.value_or(""))}}));
      }
    } else if (name == "f") {
      if (limits_.refuse_formulas) {
        fail(sheet_error(ErrorCode::Unprocessable, "sheet.formula",
                         {{"row", std::to_string(row_number_)}, {"col", column_name(col_)}}));
      }
    } else if (name == "v") {
      in_v_ = true;
    } else if (name == "rPh") {
      ++phonetic_;
    } else if (name == "t" && phonetic_ == 0) {
      in_t_ = true;  // inside <is>, directly or in a rich-text run <r>
    }
  }

  void end(std::string_view name) override {
    if (name == "row") {
      end_row();
    } else if (name == "c") {
      end_cell();
    } else if (name == "v") {
      in_v_ = false;
    } else if (name == "t") {
      in_t_ = false;
    } else if (name == "rPh") {
      if (phonetic_ > 0) --phonetic_;
    }
  }

  void text(std::string_view s) override {
    if (in_v_ || in_t_) value_.append(s);
  }

 private:
  void start_row(const XML_Char** atts) {
    in_row_ = true;
    row_has_ref_ = false;
    if (auto r = attribute(atts, "r")) {
      int n = 0;
      auto [p, ec] = std::from_chars(r->data(), r->data() + r->size(), n);
      if (ec != std::errc() || p != r->data() + r->size() || n < 1 || n > kMaxRow) return fail(corrupt());
      row_number_ = n;
      row_has_ref_ = true;
    } else {
      row_number_ = last_row_ + 1;  // rows may leave out r: the next one
    }
    if (row_number_ > kMaxRow) return fail(corrupt());
    last_row_ = row_number_;
    cells_.clear();
    next_col_ = 0;
  }

  void start_cell(const XML_Char** atts) {
    in_cell_ = true;
    in_v_ = in_t_ = false;
    phonetic_ = 0;
    value_.clear();
    if (!in_row_) {  // a cell outside any row: not a worksheet Excel writes
      return fail(corrupt());
    }
    col_ = next_col_;
    if (auto r = attribute(atts, "r")) {
      int ref_row = 0;
      if (!parse_ref(*r, col_, ref_row)) return fail(corrupt());
      if (!row_has_ref_ && ref_row > 0 && cells_.empty()) {  // a row without r, its cells with: take theirs
        row_number_ = last_row_ = ref_row;
        row_has_ref_ = true;
      }
    }
    if (col_ >= kMaxColumn) return fail(corrupt());
    next_col_ = col_ + 1;
    auto t = attribute(atts, "t");
    type_ = t ? std::string(*t) : std::string("n");
  }

  void end_cell() {
    in_cell_ = false;
    in_v_ = in_t_ = false;
    const std::string& raw = value_.str();
    std::string text;
    if (type_ == "s") {
      if (raw.empty()) return;
      std::size_t index = 0;
      std::string_view v = raw;
      while (!v.empty() && v.back() == ' ')
        v.remove_suffix(1);
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), index);
      if (ec != std::errc() || p != v.data() + v.size() || shared_ == nullptr || index >= shared_->size()) {
        return fail(corrupt());
      }
      text = (*shared_)[index];
    } else if (type_ == "inlineStr" || type_ == "str") {
      text = decode_escapes(raw);
    } else if (type_ == "b") {
      text = raw == "1" ? "TRUE" : raw == "0" ? "FALSE" : raw;
    } else if (type_ == "e" || type_ == "d") {
      text = raw;
    } else {
      text = number_text(raw);
    }
    if (text.empty()) return;
    if (col_ >= limits_.max_columns) {
      return fail(sheet_error(ErrorCode::Unprocessable, "sheet.too_many_columns",
                              {{"max", std::to_string(limits_.max_columns)}}));
    }
    if (detail::utf8_length(text) > limits_.max_cell_chars) {
      return fail(detail::cell_too_long(row_number_, col_, limits_.max_cell_chars));
    }
    if (cells_.size() <= col_) cells_.resize(col_ + 1);
    cells_[col_] = std::move(text);
  }

  void end_row() {
    in_row_ = false;
    while (!cells_.empty() && cells_.back().empty())
      cells_.pop_back();
    if (cells_.empty()) return;
    if (sheet_.rows.size() >= limits_.max_rows + 1) {  // the header row and max_rows data rows
      return fail(sheet_error(ErrorCode::ContentTooLarge, "sheet.too_many_rows",
                              {{"max", std::to_string(limits_.max_rows)}}));
    }
    sheet_.rows.push_back(ReadRow{row_number_, std::move(cells_)});
    cells_.clear();
  }

  const ReadLimits& limits_;
  const std::vector<std::string>* shared_;
  Sheet& sheet_;
  BoundedText value_;
  std::vector<std::string> cells_;
  std::string type_;
  std::size_t col_ = 0;
  std::size_t next_col_ = 0;
  int row_number_ = 0;
  int last_row_ = 0;
  int phonetic_ = 0;
  bool in_row_ = false;
  bool row_has_ref_ = false;
  bool in_cell_ = false;
  bool in_v_ = false;
  bool in_t_ = false;
};

const Relationship* find_type(const RelsHandler& rels, std::string_view suffix) {
  for (const auto& [id, rel] : rels.rels) {
    if (ends_with(rel.type, suffix)) return &rel;
  }
  return nullptr;
}

}  // namespace

Result<Workbook> read_xlsx(std::string_view bytes, const ReadLimits& limits) {
  if (bytes.empty()) return sheet_error(ErrorCode::Unprocessable, "sheet.empty");
  Archive zip(limits);
  if (auto st = zip.open(bytes); !st) return st.take_error();

  // The workbook part: from the package relationships, else where every writer puts it.
  std::string workbook_path = "xl/workbook.xml";
  if (auto root_rels = zip.locate("_rels/.rels")) {
    RelsHandler rels("");
    if (auto st = zip.parse(*root_rels, rels); !st) return st.take_error();
    if (const auto* doc = find_type(rels, "/officeDocument")) workbook_path = doc->target;
  }
  auto workbook_entry = zip.locate(workbook_path);
  if (!workbook_entry) return sheet_error(ErrorCode::UnsupportedMediaType, "sheet.not_spreadsheet");
  WorkbookHandler workbook;
  if (auto st = zip.parse(*workbook_entry, workbook); !st) return st.take_error();
  if (workbook.sheets.empty()) return corrupt();
  if (workbook.sheets.size() > limits.max_entries) return too_large();  // each sheet is an entry

  const std::string base_dir(dir_of(workbook_path));
  const std::string file_name = workbook_path.substr(base_dir.size());
  auto rels_entry = zip.locate(base_dir + "_rels/" + file_name + ".rels");
  if (!rels_entry) return corrupt();
  RelsHandler rels(base_dir);
  if (auto st = zip.parse(*rels_entry, rels); !st) return st.take_error();

  std::vector<std::string> shared;
  bool have_shared = false;
  if (const auto* sst = find_type(rels, "/sharedStrings")) {
    if (auto entry = zip.locate(sst->target)) {
      SharedStringsHandler handler(limits, shared);
      if (auto st = zip.parse(*entry, handler); !st) return st.take_error();
      have_shared = true;
    }
  }

  Workbook out;
  bool any_rows = false;
  for (const auto& ref : workbook.sheets) {
    Sheet sheet;
    sheet.name = ref.name;
    auto rel = rels.rels.find(ref.rel_id);
    if (rel == rels.rels.end()) return corrupt();
    if (ends_with(rel->second.type, "/worksheet")) {  // chart sheets and the like have no cells
      auto entry = zip.locate(rel->second.target);
      if (!entry) return corrupt();
      WorksheetHandler handler(limits, have_shared ? &shared : nullptr, sheet);
      if (auto st = zip.parse(*entry, handler); !st) return st.take_error();
    }
    any_rows = any_rows || !sheet.rows.empty();
    out.sheets.push_back(std::move(sheet));
  }
  if (!any_rows) return sheet_error(ErrorCode::Unprocessable, "sheet.empty");
  return out;
}

}  // namespace minsheng::infra::sheets
