// The portal's pages of published submissions (issue 5): /news, /photos, /voices and their item pages, the
// home page's columns, the project page's related items and the media route for their photos and composites.
// Submissions, photos, pairs and composites are written directly with SQL, then the content version is bumped
// as the workflow does on publish and unpublish.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "integration/files_support.hpp"
#include "platform/content_version.hpp"
#include "platform/crypto.hpp"
#include "support/test_images.hpp"
#include "support/test_server.hpp"

namespace minsheng::testing {
namespace {

constexpr const char* kWhen = "2024-01-01T00:00:00.000Z";

bool contains(const std::string& s, const std::string& what) {
  return s.find(what) != std::string::npos;
}

std::size_t count_of(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + what.size()))
    ++n;
  return n;
}

std::string lower(std::string s) {
  for (auto& ch : s)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return s;
}

// Whether the HTML could run script: a <script> other than the portal's own slider file, an element with an
// on…= event attribute, or a javascript: (vbscript:, data:text/html) URL in a URL attribute. Tags are read
// attribute by attribute, so escaped user text and quoted values that merely mention "onerror=" or
// "javascript:" (a title in alt or og:title) are inert and not counted. Returns the offending snippet, or "".
std::string unsafe_markup(const std::string& html) {
  const std::string h = lower(html);
  const std::string own = "<script src=\"/static/portal/compare.js?v=";
  for (std::size_t p = h.find("<script"); p != std::string::npos; p = h.find("<script", p + 1)) {
    if (h.compare(p, own.size(), own) != 0) return html.substr(p, 80);
    const auto end = h.find('>', p);
    if (end == std::string::npos || h.compare(end, 10, "></script>") != 0) return html.substr(p, 80);
  }
  for (std::size_t i = 0; i < h.size(); ++i) {
    if (h[i] != '<' || i + 1 >= h.size() || !(std::isalpha(static_cast<unsigned char>(h[i + 1])))) continue;
    std::size_t j = i + 1;
    while (j < h.size() && !std::isspace(static_cast<unsigned char>(h[j])) && h[j] != '>' && h[j] != '/')
      ++j;
    // Attributes: name[=value], value quoted or bare.
    while (j < h.size() && h[j] != '>') {
      while (j < h.size() && (std::isspace(static_cast<unsigned char>(h[j])) || h[j] == '/'))
        ++j;
      const std::size_t name_start = j;
      while (j < h.size() && !std::isspace(static_cast<unsigned char>(h[j])) && h[j] != '=' && h[j] != '>')
        ++j;
      const std::string name = h.substr(name_start, j - name_start);
      if (name.size() > 2 && name.starts_with("on")) return html.substr(i, 120);
      if (j < h.size() && h[j] == '=') {
        ++j;
        std::string value;
        if (j < h.size() && (h[j] == '"' || h[j] == '\'')) {
          const char q = h[j];
          const auto close = h.find(q, j + 1);
          value = h.substr(j + 1, close == std::string::npos ? std::string::npos : close - j - 1);
          j = close == std::string::npos ? h.size() : close + 1;
        } else {
          const std::size_t v = j;
          while (j < h.size() && !std::isspace(static_cast<unsigned char>(h[j])) && h[j] != '>')
            ++j;
          value = h.substr(v, j - v);
        }
        // URL attributes: no script URLs (text attributes such as alt or content may mention anything).
        static const char* const kUrlAttributes[] = {"href",       "src",    "srcset", "action",
                                                     "formaction", "poster", "data",   "xlink:href",
                                                     "background", "cite"};
        bool url = false;
        for (const char* a : kUrlAttributes)
          url = url || name == a;
        std::string compact;
        for (char ch : value)
          if (!std::isspace(static_cast<unsigned char>(ch))) compact += ch;
        if (url && (contains(compact, "javascript:") || contains(compact, "javascript&colon;") ||
                    contains(compact, "vbscript:") || contains(compact, "data:text/html")))
          return html.substr(i, 120);
      }
    }
    i = j;
  }
  return {};
}

struct NewSubmission {
  std::string kind = "news";
  std::string state = "published";
  std::string title;
  std::string body;
  std::string town = "T1";
  std::string unit = "DX";
  std::string author;
  std::optional<std::string> speaker_village;
  std::string speaker_desc;
  int consent = 0;
  std::string quote;
  std::string interviewer;
  std::optional<std::string> published_at = std::string("2020-06-05T02:00:00.000Z");
  std::vector<std::int64_t> projects;
  bool demo = false;
};

struct PortalSubmissions : ::testing::Test {
  TestServer s;
  Client c = s.client();
  std::int64_t toilets = 0, pension = 0;
  std::string last_public;

  std::int64_t unit(const std::string& key) const { return s.seed().units.at(key); }

  void bump() {
    db::Tx tx(s.pool());
    platform::bump_content_version(tx);
    tx.commit();
  }

  std::int64_t add_project(const std::string& code, const std::string& name, const std::string& town = "T1",
                           const std::string& lead = "DX") {
    auto id =
        db::query(s.pool(),
                  "INSERT INTO projects (town_id, year, code, name, category, lead_unit_id, change_flag, "
                  "created_at, updated_at) VALUES ($1, 2020, $2, $3, 'engineering', $4, 'new', $5, $5) "
                  "RETURNING id",
                  {unit(town), code, name, unit(lead), kWhen})
            .first()
            .int64("id");
    bump();
    return id;
  }

  std::int64_t add(const NewSubmission& n) {
    db::Tx tx(s.pool());
    const auto id =
        tx.query(
              "INSERT INTO submissions (town_id, org_unit_id, kind, state, title, body, author_name, "
              "speaker_village_id, speaker_desc, consent, quote, interviewer, published_at, is_demo, "
              "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
              "$15, "
              "$15) RETURNING id",
              {unit(n.town), unit(n.unit), n.kind, n.state, n.title, n.body, n.author,
               n.speaker_village ? db::Param(unit(*n.speaker_village)) : db::Param(nullptr), n.speaker_desc,
               n.consent, n.quote, n.interviewer,
               n.published_at ? db::Param(*n.published_at) : db::Param(nullptr), n.demo, kWhen})
            .first()
            .int64("id");
    for (auto p : n.projects)
      tx.query("INSERT INTO submission_projects (submission_id, project_id) VALUES ($1, $2)", {id, p});
    platform::bump_content_version(tx);
    tx.commit();
    return id;
  }

  void set_state(std::int64_t id, const std::string& state) {
    db::Tx tx(s.pool());
    tx.query("UPDATE submissions SET state = $1 WHERE id = $2", {state, id});
    platform::bump_content_version(tx);
    tx.commit();
  }

  std::string put_blob(const std::string& bytes) {
    const std::string sha = platform::sha256_hex(bytes);
    db::query(s.pool(),
              "INSERT INTO blobs (sha256, size, data, created_at) VALUES ($1, $2, $3, $4) "
              "ON CONFLICT (sha256) DO NOTHING",
              {sha, static_cast<std::int64_t>(bytes.size()), db::Blob{bytes}, kWhen});
    return sha;
  }

  // A photo as an upload stores it (original with EXIF, public copy, thumbnail), in the unit's name.
  std::int64_t add_photo_file(const std::string& original, const std::string& unit_key = "DX") {
    auto processed = infra::images::process(original);
    EXPECT_TRUE(processed.ok());
    const auto& p = processed.value();
    const std::string sha = put_blob(original);
    const std::string pub = put_blob(p.public_copy->bytes);
    const std::string thumb = put_blob(p.thumbnail->bytes);
    last_public = p.public_copy->bytes;
    return db::query(
               s.pool(),
               "INSERT INTO files (org_unit_id, town_id, uploaded_by, created_at, original_name, kind, "
               "content_type, size, sha256, public_sha256, public_type, thumb_sha256, width, height, "
               "taken_at, gps_lat, gps_lng) VALUES ($1, $2, $3, $4, '现场.jpg', 'image', 'image/jpeg', $5, "
               "$6, $7, 'image/jpeg', $8, $9, $10, $11, $12, $13) RETURNING id",
               {unit(unit_key), unit("T1"), s.seed().users.at("office"), kWhen,
                static_cast<std::int64_t>(original.size()), sha, pub, thumb, p.width, p.height, p.taken_at,
                p.gps_lat, p.gps_lng})
        .first()
        .int64("id");
  }

  std::int64_t jpeg_file(const std::string& taken = "2020:06:05 14:30:00") {
    images::ExifSpec spec;
    spec.taken = taken;
    spec.gps = std::make_pair(31.86, 117.28);
    return add_photo_file(images::jpeg(640, 480, spec));
  }

  void attach(std::int64_t sub, std::int64_t file, const std::string& role, int pair_no,
              const std::string& caption, int order = 0) {
    db::Tx tx(s.pool());
    tx.query(
        "INSERT INTO submission_photos (submission_id, file_id, role, pair_no, caption, sort_order) "
        "VALUES ($1, $2, $3, $4, $5, $6)",
        {sub, file, role, pair_no, caption, order});
    platform::bump_content_version(tx);
    tx.commit();
  }

  void composite(std::int64_t sub, int pair_no, std::int64_t file) {
    db::Tx tx(s.pool());
    tx.query("INSERT INTO submission_composites (submission_id, pair_no, file_id) VALUES ($1, $2, $3)",
             {sub, pair_no, file});
    platform::bump_content_version(tx);
    tx.commit();
  }

  void SetUp() override {
    toilets = add_project("2020-01", "农村改厕项目");
    pension = add_project("2020-02", "养老服务补贴");
  }
};

TEST_F(PortalSubmissions, EmptyColumnsSayNoneAndHomeHasNoBlankColumn) {
  for (const char* path : {"/news", "/photos", "/voices"}) {
    auto r = c.get(path);
    ASSERT_EQ(r.status, 200) << path;
    EXPECT_TRUE(contains(r.body, "<p class=\"empty\">暂无")) << path << r.body;
    EXPECT_FALSE(contains(r.body, "class=\"items\"")) << path << ": no blank list";
    EXPECT_FALSE(contains(r.body, "class=\"pager\"")) << path;
  }
  auto home = c.get("/");
  EXPECT_FALSE(contains(home.body, "信息动态"));
  EXPECT_FALSE(contains(home.body, "图说民生"));
  EXPECT_FALSE(contains(home.body, "群众话民生"));
  EXPECT_EQ(c.get("/news?page=2").status, 404);
}

TEST_F(PortalSubmissions, ListsPerKindNewestFirst) {
  const auto older =
      add({.title = "五月的消息", .body = "五月**正文**。", .published_at = "2020-05-01T02:00:00.000Z"});
  const auto newer =
      add({.title = "六月的消息", .body = "六月正文。", .published_at = "2020-06-05T20:30:00.000Z"});
  const auto story = add({.kind = "photo_story", .title = "村道整治前后"});
  const auto voice = add({.kind = "voice",
                          .title = "路修好了",
                          .speaker_village = "VA",
                          .speaker_desc = "村民 王大爷",
                          .consent = 1,
                          .quote = "以前下雨出不了门，现在路好走了。"});
  auto news = c.get("/news");
  ASSERT_EQ(news.status, 200) << news.body;
  const std::string& h = news.body;
  EXPECT_TRUE(contains(h, "<title>民生镇信息动态 - 民生镇民生工程</title>")) << h;
  EXPECT_TRUE(contains(h, "<link rel=\"canonical\" href=\"/news\">"));
  EXPECT_TRUE(contains(h, "<meta name=\"description\" content=\"民生镇民生工程信息动态：共2条信息"));
  EXPECT_TRUE(contains(h, "<a href=\"/news/" + std::to_string(newer) + "\">六月的消息</a>"));
  EXPECT_TRUE(contains(h, "<a href=\"/news/" + std::to_string(older) + "\">五月的消息</a>"));
  EXPECT_LT(h.find("六月的消息"), h.find("五月的消息")) << "newest published first";
  // Dates in Asia/Shanghai, unpadded: 20:30 UTC on 5 June is 6 June in the town.
  EXPECT_TRUE(contains(h, "<time datetime=\"2020-06-06\">2020年6月6日</time>"));
  EXPECT_TRUE(contains(h, "<time datetime=\"2020-05-01\">2020年5月1日</time>"));
  EXPECT_TRUE(contains(h, "社保所")) << "the submitting unit";
  EXPECT_TRUE(contains(h, "<p class=\"snippet\">五月正文。</p>")) << "plain text snippet";
  EXPECT_FALSE(contains(h, "村道整治前后")) << "another kind";
  EXPECT_FALSE(contains(h, "路修好了"));

  auto photos = c.get("/photos");
  ASSERT_EQ(photos.status, 200);
  EXPECT_TRUE(contains(photos.body, "<a href=\"/photos/" + std::to_string(story) + "\">村道整治前后</a>"));
  EXPECT_FALSE(contains(photos.body, "六月的消息"));
  auto voices = c.get("/voices");
  ASSERT_EQ(voices.status, 200);
  EXPECT_TRUE(contains(voices.body, "<a href=\"/voices/" + std::to_string(voice) + "\">路修好了</a>"));
  EXPECT_TRUE(contains(voices.body, "甲村 村民 王大爷")) << "the village with the speaker";
  EXPECT_TRUE(contains(voices.body, "以前下雨出不了门"));

  // The home page: a column per kind, linking to the lists.
  auto home = c.get("/");
  ASSERT_EQ(home.status, 200);
  for (const char* col : {"信息动态", "图说民生", "群众话民生"})
    EXPECT_TRUE(contains(home.body, std::string(">") + col + "<span class=\"count\">")) << col;
  EXPECT_TRUE(contains(home.body, "href=\"/news\""));
  EXPECT_TRUE(contains(home.body, "href=\"/photos\""));
  EXPECT_TRUE(contains(home.body, "href=\"/voices\""));
  EXPECT_TRUE(contains(home.body, "六月的消息"));
}

TEST_F(PortalSubmissions, NewsPageWithPhotosProjectsAndCanonical) {
  const auto id = add({.title = "改厕工作推进会召开",
                       .body = "## 会议内容\n\n部署**下一步**工作。",
                       .author = "李明",
                       .projects = {toilets, pension}});
  const auto photo = jpeg_file();
  attach(id, photo, "photo", 0, "会议现场", 1);
  attach(id, insert_test_file(s, unit("DX")), "photo", 0, "", 2);
  auto r = c.get("/news/" + std::to_string(id));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type").value_or(""), "text/html; charset=utf-8");
  EXPECT_EQ(r.header("cache-control").value_or(""), "public, max-age=60");
  const std::string& h = r.body;
  EXPECT_TRUE(contains(h, "<title>改厕工作推进会召开 - 信息动态 - 民生镇民生工程</title>")) << h;
  EXPECT_TRUE(contains(h, "<meta name=\"description\" content=\"会议内容 部署下一步工作。\">")) << h;
  EXPECT_TRUE(contains(h, "<link rel=\"canonical\" href=\"/news/" + std::to_string(id) + "\">"));
  EXPECT_TRUE(contains(h, "<meta property=\"og:image\" content=\"/media/" + std::to_string(photo) + "\">"));
  EXPECT_TRUE(contains(h, "<h1>改厕工作推进会召开</h1>"));
  EXPECT_TRUE(contains(h, "<h2>会议内容</h2>"));
  EXPECT_TRUE(contains(h, "<strong>下一步</strong>"));
  EXPECT_TRUE(
      contains(h, "发布日期：<time datetime=\"2020-06-05\">2020年6月5日</time> · 社保所 · 撰稿：李明"));
  EXPECT_TRUE(contains(h, "<a href=\"/media/" + std::to_string(photo) + "\"><img src=\"/media/" +
                              std::to_string(photo) + "/thumb\" width=\"320\" height=\"240\""));
  EXPECT_TRUE(contains(h, "alt=\"新闻图片：会议现场\""));
  EXPECT_TRUE(contains(h, "<figcaption>会议现场</figcaption>"));
  EXPECT_TRUE(contains(h, "<a href=\"/p/2020-01\">农村改厕项目（2020年）</a>"));
  EXPECT_TRUE(contains(h, "<a href=\"/p/2020-02\">养老服务补贴（2020年）</a>"));
  EXPECT_TRUE(contains(h, "href=\"/news\""));
  EXPECT_FALSE(contains(h, "<script")) << "no script on a news page";
  EXPECT_FALSE(contains(h, "style="));
  EXPECT_FALSE(contains(h, "http://"));
  // Ids of another kind, unknown ids and junk: the Chinese 404.
  for (const std::string& path :
       {"/photos/" + std::to_string(id), "/voices/" + std::to_string(id), std::string("/news/999999"),
        std::string("/news/abc"), std::string("/news/-1")}) {
    auto nf = c.get(path);
    EXPECT_EQ(nf.status, 404) << path;
    EXPECT_TRUE(contains(nf.body, "页面不存在")) << path;
  }
}

TEST_F(PortalSubmissions, PhotoStoryShowsPairsSideBySideWithTheSlider) {
  const auto id =
      add({.kind = "photo_story", .title = "村道整治前后", .body = "甲村村道硬化。", .projects = {toilets}});
  const auto b1 = jpeg_file("2020:03:01 09:05:00"), a1 = jpeg_file("2020:06:05 14:30:00");
  const auto b2 = jpeg_file("2020:03:02 10:00:00"), a2 = jpeg_file("2020:06:06 11:00:00");
  const auto comp1 = jpeg_file();
  attach(id, b2, "before", 2, "村口旧貌");
  attach(id, a2, "after", 2, "村口新貌");
  attach(id, b1, "before", 1, "泥泞的村道");
  attach(id, a1, "after", 1, "硬化后的村道");
  composite(id, 1, comp1);
  auto r = c.get("/photos/" + std::to_string(id));
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string& h = r.body;
  EXPECT_EQ(count_of(h, "<section class=\"pair\""), 2u) << h;
  EXPECT_EQ(count_of(h, "<figure class=\"pair-side before\">"), 2u);
  EXPECT_EQ(count_of(h, "<figure class=\"pair-side after\">"), 2u);
  EXPECT_TRUE(contains(h, "<span class=\"side-tag\">前</span>泥泞的村道"));
  EXPECT_TRUE(contains(h, "<span class=\"side-tag\">后</span>硬化后的村道"));
  EXPECT_TRUE(contains(
      h, "<time class=\"taken\" datetime=\"2020-03-01T09:05:00.000+08:00\">拍摄于2020年3月1日 09:05</time>"))
      << h;
  EXPECT_TRUE(contains(h, "拍摄于2020年6月5日 14:30"));
  EXPECT_TRUE(contains(h, "alt=\"实施前：泥泞的村道\""));
  EXPECT_TRUE(contains(h, "alt=\"实施后：硬化后的村道\""));
  // Pairs in order, before then after inside each.
  EXPECT_LT(h.find("泥泞的村道"), h.find("硬化后的村道"));
  EXPECT_LT(h.find("硬化后的村道"), h.find("村口旧貌"));
  EXPECT_TRUE(contains(h, "第1组"));
  EXPECT_TRUE(contains(h, "<a href=\"/media/" + std::to_string(comp1) + "\">查看前后对比合成图</a>"));
  EXPECT_TRUE(contains(h, "<meta property=\"og:image\" content=\"/media/" + std::to_string(comp1) + "\">"));
  EXPECT_TRUE(contains(h, "<a href=\"/p/2020-01\">农村改厕项目（2020年）</a>"));
  // The slider: one same-origin script file, deferred, no inline code; the default CSP (script-src 'self').
  EXPECT_EQ(count_of(h, "<script"), 1u);
  EXPECT_TRUE(contains(h, "<script src=\"/static/portal/compare.js?v="));
  EXPECT_TRUE(contains(h, "\" defer></script>"));
  EXPECT_TRUE(unsafe_markup(h).empty()) << unsafe_markup(h);
  EXPECT_FALSE(contains(h, "style="));
  const auto csp = r.header("content-security-policy").value_or("");
  EXPECT_TRUE(contains(csp, "script-src 'self'")) << csp;
  EXPECT_FALSE(contains(csp, "unsafe-inline")) << csp;
  const auto js = c.get("/static/portal/compare.js");
  ASSERT_EQ(js.status, 200);
  EXPECT_EQ(js.header("content-type").value_or(""), "text/javascript; charset=utf-8");
  EXPECT_TRUE(contains(js.body, ".pair-side.before"));
  EXPECT_TRUE(contains(js.body, "type = \"range\""));
  EXPECT_FALSE(contains(js.body, "eval("));
  auto css = c.get("/static/portal/portal.css");
  EXPECT_TRUE(contains(css.body, ".pair-figures"));
  EXPECT_TRUE(contains(css.body, ".compare-before"));
  // The list shows the story's composite as its cover.
  auto list = c.get("/photos");
  EXPECT_TRUE(contains(list.body, "<img src=\"/media/" + std::to_string(comp1) + "/thumb\"")) << list.body;
  EXPECT_FALSE(contains(list.body, "<script")) << "the slider only on story pages";
  // The story's photos and composite are served; a photo story id under /news is not a page.
  for (auto f : {b1, a1, b2, a2, comp1}) {
    EXPECT_EQ(c.get("/media/" + std::to_string(f)).status, 200) << f;
    EXPECT_EQ(c.get("/media/" + std::to_string(f) + "/thumb").status, 200) << f;
  }
  EXPECT_EQ(c.get("/news/" + std::to_string(id)).status, 404);
}

TEST_F(PortalSubmissions, VoiceOnlyWithConsent) {
  const auto ok = add({.kind = "voice",
                       .title = "自来水通到家门口",
                       .body = "记者走访甲村。",
                       .author = "镇民生办",
                       .speaker_village = "VA",
                       .speaker_desc = "甲村村民 张大妈",
                       .consent = 1,
                       .quote = "再也不用挑水了！",
                       .interviewer = "王记者",
                       .projects = {toilets}});
  const auto no_consent = add({.kind = "voice",
                               .title = "不同意公开的心声",
                               .speaker_village = "VB",
                               .speaker_desc = "乙村村民 李某",
                               .consent = 0,
                               .quote = "不要登我的名字",
                               .projects = {toilets}});
  const auto photo = jpeg_file();
  attach(no_consent, photo, "photo", 0, "不应公开的照片");
  auto r = c.get("/voices/" + std::to_string(ok));
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string& h = r.body;
  EXPECT_TRUE(contains(h, "<blockquote class=\"quote\">再也不用挑水了！</blockquote>")) << h;
  EXPECT_TRUE(contains(h, "<figcaption class=\"speaker\">—— 甲村村民 张大妈</figcaption>"));
  EXPECT_TRUE(contains(h, "采访：王记者"));
  EXPECT_TRUE(contains(h, "撰稿：镇民生办"));
  EXPECT_TRUE(contains(h, "<meta name=\"description\" content=\"再也不用挑水了！\">"));
  EXPECT_TRUE(contains(h, "<a href=\"/p/2020-01\">"));
  // Without consent: no page, not in the list, the home page or the project page, its photos not served.
  EXPECT_EQ(c.get("/voices/" + std::to_string(no_consent)).status, 404);
  for (const char* path : {"/voices", "/", "/p/2020-01"}) {
    auto page = c.get(path);
    EXPECT_EQ(page.status, 200) << path;
    EXPECT_FALSE(contains(page.body, "不同意公开的心声")) << path;
    EXPECT_FALSE(contains(page.body, "不要登我的名字")) << path;
    EXPECT_FALSE(contains(page.body, "李某")) << path;
  }
  EXPECT_TRUE(contains(c.get("/voices").body, "共1条群众心声"));
  EXPECT_EQ(c.get("/media/" + std::to_string(photo)).status, 404);
  EXPECT_EQ(c.get("/media/" + std::to_string(photo) + "/thumb").status, 404);
}

TEST_F(PortalSubmissions, NothingUnpublishedIsVisible) {
  const auto pub = add({.title = "已发布的信息", .projects = {toilets}});
  std::vector<std::int64_t> hidden;
  std::vector<std::int64_t> hidden_files;
  for (const char* state : {"draft", "submitted", "returned", "reviewed", "approved"}) {
    for (const char* kind : {"news", "photo_story", "voice"}) {
      const auto id = add({.kind = kind,
                           .state = state,
                           .title = std::string("未发布-") + kind + "-" + state,
                           .consent = 1,
                           .quote = "未发布的原话",
                           .published_at = std::nullopt,
                           .projects = {toilets}});
      const auto f = jpeg_file(), comp = jpeg_file();
      attach(id, f, std::string(kind) == "photo_story" ? "before" : "photo",
             std::string(kind) == "photo_story" ? 1 : 0, "未发布照片");
      if (std::string(kind) == "photo_story") composite(id, 1, comp);
      hidden.push_back(id);
      hidden_files.push_back(f);
      hidden_files.push_back(comp);
    }
  }
  // Published in another town: not this portal's.
  const auto far = add({.title = "邻镇的信息", .town = "T2", .unit = "DZ"});
  for (const char* path : {"/news", "/photos", "/voices", "/", "/p/2020-01"}) {
    auto r = c.get(path);
    ASSERT_EQ(r.status, 200) << path;
    EXPECT_FALSE(contains(r.body, "未发布")) << path;
    EXPECT_FALSE(contains(r.body, "邻镇的信息")) << path;
  }
  EXPECT_TRUE(contains(c.get("/p/2020-01").body, "已发布的信息"));
  for (auto id : hidden)
    for (const char* base : {"/news/", "/photos/", "/voices/"})
      EXPECT_EQ(c.get(base + std::to_string(id)).status, 404) << base << id;
  EXPECT_EQ(c.get("/news/" + std::to_string(far)).status, 404);
  for (auto f : hidden_files) {
    EXPECT_EQ(c.get("/media/" + std::to_string(f)).status, 404) << f;
    EXPECT_EQ(c.get("/media/" + std::to_string(f) + "/thumb").status, 404) << f;
  }
  // Unpublishing takes the page, the list entry and the photos away at once (the workflow bumps the version).
  const auto photo = jpeg_file();
  attach(pub, photo, "photo", 0, "现场");
  ASSERT_EQ(c.get("/news/" + std::to_string(pub)).status, 200);
  ASSERT_EQ(c.get("/media/" + std::to_string(photo)).status, 200);
  set_state(pub, "approved");
  EXPECT_EQ(c.get("/news/" + std::to_string(pub)).status, 404);
  EXPECT_FALSE(contains(c.get("/news").body, "已发布的信息"));
  EXPECT_FALSE(contains(c.get("/p/2020-01").body, "已发布的信息"));
  EXPECT_EQ(c.get("/media/" + std::to_string(photo)).status, 404);
}

TEST_F(PortalSubmissions, MediaServesPublishedPhotosAndCompositesOnly) {
  const auto id = add({.kind = "photo_story", .title = "图说"});
  const auto before = jpeg_file(), comp = jpeg_file();
  const std::string comp_public = last_public;
  attach(id, before, "before", 1, "前");
  composite(id, 1, comp);
  auto r = c.get("/media/" + std::to_string(comp));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type").value_or(""), "image/jpeg");
  EXPECT_EQ(r.body, comp_public);
  EXPECT_FALSE(infra::images::read_exif_block(r.body).has_exif) << "the public copy, without EXIF and GPS";
  auto thumb = c.get("/media/" + std::to_string(before) + "/thumb");
  EXPECT_EQ(thumb.status, 200);
  EXPECT_EQ(thumb.header("content-type").value_or(""), "image/jpeg");
  // A file of the unit attached to nothing: 404.
  const auto loose = jpeg_file();
  EXPECT_EQ(c.get("/media/" + std::to_string(loose)).status, 404);
  // The old progress-photo path is gone (the photo stories own /photos/{id}).
  EXPECT_EQ(c.get("/photos/" + std::to_string(comp) + "/thumb").status, 404);
}

TEST_F(PortalSubmissions, ProjectPageListsItsPublishedItems) {
  const auto n =
      add({.title = "改厕进展快讯", .published_at = "2020-06-01T02:00:00.000Z", .projects = {toilets}});
  const auto st = add({.kind = "photo_story",
                       .title = "改厕前后对比",
                       .published_at = "2020-06-03T02:00:00.000Z",
                       .projects = {toilets}});
  add({.title = "养老补贴发放", .projects = {pension}});
  auto r = c.get("/p/2020-01");
  ASSERT_EQ(r.status, 200);
  const std::string& h = r.body;
  EXPECT_TRUE(contains(h, "<h2 id=\"items-title\">相关信息</h2>")) << h;
  EXPECT_TRUE(contains(h, "<a href=\"/news/" + std::to_string(n) + "\">改厕进展快讯</a>"));
  EXPECT_TRUE(contains(h, "<a href=\"/photos/" + std::to_string(st) + "\">改厕前后对比</a>"));
  EXPECT_TRUE(contains(h, "<span class=\"kind\">图说民生</span>"));
  EXPECT_TRUE(contains(h, "<span class=\"kind\">信息动态</span>"));
  EXPECT_LT(h.find("改厕前后对比"), h.find("改厕进展快讯")) << "newest first";
  EXPECT_FALSE(contains(h, "养老补贴发放"));
  EXPECT_FALSE(contains(c.get("/p/2020-02").body, "改厕进展快讯"));
  // A project without items has no empty section.
  add_project("2020-03", "空项目");
  EXPECT_FALSE(contains(c.get("/p/2020-03").body, "相关信息"));
}

TEST_F(PortalSubmissions, PaginationTwentyAPage) {
  for (int i = 1; i <= 45; ++i) {
    char when[32];
    std::snprintf(when, sizeof when, "2020-06-%02dT02:00:00.000Z", (i % 28) + 1);
    add({.title = "第" + std::to_string(i) + "条消息", .published_at = std::string(when)});
  }
  auto p1 = c.get("/news");
  ASSERT_EQ(p1.status, 200);
  EXPECT_EQ(count_of(p1.body, "<li class=\"item"), 20u);
  EXPECT_TRUE(contains(p1.body, "共45条信息"));
  EXPECT_TRUE(contains(p1.body, "<nav class=\"pager\" aria-label=\"分页\">")) << p1.body;
  EXPECT_TRUE(contains(p1.body, "第 1 页，共 3 页"));
  EXPECT_TRUE(contains(p1.body, "aria-current=\"page\"><span class=\"sr-only\">第</span>1<span"));
  EXPECT_TRUE(contains(p1.body, "<a class=\"pager-link\" href=\"/news?page=2\" rel=\"next\">下一页</a>"));
  EXPECT_FALSE(contains(p1.body, "rel=\"prev\""));
  auto p2 = c.get("/news?page=2");
  ASSERT_EQ(p2.status, 200);
  EXPECT_EQ(count_of(p2.body, "<li class=\"item"), 20u);
  EXPECT_TRUE(contains(p2.body, "<a class=\"pager-link\" href=\"/news\" rel=\"prev\">上一页</a>"));
  EXPECT_TRUE(contains(p2.body, "<link rel=\"canonical\" href=\"/news?page=2\">"));
  EXPECT_TRUE(contains(p2.body, "（第2页）"));
  EXPECT_TRUE(contains(p2.body, "href=\"?page=2&amp;script=hant\"")) << "the switches keep the page";
  auto p3 = c.get("/news?page=3");
  ASSERT_EQ(p3.status, 200);
  EXPECT_EQ(count_of(p3.body, "<li class=\"item"), 5u);
  EXPECT_FALSE(contains(p3.body, "rel=\"next\""));
  // Pages are disjoint and together hold all 45.
  std::size_t total = 0;
  for (int i = 1; i <= 45; ++i) {
    const std::string t = ">第" + std::to_string(i) + "条消息<";
    total += count_of(p1.body, t) + count_of(p2.body, t) + count_of(p3.body, t);
  }
  EXPECT_EQ(total, 45u);
  EXPECT_EQ(c.get("/news?page=4").status, 404);
  EXPECT_EQ(c.get("/news?page=1").body, p1.body);
  EXPECT_EQ(c.get("/news?page=abc").body, p1.body) << "a malformed page is page 1";
  EXPECT_EQ(c.get("/news?page=-2").status, 200);
  EXPECT_EQ(c.get("/news?page=99999999999999999999").status, 200);
  // The home page: the latest 5 and a link to all.
  auto home = c.get("/");
  EXPECT_EQ(count_of(home.body, "<li class=\"item"), 5u);
  EXPECT_TRUE(contains(home.body, ">查看全部信息动态</a>"));
}

TEST_F(PortalSubmissions, PublishingShowsAtOnceAndPagesAreCachedPerVersion) {
  auto before = c.get("/news");
  EXPECT_TRUE(contains(before.body, "暂无信息动态"));
  auto home = c.get("/");
  // Written without a bump: the cached pages stay.
  db::query(s.pool(),
            "INSERT INTO submissions (town_id, org_unit_id, kind, state, title, published_at, created_at, "
            "updated_at) VALUES ($1, $2, 'news', 'published', '刚刚发布的消息', $3, $3, $3)",
            {unit("T1"), unit("DX"), kWhen});
  EXPECT_EQ(c.get("/news").body, before.body);
  EXPECT_EQ(c.get("/").body, home.body);
  bump();
  EXPECT_TRUE(contains(c.get("/news").body, "刚刚发布的消息"));
  EXPECT_TRUE(contains(c.get("/").body, "刚刚发布的消息"));
  // ETags: a second request of the same page is a 304.
  auto r = c.get("/news");
  auto again = c.get("/news", RequestOptions{.headers = {{"If-None-Match", r.header("etag").value_or("")}}});
  EXPECT_EQ(again.status, 304);
}

TEST_F(PortalSubmissions, TraditionalAndLargeText) {
  const auto id = add({.title = "农村改厕工作会议", .body = "推进农村改厕。"});
  auto hant = c.get("/news/" + std::to_string(id) + "?script=hant");
  ASSERT_EQ(hant.status, 200);
  EXPECT_TRUE(contains(hant.body, "<html lang=\"zh-TW\""));
  EXPECT_TRUE(contains(hant.body, "農村改廁工作會議"));
  EXPECT_FALSE(contains(hant.body, "农村改厕工作会议"));
  EXPECT_TRUE(contains(hant.body, ">简体</a>"));
  EXPECT_TRUE(contains(s.client().get("/news?script=hant").body, "信息動態"));
  auto large = s.client().get("/news/" + std::to_string(id) + "?size=large");
  ASSERT_EQ(large.status, 200);
  EXPECT_TRUE(contains(large.body, "<html lang=\"zh-CN\" class=\"large\">"));
  EXPECT_TRUE(contains(large.body, "农村改厕工作会议"));
  auto css = c.get("/static/portal/portal.css");
  EXPECT_TRUE(contains(css.body, "html.large .pager-link"));
  EXPECT_TRUE(contains(css.body, "html.large .item-title a"));
}

// Every text field of a submission carries script, event handlers and javascript: URLs; every page that shows
// it renders them as text (escaped) or drops them (Markdown's safe mode).
TEST_F(PortalSubmissions, XssInEveryTextFieldIsInert) {
  // The checker itself finds what it is meant to find, and not escaped text.
  EXPECT_NE(unsafe_markup("<p><script>alert(1)</script></p>"), "");
  EXPECT_NE(unsafe_markup("<img src=x onerror=alert(1)>"), "");
  EXPECT_NE(unsafe_markup("<a href=\"JavaScript:alert(1)\">x</a>"), "");
  EXPECT_NE(unsafe_markup("<svg/onload=alert(1)>"), "");
  EXPECT_EQ(unsafe_markup("<p>&lt;img src=x onerror=alert(1)&gt;</p><img alt=\"a onerror=b\" src=\"/m\">"),
            "");
  const std::vector<std::string> corpus = {
      "<script>alert(1)</script>",
      "<img src=x onerror=alert(1)>",
      "\"><svg onload=alert(1)>",
      "'><a href=javascript:alert(1)>x</a>",
      "<a href=\"javascript:alert(1)\">点我</a>",
      "<iframe src=\"data:text/html,<script>alert(1)</script>\"></iframe>",
      "{{title}}{{{body}}}",
  };
  std::string all;
  for (const auto& x : corpus)
    all += x + " ";
  const std::string md_body =
      "正文" + all +
      "\n\n[链接](javascript:alert(2)) ![图](javascript:alert(3))\n\n<script>alert(4)</script>";
  std::vector<std::int64_t> ids;
  for (const char* kind : {"news", "photo_story", "voice"}) {
    const auto id = add({.kind = kind,
                         .title = "标题" + all,
                         .body = md_body,
                         .author = "作者" + all,
                         .speaker_village = "VA",
                         .speaker_desc = "讲述人" + all,
                         .consent = 1,
                         .quote = "原话" + all,
                         .interviewer = "采访人" + all,
                         .projects = {toilets}});
    const auto a = jpeg_file(), b = jpeg_file();
    if (std::string(kind) == "photo_story") {
      attach(id, b, "before", 1, "前说明" + all);
      attach(id, a, "after", 1, "后说明" + all);
    } else {
      attach(id, a, "photo", 0, "图片说明" + all);
    }
    ids.push_back(id);
  }
  std::vector<std::string> paths = {"/",
                                    "/news",
                                    "/photos",
                                    "/voices",
                                    "/p/2020-01",
                                    "/news/" + std::to_string(ids[0]),
                                    "/photos/" + std::to_string(ids[1]),
                                    "/voices/" + std::to_string(ids[2])};
  for (const auto& path : paths) {
    for (const char* variant : {"", "?script=hant"}) {
      auto r = s.client().get(path + variant);
      ASSERT_EQ(r.status, 200) << path << variant;
      const std::string& h = r.body;
      EXPECT_EQ(unsafe_markup(h), "") << path << variant;
      EXPECT_FALSE(contains(lower(h), "<script>")) << path;
      EXPECT_FALSE(contains(lower(h), "<img src=x")) << path;
      EXPECT_FALSE(contains(lower(h), "<svg")) << path;
      EXPECT_FALSE(contains(lower(h), "<iframe")) << path;
      EXPECT_FALSE(contains(h, "style=")) << path;
    }
  }
  // The fields are there, as text.
  auto news = c.get("/news/" + std::to_string(ids[0]));
  EXPECT_TRUE(contains(news.body, "<h1>标题&lt;script&gt;alert(1)&lt;/script&gt;")) << news.body;
  EXPECT_TRUE(contains(news.body, "撰稿：作者&lt;script&gt;"));
  EXPECT_TRUE(contains(news.body, "<figcaption>图片说明&lt;script&gt;"));
  EXPECT_TRUE(contains(news.body, "{{title}}{{{body}}}")) << "no template injection";
  auto story = c.get("/photos/" + std::to_string(ids[1]));
  EXPECT_TRUE(contains(story.body, "<span class=\"side-tag\">前</span>前说明&lt;script&gt;"));
  EXPECT_TRUE(contains(story.body, "<span class=\"side-tag\">后</span>后说明&lt;script&gt;"));
  auto voice = c.get("/voices/" + std::to_string(ids[2]));
  EXPECT_TRUE(contains(voice.body, "<blockquote class=\"quote\">原话&lt;script&gt;"));
  EXPECT_TRUE(contains(voice.body, "—— 甲村 讲述人&lt;script&gt;"));
  EXPECT_TRUE(contains(voice.body, "采访：采访人&lt;script&gt;"));
  // The Markdown body drops raw HTML and javascript: links entirely.
  const auto body_at = news.body.find("<div class=\"column markdown\">");
  ASSERT_NE(body_at, std::string::npos);
  const std::string body = news.body.substr(body_at, news.body.find("</div>", body_at) - body_at);
  EXPECT_FALSE(contains(lower(body), "javascript:")) << body;
  EXPECT_FALSE(contains(lower(body), "<script")) << body;
}

}  // namespace
}  // namespace minsheng::testing
