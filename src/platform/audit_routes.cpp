#include <boost/json.hpp>

#include "core/messages.hpp"
#include "platform/crypto.hpp"
#include "platform/json_util.hpp"
#include "platform/platform_routes.hpp"

namespace minsheng::platform {
namespace {

constexpr std::int64_t kExportLimit = 5000;

constexpr std::string_view kSelect =
    "SELECT seq, at, user_id, username, role, ip, request_id, action, entity, entity_id, org_unit_id, "
    "result, reason, "
    "before_json, after_json FROM audit_log";

struct Filter {
  SqlBuilder where{" WHERE 1=1"};
  std::string description;  // recorded with reads and exports
};

// A bound of the `from`/`to` filters: a plain date is a whole day in Asia/Shanghai, an instant is ISO 8601
// with its offset, the API's format for times ("2026-03-04T09:30:00.000+08:00"). `from` takes the day's
// start, `to` the next day's start (exclusive) or the instant itself (inclusive).
struct Bound {
  TimePoint at;
  bool whole_day = false;
};

std::optional<Bound> read_bound(http::parse::QueryForm& q, std::string_view name) {
  auto s = q.string(name, {.max_chars = 40});
  if (!s || s->empty()) return std::nullopt;
  if (auto day = shanghai_day_start(*s)) return Bound{*day, true};
  if (auto t = parse_iso_instant(*s)) return Bound{*t, false};
  q.add_error(std::string(name), messages::for_field("field.invalid_format", std::string(name)));
  return std::nullopt;
}

Filter read_filter(http::parse::QueryForm& q) {
  Filter f;
  auto from = read_bound(q, "from");
  auto to = read_bound(q, "to");
  auto user_id = q.integer("userId", {.min = 1});
  auto username = q.string("username", {.max_chars = 64});
  auto action = q.string("action", {.max_chars = 64});
  auto entity = q.string("entity", {.max_chars = 64});
  auto result = q.one_of("result", {"ok", "denied", "failed"});
  // A range that ends before it starts (a day's range ends when the day does).
  if (from && to && (to->whole_day ? from->at >= to->at + std::chrono::hours(24) : from->at > to->at))
    q.add_error("to", messages::for_field("field.invalid_format", "to"));
  if (from) {
    f.where += " AND at >= " + f.where.bind(iso_utc(from->at));
    f.description += " from=" + (from->whole_day ? shanghai_date(from->at) : iso_shanghai(from->at));
  }
  if (to) {
    if (to->whole_day)
      f.where += " AND at < " + f.where.bind(iso_utc(to->at + std::chrono::hours(24)));
    else
      f.where += " AND at <= " + f.where.bind(iso_utc(to->at));
    f.description += " to=" + (to->whole_day ? shanghai_date(to->at) : iso_shanghai(to->at));
  }
  if (user_id) {
    f.where += " AND user_id = " + f.where.bind(*user_id);
    f.description += " userId=" + std::to_string(*user_id);
  }
  if (username && !username->empty()) {
    f.where += " AND username = " + f.where.bind(*username);
    f.description += " username=" + *username;
  }
  if (action && !action->empty()) {
    // "user" matches "user.create", "user.lock", ...; "user.lock" matches itself.
    f.where +=
        " AND (action = " + f.where.bind(*action) + " OR action LIKE " + f.where.bind(*action + ".%") + ")";
    f.description += " action=" + *action;
  }
  if (entity && !entity->empty()) {
    f.where += " AND entity = " + f.where.bind(*entity);
    f.description += " entity=" + *entity;
  }
  if (result) {
    f.where += " AND result = " + f.where.bind(*result);
    f.description += " result=" + *result;
  }
  return f;
}

boost::json::object row_json(const db::Row& r) {
  boost::json::object o;
  o["seq"] = r.int64("seq");
  o["at"] = time_json(r.text("at"));
  o["userId"] = opt_json(r.opt_int64("user_id"));
  o["username"] = r.text("username");
  o["role"] = r.text("role");
  o["ip"] = r.text("ip");
  o["requestId"] = r.text("request_id");
  o["action"] = r.text("action");
  o["entity"] = r.text("entity");
  o["entityId"] = r.text("entity_id");
  o["orgUnitId"] = opt_json(r.opt_int64("org_unit_id"));
  o["result"] = r.text("result");
  o["reason"] = r.text("reason");
  o["before"] = r.text("before_json");
  o["after"] = r.text("after_json");
  return o;
}

http::Response list(RequestContext& ctx) {
  auto q = ctx.query_form();
  const auto page_num = q->page_num();
  const auto page_size = q->page_size();
  Filter f = read_filter(*q);
  unwrap(q->finish());
  db::ResultSet total, rs;
  {
    auto lease = ctx.app.pool.acquire();
    total = lease->query("SELECT COUNT(*) AS n FROM audit_log" + f.where.sql(), f.where.params());
    SqlBuilder page = f.where;
    const std::string limit = page.bind(page_size);
    const std::string offset = page.bind((page_num - 1) * page_size);
    rs = lease->query(
        std::string(kSelect) + page.sql() + " ORDER BY seq DESC LIMIT " + limit + " OFFSET " + offset,
        page.params());
  }
  // Reading the audit log is itself audited.
  ctx.audit_alone({.action = "audit.read", .entity = "audit_log", .reason = f.description});
  boost::json::array rows;
  for (const auto& r : rs.rows)
    rows.push_back(row_json(r));
  return ctx.json(200, boost::json::object{{"rows", std::move(rows)}, {"total", total.first().int64("n")}});
}

// A CSV cell: quoted, with a leading ' before = + - @ TAB CR so spreadsheets never run it as a formula.
std::string csv_cell(std::string_view v) {
  std::string out = "\"";
  if (!v.empty() &&
      (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
    out += '\'';
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

http::Response export_csv(RequestContext& ctx) {
  auto q = ctx.query_form();
  Filter f = read_filter(*q);
  unwrap(q->finish());
  db::ResultSet rs;
  {
    auto lease = ctx.app.pool.acquire();
    auto total = lease->query("SELECT COUNT(*) AS n FROM audit_log" + f.where.sql(), f.where.params());
    if (total.first().int64("n") > kExportLimit)
      fail(Error::make(ErrorCode::Unprocessable, "audit.export_too_many"));
    rs = lease->query(std::string(kSelect) + f.where.sql() + " ORDER BY seq", f.where.params());
  }
  std::string csv = "\xEF\xBB\xBF";  // BOM: Excel and WPS read UTF-8 only with it
  csv += "序号,时间,用户,角色,来源IP,请求编号,操作,对象类型,对象编号,结果,原因,变更前,变更后\r\n";
  for (const auto& r : rs.rows) {
    auto t = parse_iso_utc(r.text("at"));
    const std::string cells[] = {std::to_string(r.int64("seq")),
                                 t ? shanghai_datetime(*t) : r.text("at"),
                                 r.text("username"),
                                 r.text("role"),
                                 r.text("ip"),
                                 r.text("request_id"),
                                 r.text("action"),
                                 r.text("entity"),
                                 r.text("entity_id"),
                                 r.text("result"),
                                 r.text("reason"),
                                 r.text("before_json"),
                                 r.text("after_json")};
    bool first = true;
    for (const auto& c : cells) {
      if (!first) csv += ',';
      csv += csv_cell(c);
      first = false;
    }
    csv += "\r\n";
  }
  // Watermark the file with who exported it and when, and record the export with its size and hash.
  csv += csv_cell("导出人：" + ctx.user().username + "，导出时间：" + shanghai_datetime(ctx.now())) + "\r\n";
  ctx.audit_alone(
      {.action = "audit.export",
       .entity = "audit_log",
       .reason = "rows=" + std::to_string(rs.rows.size()) + " sha256=" + sha256_hex(csv) + f.description});
  auto res = http::Response::text(200, std::move(csv), "text/csv; charset=utf-8");
  res.set_header(
      "content-disposition",
      "attachment; filename=\"audit-log.csv\"; filename*=UTF-8''%E5%AE%A1%E8%AE%A1%E6%97%A5%E5%BF%97.csv");
  return res;
}

}  // namespace

RouteTable audit_routes() {
  using http::Method;
  return {
      {Method::Get, "/api/v1/audit-logs", Permission::AuditRead, ScopeRule::None, "audit.read", list},
      {Method::Get, "/api/v1/audit-logs/export", Permission::AuditExport, ScopeRule::None, "audit.export",
       export_csv},
  };
}

}  // namespace minsheng::platform
