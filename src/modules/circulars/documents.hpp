#pragma once
// What a circular (通报) and the annual scorecard annex are made of, pure: the frozen snapshot of a period's
// figures, the office's prose, and the documents built from them (doc::Document for DOCX and PDF, a workbook
// for XLSX, a standalone HTML page). No database and no clock: the service takes the snapshot and stores it
// as JSON; every output of an issued circular is a function of that JSON, the prose and the meta, so the
// DOCX, PDF and XLSX always agree with each other.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.hpp"
#include "core/result.hpp"
#include "infra/sheets/sheets.hpp"
#include "modules/circulars/scorecard.hpp"
#include "modules/circulars/scoring.hpp"

namespace minsheng::circulars {

// One unit's frozen figures (from UnitScore).
struct SnapshotUnit {
  std::int64_t unit_id = 0;
  std::string name;
  int sort_order = 0;
  Tally period, ytd;  // 本期 / 累计 (January to the period's last month)
  Tenths period_score = 0, ytd_score = 0;
  int rank = 0, ytd_rank = 0;  // 0: unranked (no obligation), shown "—"
  bool zero_submission = false, zero_adoption = false, zeroed = false;
  std::vector<std::string> zero_submission_months;
  std::vector<std::string> notes;        // UnitScore::notes (absent in older snapshots: none)
  std::vector<BreakdownLine> breakdown;  // of the period score
};

struct Snapshot {
  int format = 1;            // of the JSON; readers refuse other values
  std::int64_t town_id = 0;  // 0: a county snapshot spanning several towns (titles say 全县, not 全镇)
  std::string town_name;     // 民生镇（演示）
  std::string issuer;        // 发文机关, e.g. 民生镇民生工程工作领导小组办公室
  std::string period;        // 2020-06 | 2020-Q2 | 2020
  std::string as_of;         // YYYY-MM-DD the figures were computed as of
  std::string taken_at;      // ISO-8601 UTC instant the snapshot was taken
  int rule_version = 0;
  std::string rules_json;           // the whole rule set used (rule_set_to_json)
  std::vector<SnapshotUnit> units;  // rank order
};

// From scores (Scores::units in rank order); the caller fills the strings it knows.
Snapshot make_snapshot(const Scores& scores, const RuleSet& rules, std::int64_t town_id,
                       std::string town_name, std::string issuer, std::string taken_at);

// Deterministic JSON (fixed key order, points as "12.5" strings). from_json: InvalidArgument (field
// "snapshot") for malformed JSON, another format or missing members.
std::string snapshot_to_json(const Snapshot& s);
Result<Snapshot> snapshot_from_json(std::string_view text);

// "2020年6月" | "2020年第二季度" | "2020年" (the period code as given when it does not parse).
std::string period_label(std::string_view period);
// ("民生办", 2020, 3) → "民生办〔2020〕3号" (U+3014/U+3015, no zero padding).
std::string doc_number(std::string_view code_word, int year, int serial);
// 代字 rule: 1..10 characters, CJK or ASCII letters/digits only (no brackets, spaces or 〔〕).
bool valid_code_word(std::string_view code_word);

// The office's text, four sections; paragraphs separated by blank lines ("\n\n"); each at most 5,000
// characters (checked by the service).
struct Prose {
  std::string overall;     // 一、总体情况
  std::string good;        // 二、好的单位 (表现较好的单位)
  std::string problems;    // 三、存在问题 (names the 零报送 units)
  std::string next_steps;  // 四、下步要求
};

// Prefilled from the figures: totals of the period (units, items submitted, adopted by level, completion
// rate), the units praised by the rule written at the code (the top 5 eligible places, ties at the cut
// together unless that names more than half of the units; never a unit this circular criticises), every unit
// flagged 零报送 and every other unit that missed an obligation named (or "本期各单位均按时报送。" when
// none), and standard requirements naming the next period's due dates where the snapshot knows them.
Prose default_prose(const Snapshot& s);
std::string prose_to_json(const Prose& p);
Result<Prose> prose_from_json(std::string_view text);  // field "prose"

// "关于2020年6月全镇民生工程信息报送情况的通报" (全镇 from the snapshot's scope: a town; 全县 when the
// snapshot spans several towns).
std::string default_title(const Snapshot& s);

struct CircularMeta {
  std::string title;
  std::string doc_number;  // empty for a draft preview ("（未编号）" is shown instead)
  std::string issued_on;   // YYYY-MM-DD; a draft preview passes today
  bool red_header = false;
  std::string addressee = "各村（社区），镇直各单位：";
  std::string copy_to;  // 版记 抄送 ("" → none)
};

// The circular as an official document: 版头 (issuer, doc number, red when asked), title, addressee, the four
// sections as 一、二、三、四、 with the prose paragraphs, 附件说明 "附件：信息报送情况统计表", signature
// (issuer), date (chinese_date(issued_on)), a page break, 附件 with the statistics table (the same columns
// and rows as the workbook), 版记 (printed_by = issuer, printed_on = issued_on).
doc::Document circular_document(const Snapshot& s, const Prose& p, const CircularMeta& m);

// Statistics table columns, in this order: 排名 (period rank), 单位, 本期报送, 累计报送, 县级采用, 市级采用,
// 省级采用 (the period's scored adoptions by level), 本期得分, 累计得分, 累计排名 (both ranks "—" for a unit
// left out of the ranking), 备注 (unit_remarks). Scores as "12.5" text in the document; numbers in the
// workbook. statistics_rows gives one row per unit in rank order, then the totals row 合计 (排名 empty, sums
// of the count columns, scores empty).
std::vector<std::string> statistics_header();
// 备注 of a unit: "无报送任务" when unranked, the flags "零报送"/"零采用" joined by "、", and what lowered
// its scores (SnapshotUnit::notes; "年度清零" when zeroed without a note), the groups joined by "；".
std::string unit_remarks(const SnapshotUnit& u);
std::vector<std::vector<std::string>> statistics_rows(const Snapshot& s);

// One sheet "信息报送情况统计表": a title row (the circular's title), a row "统计时段：2020年6月 统计截至：
// 2020年6月30日 计分规则：第1版", the header row, one row per unit with numeric cells for counts and scores,
// a totals row 合计 (sums of the count columns). Frozen header, column widths for Chinese text.
infra::sheets::WorkbookSpec statistics_workbook(const Snapshot& s, const CircularMeta& m);

// A standalone UTF-8 HTML page of the document (inline CSS, no scripts, every text escaped), for the
// preview and `minsheng circular --format html`.
std::string document_html(const doc::Document& d);

// ---- the annual scorecard annex (年度目标考核) ----

struct ScorecardMeta {
  std::string town_name;
  std::string issuer;
  int year = 0;
  std::string as_of;  // YYYY-MM-DD
};

// Sheet "年度目标考核" (排名, 单位, every indicator column with its label, 合计) and sheet "评先评优建议名单"
// (排名, 单位, 合计, and the shortlist conditions as text in a header line).
infra::sheets::WorkbookSpec scorecard_workbook(const Scorecard& card,
                                               const std::vector<ScorecardRow>& shortlist,
                                               const ShortlistConfig& config, const ScorecardMeta& m);
// "附件" document: title "2020年度民生工程信息宣传工作目标考核情况表", the scorecard table, then
// "评先评优建议名单" with the shortlist table and its thresholds in a sentence.
doc::Document scorecard_document(const Scorecard& card, const std::vector<ScorecardRow>& shortlist,
                                 const ShortlistConfig& config, const ScorecardMeta& m);

// {"minTotal":"20.0","topN":5,"conditions":[{"code":"submissions.zero_months","min":null,"max":"0"}]}:
// min/max in the indicator's display unit (points "12.5", percent "80.0", counts "3"), stored as tenths for
// Points/Percent and plain for Count (the registry decides). from_json: field errors "shortlist.minTotal",
// "shortlist.conditions[0].code" (unknown code) etc.
std::string shortlist_to_json(const ShortlistConfig& c, const IndicatorRegistry& registry);
Result<ShortlistConfig> shortlist_from_json(std::string_view text, const IndicatorRegistry& registry);

}  // namespace minsheng::circulars
