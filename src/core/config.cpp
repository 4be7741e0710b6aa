#include "core/config.hpp"

#include <toml++/toml.h>
#include <charconv>
#include <cstdlib>

namespace minsheng {
namespace {

Error config_error(const std::string& key, const std::string& why) {
  return Error::field(ErrorCode::InvalidArgument, key, "配置项 " + key + " 有误：" + why);
}

template <typename T>
void read(const toml::table& t, std::string_view path, T& out) {
  if (auto v = t.at_path(path).value<T>()) out = *v;
}

void read_env(const char* name, std::string& out) {
  if (const char* v = std::getenv(name); v && *v) out = v;
}

}  // namespace

Result<Config> load_config(const std::filesystem::path& path, bool explicit_path) {
  Config c;
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    toml::table t;
    try {
      t = toml::parse_file(path.string());
    } catch (const toml::parse_error& e) {
      return config_error(path.string(), std::string(e.description()));
    }
    read(t, "db", c.db);
    read(t, "listen", c.listen);
    std::string s;
    if (auto v = t.at_path("key_file").value<std::string>()) c.key_file = *v;
    if (auto v = t.at_path("static_dir").value<std::string>()) c.static_dir = *v;
    if (auto v = t.at_path("admin_dir").value<std::string>()) c.admin_dir = *v;
    read(t, "log_level", c.log_level);
    read(t, "access_log", c.access_log);
    read(t, "io_threads", c.io_threads);
    read(t, "worker_threads", c.worker_threads);
    read(t, "db_pool_size", c.db_pool_size);
    auto& sec = c.security;
    read(t, "security.password_min_chars", sec.password_min_chars);
    read(t, "security.password_max_age_days", sec.password_max_age_days);
    read(t, "security.lockout_failures", sec.lockout_failures);
    read(t, "security.dormant_days", sec.dormant_days);
    read(t, "security.lockout_minutes", sec.lockout_minutes);
    read(t, "security.ip_failures_per_10min", sec.ip_failures_per_10min);
    read(t, "security.session_idle_minutes", sec.session_idle_minutes);
    read(t, "security.admin_session_idle_minutes", sec.admin_session_idle_minutes);
    read(t, "security.session_absolute_hours", sec.session_absolute_hours);
    read(t, "security.argon2_memory_kib", sec.argon2_memory_kib);
    read(t, "security.argon2_iterations", sec.argon2_iterations);
    read(t, "security.hash_workers", sec.hash_workers);
    read(t, "security.secure_cookies", sec.secure_cookies);
    if (auto* arr = t.at_path("security.trusted_proxies").as_array()) {
      for (auto& el : *arr)
        if (auto v = el.value<std::string>()) sec.trusted_proxies.push_back(*v);
    }
  } else if (explicit_path) {
    return config_error("config", "找不到配置文件 " + path.string());
  }
  read_env("MINSHENG_DB", c.db);
  read_env("MINSHENG_LISTEN", c.listen);
  std::string key_file;
  read_env("MINSHENG_KEY_FILE", key_file);
  if (!key_file.empty()) c.key_file = key_file;
  read_env("MINSHENG_LOG_LEVEL", c.log_level);

  if (c.security.password_min_chars < 8) return config_error("security.password_min_chars", "不能小于 8");
  if (c.security.argon2_iterations < 1) return config_error("security.argon2_iterations", "不能小于 1");
  if (c.security.argon2_memory_kib < 8) return config_error("security.argon2_memory_kib", "不能小于 8");
  if (c.io_threads < 1 || c.worker_threads < 1 || c.db_pool_size < 1)
    return config_error("io_threads", "线程数和连接池大小至少为 1");
  if (auto l = split_listen(c.listen); !l) return l.take_error();
  return c;
}

Result<std::pair<std::string, std::uint16_t>> split_listen(std::string_view listen) {
  auto bad = [&] { return config_error("listen", "应为 主机:端口，例如 127.0.0.1:8080"); };
  std::string host;
  std::string_view port;
  if (!listen.empty() && listen.front() == '[') {
    auto close = listen.find(']');
    if (close == std::string_view::npos || close + 1 >= listen.size() || listen[close + 1] != ':')
      return bad();
    host = std::string(listen.substr(1, close - 1));
    port = listen.substr(close + 2);
  } else {
    auto colon = listen.rfind(':');
    if (colon == std::string_view::npos) return bad();
    host = std::string(listen.substr(0, colon));
    port = listen.substr(colon + 1);
  }
  unsigned value = 0;
  auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (host.empty() || port.empty() || ec != std::errc() || p != port.data() + port.size() || value > 65535)
    return bad();
  return std::pair<std::string, std::uint16_t>{host, static_cast<std::uint16_t>(value)};
}

}  // namespace minsheng
