#include <charconv>
#include <cmath>
#include <string>

#include "db/db.hpp"

namespace minsheng::db {
namespace {

[[noreturn]] void wrong_type(std::string_view column, const char* wanted, const Value& v) {
  static constexpr const char* kNames[] = {"NULL", "integer", "real", "text", "blob"};
  throw std::runtime_error("column '" + std::string(column) + "': expected " + wanted + ", got " +
                           kNames[v.index()]);
}

// Whole-string integer parse (PostgreSQL NUMERIC as text, or SQLite text holding digits).
bool parse_int64(std::string_view s, std::int64_t& out) {
  if (s.empty()) return false;
  const char* b = s.data();
  if (*b == '+') ++b;
  auto [p, ec] = std::from_chars(b, s.data() + s.size(), out);
  if (ec == std::errc{} && p == s.data() + s.size()) return true;
  // NUMERIC may carry a zero fraction: "42.000".
  std::string_view rest(p, static_cast<std::size_t>(s.data() + s.size() - p));
  if (ec == std::errc{} && rest.size() >= 2 && rest[0] == '.' &&
      rest.substr(1).find_first_not_of('0') == std::string_view::npos)
    return true;
  return false;
}

bool parse_double(std::string_view s, double& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && p == s.data() + s.size();
}

}  // namespace

const Value& Row::at(std::string_view column) const {
  const auto& cols = *columns_;
  for (std::size_t i = 0; i < cols.size(); ++i) {
    if (cols[i] == column) return values_.at(i);
  }
  throw std::out_of_range("no column '" + std::string(column) + "' in the result");
}

std::int64_t Row::int64(std::string_view column) const {
  const Value& v = at(column);
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) {
    // An integral value that came back as a real (e.g. PostgreSQL SUM over NUMERIC).
    if (std::isfinite(*d) && std::trunc(*d) == *d && *d >= -9223372036854775808.0 &&
        *d < 9223372036854775808.0)
      return static_cast<std::int64_t>(*d);
    wrong_type(column, "integer", v);
  }
  if (const auto* s = std::get_if<std::string>(&v)) {
    std::int64_t out = 0;
    if (parse_int64(*s, out)) return out;
    throw std::runtime_error("column '" + std::string(column) + "': text is not an integer");
  }
  wrong_type(column, "integer", v);
}

double Row::real(std::string_view column) const {
  const Value& v = at(column);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  if (const auto* s = std::get_if<std::string>(&v)) {
    double out = 0;
    if (parse_double(*s, out)) return out;
    throw std::runtime_error("column '" + std::string(column) + "': text is not a number");
  }
  wrong_type(column, "real", v);
}

std::string Row::text(std::string_view column) const {
  const Value& v = at(column);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  wrong_type(column, "text", v);
}

Blob Row::blob(std::string_view column) const {
  const Value& v = at(column);
  if (const auto* b = std::get_if<Blob>(&v)) return *b;
  wrong_type(column, "blob", v);
}

std::optional<std::int64_t> Row::opt_int64(std::string_view column) const {
  if (is_null(column)) return std::nullopt;
  return int64(column);
}

std::optional<std::string> Row::opt_text(std::string_view column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

}  // namespace minsheng::db
