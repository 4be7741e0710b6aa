// `minsheng` as a user runs it: init, demo, user, check, backup, restore, migrate — real binary, real files,
// and (when MINSHENG_TEST_PG_URL is set) a real PostgreSQL database.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "db/db.hpp"

namespace {

namespace fs = std::filesystem;

struct CmdResult {
  int code = -1;
  std::string out;  // stdout and stderr together
};

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s)
    q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("minsheng-cli-" + std::to_string(rd()));
    fs::create_directories(dir_);
    if (const char* pg = std::getenv("MINSHENG_TEST_PG_URL"); pg && *pg) {
      // A fresh schema per test keeps tests independent on one cluster.
      schema_ = "cli_" + std::to_string(rd() % 1000000000);
      auto admin = minsheng::db::Pool::open(pg);
      auto lease = admin->acquire();
      lease->exec_script("CREATE SCHEMA " + schema_);
      db_ = std::string(pg) + "&options=-csearch_path%3D" + schema_;
    } else {
      db_ = "sqlite:" + (dir_ / "data" / "minsheng.db").string();
    }
  }
  void TearDown() override {
    if (!schema_.empty()) {
      auto admin = minsheng::db::Pool::open(std::getenv("MINSHENG_TEST_PG_URL"));
      admin->acquire()->exec_script("DROP SCHEMA " + schema_ + " CASCADE");
    }
    fs::remove_all(dir_);
  }
  bool postgres() const { return !schema_.empty(); }

  CmdResult run(const std::string& args) {
    const std::string cmd = "cd " + shell_quote(dir_.string()) + " && MINSHENG_DB=" + shell_quote(db_) +
                            " MINSHENG_KEY_FILE=" + shell_quote((dir_ / "data" / "minsheng.key").string()) +
                            " " + MINSHENG_BINARY + " " + args + " 2>&1";
    CmdResult r;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf{};
    while (std::size_t n = std::fread(buf.data(), 1, buf.size(), p))
      r.out.append(buf.data(), n);
    const int status = pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
  }
  std::unique_ptr<minsheng::db::Pool> pool() { return minsheng::db::Pool::open(db_); }

  fs::path dir_;
  std::string db_;
  std::string schema_;
};

// "Abcd-Ef12-…": four groups of four letters or digits (no std::regex: gcc 12 -O1 warns inside it).
bool looks_generated(const std::string& p) {
  if (p.size() != 19) return false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const bool dash = i % 5 == 4;
    if (dash != (p[i] == '-')) return false;
    if (!dash && !std::isalnum(static_cast<unsigned char>(p[i]))) return false;
  }
  return true;
}

std::string after(const std::string& out, const std::string& marker) {
  auto pos = out.find(marker);
  if (pos == std::string::npos) return {};
  auto line = out.substr(pos + marker.size());
  return line.substr(0, line.find('\n'));
}

TEST_F(Cli, InitCreatesSysadminWithOneTimePassword) {
  auto r = run("init --username root1 --org-name 某某县 --org-kind county");
  ASSERT_EQ(r.code, 0) << r.out;
  const std::string password = after(r.out, "初始密码（只显示这一次，首次登录后须修改）：");
  EXPECT_TRUE(looks_generated(password)) << r.out;
  auto p = pool();
  auto rs = minsheng::db::query(
      *p, "SELECT role, must_change_password, password_hash FROM users WHERE username = 'root1'");
  ASSERT_EQ(rs.rows.size(), 1u);
  EXPECT_EQ(rs.first().text("role"), "sysadmin");
  EXPECT_EQ(rs.first().int64("must_change_password"), 1);
  EXPECT_EQ(rs.first().text("password_hash").find(password), std::string::npos);
  EXPECT_TRUE(rs.first().text("password_hash").starts_with("$argon2id$"));
  auto again = run("init");
  EXPECT_EQ(again.code, 1);
  EXPECT_NE(again.out.find("已有账号"), std::string::npos) << again.out;
  if (!postgres()) {
    EXPECT_EQ(fs::status(dir_ / "data" / "minsheng.key").permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write);
  }
}

TEST_F(Cli, DemoLoadsTheTownAndItsAccounts) {
  auto r = run("demo --password 'Demo-Town-2026!'");
  ASSERT_EQ(r.code, 0) << r.out;
  auto p = pool();
  auto n = [&](const std::string& sql) { return minsheng::db::query(*p, sql).first().int64("n"); };
  EXPECT_EQ(n("SELECT COUNT(*) AS n FROM org_units WHERE kind = 'department' AND is_demo = 1"),
            15);  // 14 + office
  EXPECT_EQ(n("SELECT COUNT(*) AS n FROM org_units WHERE kind IN ('village', 'community')"), 10);
  EXPECT_EQ(n("SELECT COUNT(*) AS n FROM users WHERE username LIKE 'dept%'"), 14);
  EXPECT_EQ(n("SELECT COUNT(*) AS n FROM users WHERE username LIKE 'village%'"), 10);
  EXPECT_EQ(n("SELECT COUNT(*) AS n FROM users WHERE is_demo = 0"), 0);
  // dept01 is the first lead unit of the projects file.
  auto dept01 = minsheng::db::query(
      *p,
      "SELECT ou.name FROM users u JOIN org_units ou ON ou.id = u.org_unit_id WHERE u.username = 'dept01'");
  EXPECT_EQ(dept01.first().text("name"), "农业综合服务中心");
  for (const char* u : {"admin", "security", "audit", "office", "leader", "county", "dept14", "village10"})
    EXPECT_NE(r.out.find(u), std::string::npos) << u;
  EXPECT_NE(r.out.find("演示"), std::string::npos);
  EXPECT_EQ(r.out.find("Demo-Town-2026!"), std::string::npos) << "a given password is not echoed";
  auto again = run("demo --password 'Demo-Town-2026!'");
  EXPECT_EQ(again.code, 1);
  EXPECT_NE(again.out.find("演示数据只能装入空数据库"), std::string::npos) << again.out;
  auto weak = run("--db sqlite:" + (dir_ / "other.db").string() + " demo --password 12345678");
  EXPECT_EQ(weak.code, 1);
  EXPECT_NE(weak.out.find("密码"), std::string::npos) << weak.out;
}

TEST_F(Cli, UserCommands) {
  ASSERT_EQ(run("init").code, 0);
  auto p = pool();
  const auto unit = minsheng::db::query(*p, "SELECT id FROM org_units").first().int64("id");
  auto add = run("user add --username wang5 --name 王五 --role office --org " + std::to_string(unit));
  ASSERT_EQ(add.code, 0) << add.out;
  EXPECT_NE(add.out.find("初始密码（只显示这一次）："), std::string::npos);
  auto dup = run("user add --username wang5 --name 王五 --role office --org " + std::to_string(unit));
  EXPECT_EQ(dup.code, 1);
  EXPECT_NE(dup.out.find("用户名已存在"), std::string::npos) << dup.out;
  auto weak =
      run("user add --username li4 --name 李四 --role office --password abc --org " + std::to_string(unit));
  EXPECT_EQ(weak.code, 1);
  EXPECT_NE(weak.out.find("密码不能少于12个字符"), std::string::npos) << weak.out;
  auto badrole = run("user add --username li4 --name 李四 --role king --org " + std::to_string(unit));
  EXPECT_NE(badrole.code, 0);
  EXPECT_EQ(run("user lock wang5 --reason 离职").code, 0);
  auto list = run("user list");
  ASSERT_EQ(list.code, 0);
  EXPECT_NE(list.out.find("wang5"), std::string::npos);
  EXPECT_NE(list.out.find("锁定"), std::string::npos);
  EXPECT_EQ(
      minsheng::db::query(*p, "SELECT locked FROM users WHERE username = 'wang5'").first().int64("locked"),
      1);
  EXPECT_EQ(run("user unlock wang5").code, 0);
  EXPECT_EQ(
      minsheng::db::query(*p, "SELECT locked FROM users WHERE username = 'wang5'").first().int64("locked"),
      0);
  auto pw = run("user passwd wang5");
  ASSERT_EQ(pw.code, 0) << pw.out;
  EXPECT_NE(pw.out.find("新密码（只显示这一次）："), std::string::npos);
  EXPECT_EQ(run("user passwd nobody").code, 1);
  // Every command-line write is audited as "cli".
  auto audited = minsheng::db::query(
      *p,
      "SELECT COUNT(*) AS n FROM audit_log WHERE username = 'cli' AND action IN ('user.create', 'user.lock', "
      "'user.unlock', 'user.reset_password')");
  EXPECT_EQ(audited.first().int64("n"), 5);  // init's admin, wang5, lock, unlock, passwd
}

TEST_F(Cli, CheckVerifiesTheAuditChainAndNamesTheBadEntry) {
  ASSERT_EQ(run("demo --password 'Demo-Town-2026!'").code, 0);
  auto ok = run("check");
  EXPECT_EQ(ok.code, 0) << ok.out;
  EXPECT_NE(ok.out.find("审计日志哈希链：正常"), std::string::npos) << ok.out;
  {
    auto p = pool();
    auto lease = p->acquire();
    if (postgres()) {
      lease->exec_script("DROP TRIGGER audit_log_no_update ON audit_log");
    } else {
      lease->exec_script("DROP TRIGGER audit_log_no_update");
    }
    lease->query("UPDATE audit_log SET username = 'mallory' WHERE seq = 7");
  }
  auto bad = run("check");
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.out.find("自第 7 条起"), std::string::npos) << bad.out;
}

TEST_F(Cli, MigrateReportsTheSchemaVersion) {
  auto r = run("migrate");
  EXPECT_EQ(r.code, 0) << r.out;
  const std::string version = after(r.out, "数据库结构版本：");
  const std::string number = version.substr(0, version.find("（"));
  ASSERT_FALSE(number.empty()) << r.out;
  EXPECT_NE(number, "0");
  EXPECT_EQ(version, number + "（最新 " + number + "）") << r.out;
}

TEST_F(Cli, BackupAndRestoreRoundTrip) {
  if (postgres()) {
    auto r = run("backup x.db");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.out.find("pg_dump"), std::string::npos) << r.out;
    return;
  }
  ASSERT_EQ(run("demo --password 'Demo-Town-2026!'").code, 0);
  auto b = run("backup backup1.db");
  ASSERT_EQ(b.code, 0) << b.out;
  EXPECT_FALSE(fs::exists(dir_ / "backup1.db-wal"));
  EXPECT_EQ(fs::status(dir_ / "backup1.db").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  // Change the live database, then restore the backup over it.
  ASSERT_EQ(run("user lock village01").code, 0);
  ASSERT_EQ(run("restore backup1.db").code, 0);
  auto p = pool();
  EXPECT_EQ(minsheng::db::query(*p, "SELECT locked FROM users WHERE username = 'village01'")
                .first()
                .int64("locked"),
            0);
  EXPECT_EQ(run("check").code, 0);
  // A damaged backup is refused and the database is left as it was.
  {
    std::ofstream junk(dir_ / "junk.db", std::ios::binary);
    junk << "SQLite format 3" << std::string(5000, '\x07');
  }
  auto bad = run("restore junk.db");
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.out.find("原数据库未改动"), std::string::npos) << bad.out;
  EXPECT_EQ(run("check").code, 0);
  EXPECT_EQ(minsheng::db::query(*p, "SELECT COUNT(*) AS n FROM users").first().int64("n"), 30);
}

TEST_F(Cli, BadSettingsGiveChineseErrorsNotCrashes) {
  auto listen = run("serve --listen nonsense");
  EXPECT_EQ(listen.code, 1);
  EXPECT_NE(listen.out.find("listen"), std::string::npos) << listen.out;
  auto db = run("--db postgresql://nobody@127.0.0.1:1/none check");
  EXPECT_EQ(db.code, 1);
  EXPECT_NE(db.out.find("数据库连接：失败"), std::string::npos) << db.out;
  auto cfg = run("--config missing.toml check");
  EXPECT_EQ(cfg.code, 1);
  EXPECT_NE(cfg.out.find("找不到配置文件"), std::string::npos) << cfg.out;
  {
    std::ofstream bad(dir_ / "bad.toml");
    bad << "db = [unterminated\n";
  }
  auto toml = run("--config bad.toml check");
  EXPECT_EQ(toml.code, 1);
  EXPECT_NE(toml.out.find("错误"), std::string::npos) << toml.out;
}

}  // namespace
