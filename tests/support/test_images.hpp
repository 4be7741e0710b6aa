#pragma once
// Test images made with libvips and libexif at run time (no binary fixtures): JPEG with EXIF capture time,
// GPS and orientation; PNG; WebP; and hostile variants (truncated, pixel flood, polyglot).
#include <libexif/exif-data.h>

#include <cmath>
#include <cstring>
#include <optional>
#include <string>
#include <utility>
#include <vips/vips8>

#include "infra/images/images.hpp"

namespace minsheng::testing::images {

struct ExifSpec {
  int orientation = 1;
  std::optional<std::pair<double, double>> gps;  // lat, lng (decimal degrees)
  std::string taken = "2024:05:06 07:08:09";
};

inline std::string vips_save(const vips::VImage& img, const char* suffix) {
  void* buf = nullptr;
  std::size_t size = 0;
  img.write_to_buffer(suffix, &buf, &size, vips::VImage::option()->set("strip", true));
  std::string out(static_cast<const char*>(buf), size);
  g_free(buf);
  return out;
}

// A w×h image with a gradient (so encoders have something to encode).
inline vips::VImage picture(int w, int h) {
  infra::images::init();
  vips::VImage x = vips::VImage::xyz(w, h);
  vips::VImage band = x.extract_band(0) * (255.0 / std::max(1, w));
  return band.bandjoin({band, x.extract_band(1) * (255.0 / std::max(1, h))}).cast(VIPS_FORMAT_UCHAR);
}

inline ExifEntry* exif_entry(ExifData* ed, ExifIfd ifd, ExifTag tag, ExifFormat fmt, unsigned long n) {
  ExifMem* mem = exif_mem_new_default();
  ExifEntry* e = exif_entry_new_mem(mem);
  const unsigned int size = exif_format_get_size(fmt) * static_cast<unsigned int>(n);
  e->data = static_cast<unsigned char*>(exif_mem_alloc(mem, size));
  e->size = size;
  e->tag = tag;
  e->components = n;
  e->format = fmt;
  exif_content_add_entry(ed->ifd[ifd], e);
  exif_mem_unref(mem);
  exif_entry_unref(e);
  return e;
}

// An "Exif\0\0…" APP1 payload.
inline std::string exif_block(const ExifSpec& spec) {
  ExifData* ed = exif_data_new();
  exif_data_set_byte_order(ed, EXIF_BYTE_ORDER_INTEL);
  const auto order = EXIF_BYTE_ORDER_INTEL;
  ExifEntry* o = exif_entry(ed, EXIF_IFD_0, EXIF_TAG_ORIENTATION, EXIF_FORMAT_SHORT, 1);
  exif_set_short(o->data, order, static_cast<ExifShort>(spec.orientation));
  ExifEntry* t = exif_entry(ed, EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL, EXIF_FORMAT_ASCII, 20);
  std::memcpy(t->data, spec.taken.c_str(), std::min<std::size_t>(20, spec.taken.size() + 1));
  if (spec.gps) {
    auto put = [&](ExifTag tag, ExifTag ref_tag, double v, char pos, char neg) {
      ExifEntry* ref = exif_entry(ed, EXIF_IFD_GPS, ref_tag, EXIF_FORMAT_ASCII, 2);
      ref->data[0] = static_cast<unsigned char>(v < 0 ? neg : pos);
      ref->data[1] = 0;
      v = std::fabs(v);
      ExifEntry* e = exif_entry(ed, EXIF_IFD_GPS, tag, EXIF_FORMAT_RATIONAL, 3);
      const double deg = std::floor(v);
      const double min = std::floor((v - deg) * 60);
      const double sec = ((v - deg) * 60 - min) * 60;
      exif_set_rational(e->data, order, ExifRational{static_cast<ExifLong>(deg), 1});
      exif_set_rational(e->data + 8, order, ExifRational{static_cast<ExifLong>(min), 1});
      exif_set_rational(e->data + 16, order,
                        ExifRational{static_cast<ExifLong>(std::llround(sec * 10000)), 10000});
    };
    put(static_cast<ExifTag>(EXIF_TAG_GPS_LATITUDE), static_cast<ExifTag>(EXIF_TAG_GPS_LATITUDE_REF),
        spec.gps->first, 'N', 'S');
    put(static_cast<ExifTag>(EXIF_TAG_GPS_LONGITUDE), static_cast<ExifTag>(EXIF_TAG_GPS_LONGITUDE_REF),
        spec.gps->second, 'E', 'W');
  }
  unsigned char* buf = nullptr;
  unsigned int len = 0;
  exif_data_save_data(ed, &buf, &len);
  std::string out(reinterpret_cast<const char*>(buf), len);
  free(buf);  // NOLINT: libexif allocates with malloc
  exif_data_unref(ed);
  return out;
}

// A JPEG, with an EXIF APP1 segment spliced in after SOI when `exif` is given.
inline std::string jpeg(int w, int h, const std::optional<ExifSpec>& exif = std::nullopt) {
  std::string j = vips_save(picture(w, h), ".jpg");
  if (exif) {
    const std::string block = exif_block(*exif);
    const std::size_t len = block.size() + 2;
    std::string app1 = "\xff\xe1";
    app1 += static_cast<char>((len >> 8) & 0xff);
    app1 += static_cast<char>(len & 0xff);
    app1 += block;
    j.insert(2, app1);
  }
  return j;
}

inline std::string png(int w, int h) {
  return vips_save(picture(w, h), ".png");
}

inline std::string webp(int w, int h) {
  return vips_save(picture(w, h), ".webp");
}

inline std::string pdf() {
  return "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n"
         "trailer<</Root 1 0 R>>\n%%EOF\n";
}

inline std::string png_chunk(const std::string& type, const std::string& data) {
  std::string body = type + data;
  std::uint32_t crc = 0xffffffffu;
  for (unsigned char c : body) {
    crc ^= c;
    for (int k = 0; k < 8; ++k)
      crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  crc ^= 0xffffffffu;
  std::string out;
  for (std::uint32_t v : {static_cast<std::uint32_t>(data.size())})
    for (int s = 24; s >= 0; s -= 8)
      out += static_cast<char>((v >> s) & 0xff);
  out += body;
  for (int s = 24; s >= 0; s -= 8)
    out += static_cast<char>((crc >> s) & 0xff);
  return out;
}

// A PNG (signature, IHDR, a tiny IDAT, IEND) claiming w×h pixels: a pixel flood.
inline std::string png_header_only(std::uint32_t w, std::uint32_t h) {
  std::string ihdr;
  for (std::uint32_t v : {w, h})
    for (int s = 24; s >= 0; s -= 8)
      ihdr += static_cast<char>((v >> s) & 0xff);
  ihdr += std::string("\x08\x02\x00\x00\x00", 5);  // 8-bit RGB
  return "\x89PNG\r\n\x1a\n" + png_chunk("IHDR", ihdr) +
         png_chunk("IDAT", std::string("\x78\x9c\x63\x00\x00\x00\x01\x00\x01", 9)) + png_chunk("IEND", "");
}

inline bool contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

}  // namespace minsheng::testing::images
