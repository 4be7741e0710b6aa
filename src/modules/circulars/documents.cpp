#include "modules/circulars/documents.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <utility>

#include "core/clock.hpp"
#include "core/decimal.hpp"
#include "modules/submissions/quota.hpp"

namespace minsheng::circulars {

namespace json = boost::json;
using infra::sheets::CellValue;
using infra::sheets::Column;
using infra::sheets::SheetSpec;
using infra::sheets::WorkbookSpec;

namespace {

constexpr std::array<std::string_view, 4> kQuarterNames = {"一", "二", "三", "四"};
constexpr std::array<std::string_view, 10> kSectionNumbers = {"一", "二", "三", "四", "五",
                                                              "六", "七", "八", "九", "十"};
constexpr std::size_t kGoodUnits = 5;
constexpr std::string_view kStatisticsSheet = "信息报送情况统计表";

// ---- UTF-8 ----

// The code point at `i` (advancing `i`), or nullopt for an invalid sequence (then `i` moves one byte).
std::optional<char32_t> next_code_point(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int len = 0;
  char32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    cp = b0 & 0x07;
  } else {
    ++i;
    return std::nullopt;
  }
  if (i + static_cast<std::size_t>(len) > s.size()) {
    ++i;
    return std::nullopt;
  }
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return std::nullopt;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr std::array<char32_t, 5> kMin = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[static_cast<std::size_t>(len)] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return std::nullopt;
  }
  i += static_cast<std::size_t>(len);
  return cp;
}

bool is_cjk(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x2FA1F);
}

// `s` without leading and trailing ASCII whitespace and ideographic spaces (U+3000, typed to indent).
std::string_view trim_text(std::string_view s) {
  constexpr std::string_view kIdeographicSpace = "\u3000";
  for (;;) {
    if (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) {
      s.remove_prefix(1);
    } else if (s.starts_with(kIdeographicSpace)) {
      s.remove_prefix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  for (;;) {
    if (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
      s.remove_suffix(1);
    } else if (s.ends_with(kIdeographicSpace)) {
      s.remove_suffix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  return s;
}

// Paragraphs separated by blank lines (lines of whitespace only), each trimmed; single line breaks inside a
// paragraph are kept. CRLF is read as LF.
std::vector<std::string> paragraphs(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  auto flush = [&] {
    const std::string_view t = trim_text(current);
    if (!t.empty()) out.emplace_back(t);
    current.clear();
  };
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim_text(line).empty()) {
      flush();
    } else {
      if (!current.empty()) current += '\n';
      current += line;
    }
    start = end + 1;
  }
  flush();
  return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string rank_text(int rank) {
  return rank > 0 ? std::to_string(rank) : std::string("—");
}

std::vector<std::string> unit_flags(const SnapshotUnit& u) {
  std::vector<std::string> out;
  if (u.zero_submission) out.emplace_back("零报送");
  if (u.zero_adoption) out.emplace_back("零采用");
  if (u.zeroed) out.emplace_back("年度清零");
  return out;
}

// Units in 排序号 order (then id), for lists of names.
std::vector<const SnapshotUnit*> by_sort_order(const Snapshot& s) {
  std::vector<const SnapshotUnit*> out;
  out.reserve(s.units.size());
  for (const auto& u : s.units)
    out.push_back(&u);
  std::stable_sort(out.begin(), out.end(), [](const SnapshotUnit* a, const SnapshotUnit* b) {
    if (a->sort_order != b->sort_order) return a->sort_order < b->sort_order;
    return a->unit_id < b->unit_id;
  });
  return out;
}

Tally period_totals(const Snapshot& s) {
  Tally t;
  for (const auto& u : s.units) {
    t.submitted += u.period.submitted;
    t.adopted_county += u.period.adopted_county;
    t.adopted_city += u.period.adopted_city;
    t.adopted_province += u.period.adopted_province;
    t.owed += u.period.owed;
    t.done += u.period.done;
    t.met += u.period.met;
    t.missed += u.period.missed;
  }
  return t;
}

std::string percent(std::int64_t tenths) {
  return format_percent_tenths(tenths);
}

std::string scope_word(const Snapshot& s) {
  return s.town_id == 0 ? "全县" : "全镇";
}

// ---- JSON ----

json::object tally_json(const Tally& t) {
  json::object o;
  o["submitted"] = t.submitted;
  o["adoptedCounty"] = t.adopted_county;
  o["adoptedCity"] = t.adopted_city;
  o["adoptedProvince"] = t.adopted_province;
  o["owed"] = t.owed;
  o["done"] = t.done;
  o["met"] = t.met;
  o["missed"] = t.missed;
  return o;
}

json::array string_array(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v)
    a.emplace_back(s);
  return a;
}

Error invalid(std::string field, std::string message) {
  return Error{
      ErrorCode::InvalidArgument, "error.invalid_field", {FieldError{std::move(field), std::move(message)}}};
}

// Reads members, remembering the first problem as "<path>: <what>".
class Reader {
 public:
  std::optional<std::string> problem;

  void fail(const std::string& path, std::string_view what) {
    if (!problem) problem = path + std::string(what);
  }

  const json::value* member(const json::object& o, std::string_view key, const std::string& path) {
    const json::value* v = o.if_contains(key);
    if (v == nullptr) fail(path + std::string(key), " 缺失");
    return v;
  }

  std::int64_t integer(const json::object& o, std::string_view key, const std::string& path,
                       std::int64_t min = std::numeric_limits<int>::min(),
                       std::int64_t max = std::numeric_limits<int>::max()) {
    const json::value* v = member(o, key, path);
    if (v == nullptr) return 0;
    std::optional<std::int64_t> out;
    if (v->is_int64()) {
      out = v->get_int64();
    } else if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(max) && max >= 0) {
      out = static_cast<std::int64_t>(v->get_uint64());
    }
    if (!out || *out < min || *out > max) {
      fail(path + std::string(key), " 应为整数");
      return 0;
    }
    return *out;
  }

  int int32(const json::object& o, std::string_view key, const std::string& path) {
    return static_cast<int>(integer(o, key, path));
  }

  std::string string(const json::object& o, std::string_view key, const std::string& path) {
    const json::value* v = member(o, key, path);
    if (v == nullptr) return {};
    if (!v->is_string()) {
      fail(path + std::string(key), " 应为字符串");
      return {};
    }
    return std::string(v->get_string());
  }

  bool boolean(const json::object& o, std::string_view key, const std::string& path) {
    const json::value* v = member(o, key, path);
    if (v == nullptr) return false;
    if (!v->is_bool()) {
      fail(path + std::string(key), " 应为 true 或 false");
      return false;
    }
    return v->get_bool();
  }

  Tenths points(const json::object& o, std::string_view key, const std::string& path) {
    const json::value* v = member(o, key, path);
    if (v == nullptr) return 0;
    if (v->is_string())
      if (auto p = parse_points(std::string_view(v->get_string()))) return *p;
    fail(path + std::string(key), " 应为分值字符串，如 \"12.5\"");
    return 0;
  }

  const json::object* object(const json::object& o, std::string_view key, const std::string& path) {
    const json::value* v = member(o, key, path);
    if (v == nullptr) return nullptr;
    if (!v->is_object()) {
      fail(path + std::string(key), " 应为对象");
      return nullptr;
    }
    return &v->get_object();
  }

  const json::array* array(const json::object& o, std::string_view key, const std::string& path) {
    const json::value* v = member(o, key, path);
    if (v == nullptr) return nullptr;
    if (!v->is_array()) {
      fail(path + std::string(key), " 应为数组");
      return nullptr;
    }
    return &v->get_array();
  }

  std::vector<std::string> strings(const json::object& o, std::string_view key, const std::string& path) {
    std::vector<std::string> out;
    const json::array* a = array(o, key, path);
    if (a == nullptr) return out;
    for (const auto& v : *a) {
      if (!v.is_string()) {
        fail(path + std::string(key), " 应为字符串数组");
        return {};
      }
      out.emplace_back(v.get_string());
    }
    return out;
  }

  Tally tally(const json::object& o, std::string_view key, const std::string& path) {
    Tally t;
    const json::object* x = object(o, key, path);
    if (x == nullptr) return t;
    const std::string p = path + std::string(key) + ".";
    t.submitted = int32(*x, "submitted", p);
    t.adopted_county = int32(*x, "adoptedCounty", p);
    t.adopted_city = int32(*x, "adoptedCity", p);
    t.adopted_province = int32(*x, "adoptedProvince", p);
    t.owed = int32(*x, "owed", p);
    t.done = int32(*x, "done", p);
    t.met = int32(*x, "met", p);
    t.missed = int32(*x, "missed", p);
    return t;
  }
};

// ---- statistics table ----

struct StatisticsColumn {
  std::string_view header;
  double width_mm;     // in the document (sums to the 156 mm 版心)
  double width_chars;  // in the workbook
};

constexpr std::array<StatisticsColumn, 11> kStatisticsColumns = {{
    {"排名", 12, 6},
    {"单位", 28, 28},
    {"本期报送", 12, 10},
    {"累计报送", 12, 10},
    {"县级采用", 11, 10},
    {"市级采用", 11, 10},
    {"省级采用", 11, 10},
    {"本期得分", 13, 10},
    {"累计得分", 13, 10},
    {"累计排名", 11, 10},
    {"备注", 22, 20},
}};

// Version 0 is the built-in default set (no version saved yet).
std::string rule_version_label(int version) {
  return version <= 0 ? std::string("默认规则") : fmt::format("第{}版", version);
}

// ---- scorecard ----

std::string scorecard_title(int year) {
  return fmt::format("{}年度民生工程信息宣传工作目标考核情况表", year);
}

const ScorecardColumn* find_column(const std::vector<ScorecardColumn>& columns, std::string_view code) {
  for (const auto& c : columns)
    if (c.code == code) return &c;
  return nullptr;
}

// "合计不低于20.0分，零报送月数为0，按排名取前5名（并列者一并列入）"
std::string shortlist_conditions(const ShortlistConfig& config, const std::vector<ScorecardColumn>& columns) {
  std::vector<std::string> parts;
  if (config.min_total > 0) parts.push_back("合计不低于" + format_points(config.min_total) + "分");
  for (const auto& c : config.conditions) {
    const ScorecardColumn* col = find_column(columns, c.code);
    const std::string label = col != nullptr ? col->label : c.code;
    const Measure measure = col != nullptr ? col->measure : Measure::Count;
    auto value = [&](std::int64_t v) {
      std::string t = format_value(measure, v);
      if (measure == Measure::Points) t += "分";
      return t;
    };
    if (c.min && c.max && *c.min == *c.max) {
      parts.push_back(label + "为" + value(*c.min));
    } else if (c.min && c.max) {
      parts.push_back(label + "在" + value(*c.min) + "至" + value(*c.max) + "之间");
    } else if (c.min) {
      parts.push_back(label + "不低于" + value(*c.min));
    } else if (c.max && *c.max == 0) {
      parts.push_back(label + "为" + value(0));
    } else if (c.max) {
      parts.push_back(label + "不高于" + value(*c.max));
    }
  }
  parts.push_back(config.top_n > 0 ? fmt::format("按排名取前{}名（并列者一并列入）", config.top_n)
                                   : std::string("不限名额"));
  return join(parts, "，");
}

CellValue scorecard_cell(Measure measure, std::optional<std::int64_t> v) {
  if (!v) return std::string("—");
  switch (measure) {
    case Measure::Count:
      return *v;
    case Measure::Points:
      return static_cast<double>(*v) / 10.0;
    case Measure::Percent:
      return static_cast<double>(*v) / 1000.0;
  }
  return *v;
}

std::string number_format(Measure measure) {
  switch (measure) {
    case Measure::Count:
      return "0";
    case Measure::Points:
      return "0.0";
    case Measure::Percent:
      return "0.0%";
  }
  return {};
}

// ---- HTML ----

// Escaped text; invalid UTF-8 becomes U+FFFD and characters XML/HTML forbid (C0 controls but tab and line
// feed) are dropped.
std::string escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t start = i;
    const auto cp = next_code_point(s, i);
    if (!cp) {
      out += "\uFFFD";
      continue;
    }
    switch (*cp) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if (*cp < 0x20 && *cp != '\n' && *cp != '\t') break;
        if (*cp == 0x7F) break;
        out.append(s.substr(start, i - start));
    }
  }
  return out;
}

constexpr std::string_view kHtmlStyle = R"(
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#eee;color:#000}
.page{box-sizing:border-box;max-width:210mm;margin:16px auto;background:#fff;padding:37mm 26mm 35mm 28mm;
font-family:"FangSong","仿宋","仿宋_GB2312","STFangsong","Noto Serif CJK SC","Source Han Serif SC",serif;
font-size:16pt;line-height:28.95pt;box-shadow:0 0 4px rgba(0,0,0,.2)}
.issuer{text-align:center;font-family:"方正小标宋简体","FZXiaoBiaoSong-B05S","STZhongsong","Noto Serif CJK SC",serif;
font-size:36pt;line-height:1.3;font-weight:bold;letter-spacing:2pt}
.red .issuer{color:#e60000}
.docnumber{text-align:center;margin-top:28.95pt}
.red .docnumber{border-bottom:2px solid #e60000;padding-bottom:4mm;margin-bottom:28.95pt}
h1{text-align:center;font-family:"方正小标宋简体","FZXiaoBiaoSong-B05S","STZhongsong","Noto Serif CJK SC",serif;
font-size:22pt;line-height:1.5;font-weight:normal;margin:28.95pt 0}
p{margin:0;white-space:pre-wrap}
.body,.attachment{text-indent:2em}
.attachment{margin-top:28.95pt}
.h1{font-family:"黑体","SimHei","Noto Sans CJK SC","Source Han Sans SC",sans-serif;text-indent:2em}
.h2{font-family:"楷体","楷体_GB2312","KaiTi","STKaiti",serif;text-indent:2em}
.h3{font-weight:bold;text-indent:2em}
.h4{text-indent:2em}
.signature,.date{text-align:right;padding-right:4em}
.signature{margin-top:28.95pt}
.attachment-title{font-family:"黑体","SimHei","Noto Sans CJK SC",sans-serif}
hr.page-break{border:0;border-top:1px dashed #999;margin:28.95pt -26mm 28.95pt -28mm}
table{border-collapse:collapse;width:100%;font-size:11pt;line-height:1.4;margin:8pt 0}
caption{font-family:"黑体","SimHei","Noto Sans CJK SC",sans-serif;font-size:16pt;line-height:28.95pt;
padding-bottom:8pt}
th,td{border:1px solid #000;padding:3pt 4pt;text-align:center}
th{font-family:"黑体","SimHei","Noto Sans CJK SC",sans-serif;font-weight:normal}
.record{margin-top:56pt;font-size:14pt;line-height:1.8;border-top:1px solid #000;border-bottom:1px solid #000}
.record p{padding:0 1em}
.record .printed{display:flex;justify-content:space-between}
.record .copy{border-bottom:1px solid #000}
@media print{body{background:#fff}.page{margin:0;box-shadow:none;max-width:none}
hr.page-break{border:0;break-after:page;margin:0}}
)";

}  // namespace

// ---------------------------------------------------------------------------------------------------------
// Snapshot.

Snapshot make_snapshot(const Scores& scores, const RuleSet& rules, std::int64_t town_id,
                       std::string town_name, std::string issuer, std::string taken_at) {
  Snapshot s;
  s.town_id = town_id;
  s.town_name = std::move(town_name);
  s.issuer = std::move(issuer);
  s.period = scores.period;
  s.as_of = scores.as_of;
  s.taken_at = std::move(taken_at);
  s.rule_version = scores.rule_version;
  s.rules_json = rule_set_to_json(rules);
  s.units.reserve(scores.units.size());
  for (const auto& u : scores.units) {
    SnapshotUnit x;
    x.unit_id = u.unit_id;
    x.name = u.unit_name;
    x.sort_order = u.sort_order;
    x.period = u.period;
    x.ytd = u.ytd;
    x.period_score = u.period_score;
    x.ytd_score = u.ytd_score;
    x.rank = u.rank;
    x.ytd_rank = u.ytd_rank;
    x.zero_submission = u.zero_submission;
    x.zero_adoption = u.zero_adoption;
    x.zeroed = u.zeroed;
    x.zero_submission_months = u.zero_submission_months;
    x.notes = u.notes;
    x.breakdown = u.breakdown;
    s.units.push_back(std::move(x));
  }
  return s;
}

std::string snapshot_to_json(const Snapshot& s) {
  json::object root;
  root["format"] = s.format;
  root["townId"] = s.town_id;
  root["townName"] = s.town_name;
  root["issuer"] = s.issuer;
  root["period"] = s.period;
  root["asOf"] = s.as_of;
  root["takenAt"] = s.taken_at;
  root["ruleVersion"] = s.rule_version;
  // The rule set as an object when it is JSON (it always is from rule_set_to_json), else its text.
  json::value rules(nullptr);
  if (!s.rules_json.empty()) {
    boost::system::error_code ec;
    json::value parsed = json::parse(json::string_view(s.rules_json.data(), s.rules_json.size()), ec);
    if (!ec && parsed.is_object() && json::serialize(parsed) == s.rules_json)
      rules = std::move(parsed);
    else
      rules = json::string(s.rules_json);
  }
  root["rules"] = std::move(rules);
  json::array units;
  for (const auto& u : s.units) {
    json::object o;
    o["unitId"] = u.unit_id;
    o["unitName"] = u.name;
    o["sortOrder"] = u.sort_order;
    o["rank"] = u.rank;
    o["ytdRank"] = u.ytd_rank;
    o["periodScore"] = format_points(u.period_score);
    o["ytdScore"] = format_points(u.ytd_score);
    o["period"] = tally_json(u.period);
    o["ytd"] = tally_json(u.ytd);
    o["zeroSubmission"] = u.zero_submission;
    o["zeroAdoption"] = u.zero_adoption;
    o["zeroed"] = u.zeroed;
    o["flags"] = string_array(unit_flags(u));
    o["zeroSubmissionMonths"] = string_array(u.zero_submission_months);
    o["notes"] = string_array(u.notes);
    json::array lines;
    for (const auto& l : u.breakdown) {
      json::object b;
      b["rule"] = l.rule;
      b["label"] = l.label;
      b["count"] = l.count;
      b["points"] = format_points(l.points);
      lines.push_back(std::move(b));
    }
    o["breakdown"] = std::move(lines);
    units.push_back(std::move(o));
  }
  root["units"] = std::move(units);
  return json::serialize(root);
}

Result<Snapshot> snapshot_from_json(std::string_view text) {
  boost::system::error_code ec;
  json::value root = json::parse(json::string_view(text.data(), text.size()), ec);
  if (ec || !root.is_object()) return invalid("snapshot", "快照不是有效的 JSON 对象");
  const json::object& o = root.get_object();
  Reader rd;
  Snapshot s;
  const std::int64_t format = rd.integer(o, "format", "");
  if (rd.problem) return invalid("snapshot", "快照格式无效：" + *rd.problem);
  if (format != 1) return invalid("snapshot", fmt::format("不支持的快照格式版本：{}", format));
  s.town_id = rd.integer(o, "townId", "", 0, std::numeric_limits<std::int64_t>::max());
  s.town_name = rd.string(o, "townName", "");
  s.issuer = rd.string(o, "issuer", "");
  s.period = rd.string(o, "period", "");
  s.as_of = rd.string(o, "asOf", "");
  s.taken_at = rd.string(o, "takenAt", "");
  s.rule_version = rd.int32(o, "ruleVersion", "");
  if (const json::value* rules = rd.member(o, "rules", "")) {
    if (rules->is_object())
      s.rules_json = json::serialize(*rules);
    else if (rules->is_string())
      s.rules_json = std::string(rules->get_string());
    else if (!rules->is_null())
      rd.fail("rules", " 应为对象");
  }
  if (const json::array* units = rd.array(o, "units", "")) {
    for (std::size_t i = 0; i < units->size() && !rd.problem; ++i) {
      const std::string path = fmt::format("units[{}].", i);
      if (!(*units)[i].is_object()) {
        rd.fail(fmt::format("units[{}]", i), " 应为对象");
        break;
      }
      const json::object& x = (*units)[i].get_object();
      SnapshotUnit u;
      u.unit_id = rd.integer(x, "unitId", path, 0, std::numeric_limits<std::int64_t>::max());
      u.name = rd.string(x, "unitName", path);
      u.sort_order = rd.int32(x, "sortOrder", path);
      u.rank = rd.int32(x, "rank", path);
      u.ytd_rank = rd.int32(x, "ytdRank", path);
      u.period_score = rd.points(x, "periodScore", path);
      u.ytd_score = rd.points(x, "ytdScore", path);
      u.period = rd.tally(x, "period", path);
      u.ytd = rd.tally(x, "ytd", path);
      u.zero_submission = rd.boolean(x, "zeroSubmission", path);
      u.zero_adoption = rd.boolean(x, "zeroAdoption", path);
      u.zeroed = rd.boolean(x, "zeroed", path);
      u.zero_submission_months = rd.strings(x, "zeroSubmissionMonths", path);
      if (x.contains("notes")) u.notes = rd.strings(x, "notes", path);
      if (const json::array* lines = rd.array(x, "breakdown", path)) {
        for (std::size_t j = 0; j < lines->size(); ++j) {
          const std::string lp = fmt::format("{}breakdown[{}].", path, j);
          if (!(*lines)[j].is_object()) {
            rd.fail(lp, " 应为对象");
            break;
          }
          const json::object& b = (*lines)[j].get_object();
          BreakdownLine l;
          l.rule = rd.string(b, "rule", lp);
          l.label = rd.string(b, "label", lp);
          l.count = rd.int32(b, "count", lp);
          l.points = rd.points(b, "points", lp);
          u.breakdown.push_back(std::move(l));
        }
      }
      s.units.push_back(std::move(u));
    }
  }
  if (rd.problem) return invalid("snapshot", "快照格式无效：" + *rd.problem);
  return s;
}

// ---------------------------------------------------------------------------------------------------------
// Labels and numbers.

std::string period_label(std::string_view period) {
  auto p = submissions::parse_period(period);
  if (!p.ok()) return std::string(period);
  switch (p->kind) {
    case submissions::Period::Kind::Month:
      return fmt::format("{}年{}月", p->year, p->index);
    case submissions::Period::Kind::Quarter:
      return fmt::format("{}年第{}季度", p->year, kQuarterNames[static_cast<std::size_t>(p->index - 1)]);
    case submissions::Period::Kind::Year:
      return fmt::format("{}年", p->year);
  }
  return std::string(period);
}

std::string doc_number(std::string_view code_word, int year, int serial) {
  return fmt::format("{}\u3014{}\u3015{}号", code_word, year, serial);
}

bool valid_code_word(std::string_view code_word) {
  std::size_t count = 0;
  std::size_t i = 0;
  while (i < code_word.size()) {
    const auto cp = next_code_point(code_word, i);
    if (!cp) return false;
    const bool ascii = (*cp >= '0' && *cp <= '9') || (*cp >= 'A' && *cp <= 'Z') || (*cp >= 'a' && *cp <= 'z');
    if (!ascii && !is_cjk(*cp)) return false;
    if (++count > 10) return false;
  }
  return count >= 1;
}

// ---------------------------------------------------------------------------------------------------------
// Prose.

Prose default_prose(const Snapshot& s) {
  Prose p;
  const std::string label = period_label(s.period);
  const Tally t = period_totals(s);

  // 一、总体情况
  std::string overall = fmt::format("{}，{}纳入信息报送统计的单位共{}个，本期报送民生工程信息{}条，", label,
                                    scope_word(s), s.units.size(), t.submitted);
  if (t.adopted() > 0) {
    overall += fmt::format("被县级采用{}条、市级采用{}条、省级采用{}条。", t.adopted_county, t.adopted_city,
                           t.adopted_province);
  } else {
    overall += "暂无被县级及以上采用的信息。";
  }
  if (auto rate = completion_rate(t)) {
    overall += fmt::format("本期应完成报送任务{}条，已完成{}条，完成率{}。", t.owed, t.done, percent(*rate));
  } else {
    overall += "本期无到期的报送任务。";
  }
  p.overall = std::move(overall);

  // 二、表现较好的单位, by a stated rule:
  //   1. Eligible: ranked (an obligation in the period), a positive period score, and not criticised by this
  //      circular — not 零报送, not 零采用, no missed (overdue) obligation in the period, not 年度清零.
  //   2. The first kGoodUnits eligible units in rank order, plus every eligible unit tied with the last one
  //      taken (a tie is never split arbitrarily).
  //   3. If that lists more than half of all units, the units tied at the cut are dropped (only those
  //      strictly above the tie remain), so praise stays meaningful when many units tie.
  std::vector<const SnapshotUnit*> eligible;
  for (const auto& u : s.units)
    if (u.rank > 0 && u.period_score > 0 && !u.zero_submission && !u.zero_adoption && u.period.missed == 0 &&
        !u.zeroed)
      eligible.push_back(&u);
  std::size_t take = std::min(kGoodUnits, eligible.size());
  if (take > 0) {
    const Tenths cut = eligible[take - 1]->period_score;
    while (take < eligible.size() && eligible[take]->period_score == cut)
      ++take;
    if (take * 2 > s.units.size())
      while (take > 0 && eligible[take - 1]->period_score == cut)
        --take;
  }
  std::vector<std::string> good;
  for (std::size_t i = 0; i < take; ++i) {
    const SnapshotUnit& u = *eligible[i];
    std::string figures = fmt::format("报送{}条", u.period.submitted);
    if (u.period.adopted() > 0) figures += fmt::format("、被采用{}条", u.period.adopted());
    good.push_back(fmt::format("{}（{}，得{}分）", u.name, figures, format_points(u.period_score)));
  }
  if (good.empty()) {
    p.good = "本期暂无得分为正的单位。";
  } else {
    p.good = fmt::format("按本期得分排名，{}等{}个单位报送及时、质量较高，表现较好，予以通报表扬。",
                         join(good, "、"), good.size());
  }

  // 三、存在问题: every 零报送 unit named, then every other unit that missed an obligation of the period;
  // "均按时报送" only when there is neither.
  std::vector<std::string> zero;
  std::vector<std::string> missed;
  std::vector<std::string> zeroed;
  for (const SnapshotUnit* u : by_sort_order(s)) {
    if (u->zero_submission)
      zero.push_back(u->name);
    else if (u->period.missed > 0)
      missed.push_back(u->name);
    if (u->zeroed) zeroed.push_back(u->name);
  }
  if (zero.empty() && missed.empty()) {
    p.problems = "本期各单位均按时报送。";
  } else {
    std::string named;
    if (!zero.empty())
      named += fmt::format("本期{}等{}个单位零报送，未完成信息报送任务。", join(zero, "、"), zero.size());
    if (!missed.empty())
      named += fmt::format("{}{}等{}个单位未按时完成信息报送任务。", zero.empty() ? "本期" : "另有",
                           join(missed, "、"), missed.size());
    p.problems = named + "请上述单位高度重视，认真查找原因，明确专人负责，切实加以整改。";
  }
  if (!zeroed.empty()) {
    p.problems +=
        fmt::format("\n\n按照计分规则，{}本年度漏报次数已达清零标准，年度累计得分清零。", join(zeroed, "、"));
  }

  // 四、下步要求
  std::string next;
  if (auto period = submissions::parse_period(s.period); period.ok()) {
    std::string following;
    switch (period->kind) {
      case submissions::Period::Kind::Month:
        following = period->index == 12 ? fmt::format("{}-01", period->year + 1)
                                        : fmt::format("{}-{:02}", period->year, period->index + 1);
        break;
      case submissions::Period::Kind::Quarter:
        following = period->index == 4 ? fmt::format("{}-Q1", period->year + 1)
                                       : fmt::format("{}-Q{}", period->year, period->index + 1);
        break;
      case submissions::Period::Kind::Year:
        following = fmt::format("{}", period->year + 1);
        break;
    }
    next =
        fmt::format("请各单位对照本通报查漏补缺，按规定时限报送{}的民生工程信息。", period_label(following));
  }
  p.next_steps =
      "一是提高思想认识。各单位要充分认识民生工程信息宣传工作的重要性，主要负责同志亲自过问，"
      "明确专人负责，确保按时完成报送任务。\n\n"
      "二是提高信息质量。报送的信息要主题鲜明、数据准确、文字精炼，多反映民生工程实施中的新进展、"
      "新成效和群众的获得感，图片清晰，不得报送未经核实的内容。\n\n"
      "三是严格考核奖惩。信息报送及采用情况将按月通报，纳入年度目标考核，作为评先评优的重要依据。" +
      next;
  return p;
}

std::string prose_to_json(const Prose& p) {
  json::object o;
  o["overall"] = p.overall;
  o["good"] = p.good;
  o["problems"] = p.problems;
  o["nextSteps"] = p.next_steps;
  return json::serialize(o);
}

Result<Prose> prose_from_json(std::string_view text) {
  boost::system::error_code ec;
  json::value root = json::parse(json::string_view(text.data(), text.size()), ec);
  if (ec || !root.is_object()) return invalid("prose", "通报正文不是有效的 JSON 对象");
  const json::object& o = root.get_object();
  Prose p;
  std::vector<FieldError> errors;
  auto read = [&](std::string_view key, std::string& into) {
    const json::value* v = o.if_contains(key);
    if (v == nullptr || v->is_null()) return;
    if (v->is_string())
      into = std::string(v->get_string());
    else
      errors.push_back(FieldError{"prose." + std::string(key), "应为文本"});
  };
  read("overall", p.overall);
  read("good", p.good);
  read("problems", p.problems);
  read("nextSteps", p.next_steps);
  if (!errors.empty()) return Error{ErrorCode::InvalidArgument, "error.invalid_field", std::move(errors)};
  return p;
}

std::string default_title(const Snapshot& s) {
  return fmt::format("关于{}{}民生工程信息报送情况的通报", period_label(s.period), scope_word(s));
}

// ---------------------------------------------------------------------------------------------------------
// The circular.

std::vector<std::string> statistics_header() {
  std::vector<std::string> out;
  for (const auto& c : kStatisticsColumns)
    out.emplace_back(c.header);
  return out;
}

std::string unit_remarks(const SnapshotUnit& u) {
  std::vector<std::string> groups;
  if (u.rank == 0) groups.emplace_back("无报送任务");
  std::vector<std::string> flags;
  if (u.zero_submission) flags.emplace_back("零报送");
  if (u.zero_adoption) flags.emplace_back("零采用");
  const bool zero_out_noted = std::any_of(u.notes.begin(), u.notes.end(),
                                          [](const std::string& n) { return n.find("清零") != n.npos; });
  if (u.zeroed && !zero_out_noted) flags.emplace_back("年度清零");
  if (!flags.empty()) groups.push_back(join(flags, "、"));
  for (const auto& n : u.notes)
    groups.push_back(n);
  return join(groups, "；");
}

std::vector<std::vector<std::string>> statistics_rows(const Snapshot& s) {
  std::vector<std::vector<std::string>> out;
  out.reserve(s.units.size() + 1);
  Tally period, ytd;
  for (const auto& u : s.units) {
    out.push_back({rank_text(u.rank), u.name, std::to_string(u.period.submitted),
                   std::to_string(u.ytd.submitted), std::to_string(u.period.adopted_county),
                   std::to_string(u.period.adopted_city), std::to_string(u.period.adopted_province),
                   format_points(u.period_score), format_points(u.ytd_score), rank_text(u.ytd_rank),
                   unit_remarks(u)});
    period.submitted += u.period.submitted;
    ytd.submitted += u.ytd.submitted;
    period.adopted_county += u.period.adopted_county;
    period.adopted_city += u.period.adopted_city;
    period.adopted_province += u.period.adopted_province;
  }
  out.push_back({"", "合计", std::to_string(period.submitted), std::to_string(ytd.submitted),
                 std::to_string(period.adopted_county), std::to_string(period.adopted_city),
                 std::to_string(period.adopted_province), "", "", "", ""});
  return out;
}

doc::Document circular_document(const Snapshot& s, const Prose& p, const CircularMeta& m) {
  doc::Document d;
  d.issuer = s.issuer;
  d.red_header = m.red_header;
  d.doc_number = m.doc_number.empty() ? "（未编号）" : m.doc_number;
  d.title = m.title.empty() ? default_title(s) : m.title;
  auto add = [&](doc::BlockKind kind, std::string text) {
    doc::Block b;
    b.kind = kind;
    b.text = std::move(text);
    d.blocks.push_back(std::move(b));
  };
  if (!m.addressee.empty()) add(doc::BlockKind::Addressee, m.addressee);

  // The sections that have text, numbered 一、二、… in order.
  const std::array<std::pair<std::string_view, const std::string*>, 4> sections = {{
      {"总体情况", &p.overall},
      {"表现较好的单位", &p.good},
      {"存在的问题", &p.problems},
      {"下步要求", &p.next_steps},
  }};
  std::size_t number = 0;
  for (const auto& [heading, text] : sections) {
    auto paras = paragraphs(*text);
    if (paras.empty()) continue;
    add(doc::BlockKind::Heading1, std::string(kSectionNumbers[number++]) + "、" + std::string(heading));
    for (auto& para : paras)
      add(doc::BlockKind::Body, std::move(para));
  }

  add(doc::BlockKind::Attachment, "附件：信息报送情况统计表");
  if (!s.issuer.empty()) add(doc::BlockKind::Signature, s.issuer);
  if (!m.issued_on.empty()) add(doc::BlockKind::Date, chinese_date(m.issued_on));
  add(doc::BlockKind::PageBreak, "");
  add(doc::BlockKind::AttachmentTitle, "附件");

  doc::Block table;
  table.kind = doc::BlockKind::Table;
  table.table.caption = fmt::format("{}信息报送情况统计表", period_label(s.period));
  table.table.header = statistics_header();
  table.table.rows = statistics_rows(s);
  for (const auto& c : kStatisticsColumns)
    table.table.widths_mm.push_back(c.width_mm);
  d.blocks.push_back(std::move(table));
  add(doc::BlockKind::Body, fmt::format("统计截至{}，计分规则{}{}。", chinese_date(s.as_of),
                                        s.rule_version <= 0 ? "为" : "", rule_version_label(s.rule_version)));

  d.copy_to = m.copy_to;
  d.printed_by = s.issuer;
  const std::string printed = chinese_date(m.issued_on);
  d.printed_on = printed.empty() ? std::string() : printed + "印发";
  return d;
}

WorkbookSpec statistics_workbook(const Snapshot& s, const CircularMeta& m) {
  SheetSpec sheet;
  sheet.name = std::string(kStatisticsSheet);
  sheet.preamble = {m.title.empty() ? default_title(s) : m.title,
                    fmt::format("统计时段：{}\u3000统计截至：{}\u3000计分规则：{}", period_label(s.period),
                                chinese_date(s.as_of), rule_version_label(s.rule_version))};
  for (std::size_t c = 0; c < kStatisticsColumns.size(); ++c) {
    Column col;
    col.header = std::string(kStatisticsColumns[c].header);
    col.width = kStatisticsColumns[c].width_chars;
    if (c == 7 || c == 8) col.number_format = "0.0";
    sheet.columns.push_back(std::move(col));
  }
  auto num = [](std::int64_t v) { return CellValue{v}; };
  auto pts = [](Tenths t) { return CellValue{static_cast<double>(t) / 10.0}; };
  std::int64_t sums[5] = {0, 0, 0, 0, 0};
  for (const auto& u : s.units) {
    auto rank = [&](int r) { return r > 0 ? num(r) : CellValue{std::string("—")}; };
    sheet.rows.push_back({rank(u.rank), CellValue{u.name}, num(u.period.submitted), num(u.ytd.submitted),
                          num(u.period.adopted_county), num(u.period.adopted_city),
                          num(u.period.adopted_province), pts(u.period_score), pts(u.ytd_score),
                          rank(u.ytd_rank), CellValue{unit_remarks(u)}});
    sums[0] += u.period.submitted;
    sums[1] += u.ytd.submitted;
    sums[2] += u.period.adopted_county;
    sums[3] += u.period.adopted_city;
    sums[4] += u.period.adopted_province;
  }
  sheet.rows.push_back({CellValue{}, CellValue{std::string("合计")}, num(sums[0]), num(sums[1]), num(sums[2]),
                        num(sums[3]), num(sums[4])});
  sheet.bold_rows = {sheet.rows.size() - 1};
  sheet.validation_rows = 0;
  sheet.freeze_header = true;
  sheet.autofilter = false;  // sorting would move the totals row
  WorkbookSpec spec;
  spec.sheets.push_back(std::move(sheet));
  return spec;
}

std::string document_html(const doc::Document& d) {
  std::string out;
  out.reserve(16384);
  out += "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>" + escape(d.title.empty() ? std::string("公文") : d.title) + "</title>\n";
  out += "<style>";
  out += kHtmlStyle;
  out += "</style>\n</head>\n<body>\n<main class=\"page";
  if (d.red_header) out += " red";
  out += "\">\n";
  if (d.red_header) {
    out += "<div class=\"issuer\">" + escape(d.issuer + "文件") + "</div>\n";
    out += "<div class=\"docnumber\">" + escape(d.doc_number) + "</div>\n";
  } else if (!d.doc_number.empty()) {
    out += "<div class=\"docnumber\">" + escape(d.doc_number) + "</div>\n";
  }
  if (!d.title.empty()) out += "<h1>" + escape(d.title) + "</h1>\n";
  auto para = [&](std::string_view cls, const std::string& text) {
    out += "<p class=\"";
    out += cls;
    out += "\">" + escape(text) + "</p>\n";
  };
  for (const auto& b : d.blocks) {
    switch (b.kind) {
      case doc::BlockKind::Body:
        para("body", b.text);
        break;
      case doc::BlockKind::Heading1:
        para("h1", b.text);
        break;
      case doc::BlockKind::Heading2:
        para("h2", b.text);
        break;
      case doc::BlockKind::Heading3:
        para("h3", b.text);
        break;
      case doc::BlockKind::Heading4:
        para("h4", b.text);
        break;
      case doc::BlockKind::Addressee:
        para("addressee", b.text);
        break;
      case doc::BlockKind::Attachment:
        para("attachment", b.text);
        break;
      case doc::BlockKind::Signature:
        para("signature", b.text);
        break;
      case doc::BlockKind::Date:
        para("date", b.text);
        break;
      case doc::BlockKind::PageBreak:
        out += "<hr class=\"page-break\">\n";
        break;
      case doc::BlockKind::AttachmentTitle:
        para("attachment-title", b.text);
        break;
      case doc::BlockKind::Table: {
        const doc::Table& t = b.table;
        out += "<table>\n";
        if (!t.caption.empty()) out += "<caption>" + escape(t.caption) + "</caption>\n";
        if (!t.widths_mm.empty()) {
          double total = 0;
          for (double w : t.widths_mm)
            total += w;
          out += "<colgroup>";
          for (double w : t.widths_mm)
            out += fmt::format("<col style=\"width:{:.1f}%\">", total > 0 ? w * 100 / total : 0.0);
          out += "</colgroup>\n";
        }
        if (!t.header.empty()) {
          out += "<thead><tr>";
          for (const auto& h : t.header)
            out += "<th>" + escape(h) + "</th>";
          out += "</tr></thead>\n";
        }
        out += "<tbody>\n";
        for (const auto& row : t.rows) {
          out += "<tr>";
          for (const auto& cell : row)
            out += "<td>" + escape(cell) + "</td>";
          out += "</tr>\n";
        }
        out += "</tbody>\n</table>\n";
        break;
      }
    }
  }
  if (!d.copy_to.empty() || !d.printed_by.empty() || !d.printed_on.empty()) {
    out += "<footer class=\"record\">\n";
    if (!d.copy_to.empty()) {
      std::string copy = d.copy_to;
      if (!copy.starts_with("抄送")) copy = "抄送：" + copy;
      out += "<p class=\"copy\">" + escape(copy) + "</p>\n";
    }
    if (!d.printed_by.empty() || !d.printed_on.empty()) {
      out += "<p class=\"printed\"><span>" + escape(d.printed_by) + "</span><span>" + escape(d.printed_on) +
             "</span></p>\n";
    }
    out += "</footer>\n";
  }
  out += "</main>\n</body>\n</html>\n";
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// The annual scorecard annex.

WorkbookSpec scorecard_workbook(const Scorecard& card, const std::vector<ScorecardRow>& shortlist,
                                const ShortlistConfig& config, const ScorecardMeta& m) {
  WorkbookSpec spec;
  const int year = m.year != 0 ? m.year : card.year;
  const std::string info = fmt::format("{}{}统计截至：{}", m.town_name.empty() ? "" : "单位：" + m.town_name,
                                       m.town_name.empty() ? "" : "\u3000", chinese_date(m.as_of));

  SheetSpec main;
  main.name = "年度目标考核";
  main.preamble = {scorecard_title(year), info};
  main.columns.push_back(Column{.header = "排名", .width = 6});
  main.columns.push_back(Column{.header = "单位", .width = 28});
  for (const auto& c : card.columns)
    main.columns.push_back(Column{.header = c.label, .width = 12, .number_format = number_format(c.measure)});
  main.columns.push_back(Column{.header = "合计", .width = 10, .number_format = "0.0"});
  main.columns.push_back(Column{.header = "备注", .width = 40});
  for (const auto& row : card.rows) {
    std::vector<CellValue> cells{
        row.rank > 0 ? CellValue{std::int64_t{row.rank}} : CellValue{std::string("—")},
        CellValue{row.unit_name}};
    for (std::size_t i = 0; i < card.columns.size(); ++i)
      cells.push_back(
          scorecard_cell(card.columns[i].measure, i < row.values.size() ? row.values[i] : std::nullopt));
    cells.emplace_back(static_cast<double>(row.total) / 10.0);
    cells.emplace_back(join(row.notes, "；"));
    main.rows.push_back(std::move(cells));
  }
  main.validation_rows = 0;
  spec.sheets.push_back(std::move(main));

  SheetSpec list;
  list.name = "评先评优建议名单";
  list.preamble = {fmt::format("{}年度评先评优建议名单", year),
                   "条件：" + shortlist_conditions(config, card.columns) + "。"};
  list.columns = {Column{.header = "排名", .width = 6}, Column{.header = "单位", .width = 28},
                  Column{.header = "合计", .width = 10, .number_format = "0.0"}};
  for (const auto& row : shortlist)
    list.rows.push_back({CellValue{std::int64_t{row.rank}}, CellValue{row.unit_name},
                         CellValue{static_cast<double>(row.total) / 10.0}});
  list.validation_rows = 0;
  spec.sheets.push_back(std::move(list));
  return spec;
}

doc::Document scorecard_document(const Scorecard& card, const std::vector<ScorecardRow>& shortlist,
                                 const ShortlistConfig& config, const ScorecardMeta& m) {
  const int year = m.year != 0 ? m.year : card.year;
  doc::Document d;
  d.title = scorecard_title(year);
  auto add = [&](doc::BlockKind kind, std::string text) {
    doc::Block b;
    b.kind = kind;
    b.text = std::move(text);
    d.blocks.push_back(std::move(b));
  };
  add(doc::BlockKind::Heading1, "一、目标考核情况");
  add(doc::BlockKind::Body, fmt::format("{}纳入考核的单位共{}个，统计截至{}。", m.town_name, card.rows.size(),
                                        chinese_date(m.as_of)));
  doc::Block table;
  table.kind = doc::BlockKind::Table;
  table.table.header = {"排名", "单位"};
  for (const auto& c : card.columns)
    table.table.header.push_back(c.label);
  table.table.header.emplace_back("合计");
  table.table.header.emplace_back("备注");
  for (const auto& row : card.rows) {
    std::vector<std::string> cells{rank_text(row.rank), row.unit_name};
    for (std::size_t i = 0; i < card.columns.size(); ++i)
      cells.push_back(
          format_value(card.columns[i].measure, i < row.values.size() ? row.values[i] : std::nullopt));
    cells.push_back(format_points(row.total));
    cells.push_back(join(row.notes, "；"));
    table.table.rows.push_back(std::move(cells));
  }
  // 排名, 单位 and 备注 fixed, the rest share what is left of the 156 mm 版心.
  const double rest = 156.0 - 10.0 - 24.0 - 30.0;
  table.table.widths_mm = {10.0, 24.0};
  for (std::size_t i = 0; i < card.columns.size() + 1; ++i)
    table.table.widths_mm.push_back(rest / static_cast<double>(card.columns.size() + 1));
  table.table.widths_mm.push_back(30.0);
  d.blocks.push_back(std::move(table));

  add(doc::BlockKind::Heading1, "二、评先评优建议名单");
  add(doc::BlockKind::Body,
      "建议名单条件：" + shortlist_conditions(config, card.columns) +
          (shortlist.empty() ? "。本年度暂无符合条件的单位。"
                             : fmt::format("。符合条件的单位共{}个。", shortlist.size())));
  if (!shortlist.empty()) {
    doc::Block list;
    list.kind = doc::BlockKind::Table;
    list.table.caption = "评先评优建议名单";
    list.table.header = {"排名", "单位", "合计"};
    for (const auto& row : shortlist)
      list.table.rows.push_back({std::to_string(row.rank), row.unit_name, format_points(row.total)});
    list.table.widths_mm = {20.0, 100.0, 36.0};
    d.blocks.push_back(std::move(list));
  }
  if (!m.issuer.empty()) add(doc::BlockKind::Signature, m.issuer);
  if (!m.as_of.empty()) add(doc::BlockKind::Date, chinese_date(m.as_of));
  return d;
}

// ---------------------------------------------------------------------------------------------------------
// Shortlist configuration.

std::string shortlist_to_json(const ShortlistConfig& c, const IndicatorRegistry& registry) {
  json::object root;
  root["minTotal"] = format_points(c.min_total);
  root["topN"] = c.top_n;
  json::array conditions;
  for (const auto& cond : c.conditions) {
    const Indicator* ind = registry.find(cond.code);
    const bool count = ind == nullptr || ind->measure == Measure::Count;
    auto value = [&](const std::optional<std::int64_t>& v) -> json::value {
      if (!v) return nullptr;
      return json::string(count ? std::to_string(*v) : format_points(*v));
    };
    json::object o;
    o["code"] = cond.code;
    o["min"] = value(cond.min);
    o["max"] = value(cond.max);
    conditions.push_back(std::move(o));
  }
  root["conditions"] = std::move(conditions);
  return json::serialize(root);
}

Result<ShortlistConfig> shortlist_from_json(std::string_view text, const IndicatorRegistry& registry) {
  boost::system::error_code ec;
  json::value root = json::parse(json::string_view(text.data(), text.size()), ec);
  if (ec || !root.is_object()) return invalid("shortlist", "评先评优条件不是有效的 JSON 对象");
  const json::object& o = root.get_object();
  std::vector<FieldError> errors;
  ShortlistConfig c;

  // A value in the indicator's display unit: tenths for points and percent, plain for counts.
  auto value = [&](const json::value& v, bool count,
                   const std::string& field) -> std::optional<std::int64_t> {
    if (count) {
      if (v.is_int64() && v.get_int64() >= 0 && v.get_int64() <= 1'000'000'000) return v.get_int64();
      if (v.is_uint64() && v.get_uint64() <= 1'000'000'000) return static_cast<std::int64_t>(v.get_uint64());
      if (v.is_string() && is_digits(v.get_string()) && v.get_string().size() <= 9)
        return std::stoll(std::string(v.get_string()));
      errors.push_back(FieldError{field, "应为非负整数"});
      return std::nullopt;
    }
    if (v.is_string()) {
      if (auto p = parse_points(std::string_view(v.get_string()))) return *p;
    } else if (v.is_int64() && std::llabs(v.get_int64()) < 100'000'000) {
      return v.get_int64() * 10;
    } else if (v.is_uint64() && v.get_uint64() < 100'000'000) {
      return static_cast<std::int64_t>(v.get_uint64()) * 10;
    } else if (v.is_double()) {
      const double d = v.get_double() * 10;
      if (std::isfinite(d) && std::fabs(d) < 1e9 && std::fabs(d - std::round(d)) < 1e-6)
        return static_cast<std::int64_t>(std::round(d));
    }
    errors.push_back(FieldError{field, "应为数值，最多一位小数，如 20 或 12.5"});
    return std::nullopt;
  };

  if (const json::value* v = o.if_contains("minTotal"); v != nullptr && !v->is_null()) {
    if (auto t = value(*v, false, "shortlist.minTotal")) {
      if (*t < 0)
        errors.push_back(FieldError{"shortlist.minTotal", "不能为负数"});
      else
        c.min_total = *t;
    }
  }
  if (const json::value* v = o.if_contains("topN"); v != nullptr && !v->is_null()) {
    if (v->is_int64() && v->get_int64() >= 0 && v->get_int64() <= 1000)
      c.top_n = static_cast<int>(v->get_int64());
    else if (v->is_uint64() && v->get_uint64() <= 1000)
      c.top_n = static_cast<int>(v->get_uint64());
    else
      errors.push_back(FieldError{"shortlist.topN", "应为 0 至 1000 的整数（0 表示不限名额）"});
  }
  if (const json::value* v = o.if_contains("conditions"); v != nullptr && !v->is_null()) {
    if (!v->is_array()) {
      errors.push_back(FieldError{"shortlist.conditions", "应为数组"});
    } else {
      const json::array& arr = v->get_array();
      for (std::size_t i = 0; i < arr.size(); ++i) {
        const std::string prefix = fmt::format("shortlist.conditions[{}].", i);
        if (!arr[i].is_object()) {
          errors.push_back(FieldError{fmt::format("shortlist.conditions[{}]", i), "应为对象"});
          continue;
        }
        const json::object& x = arr[i].get_object();
        ShortlistCondition cond;
        const json::value* code = x.if_contains("code");
        const Indicator* ind = nullptr;
        if (code == nullptr || !code->is_string()) {
          errors.push_back(FieldError{prefix + "code", "缺少考核指标"});
          continue;
        }
        cond.code = std::string(code->get_string());
        ind = registry.find(cond.code);
        if (ind == nullptr) {
          errors.push_back(FieldError{prefix + "code", "未知的考核指标：" + cond.code});
          continue;
        }
        const bool count = ind->measure == Measure::Count;
        if (const json::value* mn = x.if_contains("min"); mn != nullptr && !mn->is_null())
          cond.min = value(*mn, count, prefix + "min");
        if (const json::value* mx = x.if_contains("max"); mx != nullptr && !mx->is_null())
          cond.max = value(*mx, count, prefix + "max");
        if (cond.min && cond.max && *cond.min > *cond.max)
          errors.push_back(FieldError{prefix + "max", "上限不能小于下限"});
        c.conditions.push_back(std::move(cond));
      }
    }
  }
  if (!errors.empty()) return Error{ErrorCode::InvalidArgument, "error.invalid_field", std::move(errors)};
  return c;
}

}  // namespace minsheng::circulars
