#pragma once
// File names from uploads (SECURITY.md T11): kept only as display text, never as a path. Pure functions.
#include <string>
#include <string_view>

namespace minsheng::files {

// The name to store and show: the last path component of `raw` (valid UTF-8 expected; invalid bytes become
// U+FFFD), without control, bidirectional-override or zero-width characters, without characters that are
// reserved on Windows (<>:"/\|?* become '_'), trimmed of spaces and dots, at most 100 code points, never a
// Windows device name (CON, NUL, COM1, …: prefixed with '_'), and "file" when nothing is left.
std::string sanitize_filename(std::string_view raw);

// The stored name with its extension replaced by `ext` (the sniffed type's): "报告.php" + "jpg" ->
// "报告.jpg".
std::string with_extension(std::string_view name, std::string_view ext);

// RFC 8187 value-chars: attr-char kept, every other byte %XX.
std::string rfc8187_encode(std::string_view utf8);

// `attachment; filename="<ascii>"; filename*=UTF-8''<utf8 encoded>` (or inline). `ascii_name` must be a
// server-made name of [A-Za-z0-9._-].
std::string content_disposition(std::string_view disposition, std::string_view ascii_name,
                                std::string_view utf8_name);

}  // namespace minsheng::files
