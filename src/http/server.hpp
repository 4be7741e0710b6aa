#pragma once
// The HTTP transport: Boost.Beast coroutines on an io_context. It knows nothing about townships: it reads a
// request within the limits, hands it to `Handler` on the worker pool (never on an I/O thread), writes the
// answer, keeps alive or closes, and shuts down gracefully.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "http/message.hpp"

namespace minsheng::http {

class Metrics;

using Handler = std::function<Response(Request&)>;

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port (tests)
  int io_threads = 2;
  int worker_threads = 8;
  // -> 431. Counts the whole header section except the request target (which has url_limit).
  std::size_t header_limit = 8 * 1024;
  std::size_t url_limit = 16 * 1024 - 1;             // -> 414
  std::size_t json_body_limit = 1024 * 1024;         // -> 413 (any non-multipart body)
  std::size_t upload_body_limit = 20 * 1024 * 1024;  // multipart/form-data -> 413
  std::chrono::seconds header_timeout{10};
  std::chrono::seconds body_min_rate_window{10};  // body must arrive at >= 1 KiB per window
  std::chrono::seconds keep_alive_idle{30};
  std::chrono::seconds write_timeout{30};  // a response (or a 100 Continue) must be written within this
  std::size_t max_connections = 4000;
  std::size_t max_connections_per_ip = 50;
  std::vector<std::string> trusted_proxies;  // peers whose X-Forwarded-For is believed
  bool access_log = true;
  // Added to every response that does not set them (security headers, see default_security_headers()).
  Headers default_headers;
  // When set: requests by method/route/status, latency, and an open-connections gauge. Must outlive the
  // server (the gauge itself does not refer to the server).
  Metrics* metrics = nullptr;
  // The time of the `Date` header on every response (the back office takes "today" from it, not from the
  // device's clock); the system clock when null. Must outlive the server.
  const Clock* clock = nullptr;
};

Headers default_security_headers();

// An RFC 9110 IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
std::string http_date(TimePoint t);

class Server {
 public:
  Server(ServerOptions options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts the I/O and worker threads; returns the bound port.
  std::uint16_t start();
  // Stops accepting, lets in-flight requests finish (up to `grace`), closes idle connections, joins threads.
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(10000));
  // Blocks until SIGTERM/SIGINT, then stop().
  void run_until_signal();

  std::size_t open_connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace minsheng::http
