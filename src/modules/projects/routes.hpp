#pragma once
// The project catalogue's API (issue 4): /api/v1/projects — list, years, CRUD, progress timeline, import
// (template, validation, error report), export and planning the next year.
#include "platform/router.hpp"

namespace minsheng::projects {

platform::RouteTable project_routes();

}  // namespace minsheng::projects
