#include "modules/submissions/public.hpp"

#include <map>
#include <string>
#include <utility>

#include "core/clock.hpp"

namespace minsheng::submissions {
namespace {

// Visible on the portal: of the town ($1), published, and a voice only with the speaker's consent.
constexpr std::string_view kVisible =
    "s.town_id = $1 AND s.state = 'published' AND (s.kind <> 'voice' OR s.consent = 1)";

// An image with a public (EXIF-stripped) copy: the only files the portal shows.
constexpr std::string_view kPublicImage = "f.kind = 'image' AND f.public_sha256 IS NOT NULL";

constexpr std::string_view kItemColumns =
    "SELECT s.id, s.kind, s.title, s.body, s.author_name, s.published_at, s.is_demo, u.name AS unit_name, "
    "s.speaker_desc, s.quote, s.interviewer, v.name AS speaker_village_name FROM submissions s "
    "JOIN org_units u ON u.id = s.org_unit_id LEFT JOIN org_units v ON v.id = s.speaker_village_id ";

// Newest published first; an item without a publication time (never written so by the workflow) by its last
// change. COALESCE keeps the order the same on SQLite and PostgreSQL (which sort NULLs differently).
constexpr std::string_view kNewestFirst = " ORDER BY COALESCE(s.published_at, s.updated_at) DESC, s.id DESC";

std::string shanghai_day(const std::string& utc) {
  if (auto t = parse_iso_utc(utc)) return shanghai_date(*t);
  if (utc.size() >= 10 && valid_date(std::string_view(utc).substr(0, 10))) return utc.substr(0, 10);
  return {};
}

PublicItem item_from_row(const db::Row& r) {
  PublicItem it;
  it.id = r.int64("id");
  it.kind = r.text("kind");
  it.title = r.text("title");
  it.body = r.text("body");
  it.author_name = r.text("author_name");
  it.unit_name = r.text("unit_name");
  it.published_at = r.opt_text("published_at").value_or("");
  it.published_on = shanghai_day(it.published_at);
  it.is_demo = r.boolean("is_demo");
  if (it.kind == "voice") {
    it.speaker_village_name = r.opt_text("speaker_village_name").value_or("");
    it.speaker_desc = r.text("speaker_desc");
    it.quote = r.text("quote");
    it.interviewer = r.text("interviewer");
  }
  return it;
}

PublicPhoto photo_from_row(const db::Row& r) {
  PublicPhoto p;
  p.file_id = r.int64("file_id");
  p.caption = r.text("caption");
  p.taken_at = r.opt_text("taken_at");
  p.width = r.opt_int64("width");
  p.height = r.opt_int64("height");
  return p;
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

// Sets each listed item's cover: a photo story's first composite, else its first "after" photo; a news item's
// first photo. Voices have none.
void fill_covers(db::Connection& conn, std::vector<PublicItem>& items) {
  if (items.empty()) return;
  std::map<std::int64_t, PublicItem*> by_id;
  db::Params params;
  for (auto& it : items) {
    if (it.kind == "voice") continue;
    by_id[it.id] = &it;
    params.emplace_back(it.id);
  }
  if (params.empty()) return;
  const std::string in = placeholders(1, params.size());
  const std::string composites =
      "SELECT c.submission_id, c.file_id, '' AS caption, f.taken_at, f.width, f.height "
      "FROM submission_composites c JOIN files f ON f.id = c.file_id WHERE c.submission_id IN (" +
      in + ") AND " + std::string(kPublicImage) + " ORDER BY c.submission_id, c.pair_no";
  for (const auto& r : conn.query(composites, params).rows) {
    PublicItem* it = by_id.at(r.int64("submission_id"));
    if (!it->cover) it->cover = photo_from_row(r);
  }
  const std::string photos =
      "SELECT sp.submission_id, sp.file_id, sp.caption, f.taken_at, f.width, f.height "
      "FROM submission_photos sp JOIN files f ON f.id = sp.file_id WHERE sp.submission_id IN (" +
      in + ") AND sp.role IN ('photo', 'after') AND " + std::string(kPublicImage) +
      " ORDER BY sp.submission_id, sp.pair_no, sp.sort_order, sp.file_id";
  for (const auto& r : conn.query(photos, params).rows) {
    PublicItem* it = by_id.at(r.int64("submission_id"));
    if (!it->cover) it->cover = photo_from_row(r);
  }
}

}  // namespace

bool is_kind(std::string_view kind) {
  return kind == "news" || kind == "photo_story" || kind == "voice";
}

PublicList public_list(db::Connection& conn, std::int64_t town_id, std::string_view kind, std::int64_t offset,
                       std::int64_t limit) {
  PublicList out;
  if (!is_kind(kind) || limit <= 0 || offset < 0) return out;
  static const std::string count_sql =
      "SELECT COUNT(*) AS n FROM submissions s WHERE " + std::string(kVisible) + " AND s.kind = $2";
  out.total = conn.query(count_sql, {town_id, kind}).first().int64("n");
  if (out.total <= offset) return out;
  static const std::string sql = std::string(kItemColumns) + "WHERE " + std::string(kVisible) +
                                 " AND s.kind = $2" + std::string(kNewestFirst) + " LIMIT $3 OFFSET $4";
  for (const auto& r : conn.query(sql, {town_id, kind, limit, offset}).rows)
    out.items.push_back(item_from_row(r));
  fill_covers(conn, out.items);
  return out;
}

std::optional<PublicItem> public_item(db::Connection& conn, std::int64_t town_id, std::string_view kind,
                                      std::int64_t id) {
  if (!is_kind(kind)) return std::nullopt;
  static const std::string sql =
      std::string(kItemColumns) + "WHERE " + std::string(kVisible) + " AND s.kind = $2 AND s.id = $3";
  auto rs = conn.query(sql, {town_id, kind, id});
  if (rs.empty()) return std::nullopt;
  PublicItem it = item_from_row(rs.first());

  for (const auto& r : conn.query("SELECT p.id, p.code, p.name, p.year FROM submission_projects sp "
                                  "JOIN projects p ON p.id = sp.project_id WHERE sp.submission_id = $1 "
                                  "AND p.town_id = $2 ORDER BY p.year DESC, p.sort_order, p.code, p.id",
                                  {it.id, town_id})
                           .rows)
    it.projects.push_back(
        PublicProjectRef{r.int64("id"), r.text("code"), r.text("name"), static_cast<int>(r.int64("year"))});

  static const std::string photos_sql =
      "SELECT sp.file_id, sp.role, sp.pair_no, sp.caption, f.taken_at, f.width, f.height "
      "FROM submission_photos sp JOIN files f ON f.id = sp.file_id WHERE sp.submission_id = $1 AND " +
      std::string(kPublicImage) + " ORDER BY sp.pair_no, sp.sort_order, sp.file_id";
  std::map<int, PublicPair> pairs;
  for (const auto& r : conn.query(photos_sql, {it.id}).rows) {
    const std::string role = r.text("role");
    if (role == "photo") {
      if (it.kind == "news") it.photos.push_back(photo_from_row(r));
      continue;
    }
    if (it.kind != "photo_story") continue;
    const int no = static_cast<int>(r.int64("pair_no"));
    PublicPair& p = pairs[no];
    p.pair_no = no;
    auto& side = role == "before" ? p.before : p.after;
    if (!side) side = photo_from_row(r);
  }
  if (it.kind == "photo_story") {
    static const std::string composites_sql =
        "SELECT c.pair_no, c.file_id, '' AS caption, f.taken_at, f.width, f.height FROM "
        "submission_composites c "
        "JOIN files f ON f.id = c.file_id WHERE c.submission_id = $1 AND " +
        std::string(kPublicImage) + " ORDER BY c.pair_no";
    for (const auto& r : conn.query(composites_sql, {it.id}).rows) {
      const int no = static_cast<int>(r.int64("pair_no"));
      PublicPair& p = pairs[no];
      p.pair_no = no;
      p.composite = photo_from_row(r);
    }
    for (auto& [no, p] : pairs)
      it.pairs.push_back(std::move(p));
  }
  return it;
}

std::vector<PublicItem> public_items_of_project(db::Connection& conn, std::int64_t town_id,
                                                std::int64_t project_id) {
  static const std::string sql = std::string(kItemColumns) + "WHERE " + std::string(kVisible) +
                                 " AND EXISTS (SELECT 1 FROM submission_projects sp WHERE sp.submission_id = "
                                 "s.id AND sp.project_id = $2)" +
                                 std::string(kNewestFirst) + " LIMIT 100";
  std::vector<PublicItem> out;
  for (const auto& r : conn.query(sql, {town_id, project_id}).rows)
    out.push_back(item_from_row(r));
  fill_covers(conn, out);
  return out;
}

std::optional<projects::PublicPhotoFile> public_file(db::Connection& conn, std::int64_t town_id,
                                                     std::int64_t file_id) {
  static const std::string sql =
      "SELECT f.id, f.content_type, f.public_sha256, f.public_type, f.thumb_sha256 FROM files f "
      "WHERE f.id = $2 AND f.kind = 'image' AND ("
      "EXISTS (SELECT 1 FROM submission_photos sp JOIN submissions s ON s.id = sp.submission_id "
      "WHERE sp.file_id = f.id AND " +
      std::string(kVisible) +
      ") OR EXISTS (SELECT 1 FROM submission_composites c JOIN submissions s ON s.id = c.submission_id "
      "WHERE c.file_id = f.id AND " +
      std::string(kVisible) + "))";
  auto rs = conn.query(sql, {town_id, file_id});
  if (rs.empty()) return std::nullopt;
  const db::Row& r = rs.first();
  projects::PublicPhotoFile f;
  f.file_id = r.int64("id");
  f.content_type = r.text("content_type");
  f.public_sha256 = r.opt_text("public_sha256");
  f.public_type = r.opt_text("public_type");
  f.thumb_sha256 = r.opt_text("thumb_sha256");
  return f;
}

}  // namespace minsheng::submissions
