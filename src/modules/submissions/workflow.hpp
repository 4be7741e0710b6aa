#pragma once
// The review workflow of submissions (issue 5), pure: which action may be taken by whom in which state, and
// where it leads. Tested exhaustively (every state × every action × every role × own/other unit) in
// workflow_test.cpp.
//
//   draft ──submit──▶ submitted ──approve──▶ approved ──publish──▶ published
//     ▲                 │  │   (second level on: approve ▶ reviewed ──approve (leader)──▶ approved)
//     └──withdraw───────┘  └──return(reason)──▶ returned ──submit──▶ submitted ...
//   published ──unpublish(reason)──▶ approved;   approved|published: forward (no state change), adopt
//   (county) draft|returned: edit, delete (delete: draft only)
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "platform/roles.hpp"

namespace minsheng::submissions {

enum class State { Draft, Submitted, Returned, Reviewed, Approved, Published };
enum class Action { Edit, Delete, Submit, Withdraw, Return, Approve, Publish, Unpublish, Forward, Adopt };

std::string_view state_code(State s);   // draft submitted returned reviewed approved published
std::string_view state_label(State s);  // 草稿 待审核 已退回 待复审 已审核 已发布
std::optional<State> parse_state(std::string_view code);
std::string_view action_code(
    Action a);  // edit delete submit withdraw return approve publish unpublish forward adopt
std::string_view action_label(Action a);  // 修改 删除 报送 撤回 退回 审核通过 发布 撤下 上报 标记采用
std::optional<Action> parse_action(std::string_view code);

// Who is acting, relative to the item.
struct Actor {
  platform::Role role;
  bool own_unit = false;  // the item belongs to the actor's unit (the author side)
  bool in_town = false;   // the item is in the actor's town (office, leader) or county (county)
};

struct Settings {
  bool second_level = false;  // the office's approval goes to the leader for a second review
};

struct Decision {
  bool allowed = false;
  State to = State::Draft;  // the state after the action (unchanged for edit, forward, adopt)
  std::string reason_key;   // when refused: a messages key ("submission.illegal_transition" for a state the
                           // action cannot start from, "error.permission_denied" for a role that may not act)
  bool needs_reason = false;  // return, unpublish
};

// The rules: authors (dept, village, office for its own unit's items) edit/delete/submit/withdraw their own
// unit's items; the office reviews its town's items (return, approve, publish, unpublish, forward); with
// second level on, the office's approve goes to Reviewed and the leader approves (or returns) Reviewed items;
// a county user adopts approved or published items that were forwarded. Admin roles never act. Details
// (decided with issue 5):
// - Authors need own_unit only (in_town is not looked at); reviewers (office, leader) and county need
// in_town.
// - The office may review its own unit's items (it writes the voices and there is nobody else to review them;
//   with second level on, the leader still gets the second look).
// - Reviewed items are the leader's (approve → approved, return → returned) whatever the setting; with second
//   level off the office may also approve or return them, so items left over when the town turns second level
//   off are not stranded.
// - withdraw: submitted only (before any review); delete: draft only; forward: approved|published, again
//   allowed (re-forwarding updates where it went); adopt: approved|published and forwarded.
// - Refusals: "error.permission_denied" when the actor may take this action from no state at all (wrong role,
//   not its unit, not its town/county; admins always); otherwise "submission.illegal_transition" (the item is
//   not in a state the actor may take the action from, or adopt of an item not forwarded).
// - needs_reason is set for return and unpublish whether allowed or not; `to` is `from` when refused and for
//   edit, delete, forward, adopt.
Decision decide(State from, Action action, const Actor& actor, const Settings& settings, bool forwarded);

// Every state / action in declaration order (for loops and "allowedActions").
std::span<const State> all_states();
std::span<const Action> all_actions();
// The actions decide() allows, in declaration order.
std::vector<Action> allowed_actions(State from, const Actor& actor, const Settings& settings, bool forwarded);

}  // namespace minsheng::submissions
