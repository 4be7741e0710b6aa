// T8 authentication and T9 sessions through the real HTTP stack, with the fake clock.
#include <gtest/gtest.h>

#include <set>

#include "db/db.hpp"
#include "platform/users.hpp"
#include "support/test_server.hpp"

namespace minsheng::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

const char* const kMe = "/api/v1/auth/me";

std::string error_field(const HttpResponse& r) {
  auto j = r.json();
  if (!j.is_object() || !j.as_object().contains("error")) return "";
  const auto& fields = j.at("error").at("fields").as_array();
  return fields.empty() ? "" : std::string(fields[0].at("field").as_string());
}

TEST(Auth, LoginSetsHttpOnlyLaxCookieAndReturnsCsrf) {
  TestServer s;
  Client c = s.client();
  auto r = c.login("village.a", kSeedPassword);
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = r.json();
  EXPECT_EQ(j.at("user").at("username").as_string(), "village.a");
  EXPECT_FALSE(j.at("csrfToken").as_string().empty());
  EXPECT_FALSE(j.at("user").as_object().contains("passwordHash"));
  auto cookies = r.headers_named("set-cookie");
  ASSERT_EQ(cookies.size(), 1u);
  EXPECT_NE(cookies[0].find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookies[0].find("SameSite=Lax"), std::string::npos);
  EXPECT_NE(cookies[0].find("Path=/"), std::string::npos);
  EXPECT_EQ(cookies[0].find("Secure"), std::string::npos);  // plain http in tests
  EXPECT_EQ(r.body.find(c.cookie.substr(c.cookie.find('=') + 1)), std::string::npos) << "token in body";
  auto me = c.get(kMe);
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(me.json().at("csrfToken").as_string(), j.at("csrfToken").as_string());
}

TEST(Auth, WrongPasswordAndUnknownUserLookTheSame) {
  TestServer s;
  Client c = s.client();
  auto a = c.login("village.a", "Wrong-Pass-2024!x");
  auto b = c.login("nobody.here", "Wrong-Pass-2024!x");
  ASSERT_EQ(a.status, 401);
  ASSERT_EQ(b.status, 401);
  auto ea = a.json().at("error").as_object(), eb = b.json().at("error").as_object();
  EXPECT_EQ(ea.at("code"), eb.at("code"));
  EXPECT_EQ(ea.at("message"), eb.at("message"));
  EXPECT_TRUE(has_cjk(std::string(ea.at("message").as_string())));
  EXPECT_TRUE(a.headers_named("set-cookie").empty());
}

TEST(Auth, LockoutWithFakeClock) {
  TestServer s;
  Client c = s.client();
  const std::string bad = "Wrong-Pass-2024!x";
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(c.login("village.a", bad).status, 401);
  EXPECT_EQ(c.login("village.a", kSeedPassword).status, 200) << "4 failures must not lock";
  Client d = s.client();
  const auto refused = d.login("village.b", bad);
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(d.login("village.b", bad).status, 401);
  auto locked = d.login("village.b", kSeedPassword);
  EXPECT_EQ(locked.status, 401) << "5 failures lock the account";
  EXPECT_EQ(locked.json().at("error").at("message"), refused.json().at("error").at("message"));
  s.clock().advance(29min);
  EXPECT_EQ(d.login("village.b", kSeedPassword).status, 401) << "still locked at +29 min";
  s.clock().advance(1min);
  EXPECT_EQ(d.login("village.b", kSeedPassword).status, 200) << "open at +30 min";
}

TEST(Auth, PerIpThrottle) {
  TestServer s;
  Client c = s.client();
  // Spread over many accounts so no account lockout is involved.
  for (int i = 0; i < 20; ++i)
    EXPECT_EQ(c.login("sprayed" + std::to_string(i), "Wrong-Pass-2024!x").status, 401);
  auto r = c.login("village.a", kSeedPassword);
  EXPECT_EQ(r.status, 429) << r.body;
  s.clock().advance(10min);
  EXPECT_EQ(c.login("village.a", kSeedPassword).status, 200);
}

TEST(Auth, MeLogoutAndOldCookie) {
  TestServer s;
  Client c = s.client();
  EXPECT_EQ(c.get(kMe).status, 401);
  ASSERT_EQ(c.login("dept.x", kSeedPassword).status, 200);
  EXPECT_EQ(c.get(kMe).status, 200);
  const std::string old = c.cookie;
  auto out = c.post("/api/v1/auth/logout", json::object{});
  EXPECT_EQ(out.status, 200) << out.body;
  EXPECT_TRUE(c.cookie.empty()) << "logout clears the cookie";
  c.cookie = old;
  EXPECT_EQ(c.get(kMe).status, 401);
}

TEST(Sessions, IdleTimeouts) {
  TestServer s;
  Client c = s.client();
  ASSERT_EQ(c.login("dept.x", kSeedPassword).status, 200);
  s.clock().advance(29min + 59s);
  EXPECT_EQ(c.get(kMe).status, 200);
  s.clock().advance(30min + 1s);
  EXPECT_EQ(c.get(kMe).status, 401);
  Client a = s.client();
  ASSERT_EQ(a.login("sys.admin", kSeedPassword).status, 200);
  s.clock().advance(14min + 59s);
  EXPECT_EQ(a.get(kMe).status, 200);
  s.clock().advance(15min + 1s);
  EXPECT_EQ(a.get(kMe).status, 401) << "admin idle limit is 15 min";
}

TEST(Sessions, AbsoluteLimit) {
  TestServer s;
  Client c = s.client();
  ASSERT_EQ(c.login("dept.x", kSeedPassword).status, 200);
  for (int i = 0; i < 47; ++i) {  // active every 15 min up to 11:45
    s.clock().advance(15min);
    ASSERT_EQ(c.get(kMe).status, 200) << i;
  }
  s.clock().advance(15min);  // 12:00
  EXPECT_EQ(c.get(kMe).status, 401);
}

TEST(Sessions, RotatedAtLogin) {
  TestServer s;
  Client c = s.client();
  ASSERT_EQ(c.login("dept.x", kSeedPassword).status, 200);
  const std::string first = c.cookie;
  s.clock().advance(2min);  // the old session's last-seen is due for a refresh
  auto again = c.login("dept.x", kSeedPassword);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_NE(c.cookie, first);
  EXPECT_EQ(c.get(kMe).status, 200);
  Client old = s.client();
  old.cookie = first;
  EXPECT_EQ(old.get(kMe).status, 401);
}

TEST(Passwords, ChangeRules) {
  TestServer s;
  Client c = s.client();
  ASSERT_EQ(c.login("dept.x", kSeedPassword).status, 200);
  Client other = s.client();
  ASSERT_EQ(other.login("dept.x", kSeedPassword).status, 200);
  auto change = [&](const std::string& cur, const std::string& next) {
    return c.post("/api/v1/auth/password", json::object{{"currentPassword", cur}, {"newPassword", next}});
  };
  auto wrong = change("Wrong-Pass-2024!x", "Good-Pass-2024!zz");
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(error_field(wrong), "currentPassword");
  for (const std::string bad : {"Short-Pas1!", "alllowercaseletters1", "Password@123", "Xx-dept.x-2024!"}) {
    auto r = change(kSeedPassword, bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(error_field(r), "newPassword") << bad;
    EXPECT_TRUE(has_cjk(std::string(r.json().at("error").at("message").as_string()))) << bad;
  }
  auto ok = change(kSeedPassword, "Good-Pass-2024!zz");
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(c.get(kMe).status, 200) << "the changing session stays";
  EXPECT_EQ(other.get(kMe).status, 401) << "other sessions are revoked";
  Client fresh = s.client();
  EXPECT_EQ(fresh.login("dept.x", kSeedPassword).status, 401);
  EXPECT_EQ(fresh.login("dept.x", "Good-Pass-2024!zz").status, 200);
}

TEST(Passwords, NewApiUserMustChangePassword) {
  TestServer s;
  Client admin = signed_in(s, "sysadmin");
  auto created = admin.post("/api/v1/users", json::object{{"username", "new.cadre"},
                                                          {"displayName", "新村干部"},
                                                          {"role", "village"},
                                                          {"orgUnitId", s.seed().units.at("VA")}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string initial(created.json().at("initialPassword").as_string());
  EXPECT_TRUE(created.json().at("mustChangePassword").as_bool());
  Client u = s.client();
  auto login = u.login("new.cadre", initial);
  ASSERT_EQ(login.status, 200);
  EXPECT_TRUE(login.json().at("mustChangePassword").as_bool());
  EXPECT_EQ(u.get("/api/v1/org-units").status, 403);
  EXPECT_EQ(u.get(kMe).status, 200);
  auto ch = u.post("/api/v1/auth/password",
                   json::object{{"currentPassword", initial}, {"newPassword", "Fresh-Pass-2024!k"}});
  ASSERT_EQ(ch.status, 200) << ch.body;
  EXPECT_EQ(u.get("/api/v1/org-units").status, 200);
}

TEST(Passwords, StoredAsArgon2idWithUniqueSalts) {
  TestServer s;
  auto rs = db::query(s.pool(), "SELECT password_hash FROM users");
  ASSERT_GE(rs.rows.size(), 20u);
  std::set<std::string> salts;
  for (const auto& r : rs.rows) {
    const std::string h = r.text("password_hash");
    EXPECT_TRUE(h.starts_with("$argon2id$")) << h;
    // $argon2id$v=19$m=..,t=..,p=1$SALT$HASH
    auto last = h.rfind('$');
    auto prev = h.rfind('$', last - 1);
    salts.insert(h.substr(prev + 1, last - prev - 1));
  }
  EXPECT_EQ(salts.size(), rs.rows.size()) << "salts repeat (all users share the seed password)";
}

}  // namespace
}  // namespace minsheng::testing

namespace minsheng::testing {
namespace {

// SECURITY.md §2 "dormant disabled after 90 d": refused like a locked account until unlocked.
TEST(Auth, DormantAccountRefusedUntilUnlocked) {
  TestServer s;
  Client c = s.client();
  const auto wrong = c.login("village.a", "Wrong-Pass-2024!x");
  s.clock().advance(std::chrono::hours(24 * 89));
  EXPECT_EQ(c.login("village.a", kSeedPassword).status, 200) << "89 days: still active";
  s.clock().advance(std::chrono::hours(24 * 90));
  auto refused = c.login("village.a", kSeedPassword);
  EXPECT_EQ(refused.status, 401) << "90 days without a login";
  EXPECT_EQ(refused.json().at("error").at("message"), wrong.json().at("error").at("message"));
  {
    // The security administrator unlocks (here through the service, as `minsheng user unlock` does).
    db::Tx tx(s.pool());
    auto audit = app::cli_auditor(s.app().services(), "test");
    ASSERT_TRUE(platform::set_locked(tx, audit, s.seed().users.at("village_a"), false, "reactivate").ok());
    tx.commit();
  }
  EXPECT_EQ(c.login("village.a", kSeedPassword).status, 200) << "unlock reactivates";
  auto rows = db::query(s.pool(),
                        "SELECT reason FROM audit_log WHERE action = 'auth.login' AND result = 'failed' "
                        "AND reason = 'dormant account'");
  EXPECT_EQ(rows.rows.size(), 1u);
}

// A refused write is audited with its result: invalid input as failed (field names, not values), a missing
// or out-of-scope target as denied.
TEST(Auth, RefusedWritesAreAudited) {
  TestServer s;
  Client c = signed_in(s, "sysadmin");
  auto bad = c.post("/api/v1/users", json::object{{"username", "x"},
                                                  {"displayName", "甲"},
                                                  {"role", "village"},
                                                  {"orgUnitId", s.seed().units.at("VA")},
                                                  {"secret", "v4lue"}});
  EXPECT_EQ(bad.status, 400);
  auto missing =
      c.put("/api/v1/users/99999999",
            json::object{{"displayName", "乙"}, {"role", "village"}, {"orgUnitId", s.seed().units.at("VA")}});
  EXPECT_EQ(missing.status, 404);
  auto failed =
      db::query(s.pool(), "SELECT reason FROM audit_log WHERE action = 'user.create' AND result = 'failed'");
  ASSERT_EQ(failed.rows.size(), 1u);
  EXPECT_NE(failed.first().text("reason").find("secret"), std::string::npos);
  EXPECT_EQ(failed.first().text("reason").find("v4lue"), std::string::npos);
  auto denied = db::query(
      s.pool(), "SELECT entity_id FROM audit_log WHERE action = 'user.update' AND result = 'denied'");
  ASSERT_EQ(denied.rows.size(), 1u);
  EXPECT_EQ(denied.first().text("entity_id"), "99999999");
}

}  // namespace
}  // namespace minsheng::testing
