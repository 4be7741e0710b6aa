#include "http/route_match.hpp"

#include "http/parse/query.hpp"

namespace minsheng::http {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.empty() || path.front() != '/') return out;
  std::size_t start = 1;
  while (true) {
    std::size_t slash = path.find('/', start);
    out.push_back(
        path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

}  // namespace

RoutePattern::RoutePattern(std::string pattern) : pattern_(std::move(pattern)) {
  for (auto seg : split_path(pattern_))
    segments_.emplace_back(seg);
}

std::optional<PathParams> RoutePattern::match(std::string_view path) const {
  auto parts = split_path(path);
  if (parts.size() != segments_.size() || parts.empty()) return std::nullopt;
  PathParams params;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& seg = segments_[i];
    if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
      if (parts[i].empty()) return std::nullopt;
      auto decoded = parse::percent_decode(parts[i], false);
      if (!decoded || decoded->find('/') != std::string::npos) return std::nullopt;
      params.emplace_back(seg.substr(1, seg.size() - 2), std::move(decoded.value()));
    } else if (seg != parts[i]) {
      return std::nullopt;
    }
  }
  return params;
}

}  // namespace minsheng::http
