// The portal's project pages (issue 4): /projects, /p/{code}, /search, /media/{id}, the home page's project
// column. Projects, progress and photos are written directly with SQL (and indexed with
// projects::index_project), then the content version is bumped as a writer would.
#include <gtest/gtest.h>
#include <zlib.h>

#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "integration/files_support.hpp"
#include "modules/projects/search.hpp"
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

// Percent-encoding for a query value in a test URL.
std::string enc(const std::string& s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

struct NewProject {
  std::string town = "T1";
  int year = 2020;
  std::string code;
  std::string name;
  std::string category = "engineering";
  std::string lead = "DX";
  std::vector<std::string> cooperating;
  std::string change = "new";
  std::string policy;
  std::string plain;
  std::int64_t planned = 0;
  std::optional<std::int64_t> beneficiaries;
  std::string address;
  std::optional<std::pair<double, double>> lat_lng;
  bool demo = false;
  // name, planned, achieved, unit
  std::vector<std::tuple<std::string, std::optional<double>, std::optional<double>, std::string>> targets;
};

struct PortalProjects : ::testing::Test {
  TestServer s;
  Client c = s.client();
  std::int64_t toilets = 0, pension = 0, old_toilets = 0, dibao = 0, neighbour = 0;
  std::int64_t u_march = 0, u_june_a = 0, u_june_b = 0;
  std::int64_t photo = 0, photo_no_caption = 0;
  std::string photo_public, photo_original, last_public;

  std::int64_t unit(const std::string& key) const { return s.seed().units.at(key); }

  std::int64_t add_project(const NewProject& p) {
    db::Tx tx(s.pool());
    const auto id = tx.query(
                          "INSERT INTO projects (town_id, year, code, name, category, lead_unit_id, "
                          "change_flag, policy_text, "
                          "plain_text, funds_planned, beneficiaries, address, lat, lng, coord_system, "
                          "is_demo, created_at, "
                          "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
                          "$15, $16, $17, $17) "
                          "RETURNING id",
                          {unit(p.town), p.year, p.code, p.name, p.category, unit(p.lead), p.change, p.policy,
                           p.plain, p.planned, p.beneficiaries, p.address,
                           p.lat_lng ? db::Param(p.lat_lng->first) : db::Param(nullptr),
                           p.lat_lng ? db::Param(p.lat_lng->second) : db::Param(nullptr),
                           p.lat_lng ? db::Param("cgcs2000") : db::Param(nullptr), p.demo, kWhen})
                        .first()
                        .int64("id");
    for (const auto& u : p.cooperating)
      tx.query("INSERT INTO project_units (project_id, org_unit_id) VALUES ($1, $2)", {id, unit(u)});
    int order = 0;
    for (const auto& [name, planned, achieved, unit_name] : p.targets)
      tx.query(
          "INSERT INTO project_targets (project_id, sort_order, name, unit, planned, achieved) "
          "VALUES ($1, $2, $3, $4, $5, $6)",
          {id, ++order, name, unit_name, planned, achieved});
    projects::index_project(tx, id);
    platform::bump_content_version(tx);
    tx.commit();
    return id;
  }

  std::int64_t add_progress(std::int64_t project, const std::string& date, int pct, std::int64_t disbursed,
                            const std::string& status, const std::string& note) {
    db::Tx tx(s.pool());
    const auto id =
        tx.query(
              "INSERT INTO project_progress (project_id, report_date, progress_pct, funds_disbursed, "
              "status, note, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
              "RETURNING id",
              {project, date, pct, disbursed, status, note, s.seed().users.at("office"), kWhen})
            .first()
            .int64("id");
    platform::bump_content_version(tx);
    tx.commit();
    return id;
  }

  void attach(std::int64_t progress, std::int64_t file, const std::string& caption, int order) {
    db::Tx tx(s.pool());
    tx.query(
        "INSERT INTO project_progress_photos (progress_id, file_id, sort_order, caption) VALUES ($1, $2, $3, "
        "$4)",
        {progress, file, order, caption});
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

  // A photo as an upload stores it: the original (with EXIF and GPS), the stripped public copy, the
  // thumbnail.
  std::int64_t add_photo_file(const std::string& original) {
    auto processed = infra::images::process(original);
    EXPECT_TRUE(processed.ok());
    const auto& p = processed.value();
    const std::string sha = put_blob(original);
    const std::string pub = put_blob(p.public_copy->bytes);
    const std::string thumb = put_blob(p.thumbnail->bytes);
    last_public = p.public_copy->bytes;
    return db::query(s.pool(),
                     "INSERT INTO files (org_unit_id, town_id, uploaded_by, created_at, original_name, kind, "
                     "content_type, size, sha256, public_sha256, public_type, thumb_sha256, width, height, "
                     "taken_at, gps_lat, gps_lng) VALUES ($1, $2, $3, $4, '现场.jpg', 'image', 'image/jpeg', "
                     "$5, $6, "
                     "$7, 'image/jpeg', $8, $9, $10, $11, $12, $13) RETURNING id",
                     {unit("OFF"), unit("T1"), s.seed().users.at("office"), kWhen,
                      static_cast<std::int64_t>(original.size()), sha, pub, thumb, p.width, p.height,
                      p.taken_at, p.gps_lat, p.gps_lng})
        .first()
        .int64("id");
  }

  void bump() {
    db::Tx tx(s.pool());
    platform::bump_content_version(tx);
    tx.commit();
  }

  void set_setting(const std::string& key, const std::string& value) {
    db::Tx tx(s.pool());
    tx.query(
        "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET "
        "value = $2",
        {key, value, kWhen});
    platform::bump_content_version(tx);
    tx.commit();
  }

  void SetUp() override {
    toilets = add_project(NewProject{
        .code = "2020-01",
        .name = "农村改厕项目",
        .cooperating = {"VA", "VB"},
        .policy = "## 补助标准\n\n每户补助**800元**。<script>alert(1)</script>[详情](javascript:alert(2))",
        .plain = "改厕后*更卫生*，粪污可资源化利用。",
        .planned = 1234567,
        .beneficiaries = 3600,
        .address = "民生镇甲村、乙村",
        .lat_lng = std::make_pair(31.86, 117.28),
        .demo = true,
        .targets = {{"户厕改造", 1200.0, 600.0, "户"}, {"资源化利用站", 2.0, std::nullopt, "个"}},
    });
    pension = add_project(NewProject{.code = "2020-02",
                                     .name = "养老服务补贴",
                                     .category = "subsidy",
                                     .lead = "DY",
                                     .change = "continued",
                                     .policy = "按月发放，并配合改厕工作入户宣传。",
                                     .plain = "80岁以上老人每月领取补贴。",
                                     .planned = 50000000});
    old_toilets =
        add_project(NewProject{.year = 2019, .code = "2020-01", .name = "旧版改厕", .planned = 100});
    dibao = add_project(NewProject{.year = 2019,
                                   .code = "2019-05",
                                   .name = "低保提标",
                                   .category = "service",
                                   .lead = "OFF",
                                   .plain = "提高农村低保标准。"});
    neighbour =
        add_project(NewProject{.town = "T2", .code = "2020-09", .name = "邻镇农村改厕", .lead = "DZ"});

    u_march = add_progress(toilets, "2020-03-01", 20, 100000, "in_progress", "三月开工。");
    // Two updates on one day: the later id is the newer one.
    u_june_a = add_progress(toilets, "2020-06-05", 40, 400000, "in_progress", "六月上旬过半。");
    u_june_b = add_progress(toilets, "2020-06-05", 45, 500000, "in_progress", "完成**一半**以上。");
    images::ExifSpec spec;
    spec.gps = std::make_pair(31.86, 117.28);
    photo_original = images::jpeg(640, 480, spec);
    photo = add_photo_file(photo_original);
    photo_public = last_public;
    photo_no_caption = add_photo_file(images::jpeg(300, 600));
    attach(u_june_b, photo, "改厕现场", 1);
    attach(u_june_b, photo_no_caption, "", 2);
    // Another town's update with a photo: never served by this town's portal.
    const auto far = add_progress(neighbour, "2020-05-01", 10, 0, "in_progress", "");
    attach(far, insert_test_file(s, unit("DZ")), "邻镇", 1);
  }
};

TEST_F(PortalProjects, CatalogueGroupedByCategory) {
  auto r = c.get("/projects");
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string& h = r.body;
  EXPECT_TRUE(contains(h, "<title>民生镇2020年民生项目 - 民生镇民生工程</title>")) << h;
  // The newest year by default, grouped by category; no empty group (2020 has no 服务类 project).
  const auto eng = h.find(">工程类<"), sub = h.find(">补助类<");
  ASSERT_NE(eng, std::string::npos);
  ASSERT_NE(sub, std::string::npos);
  EXPECT_LT(eng, sub);
  EXPECT_FALSE(contains(h, "服务类"));
  EXPECT_FALSE(contains(h, "旧版改厕")) << "another year";
  EXPECT_FALSE(contains(h, "邻镇农村改厕")) << "another town";
  EXPECT_LT(h.find("农村改厕项目"), sub);
  EXPECT_GT(h.find("养老服务补贴"), sub);
  EXPECT_TRUE(contains(h, "<a href=\"/p/2020-01\">农村改厕项目</a>"));
  EXPECT_TRUE(contains(h, "<a href=\"/p/2020-02\">养老服务补贴</a>"));
  EXPECT_TRUE(contains(h, "牵头单位：社保所"));
  EXPECT_TRUE(contains(h, "牵头单位：卫生院"));
  // Progress bars: accessible, with the percentage as text; defaults without updates.
  EXPECT_TRUE(contains(h, "role=\"progressbar\""));
  EXPECT_TRUE(contains(h, "aria-valuenow=\"45\""));
  EXPECT_TRUE(contains(h, "进度 45%"));
  EXPECT_TRUE(contains(h, "aria-valuenow=\"0\""));
  EXPECT_TRUE(contains(h, "进度 0%"));
  // Money in 万元 with two decimals; status and change-flag labels.
  EXPECT_TRUE(contains(h, "<dd>1.23 万元</dd>")) << "1234567 分";
  EXPECT_TRUE(contains(h, "<dd>0.50 万元</dd>")) << "the latest update's 500000 分";
  EXPECT_TRUE(contains(h, "<dd>50.00 万元</dd>"));
  EXPECT_TRUE(contains(h, "<dd>0.00 万元</dd>"));
  EXPECT_TRUE(contains(h, ">实施中</span>"));
  EXPECT_TRUE(contains(h, ">未开工</span>"));
  EXPECT_TRUE(contains(h, "<dd>新增</dd>"));
  EXPECT_TRUE(contains(h, "<dd>继续</dd>"));
  EXPECT_EQ(count_of(h, ">示例数据</span>"), 1u) << "the demo project only";
  // The year switcher: the current year marked, the other a link.
  EXPECT_TRUE(contains(h, "aria-current=\"page\">2020年</span>"));
  EXPECT_TRUE(contains(h, "href=\"/projects?year=2019\""));
  EXPECT_FALSE(contains(h, "<script"));
  EXPECT_FALSE(contains(h, "style="));

  auto y2019 = c.get("/projects?year=2019");
  ASSERT_EQ(y2019.status, 200);
  EXPECT_TRUE(contains(y2019.body, ">服务类<"));
  EXPECT_TRUE(contains(y2019.body, "低保提标"));
  EXPECT_TRUE(contains(y2019.body, "旧版改厕"));
  EXPECT_FALSE(contains(y2019.body, "补助类"));
  EXPECT_TRUE(contains(y2019.body, "href=\"/projects?year=2020\""));
  EXPECT_TRUE(contains(y2019.body, "href=\"?year=2019&amp;script=hant\"")) << "the switches keep the year";

  auto none = c.get("/projects?year=2018");
  EXPECT_EQ(none.status, 404);
  EXPECT_TRUE(contains(none.body, "页面不存在"));
  auto junk = c.get("/projects?year=abc&x=%3Cscript%3E");
  EXPECT_EQ(junk.status, 200);
  EXPECT_TRUE(contains(junk.body, "农村改厕项目"));
  EXPECT_FALSE(contains(junk.body, "<script"));
}

std::string gunzip(const std::string& gz) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) return {};
  std::string out(4 << 20, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  z.avail_in = static_cast<uInt>(gz.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&z, Z_FINISH);
  out.resize(rc == Z_STREAM_END ? z.total_out : 0);
  inflateEnd(&z);
  return out;
}

// Pages go gzipped to clients that accept it (a village phone on a weak signal), with their own entity tag.
TEST_F(PortalProjects, PagesAreGzippedForClientsThatAcceptIt) {
  auto plain = c.get("/projects");
  ASSERT_EQ(plain.status, 200);
  EXPECT_FALSE(plain.header("content-encoding"));
  auto gz = c.get("/projects", RequestOptions{.headers = {{"Accept-Encoding", "gzip, deflate, br"}}});
  ASSERT_EQ(gz.status, 200);
  EXPECT_EQ(gz.header("content-encoding"), "gzip");
  EXPECT_NE(gz.header("vary").value_or("").find("Accept-Encoding"), std::string::npos);
  EXPECT_LT(gz.body.size(), plain.body.size());
  EXPECT_EQ(gunzip(gz.body), plain.body);
  EXPECT_NE(gz.header("etag"), plain.header("etag"));
  auto again =
      c.get("/projects", RequestOptions{.headers = {{"Accept-Encoding", "gzip"},
                                                    {"If-None-Match", gz.header("etag").value_or("")}}});
  EXPECT_EQ(again.status, 304);
  auto refused = c.get("/projects", RequestOptions{.headers = {{"Accept-Encoding", "gzip;q=0"}}});
  EXPECT_FALSE(refused.header("content-encoding"));
  EXPECT_EQ(refused.body, plain.body);
}

TEST_F(PortalProjects, ProjectPageShowsEveryField) {
  auto r = c.get("/p/2020-01");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type").value_or(""), "text/html; charset=utf-8");
  EXPECT_EQ(r.header("cache-control").value_or(""), "public, max-age=60");
  const std::string& h = r.body;
  EXPECT_TRUE(contains(h, "<title>农村改厕项目 - 民生镇民生工程</title>")) << h;
  EXPECT_TRUE(contains(h, "<meta name=\"description\" content=\"改厕后更卫生，粪污可资源化利用。\">"));
  EXPECT_TRUE(contains(h, "<link rel=\"canonical\" href=\"/p/2020-01\">"));
  EXPECT_TRUE(contains(h, "<h1>农村改厕项目</h1>"));
  EXPECT_FALSE(contains(h, "旧版改厕")) << "the newest year with the code";
  EXPECT_TRUE(contains(h, "演示数据"));
  for (const char* fact :
       {"<dt>项目编号</dt><dd>2020-01</dd>", "<dt>年度</dt><dd>2020年</dd>", "<dt>类别</dt><dd>工程类</dd>",
        "<dt>年度变化</dt><dd>新增</dd>", "<dt>牵头单位</dt><dd>社保所</dd>",
        "<dt>配合单位</dt><dd>甲村、乙村</dd>", "<dt>计划投资</dt><dd>1.23 万元</dd>",
        "<dt>已拨付资金</dt><dd>0.50 万元</dd>", "<dt>受益人数</dt><dd>3600 人</dd>", ">实施中</span></dd>",
        "<time datetime=\"2020-06-05\">2020年6月5日</time>"})
    EXPECT_TRUE(contains(h, fact)) << fact;
  EXPECT_TRUE(contains(h, "role=\"progressbar\""));
  EXPECT_TRUE(contains(h, "aria-valuenow=\"45\""));
  EXPECT_TRUE(contains(h, "进度 45%"));
  // Targets: name, planned, achieved, unit (a missing amount shown as a dash).
  EXPECT_TRUE(contains(h, "<tr><th scope=\"row\">户厕改造</th><td>1200</td><td>600</td><td>户</td></tr>"));
  EXPECT_TRUE(contains(h, "<tr><th scope=\"row\">资源化利用站</th><td>2</td><td>—</td><td>个</td></tr>"));
  // Policy and plain text from Markdown, safely.
  EXPECT_TRUE(contains(h, "<h2>补助标准</h2>"));
  EXPECT_TRUE(contains(h, "<strong>800元</strong>"));
  EXPECT_TRUE(contains(h, "<em>更卫生</em>"));
  EXPECT_FALSE(contains(h, "<script"));
  EXPECT_FALSE(contains(h, "javascript:"));
  // Location: address and coordinates with their system; no map without a tile service.
  EXPECT_TRUE(contains(h, "民生镇甲村、乙村"));
  EXPECT_TRUE(contains(h, "东经 117.28°，北纬 31.86°（CGCS2000）"));
  EXPECT_FALSE(contains(h, "在地图中查看"));
  EXPECT_FALSE(contains(h, "map-view"));
  // Timeline, newest first (report date, then id), notes from Markdown.
  const auto b = h.find("完成<strong>一半</strong>以上"), a = h.find("六月上旬过半"), m = h.find("三月开工");
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(a, std::string::npos);
  ASSERT_NE(m, std::string::npos);
  EXPECT_LT(b, a);
  EXPECT_LT(a, m);
  EXPECT_TRUE(contains(h, "<time datetime=\"2020-03-01\">2020年3月1日</time>"));
  EXPECT_TRUE(contains(h, "进度 20% · 累计拨付 0.10 万元 · 实施中"));
  // Photos: thumbnails linking to the public copy, lazy, sized, with alt text.
  const std::string id = std::to_string(photo), id2 = std::to_string(photo_no_caption);
  EXPECT_TRUE(contains(h, "<a href=\"/media/" + id + "\"><img src=\"/media/" + id +
                              "/thumb\" width=\"320\" height=\"240\" loading=\"lazy\" decoding=\"async\" "
                              "alt=\"改厕现场\"></a>"))
      << h;
  EXPECT_TRUE(contains(h, "<figcaption>改厕现场</figcaption>"));
  EXPECT_TRUE(contains(h, "<img src=\"/media/" + id2 +
                              "/thumb\" width=\"160\" height=\"320\" loading=\"lazy\" decoding=\"async\" "
                              "alt=\"项目进展照片\">"));
  EXPECT_LT(h.find("/media/" + id + "/thumb"), h.find("/media/" + id2 + "/thumb")) << "in their order";
  // Mobile and CSP rules.
  EXPECT_FALSE(contains(h, "style="));
  EXPECT_FALSE(contains(h, "<style"));
  EXPECT_TRUE(contains(h, "width=device-width, initial-scale=1"));
  EXPECT_FALSE(contains(h, "http://"));
  EXPECT_FALSE(contains(h, "https://"));

  // A project without updates: the defaults.
  auto p2 = c.get("/p/2020-02");
  ASSERT_EQ(p2.status, 200);
  EXPECT_TRUE(contains(p2.body, "aria-valuenow=\"0\""));
  EXPECT_TRUE(contains(p2.body, ">未开工</span>"));
  EXPECT_TRUE(contains(p2.body, "<dt>已拨付资金</dt><dd>0.00 万元</dd>"));
  EXPECT_FALSE(contains(p2.body, "项目进展</h2>")) << "no empty timeline";
  EXPECT_FALSE(contains(p2.body, "目标任务")) << "no empty targets table";
  EXPECT_FALSE(contains(p2.body, "建设地点")) << "no empty location";
  EXPECT_FALSE(contains(p2.body, "演示数据"));
  EXPECT_FALSE(contains(p2.body, "受益人数"));
}

TEST_F(PortalProjects, AFinishedProjectsTargetsAreMet) {
  add_progress(toilets, "2020-10-01", 100, 1234567, "completed", "竣工。");
  auto r = c.get("/p/2020-01");
  ASSERT_EQ(r.status, 200) << r.body;
  // No recorded amount: the target was met. A recorded one stays as the data says.
  EXPECT_TRUE(contains(r.body, "<tr><th scope=\"row\">资源化利用站</th><td>2</td><td>2</td><td>个</td></tr>"))
      << r.body;
  EXPECT_TRUE(
      contains(r.body, "<tr><th scope=\"row\">户厕改造</th><td>1200</td><td>600</td><td>户</td></tr>"));
}

TEST_F(PortalProjects, UnknownCodeIsTheChinese404) {
  for (const char* path : {"/p/2099-99", "/p/2020-09", "/p/%E4%B8%8D%E5%AD%98%E5%9C%A8", "/p/%3Cscript%3E"}) {
    auto r = c.get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_TRUE(contains(r.header("content-type").value_or(""), "text/html")) << path;
    EXPECT_TRUE(contains(r.body, "页面不存在")) << path;
    EXPECT_FALSE(contains(r.body, "<script>")) << path;
  }
  EXPECT_EQ(c.get("/p/" + std::string(100, 'x')).status, 404);
  EXPECT_EQ(c.get("/p/2020-09?script=hant").status, 404) << "another town's project";
}

TEST_F(PortalProjects, TraditionalAndLargeText) {
  auto hant = c.get("/p/2020-01?script=hant");
  ASSERT_EQ(hant.status, 200);
  EXPECT_TRUE(contains(hant.body, "<html lang=\"zh-TW\""));
  EXPECT_TRUE(contains(hant.body, "項目")) << hant.body;
  EXPECT_TRUE(contains(hant.body, "農村改廁"));
  EXPECT_FALSE(contains(hant.body, "农村改厕"));
  EXPECT_TRUE(contains(hant.body, ">简体</a>"));
  auto list = s.client().get("/projects?script=hant");
  EXPECT_TRUE(contains(list.body, "工程類"));
  auto large = s.client().get("/p/2020-01?size=large");
  ASSERT_EQ(large.status, 200);
  EXPECT_TRUE(contains(large.body, "<html lang=\"zh-CN\" class=\"large\">"));
  EXPECT_TRUE(contains(large.body, "农村改厕项目"));
  EXPECT_TRUE(contains(large.body, "改厕现场"));
  // The stylesheet has the large-text and narrow-screen rules the pages rely on.
  auto css = c.get("/static/portal/portal.css");
  EXPECT_TRUE(contains(css.body, "html.large .year"));
  EXPECT_TRUE(contains(css.body, ".progress-bar.p45"));
  EXPECT_TRUE(contains(css.body, "overflow-x: auto"));
}

TEST_F(PortalProjects, FreshAfterAProgressUpdate) {
  auto before = c.get("/p/2020-01");
  ASSERT_EQ(before.status, 200);
  EXPECT_FALSE(contains(before.body, "2020年7月1日"));
  // Written without a bump: the cached page stays.
  db::query(
      s.pool(),
      "INSERT INTO project_progress (project_id, report_date, progress_pct, funds_disbursed, status, note, "
      "created_at) VALUES ($1, '2020-07-01', 80, 900000, 'in_progress', '七月主体完工。', $2)",
      {toilets, kWhen});
  EXPECT_EQ(c.get("/p/2020-01").body, before.body);
  bump();
  auto after = c.get("/p/2020-01");
  EXPECT_TRUE(contains(after.body, "<time datetime=\"2020-07-01\">2020年7月1日</time>"));
  EXPECT_TRUE(contains(after.body, "aria-valuenow=\"80\""));
  EXPECT_LT(after.body.find("七月主体完工"), after.body.find("完成<strong>一半</strong>以上"));
  EXPECT_TRUE(contains(c.get("/projects").body, "<dd>0.90 万元</dd>"));
}

TEST_F(PortalProjects, SearchFindsShortLongAndTraditionalQueries) {
  auto results = [&](const std::string& q) { return c.get("/search?q=" + enc(q)); };
  // 1 character (a scan), 2 characters (a scan), 3 or more (the trigram index).
  for (const std::string q : {"厕", "改厕", "农村改厕", "農村", "農村改廁", "  农村 ", "2020-01"}) {
    auto r = results(q);
    ASSERT_EQ(r.status, 200) << q;
    EXPECT_TRUE(contains(r.body, "<a href=\"/p/2020-01\">农村改厕项目</a>")) << q << r.body;
    EXPECT_FALSE(contains(r.body, "邻镇")) << q << ": another town";
  }
  EXPECT_TRUE(contains(results("補貼").body, "养老服务补贴"));
  EXPECT_TRUE(contains(results("低保").body, "低保提标"));
  EXPECT_TRUE(contains(results("资源化利用站").body, "农村改厕项目")) << "a target's name";
  EXPECT_TRUE(contains(results("卫生院").body, "养老服务补贴")) << "the lead unit";
  EXPECT_TRUE(contains(results("乙村").body, "农村改厕项目")) << "a cooperating unit";
  EXPECT_TRUE(contains(results("补助标准").body, "农村改厕项目")) << "the policy text";
  // Name matches first (newest year first), then the rest.
  auto order = results("改厕");
  const auto& h = order.body;
  const auto a = h.find("农村改厕项目"), b = h.find("旧版改厕"), p = h.find("养老服务补贴");
  ASSERT_NE(a, std::string::npos);
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(p, std::string::npos) << "its policy mentions 改厕";
  EXPECT_LT(a, b);
  EXPECT_LT(b, p);
  EXPECT_TRUE(contains(h, "“改厕”的搜索结果（3个）"));
  EXPECT_TRUE(contains(h, "编号 2020-01 · 2020年 · 工程类"));
  EXPECT_TRUE(contains(h, "<p class=\"snippet\">改厕后更卫生，粪污可资源化利用。</p>"));
  EXPECT_TRUE(contains(h, "value=\"改厕\""));
  EXPECT_TRUE(contains(h, "href=\"?q=%E6%94%B9%E5%8E%95&amp;script=hant\"")) << "the switches keep the query";
  // Traditional input is echoed normalised; nothing found is said so.
  EXPECT_TRUE(contains(results("農村").body, "value=\"农村\""));
  auto none = results("不存在的项目");
  EXPECT_TRUE(contains(none.body, "没有找到与“不存在的项目”相关的项目"));
  // No query: the form.
  for (const std::string path : {"/search", "/search?q=", "/search?q=%20%20", "/search?q=%E0"}) {
    auto form = c.get(path);
    EXPECT_EQ(form.status, 200) << path;
    EXPECT_TRUE(contains(form.body, "<form class=\"search-form\" action=\"/search\" method=\"get\"")) << path;
    EXPECT_FALSE(contains(form.body, "搜索结果")) << path;
  }
}

TEST_F(PortalProjects, SearchSpecialCharactersAreText) {
  auto get = [&](const std::string& q) { return c.get("/search?q=" + enc(q)); };
  for (const std::string q : {"%", "_", "\\", "%%%", "__", "\"", "\"农村\"", "改厕%", "a_b", "' OR 1=1 --",
                              "农村 OR 养老", "NEAR(农村 养老)", "*", "改*"}) {
    auto r = get(q);
    ASSERT_EQ(r.status, 200) << q << r.body.substr(0, 300);
    EXPECT_FALSE(contains(r.body, "农村改厕项目</a>")) << q << ": wildcards and query syntax are plain text";
  }
  auto xss = get("<script>alert(1)</script>");
  ASSERT_EQ(xss.status, 200);
  EXPECT_FALSE(contains(xss.body, "<script>"));
  EXPECT_TRUE(contains(xss.body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  auto quote = get("\"><img src=x>");
  EXPECT_FALSE(contains(quote.body, "<img src=x>"));
  EXPECT_TRUE(contains(quote.body, "value=\"&quot;&gt;&lt;img src=x&gt;\""));
  // Longer than 50 characters: cut.
  std::string long_q;
  for (int i = 0; i < 60; ++i)
    long_q += "字";
  std::string fifty;
  for (int i = 0; i < 50; ++i)
    fifty += "字";
  auto cut = get(long_q);
  EXPECT_TRUE(contains(cut.body, "value=\"" + fifty + "\""));
  EXPECT_FALSE(contains(cut.body, fifty + "字"));
  // The normalisation itself.
  EXPECT_EQ(projects::normalize_query("  農村\t改廁　項目  "), "农村 改厕 项目");
  EXPECT_EQ(projects::normalize_query(long_q), fifty);
  EXPECT_EQ(projects::normalize_query(std::string("坏\xff字")), "坏字");
  EXPECT_EQ(projects::normalize_query(""), "");
}

TEST_F(PortalProjects, MediaServesOnlyAttachedPublicCopies) {
  auto r = c.get("/media/" + std::to_string(photo));
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
  EXPECT_EQ(r.header("content-type").value_or(""), "image/jpeg");
  EXPECT_EQ(r.body, photo_public);
  EXPECT_TRUE(infra::images::read_exif_block(photo_original).has_exif) << "the original has EXIF and GPS";
  const auto exif = infra::images::read_exif_block(r.body);
  EXPECT_FALSE(exif.has_exif);
  EXPECT_FALSE(exif.gps_lat.has_value());
  const std::string sha = db::query(s.pool(), "SELECT public_sha256 FROM files WHERE id = $1", {photo})
                              .first()
                              .text("public_sha256");
  EXPECT_EQ(r.header("etag").value_or(""), "\"" + sha + "\"");
  EXPECT_EQ(r.header("cache-control").value_or(""), "public, max-age=86400");

  auto thumb = c.get("/media/" + std::to_string(photo) + "/thumb");
  ASSERT_EQ(thumb.status, 200);
  EXPECT_EQ(thumb.header("content-type").value_or(""), "image/jpeg");
  EXPECT_FALSE(infra::images::read_exif_block(thumb.body).has_exif);
  EXPECT_LT(thumb.body.size(), r.body.size());

  // If-None-Match -> 304 without a body.
  http::Request req;
  req.method = http::Method::Get;
  req.method_text = "GET";
  req.target = req.path = "/media/" + std::to_string(photo);
  req.headers.emplace_back("if-none-match", "\"" + sha + "\"");
  req.request_id = "t1";
  req.remote_addr = "127.0.0.1";
  auto not_modified = s.app().handle(req);
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_TRUE(not_modified.body.empty());

  // Not attached, attached in another town, not a file, not a number: 404 (the Chinese page).
  const auto loose = insert_test_file(s, unit("VA"));
  const auto other_town =
      db::query(s.pool(),
                "SELECT ph.file_id FROM project_progress_photos ph JOIN project_progress pp "
                "ON pp.id = ph.progress_id WHERE pp.project_id = $1",
                {neighbour})
          .first()
          .int64("file_id");
  for (const std::string& path :
       {"/media/" + std::to_string(loose), "/media/" + std::to_string(loose) + "/thumb",
        "/media/" + std::to_string(other_town), "/media/" + std::to_string(other_town) + "/thumb",
        std::string("/media/999999"), std::string("/media/abc"), std::string("/media/-1/thumb")}) {
    auto nf = c.get(path);
    EXPECT_EQ(nf.status, 404) << path;
    EXPECT_FALSE(contains(nf.header("content-type").value_or(""), "image/")) << path;
  }
}

TEST_F(PortalProjects, MapOnlyWithATileService) {
  set_setting("portal.map_tile_url", "https://tiles.example.cn/vec/{z}/{x}/{y}.png?tk=abc");
  auto r = c.get("/p/2020-01");
  ASSERT_EQ(r.status, 200);
  const std::string& h = r.body;
  EXPECT_TRUE(contains(h, "<summary>在地图中查看</summary>"));
  EXPECT_EQ(count_of(h, "class=\"map-tile\" src=\"https://tiles.example.cn/vec/16/"), 4u) << h;
  EXPECT_TRUE(contains(h, "loading=\"lazy\"")) << "tiles load when the reader opens the map";
  EXPECT_TRUE(contains(h, "?tk=abc"));
  EXPECT_TRUE(contains(h, "map-marker mx-"));
  const auto csp = r.header("content-security-policy").value_or("");
  EXPECT_TRUE(contains(csp, "img-src 'self' data: https://tiles.example.cn;")) << csp;
  EXPECT_TRUE(contains(csp, "script-src 'self'")) << csp;
  EXPECT_FALSE(contains(h, "style="));
  // A project without coordinates: no map, no empty box; the other pages keep the default policy.
  auto p2 = c.get("/p/2020-02");
  EXPECT_FALSE(contains(p2.body, "map-view"));
  EXPECT_FALSE(contains(p2.header("content-security-policy").value_or(""), "tiles.example.cn"));
  // A setting that is not an http(s) URL template: no map.
  set_setting("portal.map_tile_url", "javascript:alert(1)//{z}/{x}/{y}");
  auto bad = c.get("/p/2020-01");
  EXPECT_FALSE(contains(bad.body, "map-tile"));
  EXPECT_FALSE(contains(bad.body, "javascript:"));
}

TEST_F(PortalProjects, HomePageLinksAndTheCacheStaysBounded) {
  auto home = c.get("/");
  ASSERT_EQ(home.status, 200);
  EXPECT_TRUE(contains(home.body, "<h2 id=\"projects-title\">民生项目</h2>"));
  EXPECT_TRUE(contains(home.body, "href=\"/projects\""));
  EXPECT_TRUE(contains(home.body, "action=\"/search\" method=\"get\""));
  EXPECT_TRUE(contains(home.body, "共有4个民生项目（最新为2020年度）"));
  // A flood of distinct URLs (queries, junk parameters, unknown codes) neither fills the page cache nor
  // pushes the home page out: a change without a bump is still not shown.
  db::query(s.pool(), "UPDATE org_units SET name = '新名镇' WHERE id = $1", {unit("T1")});
  for (int i = 0; i < 600; ++i) {
    const std::string n = std::to_string(i);
    EXPECT_EQ(c.get("/search?q=" + enc("查询" + n)).status, 200);
    if (i % 3 == 0) {
      EXPECT_EQ(c.get("/projects?x=" + n).status, 200);
    } else if (i % 3 == 1) {
      EXPECT_EQ(c.get("/p/none-" + n).status, 404);
    }
  }
  auto again = c.get("/");
  EXPECT_EQ(again.header("etag").value_or(""), home.header("etag").value_or(""));
  EXPECT_FALSE(contains(again.body, "新名镇"));
}

TEST_F(PortalProjects, NoProjectsNoColumn) {
  db::query(s.pool(), "DELETE FROM project_progress_photos");
  db::query(s.pool(), "DELETE FROM project_progress");
  db::query(s.pool(), "DELETE FROM project_units");
  db::query(s.pool(), "DELETE FROM project_targets");
  db::query(s.pool(), "DELETE FROM project_search");
  db::query(s.pool(), "DELETE FROM projects");
  bump();
  auto home = c.get("/");
  EXPECT_FALSE(contains(home.body, "民生项目</h2>"));
  EXPECT_FALSE(contains(home.body, "href=\"/projects\""));
  auto list = c.get("/projects");
  EXPECT_EQ(list.status, 200);
  EXPECT_TRUE(contains(list.body, "暂无民生项目信息。"));
  EXPECT_FALSE(contains(list.body, "工程类"));
  EXPECT_EQ(c.get("/p/2020-01").status, 404);
  EXPECT_EQ(c.get("/media/" + std::to_string(photo)).status, 404);
}

}  // namespace
}  // namespace minsheng::testing
