// Signage and print (issue 7) through the API, on SQLite and PostgreSQL: sign records with defaults from the
// project and overrides, the supervision phone rule, who may edit, the artwork in three formats (pdftotext
// finds the five fields), installation evidence with its EXIF warnings and the overdue list, the ZIP of a
// year's boards, windows and poster checks, leaflet versions frozen by a print run, distribution with pupils,
// the scorecard's signage columns and the portal's sign section.
#include <gtest/gtest.h>
#include <zip.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "integration/files_support.hpp"
#include "integration/probes.hpp"
#include "integration/projects_support.hpp"
#include "support/ooxml.hpp"
#include "support/test_images.hpp"

namespace minsheng::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono;

constexpr const char* kBoundary = "----MinshengSignageBoundary3a9";

bool names_field(const HttpResponse& r, const std::string& field) {
  auto j = r.json();
  if (!j.is_object() || !j.as_object().contains("error")) return false;
  for (const auto& f : j.at("error").at("fields").as_array())
    if (f.at("field").as_string() == field) return true;
  return false;
}

std::string sign_path(std::int64_t project, const std::string& tail = "") {
  return "/api/v1/signs/project/" + std::to_string(project) + tail;
}

std::set<std::string> warning_codes(const json::value& sign) {
  std::set<std::string> out;
  for (const auto& w : sign.at("evidence").at("warnings").as_array())
    out.insert(std::string(w.at("code").as_string()));
  return out;
}

std::set<std::int64_t> project_ids(const HttpResponse& r) {
  std::set<std::int64_t> out;
  for (auto j = r.json(); const auto& row : j.at("rows").as_array())
    out.insert(row.at("projectId").as_int64());
  return out;
}

std::string strip_spaces(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != '\f') out += c;
  return out;
}

std::string pdftotext(const std::string& pdf) {
  const auto dir = std::filesystem::temp_directory_path();
  const auto file = dir / ("minsheng-sign-" + std::to_string(::getpid()) + ".pdf");
  std::ofstream(file, std::ios::binary) << pdf;
  std::string out;
  if (FILE* p = ::popen(("pdftotext -enc UTF-8 " + file.string() + " - 2>/dev/null").c_str(), "r")) {
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
      out.append(buf, n);
    ::pclose(p);
  }
  std::filesystem::remove(file);
  return out;
}

std::vector<std::string> zip_names(const std::string& bytes) {
  std::vector<std::string> out;
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  zip_t* za = src ? zip_open_from_source(src, ZIP_RDONLY, &err) : nullptr;
  zip_error_fini(&err);
  if (!za) {
    if (src) zip_source_free(src);
    return out;
  }
  for (zip_int64_t i = 0; i < zip_get_num_entries(za, 0); ++i)
    out.emplace_back(zip_get_name(za, static_cast<zip_uint64_t>(i), 0));
  zip_close(za);
  return out;
}

void set_day(TestServer& s, int y, unsigned m, unsigned d) {
  s.clock().set(sys_days(year(y) / month(m) / day(d)) + hours(2));
}

struct Signage : ::testing::Test {
  TestServer s;
  Client office = signed_in(s, "office");
  Client dept = signed_in(s, "dept_x");
  Client other_dept = signed_in(s, "dept_y");
  Client village = signed_in(s, "village_a");

  std::int64_t unit(const std::string& key) const { return s.seed().units.at(key); }

  // An engineering project of 2020 led by 社保所, with a location, an address and a start on 2020-04-08.
  std::int64_t engineering(const std::string& code, const std::string& lead = "DX",
                           const std::string& town = "T1") {
    const auto id = insert_test_project(s, town, lead, code, 2020);
    db::query(
        s.pool(),
        "UPDATE projects SET lat = 31.86, lng = 117.28, coord_system = 'wgs84', address = '甲村村口' WHERE "
        "id = $1",
        {id});
    insert_test_progress(s, id, "2020-04-08", 10);
    return id;
  }

  std::int64_t upload(Client& c, const std::string& bytes) {
    auto r =
        c.request("POST", "/api/v1/files", multipart_body(kBoundary, {}, "标牌.jpg", bytes, "image/jpeg"),
                  RequestOptions{.content_type = std::string("multipart/form-data; boundary=") + kBoundary});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json().at("id").as_int64() : 0;
  }

  std::int64_t count(const std::string& sql) { return db::query(s.pool(), sql).first().int64("n"); }
};

TEST_F(Signage, DefaultsOverridesPhoneRuleAndWhoMayEdit) {
  set_day(s, 2020, 6, 5);
  const auto p = engineering("2020-GC-1");
  auto r = office.get(sign_path(p));
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = r.json();
  EXPECT_TRUE(j.at("id").is_null());
  EXPECT_EQ(j.at("state").as_string(), "missing");
  EXPECT_EQ(j.at("size").as_string(), "120x80");
  const auto& f = j.at("fields");
  EXPECT_EQ(f.at("investment").as_string(), "1000.00万元");
  EXPECT_NE(std::string(f.at("buildDates").as_string()).find("2020年4月8日"), std::string::npos) << r.body;
  EXPECT_EQ(f.at("location").as_string(), "甲村村口");
  EXPECT_NE(std::string(f.at("builder").as_string()).find("民生镇"), std::string::npos) << r.body;
  EXPECT_TRUE(j.at("overrides").at("contractor").is_null());

  // Overrides: a landline, then a mobile and a landline with extension; defaults kept for the rest.
  r = office.put(sign_path(p), json::object{{"size", "240x120"},
                                            {"overrides", json::object{{"supervisionPhone", "0551-62345678"},
                                                                       {"contractor", "测试建设有限公司"}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  j = r.json();
  EXPECT_FALSE(j.at("id").is_null());
  EXPECT_EQ(j.at("state").as_string(), "draft");
  EXPECT_EQ(j.at("size").as_string(), "240x120");
  EXPECT_EQ(j.at("fields").at("supervisionPhone").as_string(), "0551-62345678");
  EXPECT_EQ(j.at("fields").at("contractor").as_string(), "测试建设有限公司");
  EXPECT_EQ(j.at("overrides").at("contractor").as_string(), "测试建设有限公司");
  EXPECT_TRUE(j.at("overrides").at("builder").is_null());
  for (const char* good : {"13812345678", "0551-62345678-123", "010-87654321", "05516234567"}) {
    auto ok = office.put(sign_path(p), json::object{{"overrides", json::object{{"supervisionPhone", good}}}});
    EXPECT_EQ(ok.status, 200) << good << ": " << ok.body;
  }
  for (const char* bad : {"12345", "1381234567", "0551-0234567", "23812345678", "0551 62345678", "电话"}) {
    auto no = office.put(sign_path(p), json::object{{"overrides", json::object{{"supervisionPhone", bad}}}});
    EXPECT_EQ(no.status, 422) << bad << ": " << no.body;
    EXPECT_TRUE(names_field(no, "overrides.supervisionPhone")) << no.body;
    EXPECT_TRUE(has_cjk(no.body));
  }
  auto unknown = office.put(sign_path(p), json::object{{"overrides", json::object{{"zz", "x"}}}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_TRUE(names_field(unknown, "overrides.zz")) << unknown.body;
  EXPECT_EQ(office.put(sign_path(p), json::object{{"size", "a3"}}).status, 400);
  // An empty override returns the field to its default.
  r = office.put(sign_path(p), json::object{{"overrides", json::object{{"contractor", ""}}}});
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(r.json().at("overrides").at("contractor").is_null());

  // The lead department edits; another department, a village and the leader may not; another town is hidden.
  EXPECT_EQ(dept.put(sign_path(p), json::object{{"script", "hant"}}).status, 200);
  auto denied = other_dept.put(sign_path(p), json::object{{"script", "hans"}});
  EXPECT_EQ(denied.status, 403) << denied.body;
  EXPECT_EQ(village.put(sign_path(p), json::object{}).status, 403);
  EXPECT_EQ(village.get(sign_path(p)).status, 200);
  const auto far = engineering("2020-GC-9", "VC", "T2");
  EXPECT_EQ(office.get(sign_path(far)).status, 404);
  EXPECT_EQ(office.put(sign_path(far), json::object{}).status, 404);
  const auto subsidy = insert_test_project(s, "T1", "DX", "2020-BZ-1", 2020);
  db::query(s.pool(), "UPDATE projects SET category = 'subsidy' WHERE id = $1", {subsidy});
  EXPECT_EQ(office.get(sign_path(subsidy)).status, 404);
  EXPECT_EQ(count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'sign.update' AND result = 'ok'"), 7);
  EXPECT_GE(count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'sign.update' AND result = 'denied'"),
            1);
}

TEST_F(Signage, ArtworkInThreeFormatsCarriesTheFields) {
  set_day(s, 2020, 6, 5);
  const auto p = engineering("2020-GC-2");
  ASSERT_EQ(
      office
          .put(sign_path(p), json::object{{"size", "a4"},
                                          {"overrides", json::object{{"supervisionPhone", "0551-62345678"},
                                                                     {"builder", "民生镇人民政府"}}}})
          .status,
      200);
  auto pdf = village.get(sign_path(p, "/artwork?format=pdf"));
  ASSERT_EQ(pdf.status, 200) << pdf.body.substr(0, 300);
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  EXPECT_EQ(pdf.header("content-type").value_or(""), "application/pdf");
  const auto disposition = pdf.header("content-disposition").value_or("");
  EXPECT_NE(disposition.find("2020-GC-2"), std::string::npos) << disposition;
  const auto text = strip_spaces(pdftotext(pdf.body));
  for (const char* want : {"民生镇人民政府", "1000.00万元", "2020年4月8日", "社保所", "0551-62345678"})
    EXPECT_NE(text.find(want), std::string::npos) << want << " not in: " << text;
  auto png = office.get(sign_path(p, "/artwork?format=png&size=120x80"));
  ASSERT_EQ(png.status, 200);
  EXPECT_EQ(png.body.substr(0, 4), "\x89PNG");
  auto svg = office.get(sign_path(p, "/artwork?format=svg&script=hant"));
  ASSERT_EQ(svg.status, 200);
  EXPECT_EQ(svg.body.substr(0, 5), "<?xml");
  EXPECT_EQ(office.get(sign_path(p, "/artwork?format=gif")).status, 400);
}

TEST_F(Signage, EvidenceWarningsAndTheOverdueList) {
  set_day(s, 2020, 6, 5);  // 58 days after the start: overdue at the default 30 days
  const auto p = engineering("2020-GC-3");
  const auto q = engineering("2020-GC-4");
  auto overdue = office.get("/api/v1/signs?year=2020&state=overdue");
  ASSERT_EQ(overdue.status, 200) << overdue.body;
  EXPECT_EQ(overdue.json().at("overdueDays").as_int64(), 30);
  EXPECT_EQ(project_ids(overdue), (std::set<std::int64_t>{p, q}));
  EXPECT_EQ(office.get("/api/v1/signs?year=2020&state=missing").json().at("total").as_int64(), 2);

  const auto before_version = db::query(s.pool(), "SELECT value FROM settings WHERE key = 'content_version'");
  // A photo without EXIF: evidenced, with the warning.
  const auto plain = upload(dept, images::jpeg(320, 240));
  auto r = dept.post(sign_path(p, "/evidence"), json::object{{"fileId", plain}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("state").as_string(), "evidenced");
  EXPECT_FALSE(r.json().at("overdue").as_bool());
  EXPECT_TRUE(warning_codes(r.json()).count("no_exif")) << r.body;
  EXPECT_EQ(project_ids(office.get("/api/v1/signs?year=2020&state=overdue")), (std::set<std::int64_t>{q}));
  EXPECT_EQ(project_ids(office.get("/api/v1/signs?year=2020&state=evidenced")), (std::set<std::int64_t>{p}));
  const auto after_version = db::query(s.pool(), "SELECT value FROM settings WHERE key = 'content_version'");
  ASSERT_FALSE(after_version.empty());
  EXPECT_TRUE(before_version.empty() ||
              before_version.first().text("value") != after_version.first().text("value"));

  // Taken 4 km away, before the start.
  using images::ExifSpec;
  const auto far =
      upload(dept, images::jpeg(320, 240, ExifSpec{1, std::pair{31.90, 117.28}, "2020:03:01 10:00:00"}));
  r = dept.post(sign_path(q, "/evidence"), json::object{{"fileId", far}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto codes = warning_codes(r.json());
  EXPECT_TRUE(codes.count("too_far") && codes.count("before_start")) << r.body;
  EXPECT_GT(r.json().at("evidence").at("distanceM").as_int64(), 4000);
  EXPECT_EQ(std::string(r.json().at("evidence").at("takenAt").as_string()).substr(0, 10), "2020-03-01");
  // Close by and after the start: no warning.
  const auto near =
      upload(dept, images::jpeg(320, 240, ExifSpec{1, std::pair{31.8602, 117.2801}, "2020:05:01 10:00:00"}));
  r = dept.post(sign_path(q, "/evidence"), json::object{{"fileId", near}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(warning_codes(r.json()).empty()) << r.body;
  EXPECT_LT(r.json().at("evidence").at("distanceM").as_int64(), 100);
  EXPECT_EQ(office.get("/api/v1/signs?year=2020&state=overdue").json().at("total").as_int64(), 0);

  // A file of another town, an unknown file, another department.
  const auto foreign = insert_test_file(s, unit("VC"));
  EXPECT_TRUE(
      names_field(office.post(sign_path(q, "/evidence"), json::object{{"fileId", foreign}}), "fileId"));
  EXPECT_EQ(office.post(sign_path(q, "/evidence"), json::object{{"fileId", 999999}}).status, 400);
  EXPECT_EQ(other_dept.post(sign_path(q, "/evidence"), json::object{{"fileId", near}}).status, 403);

  // Removing the photo puts the project back on the list; a longer grace period takes it off.
  r = office.request("DELETE", sign_path(p, "/evidence"), "{}");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("state").as_string(), "draft");
  EXPECT_TRUE(r.json().at("overdue").as_bool());
  EXPECT_EQ(office.request("DELETE", sign_path(p, "/evidence"), "{}").status, 404);
  EXPECT_EQ(dept.put("/api/v1/signage-settings", json::object{{"overdueDays", 90}}).status, 403);
  auto st = office.put("/api/v1/signage-settings", json::object{{"overdueDays", 90}});
  ASSERT_EQ(st.status, 200) << st.body;
  EXPECT_EQ(village.get("/api/v1/signage-settings").json().at("overdueDays").as_int64(), 90);
  EXPECT_EQ(office.get("/api/v1/signs?year=2020&state=overdue").json().at("total").as_int64(), 0);
  EXPECT_EQ(office.put("/api/v1/signage-settings", json::object{{"overdueDays", 0}}).status, 400);
}

TEST_F(Signage, AFinishedProjectShowsItsDurationNotDaysToToday) {
  // Today is the test server's 2026-03-02.
  const auto done = engineering("2020-GC-7");
  const auto going = engineering("2020-GC-8");
  db::query(
      s.pool(),
      "INSERT INTO project_progress (project_id, report_date, progress_pct, funds_disbursed, status, note, "
      "created_at) VALUES ($1, '2020-05-20', 100, 0, 'completed', '竣工', '2026-01-01T00:00:00.000Z')",
      {done});

  auto r = office.get(sign_path(done));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("startDate").as_string(), "2020-04-08");
  EXPECT_EQ(r.json().at("completedDate").as_string(), "2020-05-20");
  EXPECT_EQ(r.json().at("daysSinceStart").as_int64(), 42);  // 2020-04-08 to 2020-05-20
  EXPECT_TRUE(r.json().at("overdue").as_bool());            // still no installation photo

  r = office.get(sign_path(going));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json().at("completedDate").is_null());
  EXPECT_EQ(r.json().at("daysSinceStart").as_int64(), 2154);  // 2020-04-08 to 2026-03-02

  // Reopened after completion: counting again, and no completion date.
  db::query(
      s.pool(),
      "INSERT INTO project_progress (project_id, report_date, progress_pct, funds_disbursed, status, note, "
      "created_at) VALUES ($1, '2020-07-01', 90, 0, 'in_progress', '返工', '2026-01-01T00:00:00.000Z')",
      {done});
  r = office.get(sign_path(done));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json().at("completedDate").is_null());
  EXPECT_EQ(r.json().at("daysSinceStart").as_int64(), 2154);

  // The list carries the same figures.
  auto list = office.get("/api/v1/signs?year=2020");
  ASSERT_EQ(list.status, 200) << list.body;
  int seen = 0;
  for (auto j = list.json(); const auto& row : j.at("rows").as_array()) {
    if (row.at("projectId").as_int64() != going) continue;
    ++seen;
    EXPECT_EQ(row.at("daysSinceStart").as_int64(), 2154);
  }
  EXPECT_EQ(seen, 1);
}

TEST_F(Signage, ZipOfTheYearsBoards) {
  set_day(s, 2020, 6, 5);
  engineering("2020-GC-5");
  engineering("2020-GC-6");
  const auto subsidy = insert_test_project(s, "T1", "DX", "2020-BZ-2", 2020);
  db::query(s.pool(), "UPDATE projects SET category = 'subsidy' WHERE id = $1", {subsidy});
  auto r = village.get("/api/v1/signs/export.zip?year=2020&format=pdf");
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
  EXPECT_EQ(r.body.substr(0, 2), "PK");
  EXPECT_EQ(r.header("content-type").value_or(""), "application/zip");
  auto names = zip_names(r.body);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"2020-GC-5 标牌.pdf", "2020-GC-6 标牌.pdf"}));
  for (const auto& name : names)
    EXPECT_TRUE(zip_entry(r.body, name).value_or("").starts_with("%PDF-")) << name;
  auto empty = office.get("/api/v1/signs/export.zip?year=2031");
  ASSERT_EQ(empty.status, 200);
  EXPECT_TRUE(zip_names(empty.body).empty());
}

TEST_F(Signage, WindowsChecksAndPosters) {
  set_day(s, 2020, 6, 5);
  const auto p = insert_test_project(s, "T1", "DX", "2020-BZ-3", 2020);
  db::query(s.pool(), "UPDATE projects SET category = 'subsidy' WHERE id = $1", {p});
  auto r = office.post("/api/v1/windows", json::object{{"unitId", unit("OFF")},
                                                       {"place", "便民服务中心 3 号窗口"},
                                                       {"projectIds", json::array{p}}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto centre = r.json().at("id").as_int64();
  r = village.post("/api/v1/windows",
                   json::object{{"place", "甲村便民服务室"}, {"projectIds", json::array{p}}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto room = r.json().at("id").as_int64();
  EXPECT_EQ(r.json().at("unitId").as_int64(), unit("VA"));
  EXPECT_EQ(village.post("/api/v1/windows", json::object{{"place", "乙村"}, {"unitId", unit("VB")}}).status,
            403);
  EXPECT_EQ(office.post("/api/v1/windows", json::object{{"place", "外镇"}, {"unitId", unit("VC")}}).status,
            400);

  const std::string room_path = "/api/v1/windows/" + std::to_string(room);
  r = village.post(room_path + "/checks",
                   json::object{{"checkedOn", "2020-06-01"}, {"posterPresent", true}, {"note", "海报完好"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("lastCheckedOn").as_string(), "2020-06-01");
  EXPECT_EQ(r.json().at("checks").as_array().size(), 1u);
  Client village_b = signed_in(s, "village_b");
  EXPECT_EQ(village_b.post(room_path + "/checks", json::object{{"posterPresent", false}}).status, 403);
  EXPECT_EQ(village_b.put(room_path, json::object{{"place", "改名"}}).status, 403);
  r = office.put(room_path,
                 json::object{{"place", "甲村便民服务室（新址）"}, {"projectIds", json::array{p}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("place").as_string(), "甲村便民服务室（新址）");

  auto list = dept.get("/api/v1/windows");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.json().at("total").as_int64(), 2);
  auto poster = dept.get("/api/v1/windows/" + std::to_string(centre) + "/poster?format=png");
  ASSERT_EQ(poster.status, 200) << poster.body.substr(0, 200);
  EXPECT_EQ(poster.body.substr(0, 4), "\x89PNG");
  EXPECT_EQ(office.request("DELETE", room_path, "{}").status, 204);
  EXPECT_EQ(office.get("/api/v1/windows").json().at("total").as_int64(), 1);
}

TEST_F(Signage, LeafletVersionsFreezeWhenPrintedAndDistribution) {
  set_day(s, 2020, 5, 10);
  const auto p = insert_test_project(s, "T1", "DX", "2020-BZ-4", 2020);
  db::query(s.pool(), "UPDATE projects SET category = 'subsidy' WHERE id = $1", {p});
  const std::string path = "/api/v1/leaflets/project/" + std::to_string(p);
  auto g = village.get(path);
  ASSERT_EQ(g.status, 200) << g.body;
  EXPECT_TRUE(g.json().at("versions").as_array().empty());
  EXPECT_FALSE(g.json().at("defaults").at("title").as_string().empty());
  json::object body{{"title", "养老补贴明白纸"},
                    {"plainText", "年满 80 周岁的老人每月领取补贴。"},
                    {"eligibility", "本镇户籍老人"},
                    {"howToApply", "到村便民服务室申请"},
                    {"hotline", "0551-62345678"},
                    {"paper", "a5"},
                    {"twoUp", true}};
  auto r = dept.put(path, body);
  ASSERT_EQ(r.status, 200) << r.body;
  body["title"] = "养老服务补贴明白纸";
  r = dept.put(path, body);
  ASSERT_EQ(r.status, 200);
  auto versions = r.json().at("versions").as_array();
  ASSERT_EQ(versions.size(), 1u);
  EXPECT_EQ(versions[0].at("title").as_string(), "养老服务补贴明白纸");
  EXPECT_FALSE(versions[0].at("frozen").as_bool());
  auto bad = body;
  bad["paper"] = "a4";
  EXPECT_TRUE(names_field(dept.put(path, bad), "twoUp"));
  EXPECT_EQ(other_dept.put(path, body).status, 403);

  const std::string art = path + "/versions/1/artwork?format=pdf";
  auto before = office.get(art);
  ASSERT_EQ(before.status, 200) << before.body.substr(0, 300);
  EXPECT_EQ(before.body.substr(0, 5), "%PDF-");
  EXPECT_EQ(office.get(path + "/versions/2/artwork").status, 404);

  // Printing freezes version 1; the next edit makes version 2 and version 1's artwork is unchanged.
  auto pr = dept.post("/api/v1/print-runs", json::object{{"kind", "leaflet"},
                                                         {"projectId", p},
                                                         {"copies", 500},
                                                         {"printedOn", "2020-05-12"},
                                                         {"confirmQr", true}});
  ASSERT_EQ(pr.status, 201) << pr.body;
  const auto run = pr.json().at("id").as_int64();
  EXPECT_EQ(pr.json().at("leafletVersion").as_int64(), 1);
  EXPECT_EQ(pr.json().at("unitId").as_int64(), unit("DX"));
  body["title"] = "养老服务补贴明白纸（第二版）";
  r = dept.put(path, body);
  ASSERT_EQ(r.status, 200) << r.body;
  versions = r.json().at("versions").as_array();
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].at("version").as_int64(), 2);
  EXPECT_FALSE(versions[0].at("frozen").as_bool());
  EXPECT_TRUE(versions[1].at("frozen").as_bool());
  EXPECT_EQ(versions[1].at("title").as_string(), "养老服务补贴明白纸");
  EXPECT_EQ(office.get(art).body, before.body);
  EXPECT_NE(office.get(path + "/versions/2/artwork?format=pdf").body, before.body);
  EXPECT_EQ(
      dept.post("/api/v1/print-runs",
                json::object{{"kind", "leaflet"}, {"projectId", p}, {"leafletVersion", 7}, {"copies", 5}})
          .status,
      422);

  // Distribution: a school with its pupils, never more than printed; only the office or the printing unit.
  const std::string dist = "/api/v1/print-runs/" + std::to_string(run) + "/distributions";
  r = dept.post(dist, json::object{{"targetKind", "school"},
                                   {"targetName", "民生镇中心小学"},
                                   {"copies", 300},
                                   {"pupilsReached", 280},
                                   {"handedOn", "2020-05-20"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("distributed").as_int64(), 300);
  EXPECT_EQ(r.json().at("pupilsReached").as_int64(), 280);
  auto over =
      office.post(dist, json::object{{"targetKind", "village"}, {"targetName", "甲村"}, {"copies", 201}});
  EXPECT_EQ(over.status, 422) << over.body;
  EXPECT_TRUE(names_field(over, "copies"));
  EXPECT_EQ(
      other_dept.post(dist, json::object{{"targetKind", "other"}, {"targetName", "集市"}, {"copies", 1}})
          .status,
      403);
  EXPECT_EQ(office
                .post(dist, json::object{{"targetKind", "village"},
                                         {"targetName", "甲村"},
                                         {"unitId", unit("VA")},
                                         {"copies", 200}})
                .status,
            201);
  auto one = village.get("/api/v1/print-runs/" + std::to_string(run));
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.json().at("distributed").as_int64(), 500);
  EXPECT_EQ(one.json().at("distributions").as_array().size(), 2u);
  auto runs = office.get("/api/v1/print-runs?year=2020&kind=leaflet");
  ASSERT_EQ(runs.status, 200);
  EXPECT_EQ(runs.json().at("total").as_int64(), 1);
  auto leaflets = office.get("/api/v1/leaflets?year=2020");
  ASSERT_EQ(leaflets.status, 200);
  bool found = false;
  for (auto lj = leaflets.json(); const auto& row : lj.at("rows").as_array())
    if (row.at("projectId").as_int64() == p) {
      found = true;
      EXPECT_EQ(row.at("latest").at("version").as_int64(), 2);
    }
  EXPECT_TRUE(found);

  // The scorecard: 社保所's copies handed out in 2020 and its evidenced share.
  const auto gc = engineering("2020-GC-7");
  const auto sign = insert_test_sign(s, gc, true);
  // Counted as of the year's end: the photo came in July.
  db::query(s.pool(), "UPDATE signs SET evidence_uploaded_at = '2020-07-01T02:00:00.000Z' WHERE id = $1",
            {sign});
  engineering("2020-GC-8");
  set_day(s, 2021, 1, 10);
  auto card = office.get("/api/v1/scorecard?year=2020");
  ASSERT_EQ(card.status, 200) << card.body;
  const auto cj = card.json();
  std::vector<std::string> codes;
  for (const auto& c : cj.at("columns").as_array())
    codes.emplace_back(c.at("code").as_string());
  auto col = [&](const std::string& code) {
    return static_cast<std::size_t>(std::find(codes.begin(), codes.end(), code) - codes.begin());
  };
  ASSERT_LT(col("signage.sign_evidenced"), codes.size()) << card.body;
  ASSERT_LT(col("signage.windows_checked"), codes.size());
  ASSERT_LT(col("signage.leaflets_distributed"), codes.size());
  bool dx = false;
  for (const auto& row : cj.at("rows").as_array())
    if (row.at("unitId").as_int64() == unit("DX")) {
      dx = true;
      EXPECT_EQ(row.at("values").at(col("signage.leaflets_distributed")).as_string(), "500");
      EXPECT_EQ(row.at("values").at(col("signage.sign_evidenced")).as_string(), "50.0%");
    }
  EXPECT_TRUE(dx) << card.body;
}

// The QR code's address: every editor's answer says when phones cannot open it, and a print run (which
// freezes the artwork) with such an address needs the explicit confirmation; a public https address needs
// none, and plain http is a warning only.
TEST_F(Signage, PrintRunsOfADeadQrNeedConfirmation) {
  set_day(s, 2020, 5, 10);
  const auto gc = engineering("2020-QR-1");
  const auto leaf = insert_test_project(s, "T1", "DX", "2020-QR-2", 2020);
  db::query(s.pool(), "UPDATE projects SET category = 'subsidy' WHERE id = $1", {leaf});
  const std::string leaflet = "/api/v1/leaflets/project/" + std::to_string(leaf);
  ASSERT_EQ(dept.put(leaflet, json::object{{"title", "补贴明白纸"}}).status, 200);
  auto set_address = [&](const std::string& url) {
    db::query(s.pool(), "DELETE FROM settings WHERE key = 'portal.base_url'");
    if (!url.empty())
      db::query(s.pool(), "INSERT INTO settings (key, value, updated_at) VALUES ('portal.base_url', $1, $2)",
                {url, std::string("2020-05-10T00:00:00.000Z")});
  };
  const std::string fix = "请系统管理员设置对外网址（命令 minsheng base-url，见运维手册）。";
  const std::string unset =
      "二维码指向 http://127.0.0.1:8080（尚未设置对外网址），群众手机扫码打不开。" + fix;
  const std::string loopback =
      "二维码指向 http://127.0.0.1:8080，这是服务器本机的地址，群众手机扫码打不开。" + fix;
  auto warnings = [&]() {
    std::vector<std::string> out;
    for (const auto& path : {sign_path(gc), std::string("/api/v1/signs?year=2020"), leaflet,
                             std::string("/api/v1/leaflets?year=2020"), std::string("/api/v1/windows"),
                             std::string("/api/v1/print-runs?year=2020")}) {
      auto r = office.get(path);
      EXPECT_EQ(r.status, 200) << path << ": " << r.body;
      const auto j = r.json();
      const auto& w = j.at("qrWarning");
      out.push_back(w.is_null() ? "null" : std::string(w.as_string()));
    }
    return out;
  };
  auto all = [](const std::string& w) { return std::vector<std::string>(6, w); };
  EXPECT_EQ(warnings(), all(unset));
  set_address("http://127.0.0.1:8080");
  EXPECT_EQ(warnings(), all(loopback));

  const json::object sign_run{{"kind", "sign"}, {"projectId", gc}, {"copies", 33}};
  const json::object leaflet_run{{"kind", "leaflet"}, {"projectId", leaf}, {"copies", 200}};
  auto runs = [&]() { return count("SELECT COUNT(*) AS n FROM print_runs"); };
  for (const auto& body : {sign_run, leaflet_run}) {
    auto refused = dept.post("/api/v1/print-runs", body);
    EXPECT_EQ(refused.status, 409) << refused.body;
    EXPECT_TRUE(names_field(refused, "confirmQr")) << refused.body;
    auto rj = refused.json();
    EXPECT_EQ(rj.at("error").at("message").as_string(), "二维码的网址有问题，确认仍要印制请重新提交并确认");
    EXPECT_EQ(rj.at("error").at("fields").at(0).at("message").as_string(), loopback);
    auto unconfirmed = body;
    unconfirmed["confirmQr"] = false;
    EXPECT_EQ(dept.post("/api/v1/print-runs", unconfirmed).status, 409);
  }
  EXPECT_EQ(runs(), 0);
  // Refused, the leaflet's draft is still a draft (not frozen).
  EXPECT_FALSE(office.get(leaflet).json().at("versions").at(0).at("frozen").as_bool());
  // Other mistakes are reported first: a confirmation is never asked for a request that would fail anyway.
  auto wrong =
      dept.post("/api/v1/print-runs",
                json::object{{"kind", "sign"}, {"projectId", gc}, {"leafletVersion", 1}, {"copies", 1}});
  EXPECT_EQ(wrong.status, 400) << wrong.body;
  EXPECT_TRUE(names_field(wrong, "leafletVersion"));
  auto bad_type =
      dept.post("/api/v1/print-runs",
                json::object{{"kind", "sign"}, {"projectId", gc}, {"copies", 1}, {"confirmQr", "yes"}});
  EXPECT_EQ(bad_type.status, 400) << bad_type.body;
  EXPECT_TRUE(names_field(bad_type, "confirmQr"));

  for (auto body : {sign_run, leaflet_run}) {
    body["confirmQr"] = true;
    auto ok = dept.post("/api/v1/print-runs", body);
    EXPECT_EQ(ok.status, 201) << ok.body;
  }
  EXPECT_EQ(runs(), 2);
  EXPECT_TRUE(office.get(leaflet).json().at("versions").at(0).at("frozen").as_bool());
  // The audit row says which warning the copies were printed under.
  auto audit = db::query(
      s.pool(),
      "SELECT after_json FROM audit_log WHERE action = 'print.create' AND result = 'ok' ORDER BY seq DESC");
  ASSERT_EQ(audit.rows.size(), 2u);
  EXPECT_EQ(json::parse(audit.rows[0].text("after_json")).at("qrWarning").as_string(), loopback);

  // Private addresses are refused as well.
  set_address("http://192.168.10.5:8080");
  EXPECT_EQ(dept.post("/api/v1/print-runs", sign_run).status, 409);

  // Plain http on a public name: warned, not refused.
  set_address("http://ms.example.gov.cn");
  const auto http_only = warnings();
  EXPECT_NE(http_only.front().find("二维码指向 http://ms.example.gov.cn，不是 https 加密地址"),
            std::string::npos)
      << http_only.front();
  EXPECT_EQ(dept.post("/api/v1/print-runs", sign_run).status, 201);

  // A public https address: no warning anywhere, and no confirmation needed.
  set_address("https://ms.example.gov.cn");
  EXPECT_EQ(warnings(), all("null"));
  auto plain = dept.post("/api/v1/print-runs", sign_run);
  EXPECT_EQ(plain.status, 201) << plain.body;
  auto last = db::query(
      s.pool(),
      "SELECT after_json FROM audit_log WHERE action = 'print.create' AND result = 'ok' ORDER BY seq DESC");
  EXPECT_TRUE(json::parse(last.rows[0].text("after_json")).at("qrWarning").is_null());
  EXPECT_EQ(runs(), 4);
}

TEST_F(Signage, PortalPageShowsTheSignAndTheSupervisionPhone) {
  set_day(s, 2020, 6, 5);
  const auto p = engineering("2020-GC-10");
  ASSERT_EQ(
      office
          .put(sign_path(p), json::object{{"overrides", json::object{{"supervisionPhone", "0551-62345678"},
                                                                     {"builder", "民生镇人民政府"}}}})
          .status,
      200);
  Client anon = s.client();
  auto page = anon.get("/p/2020-GC-10");
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 300);
  for (const char* want : {"项目公示牌", "民生镇人民政府", "1000.00万元", "2020年4月8日", "社保所",
                           "发现问题？拨打监督电话", "href=\"tel:0551-62345678\""})
    EXPECT_NE(page.body.find(want), std::string::npos) << want;
  // A new phone shows at once: sign writes bump the content version.
  ASSERT_EQ(
      office.put(sign_path(p), json::object{{"overrides", json::object{{"supervisionPhone", "13812345678"}}}})
          .status,
      200);
  page = anon.get("/p/2020-GC-10");
  EXPECT_NE(page.body.find("href=\"tel:13812345678\""), std::string::npos);
}

}  // namespace
}  // namespace minsheng::testing
