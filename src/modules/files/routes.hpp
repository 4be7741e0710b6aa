#pragma once
// The files module's URL table (issue 3): upload, metadata, original, thumbnail and public copy.
#include "platform/router.hpp"

namespace minsheng::files {

platform::RouteTable file_routes();

}  // namespace minsheng::files
