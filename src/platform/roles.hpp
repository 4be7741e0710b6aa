#pragma once
// Roles, permissions and data scopes (PRODUCT.md "Who uses it"; SECURITY.md 访问控制). Pure: no I/O.
#include <optional>
#include <span>
#include <string_view>

namespace minsheng::platform {

enum class Role { Sysadmin, Secadmin, Auditor, Office, Dept, Village, Leader, County };

std::optional<Role> parse_role(std::string_view code);
std::string_view role_code(Role r);
std::string_view role_label(Role r);  // Chinese name
std::span<const Role> all_roles();
// The three separate administrators (三员): system, security, audit.
bool is_admin_role(Role r);

enum class Permission {
  Public,         // anyone, no session
  Authenticated,  // any signed-in user (own account: me, logout, password)
  UserRead,
  UserWrite,  // create, edit, reset password
  UserLock,   // lock and unlock accounts
  OrgRead,
  OrgWrite,
  AuditRead,
  AuditExport,
  FileUpload,       // upload photos and documents (issue 3)
  FileRead,         // read files of units in scope
  ProjectRead,      // the project catalogue of the caller's town (issue 4)
  ProjectWrite,     // create, edit, delete, import and plan the catalogue (the town office)
  ProjectProgress,  // report progress (the office; a department for the projects it leads)
  // Information submissions (issue 5; /tmp contract "Permissions"): checked per item with the workflow.
  SubmissionRead,    // the office, leader, county, departments and villages (own unit / town / county)
  SubmissionWrite,   // authors: the office, departments and villages, for their own unit's items
  SubmissionReview,  // the office (return, approve, publish, unpublish, forward) and the leader (second
                     // level)
  SubmissionAdopt,   // county staff mark forwarded items adopted
  QuotaRead,         // the quota ledger, rules and settings (dept/village: own unit only)
  QuotaWrite,        // the office: quota rules and submission settings of its town
  // Circulars and assessment (issue 6).
  CircularRead,   // issued circulars: the office, leader and county (town); departments and villages only
                  // the circulars that list their unit
  CircularWrite,  // the office: drafts, prose, issue
  ScoreRead,      // scores, score rules and the annual scorecard: the office, leader and county
  ScoreWrite,     // the office: score rules and the awards shortlist thresholds
  // Signage and print (issue 7).
  SignRead,    // sign boards, windows, leaflets and print runs of the town: every business role
  SignWrite,   // sign records and leaflets: the office; a department for the projects it leads (checked per
               // project, like project:progress)
  PrintWrite,  // windows, window checks, print runs and distributions: the office, departments and villages
               // (their own unit's, checked per record)
};

std::string_view permission_code(Permission p);
// Every permission except Public and Authenticated (what /api/v1/auth/me lists per role).
std::span<const Permission> all_permissions();
bool role_has(Role r, Permission p);

// How far a role's data reaches: its own unit, the subtree of its anchor unit, or everything.
enum class ScopeKind { Own, Subtree, All };
ScopeKind role_scope(Role r);
// Office and leader staff see their whole town (their anchor is the town, not their office's unit).
bool role_anchored_at_town(Role r);

}  // namespace minsheng::platform
