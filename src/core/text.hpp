#pragma once
// Chinese text helpers that need no library: terminal display width (CJK characters take two columns).
#include <cstddef>
#include <string>
#include <string_view>

namespace minsheng {

// Columns `s` takes on a terminal: ASCII 1, East Asian wide characters (CJK, full-width forms) 2, others 1.
std::size_t display_width(std::string_view s);
// `s` followed by spaces up to `columns` display columns (no truncation).
std::string pad_display(std::string_view s, std::size_t columns);

}  // namespace minsheng
