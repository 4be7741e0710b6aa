// The back office at /admin/: static files, the single-page-app fallback to index.html and its caching.
#include <gtest/gtest.h>

#include "support/test_server.hpp"

namespace minsheng::testing {
namespace {

TEST(AdminSpa, ServesIndexAssetsAndFallback) {
  TestServer s;
  Client c = s.client();

  auto redirect = c.get("/admin?x=1");
  EXPECT_EQ(redirect.status, 301);
  EXPECT_EQ(redirect.header("location").value_or(""), "/admin/?x=1");

  for (const char* path : {"/admin/", "/admin/index.html", "/admin/users", "/admin/users/12/edit",
                           "/admin/login?redirect=%2Fusers"}) {
    auto r = c.get(path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_NE(r.body.find("<div id=\"app\">"), std::string::npos) << path;
    EXPECT_EQ(r.header("cache-control").value_or(""), "no-cache") << path;
    EXPECT_EQ(r.header("content-type").value_or(""), "text/html; charset=utf-8") << path;
    EXPECT_TRUE(r.header("content-security-policy").has_value()) << path;
  }

  auto asset = c.get("/admin/assets/index.0123abcd.js");
  EXPECT_EQ(asset.status, 200);
  EXPECT_EQ(asset.body, "console.log(1);");
  EXPECT_EQ(asset.header("cache-control").value_or(""), "public, max-age=31536000, immutable");

  // Revalidation of index.html by its ETag.
  auto index = c.get("/admin/");
  auto etag = index.header("etag");
  ASSERT_TRUE(etag.has_value());
  auto again = c.request("GET", "/admin/users", {}, {});
  EXPECT_EQ(again.header("etag"), etag);
}

TEST(AdminSpa, DoesNotShadowApiOrOtherPaths) {
  TestServer s;
  Client c = s.client();
  EXPECT_EQ(c.get("/api/v1/auth/me").status, 401);
  EXPECT_EQ(c.get("/administrator").status, 404);
  EXPECT_EQ(c.get("/admin/%2e%2e/api/v1/auth/me").status, 200);  // not a file: the app, never a traversal
  // Only GET and HEAD: writes under /admin/ are not the app's.
  EXPECT_EQ(c.post("/admin/users", boost::json::object{}).status, 404);
}

}  // namespace
}  // namespace minsheng::testing
