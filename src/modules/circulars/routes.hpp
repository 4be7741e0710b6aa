#pragma once
// The circulars and assessment API (issue 6): /api/v1/score-rules (versioned rules, preview), /api/v1/scores,
// /api/v1/circulars (drafts, prose, refresh, issue, files) and /api/v1/scorecard (annual scorecard, export,
// awards shortlist thresholds).
#include "platform/router.hpp"

namespace minsheng::circulars {

platform::RouteTable circular_routes();

}  // namespace minsheng::circulars
