#pragma once
// Read-only queries for the public portal (issue 4; PRODUCT.md §9): a town's project years, a year's
// catalogue with the current figures, one project by code with its units, targets and progress timeline,
// and the check behind the public photo routes. No scope checks: everything here is public, limited to the
// portal's town.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "db/db.hpp"
#include "modules/projects/model.hpp"

namespace minsheng::projects {

// A photo of a progress update, as the portal shows it.
struct PublicPhoto {
  std::int64_t file_id = 0;
  std::string caption;
  std::optional<std::string> taken_at;        // EXIF capture time "YYYY-MM-DDTHH:MM:SS" (camera local time)
  std::optional<std::int64_t> width, height;  // as displayed (EXIF orientation applied)
};

struct PublicUpdate {
  ProgressUpdate update;            // update.photos: file id and caption; created_by_name left empty
  std::vector<PublicPhoto> photos;  // the same photos with their sizes and capture times (images only)
};

struct PublicProject {
  Project project;                     // with cooperating units, targets and current figures
  std::vector<PublicUpdate> timeline;  // newest first (report date, then id)
};

// What the public photo routes serve: a file attached to a progress update of a project in the town.
struct PublicPhotoFile {
  std::int64_t file_id = 0;
  std::string content_type;  // of the original
  std::optional<std::string> public_sha256, public_type;
  std::optional<std::string> thumb_sha256;  // a JPEG
};

// The years that have projects in the town, newest first.
std::vector<int> public_years(db::Connection& conn, std::int64_t town_id);

// The town's projects of `year` with the lead unit's name and the current figures (no cooperating units, no
// targets), ordered by sort order, code and id.
std::vector<Project> public_projects(db::Connection& conn, std::int64_t town_id, int year);

// The projects with these ids in the town, in the order of `ids` (ids of other towns are left out); as
// public_projects.
std::vector<Project> public_projects_by_ids(db::Connection& conn, std::int64_t town_id,
                                            std::span<const std::int64_t> ids);

// The project with this code in the town (the newest year that has the code), whole; nullopt if none.
std::optional<PublicProject> public_project_by_code(db::Connection& conn, std::int64_t town_id,
                                                    std::string_view code);

// The file if it is attached to a progress update of a project in the town; nullopt otherwise. The bytes come
// from files::get_blob.
std::optional<PublicPhotoFile> public_photo(db::Connection& conn, std::int64_t town_id, std::int64_t file_id);

}  // namespace minsheng::projects
