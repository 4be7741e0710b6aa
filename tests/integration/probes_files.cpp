// Probes for the file routes (issue 3): an upload as multipart/form-data naming an in-scope or out-of-scope
// unit, and reads of a file stored in the principal's in-scope or out-of-scope unit.
#include "integration/files_support.hpp"
#include "integration/probes.hpp"
#include "platform/crypto.hpp"
#include "support/test_images.hpp"

namespace minsheng::testing {
namespace {

const std::string& small_jpeg() {
  static const std::string j = images::jpeg(16, 12);
  return j;
}

std::int64_t unit_for(ProbeCtx& c, bool in_scope) {
  return c.server.seed().units.at(in_scope ? in_unit_key(c.principal) : out_unit_key(c.principal));
}

}  // namespace

std::string multipart_body(const std::string& boundary,
                           const std::vector<std::pair<std::string, std::string>>& fields,
                           const std::string& filename, const std::string& bytes,
                           const std::string& part_type) {
  std::string b;
  for (const auto& [name, value] : fields)
    b += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value +
         "\r\n";
  b += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename +
       "\"\r\nContent-Type: " + part_type + "\r\n\r\n" + bytes + "\r\n--" + boundary + "--\r\n";
  return b;
}

// A file row (with its blobs) in `unit`, written directly: the read probes need one per call.
std::int64_t insert_test_file(TestServer& s, std::int64_t unit) {
  const std::string& bytes = small_jpeg();
  const std::string sha = platform::sha256_hex(bytes);
  db::query(
      s.pool(),
      "INSERT INTO blobs (sha256, size, data, created_at) VALUES ($1, $2, $3, '2024-01-01T00:00:00.000Z') "
      "ON CONFLICT (sha256) DO NOTHING",
      {sha, static_cast<std::int64_t>(bytes.size()), db::Blob{bytes}});
  auto town =
      db::query(s.pool(), "SELECT town_id FROM org_units WHERE id = $1", {unit}).first().opt_int64("town_id");
  return db::query(
             s.pool(),
             "INSERT INTO files (org_unit_id, town_id, uploaded_by, created_at, original_name, kind, "
             "content_type, size, sha256, public_sha256, public_type, thumb_sha256, width, height) "
             "VALUES ($1, $2, $3, '2024-01-01T00:00:00.000Z', '测试.jpg', 'image', 'image/jpeg', $4, $5, $5, "
             "'image/jpeg', $5, 16, 12) RETURNING id",
             {unit, town, s.seed().users.at("village_a"), static_cast<std::int64_t>(bytes.size()), sha})
      .first()
      .int64("id");
}

void add_file_probes(std::map<std::string, Probe>& m) {
  auto none = [](ProbeCtx&, bool, std::int64_t) -> std::optional<boost::json::value> { return std::nullopt; };
  Probe upload;
  upload.body = none;
  upload.raw_body = [](ProbeCtx& c, bool in, std::int64_t) -> std::optional<Probe::RawBody> {
    const std::string boundary = "----probe" + std::to_string(++c.counter);
    return Probe::RawBody{"multipart/form-data; boundary=" + boundary,
                          multipart_body(boundary, {{"orgUnitId", std::to_string(unit_for(c, in))}},
                                         "照片.jpg", small_jpeg(), "image/jpeg")};
  };
  m[route_key("POST", "/api/v1/files")] = upload;
  for (const char* suffix : {"", "/content", "/thumb", "/public"}) {
    Probe read;
    read.body = none;
    read.make = [](ProbeCtx& c, bool in) { return insert_test_file(c.server, unit_for(c, in)); };
    m[route_key("GET", std::string("/api/v1/files/{id}") + suffix)] = read;
  }
}

}  // namespace minsheng::testing
