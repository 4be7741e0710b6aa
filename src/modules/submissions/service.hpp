#pragma once
// Use cases of information submissions (issue 5): drafts, workflow transitions, adoption, composite images,
// notifications, quota rules, settings and the ledger. Every write records its rows, a submission_events row
// (transitions), the audit entry ("submission.<action>" with before/after) and the notifications in the
// caller's transaction; publishing and unpublishing bump the portal's content version.
//
// Decisions (see also the report of issue 5):
// - Visibility: an item is visible when its unit is in the caller's scope (office/leader: the town; county:
//   its subtree; dept/village: own unit) and it is not a draft of another unit (drafts are the author's).
// - The town office unit (for quota "office" rules and notifications of submits) is the department of the
//   town named 镇民生办; when the town has none, the units of its office-role users.
// - Notifications: in-app rows (table notifications). E-mail and SMS are hooks that only log (spdlog): they
//   log at info level naming the gateway when the settings row `notify.email_gateway` /
//   `notify.sms_gateway` has a value (no real gateway is wired yet), at debug level otherwise.
// - Voice without consent: publish answers 422 with a field error on "consent" (the state allows it; the data
//   does not).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "db/db.hpp"
#include "modules/submissions/checks.hpp"
#include "modules/submissions/model.hpp"
#include "modules/submissions/quota.hpp"
#include "modules/submissions/workflow.hpp"
#include "platform/audit.hpp"
#include "platform/principal.hpp"

namespace minsheng::submissions {

std::string_view kind_label(std::string_view kind);    // 文字信息 / 图说民生 / 群众话民生
std::string_view level_label(std::string_view level);  // 县级 / 市级 / 省级

// ---- reading ----

// The item is visible to `p` (see above); callers answer 404 otherwise.
bool can_read(const platform::Principal& p, const Submission& s);
// The SQL condition for can_read on rows `s` (submissions) joined with their unit as `u` (org_units).
std::string visible_condition(const platform::Principal& p, platform::SqlBuilder& b);

std::optional<Submission> load_submission(db::Connection& conn, std::int64_t id);
std::vector<Event> load_events(db::Connection& conn, std::int64_t id);
TownSettings load_settings(db::Connection& conn, std::int64_t town_id);

// The workflow's view of `p` acting on `s`.
Actor actor_for(const platform::Principal& p, const Submission& s);
Decision decide_for(const platform::Principal& p, const Submission& s, Action a, const TownSettings& st);
// Action codes the caller may take now (edit, delete, submit, ...).
std::vector<std::string> allowed_action_codes(const platform::Principal& p, const Submission& s,
                                              const TownSettings& st);
// The reviewer's warnings: text checks (title, body, quote, speaker), pairs (order, distance, EXIF) and a
// voice without consent.
std::vector<Warning> warnings_for(const Submission& s, const TownSettings& st);

// The town of a unit (itself for a town); nullopt above towns.
std::optional<std::int64_t> town_of_unit(db::Connection& conn, std::int64_t unit_id);

// ---- writing ----

// Creates a draft of `unit_id` (InvalidArgument naming fields for projects outside the town, photos that are
// not image files of the town, incomplete pairs, fields of another kind).
Result<Submission> create_submission(db::Tx& tx, const platform::Auditor& audit, std::int64_t unit_id,
                                     const SubmissionInput& in);
Result<Submission> update_submission(db::Tx& tx, const platform::Auditor& audit, const Submission& before,
                                     const SubmissionInput& in);
Status delete_submission(db::Tx& tx, const platform::Auditor& audit, const Submission& s);

struct TransitionInput {
  Action action = Action::Submit;
  std::string reason;      // return, unpublish
  std::string forward_to;  // forward ("县民生办" when empty)
  std::optional<Adoption> adoption;
};

// One workflow step by `who` (submit, withdraw, return, approve, publish, unpublish, forward, adopt): 403 for
// a role that may not act, 409 (submission.illegal_transition naming the state and the action) for a state
// the action cannot start from, 422 on submit of an incomplete item or publish of a voice without consent.
Result<Submission> transition(db::Tx& tx, const platform::Auditor& audit, const platform::Principal& who,
                              const Submission& before, const TransitionInput& in);

// ---- settings and quota rules ----

Status save_settings(db::Tx& tx, const platform::Auditor& audit, std::int64_t town_id,
                     const TownSettings& st);
// The town's rules of `year`, or default_rules() (is_default) when it has none.
std::vector<QuotaRule> rules_for(db::Connection& conn, std::int64_t town_id, int year, bool* is_default);
// Replaces the year's rules (field errors for unit lists outside the town or bad due days).
Status replace_rules(db::Tx& tx, const platform::Auditor& audit, std::int64_t town_id, int year,
                     const std::vector<QuotaRule>& rules);

// The ledger of a town for `period`, every unit (callers filter to the caller's scope).
std::vector<LedgerRow> town_ledger(db::Connection& conn, std::int64_t town_id, const Period& period,
                                   std::string_view today);
// The unit the town's quota rule "office" means (镇民生办), when it has one.
std::optional<std::int64_t> office_unit(db::Connection& conn, std::int64_t town_id);

// ---- notifications ----

struct NotificationPage {
  std::vector<Notification> rows;
  std::int64_t total = 0;
  std::int64_t unread = 0;
};
NotificationPage list_notifications(db::Connection& conn, std::int64_t user_id, bool unread_only,
                                    std::int64_t page_num, std::int64_t page_size);
// Lazy quota reminders: for the user's unit, every ledger row of this year due within the town's
// reminder_days (0 <= days left <= reminder_days) with something missing gets one notification, once (dedupe
// key "quota:<unit>:<kind>:<period>"). Returns how many were added.
int add_quota_reminders(db::Tx& tx, const platform::Principal& user, TimePoint now);
// True when the user has due reminders not yet sent (a read, so listing notifications takes no write lock).
bool quota_reminders_pending(db::Connection& conn, const platform::Principal& user, TimePoint now);

}  // namespace minsheng::submissions
