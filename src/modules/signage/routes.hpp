#pragma once
// The signage and print API (issue 7): /api/v1/signs (sign records, artwork, installation evidence, the ZIP
// of a year's boards), /api/v1/signage-settings, /api/v1/windows (service windows, poster checks, posters),
// /api/v1/leaflets (明白纸 versions and artwork) and /api/v1/print-runs (print runs and distribution).
#include "platform/router.hpp"

namespace minsheng::signage {

platform::RouteTable signage_routes();

}  // namespace minsheng::signage
