// ARCHITECTURE.md "API conventions": every JSON route of the router table (/api/..., /healthz, /metrics) is
// in api/openapi.yaml, and nothing else. The portal's HTML pages and assets are not part of the JSON API.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "app/app.hpp"

namespace minsheng::testing {
namespace {

// A line-based reader of the `paths:` section: "  /path:" lines open a path, "    get:" lines a method.
std::set<std::string> openapi_operations() {
  std::ifstream f(std::string(MINSHENG_SOURCE_DIR) + "/api/openapi.yaml");
  EXPECT_TRUE(f.good()) << "api/openapi.yaml missing";
  std::set<std::string> ops;
  std::string line, path;
  bool in_paths = false;
  while (std::getline(f, line)) {
    if (!line.empty() && line[0] != ' ' && line[0] != '#') {
      in_paths = line == "paths:";
      continue;
    }
    if (!in_paths) continue;
    if (line.starts_with("  /") && line.ends_with(":")) {
      path = line.substr(2, line.size() - 3);
    } else if (line.starts_with("    ") && !line.starts_with("     ") && line.ends_with(":") &&
               !path.empty()) {
      std::string m = line.substr(4, line.size() - 5);
      if (m == "get" || m == "post" || m == "put" || m == "delete" || m == "patch") {
        for (auto& c : m)
          c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        ops.insert(m + " " + path);
      }
    }
  }
  return ops;
}

bool in_json_api(const std::string& pattern) {
  return pattern.starts_with("/api/") || pattern == "/healthz" || pattern == "/metrics";
}

TEST(OpenApi, MatchesRouteTable) {
  const auto ops = openapi_operations();
  std::set<std::string> table;
  for (const auto& r : app::all_routes()) {
    if (!in_json_api(r.pattern)) continue;
    const std::string key = std::string(http::method_name(r.method)) + " " + r.pattern;
    table.insert(key);
    EXPECT_TRUE(ops.count(key)) << "missing from api/openapi.yaml: " << key;
  }
  for (const auto& op : ops)
    EXPECT_TRUE(table.count(op)) << "api/openapi.yaml lists a route that does not exist: " << op;
  EXPECT_EQ(ops.size(), table.size());
}

}  // namespace
}  // namespace minsheng::testing
