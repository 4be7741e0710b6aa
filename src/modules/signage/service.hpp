#pragma once
// Use cases of signage and print (issue 7): sign records of engineering projects with their defaults from
// the project, overrides and installation evidence; the overdue rule; service windows and poster checks;
// leaflet versions (a printed version is frozen); print runs and distribution; the artwork of each through
// layouts.hpp and infra::pdf::render_artwork; and the scorecard indicators (circulars' provider hook). Every
// write records its rows and its audit entry in the caller's transaction; sign writes bump the portal's
// content version (the project page shows the sign).
//
// Decisions:
// - A project's start date is the report date of its first progress update whose status is not "planned"
//   (the catalogue has no start-date field); its completion the first "completed" one.
// - Defaults come from content.hpp (sign_content_from, as `minsheng print`), with the portal's phone setting
//   (when it is a valid number) as the supervision phone and portal.base_url (else kDefaultBaseUrl) for the
//   QR.
// - Overdue: an engineering project with a start date, no evidence, and more than overdue_days days since the
//   start (as of today, finished or not). The days shown (days_since_start) stop at the completion date of a
//   finished project (its latest update "completed"): its duration from start to completion.
// - Evidence warnings compare the photo's EXIF with the project (location converted to WGS-84) at the town's
//   pair distance (submission settings, default 200 m), and its date with the start date.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "core/result.hpp"
#include "db/db.hpp"
#include "infra/pdf/artwork.hpp"
#include "modules/projects/model.hpp"
#include "modules/signage/model.hpp"
#include "platform/audit.hpp"
#include "platform/principal.hpp"

namespace minsheng::signage {

// ---- rules (pure) ----

// A mainland landline "0xx-xxxxxxx[x]" / "0xxx-xxxxxxx[x]" (area code 3-4 digits starting with 0, number 7-8
// digits not starting with 0 or 1; the "-" may be left out; an optional extension "-1" to "-9999" or "转123")
// or a mobile "1[3-9]" + 9 digits. Spaces are not allowed.
bool valid_phone(std::string_view phone);
// Whole days from `from` to `to` (YYYY-MM-DD), negative when `to` is earlier; nullopt for bad dates.
std::optional<int> days_between(std::string_view from, std::string_view to);

// ---- settings ----

struct Settings {
  int overdue_days = 30;
};
Settings load_settings(db::Connection& conn, std::int64_t town_id);
Status save_settings(db::Tx& tx, const platform::Auditor& audit, std::int64_t town_id, const Settings& s);

// ---- signs ----

// sign:write and either the project's town in scope (the office) or the project's lead unit in scope (its
// department).
bool can_edit_sign(const platform::Principal& p, const projects::Project& project);
// The office of the project's town (signage settings).
bool is_town_office(const platform::Principal& p, std::string_view town_path);

// The sign of an engineering project (defaults when there is no record).
Sign load_sign(db::Connection& conn, const projects::Project& project, std::string_view today);
// Every engineering project of the town and year, in catalogue order.
std::vector<Sign> town_signs(db::Connection& conn, std::int64_t town_id, int year, std::string_view today);

struct SignInput {
  std::string size = "120x80";
  std::string script = "hans";
  SignOverrides overrides;  // nullopt or "" → the default
};
// Validates (size, script, overrides.supervisionPhone → Unprocessable) and saves; audits "sign.update".
Result<Sign> save_sign(db::Tx& tx, const platform::Auditor& audit, const projects::Project& project,
                       const SignInput& in, std::string_view today);
// The photo must be an image of the project's town (InvalidArgument on "fileId"); audits "sign.evidence".
Result<Sign> attach_evidence(db::Tx& tx, const platform::Auditor& audit, const projects::Project& project,
                             std::int64_t file_id, std::string_view today);
// NotFound (sign.no_evidence) when there is none; audits "sign.evidence_delete".
Result<Sign> remove_evidence(db::Tx& tx, const platform::Auditor& audit, const projects::Project& project,
                             std::string_view today);

// The portal's absolute project URL ("<portal.base_url>/p/<code>"; "/p/<code>" without a base URL).
std::string project_url(db::Connection& conn, std::string_view code);

// Artwork bytes in `format` (pdf | png | svg).
Result<std::string> render(const infra::pdf::Artwork& art, std::string_view format);
std::string_view content_type_of(std::string_view format);
// The board of a sign at a size and script (codes as in layouts.hpp).
Result<infra::pdf::Artwork> sign_board(db::Connection& conn, const Sign& sign, std::string_view size,
                                       std::string_view script);

// ---- windows ----

std::optional<Window> load_window(db::Connection& conn, std::int64_t id);
std::vector<Window> town_windows(db::Connection& conn, std::int64_t town_id);
// The office of the window's town, or a unit in scope of the window's unit.
bool can_manage_window(const platform::Principal& p, const Window& w, std::string_view town_path);

struct WindowInput {
  std::int64_t unit_id = 0;
  std::string place;
  std::vector<std::int64_t> project_ids;
};
Result<Window> create_window(db::Tx& tx, const platform::Auditor& audit, std::int64_t town_id,
                             const WindowInput& in);
Result<Window> update_window(db::Tx& tx, const platform::Auditor& audit, const Window& before,
                             const WindowInput& in);
Status delete_window(db::Tx& tx, const platform::Auditor& audit, const Window& w);

struct CheckInput {
  std::string checked_on;
  bool poster_present = false;
  std::string note;
  std::optional<std::int64_t> file_id;
};
Result<Window> add_check(db::Tx& tx, const platform::Auditor& audit, const Window& w, const CheckInput& in);

Result<infra::pdf::Artwork> poster(db::Connection& conn, const Window& w, const projects::Project& project,
                                   std::string_view script);

// ---- leaflets ----

std::vector<LeafletVersion> leaflet_versions(db::Connection& conn, std::int64_t project_id);  // newest first
// The content a first version starts from.
LeafletVersion leaflet_defaults(db::Connection& conn, const projects::Project& project);

struct LeafletInput {
  std::string title, plain_text, eligibility, how_to_apply, hotline;
  std::string paper = "a4";
  bool two_up = false;
};
// Edits the latest version unless it is frozen (then makes version N+1); audits "leaflet.update".
Result<LeafletVersion> save_leaflet(db::Tx& tx, const platform::Auditor& audit,
                                    const projects::Project& project, const LeafletInput& in);
Result<infra::pdf::Artwork> leaflet(db::Connection& conn, const projects::Project& project,
                                    const LeafletVersion& v, std::string_view script);

// ---- print runs ----

std::optional<PrintRun> load_print_run(db::Connection& conn, std::int64_t id);
bool can_manage_print_run(const platform::Principal& p, const PrintRun& r, std::string_view town_path);

struct PrintRunInput {
  std::string kind;
  std::optional<int> leaflet_version;  // leaflet: nullopt → the latest
  int copies = 0;
  std::string printed_on;
  bool confirm_qr = false;  // the caller has seen the QR address warning and prints anyway
};
// The run is recorded for `unit_id` (the caller's unit); a leaflet run freezes its version. While the public
// address has a problem phones cannot get past (platform::qr_needs_confirmation), Conflict on "confirmQr"
// with the warning unless `confirm_qr`. Audits "print.create" (with the warning it was printed under).
Result<PrintRun> create_print_run(db::Tx& tx, const platform::Auditor& audit,
                                  const projects::Project& project, std::int64_t unit_id,
                                  const PrintRunInput& in);

struct DistributionInput {
  std::string target_kind, target_name;
  std::optional<std::int64_t> window_id, unit_id;
  int copies = 0;
  std::optional<std::int64_t> pupils_reached;
  std::string handed_on;
};
// Copies handed out never exceed the run's (Unprocessable on "copies"). Audits "print.distribute".
Result<PrintRun> add_distribution(db::Tx& tx, const platform::Auditor& audit, const PrintRun& run,
                                  const DistributionInput& in);

// ---- the scorecard ----

// Registers signage.sign_evidenced, signage.windows_checked and signage.leaflets_distributed with the
// circulars' scorecard (call once at start-up; repeated calls replace the provider).
void register_scorecard_provider();
// The 标牌安装率 of a unit: evidenced / projects in tenths of a percent, rounded half up (2 of 3 → 667,
// "66.7%"); nullopt without projects.
std::optional<std::int64_t> sign_evidenced_rate(int projects, int evidenced);

// The sign's fields as the API and the audit log show them (builder, investment, buildDates, managerUnit,
// supervisionPhone, location, content, contractor, responsible).
boost::json::object sign_fields_json(const SignFields& f);

}  // namespace minsheng::signage
