#pragma once
// What an Office Open XML download is, read from the package itself rather than from its first two bytes
// (every ZIP starts with "PK"): the main part's content type in [Content_Types].xml, and the main part
// present.
#include <zip.h>

#include <optional>
#include <string>
#include <string_view>

namespace minsheng::testing {

// The bytes of one entry of a ZIP held in memory; nullopt when the archive or the entry cannot be read.
inline std::optional<std::string> zip_entry(std::string_view zip_bytes, const std::string& name) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(zip_bytes.data(), zip_bytes.size(), 0, &err);
  zip_t* za = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err) : nullptr;
  zip_error_fini(&err);
  if (!za) {
    if (src) zip_source_free(src);
    return std::nullopt;
  }
  std::optional<std::string> out;
  zip_stat_t st;
  if (zip_stat(za, name.c_str(), 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE)) {
    if (zip_file_t* f = zip_fopen(za, name.c_str(), 0)) {
      std::string bytes(static_cast<std::size_t>(st.size), '\0');
      if (zip_fread(f, bytes.data(), st.size) == static_cast<zip_int64_t>(st.size)) out = std::move(bytes);
      zip_fclose(f);
    }
  }
  zip_close(za);
  return out;
}

// "docx", "xlsx", or "" when the bytes are neither: the package declares the main part's content type and
// holds that part (word/document.xml, xl/workbook.xml).
inline std::string ooxml_kind(std::string_view bytes) {
  const auto types = zip_entry(bytes, "[Content_Types].xml");
  if (!types) return "";
  auto declares = [&](std::string_view part, std::string_view type) {
    const auto at = types->find("PartName=\"" + std::string(part) + "\"");
    if (at == std::string::npos) return false;
    const auto start = types->rfind('<', at);
    const auto end = types->find('>', at);
    if (start == std::string::npos || end == std::string::npos) return false;
    return types->substr(start, end - start).find(type) != std::string::npos;
  };
  if (declares("/word/document.xml",
               "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml") &&
      zip_entry(bytes, "word/document.xml"))
    return "docx";
  if (declares("/xl/workbook.xml",
               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml") &&
      zip_entry(bytes, "xl/workbook.xml"))
    return "xlsx";
  return "";
}

}  // namespace minsheng::testing
