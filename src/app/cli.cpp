#include "app/cli.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "app/app.hpp"
#include "app/circular_cli.hpp"
#include "app/demo.hpp"
#include "app/print_cli.hpp"
#include "core/messages.hpp"
#include "core/progress.hpp"
#include "core/public_address.hpp"
#include "core/text.hpp"
#include "db/maintenance.hpp"
#include "db/migrations.hpp"
#include "platform/org_units.hpp"
#include "platform/password.hpp"
#include "platform/public_address.hpp"
#include "platform/users.hpp"

namespace minsheng::app {
namespace {

struct GlobalFlags {
  std::string config_path = "minsheng.toml";
  bool config_given = false;
  std::string db;
  std::string listen;
  std::string static_dir;
};

int error_exit(const Error& e) {
  std::string msg = e.fields.empty() ? e.message() : e.fields.front().message;
  if (e.fields.size() > 1)
    for (std::size_t i = 1; i < e.fields.size(); ++i)
      msg += "；" + e.fields[i].message;
  std::fprintf(stderr, "错误：%s\n", msg.c_str());
  return 1;
}

Result<Config> load(const GlobalFlags& g) {
  auto cfg = load_config(g.config_path, g.config_given);
  if (!cfg) return cfg;
  if (!g.db.empty()) cfg->db = g.db;
  if (!g.listen.empty()) {
    if (auto l = split_listen(g.listen); !l) return l.take_error();
    cfg->listen = g.listen;
  }
  if (!g.static_dir.empty()) cfg->static_dir = g.static_dir;
  return cfg;
}

const SystemClock& system_clock() {
  static SystemClock c;
  return c;
}

// Opens the app for a command; `create_keys` only for init/demo/serve on a fresh database.
Result<std::unique_ptr<App>> open_app(const GlobalFlags& g, bool create_keys) {
  auto cfg = load(g);
  if (!cfg) return cfg.take_error();
  return App::open(std::move(cfg.value()), system_clock(), create_keys);
}

void print_accounts(const DemoResult& r) {
  std::printf("演示数据已装入（所有名称带“演示”字样，仅供体验）。账号：\n");
  for (const auto& a : r.accounts)
    std::printf("  %s %s %s\n", pad_display(a.username, 12).c_str(), pad_display(a.role_label, 12).c_str(),
                a.unit.c_str());
  if (r.generated)
    std::printf("所有演示账号的密码（只显示这一次）：%s\n", r.password.c_str());
  else
    std::printf("所有演示账号的密码为 --password 指定的密码。\n");
}

std::optional<std::int64_t> user_id_or_fail(App& app, const std::string& username) {
  auto lease = app.pool().acquire();
  auto id = platform::find_user_id(*lease, username);
  if (!id) std::fprintf(stderr, "错误：用户 %s 不存在\n", username.c_str());
  return id;
}

int cmd_serve(const GlobalFlags& g) {
  auto app = open_app(g, true);
  if (!app) return error_exit(app.error());
  http::Server server((*app)->server_options(), [&](http::Request& r) { return (*app)->handle(r); });
  std::uint16_t port = 0;
  try {
    port = server.start();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "错误：无法在 %s 上监听：%s\n", (*app)->services().config.listen.c_str(), e.what());
    return 1;
  }
  const auto host = (*app)->server_options().host;
  std::printf("Minsheng 已启动：http://%s:%u （Ctrl+C 停止）\n", host.c_str(), port);
  std::fflush(stdout);
  server.run_until_signal();
  std::printf("Minsheng 已停止。\n");
  return 0;
}

// Asks for the public address on a terminal until it is valid or left empty (then none is stored).
std::optional<std::string> prompt_public_address() {
  for (;;) {
    std::printf("对外网址（群众手机扫码打开的地址，如 https://ms.example.gov.cn；直接回车则以后再设）：");
    std::fflush(stdout);
    std::string line;
    if (!std::getline(std::cin, line)) {
      std::printf("\n");
      return std::nullopt;
    }
    if (line.ends_with('\r')) line.pop_back();
    const std::string url(trim_ows(line));
    if (url.empty()) return std::nullopt;
    auto n = normalize_public_address(url, "对外网址");
    if (n) return *n;
    std::printf("%s\n", n.error().fields.front().message.c_str());
  }
}

// The warning about `url` on stderr, if it has a problem.
void warn_public_address(const std::string& url) {
  if (auto w = public_address_warning(url); !w.empty()) std::fprintf(stderr, "警告：%s\n", w.c_str());
}

int cmd_init(const GlobalFlags& g, const std::string& username, const std::string& org_name,
             const std::string& org_kind, const std::optional<std::string>& base_url_flag) {
  // The address is checked before anything is created, so a typo leaves no half-made database.
  std::optional<std::string> base_url;
  if (base_url_flag) {
    auto n = normalize_public_address(*base_url_flag, "--base-url");
    if (!n) return error_exit(n.error());
    base_url = *n;
  }
  auto app = open_app(g, true);
  if (!app) return error_exit(app.error());
  auto& s = (*app)->services();
  {
    auto lease = s.pool.acquire();
    if (lease->query("SELECT COUNT(*) AS n FROM users").first().int64("n") > 0) {
      std::fprintf(stderr, "错误：数据库中已有账号，init 只用于新数据库。\n");
      return 1;
    }
  }
  if (!base_url_flag && isatty(STDIN_FILENO) == 1) base_url = prompt_public_address();
  const std::string password = platform::generate_password();
  db::Tx tx(s.pool);
  auto audit = cli_auditor(s, "init");
  auto unit = platform::create_org_unit(tx, audit, platform::OrgUnitInput{std::nullopt, org_kind, org_name});
  if (!unit) return error_exit(unit.error());
  auto id =
      platform::create_user(tx, audit, s.config.security, s.hasher,
                            platform::UserInput{username, "系统管理员", platform::Role::Sysadmin, unit->id},
                            password, /*must_change=*/true, /*is_demo=*/false);
  if (!id) return error_exit(id.error());
  if (base_url) platform::save_public_address(tx, audit, *base_url);
  tx.commit();
  std::printf("数据库已创建：%s\n系统管理员账号：%s\n初始密码（只显示这一次，首次登录后须修改）：%s\n",
              s.config.db.c_str(), username.c_str(), password.c_str());
  if (base_url) std::printf("对外网址：%s\n", base_url->c_str());
  warn_public_address(base_url.value_or(""));
  return 0;
}

// Shows the public address (and what is wrong with it), or stores a new one.
int cmd_base_url(App& app, const std::optional<std::string>& url) {
  auto& s = app.services();
  if (!url) {
    const std::string current = platform::stored_public_address(*s.pool.acquire());
    std::printf("对外网址：%s\n", current.empty() ? "（未设置）" : current.c_str());
    warn_public_address(current);
    return 0;
  }
  auto n = normalize_public_address(*url, "URL");
  if (!n) return error_exit(n.error());
  db::Tx tx(s.pool);
  platform::save_public_address(tx, cli_auditor(s, "base-url"), *n);
  tx.commit();
  std::printf("对外网址已设为 %s（二维码和门户链接即时生效）。\n", n->c_str());
  warn_public_address(*n);
  return 0;
}

int cmd_migrate(const GlobalFlags& g) {
  auto cfg = load(g);
  if (!cfg) return error_exit(cfg.error());
  try {
    auto pool = db::Pool::open(cfg->db);
    Progress bar("数据库迁移");
    const int ran = db::migrate(*pool, [&](int done, int total) { bar.update(done, total); });
    bar.finish();
    std::printf("已执行 %d 个迁移。数据库结构版本：%d（最新 %d）\n", ran, db::schema_version(*pool),
                db::latest_version());
  } catch (const db::DbError& e) {
    std::fprintf(stderr, "错误：数据库迁移失败：%s\n", e.what());
    return 1;
  }
  return 0;
}

int cmd_check(const GlobalFlags& g) {
  int problems = 0;
  auto cfg = load(g);
  if (!cfg) return error_exit(cfg.error());
  std::printf("配置：正常（数据库 %s，监听 %s）\n", cfg->db.c_str(), cfg->listen.c_str());
  std::unique_ptr<db::Pool> pool;
  try {
    pool = db::Pool::open(cfg->db);
  } catch (const db::DbError& e) {
    std::printf("数据库连接：失败（%s）\n", e.what());
    return 1;
  }
  const int version = db::schema_version(*pool);
  const int latest = db::latest_version();
  std::printf("数据库结构版本：%d（程序支持 %d）%s\n", version, latest,
              version == latest ? "" : " —— 需要运行 minsheng migrate");
  if (version != latest) ++problems;
  const std::string integrity = db::integrity_check(*pool);
  std::printf("数据库完整性：%s\n", integrity == "ok" ? "正常" : integrity.c_str());
  if (integrity != "ok") ++problems;
  auto keys = platform::load_keys(cfg->key_file, false);
  if (!keys) {
    std::printf("密钥文件：%s\n", keys.error().fields.front().message.c_str());
    ++problems;
  } else if (version > 0) {
    Progress bar("校验审计链");
    auto chain = platform::verify_audit_chain(*pool, keys->audit);
    bar.finish();
    if (chain.ok)
      std::printf("审计日志哈希链：正常（%lld 条）\n", static_cast<long long>(chain.entries));
    else {
      std::printf("审计日志哈希链：异常，自第 %lld 条起：%s\n", static_cast<long long>(chain.first_bad_seq),
                  chain.problem.c_str());
      ++problems;
    }
  }
  std::printf(problems ? "检查发现 %d 个问题。\n" : "检查通过。\n", problems);
  return problems ? 1 : 0;
}

int cmd_backup(const GlobalFlags& g, const std::string& file) {
  auto cfg = load(g);
  if (!cfg) return error_exit(cfg.error());
  if (db::sqlite_path(cfg->db).empty()) {
    std::fprintf(stderr,
                 "错误：backup 只用于 SQLite 数据库；PostgreSQL 请用 pg_dump 或 pg_basebackup（见 "
                 "docs/operations.md）。\n");
    return 1;
  }
  try {
    Progress bar("备份");
    db::backup_sqlite(cfg->db, file, [&](int d, int t) { bar.update(d, t); });
  } catch (const db::DbError& e) {
    std::fprintf(stderr, "错误：备份失败：%s\n", e.what());
    return 1;
  }
  std::printf("已备份到 %s\n", file.c_str());
  return 0;
}

int cmd_restore(const GlobalFlags& g, const std::string& file) {
  auto cfg = load(g);
  if (!cfg) return error_exit(cfg.error());
  if (db::sqlite_path(cfg->db).empty()) {
    std::fprintf(
        stderr,
        "错误：restore 只用于 SQLite 数据库；PostgreSQL 请用 pg_restore（见 docs/operations.md）。\n");
    return 1;
  }
  try {
    Progress bar("恢复");
    db::restore_sqlite(file, cfg->db, [&](int d, int t) { bar.update(d, t); });
  } catch (const db::DbError& e) {
    std::fprintf(stderr, "错误：恢复失败（原数据库未改动）：%s\n", e.what());
    return 1;
  }
  std::printf("已从 %s 恢复到 %s。请运行 minsheng check 核对。\n", file.c_str(), cfg->db.c_str());
  return 0;
}

int cmd_demo(const GlobalFlags& g, const std::optional<std::string>& password, const std::string& scale) {
  auto app = open_app(g, true);
  if (!app) return error_exit(app.error());
  auto r = load_demo((*app)->services(), password, scale == "county" ? DemoScale::County : DemoScale::Town);
  if (!r) return error_exit(r.error());
  print_accounts(*r);
  if (r->towns > 1)
    std::printf(
        "县级规模：演示县共 %d 个镇、%d 个单位；账号只建在民生镇（演示），其他镇可用 county 账号查看。\n",
        r->towns, r->units);
  return 0;
}

}  // namespace

int run_cli(int argc, char** argv) {
  auto err = spdlog::stderr_color_mt("minsheng");
  spdlog::set_default_logger(err);
  if (const char* lvl = std::getenv("MINSHENG_LOG_LEVEL")) spdlog::set_level(spdlog::level::from_str(lvl));

  CLI::App cli{"民生工程宣传工作系统 Minsheng", "minsheng"};
  cli.require_subcommand(1);
  cli.fallthrough();
  GlobalFlags g;
  cli.add_option("--config", g.config_path, "配置文件（默认 minsheng.toml）")->each([&](const std::string&) {
    g.config_given = true;
  });
  cli.add_option("--db", g.db, "数据库：sqlite:PATH 或 postgresql://user@host/db");

  auto* serve = cli.add_subcommand("serve", "启动服务");
  serve->add_option("--listen", g.listen, "监听地址 HOST:PORT（默认 127.0.0.1:8080）");
  serve->add_option("--static", g.static_dir, "静态文件目录");

  auto* init = cli.add_subcommand("init", "创建数据库和系统管理员账号（随机密码只显示一次）");
  std::string init_user = "admin", org_name = "本级单位", org_kind = "town";
  init->add_option("--username", init_user, "系统管理员用户名");
  init->add_option("--org-name", org_name, "顶级单位名称");
  init->add_option("--org-kind", org_kind, "顶级单位类型：province|city|county|town")
      ->check(CLI::IsMember({"province", "city", "county", "town"}));
  std::optional<std::string> init_base_url;
  init->add_option(
      "--base-url", init_base_url,
      "对外网址（群众扫码打开的地址，如 https://ms.example.gov.cn）；不给且在终端上运行时会询问");
  auto* base_url = cli.add_subcommand("base-url", "查看或设置对外网址（二维码和门户链接所用的地址）");
  std::optional<std::string> base_url_value;
  base_url->add_option("URL", base_url_value, "新的对外网址，如 https://ms.example.gov.cn；不给则显示当前值");

  cli.add_subcommand("migrate", "运行数据库迁移");
  cli.add_subcommand("check", "检查配置、数据库结构版本、完整性和审计链");
  auto* backup = cli.add_subcommand("backup", "在线备份 SQLite 数据库");
  std::string file;
  backup->add_option("FILE", file, "备份文件")->required();
  auto* restore = cli.add_subcommand("restore", "从备份恢复 SQLite 数据库（须先停止服务）");
  restore->add_option("FILE", file, "备份文件")->required()->check(CLI::ExistingFile);
  auto* demo = cli.add_subcommand("demo", "装入演示镇（空数据库）");
  std::optional<std::string> demo_password;
  demo->add_option("--password", demo_password, "所有演示账号的密码（默认随机生成并显示一次）");
  std::string demo_scale = "town";
  demo->add_option("--scale", demo_scale, "规模：town（一个镇，默认）|county（全县约 400 个单位，用于测速）")
      ->check(CLI::IsMember({"town", "county"}));

  CircularArgs circular_args;
  auto* circular = add_circular_command(cli, circular_args);
  PrintArgs print_args;
  auto* print = add_print_command(cli, print_args);

  auto* user = cli.add_subcommand("user", "账号管理");
  user->require_subcommand(1);
  auto* uadd = user->add_subcommand("add", "新建账号");
  std::string u_name, u_display, u_role;
  std::int64_t u_org = 0;
  std::optional<std::string> u_password;
  uadd->add_option("--username", u_name)->required();
  uadd->add_option("--name", u_display, "姓名")->required();
  uadd->add_option("--role", u_role, "角色")
      ->required()
      ->check(CLI::IsMember(
          {"sysadmin", "secadmin", "auditor", "office", "dept", "village", "leader", "county"}));
  uadd->add_option("--org", u_org, "所属单位编号")->required();
  uadd->add_option("--password", u_password, "初始密码（默认随机生成）");
  auto* upass = user->add_subcommand("passwd", "重设密码（下次登录须修改）");
  upass->add_option("USERNAME", u_name)->required();
  upass->add_option("--password", u_password, "新密码（默认随机生成）");
  auto* ulock = user->add_subcommand("lock", "锁定账号");
  std::string reason;
  ulock->add_option("USERNAME", u_name)->required();
  ulock->add_option("--reason", reason, "原因");
  auto* uunlock = user->add_subcommand("unlock", "解锁账号");
  uunlock->add_option("USERNAME", u_name)->required();
  auto* ulist = user->add_subcommand("list", "列出账号");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }

  try {
    if (serve->parsed()) return cmd_serve(g);
    if (init->parsed()) return cmd_init(g, init_user, org_name, org_kind, init_base_url);
    if (cli.got_subcommand("migrate")) return cmd_migrate(g);
    if (cli.got_subcommand("check")) return cmd_check(g);
    if (backup->parsed()) return cmd_backup(g, file);
    if (restore->parsed()) return cmd_restore(g, file);
    if (demo->parsed()) return cmd_demo(g, demo_password, demo_scale);

    auto app = open_app(g, false);
    if (!app) return error_exit(app.error());
    if (circular->parsed()) return run_circular(**app, circular_args);
    if (print->parsed()) return run_print(**app, print_args);
    if (base_url->parsed()) return cmd_base_url(**app, base_url_value);
    auto& s = (*app)->services();
    const std::string command = "user";
    if (ulist->parsed()) {
      auto lease = s.pool.acquire();
      auto rs = lease->query(std::string(platform::kUserSelect) + " ORDER BY u.id");
      auto line = [](std::string_view id, std::string_view username, std::string_view role,
                     std::string_view name, std::string_view unit, std::string_view state) {
        std::printf("%s %s %s %s %s %s\n", pad_display(id, 6).c_str(), pad_display(username, 16).c_str(),
                    pad_display(role, 10).c_str(), pad_display(name, 24).c_str(),
                    pad_display(unit, 24).c_str(), std::string(state).c_str());
      };
      line("编号", "用户名", "角色", "姓名", "单位", "状态");
      for (const auto& r : rs.rows) {
        auto j = platform::user_row_json(r, s.clock.now());
        const bool locked = j["locked"].as_bool() || j["lockedOut"].as_bool();
        line(std::to_string(j["id"].as_int64()), j["username"].as_string(), j["role"].as_string(),
             j["displayName"].as_string(), j["orgUnitName"].as_string(), locked ? "锁定" : "正常");
      }
      return 0;
    }
    db::Tx tx(s.pool);
    auto audit = cli_auditor(s, command);
    if (uadd->parsed()) {
      const std::string password = u_password.value_or(platform::generate_password());
      auto id =
          platform::create_user(tx, audit, s.config.security, s.hasher,
                                platform::UserInput{u_name, u_display, *platform::parse_role(u_role), u_org},
                                password, /*must_change=*/true, /*is_demo=*/false);
      if (!id) return error_exit(id.error());
      tx.commit();
      std::printf("已创建账号 %s（编号 %lld）。", u_name.c_str(), static_cast<long long>(*id));
      if (!u_password) std::printf("初始密码（只显示这一次）：%s", password.c_str());
      std::printf("\n首次登录后须修改密码。\n");
      return 0;
    }
    auto id = user_id_or_fail(**app, u_name);
    if (!id) return 1;
    if (upass->parsed()) {
      const std::string password = u_password.value_or(platform::generate_password());
      if (auto st = platform::set_password(tx, audit, s.config.security, s.hasher, *id, password, true,
                                           "password", 0, "user.reset_password");
          !st)
        return error_exit(st.error());
      tx.commit();
      if (!u_password) std::printf("新密码（只显示这一次）：%s\n", password.c_str());
      std::printf("已重设 %s 的密码，下次登录须修改。\n", u_name.c_str());
      return 0;
    }
    if (ulock->parsed() || uunlock->parsed()) {
      const bool lock = ulock->parsed();
      if (auto st = platform::set_locked(tx, audit, *id, lock, reason); !st) return error_exit(st.error());
      tx.commit();
      std::printf(lock ? "已锁定 %s。\n" : "已解锁 %s。\n", u_name.c_str());
      return 0;
    }
  } catch (const db::DbError& e) {
    std::fprintf(stderr, "错误：数据库操作失败：%s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "错误：%s\n", e.what());
    return 1;
  }
  return 2;
}

}  // namespace minsheng::app
