// The public portal (issue 3): the home page, Traditional script, the Chinese error pages, the page cache.
#include <gtest/gtest.h>

#include <cctype>

#include "platform/content_version.hpp"
#include "support/test_server.hpp"

namespace minsheng::testing {
namespace {

bool contains(const std::string& s, const std::string& what) {
  return s.find(what) != std::string::npos;
}

// `<meta {attr}="{name}" content="...">` with a non-empty content.
bool has_meta(const std::string& h, const std::string& attr, const std::string& name) {
  const std::string open = "<meta " + attr + "=\"" + name + "\" content=\"";
  const auto p = h.find(open);
  return p != std::string::npos && h.size() > p + open.size() && h[p + open.size()] != '"';
}

// A run of 17 digits then a digit or X (an ID number), or 1[3-9] then 9 digits (a mobile number).
bool has_id_or_mobile(const std::string& h) {
  auto digit = [&](std::size_t i) { return i < h.size() && std::isdigit(static_cast<unsigned char>(h[i])); };
  for (std::size_t i = 0; i < h.size(); ++i) {
    std::size_t n = 0;
    while (digit(i + n))
      ++n;
    if (n >= 17 && (n >= 18 || h[i + 17] == 'X' || h[i + 17] == 'x')) return true;
    for (std::size_t k = 0; k + 11 <= n; ++k)
      if (h[i + k] == '1' && h[i + k + 1] >= '3') return true;
  }
  return false;
}

void set_setting(TestServer& s, const std::string& key, const std::string& value) {
  db::Tx tx(s.pool());
  tx.query(
      "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, '2024-01-01T00:00:00.000Z') "
      "ON CONFLICT (key) DO UPDATE SET value = $2",
      {key, value});
  platform::bump_content_version(tx);
  tx.commit();
}

TEST(Portal, HomePage) {
  TestServer s;
  set_setting(s, "portal.host_unit", "民生镇人民政府");
  set_setting(s, "portal.phone", "0550-1234567");
  auto c = s.client();
  auto r = c.get("/");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type").value_or(""), "text/html; charset=utf-8");
  const std::string& h = r.body;
  EXPECT_TRUE(contains(h, "<html lang=\"zh-CN\""));
  EXPECT_TRUE(contains(h, "<title>民生镇 - 民生工程信息公开</title>")) << h;
  EXPECT_TRUE(has_meta(h, "name", "description"));
  EXPECT_TRUE(has_meta(h, "property", "og:title"));
  EXPECT_TRUE(has_meta(h, "property", "og:description"));
  EXPECT_TRUE(contains(h, "<meta property=\"og:image\" content=\"/static/portal/share.svg\">"));
  // The town's offices: its departments and villages; not another town's.
  for (const char* unit : {"社保所", "卫生院", "甲村", "乙村"})
    EXPECT_TRUE(contains(h, unit)) << unit;
  EXPECT_FALSE(contains(h, "邻镇"));
  // The §2.1 footer; the optional rows hidden when empty.
  EXPECT_TRUE(contains(h, "<dt>主办单位</dt><dd>民生镇人民政府</dd>"));
  EXPECT_TRUE(contains(h, "<dt>联系电话</dt><dd>0550-1234567</dd>"));
  EXPECT_FALSE(contains(h, "地址"));
  EXPECT_FALSE(contains(h, "ICP"));
  EXPECT_FALSE(contains(h, "公安备案"));
  // Older readers and WeChat (CONVENTIONS §3); no script, no inline style (CSP).
  EXPECT_TRUE(contains(h, "width=device-width, initial-scale=1"));
  EXPECT_FALSE(contains(h, "user-scalable"));
  EXPECT_FALSE(contains(h, "maximum-scale"));
  EXPECT_FALSE(contains(h, "<script"));
  EXPECT_FALSE(contains(h, "style="));
  EXPECT_FALSE(contains(h, "<style"));
  EXPECT_TRUE(contains(h, "href=\"?script=hant\""));
  EXPECT_TRUE(contains(h, "href=\"?size=large\""));
  const auto csp = r.header("content-security-policy").value_or("");
  EXPECT_TRUE(contains(csp, "script-src 'self'")) << csp;
  EXPECT_TRUE(contains(csp, "style-src 'self'")) << csp;
  EXPECT_EQ(r.header("cache-control").value_or(""), "public, max-age=60");
  // Privacy (CONVENTIONS §2.2, §9 item 16) and no third-party resources (item 11).
  EXPECT_FALSE(has_id_or_mobile(h));
  EXPECT_TRUE(has_id_or_mobile("电话13912345678")) << "the scan itself";
  EXPECT_TRUE(has_id_or_mobile("11010519491231002X"));
  EXPECT_FALSE(contains(h, "http://"));
  EXPECT_FALSE(contains(h, "https://"));
  // HEAD: same headers, no body.
  auto head = c.request("HEAD", "/");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
}

TEST(Portal, NoBlankColumnsAndEscapedData) {
  TestServer s;
  // A town whose only unit name carries markup: escaped, and an empty column is not shown.
  auto c = s.client();
  auto before = c.get("/");
  EXPECT_TRUE(contains(before.body, "id=\"departments\""));
  {
    db::Tx tx(s.pool());
    tx.query("UPDATE org_units SET name = '<script>alert(1)</script>甲村' WHERE id = $1",
             {s.seed().units.at("VA")});
    tx.query("UPDATE org_units SET parent_id = $1 WHERE kind = 'department' AND parent_id = $2",
             {s.seed().units.at("T2"), s.seed().units.at("T1")});
    platform::bump_content_version(tx);
    tx.commit();
  }
  auto r = c.get("/");
  ASSERT_EQ(r.status, 200);
  EXPECT_FALSE(contains(r.body, "<script>"));
  EXPECT_TRUE(contains(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;甲村"));
  EXPECT_FALSE(contains(r.body, "id=\"departments\"")) << "a column without content is shown";
  EXPECT_TRUE(contains(r.body, "id=\"villages\""));
}

TEST(Portal, TraditionalScriptAndCookie) {
  TestServer s;
  set_setting(s, "portal.address", "测试县民生镇乡镇路1号");
  auto c = s.client();
  auto r = c.get("/?script=hant");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(contains(r.body, "<html lang=\"zh-TW\""));
  EXPECT_TRUE(contains(r.body, "鄉鎮路")) << r.body;
  EXPECT_FALSE(contains(r.body, "乡镇路"));
  EXPECT_TRUE(contains(r.body, ">简体</a>")) << "the switch back is written in Simplified";
  EXPECT_TRUE(contains(r.body, "href=\"?script=hans\""));
  bool cookie_set = false;
  for (const auto& sc : r.headers_named("set-cookie"))
    cookie_set =
        cookie_set || (contains(sc, "script=hant") && contains(sc, "SameSite=Lax") && contains(sc, "Path=/"));
  EXPECT_TRUE(cookie_set);

  // Remembered by the cookie (the client's jar now holds script=hant).
  ASSERT_EQ(c.cookie, "script=hant");
  auto again = c.get("/");
  EXPECT_TRUE(contains(again.body, "<html lang=\"zh-TW\""));
  EXPECT_TRUE(contains(again.body, "鄉鎮路"));
  EXPECT_TRUE(again.headers_named("set-cookie").empty());

  // ?script=hans switches back.
  auto back = c.get("/?script=hans");
  EXPECT_TRUE(contains(back.body, "<html lang=\"zh-CN\""));
  EXPECT_TRUE(contains(back.body, "乡镇路"));
  EXPECT_TRUE(contains(back.body, ">繁體</a>"));
  EXPECT_EQ(c.cookie, "script=hans");

  // Large text is a class on <html>, remembered the same way.
  auto large = s.client().get("/?size=large");
  EXPECT_TRUE(contains(large.body, "<html lang=\"zh-CN\" class=\"large\">"));
  EXPECT_TRUE(contains(large.body, "href=\"?size=normal\""));
}

TEST(Portal, ChineseErrorPagesOutsideApi) {
  TestServer s;
  auto c = s.client();
  auto r = c.get("/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_TRUE(contains(r.header("content-type").value_or(""), "text/html"));
  EXPECT_TRUE(contains(r.body, "<title>页面不存在 - 民生镇民生工程</title>")) << r.body;
  EXPECT_TRUE(contains(r.body, "返回首页"));
  EXPECT_TRUE(has_cjk(r.body));
  auto hant = c.get("/nope/deeper?script=hant");
  EXPECT_EQ(hant.status, 404);
  EXPECT_TRUE(contains(hant.body, "頁面不存在"));

  auto api = c.get("/api/v1/nope");
  EXPECT_EQ(api.status, 404);
  EXPECT_TRUE(contains(api.header("content-type").value_or(""), "application/json"));
  EXPECT_TRUE(api.json().is_object());
}

TEST(Portal, AssetsAreEmbedded) {
  TestServer s;  // its static folder is empty: these come from the binary
  auto c = s.client();
  auto css = c.get("/static/portal/portal.css");
  ASSERT_EQ(css.status, 200);
  EXPECT_TRUE(contains(css.header("content-type").value_or(""), "text/css"));
  EXPECT_TRUE(contains(css.body, "-webkit-text-size-adjust: 100%"));
  EXPECT_TRUE(contains(css.body, "\"PingFang SC\""));
  auto etag = css.header("etag").value_or("");
  ASSERT_FALSE(etag.empty());
  auto svg = c.get("/static/portal/share.svg");
  EXPECT_EQ(svg.status, 200);
  EXPECT_EQ(svg.header("content-type").value_or(""), "image/svg+xml");
}

TEST(Portal, EtagAndContentVersion) {
  TestServer s;
  auto c = s.client();
  auto first = c.get("/");
  ASSERT_EQ(first.status, 200);
  const auto etag = first.header("etag").value_or("");
  ASSERT_FALSE(etag.empty());
  // If-None-Match -> 304 without a body (through the dispatcher: the test client sends no custom headers).
  http::Request req;
  req.method = http::Method::Get;
  req.method_text = "GET";
  req.target = req.path = "/";
  req.headers.emplace_back("if-none-match", etag);
  req.request_id = "t1";
  req.remote_addr = "127.0.0.1";
  auto not_modified = s.app().handle(req);
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_TRUE(not_modified.body.empty());
  EXPECT_EQ(not_modified.header("etag").value_or(""), etag);

  // Same content version: served from the cache even though the database changed.
  {
    db::Tx tx(s.pool());
    tx.query("UPDATE org_units SET name = '新名镇' WHERE id = $1", {s.seed().units.at("T1")});
    tx.commit();
  }
  auto cached = c.get("/");
  EXPECT_EQ(cached.header("etag").value_or(""), etag);
  EXPECT_FALSE(contains(cached.body, "新名镇"));
  // A publish bumps the version: the next render is fresh, and the old ETag no longer matches.
  {
    db::Tx tx(s.pool());
    platform::bump_content_version(tx);
    tx.commit();
  }
  auto fresh = c.get("/");
  EXPECT_TRUE(contains(fresh.body, "新名镇"));
  EXPECT_NE(fresh.header("etag").value_or(""), etag);
  auto stale = s.app().handle(req);
  EXPECT_EQ(stale.status, 200);
  auto lease = s.pool().acquire();
  EXPECT_EQ(platform::read_content_version(*lease), 1);
}

}  // namespace
}  // namespace minsheng::testing
