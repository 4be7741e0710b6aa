#pragma once
// The project catalogue's records (issue 4; PRODUCT.md §3). Money is integer 分; dates are YYYY-MM-DD.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace minsheng::projects {

struct Target {
  std::int64_t id = 0;
  std::string name;
  std::string unit;  // 户, 公里, 人次 ...
  std::optional<double> planned;
  std::optional<double> achieved;
};

struct Location {
  double lat = 0;
  double lng = 0;
  std::string system;  // cgcs2000 | wgs84 | gcj02
};

struct UnitRef {
  std::int64_t id = 0;
  std::string name;
};

struct Photo {
  std::int64_t file_id = 0;
  std::string caption;
  std::optional<std::string> taken_at;  // EXIF time of the file, when it has one
  std::optional<double> gps_lat, gps_lng;
};

struct ProgressUpdate {
  std::int64_t id = 0;
  std::int64_t project_id = 0;
  std::string report_date;  // YYYY-MM-DD
  int progress_pct = 0;
  std::int64_t funds_disbursed = 0;  // 分, cumulative
  std::string status;                // planned | in_progress | completed | suspended
  std::string note;                  // Markdown
  std::vector<Photo> photos;
  std::optional<std::int64_t> created_by;
  std::string created_by_name;
  std::string created_at;
};

// The figures a project shows now: those of its latest update (by report date, then id), or the defaults
// when it has none (never stored twice).
struct Current {
  int progress_pct = 0;
  std::int64_t funds_disbursed = 0;
  std::string status = "planned";
  std::optional<std::string> report_date;
};

struct Project {
  std::int64_t id = 0;
  std::int64_t town_id = 0;
  std::string town_name;
  std::string town_path;  // the town's org path, for scope checks
  int year = 0;
  std::string code;
  std::string name;
  std::string category;  // engineering | subsidy | service
  UnitRef lead_unit;
  std::string lead_unit_path;
  std::vector<UnitRef> cooperating;
  std::string change_flag;  // new | improved | continued | withdrawn
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
  std::string created_at;
  std::string updated_at;
  Current current;
};

}  // namespace minsheng::projects
