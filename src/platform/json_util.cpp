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

boost::json::value time_json(std::string_view stored_utc) {
  auto t = parse_iso_instant(stored_utc);
  if (!t) return nullptr;
  return boost::json::value(iso_shanghai(*t));
}

boost::json::value time_json(const std::string& stored_utc) {
  return time_json(std::string_view(stored_utc));
}

boost::json::value time_json(const std::optional<std::string>& stored_utc) {
  if (!stored_utc) return nullptr;
  return time_json(std::string_view(*stored_utc));
}

boost::json::value camera_time_json(const std::optional<std::string>& exif) {
  if (!exif) return nullptr;
  auto t = parse_shanghai_wall_time(*exif);
  if (!t) return nullptr;
  return boost::json::value(iso_shanghai(*t));
}

}  // namespace minsheng::platform
