// sniff() and read_any(): the format by the bytes, then the right reader.
#include "infra/sheets/internal.hpp"
#include "infra/sheets/sheets.hpp"

namespace minsheng::infra::sheets {

namespace {

constexpr std::string_view kZipMagic{"PK\x03\x04", 4};
constexpr std::string_view kOleMagic{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8};
constexpr std::string_view kUtf8Bom{"\xEF\xBB\xBF", 3};

// An encrypted OOXML package is an OLE2 compound file holding a stream named "EncryptedPackage"; directory
// entries store names in UTF-16LE.
bool ole_has_encrypted_package(std::string_view bytes) {
  static constexpr std::string_view kName = "EncryptedPackage";
  std::string utf16;
  for (char c : kName) {
    utf16 += c;
    utf16 += '\0';
  }
  return bytes.find(utf16) != std::string_view::npos;
}

}  // namespace

Format sniff(std::string_view bytes) {
  if (bytes.empty()) return Format::Unknown;
  if (bytes.starts_with(kZipMagic)) return Format::Xlsx;
  if (bytes.starts_with(kOleMagic)) return Format::Xls;
  if (bytes.find('\0') != std::string_view::npos) return Format::Unknown;
  std::string_view text = bytes;
  if (text.starts_with(kUtf8Bom)) return detail::valid_utf8(text.substr(3)) ? Format::Csv : Format::Unknown;
  if (detail::valid_utf8(text)) return Format::Csv;
  return detail::gb18030_to_utf8(text) ? Format::Csv : Format::Unknown;
}

Result<Workbook> read_any(std::string_view bytes, const ReadLimits& limits) {
  using detail::sheet_error;
  if (bytes.empty()) return sheet_error(ErrorCode::Unprocessable, "sheet.empty");
  switch (sniff(bytes)) {
    case Format::Xlsx:
      return read_xlsx(bytes, limits);
    case Format::Csv: {
      auto sheet = read_csv(bytes, limits);
      if (!sheet) return sheet.take_error();
      Workbook wb;
      wb.sheets.push_back(std::move(sheet).value());
      wb.sheets.back().name = "CSV";
      return wb;
    }
    case Format::Xls:
      if (ole_has_encrypted_package(bytes)) return sheet_error(ErrorCode::Unprocessable, "sheet.encrypted");
      return sheet_error(ErrorCode::UnsupportedMediaType, "sheet.xls_legacy");
    case Format::Unknown:
      break;
  }
  return sheet_error(ErrorCode::UnsupportedMediaType, "sheet.not_spreadsheet");
}

}  // namespace minsheng::infra::sheets
