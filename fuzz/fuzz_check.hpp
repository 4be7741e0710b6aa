#pragma once
// Helpers shared by the fuzz targets: a property check that crashes (so libFuzzer keeps the input), and an
// independent UTF-8 validator to cross-check the one under test.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#define FUZZ_CHECK(cond)                                                               \
  do {                                                                                 \
    if (!(cond)) {                                                                     \
      std::fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                    \
    }                                                                                  \
  } while (false)

namespace minsheng::fuzz {

// Decodes each sequence to a code point by its lead byte and checks the result; written differently from
// http::parse::valid_utf8 (which uses the Unicode table of second-byte ranges) on purpose.
inline bool reference_utf8(std::string_view s, bool allow_nul = true) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<std::uint8_t>(s[i]);
    int len = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      len = 1;
      cp = c;
    } else if ((c & 0xe0) == 0xc0) {
      len = 2;
      cp = c & 0x1fu;
    } else if ((c & 0xf0) == 0xe0) {
      len = 3;
      cp = c & 0x0fu;
    } else if ((c & 0xf8) == 0xf0) {
      len = 4;
      cp = c & 0x07u;
    } else {
      return false;
    }
    if (s.size() - i < static_cast<std::size_t>(len)) return false;
    for (int k = 1; k < len; ++k) {
      const auto b = static_cast<std::uint8_t>(s[i + static_cast<std::size_t>(k)]);
      if ((b & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3fu);
    }
    static constexpr std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    if (cp == 0 && !allow_nul) return false;
    i += static_cast<std::size_t>(len);
  }
  return true;
}

// Code points of valid UTF-8.
inline std::vector<std::uint32_t> code_points(std::string_view s) {
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<std::uint8_t>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    std::uint32_t cp = len == 1 ? c : c & (0x7fu >> len);
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k)
      cp = (cp << 6) | (s[i + k] & 0x3fu);
    out.push_back(cp);
    i += len;
  }
  return out;
}

// What every string a form hands out must satisfy: valid UTF-8, at most `max_chars` code points, no refused
// characters, and (when trimmed) no leading/trailing whitespace.
inline void check_form_text(const std::optional<std::string>& v, std::size_t max_chars, bool multiline,
                            bool trimmed = true) {
  if (!v) return;
  FUZZ_CHECK(reference_utf8(*v, /*allow_nul=*/false));
  const auto cps = code_points(*v);
  FUZZ_CHECK(cps.size() <= max_chars);
  for (std::uint32_t c : cps) {
    const bool allowed_ctl = multiline && (c == '\n' || c == '\t');
    FUZZ_CHECK(c >= 0x20 || allowed_ctl);
    FUZZ_CHECK(c < 0x7f || c > 0x9f);
    FUZZ_CHECK(c != 0x2028 && c != 0x2029);
    FUZZ_CHECK(c < 0x202a || c > 0x202e);
    FUZZ_CHECK(c < 0x2066 || c > 0x2069);
  }
  if (trimmed && !cps.empty()) {
    for (std::uint32_t c : {cps.front(), cps.back()})
      FUZZ_CHECK(c != ' ' && c != '\t' && c != 0x3000);
  }
}

inline std::string_view as_view(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace minsheng::fuzz
