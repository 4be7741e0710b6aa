#pragma once
// `minsheng print sign|poster|leaflet` (issue 7): the artwork of one project from the command line — the
// sign board, the service-window poster or the 明白纸 leaflet — as PDF, PNG or SVG, with its content from
// the project catalogue (signage/content.hpp: the defaults the signage API starts from) and, for an
// engineering project's board, its sign record (signage/service.hpp: overridden fields, size and script).
// Reads only.
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace minsheng::app {

class App;

struct PrintArgs {
  std::string kind;            // sign | poster | leaflet
  std::string project;         // the project's code, e.g. 2020-01
  std::optional<int> year;     // default: the latest year with that code
  std::string format = "pdf";  // pdf | png | svg
  std::string out;
  std::string size;    // sign: 120x80 | 240x120 | a4 (default: the sign record's, else 120x80)
  std::string script;  // hans | hant (default: the sign record's, else hans)
  std::string paper;   // leaflet: a4 (default) | a5 (the default with --two-up)
  bool two_up = false;
};

// Adds the subcommand and its options (filled into `args` when parsed). Values are checked by run_print, so
// a bad one gets a Chinese message and exit code 1.
CLI::App* add_print_command(CLI::App& cli, PrintArgs& args);
// Runs it; prints "已生成 FILE（…，渲染 X ms）" to stderr (the time to lay out and render, without the
// database), and a warning naming any text that did not fit. Exit code 0, or 1 with a Chinese error.
int run_print(App& app, const PrintArgs& args);

}  // namespace minsheng::app
