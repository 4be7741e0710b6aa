// T13: append-only audit log, tamper detection, fail-closed writes, and the auditor-only list and export.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "platform/audit.hpp"
#include "support/test_server.hpp"

namespace minsheng::testing {
namespace {

namespace json = boost::json;

platform::ChainCheck verify(TestServer& s) {
  return platform::verify_audit_chain(s.pool(), s.app().services().keys.audit);
}

// RFC 4180 records: quoted cells with "" for a quote, CRLF between records (CR and LF kept inside quotes).
// Fails the test on anything else, so a malformed file is not read as a plausible one.
std::vector<std::vector<std::string>> parse_csv(std::string_view text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string cell;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '"') {
      for (++i;; ++i) {
        if (i >= text.size()) {
          ADD_FAILURE() << "unterminated quoted cell";
          return records;
        }
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            cell += '"';
            ++i;
          } else {
            ++i;
            break;
          }
        } else {
          cell += text[i];
        }
      }
    } else {
      while (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n')
        cell += text[i++];
    }
    record.push_back(std::move(cell));
    cell.clear();
    if (i < text.size() && text[i] == ',') {
      ++i;
    } else if (text.compare(i, 2, "\r\n") == 0) {
      i += 2;
      records.push_back(std::move(record));
      record.clear();
    } else if (i < text.size()) {
      ADD_FAILURE() << "unexpected byte after a cell at " << i << ": " << text.substr(i, 20);
      return records;
    }
  }
  if (!record.empty()) ADD_FAILURE() << "the last record does not end with CRLF";
  return records;
}

void set_day(TestServer& s, int y, unsigned m, unsigned d) {
  using namespace std::chrono;
  s.clock().set(sys_days(year(y) / month(m) / day(d)) + hours(2));  // 10:00 in Shanghai
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

// The export read back: a header row, then one row per audit entry of the requested days in the order of the
// log, each cell the value the list API gives for that entry (Chinese text intact; a value starting with
// = + - @ prefixed with ' as the exporter promises), then the watermark naming who exported it.
TEST(Audit, ExportCsvHoldsEveryEntryOfTheRangeAsTheApiShowsIt) {
  TestServer s;
  // Before the range: the seed's own entries, and one more.
  set_day(s, 2026, 3, 3);
  ASSERT_EQ(signed_in(s, "sysadmin")
                .post("/api/v1/org-units", json::object{{"parentId", s.seed().units.at("T1")},
                                                        {"kind", "department"},
                                                        {"name", "范围之前的部门"}})
                .status,
            201);
  // The range: 2026-03-04, Shanghai time.
  set_day(s, 2026, 3, 4);
  Client admin = signed_in(s, "sysadmin");
  ASSERT_EQ(admin
                .post("/api/v1/org-units", json::object{{"parentId", s.seed().units.at("T1")},
                                                        {"kind", "department"},
                                                        {"name", "民生实事办公室"}})
                .status,
            201);
  std::vector<std::int64_t> new_users;
  for (const char* name : {"csv.minus", "csv.at"}) {
    auto u = admin.post("/api/v1/users", json::object{{"username", name},
                                                      {"displayName", "张三丰"},
                                                      {"role", "village"},
                                                      {"orgUnitId", s.seed().units.at("VA")}});
    ASSERT_EQ(u.status, 201) << u.body;
    new_users.push_back(u.json().at("id").as_int64());
  }
  Client sec = signed_in(s, "secadmin");
  ASSERT_EQ(sec.post("/api/v1/users/" + std::to_string(new_users[0]) + "/lock",
                     json::object{{"reason", "-2+3+cmd|' /C calc'!A0"}})
                .status,
            200);
  ASSERT_EQ(sec.post("/api/v1/users/" + std::to_string(new_users[1]) + "/lock",
                     json::object{{"reason", "@SUM(1+1)*cmd|' /C calc'!A0"}})
                .status,
            200);
  // After the range: the auditor's login, list and export are not in it.
  set_day(s, 2026, 3, 6);
  Client a = signed_in(s, "auditor");
  const std::string range = "from=2026-03-04&to=2026-03-04";
  auto r = a.get("/api/v1/audit-logs/export?" + range);
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_TRUE(r.body.starts_with("\xEF\xBB\xBF"));
  const auto records = parse_csv(std::string_view(r.body).substr(3));
  ASSERT_GE(records.size(), 2u);

  EXPECT_EQ(records.front(),
            (std::vector<std::string>{"序号", "时间", "用户", "角色", "来源IP", "请求编号", "操作",
                                      "对象类型", "对象编号", "结果", "原因", "变更前", "变更后"}));
  ASSERT_EQ(records.back().size(), 1u);
  EXPECT_TRUE(
      records.back()[0].starts_with("导出人：" + s.seed().usernames.at("auditor") + "，导出时间：2026-03-06"))
      << records.back()[0];

  // The API's rows of the same range (newest first, page by page), put in the log's order.
  std::vector<json::object> api;
  for (int page = 1;; ++page) {
    auto l = a.get("/api/v1/audit-logs?pageSize=50&pageNum=" + std::to_string(page) + "&" + range);
    ASSERT_EQ(l.status, 200) << l.body;
    const auto body = l.json();
    const auto& rows = body.at("rows").as_array();
    for (const auto& row : rows)
      api.push_back(row.as_object());
    if (rows.empty() || static_cast<std::int64_t>(api.size()) >= body.at("total").as_int64()) break;
  }
  std::reverse(api.begin(), api.end());
  ASSERT_EQ(records.size(), api.size() + 2) << "header, one row per entry, watermark";
  EXPECT_LT(static_cast<std::int64_t>(api.size()), s.audit_count()) << "entries outside the range exist";

  auto cell = [](const json::value& v) {
    std::string t = v.is_null() ? "" : std::string(v.as_string());
    if (!t.empty() &&
        (t[0] == '=' || t[0] == '+' || t[0] == '-' || t[0] == '@' || t[0] == '\t' || t[0] == '\r'))
      t.insert(0, "'");
    return t;
  };
  std::set<std::string> actions;
  bool chinese_name = false, minus = false, at_sign = false;
  for (std::size_t i = 0; i < api.size(); ++i) {
    const auto& e = api[i];
    const auto& row = records[i + 1];
    SCOPED_TRACE("entry " + std::to_string(e.at("seq").as_int64()));
    ASSERT_EQ(row.size(), 13u);
    EXPECT_EQ(row[0], std::to_string(e.at("seq").as_int64()));
    // The API's instant, as the wall time a person reads in Shanghai.
    const auto at = parse_iso_instant(std::string(e.at("at").as_string()));
    ASSERT_TRUE(at) << e.at("at");
    EXPECT_EQ(row[1], shanghai_datetime(*at));
    EXPECT_TRUE(row[1].starts_with("2026-03-04")) << row[1];
    EXPECT_EQ(row[2], cell(e.at("username")));
    EXPECT_EQ(row[3], cell(e.at("role")));
    EXPECT_EQ(row[4], cell(e.at("ip")));
    EXPECT_EQ(row[5], cell(e.at("requestId")));
    EXPECT_EQ(row[6], cell(e.at("action")));
    EXPECT_EQ(row[7], cell(e.at("entity")));
    EXPECT_EQ(row[8], cell(e.at("entityId")));
    EXPECT_EQ(row[9], cell(e.at("result")));
    EXPECT_EQ(row[10], cell(e.at("reason")));
    EXPECT_EQ(row[11], cell(e.at("before")));
    EXPECT_EQ(row[12], cell(e.at("after")));
    actions.insert(row[6]);
    chinese_name = chinese_name || row[12].find("民生实事办公室") != std::string::npos;
    minus = minus || row[10] == "'-2+3+cmd|' /C calc'!A0";
    at_sign = at_sign || row[10] == "'@SUM(1+1)*cmd|' /C calc'!A0";
  }
  EXPECT_TRUE(chinese_name) << "the new department's name, byte for byte";
  EXPECT_TRUE(minus) << "a reason starting with - is neutralised";
  EXPECT_TRUE(at_sign) << "a reason starting with @ is neutralised";
  EXPECT_TRUE(actions.count("user.lock")) << "the range holds the day's writes";
  for (const auto& row : records)
    for (const auto& c : row)
      EXPECT_FALSE(!c.empty() && (c[0] == '=' || c[0] == '+' || c[0] == '-' || c[0] == '@')) << c;
}

}  // namespace
}  // namespace minsheng::testing
