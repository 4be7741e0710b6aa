#pragma once
// Transport-independent request and response: what handlers see. No Beast here, so handlers and tests
// need no sockets (ARCHITECTURE.md "Transport").
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace boost::json {
class value;
}

namespace minsheng::http {

enum class Method { Get, Head, Post, Put, Patch, Delete, Options, Other };

Method method_from_string(std::string_view m);
std::string_view method_name(Method m);
inline bool is_unsafe(Method m) {
  return m != Method::Get && m != Method::Head && m != Method::Options;
}

using Headers = std::vector<std::pair<std::string, std::string>>;  // names in lower case

struct Request {
  Method method = Method::Get;
  std::string method_text;  // as sent, for logs
  std::string target;       // raw request target, e.g. "/api/v1/users?pageNum=1"
  std::string path;         // target before '?', still percent-encoded
  std::string query;        // target after '?', without it
  Headers headers;
  std::string body;
  std::string remote_addr;  // peer IP (the server resolves X-Forwarded-For from trusted proxies only)
  std::string request_id;   // set by the server
  bool tls = false;

  // The first header with this (lower-case) name.
  std::optional<std::string_view> header(std::string_view lower_name) const;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  std::string route_label;  // the matched route pattern, for metrics and logs ("" when none matched)

  void set_header(std::string name, std::string value);  // replaces an existing header of that name
  std::optional<std::string_view> header(std::string_view lower_name) const;

  static Response json(int status, const boost::json::value& v);
  static Response text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
  // {"error":{"code","message","fields":[{"field","message"}],"requestId"}} with the status of e.code.
  static Response error(const Error& e, std::string_view request_id);
};

}  // namespace minsheng::http
