#pragma once
// The records of information submissions (issue 5; contract in docs: kinds news / photo_story / voice, the
// review workflow, adoption upward, notifications, quota settings). Times are UTC ISO text as stored.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace minsheng::submissions {

struct ProjectLink {
  std::int64_t id = 0;
  std::string code;
  std::string name;
  std::optional<std::pair<double, double>> location;  // lat, lng when the project has one
};

struct PhotoRef {
  std::int64_t file_id = 0;
  std::string caption;
  std::optional<std::string> taken_at;  // EXIF time of the file ("YYYY-MM-DDTHH:MM:SS"), when it has one
  std::optional<double> gps_lat, gps_lng;
};

struct PhotoPair {
  int pair_no = 0;  // 1, 2, ...
  PhotoRef before;
  PhotoRef after;
  std::optional<std::int64_t> composite_file_id;  // the side-by-side image (submission_composites)
};

struct Adoption {
  std::string level;  // county | city | province
  std::string outlet;
  std::string adopted_on;  // YYYY-MM-DD
};

struct Event {
  std::string action;
  std::string from_state, to_state;
  std::string reason;
  std::string user_name;
  std::string at;
};

struct Submission {
  std::int64_t id = 0;
  std::int64_t town_id = 0;
  std::int64_t org_unit_id = 0;
  std::string org_unit_name;
  std::string unit_path;  // of org_unit_id, for the scope check
  std::string kind;       // news | photo_story | voice
  std::string state;      // draft | submitted | returned | reviewed | approved | published
  std::string title;
  std::string body;  // Markdown
  std::string author_name;
  std::optional<std::int64_t> speaker_village_id;
  std::string speaker_village_name;
  std::string speaker_desc;
  bool consent = false;
  std::string quote;
  std::string interviewer;
  std::optional<std::string> first_submitted_at, submitted_at, approved_at, published_at, forwarded_at;
  std::string forwarded_to;
  std::string last_reason;
  std::optional<std::int64_t> created_by;
  bool is_demo = false;
  std::string created_at, updated_at;
  std::vector<ProjectLink> projects;
  std::vector<PhotoRef> photos;  // news
  std::vector<PhotoPair> pairs;  // photo_story
  std::vector<Adoption> adoptions;
};

// What a client sends to create or edit an item (kind fixed after creation).
struct SubmissionInput {
  std::string kind;
  std::string title;
  std::string body;
  std::string author_name;
  std::vector<std::int64_t> project_ids;
  std::vector<PhotoRef> photos;  // file_id + caption
  struct PairInput {
    PhotoRef before, after;
  };
  std::vector<PairInput> pairs;
  std::optional<std::int64_t> speaker_village_id;
  std::string speaker_desc;
  bool consent = false;
  std::string quote;
  std::string interviewer;
  bool is_demo = false;
};

// Per-town workflow settings (submission_settings; defaults when the town has no row).
struct TownSettings {
  bool second_level = false;
  int pair_distance_m = 200;
  int reminder_days = 5;
  std::vector<std::string> banned_words;
};

struct Notification {
  std::int64_t id = 0;
  std::string kind, title, body, link, created_at;
  std::optional<std::string> read_at;
};

}  // namespace minsheng::submissions
