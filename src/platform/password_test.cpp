#include "platform/password.hpp"

#include <gtest/gtest.h>

#include <set>

namespace minsheng::platform {
namespace {

SecurityConfig cfg() {
  return SecurityConfig{};
}

bool accepted(std::string_view pw, std::string_view user = "zhangsan") {
  return check_password_policy(pw, user, cfg(), "newPassword").ok();
}

// SECURITY.md T8: >= 40 password cases.
TEST(PasswordPolicy, Lengths) {
  EXPECT_FALSE(accepted("Abcdefgh12!"));                  // 11
  EXPECT_TRUE(accepted("Abcdefgh12!x"));                  // 12
  EXPECT_TRUE(accepted(std::string(61, 'k') + "Ab1"));    // 64
  EXPECT_TRUE(accepted(std::string(125, 'k') + "Ab1"));   // 128
  EXPECT_FALSE(accepted(std::string(126, 'k') + "Ab1"));  // 129
  EXPECT_FALSE(accepted(""));
}

TEST(PasswordPolicy, LengthCountsCharactersNotBytes) {
  // 8 CJK characters are 24 bytes but 8 characters: too short alone.
  EXPECT_FALSE(accepted("长城长城长城长城"));
  // SECURITY.md's own example: 12 characters, upper + lower + digit + other.
  EXPECT_TRUE(accepted("长城长城长城长城Aa1!"));
  EXPECT_TRUE(accepted("民生工程宣传工作很重要Ab"));  // CJK counts as "other": 3 classes
}

TEST(PasswordPolicy, Classes) {
  EXPECT_FALSE(accepted("abcdefghijkl"));  // 1 class
  EXPECT_FALSE(accepted("abcdefghijk1"));  // 2 classes
  EXPECT_FALSE(accepted("ABCDEFGHIJK1"));  // 2 classes
  EXPECT_FALSE(accepted("abcdef!@#$%^"));  // 2 classes
  EXPECT_FALSE(accepted("123456789012"));  // 1 class
  EXPECT_TRUE(accepted("abcdefghij1K"));   // 3 classes
  EXPECT_TRUE(accepted("abcdefghij1!"));   // 3 classes
  EXPECT_TRUE(accepted("ABCDEFGHIJ1!"));   // 3 classes
  EXPECT_TRUE(accepted("Xk9!mQ2@vR7#"));   // 4 classes
}

TEST(PasswordPolicy, Blocklist) {
  EXPECT_GT(blocklist_size(), 10000u);
  for (auto pw : {"Aa123456", "woaini1314", "qq123456", "Password@123", "password@123", "PASSWORD@123",
                  "Admin@123456", "1qaz2wsx3edc", "Qwertyuiop123", "Woaini5201314", "Zhang123456789",
                  "Abc123456789", "P@ssw0rd123", "Huawei@123", "Welcome@123", "Minsheng2020!"}) {
    EXPECT_TRUE(is_common_password(pw)) << pw;
  }
  EXPECT_FALSE(accepted("Password@123"));
  EXPECT_FALSE(accepted("Admin@123456"));
  EXPECT_FALSE(is_common_password("Tq8-rural-toilet-2026"));
}

TEST(PasswordPolicy, MustNotContainTheUsername) {
  EXPECT_FALSE(accepted("Zhangsan-2026!", "zhangsan"));
  EXPECT_FALSE(accepted("xxZHANGSANxx9", "zhangsan"));
  EXPECT_TRUE(accepted("Lisi-2026-abc!", "zhangsan"));
}

TEST(PasswordPolicy, NoTruncationLongPasswordsDifferLate) {
  PasswordHasher h(64, 1, 1);
  std::string a = std::string(89, 'a') + "Bc1!" + std::string(7, 'z');
  std::string b = a;
  b[90] = 'Q';  // differs at character 90 of 100
  ASSERT_EQ(a.size(), 100u);
  auto hash = h.hash(a);
  EXPECT_TRUE(h.verify(hash, a));
  EXPECT_FALSE(h.verify(hash, b));
}

TEST(PasswordPolicy, ErrorsNameTheFieldInChinese) {
  auto s = check_password_policy("short", "u", cfg(), "newPassword");
  ASSERT_FALSE(s.ok());
  ASSERT_EQ(s.error().fields.size(), 1u);
  EXPECT_EQ(s.error().fields[0].field, "newPassword");
  EXPECT_EQ(s.error().fields[0].message, "密码不能少于12个字符");
}

TEST(PasswordHasher, Argon2idWithUniqueSalts) {
  PasswordHasher h(64, 1, 2);
  std::set<std::string> hashes;
  for (int i = 0; i < 5; ++i)
    hashes.insert(h.hash("Same-Password-1"));
  EXPECT_EQ(hashes.size(), 5u);
  for (const auto& x : hashes) {
    EXPECT_TRUE(x.starts_with("$argon2id$")) << x;
    EXPECT_TRUE(h.verify(x, "Same-Password-1"));
    EXPECT_FALSE(h.verify(x, "Same-Password-2"));
  }
  EXPECT_FALSE(h.verify("not a hash", "x"));
  EXPECT_FALSE(h.verify(h.dummy_hash(), ""));
}

TEST(PasswordHasher, ProductionDefaultsMeetTheBaseline) {
  SecurityConfig c;
  EXPECT_GE(c.argon2_memory_kib, 19u * 1024);
  EXPECT_GE(c.argon2_iterations, 2u);
  PasswordHasher weak(64, 1, 1);
  PasswordHasher strong(c.argon2_memory_kib, c.argon2_iterations, 1);
  auto old = weak.hash("Upgrade-Me-2026");
  EXPECT_TRUE(strong.needs_rehash(old));
  EXPECT_NE(strong.hash("x").find("m=19456,t=2"), std::string::npos);
}

TEST(GeneratedPasswords, MeetThePolicyAndDiffer) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    auto p = generate_password();
    EXPECT_TRUE(check_password_policy(p, "admin", cfg()).ok()) << p;
    seen.insert(p);
  }
  EXPECT_EQ(seen.size(), 200u);
}

}  // namespace
}  // namespace minsheng::platform
