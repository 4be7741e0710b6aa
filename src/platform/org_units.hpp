#pragma once
// The organisation tree: province -> city -> county -> town -> village/community, departments under a town or
// county. Every record and permission hangs from it. Paths ("/1/4/9/") make subtree scopes one prefix test.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/result.hpp"
#include "db/db.hpp"
#include "platform/audit.hpp"
#include "platform/principal.hpp"

namespace minsheng::platform {

struct OrgUnit {
  std::int64_t id = 0;
  std::optional<std::int64_t> parent_id;
  std::string kind;
  std::string name;
  std::optional<std::string> code;
  std::string path;
  std::optional<std::int64_t> town_id;
  std::int64_t sort_order = 0;
  bool is_demo = false;
};

struct OrgUnitInput {
  std::optional<std::int64_t> parent_id;
  std::string kind;
  std::string name;
  std::optional<std::string> code;
  std::int64_t sort_order = 0;
  bool is_demo = false;
};

bool valid_org_kind(std::string_view kind);
// Whether a unit of `child` kind may sit under `parent` kind (nullopt parent: a root).
bool org_kind_allowed(std::optional<std::string_view> parent, std::string_view child);
std::string_view org_kind_label(std::string_view kind);

std::optional<OrgUnit> find_org_unit(db::Connection& conn, std::int64_t id);
// A unit from a row with the org_units columns (id, parent_id, kind, name, code, path, town_id, sort_order,
// is_demo).
OrgUnit org_unit_from_row(const db::Row& r);
boost::json::object org_unit_json(const OrgUnit& u);

// Contracts: field errors (InvalidArgument) for a bad parent, kind or duplicate name; audits "org.create",
// "org.update", "org.move", "org.delete" with before/after.
Result<OrgUnit> create_org_unit(db::Tx& tx, const Auditor& audit, const OrgUnitInput& in);
Result<OrgUnit> update_org_unit(db::Tx& tx, const Auditor& audit, std::int64_t id, const std::string& name,
                                const std::optional<std::string>& code, std::int64_t sort_order);
Result<OrgUnit> move_org_unit(db::Tx& tx, const Auditor& audit, std::int64_t id, std::int64_t new_parent_id,
                              std::optional<std::int64_t> sort_order);
Status delete_org_unit(db::Tx& tx, const Auditor& audit, std::int64_t id);

}  // namespace minsheng::platform
