#include "platform/roles.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "platform/principal.hpp"

namespace minsheng::platform {
namespace {

TEST(Roles, CodesRoundTrip) {
  for (Role r : all_roles())
    EXPECT_EQ(parse_role(role_code(r)), r);
  EXPECT_FALSE(parse_role("root"));
  EXPECT_FALSE(parse_role(""));
  EXPECT_EQ(all_roles().size(), 8u);
}

// 三员分立: no administrator can do another's job.
TEST(Roles, ThreeAdministratorsAreSeparate) {
  EXPECT_TRUE(role_has(Role::Sysadmin, Permission::UserWrite));
  EXPECT_FALSE(role_has(Role::Sysadmin, Permission::AuditRead));
  EXPECT_FALSE(role_has(Role::Sysadmin, Permission::UserLock));
  EXPECT_TRUE(role_has(Role::Secadmin, Permission::UserLock));
  EXPECT_FALSE(role_has(Role::Secadmin, Permission::UserWrite));
  EXPECT_FALSE(role_has(Role::Secadmin, Permission::AuditRead));
  EXPECT_FALSE(role_has(Role::Secadmin, Permission::OrgRead));
  EXPECT_TRUE(role_has(Role::Auditor, Permission::AuditRead));
  EXPECT_TRUE(role_has(Role::Auditor, Permission::AuditExport));
  for (auto p : {Permission::UserRead, Permission::UserWrite, Permission::UserLock, Permission::OrgRead,
                 Permission::OrgWrite})
    EXPECT_FALSE(role_has(Role::Auditor, p)) << permission_code(p);
  for (Role r : {Role::Sysadmin, Role::Secadmin, Role::Auditor})
    for (auto p : {Permission::FileUpload, Permission::FileRead})
      EXPECT_FALSE(role_has(r, p)) << role_code(r) << " " << permission_code(p);
}

TEST(Roles, StaffUploadFilesAndBusinessRolesReadThem) {
  for (Role r : {Role::Office, Role::Dept, Role::Village}) {
    EXPECT_TRUE(role_has(r, Permission::FileUpload)) << role_code(r);
    EXPECT_TRUE(role_has(r, Permission::FileRead)) << role_code(r);
  }
  for (Role r : {Role::Leader, Role::County}) {
    EXPECT_FALSE(role_has(r, Permission::FileUpload)) << role_code(r);
    EXPECT_TRUE(role_has(r, Permission::FileRead)) << role_code(r);
  }
  EXPECT_EQ(permission_code(Permission::FileUpload), "file:upload");
  EXPECT_EQ(permission_code(Permission::FileRead), "file:read");
}

TEST(Roles, BusinessRolesNeverAdministerOrAudit) {
  for (Role r : {Role::Office, Role::Dept, Role::Village, Role::Leader, Role::County}) {
    for (auto p : {Permission::UserWrite, Permission::UserLock, Permission::OrgWrite, Permission::AuditRead,
                   Permission::AuditExport})
      EXPECT_FALSE(role_has(r, p)) << role_code(r) << " " << permission_code(p);
  }
}

TEST(Roles, SubmissionPermissionsFollowTheContract) {
  using P = Permission;
  const std::map<P, std::set<Role>> grants = {
      {P::SubmissionRead, {Role::Office, Role::Leader, Role::County, Role::Dept, Role::Village}},
      {P::SubmissionWrite, {Role::Office, Role::Dept, Role::Village}},
      {P::SubmissionReview, {Role::Office, Role::Leader}},
      {P::SubmissionAdopt, {Role::County}},
      {P::QuotaRead, {Role::Office, Role::Leader, Role::County, Role::Dept, Role::Village}},
      {P::QuotaWrite, {Role::Office}},
  };
  for (const auto& [p, roles] : grants)
    for (Role r : all_roles())
      EXPECT_EQ(role_has(r, p), roles.count(r) > 0) << role_code(r) << " " << permission_code(p);
  EXPECT_EQ(permission_code(P::SubmissionRead), "submission:read");
  EXPECT_EQ(permission_code(P::SubmissionWrite), "submission:write");
  EXPECT_EQ(permission_code(P::SubmissionReview), "submission:review");
  EXPECT_EQ(permission_code(P::SubmissionAdopt), "submission:adopt");
  EXPECT_EQ(permission_code(P::QuotaRead), "quota:read");
  EXPECT_EQ(permission_code(P::QuotaWrite), "quota:write");
  // /auth/me lists them: every permission except Public/Authenticated is in all_permissions(), once.
  std::set<std::string_view> codes;
  for (P p : all_permissions()) {
    EXPECT_TRUE(codes.insert(permission_code(p)).second) << permission_code(p);
    EXPECT_NE(p, P::Public);
    EXPECT_NE(p, P::Authenticated);
  }
  for (P p : {P::SubmissionRead, P::SubmissionWrite, P::SubmissionReview, P::SubmissionAdopt, P::QuotaRead,
              P::QuotaWrite})
    EXPECT_TRUE(codes.count(permission_code(p))) << permission_code(p);
}

TEST(Roles, CircularAndScorePermissionsFollowTheContract) {
  using P = Permission;
  const std::map<P, std::set<Role>> grants = {
      {P::CircularRead, {Role::Office, Role::Leader, Role::County, Role::Dept, Role::Village}},
      {P::CircularWrite, {Role::Office}},
      {P::ScoreRead, {Role::Office, Role::Leader, Role::County}},
      {P::ScoreWrite, {Role::Office}},
  };
  for (const auto& [p, roles] : grants)
    for (Role r : all_roles())
      EXPECT_EQ(role_has(r, p), roles.count(r) > 0) << role_code(r) << " " << permission_code(p);
  std::set<std::string_view> codes;
  for (P p : all_permissions())
    codes.insert(permission_code(p));
  for (std::string_view c : {"circular:read", "circular:write", "score:read", "score:write"})
    EXPECT_TRUE(codes.count(c)) << c;
}

TEST(Roles, SignagePermissionsFollowTheContract) {
  using P = Permission;
  const std::map<P, std::set<Role>> grants = {
      {P::SignRead, {Role::Office, Role::Leader, Role::County, Role::Dept, Role::Village}},
      {P::SignWrite, {Role::Office, Role::Dept}},
      {P::PrintWrite, {Role::Office, Role::Dept, Role::Village}},
  };
  for (const auto& [p, roles] : grants)
    for (Role r : all_roles())
      EXPECT_EQ(role_has(r, p), roles.count(r) > 0) << role_code(r) << " " << permission_code(p);
  std::set<std::string_view> codes;
  for (P p : all_permissions())
    codes.insert(permission_code(p));
  for (std::string_view c : {"sign:read", "sign:write", "print:write"})
    EXPECT_TRUE(codes.count(c)) << c;
}

TEST(Scope, PredicateIsParameterisedAndPrefixSafe) {
  Principal p;
  p.scope = ScopeKind::Subtree;
  p.anchor_id = 2;
  p.anchor_path = "/1/2/";
  SqlBuilder b;
  auto cond = scope_condition(p, b, "u.org_unit_id", "ou.path");
  EXPECT_EQ(cond, "substr(ou.path, 1, $1) = $2");
  ASSERT_EQ(b.params().size(), 2u);
  EXPECT_EQ(std::get<std::string>(b.params()[1].value()), "/1/2/");
  EXPECT_TRUE(in_scope(p, "/1/2/"));
  EXPECT_TRUE(in_scope(p, "/1/2/7/"));
  EXPECT_FALSE(in_scope(p, "/1/23/"));  // a sibling whose id starts with the same digit
  EXPECT_FALSE(in_scope(p, "/1/"));

  p.scope = ScopeKind::Own;
  SqlBuilder b2;
  EXPECT_EQ(scope_condition(p, b2, "u.org_unit_id", "ou.path"), "u.org_unit_id = $1");
  EXPECT_FALSE(in_scope(p, "/1/2/7/"));
  p.scope = ScopeKind::All;
  SqlBuilder b3;
  EXPECT_EQ(scope_condition(p, b3, "x", "y"), "1=1");
  EXPECT_TRUE(b3.params().empty());
}

TEST(Scope, LikeContainsEscapesWildcards) {
  EXPECT_EQ(like_contains("a%b_c\\"), "%a\\%b\\_c\\\\%");
  EXPECT_EQ(like_contains("低保"), "%低保%");
}

}  // namespace
}  // namespace minsheng::platform
