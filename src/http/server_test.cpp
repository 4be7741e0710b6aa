#include "http/server.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>

#include "http/metrics.hpp"
#include "support/hang_guard.hpp"

namespace minsheng::http {
namespace {

using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;
using minsheng::testing::kHangGuard;

struct RawResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  bool has(const std::string& name) const { return headers.count(name) != 0; }
  std::string get(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// A blocking TCP client that can send anything, for malformed input.
class Client {
 public:
  explicit Client(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
      throw std::runtime_error("connect");
  }
  ~Client() { ::close(fd_); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool send(std::string_view data) {
    while (!data.empty()) {
      auto n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // Reads more bytes into the buffer; false on EOF, error or timeout.
  bool fill(std::chrono::milliseconds timeout) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
    char tmp[65536];
    auto n = ::recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) return false;
    buf_.append(tmp, static_cast<std::size_t>(n));
    total_read_ += static_cast<std::size_t>(n);
    return true;
  }

  // One response (Content-Length framed; `head` for a response to HEAD). Status 0 when none arrived.
  RawResponse read(bool head = false, std::chrono::milliseconds timeout = kHangGuard) {
    RawResponse r;
    auto deadline = SteadyClock::now() + timeout;
    auto remaining = [&] {
      return std::max(1ms,
                      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now()));
    };
    std::size_t end;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos) {
      if (SteadyClock::now() >= deadline || !fill(remaining())) return r;
    }
    std::string head_text = buf_.substr(0, end);
    buf_.erase(0, end + 4);
    std::istringstream lines(head_text);
    std::string line;
    std::getline(lines, line);
    if (line.size() >= 12) r.status = std::stoi(line.substr(9, 3));
    while (std::getline(lines, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      auto colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string name = line.substr(0, colon);
      for (auto& ch : name)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ')
        value.erase(0, 1);
      if (r.headers.count(name)) value = r.headers[name] + ", " + value;
      r.headers[name] = value;
    }
    std::size_t len = head || !r.has("content-length") ? 0 : std::stoul(r.get("content-length"));
    while (buf_.size() < len) {
      if (SteadyClock::now() >= deadline || !fill(remaining())) return RawResponse{};
    }
    r.body = buf_.substr(0, len);
    buf_.erase(0, len);
    return r;
  }

  // True when the server closes the connection (EOF or reset) within `timeout`; any bytes are kept.
  // True once the server has closed the connection; false if it is still open after `timeout`.
  bool closed_within(std::chrono::milliseconds timeout = kHangGuard) {
    auto deadline = SteadyClock::now() + timeout;
    while (SteadyClock::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
      if (::poll(&p, 1, static_cast<int>(std::max(left, 1ms).count())) <= 0) return false;
      char tmp[65536];
      auto n = ::recv(fd_, tmp, sizeof tmp, 0);
      if (n <= 0) return true;
      buf_.append(tmp, static_cast<std::size_t>(n));
    }
    return false;
  }

  const std::string& pending() const { return buf_; }

 private:
  int fd_ = -1;
  std::string buf_;
  std::size_t total_read_ = 0;
};

std::string get(std::string_view target, std::string_view extra = "") {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: t\r\n" + std::string(extra) + "\r\n";
}

// A handler that stays busy until the test lets it go: "the handler is still running" without sleeping and
// hoping. Opened in the fixture's TearDown, so a failed test cannot leave the server's stop waiting on it.
class Gate {
 public:
  void pass() {
    std::unique_lock lock(mu_);
    ++entered_;
    cv_.notify_all();
    cv_.wait_for(lock, kHangGuard, [&] { return open_; });
  }
  bool wait_entered(int n = 1) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, kHangGuard, [&] { return entered_ >= n; });
  }
  void open() {
    std::lock_guard lock(mu_);
    open_ = true;
    cv_.notify_all();
  }
  void reset() {
    std::lock_guard lock(mu_);
    open_ = false;
    entered_ = 0;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
  int entered_ = 0;
};

Gate& gate() {
  static Gate g;
  return g;
}

Response test_handler(Request& req) {
  if (req.path == "/slow") std::this_thread::sleep_for(500ms);
  if (req.path == "/gate") gate().pass();
  if (req.path == "/throw") throw std::runtime_error("boom");
  if (req.path == "/ip") return Response::text(200, req.remote_addr);
  if (req.path == "/id") return Response::text(200, req.request_id);
  if (req.path == "/server") {
    auto r = Response::text(200, "x");
    r.set_header("server", "leaky/1.0");
    return r;
  }
  Response r = Response::text(200, req.method_text + " " + req.path + " " + req.body);
  r.route_label = req.path == "/echo" ? "/echo" : "";
  return r;
}

ServerOptions base_options() {
  ServerOptions o;
  o.port = 0;
  o.io_threads = 2;
  o.worker_threads = 4;
  o.access_log = false;
  o.default_headers = default_security_headers();
  // Far beyond the hang guard, so that a connection closed during a test was closed by the behaviour under
  // test; the tests of the timeouts set the one they test.
  o.header_timeout = std::chrono::hours(1);
  o.body_min_rate_window = std::chrono::hours(1);
  o.keep_alive_idle = std::chrono::hours(1);
  o.write_timeout = std::chrono::hours(1);
  return o;
}

class ServerTest : public ::testing::Test {
 protected:
  void start(ServerOptions o = base_options(), Handler h = test_handler) {
    server_ = std::make_unique<Server>(std::move(o), std::move(h));
    port_ = server_->start();
  }
  void SetUp() override {
    gate().reset();
    start();
  }
  void TearDown() override { gate().open(); }
  std::unique_ptr<Server> server_;
  std::uint16_t port_ = 0;
};

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  Client c(port_);
  ASSERT_TRUE(c.send(get("/a")));
  auto r1 = c.read();
  EXPECT_EQ(r1.status, 200);
  EXPECT_EQ(r1.body, "GET /a ");
  EXPECT_EQ(r1.get("connection").find("close"), std::string::npos);
  ASSERT_TRUE(c.send(get("/b?x=1")));
  auto r2 = c.read();
  EXPECT_EQ(r2.status, 200);
  EXPECT_EQ(r2.body, "GET /b ");
  EXPECT_EQ(server_->open_connections(), 1u);
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  Client c(port_);
  ASSERT_TRUE(c.send(get("/one") + get("/slow") + get("/three")));
  EXPECT_EQ(c.read().body, "GET /one ");
  EXPECT_EQ(c.read().body, "GET /slow ");
  EXPECT_EQ(c.read().body, "GET /three ");
}

TEST_F(ServerTest, PostBodyReachesTheHandler) {
  Client c(port_);
  ASSERT_TRUE(
      c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n"
             "{\"a\":\"中\"}"));
  auto r = c.read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "POST /echo {\"a\":\"中\"}");
}

TEST_F(ServerTest, ChunkedBodyWithinLimitIsAccepted) {
  Client c(port_);
  ASSERT_TRUE(
      c.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: "
             "chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"));
  EXPECT_EQ(c.read().body, "POST /echo abcde");
}

TEST_F(ServerTest, OversizedHeaderIs431AndClosed) {
  Client c(port_);
  ASSERT_TRUE(c.send(get("/", "X-Big: " + std::string(8193, 'a') + "\r\n")));
  auto r = c.read();
  EXPECT_EQ(r.status, 431);
  EXPECT_NE(r.get("connection").find("close"), std::string::npos);
  EXPECT_TRUE(c.closed_within());
  auto j = boost::json::parse(r.body);
  EXPECT_EQ(j.at("error").at("code").as_string(), "HeaderTooLarge");
}

TEST_F(ServerTest, ManyHeadersAre431) {
  Client c(port_);
  std::string many;
  for (int i = 0; i < 10000; ++i)
    many += "X-H" + std::to_string(i) + ": v\r\n";
  c.send(get("/", many));
  EXPECT_EQ(c.read().status, 431);
}

TEST_F(ServerTest, LongUrlIs414) {
  Client c(port_);
  ASSERT_TRUE(c.send(get("/" + std::string(16 * 1024, 'a'))));
  auto r = c.read();
  EXPECT_EQ(r.status, 414);
  EXPECT_TRUE(c.closed_within());
  // Just under the limit is fine.
  Client ok(port_);
  ASSERT_TRUE(ok.send(get("/" + std::string(16 * 1024 - 2, 'a'))));
  EXPECT_EQ(ok.read().status, 200);
}

TEST_F(ServerTest, HugeContentLengthIs413BeforeTheBody) {
  Client c(port_);
  // No body is ever sent and the body timeouts are an hour away: an answer means it came before the body.
  ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10737418240\r\n\r\n"));
  auto r = c.read();
  EXPECT_EQ(r.status, 413);
  EXPECT_TRUE(c.closed_within());
}

TEST_F(ServerTest, JsonBodyOneByteOverTheLimitIs413) {
  Client c(port_);
  ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: " +
                     std::to_string(1024 * 1024 + 1) + "\r\n\r\n"));
  EXPECT_EQ(c.read().status, 413);
  // Exactly at the limit is accepted.
  Client ok(port_);
  std::string body(1024 * 1024, 'x');
  std::thread sender([&] {
    ok.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: " +
            std::to_string(body.size()) + "\r\n\r\n" + body);
  });
  auto r = ok.read();
  sender.join();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body.size(), std::string("POST /echo ").size() + body.size());
}

TEST_F(ServerTest, MultipartGetsTheUploadLimit) {
  // 2 MiB: over the JSON limit, within the upload limit (20 MiB), so accepted.
  Client c(port_);
  const std::string body(2 * 1024 * 1024, 'x');
  std::thread sender([&] {
    c.send(
        "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: multipart/form-data; boundary=x\r\n"
        "Content-Length: " +
        std::to_string(body.size()) + "\r\n\r\n" + body);
  });
  auto r = c.read();
  sender.join();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body.size(), std::string("POST /echo ").size() + body.size());
  Client big(port_);
  ASSERT_TRUE(
      big.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: multipart/form-data; boundary=x\r\n"
               "Content-Length: " +
               std::to_string(20 * 1024 * 1024 + 1) + "\r\n\r\n"));
  EXPECT_EQ(big.read().status, 413);
}

TEST_F(ServerTest, ChunkedBodyOverTheLimitIs413) {
  Client c(port_);
  std::thread sender([&] {
    std::string chunk(64 * 1024, 'x');
    std::string framed = "10000\r\n" + chunk + "\r\n";
    if (!c.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")) return;
    for (int i = 0; i < 17; ++i)
      if (!c.send(framed)) return;
    c.send("0\r\n\r\n");
  });
  auto r = c.read();
  sender.join();
  EXPECT_EQ(r.status, 413);
}

TEST_F(ServerTest, ContentLengthWithTransferEncodingIs400) {
  Client c(port_);
  ASSERT_TRUE(
      c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
             "0\r\n\r\n"));
  EXPECT_EQ(c.read().status, 400);
  EXPECT_TRUE(c.closed_within());
  Client c2(port_);
  ASSERT_TRUE(
      c2.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"
              "0\r\n\r\n"));
  EXPECT_EQ(c2.read().status, 400);
}

TEST_F(ServerTest, GarbageIs400) {
  Client c(port_);
  ASSERT_TRUE(c.send("\x01\x02 garbage \xff\r\n\r\n"));
  auto r = c.read();
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(r.has("x-request-id"));
  EXPECT_TRUE(c.closed_within());
}

TEST_F(ServerTest, TraceConnectAndUnknownMethodsAre405) {
  for (std::string m : {"TRACE / HTTP/1.1", "CONNECT t:443 HTTP/1.1", "FROB / HTTP/1.1"}) {
    Client c(port_);
    ASSERT_TRUE(c.send(m + "\r\nHost: t\r\n\r\n"));
    EXPECT_EQ(c.read().status, 405) << m;
  }
}

TEST_F(ServerTest, ThrowingHandlerGives500JsonAndTheServerKeepsServing) {
  Client c(port_);
  ASSERT_TRUE(c.send(get("/throw")));
  auto r = c.read();
  EXPECT_EQ(r.status, 500);
  auto j = boost::json::parse(r.body);
  EXPECT_EQ(j.at("error").at("code").as_string(), "Internal");
  EXPECT_EQ(j.at("error").at("message").as_string(), "系统内部错误，请联系管理员并提供请求编号");
  EXPECT_EQ(j.at("error").at("requestId").as_string(), r.get("x-request-id"));
  EXPECT_TRUE(j.at("error").at("fields").as_array().empty());
  ASSERT_TRUE(c.send(get("/after")));
  EXPECT_EQ(c.read().status, 200);
}

TEST_F(ServerTest, SecurityHeadersAndNoServerHeader) {
  Client c(port_);
  ASSERT_TRUE(c.send(get("/server")));
  auto r = c.read();
  EXPECT_FALSE(r.has("server"));
  EXPECT_EQ(r.get("x-content-type-options"), "nosniff");
  EXPECT_EQ(r.get("x-frame-options"), "SAMEORIGIN");
  EXPECT_EQ(r.get("referrer-policy"), "strict-origin-when-cross-origin");
  EXPECT_EQ(r.get("cross-origin-opener-policy"), "same-origin");
  EXPECT_NE(r.get("content-security-policy").find("frame-ancestors 'self'"), std::string::npos);
  EXPECT_EQ(r.get("content-security-policy").find("unsafe-inline"), std::string::npos);
  EXPECT_TRUE(r.has("permissions-policy"));
  EXPECT_EQ(r.get("content-type"), "text/plain; charset=utf-8");
  // Error answers carry them too.
  Client e(port_);
  ASSERT_TRUE(e.send("TRACE / HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto er = e.read();
  EXPECT_EQ(er.get("x-content-type-options"), "nosniff");
  EXPECT_FALSE(er.has("server"));
}

TEST_F(ServerTest, RequestIdsArePresentUniqueAndPassedToTheHandler) {
  Client c(port_);
  std::set<std::string> ids;
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(c.send(get("/id")));
    auto r = c.read();
    EXPECT_EQ(r.get("x-request-id"), r.body);
    EXPECT_EQ(r.body.size(), 16u);
    EXPECT_EQ(r.body.find_first_not_of("0123456789abcdef"), std::string::npos);
    ids.insert(r.body);
  }
  EXPECT_EQ(ids.size(), 20u);
}

TEST_F(ServerTest, HeadGetsHeadersOnly) {
  Client c(port_);
  ASSERT_TRUE(c.send("HEAD /h HTTP/1.1\r\nHost: t\r\n\r\n" + get("/next")));
  auto r = c.read(/*head=*/true);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.get("content-length"), std::to_string(std::string("HEAD /h ").size()));
  // If the server had sent a body, it would be read as the start of the next response.
  auto next = c.read();
  EXPECT_EQ(next.status, 200);
  EXPECT_EQ(next.body, "GET /next ");
}

TEST_F(ServerTest, Http10WithoutKeepAliveIsClosed) {
  Client c(port_);
  ASSERT_TRUE(c.send("GET /x HTTP/1.0\r\n\r\n"));
  EXPECT_EQ(c.read().status, 200);
  EXPECT_TRUE(c.closed_within());
}

TEST_F(ServerTest, HandlerRunsOffTheIoThreads) {
  // One I/O thread: if a handler ran on it, a slow handler would stall every other connection.
  auto o = base_options();
  o.io_threads = 1;
  o.worker_threads = 2;
  start(o);
  Client busy(port_);
  ASSERT_TRUE(busy.send(get("/gate")));
  ASSERT_TRUE(gate().wait_entered());
  // The first handler is still running: the second connection is served all the same.
  Client fast(port_);
  ASSERT_TRUE(fast.send(get("/fast")));
  EXPECT_EQ(fast.read().status, 200);
  gate().open();
  EXPECT_EQ(busy.read().status, 200);
}

TEST_F(ServerTest, PerIpConnectionCap) {
  auto o = base_options();
  o.max_connections_per_ip = 3;
  start(o);
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < 3; ++i) {
    clients.push_back(std::make_unique<Client>(port_));
    ASSERT_TRUE(clients.back()->send(get("/k")));
    EXPECT_EQ(clients.back()->read().status, 200);
  }
  Client fourth(port_);
  auto r = fourth.read();  // answered without sending anything
  EXPECT_EQ(r.status, 503);
  EXPECT_TRUE(fourth.closed_within());
  // A slot frees up when one closes.
  clients.pop_back();
  auto deadline = SteadyClock::now() + kHangGuard;
  while (server_->open_connections() > 2 && SteadyClock::now() < deadline)
    std::this_thread::sleep_for(10ms);
  Client again(port_);
  ASSERT_TRUE(again.send(get("/k")));
  EXPECT_EQ(again.read().status, 200);
}

TEST_F(ServerTest, TotalConnectionCap) {
  auto o = base_options();
  o.max_connections = 2;
  start(o);
  Client a(port_), b(port_);
  ASSERT_TRUE(a.send(get("/k")));
  ASSERT_TRUE(b.send(get("/k")));
  EXPECT_EQ(a.read().status, 200);
  EXPECT_EQ(b.read().status, 200);
  Client c(port_);
  EXPECT_EQ(c.read().status, 503);
}

TEST_F(ServerTest, PartialHeaderIsClosedAfterTheHeaderTimeout) {
  auto o = base_options();
  o.header_timeout = 1s;
  start(o);
  Client c(port_);
  auto t0 = SteadyClock::now();
  ASSERT_TRUE(c.send("GET / HTTP/1.1\r\nHost: t\r\nX-Slow: "));
  // A byte every 200 ms for as long as the connection stays open: if trickling extended the deadline, it
  // would never be closed.
  bool closed = false;
  for (const auto guard = t0 + kHangGuard; !closed && SteadyClock::now() < guard;)
    closed = c.closed_within(200ms) || !c.send("a");
  EXPECT_TRUE(closed);
  EXPECT_GE(SteadyClock::now() - t0, 900ms);
}

TEST_F(ServerTest, IdleKeepAliveIsClosed) {
  auto o = base_options();
  o.keep_alive_idle = 1s;
  start(o);
  Client c(port_);
  ASSERT_TRUE(c.send(get("/k")));
  EXPECT_EQ(c.read().status, 200);
  auto t0 = SteadyClock::now();
  EXPECT_TRUE(c.closed_within());
  EXPECT_GE(SteadyClock::now() - t0, 900ms);
}

TEST_F(ServerTest, SlowBodyIsClosed) {
  auto o = base_options();
  o.body_min_rate_window = 1s;
  start(o);
  Client c(port_);
  auto t0 = SteadyClock::now();
  ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10000\r\n\r\n0123456789"));
  EXPECT_TRUE(c.closed_within());
  EXPECT_GE(SteadyClock::now() - t0, 900ms);
  EXPECT_TRUE(c.pending().empty());  // no answer: the handler never ran
}

TEST_F(ServerTest, GracefulStopFinishesInFlightRequestsAndClosesIdleOnes) {
  Client idle(port_);
  ASSERT_TRUE(idle.send(get("/k")));
  EXPECT_EQ(idle.read().status, 200);

  Client busy(port_);
  ASSERT_TRUE(busy.send(get("/gate")));
  ASSERT_TRUE(gate().wait_entered());
  // A grace far beyond the hang guard: stop must return because the request finished, not because the
  // grace ran out.
  auto stopped = std::async(std::launch::async, [&] { server_->stop(10 * kHangGuard); });
  EXPECT_TRUE(idle.closed_within());  // idle keep-alive: closed while the other request still runs
  gate().open();
  auto r = busy.read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "GET /gate ");
  EXPECT_NE(r.get("connection").find("close"), std::string::npos);
  ASSERT_EQ(stopped.wait_for(kHangGuard), std::future_status::ready);
  EXPECT_EQ(server_->open_connections(), 0u);
  // Not accepting any more.
  EXPECT_THROW(
      {
        Client late(port_);
        if (late.read(false, 500ms).status == 0) throw std::runtime_error("no answer");
      },
      std::runtime_error);
}

TEST_F(ServerTest, StopForceClosesAfterTheGrace) {
  Client busy(port_);
  ASSERT_TRUE(busy.send(get("/gate")));
  ASSERT_TRUE(gate().wait_entered());
  auto stopped = std::async(std::launch::async, [&] { server_->stop(100ms); });
  // The handler is still running: after the grace its connection is closed without an answer.
  EXPECT_TRUE(busy.closed_within());
  EXPECT_TRUE(busy.pending().empty());
  gate().open();  // stop waits for the handler threads
  ASSERT_EQ(stopped.wait_for(kHangGuard), std::future_status::ready);
}

TEST_F(ServerTest, ForwardedForOnlyFromTrustedProxies) {
  {
    Client c(port_);  // not trusted: the header is ignored
    ASSERT_TRUE(c.send(get("/ip", "X-Forwarded-For: 203.0.113.9\r\n")));
    EXPECT_EQ(c.read().body, "127.0.0.1");
  }
  auto o = base_options();
  o.trusted_proxies = {"127.0.0.1", "10.0.0.1"};
  start(o);
  auto ip_for = [&](std::string xff) {
    Client c(port_);
    c.send(get("/ip", xff.empty() ? "" : "X-Forwarded-For: " + xff + "\r\n"));
    return c.read().body;
  };
  EXPECT_EQ(ip_for("203.0.113.9"), "203.0.113.9");
  EXPECT_EQ(ip_for("1.1.1.1, 203.0.113.9, 10.0.0.1"), "203.0.113.9");  // right-most untrusted
  EXPECT_EQ(ip_for("203.0.113.9, nonsense"), "127.0.0.1");
  EXPECT_EQ(ip_for(""), "127.0.0.1");
}

TEST_F(ServerTest, MetricsAreRecorded) {
  Metrics m;
  auto o = base_options();
  o.metrics = &m;
  start(o);
  Client c(port_);
  ASSERT_TRUE(c.send(get("/echo") + get("/other") + "TRACE / HTTP/1.1\r\nHost: t\r\n\r\n"));
  for (int i = 0; i < 3; ++i)
    EXPECT_NE(c.read().status, 0);
  // Recorded once the write completes, which may be just after the client has the bytes.
  std::string text;
  for (auto deadline = SteadyClock::now() + kHangGuard; SteadyClock::now() < deadline;
       std::this_thread::sleep_for(5ms)) {
    text = m.render();
    if (text.find("minsheng_http_request_duration_seconds_count 3") != std::string::npos) break;
  }
  EXPECT_NE(text.find("minsheng_http_requests_total{method=\"GET\",route=\"/echo\",status=\"200\"} 1"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("minsheng_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"200\"} 1"),
            std::string::npos);
  EXPECT_NE(text.find("status=\"405\"} 1"), std::string::npos);
  EXPECT_NE(text.find("minsheng_http_request_duration_seconds_count 3"), std::string::npos);
  EXPECT_NE(text.find("minsheng_http_open_connections 1"), std::string::npos) << text;
  server_.reset();
  EXPECT_NE(m.render().find("minsheng_http_open_connections 0"), std::string::npos);  // no dangling gauge
}

TEST_F(ServerTest, AccessLogIsJsonWithoutQueryOrBody) {
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  auto logger = std::make_shared<spdlog::logger>("access", sink);
  logger->set_pattern("%v");
  spdlog::drop("access");
  spdlog::register_logger(logger);
  auto o = base_options();
  o.access_log = true;
  start(o);
  {
    Client c(port_);
    ASSERT_TRUE(c.send(
        "POST /echo?token=SECRET HTTP/1.1\r\nHost: t\r\nCookie: sid=COOKIE\r\nContent-Length: 4\r\n\r\n"
        "BODY"));
    EXPECT_EQ(c.read().status, 200);
  }
  server_.reset();
  logger->flush();
  spdlog::drop("access");
  auto text = out.str();
  EXPECT_EQ(text.find("SECRET"), std::string::npos);
  EXPECT_EQ(text.find("COOKIE"), std::string::npos);
  EXPECT_EQ(text.find("BODY"), std::string::npos);
  auto line = boost::json::parse(text.substr(0, text.find('\n'))).as_object();
  EXPECT_EQ(line.at("path").as_string(), "/echo");
  EXPECT_EQ(line.at("method").as_string(), "POST");
  EXPECT_EQ(line.at("status").as_int64(), 200);
  EXPECT_EQ(line.at("ip").as_string(), "127.0.0.1");
  EXPECT_EQ(line.at("route").as_string(), "/echo");
  EXPECT_EQ(line.at("id").as_string().size(), 16u);
  EXPECT_TRUE(line.contains("ts"));
  EXPECT_TRUE(line.contains("dur_ms"));
  EXPECT_TRUE(line.contains("bytes"));
}

TEST_F(ServerTest, DateHeaderComesFromTheInjectedClock) {
  // 2026-12-31 23:30:00 in Asia/Shanghai: the back office reads "today" from this header.
  FakeClock clock(std::chrono::sys_days{std::chrono::year{2026} / 12 / 31} + std::chrono::hours{15} +
                  std::chrono::minutes{30});
  auto o = base_options();
  o.clock = &clock;
  start(o);
  Client c(port_);
  ASSERT_TRUE(c.send(get("/a")));
  EXPECT_EQ(c.read().get("date"), "Thu, 31 Dec 2026 15:30:00 GMT");
  clock.advance(std::chrono::hours{9});
  ASSERT_TRUE(c.send(get("/throw")));  // error answers carry it too
  auto r = c.read();
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.get("date"), "Fri, 01 Jan 2027 00:30:00 GMT");
}

TEST(HttpDate, IsAnImfFixdateInGmtTruncatedToTheSecond) {
  using namespace std::chrono;
  EXPECT_EQ(http_date(sys_days{year{1994} / 11 / 6} + hours{8} + minutes{49} + seconds{37}),
            "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(
      http_date(sys_days{year{2028} / 2 / 29} + hours{23} + minutes{59} + seconds{59} + milliseconds{999}),
      "Tue, 29 Feb 2028 23:59:59 GMT");
  EXPECT_EQ(http_date(sys_days{year{2035} / 1 / 1}), "Mon, 01 Jan 2035 00:00:00 GMT");
}

TEST(DefaultSecurityHeaders, AreLowerCaseAndComplete) {
  auto h = default_security_headers();
  EXPECT_EQ(h.size(), 6u);
  for (auto& [name, value] : h) {
    for (char ch : name)
      EXPECT_FALSE(ch >= 'A' && ch <= 'Z') << name;
  }
}

}  // namespace
}  // namespace minsheng::http
