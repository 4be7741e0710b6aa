#pragma once
// The image adapter (ARCHITECTURE.md "images"; SECURITY.md T11): the only place that includes libvips and
// libexif. Sniffs the type from the bytes (an allow-list), refuses pixel floods before decoding, reads the
// EXIF capture time and GPS position, and makes a thumbnail and a public copy that honour the EXIF
// orientation and carry no metadata at all (EXIF, XMP, GPS, ICC, comments). CPU-heavy: call it from the
// worker pool only.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace minsheng::infra::images {

enum class Kind { Jpeg, Png, Webp, Pdf };

// The type from the first bytes: JPEG, PNG, WebP or PDF; nullopt for anything else (HTML, SVG, GIF, HEIC,
// scripts, polyglots that do not start with one of these signatures).
std::optional<Kind> sniff(std::string_view bytes);
std::string_view mime_type(Kind k);
std::string_view extension(Kind k);  // "jpg", "png", "webp", "pdf"
bool is_image(Kind k);

struct Limits {
  std::int64_t max_pixels = 40'000'000;  // width × height, checked from the header before decoding
  int thumb_size = 320;                  // the thumbnail's longer side
  int public_size = 2048;                // the public copy's longer side (never enlarged)
};

struct Variant {
  std::string bytes;
  std::string content_type;
  int width = 0;
  int height = 0;
};

struct Processed {
  Kind kind = Kind::Jpeg;
  int width = 0;  // as displayed (after the EXIF orientation); 0 for PDF
  int height = 0;
  std::optional<std::string> taken_at;  // EXIF DateTimeOriginal as "YYYY-MM-DDTHH:MM:SS" (camera local time)
  std::optional<double> gps_lat;        // decimal degrees, south negative
  std::optional<double> gps_lng;        // decimal degrees, west negative
  std::optional<Variant> thumbnail;     // JPEG, for images
  std::optional<Variant> public_copy;   // same format as the original, re-encoded without metadata
};

// Checks and processes an upload. UnsupportedMediaType ("file.unsupported_type") for a type outside the
// allow-list; Unprocessable for a pixel flood ("file.too_many_pixels") or bytes that do not decode, e.g. a
// truncated JPEG ("file.corrupt"); InvalidArgument ("file.empty") for no bytes. PDFs are only checked for
// their signature (no variants).
Result<Processed> process(std::string_view bytes, const Limits& limits = {});

// Initialises libvips once (thread-safe, idempotent): one thread per operation, a small operation cache, only
// the JPEG, PNG and WebP loaders enabled. process() calls it.
void init();

// The before/after pair of a photo story side by side (issue 5): both oriented by their EXIF orientation,
// scaled to the same height (the smaller of the two, at most `max_height`), a white gap of `gap` pixels
// between them; a JPEG without metadata. Unprocessable ("file.corrupt") when either does not decode.
Result<std::string> side_by_side(std::string_view before, std::string_view after, int max_height = 1024,
                                 int gap = 16);

// A w×h JPEG of one colour with a faint diagonal shade (demo photos; no EXIF).
std::string solid_jpeg(int w, int h, int r, int g, int b);

// Metadata of an image, read with libexif (for tests and checks): whether any EXIF block is present and the
// GPS position in it.
struct ExifSummary {
  bool has_exif = false;
  std::optional<std::string> taken_at;
  std::optional<double> gps_lat, gps_lng;
  int orientation = 1;
};
ExifSummary read_exif_block(std::string_view exif_block);  // an "Exif\0\0…" block or a whole JPEG

}  // namespace minsheng::infra::images
