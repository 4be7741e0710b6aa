#include "platform/context.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "core/text.hpp"
#include "platform/router.hpp"

namespace minsheng::platform {

void fail(Error e) {
  throw ApiError{std::move(e)};
}
void fail(ErrorCode code, std::string key) {
  throw ApiError{Error::make(code, std::move(key))};
}

const Principal& RequestContext::user() const {
  if (!principal) fail(ErrorCode::Unauthenticated, "error.unauthenticated");
  return *principal;
}

std::string RequestContext::param(std::string_view name) const {
  for (const auto& [k, v] : params)
    if (k == name) return v;
  return {};
}

std::int64_t RequestContext::id_param(std::string_view name) const {
  const std::string v = param(name);
  std::int64_t id = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), id);
  if (v.empty() || ec != std::errc() || p != v.data() + v.size() || id <= 0 || v.front() == '+')
    fail(ErrorCode::NotFound, "error.not_found");
  return id;
}

std::unique_ptr<http::parse::JsonForm> RequestContext::json_form() const {
  std::string_view body = req.body;
  if (!body.empty()) {
    auto ct = req.header("content-type");
    const std::string_view value = ct.value_or("");
    if (ascii_lower(trim_ows(value.substr(0, value.find(';')))) != "application/json")
      fail(ErrorCode::UnsupportedMediaType, "error.unsupported_media_type");
  } else {
    body = "{}";
  }
  return unwrap(http::parse::JsonForm::parse(body));
}

std::unique_ptr<http::parse::QueryForm> RequestContext::query_form() const {
  return unwrap(http::parse::QueryForm::parse(req.query));
}

AuditActor RequestContext::actor() const {
  AuditActor a;
  if (principal) {
    a.user_id = principal->user_id;
    a.username = principal->username;
    a.role = std::string(role_code(principal->role));
  }
  a.ip = req.remote_addr;
  a.request_id = req.request_id;
  return a;
}

void RequestContext::audit(db::Tx& tx, AuditEntry e) const {
  if (e.action.empty()) e.action = route.audit_action;
  append_audit(tx, app.keys.audit, now(), actor(), e);
}

void RequestContext::audit_alone(AuditEntry e) const {
  db::Tx tx(app.pool);
  audit(tx, std::move(e));
  tx.commit();
}

http::Response RequestContext::json(int status, const boost::json::value& v) const {
  return http::Response::json(status, v);
}

std::int64_t request_town(RequestContext& ctx, db::Connection& conn, std::optional<std::int64_t> requested) {
  if (!requested) {
    auto own = conn.query("SELECT town_id FROM org_units WHERE id = $1", {ctx.user().org_unit_id});
    if (!own.empty())
      if (auto t = own.first().opt_int64("town_id")) return *t;
  }
  SqlBuilder b(" WHERE t.kind = 'town' AND ");
  b += scope_condition(ctx.user(), b, "t.id", "t.path");
  if (requested) b += " AND t.id = " + b.bind(*requested);
  auto r = conn.query("SELECT t.id FROM org_units t" + b.sql() + " ORDER BY t.path LIMIT 1", b.params());
  if (r.empty()) {
    if (requested) fail(ErrorCode::NotFound, "error.not_found");
    fail(ErrorCode::PermissionDenied, "submission.no_town");
  }
  return r.first().int64("id");
}

}  // namespace minsheng::platform
