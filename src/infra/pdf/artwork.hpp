#pragma once
// Print artwork (issue 7: sign boards, window posters, 明白纸 leaflets) as a vector scene in millimetres,
// rendered with cairo + pango to PDF (vector, fonts embedded as subsets), PNG (preview) or SVG. Text is laid
// out by pango and measured, never guessed: a text box wraps its text to the box width, shrinks the font step
// by step down to its minimum size when it does not fit, and reports overflow when even the minimum does not
// fit (the layout says which box and by how much; nothing is drawn outside its box). Same threading and
// determinism rules as render_pdf (pdf.hpp): own font map per call, no clock in the output.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace minsheng::infra::pdf {

struct Color {
  double r = 0, g = 0, b = 0;  // 0..1
};

struct Box {
  double x = 0, y = 0, w = 0, h = 0;  // mm, origin at the top-left of the trim box
};

// A filled (optionally rounded, optionally stroked) rectangle.
struct RectShape {
  Box box;
  std::optional<Color> fill;
  std::optional<Color> stroke;
  double stroke_mm = 0.5;
  double radius_mm = 0;
};

struct Line {
  double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
  Color color;
  double width_mm = 0.5;
};

enum class Align { Left, Center, Right };
enum class FontRole { Sans, Serif };  // Noto Sans CJK SC / Noto Serif CJK SC (the TC faces for Traditional)

struct TextBox {
  std::string id;  // names the box in the layout report (e.g. "supervision_phone")
  Box box;
  std::string text;  // plain text (never markup); "\n" breaks lines
  FontRole font = FontRole::Sans;
  bool bold = false;
  double size_pt = 12;
  double min_size_pt = 0;  // shrink down to this size to fit; 0 means size_pt (no shrinking)
  Align align = Align::Left;
  bool vcenter = false;  // centre the text block vertically in the box
  Color color;
  double line_spacing = 1.25;  // line pitch as a multiple of the font size
  bool traditional = false;    // pick the Traditional Chinese faces (the text is already converted)
};

// A filled vector path (the 民生工程 logo is drawn with these). Coordinates in mm.
struct PathOp {
  enum Kind { Move, LineTo, CurveTo, Close } kind = Move;
  double x1 = 0, y1 = 0, x2 = 0, y2 = 0, x3 = 0, y3 = 0;  // LineTo/Move use x1,y1; CurveTo all three
};
struct PathShape {
  std::vector<PathOp> ops;
  std::optional<Color> fill;
  std::optional<Color> stroke;
  double stroke_mm = 0.5;
  bool even_odd = false;
};

// A QR code: dark modules drawn as one path on a light square including the quiet zone.
struct QrShape {
  Box box;                            // square; the symbol + quiet zone are scaled to fit
  int size = 0;                       // modules per side (qr::Matrix::size)
  std::vector<std::uint8_t> modules;  // size × size, 1 = dark
  int quiet_zone = 4;                 // modules of light margin on each side
  Color dark, light{1, 1, 1};
};

using Element = std::variant<RectShape, Line, TextBox, PathShape, QrShape>;

struct Artwork {
  std::string title;                       // PDF/SVG title metadata
  double width_mm = 210, height_mm = 297;  // trim size
  double bleed_mm = 0;  // PDF only: the page is the trim size + bleed on every side; elements touching the
                        // trim edge are extended into the bleed; crop marks in the corners
  std::vector<Element> elements;  // painted in order
};

struct TextFit {
  std::string id;
  double size_pt = 0;  // the size used
  int lines = 0;
  double text_w_mm = 0, text_h_mm = 0;  // measured extents at that size
  bool overflow = false;                // did not fit at min_size_pt (drawn clipped to its box)
};

struct Layout {
  std::vector<TextFit> texts;  // one per TextBox, in element order
  bool overflow() const;
  const TextFit* find(const std::string& id) const;
};

// Measures every text box as rendering would (same fonts, same wrapping). Internal only if cairo fails.
Result<Layout> measure(const Artwork& art);

enum class Format { Pdf, Png, Svg };

struct RenderOptions {
  Format format = Format::Pdf;
  int png_width_px = 1200;  // PNG: the trim width in pixels (height in proportion), white background
};

// The file bytes (PDF "%PDF-", PNG "\x89PNG", SVG "<?xml"). `layout` receives the measurements used.
Result<std::string> render_artwork(const Artwork& art, const RenderOptions& options = {},
                                   Layout* layout = nullptr);

}  // namespace minsheng::infra::pdf
