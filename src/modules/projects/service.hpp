#pragma once
// Use cases of the project catalogue (issue 4): each writes its rows, the search document, the content
// version (public pages) and its audit record in the caller's transaction. Reads of one project and its
// timeline.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "db/db.hpp"
#include "modules/projects/model.hpp"
#include "platform/audit.hpp"
#include "platform/principal.hpp"

namespace minsheng::projects {

struct ProjectInput {
  int year = 0;
  std::string code;  // NFKC-normalised by the caller's form
  std::string name;
  std::string category;
  std::int64_t lead_unit_id = 0;
  std::vector<std::int64_t> cooperating;
  std::string change_flag;
  std::string policy_text;
  std::string plain_text;
  std::int64_t funds_planned = 0;
  std::optional<std::int64_t> beneficiaries;
  std::string address;
  std::optional<Location> location;
  std::vector<Target> targets;
  std::optional<std::int64_t> previous_id;
  int sort_order = 0;
  bool is_demo = false;
};

// Visibility: the project's town is in the caller's scope, or the caller's unit is inside that town.
bool can_read(const platform::Principal& p, const Project& project);
bool can_edit(const platform::Principal& p, const Project& project);    // project:write and the town in scope
bool can_report(const platform::Principal& p, const Project& project);  // project:progress and town/lead unit
// The SQL condition for can_read on rows joined with the town as `t` (org_units).
std::string visible_condition(const platform::Principal& p, platform::SqlBuilder& b);

// The town of a unit (itself for a town); nullopt above towns.
std::optional<std::int64_t> town_of_unit(db::Connection& conn, std::int64_t unit_id);

// "SELECT … FROM projects p JOIN org_units t (town) JOIN org_units l (lead unit)" without a WHERE, and the
// Project it reads from such a row (no cooperating units, targets or current figures).
extern const std::string_view kProjectSelect;
Project project_from_row(const db::Row& r);

std::optional<Project> load_project(db::Connection& conn, std::int64_t id);
std::optional<Project> find_by_code(db::Connection& conn, std::int64_t town_id, int year,
                                    const std::string& code);
std::vector<ProgressUpdate> load_progress(db::Connection& conn, std::int64_t project_id);  // newest first

// Units of a town that may lead or cooperate (the town itself, its departments, villages and communities):
// id -> name, and name -> id for the import.
struct TownUnits {
  std::map<std::int64_t, std::string> names;
  std::map<std::string, std::int64_t, std::less<>> ids;
};
TownUnits town_units(db::Connection& conn, std::int64_t town_id);

// Field errors of an input against the town (units belong to it, lead not among cooperating) and the code's
// uniqueness in the year (`self` = the project being edited).
std::vector<FieldError> check_input(db::Connection& conn, std::int64_t town_id, const ProjectInput& in,
                                    std::optional<std::int64_t> self = std::nullopt);

// For batch writes (import, next year's plan): `prechecked` skips check_input (the caller validated every
// row against the town already; the unique index still guards codes); without `bump_content` the caller
// bumps the public content version once for the batch.
struct WriteOptions {
  bool prechecked = false;
  bool bump_content = true;
};

Result<Project> create_project(db::Tx& tx, const platform::Auditor& audit, std::int64_t town_id,
                               const ProjectInput& in, const WriteOptions& opt = {});
Result<Project> update_project(db::Tx& tx, const platform::Auditor& audit, const Project& before,
                               const ProjectInput& in, const WriteOptions& opt = {});
Status delete_project(db::Tx& tx, const platform::Auditor& audit, const Project& p);

// `today` is YYYY-MM-DD in Asia/Shanghai. Photos must be image files of the project's town.
Result<ProgressUpdate> add_progress(db::Tx& tx, const platform::Auditor& audit, const Project& p,
                                    ProgressUpdate u, std::string_view today);
Status delete_progress(db::Tx& tx, const platform::Auditor& audit, const Project& p,
                       std::int64_t progress_id);

// Copies every project of `from_year` into `to_year` (flags by project id; default continued). Conflict when
// `to_year` already has projects. Returns the number created.
Result<int> plan_next_year(db::Tx& tx, const platform::Auditor& audit, std::int64_t town_id, int from_year,
                           int to_year, const std::map<std::int64_t, std::string>& flags);

}  // namespace minsheng::projects
