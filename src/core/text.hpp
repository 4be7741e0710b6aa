#pragma once
// Text helpers that need no library: ASCII case and whitespace, terminal display width (CJK: two columns).
#include <cstddef>
#include <string>
#include <string_view>

namespace minsheng {

// ASCII lower case (HTTP tokens, header names, file extensions); other bytes unchanged.
std::string ascii_lower(std::string_view s);
// `s` without leading and trailing spaces and tabs (HTTP optional whitespace).
std::string_view trim_ows(std::string_view s);

// Columns `s` takes on a terminal: ASCII 1, East Asian wide characters (CJK, full-width forms) 2, others 1.
std::size_t display_width(std::string_view s);
// `s` followed by spaces up to `columns` display columns (no truncation).
std::string pad_display(std::string_view s, std::size_t columns);

}  // namespace minsheng
