#include "app/demo.hpp"

#include <fmt/format.h>

#include <set>
#include <sstream>

#include "app/app.hpp"
#include "core/messages.hpp"
#include "core/progress.hpp"
#include "platform/org_units.hpp"
#include "platform/password.hpp"
#include "platform/users.hpp"

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

Result<DemoResult> load_demo(platform::Services& s, const std::optional<std::string>& password) {
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
  const long total_steps = 4 + 1 + static_cast<long>(departments.size()) * 2 + std::size(kVillages) * 2 + 6;
  long step = 0;
  Progress bar("装入演示数据");
  auto tick = [&] { bar.update(++step, total_steps); };

  db::Tx tx(s.pool);
  const platform::Auditor audit = cli_auditor(s, "demo");
  auto unit = [&](std::optional<std::int64_t> parent, const char* kind, const std::string& name, int sort) {
    auto u = platform::create_org_unit(
        tx, audit, platform::OrgUnitInput{parent, kind, name, std::nullopt, sort, /*is_demo=*/true});
    if (!u) throw std::runtime_error("demo org unit " + name + ": " + u.error().message());
    tick();
    return u->id;
  };
  auto user = [&](const std::string& username, const std::string& display, platform::Role role,
                  std::int64_t unit_id, const std::string& unit_name) {
    auto id = platform::create_user(tx, audit, s.config.security, s.hasher,
                                    platform::UserInput{username, display, role, unit_id}, result.password,
                                    /*must_change=*/false, /*is_demo=*/true);
    if (!id) throw std::runtime_error("demo user " + username + ": " + id.error().message());
    result.accounts.push_back({username, std::string(platform::role_label(role)), unit_name});
    tick();
  };

  const auto province = unit(std::nullopt, "province", "安徽省", 1);
  const auto city = unit(province, "city", "演示市", 1);
  const auto county = unit(city, "county", "演示县", 1);
  const auto town = unit(county, "town", "民生镇（演示）", 1);
  const auto office = unit(town, "department", "镇民生办", 0);
  std::vector<std::pair<std::int64_t, std::string>> dept_units;
  int sort = 1;
  for (const auto& name : departments)
    dept_units.emplace_back(unit(town, "department", name, sort++), name);
  std::vector<std::pair<std::int64_t, std::string>> village_units;
  sort = 1;
  for (const auto& v : kVillages)
    village_units.emplace_back(unit(town, v.kind, v.name, sort++), v.name);

  user("admin", "系统管理员（演示）", platform::Role::Sysadmin, county, "演示县");
  user("security", "安全管理员（演示）", platform::Role::Secadmin, county, "演示县");
  user("audit", "审计管理员（演示）", platform::Role::Auditor, county, "演示县");
  user("office", "民生办工作人员（演示）", platform::Role::Office, office, "镇民生办");
  user("leader", "镇领导（演示）", platform::Role::Leader, town, "民生镇（演示）");
  user("county", "县民生办（演示）", platform::Role::County, county, "演示县");
  int n = 1;
  for (const auto& [id, name] : dept_units) {
    user(fmt::format("dept{:02}", n++), name + "信息员（演示）", platform::Role::Dept, id, name);
  }
  n = 1;
  for (const auto& [id, name] : village_units) {
    user(fmt::format("village{:02}", n++), name + "干部（演示）", platform::Role::Village, id, name);
  }
  tx.query("INSERT INTO settings (key, value, updated_at) VALUES ('demo', '1', $1)",
           {iso_utc(s.clock.now())});
  // The portal footer (CONVENTIONS.md §2.1); 网站标识码/ICP/公安备案 stay empty, so they are hidden.
  for (const auto& [key, value] : {std::pair{"portal.host_unit", "民生镇人民政府（演示）"},
                                   std::pair{"portal.address", "演示县民生镇人民路1号（演示）"},
                                   std::pair{"portal.phone", "0550-1234567（演示）"}})
    tx.query("INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)",
             {key, value, iso_utc(s.clock.now())});
  tx.commit();
  bar.finish();
  return result;
}

}  // namespace minsheng::app
