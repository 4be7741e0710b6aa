#include "http/static_files.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace minsheng::http {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("minsheng_static_" + std::to_string(::getpid()) + "_" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "public" / "css");
    write(root_ / "public" / "app.js", "console.log('hi');");
    write(root_ / "public" / "app.js.gz", "GZIPPED");
    write(root_ / "public" / "app.js.br", "BROTLI");
    write(root_ / "public" / "index.html", "<h1>hi</h1>");
    write(root_ / "public" / "index.html.gz", "GZ-INDEX");
    write(root_ / "public" / "css" / "site.3f2a1c9b.css", "body{}");
    write(root_ / "public" / "data.bin", "\x01\x02");
    write(root_ / "public" / "中文.txt", "text");
    write(root_ / "public" / ".env", "SECRET=1");
    write(root_ / "public" / "archive.tar.gz", "an archive, no base file");
    write(root_ / "secret.txt", "outside");
    fs::create_symlink(root_ / "secret.txt", root_ / "public" / "escape.txt");
    fs::create_symlink(root_ / "public" / "index.html", root_ / "public" / "alias.html");
  }
  void TearDown() override { fs::remove_all(root_); }

  static void write(const fs::path& p, const std::string& content) {
    std::ofstream(p, std::ios::binary) << content;
  }

  static Request get(std::string path, Headers headers = {}) {
    Request r;
    r.method = Method::Get;
    r.method_text = "GET";
    r.path = std::move(path);
    r.target = r.path;
    r.headers = std::move(headers);
    return r;
  }

  fs::path root_;
};

TEST_F(StaticFilesTest, LoadsRegularFilesButNotDotfilesVariantsOrEscapingLinks) {
  StaticFiles s(root_ / "public", "/static/");
  // app.js, index.html, site.css, data.bin, 中文.txt, archive.tar.gz, alias.html
  EXPECT_EQ(s.file_count(), 7u);
  EXPECT_FALSE(s.serve(get("/static/.env")));
  EXPECT_FALSE(s.serve(get("/static/escape.txt")));
  EXPECT_FALSE(s.serve(get("/static/app.js.gz")));
  EXPECT_EQ(s.serve(get("/static/alias.html"))->body, "<h1>hi</h1>");
  EXPECT_EQ(s.serve(get("/static/archive.tar.gz"))->body, "an archive, no base file");
}

TEST_F(StaticFilesTest, MissingRootMeansNoFiles) {
  StaticFiles s(root_ / "nope", "/static/");
  EXPECT_EQ(s.file_count(), 0u);
  EXPECT_FALSE(s.serve(get("/static/app.js")));
}

TEST_F(StaticFilesTest, ServesWithTypeEtagAndCacheControl) {
  StaticFiles s(root_ / "public", "/static/");
  auto r = s.serve(get("/static/app.js"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "console.log('hi');");
  EXPECT_EQ(r->header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(r->header("cache-control"), "public, max-age=300");
  EXPECT_EQ(r->header("vary"), "accept-encoding");
  EXPECT_FALSE(r->header("content-encoding"));
  auto etag = std::string(r->header("etag").value());
  EXPECT_EQ(etag.size(), 18u);
  EXPECT_EQ(etag.front(), '"');
  EXPECT_EQ(etag.back(), '"');
  // Stable: another instance gives the same tag.
  StaticFiles s2(root_ / "public", "/static/");
  EXPECT_EQ(s2.serve(get("/static/app.js"))->header("etag"), etag);

  EXPECT_EQ(s.serve(get("/static/index.html"))->header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(s.serve(get("/static/data.bin"))->header("content-type"), "application/octet-stream");
  auto hashed = s.serve(get("/static/css/site.3f2a1c9b.css"));
  ASSERT_TRUE(hashed);
  EXPECT_EQ(hashed->header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(hashed->header("content-type"), "text/css; charset=utf-8");
  EXPECT_FALSE(hashed->header("vary"));
}

TEST_F(StaticFilesTest, IfNoneMatchGives304WithoutBody) {
  StaticFiles s(root_ / "public", "/static/");
  auto etag = std::string(s.serve(get("/static/app.js"))->header("etag").value());
  auto r = s.serve(get("/static/app.js", {{"if-none-match", "\"other\", " + etag}}));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 304);
  EXPECT_TRUE(r->body.empty());
  EXPECT_EQ(r->header("etag"), etag);
  EXPECT_EQ(s.serve(get("/static/app.js", {{"if-none-match", "\"nope\""}}))->status, 200);
}

TEST_F(StaticFilesTest, ChoosesThePrecompressedVariant) {
  StaticFiles s(root_ / "public", "/static/");
  auto br = s.serve(get("/static/app.js", {{"accept-encoding", "gzip, deflate, br"}}));
  EXPECT_EQ(br->header("content-encoding"), "br");
  EXPECT_EQ(br->body, "BROTLI");
  auto gz = s.serve(get("/static/app.js", {{"accept-encoding", "gzip, deflate"}}));
  EXPECT_EQ(gz->header("content-encoding"), "gzip");
  EXPECT_EQ(gz->body, "GZIPPED");
  EXPECT_EQ(gz->header("content-type"), "text/javascript; charset=utf-8");
  auto refused = s.serve(get("/static/app.js", {{"accept-encoding", "br;q=0, gzip;q=0"}}));
  EXPECT_FALSE(refused->header("content-encoding"));
  EXPECT_EQ(refused->body, "console.log('hi');");
  auto index_br = s.serve(get("/static/index.html", {{"accept-encoding", "br, gzip"}}));
  EXPECT_EQ(index_br->header("content-encoding"), "gzip");  // no .br for this one
}

TEST_F(StaticFilesTest, RefusesTraversalAndOddPaths) {
  StaticFiles s(root_ / "public", "/static/");
  for (const char* p :
       {"/static/../secret.txt", "/static/..%2fsecret.txt", "/static/..%2Fsecret.txt",
        "/static/%2e%2e/secret.txt", "/static/css/../app.js", "/static/css%2f..%2f..%2fsecret.txt",
        "/static/app.js%00", "/static/css%5csite.3f2a1c9b.css", "/static//app.js", "/static/./app.js",
        "/static/", "/static", "/other/app.js", "/static/%zz"}) {
    EXPECT_FALSE(s.serve(get(p))) << p;
  }
  EXPECT_TRUE(s.serve(get("/static/css%2Fsite.3f2a1c9b.css")));  // an encoded '/' is just a separator here
  EXPECT_EQ(s.serve(get("/static/%E4%B8%AD%E6%96%87.txt"))->body, "text");
}

TEST_F(StaticFilesTest, HeadAndOtherMethods) {
  StaticFiles s(root_ / "public", "/static/");
  auto req = get("/static/app.js");
  req.method = Method::Head;
  auto r = s.serve(req);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(r->header("etag"));
  // The body stays for Content-Length; the server sends headers only for HEAD.
  EXPECT_EQ(r->body.size(), std::string("console.log('hi');").size());
  req.method = Method::Post;
  EXPECT_FALSE(s.serve(req));
}

}  // namespace
}  // namespace minsheng::http
