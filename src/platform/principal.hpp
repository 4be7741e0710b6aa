#pragma once
// Who is asking, and how far their data scope reaches.
#include <cstdint>
#include <string>
#include <string_view>

#include "db/db.hpp"
#include "platform/roles.hpp"

namespace minsheng::platform {

struct Principal {
  std::int64_t user_id = 0;
  std::string username;
  std::string display_name;
  Role role = Role::Village;
  std::int64_t org_unit_id = 0;
  std::string org_unit_name;
  ScopeKind scope = ScopeKind::Own;
  std::int64_t anchor_id = 0;  // the unit the scope hangs from
  std::string anchor_path;     // its path, e.g. "/1/2/3/"
  std::int64_t session_id = 0;
  std::string csrf_token;
  bool must_change_password = false;
};

// Builds SQL with numbered placeholders: bind() appends a parameter and returns "$n".
class SqlBuilder {
 public:
  explicit SqlBuilder(std::string sql = {}) : sql_(std::move(sql)) {}
  std::string bind(db::Param p) {
    params_.push_back(std::move(p));
    return "$" + std::to_string(params_.size());
  }
  SqlBuilder& operator+=(std::string_view s) {
    sql_ += s;
    return *this;
  }
  const std::string& sql() const { return sql_; }
  const db::Params& params() const { return params_; }

 private:
  std::string sql_;
  db::Params params_;
};

// A parameterised condition limiting rows to the principal's scope, given the SQL expressions of the row's
// org unit id and path (e.g. "u.org_unit_id", "ou.path"). "1=1" for ScopeKind::All.
std::string scope_condition(const Principal& p, SqlBuilder& b, std::string_view unit_id_expr,
                            std::string_view unit_path_expr);
// A LIKE pattern matching `text` anywhere, with % _ \ escaped; use with ESCAPE '\'.
std::string like_contains(std::string_view text);

// The same rule in C++, for one record whose unit path is known.
bool in_scope(const Principal& p, std::string_view unit_path);

}  // namespace minsheng::platform
