#include "http/parse/query.hpp"

#include <cstdint>

#include "core/text.hpp"

namespace minsheng::http::parse {
namespace {

Error bad_request() {
  return Error::make(ErrorCode::InvalidArgument, "error.bad_request");
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 6265 token characters (cookie-name): visible ASCII except separators.
bool token_char(unsigned char c) {
  if (c <= 0x20 || c >= 0x7f) return false;
  switch (c) {
    case '(':
    case ')':
    case '<':
    case '>':
    case '@':
    case ',':
    case ';':
    case ':':
    case '\\':
    case '"':
    case '/':
    case '[':
    case ']':
    case '?':
    case '=':
    case '{':
    case '}':
      return false;
    default:
      return true;
  }
}

}  // namespace

bool valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    std::size_t len = 0;
    unsigned char lo = 0x80;  // allowed range of the second byte (Table 3-7 of the Unicode standard)
    unsigned char hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) {
      len = 2;
    } else if (c == 0xe0) {
      len = 3;
      lo = 0xa0;  // no overlongs
    } else if (c >= 0xe1 && c <= 0xec) {
      len = 3;
    } else if (c == 0xed) {
      len = 3;
      hi = 0x9f;  // no surrogates
    } else if (c >= 0xee && c <= 0xef) {
      len = 3;
    } else if (c == 0xf0) {
      len = 4;
      lo = 0x90;  // no overlongs
    } else if (c >= 0xf1 && c <= 0xf3) {
      len = 4;
    } else if (c == 0xf4) {
      len = 4;
      hi = 0x8f;  // nothing above U+10FFFF
    } else {
      return false;  // 0x80..0xc1 (continuation or overlong lead), 0xf5..0xff
    }
    if (static_cast<std::size_t>(end - p) < len) return false;
    if (p[1] < lo || p[1] > hi) return false;
    for (std::size_t i = 2; i < len; ++i) {
      if (p[i] < 0x80 || p[i] > 0xbf) return false;
    }
    p += len;
  }
  return true;
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (char ch : s) {
    if ((static_cast<unsigned char>(ch) & 0xc0) != 0x80) ++n;
  }
  return n;
}

Result<std::string> percent_decode(std::string_view in, bool plus_as_space) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '%') {
      if (in.size() - i < 3) return bad_request();  // truncated "%4" or "%"
      const int hi = hex_value(in[i + 1]);
      const int lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return bad_request();
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  if (out.find('\0') != std::string::npos || !valid_utf8(out)) return bad_request();
  return out;
}

Result<Pairs> parse_query(std::string_view raw) {
  Pairs out;
  std::size_t start = 0;
  while (start <= raw.size()) {
    std::size_t amp = raw.find('&', start);
    if (amp == std::string_view::npos) amp = raw.size();
    const std::string_view piece = raw.substr(start, amp - start);
    start = amp + 1;
    if (piece.empty()) continue;
    if (out.size() >= kMaxQueryPairs) return bad_request();
    const std::size_t eq = piece.find('=');
    auto name = percent_decode(piece.substr(0, eq), true);
    if (!name) return name.take_error();
    std::string value;
    if (eq != std::string_view::npos) {
      auto decoded = percent_decode(piece.substr(eq + 1), true);
      if (!decoded) return decoded.take_error();
      value = std::move(decoded.value());
    }
    out.emplace_back(std::move(name.value()), std::move(value));
  }
  return out;
}

Pairs parse_cookies(std::string_view header) {
  Pairs out;
  std::size_t start = 0;
  while (start <= header.size() && out.size() < kMaxCookies) {
    std::size_t semi = header.find(';', start);
    if (semi == std::string_view::npos) semi = header.size();
    const std::string_view piece = header.substr(start, semi - start);
    start = semi + 1;
    const std::size_t eq = piece.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view name = trim_ows(piece.substr(0, eq));
    std::string_view value = trim_ows(piece.substr(eq + 1));
    if (name.empty()) continue;
    bool ok = true;
    for (char ch : name)
      ok = ok && token_char(static_cast<unsigned char>(ch));
    for (char ch : value) {
      const auto u = static_cast<unsigned char>(ch);
      ok = ok && u >= 0x20 && u != 0x7f;
    }
    if (!ok) continue;
    const bool opens = !value.empty() && value.front() == '"';
    const bool closes = value.size() >= 2 && value.back() == '"';
    if (opens != closes) continue;  // unbalanced quote
    if (opens) value = value.substr(1, value.size() - 2);
    out.emplace_back(std::string(name), std::string(value));
  }
  return out;
}

}  // namespace minsheng::http::parse
