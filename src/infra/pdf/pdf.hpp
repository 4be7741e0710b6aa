#pragma once
// The PDF adapter (ARCHITECTURE.md "QR, PDF/PNG"): lays out an official document (core/document.hpp;
// CONVENTIONS.md §1, GB/T 9704-2012) on A4 with cairo + pango and the installed Noto CJK fonts. The only
// place that includes cairo and pango (scripts/lint-deps checks it).
//
// Layout: margins 37/28/26/35 mm (top/left/right/bottom; 版心 156×225 mm), a fixed line pitch of 28.9 pt
// (22 lines per page), 16 pt body with a two-character first-line indent, 22 pt title, headings 一、 in bold
// sans (黑体), （一） and 1. in bold serif, （1） in serif; an optional red 版头 (标志 + 文件 in red, the
// 发文字号 two lines below, a red rule 4 mm under it); tables with cairo-drawn borders, rows never split, the
// header row repeated on every page; `— N —` page numbers in 14 pt (odd pages right, even pages left); the
// 版记 at the bottom of the last page. All text goes through pango_layout_set_text (never markup), so `<&>`
// in user text is printed as is. Fonts: the proprietary 仿宋/小标宋/黑体/楷体 are replaced by "Noto Serif CJK
// SC" (body, 仿宋/楷体/宋体 roles) and "Noto Sans CJK SC" bold (黑体 roles and the title).
//
// Deterministic: the same document gives the same bytes with the same cairo/pango/font versions (the PDF's
// creation and modification dates come from the document, not the clock). Upgrading cairo, pango or the
// fonts may change the bytes: store issued PDFs, do not re-render them to serve "the same file again".
//
// Threads: safe to call concurrently. Each call makes its own pango font map (pango_cairo_font_map_new) and
// cairo surface, so no pango object is shared between threads; fontconfig and cairo's font caches are
// internally locked. CPU-heavy (tens of milliseconds per page): call it from the worker pool only.
#include <string>

#include "core/document.hpp"
#include "core/result.hpp"

namespace minsheng::infra::pdf {

// The PDF bytes ("%PDF-1.5 …"). Internal ("error.internal") only if cairo fails (out of memory). Invalid
// UTF-8 in the document is shown as U+FFFD rather than refused.
Result<std::string> render_pdf(const doc::Document& document);

}  // namespace minsheng::infra::pdf
