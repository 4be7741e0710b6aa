#include <boost/json.hpp>

#include "core/messages.hpp"
#include "platform/org_units.hpp"
#include "platform/platform_routes.hpp"
#include "platform/users.hpp"

namespace minsheng::platform {
namespace {

// The user's unit path when the user exists and is in the caller's scope; else 404 (no hint that it exists).
std::int64_t require_user_in_scope(RequestContext& ctx, db::Connection& conn, std::int64_t id) {
  auto rs = conn.query(
      "SELECT ou.path FROM users u JOIN org_units ou ON ou.id = u.org_unit_id WHERE u.id = $1", {id});
  if (rs.empty() || !in_scope(ctx.user(), rs.first().text("path")))
    fail(ErrorCode::NotFound, "error.not_found");
  return id;
}

void require_unit_in_scope(RequestContext& ctx, db::Connection& conn, std::int64_t unit_id,
                           const char* field) {
  auto unit = find_org_unit(conn, unit_id);
  if (!unit || !in_scope(ctx.user(), unit->path))
    fail(Error::field(ErrorCode::InvalidArgument, field, messages::for_field("field.not_found", field)));
}

Role read_role(http::parse::FormReader& f, bool required) {
  auto code = f.one_of(
      "role", {"sysadmin", "secadmin", "auditor", "office", "dept", "village", "leader", "county"}, required);
  return code ? *parse_role(*code) : Role::Village;
}

http::Response list_users(RequestContext& ctx) {
  auto q = ctx.query_form();
  const auto page_num = q->page_num();
  const auto page_size = q->page_size();
  auto keyword = q->string("keyword", {.max_chars = 64});
  auto role =
      q->one_of("role", {"sysadmin", "secadmin", "auditor", "office", "dept", "village", "leader", "county"});
  auto unit_id = q->integer("orgUnitId", {.min = 1});
  auto locked = q->boolean("locked");
  unwrap(q->finish());

  SqlBuilder where(" WHERE ");
  where += scope_condition(ctx.user(), where, "u.org_unit_id", "ou.path");
  if (keyword && !keyword->empty()) {
    const std::string k = where.bind(like_contains(*keyword));
    where += " AND (u.username LIKE " + k + " ESCAPE '\\' OR u.display_name LIKE " + k + " ESCAPE '\\')";
  }
  if (role) where += " AND u.role = " + where.bind(*role);
  if (unit_id) {
    // The unit and everything under it.
    where += " AND ou.path LIKE (SELECT path FROM org_units WHERE id = " + where.bind(*unit_id) + ") || '%'";
  }
  if (locked) where += std::string(" AND u.locked = ") + (*locked ? "1" : "0");

  auto lease = ctx.app.pool.acquire();
  auto total = lease->query(
      "SELECT COUNT(*) AS n FROM users u JOIN org_units ou ON ou.id = u.org_unit_id" + where.sql(),
      where.params());
  SqlBuilder page = where;
  const std::string limit = page.bind(page_size);
  const std::string offset = page.bind((page_num - 1) * page_size);
  auto rs = lease->query(
      std::string(kUserSelect) + page.sql() + " ORDER BY u.id LIMIT " + limit + " OFFSET " + offset,
      page.params());
  boost::json::array rows;
  for (const auto& r : rs.rows)
    rows.push_back(user_row_json(r, ctx.now()));
  return ctx.json(200, boost::json::object{{"rows", std::move(rows)}, {"total", total.first().int64("n")}});
}

http::Response get_user(RequestContext& ctx) {
  auto lease = ctx.app.pool.acquire();
  const auto id = require_user_in_scope(ctx, *lease, ctx.id_param());
  return ctx.json(200, *user_json(*lease, id, ctx.now()));
}

http::Response create(RequestContext& ctx) {
  auto f = ctx.json_form();
  UserInput in;
  auto username = f->string("username", {.required = true, .max_chars = 32});
  auto display_name = f->string("displayName", {.required = true, .min_chars = 1, .max_chars = 32});
  in.role = read_role(*f, true);
  auto unit = f->integer("orgUnitId", {.required = true, .min = 1});
  auto password = f->string("password", {.max_chars = 1024, .trim = false});
  unwrap(f->finish());
  in.username = *username;
  in.display_name = *display_name;
  in.org_unit_id = *unit;
  const bool generated = !password || password->empty();
  const std::string initial = generated ? generate_password() : *password;

  db::Tx tx(ctx.app.pool);
  require_unit_in_scope(ctx, tx.conn(), in.org_unit_id, "orgUnitId");
  const auto id = unwrap(create_user(tx, ctx.auditor(), ctx.app.config.security, ctx.app.hasher, in, initial,
                                     /*must_change=*/true, /*is_demo=*/false));
  auto body = *user_json(tx.conn(), id, ctx.now());
  tx.commit();
  if (generated) body["initialPassword"] = initial;  // shown once, never stored in clear
  return ctx.json(201, body);
}

http::Response update(RequestContext& ctx) {
  auto f = ctx.json_form();
  auto display_name = f->string("displayName", {.required = true, .min_chars = 1, .max_chars = 32});
  Role role = read_role(*f, true);
  auto unit = f->integer("orgUnitId", {.required = true, .min = 1});
  unwrap(f->finish());
  db::Tx tx(ctx.app.pool);
  const auto id = require_user_in_scope(ctx, tx.conn(), ctx.id_param());
  require_unit_in_scope(ctx, tx.conn(), *unit, "orgUnitId");
  if (id == ctx.user().user_id && role != ctx.user().role)
    fail(Error::field(ErrorCode::InvalidArgument, "role",
                      std::string(messages::text("user.cannot_change_own_role"))));
  unwrap(update_user(tx, ctx.auditor(), id, *display_name, role, *unit));
  auto body = *user_json(tx.conn(), id, ctx.now());
  tx.commit();
  return ctx.json(200, body);
}

http::Response lock_or_unlock(RequestContext& ctx, bool lock) {
  auto f = ctx.json_form();
  auto reason = f->string("reason", {.max_chars = 200});
  unwrap(f->finish());
  db::Tx tx(ctx.app.pool);
  const auto id = require_user_in_scope(ctx, tx.conn(), ctx.id_param());
  if (lock && id == ctx.user().user_id)
    fail(
        Error::field(ErrorCode::InvalidArgument, "id", std::string(messages::text("user.cannot_lock_self"))));
  unwrap(set_locked(tx, ctx.auditor(), id, lock, reason.value_or("")));
  auto body = *user_json(tx.conn(), id, ctx.now());
  tx.commit();
  return ctx.json(200, body);
}

http::Response reset_password(RequestContext& ctx) {
  auto f = ctx.json_form();
  unwrap(f->finish());
  db::Tx tx(ctx.app.pool);
  const auto id = require_user_in_scope(ctx, tx.conn(), ctx.id_param());
  const std::string password = generate_password();
  unwrap(set_password(tx, ctx.auditor(), ctx.app.config.security, ctx.app.hasher, id, password, true,
                      "password", 0, "user.reset_password"));
  tx.commit();
  return ctx.json(
      200, boost::json::object{{"id", id}, {"initialPassword", password}, {"mustChangePassword", true}});
}

}  // namespace

RouteTable user_routes() {
  using http::Method;
  return {
      {Method::Get, "/api/v1/users", Permission::UserRead, ScopeRule::OrgUnit, "", list_users},
      {Method::Post, "/api/v1/users", Permission::UserWrite, ScopeRule::OrgUnit, "user.create", create},
      {Method::Get, "/api/v1/users/{id}", Permission::UserRead, ScopeRule::OrgUnit, "", get_user},
      {Method::Put, "/api/v1/users/{id}", Permission::UserWrite, ScopeRule::OrgUnit, "user.update", update},
      {Method::Post, "/api/v1/users/{id}/lock", Permission::UserLock, ScopeRule::OrgUnit, "user.lock",
       [](RequestContext& c) { return lock_or_unlock(c, true); }},
      {Method::Post, "/api/v1/users/{id}/unlock", Permission::UserLock, ScopeRule::OrgUnit, "user.unlock",
       [](RequestContext& c) { return lock_or_unlock(c, false); }},
      {Method::Post, "/api/v1/users/{id}/reset-password", Permission::UserWrite, ScopeRule::OrgUnit,
       "user.reset_password", reset_password},
  };
}

}  // namespace minsheng::platform
