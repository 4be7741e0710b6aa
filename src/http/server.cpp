#include "http/server.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <condition_variable>
#include <csignal>
#include <ctime>
#include <future>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "core/text.hpp"
#include "http/metrics.hpp"

namespace minsheng::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kMinBodyBytesPerWindow = 1024;
constexpr std::size_t kDrainLimit = 64 * 1024;  // bytes read-and-discarded before closing after an error

// Beast's HTTP errors: the client sent something that is not HTTP (or not HTTP we accept).
bool is_http_error(const beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::end_of_stream).category();
}

std::string new_request_id() {
  thread_local std::mt19937_64 rng = [] {
    std::random_device rd;
    std::seed_seq seq{rd(), rd(), rd(), rd()};
    return std::mt19937_64(seq);
  }();
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t v = rng();
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = kHex[v & 0xf];
    v >>= 4;
  }
  return out;
}

// The textual IP of an address; IPv4-mapped IPv6 addresses become plain IPv4.
std::string ip_string(const asio::ip::address& a) {
  if (a.is_v6() && a.to_v6().is_v4_mapped()) return a.to_v6().to_v4().to_string();
  return a.to_string();
}

std::optional<std::string> normalise_ip(std::string_view text) {
  boost::system::error_code ec;
  auto a = asio::ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  return ip_string(a);
}

std::string utc_now_iso() {
  auto now = std::chrono::system_clock::now();
  auto secs = std::chrono::system_clock::to_time_t(now);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

std::shared_ptr<spdlog::logger> access_logger() {
  static std::mutex mu;
  std::lock_guard lock(mu);
  if (auto l = spdlog::get("access")) return l;
  auto l = spdlog::stdout_logger_mt("access");
  l->set_pattern("%v");
  return l;
}

struct Conn {
  explicit Conn(tcp::socket s) : stream(std::move(s)) {}
  beast::tcp_stream stream;
  std::string ip;
  bool idle = false;  // waiting for (the header of) the next request; only touched on the stream's strand
};

// What the access log and the metrics need to know about one exchange.
struct Exchange {
  std::string request_id;
  std::string method = "-";
  Method method_kind = Method::Other;
  std::string path;
  std::string ip;
  std::string route;
  Clock::time_point start = Clock::now();
};

}  // namespace

std::string http_date(TimePoint t) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto secs = std::chrono::system_clock::to_time_t(std::chrono::floor<std::chrono::seconds>(t));
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday], tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

Headers default_security_headers() {
  return {
      {"content-security-policy",
       "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'self'; form-action 'self'; frame-ancestors 'self'"},
      {"x-content-type-options", "nosniff"},
      {"referrer-policy", "strict-origin-when-cross-origin"},
      {"x-frame-options", "SAMEORIGIN"},
      {"cross-origin-opener-policy", "same-origin"},
      {"permissions-policy", "geolocation=(self), camera=(self), microphone=()"},
  };
}

struct Server::Impl {
  Impl(ServerOptions o, Handler h) : opt(std::move(o)), handler(std::move(h)) {}

  ServerOptions opt;
  Handler handler;
  std::shared_ptr<spdlog::logger> access;

  // Connection book-keeping (any thread).
  mutable std::mutex mu;
  std::condition_variable cv;
  std::unordered_map<Conn*, std::shared_ptr<Conn>> conns;
  std::unordered_map<std::string, std::size_t> per_ip;
  std::shared_ptr<std::atomic<std::size_t>> open_count = std::make_shared<std::atomic<std::size_t>>(0);

  std::atomic<bool> running{false};
  std::atomic<bool> stopping{false};
  std::mutex stop_mu;  // one stop() at a time

  std::unique_ptr<asio::thread_pool> pool;
  std::vector<std::thread> io_threads;
  // Declared last among the Asio objects' owners: destroyed first among them, while the state above (which
  // connection coroutines touch when their frames are destroyed) is still alive.
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc};

  // --- connection registry ---
  std::shared_ptr<Conn> try_admit(tcp::socket& socket, const std::string& ip) {
    std::lock_guard lock(mu);
    if (conns.size() >= opt.max_connections) return nullptr;
    auto& n = per_ip[ip];
    if (n >= opt.max_connections_per_ip) {
      if (n == 0) per_ip.erase(ip);
      return nullptr;
    }
    ++n;
    auto c = std::make_shared<Conn>(std::move(socket));
    c->ip = ip;
    conns.emplace(c.get(), c);
    open_count->store(conns.size());
    return c;
  }

  void release(Conn* c) {
    std::lock_guard lock(mu);
    auto it = conns.find(c);
    if (it == conns.end()) return;
    auto ip_it = per_ip.find(c->ip);
    if (ip_it != per_ip.end() && --ip_it->second == 0) per_ip.erase(ip_it);
    conns.erase(it);
    open_count->store(conns.size());
    cv.notify_all();
  }

  // Closes connections on their own strands; `only_idle` spares those with a request in flight.
  void close_connections(bool only_idle) {
    std::vector<std::shared_ptr<Conn>> all;
    {
      std::lock_guard lock(mu);
      for (auto& [p, c] : conns)
        all.push_back(c);
    }
    for (auto& c : all) {
      asio::post(c->stream.get_executor(), [c, only_idle] {
        if (only_idle && !c->idle) return;
        beast::error_code ec;
        c->stream.socket().shutdown(tcp::socket::shutdown_both, ec);
        c->stream.close();
      });
    }
  }

  // --- responses ---
  bhttp::response<bhttp::string_body> to_beast(Response& r, const Exchange& ex, unsigned version,
                                               bool keep_alive, bool head) {
    bhttp::response<bhttp::string_body> res;
    res.version(version);
    res.result(static_cast<unsigned>(r.status));
    for (auto& [name, value] : r.headers) {
      auto n = ascii_lower(name);
      if (n == "server" || n == "connection" || n == "content-length" || n == "transfer-encoding" ||
          n == "x-request-id" || n == "keep-alive")
        continue;
      res.insert(n, value);
    }
    for (auto& [name, value] : opt.default_headers)
      if (res.find(name) == res.end()) res.insert(name, value);
    if (res.find(bhttp::field::date) == res.end())
      res.set(bhttp::field::date, http_date(opt.clock ? opt.clock->now() : std::chrono::system_clock::now()));
    res.set("x-request-id", ex.request_id);
    const bool no_body = r.status == 204 || r.status == 304 || (r.status >= 100 && r.status < 200);
    if (no_body) {
      r.body.clear();
    } else {
      res.content_length(r.body.size());
      if (!head) res.body() = r.body;
    }
    res.keep_alive(keep_alive);
    return res;
  }

  void record(const Exchange& ex, int status, std::size_t bytes) {
    auto elapsed = Clock::now() - ex.start;
    if (opt.metrics) {
      opt.metrics->observe(std::string(method_name(ex.method_kind)),
                           ex.route.empty() ? "unmatched" : ex.route, status,
                           std::chrono::duration_cast<std::chrono::microseconds>(elapsed));
    }
    if (opt.access_log && access) {
      boost::json::object line{
          {"ts", utc_now_iso()}, {"id", ex.request_id},
          {"ip", ex.ip},         {"method", ex.method},
          {"path", ex.path},     {"status", status},
          {"bytes", bytes},      {"dur_ms", std::chrono::duration<double, std::milli>(elapsed).count()},
          {"route", ex.route},
      };
      access->info("{}", boost::json::serialize(line));
    }
  }

  asio::awaitable<bool> write(Conn& c, Response r, const Exchange& ex, unsigned version, bool keep_alive,
                              bool head) {
    auto res = to_beast(r, ex, version, keep_alive, head);
    c.stream.expires_after(opt.write_timeout);
    auto [ec, n] = co_await bhttp::async_write(c.stream, res, kTuple);
    record(ex, r.status, head ? 0 : r.body.size());
    co_return !ec;
  }

  // After an error answer: stop sending, read and discard a little of what the client still sends (so the
  // kernel does not reset the connection before the answer arrives), then close.
  asio::awaitable<void> lingering_close(Conn& c) {
    beast::error_code ec;
    c.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    std::array<char, 8192> scratch;
    std::size_t total = 0;
    c.stream.expires_after(std::chrono::milliseconds(500));
    while (total < kDrainLimit) {
      auto [rec, n] = co_await c.stream.async_read_some(asio::buffer(scratch), kTuple);
      if (rec) break;
      total += n;
    }
    c.stream.close();
  }

  asio::awaitable<void> reject(Conn& c, Exchange& ex, ErrorCode code, const char* key,
                               unsigned version = 11) {
    if (ex.request_id.empty()) ex.request_id = new_request_id();
    co_await write(c, Response::error(Error::make(code, key), ex.request_id), ex, version, false, false);
    co_await lingering_close(c);
  }

  std::string client_ip(const std::string& peer, const bhttp::request_header<>& h) const {
    auto trusted = [&](const std::string& ip) {
      return std::find(opt.trusted_proxies.begin(), opt.trusted_proxies.end(), ip) !=
             opt.trusted_proxies.end();
    };
    if (!trusted(peer)) return peer;
    std::vector<std::string_view> hops;
    for (auto it = h.find("x-forwarded-for");
         it != h.end() && beast::iequals(it->name_string(), "x-forwarded-for"); ++it) {
      std::string_view v(it->value().data(), it->value().size());
      while (!v.empty()) {
        auto comma = v.find(',');
        hops.push_back(trim_ows(v.substr(0, comma)));
        if (comma == std::string_view::npos) break;
        v.remove_prefix(comma + 1);
      }
    }
    std::string candidate = peer;
    for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
      auto ip = normalise_ip(*it);
      if (!ip) break;
      candidate = *ip;
      if (!trusted(candidate)) break;
    }
    return candidate;
  }

  Response call_handler(Request& req) {
    try {
      return handler(req);
    } catch (const std::exception& e) {
      spdlog::error("request {}: handler threw: {}", req.request_id, e.what());
    } catch (...) {
      spdlog::error("request {}: handler threw a non-standard exception", req.request_id);
    }
    return Response::error(Error::make(ErrorCode::Internal, "error.internal"), req.request_id);
  }

  // --- the connection coroutine ---
  asio::awaitable<void> session(std::shared_ptr<Conn> conn) {
    struct Release {
      Impl* self;
      Conn* c;
      ~Release() { self->release(c); }
    } release_guard{this, conn.get()};
    try {
      co_await serve(*conn);
    } catch (const std::exception& e) {
      spdlog::warn("http connection from {}: {}", conn->ip, e.what());
    }
    conn->stream.close();
  }

  asio::awaitable<void> serve(Conn& c) {
    beast::flat_buffer buf;
    bool first = true;
    while (!stopping.load()) {
      // 1. Wait for the first byte of the next request (idle keep-alive time, or the header time at first).
      c.idle = true;
      c.stream.expires_after(first || buf.size() != 0 ? opt.header_timeout : opt.keep_alive_idle);
      if (buf.size() == 0) {
        auto [ec, n] = co_await c.stream.async_read_some(buf.prepare(16 * 1024), kTuple);
        if (ec) co_return;  // end of stream, idle timeout, shutdown, reset
        buf.commit(n);
        if (!first) c.stream.expires_after(opt.header_timeout);
      }
      first = false;

      // 2. The header, within header_timeout and the size limits.
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(opt.header_limit + opt.url_limit + 64));
      parser.body_limit(boost::none);  // decided after the header
      Exchange ex;
      ex.ip = c.ip;
      auto [hec, header_bytes] = co_await bhttp::async_read_header(c.stream, buf, parser, kTuple);
      if (hec == bhttp::error::header_limit) {
        // Too large overall: blame the URL when the request line alone is over its limit.
        std::string_view data(static_cast<const char*>(buf.data().data()), buf.size());
        auto eol = data.find("\r\n");
        bool long_line = eol == std::string_view::npos || eol > opt.url_limit;
        c.idle = false;
        co_await reject(c, ex, long_line ? ErrorCode::UriTooLong : ErrorCode::HeaderTooLarge,
                        long_line ? "error.uri_too_long" : "error.header_too_large");
        co_return;
      }
      if (hec == bhttp::error::end_of_stream || hec == beast::error::timeout ||
          hec == asio::error::operation_aborted || hec == asio::error::connection_reset ||
          hec == asio::error::bad_descriptor || hec == asio::error::eof)
        co_return;
      if (hec) {
        if (!is_http_error(hec) || hec == bhttp::error::partial_message) co_return;  // a socket problem
        c.idle = false;
        co_await reject(c, ex, ErrorCode::InvalidArgument, "error.bad_request");
        co_return;
      }
      c.idle = false;
      auto& h = parser.get();
      ex.request_id = new_request_id();
      ex.start = Clock::now();
      ex.method = std::string(h.method_string());
      ex.method_kind = method_from_string(ex.method);
      std::string_view target(h.target().data(), h.target().size());
      ex.path = std::string(target.substr(0, target.find('?')));
      ex.ip = client_ip(c.ip, h);
      const unsigned version = h.version();

      if (target.size() > opt.url_limit) {
        co_await reject(c, ex, ErrorCode::UriTooLong, "error.uri_too_long", version);
        co_return;
      }
      if (header_bytes - target.size() > opt.header_limit) {
        co_await reject(c, ex, ErrorCode::HeaderTooLarge, "error.header_too_large", version);
        co_return;
      }
      const bool has_te = h.find(bhttp::field::transfer_encoding) != h.end();
      const bool has_cl = h.find(bhttp::field::content_length) != h.end();
      if ((has_te && has_cl) || (has_te && !parser.chunked())) {
        co_await reject(c, ex, ErrorCode::InvalidArgument, "error.bad_request", version);
        co_return;
      }
      if (h.method() == bhttp::verb::trace || h.method() == bhttp::verb::connect ||
          ex.method_kind == Method::Other) {
        co_await reject(c, ex, ErrorCode::MethodNotAllowed, "error.method_not_allowed", version);
        co_return;
      }

      // 3. The body, within its limit and at a minimum rate.
      std::string_view content_type(h[bhttp::field::content_type].data(),
                                    h[bhttp::field::content_type].size());
      const bool multipart =
          ascii_lower(trim_ows(content_type.substr(0, content_type.find(';')))) == "multipart/form-data";
      const std::size_t limit = multipart ? opt.upload_body_limit : opt.json_body_limit;
      if (auto cl = parser.content_length(); cl && *cl > limit) {
        co_await reject(c, ex, ErrorCode::ContentTooLarge, "error.content_too_large", version);
        co_return;
      }
      parser.body_limit(limit);
      if (!parser.is_done()) {
        auto expect = h[bhttp::field::expect];
        if (beast::iequals(expect, "100-continue")) {
          static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
          c.stream.expires_after(opt.write_timeout);
          auto [wec, wn] = co_await asio::async_write(c.stream, asio::buffer(kContinue), kTuple);
          if (wec) co_return;
        }
      }
      std::size_t window_bytes = 0;
      c.stream.expires_after(opt.body_min_rate_window);
      while (!parser.is_done()) {
        auto [bec, n] = co_await bhttp::async_read_some(c.stream, buf, parser, kTuple);
        if (bec == bhttp::error::body_limit) {
          co_await reject(c, ex, ErrorCode::ContentTooLarge, "error.content_too_large", version);
          co_return;
        }
        if (bec) {
          if (is_http_error(bec) && bec != bhttp::error::end_of_stream &&
              bec != bhttp::error::partial_message) {
            co_await reject(c, ex, ErrorCode::InvalidArgument, "error.bad_request", version);
          }
          co_return;  // timeout (too slow), end of stream, reset
        }
        window_bytes += n;
        if (window_bytes >= kMinBodyBytesPerWindow) {
          window_bytes = 0;
          c.stream.expires_after(opt.body_min_rate_window);
        }
      }

      // 4. The handler, on the worker pool.
      Request req;
      req.method = ex.method_kind;
      req.method_text = ex.method;
      req.target = std::string(target);
      req.path = ex.path;
      if (auto q = target.find('?'); q != std::string_view::npos)
        req.query = std::string(target.substr(q + 1));
      for (const auto& f : h)
        req.headers.emplace_back(ascii_lower(f.name_string()), std::string(f.value()));
      req.remote_addr = ex.ip;
      req.request_id = ex.request_id;
      req.tls = false;
      const bool keep_alive = h.keep_alive();
      req.body = std::move(parser.get().body());

      Response resp = co_await asio::co_spawn(
          pool->get_executor(), [this, &req]() -> asio::awaitable<Response> { co_return call_handler(req); },
          asio::use_awaitable);
      ex.route = resp.route_label;

      // 5. The answer.
      const bool again = keep_alive && !stopping.load();
      bool ok = co_await write(c, std::move(resp), ex, version, again, req.method == Method::Head);
      if (!ok) co_return;
      if (!again) {
        beast::error_code ec;
        c.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        co_return;
      }
    }
  }

  asio::awaitable<void> refuse(tcp::socket socket) {
    Conn c(std::move(socket));
    Exchange ex;
    boost::system::error_code ec;
    auto ep = c.stream.socket().remote_endpoint(ec);
    if (!ec) ex.ip = ip_string(ep.address());
    ex.request_id = new_request_id();
    co_await write(c,
                   Response::error(Error::make(ErrorCode::Unavailable, "error.unavailable"), ex.request_id),
                   ex, 11, false, false);
    c.stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    c.stream.close();
  }

  asio::awaitable<void> accept_loop() {
    while (acceptor.is_open()) {
      auto [ec, accepted] = co_await acceptor.async_accept(asio::make_strand(ioc), kTuple);
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
        spdlog::warn("http accept: {}", ec.message());
        // Out of descriptors and the like: back off briefly instead of spinning.
        asio::steady_timer t(ioc, std::chrono::milliseconds(50));
        co_await t.async_wait(kTuple);
        continue;
      }
      tcp::socket socket(std::move(accepted));  // keeps its strand as the (type-erased) executor
      if (stopping.load()) {
        socket.close(ec);
        continue;
      }
      auto ep = socket.remote_endpoint(ec);
      if (ec) continue;
      std::string ip = ip_string(ep.address());
      socket.set_option(tcp::no_delay(true), ec);
      auto executor = socket.get_executor();
      auto conn = try_admit(socket, ip);
      if (!conn) {
        // `socket` was not moved from when admission failed.
        asio::co_spawn(executor, refuse(std::move(socket)), asio::detached);
        continue;
      }
      asio::co_spawn(conn->stream.get_executor(), session(conn), asio::detached);
    }
  }
};

Server::Server(ServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

Server::~Server() {
  stop();
}

std::uint16_t Server::start() {
  auto& im = *impl_;
  if (im.running.load()) return im.acceptor.local_endpoint().port();
  if (im.opt.access_log) im.access = access_logger();
  tcp::endpoint ep(asio::ip::make_address(im.opt.host), im.opt.port);
  im.acceptor.open(ep.protocol());
  im.acceptor.set_option(asio::socket_base::reuse_address(true));
  im.acceptor.bind(ep);
  im.acceptor.listen(asio::socket_base::max_listen_connections);
  const auto port = im.acceptor.local_endpoint().port();
  if (im.opt.metrics) {
    im.opt.metrics->add_gauge("minsheng_http_open_connections", "Open HTTP connections.",
                              [count = im.open_count] { return static_cast<double>(count->load()); });
  }
  im.pool = std::make_unique<asio::thread_pool>(static_cast<std::size_t>(std::max(1, im.opt.worker_threads)));
  asio::co_spawn(im.ioc, im.accept_loop(), asio::detached);
  im.running = true;
  for (int i = 0; i < std::max(1, im.opt.io_threads); ++i)
    im.io_threads.emplace_back([&im] { im.ioc.run(); });
  return port;
}

void Server::stop(std::chrono::milliseconds grace) {
  auto& im = *impl_;
  std::lock_guard stop_lock(im.stop_mu);
  if (!im.running.load()) return;
  im.stopping = true;
  asio::post(im.ioc, [&im] {
    boost::system::error_code ec;
    im.acceptor.close(ec);
  });
  im.close_connections(/*only_idle=*/true);
  {
    std::unique_lock lock(im.mu);
    im.cv.wait_for(lock, grace, [&] { return im.conns.empty(); });
  }
  im.close_connections(/*only_idle=*/false);
  im.pool->join();  // handlers finish; their connections then find their sockets closed
  {
    std::unique_lock lock(im.mu);
    im.cv.wait_for(lock, std::chrono::seconds(2), [&] { return im.conns.empty(); });
  }
  im.ioc.stop();
  for (auto& t : im.io_threads)
    t.join();
  im.io_threads.clear();
  im.running = false;
}

void Server::run_until_signal() {
  auto& im = *impl_;
  if (!im.running.load()) start();
  auto got = std::make_shared<std::promise<int>>();
  auto fut = got->get_future();
  asio::signal_set signals(im.ioc, SIGTERM, SIGINT);
  signals.async_wait([got](const boost::system::error_code& ec, int sig) { got->set_value(ec ? 0 : sig); });
  // Also return when someone else calls stop().
  while (fut.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready && im.running.load()) {
  }
  if (fut.wait_for(std::chrono::seconds(0)) == std::future_status::ready)
    spdlog::info("http: signal {} received, stopping", fut.get());
  stop();  // joins the I/O threads before `signals` goes away
}

std::size_t Server::open_connections() const {
  std::lock_guard lock(impl_->mu);
  return impl_->conns.size();
}

}  // namespace minsheng::http
