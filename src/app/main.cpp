#include "app/cli.hpp"

int main(int argc, char** argv) {
  return minsheng::app::run_cli(argc, argv);
}
