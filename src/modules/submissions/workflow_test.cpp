#include "modules/submissions/workflow.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

namespace minsheng::submissions {
namespace {

using platform::Role;

// ---------------------------------------------------------------------------------------------------------
// The specification as data, written from the diagram in workflow.hpp (not from workflow.cpp): one grant per
// (role, action, from state) that is allowed, with the conditions it needs.
enum class Needs { OwnUnit, InTown };
enum class Level { Any, On, Off };  // second-level review setting

struct Grant {
  Role role;
  Action action;
  State from;
  State to;
  Needs needs;
  Level level = Level::Any;
  bool needs_forwarded = false;
};

using A = Action;
using S = State;
constexpr Needs kOwn = Needs::OwnUnit;
constexpr Needs kTown = Needs::InTown;

// clang-format off
const std::vector<Grant> kGrants = {
    // Authors: department, village, and the office for its own unit's items.
    {Role::Dept, A::Edit, S::Draft, S::Draft, kOwn},
    {Role::Dept, A::Edit, S::Returned, S::Returned, kOwn},
    {Role::Dept, A::Delete, S::Draft, S::Draft, kOwn},
    {Role::Dept, A::Submit, S::Draft, S::Submitted, kOwn},
    {Role::Dept, A::Submit, S::Returned, S::Submitted, kOwn},
    {Role::Dept, A::Withdraw, S::Submitted, S::Draft, kOwn},
    {Role::Village, A::Edit, S::Draft, S::Draft, kOwn},
    {Role::Village, A::Edit, S::Returned, S::Returned, kOwn},
    {Role::Village, A::Delete, S::Draft, S::Draft, kOwn},
    {Role::Village, A::Submit, S::Draft, S::Submitted, kOwn},
    {Role::Village, A::Submit, S::Returned, S::Submitted, kOwn},
    {Role::Village, A::Withdraw, S::Submitted, S::Draft, kOwn},
    {Role::Office, A::Edit, S::Draft, S::Draft, kOwn},
    {Role::Office, A::Edit, S::Returned, S::Returned, kOwn},
    {Role::Office, A::Delete, S::Draft, S::Draft, kOwn},
    {Role::Office, A::Submit, S::Draft, S::Submitted, kOwn},
    {Role::Office, A::Submit, S::Returned, S::Submitted, kOwn},
    {Role::Office, A::Withdraw, S::Submitted, S::Draft, kOwn},
    // The office reviews its town's items.
    {Role::Office, A::Return, S::Submitted, S::Returned, kTown},
    {Role::Office, A::Approve, S::Submitted, S::Approved, kTown, Level::Off},
    {Role::Office, A::Approve, S::Submitted, S::Reviewed, kTown, Level::On},
    {Role::Office, A::Approve, S::Reviewed, S::Approved, kTown, Level::Off},  // left over from second level
    {Role::Office, A::Return, S::Reviewed, S::Returned, kTown, Level::Off},
    {Role::Office, A::Publish, S::Approved, S::Published, kTown},
    {Role::Office, A::Unpublish, S::Published, S::Approved, kTown},
    {Role::Office, A::Forward, S::Approved, S::Approved, kTown},
    {Role::Office, A::Forward, S::Published, S::Published, kTown},
    // The leader: second-level review of Reviewed items.
    {Role::Leader, A::Approve, S::Reviewed, S::Approved, kTown},
    {Role::Leader, A::Return, S::Reviewed, S::Returned, kTown},
    // The county adopts forwarded items.
    {Role::County, A::Adopt, S::Approved, S::Approved, kTown, Level::Any, true},
    {Role::County, A::Adopt, S::Published, S::Published, kTown, Level::Any, true},
};
// clang-format on

bool level_ok(Level l, bool second_level) {
  return l == Level::Any || (l == Level::On) == second_level;
}
bool needs_ok(Needs n, const Actor& a) {
  return n == Needs::OwnUnit ? a.own_unit : a.in_town;
}

struct Expected {
  bool allowed = false;
  State to = State::Draft;
  std::string reason_key;
};

Expected expected(State from, Action action, const Actor& actor, bool second_level, bool forwarded) {
  bool role_may = false;  // the actor may take this action from some state
  for (const Grant& g : kGrants) {
    if (g.role != actor.role || g.action != action || !needs_ok(g.needs, actor) ||
        !level_ok(g.level, second_level))
      continue;
    role_may = true;
    if (g.from == from && (!g.needs_forwarded || forwarded)) return {true, g.to, ""};
  }
  if (!role_may) return {false, from, "error.permission_denied"};
  return {false, from, "submission.illegal_transition"};
}

TEST(Workflow, EveryStateActionRoleAndFlagMatchesTheTable) {
  int checked = 0, allowed = 0;
  for (State from : all_states()) {
    for (Action action : all_actions()) {
      for (Role role : platform::all_roles()) {
        for (bool own : {false, true}) {
          for (bool town : {false, true}) {
            for (bool second : {false, true}) {
              for (bool fwd : {false, true}) {
                const Actor actor{role, own, town};
                const Decision d = decide(from, action, actor, Settings{second}, fwd);
                const Expected e = expected(from, action, actor, second, fwd);
                SCOPED_TRACE(std::string(state_code(from)) + " " + std::string(action_code(action)) + " " +
                             std::string(platform::role_code(role)) + " own=" + std::to_string(own) +
                             " town=" + std::to_string(town) + " second=" + std::to_string(second) +
                             " fwd=" + std::to_string(fwd));
                ASSERT_EQ(d.allowed, e.allowed);
                ASSERT_EQ(d.to, e.to);
                ASSERT_EQ(d.reason_key, e.reason_key);
                ASSERT_EQ(d.needs_reason, action == Action::Return || action == Action::Unpublish);
                ++checked;
                allowed += d.allowed ? 1 : 0;
              }
            }
          }
        }
      }
    }
  }
  EXPECT_EQ(checked, 6 * 10 * 8 * 2 * 2 * 2 * 2);
  EXPECT_GT(allowed, 0);
}

// A second, readable table: what each role may do in each state when the item is its own unit's and in its
// town, forwarded, for both settings. Written by hand from the diagram.
std::string actions_string(State from, Role role, bool second_level) {
  std::string out;
  for (Action a : allowed_actions(from, Actor{role, true, true}, Settings{second_level}, true)) {
    if (!out.empty()) out += ' ';
    out += action_code(a);
  }
  return out;
}

TEST(Workflow, AllowedActionsPerStateAndRole) {
  struct Row {
    State from;
    Role role;
    const char* off;  // second level off
    const char* on;   // second level on
  };
  // clang-format off
  const std::vector<Row> rows = {
      {S::Draft, Role::Dept, "edit delete submit", "edit delete submit"},
      {S::Draft, Role::Village, "edit delete submit", "edit delete submit"},
      {S::Draft, Role::Office, "edit delete submit", "edit delete submit"},
      {S::Draft, Role::Leader, "", ""},
      {S::Draft, Role::County, "", ""},
      {S::Submitted, Role::Dept, "withdraw", "withdraw"},
      {S::Submitted, Role::Village, "withdraw", "withdraw"},
      {S::Submitted, Role::Office, "withdraw return approve", "withdraw return approve"},
      {S::Submitted, Role::Leader, "", ""},
      {S::Submitted, Role::County, "", ""},
      {S::Returned, Role::Dept, "edit submit", "edit submit"},
      {S::Returned, Role::Village, "edit submit", "edit submit"},
      {S::Returned, Role::Office, "edit submit", "edit submit"},
      {S::Returned, Role::Leader, "", ""},
      {S::Returned, Role::County, "", ""},
      {S::Reviewed, Role::Dept, "", ""},
      {S::Reviewed, Role::Village, "", ""},
      {S::Reviewed, Role::Office, "return approve", ""},
      {S::Reviewed, Role::Leader, "return approve", "return approve"},
      {S::Reviewed, Role::County, "", ""},
      {S::Approved, Role::Dept, "", ""},
      {S::Approved, Role::Village, "", ""},
      {S::Approved, Role::Office, "publish forward", "publish forward"},
      {S::Approved, Role::Leader, "", ""},
      {S::Approved, Role::County, "adopt", "adopt"},
      {S::Published, Role::Dept, "", ""},
      {S::Published, Role::Village, "", ""},
      {S::Published, Role::Office, "unpublish forward", "unpublish forward"},
      {S::Published, Role::Leader, "", ""},
      {S::Published, Role::County, "adopt", "adopt"},
  };
  // clang-format on
  for (const Row& r : rows) {
    SCOPED_TRACE(std::string(state_code(r.from)) + " " + std::string(platform::role_code(r.role)));
    EXPECT_EQ(actions_string(r.from, r.role, false), r.off);
    EXPECT_EQ(actions_string(r.from, r.role, true), r.on);
  }
  for (State s : all_states()) {
    for (Role admin : {Role::Sysadmin, Role::Secadmin, Role::Auditor}) {
      EXPECT_EQ(actions_string(s, admin, false), "");
      EXPECT_EQ(actions_string(s, admin, true), "");
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Journeys.

const Actor kDept{Role::Dept, true, true};
const Actor kOtherDept{Role::Dept, false, true};
const Actor kOffice{Role::Office, false, true};
const Actor kLeader{Role::Leader, false, true};
const Actor kCounty{Role::County, false, true};
const Settings kOneLevel{false};
const Settings kTwoLevels{true};

// Applies `action` and returns the new state, failing the test if refused.
State step(State from, Action action, const Actor& actor, const Settings& settings, bool forwarded = false) {
  const Decision d = decide(from, action, actor, settings, forwarded);
  EXPECT_TRUE(d.allowed) << state_code(from) << " " << action_code(action) << ": " << d.reason_key;
  return d.to;
}

TEST(Workflow, SubmitReturnResubmitApprovePublishUnpublish) {
  State s = State::Draft;
  s = step(s, Action::Edit, kDept, kOneLevel);
  EXPECT_EQ(s, State::Draft);
  s = step(s, Action::Submit, kDept, kOneLevel);
  EXPECT_EQ(s, State::Submitted);
  const Decision ret = decide(s, Action::Return, kOffice, kOneLevel, false);
  EXPECT_TRUE(ret.allowed);
  EXPECT_TRUE(ret.needs_reason);
  s = ret.to;
  EXPECT_EQ(s, State::Returned);
  s = step(s, Action::Edit, kDept, kOneLevel);
  EXPECT_EQ(s, State::Returned);
  s = step(s, Action::Submit, kDept, kOneLevel);  // resubmitted
  EXPECT_EQ(s, State::Submitted);
  s = step(s, Action::Approve, kOffice, kOneLevel);
  EXPECT_EQ(s, State::Approved);
  s = step(s, Action::Publish, kOffice, kOneLevel);
  EXPECT_EQ(s, State::Published);
  const Decision un = decide(s, Action::Unpublish, kOffice, kOneLevel, false);
  EXPECT_TRUE(un.allowed);
  EXPECT_TRUE(un.needs_reason);
  EXPECT_EQ(un.to, State::Approved);
  s = step(un.to, Action::Publish, kOffice, kOneLevel);  // and back
  EXPECT_EQ(s, State::Published);
}

TEST(Workflow, SecondLevelReviewGoesThroughTheLeader) {
  State s = step(State::Draft, Action::Submit, kDept, kTwoLevels);
  s = step(s, Action::Approve, kOffice, kTwoLevels);
  EXPECT_EQ(s, State::Reviewed);
  // Only the leader acts now; the office cannot publish or approve again.
  EXPECT_EQ(decide(s, Action::Publish, kOffice, kTwoLevels, false).reason_key,
            "submission.illegal_transition");
  EXPECT_EQ(decide(s, Action::Approve, kOffice, kTwoLevels, false).reason_key,
            "submission.illegal_transition");
  EXPECT_EQ(decide(s, Action::Withdraw, kDept, kTwoLevels, false).reason_key,
            "submission.illegal_transition");
  // The leader may return it (with a reason) ...
  const Decision ret = decide(s, Action::Return, kLeader, kTwoLevels, false);
  EXPECT_TRUE(ret.allowed);
  EXPECT_TRUE(ret.needs_reason);
  EXPECT_EQ(ret.to, State::Returned);
  // ... or approve it; then the office publishes.
  s = step(s, Action::Approve, kLeader, kTwoLevels);
  EXPECT_EQ(s, State::Approved);
  s = step(s, Action::Publish, kOffice, kTwoLevels);
  EXPECT_EQ(s, State::Published);
  // The leader never does the office's first review nor publishes.
  EXPECT_EQ(decide(State::Submitted, Action::Approve, kLeader, kTwoLevels, false).reason_key,
            "submission.illegal_transition");
  EXPECT_EQ(decide(State::Approved, Action::Publish, kLeader, kTwoLevels, false).reason_key,
            "error.permission_denied");
  // Another town's leader may not act at all.
  EXPECT_EQ(decide(State::Reviewed, Action::Approve, Actor{Role::Leader, false, false}, kTwoLevels, false)
                .reason_key,
            "error.permission_denied");
}

TEST(Workflow, ItemsLeftInReviewedWhenSecondLevelIsTurnedOff) {
  EXPECT_EQ(decide(State::Reviewed, Action::Approve, kOffice, kOneLevel, false).to, State::Approved);
  EXPECT_EQ(decide(State::Reviewed, Action::Return, kOffice, kOneLevel, false).to, State::Returned);
  EXPECT_EQ(decide(State::Reviewed, Action::Approve, kLeader, kOneLevel, false).to, State::Approved);
}

TEST(Workflow, WithdrawOnlyBeforeReview) {
  EXPECT_EQ(step(State::Submitted, Action::Withdraw, kDept, kOneLevel), State::Draft);
  for (State s : {State::Draft, State::Returned, State::Reviewed, State::Approved, State::Published}) {
    const Decision d = decide(s, Action::Withdraw, kDept, kTwoLevels, false);
    EXPECT_FALSE(d.allowed) << state_code(s);
    EXPECT_EQ(d.reason_key, "submission.illegal_transition");
  }
  // Not another unit's item, and the office does not withdraw what others sent it.
  EXPECT_EQ(decide(State::Submitted, Action::Withdraw, kOtherDept, kOneLevel, false).reason_key,
            "error.permission_denied");
  EXPECT_EQ(decide(State::Submitted, Action::Withdraw, kOffice, kOneLevel, false).reason_key,
            "error.permission_denied");
}

TEST(Workflow, DeleteOnlyDraftsEditOnlyDraftsAndReturned) {
  EXPECT_TRUE(decide(State::Draft, Action::Delete, kDept, kOneLevel, false).allowed);
  EXPECT_EQ(decide(State::Returned, Action::Delete, kDept, kOneLevel, false).reason_key,
            "submission.illegal_transition");
  EXPECT_EQ(decide(State::Submitted, Action::Edit, kDept, kOneLevel, false).reason_key,
            "submission.illegal_transition");
  EXPECT_EQ(decide(State::Published, Action::Edit, kDept, kOneLevel, false).reason_key,
            "submission.illegal_transition");
  // The office does not edit other units' items: it returns them with a reason.
  EXPECT_EQ(decide(State::Draft, Action::Edit, kOffice, kOneLevel, false).reason_key,
            "error.permission_denied");
}

TEST(Workflow, AdoptOnlyForwardedAndByTheCounty) {
  State s = step(State::Submitted, Action::Approve, kOffice, kOneLevel);
  const Decision not_fwd = decide(s, Action::Adopt, kCounty, kOneLevel, false);
  EXPECT_FALSE(not_fwd.allowed);
  EXPECT_EQ(not_fwd.reason_key, "submission.illegal_transition");
  EXPECT_EQ(step(s, Action::Forward, kOffice, kOneLevel), State::Approved);
  EXPECT_EQ(step(s, Action::Forward, kOffice, kOneLevel, true), State::Approved);  // again: allowed
  EXPECT_EQ(step(s, Action::Adopt, kCounty, kOneLevel, true), State::Approved);
  EXPECT_EQ(step(State::Published, Action::Adopt, kCounty, kOneLevel, true), State::Published);
  // Not before approval, even if forwarded (cannot happen, but the rule holds).
  EXPECT_EQ(decide(State::Submitted, Action::Adopt, kCounty, kOneLevel, true).reason_key,
            "submission.illegal_transition");
  // Only a county user of the item's county.
  EXPECT_EQ(decide(s, Action::Adopt, Actor{Role::County, false, false}, kOneLevel, true).reason_key,
            "error.permission_denied");
  for (const Actor& a : {kDept, kOffice, kLeader})
    EXPECT_EQ(decide(s, Action::Adopt, a, kOneLevel, true).reason_key, "error.permission_denied");
  // The county does not forward or publish.
  EXPECT_EQ(decide(s, Action::Forward, kCounty, kOneLevel, true).reason_key, "error.permission_denied");
  EXPECT_EQ(decide(s, Action::Publish, kCounty, kOneLevel, true).reason_key, "error.permission_denied");
  // Forward: only approved or published.
  EXPECT_EQ(decide(State::Submitted, Action::Forward, kOffice, kOneLevel, false).reason_key,
            "submission.illegal_transition");
}

TEST(Workflow, AdminsNeverAct) {
  for (Role r : {Role::Sysadmin, Role::Secadmin, Role::Auditor})
    for (State s : all_states())
      for (Action a : all_actions())
        for (bool flags : {false, true}) {
          const Decision d = decide(s, a, Actor{r, flags, flags}, Settings{flags}, flags);
          EXPECT_FALSE(d.allowed);
          EXPECT_EQ(d.reason_key, "error.permission_denied");
        }
}

TEST(Workflow, VillagesAndDepartmentsCannotReview) {
  for (Role r : {Role::Dept, Role::Village})
    for (Action a : {Action::Return, Action::Approve, Action::Publish, Action::Unpublish, Action::Forward,
                     Action::Adopt})
      for (State s : all_states()) {
        const Decision d = decide(s, a, Actor{r, true, true}, kOneLevel, true);
        EXPECT_FALSE(d.allowed);
        EXPECT_EQ(d.reason_key, "error.permission_denied") << action_code(a);
      }
}

TEST(Workflow, OfficeMayReviewItsOwnUnitsItems) {
  const Actor office_own{Role::Office, true, true};
  State s = step(State::Draft, Action::Submit, office_own, kOneLevel);
  s = step(s, Action::Approve, office_own, kOneLevel);
  EXPECT_EQ(step(s, Action::Publish, office_own, kOneLevel), State::Published);
  // With second level on, the leader still reviews it.
  EXPECT_EQ(step(State::Submitted, Action::Approve, office_own, kTwoLevels), State::Reviewed);
  // An office acting on another town's item: not even its own unit's actions then.
  const Actor other_office{Role::Office, false, false};
  EXPECT_EQ(decide(State::Submitted, Action::Approve, other_office, kOneLevel, false).reason_key,
            "error.permission_denied");
}

TEST(Workflow, RefusalsKeepTheStateAndNameTheirReason) {
  const Decision wrong_state = decide(State::Published, Action::Delete, kDept, kOneLevel, false);
  EXPECT_FALSE(wrong_state.allowed);
  EXPECT_EQ(wrong_state.to, State::Published);
  EXPECT_EQ(wrong_state.reason_key, "submission.illegal_transition");
  const Decision wrong_unit = decide(State::Draft, Action::Submit, kOtherDept, kOneLevel, false);
  EXPECT_EQ(wrong_unit.to, State::Draft);
  EXPECT_EQ(wrong_unit.reason_key, "error.permission_denied");
  EXPECT_TRUE(decide(State::Submitted, Action::Approve, kOffice, kOneLevel, false).reason_key.empty());
}

TEST(Workflow, CodesAndLabels) {
  const std::array<const char*, 6> labels = {"草稿", "待审核", "已退回", "待复审", "已审核", "已发布"};
  const std::array<const char*, 6> codes = {"draft",    "submitted", "returned",
                                            "reviewed", "approved",  "published"};
  ASSERT_EQ(all_states().size(), 6U);
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(state_code(all_states()[i]), codes[i]);
    EXPECT_EQ(state_label(all_states()[i]), labels[i]);
    EXPECT_EQ(parse_state(codes[i]), all_states()[i]);
  }
  const std::array<const char*, 10> acodes = {"edit",    "delete",  "submit",    "withdraw", "return",
                                              "approve", "publish", "unpublish", "forward",  "adopt"};
  const std::array<const char*, 10> alabels = {"修改",     "删除", "报送", "撤回", "退回",
                                               "审核通过", "发布", "撤下", "上报", "标记采用"};
  ASSERT_EQ(all_actions().size(), 10U);
  for (std::size_t i = 0; i < 10; ++i) {
    EXPECT_EQ(action_code(all_actions()[i]), acodes[i]);
    EXPECT_EQ(action_label(all_actions()[i]), alabels[i]);
    EXPECT_EQ(parse_action(acodes[i]), all_actions()[i]);
  }
  EXPECT_FALSE(parse_state(""));
  EXPECT_FALSE(parse_state("Draft"));
  EXPECT_FALSE(parse_state("草稿"));
  EXPECT_FALSE(parse_action("approved"));
  EXPECT_FALSE(parse_action("APPROVE"));
}

}  // namespace
}  // namespace minsheng::submissions
