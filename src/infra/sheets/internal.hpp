#pragma once
// Helpers shared by the readers and writers of src/infra/sheets (not part of the public header).
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/error.hpp"

namespace minsheng::infra::sheets::detail {

// The error every reader and writer returns: field "file" with the catalogue text of `key`.
Error sheet_error(ErrorCode code, std::string_view key,
                  std::initializer_list<std::pair<std::string_view, std::string>> args = {});

// Well-formed UTF-8 (no overlongs, no surrogates, at most U+10FFFF); NUL bytes are allowed.
bool valid_utf8(std::string_view s);
// Code points of (valid) UTF-8: the bytes that are not continuation bytes.
std::size_t utf8_length(std::string_view s);
// `s` with every ill-formed sequence replaced by U+FFFD.
std::string sanitize_utf8(std::string_view s);
// GB18030 -> UTF-8 with iconv; nullopt when `s` is not valid GB18030.
std::optional<std::string> gb18030_to_utf8(std::string_view s);

// The most bytes a cell of `max_chars` characters can take (4 per character, saturating), plus one character:
// text past this is longer than allowed whatever its characters, so readers need not keep more.
inline std::size_t cell_byte_bound(std::size_t max_chars) {
  return max_chars > (static_cast<std::size_t>(-1) - 4) / 4 ? static_cast<std::size_t>(-1)
                                                            : max_chars * 4 + 4;
}

// The error for a cell longer than the limit, naming it as Excel does (row 12, column "C").
Error cell_too_long(int row, std::size_t col, std::size_t max_chars);

}  // namespace minsheng::infra::sheets::detail
