#pragma once
// What every request handler can reach: settings, clock, database, keys, the password hasher, metrics.
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "db/db.hpp"
#include "http/metrics.hpp"
#include "platform/crypto.hpp"
#include "platform/password.hpp"

namespace minsheng::platform {

// Failed logins per source address in a sliding 10-minute window (SECURITY.md §2: ~20 per 10 min -> 429).
class LoginThrottle {
 public:
  bool blocked(const std::string& ip, TimePoint now, int limit);
  void record_failure(const std::string& ip, TimePoint now);

 private:
  void prune(std::deque<TimePoint>& q, TimePoint now);
  std::mutex mu_;
  std::map<std::string, std::deque<TimePoint>> failures_;
};

struct Services {
  Services(Config cfg, const Clock& clk, db::Pool& db_pool, Keys k)
      : config(std::move(cfg)),
        clock(clk),
        pool(db_pool),
        keys(std::move(k)),
        hasher(config.security.argon2_memory_kib, config.security.argon2_iterations,
               config.security.hash_workers) {}

  Config config;
  const Clock& clock;
  db::Pool& pool;
  Keys keys;
  PasswordHasher hasher;
  http::Metrics metrics;
  LoginThrottle login_throttle;
};

}  // namespace minsheng::platform
