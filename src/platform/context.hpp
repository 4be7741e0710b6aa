#pragma once
// The per-request view a handler gets: the request, path parameters, the signed-in principal, services and
// helpers for input, output and auditing.
#include <boost/json/value.hpp>
#include <memory>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "http/message.hpp"
#include "http/parse/form.hpp"
#include "http/route_match.hpp"
#include "platform/audit.hpp"
#include "platform/principal.hpp"
#include "platform/services.hpp"

namespace minsheng::platform {

struct Route;

// Thrown by handlers for an expected failure; the dispatcher answers it (no stack trace, no 500).
struct ApiError {
  Error error;
};
[[noreturn]] void fail(Error e);
[[noreturn]] void fail(ErrorCode code, std::string key);
template <typename T>
T unwrap(Result<T>&& r) {
  if (!r) fail(r.take_error());
  return std::move(r).value();
}
inline void unwrap(Status&& s) {
  if (!s) fail(s.take_error());
}

class RequestContext {
 public:
  RequestContext(Services& services, http::Request& request, http::PathParams path_params,
                 const Route& matched)
      : app(services), req(request), params(std::move(path_params)), route(matched) {}

  Services& app;
  http::Request& req;
  http::PathParams params;
  const Route& route;
  std::optional<Principal> principal;

  const Principal& user() const;
  TimePoint now() const { return app.clock.now(); }
  std::string param(std::string_view name) const;
  // A positive integer path parameter; anything else answers 404 (an id that cannot exist).
  std::int64_t id_param(std::string_view name = "id") const;
  // The JSON body as a typed form (415 for another content type, 400 for bad JSON).
  std::unique_ptr<http::parse::JsonForm> json_form() const;
  std::unique_ptr<http::parse::QueryForm> query_form() const;

  AuditActor actor() const;
  Auditor auditor() const { return Auditor{app.keys.audit, actor(), now()}; }
  // Appends an audit entry in the handler's transaction; an empty action means the route's audit action.
  void audit(db::Tx& tx, AuditEntry e) const;
  // Appends an audit entry in a transaction of its own (denials, failed logins, reads of the audit log).
  void audit_alone(AuditEntry e) const;

  http::Response json(int status, const boost::json::value& v) const;
};

// The town a request works in: the caller's own town, or for staff above towns (county) `requested` when it
// is a town in their scope (404 otherwise) or else the first town in their scope; 403 (submission.no_town)
// when there is none. Shared by the town-level APIs (submissions, circulars, signage).
std::int64_t request_town(RequestContext& ctx, db::Connection& conn, std::optional<std::int64_t> requested);

}  // namespace minsheng::platform
