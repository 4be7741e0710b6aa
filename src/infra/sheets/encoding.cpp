// Text helpers of the sheets readers and writers: errors, UTF-8 checks, GB18030 decoding (glibc iconv).
#include <iconv.h>

#include <cerrno>
#include <cstdint>

#include "core/messages.hpp"
#include "infra/sheets/internal.hpp"
#include "infra/sheets/sheets.hpp"

namespace minsheng::infra::sheets {
namespace detail {

Error sheet_error(ErrorCode code, std::string_view key,
                  std::initializer_list<std::pair<std::string_view, std::string>> args) {
  return Error{code, "error.invalid_field", {FieldError{"file", messages::format(key, args)}}};
}

Error cell_too_long(int row, std::size_t col, std::size_t max_chars) {
  return sheet_error(
      ErrorCode::Unprocessable, "sheet.cell_too_long",
      {{"row", std::to_string(row)}, {"col", column_name(col)}, {"max", std::to_string(max_chars)}});
}

namespace {

// The length of the well-formed sequence at s[i], or 0 when it is ill-formed (Unicode table 3-7).
std::size_t sequence_length(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<std::uint8_t>(s[i]);
  if (b0 < 0x80) return 1;
  std::size_t len = 0;
  std::uint8_t lo = 0x80;
  std::uint8_t hi = 0xbf;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    len = 2;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    len = 3;
    if (b0 == 0xe0) lo = 0xa0;
    if (b0 == 0xed) hi = 0x9f;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    len = 4;
    if (b0 == 0xf0) lo = 0x90;
    if (b0 == 0xf4) hi = 0x8f;
  } else {
    return 0;
  }
  if (s.size() - i < len) return 0;
  const auto b1 = static_cast<std::uint8_t>(s[i + 1]);
  if (b1 < lo || b1 > hi) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    const auto b = static_cast<std::uint8_t>(s[i + k]);
    if (b < 0x80 || b > 0xbf) return 0;
  }
  return len;
}

}  // namespace

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = sequence_length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    n += (static_cast<std::uint8_t>(c) & 0xc0) != 0x80;
  return n;
}

std::string sanitize_utf8(std::string_view s) {
  if (valid_utf8(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = sequence_length(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::optional<std::string> gb18030_to_utf8(std::string_view s) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  // GB18030 takes 1, 2 or 4 bytes for what UTF-8 writes in at most 1, 3 or 4: twice the input always fits.
  std::string out(s.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(s.data());  // iconv's signature; the input is not written
  std::size_t in_left = s.size();
  char* dst = out.data();
  std::size_t out_left = out.size();
  bool ok = true;
  while (in_left > 0) {
    if (iconv(cd, &in, &in_left, &dst, &out_left) == static_cast<std::size_t>(-1)) {
      if (errno == E2BIG) {  // not expected (see above), but grow rather than fail
        const std::size_t used = out.size() - out_left;
        out.resize(out.size() * 2);
        dst = out.data() + used;
        out_left = out.size() - used;
        continue;
      }
      ok = false;  // EILSEQ (invalid) or EINVAL (truncated at the end)
      break;
    }
  }
  iconv_close(cd);
  if (!ok) return std::nullopt;
  out.resize(out.size() - out_left);
  return out;
}

}  // namespace detail

std::string column_name(std::size_t index) {
  std::string out;
  std::size_t n = index + 1;  // bijective base 26: A..Z, AA..
  while (n > 0) {
    const std::size_t rem = (n - 1) % 26;
    out.insert(out.begin(), static_cast<char>('A' + rem));
    n = (n - 1) / 26;
  }
  return out;
}

}  // namespace minsheng::infra::sheets
