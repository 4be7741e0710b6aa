// Information submissions (issue 5) through the API, on SQLite and PostgreSQL: a department's photo story
// with EXIF-checked pairs from draft to portal and back, second-level review, withdraw/delete, voices and
// consent, forwarding and adoption, the quota ledger and its rules, notifications with the lazy quota
// reminder, the XLSX export, scopes, and an XSS corpus stored verbatim.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <set>

#include "infra/sheets/sheets.hpp"
#include "integration/files_support.hpp"
#include "integration/probes.hpp"
#include "integration/projects_support.hpp"
#include "support/ooxml.hpp"
#include "support/test_images.hpp"

namespace minsheng::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono;

constexpr const char* kBoundary = "----MinshengSubmissionsBoundary7f1";

std::string path(std::int64_t id, const std::string& tail = "") {
  return "/api/v1/submissions/" + std::to_string(id) + tail;
}

bool names_field(const HttpResponse& r, const std::string& field) {
  auto j = r.json();
  if (!j.is_object() || !j.as_object().contains("error")) return false;
  for (const auto& f : j.at("error").at("fields").as_array())
    if (f.at("field").as_string() == field) return true;
  return false;
}

std::string message(const HttpResponse& r) {
  auto j = r.json();
  if (!j.is_object() || !j.as_object().contains("error")) return "";
  return std::string(j.at("error").at("message").as_string());
}

std::int64_t content_version(TestServer& s) {
  auto r = db::query(s.pool(), "SELECT value FROM settings WHERE key = 'content_version'");
  return r.empty() ? 0 : std::stoll(r.first().text("value"));
}

std::set<std::string> strings(const json::value& a) {
  std::set<std::string> out;
  for (const auto& v : a.as_array())
    out.insert(std::string(v.as_string()));
  return out;
}

std::set<std::string> warning_codes(const json::value& item) {
  std::set<std::string> out;
  for (const auto& w : item.at("warnings").as_array())
    out.insert(std::string(w.at("code").as_string()));
  return out;
}

std::set<std::int64_t> ids_of(const HttpResponse& r) {
  std::set<std::int64_t> out;
  for (auto j_ = r.json(); const auto& row : j_.at("rows").as_array())
    out.insert(row.at("id").as_int64());
  return out;
}

void set_day(TestServer& s, int y, unsigned m, unsigned d, int hour_utc = 2) {
  s.clock().set(sys_days(year(y) / month(m) / day(d)) + hours(hour_utc));
}

struct Submissions : ::testing::Test {
  TestServer s;
  Client dept = signed_in(s, "dept_x");
  Client office = signed_in(s, "office");
  std::int64_t unit(const std::string& key) const { return s.seed().units.at(key); }

  std::int64_t upload(Client& c, const std::string& bytes) {
    auto r =
        c.request("POST", "/api/v1/files", multipart_body(kBoundary, {}, "现场.jpg", bytes, "image/jpeg"),
                  RequestOptions{.content_type = std::string("multipart/form-data; boundary=") + kBoundary});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json().at("id").as_int64() : 0;
  }

  json::object news(const std::string& title, std::int64_t project = 0) {
    json::array projects;
    if (project) projects.push_back(project);
    return json::object{{"kind", "news"}, {"title", title}, {"body", "正文。"}, {"projectIds", projects}};
  }

  std::int64_t create(Client& c, const json::object& body) {
    auto r = c.post("/api/v1/submissions", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json().at("id").as_int64() : 0;
  }

  HttpResponse act(Client& c, std::int64_t id, const std::string& action, json::object body = {}) {
    return c.post(path(id, "/" + action), body);
  }

  std::int64_t count(const std::string& sql, std::initializer_list<db::Param> params) {
    return db::query(s.pool(), sql, params).first().int64("n");
  }

  std::vector<json::value> notifications_of(Client& c) {
    auto r = c.get("/api/v1/notifications?pageSize=50");
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<json::value> out;
    for (auto j_ = r.json(); const auto& n : j_.at("rows").as_array())
      out.push_back(n);
    return out;
  }

  bool notified(Client& c, const std::string& kind, const std::string& body = "") {
    for (const auto& n : notifications_of(c))
      if (n.at("kind").as_string() == kind && (body.empty() || n.at("body").as_string() == body)) return true;
    return false;
  }
};

// ---- the photo story journey ----

TEST_F(Submissions, PhotoStoryFromDraftToPortalAndBack) {
  set_day(s, 2020, 6, 5);
  const auto project = insert_test_project(s, "T1", "DX", "2020-GC-1", 2020);
  db::query(s.pool(), "UPDATE projects SET lat = 31.86, lng = 117.28, coord_system = 'wgs84' WHERE id = $1",
            {project});
  using images::ExifSpec;
  // Pair 1: "before" taken after "after" (wrong order), both at the project. Pair 2: "before" without EXIF,
  // "after" 2 km away. The "after" of pair 1 is a portrait photo turned by its EXIF orientation.
  const auto b1 =
      upload(dept, images::jpeg(400, 300, ExifSpec{1, std::pair{31.86, 117.28}, "2020:05:20 09:00:00"}));
  const auto a1 =
      upload(dept, images::jpeg(400, 300, ExifSpec{6, std::pair{31.8601, 117.2801}, "2020:05:01 09:00:00"}));
  const auto b2 = upload(dept, images::jpeg(320, 240));
  const auto a2 =
      upload(dept, images::jpeg(320, 240, ExifSpec{1, std::pair{31.878, 117.28}, "2020:06:01 10:00:00"}));
  auto pair = [](std::int64_t b, std::int64_t a, const std::string& cap) {
    return json::object{{"before", json::object{{"fileId", b}, {"caption", cap + "（前）"}}},
                        {"after", json::object{{"fileId", a}, {"caption", cap + "（后）"}}}};
  };
  json::object body{{"kind", "photo_story"},
                    {"title", "甲村改厕前后对比"},
                    {"body", "改厕后村容村貌焕然一新。"},
                    {"authorName", "李四"},
                    {"projectIds", json::array{project}},
                    {"pairs", json::array{pair(b1, a1, "村东"), pair(b2, a2, "村西")}}};
  auto created = dept.post("/api/v1/submissions", body);
  ASSERT_EQ(created.status, 201) << created.body;
  auto item = created.json();
  const auto id = item.at("id").as_int64();
  EXPECT_EQ(item.at("state").as_string(), "draft");
  EXPECT_EQ(item.at("stateLabel").as_string(), "草稿");
  EXPECT_EQ(item.at("kindLabel").as_string(), "图说民生");
  EXPECT_EQ(item.at("orgUnitId").as_int64(), unit("DX"));
  EXPECT_EQ(item.at("projects").at(0).at("code").as_string(), "2020-GC-1");
  EXPECT_EQ(strings(item.at("allowedActions")), (std::set<std::string>{"edit", "delete", "submit"}));
  ASSERT_EQ(item.at("pairs").as_array().size(), 2u);
  EXPECT_EQ(item.at("pairs").at(0).at("before").at("caption").as_string(), "村东（前）");
  EXPECT_EQ(item.at("pairs").at(0).at("before").at("takenAt").as_string(), "2020-05-20T09:00:00.000+08:00");
  EXPECT_TRUE(item.at("pairs").at(1).at("before").at("gps").is_null());
  const auto composite1 = item.at("pairs").at(0).at("compositeFileId").as_int64();
  const auto composite2 = item.at("pairs").at(1).at("compositeFileId").as_int64();
  // The composite: a JPEG of the unit, wider than tall (two photos of the same height side by side).
  auto meta = dept.get("/api/v1/files/" + std::to_string(composite1));
  ASSERT_EQ(meta.status, 200) << meta.body;
  EXPECT_EQ(meta.json().at("type").as_string(), "image/jpeg");
  EXPECT_EQ(meta.json().at("orgUnitId").as_int64(), unit("DX"));
  EXPECT_GT(meta.json().at("width").as_int64(), meta.json().at("height").as_int64());
  auto bytes = dept.get("/api/v1/files/" + std::to_string(composite1) + "/content");
  ASSERT_EQ(bytes.status, 200);
  EXPECT_EQ(bytes.body.substr(0, 3), std::string("\xff\xd8\xff"));
  // 300 high (the smaller height): 400 wide + 16 gap + 200 wide (the portrait "after", 300×400 as shown).
  EXPECT_EQ(meta.json().at("height").as_int64(), 300);
  EXPECT_EQ(meta.json().at("width").as_int64(), 400 + 16 + 225);
  EXPECT_EQ(count("SELECT COUNT(*) AS n FROM submission_composites WHERE submission_id = $1", {id}), 2);

  // Submitted: the office is told and finds it in its queue with the reviewer's warnings.
  auto sub = act(dept, id, "submit");
  ASSERT_EQ(sub.status, 200) << sub.body;
  EXPECT_EQ(sub.json().at("state").as_string(), "submitted");
  const std::string first_submitted(sub.json().at("firstSubmittedAt").as_string());
  EXPECT_TRUE(notified(office, "submission.submit"));
  auto queue = office.get("/api/v1/submissions?queue=true");
  ASSERT_EQ(queue.status, 200) << queue.body;
  EXPECT_TRUE(ids_of(queue).count(id));
  auto detail = office.get(path(id));
  ASSERT_EQ(detail.status, 200);
  const auto codes = warning_codes(detail.json());
  EXPECT_TRUE(codes.count("photo_order")) << detail.body;
  EXPECT_TRUE(codes.count("photo_project_distance")) << detail.body;  // pair 2's "after", 2 km away
  EXPECT_TRUE(codes.count("photo_no_exif")) << detail.body;
  EXPECT_TRUE(strings(detail.json().at("allowedActions")).count("return"));

  // Returned with a reason: the author's unit is told, the history and the audit log have it.
  auto no_reason = act(office, id, "return");
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_TRUE(names_field(no_reason, "reason"));
  const std::string reason = "第一组照片顺序颠倒，请重新上传";
  auto ret = act(office, id, "return", {{"reason", reason}});
  ASSERT_EQ(ret.status, 200) << ret.body;
  EXPECT_EQ(ret.json().at("state").as_string(), "returned");
  EXPECT_EQ(ret.json().at("lastReason").as_string(), reason);
  EXPECT_TRUE(notified(dept, "submission.return", reason));
  Client dx1 = s.client();
  ASSERT_EQ(dx1.login(s.seed().usernames.at("dx1"), kSeedPassword).status, 200);
  EXPECT_TRUE(notified(dx1, "submission.return", reason)) << "every user of the author's unit";
  auto events = ret.json().at("events").as_array();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().at("action").as_string(), "return");
  EXPECT_EQ(events.back().at("fromState").as_string(), "submitted");
  EXPECT_EQ(events.back().at("toState").as_string(), "returned");
  EXPECT_EQ(events.back().at("reason").as_string(), reason);
  EXPECT_EQ(events.back().at("actionLabel").as_string(), "退回");
  auto audit = db::query(s.pool(),
                         "SELECT before_json, after_json, entity_id, user_id FROM audit_log WHERE action = "
                         "'submission.return' AND result = 'ok'");
  ASSERT_EQ(audit.rows.size(), 1u);
  EXPECT_EQ(audit.first().text("entity_id"), std::to_string(id));
  EXPECT_EQ(json::parse(audit.first().text("before_json")).at("state").as_string(), "submitted");
  EXPECT_EQ(json::parse(audit.first().text("after_json")).at("state").as_string(), "returned");
  EXPECT_EQ(audit.first().opt_int64("user_id"), s.seed().users.at("office"));

  // The officer swaps the first pair and resubmits: that composite is rebuilt, the other kept.
  body.erase("kind");
  body["pairs"] = json::array{pair(a1, b1, "村东"), pair(b2, a2, "村西")};
  auto edited = dept.put(path(id), body);
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_NE(edited.json().at("pairs").at(0).at("compositeFileId").as_int64(), composite1);
  EXPECT_EQ(edited.json().at("pairs").at(1).at("compositeFileId").as_int64(), composite2);
  EXPECT_FALSE(warning_codes(edited.json()).count("photo_order")) << edited.body;
  set_day(s, 2020, 6, 8);
  auto resub = act(dept, id, "submit");
  ASSERT_EQ(resub.status, 200) << resub.body;
  EXPECT_EQ(resub.json().at("firstSubmittedAt").as_string(), first_submitted) << "never reset by a return";
  EXPECT_NE(resub.json().at("submittedAt").as_string(), first_submitted);

  // Approved and published: the portal's content version moves.
  auto approved = act(office, id, "approve");
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.json().at("state").as_string(), "approved");
  EXPECT_FALSE(approved.json().at("approvedAt").is_null());
  const auto v0 = content_version(s);
  auto published = act(office, id, "publish");
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_EQ(published.json().at("state").as_string(), "published");
  EXPECT_GT(content_version(s), v0);
  EXPECT_TRUE(notified(dept, "submission.publish"));

  // Illegal transitions: 409 with a Chinese message naming the state and the action.
  auto again = act(office, id, "approve");
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_NE(message(again).find("已发布"), std::string::npos) << again.body;
  EXPECT_NE(message(again).find("审核通过"), std::string::npos) << again.body;
  auto withdraw = act(dept, id, "withdraw");
  EXPECT_EQ(withdraw.status, 409);
  EXPECT_NE(message(withdraw).find("撤回"), std::string::npos) << withdraw.body;
  EXPECT_EQ(dept.put(path(id), body).status, 409);
  EXPECT_EQ(dept.del(path(id)).status, 409);
  // A role that may not act at all: 403 (a department reviewing, the office submitting another unit's item).
  EXPECT_EQ(act(dept, id, "publish").status, 403);

  // Unpublished with a reason: back to approved, the portal changes again.
  EXPECT_EQ(act(office, id, "unpublish").status, 400);
  const auto v1 = content_version(s);
  auto un = act(office, id, "unpublish", {{"reason", "照片涉及个人隐私"}});
  ASSERT_EQ(un.status, 200) << un.body;
  EXPECT_EQ(un.json().at("state").as_string(), "approved");
  EXPECT_TRUE(un.json().at("publishedAt").is_null());
  EXPECT_EQ(un.json().at("lastReason").as_string(), "照片涉及个人隐私");
  EXPECT_GT(content_version(s), v1);
  EXPECT_TRUE(notified(dept, "submission.unpublish", "照片涉及个人隐私"));
  for (const char* a : {"create", "update", "submit", "return", "approve", "publish", "unpublish"})
    EXPECT_GE(count("SELECT COUNT(*) AS n FROM audit_log WHERE action = $1 AND result = 'ok'",
                    {std::string("submission.") + a}),
              1)
        << a;
}

TEST_F(Submissions, DraftValidationNamesFields) {
  const auto other_town_project = insert_test_project(s, "T2", "VC", "T2-1", 2020);
  auto r = dept.post("/api/v1/submissions", news("标题", other_town_project));
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(names_field(r, "projectIds")) << r.body;
  const auto foreign_file = insert_test_file(s, unit("VC"));
  const auto own_file = insert_test_file(s, unit("DX"));
  auto p = news("标题");
  p["photos"] = json::array{json::object{{"fileId", foreign_file}}};
  r = dept.post("/api/v1/submissions", p);
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(names_field(r, "photos[0].fileId")) << r.body;
  json::object story{{"kind", "photo_story"},
                     {"title", "图说"},
                     {"pairs", json::array{json::object{{"before", json::object{{"fileId", own_file}}}}}}};
  r = dept.post("/api/v1/submissions", story);
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(names_field(r, "pairs[0]")) << r.body;
  // Pairs on a news item, voice fields on a photo story: not for that kind.
  auto n = news("标题");
  n["quote"] = "原话";
  r = dept.post("/api/v1/submissions", n);
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(names_field(r, "quote")) << r.body;
  // A photo story without pairs cannot be submitted.
  const auto empty_story = create(dept, json::object{{"kind", "photo_story"}, {"title", "空的图说"}});
  r = act(dept, empty_story, "submit");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_TRUE(names_field(r, "pairs"));
}

TEST_F(Submissions, SecondLevelReviewGoesToTheLeader) {
  Client leader = signed_in(s, "leader");
  auto st = office.put("/api/v1/submission-settings", json::object{{"secondLevel", true},
                                                                   {"pairDistanceM", 300},
                                                                   {"reminderDays", 7},
                                                                   {"bannedWords", json::array{"内部资料"}}});
  ASSERT_EQ(st.status, 200) << st.body;
  EXPECT_EQ(st.json().at("secondLevel"), json::value(true));
  auto got = dept.get("/api/v1/submission-settings");
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.json().at("pairDistanceM").as_int64(), 300);
  EXPECT_EQ(strings(got.json().at("bannedWords")), (std::set<std::string>{"内部资料"}));
  EXPECT_EQ(dept.put("/api/v1/submission-settings", got.json()).status, 403);

  auto body = news("这是内部资料，请勿外传");
  const auto id = create(dept, body);
  ASSERT_EQ(act(dept, id, "submit").status, 200);
  EXPECT_TRUE(warning_codes(office.get(path(id)).json()).count("banned_word"));
  auto first = act(office, id, "approve");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json().at("state").as_string(), "reviewed");
  EXPECT_EQ(first.json().at("stateLabel").as_string(), "待复审");
  EXPECT_TRUE(first.json().at("approvedAt").is_null());
  EXPECT_TRUE(notified(leader, "submission.approve"));
  EXPECT_EQ(act(office, id, "publish").status, 409);
  EXPECT_EQ(act(office, id, "approve").status, 409) << "with second level on the office cannot approve twice";
  auto q = leader.get("/api/v1/submissions?queue=true");
  EXPECT_TRUE(ids_of(q).count(id)) << q.body;
  EXPECT_FALSE(ids_of(office.get("/api/v1/submissions?queue=true")).count(id));
  auto second = act(leader, id, "approve");
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.json().at("state").as_string(), "approved");
  EXPECT_EQ(act(leader, id, "publish").status, 403);
  EXPECT_EQ(act(office, id, "publish").status, 200);
  // The leader may also return a reviewed item.
  const auto id2 = create(dept, news("第二篇"));
  ASSERT_EQ(act(dept, id2, "submit").status, 200);
  ASSERT_EQ(act(office, id2, "approve").status, 200);
  auto back = act(leader, id2, "return", {{"reason", "数据需核实"}});
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_EQ(back.json().at("state").as_string(), "returned");
}

TEST_F(Submissions, WithdrawBeforeReviewAndDeleteDrafts) {
  const auto id = create(dept, news("可以撤回的信息"));
  ASSERT_EQ(act(dept, id, "submit").status, 200);
  EXPECT_EQ(dept.del(path(id)).status, 409);
  auto w = act(dept, id, "withdraw");
  ASSERT_EQ(w.status, 200) << w.body;
  EXPECT_EQ(w.json().at("state").as_string(), "draft");
  EXPECT_EQ(w.json().at("events").as_array().back().at("action").as_string(), "withdraw");
  // A draft is the author's: the office does not see it.
  EXPECT_EQ(office.get(path(id)).status, 404);
  EXPECT_FALSE(ids_of(office.get("/api/v1/submissions?pageSize=50")).count(id));
  EXPECT_EQ(dept.del(path(id)).status, 204);
  EXPECT_EQ(dept.get(path(id)).status, 404);
  EXPECT_EQ(
      count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'submission.delete' AND result = 'ok'", {}),
      1);
}

// Decision: a voice without the speaker's consent can be approved (the reviewer sees a warning) but not
// published: 422 with a field error on "consent".
TEST_F(Submissions, VoiceWithoutConsentCannotBePublished) {
  json::object voice{{"kind", "voice"},
                     {"title", "群众说：路修好了"},
                     {"body", "采访记录。"},
                     {"speakerVillageId", unit("VA")},
                     {"speakerDesc", "甲村村民 王大爷"},
                     {"consent", false},
                     {"quote", "以前下雨天出不了门，现在水泥路修到了家门口。"},
                     {"interviewer", "民生办 小陈"}};
  auto r = office.post("/api/v1/submissions", voice);
  ASSERT_EQ(r.status, 201) << r.body;
  const auto id = r.json().at("id").as_int64();
  EXPECT_EQ(r.json().at("speakerVillageName").as_string(), "甲村");
  EXPECT_EQ(r.json().at("orgUnitId").as_int64(), unit("OFF"));
  ASSERT_EQ(act(office, id, "submit").status, 200);
  EXPECT_TRUE(warning_codes(office.get(path(id)).json()).count("voice_consent"));
  ASSERT_EQ(act(office, id, "approve").status, 200);
  auto pub = act(office, id, "publish");
  EXPECT_EQ(pub.status, 422) << pub.body;
  EXPECT_TRUE(names_field(pub, "consent"));
  voice["consent"] = true;
  voice["speakerVillageId"] = unit("VC");  // another town's village
  EXPECT_TRUE(names_field(office.post("/api/v1/submissions", voice), "speakerVillageId"));
  voice["speakerVillageId"] = unit("VA");
  const auto ok = create(office, voice);
  ASSERT_EQ(act(office, ok, "submit").status, 200);
  ASSERT_EQ(act(office, ok, "approve").status, 200);
  EXPECT_EQ(act(office, ok, "publish").status, 200);
}

TEST_F(Submissions, ForwardThenCountyAdopts) {
  Client county = signed_in(s, "county");
  const auto id = create(dept, news("甲村改厕经验"));
  ASSERT_EQ(act(dept, id, "submit").status, 200);
  ASSERT_EQ(act(office, id, "approve").status, 200);
  json::object adoption{
      {"level", "county"}, {"outlet", "县民生办《民生工程简报》第 12 期"}, {"adoptedOn", "2026-03-01"}};
  EXPECT_EQ(act(county, id, "adopt", adoption).status, 409) << "not forwarded yet";
  auto fw = act(office, id, "forward", {{"to", "县民生办"}});
  ASSERT_EQ(fw.status, 200) << fw.body;
  EXPECT_FALSE(fw.json().at("forwardedAt").is_null());
  EXPECT_EQ(fw.json().at("forwardedTo").as_string(), "县民生办");
  EXPECT_TRUE(notified(county, "submission.forward"));
  EXPECT_TRUE(ids_of(county.get("/api/v1/submissions?queue=true")).count(id));
  auto ad = act(county, id, "adopt", adoption);
  ASSERT_EQ(ad.status, 200) << ad.body;
  ASSERT_EQ(ad.json().at("adoptions").as_array().size(), 1u);
  EXPECT_EQ(ad.json().at("adoptions").at(0).at("levelLabel").as_string(), "县级");
  EXPECT_TRUE(notified(dept, "submission.adopt"));
  EXPECT_EQ(act(office, id, "adopt", adoption).status, 403);
  // Another county's item: hidden.
  const auto far = insert_test_submission(s, "VD", "approved", "news", true);
  EXPECT_EQ(act(county, far, "adopt", adoption).status, 404);
  EXPECT_EQ(county.get(path(far)).status, 404);
}

TEST_F(Submissions, ScopesOfReaders) {
  Client dept_y = signed_in(s, "dept_y");
  Client county = signed_in(s, "county");
  const auto mine = insert_test_submission(s, "DX", "submitted");
  const auto t2 = insert_test_submission(s, "VC", "submitted");
  const auto t3 = insert_test_submission(s, "VD", "submitted");
  EXPECT_EQ(dept_y.get(path(mine)).status, 404);
  EXPECT_FALSE(ids_of(dept_y.get("/api/v1/submissions?pageSize=50")).count(mine));
  EXPECT_TRUE(ids_of(dept.get("/api/v1/submissions?pageSize=50")).count(mine));
  auto office_ids = ids_of(office.get("/api/v1/submissions?pageSize=50"));
  EXPECT_TRUE(office_ids.count(mine));
  EXPECT_FALSE(office_ids.count(t2));
  EXPECT_EQ(office.get(path(t2)).status, 404);
  auto county_ids = ids_of(county.get("/api/v1/submissions?pageSize=50"));
  EXPECT_TRUE(county_ids.count(mine) && county_ids.count(t2));
  EXPECT_FALSE(county_ids.count(t3));
  // Filters.
  EXPECT_EQ(ids_of(office.get("/api/v1/submissions?kind=voice")).count(mine), 0u);
  EXPECT_TRUE(ids_of(office.get("/api/v1/submissions?state=submitted&unitId=" + std::to_string(unit("DX"))))
                  .count(mine));
  EXPECT_TRUE(ids_of(office.get("/api/v1/submissions?year=2026&q=%E6%B5%8B%E8%AF%95")).count(mine));
  EXPECT_FALSE(ids_of(office.get("/api/v1/submissions?year=2019")).count(mine));
  EXPECT_TRUE(ids_of(office.get("/api/v1/submissions?olderThanDays=0")).count(mine));
  EXPECT_FALSE(ids_of(office.get("/api/v1/submissions?olderThanDays=30")).count(mine));
}

// ---- the quota ledger ----

TEST_F(Submissions, LedgerCountsLateAndMissingAndFollowsRules) {
  insert_test_project(s, "T1", "DX", "2020-A", 2020);
  const auto p2 = insert_test_project(s, "T1", "DY", "2020-B", 2020);
  db::query(s.pool(), "UPDATE projects SET category = 'subsidy' WHERE id = $1", {p2});
  Client dept_y = signed_in(s, "dept_y");
  set_day(s, 2020, 6, 5);
  const auto on_time = create(dept, news("六月信息"));
  ASSERT_EQ(act(dept, on_time, "submit").status, 200);
  set_day(s, 2020, 6, 25);  // after the 20th
  const auto late = create(dept_y, news("迟报的信息"));
  ASSERT_EQ(act(dept_y, late, "submit").status, 200);
  set_day(s, 2020, 6, 26);

  auto row_of = [](const HttpResponse& r, std::int64_t unit_id, const std::string& kind,
                   const std::string& period) -> json::object {
    for (auto j_ = r.json(); const auto& row : j_.at("rows").as_array())
      if (row.at("unitId").as_int64() == unit_id && row.at("kind").as_string() == kind &&
          row.at("period").as_string() == period)
        return row.as_object();
    return {};
  };
  auto june = office.get("/api/v1/quota-ledger?period=2020-06");
  ASSERT_EQ(june.status, 200) << june.body;
  EXPECT_EQ(june.json().at("period").as_string(), "2020-06");
  EXPECT_EQ(june.json().at("today").as_string(), "2020-06-26");
  auto dx = row_of(june, unit("DX"), "news", "2020-06");
  ASSERT_FALSE(dx.empty()) << june.body;
  EXPECT_EQ(dx.at("owed").as_int64(), 1);
  EXPECT_EQ(dx.at("submitted").as_int64(), 1);
  EXPECT_EQ(dx.at("missing").as_int64(), 0);
  EXPECT_EQ(dx.at("late").as_int64(), 0);
  EXPECT_EQ(dx.at("dueDate").as_string(), "2020-06-20");
  auto dy = row_of(june, unit("DY"), "news", "2020-06");
  ASSERT_FALSE(dy.empty());
  EXPECT_EQ(dy.at("late").as_int64(), 1);
  EXPECT_EQ(dy.at("missing").as_int64(), 0);
  // May: nothing sent — missing and overdue.
  auto may = row_of(office.get("/api/v1/quota-ledger?period=2020-Q2"), unit("DX"), "news", "2020-05");
  ASSERT_FALSE(may.empty());
  EXPECT_EQ(may.at("missing").as_int64(), 1);
  EXPECT_EQ(may.at("overdue"), json::value(true));
  // The year: a row per month, the engineering department's photo story, the office's voices.
  auto year_ledger = office.get("/api/v1/quota-ledger?period=2020");
  ASSERT_EQ(year_ledger.status, 200);
  int dx_news = 0;
  for (auto j_ = year_ledger.json(); const auto& row : j_.at("rows").as_array())
    dx_news += row.at("unitId").as_int64() == unit("DX") && row.at("kind").as_string() == "news";
  EXPECT_EQ(dx_news, 12);
  EXPECT_EQ(row_of(year_ledger, unit("DX"), "photo_story", "2020").at("owed").as_int64(), 1);
  EXPECT_TRUE(row_of(year_ledger, unit("DY"), "photo_story", "2020").empty()) << "DY leads no engineering";
  EXPECT_EQ(row_of(year_ledger, unit("OFF"), "voice", "2020").at("owed").as_int64(), 2);
  // A department sees its own rows only; another unit is hidden.
  auto own = dept.get("/api/v1/quota-ledger?period=2020-06");
  for (auto j_ = own.json(); const auto& row : j_.at("rows").as_array())
    EXPECT_EQ(row.at("unitId").as_int64(), unit("DX"));
  EXPECT_FALSE(own.json().at("rows").as_array().empty());
  EXPECT_EQ(dept.get("/api/v1/quota-ledger?unitId=" + std::to_string(unit("DY"))).status, 404);
  auto for_unit = office.get("/api/v1/quota-ledger?period=2020-06&unitId=" + std::to_string(unit("DY")));
  for (auto j_ = for_unit.json(); const auto& row : j_.at("rows").as_array())
    EXPECT_EQ(row.at("unitId").as_int64(), unit("DY"));
  EXPECT_EQ(office.get("/api/v1/quota-ledger?period=2020-13").status, 400);

  // Rules: the defaults until the office saves its own; the ledger follows.
  auto rules = office.get("/api/v1/quota-rules?year=2020");
  ASSERT_EQ(rules.status, 200);
  EXPECT_EQ(rules.json().at("isDefault"), json::value(true));
  EXPECT_EQ(rules.json().at("rules").as_array().size(), 3u);
  json::object put{{"year", 2020},
                   {"rules", json::array{json::object{{"kind", "news"},
                                                      {"units", "lead_departments"},
                                                      {"count", 2},
                                                      {"period", "month"},
                                                      {"dueDay", "25"},
                                                      {"counts", "submitted"}}}}};
  auto saved = office.put("/api/v1/quota-rules", put);
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(saved.json().at("isDefault"), json::value(false));
  EXPECT_EQ(dept.put("/api/v1/quota-rules", put).status, 403);
  auto after = office.get("/api/v1/quota-ledger?period=2020-06");
  auto dx2 = row_of(after, unit("DX"), "news", "2020-06");
  EXPECT_EQ(dx2.at("owed").as_int64(), 2);
  EXPECT_EQ(dx2.at("missing").as_int64(), 1);
  EXPECT_EQ(dx2.at("dueDate").as_string(), "2020-06-25");
  EXPECT_EQ(row_of(after, unit("DY"), "news", "2020-06").at("late").as_int64(), 0) << "due the 25th now";
  EXPECT_TRUE(row_of(office.get("/api/v1/quota-ledger?period=2020"), unit("OFF"), "voice", "2020").empty());
  // Bad rules name the field.
  put["rules"].as_array()[0].as_object()["dueDay"] = "12-40";
  auto bad = office.put("/api/v1/quota-rules", put);
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(names_field(bad, "rules[0].dueDay")) << bad.body;
  EXPECT_EQ(
      count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'quota.rules_update' AND result = 'ok'", {}),
      1);
}

// ---- notifications ----

TEST_F(Submissions, NotificationsAndTheLazyReminder) {
  insert_test_project(s, "T1", "DY", "2020-C", 2020);
  Client dept_y = signed_in(s, "dept_y");
  set_day(s, 2020, 6, 10);  // 10 days before the 20th: beyond the default 5
  auto before = notifications_of(dept_y);
  EXPECT_TRUE(before.empty());
  set_day(s, 2020, 6, 17);  // 3 days left
  auto list = dept_y.get("/api/v1/notifications");
  ASSERT_EQ(list.status, 200) << list.body;
  auto rows = list.json().at("rows").as_array();
  ASSERT_EQ(rows.size(), 1u) << list.body;
  EXPECT_EQ(rows[0].at("kind").as_string(), "quota.reminder");
  EXPECT_NE(std::string(rows[0].at("title").as_string()).find("2020-06"), std::string::npos);
  EXPECT_EQ(list.json().at("unread").as_int64(), 1);
  EXPECT_EQ(notifications_of(dept_y).size(), 1u) << "a reminder is sent once";
  // Once sent, the obligation no longer reminds.
  const auto id = create(dept_y, news("六月信息"));
  ASSERT_EQ(act(dept_y, id, "submit").status, 200);
  EXPECT_EQ(notifications_of(dept_y).size(), 1u);
  // Read one, read all; another user's notification is hidden.
  const auto nid = rows[0].at("id").as_int64();
  EXPECT_EQ(dept.post("/api/v1/notifications/" + std::to_string(nid) + "/read", json::object{}).status, 404);
  auto read = dept_y.post("/api/v1/notifications/" + std::to_string(nid) + "/read", json::object{});
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_FALSE(read.json().at("readAt").is_null());
  EXPECT_EQ(dept_y.get("/api/v1/notifications?unread=true").json().at("total").as_int64(), 0);
  ASSERT_EQ(act(office, id, "return", {{"reason", "请补充数据"}}).status, 200);
  ASSERT_EQ(act(dept_y, id, "submit").status, 200);
  ASSERT_EQ(act(office, id, "return", {{"reason", "再补充"}}).status, 200);
  EXPECT_EQ(dept_y.get("/api/v1/notifications").json().at("unread").as_int64(), 2);
  auto all = dept_y.post("/api/v1/notifications/read-all", json::object{});
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.json().at("updated").as_int64(), 2);
  EXPECT_EQ(dept_y.get("/api/v1/notifications").json().at("unread").as_int64(), 0);
}

TEST_F(Submissions, NotificationsAreListedNewestFirstByTheirTime) {
  Client dept_y = signed_in(s, "dept_y");
  const auto user = s.seed().users.at("dept_y");
  // Written out of time order (a back-dated import, a clock set back): ids do not follow the times. Day
  // (5i mod 12) + 1 of January for the i-th row: each of the 12 days once.
  for (int i = 0; i < 12; ++i) {
    const int day = (5 * i) % 12 + 1;
    db::query(s.pool(),
              "INSERT INTO notifications (user_id, kind, title, body, link, created_at) VALUES ($1, "
              "'submission.returned', $2, '', '/submissions', $3)",
              {user, fmt::format("1月{}日", day), fmt::format("2026-01-{:02}T02:00:00.000Z", day)});
  }
  std::vector<std::string> titles, expected;
  for (int day = 12; day >= 1; --day)
    expected.push_back(fmt::format("1月{}日", day));
  for (int page = 1; page <= 2; ++page) {
    auto r = dept_y.get("/api/v1/notifications?pageSize=10&pageNum=" + std::to_string(page));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json().at("total").as_int64(), 12);
    for (auto j = r.json(); const auto& n : j.at("rows").as_array())
      titles.emplace_back(n.at("title").as_string());
  }
  EXPECT_EQ(titles, expected);
}

// ---- export ----

TEST_F(Submissions, ExportReadsBack) {
  const auto id = create(dept, news("导出的信息"));
  ASSERT_EQ(act(dept, id, "submit").status, 200);
  insert_test_submission(s, "VC", "submitted", "news", false, "邻镇的信息");
  auto r = office.get("/api/v1/submissions/export?year=2026");
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 200);
  EXPECT_NE(r.header("content-type").value_or("").find("spreadsheetml"), std::string::npos);
  EXPECT_EQ(ooxml_kind(r.body), "xlsx");
  auto wb = infra::sheets::read_xlsx(r.body);
  ASSERT_TRUE(wb) << wb.error().message();
  const auto& rows = wb->sheets.at(0).rows;
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ(rows[0].cells,
            (std::vector<std::string>{"单位", "类型", "标题", "状态", "首次报送", "审核", "发布", "采用"}));
  bool found = false;
  for (const auto& row : rows) {
    EXPECT_EQ(std::find(row.cells.begin(), row.cells.end(), "邻镇的信息"), row.cells.end()) << "out of scope";
    if (row.cells.size() > 3 && row.cells[2] == "导出的信息") {
      found = true;
      EXPECT_EQ(row.cells[0], "社保所");
      EXPECT_EQ(row.cells[1], "文字信息");
      EXPECT_EQ(row.cells[3], "待审核");
      EXPECT_EQ(row.cells[4], "2026-03-02");
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'submission.export'", {}), 1);
}

// ---- XSS corpus ----

TEST_F(Submissions, XssCorpusStoredVerbatimAndBodyHtmlSafe) {
  const std::vector<std::string> corpus = {
      "<script>alert(1)</script>",   "<img src=x onerror=alert(1)>",
      "\"><svg onload=alert(1)>",    "<a href=\"javascript:alert(1)\">x</a>",
      "[点我](javascript:alert(1))", "{{7*7}} ${7*7} '\"--",
  };
  const auto own_file = insert_test_file(s, unit("DX"));
  for (const auto& x : corpus) {
    json::object body{{"kind", "news"},
                      {"title", x},
                      {"body", "正文 " + x + "\n\n" + x},
                      {"authorName", x.substr(0, 50)},
                      {"photos", json::array{json::object{{"fileId", own_file}, {"caption", x}}}}};
    auto r = dept.post("/api/v1/submissions", body);
    ASSERT_EQ(r.status, 201) << x << ": " << r.body;
    const auto id = r.json().at("id").as_int64();
    auto got = dept.get(path(id));
    ASSERT_EQ(got.status, 200);
    const auto j = got.json();
    EXPECT_EQ(j.at("title").as_string(), x);
    EXPECT_EQ(j.at("body").as_string(), "正文 " + x + "\n\n" + x);
    EXPECT_EQ(j.at("authorName").as_string(), x.substr(0, 50));
    EXPECT_EQ(j.at("photos").at(0).at("caption").as_string(), x);
    const std::string html(j.at("bodyHtml").as_string());
    for (const char* bad : {"<script", "onerror=", "javascript:", "<svg", "onload="})
      EXPECT_EQ(html.find(bad), std::string::npos) << bad << " in " << html;
    EXPECT_EQ(got.header("content-type").value_or("").find("application/json"), 0u);
  }
  json::object voice{{"kind", "voice"}, {"title", "声音"}};
  for (const char* f : {"speakerDesc", "quote", "interviewer"})
    voice[f] = corpus[1];
  auto v = office.post("/api/v1/submissions", voice);
  ASSERT_EQ(v.status, 201) << v.body;
  for (const char* f : {"speakerDesc", "quote", "interviewer"})
    EXPECT_EQ(v.json().at(f).as_string(), corpus[1]);
}

}  // namespace
}  // namespace minsheng::testing
