#include "app/cli.hpp"

// Sanitizer builds only: cairo 1.16 and fontconfig leak inside the libraries when PDFs and artwork are
// rendered (documented in src/infra/pdf/pdf_test.cpp, which checks our own use of cairo with exact
// suppressions); the server and the CLI run under ASan in the tests, so those library leaks must not fail
// them.
#if defined(__SANITIZE_ADDRESS__)
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libcairo.so.2\nleak:libfontconfig.so.1\n";
}
#endif

int main(int argc, char** argv) {
  return minsheng::app::run_cli(argc, argv);
}
