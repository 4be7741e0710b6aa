#include "modules/projects/rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

#include "core/messages.hpp"
#include "core/text.hpp"

namespace minsheng::projects {
namespace {

using namespace std::literals;

struct Enum {
  std::string_view code;
  std::string_view label;
};

constexpr std::array kCategories = {Enum{"engineering", "工程类"}, Enum{"subsidy", "补助类"},
                                    Enum{"service", "服务类"}};
constexpr std::array kChangeFlags = {Enum{"new", "新增"}, Enum{"improved", "完善"}, Enum{"continued", "继续"},
                                     Enum{"withdrawn", "调整退出"}};
constexpr std::array kStatuses = {Enum{"planned", "未开工"}, Enum{"in_progress", "实施中"},
                                  Enum{"completed", "已完成"}, Enum{"suspended", "暂停"}};
constexpr std::array kSystems = {Enum{"cgcs2000", "CGCS2000"}, Enum{"wgs84", "WGS-84"},
                                 Enum{"gcj02", "GCJ-02"}};

template <std::size_t N>
constexpr std::array<std::string_view, N> codes_of(const std::array<Enum, N>& table) {
  std::array<std::string_view, N> out{};
  for (std::size_t i = 0; i < N; ++i)
    out[i] = table[i].code;
  return out;
}
// One array per table (a function-local static in codes_of would be shared by tables of the same size).
constexpr auto kCategoryCodes = codes_of(kCategories);
constexpr auto kChangeFlagCodes = codes_of(kChangeFlags);
constexpr auto kStatusCodes = codes_of(kStatuses);
constexpr auto kSystemCodes = codes_of(kSystems);

template <std::size_t N>
std::string_view label_of(const std::array<Enum, N>& table, std::string_view code) {
  for (const auto& e : table)
    if (e.code == code) return e.label;
  return code;
}

template <std::size_t N>
std::optional<std::string> from(const std::array<Enum, N>& table, std::string_view s, bool fold_case) {
  const std::string t(trim_ows(s));
  const std::string key = fold_case ? ascii_lower(t) : t;
  for (const auto& e : table) {
    if (key == e.code || t == e.label || (fold_case && key == ascii_lower(e.label)))
      return std::string(e.code);
  }
  return std::nullopt;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Splits on any of the given separators (UTF-8 strings).
std::vector<std::string> split_any(std::string_view s, std::initializer_list<std::string_view> seps) {
  std::vector<std::string> out;
  std::string cur;
  std::size_t i = 0;
  while (i < s.size()) {
    bool matched = false;
    for (auto sep : seps) {
      if (s.substr(i).starts_with(sep)) {
        out.push_back(cur);
        cur.clear();
        i += sep.size();
        matched = true;
        break;
      }
    }
    if (!matched) cur += s[i++];
  }
  out.push_back(cur);
  return out;
}

}  // namespace

std::span<const std::string_view> categories() {
  return kCategoryCodes;
}
std::span<const std::string_view> change_flags() {
  return kChangeFlagCodes;
}
std::span<const std::string_view> statuses() {
  return kStatusCodes;
}
std::span<const std::string_view> coord_systems() {
  return kSystemCodes;
}
std::string_view category_label(std::string_view code) {
  return label_of(kCategories, code);
}
std::string_view change_flag_label(std::string_view code) {
  return label_of(kChangeFlags, code);
}
std::string_view status_label(std::string_view code) {
  return label_of(kStatuses, code);
}
std::string_view coord_system_label(std::string_view code) {
  return label_of(kSystems, code);
}
std::optional<std::string> category_from(std::string_view s) {
  // Short forms used in the 2020 list: 工程 / 补助 / 服务.
  const std::string t(trim_ows(s));
  if (t == "工程") return "engineering";
  if (t == "补助") return "subsidy";
  if (t == "服务") return "service";
  return from(kCategories, s, false);
}
std::optional<std::string> change_flag_from(std::string_view s) {
  const std::string t(trim_ows(s));
  if (t == "调整" || t == "退出") return "withdrawn";
  return from(kChangeFlags, s, false);
}
std::optional<std::string> status_from(std::string_view s) {
  return from(kStatuses, s, false);
}
std::optional<std::string> coord_system_from(std::string_view s) {
  std::string t = ascii_lower(trim_ows(s));
  std::erase(t, '-');
  std::erase(t, ' ');
  for (const auto& e : kSystems)
    if (t == e.code) return std::string(e.code);
  return std::nullopt;
}

std::string fen_to_wan(std::int64_t fen) {
  // 1 万元 = 1,000,000 分; two decimals = units of 10,000 分, rounded half away from zero.
  const bool neg = fen < 0;
  const std::uint64_t a = neg ? 0 - static_cast<std::uint64_t>(fen) : static_cast<std::uint64_t>(fen);
  const std::uint64_t hundredths = (a + 5'000) / 10'000;
  return fmt::format("{}{}.{:02}", neg && hundredths ? "-" : "", hundredths / 100, hundredths % 100);
}

std::optional<std::int64_t> wan_to_fen(std::string_view wan) {
  std::string s;
  for (char c : trim_ows(wan))
    if (c != ',') s += c;
  if (s.empty()) return std::nullopt;
  const auto dot = s.find('.');
  const std::string whole = s.substr(0, dot);
  const std::string frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  if (whole.empty() && frac.empty()) return std::nullopt;
  if (whole.size() > 7 || frac.size() > 6) return std::nullopt;  // > 10^12 分 or finer than 1 分
  for (char c : whole + frac)
    if (!is_digit(c)) return std::nullopt;
  std::int64_t w = 0, f = 0;
  if (!whole.empty()) std::from_chars(whole.data(), whole.data() + whole.size(), w);
  std::string padded = frac;
  padded.resize(6, '0');
  std::from_chars(padded.data(), padded.data() + padded.size(), f);
  return w * 1'000'000 + f;
}

Current current_of(std::span<const ProgressUpdate> timeline) {
  Current c;
  const ProgressUpdate* latest = nullptr;
  for (const auto& u : timeline) {
    if (!latest || std::tie(u.report_date, u.id) > std::tie(latest->report_date, latest->id)) latest = &u;
  }
  if (latest) {
    c.progress_pct = latest->progress_pct;
    c.funds_disbursed = latest->funds_disbursed;
    c.status = latest->status;
    c.report_date = latest->report_date;
  }
  return c;
}

std::vector<FieldError> check_progress(const ProgressUpdate& u, const Project& p,
                                       const std::optional<ProgressUpdate>& latest, std::string_view today) {
  std::vector<FieldError> errors;
  if (u.report_date > today)
    errors.push_back({"reportDate", messages::for_field("project.future_date", "reportDate")});
  else if (latest && u.report_date < latest->report_date)
    errors.push_back({"reportDate", messages::for_field("project.date_before_last", "reportDate",
                                                        {{"date", latest->report_date}})});
  if (u.progress_pct < 0 || u.progress_pct > 100)
    errors.push_back({"progressPct", messages::for_field("field.out_of_range", "progressPct",
                                                         {{"min", "0"}, {"max", "100"}})});
  if (u.funds_disbursed < 0)
    errors.push_back(
        {"fundsDisbursed", messages::for_field("field.out_of_range", "fundsDisbursed",
                                               {{"min", "0"}, {"max", fen_to_wan(p.funds_planned)}})});
  else if (p.funds_planned > 0 && u.funds_disbursed > p.funds_planned)
    errors.push_back({"fundsDisbursed", messages::for_field("project.funds_exceed_plan", "fundsDisbursed",
                                                            {{"max", fen_to_wan(p.funds_planned)}})});
  if (u.status == "completed" && u.progress_pct != 100)
    errors.push_back({"status", std::string(messages::text("project.complete_needs_100"))});
  return errors;
}

std::string next_year_code(std::string_view code, int from_year, int to_year) {
  const std::string y = std::to_string(from_year);
  if (code.size() > y.size() + 1 && code.starts_with(y) && !is_digit(code[y.size()]))
    return std::to_string(to_year) + std::string(code.substr(y.size()));
  return std::string(code);
}

Project copy_for_next_year(const Project& p, int to_year, std::string_view change_flag) {
  Project n = p;
  n.id = 0;
  n.year = to_year;
  n.code = next_year_code(p.code, p.year, to_year);
  n.change_flag = std::string(change_flag);
  n.previous_id = p.id;
  n.current = Current{};
  n.created_at.clear();
  n.updated_at.clear();
  for (auto& t : n.targets) {
    t.id = 0;
    t.achieved.reset();
  }
  return n;
}

std::optional<double> achieved_shown(const Target& target, const Current& current) {
  if (target.achieved) return target.achieved;
  if (current.status == "completed" || current.progress_pct >= 100) return target.planned;
  return std::nullopt;
}

std::string format_amount(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15)
    return fmt::format("{}", static_cast<long long>(v));
  std::string s = fmt::format("{:.6f}", v);
  while (!s.empty() && s.back() == '0')
    s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

Result<std::vector<Target>> parse_targets(std::string_view cell) {
  std::vector<Target> out;
  int index = 0;
  for (auto& raw : split_any(cell, {"；"sv, ";"sv, "\r\n"sv, "\n"sv})) {
    const std::string entry(trim_ows(raw));
    if (entry.empty()) continue;
    ++index;
    auto parts = split_any(entry, {"："sv, ":"sv});
    auto bad = [&] {
      return Error::field(
          ErrorCode::InvalidArgument, "targets",
          fmt::format("目标任务第 {} 项“{}”应写成“名称：数量单位”，如“农村户厕改造：1200户”", index, entry));
    };
    if (parts.size() != 2) return bad();
    Target t;
    t.name = trim_ows(parts[0]);
    const std::string amount(trim_ows(parts[1]));
    std::size_t i = 0;
    while (i < amount.size() && (is_digit(amount[i]) || amount[i] == '.' || amount[i] == ','))
      ++i;
    std::string number;
    for (char c : amount.substr(0, i))
      if (c != ',') number += c;
    if (t.name.empty() || number.empty() || number.front() == '.' ||
        std::count(number.begin(), number.end(), '.') > 1)
      return bad();
    double v = 0;
    auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), v);
    if (ec != std::errc() || ptr != number.data() + number.size()) return bad();
    t.planned = v;
    t.unit = trim_ows(amount.substr(i));
    if (t.name.size() > 200 || t.unit.size() > 40) return bad();
    out.push_back(std::move(t));
    if (out.size() > 50)
      return Error::field(ErrorCode::InvalidArgument, "targets",
                          messages::for_field("field.too_many_items", "targets", {{"max", "50"}}));
  }
  return out;
}

std::string format_targets(std::span<const Target> targets) {
  std::string out;
  for (const auto& t : targets) {
    if (!out.empty()) out += "；";
    out += t.name + "：";
    if (t.planned) out += format_amount(*t.planned);
    out += t.unit;
  }
  return out;
}

}  // namespace minsheng::projects
