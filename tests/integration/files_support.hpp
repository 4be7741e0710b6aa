#pragma once
// Helpers shared by the file probes and tests/integration/files_test.cpp (defined in probes_files.cpp).
#include <string>
#include <utility>
#include <vector>

#include "support/test_server.hpp"

namespace minsheng::testing {

// A multipart/form-data body: `fields` as text parts, then one `file` part.
std::string multipart_body(const std::string& boundary,
                           const std::vector<std::pair<std::string, std::string>>& fields,
                           const std::string& filename, const std::string& bytes,
                           const std::string& part_type);
// A stored file (a small JPEG, with its blobs) in `unit`, written directly to the database.
std::int64_t insert_test_file(TestServer& s, std::int64_t unit);

}  // namespace minsheng::testing
