// Probes for the portal routes: public pages without a target or body.
#include "integration/probes.hpp"

namespace minsheng::testing {

void add_portal_probes(std::map<std::string, Probe>& m) {
  auto none = [](ProbeCtx&, bool, std::int64_t) -> std::optional<boost::json::value> { return std::nullopt; };
  for (const char* path : {"/", "/static/portal/portal.css", "/static/portal/share.svg"})
    m[route_key("GET", path)] = Probe{.body = none};
}

}  // namespace minsheng::testing
