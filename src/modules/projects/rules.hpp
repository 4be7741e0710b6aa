#pragma once
// Pure rules of the project catalogue (issue 4): labels, money, the derived current figures, progress
// validation and the next year's copy. No I/O; unit-tested exhaustively in rules_test.cpp.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "modules/projects/model.hpp"

namespace minsheng::projects {

// Enumerations: codes stored and sent by the API, Chinese labels shown and accepted by the import.
std::span<const std::string_view> categories();              // engineering subsidy service
std::span<const std::string_view> change_flags();            // new improved continued withdrawn
std::span<const std::string_view> statuses();                // planned in_progress completed suspended
std::span<const std::string_view> coord_systems();           // cgcs2000 wgs84 gcj02
std::string_view category_label(std::string_view code);      // 工程类 补助类 服务类
std::string_view change_flag_label(std::string_view code);   // 新增 完善 继续 调整退出
std::string_view status_label(std::string_view code);        // 未开工 实施中 已完成 暂停
std::string_view coord_system_label(std::string_view code);  // CGCS2000 WGS-84 GCJ-02
// Code from a label or a code (import cells; case-insensitive for the coordinate systems); nullopt if
// neither.
std::optional<std::string> category_from(std::string_view s);
std::optional<std::string> change_flag_from(std::string_view s);
std::optional<std::string> status_from(std::string_view s);
std::optional<std::string> coord_system_from(std::string_view s);

// 分 -> 万元 with two decimals, rounded half away from zero: 123456789 -> "12345.68", 0 -> "0.00".
std::string fen_to_wan(std::int64_t fen);
// "12.5", "12.50", "1,234.5" (万元; at most 6 decimals, i.e. whole 分) -> 分; nullopt for anything else or
// for amounts above 10^12 分.
std::optional<std::int64_t> wan_to_fen(std::string_view wan);

// The current figures from a timeline in any order: the update with the greatest (report_date, id).
Current current_of(std::span<const ProgressUpdate> timeline);

// The completed amount of a target to show: the recorded one; else, for a finished project (latest update
// "completed" or at 100 %), the planned amount (the target was met); else nullopt (unknown, shown as "—").
std::optional<double> achieved_shown(const Target& target, const Current& current);

// Checks a new progress update against the project and its latest update; field errors name reportDate,
// progressPct, fundsDisbursed or status. `today` is YYYY-MM-DD in Asia/Shanghai.
std::vector<FieldError> check_progress(const ProgressUpdate& update, const Project& project,
                                       const std::optional<ProgressUpdate>& latest, std::string_view today);

// Next year's code for a project copied from `from_year`: "2020-07" -> "2021-07" when the code starts with
// the year and a separator; other codes are kept.
std::string next_year_code(std::string_view code, int from_year, int to_year);
// The project as it starts the next year: same text, units, funds plan, targets (achieved cleared), location;
// change flag as given (continued | improved | withdrawn); no progress; previous_id set.
Project copy_for_next_year(const Project& p, int to_year, std::string_view change_flag);

// Targets written in one cell: "农村户厕改造：1200户；资源化利用站：2个" (；; or new lines between entries;
// ：or : between name and amount; the amount is a decimal followed by its unit). Errors say which entry is
// wrong.
Result<std::vector<Target>> parse_targets(std::string_view cell);
std::string format_targets(std::span<const Target> targets);  // the inverse (planned amounts)
// A decimal without trailing zeros: 1200 -> "1200", 2.5 -> "2.5".
std::string format_amount(double v);

}  // namespace minsheng::projects
