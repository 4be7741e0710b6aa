#include "infra/pdf/pdf.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fmt/format.h>
#include <glib-object.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "infra/pdf/cairo_util.hpp"

namespace minsheng::infra::pdf {
namespace {

using namespace detail;  // NOLINT: the shared cairo helpers of this folder

// --- geometry (PDF user units are points)
// -------------------------------------------------------------------
constexpr double kMm = 72.0 / 25.4;
constexpr double kPageW = 210 * kMm;  // 595.28
constexpr double kPageH = 297 * kMm;  // 841.89
constexpr double kTop = 37 * kMm;
constexpr double kLeft = 28 * kMm;
constexpr double kTextW = 156 * kMm;              // 版心 width; right margin 26 mm
constexpr double kTextBottom = kTop + 225 * kMm;  // 版心 height 225 mm; bottom margin 35 mm
constexpr double kRightEdge = kLeft + kTextW;
constexpr double kLine = 28.9;  // fixed line pitch: 22 lines in the 版心
constexpr double kBody = 16;    // 3号
constexpr double kTitle = 22;   // 2号
constexpr double kSmall = 14;   // 4号: page numbers, 版记
constexpr double kCell = 12;    // 小四: table cells (7 columns do not fit at 3号)
constexpr double kEps = 0.01;

constexpr const char* kSerif = "Noto Serif CJK SC";  // for 仿宋, 楷体, 宋体
constexpr const char* kSans = "Noto Sans CJK SC";    // for 黑体, 小标宋 (the title and the 标志)

struct Rgb {
  double r = 0, g = 0, b = 0;
};
constexpr Rgb kBlack{};
constexpr Rgb kRed{0.9, 0.0, 0.07};

struct Style {
  const char* family = kSerif;
  bool bold = false;
  double size = kBody;
  PangoAlignment align = PANGO_ALIGN_LEFT;
  Rgb color = kBlack;
};

Style serif(double size = kBody, bool bold = false) {
  return Style{kSerif, bold, size, PANGO_ALIGN_LEFT, kBlack};
}
Style sans_bold(double size = kBody) {
  return Style{kSans, true, size, PANGO_ALIGN_LEFT, kBlack};
}
Style aligned(Style s, PangoAlignment a) {
  s.align = a;
  return s;
}

// "2020年6月5日" (optionally followed by e.g. "印发") -> "2020-06-05T00:00:00+08:00"; nullopt otherwise.
std::optional<std::string> iso_date(std::string_view s) {
  auto number = [&](std::string_view sep) -> std::optional<int> {
    std::size_t i = 0;
    while (i < s.size() && s[i] == ' ')
      ++i;
    std::size_t start = i;
    int v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 4)
      v = v * 10 + (s[i++] - '0');
    if (i == start || s.substr(i, sep.size()) != sep) return std::nullopt;
    s.remove_prefix(i + sep.size());
    return v;
  };
  auto y = number("年");
  auto m = y ? number("月") : std::nullopt;
  auto d = m ? number("日") : std::nullopt;
  if (!d || *y < 1900 || *y > 9999 || *m < 1 || *m > 12 || *d < 1 || *d > 31) return std::nullopt;
  return fmt::format("{:04}-{:02}-{:02}T00:00:00+08:00", *y, *m, *d);
}

// The document's own date for the PDF metadata: 印发日期, else the last 成文日期, else a fixed date. Never
// the clock, so the same document gives the same bytes.
std::string metadata_date(const doc::Document& d) {
  if (auto v = iso_date(d.printed_on)) return *v;
  for (auto it = d.blocks.rbegin(); it != d.blocks.rend(); ++it)
    if (it->kind == doc::BlockKind::Date)
      if (auto v = iso_date(it->text)) return *v;
  return "2000-01-01T00:00:00+08:00";
}

bool numeric(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == '%' || c == ' ')) return false;
  return true;
}

// --- the renderer
// -------------------------------------------------------------------------------------------
class Renderer {
 public:
  Renderer(cairo_t* cr, PangoContext* ctx) : cr_(cr), ctx_(ctx) {}

  void render(const doc::Document& d) {
    header(d);
    const std::vector<doc::Block>& blocks = d.blocks;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      const doc::Block& b = blocks[i];
      const doc::BlockKind prev = i > 0 ? blocks[i - 1].kind : doc::BlockKind::PageBreak;
      switch (b.kind) {
        case doc::BlockKind::Body:
          flow(b.text, serif(), kLeft, kTextW, 2 * kBody, 0, false);
          break;
        case doc::BlockKind::Heading1:
          flow(b.text, sans_bold(), kLeft, kTextW, 2 * kBody, 0, true);
          break;
        case doc::BlockKind::Heading2:
          flow(b.text, serif(kBody, true), kLeft, kTextW, 2 * kBody, 0, true);
          break;
        case doc::BlockKind::Heading3:
          flow(b.text, serif(kBody, true), kLeft, kTextW, 2 * kBody, 0, true);
          break;
        case doc::BlockKind::Heading4:
          flow(b.text, serif(), kLeft, kTextW, 2 * kBody, 0, true);
          break;
        case doc::BlockKind::Addressee:
          flow(b.text, serif(), kLeft, kTextW, 0, 0, false);
          break;
        case doc::BlockKind::Attachment: {
          // 附件说明: 左空二字 "附件：1. ……"; the following items and wrapped lines align after "附件：".
          if (prev != doc::BlockKind::Attachment) blank_line();
          const bool first = std::string_view(b.text).starts_with("附件");
          if (first)
            flow(b.text, serif(), kLeft + 2 * kBody, kTextW - 2 * kBody, 0, -3 * kBody, false);
          else
            flow(b.text, serif(), kLeft + 5 * kBody, kTextW - 5 * kBody, 0, 0, false);
          break;
        }
        case doc::BlockKind::Signature:
          if (i + 1 < blocks.size() && blocks[i + 1].kind == doc::BlockKind::Date) {
            signature_and_date(b.text, blocks[i + 1].text);
            ++i;
          } else {
            blank_line();
            flow(b.text, aligned(serif(), PANGO_ALIGN_RIGHT), kLeft, kTextW - 2 * kBody, 0, 0, false);
          }
          break;
        case doc::BlockKind::Date:
          flow(b.text, aligned(serif(), PANGO_ALIGN_RIGHT), kLeft, kTextW - 2 * kBody, 0, 0, false);
          break;
        case doc::BlockKind::Table:
          table(b.table);
          break;
        case doc::BlockKind::PageBreak:
          if (y_ > kTop + kEps) new_page();
          break;
        case doc::BlockKind::AttachmentTitle:
          flow(b.text, sans_bold(), kLeft, kTextW, 0, 0, true);
          break;
      }
    }
    record(d);
    finish_page();
  }

 private:
  GPtr<PangoLayout> layout(const std::string& text, const Style& s, double width, double indent) {
    GPtr<PangoLayout> l(pango_layout_new(ctx_));
    std::unique_ptr<PangoFontDescription, FontDescFree> fd(pango_font_description_new());
    pango_font_description_set_family(fd.get(), s.family);
    pango_font_description_set_weight(fd.get(), s.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(fd.get(), s.size * PANGO_SCALE);  // user units = points
    pango_layout_set_font_description(l.get(), fd.get());
    if (width > 0) {
      pango_layout_set_width(l.get(), to_pango(width));
      pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);  // long Latin runs (URLs) break too
    }
    pango_layout_set_alignment(l.get(), s.align);
    // 两端对齐 for wrapped paragraphs (CJK text has no spaces to stretch; pango spreads the glyphs).
    if (width > 0 && s.align == PANGO_ALIGN_LEFT) pango_layout_set_justify(l.get(), TRUE);
    pango_layout_set_indent(l.get(), to_pango(indent));
    const std::string t = valid_utf8(text);
    pango_layout_set_text(l.get(), t.data(), static_cast<int>(t.size()));  // plain text, never markup
    return l;
  }

  static int line_count(PangoLayout* l) { return pango_layout_get_line_count(l); }

  // Draws the lines of `l` on the fixed pitch, starting at the cursor, breaking pages between lines.
  // `keep`: the whole layout plus one more line must fit, else it starts on the next page (headings);
  // `whole`: the whole layout must fit (titles, the signature block).
  void draw_lines(PangoLayout* l, double x, const Style& s, bool keep, bool whole) {
    const int n = line_count(l);
    const double need = (n + (keep ? 1 : 0)) * kLine;
    if ((keep || whole) && y_ + need > kTextBottom + kEps && y_ > kTop + kEps && need <= kTextBottom - kTop)
      new_page();
    std::unique_ptr<PangoLayoutIter, IterFree> it(pango_layout_get_iter(l));
    do {
      if (y_ + kLine > kTextBottom + kEps && y_ > kTop + kEps) new_page();
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(it.get(), nullptr, &logical);
      PangoLayoutLine* line = pango_layout_iter_get_line_readonly(it.get());
      PangoRectangle line_logical;
      pango_layout_line_get_extents(line, nullptr, &line_logical);
      // Centre the line box in the pitch: the baseline sits `ascent` below the box top.
      const double baseline = y_ + (kLine - to_pt(line_logical.height)) / 2 - to_pt(line_logical.y);
      cairo_set_source_rgb(cr_, s.color.r, s.color.g, s.color.b);
      cairo_move_to(cr_, x + to_pt(logical.x), baseline);
      pango_cairo_show_layout_line(cr_, line);
      y_ += kLine;
    } while (pango_layout_iter_next_line(it.get()));
  }

  void flow(const std::string& text, const Style& s, double x, double width, double indent, double hanging,
            bool keep) {
    auto l = layout(text, s, width, hanging != 0 ? hanging : indent);
    draw_lines(l.get(), x, s, keep, false);
  }

  void blank_line() {
    if (y_ > kTop + kEps) y_ += kLine;
  }

  // 落款 and 成文日期 (GB/T 9704 7.3.5.2, without a seal): the signature 右空二字, the date one line below
  // with its first character two characters right of the signature's; a date longer than that is 右空二字 and
  // the signature moves left to keep the two-character offset.
  void signature_and_date(const std::string& sig, const std::string& date) {
    blank_line();
    auto ls = layout(sig, serif(), -1, 0);
    auto ld = layout(date, serif(), -1, 0);
    PangoRectangle rs, rd;
    pango_layout_get_extents(ls.get(), nullptr, &rs);
    pango_layout_get_extents(ld.get(), nullptr, &rd);
    const double ws = to_pt(rs.width), wd = to_pt(rd.width);
    double sig_x = kRightEdge - 2 * kBody - ws;
    double date_x = sig_x + 2 * kBody;
    if (date_x + wd > kRightEdge - 2 * kBody + kEps) {
      date_x = kRightEdge - 2 * kBody - wd;
      sig_x = date_x - 2 * kBody;
    }
    if (sig_x < kLeft || line_count(ls.get()) + line_count(ld.get()) > 2) {  // too long: wrap, right-aligned
      flow(sig, aligned(serif(), PANGO_ALIGN_RIGHT), kLeft, kTextW - 2 * kBody, 0, 0, false);
      flow(date, aligned(serif(), PANGO_ALIGN_RIGHT), kLeft, kTextW - 2 * kBody, 0, 0, false);
      return;
    }
    if (y_ + 2 * kLine > kTextBottom + kEps) new_page();
    draw_lines(ls.get(), sig_x, serif(), false, false);
    draw_lines(ld.get(), date_x, serif(), false, false);
  }

  // 版头: the red 发文机关标志 + 文件, the 发文字号 two lines below, the red rule 4 mm under it; or, for a
  // plain header, the 发文字号 alone. Then the title, centred, and one blank line.
  void header(const doc::Document& d) {
    if (d.red_header && !d.issuer.empty()) {
      // As large as fits one line of the 版心 (at most 36 pt, at least the title size; longer names wrap).
      Style mark{kSans, true, 100, PANGO_ALIGN_CENTER, kRed};
      auto probe = layout(d.issuer + "文件", mark, -1, 0);
      PangoRectangle r;
      pango_layout_get_extents(probe.get(), nullptr, &r);
      mark.size = std::clamp(100 * kTextW / std::max(to_pt(r.width), 1.0) * 0.98, kTitle, 36.0);
      auto l = layout(d.issuer + "文件", mark, kTextW, 0);
      y_ = kTop + 35 * kMm;  // the 标志's top edge 35 mm below the 版心's (GB/T 9704 7.2.2)
      PangoRectangle ink, logical;
      pango_layout_get_extents(l.get(), &ink, &logical);
      cairo_set_source_rgb(cr_, kRed.r, kRed.g, kRed.b);
      cairo_move_to(cr_, kLeft, y_ - to_pt(ink.y));
      pango_cairo_show_layout(cr_, l.get());
      y_ += to_pt(ink.height);
      y_ += 2 * kLine - (kLine - kBody) / 2;  // 空二行 to the 发文字号's line
      if (!d.doc_number.empty()) {
        auto n = layout(d.doc_number, aligned(serif(), PANGO_ALIGN_CENTER), kTextW, 0);
        draw_lines(n.get(), kLeft, serif(), false, false);
      }
      const double rule_y = y_ - (kLine - kBody) / 2 + 4 * kMm;  // 4 mm under the 字号's characters
      cairo_set_source_rgb(cr_, kRed.r, kRed.g, kRed.b);
      cairo_set_line_width(cr_, 1.0);
      cairo_move_to(cr_, kLeft, rule_y);
      cairo_line_to(cr_, kRightEdge, rule_y);
      cairo_stroke(cr_);
      y_ = rule_y + 2 * kLine;  // the title two lines below the rule
    } else if (!d.doc_number.empty()) {
      auto n = layout(d.doc_number, aligned(serif(), PANGO_ALIGN_CENTER), kTextW, 0);
      draw_lines(n.get(), kLeft, serif(), false, false);
      blank_line();
    }
    if (!d.title.empty()) {
      const Style t = aligned(sans_bold(kTitle), PANGO_ALIGN_CENTER);
      auto l = layout(d.title, t, kTextW, 0);
      // A long title as a 梯形: the narrowest width that keeps the line count, so no last line of one
      // character ("…的通" / "报").
      const int n = line_count(l.get());
      if (n > 1) {
        double w = kTextW;
        while (w > kTitle * 4) {
          auto narrower = layout(d.title, t, w - kTitle, 0);
          if (line_count(narrower.get()) != n) break;
          w -= kTitle;
          l = std::move(narrower);
        }
      }
      const double x = kLeft + (kTextW - to_pt(pango_layout_get_width(l.get()))) / 2;
      draw_lines(l.get(), x, t, false, true);
      blank_line();
    }
  }

  // --- tables ---
  struct Cell {
    GPtr<PangoLayout> layout;
    double height = 0;
  };
  static constexpr double kPadX = 2.5, kPadY = 3, kRule = 0.75;

  std::vector<Cell> row_cells(const std::vector<std::string>& cells, std::size_t ncols,
                              const std::vector<double>& widths, bool head, double& row_h) {
    std::vector<Cell> out;
    row_h = kCell * 1.4 + 2 * kPadY;
    static const std::string kEmpty;
    for (std::size_t c = 0; c < ncols; ++c) {
      const std::string& text = c < cells.size() ? cells[c] : kEmpty;
      Style s = head ? sans_bold(kCell) : serif(kCell);
      s.align = head || numeric(text) ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT;
      Cell cell{layout(text, s, widths[c] - 2 * kPadX, 0), 0};
      PangoRectangle r;
      pango_layout_get_extents(cell.layout.get(), nullptr, &r);
      cell.height = to_pt(r.height);
      row_h = std::max(row_h, cell.height + 2 * kPadY);
      out.push_back(std::move(cell));
    }
    return out;
  }

  void draw_row(const std::vector<Cell>& cells, const std::vector<double>& widths, double x0, double h) {
    double x = x0;
    cairo_set_source_rgb(cr_, 0, 0, 0);
    cairo_set_line_width(cr_, kRule);
    for (std::size_t c = 0; c < cells.size(); ++c) {
      cairo_rectangle(cr_, x, y_, widths[c], h);
      cairo_stroke(cr_);
      cairo_move_to(cr_, x + kPadX, y_ + (h - cells[c].height) / 2);
      pango_cairo_show_layout(cr_, cells[c].layout.get());
      x += widths[c];
    }
    y_ += h;
  }

  void table(const doc::Table& t) {
    std::size_t ncols = t.header.size();
    for (const auto& r : t.rows)
      ncols = std::max(ncols, r.size());
    if (ncols == 0) return;
    std::vector<double> widths(ncols, kTextW / static_cast<double>(ncols));
    if (t.widths_mm.size() == ncols &&
        std::all_of(t.widths_mm.begin(), t.widths_mm.end(), [](double w) { return w > 0; })) {
      double total = 0;
      for (std::size_t c = 0; c < ncols; ++c)
        total += widths[c] = t.widths_mm[c] * kMm;
      if (total > kTextW)
        for (double& w : widths)
          w *= kTextW / total;
    }
    double total_w = 0;
    for (double w : widths)
      total_w += w;
    const double x0 = kLeft + (kTextW - total_w) / 2;

    double head_h = 0;
    const bool has_head = !t.header.empty();
    std::vector<Cell> head;
    if (has_head) head = row_cells(t.header, ncols, widths, true, head_h);
    double first_h = 0;
    if (!t.rows.empty()) (void)row_cells(t.rows.front(), ncols, widths, false, first_h);

    if (!t.caption.empty()) {
      const Style cs = aligned(sans_bold(), PANGO_ALIGN_CENTER);
      auto l = layout(t.caption, cs, kTextW, 0);
      const double need = line_count(l.get()) * kLine + head_h + first_h;
      if (y_ + need > kTextBottom + kEps && y_ > kTop + kEps) new_page();
      draw_lines(l.get(), kLeft, cs, false, false);
    }
    if (y_ + head_h + first_h > kTextBottom + kEps && y_ > kTop + kEps) new_page();
    if (has_head) draw_row(head, widths, x0, head_h);
    for (const auto& r : t.rows) {
      double h = 0;
      auto cells = row_cells(r, ncols, widths, false, h);
      // Rows are never split: a row that does not fit goes to the next page under a repeated header row. (A
      // single row taller than a page is drawn anyway and overflows the bottom margin.)
      if (y_ + h > kTextBottom + kEps && y_ > kTop + head_h + kEps) {
        new_page();
        if (has_head) draw_row(head, widths, x0, head_h);
      }
      draw_row(cells, widths, x0, h);
    }
    // Back onto the line grid, with at least a third of a line below the table.
    const double lines = std::ceil((y_ - kTop) / kLine + 1.0 / 3 - kEps);
    y_ = kTop + lines * kLine;
  }

  // --- 版记: 抄送 and 印发机关 + 印发日期 between rules, at the bottom of the last page ---
  void record(const doc::Document& d) {
    const bool printed = !d.printed_by.empty() || !d.printed_on.empty();
    if (d.copy_to.empty() && !printed) return;
    const double inset = kSmall;  // 左右各空一字
    const double w = kTextW - 2 * inset;
    GPtr<PangoLayout> copy;
    int copy_lines = 0;
    if (!d.copy_to.empty()) {
      const std::string text = "抄送：" + d.copy_to;
      auto probe = layout("抄送：", serif(kSmall), -1, 0);
      PangoRectangle r;
      pango_layout_get_extents(probe.get(), nullptr, &r);
      copy = layout(text, serif(kSmall), w, -to_pt(r.width));  // wrapped lines align after "抄送："
      copy_lines = line_count(copy.get());
    }
    const double need = (copy_lines + (printed ? 1 : 0)) * kLine;
    if (y_ + need > kTextBottom + kEps) new_page();
    auto rule = [&](double y, double width_mm) {
      cairo_set_source_rgb(cr_, 0, 0, 0);
      cairo_set_line_width(cr_, width_mm * kMm);
      cairo_move_to(cr_, kLeft, y);
      cairo_line_to(cr_, kRightEdge, y);
      cairo_stroke(cr_);
    };
    y_ = kTextBottom - need;
    rule(y_, 0.35);
    if (copy) draw_lines(copy.get(), kLeft + inset, serif(kSmall), false, false);
    if (copy && printed) rule(y_, 0.25);
    if (printed) {
      auto by = layout(d.printed_by, serif(kSmall), w, 0);
      auto on = layout(d.printed_on, aligned(serif(kSmall), PANGO_ALIGN_RIGHT), w, 0);
      const double y = y_;
      draw_lines(by.get(), kLeft + inset, serif(kSmall), false, false);
      y_ = y;
      draw_lines(on.get(), kLeft + inset, serif(kSmall), false, false);
    }
    rule(kTextBottom, 0.35);
  }

  // --- pages ---
  // `— N —` in 14 pt 宋体-like serif, its dashes 7 mm below the 版心; odd pages 右空一字, even pages
  // 左空一字.
  void page_number() {
    const bool odd = page_ % 2 == 1;
    const Style s = aligned(serif(kSmall), odd ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    auto l = layout(fmt::format("— {} —", page_), s, kTextW - 2 * kSmall, 0);
    PangoLayoutLine* line = pango_layout_get_line_readonly(l.get(), 0);
    PangoRectangle logical;
    pango_layout_get_extents(l.get(), nullptr, &logical);
    cairo_set_source_rgb(cr_, 0, 0, 0);
    cairo_move_to(cr_, kLeft + kSmall + to_pt(logical.x), kTextBottom + 7 * kMm + 0.35 * kSmall);
    pango_cairo_show_layout_line(cr_, line);
  }

  void finish_page() {
    page_number();
    cairo_show_page(cr_);
  }

  void new_page() {
    finish_page();
    ++page_;
    y_ = kTop;
  }

  cairo_t* cr_;
  PangoContext* ctx_;
  double y_ = kTop;
  int page_ = 1;
};

}  // namespace

Result<std::string> render_pdf(const doc::Document& document) {
  std::string out;
  std::unique_ptr<cairo_surface_t, CairoDestroy> surface(
      cairo_pdf_surface_create_for_stream(append_to_string, &out, kPageW, kPageH));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    return Error::make(ErrorCode::Internal, "error.internal");
  const std::string title = valid_utf8(document.title);
  const std::string date = metadata_date(document);
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "Minsheng");
  if (!document.issuer.empty()) {
    const std::string author = valid_utf8(document.issuer);
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_AUTHOR, author.c_str());
  }
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE, date.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_MOD_DATE, date.c_str());
  {
    std::unique_ptr<cairo_t, CairoDestroy> cr(cairo_create(surface.get()));
    // A font map of our own per call: pango font maps and contexts are not thread-safe, and a call never
    // shares one with another thread (fontconfig and cairo lock their own caches). Costs a font lookup per
    // call, a few milliseconds, against a render of tens of milliseconds.
    GPtr<PangoFontMap> font_map(pango_cairo_font_map_new());
    GPtr<PangoContext> ctx(pango_font_map_create_context(font_map.get()));
    std::unique_ptr<cairo_font_options_t, CairoDestroy> options(cairo_font_options_create());
    cairo_font_options_set_hint_style(options.get(), CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(options.get(), CAIRO_HINT_METRICS_OFF);  // vector output: no hinting
    pango_cairo_context_set_font_options(ctx.get(), options.get());
    pango_cairo_context_set_resolution(ctx.get(), 72);
    pango_context_set_round_glyph_positions(ctx.get(), FALSE);
    pango_context_set_language(ctx.get(), pango_language_from_string("zh-cn"));
    pango_cairo_update_context(cr.get(), ctx.get());
    Renderer(cr.get(), ctx.get()).render(document);
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS)
      return Error::make(ErrorCode::Internal, "error.internal");
  }
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    return Error::make(ErrorCode::Internal, "error.internal");
  return out;
}

}  // namespace minsheng::infra::pdf
