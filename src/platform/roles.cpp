#include "platform/roles.hpp"

#include <array>

namespace minsheng::platform {
namespace {

constexpr std::array kRoles = {Role::Sysadmin, Role::Secadmin, Role::Auditor, Role::Office,
                               Role::Dept,     Role::Village,  Role::Leader,  Role::County};

constexpr std::array kPermissions = {
    Permission::UserRead,        Permission::UserWrite,       Permission::UserLock,
    Permission::OrgRead,         Permission::OrgWrite,        Permission::AuditRead,
    Permission::AuditExport,     Permission::FileUpload,      Permission::FileRead,
    Permission::ProjectRead,     Permission::ProjectWrite,    Permission::ProjectProgress,
    Permission::SubmissionRead,  Permission::SubmissionWrite, Permission::SubmissionReview,
    Permission::SubmissionAdopt, Permission::QuotaRead,       Permission::QuotaWrite,
    Permission::CircularRead,    Permission::CircularWrite,   Permission::ScoreRead,
    Permission::ScoreWrite,      Permission::SignRead,        Permission::SignWrite,
    Permission::PrintWrite};

}  // namespace

std::span<const Permission> all_permissions() {
  return kPermissions;
}

std::span<const Role> all_roles() {
  return kRoles;
}

std::optional<Role> parse_role(std::string_view code) {
  for (Role r : kRoles)
    if (role_code(r) == code) return r;
  return std::nullopt;
}

std::string_view role_code(Role r) {
  switch (r) {
    case Role::Sysadmin:
      return "sysadmin";
    case Role::Secadmin:
      return "secadmin";
    case Role::Auditor:
      return "auditor";
    case Role::Office:
      return "office";
    case Role::Dept:
      return "dept";
    case Role::Village:
      return "village";
    case Role::Leader:
      return "leader";
    case Role::County:
      return "county";
  }
  return "";
}

std::string_view role_label(Role r) {
  switch (r) {
    case Role::Sysadmin:
      return "系统管理员";
    case Role::Secadmin:
      return "安全管理员";
    case Role::Auditor:
      return "审计管理员";
    case Role::Office:
      return "镇民生办";
    case Role::Dept:
      return "牵头部门";
    case Role::Village:
      return "村（社区）";
    case Role::Leader:
      return "镇领导";
    case Role::County:
      return "县民生办";
  }
  return "";
}

bool is_admin_role(Role r) {
  return r == Role::Sysadmin || r == Role::Secadmin || r == Role::Auditor;
}

std::string_view permission_code(Permission p) {
  switch (p) {
    case Permission::Public:
      return "public";
    case Permission::Authenticated:
      return "authenticated";
    case Permission::UserRead:
      return "user:read";
    case Permission::UserWrite:
      return "user:write";
    case Permission::UserLock:
      return "user:lock";
    case Permission::OrgRead:
      return "org:read";
    case Permission::OrgWrite:
      return "org:write";
    case Permission::AuditRead:
      return "audit:read";
    case Permission::AuditExport:
      return "audit:export";
    case Permission::FileUpload:
      return "file:upload";
    case Permission::FileRead:
      return "file:read";
    case Permission::ProjectRead:
      return "project:read";
    case Permission::ProjectWrite:
      return "project:write";
    case Permission::ProjectProgress:
      return "project:progress";
    case Permission::SubmissionRead:
      return "submission:read";
    case Permission::SubmissionWrite:
      return "submission:write";
    case Permission::SubmissionReview:
      return "submission:review";
    case Permission::SubmissionAdopt:
      return "submission:adopt";
    case Permission::QuotaRead:
      return "quota:read";
    case Permission::QuotaWrite:
      return "quota:write";
    case Permission::CircularRead:
      return "circular:read";
    case Permission::CircularWrite:
      return "circular:write";
    case Permission::ScoreRead:
      return "score:read";
    case Permission::ScoreWrite:
      return "score:write";
    case Permission::SignRead:
      return "sign:read";
    case Permission::SignWrite:
      return "sign:write";
    case Permission::PrintWrite:
      return "print:write";
  }
  return "";
}

// The grant table. Separation of duties: the system administrator manages accounts and the organisation but
// never reads the audit log or locks accounts; the security administrator locks and unlocks accounts and
// reads the user list, nothing else; the audit administrator reads the audit log only. No administrator
// uploads or reads files.
bool role_has(Role r, Permission p) {
  switch (p) {
    case Permission::Public:
    case Permission::Authenticated:
      return true;
    case Permission::UserRead:
      return r == Role::Sysadmin || r == Role::Secadmin || r == Role::Office;
    case Permission::UserWrite:
      return r == Role::Sysadmin;
    case Permission::UserLock:
      return r == Role::Secadmin;
    case Permission::OrgRead:
      return r != Role::Auditor && r != Role::Secadmin;
    case Permission::OrgWrite:
      return r == Role::Sysadmin;
    case Permission::AuditRead:
    case Permission::AuditExport:
      return r == Role::Auditor;
    // Files are business data: staff who do the publicity work upload; business roles read within their
    // scope; the three administrators neither.
    case Permission::FileUpload:
      return r == Role::Office || r == Role::Dept || r == Role::Village;
    case Permission::FileRead:
      return !is_admin_role(r);
    // The catalogue: every business role reads its town's projects; the office manages them; departments
    // report progress of the projects they lead (checked per project).
    case Permission::ProjectRead:
      return !is_admin_role(r);
    case Permission::ProjectWrite:
      return r == Role::Office;
    case Permission::ProjectProgress:
      return r == Role::Office || r == Role::Dept;
    // Submissions (issue 5): business roles read within their scope; authors write their own unit's items;
    // the office reviews and the leader gives the second-level approval; county staff mark adoption. The
    // three administrators never touch them.
    case Permission::SubmissionRead:
    case Permission::QuotaRead:
      return !is_admin_role(r);
    case Permission::SubmissionWrite:
      return r == Role::Office || r == Role::Dept || r == Role::Village;
    case Permission::SubmissionReview:
      return r == Role::Office || r == Role::Leader;
    case Permission::SubmissionAdopt:
      return r == Role::County;
    case Permission::QuotaWrite:
      return r == Role::Office;
    // Circulars and assessment (issue 6): the office compiles, issues and scores; the leader and the county
    // read; departments and villages read the circulars that name them (checked per circular).
    case Permission::CircularRead:
      return !is_admin_role(r);
    case Permission::CircularWrite:
    case Permission::ScoreWrite:
      return r == Role::Office;
    case Permission::ScoreRead:
      return r == Role::Office || r == Role::Leader || r == Role::County;
    // Signage and print (issue 7): every business role reads; the office and the lead departments keep the
    // sign records and leaflets; the units that print and hand out material record it.
    case Permission::SignRead:
      return !is_admin_role(r);
    case Permission::SignWrite:
      return r == Role::Office || r == Role::Dept;
    case Permission::PrintWrite:
      return r == Role::Office || r == Role::Dept || r == Role::Village;
  }
  return false;
}

ScopeKind role_scope(Role r) {
  switch (r) {
    case Role::Sysadmin:
    case Role::Secadmin:
    case Role::Auditor:
      return ScopeKind::All;
    case Role::Office:
    case Role::Leader:
    case Role::County:
      return ScopeKind::Subtree;
    case Role::Dept:
    case Role::Village:
      return ScopeKind::Own;
  }
  return ScopeKind::Own;
}

bool role_anchored_at_town(Role r) {
  return r == Role::Office || r == Role::Leader;
}

}  // namespace minsheng::platform
