#include "infra/pdf/artwork.hpp"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <glib-object.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "infra/pdf/cairo_util.hpp"

namespace minsheng::infra::pdf {

bool Layout::overflow() const {
  return std::any_of(texts.begin(), texts.end(), [](const TextFit& t) { return t.overflow; });
}

const TextFit* Layout::find(const std::string& id) const {
  for (const TextFit& t : texts)
    if (t.id == id) return &t;
  return nullptr;
}

namespace {

using namespace detail;  // NOLINT: the shared cairo helpers of this folder

// User space is points (1/72 in) with the origin at the top-left of the trim box; the artwork is in mm.
constexpr double kMm = 72.0 / 25.4;
constexpr double kEps = 1e-6;
constexpr double kShrinkStep = 0.5;  // pt
// The artwork has no date of its own: a fixed one, never the clock, so the same artwork gives the same bytes.
constexpr const char* kMetadataDate = "2000-01-01T00:00:00+08:00";

struct AttrListUnref {
  void operator()(PangoAttrList* p) const { pango_attr_list_unref(p); }
};

// A family list: fontconfig takes the first installed one, so a system without the TC faces falls back to
// SC (the Noto CJK collections normally hold both).
const char* family(FontRole role, bool traditional) {
  if (role == FontRole::Serif)
    return traditional ? "Noto Serif CJK TC,Noto Serif CJK SC" : "Noto Serif CJK SC";
  return traditional ? "Noto Sans CJK TC,Noto Sans CJK SC" : "Noto Sans CJK SC";
}

// The text context: own font map per call (pango objects are not thread-safe), 72 dpi so a pango size in
// points is a size in user units, no hinting (vector output; and metrics independent of the target, so the
// same layout measures the same for PDF, PNG and SVG). Never updated from a cairo_t: the layouts are made in
// this identity space and drawn onto whatever transformation the target has.
class TextEngine {
 public:
  TextEngine() : font_map_(pango_cairo_font_map_new()), ctx_(pango_font_map_create_context(font_map_.get())) {
    std::unique_ptr<cairo_font_options_t, CairoDestroy> options(cairo_font_options_create());
    cairo_font_options_set_hint_style(options.get(), CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(options.get(), CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(ctx_.get(), options.get());
    pango_cairo_context_set_resolution(ctx_.get(), 72);
    pango_context_set_round_glyph_positions(ctx_.get(), FALSE);
    pango_context_set_language(ctx_.get(), pango_language_from_string("zh-cn"));
  }

  struct Fitted {
    GPtr<PangoLayout> layout;  // null for empty text
    TextFit fit;
    double pitch = 0;  // pt
  };

  Fitted fit(const TextBox& t) {
    const std::string text = valid_utf8(t.text);
    const double want = std::max(t.size_pt, 0.5);
    const double min = t.min_size_pt > 0 ? std::min(t.min_size_pt, want) : want;
    const double box_w = std::max(t.box.w, 0.0) * kMm;
    const double box_h = std::max(t.box.h, 0.0) * kMm;

    Fitted f;
    f.fit.id = t.id;
    if (text.empty()) {
      f.fit.size_pt = want;
      return f;
    }
    auto at = [&](double size) {
      Fitted c;
      c.layout = make(text, t, size, box_w);
      c.pitch = std::max(t.line_spacing, 0.0) * size;
      c.fit.id = t.id;
      c.fit.size_pt = size;
      c.fit.lines = pango_layout_get_line_count(c.layout.get());
      PangoRectangle logical;
      pango_layout_get_extents(c.layout.get(), nullptr, &logical);
      const double w = to_pt(logical.width);
      const double h = c.fit.lines * c.pitch;
      c.fit.text_w_mm = w / kMm;
      c.fit.text_h_mm = h / kMm;
      c.fit.overflow = w > box_w + 0.01 || h > box_h + 0.01;
      return c;
    };
    // The sizes tried: want, want − 0.5, want − 1, … while above min, then min itself. The largest that fits
    // is found by bisection (fitting is monotonic in the size for all practical text: a smaller font never
    // needs more lines), so a 200 pt title on a board costs ~10 layouts, not 360.
    Fitted best = at(want);
    if (!best.fit.overflow || min >= want) return best;
    const int steps = static_cast<int>(std::floor((want - min) / kShrinkStep + kEps));
    auto size_at = [&](int k) { return k > steps ? min : want - k * kShrinkStep; };
    const int last = (want - steps * kShrinkStep > min + kEps) ? steps + 1 : steps;  // index of min
    Fitted smallest = at(size_at(last));
    if (smallest.fit.overflow) return smallest;  // does not fit even at min: drawn clipped
    int lo = 0, hi = last;                       // lo overflows, hi fits
    Fitted fits = std::move(smallest);
    while (hi - lo > 1) {
      const int mid = lo + (hi - lo) / 2;
      Fitted c = at(size_at(mid));
      if (c.fit.overflow) {
        lo = mid;
      } else {
        hi = mid;
        fits = std::move(c);
      }
    }
    return fits;
  }

 private:
  GPtr<PangoLayout> make(const std::string& text, const TextBox& t, double size, double width) {
    GPtr<PangoLayout> l(pango_layout_new(ctx_.get()));
    std::unique_ptr<PangoFontDescription, FontDescFree> fd(pango_font_description_new());
    pango_font_description_set_family(fd.get(), family(t.font, t.traditional));
    pango_font_description_set_weight(fd.get(), t.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(fd.get(), size * PANGO_SCALE);
    pango_layout_set_font_description(l.get(), fd.get());
    pango_layout_set_width(l.get(), std::max(to_pango(width), 1));
    pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l.get(), t.align == Align::Center  ? PANGO_ALIGN_CENTER
                                        : t.align == Align::Right ? PANGO_ALIGN_RIGHT
                                                                  : PANGO_ALIGN_LEFT);
    if (t.traditional) {
      std::unique_ptr<PangoAttrList, AttrListUnref> attrs(pango_attr_list_new());
      pango_attr_list_insert(attrs.get(), pango_attr_language_new(pango_language_from_string("zh-tw")));
      pango_layout_set_attributes(l.get(), attrs.get());
    }
    pango_layout_set_text(l.get(), text.data(), static_cast<int>(text.size()));  // plain text, never markup
    return l;
  }

  GPtr<PangoFontMap> font_map_;
  GPtr<PangoContext> ctx_;
};

// --- drawing (user units: points, origin at the trim box's top-left) ---

void rect_path(cairo_t* cr, double x, double y, double w, double h, double r) {
  r = std::clamp(r, 0.0, std::min(w, h) / 2);
  if (r <= kEps) {
    cairo_rectangle(cr, x, y, w, h);
    return;
  }
  cairo_new_sub_path(cr);
  cairo_arc(cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc(cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc(cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc(cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path(cr);
}

void set_color(cairo_t* cr, const Color& c) {
  cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

void draw_rect(cairo_t* cr, RectShape s, const Artwork& art, double bleed) {
  if (bleed > 0) {                   // backgrounds touching the trim edge run on into the bleed
    constexpr double kTouch = 0.01;  // mm
    if (s.box.x <= kTouch) {
      s.box.w += s.box.x + bleed;
      s.box.x = -bleed;
    }
    if (s.box.y <= kTouch) {
      s.box.h += s.box.y + bleed;
      s.box.y = -bleed;
    }
    if (s.box.x + s.box.w >= art.width_mm - kTouch) s.box.w = art.width_mm + bleed - s.box.x;
    if (s.box.y + s.box.h >= art.height_mm - kTouch) s.box.h = art.height_mm + bleed - s.box.y;
  }
  if (s.box.w <= 0 || s.box.h <= 0) return;
  rect_path(cr, s.box.x * kMm, s.box.y * kMm, s.box.w * kMm, s.box.h * kMm, s.radius_mm * kMm);
  if (s.fill) {
    set_color(cr, *s.fill);
    s.stroke ? cairo_fill_preserve(cr) : cairo_fill(cr);
  }
  if (s.stroke) {
    set_color(cr, *s.stroke);
    cairo_set_line_width(cr, s.stroke_mm * kMm);
    cairo_stroke(cr);
  }
  cairo_new_path(cr);
}

void draw_line(cairo_t* cr, const Line& l) {
  set_color(cr, l.color);
  cairo_set_line_width(cr, l.width_mm * kMm);
  cairo_move_to(cr, l.x1 * kMm, l.y1 * kMm);
  cairo_line_to(cr, l.x2 * kMm, l.y2 * kMm);
  cairo_stroke(cr);
}

void draw_path(cairo_t* cr, const PathShape& p) {
  if (p.ops.empty()) return;
  cairo_new_path(cr);
  for (const PathOp& op : p.ops) {
    switch (op.kind) {
      case PathOp::Move:
        cairo_move_to(cr, op.x1 * kMm, op.y1 * kMm);
        break;
      case PathOp::LineTo:
        cairo_line_to(cr, op.x1 * kMm, op.y1 * kMm);
        break;
      case PathOp::CurveTo:
        cairo_curve_to(cr, op.x1 * kMm, op.y1 * kMm, op.x2 * kMm, op.y2 * kMm, op.x3 * kMm, op.y3 * kMm);
        break;
      case PathOp::Close:
        cairo_close_path(cr);
        break;
    }
  }
  cairo_set_fill_rule(cr, p.even_odd ? CAIRO_FILL_RULE_EVEN_ODD : CAIRO_FILL_RULE_WINDING);
  if (p.fill) {
    set_color(cr, *p.fill);
    cairo_fill_preserve(cr);
  }
  if (p.stroke) {
    set_color(cr, *p.stroke);
    cairo_set_line_width(cr, p.stroke_mm * kMm);
    cairo_stroke_preserve(cr);
  }
  cairo_new_path(cr);
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
}

// The light square (symbol + quiet zone) centred in the box, then the dark modules as one path: each row's
// runs of dark modules merged into one rectangle (fewer, crisper shapes than a square per module).
void draw_qr(cairo_t* cr, const QrShape& q) {
  const int qz = std::max(q.quiet_zone, 0);
  const int total = q.size + 2 * qz;
  if (q.size <= 0 || q.modules.size() < static_cast<std::size_t>(q.size) * static_cast<std::size_t>(q.size))
    return;
  const double side = std::min(q.box.w, q.box.h) * kMm;
  if (side <= 0) return;
  const double x0 = q.box.x * kMm + (q.box.w * kMm - side) / 2;
  const double y0 = q.box.y * kMm + (q.box.h * kMm - side) / 2;
  const double m = side / total;
  set_color(cr, q.light);
  cairo_rectangle(cr, x0, y0, side, side);
  cairo_fill(cr);
  cairo_new_path(cr);
  for (int y = 0; y < q.size; ++y) {
    const std::size_t row = static_cast<std::size_t>(y) * static_cast<std::size_t>(q.size);
    int x = 0;
    while (x < q.size) {
      if (!q.modules[row + static_cast<std::size_t>(x)]) {
        ++x;
        continue;
      }
      int end = x;
      while (end < q.size && q.modules[row + static_cast<std::size_t>(end)])
        ++end;
      cairo_rectangle(cr, x0 + (qz + x) * m, y0 + (qz + y) * m, (end - x) * m, m);
      x = end;
    }
  }
  set_color(cr, q.dark);
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);  // all rectangles wind the same way: their union
  cairo_fill(cr);
}

// Each line on the fixed pitch (line_spacing × size), its logical box centred in the pitch, clipped to the
// box (as in pdf.cpp's draw_lines).
void draw_text(cairo_t* cr, const TextBox& t, const TextEngine::Fitted& f) {
  if (!f.layout) return;
  const double bx = t.box.x * kMm, by = t.box.y * kMm, bw = t.box.w * kMm, bh = t.box.h * kMm;
  if (bw <= 0 || bh <= 0) return;
  cairo_save(cr);
  cairo_rectangle(cr, bx, by, bw, bh);
  cairo_clip(cr);
  cairo_new_path(cr);
  double y = by;
  const double text_h = f.fit.text_h_mm * kMm;
  if (t.vcenter && text_h < bh) y += (bh - text_h) / 2;
  set_color(cr, t.color);
  std::unique_ptr<PangoLayoutIter, IterFree> it(pango_layout_get_iter(f.layout.get()));
  do {
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(it.get(), nullptr, &logical);
    PangoLayoutLine* line = pango_layout_iter_get_line_readonly(it.get());
    PangoRectangle line_logical;
    pango_layout_line_get_extents(line, nullptr, &line_logical);
    const double baseline = y + (f.pitch - to_pt(line_logical.height)) / 2 - to_pt(line_logical.y);
    if (y > by + bh) break;  // below the box: clipped anyway
    cairo_move_to(cr, bx + to_pt(logical.x), baseline);
    pango_cairo_show_layout_line(cr, line);
    y += f.pitch;
  } while (pango_layout_iter_next_line(it.get()));
  cairo_restore(cr);
}

// Crop marks in the bleed: at each corner, the trim lines continued outwards, from the page edge to 1 mm
// short of the trim corner (so the cut never shows them), black on a white halo to show on any background.
void draw_crop_marks(cairo_t* cr, const Artwork& art, double bleed) {
  const double gap = std::min(1.0, bleed / 3);
  const double w = art.width_mm, h = art.height_mm;
  auto marks = [&]() {
    for (double x : {0.0, w})
      for (double y : {0.0, h}) {
        const double sx = x == 0 ? -1 : 1, sy = y == 0 ? -1 : 1;
        cairo_move_to(cr, (x + sx * gap) * kMm, y * kMm);
        cairo_line_to(cr, (x + sx * bleed) * kMm, y * kMm);
        cairo_move_to(cr, x * kMm, (y + sy * gap) * kMm);
        cairo_line_to(cr, x * kMm, (y + sy * bleed) * kMm);
      }
  };
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
  marks();
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_set_line_width(cr, 0.75);
  cairo_stroke(cr);
  marks();
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, 0.25);
  cairo_stroke(cr);
}

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

// Fits every text box (in element order) and, with a cairo_t, paints the scene.
Layout paint(const Artwork& art, TextEngine& engine, cairo_t* cr, double bleed) {
  Layout layout;
  for (const Element& e : art.elements) {
    std::visit(Overloaded{
                   [&](const RectShape& s) {
                     if (cr) draw_rect(cr, s, art, bleed);
                   },
                   [&](const Line& l) {
                     if (cr) draw_line(cr, l);
                   },
                   [&](const TextBox& t) {
                     TextEngine::Fitted f = engine.fit(t);
                     if (cr) draw_text(cr, t, f);
                     layout.texts.push_back(std::move(f.fit));
                   },
                   [&](const PathShape& p) {
                     if (cr) draw_path(cr, p);
                   },
                   [&](const QrShape& q) {
                     if (cr) draw_qr(cr, q);
                   },
               },
               e);
  }
  if (cr && bleed > 0) draw_crop_marks(cr, art, bleed);
  return layout;
}

Error internal() {
  return Error::make(ErrorCode::Internal, "error.internal");
}

// cairo 1.16 names the page group (and any surface pattern) "surface<N>" with a process-wide counter, so two
// renders of one artwork differ there. Renumbered in order of first appearance (ids and their "#" references
// alike), which keeps the document equivalent and makes it deterministic.
std::string renumber_svg_surfaces(const std::string& svg) {
  constexpr std::string_view kWord = "surface";
  std::vector<std::pair<std::string, std::string>> seen;  // cairo's number → ours (a handful at most)
  std::string out;
  out.reserve(svg.size());
  std::size_t pos = 0;
  while (true) {
    const std::size_t at = svg.find(kWord, pos);
    if (at == std::string::npos) break;
    std::size_t end = at + kWord.size();
    while (end < svg.size() && svg[end] >= '0' && svg[end] <= '9')
      ++end;
    const bool named = end > at + kWord.size() && at > 0 && (svg[at - 1] == '"' || svg[at - 1] == '#');
    if (!named) {
      out.append(svg, pos, end - pos);
      pos = end;
      continue;
    }
    out.append(svg, pos, at + kWord.size() - pos);
    const std::string number = svg.substr(at + kWord.size(), end - at - kWord.size());
    auto it = std::find_if(seen.begin(), seen.end(), [&](const auto& p) { return p.first == number; });
    if (it == seen.end()) {
      seen.emplace_back(number, std::to_string(seen.size() + 1));
      it = seen.end() - 1;
    }
    out += it->second;
    pos = end;
  }
  out.append(svg, pos, std::string::npos);
  return out;
}

// <title> right after the opening <svg …> tag (cairo's SVG surface has no metadata).
void add_svg_title(std::string& svg, const std::string& title) {
  if (title.empty()) return;
  const std::size_t open = svg.find("<svg");
  if (open == std::string::npos) return;
  const std::size_t end = svg.find('>', open);
  if (end == std::string::npos) return;
  std::string escaped;
  for (char c : title) {
    switch (c) {
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '&':
        escaped += "&amp;";
        break;
      default:
        escaped += c;
    }
  }
  svg.insert(end + 1, "\n<title>" + escaped + "</title>");
}

}  // namespace

Result<Layout> measure(const Artwork& art) {
  TextEngine engine;
  return paint(art, engine, nullptr, 0);
}

Result<std::string> render_artwork(const Artwork& art, const RenderOptions& options, Layout* layout) {
  const double w_pt = std::max(art.width_mm, 1.0) * kMm;
  const double h_pt = std::max(art.height_mm, 1.0) * kMm;
  const std::string title = valid_utf8(art.title);
  std::string out;
  TextEngine engine;
  Layout measured;

  auto draw = [&](cairo_surface_t* surface, double scale, double bleed, bool white) -> bool {
    std::unique_ptr<cairo_t, CairoDestroy> cr(cairo_create(surface));
    if (white) {
      cairo_set_source_rgb(cr.get(), 1, 1, 1);
      cairo_paint(cr.get());
    }
    cairo_scale(cr.get(), scale, scale);
    cairo_translate(cr.get(), bleed * kMm, bleed * kMm);
    measured = paint(art, engine, cr.get(), bleed);
    return cairo_status(cr.get()) == CAIRO_STATUS_SUCCESS;
  };

  switch (options.format) {
    case Format::Pdf: {
      const double bleed = std::max(art.bleed_mm, 0.0);
      std::unique_ptr<cairo_surface_t, CairoDestroy> surface(cairo_pdf_surface_create_for_stream(
          append_to_string, &out, w_pt + 2 * bleed * kMm, h_pt + 2 * bleed * kMm));
      if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) return internal();
      cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
      cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "Minsheng");
      cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE, kMetadataDate);
      cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_MOD_DATE, kMetadataDate);
      if (!draw(surface.get(), 1, bleed, false)) return internal();
      cairo_surface_finish(surface.get());
      if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) return internal();
      break;
    }
    case Format::Png: {
      // Bounded so a bad option cannot ask for gigabytes (16384 px: 1.4 m at 300 dpi).
      const int px_w = std::clamp(options.png_width_px, 1, 16384);
      const double scale = px_w / w_pt;
      const int px_h = std::clamp(static_cast<int>(std::lround(h_pt * scale)), 1, 16384);
      std::unique_ptr<cairo_surface_t, CairoDestroy> surface(
          cairo_image_surface_create(CAIRO_FORMAT_RGB24, px_w, px_h));
      if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) return internal();
      if (!draw(surface.get(), scale, 0, true)) return internal();
      cairo_surface_flush(surface.get());
      if (cairo_surface_write_to_png_stream(surface.get(), append_to_string, &out) != CAIRO_STATUS_SUCCESS)
        return internal();
      break;
    }
    case Format::Svg: {
      std::unique_ptr<cairo_surface_t, CairoDestroy> surface(
          cairo_svg_surface_create_for_stream(append_to_string, &out, w_pt, h_pt));
      if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) return internal();
      cairo_svg_surface_restrict_to_version(surface.get(), CAIRO_SVG_VERSION_1_1);
      if (!draw(surface.get(), 1, 0, false)) return internal();
      cairo_surface_finish(surface.get());
      if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) return internal();
      out = renumber_svg_surfaces(out);
      add_svg_title(out, title);
      break;
    }
  }
  if (layout) *layout = std::move(measured);
  return out;
}

}  // namespace minsheng::infra::pdf
