// ARCHITECTURE.md "API conventions": every JSON route of the router table (/api/..., /healthz, /metrics) is
// in api/openapi.yaml, and nothing else. The portal's HTML pages and assets are not part of the JSON API.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "app/app.hpp"
#include "integration/openapi_schema.hpp"

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

// Every state-changing route documents its body: a JSON schema (an empty object at least: unknown fields are
// refused everywhere) or, for uploads, multipart/form-data; the payload tests derive their fields from these.
TEST(OpenApi, EveryUnsafeRouteHasARequestSchema) {
  int json_routes = 0;
  for (const auto& r : app::all_routes()) {
    if (!in_json_api(r.pattern) || !http::is_unsafe(r.method)) continue;
    const std::string method(http::method_name(r.method));
    const std::string key = method + " " + r.pattern;
    const auto media = request_media_types(method, r.pattern);
    ASSERT_FALSE(media.empty()) << key << " has no requestBody in api/openapi.yaml";
    for (const auto& m : media)
      EXPECT_TRUE(m == "application/json" || m == "multipart/form-data") << key << ": " << m;
    if (std::find(media.begin(), media.end(), "application/json") == media.end()) continue;
    ++json_routes;
    const auto schema = json_request_schema(method, r.pattern);
    ASSERT_TRUE(schema.has_value()) << key;
    const auto* type = schema->if_contains("type");
    EXPECT_TRUE(type && type->is_string() && type->as_string() == "object")
        << key << " body is not an object";
    const auto* extra = schema->if_contains("additionalProperties");
    EXPECT_TRUE(extra && extra->is_bool() && !extra->as_bool())
        << key << ": the server refuses unknown fields, so the schema says additionalProperties: false";
  }
  EXPECT_GT(json_routes, 40);
}

// The reader refuses YAML it does not understand instead of guessing.
TEST(OpenApi, YamlSubsetReader) {
  auto v = parse_yaml_subset(
      "a:\n  b: {c: 1, d: [x, 'y z'], e: \"q\\\"\"}\n  f:\n  - g: 2\n    h: -1.5\n  - plain text\n  t: >-\n"
      "    one\n    two\n'200': ok # comment\n");
  EXPECT_EQ(
      boost::json::serialize(v),
      R"({"a":{"b":{"c":1,"d":["x","y z"],"e":"q\""},"f":[{"g":2,"h":-1.5E0},"plain text"],"t":"one two"},)"
      R"("200":"ok"})");
  EXPECT_THROW(parse_yaml_subset("a: &anchor 1\n"), std::runtime_error);
  EXPECT_THROW(parse_yaml_subset("a: 1\na: 2\n"), std::runtime_error);
  EXPECT_THROW(parse_yaml_subset("a: one\n  two\n"), std::runtime_error);
  EXPECT_NO_THROW(openapi_document());
}

}  // namespace
}  // namespace minsheng::testing
