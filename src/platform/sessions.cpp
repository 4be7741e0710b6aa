#include "platform/sessions.hpp"

#include "http/parse/query.hpp"
#include "platform/crypto.hpp"

namespace minsheng::platform {
namespace {

constexpr std::string_view kPrincipalColumns =
    "u.id AS user_id, u.username, u.display_name, u.role, u.org_unit_id, u.must_change_password, "
    "u.password_changed_at, u.locked, ou.name AS org_unit_name, ou.path AS unit_path, ou.town_id, "
    "t.path AS town_path";

Principal principal_from_row(const db::Row& r, TimePoint now, const SecurityConfig& cfg) {
  Principal p;
  p.user_id = r.int64("user_id");
  p.username = r.text("username");
  p.display_name = r.text("display_name");
  p.role = parse_role(r.text("role")).value_or(Role::Village);
  p.org_unit_id = r.int64("org_unit_id");
  p.org_unit_name = r.text("org_unit_name");
  p.scope = role_scope(p.role);
  p.anchor_id = p.org_unit_id;
  p.anchor_path = r.text("unit_path");
  if (role_anchored_at_town(p.role) && !r.is_null("town_id") && !r.is_null("town_path")) {
    p.anchor_id = r.int64("town_id");
    p.anchor_path = r.text("town_path");
  }
  p.must_change_password = r.boolean("must_change_password");
  if (cfg.password_max_age_days > 0) {
    auto changed = parse_iso_utc(r.text("password_changed_at"));
    if (!changed || now - *changed >= std::chrono::hours(24) * cfg.password_max_age_days)
      p.must_change_password = true;
  }
  return p;
}

}  // namespace

NewSession create_session(db::Tx& tx, std::int64_t user_id, TimePoint now, const SecurityConfig& cfg,
                          const std::string& ip, const std::string& user_agent) {
  NewSession s;
  s.token = random_token(32);
  s.csrf_token = random_token(32);
  const auto expires = now + std::chrono::hours(cfg.session_absolute_hours);
  auto rs = tx.query(
      "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, "
      "user_agent) "
      "VALUES ($1, $2, $3, $4, $4, $5, $6, $7) RETURNING id",
      {sha256_hex(s.token), user_id, s.csrf_token, iso_utc(now), iso_utc(expires), ip,
       user_agent.substr(0, 256)});
  s.id = rs.first().int64("id");
  return s;
}

void revoke_session(db::Tx& tx, std::int64_t session_id) {
  tx.query("DELETE FROM sessions WHERE id = $1", {session_id});
}

void revoke_user_sessions(db::Tx& tx, std::int64_t user_id, std::int64_t keep) {
  tx.query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2", {user_id, keep});
}

std::string session_cookie_name(const SecurityConfig& cfg) {
  return cfg.secure_cookies ? "__Host-minsheng_session" : "minsheng_session";
}

std::string session_cookie(const SecurityConfig& cfg, const std::string& token) {
  std::string c = session_cookie_name(cfg) + "=" + token + "; Path=/; HttpOnly; SameSite=Lax";
  if (cfg.secure_cookies) c += "; Secure";
  return c;
}

std::string clear_session_cookie(const SecurityConfig& cfg) {
  std::string c = session_cookie_name(cfg) + "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0";
  if (cfg.secure_cookies) c += "; Secure";
  return c;
}

SessionLookup authenticate(db::Pool& pool, const http::Request& req, TimePoint now,
                           const SecurityConfig& cfg) {
  SessionLookup out;
  auto cookie_header = req.header("cookie");
  if (!cookie_header) return out;
  const std::string name = session_cookie_name(cfg);
  std::string token;
  for (auto& [k, v] : http::parse::parse_cookies(*cookie_header))
    if (k == name) token = v;
  if (token.empty() || token.size() > 128) return out;

  auto lease = pool.acquire();
  auto rs = lease->query(
      "SELECT s.id AS session_id, s.csrf_token, s.last_seen_at, s.expires_at, " +
          std::string(kPrincipalColumns) +
          " FROM sessions s JOIN users u ON u.id = s.user_id JOIN org_units ou ON ou.id = u.org_unit_id "
          "LEFT JOIN org_units t ON t.id = ou.town_id WHERE s.token_hash = $1",
      {sha256_hex(token)});
  if (rs.empty()) return out;
  const auto& r = rs.first();
  const std::int64_t session_id = r.int64("session_id");
  auto role = parse_role(r.text("role")).value_or(Role::Village);
  const auto idle =
      std::chrono::minutes(is_admin_role(role) ? cfg.admin_session_idle_minutes : cfg.session_idle_minutes);
  auto last_seen = parse_iso_utc(r.text("last_seen_at"));
  auto expires = parse_iso_utc(r.text("expires_at"));
  if (!last_seen || !expires || now >= *expires || now - *last_seen >= idle || r.boolean("locked")) {
    lease->query("DELETE FROM sessions WHERE id = $1", {session_id});
    out.state = SessionState::Expired;
    return out;
  }
  if (now - *last_seen >= std::chrono::minutes(1))
    lease->query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2", {iso_utc(now), session_id});
  Principal p = principal_from_row(r, now, cfg);
  p.session_id = session_id;
  p.csrf_token = r.text("csrf_token");
  out.state = SessionState::Valid;
  out.principal = std::move(p);
  return out;
}

std::optional<Principal> load_principal(db::Connection& conn, std::int64_t user_id, TimePoint now,
                                        const SecurityConfig& cfg) {
  auto rs = conn.query("SELECT " + std::string(kPrincipalColumns) +
                           " FROM users u JOIN org_units ou ON ou.id = u.org_unit_id "
                           "LEFT JOIN org_units t ON t.id = ou.town_id WHERE u.id = $1",
                       {user_id});
  if (rs.empty()) return std::nullopt;
  return principal_from_row(rs.first(), now, cfg);
}

}  // namespace minsheng::platform
