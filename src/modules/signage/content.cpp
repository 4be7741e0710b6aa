#include "modules/signage/content.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/clock.hpp"
#include "render/markdown.hpp"

namespace minsheng::signage {

namespace {

constexpr std::string_view kDemoSuffix = "（演示）";

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// "12" for whole numbers, else up to two decimals without trailing zeros.
std::string number(double v) {
  if (std::fabs(v - std::round(v)) < 1e-9) return fmt::format("{}", static_cast<long long>(std::llround(v)));
  std::string s = fmt::format("{:.2f}", v);
  while (!s.empty() && s.back() == '0')
    s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

std::string targets_text(const projects::Project& p) {
  std::string out;
  for (const auto& t : p.targets) {
    if (!t.planned) continue;
    if (!out.empty()) out += "；";
    out += t.name + "：" + number(*t.planned) + t.unit;
  }
  return out;
}

// Paragraphs that ask a question ("这项工程做什么？") run on with their answer: on a board a question on a
// line of its own wastes the height of the content box.
std::string answers_inline(const std::string& paragraphs) {
  std::string out;
  std::size_t start = 0;
  while (start < paragraphs.size()) {
    auto end = paragraphs.find('\n', start);
    if (end == std::string::npos) end = paragraphs.size();
    const std::string_view para(paragraphs.data() + start, end - start);
    out += para;
    if (end < paragraphs.size()) out += ends_with(para, "？") || ends_with(para, "?") ? "" : "\n";
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string town_government(std::string_view town_name) {
  std::string_view base = town_name;
  std::string_view suffix;
  if (ends_with(base, kDemoSuffix)) {
    suffix = kDemoSuffix;
    base.remove_suffix(kDemoSuffix.size());
  }
  std::string out(base);
  if (ends_with(base, "街道"))
    out += "办事处";
  else if (ends_with(base, "镇") || ends_with(base, "乡"))
    out += "人民政府";
  out += suffix;
  return out;
}

std::string wan_yuan(std::int64_t fen) {
  const bool negative = fen < 0;
  const std::uint64_t abs = negative ? 0 - static_cast<std::uint64_t>(fen) : static_cast<std::uint64_t>(fen);
  const std::uint64_t hundredths = (abs + 5'000) / 10'000;  // 0.01 万元 = 100 元 = 10 000 分
  return fmt::format("{}{}.{:02}万元", negative ? "-" : "", hundredths / 100, hundredths % 100);
}

std::string build_dates(const projects::Project& p, const std::vector<projects::ProgressUpdate>& progress) {
  std::string first, completed;
  for (const auto& u : progress) {
    if (u.status == "planned") continue;
    if (first.empty() || u.report_date < first) first = u.report_date;
    if (u.status == "completed" && (completed.empty() || u.report_date < completed))
      completed = u.report_date;
  }
  if (first.empty()) return fmt::format("{0}年1月至{0}年12月", p.year);
  const std::string end = completed.empty() ? fmt::format("{}年12月31日", p.year) : chinese_date(completed);
  return chinese_date(first) + "至" + end;
}

std::string project_url(std::string_view base_url, std::string_view code) {
  std::string base(base_url.empty() ? kDefaultBaseUrl : base_url);
  while (!base.empty() && base.back() == '/')
    base.pop_back();
  std::string out = base + "/p/";
  for (unsigned char ch : code) {
    if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' ||
        ch == '.' || ch == '_' || ch == '~')
      out += static_cast<char>(ch);
    else
      out += fmt::format("%{:02X}", ch);
  }
  return out;
}

std::string plain_paragraphs(std::string_view markdown) {
  std::string out;
  std::size_t start = 0;
  while (start < markdown.size()) {
    auto end = markdown.find("\n\n", start);
    if (end == std::string_view::npos) end = markdown.size();
    std::string para = render::markdown_to_plain(markdown.substr(start, end - start), 100'000);
    if (!para.empty()) {
      if (!out.empty()) out += '\n';
      out += para;
    }
    start = end + 2;
  }
  return out;
}

SignContent sign_content_from(const projects::Project& p,
                              const std::vector<projects::ProgressUpdate>& progress,
                              const TownDefaults& town) {
  SignContent c;
  c.year = p.year;
  c.project_name = p.name;
  c.code = p.code;
  c.builder = town.builder.empty() ? town_government(p.town_name) : town.builder;
  c.investment = wan_yuan(p.funds_planned);
  c.build_dates = build_dates(p, progress);
  c.manager_unit = p.lead_unit.name;
  c.supervision_phone = town.supervision_phone;
  c.location = p.address;
  const std::string targets = targets_text(p);
  const std::string plain = answers_inline(plain_paragraphs(p.plain_text));
  c.content = targets.empty() ? plain : plain.empty() ? targets : targets + "。\n" + plain;
  c.url = project_url(town.base_url, p.code);
  c.demo = p.is_demo;
  return c;
}

PosterContent poster_content_from(const projects::Project& p, const TownDefaults& town,
                                  std::string_view window) {
  PosterContent c;
  c.project_name = p.name;
  c.policy = render::markdown_to_plain(p.policy_text.empty() ? p.plain_text : p.policy_text, 160);
  c.window = window.empty() ? p.lead_unit.name + "服务窗口" : std::string(window);
  c.hotline = town.supervision_phone;
  c.url = project_url(town.base_url, p.code);
  c.demo = p.is_demo;
  return c;
}

LeafletContent leaflet_content_from(const projects::Project& p, const TownDefaults& town) {
  LeafletContent c;
  c.title = p.name + "政策明白纸";
  c.plain_text = plain_paragraphs(p.plain_text);
  if (c.plain_text.empty()) c.plain_text = render::markdown_to_plain(p.policy_text, 100'000);
  const std::string& lead = p.lead_unit.name;
  if (p.category == "subsidy") {
    c.eligibility =
        "符合" + p.name + "政策条件的本镇群众，具体条件以当年实施办法为准，可向" + lead + "咨询。";
    c.how_to_apply = "1. 本人或家属携带身份证、户口簿到" + lead +
                     "或所在村（社区）便民服务窗口提出申请；\n2. 村（社区）初审，镇审核后张榜公示；\n"
                     "3. 公示无异议的，补助资金通过“一卡通”按时发放到户。";
  } else if (p.category == "engineering") {
    c.eligibility = "项目所在村（社区）的群众，工程建成后免费受益，群众不需要出钱。";
    c.how_to_apply = "1. 工程由" + lead +
                     "组织实施，群众可参与质量监督；\n2. 对施工质量、进度有意见的，可向村（社区）或" + lead +
                     "反映；\n3. 扫描下方二维码，随时查看工程进展。";
  } else {
    c.eligibility = "本镇群众，按政策规定免费享受服务。";
    c.how_to_apply = "1. 到" + lead +
                     "或所在村（社区）服务点办理；\n2. 带上身份证等有效证件；\n"
                     "3. 有疑问请拨打咨询电话。";
  }
  c.hotline = town.supervision_phone;
  c.issuer = lead;
  c.url = project_url(town.base_url, p.code);
  c.demo = p.is_demo;
  return c;
}

}  // namespace minsheng::signage
