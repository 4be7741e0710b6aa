#include "platform/org_units.hpp"

#include <boost/json.hpp>

#include "core/clock.hpp"
#include "core/messages.hpp"

namespace minsheng::platform {
namespace {}  // namespace

OrgUnit org_unit_from_row(const db::Row& r) {
  OrgUnit u;
  u.id = r.int64("id");
  u.parent_id = r.opt_int64("parent_id");
  u.kind = r.text("kind");
  u.name = r.text("name");
  u.code = r.opt_text("code");
  u.path = r.text("path");
  u.town_id = r.opt_int64("town_id");
  u.sort_order = r.int64("sort_order");
  u.is_demo = r.boolean("is_demo");
  return u;
}

namespace {

constexpr std::string_view kColumns = "id, parent_id, kind, name, code, path, town_id, sort_order, is_demo";

Error field_error(const char* field, std::string message) {
  return Error::field(ErrorCode::InvalidArgument, field, std::move(message));
}

std::string json_text(const OrgUnit& u) {
  return boost::json::serialize(org_unit_json(u));
}

// One audit record for a change to unit `id`; `before`/`after` are absent for creation/deletion.
void audit_change(db::Tx& tx, const Auditor& audit, const char* action, std::int64_t id,
                  const std::optional<OrgUnit>& before, const std::optional<OrgUnit>& after) {
  audit.write(tx, AuditEntry{.action = action,
                             .entity = "org_unit",
                             .entity_id = std::to_string(id),
                             .org_unit_id = id,
                             .before_json = before ? json_text(*before) : std::string(),
                             .after_json = after ? json_text(*after) : std::string()});
}

bool is_duplicate(db::Tx& tx, std::optional<std::int64_t> parent_id, const std::string& name,
                  std::int64_t except_id) {
  // UNIQUE(parent_id, name) does not cover roots (NULL parents), so check in SQL for both.
  auto rs = parent_id
                ? tx.query("SELECT id FROM org_units WHERE parent_id = $1 AND name = $2 AND id <> $3",
                           {*parent_id, name, except_id})
                : tx.query("SELECT id FROM org_units WHERE parent_id IS NULL AND name = $1 AND id <> $2",
                           {name, except_id});
  return !rs.empty();
}

}  // namespace

bool valid_org_kind(std::string_view kind) {
  return kind == "province" || kind == "city" || kind == "county" || kind == "town" || kind == "village" ||
         kind == "community" || kind == "department";
}

bool org_kind_allowed(std::optional<std::string_view> parent, std::string_view child) {
  if (!parent) return child == "province" || child == "city" || child == "county" || child == "town";
  if (*parent == "province") return child == "city";
  if (*parent == "city") return child == "county";
  if (*parent == "county") return child == "town" || child == "department";
  if (*parent == "town") return child == "village" || child == "community" || child == "department";
  return false;
}

std::string_view org_kind_label(std::string_view kind) {
  if (kind == "province") return "省";
  if (kind == "city") return "市";
  if (kind == "county") return "县（区）";
  if (kind == "town") return "乡镇（街道）";
  if (kind == "village") return "村";
  if (kind == "community") return "社区";
  if (kind == "department") return "部门";
  return "";
}

std::optional<OrgUnit> find_org_unit(db::Connection& conn, std::int64_t id) {
  auto rs = conn.query("SELECT " + std::string(kColumns) + " FROM org_units WHERE id = $1", {id});
  if (rs.empty()) return std::nullopt;
  return org_unit_from_row(rs.first());
}

boost::json::object org_unit_json(const OrgUnit& u) {
  boost::json::object o;
  o["id"] = u.id;
  o["parentId"] = u.parent_id ? boost::json::value(*u.parent_id) : boost::json::value(nullptr);
  o["kind"] = u.kind;
  o["kindLabel"] = org_kind_label(u.kind);
  o["name"] = u.name;
  o["code"] = u.code ? boost::json::value(*u.code) : boost::json::value(nullptr);
  o["path"] = u.path;
  o["townId"] = u.town_id ? boost::json::value(*u.town_id) : boost::json::value(nullptr);
  o["sortOrder"] = u.sort_order;
  o["isDemo"] = u.is_demo;
  return o;
}

Result<OrgUnit> create_org_unit(db::Tx& tx, const Auditor& audit, const OrgUnitInput& in) {
  if (!valid_org_kind(in.kind)) return field_error("kind", messages::for_field("field.one_of", "kind"));
  std::optional<OrgUnit> parent;
  if (in.parent_id) {
    parent = find_org_unit(tx.conn(), *in.parent_id);
    if (!parent) return field_error("parentId", messages::for_field("field.not_found", "parentId"));
  }
  if (!org_kind_allowed(parent ? std::optional<std::string_view>(parent->kind) : std::nullopt, in.kind))
    return field_error("kind", std::string(messages::text("org.parent_level")));
  if (is_duplicate(tx, in.parent_id, in.name, 0))
    return field_error("name", messages::for_field("field.exists", "name"));
  const std::string now = iso_utc(audit.now);
  auto rs = tx.query(
      "INSERT INTO org_units (parent_id, kind, name, code, path, sort_order, is_demo, created_at, "
      "updated_at) "
      "VALUES ($1, $2, $3, $4, '', $5, $6, $7, $7) RETURNING id",
      {in.parent_id, in.kind, in.name, in.code, in.sort_order, in.is_demo, now});
  const std::int64_t id = rs.first().int64("id");
  const std::string path = (parent ? parent->path : std::string("/")) + std::to_string(id) + "/";
  std::optional<std::int64_t> town_id;
  if (in.kind == "town")
    town_id = id;
  else if (parent)
    town_id = parent->town_id;
  tx.query("UPDATE org_units SET path = $1, town_id = $2 WHERE id = $3", {path, town_id, id});
  OrgUnit u = *find_org_unit(tx.conn(), id);
  audit_change(tx, audit, "org.create", id, std::nullopt, u);
  return u;
}

Result<OrgUnit> update_org_unit(db::Tx& tx, const Auditor& audit, std::int64_t id, const std::string& name,
                                const std::optional<std::string>& code, std::int64_t sort_order) {
  auto before = find_org_unit(tx.conn(), id);
  if (!before) return Error::make(ErrorCode::NotFound, "error.not_found");
  if (is_duplicate(tx, before->parent_id, name, id))
    return field_error("name", messages::for_field("field.exists", "name"));
  tx.query("UPDATE org_units SET name = $1, code = $2, sort_order = $3, updated_at = $4 WHERE id = $5",
           {name, code, sort_order, iso_utc(audit.now), id});
  OrgUnit after = *find_org_unit(tx.conn(), id);
  audit_change(tx, audit, "org.update", id, before, after);
  return after;
}

Result<OrgUnit> move_org_unit(db::Tx& tx, const Auditor& audit, std::int64_t id, std::int64_t new_parent_id,
                              std::optional<std::int64_t> sort_order) {
  auto before = find_org_unit(tx.conn(), id);
  if (!before) return Error::make(ErrorCode::NotFound, "error.not_found");
  auto parent = find_org_unit(tx.conn(), new_parent_id);
  if (!parent) return field_error("parentId", messages::for_field("field.not_found", "parentId"));
  if (parent->path.starts_with(before->path))
    return field_error("parentId", std::string(messages::text("org.move_into_self")));
  if (!org_kind_allowed(parent->kind, before->kind))
    return field_error("parentId", std::string(messages::text("org.parent_level")));
  if (is_duplicate(tx, new_parent_id, before->name, id))
    return field_error("name", messages::for_field("field.exists", "name"));
  const std::string new_path = parent->path + std::to_string(id) + "/";
  // Rewrite the whole subtree's paths: new prefix + the part below the old prefix.
  tx.query("UPDATE org_units SET path = $1 || substr(path, $2) WHERE substr(path, 1, $3) = $4",
           {new_path, static_cast<std::int64_t>(before->path.size() + 1),
            static_cast<std::int64_t>(before->path.size()), before->path});
  std::optional<std::int64_t> town_id =
      before->kind == "town" ? std::optional<std::int64_t>(id) : parent->town_id;
  tx.query(
      "UPDATE org_units SET parent_id = $1, town_id = $2, sort_order = $3, updated_at = $4 WHERE id = $5",
      {new_parent_id, town_id, sort_order.value_or(before->sort_order), iso_utc(audit.now), id});
  OrgUnit after = *find_org_unit(tx.conn(), id);
  audit_change(tx, audit, "org.move", id, before, after);
  return after;
}

Status delete_org_unit(db::Tx& tx, const Auditor& audit, std::int64_t id) {
  auto before = find_org_unit(tx.conn(), id);
  if (!before) return Error::make(ErrorCode::NotFound, "error.not_found");
  if (!tx.query("SELECT id FROM org_units WHERE parent_id = $1 LIMIT 1", {id}).empty())
    return Error::make(ErrorCode::Conflict, "org.has_children");
  if (!tx.query("SELECT id FROM users WHERE org_unit_id = $1 LIMIT 1", {id}).empty())
    return Error::make(ErrorCode::Conflict, "org.has_users");
  try {
    tx.query("DELETE FROM org_units WHERE id = $1", {id});
  } catch (const db::DbError& e) {
    // Records of later modules (files, projects, ...) still hang from the unit.
    if (e.kind() == db::DbError::Kind::ForeignKeyViolation)
      return Error::make(ErrorCode::Conflict, "org.has_records");
    throw;
  }
  audit_change(tx, audit, "org.delete", id, before, std::nullopt);
  return {};
}

}  // namespace minsheng::platform
