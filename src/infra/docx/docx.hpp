#pragma once
// DOCX (WordprocessingML) of a doc::Document in the official layout of CONVENTIONS.md §1 (GB/T 9704-2012):
// A4, margins 37/28/26/35 mm, 22 lines of fixed 28.95 pt, 3号仿宋_GB2312 body, 2号方正小标宋简体 title,
// headings 黑体/楷体_GB2312/仿宋 bold/仿宋, optional red 版头, 版记 between rules, page numbers `— 1 —` (odd
// right, even left). The package is written with libzip in memory and XML we build ourselves (text escaped,
// characters that XML 1.0 forbids and invalid UTF-8 dropped). Only src/infra/sheets and src/infra/docx
// include libzip.
//
// The output is a pure function of the Document: no clock, no random ids; zip entry times and the core
// properties' dates are the document's own date (printed_on, else the last Date block, else 2000-01-01) at
// 12:00, independent of the server's time zone. The same Document gives byte-identical bytes (with the same
// writer and zlib), so an issued circular re-downloads identical.
#include <string>

#include "core/document.hpp"
#include "core/result.hpp"

namespace minsheng::infra::docx {

// The .docx bytes (MIME application/vnd.openxmlformats-officedocument.wordprocessingml.document). Errors are
// Internal (error.internal) and only come from libzip.
Result<std::string> write_docx(const doc::Document& document);

}  // namespace minsheng::infra::docx
