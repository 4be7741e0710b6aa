#include "modules/files/routes.hpp"

#include <boost/json.hpp>

#include <charconv>

#include "core/messages.hpp"
#include "http/parse/multipart.hpp"
#include "infra/images/images.hpp"
#include "modules/files/names.hpp"
#include "modules/files/store.hpp"
#include "platform/json_util.hpp"
#include "platform/org_units.hpp"

namespace minsheng::files {
namespace {

namespace json = boost::json;
namespace images = infra::images;
using platform::fail;
using platform::RequestContext;
using platform::unwrap;

constexpr std::size_t kFeedChunk = 64 * 1024;

http::parse::MultipartLimits upload_limits() {
  http::parse::MultipartLimits l;
  l.max_parts = 50;
  l.max_part_header = 8 * 1024;
  l.max_file_size = 10 * 1024 * 1024;  // a photo (SECURITY.md §2)
  l.max_field_size = 1024;
  l.max_total = 21 * 1024 * 1024;  // the server refuses bodies over 20 MiB before they arrive
  return l;
}

json::object file_json(const FileRecord& f) {
  json::object o{{"id", f.id},
                 {"orgUnitId", f.org_unit_id},
                 {"name", f.original_name},
                 {"kind", f.kind},
                 {"type", f.content_type},
                 {"size", f.size},
                 {"sha256", f.sha256},
                 {"createdAt", platform::time_json(f.created_at)},
                 {"uploadedBy", f.uploaded_by},
                 {"hasThumbnail", f.thumb_sha256.has_value()},
                 {"hasPublic", f.public_sha256.has_value()}};
  o["width"] = f.width ? json::value(*f.width) : json::value(nullptr);
  o["height"] = f.height ? json::value(*f.height) : json::value(nullptr);
  o["takenAt"] = platform::camera_time_json(f.taken_at);
  if (f.gps_lat && f.gps_lng)
    o["gps"] = json::object{{"lat", *f.gps_lat}, {"lng", *f.gps_lng}};
  else
    o["gps"] = nullptr;
  return o;
}

Error field_error(const std::string& field, const std::string& key) {
  return Error::field(ErrorCode::InvalidArgument, field, messages::for_field(key, field));
}

// The file row if it exists and is in the caller's scope; otherwise 404 (no hint that it exists).
FileRecord require_file(RequestContext& ctx, db::Connection& conn) {
  auto f = find_file(conn, ctx.id_param());
  if (!f || !platform::in_scope(ctx.user(), f->unit_path)) fail(ErrorCode::NotFound, "error.not_found");
  return *f;
}

struct Upload {
  http::parse::MultipartPart file;
  std::optional<std::int64_t> org_unit_id;
};

Upload read_upload(RequestContext& ctx) {
  auto boundary = unwrap(http::parse::multipart_boundary(ctx.req.header("content-type").value_or("")));
  http::parse::MultipartParser parser(std::move(boundary), upload_limits());
  const std::string_view body = ctx.req.body;
  for (std::size_t off = 0; off < body.size(); off += kFeedChunk)
    unwrap(parser.feed(body.substr(off, kFeedChunk)));
  unwrap(parser.finish());
  Upload up;
  bool have_file = false, have_unit = false;
  std::vector<FieldError> errors;
  for (auto& part : parser.take_parts()) {
    if (part.name == "file") {
      if (have_file) {
        errors.push_back(FieldError{"file", std::string(messages::text("file.too_many_files"))});
        continue;
      }
      have_file = true;
      if (!part.is_file()) {
        errors.push_back(FieldError{"file", std::string(messages::text("file.missing"))});
        continue;
      }
      up.file = std::move(part);
    } else if (part.name == "orgUnitId") {
      if (have_unit) {
        errors.push_back(field_error("orgUnitId", "field.duplicate").fields.front());
        continue;
      }
      have_unit = true;
      std::int64_t v = 0;
      const std::string& s = part.data;
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (part.is_file() || s.empty() || ec != std::errc() || p != s.data() + s.size() || v <= 0)
        errors.push_back(field_error("orgUnitId", "field.type_integer").fields.front());
      else
        up.org_unit_id = v;
    } else {
      const std::string name = http::parse::valid_utf8(part.name) ? part.name.substr(0, 64) : "?";
      errors.push_back(FieldError{name, messages::for_field("field.unknown", name)});
    }
  }
  if (!have_file && errors.empty())
    errors.push_back(FieldError{"file", std::string(messages::text("file.missing"))});
  if (!errors.empty()) fail(Error{ErrorCode::InvalidArgument, "error.invalid_field", std::move(errors)});
  return up;
}

// POST /api/v1/files: multipart with `file` and an optional `orgUnitId` (default: the uploader's unit, which
// must be in scope, else 404). The bytes decide the type (415 outside JPEG/PNG/WebP/PDF); images are
// re-encoded (422 if they do not decode or exceed the pixel limit). Audited as file.upload.
http::Response upload(RequestContext& ctx) {
  const auto& me = ctx.user();
  Upload up = read_upload(ctx);
  const std::int64_t unit_id = up.org_unit_id.value_or(me.org_unit_id);
  std::optional<platform::OrgUnit> unit;
  {
    auto lease = ctx.app.pool.acquire();
    unit = platform::find_org_unit(*lease, unit_id);
  }
  if (!unit || !platform::in_scope(me, unit->path)) fail(ErrorCode::NotFound, "error.not_found");

  // CPU work (vips) on this worker thread, before the write transaction is opened.
  auto processed = unwrap(images::process(up.file.data));

  FileRecord f;
  f.org_unit_id = unit->id;
  f.town_id = unit->town_id;
  f.uploaded_by = me.user_id;
  f.created_at = iso_utc(ctx.now());
  f.original_name = sanitize_filename(*up.file.filename);
  f.kind = images::is_image(processed.kind) ? "image" : "pdf";
  f.content_type = std::string(images::mime_type(processed.kind));
  f.size = static_cast<std::int64_t>(up.file.data.size());
  if (images::is_image(processed.kind)) {
    f.width = processed.width;
    f.height = processed.height;
    f.taken_at = processed.taken_at;
    f.gps_lat = processed.gps_lat;
    f.gps_lng = processed.gps_lng;
  }
  db::Tx tx(ctx.app.pool);
  f.sha256 = put_blob(tx, up.file.data, f.created_at);
  if (processed.public_copy) {
    f.public_sha256 = put_blob(tx, processed.public_copy->bytes, f.created_at);
    f.public_type = processed.public_copy->content_type;
  }
  if (processed.thumbnail) f.thumb_sha256 = put_blob(tx, processed.thumbnail->bytes, f.created_at);
  f.id = insert_file(tx, f);
  // The audit record names the file but carries no GPS position (personal information).
  ctx.audit(
      tx,
      platform::AuditEntry{
          .entity = "file",
          .entity_id = std::to_string(f.id),
          .org_unit_id = f.org_unit_id,
          .after_json = json::serialize(json::object{
              {"name", f.original_name}, {"type", f.content_type}, {"size", f.size}, {"sha256", f.sha256}}),
      });
  tx.commit();
  return ctx.json(201, file_json(f));
}

http::Response metadata(RequestContext& ctx) {
  auto lease = ctx.app.pool.acquire();
  return ctx.json(200, file_json(require_file(ctx, *lease)));
}

bool etag_matches(std::string_view header, std::string_view etag) {
  // A list of entity tags (weak ones compare weakly) or "*".
  std::size_t pos = 0;
  while (pos < header.size()) {
    auto comma = header.find(',', pos);
    std::string_view t =
        header.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    while (!t.empty() && t.front() == ' ')
      t.remove_prefix(1);
    while (!t.empty() && t.back() == ' ')
      t.remove_suffix(1);
    if (t.starts_with("W/")) t.remove_prefix(2);
    if (t == "*" || t == etag) return true;
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return false;
}

enum class Variant { Original, Thumbnail, Public };

// Serves one stored variant by id: the type we decided, never the client's; nosniff; a sandbox CSP so that a
// document opened directly cannot run script; ETag = the blob's SHA-256.
http::Response serve(RequestContext& ctx, Variant which) {
  auto lease = ctx.app.pool.acquire();
  const FileRecord f = require_file(ctx, *lease);
  std::optional<std::string> sha;
  std::string type;
  std::string suffix;
  std::string ext;
  switch (which) {
    case Variant::Original:
      sha = f.sha256;
      type = f.content_type;
      break;
    case Variant::Thumbnail:
      sha = f.thumb_sha256;
      type = "image/jpeg";
      suffix = "-thumb";
      break;
    case Variant::Public:
      sha = f.public_sha256;
      type = f.public_type.value_or(f.content_type);
      suffix = "-public";
      break;
  }
  if (!sha) fail(ErrorCode::NotFound, "file.no_variant");
  if (type == "image/jpeg")
    ext = "jpg";
  else if (type == "image/png")
    ext = "png";
  else if (type == "image/webp")
    ext = "webp";
  else
    ext = "pdf";
  const std::string etag = "\"" + *sha + "\"";
  http::Response res;
  if (auto inm = ctx.req.header("if-none-match"); inm && etag_matches(*inm, etag)) {
    res.status = 304;
  } else {
    auto bytes = get_blob(*lease, *sha);
    if (!bytes) fail(ErrorCode::NotFound, "error.not_found");
    res.status = 200;
    res.body = std::move(*bytes);
    res.set_header("content-type", type);
  }
  const std::string ascii = "file-" + std::to_string(f.id) + suffix + "." + ext;
  const std::string shown = with_extension(f.original_name, ext);
  res.set_header("content-disposition",
                 content_disposition(which == Variant::Original ? "attachment" : "inline", ascii, shown));
  res.set_header("etag", etag);
  res.set_header("x-content-type-options", "nosniff");
  res.set_header("content-security-policy", "sandbox; default-src 'none'");
  res.set_header("cross-origin-resource-policy", "same-origin");
  return res;
}

}  // namespace

platform::RouteTable file_routes() {
  using http::Method;
  using platform::Permission;
  using platform::ScopeRule;
  return {
      {Method::Post, "/api/v1/files", Permission::FileUpload, ScopeRule::OrgUnit, "file.upload", upload},
      {Method::Get, "/api/v1/files/{id}", Permission::FileRead, ScopeRule::OrgUnit, "", metadata},
      {Method::Get, "/api/v1/files/{id}/content", Permission::FileRead, ScopeRule::OrgUnit, "",
       [](RequestContext& ctx) { return serve(ctx, Variant::Original); }},
      {Method::Get, "/api/v1/files/{id}/thumb", Permission::FileRead, ScopeRule::OrgUnit, "",
       [](RequestContext& ctx) { return serve(ctx, Variant::Thumbnail); }},
      {Method::Get, "/api/v1/files/{id}/public", Permission::FileRead, ScopeRule::OrgUnit, "",
       [](RequestContext& ctx) { return serve(ctx, Variant::Public); }},
  };
}

http::Response download(std::string body, std::string_view content_type, const std::string& ascii,
                        const std::string& shown) {
  http::Response r;
  r.status = 200;
  r.body = std::move(body);
  r.set_header("content-type", std::string(content_type));
  r.set_header("content-disposition", content_disposition("attachment", ascii, shown));
  r.set_header("x-content-type-options", "nosniff");
  return r;
}

}  // namespace minsheng::files
