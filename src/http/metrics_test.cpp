#include "http/metrics.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace minsheng::http {
namespace {

using namespace std::chrono_literals;

bool contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

TEST(Metrics, CountsRequestsByMethodRouteAndStatus) {
  Metrics m;
  m.observe("GET", "/api/v1/users", 200, 1ms);
  m.observe("GET", "/api/v1/users", 200, 1ms);
  m.observe("POST", "/api/v1/users", 422, 1ms);
  auto t = m.render();
  EXPECT_TRUE(contains(t, "# TYPE minsheng_http_requests_total counter\n"));
  EXPECT_TRUE(
      contains(t, "minsheng_http_requests_total{method=\"GET\",route=\"/api/v1/users\",status=\"200\"} 2\n"));
  EXPECT_TRUE(contains(
      t, "minsheng_http_requests_total{method=\"POST\",route=\"/api/v1/users\",status=\"422\"} 1\n"));
}

TEST(Metrics, HistogramIsCumulativeWithInfSumAndCount) {
  Metrics m;
  m.observe("GET", "r", 200, 500us);  // <= 0.001
  m.observe("GET", "r", 200, 30ms);   // <= 0.05
  m.observe("GET", "r", 200, 10s);    // only +Inf
  auto t = m.render();
  EXPECT_TRUE(contains(t, "# TYPE minsheng_http_request_duration_seconds histogram\n"));
  EXPECT_TRUE(contains(t, "minsheng_http_request_duration_seconds_bucket{le=\"0.001\"} 1\n")) << t;
  EXPECT_TRUE(contains(t, "minsheng_http_request_duration_seconds_bucket{le=\"0.025\"} 1\n"));
  EXPECT_TRUE(contains(t, "minsheng_http_request_duration_seconds_bucket{le=\"0.05\"} 2\n"));
  EXPECT_TRUE(contains(t, "minsheng_http_request_duration_seconds_bucket{le=\"2.5\"} 2\n"));
  EXPECT_TRUE(contains(t, "minsheng_http_request_duration_seconds_bucket{le=\"+Inf\"} 3\n"));
  EXPECT_TRUE(contains(t, "minsheng_http_request_duration_seconds_count 3\n"));
  EXPECT_TRUE(contains(t, "minsheng_http_request_duration_seconds_sum 10.0305"));
}

TEST(Metrics, BoundaryValueFallsInItsBucket) {
  Metrics m;
  m.observe("GET", "r", 200, 1ms);  // le="0.001" is inclusive
  EXPECT_TRUE(contains(m.render(), "minsheng_http_request_duration_seconds_bucket{le=\"0.001\"} 1\n"));
}

TEST(Metrics, EscapesLabelValues) {
  Metrics m;
  m.observe("GET", "a\\b\"c\nd", 404, 1ms);
  EXPECT_TRUE(contains(m.render(), "route=\"a\\\\b\\\"c\\nd\""));
}

TEST(Metrics, GaugesAreRendered) {
  Metrics m;
  double v = 3;
  m.add_gauge("minsheng_db_pool_in_use", "Connections in use.", [&] { return v; });
  auto t = m.render();
  EXPECT_TRUE(contains(t, "# HELP minsheng_db_pool_in_use Connections in use.\n"));
  EXPECT_TRUE(contains(t, "# TYPE minsheng_db_pool_in_use gauge\n"));
  EXPECT_TRUE(contains(t, "minsheng_db_pool_in_use 3\n"));
  v = 7.5;
  EXPECT_TRUE(contains(m.render(), "minsheng_db_pool_in_use 7.5\n"));
}

TEST(Metrics, ConcurrentObservationsAreAllCounted) {
  Metrics m;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i)
        m.observe("GET", "r", 200, 1ms);
    });
  for (int i = 0; i < 20; ++i)
    (void)m.render();
  for (auto& t : threads)
    t.join();
  EXPECT_TRUE(contains(m.render(), "status=\"200\"} 8000\n"));
  EXPECT_TRUE(contains(m.render(), "minsheng_http_request_duration_seconds_count 8000\n"));
}

}  // namespace
}  // namespace minsheng::http
