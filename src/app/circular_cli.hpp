#pragma once
// `minsheng circular`: a circular (通报) of a period from the command line (issue 6). Without --issue a
// preview from a fresh snapshot (no database writes); with --issue it is created and issued through the
// service (audited as the CLI) and the stored file is written. --county scores every town of the county into
// one snapshot (for generation times at county scale).
#include <cstdint>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace minsheng::app {

class App;

struct CircularArgs {
  std::string period;
  std::string format = "docx";
  std::string out;
  std::optional<std::int64_t> town;
  bool county = false;
  bool issue = false;
  std::string issued_on;  // YYYY-MM-DD; "" = today
};

// Adds the subcommand and its options (filled into `args` when parsed).
CLI::App* add_circular_command(CLI::App& cli, CircularArgs& args);
// Runs it; prints "已生成 FILE（N 个单位，X ms）" to stderr. Exit code 0, or 1 with a Chinese error.
int run_circular(App& app, const CircularArgs& args);

}  // namespace minsheng::app
