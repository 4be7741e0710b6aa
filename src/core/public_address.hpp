#pragma once
// The public address (portal.base_url): the site citizens reach from their phones, printed as the QR code on
// signs, posters and leaflets. Pure checks, no network: whether a URL is acceptable as the address at all
// (`minsheng init --base-url`, `minsheng base-url`), and whether a phone outside the government network can
// open it (the warnings of the artwork editors, `minsheng print` and the print-run confirmation).
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace minsheng {

// The QR code's address when none is set (what `minsheng serve` listens on by default).
inline constexpr std::string_view kDefaultPublicAddress = "http://127.0.0.1:8080";

enum class AddressProblem {
  None,
  Unset,     // no address stored: the QR falls back to kDefaultPublicAddress
  Invalid,   // not an absolute http(s) URL with a host (e.g. typed into the database by hand)
  Loopback,  // 127.0.0.0/8, ::1, localhost and *.localhost: only the server itself
  Private,   // 10/8, 172.16/12, 192.168/16, 100.64/10 (carrier NAT), 169.254/16 and fe80::/10 (link-local),
             // 0.0.0.0/8 and ::, fc00::/7, *.local, *.lan, *.internal, *.home.arpa and single-label hosts
  NotHttps,  // reachable but plain http: phones and WeChat warn "不安全" (a warning, not a refusal)
};

// Parses `url` as a public address: scheme http or https, a host (DNS name, IPv4 dotted quad or bracketed
// IPv6), an optional port 1–65535, an optional path prefix ("/minsheng"); no user info, query or fragment.
// Returns it normalised (scheme and host in lower case, no trailing "/"), or an InvalidArgument error on
// `field` whose Chinese message names the field and says what is wrong.
Result<std::string> normalize_public_address(std::string_view url, std::string_view field);

// What keeps a phone from opening `url` (a stored portal.base_url; "" → Unset). The first of Unset,
// Invalid, Loopback, Private, NotHttps that applies, else None.
AddressProblem public_address_problem(std::string_view url);

// Whether freezing artwork with this QR needs an explicit confirmation (every problem but NotHttps).
bool address_problem_blocks_print(AddressProblem p);

// The warning in words, naming the address the QR actually points to (`url`, or kDefaultPublicAddress when
// unset) and saying who fixes it; "" for None.
std::string public_address_warning(std::string_view url);

}  // namespace minsheng
