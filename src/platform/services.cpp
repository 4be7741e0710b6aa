#include "platform/services.hpp"

namespace minsheng::platform {

void LoginThrottle::prune(std::deque<TimePoint>& q, TimePoint now) {
  while (!q.empty() && now - q.front() >= std::chrono::minutes(10))
    q.pop_front();
}

bool LoginThrottle::blocked(const std::string& ip, TimePoint now, int limit) {
  std::lock_guard lock(mu_);
  auto it = failures_.find(ip);
  if (it == failures_.end()) return false;
  prune(it->second, now);
  return static_cast<int>(it->second.size()) >= limit;
}

void LoginThrottle::record_failure(const std::string& ip, TimePoint now) {
  std::lock_guard lock(mu_);
  auto& q = failures_[ip];
  prune(q, now);
  q.push_back(now);
  if (failures_.size() > 100000)
    failures_.clear();  // bound memory under a spraying attack from many addresses
}

}  // namespace minsheng::platform
