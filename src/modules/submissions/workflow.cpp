#include "modules/submissions/workflow.hpp"

#include <array>

namespace minsheng::submissions {
namespace {

using platform::Role;

constexpr std::array kStates = {State::Draft,    State::Submitted, State::Returned,
                                State::Reviewed, State::Approved,  State::Published};
constexpr std::array kActions = {Action::Edit,    Action::Delete,  Action::Submit,  Action::Withdraw,
                                 Action::Return,  Action::Approve, Action::Publish, Action::Unpublish,
                                 Action::Forward, Action::Adopt};

// A set of states as bits.
using StateSet = unsigned;
constexpr StateSet bit(State s) {
  return 1U << static_cast<unsigned>(s);
}

bool is_author(const Actor& a) {
  return (a.role == Role::Dept || a.role == Role::Village || a.role == Role::Office) && a.own_unit;
}
bool is_town_office(const Actor& a) {
  return a.role == Role::Office && a.in_town;
}
bool is_town_leader(const Actor& a) {
  return a.role == Role::Leader && a.in_town;
}
bool is_county(const Actor& a) {
  return a.role == Role::County && a.in_town;
}

// The states from which `actor` may take `action` (ignoring the forwarded condition of adopt).
StateSet states_for(Action action, const Actor& actor, const Settings& settings) {
  if (platform::is_admin_role(actor.role)) return 0;
  switch (action) {
    case Action::Edit:
      return is_author(actor) ? bit(State::Draft) | bit(State::Returned) : 0;
    case Action::Delete:
      return is_author(actor) ? bit(State::Draft) : 0;
    case Action::Submit:
      return is_author(actor) ? bit(State::Draft) | bit(State::Returned) : 0;
    case Action::Withdraw:
      return is_author(actor) ? bit(State::Submitted) : 0;
    case Action::Return:
    case Action::Approve: {
      StateSet s = 0;
      if (is_town_office(actor)) {
        s |= bit(State::Submitted);
        if (!settings.second_level) s |= bit(State::Reviewed);
      }
      if (is_town_leader(actor)) s |= bit(State::Reviewed);
      return s;
    }
    case Action::Publish:
      return is_town_office(actor) ? bit(State::Approved) : 0;
    case Action::Unpublish:
      return is_town_office(actor) ? bit(State::Published) : 0;
    case Action::Forward:
      return is_town_office(actor) ? bit(State::Approved) | bit(State::Published) : 0;
    case Action::Adopt:
      return is_county(actor) ? bit(State::Approved) | bit(State::Published) : 0;
  }
  return 0;
}

State target(State from, Action action, const Settings& settings) {
  switch (action) {
    case Action::Submit:
      return State::Submitted;
    case Action::Withdraw:
      return State::Draft;
    case Action::Return:
      return State::Returned;
    case Action::Approve:
      return from == State::Submitted && settings.second_level ? State::Reviewed : State::Approved;
    case Action::Publish:
      return State::Published;
    case Action::Unpublish:
      return State::Approved;
    case Action::Edit:
    case Action::Delete:
    case Action::Forward:
    case Action::Adopt:
      return from;
  }
  return from;
}

}  // namespace

std::string_view state_code(State s) {
  switch (s) {
    case State::Draft:
      return "draft";
    case State::Submitted:
      return "submitted";
    case State::Returned:
      return "returned";
    case State::Reviewed:
      return "reviewed";
    case State::Approved:
      return "approved";
    case State::Published:
      return "published";
  }
  return "";
}

std::string_view state_label(State s) {
  switch (s) {
    case State::Draft:
      return "草稿";
    case State::Submitted:
      return "待审核";
    case State::Returned:
      return "已退回";
    case State::Reviewed:
      return "待复审";
    case State::Approved:
      return "已审核";
    case State::Published:
      return "已发布";
  }
  return "";
}

std::optional<State> parse_state(std::string_view code) {
  for (State s : kStates)
    if (state_code(s) == code) return s;
  return std::nullopt;
}

std::string_view action_code(Action a) {
  switch (a) {
    case Action::Edit:
      return "edit";
    case Action::Delete:
      return "delete";
    case Action::Submit:
      return "submit";
    case Action::Withdraw:
      return "withdraw";
    case Action::Return:
      return "return";
    case Action::Approve:
      return "approve";
    case Action::Publish:
      return "publish";
    case Action::Unpublish:
      return "unpublish";
    case Action::Forward:
      return "forward";
    case Action::Adopt:
      return "adopt";
  }
  return "";
}

std::string_view action_label(Action a) {
  switch (a) {
    case Action::Edit:
      return "修改";
    case Action::Delete:
      return "删除";
    case Action::Submit:
      return "报送";
    case Action::Withdraw:
      return "撤回";
    case Action::Return:
      return "退回";
    case Action::Approve:
      return "审核通过";
    case Action::Publish:
      return "发布";
    case Action::Unpublish:
      return "撤下";
    case Action::Forward:
      return "上报";
    case Action::Adopt:
      return "标记采用";
  }
  return "";
}

std::optional<Action> parse_action(std::string_view code) {
  for (Action a : kActions)
    if (action_code(a) == code) return a;
  return std::nullopt;
}

std::span<const State> all_states() {
  return kStates;
}

std::span<const Action> all_actions() {
  return kActions;
}

Decision decide(State from, Action action, const Actor& actor, const Settings& settings, bool forwarded) {
  Decision d;
  d.to = from;
  d.needs_reason = action == Action::Return || action == Action::Unpublish;
  const StateSet states = states_for(action, actor, settings);
  if (states == 0) {
    d.reason_key = "error.permission_denied";
    return d;
  }
  if ((states & bit(from)) == 0 || (action == Action::Adopt && !forwarded)) {
    d.reason_key = "submission.illegal_transition";
    return d;
  }
  d.allowed = true;
  d.to = target(from, action, settings);
  return d;
}

std::vector<Action> allowed_actions(State from, const Actor& actor, const Settings& settings,
                                    bool forwarded) {
  std::vector<Action> out;
  for (Action a : kActions)
    if (decide(from, a, actor, settings, forwarded).allowed) out.push_back(a);
  return out;
}

}  // namespace minsheng::submissions
