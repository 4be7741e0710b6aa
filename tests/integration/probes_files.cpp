// Probes for the file routes (filled in as the routes are built).
#include "integration/probes.hpp"

namespace minsheng::testing {

void add_file_probes(std::map<std::string, Probe>& m) {
  (void)m;
}

}  // namespace minsheng::testing
