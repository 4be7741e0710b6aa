#include "app/print_cli.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>

#include "app/app.hpp"
#include "core/clock.hpp"
#include "core/public_address.hpp"
#include "infra/pdf/artwork.hpp"
#include "modules/projects/service.hpp"
#include "modules/signage/content.hpp"
#include "modules/signage/layouts.hpp"
#include "modules/signage/service.hpp"

namespace minsheng::app {
namespace {

namespace pdf = infra::pdf;

int fail_with(const Error& e) {
  std::string msg = e.fields.empty() ? e.message() : e.fields.front().message;
  for (std::size_t i = 1; i < e.fields.size(); ++i)
    msg += "；" + e.fields[i].message;
  std::fprintf(stderr, "错误：%s\n", msg.c_str());
  return 1;
}

int fail_with(const std::string& msg) {
  std::fprintf(stderr, "错误：%s\n", msg.c_str());
  return 1;
}

bool write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return false;
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  return static_cast<bool>(out);
}

// The project with that code: in the year given, else the latest year; the first town (by the org tree's
// order) when several towns use the code.
constexpr std::string_view kFindLatest =
    "SELECT p.id FROM projects p JOIN org_units t ON t.id = p.town_id WHERE p.code = $1 "
    "ORDER BY p.year DESC, t.sort_order, t.id LIMIT 1";
constexpr std::string_view kFindInYear =
    "SELECT p.id FROM projects p JOIN org_units t ON t.id = p.town_id WHERE p.code = $1 AND p.year = $2 "
    "ORDER BY t.sort_order, t.id LIMIT 1";

signage::TownDefaults town_defaults(db::Connection& conn) {
  signage::TownDefaults d;
  for (const auto& r :
       conn.query("SELECT key, value FROM settings WHERE key IN ('portal.base_url', 'portal.phone')").rows) {
    if (r.text("key") == "portal.base_url") d.base_url = r.text("value");
    if (r.text("key") == "portal.phone") d.supervision_phone = r.text("value");
  }
  return d;
}

// Names of the text boxes in a warning ("projectName" -> "项目名称"); others by their id.
std::string box_label(const std::string& id) {
  static const std::map<std::string, std::string, std::less<>> labels = {
      {"projectName", "项目名称"},     {"builder", "建设单位"},
      {"investment", "投资规模"},      {"buildDates", "建设日期"},
      {"managerUnit", "责任管理单位"}, {"supervisionPhone", "监督电话"},
      {"location", "建设地点"},        {"content", "建设内容"},
      {"contractor", "施工单位"},      {"responsible", "责任人"},
      {"policy", "政策简介"},          {"window", "办理窗口"},
      {"hotline", "咨询电话"},         {"title", "标题"},
      {"plainText", "政策内容"},       {"eligibility", "补助对象"},
      {"howToApply", "办理流程"},      {"issuer", "发布单位"},
  };
  auto it = labels.find(id);
  return it == labels.end() ? id : it->second;
}

}  // namespace

CLI::App* add_print_command(CLI::App& cli, PrintArgs& args) {
  auto* c = cli.add_subcommand("print", "生成项目的标牌、服务窗口海报或明白纸（PDF、PNG 或 SVG）");
  c->add_option("KIND", args.kind, "种类：sign（标牌）|poster（服务窗口海报）|leaflet（明白纸）")->required();
  c->add_option("--project", args.project, "项目编号，如 2020-01")->required();
  c->add_option("--year", args.year, "年度（默认该编号最新的年度）");
  c->add_option("--format", args.format, "格式：pdf（默认）|png|svg");
  c->add_option("--out", args.out, "输出文件")->required();
  c->add_option("--size", args.size, "标牌尺寸：120x80|240x120|a4（默认按标牌记录，没有记录时 120x80）");
  c->add_option("--script", args.script, "字体：hans（简体）|hant（繁体）（默认按标牌记录，没有记录时简体）");
  c->add_option("--paper", args.paper, "明白纸纸张：a4（默认）|a5");
  c->add_flag("--two-up", args.two_up, "明白纸两联拼版：两份 A5 印在一张 A4 上");
  return c;
}

int run_print(App& app, const PrintArgs& args) {
  const auto start = std::chrono::steady_clock::now();
  const bool sign = args.kind == "sign", poster = args.kind == "poster", leaflet = args.kind == "leaflet";
  if (!sign && !poster && !leaflet)
    return fail_with("要生成的种类应为 sign（标牌）、poster（服务窗口海报）或 leaflet（明白纸）：" +
                     args.kind);
  pdf::Format format = pdf::Format::Pdf;
  if (args.format == "png")
    format = pdf::Format::Png;
  else if (args.format == "svg")
    format = pdf::Format::Svg;
  else if (args.format != "pdf")
    return fail_with("格式应为 pdf、png 或 svg：" + args.format);
  if (!args.script.empty())
    if (auto script = signage::parse_script(args.script); !script) return fail_with(script.error());
  if (!sign && !args.size.empty()) return fail_with("--size 只用于标牌（sign）");
  if (!leaflet && (!args.paper.empty() || args.two_up))
    return fail_with("--paper 和 --two-up 只用于明白纸（leaflet）");
  if (!args.size.empty())
    if (auto size = signage::parse_size(args.size); !size) return fail_with(size.error());
  auto paper = signage::parse_paper(args.paper.empty() ? (args.two_up ? "a5" : "a4") : args.paper);
  if (!paper) return fail_with(paper.error());

  std::optional<projects::Project> project;
  std::vector<projects::ProgressUpdate> progress;
  signage::TownDefaults town;
  std::optional<signage::Sign> record;
  {
    auto lease = app.pool().acquire();
    auto found = args.year ? lease->query(kFindInYear, {args.project, *args.year})
                           : lease->query(kFindLatest, {args.project});
    if (found.empty())
      return fail_with("找不到编号为 " + args.project + " 的项目" +
                       (args.year ? "（" + std::to_string(*args.year) + "年）" : std::string()));
    project = projects::load_project(*lease, found.first().int64("id"));
    if (!project) return fail_with("找不到编号为 " + args.project + " 的项目");
    progress = projects::load_progress(*lease, project->id);
    town = town_defaults(*lease);
    // An engineering project's board follows its sign record (fields, size and script) when it has one.
    if (sign && project->category == "engineering")
      record = signage::load_sign(*lease, *project, shanghai_date(app.services().clock.now()));
  }
  auto size = signage::parse_size(!args.size.empty() ? args.size : record ? record->size : "120x80");
  if (!size) return fail_with(size.error());
  auto script = signage::parse_script(!args.script.empty() ? args.script : record ? record->script : "hans");
  if (!script) return fail_with(script.error());

  const auto render_start = std::chrono::steady_clock::now();
  Result<pdf::Artwork> art = Error::make(ErrorCode::Internal, "error.internal");
  std::string what;
  if (sign) {
    signage::SignContent content = signage::sign_content_from(*project, progress, town);
    if (record) {
      const auto& f = record->fields;
      content.builder = f.builder;
      content.investment = f.investment;
      content.build_dates = f.build_dates;
      content.manager_unit = f.manager_unit;
      content.supervision_phone = f.supervision_phone;
      content.location = f.location;
      content.content = f.content;
      content.contractor = f.contractor;
      content.responsible = f.responsible;
    }
    art = signage::sign_artwork(content, *size, *script);
    what = "标牌 " + std::string(signage::size_code(*size));
  } else if (poster) {
    art = signage::poster_artwork(signage::poster_content_from(*project, town), *script);
    what = "服务窗口海报";
  } else {
    art =
        signage::leaflet_artwork(signage::leaflet_content_from(*project, town), *paper, args.two_up, *script);
    what = "明白纸 " + std::string(signage::paper_code(*paper)) + (args.two_up ? " 两联" : "");
  }
  if (!art) return fail_with(art.error());
  pdf::Layout layout;
  auto bytes = pdf::render_artwork(*art, pdf::RenderOptions{format, 1200}, &layout);
  if (!bytes) return fail_with(bytes.error());
  const double render_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - render_start).count();
  if (!write_file(args.out, *bytes)) return fail_with("无法写入文件 " + args.out);
  std::string tight;
  for (const auto& t : layout.texts)
    if (t.overflow) tight += (tight.empty() ? "" : "、") + box_label(t.id);
  if (!tight.empty())
    std::fprintf(stderr, "警告：以下文字缩到最小字号仍放不下，超出部分未印出：%s。请精简后重新生成。\n",
                 tight.c_str());
  // The same words the back office shows above the artwork: a board printed with a dead QR is wasted.
  if (auto w = public_address_warning(town.base_url); !w.empty())
    std::fprintf(stderr, "警告：%s\n", w.c_str());
  const double total_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "已生成 %s（%s %s，%s，%s，渲染 %.1f ms，共 %.1f ms）\n", args.out.c_str(),
               project->code.c_str(), what.c_str(), *script == signage::Script::Hant ? "繁体" : "简体",
               args.format.c_str(), render_ms, total_ms);
  return 0;
}

}  // namespace minsheng::app
