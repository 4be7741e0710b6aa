#pragma once
// The submissions API (issue 5): /api/v1/submissions (list, export, CRUD of drafts, one route per workflow
// action), /api/v1/quota-ledger, /api/v1/quota-rules, /api/v1/submission-settings and /api/v1/notifications.
#include "platform/router.hpp"

namespace minsheng::submissions {

platform::RouteTable submission_routes();

}  // namespace minsheng::submissions
