#pragma once
// Bodies that reach the request fields a probe's own body leaves out: optional members, arrays of objects
// (photo captions, targets, rules) and the fields of one submission kind. The payload test tries the probe's
// body first, then these, and uses the first whose body reaches the field.
#include <functional>
#include <string>
#include <vector>

#include "integration/probes.hpp"

namespace minsheng::testing {

struct BodyVariant {
  std::string name;
  // The target the body is for; null: the probe's own in-scope target.
  std::function<std::int64_t(ProbeCtx&)> make;
  // Adds members to the probe's body for `target`.
  std::function<void(ProbeCtx&, std::int64_t target, boost::json::object& body)> augment;
};

// The variants of the route "METHOD /pattern" (empty when the probe's body reaches every field).
const std::vector<BodyVariant>& body_variants(const std::string& route_key);

}  // namespace minsheng::testing
