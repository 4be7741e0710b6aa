// T13: append-only audit log, tamper detection, fail-closed writes, and the auditor-only list and export.
#include <gtest/gtest.h>

#include <random>

#include "platform/audit.hpp"
#include "support/test_server.hpp"

namespace minsheng::testing {
namespace {

namespace json = boost::json;

platform::ChainCheck verify(TestServer& s) {
  return platform::verify_audit_chain(s.pool(), s.app().services().keys.audit);
}

void drop_triggers(TestServer& s) {
  if (s.postgres()) {
    db::query(s.pool(), "DROP TRIGGER audit_log_no_update ON audit_log");
    db::query(s.pool(), "DROP TRIGGER audit_log_no_truncate ON audit_log");
  } else {
    db::query(s.pool(), "DROP TRIGGER audit_log_no_update");
    db::query(s.pool(), "DROP TRIGGER audit_log_no_delete");
  }
}

TEST(Audit, AppendOnlyAndTamperDetection) {
  TestServer s;
  Client c = signed_in(s, "sysadmin");
  for (int i = 0; i < 20; ++i)
    ASSERT_EQ(c.post("/api/v1/org-units", json::object{{"parentId", s.seed().units.at("T1")},
                                                       {"kind", "department"},
                                                       {"name", "部门" + std::to_string(i)}})
                  .status,
              201);
  auto ok = verify(s);
  ASSERT_TRUE(ok.ok) << ok.problem;
  const auto n = s.max_audit_seq();
  ASSERT_GE(n, 50);
  std::mt19937 rng(12345);
  const char* const fields[] = {"reason", "username", "action", "after_json", "ip"};
  for (int i = 0; i < 50; ++i) {
    const auto seq = std::uniform_int_distribution<std::int64_t>(1, n)(rng);
    const std::string field = fields[i % 5];
    EXPECT_THROW(db::query(s.pool(), "UPDATE audit_log SET " + field + " = 'tampered' WHERE seq = $1", {seq}),
                 db::DbError)
        << "update of " << field << " at seq " << seq << " was allowed";
  }
  EXPECT_THROW(db::query(s.pool(), "DELETE FROM audit_log WHERE seq = $1", {n}), db::DbError);
  EXPECT_TRUE(verify(s).ok);

  drop_triggers(s);
  const std::int64_t victim = n / 2;
  db::query(s.pool(), "UPDATE audit_log SET reason = 'tampered' WHERE seq = $1", {victim});
  auto bad = verify(s);
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.first_bad_seq, victim);
  EXPECT_TRUE(has_cjk(bad.problem));
}

TEST(Audit, DeletedLastRowCaughtByHead) {
  TestServer s;
  const auto n = s.max_audit_seq();
  ASSERT_GT(n, 5);
  drop_triggers(s);
  db::query(s.pool(), "DELETE FROM audit_log WHERE seq = $1", {n});
  auto bad = verify(s);
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.first_bad_seq, n);
}

TEST(Audit, InjectedFailureRollsBackTheWrite) {
  TestServer s;
  Client c = signed_in(s, "sysadmin");
  const auto before = s.checksum();
  const auto seq = s.max_audit_seq();
  platform::g_fail_audit_writes = true;
  auto r = c.post("/api/v1/users", json::object{{"username", "no.audit"},
                                                {"displayName", "无审计"},
                                                {"role", "village"},
                                                {"orgUnitId", s.seed().units.at("VA")}});
  auto r2 = c.post(
      "/api/v1/org-units",
      json::object{{"parentId", s.seed().units.at("T1")}, {"kind", "department"}, {"name", "无审计部门"}});
  platform::g_fail_audit_writes = false;
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_EQ(r2.status, 503) << r2.body;
  EXPECT_EQ(before, s.checksum());
  EXPECT_EQ(seq, s.max_audit_seq());
  EXPECT_TRUE(verify(s).ok);
}

TEST(Audit, OnlyAuditorReadsAndReadsAreAudited) {
  TestServer s;
  for (const auto& p : {"sysadmin", "secadmin", "office", "county"}) {
    Client c = signed_in(s, p);
    EXPECT_EQ(c.get("/api/v1/audit-logs").status, 403) << p;
    EXPECT_EQ(c.get("/api/v1/audit-logs/export").status, 403) << p;
  }
  Client a = signed_in(s, "auditor");
  auto list = a.get("/api/v1/audit-logs?pageSize=20&action=user");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_GT(list.json().at("total").as_int64(), 0);
  const auto list_json = list.json();
  for (const auto& row : list_json.at("rows").as_array())
    EXPECT_TRUE(std::string(row.at("action").as_string()).starts_with("user.")) << row;
  auto reads = db::query(
      s.pool(), "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'audit.read' AND role = 'auditor'");
  EXPECT_EQ(reads.first().int64("n"), 1);
}

TEST(Audit, ExportCsvNeutralisesFormulas) {
  TestServer s;
  Client admin = signed_in(s, "sysadmin");
  auto u = admin.post("/api/v1/users", json::object{{"username", "formula.user"},
                                                    {"displayName", "=HYPERLINK(\"http://e.x\",\"x\")"},
                                                    {"role", "village"},
                                                    {"orgUnitId", s.seed().units.at("VA")}});
  ASSERT_EQ(u.status, 201) << u.body;
  EXPECT_EQ(u.json().at("displayName").as_string(), "=HYPERLINK(\"http://e.x\",\"x\")");
  Client sec = signed_in(s, "secadmin");
  auto lock = sec.post("/api/v1/users/" + std::to_string(u.json().at("id").as_int64()) + "/lock",
                       json::object{{"reason", "=HYPERLINK(\"http://evil.example\",\"y\")"}});
  ASSERT_EQ(lock.status, 200) << lock.body;
  auto lock2 = sec.post("/api/v1/users/" + std::to_string(s.seed().users.at("va3")) + "/lock",
                        json::object{{"reason", "+cmd|' /C calc'!A0"}});
  ASSERT_EQ(lock2.status, 200) << lock2.body;

  Client a = signed_in(s, "auditor");
  auto r = a.get("/api/v1/audit-logs/export");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.header("content-type").value_or("").starts_with("text/csv"));
  EXPECT_NE(r.header("content-disposition").value_or("").find("attachment"), std::string::npos);
  ASSERT_TRUE(r.body.starts_with("\xEF\xBB\xBF"));
  const auto eol = r.body.find("\r\n");
  const std::string header = r.body.substr(3, eol - 3);
  EXPECT_TRUE(has_cjk(header)) << header;
  EXPECT_NE(header.find("时间"), std::string::npos);
  // Every cell is quoted; no cell may start with a formula character.
  bool neutralised = false, plus = false;
  for (std::size_t p = 0; (p = r.body.find('"', p)) != std::string::npos;) {
    // The start of a cell: at line start or after a comma.
    const bool cell_start = p == 3 || r.body[p - 1] == ',' || r.body[p - 1] == '\n';
    if (cell_start && p + 1 < r.body.size()) {
      const char c = r.body[p + 1];
      EXPECT_TRUE(c != '=' && c != '+' && c != '@') << "formula cell at " << r.body.substr(p, 40);
      if (r.body.compare(p + 1, 12, "'=HYPERLINK(") == 0) neutralised = true;
      if (r.body.compare(p + 1, 5, "'+cmd") == 0) plus = true;
    }
    // Skip to the closing quote of this cell ("" is an escaped quote).
    std::size_t q = p + 1;
    while (q < r.body.size()) {
      if (r.body[q] == '"' && q + 1 < r.body.size() && r.body[q + 1] == '"')
        q += 2;
      else if (r.body[q] == '"')
        break;
      else
        ++q;
    }
    p = q + 1;
  }
  EXPECT_TRUE(neutralised) << "no '=HYPERLINK( cell";
  EXPECT_TRUE(plus);
  EXPECT_NE(r.body.find("formula.user"), std::string::npos);
  auto rows = db::query(
      s.pool(), "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'audit.export' AND role = 'auditor'");
  EXPECT_EQ(rows.first().int64("n"), 1);
}

}  // namespace
}  // namespace minsheng::testing
