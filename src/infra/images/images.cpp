#include "infra/images/images.hpp"

#include <fmt/format.h>

#include <libexif/exif-data.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <vips/vips8>

namespace minsheng::infra::images {
namespace {

bool starts_with_bytes(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

Error unprocessable(const char* key) {
  return Error::make(ErrorCode::Unprocessable, key);
}

// "YYYY:MM:DD HH:MM:SS" -> "YYYY-MM-DDTHH:MM:SS"; nullopt for blanks ("    :  :  ") or nonsense.
std::optional<std::string> exif_time(const char* s, std::size_t n) {
  if (n < 19) return std::nullopt;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  std::string text(s, 19);
  if (std::sscanf(text.c_str(), "%4d:%2d:%2d %2d:%2d:%2d", &y, &mo, &d, &h, &mi, &se) != 6)
    return std::nullopt;
  if (y < 1900 || y > 2999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
    return std::nullopt;
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", y, mo, d, h, mi, se);
}

std::optional<double> gps_degrees(ExifData* ed, ExifTag value_tag, ExifTag ref_tag, double max) {
  ExifContent* gps = ed->ifd[EXIF_IFD_GPS];
  if (!gps) return std::nullopt;
  ExifEntry* v = exif_content_get_entry(gps, value_tag);
  ExifEntry* ref = exif_content_get_entry(gps, ref_tag);
  if (!v || v->format != EXIF_FORMAT_RATIONAL || v->components < 3 || v->size < 24 || !v->data)
    return std::nullopt;
  const ExifByteOrder order = exif_data_get_byte_order(ed);
  double parts[3];
  for (int i = 0; i < 3; ++i) {
    const ExifRational r = exif_get_rational(v->data + 8 * i, order);
    if (r.denominator == 0) return std::nullopt;
    parts[i] = static_cast<double>(r.numerator) / static_cast<double>(r.denominator);
  }
  double deg = parts[0] + parts[1] / 60.0 + parts[2] / 3600.0;
  if (!std::isfinite(deg) || deg > max) return std::nullopt;
  if (ref && ref->format == EXIF_FORMAT_ASCII && ref->size >= 1 && ref->data &&
      (ref->data[0] == 'S' || ref->data[0] == 'W'))
    deg = -deg;
  return std::round(deg * 1e7) / 1e7;
}

struct VipsBuffer {
  void* data = nullptr;
  std::size_t size = 0;
  ~VipsBuffer() { g_free(data); }
};

Variant encode(vips::VImage img, Kind format) {
  const char* suffix = format == Kind::Png ? ".png" : format == Kind::Webp ? ".webp" : ".jpg";
  if (format == Kind::Jpeg && img.has_alpha())
    img = img.flatten(vips::VImage::option()->set("background", std::vector<double>{255.0}));
  auto* opts = vips::VImage::option()->set("strip", true);
  if (format != Kind::Png) opts->set("Q", 82);
  VipsBuffer buf;
  img.write_to_buffer(suffix, &buf.data, &buf.size, opts);
  Variant v;
  v.bytes.assign(static_cast<const char*>(buf.data), buf.size);
  v.content_type = std::string(mime_type(format));
  v.width = img.width();
  v.height = img.height();
  return v;
}

vips::VImage thumbnail(std::string_view bytes, int size) {
  VipsBlob* blob = vips_blob_copy(bytes.data(), bytes.size());
  struct Unref {
    VipsBlob* b;
    ~Unref() { vips_area_unref(VIPS_AREA(b)); }
  } unref{blob};
  // Shrink-on-load, EXIF orientation applied, never enlarged; stop on truncated data.
  return vips::VImage::thumbnail_buffer(blob, size,
                                        vips::VImage::option()
                                            ->set("height", size)
                                            ->set("size", VIPS_SIZE_DOWN)
                                            ->set("option_string", "fail_on=truncated"));
}

std::string_view expected_loader(Kind k) {
  switch (k) {
    case Kind::Jpeg:
      return "jpegload";
    case Kind::Png:
      return "pngload";
    case Kind::Webp:
      return "webpload";
    case Kind::Pdf:
      break;
  }
  return "";
}

}  // namespace

std::optional<Kind> sniff(std::string_view b) {
  using namespace std::literals;
  if (starts_with_bytes(b, "\xff\xd8\xff"sv)) return Kind::Jpeg;
  if (starts_with_bytes(b, "\x89PNG\r\n\x1a\n"sv)) return Kind::Png;
  if (b.size() >= 12 && starts_with_bytes(b, "RIFF"sv) && b.substr(8, 4) == "WEBP"sv) return Kind::Webp;
  if (starts_with_bytes(b, "%PDF-"sv)) return Kind::Pdf;
  return std::nullopt;
}

std::string_view mime_type(Kind k) {
  switch (k) {
    case Kind::Jpeg:
      return "image/jpeg";
    case Kind::Png:
      return "image/png";
    case Kind::Webp:
      return "image/webp";
    case Kind::Pdf:
      return "application/pdf";
  }
  return "application/octet-stream";
}

std::string_view extension(Kind k) {
  switch (k) {
    case Kind::Jpeg:
      return "jpg";
    case Kind::Png:
      return "png";
    case Kind::Webp:
      return "webp";
    case Kind::Pdf:
      return "pdf";
  }
  return "bin";
}

bool is_image(Kind k) {
  return k != Kind::Pdf;
}

void init() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (VIPS_INIT("minsheng") != 0) throw std::runtime_error("libvips could not start");
    // libvips warns about damaged uploads on stderr; those are the client's problem, logged at debug level.
    g_log_set_handler(
        "VIPS", static_cast<GLogLevelFlags>(G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO),
        [](const gchar*, GLogLevelFlags, const gchar* message, gpointer) {
          spdlog::debug("vips: {}", message);
        },
        nullptr);
    vips_concurrency_set(1);
    // No operation cache: cached operations would keep references to upload buffers, and uploads are never
    // processed twice anyway.
    vips_cache_set_max(0);
    vips_cache_set_max_mem(16 * 1024 * 1024);
    vips_cache_set_max_files(0);
    // Only the loaders we accept (defence in depth behind sniff()).
    vips_block_untrusted_set(TRUE);
    vips_operation_block_set("VipsForeignLoad", TRUE);
    for (const char* name : {"VipsForeignLoadJpeg", "VipsForeignLoadPng", "VipsForeignLoadWebp"})
      vips_operation_block_set(name, FALSE);
  });
}

ExifSummary read_exif_block(std::string_view block) {
  ExifSummary out;
  if (block.empty()) return out;
  std::unique_ptr<ExifData, void (*)(ExifData*)> ed(
      exif_data_new_from_data(reinterpret_cast<const unsigned char*>(block.data()),
                              static_cast<unsigned int>(block.size())),
      exif_data_unref);
  if (!ed) return out;
  for (int i = 0; i < EXIF_IFD_COUNT; ++i)
    if (ed->ifd[i] && ed->ifd[i]->count > 0) out.has_exif = true;
  if (!out.has_exif) return out;
  if (ExifContent* exif = ed->ifd[EXIF_IFD_EXIF]) {
    ExifEntry* e = exif_content_get_entry(exif, EXIF_TAG_DATE_TIME_ORIGINAL);
    if (e && e->format == EXIF_FORMAT_ASCII && e->data)
      out.taken_at = exif_time(reinterpret_cast<const char*>(e->data), e->size);
  }
  auto lat = gps_degrees(ed.get(), static_cast<ExifTag>(EXIF_TAG_GPS_LATITUDE),
                         static_cast<ExifTag>(EXIF_TAG_GPS_LATITUDE_REF), 90.0);
  auto lng = gps_degrees(ed.get(), static_cast<ExifTag>(EXIF_TAG_GPS_LONGITUDE),
                         static_cast<ExifTag>(EXIF_TAG_GPS_LONGITUDE_REF), 180.0);
  if (lat && lng) {
    out.gps_lat = lat;
    out.gps_lng = lng;
  }
  if (ExifContent* ifd0 = ed->ifd[EXIF_IFD_0]) {
    ExifEntry* e = exif_content_get_entry(ifd0, EXIF_TAG_ORIENTATION);
    if (e && e->format == EXIF_FORMAT_SHORT && e->size >= 2 && e->data) {
      const int o = exif_get_short(e->data, exif_data_get_byte_order(ed.get()));
      if (o >= 1 && o <= 8) out.orientation = o;
    }
  }
  return out;
}

namespace {

// An oriented, 8-bit sRGB image without alpha, scaled to exactly `height` rows.
vips::VImage to_height(std::string_view bytes, int height) {
  VipsBlob* blob = vips_blob_copy(bytes.data(), bytes.size());
  struct Unref {
    VipsBlob* b;
    ~Unref() { vips_area_unref(VIPS_AREA(b)); }
  } unref{blob};
  vips::VImage img = vips::VImage::thumbnail_buffer(blob, 100'000,
                                                    vips::VImage::option()
                                                        ->set("height", height)
                                                        ->set("size", VIPS_SIZE_BOTH)
                                                        ->set("option_string", "fail_on=truncated"));
  if (img.has_alpha())
    img = img.flatten(vips::VImage::option()->set("background", std::vector<double>{255.0}));
  img = img.colourspace(VIPS_INTERPRETATION_sRGB).cast(VIPS_FORMAT_UCHAR);
  if (img.bands() > 3) img = img.extract_band(0, vips::VImage::option()->set("n", 3));
  if (img.height() != height)  // rounding in the shrink: pad or cut to the exact height
    img = img.embed(0, 0, img.width(), height, vips::VImage::option()->set("extend", VIPS_EXTEND_COPY));
  return img;
}

// The displayed height of an image (after its EXIF orientation), from the header only.
int displayed_height(std::string_view bytes) {
  vips::VImage header = vips::VImage::new_from_buffer(bytes.data(), bytes.size(), "");
  int orientation = 1;
  if (header.get_typeof(VIPS_META_ORIENTATION) != 0) orientation = header.get_int(VIPS_META_ORIENTATION);
  return orientation >= 5 && orientation <= 8 ? header.width() : header.height();
}

}  // namespace

Result<std::string> side_by_side(std::string_view before, std::string_view after, int max_height, int gap) {
  for (auto b : {before, after}) {
    auto k = sniff(b);
    if (!k || !is_image(*k)) return Error::make(ErrorCode::UnsupportedMediaType, "file.unsupported_type");
  }
  init();
  try {
    const int height =
        std::max(16, std::min({max_height, displayed_height(before), displayed_height(after)}));
    vips::VImage left = to_height(before, height);
    vips::VImage right = to_height(after, height);
    vips::VImage joined = left.join(right, VIPS_DIRECTION_HORIZONTAL,
                                    vips::VImage::option()
                                        ->set("expand", true)
                                        ->set("shim", gap)
                                        ->set("background", std::vector<double>{255.0, 255.0, 255.0}));
    return encode(joined, Kind::Jpeg).bytes;
  } catch (const vips::VError& e) {
    spdlog::debug("side by side refused: {}", e.what());
    vips_error_clear();
    return unprocessable("file.corrupt");
  }
}

std::string solid_jpeg(int w, int h, int r, int g, int b) {
  init();
  vips::VImage x = vips::VImage::xyz(w, h);
  // A shade from the top-left to the bottom-right corner, ±20 around the colour.
  vips::VImage shade = (x.extract_band(0) + x.extract_band(1)) * (40.0 / std::max(1, w + h)) - 20.0;
  vips::VImage img = (shade + static_cast<double>(r))
                         .bandjoin({shade + static_cast<double>(g), shade + static_cast<double>(b)})
                         .cast(VIPS_FORMAT_UCHAR);
  img = img.copy(vips::VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
  return encode(img, Kind::Jpeg).bytes;
}

Result<Processed> process(std::string_view bytes, const Limits& limits) {
  if (bytes.empty()) return Error::make(ErrorCode::InvalidArgument, "file.empty");
  const auto kind = sniff(bytes);
  if (!kind) return Error::make(ErrorCode::UnsupportedMediaType, "file.unsupported_type");
  Processed out;
  out.kind = *kind;
  if (*kind == Kind::Pdf) return out;
  init();
  try {
    // The header only: nothing is decoded until pixels are asked for.
    vips::VImage header = vips::VImage::new_from_buffer(
        bytes.data(), bytes.size(), "", vips::VImage::option()->set("fail_on", VIPS_FAIL_ON_TRUNCATED));
    const char* loader = nullptr;
    if (vips_image_get_string(header.get_image(), "vips-loader", &loader) != 0 || !loader ||
        !std::string_view(loader).starts_with(expected_loader(*kind))) {
      vips_error_clear();
      return Error::make(ErrorCode::UnsupportedMediaType, "file.unsupported_type");
    }
    const std::int64_t pixels = static_cast<std::int64_t>(header.width()) * header.height();
    if (header.width() <= 0 || header.height() <= 0) return unprocessable("file.corrupt");
    if (pixels > limits.max_pixels) return unprocessable("file.too_many_pixels");
    if (header.get_typeof(VIPS_META_EXIF_NAME) != 0) {
      std::size_t len = 0;
      const void* data = header.get_blob(VIPS_META_EXIF_NAME, &len);
      auto exif = read_exif_block(std::string_view(static_cast<const char*>(data), len));
      out.taken_at = exif.taken_at;
      out.gps_lat = exif.gps_lat;
      out.gps_lng = exif.gps_lng;
    }
    // Decoding both variants reads every pixel: a truncated or corrupt file fails here.
    auto pub = encode(thumbnail(bytes, limits.public_size), *kind);
    auto thumb = encode(thumbnail(bytes, limits.thumb_size), Kind::Jpeg);
    int orientation = 1;
    if (header.get_typeof(VIPS_META_ORIENTATION) != 0) orientation = header.get_int(VIPS_META_ORIENTATION);
    const bool swapped = orientation >= 5 && orientation <= 8;
    out.width = swapped ? header.height() : header.width();
    out.height = swapped ? header.width() : header.height();
    out.public_copy = std::move(pub);
    out.thumbnail = std::move(thumb);
  } catch (const vips::VError& e) {
    spdlog::debug("image refused: {}", e.what());
    vips_error_clear();
    return unprocessable("file.corrupt");
  }
  return out;
}

}  // namespace minsheng::infra::images
