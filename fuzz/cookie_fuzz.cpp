// parse_cookies. Properties: never more than 50 cookies; names are non-empty RFC 6265 tokens; values hold no
// control characters and no ';'; every name and value is a substring of the header.
#include <cstdint>
#include <string>

#include "fuzz_check.hpp"
#include "http/parse/query.hpp"

using namespace minsheng::http::parse;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in = minsheng::fuzz::as_view(data, size);
  const Pairs cookies = parse_cookies(in);
  FUZZ_CHECK(cookies.size() <= kMaxCookies);
  for (const auto& [name, value] : cookies) {
    FUZZ_CHECK(!name.empty());
    for (char ch : name) {
      const auto c = static_cast<unsigned char>(ch);
      FUZZ_CHECK(c > 0x20 && c < 0x7f && c != '=' && c != ';' && c != '"' && c != ',');
    }
    for (char ch : value) {
      const auto c = static_cast<unsigned char>(ch);
      FUZZ_CHECK(c >= 0x20 && c != 0x7f && c != ';');
    }
    FUZZ_CHECK(in.find(name) != std::string_view::npos);
    FUZZ_CHECK(in.find(value) != std::string_view::npos);
  }
  return 0;
}
