#include "http/route_match.hpp"

#include <gtest/gtest.h>

namespace minsheng::http {
namespace {

TEST(RoutePattern, MatchesLiteralPaths) {
  RoutePattern p("/api/v1/users");
  EXPECT_TRUE(p.match("/api/v1/users").has_value());
  EXPECT_TRUE(p.match("/api/v1/users")->empty());
  EXPECT_FALSE(p.match("/api/v1/user").has_value());
  EXPECT_FALSE(p.match("/api/v1/users/1").has_value());
  EXPECT_FALSE(p.match("").has_value());
  EXPECT_FALSE(p.match("api/v1/users").has_value());
}

TEST(RoutePattern, ExtractsParameters) {
  RoutePattern p("/api/v1/users/{id}/roles/{role}");
  auto m = p.match("/api/v1/users/42/roles/admin");
  ASSERT_TRUE(m.has_value());
  ASSERT_EQ(m->size(), 2u);
  EXPECT_EQ((*m)[0], (std::pair<std::string, std::string>{"id", "42"}));
  EXPECT_EQ((*m)[1], (std::pair<std::string, std::string>{"role", "admin"}));
  EXPECT_EQ(p.pattern(), "/api/v1/users/{id}/roles/{role}");
}

TEST(RoutePattern, PercentDecodesParameters) {
  RoutePattern p("/villages/{name}");
  auto m = p.match("/villages/%E4%B8%AD%20%E6%9D%91");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ((*m)[0].second, "中 村");
  // '+' is not a space in a path.
  EXPECT_EQ(p.match("/villages/a+b")->at(0).second, "a+b");
}

TEST(RoutePattern, RefusesEncodedSlashInAParameter) {
  RoutePattern p("/files/{name}");
  EXPECT_FALSE(p.match("/files/a%2Fb").has_value());
  EXPECT_FALSE(p.match("/files/a%2fb").has_value());
  EXPECT_FALSE(p.match("/files/a/b").has_value());
}

TEST(RoutePattern, TrailingSlashDoesNotMatch) {
  RoutePattern p("/api/v1/users/{id}");
  EXPECT_FALSE(p.match("/api/v1/users/1/").has_value());
  EXPECT_FALSE(p.match("/api/v1/users/").has_value());  // empty parameter
  RoutePattern q("/api/v1/users");
  EXPECT_FALSE(q.match("/api/v1/users/").has_value());
}

TEST(RoutePattern, RefusesInvalidUtf8AndBadEscapes) {
  RoutePattern p("/x/{v}");
  EXPECT_FALSE(p.match("/x/%FF").has_value());
  EXPECT_FALSE(p.match("/x/%C3%28").has_value());
  EXPECT_FALSE(p.match("/x/%E4%B8").has_value());  // truncated sequence
  EXPECT_FALSE(p.match("/x/%G1").has_value());
  EXPECT_FALSE(p.match("/x/%4").has_value());
  EXPECT_FALSE(p.match("/x/a%00b").has_value());  // NUL
}

}  // namespace
}  // namespace minsheng::http
