#include "http/message.hpp"

#include <boost/json.hpp>

namespace minsheng::http {
namespace {

std::optional<std::string_view> find_header(const Headers& headers, std::string_view lower_name) {
  for (const auto& [name, value] : headers)
    if (name == lower_name) return std::string_view(value);
  return std::nullopt;
}

}  // namespace

Method method_from_string(std::string_view m) {
  if (m == "GET") return Method::Get;
  if (m == "HEAD") return Method::Head;
  if (m == "POST") return Method::Post;
  if (m == "PUT") return Method::Put;
  if (m == "PATCH") return Method::Patch;
  if (m == "DELETE") return Method::Delete;
  if (m == "OPTIONS") return Method::Options;
  return Method::Other;
}

std::string_view method_name(Method m) {
  switch (m) {
    case Method::Get:
      return "GET";
    case Method::Head:
      return "HEAD";
    case Method::Post:
      return "POST";
    case Method::Put:
      return "PUT";
    case Method::Patch:
      return "PATCH";
    case Method::Delete:
      return "DELETE";
    case Method::Options:
      return "OPTIONS";
    case Method::Other:
      return "OTHER";
  }
  return "OTHER";
}

std::optional<std::string_view> Request::header(std::string_view lower_name) const {
  return find_header(headers, lower_name);
}

std::optional<std::string_view> Response::header(std::string_view lower_name) const {
  return find_header(headers, lower_name);
}

void Response::set_header(std::string name, std::string value) {
  for (auto& [n, v] : headers) {
    if (n == name) {
      v = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

Response Response::json(int status, const boost::json::value& v) {
  Response r;
  r.status = status;
  r.body = boost::json::serialize(v);
  r.headers.emplace_back("content-type", "application/json; charset=utf-8");
  return r;
}

Response Response::text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers.emplace_back("content-type", std::move(content_type));
  return r;
}

Response Response::error(const Error& e, std::string_view request_id) {
  boost::json::array fields;
  for (const auto& f : e.fields)
    fields.push_back(boost::json::object{{"field", f.field}, {"message", f.message}});
  std::string message = e.message();
  if (!e.fields.empty() && e.key == "error.invalid_field") message = e.fields.front().message;
  boost::json::object err{{"code", error_code_name(e.code)},
                          {"message", message},
                          {"fields", std::move(fields)},
                          {"requestId", request_id}};
  return json(http_status(e.code), boost::json::object{{"error", std::move(err)}});
}

}  // namespace minsheng::http
