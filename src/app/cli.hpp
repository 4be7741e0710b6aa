#pragma once
// The `minsheng` command line: serve, init, migrate, user, check, backup, restore, demo, circular.
namespace minsheng::app {

int run_cli(int argc, char** argv);

}  // namespace minsheng::app
