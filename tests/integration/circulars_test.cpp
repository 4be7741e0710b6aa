// Circulars and assessment (issue 6) through the API, on SQLite and PostgreSQL: scores from the quota ledger
// and adoptions, versioned score rules with named validation errors, a circular from draft (preview file,
// prose) to issue (number, DOCX/PDF/XLSX/HTML checked by libzip, pdftotext and our XLSX reader against
// /scores), snapshot immutability after rules and submissions change, numbering per year and 代字, scopes and
// the issued-circular conflicts, and the annual scorecard with its shortlist and exports.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "infra/sheets/sheets.hpp"
#include "integration/probes.hpp"
#include "integration/projects_support.hpp"
#include "platform/crypto.hpp"
#include "support/ooxml.hpp"

namespace minsheng::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using namespace std::chrono;

bool names_field(const HttpResponse& r, const std::string& field) {
  auto j = r.json();
  if (!j.is_object() || !j.as_object().contains("error")) return false;
  for (const auto& f : j.at("error").at("fields").as_array())
    if (f.at("field").as_string() == field) return true;
  return false;
}

void set_day(TestServer& s, int y, unsigned m, unsigned d) {
  s.clock().set(sys_days(year(y) / month(m) / day(d)) + hours(2));
}

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s)
    q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// Output of a shell command (stdout only).
std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  std::array<char, 4096> buf{};
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), p))
    out.append(buf.data(), n);
  pclose(p);
  return out;
}

// Text without any ASCII whitespace (pdftotext breaks lines where the layout does).
std::string squeeze(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != '\f') out += c;
  return out;
}

struct TempFile {
  fs::path path;
  TempFile(const std::string& name, const std::string& bytes) {
    static int n = 0;
    path = fs::temp_directory_path() /
           ("minsheng_circ_" + std::to_string(::getpid()) + "_" + std::to_string(++n) + "_" + name);
    std::ofstream(path, std::ios::binary) << bytes;
  }
  ~TempFile() {
    std::error_code ec;
    fs::remove(path, ec);
  }
};

std::string unzip_entry(const std::string& zip_bytes, const std::string& entry) {
  auto bytes = zip_entry(zip_bytes, entry);
  EXPECT_TRUE(bytes) << "no " << entry << " in the package";
  return bytes.value_or("");
}

std::string pdf_text(const std::string& pdf) {
  TempFile f("doc.pdf", pdf);
  return run("pdftotext -enc UTF-8 " + shell_quote(f.path.string()) + " -");
}

struct Circulars : ::testing::Test {
  TestServer s;
  Client office = signed_in(s, "office");
  Client dept = signed_in(s, "dept_x");
  std::int64_t unit(const std::string& key) const { return s.seed().units.at(key); }

  // An item of a seed unit first submitted at `when` (UTC ISO), straight into the database.
  std::int64_t item(const std::string& unit_key, const std::string& when,
                    const std::string& state = "submitted", const std::string& kind = "news") {
    const bool approved = state == "approved" || state == "published";
    const db::Params params{unit("T1"),
                            unit(unit_key),
                            kind,
                            state,
                            "测试信息" + when,
                            when,
                            approved ? db::Param(when) : db::Param(nullptr),
                            state == "published" ? db::Param(when) : db::Param(nullptr)};
    return db::query(
               s.pool(),
               "INSERT INTO submissions (town_id, org_unit_id, kind, state, title, body, first_submitted_at, "
               "submitted_at, approved_at, published_at, created_at, updated_at) VALUES ($1, $2, $3, $4, "
               "$5, '正文', $6, $6, $7, $8, $6, $6) RETURNING id",
               params)
        .first()
        .int64("id");
  }
  void adopt(std::int64_t item_id, const std::string& level, const std::string& on) {
    db::query(
        s.pool(),
        "INSERT INTO submission_adoptions (submission_id, level, outlet, adopted_on, created_at) VALUES "
        "($1, $2, '县简报', $3, '2020-07-01T00:00:00.000Z')",
        {item_id, level, on});
  }

  // 2020: 社保所 (DX) and 卫生院 (DY) lead projects; DX sends June news adopted by the county, DY sends
  // nothing.
  void seed_2020() {
    insert_test_project(s, "T1", "DX", "2020-A", 2020);
    insert_test_project(s, "T1", "DY", "2020-B", 2020);
    const auto june = item("DX", "2020-06-05T02:00:00.000Z");
    adopt(june, "county", "2020-06-20");
    item("DX", "2020-05-05T02:00:00.000Z");
    item("DY", "2020-05-06T02:00:00.000Z");
    set_day(s, 2020, 7, 10);
  }

  json::object unit_score(const json::value& scores, std::int64_t id) {
    for (const auto& u : scores.at("units").as_array())
      if (u.at("unitId").as_int64() == id) return u.as_object();
    return {};
  }

  std::int64_t create(Client& c, json::object body) {
    auto r = c.post("/api/v1/circulars", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json().at("id").as_int64() : 0;
  }

  std::string path(std::int64_t id, const std::string& tail = "") {
    return "/api/v1/circulars/" + std::to_string(id) + tail;
  }

  std::int64_t count(const std::string& sql) { return db::query(s.pool(), sql).first().int64("n"); }
};

TEST_F(Circulars, ScoresFollowTheLedgerAndAdoptions) {
  seed_2020();
  auto r = office.get("/api/v1/scores?period=2020-06");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto j = r.json();
  EXPECT_EQ(j.at("period").as_string(), "2020-06");
  EXPECT_EQ(j.at("periodLabel").as_string(), "2020年6月");
  EXPECT_EQ(j.at("asOf").as_string(), "2020-06-30");
  EXPECT_EQ(j.at("ruleVersion").as_int64(), 0);
  const auto dx = unit_score(j, unit("DX"));
  const auto dy = unit_score(j, unit("DY"));
  ASSERT_FALSE(dx.empty()) << r.body;
  ASSERT_FALSE(dy.empty()) << r.body;
  // Default rules: met 2.0 + county adoption 1.0; DY missed June: -1.0.
  EXPECT_EQ(dx.at("periodScore").as_string(), "3.0");
  EXPECT_EQ(dx.at("period").at("adoptedCounty").as_int64(), 1);
  EXPECT_EQ(dx.at("rank").as_int64(), 1);
  EXPECT_EQ(dy.at("periodScore").as_string(), "-1.0");
  EXPECT_EQ(dy.at("flags").as_array().at(0).as_string(), "零报送");
  EXPECT_EQ(dx.at("completionRate").as_string(), "100.0%");
  // January to April missed (3 or more missed months zero the year's news score).
  EXPECT_EQ(dx.at("ytdScore").as_string(), "0.0");
  EXPECT_EQ(dx.at("zeroed"), json::value(true));
  // Readers: the leader and the county (townId); departments may not.
  EXPECT_EQ(signed_in(s, "leader").get("/api/v1/scores?period=2020-06").status, 200);
  Client county = signed_in(s, "county");
  EXPECT_EQ(county.get("/api/v1/scores?period=2020-06&townId=" + std::to_string(unit("T1"))).status, 200);
  EXPECT_EQ(county.get("/api/v1/scores?period=2020-06&townId=" + std::to_string(unit("T3"))).status, 404);
  EXPECT_EQ(dept.get("/api/v1/scores?period=2020-06").status, 403);
  auto bad = office.get("/api/v1/scores?period=2020-13");
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(names_field(bad, "period"));
}

TEST_F(Circulars, ScoreRulesAreVersionedAndValidated) {
  seed_2020();
  auto g = office.get("/api/v1/score-rules?year=2020");
  ASSERT_EQ(g.status, 200) << g.body;
  EXPECT_EQ(g.json().at("version").as_int64(), 0);
  EXPECT_EQ(g.json().at("isDefault"), json::value(true));
  EXPECT_TRUE(g.json().at("versions").as_array().empty());

  json::object body = test_rules_body(4);  // news met 5.0
  auto bad = body;
  bad["rules"].as_object()["kinds"].as_array()[0].as_object()["met"] = "abc";
  auto r = office.put("/api/v1/score-rules?year=2020", bad);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_TRUE(names_field(r, "rules.kinds[0].met")) << r.body;
  bad = body;
  bad["rules"].as_object()["kinds"].as_array()[0].as_object()["kind"] = "poster";
  r = office.put("/api/v1/score-rules?year=2020", bad);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_TRUE(names_field(r, "rules.kinds[0].kind")) << r.body;
  r = office.put("/api/v1/score-rules?year=2020", json::object{{"rules", "x"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(names_field(r, "rules"));
  EXPECT_EQ(count("SELECT COUNT(*) AS n FROM score_rule_sets"), 0);

  // The same rules as the defaults: no version.
  json::object defaults{{"rules", g.json().at("rules")}};
  r = office.put("/api/v1/score-rules?year=2020", defaults);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("version").as_int64(), 0);

  r = office.put("/api/v1/score-rules?year=2020", body);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("version").as_int64(), 1);
  EXPECT_EQ(r.json().at("isDefault"), json::value(false));
  ASSERT_EQ(r.json().at("versions").as_array().size(), 1u);
  EXPECT_EQ(r.json().at("versions").at(0).at("createdBy").as_string(), "民生办职员");
  EXPECT_EQ(r.json().at("rules").at("kinds").at(0).at("met").as_string(), "5.0");
  // Identical again: still version 1; changed: version 2.
  EXPECT_EQ(office.put("/api/v1/score-rules?year=2020", body).json().at("version").as_int64(), 1);
  r = office.put("/api/v1/score-rules?year=2020", test_rules_body(5));
  EXPECT_EQ(r.json().at("version").as_int64(), 2);
  EXPECT_EQ(r.json().at("versions").as_array().size(), 2u);
  EXPECT_EQ(
      count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'score.rules_update' AND result = 'ok'"), 4);
  // Scores record the version; another year keeps the defaults.
  auto sc = office.get("/api/v1/scores?period=2020-06");
  EXPECT_EQ(sc.json().at("ruleVersion").as_int64(), 2);
  EXPECT_EQ(unit_score(sc.json(), unit("DX")).at("periodScore").as_string(), "7.0");  // met 6.0 + 1.0
  EXPECT_EQ(office.get("/api/v1/score-rules?year=2021").json().at("version").as_int64(), 0);
  // Preview with other rules: nothing saved.
  auto pv = office.post("/api/v1/score-rules/preview?year=2020", test_rules_body(0));
  ASSERT_EQ(pv.status, 200) << pv.body;
  EXPECT_EQ(pv.json().at("period").as_string(), "2020");
  EXPECT_EQ(pv.json().at("ruleVersion").as_int64(), 3);
  EXPECT_EQ(count("SELECT COUNT(*) AS n FROM score_rule_sets"), 2);
  // Only the office writes.
  EXPECT_EQ(signed_in(s, "leader").put("/api/v1/score-rules?year=2020", body).status, 403);
  EXPECT_EQ(dept.get("/api/v1/score-rules?year=2020").status, 403);
}

TEST_F(Circulars, NextNumberFollowsTheIssueDateChosenAndIsTheNumberGiven) {
  seed_2020();
  auto draft = [&](const std::string& period) {
    return create(office, json::object{{"period", period}, {"unitIds", json::array{unit("DX"), unit("DY")}}});
  };
  auto next = [&](std::int64_t id, const std::string& on) {
    auto r = office.get(path(id) + "?issuedOn=" + on);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? std::string(r.json().at("nextNumber").as_string()) : std::string();
  };
  const auto first = draft("2020-05");
  ASSERT_EQ(office.post(path(first, "/issue"), json::object{{"issuedOn", "2020-06-05"}}).status, 200);
  const auto id = draft("2020-06");
  // Today (the fake clock) is in 2020; an issue date in another year numbers in that year.
  EXPECT_EQ(office.get(path(id)).json().at("nextNumber").as_string(), "民生办〔2020〕2号");
  EXPECT_EQ(next(id, "2020-07-06"), "民生办〔2020〕2号");
  EXPECT_EQ(next(id, "2019-12-30"), "民生办〔2019〕1号");
  const std::string shown = next(id, "2021-01-06");
  EXPECT_EQ(shown, "民生办〔2021〕1号");
  // The number confirmed is the number given.
  auto issued = office.post(path(id, "/issue"), json::object{{"issuedOn", "2021-01-06"}});
  ASSERT_EQ(issued.status, 200) << issued.body;
  EXPECT_EQ(issued.json().at("docNumber").as_string(), shown);
  // And the next draft's preview for that year moves on.
  EXPECT_EQ(next(draft("2020-07"), "2021-02-01"), "民生办〔2021〕2号");
  // A malformed date is refused naming the field.
  auto bad = office.get(path(id) + "?issuedOn=2020-02-30");
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(names_field(bad, "issuedOn"));
}

TEST_F(Circulars, DraftPreviewProseIssueDownloadAndImmutability) {
  seed_2020();
  // A draft of June for every unit with a ledger row.
  auto cr = office.post("/api/v1/circulars", json::object{{"period", "2020-06"}});
  ASSERT_EQ(cr.status, 201) << cr.body;
  const auto draft = cr.json();
  const auto id = draft.at("id").as_int64();
  EXPECT_EQ(draft.at("state").as_string(), "draft");
  EXPECT_TRUE(draft.at("docNumber").is_null());
  EXPECT_EQ(draft.at("nextNumber").as_string(), "民生办〔2020〕1号");
  EXPECT_EQ(draft.at("title").as_string(), "关于2020年6月全镇民生工程信息报送情况的通报");
  std::set<std::int64_t> units;
  for (const auto& u : draft.at("unitIds").as_array())
    units.insert(u.as_int64());
  EXPECT_TRUE(units.count(unit("DX")) && units.count(unit("DY")) && units.count(unit("OFF")));
  EXPECT_FALSE(units.count(unit("VA"))) << "no ledger row";
  EXPECT_EQ(draft.at("snapshot").at("units").as_array().size(), units.size());
  EXPECT_NE(draft.at("prose").at("problems").as_string().find("卫生院"), std::string::npos)
      << "the zero-submission unit is named";

  // Preview of the draft (office only).
  auto pre = office.get(path(id, "/file?format=docx"));
  ASSERT_EQ(pre.status, 200) << pre.body;
  EXPECT_EQ(ooxml_kind(pre.body), "docx");
  EXPECT_NE(pre.header("content-disposition").value_or("").find("filename*=UTF-8''"), std::string::npos);
  EXPECT_EQ(dept.get(path(id)).status, 404) << "drafts are the office's";
  EXPECT_EQ(dept.get(path(id, "/file?format=docx")).status, 404);
  EXPECT_EQ(dept.get("/api/v1/circulars").json().at("total").as_int64(), 0);
  EXPECT_EQ(signed_in(s, "leader").get(path(id)).status, 404);

  // Edit the prose.
  auto up = office.put(path(id), json::object{{"prose", json::object{{"overall", "改过的总体情况<b>。"}}},
                                              {"redHeader", true}});
  ASSERT_EQ(up.status, 200) << up.body;
  EXPECT_EQ(up.json().at("prose").at("overall").as_string(), "改过的总体情况<b>。");
  EXPECT_FALSE(up.json().at("prose").at("good").as_string().empty()) << "other sections kept";
  auto bad = office.put(path(id), json::object{{"codeWord", "民生〔办"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(names_field(bad, "codeWord"));
  bad = office.put(path(id), json::object{{"prose", json::object{{"overall", std::string(5001, 'x')}}}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(names_field(bad, "prose.overall")) << bad.body;

  // Issue.
  auto is = office.post(path(id, "/issue"), json::object{{"issuedOn", "2020-07-10"}});
  ASSERT_EQ(is.status, 200) << is.body;
  const auto issued = is.json();
  EXPECT_EQ(issued.at("state").as_string(), "issued");
  EXPECT_EQ(issued.at("docNumber").as_string(), "民生办〔2020〕1号");
  EXPECT_EQ(issued.at("serial").as_int64(), 1);
  EXPECT_EQ(issued.at("issuedOn").as_string(), "2020-07-10");
  EXPECT_EQ(issued.at("issuedBy").as_string(), "民生办职员");
  ASSERT_EQ(issued.at("files").as_array().size(), 4u);

  std::map<std::string, std::string> bytes;
  for (const auto& f : issued.at("files").as_array()) {
    const std::string format(f.at("format").as_string());
    auto d = office.get(path(id, "/file?format=" + format));
    ASSERT_EQ(d.status, 200) << format;
    EXPECT_EQ(platform::sha256_hex(d.body), f.at("sha256").as_string()) << format;
    EXPECT_EQ(static_cast<std::int64_t>(d.body.size()), f.at("size").as_int64());
    EXPECT_NE(d.header("content-disposition")
                  .value_or("")
                  .find("%E6%B0%91%E7%94%9F%E5%8A%9E%E3%80%942020%E3%80%951%E5%8F%B7"),  // 民生办〔2020〕1号
              std::string::npos)
        << d.header("content-disposition").value_or("");
    bytes[format] = d.body;
  }
  EXPECT_EQ(ooxml_kind(bytes["docx"]), "docx");
  EXPECT_EQ(ooxml_kind(bytes["xlsx"]), "xlsx");
  EXPECT_TRUE(bytes["pdf"].starts_with("%PDF-"));
  std::vector<std::string> names;
  for (const auto& u : issued.at("snapshot").at("units").as_array())
    names.emplace_back(u.at("unitName").as_string());
  const std::string title(issued.at("title").as_string());

  // DOCX: number, units, A4 and the GB/T 9704 margins, fonts.
  const std::string doc = unzip_entry(bytes["docx"], "word/document.xml");
  const std::string styles = unzip_entry(bytes["docx"], "word/styles.xml");
  EXPECT_NE(doc.find("民生办〔2020〕1号"), std::string::npos);
  EXPECT_NE(doc.find("2020年7月10日"), std::string::npos);
  EXPECT_NE(doc.find("改过的总体情况&lt;b"), std::string::npos);
  for (const auto& n : names)
    EXPECT_NE(doc.find(n), std::string::npos) << n;
  EXPECT_NE(doc.find("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"), std::string::npos);
  EXPECT_NE(doc.find("w:top=\"2098\""), std::string::npos);
  EXPECT_NE(doc.find("w:left=\"1588\""), std::string::npos);
  EXPECT_NE(doc.find("w:right=\"1474\""), std::string::npos);
  EXPECT_NE(doc.find("w:bottom=\"1985\""), std::string::npos);
  EXPECT_NE((doc + styles).find("w:eastAsia=\"仿宋_GB2312\""), std::string::npos);
  EXPECT_NE((doc + styles).find("w:eastAsia=\"方正小标宋简体\""), std::string::npos);
  // PDF: the title and every unit.
  const std::string text = squeeze(pdf_text(bytes["pdf"]));
  EXPECT_NE(text.find(squeeze(title)), std::string::npos) << text.substr(0, 400);
  for (const auto& n : names)
    EXPECT_NE(text.find(n), std::string::npos) << n;
  // HTML: escaped user text.
  EXPECT_NE(bytes["html"].find("改过的总体情况&lt;b"), std::string::npos);
  // XLSX: the figures of /scores.
  auto wb = infra::sheets::read_xlsx(bytes["xlsx"]);
  ASSERT_TRUE(wb.ok());
  ASSERT_FALSE(wb->sheets.empty());
  const auto scores = office.get("/api/v1/scores?period=2020-06").json();
  int header_at = -1, matched = 0;
  const auto& rows = wb->sheets[0].rows;
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (rows[i].cells.size() > 1 && rows[i].cells[1] == "单位") header_at = static_cast<int>(i);
  ASSERT_GE(header_at, 0);
  const auto& header = rows[static_cast<std::size_t>(header_at)].cells;
  auto col = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  for (std::size_t i = static_cast<std::size_t>(header_at) + 1; i < rows.size(); ++i) {
    const auto& cells = rows[i].cells;
    if (cells.size() < 9 || cells[1] == "合计") continue;
    for (const auto& u : scores.at("units").as_array()) {
      if (u.at("unitName").as_string() != cells[1]) continue;
      ++matched;
      EXPECT_EQ(std::stod(cells.at(col("本期得分"))), std::stod(std::string(u.at("periodScore").as_string())))
          << cells[1];
      EXPECT_EQ(std::stod(cells.at(col("累计得分"))), std::stod(std::string(u.at("ytdScore").as_string())));
      EXPECT_EQ(std::stoll(cells.at(col("本期报送"))), u.at("period").at("submitted").as_int64());
      EXPECT_EQ(std::stoll(cells.at(col("县级采用"))), u.at("period").at("adoptedCounty").as_int64());
      // A unit left out of the ranking (no obligation in the period): null in the API, "—" in the workbook.
      if (u.at("rank").is_null())
        EXPECT_EQ(cells.at(col("排名")), "—") << cells[1];
      else
        EXPECT_EQ(std::stoll(cells.at(col("排名"))), u.at("rank").as_int64()) << cells[1];
    }
  }
  EXPECT_EQ(matched, static_cast<int>(names.size()));

  // Immutability: new rules, new items and adoptions change the scores, never the issued circular.
  const std::string snapshot_before = json::serialize(issued.at("snapshot"));
  ASSERT_EQ(office.put("/api/v1/score-rules?year=2020", test_rules_body(7)).status, 200);
  const auto late = item("DY", "2020-06-08T02:00:00.000Z");
  adopt(late, "province", "2020-07-01");
  auto now_scores = office.get("/api/v1/scores?period=2020-06").json();
  EXPECT_NE(unit_score(now_scores, unit("DY")).at("periodScore").as_string(), "-1.0");
  for (const auto& [format, b] : bytes)
    EXPECT_EQ(office.get(path(id, "/file?format=" + format)).body, b) << format << " changed";
  auto again = office.get(path(id));
  EXPECT_EQ(json::serialize(again.json().at("snapshot")), snapshot_before);
  EXPECT_EQ(again.json().at("ruleVersion").as_int64(), 0);

  // An issued circular never changes: 409 naming the state.
  for (const auto& r :
       {office.put(path(id), json::object{{"title", "新标题"}}), office.del(path(id)),
        office.post(path(id, "/refresh"), json::object{}), office.post(path(id, "/issue"), json::object{})}) {
    EXPECT_EQ(r.status, 409) << r.body;
    EXPECT_TRUE(names_field(r, "state")) << r.body;
  }

  // Scope: the units listed see it (list, detail, file) and were notified; others do not.
  auto list = dept.get("/api/v1/circulars");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.json().at("total").as_int64(), 1);
  EXPECT_EQ(dept.get(path(id)).status, 200);
  EXPECT_EQ(dept.get(path(id, "/file?format=pdf")).body, bytes["pdf"]);
  bool notified = false;
  for (auto j_ = dept.get("/api/v1/notifications?pageSize=50").json();
       const auto& n : j_.at("rows").as_array())
    notified |=
        n.at("kind").as_string() == "circular.issued" && n.at("link").as_string() == path(id).substr(7);
  EXPECT_TRUE(notified);
  Client village = signed_in(s, "village_a");
  EXPECT_EQ(village.get(path(id)).status, 404) << "甲村 is not listed";
  EXPECT_EQ(village.get("/api/v1/circulars").json().at("total").as_int64(), 0);
  EXPECT_EQ(signed_in(s, "leader").get(path(id)).status, 200);
  EXPECT_EQ(signed_in(s, "county").get(path(id)).status, 200);
  const auto foreign = insert_test_circular(s, "T2", {"VC"}, true, "2020-06");
  EXPECT_EQ(office.get(path(foreign)).status, 404);
  EXPECT_EQ(office.get(path(foreign, "/file?format=html")).status, 404);

  EXPECT_EQ(
      count("SELECT COUNT(*) AS n FROM audit_log WHERE action IN ('circular.create', 'circular.update', "
            "'circular.issue') AND result = 'ok'"),
      3);
  EXPECT_EQ(count("SELECT COUNT(*) AS n FROM circular_units WHERE circular_id = " + std::to_string(id)),
            static_cast<std::int64_t>(names.size()));
}

TEST_F(Circulars, NumbersRunPerYearAndCodeWord) {
  seed_2020();
  auto issue = [&](const std::string& period, const std::string& on, const std::string& code_word) {
    json::object body{{"period", period}, {"unitIds", json::array{unit("DX"), unit("DY")}}};
    if (!code_word.empty()) body["codeWord"] = code_word;
    const auto id = create(office, body);
    auto r = office.post(path(id, "/issue"), json::object{{"issuedOn", on}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? std::string(r.json().at("docNumber").as_string()) : std::string();
  };
  EXPECT_EQ(issue("2020-05", "2020-06-05", ""), "民生办〔2020〕1号");
  EXPECT_EQ(issue("2020-06", "2020-07-05", ""), "民生办〔2020〕2号");
  EXPECT_EQ(issue("2020-06", "2020-07-06", "民生宣"), "民生宣〔2020〕1号");
  EXPECT_EQ(issue("2020-12", "2021-01-05", ""), "民生办〔2021〕1号");
  EXPECT_EQ(issue("2020-Q4", "2021-01-06", ""), "民生办〔2021〕2号");
  // The draft shows the number it would get (today's year).
  const auto id = create(office, json::object{{"period", "2020"}});
  auto d = office.get(path(id));
  EXPECT_EQ(d.json().at("nextNumber").as_string(), "民生办〔2020〕3号");
  EXPECT_EQ(d.json().at("periodLabel").as_string(), "2020年");
  // Bad input names the field.
  auto bad = office.post("/api/v1/circulars", json::object{{"period", "2020-13"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(names_field(bad, "period"));
  bad = office.post("/api/v1/circulars",
                    json::object{{"period", "2020-06"}, {"unitIds", json::array{unit("VC")}}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(names_field(bad, "unitIds"));
  bad = office.post(path(id, "/issue"), json::object{{"issuedOn", "2020-02-30"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(names_field(bad, "issuedOn"));
  // Lists: by year and state.
  auto all = office.get("/api/v1/circulars?year=2020&pageSize=10");
  EXPECT_EQ(all.json().at("total").as_int64(), 6);
  EXPECT_EQ(office.get("/api/v1/circulars?state=draft").json().at("total").as_int64(), 1);
  EXPECT_EQ(
      office.get("/api/v1/circulars?state=issued&pageSize=10&pageNum=2").json().at("rows").as_array().size(),
      0u);
  EXPECT_EQ(office.get("/api/v1/circulars?year=2019").json().at("total").as_int64(), 0);
}

// Issuing at the same moment: every circular gets its own number (the serial is checked again in the issuing
// transaction and the unique index catches the rest), and one draft issued twice at once is issued once.
TEST_F(Circulars, ConcurrentIssuesGetDistinctNumbers) {
  seed_2020();
  const json::object body{{"period", "2020-06"}, {"unitIds", json::array{unit("DX"), unit("DY")}}};
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 4; ++i)
    ids.push_back(create(office, body));
  const auto twice = create(office, body);
  std::vector<int> status(ids.size() + 2, 0);
  std::vector<std::string> numbers(ids.size() + 2);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < status.size(); ++i)
    threads.emplace_back([&, i] {
      Client c = office;  // the same session, its own connection
      auto r =
          c.post(path(i < ids.size() ? ids[i] : twice, "/issue"), json::object{{"issuedOn", "2020-07-05"}});
      status[i] = r.status;
      if (r.status == 200) numbers[i] = std::string(r.json().at("docNumber").as_string());
    });
  for (auto& t : threads)
    t.join();
  for (std::size_t i = 0; i < ids.size(); ++i)
    EXPECT_EQ(status[i], 200) << i;
  // The same draft twice: one issue, one 409.
  EXPECT_EQ(std::multiset<int>({status[4], status[5]}), (std::multiset<int>{200, 409}));
  const std::set<std::string> got(numbers.begin(), numbers.end());
  EXPECT_EQ(got, (std::set<std::string>{"", "民生办〔2020〕1号", "民生办〔2020〕2号", "民生办〔2020〕3号",
                                        "民生办〔2020〕4号", "民生办〔2020〕5号"}));
  EXPECT_EQ(count("SELECT COUNT(*) AS n FROM circulars WHERE state = 'issued'"), 5);
  EXPECT_EQ(count("SELECT COUNT(*) AS n FROM circular_files WHERE circular_id = " + std::to_string(twice)),
            4);
}

TEST_F(Circulars, RefreshAndDeleteDrafts) {
  seed_2020();
  const auto id =
      create(office, json::object{{"period", "2020-06"}, {"unitIds", json::array{unit("DX"), unit("DY")}}});
  auto up = office.put(path(id), json::object{{"prose", json::object{{"problems", "自己写的问题。"}}}});
  ASSERT_EQ(up.status, 200);
  item("DY", "2020-06-09T02:00:00.000Z");
  auto r = office.post(path(id, "/refresh"), json::object{});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("prose").at("problems").as_string(), "自己写的问题。");
  EXPECT_EQ(r.json().at("unitIds").as_array().size(), 2u);
  for (auto j_ = r.json(); const auto& u : j_.at("snapshot").at("units").as_array())
    if (u.at("unitId").as_int64() == unit("DY")) {
      EXPECT_EQ(u.at("period").at("submitted").as_int64(), 1);
    }
  r = office.post(path(id, "/refresh"),
                  json::object{{"unitIds", json::array{unit("DX")}}, {"resetProse", true}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.json().at("prose").at("problems").as_string(), "自己写的问题。");
  EXPECT_EQ(r.json().at("unitIds").as_array().size(), 1u);
  EXPECT_EQ(dept.post(path(id, "/refresh"), json::object{}).status, 403);
  EXPECT_EQ(office.del(path(id)).status, 204);
  EXPECT_EQ(office.get(path(id)).status, 404);
  EXPECT_EQ(
      count("SELECT COUNT(*) AS n FROM audit_log WHERE action IN ('circular.refresh', 'circular.delete') "
            "AND result = 'ok'"),
      3);
}

TEST_F(Circulars, ScorecardShortlistAndExports) {
  seed_2020();
  // 社保所 sends its news every month: the only unit with a positive year.
  for (int m : {1, 2, 3, 4, 7, 8, 9, 10, 11, 12})
    item("DX", fmt::format("2020-{:02}-05T02:00:00.000Z", m));
  set_day(s, 2021, 1, 10);
  auto r = office.get("/api/v1/scorecard?year=2020");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto card = r.json();
  EXPECT_EQ(card.at("asOf").as_string(), "2020-12-31");
  std::set<std::string> codes;
  for (const auto& c : card.at("columns").as_array())
    codes.insert(std::string(c.at("code").as_string()));
  EXPECT_TRUE(codes.count("submissions.score") && codes.count("submissions.submitted"));
  bool dx = false;
  for (const auto& row : card.at("rows").as_array())
    if (row.at("unitId").as_int64() == unit("DX")) {
      dx = true;
      EXPECT_EQ(row.at("values").as_array().size(), card.at("columns").as_array().size());
      EXPECT_EQ(row.at("raw").as_array().size(), card.at("columns").as_array().size());
    }
  EXPECT_TRUE(dx);
  EXPECT_TRUE(card.at("shortlistConfig").is_object());

  // Thresholds: the top unit only, with any non-negative total.
  auto put = office.put("/api/v1/scorecard/shortlist-config?year=2020",
                        json::object{{"minTotal", "0.0"}, {"topN", 1}, {"conditions", json::array{}}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json().at("topN").as_int64(), 1);
  auto again = office.get("/api/v1/scorecard?year=2020").json();
  EXPECT_GE(again.at("shortlist").as_array().size(), 1u);
  ASSERT_FALSE(again.at("shortlist").as_array().empty());
  EXPECT_EQ(again.at("shortlist").at(0).at("unitId").as_int64(), unit("DX"));
  EXPECT_EQ(office.get("/api/v1/scorecard/shortlist-config?year=2020").json().at("topN").as_int64(), 1);
  auto bad =
      office.put("/api/v1/scorecard/shortlist-config?year=2020",
                 json::object{{"topN", 1}, {"conditions", json::array{json::object{{"code", "no.such"}}}}});
  EXPECT_GE(bad.status, 400);
  EXPECT_LT(bad.status, 500);
  bad = office.put("/api/v1/scorecard/shortlist-config?year=2020", json::object{{"minTotal", "abc"}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_TRUE(names_field(bad, "shortlist.minTotal")) << bad.body;
  bad =
      office.put("/api/v1/scorecard/shortlist-config?year=2020", json::object{{"topN", 1}, {"zzUnknown", 1}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_TRUE(names_field(bad, "zzUnknown")) << bad.body;
  EXPECT_EQ(signed_in(s, "leader")
                .put("/api/v1/scorecard/shortlist-config?year=2020", json::object{{"topN", 2}})
                .status,
            403);

  auto x = office.get("/api/v1/scorecard/export?year=2020&format=xlsx");
  ASSERT_EQ(x.status, 200);
  EXPECT_EQ(ooxml_kind(x.body), "xlsx");
  auto wb = infra::sheets::read_xlsx(x.body);
  ASSERT_TRUE(wb.ok());
  std::set<std::string> sheets;
  for (const auto& sh : wb->sheets)
    sheets.insert(sh.name);
  EXPECT_TRUE(sheets.count("年度目标考核")) << x.body.size();
  EXPECT_TRUE(sheets.count("评先评优建议名单"));
  auto d = office.get("/api/v1/scorecard/export?year=2020&format=docx");
  ASSERT_EQ(d.status, 200);
  EXPECT_EQ(ooxml_kind(d.body), "docx");
  EXPECT_NE(unzip_entry(d.body, "word/document.xml").find("2020年度"), std::string::npos);
  EXPECT_EQ(count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'scorecard.export' AND result = 'ok'"),
            2);
  EXPECT_EQ(dept.get("/api/v1/scorecard?year=2020").status, 403);
}

}  // namespace
}  // namespace minsheng::testing
