// Probes for the portal routes: public pages without a body; the project page and the media routes need a
// project (and a photo attached to one of its progress updates) in the portal's town, the submission pages a
// published submission of the town (a voice with consent), written directly.
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

// A published submission of `kind` in the portal's town (T1), by the department DX.
std::int64_t insert_published_submission(ProbeCtx& c, const std::string& kind) {
  TestServer& s = c.server;
  return db::query(s.pool(),
                   "INSERT INTO submissions (town_id, org_unit_id, kind, state, title, body, consent, quote, "
                   "speaker_desc, published_at, created_at, updated_at) VALUES ($1, $2, $3, 'published', $4, "
                   "'正文', 1, '好', '村民', $5, $5, $5) RETURNING id",
                   {s.seed().units.at("T1"), s.seed().units.at("DX"), kind,
                    "探针信息" + std::to_string(++c.counter), kWhen})
      .first()
      .int64("id");
}

}  // namespace

void add_portal_probes(std::map<std::string, Probe>& m) {
  auto none = [](ProbeCtx&, bool, std::int64_t) -> std::optional<boost::json::value> { return std::nullopt; };
  for (const char* path :
       {"/", "/static/portal/portal.css", "/static/portal/share.svg", "/static/portal/compare.js",
        "/projects", "/search", "/news", "/photos", "/voices"})
    m[route_key("GET", path)] = Probe{.body = none};
  Probe project{.body = none};
  project.make = [](ProbeCtx& c, bool) {
    const std::int64_t code = 900000 + ++c.counter;
    insert_probe_project(c.server, std::to_string(code));
    return code;
  };
  m[route_key("GET", "/p/{id}")] = project;
  for (const char* path : {"/media/{id}", "/media/{id}/thumb"}) {
    Probe photo{.body = none};
    photo.make = [](ProbeCtx& c, bool) { return insert_attached_photo(c); };
    m[route_key("GET", path)] = photo;
  }
  for (const auto& [path, kind] : {std::pair<const char*, const char*>{"/news/{id}", "news"},
                                   {"/photos/{id}", "photo_story"},
                                   {"/voices/{id}", "voice"}}) {
    Probe item{.body = none};
    item.make = [kind = std::string(kind)](ProbeCtx& c, bool) {
      return insert_published_submission(c, kind);
    };
    m[route_key("GET", path)] = item;
  }
}

}  // namespace minsheng::testing
