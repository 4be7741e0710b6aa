// write_csv(): UTF-8 with a BOM, CRLF, RFC 4180 quoting, no formula can run (CSV injection).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>

#include <fmt/format.h>

#include "infra/sheets/internal.hpp"
#include "infra/sheets/sheets.hpp"

namespace minsheng::infra::sheets {

namespace {

// Shortest round-trip digits, but never with an exponent: "0.000001", "100000000000000000000".
std::string plain_decimal(double v) {
  if (!std::isfinite(v)) return {};
  const std::string s = fmt::format("{}", v);
  const auto e = s.find_first_of("eE");
  if (e == std::string::npos) return s;
  int exponent = 0;
  const char* exp_begin = s.data() + e + 1 + (s[e + 1] == '+' ? 1 : 0);
  std::from_chars(exp_begin, s.data() + s.size(), exponent);
  std::string_view mantissa(s.data(), e);
  std::string out;
  if (mantissa.starts_with('-')) {
    out += '-';
    mantissa.remove_prefix(1);
  }
  std::string digits;
  long point = static_cast<long>(mantissa.size());  // where the decimal point sits in `digits`
  for (char c : mantissa) {
    if (c == '.') {
      point = static_cast<long>(digits.size());
    } else {
      digits += c;
    }
  }
  point += exponent;
  if (point <= 0) {
    out += "0." + std::string(static_cast<std::size_t>(-point), '0') + digits;
  } else if (static_cast<std::size_t>(point) >= digits.size()) {
    out += digits + std::string(static_cast<std::size_t>(point) - digits.size(), '0');
  } else {
    out += digits.substr(0, static_cast<std::size_t>(point)) + "." +
           digits.substr(static_cast<std::size_t>(point));
  }
  return out;
}

void append_field(std::string& out, std::string_view text) {
  std::string s = detail::sanitize_utf8(text);
  if (!s.empty() &&
      (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r')) {
    s.insert(s.begin(), '\'');
  }
  if (s.find_first_of(",\"\r\n") == std::string::npos) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void append_value(std::string& out, const CellValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) {
    append_field(out, *s);
  } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
    out += std::to_string(*i);  // a number: "-5" is not guarded (it is no formula)
  } else if (const auto* d = std::get_if<double>(&v)) {
    out += plain_decimal(*d);
  }
}

}  // namespace

std::string write_csv(const SheetSpec& sheet) {
  std::string out = "\xEF\xBB\xBF";
  for (std::size_t c = 0; c < sheet.columns.size(); ++c) {
    if (c > 0) out += ',';
    append_field(out, sheet.columns[c].header);
  }
  out += "\r\n";
  for (const auto& row : sheet.rows) {
    const std::size_t width = std::max(sheet.columns.size(), row.size());  // every line as wide as the header
    for (std::size_t c = 0; c < width; ++c) {
      if (c > 0) out += ',';
      if (c < row.size()) append_value(out, row[c]);
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace minsheng::infra::sheets
