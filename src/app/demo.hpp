#pragma once
// `minsheng demo`: a believable demo town, labelled as demo (is_demo, "（演示）" in names), built through the
// same services as real data so every row is audited. Later capabilities add their data here.
//
// Scale "county" (issue 6: circulars over a county-sized set of units) adds, under the same county, generated
// towns of the same shape (镇民生办, the lead departments of the projects file, 9-13 villages each), each
// with the 2020 catalogue (the same 33 project codes) and a year of submissions in varied styles (units that
// send nothing, units adopted at county, city or province level). Only the demo town has accounts: the
// generated towns' items are written through the services by the command line ("cli" in the audit log), and
// their photo stories (files and composites need an account) are entered in the name of the county account.
// The demo town comes first and is exactly the town scale's. Deterministic: the same data on every run.
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

enum class DemoScale { Town, County };

struct DemoResult {
  std::vector<DemoAccount> accounts;
  std::string password;  // the one password of every demo account
  bool generated = false;
  int towns = 0;  // towns loaded (1 for the town scale)
  int units = 0;  // organisation units loaded, province to villages
};

// The lead units of the demo projects file, in order of first appearance.
std::vector<std::string> demo_departments();

// Fails with Conflict when the database already has organisation units; with InvalidArgument (field
// "password") when `password` breaks the password rule.
Result<DemoResult> load_demo(platform::Services& s, const std::optional<std::string>& password,
                             DemoScale scale = DemoScale::Town);

}  // namespace minsheng::app
