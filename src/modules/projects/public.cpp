#include "modules/projects/public.hpp"

#include <map>
#include <string>
#include <utility>

#include "modules/projects/service.hpp"

namespace minsheng::projects {
namespace {

Current current_from_row(const db::Row& r) {
  Current c;
  c.progress_pct = static_cast<int>(r.int64("progress_pct"));
  c.funds_disbursed = r.int64("funds_disbursed");
  c.status = r.text("status");
  c.report_date = r.text("report_date");
  return c;
}

// "$first, $first+1, ..." for `n` parameters (built from numbers only).
std::string placeholders(std::size_t first, std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    if (i) s += ", ";
    s += "$" + std::to_string(first + i);
  }
  return s;
}

// Sets each project's current figures from its latest update (report date, then id); the defaults stay for
// projects without updates.
void fill_current(db::Connection& conn, std::vector<Project>& projects) {
  if (projects.empty()) return;
  std::map<std::int64_t, Project*> by_id;
  db::Params params;
  for (auto& p : projects) {
    by_id[p.id] = &p;
    params.emplace_back(p.id);
  }
  const std::string sql =
      "SELECT project_id, report_date, progress_pct, funds_disbursed, status FROM project_progress "
      "WHERE project_id IN (" +
      placeholders(1, params.size()) + ") ORDER BY project_id, report_date, id";
  for (const auto& r : conn.query(sql, params).rows)
    by_id.at(r.int64("project_id"))->current = current_from_row(r);  // the last one wins
}

}  // namespace

std::vector<int> public_years(db::Connection& conn, std::int64_t town_id) {
  std::vector<int> years;
  for (const auto& r :
       conn.query("SELECT DISTINCT year FROM projects WHERE town_id = $1 ORDER BY year DESC", {town_id}).rows)
    years.push_back(static_cast<int>(r.int64("year")));
  return years;
}

std::vector<Project> public_projects(db::Connection& conn, std::int64_t town_id, int year) {
  static const std::string sql = std::string(kProjectSelect) +
                                 " WHERE p.town_id = $1 AND p.year = $2 ORDER BY p.sort_order, p.code, p.id";
  std::vector<Project> out;
  for (const auto& r : conn.query(sql, {town_id, year}).rows)
    out.push_back(project_from_row(r));
  fill_current(conn, out);
  return out;
}

std::vector<Project> public_projects_by_ids(db::Connection& conn, std::int64_t town_id,
                                            std::span<const std::int64_t> ids) {
  std::vector<Project> out;
  if (ids.empty()) return out;
  db::Params params{town_id};
  for (auto id : ids)
    params.emplace_back(id);
  const std::string sql =
      std::string(kProjectSelect) + " WHERE p.town_id = $1 AND p.id IN (" + placeholders(2, ids.size()) + ")";
  std::map<std::int64_t, Project> found;
  for (const auto& r : conn.query(sql, params).rows) {
    Project p = project_from_row(r);
    found.emplace(p.id, std::move(p));
  }
  for (auto id : ids) {
    auto it = found.find(id);
    if (it == found.end()) continue;
    out.push_back(std::move(it->second));
    found.erase(it);  // an id listed twice appears once
  }
  fill_current(conn, out);
  return out;
}

std::optional<PublicProject> public_project_by_code(db::Connection& conn, std::int64_t town_id,
                                                    std::string_view code) {
  static const std::string sql =
      std::string(kProjectSelect) +
      " WHERE p.town_id = $1 AND p.code = $2 ORDER BY p.year DESC, p.id DESC LIMIT 1";
  auto rs = conn.query(sql, {town_id, code});
  if (rs.empty()) return std::nullopt;
  PublicProject out;
  Project& p = out.project;
  p = project_from_row(rs.first());
  for (const auto& r : conn.query("SELECT u.id, u.name FROM project_units pu JOIN org_units u ON u.id = "
                                  "pu.org_unit_id WHERE pu.project_id = $1 ORDER BY u.sort_order, u.id",
                                  {p.id})
                           .rows)
    p.cooperating.push_back(UnitRef{r.int64("id"), r.text("name")});
  for (const auto& r : conn.query("SELECT id, name, unit, planned, achieved FROM project_targets "
                                  "WHERE project_id = $1 ORDER BY sort_order, id",
                                  {p.id})
                           .rows) {
    Target t;
    t.id = r.int64("id");
    t.name = r.text("name");
    t.unit = r.text("unit");
    if (!r.is_null("planned")) t.planned = r.real("planned");
    if (!r.is_null("achieved")) t.achieved = r.real("achieved");
    p.targets.push_back(std::move(t));
  }

  std::map<std::int64_t, std::size_t> index;  // progress id -> position in the timeline
  for (const auto& r :
       conn.query("SELECT id, project_id, report_date, progress_pct, funds_disbursed, status, "
                  "note, created_by, created_at FROM project_progress WHERE project_id = $1 "
                  "ORDER BY report_date DESC, id DESC",
                  {p.id})
           .rows) {
    PublicUpdate u;
    u.update.id = r.int64("id");
    u.update.project_id = r.int64("project_id");
    u.update.report_date = r.text("report_date");
    u.update.progress_pct = static_cast<int>(r.int64("progress_pct"));
    u.update.funds_disbursed = r.int64("funds_disbursed");
    u.update.status = r.text("status");
    u.update.note = r.text("note");
    u.update.created_by = r.opt_int64("created_by");
    u.update.created_at = r.text("created_at");
    index[u.update.id] = out.timeline.size();
    out.timeline.push_back(std::move(u));
  }
  if (!out.timeline.empty()) {
    Current& c = p.current;
    const ProgressUpdate& latest = out.timeline.front().update;
    c.progress_pct = latest.progress_pct;
    c.funds_disbursed = latest.funds_disbursed;
    c.status = latest.status;
    c.report_date = latest.report_date;
    // Only images with a public copy are shown.
    for (const auto& r :
         conn.query("SELECT ph.progress_id, ph.file_id, ph.caption, f.taken_at, f.width, f.height "
                    "FROM project_progress_photos ph JOIN project_progress pp ON pp.id = ph.progress_id "
                    "JOIN files f ON f.id = ph.file_id WHERE pp.project_id = $1 AND f.kind = 'image' "
                    "AND f.public_sha256 IS NOT NULL ORDER BY ph.progress_id, ph.sort_order, ph.file_id",
                    {p.id})
             .rows) {
      PublicUpdate& u = out.timeline.at(index.at(r.int64("progress_id")));
      PublicPhoto ph;
      ph.file_id = r.int64("file_id");
      ph.caption = r.text("caption");
      ph.taken_at = r.opt_text("taken_at");
      ph.width = r.opt_int64("width");
      ph.height = r.opt_int64("height");
      u.update.photos.push_back(Photo{ph.file_id, ph.caption});
      u.photos.push_back(std::move(ph));
    }
  }
  return out;
}

std::optional<PublicPhotoFile> public_photo(db::Connection& conn, std::int64_t town_id,
                                            std::int64_t file_id) {
  auto rs = conn.query(
      "SELECT f.id, f.content_type, f.public_sha256, f.public_type, f.thumb_sha256 FROM files f "
      "WHERE f.id = $1 AND EXISTS (SELECT 1 FROM project_progress_photos ph "
      "JOIN project_progress pp ON pp.id = ph.progress_id JOIN projects p ON p.id = pp.project_id "
      "WHERE ph.file_id = f.id AND p.town_id = $2)",
      {file_id, town_id});
  if (rs.empty()) return std::nullopt;
  const db::Row& r = rs.first();
  PublicPhotoFile f;
  f.file_id = r.int64("id");
  f.content_type = r.text("content_type");
  f.public_sha256 = r.opt_text("public_sha256");
  f.public_type = r.opt_text("public_type");
  f.thumb_sha256 = r.opt_text("thumb_sha256");
  return f;
}

}  // namespace minsheng::projects
