#pragma once
// Files embedded in the binary at build time (cmake/EmbedFiles.cmake), so a user's binary works from any
// folder: the templates under templates/ and the portal's static files under static/portal/.
#include <span>
#include <string_view>

namespace minsheng {

struct EmbeddedFile {
  std::string_view path;  // relative to the embedded folder, '/' separated, e.g. "portal/home.mustache"
  std::string_view data;
};

std::span<const EmbeddedFile> embedded_templates();      // templates/
std::span<const EmbeddedFile> embedded_portal_static();  // static/portal/

}  // namespace minsheng
