#pragma once
// Route patterns like "/api/v1/users/{id}/lock": compiled once, matched against a request path.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace minsheng::http {

using PathParams = std::vector<std::pair<std::string, std::string>>;

class RoutePattern {
 public:
  explicit RoutePattern(std::string pattern);
  // Matches a percent-encoded path; parameters are percent-decoded. nullopt when it does not match
  // (including a segment that does not decode to valid UTF-8 or that contains '/').
  std::optional<PathParams> match(std::string_view path) const;
  const std::string& pattern() const { return pattern_; }

 private:
  std::string pattern_;
  std::vector<std::string> segments_;  // "{name}" marks a parameter
};

}  // namespace minsheng::http
