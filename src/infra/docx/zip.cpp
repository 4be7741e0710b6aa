#include "infra/docx/zip.hpp"

#include <zip.h>

#include <ctime>
#include <set>

namespace minsheng::infra::docx {
namespace {

Error zip_failure() {
  return Error::make(ErrorCode::Internal, "error.internal");
}

std::time_t fixed_time() {
  std::tm tm{};
  tm.tm_year = 100;
  tm.tm_mon = 0;
  tm.tm_mday = 1;
  tm.tm_hour = 12;
  tm.tm_isdst = -1;
  return std::mktime(&tm);
}

}  // namespace

Result<std::string> zip_files(const std::vector<std::pair<std::string, std::string>>& files) {
  std::set<std::string> names;
  for (const auto& [name, bytes] : files)
    if (name.empty() || !names.insert(name).second)
      return Error::field(ErrorCode::InvalidArgument, "name", "文件名为空或重复");
  // libzip writes nothing for an archive without entries: the empty archive is its end record alone.
  if (files.empty()) return std::string("PK\x05\x06", 4) + std::string(18, '\0');
  return zip_entries(files, fixed_time(), true);
}

Result<std::string> zip_entries(const std::vector<std::pair<std::string, std::string>>& files,
                                std::time_t mtime, bool utf8_names) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &err);
  if (!out) {
    zip_error_fini(&err);
    return zip_failure();
  }
  zip_t* za = zip_open_from_source(out, ZIP_TRUNCATE, &err);
  zip_error_fini(&err);
  if (!za) {
    zip_source_free(out);
    return zip_failure();
  }
  zip_source_keep(out);  // survives zip_close, to be read back
  auto fail = [&]() -> Result<std::string> {
    zip_discard(za);
    zip_source_free(out);
    return zip_failure();
  };
  for (const auto& [name, bytes] : files) {
    zip_source_t* s = zip_source_buffer(za, bytes.data(), bytes.size(), 0);
    if (!s) return fail();
    const zip_int64_t idx = zip_file_add(za, name.c_str(), s, utf8_names ? ZIP_FL_ENC_UTF_8 : 0);
    if (idx < 0) {
      zip_source_free(s);
      return fail();
    }
    const auto index = static_cast<zip_uint64_t>(idx);
    if (zip_set_file_compression(za, index, ZIP_CM_DEFLATE, 0) != 0 ||
        zip_file_set_mtime(za, index, mtime, 0) != 0)
      return fail();
  }
  if (zip_close(za) != 0) return fail();
  std::string result;
  if (zip_source_open(out) != 0) {
    zip_source_free(out);
    return zip_failure();
  }
  char buf[16384];
  zip_int64_t n = 0;
  while ((n = zip_source_read(out, buf, sizeof buf)) > 0)
    result.append(buf, static_cast<std::size_t>(n));
  zip_source_close(out);
  zip_source_free(out);
  if (n < 0) return zip_failure();
  return result;
}

}  // namespace minsheng::infra::docx
