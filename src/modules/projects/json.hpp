#pragma once
// The JSON shape of projects and progress updates (the API contract in api/openapi.yaml; audit before/after).
#include <boost/json/object.hpp>

#include "modules/projects/model.hpp"

namespace minsheng::projects {

// `full`: with the texts and targets (detail, audit); lists leave them out.
boost::json::object project_json(const Project& p, bool full);
boost::json::object progress_json(const ProgressUpdate& u);

}  // namespace minsheng::projects
