#pragma once
// Settings: built-in defaults, then minsheng.toml, then MINSHENG_* environment variables, then command-line
// flags (applied by the CLI). docs/operations.md lists every key.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace minsheng {

struct SecurityConfig {
  int password_min_chars = 12;
  int password_max_chars = 128;
  int password_min_classes = 3;
  int password_max_age_days = 90;  // 0: never expires
  int dormant_days = 90;           // no login for this long: refused until unlocked; 0 disables
  int lockout_failures = 5;
  int lockout_minutes = 30;
  int ip_failures_per_10min = 20;  // then 429
  int session_idle_minutes = 30;
  int admin_session_idle_minutes = 15;
  int session_absolute_hours = 12;
  // argon2id cost; production defaults per SECURITY.md (m >= 19 MiB, t >= 2). Tests may lower them.
  std::uint64_t argon2_memory_kib = 19 * 1024;
  std::uint64_t argon2_iterations = 2;
  int hash_workers = 2;         // concurrent argon2id computations
  bool secure_cookies = false;  // true behind TLS: __Host- cookie with Secure
  std::vector<std::string> trusted_proxies;
};

struct Config {
  std::string db = "sqlite:data/minsheng.db";
  std::string listen = "127.0.0.1:8080";
  std::filesystem::path key_file = "data/minsheng.key";  // audit-chain and field keys, outside the database
  std::filesystem::path static_dir = "static";
  std::filesystem::path admin_dir = "web/admin/dist";  // the built back office, served at /admin/
  std::string log_level = "info";
  bool access_log = true;
  int io_threads = 2;
  int worker_threads = 8;
  int db_pool_size = 8;
  SecurityConfig security;
};

// Reads `path` if it exists (a missing default file is fine; a missing explicit file is an error), then the
// environment. Errors name the key in Chinese.
Result<Config> load_config(const std::filesystem::path& path, bool explicit_path);

// Splits "HOST:PORT" ("[::1]:8080" for IPv6). InvalidArgument for anything else.
Result<std::pair<std::string, std::uint16_t>> split_listen(std::string_view listen);

}  // namespace minsheng
