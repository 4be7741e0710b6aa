#include <boost/json.hpp>

#include <algorithm>
#include <functional>
#include <map>

#include "core/messages.hpp"
#include "platform/org_units.hpp"
#include "platform/platform_routes.hpp"

namespace minsheng::platform {
namespace {

constexpr std::string_view kSelect =
    "SELECT ou.id, ou.parent_id, ou.kind, ou.name, ou.code, ou.path, ou.town_id, ou.sort_order, ou.is_demo "
    "FROM org_units ou";

OrgUnit require_in_scope(RequestContext& ctx, db::Connection& conn, std::int64_t id) {
  auto u = find_org_unit(conn, id);
  if (!u || !in_scope(ctx.user(), u->path)) fail(ErrorCode::NotFound, "error.not_found");
  return *u;
}

http::Response list_units(RequestContext& ctx) {
  auto q = ctx.query_form();
  const auto page_num = q->page_num();
  const auto page_size = q->page_size();
  auto parent = q->integer("parentId", {.min = 1});
  auto kind = q->one_of("kind", {"province", "city", "county", "town", "village", "community", "department"});
  auto keyword = q->string("keyword", {.max_chars = 64});
  unwrap(q->finish());
  SqlBuilder where(" WHERE ");
  where += scope_condition(ctx.user(), where, "ou.id", "ou.path");
  if (parent) where += " AND ou.parent_id = " + where.bind(*parent);
  if (kind) where += " AND ou.kind = " + where.bind(*kind);
  if (keyword && !keyword->empty())
    where += " AND ou.name LIKE " + where.bind(like_contains(*keyword)) + " ESCAPE '\\'";
  auto lease = ctx.app.pool.acquire();
  auto total = lease->query("SELECT COUNT(*) AS n FROM org_units ou" + where.sql(), where.params());
  SqlBuilder page = where;
  const std::string limit = page.bind(page_size);
  const std::string offset = page.bind((page_num - 1) * page_size);
  auto rs = lease->query(std::string(kSelect) + page.sql() +
                             " ORDER BY ou.path, ou.sort_order, ou.id LIMIT " + limit + " OFFSET " + offset,
                         page.params());
  boost::json::array rows;
  for (const auto& r : rs.rows)
    rows.push_back(org_unit_json(org_unit_from_row(r)));
  return ctx.json(200, boost::json::object{{"rows", std::move(rows)}, {"total", total.first().int64("n")}});
}

// The whole tree the caller may see, nested, siblings by sort order then name order of creation.
http::Response tree(RequestContext& ctx) {
  auto q = ctx.query_form();
  unwrap(q->finish());
  SqlBuilder where(" WHERE ");
  where += scope_condition(ctx.user(), where, "ou.id", "ou.path");
  auto lease = ctx.app.pool.acquire();
  auto rs =
      lease->query(std::string(kSelect) + where.sql() + " ORDER BY ou.sort_order, ou.id", where.params());
  std::map<std::int64_t, boost::json::object> nodes;
  std::vector<std::pair<std::int64_t, std::optional<std::int64_t>>> order;
  for (const auto& r : rs.rows) {
    auto u = org_unit_from_row(r);
    auto o = org_unit_json(u);
    o["children"] = boost::json::array();
    nodes.emplace(u.id, std::move(o));
    order.emplace_back(u.id, u.parent_id);
  }
  // Attach children deepest first so each node is complete before it is moved into its parent.
  std::sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
    return nodes[a.first]["path"].as_string().size() > nodes[b.first]["path"].as_string().size();
  });
  boost::json::array roots;
  std::vector<std::pair<std::int64_t, boost::json::object>> root_nodes;
  for (auto& [id, parent] : order) {
    if (parent && nodes.contains(*parent)) {
      nodes[*parent]["children"].as_array().push_back(std::move(nodes[id]));
    } else {
      root_nodes.emplace_back(id, std::move(nodes[id]));
    }
  }
  // Children were appended deepest-first per level; restore sort order within each parent.
  std::function<void(boost::json::object&)> sort_children = [&](boost::json::object& n) {
    auto& kids = n["children"].as_array();
    std::sort(kids.begin(), kids.end(), [](const boost::json::value& a, const boost::json::value& b) {
      auto ka = std::pair(a.at("sortOrder").as_int64(), a.at("id").as_int64());
      auto kb = std::pair(b.at("sortOrder").as_int64(), b.at("id").as_int64());
      return ka < kb;
    });
    for (auto& k : kids)
      sort_children(k.as_object());
  };
  std::sort(root_nodes.begin(), root_nodes.end(), [](const auto& a, const auto& b) {
    return std::pair(a.second.at("sortOrder").as_int64(), a.first) <
           std::pair(b.second.at("sortOrder").as_int64(), b.first);
  });
  for (auto& [id, n] : root_nodes) {
    sort_children(n);
    roots.push_back(std::move(n));
  }
  return ctx.json(200, boost::json::object{{"rows", std::move(roots)}});
}

http::Response get_unit(RequestContext& ctx) {
  auto lease = ctx.app.pool.acquire();
  return ctx.json(200, org_unit_json(require_in_scope(ctx, *lease, ctx.id_param())));
}

http::Response create(RequestContext& ctx) {
  auto f = ctx.json_form();
  OrgUnitInput in;
  auto parent = f->integer("parentId", {.min = 1});
  auto kind =
      f->one_of("kind", {"province", "city", "county", "town", "village", "community", "department"}, true);
  auto name = f->string("name", {.required = true, .min_chars = 1, .max_chars = 64});
  auto code = f->string("code", {.max_chars = 32});
  auto sort = f->integer("sortOrder", {.min = 0, .max = 1000000});
  unwrap(f->finish());
  in.parent_id = parent;
  in.kind = *kind;
  in.name = *name;
  if (code && !code->empty()) in.code = code;
  in.sort_order = sort.value_or(0);
  db::Tx tx(ctx.app.pool);
  if (in.parent_id)
    require_in_scope(ctx, tx.conn(), *in.parent_id);
  else if (ctx.user().scope != ScopeKind::All)
    fail(ErrorCode::PermissionDenied, "error.permission_denied");
  auto u = unwrap(create_org_unit(tx, ctx.auditor(), in));
  tx.commit();
  return ctx.json(201, org_unit_json(u));
}

http::Response update(RequestContext& ctx) {
  auto f = ctx.json_form();
  auto name = f->string("name", {.required = true, .min_chars = 1, .max_chars = 64});
  auto code = f->string("code", {.max_chars = 32});
  auto sort = f->integer("sortOrder", {.min = 0, .max = 1000000});
  unwrap(f->finish());
  db::Tx tx(ctx.app.pool);
  auto before = require_in_scope(ctx, tx.conn(), ctx.id_param());
  std::optional<std::string> c = code && !code->empty() ? code : std::nullopt;
  auto u = unwrap(update_org_unit(tx, ctx.auditor(), before.id, *name, c, sort.value_or(before.sort_order)));
  tx.commit();
  return ctx.json(200, org_unit_json(u));
}

http::Response move(RequestContext& ctx) {
  auto f = ctx.json_form();
  auto parent = f->integer("parentId", {.required = true, .min = 1});
  auto sort = f->integer("sortOrder", {.min = 0, .max = 1000000});
  unwrap(f->finish());
  db::Tx tx(ctx.app.pool);
  auto unit = require_in_scope(ctx, tx.conn(), ctx.id_param());
  auto target = find_org_unit(tx.conn(), *parent);
  if (!target || !in_scope(ctx.user(), target->path))
    fail(Error::field(ErrorCode::InvalidArgument, "parentId",
                      messages::for_field("field.not_found", "parentId")));
  auto u = unwrap(move_org_unit(tx, ctx.auditor(), unit.id, *parent, sort));
  tx.commit();
  return ctx.json(200, org_unit_json(u));
}

http::Response remove(RequestContext& ctx) {
  unwrap(ctx.json_form()->finish());  // no fields: an unknown field or a wrong content type is refused
  db::Tx tx(ctx.app.pool);
  auto unit = require_in_scope(ctx, tx.conn(), ctx.id_param());
  unwrap(delete_org_unit(tx, ctx.auditor(), unit.id));
  tx.commit();
  return ctx.json(200, boost::json::object{{"ok", true}});
}

}  // namespace

RouteTable org_routes() {
  using http::Method;
  return {
      {Method::Get, "/api/v1/org-units", Permission::OrgRead, ScopeRule::OrgUnit, "", list_units},
      {Method::Get, "/api/v1/org-units/tree", Permission::OrgRead, ScopeRule::OrgUnit, "", tree},
      {Method::Post, "/api/v1/org-units", Permission::OrgWrite, ScopeRule::OrgUnit, "org.create", create},
      {Method::Get, "/api/v1/org-units/{id}", Permission::OrgRead, ScopeRule::OrgUnit, "", get_unit},
      {Method::Put, "/api/v1/org-units/{id}", Permission::OrgWrite, ScopeRule::OrgUnit, "org.update", update},
      {Method::Post, "/api/v1/org-units/{id}/move", Permission::OrgWrite, ScopeRule::OrgUnit, "org.move",
       move},
      {Method::Delete, "/api/v1/org-units/{id}", Permission::OrgWrite, ScopeRule::OrgUnit, "org.delete",
       remove},
  };
}

}  // namespace minsheng::platform
