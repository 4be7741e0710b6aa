#include "core/public_address.hpp"

#include <arpa/inet.h>

#include <array>
#include <cstdint>
#include <optional>

#include "core/messages.hpp"
#include "core/text.hpp"

namespace minsheng {
namespace {

struct Parts {
  std::string scheme;  // lower case
  std::string host;    // lower case; IPv6 without brackets
  bool ipv6 = false;
  std::string port;  // digits or ""
  std::string path;  // "" or "/prefix" without a trailing "/"
};

Error bad(std::string_view field, std::string_view key) {
  return Error::field(ErrorCode::InvalidArgument, std::string(field), messages::for_field(key, field));
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// A DNS name: labels of letters, digits and "-" (not at either end), or UTF-8 (an internationalised name as
// typed, e.g. 民生.中国), separated by single dots; one trailing dot allowed.
bool valid_dns_name(std::string_view h) {
  if (h.ends_with('.')) h.remove_suffix(1);
  if (h.empty() || h.size() > 253) return false;
  std::size_t start = 0;
  while (start <= h.size()) {
    const std::size_t end = std::min(h.find('.', start), h.size());
    const std::string_view label = h.substr(start, end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      const auto u = static_cast<unsigned char>(c);
      if (!(u >= 0x80 || is_digit(c) || (c >= 'a' && c <= 'z') || c == '-')) return false;
    }
    start = end + 1;
  }
  return true;
}

// Four decimal parts 0–255 without leading zeros.
std::optional<std::array<int, 4>> parse_ipv4(std::string_view h) {
  std::array<int, 4> out{};
  std::size_t i = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (i >= h.size() || h[i] != '.') return std::nullopt;
      ++i;
    }
    const std::size_t start = i;
    int v = 0;
    while (i < h.size() && is_digit(h[i]) && i - start < 3)
      v = v * 10 + (h[i++] - '0');
    if (i == start || v > 255 || (i - start > 1 && h[start] == '0')) return std::nullopt;
    out[static_cast<std::size_t>(part)] = v;
  }
  if (i != h.size()) return std::nullopt;
  return out;
}

bool all_digits_and_dots(std::string_view h) {
  for (char c : h)
    if (!is_digit(c) && c != '.') return false;
  return !h.empty();
}

bool valid_path_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x80) return true;  // UTF-8 as typed
  if (u <= 0x20 || u == 0x7f) return false;
  switch (c) {
    case '"':
    case '<':
    case '>':
    case '\\':
    case '^':
    case '`':
    case '{':
    case '|':
    case '}':
      return false;
    default:
      return true;
  }
}

Result<Parts> parse(std::string_view url, std::string_view field) {
  for (char c : url)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return bad(field, "address.spaces");
  const auto colon = url.find("://");
  if (colon == std::string_view::npos) return bad(field, "address.scheme");
  Parts p;
  p.scheme = ascii_lower(url.substr(0, colon));
  if (p.scheme != "http" && p.scheme != "https") return bad(field, "address.scheme");
  std::string_view rest = url.substr(colon + 3);
  if (rest.find_first_of("?#") != std::string_view::npos) return bad(field, "address.query");
  const auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  if (authority.find('@') != std::string_view::npos) return bad(field, "address.userinfo");
  std::string_view host = authority;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return bad(field, "address.host");
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad(field, "address.host");
      p.port = std::string(after.substr(1));
      if (p.port.empty()) return bad(field, "address.port");
    }
    std::array<unsigned char, 16> buf{};
    if (host.empty() || inet_pton(AF_INET6, std::string(host).c_str(), buf.data()) != 1)
      return bad(field, "address.host");
    p.ipv6 = true;
  } else if (const auto c = authority.rfind(':'); c != std::string_view::npos) {
    host = authority.substr(0, c);
    p.port = std::string(authority.substr(c + 1));
    if (p.port.empty()) return bad(field, "address.port");
  }
  if (!p.port.empty()) {
    if (p.port.size() > 5) return bad(field, "address.port");
    int v = 0;
    for (char c : p.port) {
      if (!is_digit(c)) return bad(field, "address.port");
      v = v * 10 + (c - '0');
    }
    if (v < 1 || v > 65535) return bad(field, "address.port");
  }
  p.host = ascii_lower(host);
  if (!p.ipv6) {
    if (all_digits_and_dots(p.host) ? !parse_ipv4(p.host) : !valid_dns_name(p.host))
      return bad(field, "address.host");
  }
  while (path.ends_with('/'))
    path.remove_suffix(1);
  for (char c : path)
    if (!valid_path_char(c)) return bad(field, "address.path");
  if (path.find("//") != std::string_view::npos) return bad(field, "address.path");
  p.path = std::string(path);
  return p;
}

AddressProblem ipv4_problem(const std::array<int, 4>& a) {
  if (a[0] == 127) return AddressProblem::Loopback;
  if (a[0] == 0 || a[0] == 10 || (a[0] == 172 && a[1] >= 16 && a[1] <= 31) || (a[0] == 192 && a[1] == 168) ||
      (a[0] == 169 && a[1] == 254) || (a[0] == 100 && a[1] >= 64 && a[1] <= 127))
    return AddressProblem::Private;
  return AddressProblem::None;
}

AddressProblem ipv6_problem(const std::string& host) {
  std::array<unsigned char, 16> b{};
  if (inet_pton(AF_INET6, host.c_str(), b.data()) != 1) return AddressProblem::Invalid;
  bool zero_prefix = true;  // the first 80 bits
  for (std::size_t i = 0; i < 10; ++i)
    zero_prefix = zero_prefix && b[i] == 0;
  if (zero_prefix && b[10] == 0xff && b[11] == 0xff)  // ::ffff:a.b.c.d, an IPv4 address
    return ipv4_problem({b[12], b[13], b[14], b[15]});
  bool zero_to_14 = zero_prefix && b[10] == 0 && b[11] == 0 && b[12] == 0 && b[13] == 0 && b[14] == 0;
  if (zero_to_14 && b[15] == 1) return AddressProblem::Loopback;              // ::1
  if (zero_to_14 && b[15] == 0) return AddressProblem::Private;               // ::
  if ((b[0] & 0xfe) == 0xfc) return AddressProblem::Private;                  // fc00::/7
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return AddressProblem::Private;  // fe80::/10
  return AddressProblem::None;
}

AddressProblem name_problem(std::string_view h) {
  if (h.ends_with('.')) h.remove_suffix(1);
  if (h == "localhost" || h.ends_with(".localhost")) return AddressProblem::Loopback;
  if (h.find('.') == std::string_view::npos) return AddressProblem::Private;
  for (std::string_view suffix : {".local", ".lan", ".internal", ".intranet", ".home.arpa", ".localdomain"})
    if (h.ends_with(suffix)) return AddressProblem::Private;
  return AddressProblem::None;
}

}  // namespace

Result<std::string> normalize_public_address(std::string_view url, std::string_view field) {
  if (url.empty()) return bad(field, "field.required");
  auto p = parse(url, field);
  if (!p) return p.take_error();
  std::string out = p->scheme + "://" + (p->ipv6 ? "[" + p->host + "]" : p->host);
  if (!p->port.empty()) out += ":" + p->port;
  return out + p->path;
}

AddressProblem public_address_problem(std::string_view url) {
  if (url.empty()) return AddressProblem::Unset;
  auto p = parse(url, "url");
  if (!p) return AddressProblem::Invalid;
  AddressProblem host = p->ipv6                        ? ipv6_problem(p->host)
                        : all_digits_and_dots(p->host) ? ipv4_problem(*parse_ipv4(p->host))
                                                       : name_problem(p->host);
  if (host != AddressProblem::None) return host;
  return p->scheme == "https" ? AddressProblem::None : AddressProblem::NotHttps;
}

bool address_problem_blocks_print(AddressProblem p) {
  return p != AddressProblem::None && p != AddressProblem::NotHttps;
}

std::string public_address_warning(std::string_view url) {
  const AddressProblem p = public_address_problem(url);
  std::string_view key;
  switch (p) {
    case AddressProblem::None:
      return {};
    case AddressProblem::Unset:
      key = "address.warn.unset";
      break;
    case AddressProblem::Invalid:
      key = "address.warn.invalid";
      break;
    case AddressProblem::Loopback:
      key = "address.warn.loopback";
      break;
    case AddressProblem::Private:
      key = "address.warn.private";
      break;
    case AddressProblem::NotHttps:
      key = "address.warn.not_https";
      break;
  }
  const std::string shown(url.empty() ? kDefaultPublicAddress : url);
  return messages::format(key, {{"url", shown}}) + std::string(messages::text("address.warn.fix"));
}

}  // namespace minsheng
