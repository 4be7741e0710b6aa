#include "platform/json_util.hpp"

#include "core/clock.hpp"

namespace minsheng::platform {

boost::json::value opt_json(const std::optional<std::string>& s) {
  if (!s) return nullptr;
  return boost::json::value(*s);
}

boost::json::value opt_json(const std::optional<std::int64_t>& v) {
  if (!v) return nullptr;
  return boost::json::value(*v);
}

boost::json::value display_time_value(std::string_view utc) {
  auto t = parse_iso_utc(utc);
  if (!t) return nullptr;
  return boost::json::value(shanghai_datetime(*t));
}

}  // namespace minsheng::platform
