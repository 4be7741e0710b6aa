#pragma once
// Accounts: create, edit, passwords, locks. Used by the API and by `minsheng user ...` alike, so both audit.
#include <cstdint>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "core/config.hpp"
#include "core/result.hpp"
#include "db/db.hpp"
#include "platform/audit.hpp"
#include "platform/password.hpp"
#include "platform/roles.hpp"

namespace minsheng::platform {

struct UserInput {
  std::string username;
  std::string display_name;
  Role role = Role::Village;
  std::int64_t org_unit_id = 0;
};

// Username rule: 3-32 of a-z 0-9 _ . -, starting with a letter.
bool valid_username(std::string_view username);
// Which org unit kinds a role's account may belong to.
bool role_fits_unit(Role role, std::string_view unit_kind);

// Contracts: InvalidArgument with field errors for a bad username, taken username, unknown unit, a role that
// does not fit the unit, or a password against the policy. Audit actions: "user.create", "user.update",
// "user.password", "user.lock", "user.unlock".
Result<std::int64_t> create_user(db::Tx& tx, const Auditor& audit, const SecurityConfig& cfg,
                                 PasswordHasher& hasher, const UserInput& in, const std::string& password,
                                 bool must_change, bool is_demo);
Status update_user(db::Tx& tx, const Auditor& audit, std::int64_t id, const std::string& display_name,
                   Role role, std::int64_t org_unit_id);
// Sets a password after checking the policy (`field` names the input for errors) and revokes the user's
// sessions except `keep_session`.
Status set_password(db::Tx& tx, const Auditor& audit, const SecurityConfig& cfg, PasswordHasher& hasher,
                    std::int64_t id, const std::string& password, bool must_change, std::string_view field,
                    std::int64_t keep_session = 0, std::string_view action = "user.password");
// Locking revokes the user's sessions; unlocking also clears the failed-login lockout.
Status set_locked(db::Tx& tx, const Auditor& audit, std::int64_t id, bool locked, const std::string& reason);

std::optional<std::int64_t> find_user_id(db::Connection& conn, std::string_view username);
// The API view of a user (never the hash).
std::optional<boost::json::object> user_json(db::Connection& conn, std::int64_t id, TimePoint now);
boost::json::object user_row_json(const db::Row& r, TimePoint now);
// The SELECT list and FROM clause that user_row_json expects (alias u for users, ou for their unit).
extern const std::string_view kUserSelect;

}  // namespace minsheng::platform
