#pragma once
// Prometheus text metrics: requests by route and status, a latency histogram, and gauges registered by others
// (e.g. the DB pool).
#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace minsheng::http {

class Metrics {
 public:
  void observe(const std::string& method, const std::string& route, int status,
               std::chrono::microseconds latency);
  void add_gauge(std::string name, std::string help, std::function<double()> read);
  std::string render() const;  // text/plain; version=0.0.4

 private:
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;
  std::vector<std::uint64_t> buckets_ = std::vector<std::uint64_t>(kBounds.size() + 1, 0);
  double latency_sum_seconds_ = 0;
  std::uint64_t latency_count_ = 0;
  std::vector<std::tuple<std::string, std::string, std::function<double()>>> gauges_;

 public:
  static constexpr std::array<double, 11> kBounds = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                     0.1,   0.25,   0.5,   1.0,  2.5};
};

}  // namespace minsheng::http
