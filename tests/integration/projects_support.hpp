#pragma once
// Projects written straight into the database for tests that need one per call (probes, portal), and the
// multipart body of an import.
#include <cstdint>
#include <string>
#include <vector>

#include "support/test_server.hpp"

namespace minsheng::testing {

// A project of `town` (seed key, e.g. "T1") led by `lead` (seed key); returns its id.
std::int64_t insert_test_project(TestServer& s, const std::string& town, const std::string& lead,
                                 const std::string& code, int year = 2026);
// A progress entry of the project; returns its id.
std::int64_t insert_test_progress(TestServer& s, std::int64_t project, const std::string& date, int pct);
// multipart/form-data with `file` (name, bytes) and plain fields.
std::string import_multipart(const std::string& boundary, const std::string& filename,
                             const std::string& bytes,
                             const std::vector<std::pair<std::string, std::string>>& fields);
// The template's header line as CSV.
inline constexpr const char* kCatalogueCsvHeader =
    "编号,项目名称,类别,牵头单位,配合单位,年度变化,计划投资（万元）,受益人数,建设地点,纬度,经度,坐标系,"
    "目标任务,"
    "政策内容,通俗解读\r\n";

}  // namespace minsheng::testing
