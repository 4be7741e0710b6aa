#include <boost/json.hpp>

#include "core/messages.hpp"
#include "platform/json_util.hpp"
#include "platform/platform_routes.hpp"
#include "platform/sessions.hpp"
#include "platform/users.hpp"

namespace minsheng::platform {
namespace {

boost::json::array permissions_of(Role role) {
  boost::json::array out;
  for (auto p : all_permissions())
    if (role_has(role, p)) out.emplace_back(permission_code(p));
  return out;
}

boost::json::object session_json(db::Connection& conn, const Principal& p, const std::string& csrf,
                                 TimePoint now) {
  boost::json::object o;
  o["user"] = *user_json(conn, p.user_id, now);
  o["csrfToken"] = csrf;
  o["mustChangePassword"] = p.must_change_password;
  o["permissions"] = permissions_of(p.role);
  o["scope"] = p.scope == ScopeKind::All ? "all" : p.scope == ScopeKind::Subtree ? "subtree" : "own";
  return o;
}

http::Response login(RequestContext& ctx) {
  auto form = ctx.json_form();
  auto username = form->string("username", {.required = true, .max_chars = 64});
  auto password = form->string("password", {.required = true, .max_chars = 1024, .trim = false});
  unwrap(form->finish());
  const auto& sec = ctx.app.config.security;
  const TimePoint now = ctx.now();
  const std::string& ip = ctx.req.remote_addr;
  if (ctx.app.login_throttle.blocked(ip, now, sec.ip_failures_per_10min)) {
    ctx.audit_alone({.action = "auth.login",
                     .entity = "user",
                     .result = "denied",
                     .reason = "too many failures from ip"});
    fail(ErrorCode::TooManyRequests, "auth.too_many_attempts");
  }

  db::ResultSet rs;
  {
    auto lease = ctx.app.pool.acquire();  // given back before the argon2id work and the write below
    rs = lease->query(
        "SELECT id, role, password_hash, locked, locked_until, failed_attempts, org_unit_id, activity_at "
        "FROM users "
        "WHERE username = $1",
        {*username});
  }
  bool ok = false;
  std::string why;
  std::optional<std::int64_t> user_id;
  bool locked_now = false;
  if (rs.empty()) {
    ctx.app.hasher.verify(ctx.app.hasher.dummy_hash(), *password);  // same work for unknown users
    why = "unknown user";
  } else {
    const auto& r = rs.first();
    user_id = r.int64("id");
    const bool password_ok = ctx.app.hasher.verify(r.text("password_hash"), *password);
    auto until = r.opt_text("locked_until");
    locked_now = r.boolean("locked") || (until && parse_iso_utc(*until) && *parse_iso_utc(*until) > now);
    // Dormant accounts (no login for dormant_days) are refused like locked ones until unlocked.
    auto activity = parse_iso_utc(r.text("activity_at"));
    const bool dormant =
        sec.dormant_days > 0 && (!activity || now - *activity >= std::chrono::hours(24) * sec.dormant_days);
    ok = password_ok && !locked_now && !dormant;
    why = locked_now ? "account locked" : dormant ? "dormant account" : password_ok ? "" : "wrong password";
    locked_now = locked_now || dormant;
  }

  AuditActor who = ctx.actor();
  who.user_id = user_id;
  who.username = username->substr(0, 64);
  if (!rs.empty()) who.role = rs.first().text("role");
  if (!ok) {
    ctx.app.login_throttle.record_failure(ip, now);
    db::Tx tx(ctx.app.pool);
    if (user_id && !locked_now) {
      auto f = tx.query(
          "UPDATE users SET failed_attempts = failed_attempts + 1 WHERE id = $1 RETURNING failed_attempts",
          {*user_id});
      if (f.first().int64("failed_attempts") >= sec.lockout_failures) {
        tx.query("UPDATE users SET failed_attempts = 0, locked_until = $1 WHERE id = $2",
                 {iso_utc(now + std::chrono::minutes(sec.lockout_minutes)), *user_id});
        why += "; locked for " + std::to_string(sec.lockout_minutes) + " minutes";
      }
    }
    append_audit(tx, ctx.app.keys.audit, now, who,
                 {.action = "auth.login",
                  .entity = "user",
                  .entity_id = user_id ? std::to_string(*user_id) : "",
                  .result = "failed",
                  .reason = why});
    tx.commit();
    fail(ErrorCode::Unauthenticated, "auth.bad_credentials");
  }

  // Rotation: a session presented at login is ended; the new one has a new token. Looked up before the write
  // transaction: authenticate() may write on another connection, which would wait on our own write lock.
  auto old = authenticate(ctx.app.pool, ctx.req, now, sec);
  db::Tx tx(ctx.app.pool);
  if (old.principal) revoke_session(tx, old.principal->session_id);
  NewSession s =
      create_session(tx, *user_id, now, sec, ip, std::string(ctx.req.header("user-agent").value_or("")));
  tx.query(
      "UPDATE users SET failed_attempts = 0, locked_until = NULL, last_login_at = $1, activity_at = $1 WHERE "
      "id = $2",
      {iso_utc(now), *user_id});
  append_audit(tx, ctx.app.keys.audit, now, who,
               {.action = "auth.login",
                .entity = "user",
                .entity_id = std::to_string(*user_id),
                .org_unit_id = rs.first().int64("org_unit_id")});
  auto principal = *load_principal(tx.conn(), *user_id, now, sec);
  auto body = session_json(tx.conn(), principal, s.csrf_token, now);
  tx.commit();
  auto res = ctx.json(200, body);
  res.headers.emplace_back("set-cookie", session_cookie(sec, s.token));
  return res;
}

http::Response logout(RequestContext& ctx) {
  unwrap(ctx.json_form()->finish());  // no fields: an unknown field or a wrong content type is refused
  db::Tx tx(ctx.app.pool);
  revoke_session(tx, ctx.user().session_id);
  ctx.audit(tx, {.entity = "user", .entity_id = std::to_string(ctx.user().user_id)});
  tx.commit();
  auto res = ctx.json(200, boost::json::object{{"ok", true}});
  res.headers.emplace_back("set-cookie", clear_session_cookie(ctx.app.config.security));
  return res;
}

http::Response me(RequestContext& ctx) {
  auto lease = ctx.app.pool.acquire();
  return ctx.json(200, session_json(*lease, ctx.user(), ctx.user().csrf_token, ctx.now()));
}

http::Response change_password(RequestContext& ctx) {
  auto form = ctx.json_form();
  auto current = form->string("currentPassword", {.required = true, .max_chars = 1024, .trim = false});
  auto next = form->string("newPassword", {.required = true, .max_chars = 1024, .trim = false});
  unwrap(form->finish());
  const auto& p = ctx.user();
  std::string hash;
  {
    auto lease = ctx.app.pool.acquire();
    hash = lease->query("SELECT password_hash FROM users WHERE id = $1", {p.user_id})
               .first()
               .text("password_hash");
  }
  if (!ctx.app.hasher.verify(hash, *current))
    fail(Error::field(ErrorCode::InvalidArgument, "currentPassword",
                      std::string(messages::text("auth.wrong_current_password"))));
  if (*current == *next)
    fail(Error::field(ErrorCode::InvalidArgument, "newPassword",
                      std::string(messages::text("password.same_as_old"))));
  db::Tx tx(ctx.app.pool);
  unwrap(set_password(tx, ctx.auditor(), ctx.app.config.security, ctx.app.hasher, p.user_id, *next, false,
                      "newPassword", p.session_id, "auth.password"));
  tx.commit();
  return ctx.json(200, boost::json::object{{"ok", true}});
}

}  // namespace

RouteTable auth_routes() {
  using http::Method;
  return {
      {Method::Post, "/api/v1/auth/login", Permission::Public, ScopeRule::None, "auth.login", login,
       CsrfRule::LoginOnly},
      {Method::Post, "/api/v1/auth/logout", Permission::Authenticated, ScopeRule::None, "auth.logout",
       logout},
      {Method::Get, "/api/v1/auth/me", Permission::Authenticated, ScopeRule::None, "", me},
      {Method::Post, "/api/v1/auth/password", Permission::Authenticated, ScopeRule::None, "auth.password",
       change_password},
  };
}

}  // namespace minsheng::platform
