#pragma once
// Parsers for what arrives in URLs and headers. Each has a fuzz target in fuzz/.
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
// pieces ("a=1&&b") are skipped; "a" alone is {"a",""}. At most 200 pairs (else InvalidArgument).
Result<Pairs> parse_query(std::string_view raw);

// application/x-www-form-urlencoded bodies: the same grammar as parse_query.
inline Result<Pairs> parse_urlencoded(std::string_view body) { return parse_query(body); }

// A Cookie header "a=b; c=d" -> pairs. Malformed pieces are skipped, never an error; values are not decoded;
// quoted values lose their quotes. At most 50 cookies.
Pairs parse_cookies(std::string_view header);

}  // namespace minsheng::http::parse
