#include "http/metrics.hpp"

#include <cmath>
#include <cstdio>

namespace minsheng::http {
namespace {

std::string escape_label(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char ch : v) {
    if (ch == '\\')
      out += "\\\\";
    else if (ch == '"')
      out += "\\\"";
    else if (ch == '\n')
      out += "\\n";
    else
      out += ch;
  }
  return out;
}

// HELP text escapes only backslash and newline.
std::string escape_help(std::string_view v) {
  std::string out;
  for (char ch : v) {
    if (ch == '\\')
      out += "\\\\";
    else if (ch == '\n')
      out += "\\n";
    else
      out += ch;
  }
  return out;
}

std::string number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::string bound(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

void Metrics::observe(const std::string& method, const std::string& route, int status,
                      std::chrono::microseconds latency) {
  const double seconds = static_cast<double>(latency.count()) / 1e6;
  std::lock_guard lock(mu_);
  ++requests_[{method, route, status}];
  std::size_t i = 0;
  while (i < kBounds.size() && seconds > kBounds[i])
    ++i;
  ++buckets_[i];  // non-cumulative here; render() accumulates
  latency_sum_seconds_ += seconds;
  ++latency_count_;
}

void Metrics::add_gauge(std::string name, std::string help, std::function<double()> read) {
  std::lock_guard lock(mu_);
  for (auto& [n, h, r] : gauges_) {
    if (n == name) {  // re-registration replaces (e.g. a restarted component)
      h = std::move(help);
      r = std::move(read);
      return;
    }
  }
  gauges_.emplace_back(std::move(name), std::move(help), std::move(read));
}

std::string Metrics::render() const {
  std::unique_lock lock(mu_);
  std::string out;
  out += "# HELP minsheng_http_requests_total HTTP requests by method, route and status.\n";
  out += "# TYPE minsheng_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    const auto& [method, route, status] = key;
    out += "minsheng_http_requests_total{method=\"" + escape_label(method) + "\",route=\"" +
           escape_label(route) + "\",status=\"" + std::to_string(status) + "\"} " + std::to_string(count) +
           "\n";
  }
  out += "# HELP minsheng_http_request_duration_seconds HTTP request latency.\n";
  out += "# TYPE minsheng_http_request_duration_seconds histogram\n";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < kBounds.size(); ++i) {
    cumulative += buckets_[i];
    out += "minsheng_http_request_duration_seconds_bucket{le=\"" + bound(kBounds[i]) + "\"} " +
           std::to_string(cumulative) + "\n";
  }
  cumulative += buckets_[kBounds.size()];
  out += "minsheng_http_request_duration_seconds_bucket{le=\"+Inf\"} " + std::to_string(cumulative) + "\n";
  out += "minsheng_http_request_duration_seconds_sum " + number(latency_sum_seconds_) + "\n";
  out += "minsheng_http_request_duration_seconds_count " + std::to_string(latency_count_) + "\n";
  auto gauges = gauges_;  // read outside the lock: a gauge may take locks of its own
  lock.unlock();
  for (const auto& [name, help, read] : gauges) {
    out += "# HELP " + name + " " + escape_help(help) + "\n";
    out += "# TYPE " + name + " gauge\n";
    out += name + " " + number(read ? read() : 0.0) + "\n";
  }
  return out;
}

}  // namespace minsheng::http
