#include "modules/signage/layouts.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/text.hpp"
#include "infra/qr/qr.hpp"
#include "render/script.hpp"

namespace minsheng::signage {

namespace pdf = infra::pdf;

namespace {

constexpr double kPtMm = 25.4 / 72.0;  // one point in millimetres

// The palette: 中国红 for the header and labels, gold for rules and the sun, a deep blue for the footer band.
constexpr pdf::Color kRed{200 / 255.0, 22 / 255.0, 29 / 255.0};
constexpr pdf::Color kGold{232 / 255.0, 176 / 255.0, 15 / 255.0};
constexpr pdf::Color kPaleGold{1.0, 0.88, 0.54};
constexpr pdf::Color kBlue{31 / 255.0, 78 / 255.0, 154 / 255.0};
constexpr pdf::Color kInk{0.11, 0.11, 0.11};
constexpr pdf::Color kGrey{0.38, 0.38, 0.38};
constexpr pdf::Color kWhite{1, 1, 1};
constexpr pdf::Color kLabelRed{0.988, 0.925, 0.918};   // label cells of the plan's five fields
constexpr pdf::Color kLabelBlue{0.925, 0.945, 0.976};  // label cells of the other fields
constexpr pdf::Color kRule{0.86, 0.70, 0.70};

struct Style {
  double pt = 12;
  double min_pt = 0;
  bool bold = false;
  pdf::Align align = pdf::Align::Left;
  bool vcenter = false;
  pdf::Color color = kInk;
  double spacing = 1.25;
  pdf::FontRole font = pdf::FontRole::Sans;
};

// Appends elements, converting every text to the artwork's script.
class Painter {
 public:
  Painter(std::vector<pdf::Element>& out, Script script) : out_(out), script_(script) {}

  std::string tr(std::string_view s) const {
    if (script_ == Script::Hant) return render::ScriptConverter::s2tw().convert(s);
    return std::string(s);
  }

  void rect(const pdf::Box& b, std::optional<pdf::Color> fill,
            std::optional<pdf::Color> stroke = std::nullopt, double stroke_mm = 0.5, double radius_mm = 0) {
    pdf::RectShape r;
    r.box = b;
    r.fill = fill;
    r.stroke = stroke;
    r.stroke_mm = stroke_mm;
    r.radius_mm = radius_mm;
    out_.emplace_back(std::move(r));
  }

  void line(double x1, double y1, double x2, double y2, pdf::Color c, double width_mm) {
    out_.emplace_back(pdf::Line{x1, y1, x2, y2, c, width_mm});
  }

  // `text` is Simplified (converted here); `raw` texts (URLs, codes) are kept as they are.
  void text(std::string id, const pdf::Box& b, std::string_view text, const Style& st, bool raw = false) {
    pdf::TextBox t;
    t.id = std::move(id);
    t.box = b;
    t.text = raw ? std::string(text) : tr(text);
    t.font = st.font;
    t.bold = st.bold;
    t.size_pt = st.pt;
    t.min_size_pt = st.min_pt;
    t.align = st.align;
    t.vcenter = st.vcenter;
    t.color = st.color;
    t.line_spacing = st.spacing;
    t.traditional = script_ == Script::Hant;
    out_.emplace_back(std::move(t));
  }

  std::vector<pdf::Element>& out() { return out_; }

 private:
  std::vector<pdf::Element>& out_;
  Script script_;
};

// A rough height of `text` at `pt` in a box `width_mm` wide (CJK characters are one em; ASCII half): only for
// sharing space between boxes before the renderer measures for real.
double estimated_height(std::string_view text, double width_mm, double pt, double spacing) {
  const double em = pt * kPtMm;
  const double per_line = std::max(1.0, std::floor(width_mm / em));
  double lines = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const double ems = static_cast<double>(display_width(text.substr(start, end - start))) / 2.0;
    lines += std::max(1.0, std::ceil(ems / per_line));
    start = end + 1;
  }
  return lines * em * spacing;
}

// A circle as four cubic Béziers.
void circle(std::vector<pdf::PathOp>& ops, double cx, double cy, double r) {
  constexpr double c = 0.5522847498;
  using Op = pdf::PathOp;
  ops.push_back(Op{Op::Move, cx + r, cy});
  ops.push_back(Op{Op::CurveTo, cx + r, cy + c * r, cx + c * r, cy + r, cx, cy + r});
  ops.push_back(Op{Op::CurveTo, cx - c * r, cy + r, cx - r, cy + c * r, cx - r, cy});
  ops.push_back(Op{Op::CurveTo, cx - r, cy - c * r, cx - c * r, cy - r, cx, cy - r});
  ops.push_back(Op{Op::CurveTo, cx + c * r, cy - r, cx + r, cy - c * r, cx + r, cy});
  ops.push_back(Op{Op::Close});
}

void polygon(std::vector<pdf::PathOp>& ops, std::initializer_list<std::pair<double, double>> pts) {
  using Op = pdf::PathOp;
  bool first = true;
  for (const auto& [x, y] : pts) {
    ops.push_back(Op{first ? Op::Move : Op::LineTo, x, y});
    first = false;
  }
  ops.push_back(Op{Op::Close});
}

pdf::QrShape qr_shape(const infra::qr::Matrix& m, const pdf::Box& box) {
  pdf::QrShape q;
  q.box = box;
  q.size = m.size;
  q.modules = m.modules;
  q.quiet_zone = 4;
  q.dark = pdf::Color{0, 0, 0};
  q.light = kWhite;
  return q;
}

// "演示数据" in a gold tag.
void demo_tag(Painter& p, const pdf::Box& b, double k) {
  p.rect(b, kGold, std::nullopt, 0.5, 1.2 * k);
  p.text("demo", b, "演示数据", Style{12 * k, 6 * k, true, pdf::Align::Center, true, kRed});
}

std::pair<double, double> sign_dims(SignSize s) {
  switch (s) {
    case SignSize::Board120x80:
      return {1200, 800};
    case SignSize::Board240x120:
      return {2400, 1200};
    case SignSize::A4:
      break;
  }
  return {297, 210};
}

// A value shown on the board: "—" when a required field is empty.
std::string_view or_dash(std::string_view s) {
  return s.empty() ? std::string_view("—") : s;
}

// Moves every element right by `dx` (two-up sheets).
void shift(std::vector<pdf::Element>& els, double dx) {
  for (auto& e : els) {
    std::visit(
        [&](auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, pdf::Line>) {
            v.x1 += dx;
            v.x2 += dx;
          } else if constexpr (std::is_same_v<T, pdf::PathShape>) {
            for (auto& op : v.ops) {
              op.x1 += dx;
              op.x2 += dx;
              op.x3 += dx;
            }
          } else {
            v.box.x += dx;
          }
        },
        e);
  }
}

}  // namespace

std::string_view script_code(Script s) {
  return s == Script::Hant ? "hant" : "hans";
}

Result<Script> parse_script(std::string_view code) {
  if (code == "hans") return Script::Hans;
  if (code == "hant") return Script::Hant;
  return Error::field(ErrorCode::InvalidArgument, "script", "字体应为 hans（简体）或 hant（繁体）");
}

std::string_view size_code(SignSize s) {
  switch (s) {
    case SignSize::Board120x80:
      return "120x80";
    case SignSize::Board240x120:
      return "240x120";
    case SignSize::A4:
      break;
  }
  return "a4";
}

std::string_view size_label(SignSize s) {
  switch (s) {
    case SignSize::Board120x80:
      return "120×80 厘米";
    case SignSize::Board240x120:
      return "240×120 厘米";
    case SignSize::A4:
      break;
  }
  return "A4 校样";
}

Result<SignSize> parse_size(std::string_view code) {
  if (code == "120x80") return SignSize::Board120x80;
  if (code == "240x120") return SignSize::Board240x120;
  if (code == "a4") return SignSize::A4;
  return Error::field(ErrorCode::InvalidArgument, "size", "标牌尺寸应为 120x80、240x120 或 a4");
}

std::string_view paper_code(Paper p) {
  return p == Paper::A5 ? "a5" : "a4";
}

Result<Paper> parse_paper(std::string_view code) {
  if (code == "a4") return Paper::A4;
  if (code == "a5") return Paper::A5;
  return Error::field(ErrorCode::InvalidArgument, "paper", "纸张应为 a4 或 a5");
}

// The logo, in a unit square: a red ring with a thin gold ring inside, a gold sun rising behind a red house
// (a chevron roof over a body with a door and two windows cut out) and two gold furrows of a field below. All
// parts sit on a white disc, so the logo reads on the red header band as well as on white paper.
void draw_logo(std::vector<pdf::Element>& out, const pdf::Box& box) {
  const double d = std::min(box.w, box.h);
  const double ox = box.x + (box.w - d) / 2, oy = box.y + (box.h - d) / 2;
  auto X = [&](double u) { return ox + u * d; };
  auto Y = [&](double v) { return oy + v * d; };
  auto shape = [&](pdf::Color fill, bool even_odd, auto&& build) {
    pdf::PathShape s;
    s.fill = fill;
    s.even_odd = even_odd;
    build(s.ops);
    out.emplace_back(std::move(s));
  };
  using Op = pdf::PathOp;
  shape(kWhite, false, [&](auto& ops) { circle(ops, X(0.5), Y(0.5), 0.5 * d); });
  shape(kRed, true, [&](auto& ops) {  // the outer ring
    circle(ops, X(0.5), Y(0.5), 0.5 * d);
    circle(ops, X(0.5), Y(0.5), 0.445 * d);
  });
  shape(kGold, true, [&](auto& ops) {  // the inner gold ring
    circle(ops, X(0.5), Y(0.5), 0.425 * d);
    circle(ops, X(0.5), Y(0.5), 0.408 * d);
  });
  // The sun, up and to the right, with five short rays.
  const double sx = 0.655, sy = 0.335, sr = 0.085;
  shape(kGold, false, [&](auto& ops) { circle(ops, X(sx), Y(sy), sr * d); });
  shape(kGold, false, [&](auto& ops) {
    constexpr double pi = 3.14159265358979323846;
    for (int i = 0; i < 5; ++i) {
      const double a = (-150.0 + 30.0 * i) * pi / 180.0;  // from upper left to the right
      const double half = 5.5 * pi / 180.0;
      const double r0 = sr + 0.025, r1 = sr + 0.085;
      ops.push_back(Op{Op::Move, X(sx + r0 * std::cos(a - half)), Y(sy + r0 * std::sin(a - half))});
      ops.push_back(Op{Op::LineTo, X(sx + r1 * std::cos(a)), Y(sy + r1 * std::sin(a))});
      ops.push_back(Op{Op::LineTo, X(sx + r0 * std::cos(a + half)), Y(sy + r0 * std::sin(a + half))});
      ops.push_back(Op{Op::Close});
    }
  });
  // White halo around the roof so the sun reads as behind it.
  shape(kWhite, false, [&](auto& ops) {
    polygon(ops, {{X(0.14), Y(0.585)}, {X(0.5), Y(0.255)}, {X(0.86), Y(0.585)}});
  });
  shape(kRed, false, [&](auto& ops) {  // the roof: a chevron with eaves
    polygon(ops, {{X(0.17), Y(0.565)},
                  {X(0.5), Y(0.285)},
                  {X(0.83), Y(0.565)},
                  {X(0.74), Y(0.565)},
                  {X(0.5), Y(0.36)},
                  {X(0.26), Y(0.565)}});
  });
  shape(kRed, true, [&](auto& ops) {  // the body with a door and two windows
    polygon(ops, {{X(0.315), Y(0.545)},
                  {X(0.5), Y(0.39)},
                  {X(0.685), Y(0.545)},
                  {X(0.685), Y(0.745)},
                  {X(0.315), Y(0.745)}});
    polygon(ops, {{X(0.455), Y(0.615)}, {X(0.545), Y(0.615)}, {X(0.545), Y(0.745)}, {X(0.455), Y(0.745)}});
    polygon(ops, {{X(0.355), Y(0.585)}, {X(0.415), Y(0.585)}, {X(0.415), Y(0.645)}, {X(0.355), Y(0.645)}});
    polygon(ops, {{X(0.585), Y(0.585)}, {X(0.645), Y(0.585)}, {X(0.645), Y(0.645)}, {X(0.585), Y(0.645)}});
  });
  // Two furrows: gently curved gold bands, the lower one wider.
  auto band = [&](double y, double h, double x0, double x1, double lift) {
    shape(kGold, false, [&](auto& ops) {
      ops.push_back(Op{Op::Move, X(x0), Y(y)});
      ops.push_back(Op{Op::CurveTo, X(x0 + (x1 - x0) / 3), Y(y - lift), X(x0 + 2 * (x1 - x0) / 3),
                       Y(y - lift), X(x1), Y(y)});
      ops.push_back(Op{Op::LineTo, X(x1), Y(y + h)});
      ops.push_back(Op{Op::CurveTo, X(x0 + 2 * (x1 - x0) / 3), Y(y + h - lift), X(x0 + (x1 - x0) / 3),
                       Y(y + h - lift), X(x0), Y(y + h)});
      ops.push_back(Op{Op::Close});
    });
  };
  band(0.775, 0.035, 0.235, 0.765, 0.03);  // both end inside the gold ring
  band(0.83, 0.035, 0.335, 0.665, 0.025);
}

// The board, laid out from its trim size: k scales the A4 proof's measures to the board (the smaller of the
// width and height ratios, so the 2:1 board keeps its fonts legible and its extra width goes to the table).
// Header band (logo, "{year}年度民生工程", the name on up to two lines, shrinking), a gold rule, the field
// table (the plan's five fields first and larger, then location, content — which takes the remaining height
// —, contractor and responsible person; empty optional rows are left out), and a right column with the
// supervision-phone callout at the top and the QR code at the bottom right; a blue footer band.
Result<pdf::Artwork> sign_artwork(const SignContent& c, SignSize size, Script script) {
  auto matrix = infra::qr::encode(c.url, infra::qr::Level::M);
  if (!matrix) return matrix.take_error();
  const auto [W, H] = sign_dims(size);
  pdf::Artwork art;
  art.width_mm = W;
  art.height_mm = H;
  art.bleed_mm = size == SignSize::A4 ? 3 : 10;
  Painter p(art.elements, script);
  art.title = p.tr("民生工程公示牌 " + c.code + " " + c.project_name);
  const double k = std::min(W / 297.0, H / 210.0);
  const double m = 6 * k;  // side margin

  // Header.
  const double hh = 44 * k;
  p.rect({0, 0, W, hh}, kRed);
  p.rect({0, hh, W, 1.6 * k}, kGold);
  draw_logo(p.out(), {m, 5 * k, 34 * k, 34 * k});
  const double x0 = m + 40 * k, rw = 46 * k;
  const double name_w = W - x0 - m - rw;
  const std::string heading = c.year > 0 ? std::to_string(c.year) + "年度民生工程" : "民生工程";
  p.text("heading", {x0, 5 * k, name_w, 9 * k}, heading,
         Style{15 * k, 9 * k, true, pdf::Align::Left, true, kPaleGold, 1.2});
  p.text("projectName", {x0, 14 * k, name_w, 27 * k}, c.project_name,
         Style{26 * k, 11 * k, true, pdf::Align::Left, true, kWhite, 1.15});
  if (!c.code.empty())
    p.text("code", {W - m - rw, 6 * k, rw, 7 * k}, p.tr("项目编号：") + c.code,
           Style{10 * k, 6 * k, false, pdf::Align::Right, true, kWhite}, true);
  if (c.demo) demo_tag(p, {W - m - 30 * k, 18 * k, 30 * k, 10 * k}, k);

  // Footer.
  const double fh = 11 * k;
  p.rect({0, H - fh, W, fh}, kBlue);
  p.text("footer", {m, H - fh, W - 2 * m, fh}, "民生工程　造福于民　欢迎社会各界监督",
         Style{13 * k, 7 * k, true, pdf::Align::Center, true, kWhite});

  // Body: the right column (callout above, QR below) and the table beside it.
  const double y0 = hh + 1.6 * k + 5 * k, y1 = H - fh - 5 * k;
  const double body_h = y1 - y0;
  const double callout_h = 30 * k, under_qr = 15 * k;
  const double s = std::min(body_h - callout_h - 4 * k - under_qr, 0.30 * (W - 2 * m));
  const double qx = W - m - s;
  p.rect({qx, y0, s, callout_h}, kLabelRed, kRed, 0.6 * k, 2 * k);
  p.text("callout", {qx + 2 * k, y0 + 3 * k, s - 4 * k, 9 * k}, "发现问题请拨打监督电话",
         Style{11 * k, 6 * k, true, pdf::Align::Center, true, kRed});
  p.text("calloutPhone", {qx + 2 * k, y0 + 12 * k, s - 4 * k, 15 * k}, or_dash(c.supervision_phone),
         Style{20 * k, 8 * k, true, pdf::Align::Center, true, kRed, 1.1});
  const double qy = y1 - under_qr - s;
  p.out().emplace_back(qr_shape(*matrix, {qx, qy, s, s}));
  p.text("qrCaption", {qx - 3 * k, qy + s + 1 * k, s + 6 * k, 8 * k}, "扫码查看项目进展",
         Style{13 * k, 7 * k, true, pdf::Align::Center, true, kRed});
  p.text("url", {qx - 3 * k, qy + s + 9 * k, s + 6 * k, 5 * k}, c.url,
         Style{7 * k, 4 * k, false, pdf::Align::Center, true, kGrey, 1.1}, true);

  struct Row {
    const char* id;
    const char* label;
    std::string_view value;
    bool prominent;
  };
  std::vector<Row> rows = {
      {"builder", "建设单位", or_dash(c.builder), true},
      {"investment", "投资规模", or_dash(c.investment), true},
      {"buildDates", "建设日期", or_dash(c.build_dates), true},
      {"managerUnit", "责任管理单位", or_dash(c.manager_unit), true},
      {"supervisionPhone", "监督电话", or_dash(c.supervision_phone), true},
  };
  if (!c.location.empty()) rows.push_back({"location", "建设地点", c.location, false});
  if (!c.content.empty()) rows.push_back({"content", "建设内容", c.content, false});
  if (!c.contractor.empty()) rows.push_back({"contractor", "施工单位", c.contractor, false});
  if (!c.responsible.empty()) rows.push_back({"responsible", "责任人", c.responsible, false});

  const double tx = m, tw = qx - 6 * k - m, lw = 38 * k;
  const double prominent_h = 14 * k, other_h = 11 * k;
  double fixed = 0;
  for (const auto& r : rows)
    if (std::string_view(r.id) != "content") fixed += r.prominent ? prominent_h : other_h;
  const bool has_content = !c.content.empty();
  // Without content the rows share the height; with it the content row takes what is left.
  const double stretch = has_content ? 1.0 : body_h / fixed;
  const double content_h = has_content ? std::max(other_h, body_h - fixed) : 0;
  double y = y0;
  const double pad = 3 * k;
  for (const auto& r : rows) {
    const bool content = std::string_view(r.id) == "content";
    const double h = content ? content_h : (r.prominent ? prominent_h : other_h) * stretch;
    p.rect({tx, y, lw, h}, r.prominent ? kLabelRed : kLabelBlue);
    const Style label{
        r.prominent ? 14 * k : 12 * k, r.prominent ? 8 * k : 7 * k, true, pdf::Align::Left, true,
        r.prominent ? kRed : kBlue};
    p.text(std::string(r.id) + ".label", {tx + pad, y, lw - 2 * pad, h}, r.label, label);
    const Style value = content       ? Style{12 * k, 6 * k, false, pdf::Align::Left, false, kInk, 1.3}
                        : r.prominent ? Style{15 * k, 7 * k, r.prominent, pdf::Align::Left, true, kInk, 1.2}
                                      : Style{13 * k, 6.5 * k, false, pdf::Align::Left, true, kInk, 1.2};
    const double vpad = content ? 2 * k : 0.8 * k;
    p.text(r.id, {tx + lw + pad, y + vpad, tw - lw - 2 * pad, h - 2 * vpad}, r.value, value);
    y += h;
    p.line(tx, y, tx + tw, y, kRule, 0.3 * k);
  }
  p.line(tx + lw, y0, tx + lw, y, kRule, 0.3 * k);
  p.rect({tx, y0, tw, y - y0}, std::nullopt, kRed, 0.7 * k);
  return art;
}

// The window poster, A4 portrait: header band with the logo, the project's name in red, the short policy,
// the window and the hotline in framed boxes, a large QR code in the middle of the lower half, footer band.
Result<pdf::Artwork> poster_artwork(const PosterContent& c, Script script) {
  auto matrix = infra::qr::encode(c.url, infra::qr::Level::M);
  if (!matrix) return matrix.take_error();
  pdf::Artwork art;
  art.width_mm = 210;
  art.height_mm = 297;
  art.bleed_mm = 3;
  const double W = art.width_mm, H = art.height_mm, k = W / 210.0, m = 12 * k;
  Painter p(art.elements, script);
  art.title = p.tr("民生工程服务窗口 " + c.project_name);

  const double hh = 40 * k;
  p.rect({0, 0, W, hh}, kRed);
  p.rect({0, hh, W, 1.5 * k}, kGold);
  draw_logo(p.out(), {m, 5 * k, 30 * k, 30 * k});
  p.text("brand", {m + 36 * k, 7 * k, W - 2 * m - 36 * k - 28 * k, 15 * k}, "民生工程",
         Style{32 * k, 16 * k, true, pdf::Align::Left, true, kWhite, 1.1});
  p.text("subtitle", {m + 36 * k, 23 * k, W - 2 * m - 36 * k, 10 * k}, "惠民政策　服务窗口",
         Style{15 * k, 9 * k, false, pdf::Align::Left, true, kPaleGold});
  if (c.demo) demo_tag(p, {W - m - 26 * k, 8 * k, 26 * k, 9 * k}, k);

  double y = hh + 8 * k;
  p.text("projectName", {m, y, W - 2 * m, 30 * k}, c.project_name,
         Style{30 * k, 13 * k, true, pdf::Align::Center, true, kRed, 1.15});
  y += 33 * k;
  auto heading = [&](const char* id, const char* text) {
    p.rect({m, y + 1.5 * k, 1.6 * k, 6 * k}, kRed);
    p.text(id, {m + 4 * k, y, W - 2 * m - 4 * k, 9 * k}, text,
           Style{14 * k, 9 * k, true, pdf::Align::Left, true, kBlue});
    y += 10 * k;
  };
  heading("policy.label", "政策简介");
  p.text("policy", {m, y, W - 2 * m, 42 * k}, c.policy,
         Style{14 * k, 7 * k, false, pdf::Align::Left, false, kInk, 1.45});
  y += 46 * k;
  auto framed = [&](const char* id, const char* label, std::string_view value, double h, double pt) {
    p.rect({m, y, W - 2 * m, h}, kLabelRed, kRed, 0.5 * k, 2 * k);
    p.text(std::string(id) + ".label", {m + 4 * k, y, 30 * k, h}, label,
           Style{14 * k, 9 * k, true, pdf::Align::Left, true, kRed});
    p.text(id, {m + 34 * k, y + 1 * k, W - 2 * m - 38 * k, h - 2 * k}, or_dash(value),
           Style{pt * k, 8 * k, true, pdf::Align::Left, true, kInk, 1.15});
    y += h + 4 * k;
  };
  framed("window", "办理窗口", c.window, 22 * k, 17);
  framed("hotline", "咨询电话", c.hotline, 18 * k, 20);

  const double fh = 12 * k;
  const double s = std::min(68 * k, H - fh - 20 * k - y);
  const double qx = (W - s) / 2;
  p.out().emplace_back(qr_shape(*matrix, {qx, y, s, s}));
  p.text("qrCaption", {m, y + s + 1 * k, W - 2 * m, 8 * k}, "扫码了解政策和办理进展",
         Style{13 * k, 8 * k, true, pdf::Align::Center, true, kRed});
  p.text("url", {m, y + s + 9 * k, W - 2 * m, 5 * k}, c.url,
         Style{8 * k, 5 * k, false, pdf::Align::Center, true, kGrey}, true);

  p.rect({0, H - fh, W, fh}, kBlue);
  p.text("footer", {m, H - fh, W - 2 * m, fh}, "民生工程　惠民利民",
         Style{14 * k, 8 * k, true, pdf::Align::Center, true, kWhite});
  return art;
}

namespace {

// One leaflet at the origin, W × H (A4 or A5 portrait; k scales the A4 measures).
void leaflet_page(Painter& p, const LeafletContent& c, const infra::qr::Matrix& matrix, double W, double H) {
  const double k = W / 210.0, m = 12 * k;
  const double min_body = std::max(6.0, 7 * k);
  const double hh = 36 * k;
  p.rect({0, 0, W, hh}, kRed);
  p.rect({0, hh, W, 1.5 * k}, kGold);
  draw_logo(p.out(), {m, 5 * k, 26 * k, 26 * k});
  const double tx = m + 32 * k, tw = W - tx - m;
  p.text("kicker", {tx, 4 * k, tw - (c.demo ? 26 * k : 0), 8 * k}, "民生工程明白纸",
         Style{12 * k, 7 * k, true, pdf::Align::Left, true, kPaleGold});
  if (c.demo) demo_tag(p, {W - m - 24 * k, 4 * k, 24 * k, 8 * k}, k);
  p.text("title", {tx, 12 * k, tw, 21 * k}, c.title,
         Style{22 * k, 10 * k, true, pdf::Align::Left, true, kWhite, 1.15});

  // Bottom block: QR at the right; issuer, version and the caption at its left; the footer band.
  const double fh = 10 * k, s = 38 * k;
  const double qy = H - fh - 4 * k - s, qx = W - m - s;
  p.out().emplace_back(qr_shape(matrix, {qx, qy, s, s}));
  const double bw = qx - m - 4 * k;
  p.text("qrCaption", {m, qy + 2 * k, bw, 9 * k}, "扫一扫，查看项目详情和办理进展",
         Style{12 * k, 7 * k, true, pdf::Align::Left, true, kRed});
  if (!c.issuer.empty())
    p.text("issuer", {m, qy + 13 * k, bw, 8 * k}, "发布单位：" + c.issuer,
           Style{11 * k, min_body, false, pdf::Align::Left, true, kInk});
  if (!c.version_label.empty())
    p.text("version", {m, qy + 22 * k, bw, 6 * k}, c.version_label,
           Style{9 * k, std::max(5.0, 6 * k), false, pdf::Align::Left, true, kGrey});
  p.text("url", {m, qy + 29 * k, bw, 6 * k}, c.url,
         Style{8 * k, std::max(4.5, 5 * k), false, pdf::Align::Left, true, kGrey}, true);
  p.rect({0, H - fh, W, fh}, kBlue);
  p.text("footer", {m, H - fh, W - 2 * m, fh}, "民生工程　惠民利民",
         Style{12 * k, 6 * k, true, pdf::Align::Center, true, kWhite});

  // The four sections between the header and the bottom block: the three texts share the height by their
  // estimated lengths; the hotline takes one large line.
  const double heading_h = 9 * k, gap = 3 * k, hotline_h = 12 * k;
  const double ys = hh + 1.5 * k + 5 * k, ye = qy - 5 * k;
  const double body_pt = 13 * k, spacing = 1.4;
  const std::string_view texts[] = {c.plain_text, c.eligibility, c.how_to_apply};
  const char* const ids[] = {"plainText", "eligibility", "howToApply"};
  const char* const headings[] = {"一、政策内容", "二、补助对象", "三、办理流程"};
  std::vector<std::string> converted;
  double want[3], sum = 0;
  for (int i = 0; i < 3; ++i) {
    converted.push_back(p.tr(texts[i].empty() ? std::string_view("—") : texts[i]));
    want[i] = estimated_height(converted.back(), W - 2 * m, body_pt, spacing) + 2 * k;
    want[i] = std::max(want[i], 2 * min_body * kPtMm * spacing + 2 * k);
    sum += want[i];
  }
  const double avail = ye - ys - 4 * (heading_h + 2 * k) - hotline_h - 3 * gap;
  double y = ys;
  auto heading = [&](const char* id, const char* text) {
    p.rect({m, y + 1.5 * k, 1.6 * k, 6 * k}, kRed);
    p.text(id, {m + 4 * k, y, W - 2 * m - 4 * k, heading_h}, text,
           Style{14 * k, 8 * k, true, pdf::Align::Left, true, kRed});
    y += heading_h + 2 * k;
  };
  for (int i = 0; i < 3; ++i) {
    heading((std::string(ids[i]) + ".label").c_str(), headings[i]);
    // Short texts keep their size and the sections stay together (the space left is above the QR block);
    // long ones share the height by length and shrink.
    const double h = sum <= avail ? want[i] + std::min((avail - sum) / 3, 10 * k) : avail * want[i] / sum;
    p.text(ids[i], {m + 4 * k, y, W - 2 * m - 4 * k, h}, converted[static_cast<std::size_t>(i)],
           Style{body_pt, min_body, false, pdf::Align::Left, false, kInk, spacing}, true);
    y += h + gap;
  }
  heading("hotline.label", "四、咨询电话");
  p.text("hotline", {m + 4 * k, y, W - 2 * m - 4 * k, hotline_h}, or_dash(c.hotline),
         Style{18 * k, 9 * k, true, pdf::Align::Left, true, kRed, 1.1});
}

}  // namespace

Result<pdf::Artwork> leaflet_artwork(const LeafletContent& c, Paper paper, bool two_up, Script script) {
  if (two_up && paper != Paper::A5)
    return Error::field(ErrorCode::InvalidArgument, "twoUp", "只有 A5 明白纸可以两联拼版印在一张 A4 上");
  auto matrix = infra::qr::encode(c.url, infra::qr::Level::M);
  if (!matrix) return matrix.take_error();
  pdf::Artwork art;
  art.bleed_mm = 3;
  // Two-up copies are 148.5 mm wide: together they fill the A4 sheet, so the bleed reaches both outer edges.
  const double W = paper == Paper::A5 ? (two_up ? 148.5 : 148) : 210, H = paper == Paper::A5 ? 210 : 297;
  Painter p(art.elements, script);
  art.title = p.tr(c.title);
  leaflet_page(p, c, *matrix, W, H);
  if (!two_up) {
    art.width_mm = W;
    art.height_mm = H;
    return art;
  }
  // Two A5 copies on A4 landscape: the second is the first moved right; a dashed cutting line between.
  art.width_mm = 297;
  art.height_mm = 210;
  const double half = art.width_mm / 2;
  std::vector<pdf::Element> second = art.elements;
  shift(second, half);
  art.elements.insert(art.elements.end(), std::make_move_iterator(second.begin()),
                      std::make_move_iterator(second.end()));
  for (double y = 0; y < art.height_mm; y += 6)
    p.line(half, y, half, std::min(art.height_mm, y + 3), kGrey, 0.2);
  return art;
}

}  // namespace minsheng::signage
