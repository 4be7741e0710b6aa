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
// A time stored as UTC text, shown as Asia/Shanghai "YYYY-MM-DD HH:MM:SS"; null if it does not parse.
boost::json::value display_time_value(std::string_view utc);

}  // namespace minsheng::platform
