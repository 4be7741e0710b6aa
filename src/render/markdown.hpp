#pragma once
// Markdown to HTML (cmark-gfm, ARCHITECTURE.md "Markdown"): safe mode — raw HTML is dropped and links other
// than http(s)/mailto/relative are removed — with GFM tables, strikethrough and autolinks. The output is HTML
// we produced ourselves and may be inserted with {{{ }}}.
#include <string>
#include <string_view>

namespace minsheng::render {

std::string markdown_to_html(std::string_view markdown);
// The text without Markdown syntax, whitespace collapsed, cut to at most `max_chars` characters (code points)
// with "…" appended when cut: for descriptions, list summaries and search snippets.
std::string markdown_to_plain(std::string_view markdown, std::size_t max_chars = 120);

}  // namespace minsheng::render
