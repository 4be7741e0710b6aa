#include "modules/files/store.hpp"

#include "platform/crypto.hpp"

namespace minsheng::files {

std::string put_blob(db::Tx& tx, const std::string& bytes, const std::string& now) {
  std::string sha = platform::sha256_hex(bytes);
  tx.query(
      "INSERT INTO blobs (sha256, size, data, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO "
      "NOTHING",
      {sha, static_cast<std::int64_t>(bytes.size()), db::Blob{bytes}, now});
  return sha;
}

std::optional<std::string> get_blob(db::Connection& conn, const std::string& sha256) {
  auto rs = conn.query("SELECT data FROM blobs WHERE sha256 = $1", {sha256});
  if (rs.empty()) return std::nullopt;
  return rs.first().blob("data").bytes;
}

std::int64_t insert_file(db::Tx& tx, const FileRecord& f) {
  auto rs = tx.query(
      "INSERT INTO files (org_unit_id, town_id, uploaded_by, created_at, original_name, kind, content_type, "
      "size, "
      "sha256, public_sha256, public_type, thumb_sha256, width, height, taken_at, gps_lat, gps_lng) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id",
      {f.org_unit_id, f.town_id, f.uploaded_by, f.created_at, f.original_name, f.kind, f.content_type, f.size,
       f.sha256, f.public_sha256, f.public_type, f.thumb_sha256, f.width, f.height, f.taken_at, f.gps_lat,
       f.gps_lng});
  return rs.first().int64("id");
}

std::optional<FileRecord> find_file(db::Connection& conn, std::int64_t id) {
  auto rs = conn.query(
      "SELECT f.id, f.org_unit_id, f.town_id, f.uploaded_by, f.created_at, f.original_name, f.kind, "
      "f.content_type, f.size, f.sha256, f.public_sha256, f.public_type, f.thumb_sha256, f.width, f.height, "
      "f.taken_at, f.gps_lat, f.gps_lng, ou.path FROM files f JOIN org_units ou ON ou.id = f.org_unit_id "
      "WHERE f.id = $1",
      {id});
  if (rs.empty()) return std::nullopt;
  const auto& r = rs.first();
  FileRecord f;
  f.id = r.int64("id");
  f.org_unit_id = r.int64("org_unit_id");
  f.town_id = r.opt_int64("town_id");
  f.uploaded_by = r.int64("uploaded_by");
  f.created_at = r.text("created_at");
  f.original_name = r.text("original_name");
  f.kind = r.text("kind");
  f.content_type = r.text("content_type");
  f.size = r.int64("size");
  f.sha256 = r.text("sha256");
  f.public_sha256 = r.opt_text("public_sha256");
  f.public_type = r.opt_text("public_type");
  f.thumb_sha256 = r.opt_text("thumb_sha256");
  f.width = r.opt_int64("width");
  f.height = r.opt_int64("height");
  f.taken_at = r.opt_text("taken_at");
  if (!r.is_null("gps_lat")) f.gps_lat = r.real("gps_lat");
  if (!r.is_null("gps_lng")) f.gps_lng = r.real("gps_lng");
  f.unit_path = r.text("path");
  return f;
}

}  // namespace minsheng::files
