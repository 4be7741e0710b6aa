// RoutePattern::match. Input: "pattern\npath", or just a path tried against the real API's patterns.
// Properties: a match has one parameter per "{name}" segment, named after it; parameters are non-empty, valid
// UTF-8, with no '/' and no NUL; literal segments appear verbatim in the path.
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_check.hpp"
#include "http/route_match.hpp"

using minsheng::fuzz::reference_utf8;
using minsheng::http::RoutePattern;

namespace {

std::vector<std::string> segments(std::string_view p) {
  std::vector<std::string> out;
  if (p.empty() || p.front() != '/') return out;
  std::size_t start = 1;
  while (true) {
    const std::size_t slash = p.find('/', start);
    out.emplace_back(p.substr(start, slash == p.npos ? p.npos : slash - start));
    if (slash == p.npos) break;
    start = slash + 1;
  }
  return out;
}

bool is_param(const std::string& seg) {
  return seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
}

void check(const RoutePattern& pattern, std::string_view path) {
  auto m = pattern.match(path);
  if (!m) return;
  const auto pat = segments(pattern.pattern());
  const auto parts = segments(path);
  FUZZ_CHECK(pat.size() == parts.size());
  std::size_t p = 0;
  for (std::size_t i = 0; i < pat.size(); ++i) {
    if (!is_param(pat[i])) {
      FUZZ_CHECK(pat[i] == parts[i]);
      continue;
    }
    FUZZ_CHECK(p < m->size());
    const auto& [name, value] = (*m)[p++];
    FUZZ_CHECK(name == pat[i].substr(1, pat[i].size() - 2));
    FUZZ_CHECK(!value.empty());
    FUZZ_CHECK(value.find('/') == std::string::npos);
    FUZZ_CHECK(reference_utf8(value, /*allow_nul=*/false));
  }
  FUZZ_CHECK(p == m->size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<RoutePattern> api = {
      RoutePattern("/api/v1/users"),
      RoutePattern("/api/v1/users/{id}"),
      RoutePattern("/api/v1/users/{id}/lock"),
      RoutePattern("/api/v1/org-units/{id}/children"),
      RoutePattern("/api/v1/files/{name}"),
      RoutePattern("/{a}/{b}/{c}"),
      RoutePattern("/"),
  };
  const std::string_view in = minsheng::fuzz::as_view(data, size);
  const std::size_t nl = in.find('\n');
  if (nl != std::string_view::npos) {
    check(RoutePattern(std::string(in.substr(0, nl))), in.substr(nl + 1));
  } else {
    for (const auto& pattern : api)
      check(pattern, in);
  }
  return 0;
}
