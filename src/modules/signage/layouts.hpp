#pragma once
// The print artwork of issue 7 (plan §三(二)), pure: content in, infra::pdf::Artwork out. Sign boards for
// engineering projects (the plan's five fields: 建设单位, 投资规模, 建设日期, 责任管理单位, 监督电话, plus
// the project's name, location, content, contractor, responsible person), window posters for subsidy projects
// and 明白纸 leaflets, each with our 民生工程 logo (vector, drawn here) and a QR code to the project's public
// page. Text goes in as Simplified Chinese; Script::Hant converts every string with OpenCC s2tw first.
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "infra/pdf/artwork.hpp"

namespace minsheng::signage {

enum class Script { Hans, Hant };
std::string_view script_code(Script s);              // "hans" | "hant"
Result<Script> parse_script(std::string_view code);  // field "script"

// Board sizes: 120×80 cm, 240×120 cm (landscape boards), A4 proof (297×210 mm landscape, same layout scaled).
enum class SignSize { Board120x80, Board240x120, A4 };
std::string_view size_code(SignSize s);              // "120x80" | "240x120" | "a4"
std::string_view size_label(SignSize s);             // "120×80 厘米" | "240×120 厘米" | "A4 校样"
Result<SignSize> parse_size(std::string_view code);  // field "size"

struct SignContent {
  int year = 0;  // the header reads "{year}年度民生工程" ("民生工程" when 0)
  std::string project_name;
  std::string code;               // 项目编号, shown small
  std::string builder;            // 建设单位
  std::string investment;         // 投资规模, e.g. "480.00万元"
  std::string build_dates;        // 建设日期, e.g. "2020年4月1日至2020年12月31日"
  std::string manager_unit;       // 责任管理单位
  std::string supervision_phone;  // 监督电话
  std::string location;
  std::string content;      // 建设内容 (may be long: wraps, shrinks, never overflows silently)
  std::string contractor;   // 施工单位
  std::string responsible;  // 责任人
  std::string url;          // the QR target: https://…/p/{code}
  bool demo = false;        // prints "演示数据" small in a corner
};

enum class Paper { A4, A5 };
std::string_view paper_code(Paper p);              // "a4" | "a5"
Result<Paper> parse_paper(std::string_view code);  // field "paper"

struct PosterContent {  // 服务窗口 poster of a subsidy project
  std::string project_name;
  std::string policy;  // short policy text
  std::string window;  // the window's unit and place, e.g. "镇便民服务中心 3 号窗口"
  std::string hotline;
  std::string url;
  bool demo = false;
};

struct LeafletContent {  // 明白纸
  std::string title;
  std::string plain_text;    // the project's plain-language text (Markdown stripped to paragraphs)
  std::string eligibility;   // 补助对象/条件
  std::string how_to_apply;  // 办理流程
  std::string hotline;
  std::string issuer;         // unit named at the bottom
  std::string version_label;  // e.g. "第2版 2020年5月"
  std::string url;
  bool demo = false;
};

// Text boxes carry the API's field names as ids (projectName, builder, investment, buildDates, managerUnit,
// supervisionPhone, location, content, contractor, responsible; poster: policy, window, hotline; leaflet:
// title, plainText, eligibility, howToApply, hotline, issuer), labels "<id>.label": infra::pdf::measure() or
// render_artwork's Layout names the field that does not fit even at its minimum size.
//
// Board artwork at its size (PDF with 3 mm bleed at A4, 10 mm at board sizes); an empty field of the plan's
// five prints "—", an empty location, content, contractor or responsible person leaves its row out.
// InvalidArgument (field "url") only when the QR cannot be made.
Result<infra::pdf::Artwork> sign_artwork(const SignContent& c, SignSize size, Script script);
// A window poster on A4 portrait.
Result<infra::pdf::Artwork> poster_artwork(const PosterContent& c, Script script);
// A leaflet on A4 or A5 portrait; two_up: two copies side by side on one A4 landscape sheet (A5 only; A4
// two_up is refused with field "twoUp").
Result<infra::pdf::Artwork> leaflet_artwork(const LeafletContent& c, Paper paper, bool two_up, Script script);

// The 民生工程 logo (our own vector design) into `box`, appended to `out`.
void draw_logo(std::vector<infra::pdf::Element>& out, const infra::pdf::Box& box);

}  // namespace minsheng::signage
