// Users and org units: functional behaviour through the API.
#include <gtest/gtest.h>

#include "support/test_server.hpp"

namespace minsheng::testing {
namespace {

namespace json = boost::json;

std::string error_field(const HttpResponse& r) {
  auto j = r.json();
  if (!j.is_object() || !j.as_object().contains("error")) return "";
  const auto& fields = j.at("error").at("fields").as_array();
  return fields.empty() ? "" : std::string(fields[0].at("field").as_string());
}

TEST(Users, ListFiltersAndPaging) {
  TestServer s;
  Client c = signed_in(s, "sysadmin");
  for (const char* bad : {"15", "0", "100", "abc"}) {
    auto r = c.get(std::string("/api/v1/users?pageSize=") + bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(error_field(r), "pageSize");
  }
  auto all = c.get("/api/v1/users?pageSize=10");
  ASSERT_EQ(all.status, 200);
  const auto total = all.json().at("total").as_int64();
  EXPECT_GE(total, 20);
  EXPECT_EQ(all.json().at("rows").as_array().size(), 10u);
  auto p3 = c.get("/api/v1/users?pageSize=10&pageNum=3");
  EXPECT_EQ(p3.json().at("rows").as_array().size(), static_cast<std::size_t>(total - 20));
  auto va = c.get("/api/v1/users?pageSize=50&orgUnitId=" + std::to_string(s.seed().units.at("VA")));
  const auto va_json = va.json();
  for (const auto& r : va_json.at("rows").as_array())
    EXPECT_EQ(r.at("orgUnitId").as_int64(), s.seed().units.at("VA"));
  EXPECT_EQ(va_json.at("total").as_int64(), 5);  // village.a, locked, va1..va3
  auto locked = c.get("/api/v1/users?locked=true");
  EXPECT_EQ(locked.json().at("total").as_int64(), 1);
  auto kw = c.get("/api/v1/users?keyword=%E7%94%B2%E6%9D%91&role=village");  // 甲村
  ASSERT_EQ(kw.status, 200);
  EXPECT_EQ(kw.json().at("total").as_int64(), 1);
}

TEST(Users, CreateEditLockUnlockReset) {
  TestServer s;
  Client admin = signed_in(s, "sysadmin");
  Client sec = signed_in(s, "secadmin");
  auto created = admin.post("/api/v1/users", json::object{{"username", "zhang.san"},
                                                          {"displayName", "张三"},
                                                          {"role", "village"},
                                                          {"orgUnitId", s.seed().units.at("VB")},
                                                          {"password", "Zhang-Pass-2024!q"}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_FALSE(created.json().as_object().contains("initialPassword"));
  const auto id = created.json().at("id").as_int64();
  const std::string path = "/api/v1/users/" + std::to_string(id);
  auto dup = admin.post("/api/v1/users", json::object{{"username", "zhang.san"},
                                                      {"displayName", "张三"},
                                                      {"role", "village"},
                                                      {"orgUnitId", s.seed().units.at("VB")}});
  EXPECT_EQ(dup.status, 400);
  EXPECT_EQ(error_field(dup), "username");
  auto misfit = admin.post("/api/v1/users", json::object{{"username", "li.si"},
                                                         {"displayName", "李四"},
                                                         {"role", "dept"},
                                                         {"orgUnitId", s.seed().units.at("VB")}});
  EXPECT_EQ(misfit.status, 400);
  EXPECT_EQ(error_field(misfit), "orgUnitId");
  auto edit = admin.put(
      path,
      json::object{{"displayName", "张三丰"}, {"role", "village"}, {"orgUnitId", s.seed().units.at("VA")}});
  ASSERT_EQ(edit.status, 200) << edit.body;
  EXPECT_EQ(admin.get(path).json().at("displayName").as_string(), "张三丰");

  Client u = s.client();
  ASSERT_EQ(u.login("zhang.san", "Zhang-Pass-2024!q").status, 200);
  auto lock = sec.post(path + "/lock", json::object{{"reason", "离职"}});
  ASSERT_EQ(lock.status, 200) << lock.body;
  EXPECT_TRUE(lock.json().at("locked").as_bool());
  EXPECT_EQ(u.get("/api/v1/auth/me").status, 401) << "a locked user's sessions die";
  EXPECT_EQ(s.client().login("zhang.san", "Zhang-Pass-2024!q").status, 401);
  EXPECT_EQ(
      sec.post("/api/v1/users/" + std::to_string(s.seed().users.at("secadmin")) + "/lock", json::object{})
          .status,
      400)
      << "cannot lock oneself";
  auto unlock = sec.post(path + "/unlock", json::object{});
  ASSERT_EQ(unlock.status, 200);
  EXPECT_EQ(s.client().login("zhang.san", "Zhang-Pass-2024!q").status, 200);

  auto reset = admin.post(path + "/reset-password", json::object{});
  ASSERT_EQ(reset.status, 200) << reset.body;
  const std::string temp(reset.json().at("initialPassword").as_string());
  EXPECT_EQ(admin.get(path).body.find(temp), std::string::npos) << "shown once";
  Client t = s.client();
  EXPECT_EQ(t.login("zhang.san", "Zhang-Pass-2024!q").status, 401);
  auto tl = t.login("zhang.san", temp);
  ASSERT_EQ(tl.status, 200);
  EXPECT_TRUE(tl.json().at("mustChangePassword").as_bool());
  EXPECT_EQ(t.get("/api/v1/org-units").status, 403);
}

TEST(OrgUnits, KindRulesMoveDeleteTree) {
  TestServer s;
  Client c = signed_in(s, "sysadmin");
  const auto& u = s.seed().units;
  auto bad_kind = c.post("/api/v1/org-units",
                         json::object{{"parentId", u.at("K")}, {"kind", "village"}, {"name", "错村"}});
  EXPECT_EQ(bad_kind.status, 400);
  EXPECT_EQ(error_field(bad_kind), "kind");
  auto dup = c.post("/api/v1/org-units",
                    json::object{{"parentId", u.at("T1")}, {"kind", "village"}, {"name", "甲村"}});
  EXPECT_EQ(dup.status, 400);
  EXPECT_EQ(error_field(dup), "name");
  auto town =
      c.post("/api/v1/org-units", json::object{{"parentId", u.at("K")}, {"kind", "town"}, {"name", "新镇"}});
  ASSERT_EQ(town.status, 201) << town.body;
  const auto town_id = town.json().at("id").as_int64();
  auto village =
      c.post("/api/v1/org-units", json::object{{"parentId", town_id}, {"kind", "village"}, {"name", "新村"}});
  ASSERT_EQ(village.status, 201);
  const auto village_id = village.json().at("id").as_int64();
  const auto user_id = s.create_user("new.villager", "village", village_id);

  auto into_self = c.post("/api/v1/org-units/" + std::to_string(town_id) + "/move",
                          json::object{{"parentId", village_id}});
  EXPECT_EQ(into_self.status, 400);
  EXPECT_EQ(error_field(into_self), "parentId");
  auto moved = c.post("/api/v1/org-units/" + std::to_string(town_id) + "/move",
                      json::object{{"parentId", u.at("K2")}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  const std::string new_town_path = s.seed().unit_paths.at("K2") + std::to_string(town_id) + "/";
  EXPECT_EQ(moved.json().at("path").as_string(), new_town_path);
  EXPECT_EQ(s.unit_path(village_id), new_town_path + std::to_string(village_id) + "/");
  auto user = db::query(s.pool(), "SELECT org_unit_id FROM users WHERE id = $1", {user_id});
  EXPECT_EQ(user.first().int64("org_unit_id"), village_id);

  EXPECT_EQ(c.del("/api/v1/org-units/" + std::to_string(town_id)).status, 409) << "has children";
  EXPECT_EQ(c.del("/api/v1/org-units/" + std::to_string(village_id)).status, 409) << "has users";
  auto empty = c.post("/api/v1/org-units",
                      json::object{{"parentId", town_id}, {"kind", "department"}, {"name", "空部门"}});
  const auto empty_id = empty.json().at("id").as_int64();
  EXPECT_EQ(c.del("/api/v1/org-units/" + std::to_string(empty_id)).status, 200);
  EXPECT_EQ(c.get("/api/v1/org-units/" + std::to_string(empty_id)).status, 404);

  Client office = signed_in(s, "office");
  auto tree = office.get("/api/v1/org-units/tree");
  ASSERT_EQ(tree.status, 200);
  const auto tj = tree.json();
  const auto& roots = tj.at("rows").as_array();
  ASSERT_EQ(roots.size(), 1u);
  EXPECT_EQ(roots[0].at("id").as_int64(), u.at("T1"));
  EXPECT_EQ(roots[0].at("children").as_array().size(), 5u);  // VA VB DX DY OFF
  Client admin_tree = signed_in(s, "sysadmin");
  auto full = admin_tree.get("/api/v1/org-units/tree");
  const auto fj = full.json();
  ASSERT_EQ(fj.at("rows").as_array().size(), 1u);
  EXPECT_EQ(fj.at("rows").as_array()[0].at("children").as_array()[0].at("kind").as_string(), "city");
}

}  // namespace
}  // namespace minsheng::testing
