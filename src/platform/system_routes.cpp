#include <boost/json.hpp>

#include "platform/platform_routes.hpp"

namespace minsheng::platform {
namespace {

bool is_loopback(std::string_view ip) {
  return ip == "127.0.0.1" || ip == "::1" || ip.starts_with("127.");
}

http::Response healthz(RequestContext& ctx) {
  return ctx.json(200, boost::json::object{{"status", "ok"}});
}

// Prometheus scrapes from the same machine (or through a proxy that adds auth); elsewhere it does not exist.
http::Response metrics(RequestContext& ctx) {
  if (!is_loopback(ctx.req.remote_addr)) fail(ErrorCode::NotFound, "error.not_found");
  return http::Response::text(200, ctx.app.metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace

RouteTable system_routes() {
  using http::Method;
  return {
      {Method::Get, "/healthz", Permission::Public, ScopeRule::None, "", healthz},
      {Method::Get, "/metrics", Permission::Public, ScopeRule::None, "", metrics},
  };
}

RouteTable platform_routes() {
  RouteTable all;
  for (auto table : {system_routes(), auth_routes(), user_routes(), org_routes(), audit_routes()})
    for (auto& r : table)
      all.push_back(std::move(r));
  return all;
}

}  // namespace minsheng::platform
