#pragma once
// A ZIP archive of named files, written in memory with libzip (only src/infra/sheets and src/infra/docx
// include it). Used for batch downloads (issue 7: every sign board of a year in one file). Entry names are
// stored as UTF-8 (the language encoding flag set, so Chinese names survive in common unzip tools); entry
// times are 2000-01-01 12:00 local time, so the same files give the same bytes.
#include <ctime>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace minsheng::infra::docx {

// files: (name, bytes) in order; names may contain '/' for folders. Internal (error.internal) when libzip
// fails; InvalidArgument (field "name") for an empty or duplicate name.
Result<std::string> zip_files(const std::vector<std::pair<std::string, std::string>>& files);

// The archive as given (no name checks; the DOCX writer's parts too): entries deflated, dated `mtime`, names
// flagged UTF-8 when `utf8_names`. Internal (error.internal) when libzip fails.
Result<std::string> zip_entries(const std::vector<std::pair<std::string, std::string>>& files,
                                std::time_t mtime, bool utf8_names);

}  // namespace minsheng::infra::docx
