#pragma once
// Parsers for what arrives in URLs and headers. Each has a fuzz target in fuzz/.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace minsheng::http::parse {

using Pairs = std::vector<std::pair<std::string, std::string>>;

// Percent-decoding. `plus_as_space` for query strings and forms. Fails (InvalidArgument, key
// "error.bad_request") on a bad escape, invalid UTF-8, or a NUL byte.
Result<std::string> percent_decode(std::string_view in, bool plus_as_space);

// "a=1&b=x%20y" -> {{"a","1"},{"b","x y"}}. Keeps duplicates in order (QueryForm rejects them). Empty
// pieces ("a=1&&b") are skipped; "a" alone is {"a",""}; "=1" is {"","1"}. Names and values are decoded with
// '+' as space. At most 200 pairs (else InvalidArgument "error.bad_request").
inline constexpr std::size_t kMaxQueryPairs = 200;
Result<Pairs> parse_query(std::string_view raw);

// application/x-www-form-urlencoded bodies: the same grammar as parse_query.
inline Result<Pairs> parse_urlencoded(std::string_view body) {
  return parse_query(body);
}

// A Cookie header "a=b; c=d" -> pairs, duplicates kept in order. Malformed pieces are skipped, never an
// error: no '=', an empty name, a name that is not an RFC 6265 token, a control character anywhere, or an
// unbalanced quote. Spaces around names and values are dropped; values are not decoded; quoted values lose
// their quotes. At most 50 cookies (the rest are ignored).
inline constexpr std::size_t kMaxCookies = 50;
Pairs parse_cookies(std::string_view header);

// UTF-8 checks used by the parsers, the forms and elsewhere. Strict RFC 3629: no overlong forms, no
// surrogates (U+D800..U+DFFF), nothing above U+10FFFF.
bool valid_utf8(std::string_view s);
std::size_t utf8_length(std::string_view s);  // code points; assumes valid UTF-8

}  // namespace minsheng::http::parse
