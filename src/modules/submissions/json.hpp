#pragma once
// The JSON shape of submissions, quota rules, settings, ledger rows and notifications (the contract of issue
// 5; api/openapi.yaml). Also the audit before/after of submission writes.
#include <boost/json/object.hpp>

#include <vector>

#include "modules/submissions/checks.hpp"
#include "modules/submissions/model.hpp"
#include "modules/submissions/quota.hpp"

namespace minsheng::submissions {

// The submission object without the caller-dependent and detail-only fields (allowedActions, bodyHtml,
// events, warnings), which the routes add.
boost::json::object submission_json(const Submission& s);
boost::json::object event_json(const Event& e);
boost::json::object warning_json(const Warning& w);
boost::json::object rule_json(const QuotaRule& r);
boost::json::object rules_json(int year, bool is_default, const std::vector<QuotaRule>& rules);
boost::json::object settings_json(const TownSettings& st);
boost::json::object ledger_row_json(const LedgerRow& r);
boost::json::object notification_json(const Notification& n);

}  // namespace minsheng::submissions
