#include "modules/circulars/scoring.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cmath>
#include <limits>
#include <unordered_map>
#include <utility>

#include "core/decimal.hpp"

namespace minsheng::circulars {

namespace json = boost::json;
using submissions::LedgerRow;
using submissions::Period;

namespace {

constexpr std::array<std::string_view, 3> kKinds = {"news", "photo_story", "voice"};
constexpr std::array<std::string_view, 3> kLevels = {"county", "city", "province"};
constexpr std::array<std::string_view, 3> kLevelLabels = {"县级采用", "市级采用", "省级采用"};

constexpr Tenths kMaxPoints = 1000;  // 100.0 per rule
constexpr Tenths kMaxCap = 10000;    // 1000.0
constexpr int kMaxZeroOutMisses = 12;

// Order of the breakdown lines: per kind (rule set order) met, extra, adoptions, missed; then the caps and
// the zero-out.
enum LineSlot { Met = 0, Extra = 1, County = 2, City = 3, Province = 4, Missed = 5 };
constexpr int kCapMonthKey = 100000;
constexpr int kCapYearKey = 100001;
constexpr int kZeroOutKey = 100002;

int level_index(std::string_view level) {
  for (std::size_t i = 0; i < kLevels.size(); ++i)
    if (kLevels[i] == level) return static_cast<int>(i);
  return -1;
}

bool known_kind(std::string_view kind) {
  return std::find(kKinds.begin(), kKinds.end(), kind) != kKinds.end();
}

int month_of(std::string_view ymd) {  // "2020-06-30" → 6
  return (ymd[5] - '0') * 10 + (ymd[6] - '0');
}

using Lines = std::map<int, BreakdownLine>;

void add_line(Lines& lines, int key, std::string_view rule, std::string_view label, int count,
              Tenths points) {
  auto [it, inserted] = lines.try_emplace(key);
  if (inserted) {
    it->second.rule = std::string(rule);
    it->second.label = std::string(label);
  }
  it->second.count += count;
  it->second.points += points;
}

void merge_lines(Lines& into, const Lines& from) {
  for (const auto& [key, line] : from)
    add_line(into, key, line.rule, line.label, line.count, line.points);
}

Tenths sum(const Lines& lines) {
  Tenths t = 0;
  for (const auto& [key, line] : lines)
    t += line.points;
  return t;
}

void merge_tally(Tally& into, const Tally& from) {
  into.submitted += from.submitted;
  into.adopted_county += from.adopted_county;
  into.adopted_city += from.adopted_city;
  into.adopted_province += from.adopted_province;
  into.owed += from.owed;
  into.done += from.done;
  into.met += from.met;
  into.missed += from.missed;
}

std::vector<BreakdownLine> to_vector(const Lines& lines) {
  std::vector<BreakdownLine> out;
  out.reserve(lines.size());
  for (const auto& [key, line] : lines)
    out.push_back(line);
  return out;
}

struct Month {
  Lines lines;
  Tally tally;
  bool settled = false;    // has an obligation that is met or missed
  bool obligated = false;  // has an obligation (met, missed or pending)
};

struct Acc {
  const ScoreUnit* unit = nullptr;
  std::array<Month, 12> months{};
};

// Competition ranks by `key` descending among the units `ranked` accepts (then sort order, then id); the
// others get 0 and come last in sort order. Returns the order used.
template <typename Key, typename Ranked>
std::vector<std::size_t> rank_by(std::vector<UnitScore>& scores, Key key, Ranked ranked,
                                 int UnitScore::*rank) {
  std::vector<std::size_t> order(scores.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const UnitScore& x = scores[a];
    const UnitScore& y = scores[b];
    if (ranked(x) != ranked(y)) return ranked(x);
    if (ranked(x) && key(x) != key(y)) return key(x) > key(y);
    if (x.sort_order != y.sort_order) return x.sort_order < y.sort_order;
    return x.unit_id < y.unit_id;
  });
  std::vector<const UnitScore*> sorted;
  sorted.reserve(order.size());
  for (std::size_t i : order)
    sorted.push_back(&scores[i]);
  const auto ranks = competition_ranks(
      sorted, [&](const UnitScore* a, const UnitScore* b) { return key(*a) == key(*b); },
      [&](const UnitScore* u) { return ranked(*u); });
  for (std::size_t i = 0; i < order.size(); ++i)
    scores[order[i]].*rank = ranks[i];
  return order;
}

// The notes of the lines that lowered a score (see the header's "Notes").
void add_notes(std::vector<std::string>& notes, const std::vector<BreakdownLine>& lines, const RuleSet& rules,
               bool only_year_lines) {
  for (const auto& l : lines) {
    if (l.points >= 0) continue;
    std::string note;
    if (l.rule == "cap.month" && !only_year_lines && rules.month_cap) {
      note = fmt::format("超过月度封顶{}分，{}分不计", format_points(*rules.month_cap),
                         format_points(-l.points));
    } else if (l.rule == "cap.year" && rules.year_cap) {
      note =
          fmt::format("超过年度封顶{}分，{}分不计", format_points(*rules.year_cap), format_points(-l.points));
    } else if (l.rule == "zero_out") {
      continue;  // worded where the zero-out is decided (it knows the kind and the count)
    } else if (l.rule.ends_with(".missed") && !only_year_lines) {
      note = fmt::format("{}{}次，扣{}分", l.label, l.count, format_points(-l.points));
    }
    if (!note.empty() && std::find(notes.begin(), notes.end(), note) == notes.end()) notes.push_back(note);
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------
// Points.

std::string format_points(Tenths t) {
  return format_tenths(t);
}

std::optional<Tenths> parse_points(std::string_view s) {
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  const auto dot = s.find('.');
  const std::string_view whole = s.substr(0, dot);
  if (whole.empty() || whole.size() > 9) return std::nullopt;
  Tenths v = 0;
  for (char c : whole) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  v *= 10;
  if (dot != std::string_view::npos) {
    const std::string_view frac = s.substr(dot + 1);
    if (frac.empty()) return std::nullopt;
    for (std::size_t i = 0; i < frac.size(); ++i) {
      const char c = frac[i];
      if (c < '0' || c > '9') return std::nullopt;
      if (i == 0)
        v += c - '0';
      else if (c != '0')
        return std::nullopt;  // finer than a tenth
    }
  }
  return negative ? -v : v;
}

std::optional<std::int64_t> completion_rate(const Tally& t) {
  if (t.owed <= 0) return std::nullopt;
  return percent_tenths(t.done, t.owed);
}

std::string_view kind_label(std::string_view kind) {
  if (kind == "news") return "文字信息";
  if (kind == "photo_story") return "图说民生";
  if (kind == "voice") return "群众话民生";
  return kind;
}

// ---------------------------------------------------------------------------------------------------------
// Rule sets.

const KindRules* RuleSet::find(std::string_view kind) const {
  for (const auto& k : kinds)
    if (k.kind == kind) return &k;
  return nullptr;
}

RuleSet default_rule_set() {
  RuleSet r;
  r.version = 1;
  r.month_cap = 100;
  r.year_cap = 1000;
  r.adoption_highest_only = true;
  r.kinds.push_back(KindRules{"news", 20, 5, 20, 10, 20, 40, 10, 3});
  r.kinds.push_back(KindRules{"photo_story", 30, 10, 20, 10, 20, 40, 30, 0});
  r.kinds.push_back(KindRules{"voice", 30, 10, 20, 10, 20, 40, 20, 0});
  return r;
}

std::vector<FieldError> validate_rule_set(const RuleSet& rules) {
  std::vector<FieldError> errors;
  auto points = [&](const std::string& field, Tenths v, Tenths max) {
    if (v < 0 || v > max)
      errors.push_back(FieldError{field, "应在 0 至 " + format_points(max) + " 之间（扣分填正数）"});
  };
  if (rules.version < 1) errors.push_back(FieldError{"version", "版本号应为正整数"});
  if (rules.month_cap) points("monthCap", *rules.month_cap, kMaxCap);
  if (rules.year_cap) points("yearCap", *rules.year_cap, kMaxCap);
  for (std::size_t i = 0; i < rules.kinds.size(); ++i) {
    const KindRules& k = rules.kinds[i];
    const std::string prefix = fmt::format("kinds[{}].", i);
    if (!known_kind(k.kind))
      errors.push_back(FieldError{prefix + "kind", "信息类别应为 news、photo_story 或 voice"});
    for (std::size_t j = 0; j < i; ++j)
      if (rules.kinds[j].kind == k.kind) {
        errors.push_back(FieldError{prefix + "kind", "信息类别重复：" + k.kind});
        break;
      }
    points(prefix + "met", k.met, kMaxPoints);
    points(prefix + "extra", k.extra, kMaxPoints);
    if (k.extra_cap) points(prefix + "extraCap", *k.extra_cap, kMaxPoints);
    points(prefix + "county", k.county, kMaxPoints);
    points(prefix + "city", k.city, kMaxPoints);
    points(prefix + "province", k.province, kMaxPoints);
    points(prefix + "missed", k.missed, kMaxPoints);
    if (k.zero_out_misses < 0 || k.zero_out_misses > kMaxZeroOutMisses)
      errors.push_back(FieldError{prefix + "zeroOutMisses", "清零次数应在 0 至 12 之间（0 表示不清零）"});
  }
  return errors;
}

std::string rule_set_to_json(const RuleSet& rules) {
  auto opt = [](const std::optional<Tenths>& v) -> json::value {
    return v ? json::value(format_points(*v)) : json::value(nullptr);
  };
  json::array kinds;
  for (const auto& k : rules.kinds) {
    json::object o;
    o["kind"] = k.kind;
    o["met"] = format_points(k.met);
    o["extra"] = format_points(k.extra);
    o["extraCap"] = opt(k.extra_cap);
    o["county"] = format_points(k.county);
    o["city"] = format_points(k.city);
    o["province"] = format_points(k.province);
    o["missed"] = format_points(k.missed);
    o["zeroOutMisses"] = k.zero_out_misses;
    kinds.push_back(std::move(o));
  }
  json::object root;
  root["version"] = rules.version;
  root["monthCap"] = opt(rules.month_cap);
  root["yearCap"] = opt(rules.year_cap);
  root["adoptionHighestOnly"] = rules.adoption_highest_only;
  root["kinds"] = std::move(kinds);
  return json::serialize(root);
}

namespace {

class Reader {
 public:
  std::vector<FieldError> errors;

  void fail(std::string field, std::string message) {
    errors.push_back(FieldError{std::move(field), std::move(message)});
  }

  std::optional<Tenths> points(const json::value& v, const std::string& field) {
    if (v.is_string()) {
      if (auto p = parse_points(std::string_view(v.get_string()))) return p;
    } else if (v.is_int64()) {
      const std::int64_t i = v.get_int64();
      if (i > -100000000 && i < 100000000) return i * 10;
    } else if (v.is_uint64()) {
      const std::uint64_t u = v.get_uint64();
      if (u < 100000000) return static_cast<Tenths>(u) * 10;
    } else if (v.is_double()) {
      const double d = v.get_double() * 10;
      if (std::isfinite(d) && std::fabs(d) < 1e9) {
        const double r = std::round(d);
        if (std::fabs(d - r) < 1e-6) return static_cast<Tenths>(r);
      }
    }
    fail(field, "应为分值，如 2 或 0.5（最多一位小数）");
    return std::nullopt;
  }

  // Absent → 0; present → points.
  Tenths points_member(const json::object& o, std::string_view key, const std::string& prefix) {
    const json::value* v = o.if_contains(key);
    if (v == nullptr) return 0;
    return points(*v, prefix + std::string(key)).value_or(0);
  }

  // Absent or null → nullopt.
  std::optional<Tenths> optional_points(const json::object& o, std::string_view key,
                                        const std::string& prefix) {
    const json::value* v = o.if_contains(key);
    if (v == nullptr || v->is_null()) return std::nullopt;
    return points(*v, prefix + std::string(key));
  }

  std::optional<std::int64_t> integer(const json::object& o, std::string_view key, const std::string& field) {
    const json::value* v = o.if_contains(key);
    if (v == nullptr) return std::nullopt;
    if (v->is_int64()) return v->get_int64();
    if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
      return static_cast<std::int64_t>(v->get_uint64());
    if (v->is_double()) {
      const double d = v->get_double();
      if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e9) return static_cast<std::int64_t>(d);
    }
    fail(field, "应为整数");
    return std::nullopt;
  }
};

int clamp_int(std::int64_t v) {
  return static_cast<int>(
      std::clamp<std::int64_t>(v, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
}

}  // namespace

Result<RuleSet> rule_set_from_json(std::string_view text) {
  auto invalid = [](std::vector<FieldError> errors) {
    return Error{ErrorCode::InvalidArgument, "error.invalid_field", std::move(errors)};
  };
  boost::system::error_code ec;
  json::value root = json::parse(json::string_view(text.data(), text.size()), ec);
  if (ec || !root.is_object()) return invalid({FieldError{"rules", "计分规则不是有效的 JSON 对象"}});
  const json::object& o = root.get_object();
  Reader rd;
  RuleSet rules;
  if (auto v = rd.integer(o, "version", "version"))
    rules.version = clamp_int(*v);
  else if (!o.contains("version"))
    rd.fail("version", "缺少版本号");
  rules.month_cap = rd.optional_points(o, "monthCap", "");
  rules.year_cap = rd.optional_points(o, "yearCap", "");
  if (const json::value* v = o.if_contains("adoptionHighestOnly")) {
    if (v->is_bool())
      rules.adoption_highest_only = v->get_bool();
    else
      rd.fail("adoptionHighestOnly", "应为 true 或 false");
  }
  const json::value* kinds = o.if_contains("kinds");
  if (kinds == nullptr || !kinds->is_array()) {
    rd.fail("kinds", "缺少各类信息的计分规则");
  } else {
    const json::array& arr = kinds->get_array();
    for (std::size_t i = 0; i < arr.size(); ++i) {
      const std::string prefix = fmt::format("kinds[{}].", i);
      if (!arr[i].is_object()) {
        rd.fail(fmt::format("kinds[{}]", i), "应为对象");
        continue;
      }
      const json::object& k = arr[i].get_object();
      KindRules kr;
      if (const json::value* kind = k.if_contains("kind"); kind != nullptr && kind->is_string())
        kr.kind = std::string(kind->get_string());
      else
        rd.fail(prefix + "kind", "缺少信息类别");
      kr.met = rd.points_member(k, "met", prefix);
      kr.extra = rd.points_member(k, "extra", prefix);
      kr.extra_cap = rd.optional_points(k, "extraCap", prefix);
      kr.county = rd.points_member(k, "county", prefix);
      kr.city = rd.points_member(k, "city", prefix);
      kr.province = rd.points_member(k, "province", prefix);
      kr.missed = rd.points_member(k, "missed", prefix);
      kr.zero_out_misses = clamp_int(rd.integer(k, "zeroOutMisses", prefix + "zeroOutMisses").value_or(0));
      rules.kinds.push_back(std::move(kr));
    }
  }
  if (!rd.errors.empty()) return invalid(std::move(rd.errors));
  auto errors = validate_rule_set(rules);
  if (!errors.empty()) return invalid(std::move(errors));
  return rules;
}

// ---------------------------------------------------------------------------------------------------------
// The engine.

std::vector<std::string> UnitScore::flags() const {
  std::vector<std::string> out;
  if (zero_submission) out.emplace_back("零报送");
  if (zero_adoption) out.emplace_back("零采用");
  return out;
}

Scores score(const RuleSet& rules, std::span<const ScoreUnit> units, std::span<const LedgerRow> rows,
             std::span<const AdoptionFact> adoptions, const Period& asked, std::string_view as_of,
             const ScoreOptions& options) {
  Scores out;
  out.rule_version = rules.version;
  out.period = asked.code();
  out.as_of = std::string(as_of);
  if (asked.last_day.size() < 10) return out;
  const int first_month = month_of(asked.first_day);
  const int last_month = month_of(asked.last_day);

  std::vector<Acc> accs(units.size());
  std::unordered_map<std::int64_t, std::size_t> by_id;
  for (std::size_t i = 0; i < units.size(); ++i) {
    accs[i].unit = &units[i];
    by_id.emplace(units[i].id, i);
  }
  std::unordered_map<std::string, std::optional<int>> month_cache;  // period code → attribution month
  auto attribution = [&](const std::string& code) -> std::optional<int> {
    auto it = month_cache.find(code);
    if (it != month_cache.end()) return it->second;
    std::optional<int> m;
    if (auto p = submissions::parse_period(code); p.ok() && p->year == asked.year) m = month_of(p->last_day);
    month_cache.emplace(code, m);
    return m;
  };
  auto kind_key = [&](std::string_view kind) {
    for (std::size_t i = 0; i < rules.kinds.size(); ++i)
      if (rules.kinds[i].kind == kind) return static_cast<int>(i) * 10;
    return -1;
  };
  auto label = [](std::string_view kind, std::string_view what) {
    return std::string(kind_label(kind)) + std::string(what);
  };

  // Ledger rows.
  for (const LedgerRow& row : rows) {
    auto u = by_id.find(row.unit_id);
    if (u == by_id.end()) continue;
    const auto m = attribution(row.period);
    if (!m) continue;
    Acc& acc = accs[u->second];
    Month& month = acc.months[static_cast<std::size_t>(*m - 1)];
    month.tally.submitted += row.submitted;
    const auto& start = acc.unit->start_date;
    if (row.owed <= 0 || (start && row.due_date < *start)) continue;  // no obligation
    month.obligated = true;
    const bool met = row.counted >= row.owed;
    const bool missed = !met && row.due_date < as_of;
    if (!met && !missed) continue;  // pending
    month.settled = true;
    month.tally.owed += row.owed;
    month.tally.done += std::min(row.counted, row.owed);
    (met ? month.tally.met : month.tally.missed) += 1;
    const KindRules* kr = rules.find(row.kind);
    if (kr == nullptr) continue;
    const int key = kind_key(row.kind);
    const std::string rule_prefix = row.kind + ".";
    if (met) {
      add_line(month.lines, key + Met, rule_prefix + "met", label(row.kind, "完成任务"), 1, kr->met);
      const int beyond = row.counted - row.owed;
      if (beyond > 0 && kr->extra > 0) {
        Tenths pts = kr->extra * beyond;
        if (kr->extra_cap) pts = std::min(pts, *kr->extra_cap);
        add_line(month.lines, key + Extra, rule_prefix + "extra", label(row.kind, "超额报送"), beyond, pts);
      }
    } else {
      add_line(month.lines, key + Missed, rule_prefix + "missed", label(row.kind, "未完成任务"), 1,
               -kr->missed);
    }
  }

  // Adoptions (highest level per item when asked).
  std::vector<const AdoptionFact*> kept;
  std::map<std::pair<std::int64_t, std::int64_t>, std::size_t> by_item;
  for (const AdoptionFact& a : adoptions) {
    if (!by_id.contains(a.unit_id) || level_index(a.level) < 0) continue;
    if (a.adopted_on.empty() || a.adopted_on > as_of) continue;
    if (!attribution(a.period)) continue;
    if (rules.adoption_highest_only && a.item_id != 0) {
      auto [it, inserted] = by_item.try_emplace({a.unit_id, a.item_id}, kept.size());
      if (!inserted) {
        if (level_index(a.level) > level_index(kept[it->second]->level)) kept[it->second] = &a;
        continue;
      }
    }
    kept.push_back(&a);
  }
  for (const AdoptionFact* a : kept) {
    Acc& acc = accs[by_id.at(a->unit_id)];
    Month& month = acc.months[static_cast<std::size_t>(*attribution(a->period) - 1)];
    const int level = level_index(a->level);
    (level == 0   ? month.tally.adopted_county
     : level == 1 ? month.tally.adopted_city
                  : month.tally.adopted_province) += 1;
    const KindRules* kr = rules.find(a->kind);
    if (kr == nullptr) continue;
    const Tenths pts = level == 0 ? kr->county : level == 1 ? kr->city : kr->province;
    add_line(month.lines, kind_key(a->kind) + County + level,
             a->kind + ".adoption." + std::string(kLevels[level]),
             label(a->kind, kLevelLabels[static_cast<std::size_t>(level)]), 1, pts);
  }

  // Months → period and year to date.
  out.units.reserve(units.size());
  for (Acc& acc : accs) {
    UnitScore s;
    s.unit_id = acc.unit->id;
    s.unit_name = acc.unit->name;
    s.sort_order = acc.unit->sort_order;
    Lines period_lines, ytd_lines;
    bool period_settled = false;
    for (int m = 1; m <= last_month; ++m) {
      Month& month = acc.months[static_cast<std::size_t>(m - 1)];
      const Tenths total = sum(month.lines);
      if (rules.month_cap && total > *rules.month_cap)
        add_line(month.lines, kCapMonthKey, "cap.month", "月度封顶", 1, *rules.month_cap - total);
      merge_lines(ytd_lines, month.lines);
      merge_tally(s.ytd, month.tally);
      s.ytd_obligated = s.ytd_obligated || month.obligated;
      if (month.settled && month.tally.submitted == 0)
        s.zero_submission_months.push_back(fmt::format("{:04}-{:02}", asked.year, m));
      if (m >= first_month) {
        merge_lines(period_lines, month.lines);
        merge_tally(s.period, month.tally);
        period_settled = period_settled || month.settled;
        s.obligated = s.obligated || month.obligated;
      }
    }
    Tenths ytd = sum(ytd_lines);
    if (rules.year_cap && ytd > *rules.year_cap) {
      add_line(ytd_lines, kCapYearKey, "cap.year", "年度封顶", 1, *rules.year_cap - ytd);
      ytd = *rules.year_cap;
    }
    std::string zero_out_note;
    for (const KindRules& k : rules.kinds) {
      if (k.zero_out_misses <= 0) continue;
      auto it = ytd_lines.find(kind_key(k.kind) + Missed);
      if (it == ytd_lines.end() || it->second.count < k.zero_out_misses) continue;
      s.zeroed = true;
      if (ytd > 0) {
        zero_out_note =
            fmt::format("{}累计{}次未完成任务（达{}次清零），年度得分清零，扣减{}分", kind_label(k.kind),
                        it->second.count, k.zero_out_misses, format_points(ytd));
        add_line(ytd_lines, kZeroOutKey, "zero_out", "年度清零", 1, -ytd);
        ytd = 0;
      }
      break;
    }
    s.ytd_score = ytd;
    s.ytd_breakdown = to_vector(ytd_lines);
    if (asked.kind == Period::Kind::Year) {
      s.period_score = s.ytd_score;
      s.breakdown = s.ytd_breakdown;
    } else {
      s.period_score = sum(period_lines);
      s.breakdown = to_vector(period_lines);
    }
    add_notes(s.notes, s.breakdown, rules, false);
    add_notes(s.notes, s.ytd_breakdown, rules, true);
    if (!zero_out_note.empty()) s.notes.push_back(zero_out_note);
    s.zero_submission = period_settled && s.period.submitted == 0;
    s.zero_adoption = period_settled && s.period.adopted() == 0;
    out.units.push_back(std::move(s));
  }

  const bool all = options.rank_without_obligation;
  rank_by(
      out.units, [](const UnitScore& s) { return s.ytd_score; },
      [all](const UnitScore& s) { return all || s.ytd_obligated; }, &UnitScore::ytd_rank);
  const auto order = rank_by(
      out.units, [](const UnitScore& s) { return s.period_score; },
      [all](const UnitScore& s) { return all || s.obligated; }, &UnitScore::rank);
  std::vector<UnitScore> sorted;
  sorted.reserve(order.size());
  for (std::size_t i : order)
    sorted.push_back(std::move(out.units[i]));
  out.units = std::move(sorted);
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Scorecard indicators.

const UnitScore* SubmissionFacts::find(std::int64_t unit_id) const {
  auto it = index.find(unit_id);
  return it == index.end() ? nullptr : &year.units[it->second];
}

void put_submission_facts(ScorecardContext& context, const RuleSet& rules, std::span<const ScoreUnit> units,
                          std::span<const LedgerRow> rows, std::span<const AdoptionFact> adoptions) {
  SubmissionFacts facts;
  if (auto year = submissions::parse_period(std::to_string(context.year)); year.ok())
    facts.year = score(rules, units, rows, adoptions, year.value(), context.as_of);
  for (std::size_t i = 0; i < facts.year.units.size(); ++i)
    facts.index.emplace(facts.year.units[i].unit_id, i);
  context.put(std::string(kSubmissionFactsKey), std::move(facts));
}

void register_submission_indicators(IndicatorRegistry& registry) {
  using Value = std::optional<std::int64_t>;
  auto facts_of = [](const ScorecardUnit& unit, const ScorecardContext& context) -> const UnitScore* {
    const auto* facts = context.get<SubmissionFacts>(kSubmissionFactsKey);
    return facts != nullptr ? facts->find(unit.id) : nullptr;
  };
  auto make = [&](std::string code, std::string label, Measure measure, bool in_total,
                  std::function<Value(const UnitScore&)> f) {
    Indicator ind;
    ind.code = std::move(code);
    ind.label = std::move(label);
    ind.module = "submissions";
    ind.measure = measure;
    ind.in_total = in_total;
    ind.compute = [f = std::move(f), facts_of](const ScorecardUnit& unit, int,
                                               const ScorecardContext& context) -> Value {
      const UnitScore* s = facts_of(unit, context);
      return s != nullptr ? f(*s) : std::nullopt;
    };
    return ind;
  };
  // Registering the same indicators twice is a programming error of the caller; the registry refuses it.
  auto add = [&](std::string code, std::string label, Measure measure, bool in_total,
                 std::function<Value(const UnitScore&)> f) {
    (void)registry.add(make(std::move(code), std::move(label), measure, in_total, std::move(f)));
  };
  add("submissions.submitted", "报送数", Measure::Count, false,
      [](const UnitScore& s) -> Value { return s.ytd.submitted; });
  add("submissions.adopted.county", "县级采用", Measure::Count, false,
      [](const UnitScore& s) -> Value { return s.ytd.adopted_county; });
  add("submissions.adopted.city", "市级采用", Measure::Count, false,
      [](const UnitScore& s) -> Value { return s.ytd.adopted_city; });
  add("submissions.adopted.province", "省级采用", Measure::Count, false,
      [](const UnitScore& s) -> Value { return s.ytd.adopted_province; });
  add("submissions.completion", "完成率", Measure::Percent, false,
      [](const UnitScore& s) -> Value { return completion_rate(s.ytd); });
  add("submissions.zero_months", "零报送月数", Measure::Count, false,
      [](const UnitScore& s) -> Value { return static_cast<std::int64_t>(s.zero_submission_months.size()); });
  // The score also decides who is assessed (an obligation in the year) and says what lowered it (备注).
  Indicator score = make("submissions.score", "得分", Measure::Points, true,
                         [](const UnitScore& s) -> Value { return s.ytd_score; });
  score.assessed = [facts_of](const ScorecardUnit& unit, int, const ScorecardContext& context) {
    const UnitScore* s = facts_of(unit, context);
    return s != nullptr && s->ytd_obligated;
  };
  score.notes = [facts_of](const ScorecardUnit& unit, int, const ScorecardContext& context) {
    const UnitScore* s = facts_of(unit, context);
    return s != nullptr ? s->notes : std::vector<std::string>{};
  };
  (void)registry.add(std::move(score));
}

ShortlistConfig default_shortlist_config() {
  ShortlistConfig c;
  c.min_total = 200;
  c.top_n = 5;
  c.conditions.push_back(ShortlistCondition{"submissions.zero_months", std::nullopt, 0});
  return c;
}

}  // namespace minsheng::circulars
