#include "app/demo.hpp"

#include <fmt/format.h>

#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "app/app.hpp"
#include "core/messages.hpp"
#include "core/progress.hpp"
#include "infra/images/images.hpp"
#include "modules/files/store.hpp"
#include "modules/projects/rules.hpp"
#include "modules/projects/service.hpp"
#include "modules/signage/service.hpp"
#include "modules/submissions/service.hpp"
#include "platform/org_units.hpp"
#include "platform/password.hpp"
#include "platform/sessions.hpp"
#include "platform/users.hpp"
#include "render/markdown.hpp"

namespace minsheng::app {

std::string_view demo_projects_csv();  // generated from data/demo/projects-2020.csv

namespace {

struct Village {
  const char* name;
  const char* kind;
};

constexpr Village kVillages[] = {
    {"东风村", "village"},     {"红旗村", "village"},     {"新华村", "village"}, {"长山村", "village"},
    {"河口村", "village"},     {"桃园村", "village"},     {"杨柳村", "village"}, {"石桥村", "village"},
    {"幸福社区", "community"}, {"城南社区", "community"},
};

std::vector<std::string> split_csv_line(const std::string& line) {
  // The demo file has no quoted fields; keep the reader simple and strict.
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, ','))
    out.push_back(cell);
  return out;
}

struct DemoProjectRow {
  std::string code, name, category, lead, change;
};

std::vector<DemoProjectRow> demo_project_rows() {
  std::vector<DemoProjectRow> out;
  std::stringstream in{std::string(demo_projects_csv())};
  std::string line;
  std::getline(in, line);  // header: code,name,category,lead_unit,change_2020,evidence
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto cells = split_csv_line(line);
    if (cells.size() < 5 || cells[3].empty()) continue;
    out.push_back({cells[0], cells[1], cells[2], cells[3], cells[4]});
  }
  return out;
}

// A small deterministic generator: the demo town looks the same on every machine.
struct DemoRandom {
  std::uint64_t state;
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return lo + static_cast<std::int64_t>((state >> 33) % static_cast<std::uint64_t>(hi - lo + 1));
  }
};

struct DemoTexts {
  std::string policy, plain, target_name, target_unit, note_start, note_mid, note_end;
};

DemoTexts demo_texts(const DemoProjectRow& r) {
  DemoTexts t;
  const std::string demo = "（演示数据）";
  if (r.category == "engineering") {
    t.policy =
        "根据省、市、县 2020 年民生工程实施办法，" + r.name + "由" + r.lead +
        "牵头实施，按照“先建后补、以奖代补”的原则，统筹使用各级财政资金，年内完成建设任务并组织验收。" + demo;
    t.plain = "**这项工程做什么？**\n\n" + r.name +
              "，让群众家门口的设施更方便、更安全。\n\n**钱从哪里来？**\n\n"
              "各级财政安排专项资金，群众不需要出钱。\n\n**有问题找谁？**\n\n请联系" +
              r.lead + "，或拨打镇民生办电话。" + demo;
    t.target_name = "建设任务";
    t.target_unit = "处";
    t.note_start = "完成项目立项、设计和招标，施工队伍进场。";
    t.note_mid = "主体工程施工中，镇民生办组织现场督查，群众代表参与质量监督。";
    t.note_end = "工程完工并通过验收，已投入使用。";
  } else if (r.category == "subsidy") {
    t.policy = "按照 2020 年" + r.name +
               "实施办法，符合条件的对象经申请、审核、公示后，补助资金通过“一卡通”直接发放到户。" + demo;
    t.plain =
        "**谁能享受？**\n\n符合政策条件的本镇群众。\n\n**怎么申请？**\n\n带上身份证、户口簿到" + r.lead +
        "或所在村（社区）便民服务窗口申请。\n\n**钱怎么发？**\n\n审核公示无异议后，按月（季）打到“一卡通”。" +
        demo;
    t.target_name = "受益对象";
    t.target_unit = "人";
    t.note_start = "完成对象摸底和政策宣传，受理群众申请。";
    t.note_mid = "完成审核公示，补助资金分批发放到户。";
    t.note_end = "全年补助资金发放完毕，资金到户率 100%。";
  } else {
    t.policy =
        "根据 2020 年" + r.name + "实施方案，由" + r.lead + "牵头组织实施，为群众提供免费服务。" + demo;
    t.plain = "**提供什么服务？**\n\n" + r.name + "，群众免费享受。\n\n**在哪里办？**\n\n" + r.lead +
              "和各村（社区）服务点。" + demo;
    t.target_name = "服务人次";
    t.target_unit = "人次";
    t.note_start = "制定年度工作方案，开展政策宣传。";
    t.note_mid = "服务有序开展，完成年度任务过半。";
    t.note_end = "完成年度服务任务，群众满意度调查良好。";
  }
  return t;
}

struct DemoLed {
  std::int64_t project_id;
  std::string name;
  bool engineering;
};

using DemoUnitList = std::vector<std::pair<std::int64_t, std::string>>;  // (id, name)

// How a town reports: the demo town keeps the defaults (its data must not change); generated towns vary.
struct DemoStyle {
  std::uint64_t seed = 20200505;
  int silent_pct = 0;    // share of lead departments that send nothing all year
  int county_pct = 8;    // of 100 news items, adopted at county level
  int city_pct = 3;      // ... at city level
  int province_pct = 0;  // ... at province level
};

struct DemoTown {
  std::int64_t town, office;
  const DemoUnitList& departments;
  const DemoUnitList& villages;
  const std::map<std::string, platform::Principal>& reporters;  // unit name -> its reporter
  const std::map<std::string, std::vector<DemoLed>>& led;
  const platform::Principal& office_staff;  // reviews and publishes
  const platform::Principal& county;        // marks adoptions (the demo's county account)
  DemoStyle style;
  int& newsletter_issue;  // the county newsletter's issue number, shared by the towns
};

// The staff of a generated town, who have no account: the principal the services check, with no user id
// (the audit log then names the command line).
platform::Principal unit_staff(platform::Role role, const platform::OrgUnit& unit,
                               const platform::OrgUnit& town) {
  platform::Principal p;
  p.role = role;
  p.username = "cli";
  p.display_name = unit.name + "（演示）";
  p.org_unit_id = unit.id;
  p.org_unit_name = unit.name;
  p.scope = platform::role_scope(role);
  const bool at_town = platform::role_anchored_at_town(role);
  p.anchor_id = at_town ? town.id : unit.id;
  p.anchor_path = at_town ? town.path : unit.path;
  return p;
}

// A year (2020) of information submissions through the service, so they are audited like real data: most
// lead departments send one news item a month (a few months missing, some late, some returned and sent
// again), most are published, some forwarded and adopted upward; the engineering departments each send a
// photo story with before/after pairs (plain coloured JPEGs without EXIF: the reviewer's "no EXIF" warning
// is what demo photos would get); the office sends its two citizens' voices with consent.
void load_demo_submissions(db::Tx& tx, const platform::Auditor& cli, const DemoTown& t) {
  namespace sub = submissions;
  const auto& office = t.office_staff;
  const auto& county = t.county;
  // 2020-MM-DD at `hour` in Beijing.
  auto at = [](int month, int day, int hour) {
    using namespace std::chrono;
    return TimePoint(sys_days(year(2020) / month / day) + hours(hour - 8));
  };
  auto as = [&](const platform::Principal& p, TimePoint when) {
    platform::Auditor a = cli;
    if (p.user_id != 0) {  // staff without an account (generated towns): the command line acts
      a.actor.user_id = p.user_id;
      a.actor.username = p.username;
      a.actor.role = std::string(platform::role_code(p.role));
    }
    a.now = when;
    return a;
  };
  auto must = [](auto r, const std::string& what) {
    if (!r) throw std::runtime_error("demo submission " + what + ": " + r.error().message());
    return std::move(r).value();
  };
  auto step = [&](const platform::Principal& who, const sub::Submission& item, sub::Action action,
                  TimePoint when, std::string reason = {}) {
    sub::TransitionInput in;
    in.action = action;
    in.reason = std::move(reason);
    return must(sub::transition(tx, as(who, when), who, item, in), item.title);
  };
  auto adopt = [&](const sub::Submission& item, const char* level, std::string outlet, int month, int day) {
    sub::TransitionInput fw;
    fw.action = sub::Action::Forward;
    auto forwarded = must(sub::transition(tx, as(office, at(month, day, 10)), office, item, fw), item.title);
    sub::TransitionInput in;
    in.action = sub::Action::Adopt;
    in.adoption = sub::Adoption{level, std::move(outlet),
                                fmt::format("2020-{:02}-{:02}", month, std::min(28, day + 6))};
    return must(sub::transition(tx, as(county, at(month, std::min(28, day + 6), 15)), county, forwarded, in),
                item.title);
  };
  DemoRandom rnd{t.style.seed};
  const char* topics[] = {"政策宣传进村入户", "资金拨付进度",   "群众满意度回访", "项目现场督查",
                          "典型经验做法",     "工作推进会召开", "问题整改落实",   "惠民政策“面对面”"};
  int& issue = t.newsletter_issue;
  std::set<std::int64_t> silent;  // units that send nothing all year
  // News: every lead department, one a month.
  for (const auto& [unit_id, name] : t.departments) {
    auto led = t.led.find(name);
    auto rep = t.reporters.find(name);
    if (led == t.led.end() || rep == t.reporters.end()) continue;
    if (t.style.silent_pct > 0 && rnd.between(0, 99) < t.style.silent_pct) {
      silent.insert(unit_id);
      continue;
    }
    const auto& author = rep->second;
    const bool short_unit = rnd.between(0, 4) == 0;  // about one in five misses several months
    for (int month = 1; month <= 12; ++month) {
      if (rnd.between(0, 99) < (short_unit ? 35 : 6)) continue;  // nothing sent this month
      const auto& project = led->second[static_cast<std::size_t>(
          rnd.between(0, static_cast<std::int64_t>(led->second.size()) - 1))];
      const std::string topic = topics[rnd.between(0, 7)];
      sub::SubmissionInput in;
      in.kind = "news";
      in.title = fmt::format("{}：{}{}（演示）", name, project.name, topic);
      in.body = fmt::format(
          "{}月，{}围绕“{}”开展{}工作。\n\n- 走访群众 {} 户，发放明白纸 {} 份；\n- 现场解答群众咨询 {} "
          "人次。\n\n"
          "下一步将继续抓好项目实施，确保民生实事办实办好。（演示数据）",
          month, name, project.name, topic, rnd.between(20, 200), rnd.between(100, 800), rnd.between(10, 90));
      in.author_name = name + "信息员（演示）";
      in.project_ids = {project.project_id};
      in.is_demo = true;
      const int day = static_cast<int>(rnd.between(3, 24));  // after the 20th: late
      auto item = must(sub::create_submission(tx, as(author, at(month, day, 9)), unit_id, in), in.title);
      item = step(author, item, sub::Action::Submit, at(month, day, 10));
      const int review_day = std::min(28, day + 2);
      if (rnd.between(0, 99) < 15) {  // returned, then fixed and sent again
        item = step(office, item, sub::Action::Return, at(month, review_day, 11),
                    "请补充具体数字和现场照片说明（演示）");
        item = step(author, item, sub::Action::Submit, at(month, review_day, 16));
      }
      if (month == 12 && day > 20) continue;  // the last ones still wait for review
      item = step(office, item, sub::Action::Approve, at(month, review_day, 17));
      if (rnd.between(0, 99) < 85) item = step(office, item, sub::Action::Publish, at(month, review_day, 18));
      const auto roll = rnd.between(0, 99);
      const auto& st = t.style;
      if (roll < st.county_pct)
        adopt(item, "county", fmt::format("演示县民生办《民生工程简报》2020年第{}期", issue++), month,
              review_day);
      else if (roll < st.county_pct + st.city_pct)
        adopt(item, "city", "演示市民生工程信息（演示）", month, review_day);
      else if (roll < st.county_pct + st.city_pct + st.province_pct)
        adopt(item, "province", "安徽省民生工程信息专报（演示）", month, review_day);
    }
  }
  // Photo stories: every engineering lead department, with one or two before/after pairs.
  const int colours[][3] = {{120, 100, 80}, {90, 140, 90}, {110, 110, 120}, {150, 120, 90}, {80, 120, 150}};
  int story = 0;
  for (const auto& [unit_id, name] : t.departments) {
    auto led = t.led.find(name);
    auto rep = t.reporters.find(name);
    if (led == t.led.end() || rep == t.reporters.end() || silent.contains(unit_id)) continue;
    const DemoLed* project = nullptr;
    for (const auto& p : led->second)
      if (p.engineering && !project) project = &p;
    if (!project) continue;
    const auto& author = rep->second;
    // Photo files and composites need an account: without one (generated towns) the county account enters
    // them.
    const auto& entered_by = author.user_id != 0 ? author : county;
    const int month = 9 + story % 3;
    const auto when = at(month, 10 + story, 9);
    auto photo = [&](int c, bool after) {
      const int* rgb = colours[c % 5];
      const int lift = after ? 60 : 0;  // "after" is brighter
      const std::string bytes = infra::images::solid_jpeg(
          480, 360, std::min(255, rgb[0] + lift), std::min(255, rgb[1] + lift), std::min(255, rgb[2] + lift));
      auto processed = infra::images::process(bytes);
      if (!processed) throw std::runtime_error("demo photo");
      files::FileRecord f;
      f.org_unit_id = unit_id;
      f.town_id = t.town;
      f.uploaded_by = entered_by.user_id;
      f.created_at = iso_utc(when);
      f.original_name = after ? "整治后（演示）.jpg" : "整治前（演示）.jpg";
      f.kind = "image";
      f.content_type = "image/jpeg";
      f.size = static_cast<std::int64_t>(bytes.size());
      f.width = processed->width;
      f.height = processed->height;
      f.sha256 = files::put_blob(tx, bytes, f.created_at);
      f.public_sha256 = files::put_blob(tx, processed->public_copy->bytes, f.created_at);
      f.public_type = processed->public_copy->content_type;
      f.thumb_sha256 = files::put_blob(tx, processed->thumbnail->bytes, f.created_at);
      return files::insert_file(tx, f);
    };
    sub::SubmissionInput in;
    in.kind = "photo_story";
    in.title = fmt::format("图说民生：{}前后变化（演示）", project->name);
    in.body = fmt::format("{}实施以来，{}牵头推进，群众身边的变化看得见。（演示数据）", project->name, name);
    in.author_name = name + "信息员（演示）";
    in.project_ids = {project->project_id};
    in.is_demo = true;
    const int pairs = 1 + story % 2;
    for (int i = 0; i < pairs; ++i)
      in.pairs.push_back({sub::PhotoRef{photo(story + i, false), "整治前（演示）", {}, {}, {}},
                          sub::PhotoRef{photo(story + i, true), "整治后（演示）", {}, {}, {}}});
    auto item = must(sub::create_submission(tx, as(entered_by, when), unit_id, in), in.title);
    item = step(author, item, sub::Action::Submit, when + std::chrono::hours(1));
    if (story == 1) {
      item = step(office, item, sub::Action::Return, when + std::chrono::hours(26),
                  "请补充拍摄地点说明（演示）");
      item = step(author, item, sub::Action::Submit, when + std::chrono::hours(30));
    }
    if (story < 4) {  // the last one is still in the queue
      item = step(office, item, sub::Action::Approve, when + std::chrono::hours(48));
      item = step(office, item, sub::Action::Publish, when + std::chrono::hours(49));
      if (story == 0) adopt(item, "city", "演示市“图说民生”专栏（演示）", month, 14);
    }
    ++story;
  }
  // The office's two citizens' voices, with the speakers' consent.
  const char* quotes[][3] = {
      {"群众说：家门口的路修好了（演示）", "村民 王大爷（演示）",
       "以前一下雨就出不了门，现在水泥路修到了家门口，孩子上学也方便了。"},
      {"群众说：看病报销更方便了（演示）", "社区居民 李阿姨（演示）",
       "在卫生院看病就能直接报销，不用来回跑，省心多了。"},
  };
  for (int i = 0; i < 2; ++i) {
    const auto& village = t.villages[static_cast<std::size_t>(i) % t.villages.size()];
    sub::SubmissionInput in;
    in.kind = "voice";
    in.title = quotes[i][0];
    in.body = "镇民生办工作人员入户走访，听取群众对民生工程的意见。（演示数据）";
    in.speaker_village_id = village.first;
    in.speaker_desc = village.second + quotes[i][1];
    in.consent = true;
    in.quote = quotes[i][2];
    in.interviewer = "镇民生办（演示）";
    in.is_demo = true;
    const auto when = at(5 + i * 5, 12, 9);
    auto item = must(sub::create_submission(tx, as(office, when), t.office, in), in.title);
    item = step(office, item, sub::Action::Submit, when + std::chrono::hours(1));
    item = step(office, item, sub::Action::Approve, when + std::chrono::hours(2));
    step(office, item, sub::Action::Publish, when + std::chrono::hours(3));
  }
  // The demo's notifications are history: read.
  tx.query("UPDATE notifications SET read_at = created_at WHERE read_at IS NULL");
}

// Signage and print (issue 7) for the demo town: a sign record per engineering project but the last (most
// with an installation photo — plain demo JPEGs without EXIF, so each carries the "no EXIF" warning — the
// rest overdue), two service windows with poster checks, and a leaflet per subsidy project whose first
// version was printed (frozen) by its lead department and handed to the window, a school (pupils reached)
// and a village.
void load_demo_signage(db::Tx& tx, const platform::Auditor& cli, std::int64_t office,
                       const DemoUnitList& villages,
                       const std::map<std::string, platform::Principal>& reporters,
                       const platform::Principal& office_staff) {
  auto at = [](int month, int day, int hour) {
    using namespace std::chrono;
    return TimePoint(sys_days(year(2020) / month / day) + hours(hour - 8));
  };
  auto as = [&](const platform::Principal& p, TimePoint when) {
    platform::Auditor a = cli;
    if (p.user_id != 0) {
      a.actor.user_id = p.user_id;
      a.actor.username = p.username;
      a.actor.role = std::string(platform::role_code(p.role));
    }
    a.now = when;
    return a;
  };
  auto must = [](auto r, const std::string& what) {
    if (!r) throw std::runtime_error("demo signage " + what + ": " + r.error().message());
    return std::move(r).value();
  };
  const auto town = *projects::town_of_unit(tx.conn(), office);
  std::vector<projects::Project> engineering, subsidy;
  for (const auto& r : tx.query("SELECT id FROM projects WHERE town_id = $1 AND year = 2020 ORDER BY "
                                "sort_order, id",
                                {town})
                           .rows) {
    auto p = projects::load_project(tx.conn(), r.int64("id"));
    if (!p) continue;
    if (p->category == "engineering") engineering.push_back(std::move(*p));
    if (p->category == "subsidy") subsidy.push_back(std::move(*p));
  }
  auto reporter_of = [&](const projects::Project& p) -> const platform::Principal& {
    auto it = reporters.find(p.lead_unit.name);
    return it != reporters.end() ? it->second : office_staff;
  };
  int n = 0;
  for (std::size_t i = 0; i + 1 < engineering.size(); ++i) {
    const auto& p = engineering[i];
    const auto& who = reporter_of(p);
    signage::SignInput in;
    in.size = i % 4 == 3 ? "240x120" : "120x80";
    in.overrides.supervision_phone = "0550-7012345";
    in.overrides.contractor =
        std::string(i % 2 ? "演示路桥建设有限公司" : "演示建筑工程有限公司") + "（演示）";
    in.overrides.responsible = fmt::format("{}工（演示）", i % 3 == 0 ? "王" : i % 3 == 1 ? "李" : "张");
    must(signage::save_sign(tx, as(who, at(5, 6 + static_cast<int>(i), 10)), p, in, "2020-12-31"), p.code);
    if (i % 3 == 2) continue;  // no photo yet: overdue
    const auto when = at(6, 2 + static_cast<int>(i), 15);
    const std::string bytes = infra::images::solid_jpeg(480, 360, 70 + 15 * n % 120, 110, 90 + 10 * n % 100);
    ++n;
    auto processed = infra::images::process(bytes);
    if (!processed) throw std::runtime_error("demo sign photo");
    files::FileRecord f;
    f.org_unit_id = p.lead_unit.id;
    f.town_id = town;
    f.uploaded_by = who.user_id != 0 ? who.user_id : office_staff.user_id;
    f.created_at = iso_utc(when);
    f.original_name = "标牌安装（演示）.jpg";
    f.kind = "image";
    f.content_type = "image/jpeg";
    f.size = static_cast<std::int64_t>(bytes.size());
    f.width = processed->width;
    f.height = processed->height;
    f.sha256 = files::put_blob(tx, bytes, f.created_at);
    f.public_sha256 = files::put_blob(tx, processed->public_copy->bytes, f.created_at);
    f.public_type = processed->public_copy->content_type;
    f.thumb_sha256 = files::put_blob(tx, processed->thumbnail->bytes, f.created_at);
    const auto file = files::insert_file(tx, f);
    must(signage::attach_evidence(tx, as(who, when + std::chrono::minutes(5)), p, file, "2020-12-31"),
         p.code);
  }
  // Windows: the town's service centre (the office) and a village's service room, with their checks.
  std::vector<std::int64_t> first_subsidy;
  for (std::size_t i = 0; i < subsidy.size() && i < 4; ++i)
    first_subsidy.push_back(subsidy[i].id);
  const auto centre = must(
      signage::create_window(tx, as(office_staff, at(3, 16, 9)), town,
                             signage::WindowInput{office, "镇便民服务中心 1 号窗口（演示）", first_subsidy}),
      "window");
  const auto& village = villages.front();
  const auto room =
      must(signage::create_window(tx, as(office_staff, at(3, 16, 10)), town,
                                  signage::WindowInput{village.first,
                                                       village.second + "便民服务室（演示）",
                                                       {first_subsidy.begin(), first_subsidy.begin() + 2}}),
           "window");
  must(signage::add_check(tx, as(office_staff, at(4, 10, 9)), centre,
                          signage::CheckInput{"2020-04-10", true, "海报完好（演示）", std::nullopt}),
       "check");
  must(signage::add_check(tx, as(office_staff, at(9, 15, 9)), centre,
                          signage::CheckInput{"2020-09-15", true, "海报完好（演示）", std::nullopt}),
       "check");
  must(signage::add_check(
           tx, as(office_staff, at(6, 20, 9)), room,
           signage::CheckInput{"2020-06-20", false, "海报被遮挡，已要求村里重新张贴（演示）", std::nullopt}),
       "check");
  // Leaflets: version 1 printed and handed out; the first project's leaflet has a second, unprinted draft.
  for (std::size_t i = 0; i < subsidy.size(); ++i) {
    const auto& p = subsidy[i];
    const auto& who = reporter_of(p);
    signage::LeafletInput in;
    in.title = p.name + "明白纸（演示）";
    in.plain_text = render::markdown_to_plain(p.plain_text, 300);
    in.eligibility = "符合政策条件的本镇群众（演示）。";
    in.how_to_apply =
        "带上身份证、户口簿到" + p.lead_unit.name + "或所在村（社区）便民服务窗口申请（演示）。";
    in.hotline = "0550-7012345";
    in.paper = i % 2 ? "a5" : "a4";
    in.two_up = i % 2 == 1;
    must(signage::save_leaflet(tx, as(who, at(4, 1 + static_cast<int>(i), 9)), p, in), p.code);
    const auto printed = at(4, 10 + static_cast<int>(i), 9);
    const auto run = must(
        signage::create_print_run(tx, as(who, printed), p, p.lead_unit.id,
                                  // The demo keeps the loopback address (its QR warnings are part of what it
                                  // shows), so its print history is recorded as confirmed.
                                  signage::PrintRunInput{.kind = "leaflet",
                                                         .leaflet_version = 1,
                                                         .copies = 600,
                                                         .printed_on = fmt::format("2020-04-{:02}", 10 + i),
                                                         .confirm_qr = true}),
        p.code);
    auto give = [&](signage::DistributionInput d, int day) {
      d.handed_on = fmt::format("2020-05-{:02}", day);
      must(signage::add_distribution(tx, as(who, printed + std::chrono::hours(24 * 20)),
                                     *signage::load_print_run(tx.conn(), run.id), d),
           p.code);
    };
    give({"window", "镇便民服务中心（演示）", centre.id, office, 200, std::nullopt, ""}, 5);
    give({"school", "民生镇中心小学（演示）", std::nullopt, std::nullopt, 150, 150, ""}, 12);
    give({"village", village.second, std::nullopt, village.first, 100 + 10 * static_cast<int>(i % 5),
          std::nullopt, ""},
         18);
    if (i == 0) {
      in.plain_text += "（第二版：补充了申请材料清单）";
      must(signage::save_leaflet(tx, as(who, at(7, 1, 9)), p, in), p.code);
    }
  }
}

// Where a town's projects are: its name in addresses and the south-west corner of their locations.
struct DemoPlace {
  std::int64_t town;
  std::string place;  // e.g. "民生镇"
  double lat, lng;
  std::uint64_t seed;
};

// The 33 projects of 2020 with their progress through the year, reported by their lead departments (as the
// command line when the reporter has no account).
std::map<std::string, std::vector<DemoLed>> load_demo_projects(
    db::Tx& tx, const platform::Auditor& audit, const DemoPlace& place,
    const std::vector<DemoProjectRow>& rows, const DemoUnitList& dept_units,
    const DemoUnitList& village_units, const std::map<std::string, platform::Principal>& reporters,
    const std::function<void()>& tick) {
  DemoRandom rnd{place.seed};
  int order = 0;
  std::map<std::string, std::vector<DemoLed>> led;  // lead unit name -> its projects
  for (const auto& row : rows) {
    const DemoTexts texts = demo_texts(row);
    projects::ProjectInput in;
    in.year = 2020;
    in.code = row.code;
    in.name = row.name;
    in.category = row.category;
    for (const auto& [id, name] : dept_units)
      if (name == row.lead) in.lead_unit_id = id;
    in.change_flag = row.change;
    in.policy_text = texts.policy;
    in.plain_text = texts.plain;
    const std::int64_t wan = row.category == "engineering" ? rnd.between(80, 600)
                             : row.category == "subsidy"   ? rnd.between(20, 300)
                                                           : rnd.between(5, 80);
    in.funds_planned = wan * 1'000'000 + rnd.between(0, 99) * 10'000;
    in.beneficiaries = rnd.between(200, 30'000);
    const double planned = row.category == "engineering" ? static_cast<double>(rnd.between(2, 30))
                                                         : static_cast<double>(*in.beneficiaries);
    in.targets.push_back(projects::Target{0, texts.target_name, texts.target_unit, planned, std::nullopt});
    if (row.category == "engineering") {
      const auto& v = village_units[static_cast<std::size_t>(order) % village_units.size()];
      in.cooperating.push_back(v.first);
      in.address = place.place + v.second + "（演示）";
      in.location =
          projects::Location{place.lat + static_cast<double>(rnd.between(0, 1500)) / 10'000.0,
                             place.lng + static_cast<double>(rnd.between(0, 1800)) / 10'000.0, "cgcs2000"};
    }
    in.sort_order = ++order;
    in.is_demo = true;
    auto project = projects::create_project(tx, audit, place.town, in);
    if (!project) throw std::runtime_error("demo project " + row.code + ": " + project.error().message());
    led[row.lead].push_back({project->id, row.name, row.category == "engineering"});
    // Monthly reports from April; most projects finish by December, a few are still under way.
    platform::Auditor reporter = audit;
    if (auto it = reporters.find(row.lead); it != reporters.end() && it->second.user_id != 0) {
      reporter.actor.user_id = it->second.user_id;
      reporter.actor.username = it->second.username;
      reporter.actor.role = "dept";
    }
    const bool finishes = rnd.between(0, 9) < 8;
    const int months = static_cast<int>(rnd.between(4, 8));
    for (int m = 0; m < months; ++m) {
      projects::ProgressUpdate u;
      const int month = 4 + m * 8 / (months - 1);
      u.report_date = fmt::format("2020-{:02}-{:02}", month, 5 + static_cast<int>(rnd.between(0, 20)));
      const bool last = m == months - 1;
      u.progress_pct = last ? (finishes ? 100 : static_cast<int>(rnd.between(70, 95)))
                            : std::min(95, (m + 1) * 100 / months - static_cast<int>(rnd.between(0, 8)));
      u.status = u.progress_pct == 100 ? "completed" : "in_progress";
      u.funds_disbursed = in.funds_planned / 100 * u.progress_pct / 100 * 100;
      u.note = (m == 0             ? texts.note_start
                : last && finishes ? texts.note_end
                                   : texts.note_mid) +
               "（演示数据）";
      auto saved = projects::add_progress(tx, reporter, *project, u, "2020-12-31");
      if (!saved) throw std::runtime_error("demo progress " + row.code + ": " + saved.error().message());
    }
    tick();
  }
  return led;
}

// A generated town of the county scale.
struct TownPlan {
  std::string name;                                           // "清河镇（演示）"
  std::string place;                                          // "清河镇"
  std::vector<std::pair<std::string, std::string>> villages;  // (name, kind)
  DemoStyle style;
  DemoPlace where;  // town id filled in when created
};

std::vector<TownPlan> plan_county_towns() {
  static constexpr const char* kTowns[] = {"清河镇", "柳林镇", "白石镇", "双河镇", "青山镇",
                                           "太平镇", "永安镇", "龙泉镇", "金桥镇", "三岔镇",
                                           "高塘镇", "马集镇", "桃溪镇", "官庄镇"};
  static constexpr const char* kHeads[] = {"东", "西", "南", "北", "上", "下", "大", "小", "新", "前",
                                           "后", "高", "黄", "马", "王", "李", "张", "刘", "陈", "杨"};
  static constexpr const char* kTails[] = {"庄", "湾", "岗", "桥", "集", "圩",
                                           "塘", "店", "铺", "坊", "楼", "寨"};
  DemoRandom rnd{20201001};
  std::vector<TownPlan> out;
  for (std::size_t i = 0; i < std::size(kTowns); ++i) {
    TownPlan p;
    p.place = kTowns[i];
    p.name = p.place + "（演示）";
    const std::string stem = p.place.substr(0, p.place.size() - std::string_view("镇").size());
    p.villages.emplace_back(stem + "社区", "community");
    std::set<std::string> names;
    const auto villages = static_cast<std::size_t>(rnd.between(8, 12));
    while (names.size() < villages) {
      std::string name = std::string(kHeads[rnd.between(0, std::ssize(kHeads) - 1)]) +
                         kTails[rnd.between(0, std::ssize(kTails) - 1)] + "村";
      if (names.insert(name).second) p.villages.emplace_back(name, "village");
    }
    const auto k = static_cast<std::uint64_t>(i + 1);
    p.style.seed = 20200505 + 7919 * k;
    p.style.silent_pct = static_cast<int>(rnd.between(0, 2)) * 5;  // 0-10 % of departments send nothing
    p.style.county_pct = static_cast<int>(rnd.between(4, 14));
    p.style.city_pct = static_cast<int>(rnd.between(1, 5));
    p.style.province_pct = static_cast<int>(rnd.between(0, 2));
    p.where = DemoPlace{0, p.place, 31.50 + 0.17 * static_cast<double>(i % 4),
                        116.60 + 0.19 * static_cast<double>(i / 4), 20200101 + 7919 * k};
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

std::vector<std::string> demo_departments() {
  std::vector<std::string> out;
  std::set<std::string> seen;
  std::stringstream in{std::string(demo_projects_csv())};
  std::string line;
  std::getline(in, line);  // header: code,name,category,lead_unit,change_2020,evidence
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto cells = split_csv_line(line);
    if (cells.size() < 4 || cells[3].empty()) continue;
    if (seen.insert(cells[3]).second) out.push_back(cells[3]);
  }
  return out;
}

Result<DemoResult> load_demo(platform::Services& s, const std::optional<std::string>& password,
                             DemoScale scale) {
  {
    auto lease = s.pool.acquire();
    if (lease->query("SELECT COUNT(*) AS n FROM org_units").first().int64("n") > 0)
      return Error::make(ErrorCode::Conflict, "demo.not_empty");
  }
  DemoResult result;
  result.generated = !password;
  result.password = password ? *password : platform::generate_password();
  if (auto st = platform::check_password_policy(result.password, "", s.config.security, "password"); !st)
    return st.take_error();

  const auto departments = demo_departments();
  const auto rows = demo_project_rows();
  auto plans = scale == DemoScale::County ? plan_county_towns() : std::vector<TownPlan>{};
  long total_steps = 4 + 1 + static_cast<long>(departments.size()) * 2 + std::size(kVillages) * 2 + 6 +
                     static_cast<long>(rows.size());
  for (const auto& p : plans)  // the town, its office, departments, villages, projects, submissions
    total_steps += 2 + static_cast<long>(departments.size() + p.villages.size() + rows.size()) + 1;
  long step = 0;
  Progress bar(plans.empty() ? "装入演示数据" : "装入演示数据（县级规模）");
  auto tick = [&] { bar.update(++step, total_steps); };

  db::Tx tx(s.pool);
  const platform::Auditor audit = cli_auditor(s, "demo");
  auto add_unit = [&](std::optional<std::int64_t> parent, const std::string& kind, const std::string& name,
                      int sort) {
    auto u = platform::create_org_unit(
        tx, audit, platform::OrgUnitInput{parent, kind, name, std::nullopt, sort, /*is_demo=*/true});
    if (!u) throw std::runtime_error("demo org unit " + name + ": " + u.error().message());
    tick();
    return std::move(u).value();
  };
  auto unit = [&](std::optional<std::int64_t> parent, const std::string& kind, const std::string& name,
                  int sort) { return add_unit(parent, kind, name, sort).id; };
  auto user = [&](const std::string& username, const std::string& display, platform::Role role,
                  std::int64_t unit_id, const std::string& unit_name) {
    auto id = platform::create_user(tx, audit, s.config.security, s.hasher,
                                    platform::UserInput{username, display, role, unit_id}, result.password,
                                    /*must_change=*/false, /*is_demo=*/true);
    if (!id) throw std::runtime_error("demo user " + username + ": " + id.error().message());
    result.accounts.push_back({username, std::string(platform::role_label(role)), unit_name});
    tick();
    return *id;
  };
  auto principal = [&](std::int64_t user_id) {
    auto p = platform::load_principal(tx.conn(), user_id, s.clock.now(), s.config.security);
    if (!p) throw std::runtime_error("demo principal");
    return *p;
  };

  const auto province = unit(std::nullopt, "province", "安徽省", 1);
  const auto city = unit(province, "city", "演示市", 1);
  const auto county = unit(city, "county", "演示县", 1);
  const auto town = unit(county, "town", "民生镇（演示）", 1);
  const auto office = unit(town, "department", "镇民生办", 0);
  DemoUnitList dept_units;
  int sort = 1;
  for (const auto& name : departments)
    dept_units.emplace_back(unit(town, "department", name, sort++), name);
  DemoUnitList village_units;
  sort = 1;
  for (const auto& v : kVillages)
    village_units.emplace_back(unit(town, v.kind, v.name, sort++), v.name);

  user("admin", "系统管理员（演示）", platform::Role::Sysadmin, county, "演示县");
  user("security", "安全管理员（演示）", platform::Role::Secadmin, county, "演示县");
  user("audit", "审计管理员（演示）", platform::Role::Auditor, county, "演示县");
  const auto office_user =
      user("office", "民生办工作人员（演示）", platform::Role::Office, office, "镇民生办");
  user("leader", "镇领导（演示）", platform::Role::Leader, town, "民生镇（演示）");
  const auto county_user = user("county", "县民生办（演示）", platform::Role::County, county, "演示县");
  int n = 1;
  std::map<std::string, platform::Principal> reporters;  // unit name -> its reporter
  for (const auto& [id, name] : dept_units) {
    const std::string username = fmt::format("dept{:02}", n++);
    reporters.emplace(name,
                      principal(user(username, name + "信息员（演示）", platform::Role::Dept, id, name)));
  }
  n = 1;
  for (const auto& [id, name] : village_units) {
    user(fmt::format("village{:02}", n++), name + "干部（演示）", platform::Role::Village, id, name);
  }
  const auto led = load_demo_projects(tx, audit, DemoPlace{town, "民生镇", 31.80, 117.20, 20200101}, rows,
                                      dept_units, village_units, reporters, tick);
  const auto office_staff = principal(office_user);
  const auto county_staff = principal(county_user);
  int newsletter_issue = 1;
  load_demo_submissions(tx, audit,
                        DemoTown{town, office, dept_units, village_units, reporters, led, office_staff,
                                 county_staff, DemoStyle{}, newsletter_issue});
  load_demo_signage(tx, audit, office, village_units, reporters, office_staff);

  // County scale: the generated towns, after the demo town so its ids and data stay those of the town scale.
  int town_sort = 2;
  for (auto& plan : plans) {
    const auto t = add_unit(county, "town", plan.name, town_sort++);
    const auto o = add_unit(t.id, "department", "镇民生办", 0);
    DemoUnitList depts;
    std::map<std::string, platform::Principal> staff;
    sort = 1;
    for (const auto& name : departments) {
      const auto d = add_unit(t.id, "department", name, sort++);
      depts.emplace_back(d.id, name);
      staff.emplace(name, unit_staff(platform::Role::Dept, d, t));
    }
    DemoUnitList villages;
    sort = 1;
    for (const auto& [name, kind] : plan.villages)
      villages.emplace_back(unit(t.id, kind, name, sort++), name);
    plan.where.town = t.id;
    const auto town_led = load_demo_projects(tx, audit, plan.where, rows, depts, villages, staff, tick);
    const auto town_office = unit_staff(platform::Role::Office, o, t);
    load_demo_submissions(tx, audit,
                          DemoTown{t.id, o.id, depts, villages, staff, town_led, town_office, county_staff,
                                   plan.style, newsletter_issue});
    tick();
  }

  tx.query("INSERT INTO settings (key, value, updated_at) VALUES ('demo', '1', $1)",
           {iso_utc(s.clock.now())});
  // The portal footer (CONVENTIONS.md §2.1); 网站标识码/ICP/公安备案 stay empty, so they are hidden.
  for (const auto& [key, value] : {std::pair{"portal.host_unit", "民生镇人民政府（演示）"},
                                   std::pair{"portal.address", "演示县民生镇人民路1号（演示）"},
                                   std::pair{"portal.phone", "0550-1234567（演示）"}})
    tx.query("INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)",
             {key, value, iso_utc(s.clock.now())});
  result.towns = 1 + static_cast<int>(plans.size());
  result.units = static_cast<int>(tx.query("SELECT COUNT(*) AS n FROM org_units").first().int64("n"));
  tx.commit();
  bar.finish();
  return result;
}

}  // namespace minsheng::app
