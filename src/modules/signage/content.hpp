#pragma once
// What the artwork shows by default, from the project catalogue (issue 7): pure mappings from a project, its
// progress timeline and the town's settings to SignContent, PosterContent and LeafletContent (layouts.hpp).
// Used by `minsheng print` and the signage API (defaults before a sign record's overrides are applied).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "modules/projects/model.hpp"
#include "modules/signage/layouts.hpp"

namespace minsheng::signage {

// Town-level values a project does not carry (read from the settings by the caller).
struct TownDefaults {
  std::string builder;            // 建设单位; "" -> town_government(project.town_name)
  std::string supervision_phone;  // 监督电话 and the leaflet's/poster's hotline (e.g. portal.phone)
  std::string base_url;           // the public site (portal.base_url); "" -> kDefaultBaseUrl
};

inline constexpr std::string_view kDefaultBaseUrl = "http://127.0.0.1:8080";

// "民生镇" -> "民生镇人民政府", "城关街道" -> "城关街道办事处"; a trailing "（演示）" stays at the end
// ("民生镇（演示）" -> "民生镇人民政府（演示）"); other names are returned as they are.
std::string town_government(std::string_view town_name);
// 分 -> "480.00万元" (rounded to 0.01 万元 = 100 元).
std::string wan_yuan(std::int64_t fen);
// 建设日期 from the timeline (any order): the start (the first report whose status is not "planned") to the
// first report with status "completed", else to the end of the project's year
// ("2020年4月8日至2020年12月31日"); not started: "2020年1月至2020年12月".
std::string build_dates(const projects::Project& p, const std::vector<projects::ProgressUpdate>& progress);
// base + "/p/" + code (a trailing "/" of base dropped; the code percent-encoded outside [A-Za-z0-9._~-]).
std::string project_url(std::string_view base_url, std::string_view code);
// Markdown to plain paragraphs joined with "\n" (each paragraph's syntax stripped, whitespace collapsed).
std::string plain_paragraphs(std::string_view markdown);

// The board: name and code; 建设单位 = town.builder or the town's government; 投资规模 = funds planned;
// 建设日期 = build_dates; 责任管理单位 = the lead unit; 监督电话 = town.supervision_phone; location =
// address; content = the targets ("建设任务：12处。") and the plain-language text (a question paragraph runs
// on with its answer); contractor and responsible person empty (the sign record supplies them); url =
// project_url; demo = project.is_demo.
SignContent sign_content_from(const projects::Project& p,
                              const std::vector<projects::ProgressUpdate>& progress,
                              const TownDefaults& town);
// The poster: policy = the policy text (plain, at most 160 characters); window = `window`, else
// "{lead unit}服务窗口"; hotline = town.supervision_phone.
PosterContent poster_content_from(const projects::Project& p, const TownDefaults& town,
                                  std::string_view window = {});
// The leaflet: title "{name}政策明白纸"; plain_text = plain_paragraphs(plain text); eligibility and
// how_to_apply by category (generic sentences naming the lead unit, to be edited); hotline as the poster;
// issuer = the lead unit; version_label empty.
LeafletContent leaflet_content_from(const projects::Project& p, const TownDefaults& town);

}  // namespace minsheng::signage
