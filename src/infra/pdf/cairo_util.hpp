#pragma once
// Shared by the two cairo/pango renderers of this folder (pdf.cpp: official documents; artwork.cpp: print
// artwork): RAII for the C objects, pango unit conversion, UTF-8 repair and the stream writer. Internal to
// src/infra/pdf (the only place allowed to include cairo and pango).
#include <cairo.h>
#include <glib-object.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include <cmath>
#include <memory>
#include <string>
#include <string_view>

namespace minsheng::infra::pdf::detail {

struct GObjectUnref {
  void operator()(void* p) const { g_object_unref(p); }
};
template <typename T>
using GPtr = std::unique_ptr<T, GObjectUnref>;
struct CairoDestroy {
  void operator()(cairo_t* p) const { cairo_destroy(p); }
  void operator()(cairo_surface_t* p) const { cairo_surface_destroy(p); }
  void operator()(cairo_font_options_t* p) const { cairo_font_options_destroy(p); }
};
struct FontDescFree {
  void operator()(PangoFontDescription* p) const { pango_font_description_free(p); }
};
struct IterFree {
  void operator()(PangoLayoutIter* p) const { pango_layout_iter_free(p); }
};

inline double to_pt(int pango_units) {
  return static_cast<double>(pango_units) / PANGO_SCALE;
}
inline int to_pango(double pt) {
  return static_cast<int>(std::lround(pt * PANGO_SCALE));
}

// Text as pango needs it: valid UTF-8 (invalid bytes and NULs become U+FFFD).
inline std::string valid_utf8(std::string_view s) {
  if (g_utf8_validate(s.data(), static_cast<gssize>(s.size()), nullptr)) return std::string(s);
  gchar* fixed = g_utf8_make_valid(s.data(), static_cast<gssize>(s.size()));
  std::string out(fixed);
  g_free(fixed);
  return out;
}

// A cairo write function appending to the std::string given as closure.
inline cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace minsheng::infra::pdf::detail
