// Probes for the portal routes: public pages without a body; the project page and the photo routes need a
// project (and a photo attached to one of its progress updates) in the portal's town, written directly.
#include "integration/files_support.hpp"
#include "integration/probes.hpp"

namespace minsheng::testing {
namespace {

constexpr const char* kWhen = "2024-01-01T00:00:00.000Z";

// A project of the portal's town (T1) with a numeric code, so that "/p/{id}" can name it.
std::int64_t insert_probe_project(TestServer& s, const std::string& code) {
  return db::query(
             s.pool(),
             "INSERT INTO projects (town_id, year, code, name, category, lead_unit_id, change_flag, "
             "created_at, updated_at) VALUES ($1, 2020, $2, '探针项目', 'engineering', $3, 'new', $4, $4) "
             "RETURNING id",
             {s.seed().units.at("T1"), code, s.seed().units.at("DX"), kWhen})
      .first()
      .int64("id");
}

// A photo (a stored JPEG with its public copy and thumbnail) attached to a progress update of a T1 project.
std::int64_t insert_attached_photo(ProbeCtx& c) {
  TestServer& s = c.server;
  const std::int64_t project = insert_probe_project(s, "photo-" + std::to_string(++c.counter));
  const std::int64_t progress =
      db::query(
          s.pool(),
          "INSERT INTO project_progress (project_id, report_date, progress_pct, funds_disbursed, status, "
          "note, created_at) VALUES ($1, '2020-06-05', 10, 0, 'in_progress', '', $2) RETURNING id",
          {project, kWhen})
          .first()
          .int64("id");
  const std::int64_t file = insert_test_file(s, s.seed().units.at("DX"));
  db::query(s.pool(),
            "INSERT INTO project_progress_photos (progress_id, file_id, caption) VALUES ($1, $2, '现场')",
            {progress, file});
  return file;
}

}  // namespace

void add_portal_probes(std::map<std::string, Probe>& m) {
  auto none = [](ProbeCtx&, bool, std::int64_t) -> std::optional<boost::json::value> { return std::nullopt; };
  for (const char* path :
       {"/", "/static/portal/portal.css", "/static/portal/share.svg", "/projects", "/search"})
    m[route_key("GET", path)] = Probe{.body = none};
  Probe project{.body = none};
  project.make = [](ProbeCtx& c, bool) {
    const std::int64_t code = 900000 + ++c.counter;
    insert_probe_project(c.server, std::to_string(code));
    return code;
  };
  m[route_key("GET", "/p/{id}")] = project;
  for (const char* path : {"/photos/{id}", "/photos/{id}/thumb"}) {
    Probe photo{.body = none};
    photo.make = [](ProbeCtx& c, bool) { return insert_attached_photo(c); };
    m[route_key("GET", path)] = photo;
  }
}

}  // namespace minsheng::testing
