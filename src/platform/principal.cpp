#include "platform/principal.hpp"

namespace minsheng::platform {

std::string scope_condition(const Principal& p, SqlBuilder& b, std::string_view unit_id_expr,
                            std::string_view unit_path_expr) {
  switch (p.scope) {
    case ScopeKind::All:
      return "1=1";
    case ScopeKind::Own:
      return std::string(unit_id_expr) + " = " + b.bind(p.anchor_id);
    case ScopeKind::Subtree: {
      // A path prefix: the anchor's own path ends in '/', so "/1/2/" never matches "/1/23/".
      const std::string length = b.bind(static_cast<std::int64_t>(p.anchor_path.size()));
      const std::string prefix = b.bind(p.anchor_path);
      return "substr(" + std::string(unit_path_expr) + ", 1, " + length + ") = " + prefix;
    }
  }
  return "1=0";
}

std::string like_contains(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

bool in_scope(const Principal& p, std::string_view unit_path) {
  switch (p.scope) {
    case ScopeKind::All:
      return true;
    case ScopeKind::Own:
      return unit_path == p.anchor_path;
    case ScopeKind::Subtree:
      return unit_path.starts_with(p.anchor_path);
  }
  return false;
}

}  // namespace minsheng::platform
