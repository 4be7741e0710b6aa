#include "platform/users.hpp"

#include <boost/json.hpp>

#include "core/messages.hpp"
#include "platform/json_util.hpp"
#include "platform/org_units.hpp"
#include "platform/sessions.hpp"

namespace minsheng::platform {

const std::string_view kUserSelect =
    "SELECT u.id, u.username, u.display_name, u.role, u.org_unit_id, u.must_change_password, u.locked, "
    "u.locked_until, u.failed_attempts, u.last_login_at, u.activity_at, u.created_at, u.updated_at, "
    "u.is_demo, "
    "ou.name AS org_unit_name, ou.path AS org_unit_path "
    "FROM users u JOIN org_units ou ON ou.id = u.org_unit_id";

namespace {

Error field_error(const char* field, std::string message) {
  return Error::field(ErrorCode::InvalidArgument, field, std::move(message));
}

std::string snapshot(db::Connection& conn, std::int64_t id, TimePoint now) {
  auto j = user_json(conn, id, now);
  return j ? boost::json::serialize(*j) : std::string();
}

Status check_unit(db::Tx& tx, Role role, std::int64_t org_unit_id) {
  auto unit = find_org_unit(tx.conn(), org_unit_id);
  if (!unit) return field_error("orgUnitId", messages::for_field("field.not_found", "orgUnitId"));
  if (!role_fits_unit(role, unit->kind))
    return field_error("orgUnitId", std::string(messages::text("user.role_unit")));
  return {};
}

}  // namespace

bool valid_username(std::string_view u) {
  if (u.size() < 3 || u.size() > 32 || !(u[0] >= 'a' && u[0] <= 'z')) return false;
  for (char c : u)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-')) return false;
  return true;
}

bool role_fits_unit(Role role, std::string_view kind) {
  switch (role) {
    case Role::Sysadmin:
    case Role::Secadmin:
    case Role::Auditor:
      return true;
    case Role::Office:
    case Role::Leader:
      return kind == "town" || kind == "department";
    case Role::Dept:
      return kind == "department";
    case Role::Village:
      return kind == "village" || kind == "community";
    case Role::County:
      return kind == "county" || kind == "department" || kind == "city" || kind == "province";
  }
  return false;
}

Result<std::int64_t> create_user(db::Tx& tx, const Auditor& audit, const SecurityConfig& cfg,
                                 PasswordHasher& hasher, const UserInput& in, const std::string& password,
                                 bool must_change, bool is_demo) {
  if (!valid_username(in.username))
    return field_error("username", messages::for_field("field.username_rule", "username"));
  if (find_user_id(tx.conn(), in.username))
    return field_error("username", messages::for_field("field.exists", "username"));
  if (auto s = check_unit(tx, in.role, in.org_unit_id); !s) return s.take_error();
  if (auto s = check_password_policy(password, in.username, cfg, "password"); !s) return s.take_error();
  const std::string now = iso_utc(audit.now);
  std::int64_t id = 0;
  try {
    auto rs = tx.query(
        "INSERT INTO users (username, display_name, role, org_unit_id, password_hash, password_changed_at, "
        "must_change_password, is_demo, created_at, updated_at, activity_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $6, $6, $6) RETURNING id",
        {in.username, in.display_name, std::string(role_code(in.role)), in.org_unit_id, hasher.hash(password),
         now, must_change, is_demo});
    id = rs.first().int64("id");
  } catch (const db::DbError& e) {
    if (e.kind() == db::DbError::Kind::UniqueViolation)
      return field_error("username", messages::for_field("field.exists", "username"));
    throw;
  }
  audit.write(tx, AuditEntry{.action = "user.create",
                             .entity = "user",
                             .entity_id = std::to_string(id),
                             .org_unit_id = in.org_unit_id,
                             .after_json = snapshot(tx.conn(), id, audit.now)});
  return id;
}

Status update_user(db::Tx& tx, const Auditor& audit, std::int64_t id, const std::string& display_name,
                   Role role, std::int64_t org_unit_id) {
  const std::string before = snapshot(tx.conn(), id, audit.now);
  if (before.empty()) return Error::make(ErrorCode::NotFound, "error.not_found");
  if (auto s = check_unit(tx, role, org_unit_id); !s) return s;
  tx.query("UPDATE users SET display_name = $1, role = $2, org_unit_id = $3, updated_at = $4 WHERE id = $5",
           {display_name, std::string(role_code(role)), org_unit_id, iso_utc(audit.now), id});
  // A changed role or unit changes what the account may see: its sessions start again.
  revoke_user_sessions(tx, id);
  audit.write(tx, AuditEntry{.action = "user.update",
                             .entity = "user",
                             .entity_id = std::to_string(id),
                             .org_unit_id = org_unit_id,
                             .before_json = before,
                             .after_json = snapshot(tx.conn(), id, audit.now)});
  return {};
}

Status set_password(db::Tx& tx, const Auditor& audit, const SecurityConfig& cfg, PasswordHasher& hasher,
                    std::int64_t id, const std::string& password, bool must_change, std::string_view field,
                    std::int64_t keep_session, std::string_view action) {
  auto rs = tx.query("SELECT username, org_unit_id FROM users WHERE id = $1", {id});
  if (rs.empty()) return Error::make(ErrorCode::NotFound, "error.not_found");
  if (auto s = check_password_policy(password, rs.first().text("username"), cfg, field); !s) return s;
  tx.query(
      "UPDATE users SET password_hash = $1, password_changed_at = $2, must_change_password = $3, "
      "failed_attempts = 0, "
      "locked_until = NULL, updated_at = $2 WHERE id = $4",
      {hasher.hash(password), iso_utc(audit.now), must_change, id});
  revoke_user_sessions(tx, id, keep_session);
  audit.write(tx, AuditEntry{.action = std::string(action),
                             .entity = "user",
                             .entity_id = std::to_string(id),
                             .org_unit_id = rs.first().int64("org_unit_id"),
                             .after_json = must_change ? R"({"mustChangePassword":true})"
                                                       : R"({"mustChangePassword":false})"});
  return {};
}

Status set_locked(db::Tx& tx, const Auditor& audit, std::int64_t id, bool locked, const std::string& reason) {
  const std::string before = snapshot(tx.conn(), id, audit.now);
  if (before.empty()) return Error::make(ErrorCode::NotFound, "error.not_found");
  if (locked) {
    tx.query("UPDATE users SET locked = 1, updated_at = $1 WHERE id = $2", {iso_utc(audit.now), id});
    revoke_user_sessions(tx, id);
  } else {
    tx.query(
        "UPDATE users SET locked = 0, failed_attempts = 0, locked_until = NULL, updated_at = $1, activity_at "
        "= $1 "
        "WHERE id = $2",
        {iso_utc(audit.now), id});
  }
  auto unit = tx.query("SELECT org_unit_id FROM users WHERE id = $1", {id});
  audit.write(tx, AuditEntry{.action = locked ? "user.lock" : "user.unlock",
                             .entity = "user",
                             .entity_id = std::to_string(id),
                             .org_unit_id = unit.first().int64("org_unit_id"),
                             .reason = reason,
                             .before_json = before,
                             .after_json = snapshot(tx.conn(), id, audit.now)});
  return {};
}

std::optional<std::int64_t> find_user_id(db::Connection& conn, std::string_view username) {
  auto rs = conn.query("SELECT id FROM users WHERE username = $1", {username});
  if (rs.empty()) return std::nullopt;
  return rs.first().int64("id");
}

boost::json::object user_row_json(const db::Row& r, TimePoint now) {
  boost::json::object o;
  o["id"] = r.int64("id");
  o["username"] = r.text("username");
  o["displayName"] = r.text("display_name");
  o["role"] = r.text("role");
  auto role = parse_role(r.text("role"));
  o["roleLabel"] = role ? role_label(*role) : "";
  o["orgUnitId"] = r.int64("org_unit_id");
  o["orgUnitName"] = r.text("org_unit_name");
  o["mustChangePassword"] = r.boolean("must_change_password");
  auto locked_until = r.opt_text("locked_until");
  const bool lockout = locked_until && parse_iso_utc(*locked_until) && *parse_iso_utc(*locked_until) > now;
  o["locked"] = r.boolean("locked");
  o["lockedOut"] = lockout;
  o["lockedUntil"] = lockout ? time_json(*locked_until) : boost::json::value(nullptr);
  o["lastLoginAt"] = time_json(r.opt_text("last_login_at"));
  o["createdAt"] = time_json(r.text("created_at"));
  o["activityAt"] = time_json(r.text("activity_at"));
  o["isDemo"] = r.boolean("is_demo");
  return o;
}

std::optional<boost::json::object> user_json(db::Connection& conn, std::int64_t id, TimePoint now) {
  auto rs = conn.query(std::string(kUserSelect) + " WHERE u.id = $1", {id});
  if (rs.empty()) return std::nullopt;
  return user_row_json(rs.first(), now);
}

}  // namespace minsheng::platform
