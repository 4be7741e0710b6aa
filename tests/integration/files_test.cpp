// Files and photos (issue 3; SECURITY.md T11, T2): uploads over the real server, hostile files and names,
// metadata stripping, serving headers, scope and de-duplication.
#include <gtest/gtest.h>

#include "integration/files_support.hpp"
#include "support/test_images.hpp"

namespace minsheng::testing {
namespace {

namespace json = boost::json;
namespace ti = images;

constexpr const char* kBoundary = "----MinshengTestBoundary7MA4YWxkTrZu0gW";

RequestOptions multipart() {
  return RequestOptions{.content_type = std::string("multipart/form-data; boundary=") + kBoundary};
}

HttpResponse upload(Client& c, const std::string& bytes, const std::string& name = "photo.jpg",
                    std::vector<std::pair<std::string, std::string>> fields = {},
                    const std::string& part_type = "image/jpeg") {
  return c.request("POST", "/api/v1/files", multipart_body(kBoundary, fields, name, bytes, part_type),
                   multipart());
}

std::int64_t blob_count(TestServer& s) {
  return db::query(s.pool(), "SELECT COUNT(*) AS n FROM blobs").first().int64("n");
}

std::int64_t file_count(TestServer& s) {
  return db::query(s.pool(), "SELECT COUNT(*) AS n FROM files").first().int64("n");
}

void expect_error(const HttpResponse& r, int status, const std::string& what) {
  EXPECT_EQ(r.status, status) << what << ": " << r.body.substr(0, 300);
  auto j = r.json();
  ASSERT_TRUE(j.is_object() && j.as_object().contains("error")) << what << ": " << r.body.substr(0, 200);
  EXPECT_TRUE(has_cjk(std::string(j.at("error").at("message").as_string()))) << what << ": " << r.body;
}

struct Files : ::testing::Test {
  TestServer s;
  Client va = signed_in(s, "village_a");
};

TEST_F(Files, JpegWithGpsIsStrippedAndRotated) {
  ti::ExifSpec spec;
  spec.gps = std::make_pair(39.9042, 116.4074);
  spec.orientation = 6;
  const std::string jpeg = ti::jpeg(640, 320, spec);
  ASSERT_NE(jpeg.find("Exif"), std::string::npos);
  auto r = upload(va, jpeg, "村口.jpg");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto j = r.json();
  const auto id = j.at("id").as_int64();
  EXPECT_EQ(j.at("type").as_string(), "image/jpeg");
  EXPECT_EQ(j.at("kind").as_string(), "image");
  EXPECT_EQ(j.at("size").as_int64(), static_cast<std::int64_t>(jpeg.size()));
  EXPECT_EQ(j.at("width").as_int64(), 320);  // as displayed
  EXPECT_EQ(j.at("height").as_int64(), 640);
  EXPECT_EQ(j.at("takenAt").as_string(), "2024-05-06T07:08:09.000+08:00")
      << "the camera's clock, read in Shanghai";
  EXPECT_NEAR(j.at("gps").at("lat").as_double(), 39.9042, 1e-5);
  EXPECT_NEAR(j.at("gps").at("lng").as_double(), 116.4074, 1e-5);
  EXPECT_EQ(j.at("orgUnitId").as_int64(), s.seed().units.at("VA"));  // the uploader's unit by default
  EXPECT_EQ(j.at("name").as_string(), "村口.jpg");

  auto meta = va.get("/api/v1/files/" + std::to_string(id));
  ASSERT_EQ(meta.status, 200);
  EXPECT_EQ(meta.json().at("sha256"), j.at("sha256"));

  auto original = va.get("/api/v1/files/" + std::to_string(id) + "/content");
  ASSERT_EQ(original.status, 200);
  EXPECT_EQ(original.body, jpeg);  // the original is kept as uploaded (staff only)

  auto pub = va.get("/api/v1/files/" + std::to_string(id) + "/public");
  ASSERT_EQ(pub.status, 200);
  EXPECT_EQ(pub.header("content-type").value_or(""), "image/jpeg");
  EXPECT_EQ(pub.body.find("Exif"), std::string::npos);
  EXPECT_EQ(pub.body.find("http://ns.adobe.com/xap"), std::string::npos);
  EXPECT_EQ(pub.body.find("ICC_PROFILE"), std::string::npos);
  const auto exif = infra::images::read_exif_block(pub.body);
  EXPECT_FALSE(exif.has_exif);
  EXPECT_FALSE(exif.gps_lat);
  auto pub_img = vips::VImage::new_from_buffer(pub.body, "");
  EXPECT_EQ(pub_img.width(), 320);
  EXPECT_EQ(pub_img.height(), 640);

  auto thumb = va.get("/api/v1/files/" + std::to_string(id) + "/thumb");
  ASSERT_EQ(thumb.status, 200);
  EXPECT_EQ(thumb.header("content-type").value_or(""), "image/jpeg");
  EXPECT_EQ(thumb.body.find("Exif"), std::string::npos);
  auto img = vips::VImage::new_from_buffer(thumb.body, "");
  EXPECT_EQ(img.width(), 160);  // the orientation is honoured: portrait
  EXPECT_EQ(img.height(), 320);

  // Audited, without the position.
  auto audit = db::query(
      s.pool(), "SELECT entity, entity_id, after_json, result FROM audit_log WHERE action = 'file.upload'");
  ASSERT_EQ(audit.rows.size(), 1u);
  EXPECT_EQ(audit.first().text("entity_id"), std::to_string(id));
  EXPECT_EQ(audit.first().text("after_json").find("39.9"), std::string::npos);
}

TEST_F(Files, PngWebpPdfAccepted) {
  auto png = upload(va, ti::png(40, 30), "a.png", {}, "image/png");
  ASSERT_EQ(png.status, 201) << png.body;
  EXPECT_EQ(png.json().at("type").as_string(), "image/png");
  EXPECT_EQ(png.json().at("width").as_int64(), 40);
  auto webp = upload(va, ti::webp(30, 40), "a.webp", {}, "image/webp");
  ASSERT_EQ(webp.status, 201) << webp.body;
  EXPECT_EQ(webp.json().at("type").as_string(), "image/webp");
  // The client's part type is not believed: a PNG sent as application/pdf is stored as PNG.
  auto lie = upload(va, ti::png(8, 8), "x.pdf", {}, "application/pdf");
  ASSERT_EQ(lie.status, 201) << lie.body;
  EXPECT_EQ(lie.json().at("type").as_string(), "image/png");
  auto pdf = upload(va, ti::pdf(), "报告.pdf", {}, "application/pdf");
  ASSERT_EQ(pdf.status, 201) << pdf.body;
  EXPECT_EQ(pdf.json().at("type").as_string(), "application/pdf");
  EXPECT_EQ(pdf.json().at("kind").as_string(), "pdf");
  EXPECT_TRUE(pdf.json().at("width").is_null());
  const std::string base = "/api/v1/files/" + std::to_string(pdf.json().at("id").as_int64());
  auto content = va.get(base + "/content");
  ASSERT_EQ(content.status, 200);
  EXPECT_EQ(content.body, ti::pdf());
  EXPECT_EQ(content.header("content-type").value_or(""), "application/pdf");
  expect_error(va.get(base + "/thumb"), 404, "pdf thumb");
  expect_error(va.get(base + "/public"), 404, "pdf public");
}

TEST_F(Files, HostileFilesRefused) {
  const auto files_before = file_count(s);
  expect_error(upload(va, "<?php system($_GET['c']); ?>", "shell.jpg"), 415, ".php named .jpg");
  expect_error(upload(va, "<html><script>alert(1)</script>" + ti::jpeg(8, 8), "poly.jpg"), 415,
               "HTML/JPEG polyglot");
  expect_error(upload(va, "<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "a.svg"), 415,
               "svg");
  expect_error(upload(va, "GIF89a\x01\x00\x01\x00", "a.gif"), 415, "gif");
  const std::string j = ti::jpeg(400, 300);
  expect_error(upload(va, j.substr(0, j.size() / 2), "cut.jpg"), 422, "truncated JPEG");
  // Pixel flood: refused by its size from the header (the file has no pixel data to decode).
  auto flood = upload(va, ti::png_header_only(65535, 65535), "flood.png");
  expect_error(flood, 422, "pixel flood");
  EXPECT_NE(flood.body.find("像素过多"), std::string::npos) << flood.body;
  expect_error(upload(va, "", "empty.jpg"), 400, "empty file");
  // 10 MiB + 1 byte (a JPEG signature, then padding): refused by size before anything else.
  std::string big = ti::jpeg(8, 8);
  big.resize(10 * 1024 * 1024 + 1, 'x');
  expect_error(upload(va, big, "big.jpg"), 413, "10 MiB + 1");
  std::string limit = ti::jpeg(8, 8);
  limit.resize(10 * 1024 * 1024, '\0');  // exactly 10 MiB passes the size check (trailing bytes after EOI)
  auto at_limit = upload(va, limit, "limit.jpg");
  EXPECT_EQ(at_limit.status, 201) << at_limit.body.substr(0, 300);
  EXPECT_EQ(file_count(s), files_before + 1);  // nothing refused was stored
}

TEST_F(Files, MalformedMultipart) {
  std::string many;
  for (int i = 0; i < 51; ++i)
    many += std::string("--") + kBoundary + "\r\nContent-Disposition: form-data; name=\"f" +
            std::to_string(i) + "\"\r\n\r\nv\r\n";
  many += std::string("--") + kBoundary + "--\r\n";
  expect_error(va.request("POST", "/api/v1/files", many, multipart()), 400, "> 50 parts");
  expect_error(va.request("POST", "/api/v1/files", "{}", RequestOptions{.content_type = "application/json"}),
               415, "JSON to an upload");
  expect_error(
      va.request("POST", "/api/v1/files", "x",
                 RequestOptions{.content_type = "multipart/form-data; boundary=" + std::string(71, 'b')}),
      400, "boundary > 70");
  expect_error(va.request("POST", "/api/v1/files",
                          "--" + std::string(kBoundary) + "\r\nContent-Disposition: form", multipart()),
               400, "truncated body");
  auto unknown = upload(va, ti::jpeg(8, 8), "a.jpg", {{"zzUnknown", "1"}});
  expect_error(unknown, 400, "unknown field");
  EXPECT_NE(unknown.body.find("zzUnknown"), std::string::npos);
  auto bad_unit = upload(va, ti::jpeg(8, 8), "a.jpg", {{"orgUnitId", "abc"}});
  expect_error(bad_unit, 400, "orgUnitId");
  EXPECT_NE(bad_unit.body.find("orgUnitId"), std::string::npos);
  const std::string only_field = std::string("--") + kBoundary +
                                 "\r\nContent-Disposition: form-data; name=\"orgUnitId\"\r\n\r\n1\r\n--" +
                                 kBoundary + "--\r\n";
  auto no_file = va.request("POST", "/api/v1/files", only_field, multipart());
  expect_error(no_file, 400, "no file");
  EXPECT_NE(no_file.body.find("\"file\""), std::string::npos);
  auto csrf = va.request("POST", "/api/v1/files",
                         multipart_body(kBoundary, {}, "a.jpg", ti::jpeg(8, 8), "image/jpeg"),
                         RequestOptions{.csrf = CsrfMode::Omit, .content_type = multipart().content_type});
  EXPECT_EQ(csrf.status, 403);
  EXPECT_EQ(file_count(s), 0);
}

TEST_F(Files, HostileNamesStoredSafely) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"../../x.jpg", "x.jpg"},
      {"a%00.jpg", "a%00.jpg"},
      {std::string(300, 'n') + ".jpg", std::string(96, 'n') + ".jpg"},
      {"invoice\xe2\x80\xaegpj.jpg", "invoicegpj.jpg"},
      {"shell.php", "shell.php"},
      {"CON", "_CON"},
      {"a\\\";b.jpg", "a_;b.jpg"},  // an escaped quote
  };
  const std::string jpeg = ti::jpeg(8, 8);
  for (const auto& [sent, stored] : cases) {
    SCOPED_TRACE(sent);
    auto r = upload(va, jpeg, sent);
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.json().at("name").as_string(), stored);
    const auto id = r.json().at("id").as_int64();
    auto c = va.get("/api/v1/files/" + std::to_string(id) + "/content");
    ASSERT_EQ(c.status, 200);
    const std::string cd = c.header("content-disposition").value_or("");
    EXPECT_TRUE(
        cd.starts_with("attachment; filename=\"file-" + std::to_string(id) + ".jpg\"; filename*=UTF-8''"))
        << cd;
    for (char ch : cd)
      EXPECT_TRUE(ch >= 0x20 && ch < 0x7f) << cd;         // ASCII only, no CR/LF
    EXPECT_EQ(cd.find(".php"), std::string::npos) << cd;  // the served extension is the sniffed type's
    EXPECT_EQ(cd.find('/'), std::string::npos) << cd;
  }
  // filename*= from the client is decoded too.
  auto star = va.request(
      "POST", "/api/v1/files",
      std::string("--") + kBoundary +
          "\r\nContent-Disposition: form-data; name=\"file\"; filename*=UTF-8''%E6%B0%91%E7%94%9F.jpg"
          "\r\nContent-Type: image/jpeg\r\n\r\n" +
          jpeg + "\r\n--" + kBoundary + "--\r\n",
      multipart());
  ASSERT_EQ(star.status, 201) << star.body;
  EXPECT_EQ(star.json().at("name").as_string(), "民生.jpg");
}

TEST_F(Files, ServedWithSafeHeadersAndEtag) {
  auto r = upload(va, ti::jpeg(20, 10), "a.jpg");
  ASSERT_EQ(r.status, 201);
  const std::string base = "/api/v1/files/" + std::to_string(r.json().at("id").as_int64());
  for (const char* variant : {"/content", "/thumb", "/public"}) {
    SCOPED_TRACE(variant);
    auto c = va.get(base + variant);
    ASSERT_EQ(c.status, 200);
    EXPECT_EQ(c.header("content-type").value_or(""), "image/jpeg");
    EXPECT_EQ(c.header("x-content-type-options").value_or(""), "nosniff");
    EXPECT_TRUE(c.header("content-security-policy").value_or("").starts_with("sandbox"));
    EXPECT_EQ(c.headers_named("content-security-policy").size(), 1u);
    const std::string etag = c.header("etag").value_or("");
    ASSERT_EQ(etag.size(), 66u);
    EXPECT_EQ(va.get(base + variant).header("etag").value_or(""), etag);
  }
  EXPECT_EQ(r.json().at("sha256").as_string().size(), 64u);
}

TEST_F(Files, NotModifiedOnMatchingEtag) {
  auto r = upload(va, ti::jpeg(20, 10), "a.jpg");
  ASSERT_EQ(r.status, 201);
  const std::string id = std::to_string(r.json().at("id").as_int64());
  const std::string etag = "\"" + std::string(r.json().at("sha256").as_string()) + "\"";
  // The harness client cannot add headers; call the dispatcher directly for the conditional request.
  http::Request req;
  req.method = http::Method::Get;
  req.target = req.path = "/api/v1/files/" + id + "/content";
  req.headers = {{"cookie", va.cookie}, {"if-none-match", "W/\"other\", " + etag}, {"host", "localhost"}};
  req.request_id = "test-304";
  req.remote_addr = "127.0.0.1";
  auto res = s.app().dispatcher().handle(req);
  EXPECT_EQ(res.status, 304);
  EXPECT_TRUE(res.body.empty());
  EXPECT_EQ(res.header("etag").value_or(""), etag);
  req.headers[1].second = "\"nope\"";
  auto full = s.app().dispatcher().handle(req);
  EXPECT_EQ(full.status, 200);
}

TEST_F(Files, ScopeAndDeduplication) {
  const std::string jpeg = ti::jpeg(24, 24);
  auto a = upload(va, jpeg, "a.jpg");
  ASSERT_EQ(a.status, 201);
  const auto blobs = blob_count(s);
  auto b = upload(va, jpeg, "b.jpg");
  ASSERT_EQ(b.status, 201);
  EXPECT_NE(a.json().at("id"), b.json().at("id"));
  EXPECT_EQ(blob_count(s), blobs);  // original, public copy and thumbnail each stored once
  EXPECT_EQ(a.json().at("sha256"), b.json().at("sha256"));

  const std::string base = "/api/v1/files/" + std::to_string(a.json().at("id").as_int64());
  Client vb = signed_in(s, "village_b");
  for (const char* v : {"", "/content", "/thumb", "/public"})
    expect_error(vb.get(base + v), 404, std::string("village_b reads village_a's file") + v);
  Client office = signed_in(s, "office");
  EXPECT_EQ(office.get(base + "/content").status, 200);  // the town office sees its town
  Client sys = signed_in(s, "sysadmin");
  EXPECT_EQ(sys.get(base).status, 403);
  // Uploading into a unit out of scope is 404 and writes nothing; into another unit in scope works.
  const auto files = file_count(s);
  expect_error(upload(va, jpeg, "x.jpg", {{"orgUnitId", std::to_string(s.seed().units.at("VB"))}}), 404,
               "out-of-scope unit");
  expect_error(upload(va, jpeg, "x.jpg", {{"orgUnitId", "999999"}}), 404, "missing unit");
  EXPECT_EQ(file_count(s), files);
  auto o = upload(office, jpeg, "x.jpg", {{"orgUnitId", std::to_string(s.seed().units.at("VB"))}});
  ASSERT_EQ(o.status, 201) << o.body;
  EXPECT_EQ(o.json().at("orgUnitId").as_int64(), s.seed().units.at("VB"));
  EXPECT_EQ(vb.get("/api/v1/files/" + std::to_string(o.json().at("id").as_int64())).status, 200);
}

// A unit that still holds files cannot be deleted: 409 with a Chinese message, not a 500, and nothing lost.
TEST_F(Files, UnitWithFilesIsNotDeleted) {
  const auto unit = s.create_unit(s.seed().units.at("T1"), "department", "有文件的部门");
  Client office = signed_in(s, "office");
  auto up = upload(office, ti::jpeg(16, 16), "d.jpg", {{"orgUnitId", std::to_string(unit)}});
  ASSERT_EQ(up.status, 201) << up.body;
  Client sys = signed_in(s, "sysadmin");
  expect_error(sys.del("/api/v1/org-units/" + std::to_string(unit)), 409, "delete a unit with files");
  EXPECT_EQ(file_count(s), 1);
  EXPECT_EQ(sys.get("/api/v1/org-units/" + std::to_string(unit)).status, 200);
}

}  // namespace
}  // namespace minsheng::testing
