#pragma once
// `minsheng demo`: a believable demo town, labelled as demo (is_demo, "（演示）" in names), built through the
// same services as real data so every row is audited. Later capabilities add their data here.
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "platform/services.hpp"

namespace minsheng::app {

struct DemoAccount {
  std::string username;
  std::string role_label;
  std::string unit;
};

struct DemoResult {
  std::vector<DemoAccount> accounts;
  std::string password;  // the one password of every demo account
  bool generated = false;
};

// The lead units of the demo projects file, in order of first appearance.
std::vector<std::string> demo_departments();

// Fails with Conflict when the database already has organisation units; with InvalidArgument (field
// "password") when `password` breaks the password rule.
Result<DemoResult> load_demo(platform::Services& s, const std::optional<std::string>& password);

}  // namespace minsheng::app
