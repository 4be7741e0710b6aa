#pragma once
// The records of signage and print (issue 7): sign boards of engineering projects, service windows and their
// poster checks, 明白纸 leaflet versions, print runs and their distribution. Dates are YYYY-MM-DD, times UTC
// ISO text.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace minsheng::signage {

// The nine fields printed on a board besides the project's name: the plan's five (builder, investment,
// build_dates, manager_unit, supervision_phone) and location, content, contractor, responsible.
struct SignFields {
  std::string builder;            // 建设单位
  std::string investment;         // 投资规模, e.g. "480.00万元"
  std::string build_dates;        // 建设日期
  std::string manager_unit;       // 责任管理单位
  std::string supervision_phone;  // 监督电话
  std::string location;           // 建设地点
  std::string content;            // 建设内容
  std::string contractor;         // 施工单位
  std::string responsible;        // 责任人
};

// nullopt: the field follows the project's default.
struct SignOverrides {
  std::optional<std::string> builder, investment, build_dates, manager_unit, supervision_phone, location,
      content, contractor, responsible;
};

struct EvidenceWarning {
  std::string code;  // no_exif | no_time | no_gps | no_location | too_far | before_start
  std::string message;
};

struct Evidence {
  std::int64_t file_id = 0;
  std::optional<std::string> taken_at;  // EXIF capture time "YYYY-MM-DDTHH:MM:SS" (camera local time)
  std::optional<double> lat, lng;       // WGS-84
  std::optional<std::int64_t> distance_m;
  std::string uploaded_at;
  std::vector<EvidenceWarning> warnings;
};

struct Sign {
  std::optional<std::int64_t> id;  // nullopt: no record yet (everything defaulted)
  std::int64_t project_id = 0;
  std::int64_t town_id = 0;
  int year = 0;
  std::string project_code, project_name;
  std::int64_t lead_unit_id = 0;
  std::string lead_unit_name;
  std::string size = "120x80";  // 120x80 | 240x120 | a4
  std::string script = "hans";  // hans | hant
  SignFields defaults;          // from the project
  SignOverrides overrides;
  SignFields fields;  // effective: the override, else the default
  std::optional<Evidence> evidence;
  std::string state;                          // missing | draft | evidenced
  std::optional<std::string> start_date;      // the project's start (first report that is not "planned")
  std::optional<std::string> completed_date;  // first "completed" report, while the project is finished
  std::optional<int> days_since_start;        // to today, or to completed_date when finished
  bool overdue = false;
  bool is_demo = false;
  std::string updated_at;  // the record's, else the project's
};

struct WindowCheck {
  std::int64_t id = 0;
  std::string checked_on;
  bool poster_present = false;
  std::string note;
  std::optional<std::int64_t> file_id;
  std::string checked_by;  // display name
  std::string created_at;
};

struct Window {
  std::int64_t id = 0;
  std::int64_t town_id = 0;
  std::int64_t unit_id = 0;
  std::string unit_name, unit_path;
  std::string place;
  std::vector<std::int64_t> project_ids;
  std::optional<std::string> last_checked_on;
  std::vector<WindowCheck> checks;  // newest first
  std::string created_at, updated_at;
};

struct LeafletVersion {
  std::int64_t id = 0;
  std::int64_t project_id = 0;
  int version = 0;
  bool frozen = false;
  std::optional<std::string> frozen_at;
  std::string title, plain_text, eligibility, how_to_apply, hotline;
  std::string paper = "a4";  // a4 | a5
  bool two_up = false;
  std::string created_at, updated_at;
};

struct Distribution {
  std::int64_t id = 0;
  std::string target_kind;  // window | school | village | other
  std::string target_name;
  std::optional<std::int64_t> window_id, unit_id;
  int copies = 0;
  std::optional<std::int64_t> pupils_reached;
  std::string handed_on;
  std::string created_at;
};

struct PrintRun {
  std::int64_t id = 0;
  std::int64_t town_id = 0;
  std::int64_t unit_id = 0;
  std::string unit_name, unit_path;
  std::string kind;  // sign | poster | leaflet
  std::int64_t project_id = 0;
  std::string project_code, project_name;
  int year = 0;
  std::optional<int> leaflet_version;
  int copies = 0;
  std::string printed_on;
  std::vector<Distribution> distributions;
  int distributed = 0;  // Σ distributions' copies
  std::int64_t pupils_reached = 0;
  std::string created_at;
};

}  // namespace minsheng::signage
