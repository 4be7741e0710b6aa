#include "http/parse/form.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>
#include <utility>

#include <boost/json/basic_parser_impl.hpp>

#include "core/clock.hpp"
#include "core/messages.hpp"

namespace minsheng::http::parse {
namespace {

using Args = std::initializer_list<std::pair<std::string_view, std::string>>;

// Array items kept per top-level field and top-level fields per body: beyond these, a hostile body could make
// the parsed form many times larger than the body itself.
constexpr std::size_t kMaxListItems = 1000;
constexpr std::size_t kMaxFields = 1000;
// Unknown field names are echoed in errors: at most this many code points.
constexpr std::size_t kMaxShownName = 64;

// The code point at s[i] (valid UTF-8 assumed), advancing i past it.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
  if (len > s.size() - i) len = s.size() - i;
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
  for (std::size_t k = 1; k < len; ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
  i += len;
  return cp;
}

bool trim_space(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0x3000;
}

// C0 (except \n and \t in multi-line text), DEL, C1, line/paragraph separators and bidi overrides/isolates.
bool forbidden(char32_t c, bool multiline) {
  if (c < 0x20) return !(multiline && (c == '\n' || c == '\t'));
  if (c >= 0x7f && c <= 0x9f) return true;
  if (c == 0x2028 || c == 0x2029) return true;
  if (c >= 0x202a && c <= 0x202e) return true;
  return c >= 0x2066 && c <= 0x2069;
}

std::string_view trim(std::string_view s) {
  while (!s.empty()) {
    std::size_t i = 0;
    if (!trim_space(next_code_point(s, i))) break;
    s.remove_prefix(i);
  }
  while (!s.empty()) {
    std::size_t start = s.size() - 1;
    while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xc0) == 0x80)
      --start;
    std::size_t i = start;
    if (!trim_space(next_code_point(s, i))) break;
    s.remove_suffix(s.size() - start);
  }
  return s;
}

bool has_forbidden(std::string_view s, bool multiline) {
  for (std::size_t i = 0; i < s.size();) {
    if (forbidden(next_code_point(s, i), multiline)) return true;
  }
  return false;
}

// A field name safe to echo: valid UTF-8, no control characters, at most kMaxShownName code points.
std::string shown_name(std::string_view name) {
  if (!valid_utf8(name)) return "?";
  std::string out;
  std::size_t count = 0;
  for (std::size_t i = 0; i < name.size();) {
    const std::size_t start = i;
    const char32_t cp = next_code_point(name, i);
    if (++count > kMaxShownName) {
      out += "…";
      break;
    }
    if (forbidden(cp, false)) {
      out += "\xef\xbf\xbd";  // U+FFFD
    } else {
      out.append(name.substr(start, i - start));
    }
  }
  return out;
}

enum class IntParse { Ok, Bad, Overflow };

// Decimal with an optional leading '-', nothing else (no '+', spaces, or exponent).
IntParse parse_decimal(std::string_view t, std::int64_t& out) {
  std::string_view digits = t;
  if (!digits.empty() && digits.front() == '-') digits.remove_prefix(1);
  if (digits.empty()) return IntParse::Bad;
  for (char c : digits) {
    if (c < '0' || c > '9') return IntParse::Bad;
  }
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
  if (ec == std::errc::result_out_of_range) return IntParse::Overflow;
  if (ec != std::errc() || ptr != t.data() + t.size()) return IntParse::Bad;
  return IntParse::Ok;
}

std::string message(std::string_view key, std::string_view field, Args args = {}) {
  return messages::for_field(key, field, args);
}

// Checks and cleans one text value; returns an error message, or "" when `text` is acceptable.
std::string check_text(std::string_view field, std::string& text, const StringRule& rule, bool required) {
  if (!valid_utf8(text)) return message("field.invalid_utf8", field);
  if (rule.trim) text = std::string(trim(text));
  if (has_forbidden(text, rule.multiline)) return message("field.control_chars", field);
  if (text.empty()) return required ? message("field.required", field) : std::string();
  const std::size_t n = utf8_length(text);
  if (n > rule.max_chars) return message("field.too_long", field, {{"max", std::to_string(rule.max_chars)}});
  if (n < rule.min_chars) return message("field.too_short", field, {{"min", std::to_string(rule.min_chars)}});
  return {};
}

}  // namespace

// ---- FormReader -------------------------------------------------------------------------------------------

bool FormReader::absent(const Raw& r) const {
  return r.kind == Kind::Missing || r.kind == Kind::Null ||
         (text_only() && r.kind == Kind::String && r.text.empty());
}

std::optional<std::string> FormReader::text_value(std::string_view name, const Raw& r, const StringRule& rule,
                                                  bool required) {
  if (r.kind != Kind::String) {
    add_error(std::string(name), message("field.type_string", name));
    return std::nullopt;
  }
  std::string text = r.text;
  if (auto err = check_text(name, text, rule, required); !err.empty()) {
    add_error(std::string(name), std::move(err));
    return std::nullopt;
  }
  return text;
}

std::optional<std::int64_t> FormReader::int_value(std::string_view name, const Raw& r, const IntRule& rule) {
  std::int64_t v = 0;
  bool overflow = false;
  if (text_only() && r.kind == Kind::String) {
    switch (parse_decimal(r.text, v)) {
      case IntParse::Ok:
        break;
      case IntParse::Overflow:
        overflow = true;
        break;
      case IntParse::Bad:
        add_error(std::string(name), message("field.type_integer", name));
        return std::nullopt;
    }
  } else if (!text_only() && r.kind == Kind::Integer) {
    overflow = r.overflow;
    v = r.i;
  } else {
    add_error(std::string(name), message("field.type_integer", name));
    return std::nullopt;
  }
  if (overflow || v < rule.min || v > rule.max) {
    add_error(std::string(name),
              message("field.out_of_range", name,
                      {{"min", std::to_string(rule.min)}, {"max", std::to_string(rule.max)}}));
    return std::nullopt;
  }
  return v;
}

std::optional<std::string> FormReader::string(std::string_view name, StringRule rule) {
  seen_.emplace(name);
  const Raw r = raw(name);
  if (r.kind == Kind::Missing || r.kind == Kind::Null) {
    if (rule.required) add_error(std::string(name), message("field.required", name));
    return std::nullopt;
  }
  return text_value(name, r, rule, rule.required);
}

std::optional<std::int64_t> FormReader::integer(std::string_view name, IntRule rule) {
  seen_.emplace(name);
  const Raw r = raw(name);
  if (absent(r)) {
    if (rule.required) add_error(std::string(name), message("field.required", name));
    return std::nullopt;
  }
  return int_value(name, r, rule);
}

std::optional<bool> FormReader::boolean(std::string_view name, bool required) {
  seen_.emplace(name);
  const Raw r = raw(name);
  if (absent(r)) {
    if (required) add_error(std::string(name), message("field.required", name));
    return std::nullopt;
  }
  if (text_only() && r.kind == Kind::String) {
    if (r.text == "true" || r.text == "1") return true;
    if (r.text == "false" || r.text == "0") return false;
  } else if (!text_only() && r.kind == Kind::Bool) {
    return r.b;
  }
  add_error(std::string(name), message("field.type_boolean", name));
  return std::nullopt;
}

std::optional<std::string> FormReader::one_of(std::string_view name,
                                              std::initializer_list<std::string_view> allowed,
                                              bool required) {
  seen_.emplace(name);
  const Raw r = raw(name);
  if (absent(r)) {
    if (required) add_error(std::string(name), message("field.required", name));
    return std::nullopt;
  }
  if (r.kind != Kind::String) {
    add_error(std::string(name), message("field.type_string", name));
    return std::nullopt;
  }
  for (std::string_view a : allowed) {
    if (a == r.text) return r.text;
  }
  add_error(std::string(name), message("field.one_of", name));
  return std::nullopt;
}

std::optional<std::string> FormReader::date(std::string_view name, bool required) {
  seen_.emplace(name);
  const Raw r = raw(name);
  if (absent(r)) {
    if (required) add_error(std::string(name), message("field.required", name));
    return std::nullopt;
  }
  if (r.kind != Kind::String || !valid_date(r.text)) {
    add_error(std::string(name), message("field.invalid_format", name));
    return std::nullopt;
  }
  return r.text;
}

namespace {

template <typename RawT>
std::vector<RawT> split_commas(const std::string& text) {
  std::vector<RawT> out;
  if (text.empty()) return out;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    RawT item;
    item.text = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    out.push_back(std::move(item));
    if (comma == std::string::npos || out.size() > kMaxListItems) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace

std::optional<std::vector<FormReader::Raw>> FormReader::list_items(std::string_view name, bool required,
                                                                   std::size_t max_items) {
  seen_.emplace(name);
  const Raw r = raw(name);
  if (r.kind == Kind::Missing || r.kind == Kind::Null) {
    if (required) add_error(std::string(name), message("field.required", name));
    return std::nullopt;
  }
  std::vector<Raw> items;
  bool too_many = false;
  if (text_only() && r.kind == Kind::String) {
    items = split_commas<Raw>(r.text);
    for (auto& item : items)
      item.kind = Kind::String;
  } else if (!text_only() && r.kind == Kind::Array) {
    items = r.items;
    too_many = r.overflow;
  } else {
    add_error(std::string(name), message("field.type_array", name));
    return std::nullopt;
  }
  max_items = std::min(max_items, kMaxListItems);
  if (too_many || items.size() > max_items) {
    add_error(std::string(name), message("field.too_many_items", name, {{"max", std::to_string(max_items)}}));
    return std::nullopt;
  }
  return items;
}

std::optional<std::vector<std::int64_t>> FormReader::int_list(std::string_view name, IntRule rule,
                                                              std::size_t max_items) {
  auto items = list_items(name, rule.required, max_items);
  if (!items) return std::nullopt;
  std::vector<std::int64_t> out;
  out.reserve(items->size());
  for (const Raw& item : *items) {
    auto v = int_value(name, item, rule);
    if (!v) return std::nullopt;
    out.push_back(*v);
  }
  return out;
}

std::optional<std::vector<std::string>> FormReader::string_list(std::string_view name, StringRule rule,
                                                                std::size_t max_items) {
  auto items = list_items(name, rule.required, max_items);
  if (!items) return std::nullopt;
  std::vector<std::string> out;
  out.reserve(items->size());
  for (const Raw& item : *items) {
    auto v = text_value(name, item, rule, /*required=*/true);
    if (!v) return std::nullopt;
    out.push_back(std::move(*v));
  }
  return out;
}

bool FormReader::has(std::string_view name) const {
  const Raw r = raw(name);
  return r.kind != Kind::Missing && r.kind != Kind::Null;
}

void FormReader::ignore(std::string_view name) {
  seen_.emplace(name);
}

void FormReader::add_error(std::string field, std::string message) {
  errors_.push_back(FieldError{std::move(field), std::move(message)});
}

Status FormReader::finish() {
  std::vector<FieldError> all = errors_;
  for (const std::string& name : names()) {
    if (all.size() >= kMaxErrors) break;
    if (seen_.contains(name)) continue;
    std::string shown = shown_name(name);
    std::string text = message("field.unknown", shown);
    all.push_back(FieldError{std::move(shown), std::move(text)});
  }
  if (all.empty()) return {};
  if (all.size() > kMaxErrors) all.resize(kMaxErrors);
  return Error{ErrorCode::InvalidArgument, "error.invalid_field", std::move(all)};
}

// ---- JsonForm ---------------------------------------------------------------------------------------------

struct JsonForm::Impl {
  std::map<std::string, Raw, std::less<>> fields;
  std::vector<std::string> order;  // as sent
};

namespace {

// SAX handler for boost::json::basic_parser: keeps the top-level object's fields as Raw values (one level of
// array items), notices repeated top-level keys, and drops everything nested deeper (only its kind is kept).
template <typename RawT, typename KindT>
struct Builder {
  static constexpr std::size_t max_array_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_object_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_string_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_key_size = static_cast<std::size_t>(-1);

  using ec_t = boost::system::error_code;
  using sv = boost::json::string_view;

  std::map<std::string, RawT, std::less<>>* fields;
  std::vector<std::string>* order;
  int depth = 0;
  KindT top = KindT::Missing;
  std::string key;              // parts of a top-level key
  std::string buf;              // parts of a string or number being stored
  RawT* current = nullptr;      // the top-level field whose value comes next (nullptr: skip it)
  RawT* array_field = nullptr;  // the top-level field whose array is open at depth 2
  std::string duplicate;        // the first repeated top-level key
  bool too_many_fields = false;

  Builder(std::map<std::string, RawT, std::less<>>* f, std::vector<std::string>* o) : fields(f), order(o) {}

  bool storing() const {
    if (depth == 1) return current != nullptr;
    return depth == 2 && array_field != nullptr && array_field->items.size() < kMaxListItems;
  }
  // Where a finished value goes (nullptr: nowhere).
  RawT* target() {
    if (depth == 0) return nullptr;
    if (depth == 1) return current;
    if (depth == 2 && array_field != nullptr) {
      if (array_field->items.size() >= kMaxListItems) {
        array_field->overflow = true;
        return nullptr;
      }
      return &array_field->items.emplace_back();
    }
    return nullptr;
  }
  void scalar(KindT kind) {
    if (depth == 0) top = kind;
  }

  bool on_document_begin(ec_t&) { return true; }
  bool on_document_end(ec_t&) { return true; }
  bool on_object_begin(ec_t&) {
    if (depth == 0) top = KindT::Object;
    if (RawT* r = target()) r->kind = KindT::Object;
    ++depth;
    return true;
  }
  bool on_object_end(std::size_t, ec_t&) {
    --depth;
    return true;
  }
  bool on_array_begin(ec_t&) {
    if (depth == 0) top = KindT::Array;
    RawT* r = target();
    if (r != nullptr) r->kind = KindT::Array;
    if (depth == 1) array_field = r;
    ++depth;
    return true;
  }
  bool on_array_end(std::size_t, ec_t&) {
    --depth;
    if (depth == 1) array_field = nullptr;
    return true;
  }
  bool on_key_part(sv s, std::size_t, ec_t&) {
    if (depth == 1) key.append(s.data(), s.size());
    return true;
  }
  bool on_key(sv s, std::size_t, ec_t& ec) {
    if (depth != 1) return true;
    key.append(s.data(), s.size());
    if (fields->contains(key)) {
      if (duplicate.empty()) duplicate = key;
      current = nullptr;
    } else if (fields->size() >= kMaxFields) {
      too_many_fields = true;
      ec = boost::json::error::object_too_large;
      return false;
    } else {
      current = &(*fields)[key];
      order->push_back(key);
    }
    key.clear();
    return true;
  }
  bool on_string_part(sv s, std::size_t, ec_t&) {
    if (storing()) buf.append(s.data(), s.size());
    return true;
  }
  bool on_string(sv s, std::size_t, ec_t&) {
    scalar(KindT::String);
    if (RawT* r = target()) {
      r->kind = KindT::String;
      r->text = std::move(buf);
      r->text.append(s.data(), s.size());
    }
    buf.clear();
    return true;
  }
  bool on_number_part(sv s, ec_t&) {
    if (storing()) buf.append(s.data(), s.size());
    return true;
  }
  void number(KindT kind, sv s, std::int64_t i, bool overflow) {
    scalar(kind);
    if (RawT* r = target()) {
      r->kind = kind;
      r->text = std::move(buf);
      r->text.append(s.data(), s.size());
      r->i = i;
      r->overflow = overflow;
    }
    buf.clear();
  }
  bool on_int64(std::int64_t i, sv s, ec_t&) {
    number(KindT::Integer, s, i, false);
    return true;
  }
  bool on_uint64(std::uint64_t u, sv s, ec_t&) {
    const bool overflow = u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    number(KindT::Integer, s, overflow ? 0 : static_cast<std::int64_t>(u), overflow);
    return true;
  }
  bool on_double(double, sv s, ec_t&) {
    number(KindT::Double, s, 0, false);
    return true;
  }
  bool on_bool(bool b, ec_t&) {
    scalar(KindT::Bool);
    if (RawT* r = target()) {
      r->kind = KindT::Bool;
      r->b = b;
      r->text = b ? "true" : "false";
    }
    return true;
  }
  bool on_null(ec_t&) {
    scalar(KindT::Null);
    if (RawT* r = target()) r->kind = KindT::Null;
    return true;
  }
  bool on_comment_part(sv, ec_t&) { return true; }
  bool on_comment(sv, ec_t&) { return true; }
};

Error body_error(std::string_view key) {
  return Error{
      ErrorCode::InvalidArgument, std::string(key), {FieldError{"body", std::string(messages::text(key))}}};
}

}  // namespace

JsonForm::JsonForm() : impl_(std::make_unique<Impl>()) {}
JsonForm::~JsonForm() = default;

Result<std::unique_ptr<JsonForm>> JsonForm::parse(std::string_view body) {
  if (body.size() > kMaxBody) return Error::make(ErrorCode::ContentTooLarge, "error.content_too_large");
  std::unique_ptr<JsonForm> form(new JsonForm());
  boost::json::parse_options opt;
  opt.max_depth = 32;
  opt.allow_comments = false;
  opt.allow_trailing_commas = false;
  opt.allow_invalid_utf8 = false;
  boost::json::basic_parser<Builder<Raw, Kind>> p(opt, &form->impl_->fields, &form->impl_->order);
  boost::system::error_code ec;
  const std::size_t n = p.write_some(false, body.data(), body.size(), ec);
  if (p.handler().too_many_fields) return body_error("body.too_many_fields");
  if (ec || !p.done() || n != body.size()) return body_error("body.invalid_json");
  if (p.handler().top != Kind::Object) return body_error("body.not_object");
  if (const std::string& dup = p.handler().duplicate; !dup.empty()) {
    const std::string shown = shown_name(dup);
    return Error::field(ErrorCode::InvalidArgument, shown, message("field.duplicate", shown));
  }
  return form;
}

FormReader::Raw JsonForm::raw(std::string_view name) const {
  if (auto it = impl_->fields.find(name); it != impl_->fields.end()) return it->second;
  return {};
}

std::vector<std::string> JsonForm::names() const {
  return impl_->order;
}

// ---- QueryForm --------------------------------------------------------------------------------------------

Result<std::unique_ptr<QueryForm>> QueryForm::parse(std::string_view raw_query) {
  if (!raw_query.empty() && raw_query.front() == '?') raw_query.remove_prefix(1);
  auto pairs = parse_query(raw_query);
  if (!pairs) return pairs.take_error();
  auto form = std::make_unique<QueryForm>();
  for (auto& [name, value] : pairs.value()) {
    if (form->values_.contains(name)) {
      const std::string shown = shown_name(name);
      return Error::field(ErrorCode::InvalidArgument, shown, message("field.duplicate", shown));
    }
    form->values_.emplace(std::move(name), std::move(value));
  }
  return form;
}

std::int64_t QueryForm::page_num() {
  return integer("pageNum", IntRule{.required = false, .min = 1, .max = 1'000'000}).value_or(1);
}

std::int64_t QueryForm::page_size() {
  seen_.emplace("pageSize");
  const Raw r = raw("pageSize");
  if (r.kind == Kind::Missing || r.text.empty()) return 10;
  std::int64_t v = 0;
  if (parse_decimal(r.text, v) == IntParse::Ok && (v == 10 || v == 20 || v == 30 || v == 50)) return v;
  add_error("pageSize", message("field.page_size", "pageSize"));
  return 10;
}

FormReader::Raw QueryForm::raw(std::string_view name) const {
  Raw r;
  if (auto it = values_.find(name); it != values_.end()) {
    r.kind = Kind::String;
    r.text = it->second;
  }
  return r;
}

std::vector<std::string> QueryForm::names() const {
  std::vector<std::string> out;
  out.reserve(values_.size());
  for (const auto& [name, value] : values_)
    out.push_back(name);
  return out;
}

}  // namespace minsheng::http::parse
