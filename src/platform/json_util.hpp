#pragma once
// Small JSON helpers shared by handlers.
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace minsheng::platform {

boost::json::value opt_json(const std::optional<std::string>& s);
boost::json::value opt_json(const std::optional<std::int64_t>& v);
// Every instant the API answers with goes through these (docs/architecture.md, "API conventions"): ISO 8601
// in Asia/Shanghai with its offset, "2026-11-28T11:04:05.678+08:00". A time stored as UTC text
// ("2026-11-28T03:04:05.678Z"); null if it does not parse.
boost::json::value time_json(std::string_view stored_utc);
boost::json::value time_json(const std::string& stored_utc);
boost::json::value time_json(const std::optional<std::string>& stored_utc);
// An EXIF capture time (the camera's clock, no zone: "2026-11-28T11:04:05"), read as Asia/Shanghai wall time;
// null when absent or unreadable.
boost::json::value camera_time_json(const std::optional<std::string>& exif);

}  // namespace minsheng::platform
