#pragma once
// The route table (ARCHITECTURE.md "Router"): data that the dispatcher follows and the tests iterate.
#include <functional>
#include <memory>
#include <optional>
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
// Renders the HTML page for an error status (404, 500) on a path outside /api/ (the portal's Chinese error
// pages); nullopt keeps the JSON error.
using ErrorPageRenderer =
    std::function<std::optional<http::Response>(Services&, const http::Request&, int status)>;

struct Route {
  http::Method method;
  std::string pattern;
  Permission permission;
  ScopeRule scope;
  std::string audit_action;  // required for unsafe methods; "" for reads that are not audited
  RouteHandler handler;
  CsrfRule csrf = CsrfRule::Required;
  // Set on one route of the public portal: the dispatcher then answers 404/500 outside /api/ with its page.
  ErrorPageRenderer error_page = nullptr;
};

using RouteTable = std::vector<Route>;

// A folder of static files under a URL prefix. With a `fallback` file (a single-page app's "index.html"),
// every other GET under the prefix answers that file with `Cache-Control: no-cache`, and the prefix without
// its trailing slash redirects to the prefix.
struct StaticMount {
  std::shared_ptr<http::StaticFiles> files;
  std::string prefix;    // e.g. "/admin/", the same as the StaticFiles' url_prefix
  std::string fallback;  // e.g. "index.html"; "" for none
};

// Authenticates, checks CSRF, permission and password state, calls the handler, and turns every outcome into
// a response (the one place errors become HTTP).
class Dispatcher {
 public:
  Dispatcher(Services& services, RouteTable routes,
             std::shared_ptr<http::StaticFiles> static_files = nullptr);
  http::Response handle(http::Request& req);
  const RouteTable& routes() const { return routes_; }
  // Serves GET/HEAD requests that match no route from `mount` (tried in the order added).
  void add_static(StaticMount mount) { mounts_.push_back(std::move(mount)); }

 private:
  http::Response dispatch(http::Request& req);
  std::optional<http::Response> serve_mounts(const http::Request& req) const;
  Services& app_;
  RouteTable routes_;
  std::vector<http::RoutePattern> patterns_;
  std::shared_ptr<http::StaticFiles> static_files_;
  std::vector<StaticMount> mounts_;
  ErrorPageRenderer error_page_;
};

}  // namespace minsheng::platform
