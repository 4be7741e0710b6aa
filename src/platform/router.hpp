#pragma once
// The route table (ARCHITECTURE.md "Router"): data that the dispatcher follows and the tests iterate.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/message.hpp"
#include "http/route_match.hpp"
#include "http/static_files.hpp"
#include "platform/context.hpp"
#include "platform/roles.hpp"

namespace minsheng::platform {

// How a route's records relate to the caller's data scope.
enum class ScopeRule {
  None,     // not about one org unit's records (own account, login, health)
  OrgUnit,  // reads or writes records of org units: lists are filtered, a single record out of scope is 404
};

enum class CsrfRule { Required, LoginOnly };

using RouteHandler = std::function<http::Response(RequestContext&)>;

struct Route {
  http::Method method;
  std::string pattern;
  Permission permission;
  ScopeRule scope;
  std::string audit_action;  // required for unsafe methods; "" for reads that are not audited
  RouteHandler handler;
  CsrfRule csrf = CsrfRule::Required;
};

using RouteTable = std::vector<Route>;

// Authenticates, checks CSRF, permission and password state, calls the handler, and turns every outcome into
// a response (the one place errors become HTTP).
class Dispatcher {
 public:
  Dispatcher(Services& services, RouteTable routes,
             std::shared_ptr<http::StaticFiles> static_files = nullptr);
  http::Response handle(http::Request& req);
  const RouteTable& routes() const { return routes_; }

 private:
  http::Response dispatch(http::Request& req);
  Services& app_;
  RouteTable routes_;
  std::vector<http::RoutePattern> patterns_;
  std::shared_ptr<http::StaticFiles> static_files_;
};

}  // namespace minsheng::platform
