#pragma once
// Sessions (SECURITY.md "Sessions", T9): a 256-bit random token in an HttpOnly cookie, stored only as its
// SHA-256; rotated at login; idle (admin roles shorter) and absolute limits; revoked on logout, lock and
// password change.
#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "db/db.hpp"
#include "http/message.hpp"
#include "platform/principal.hpp"

namespace minsheng::platform {

struct NewSession {
  std::int64_t id = 0;
  std::string token;  // goes into the cookie only
  std::string csrf_token;
};

NewSession create_session(db::Tx& tx, std::int64_t user_id, TimePoint now, const SecurityConfig& cfg,
                          const std::string& ip, const std::string& user_agent);
void revoke_session(db::Tx& tx, std::int64_t session_id);
// Revokes every session of the user except `keep` (0: all).
void revoke_user_sessions(db::Tx& tx, std::int64_t user_id, std::int64_t keep = 0);

enum class SessionState { None, Valid, Expired };
struct SessionLookup {
  SessionState state = SessionState::None;
  std::optional<Principal> principal;
};

// Reads the session cookie, checks the limits, refreshes last-seen (at most once a minute) and loads the
// user.
SessionLookup authenticate(db::Pool& pool, const http::Request& req, TimePoint now,
                           const SecurityConfig& cfg);

std::string session_cookie_name(const SecurityConfig& cfg);
std::string session_cookie(const SecurityConfig& cfg, const std::string& token);
std::string clear_session_cookie(const SecurityConfig& cfg);

// Loads a user as a principal (no session fields); nullopt when the user does not exist.
std::optional<Principal> load_principal(db::Connection& conn, std::int64_t user_id, TimePoint now,
                                        const SecurityConfig& cfg);

}  // namespace minsheng::platform
