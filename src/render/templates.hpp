#pragma once
// Mustache templates (kainjow), loaded and checked once at start-up. A template is named by its path under
// templates/ without ".mustache" ("portal/home"); a template under a `_partials/` folder is also a partial
// named by its file name ("footer" for portal/_partials/footer.mustache, used as {{> footer}}).
//
// Data is a boost::json value. {{x}} is HTML-escaped (& < > " '); {{{x}}} is for HTML this program produced
// (a rendered page inside the layout), never for data.
#include <boost/json/value.hpp>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "render/embedded.hpp"

namespace minsheng::render {

class Templates {
 public:
  // Parses every file ending in ".mustache" (other files are ignored). Fails (Internal, naming the file) on
  // a syntax error, a {{> partial}} that does not exist, or two partials with one name.
  static Result<Templates> load(std::span<const EmbeddedFile> files);
  // The templates embedded in the binary (templates/); the same checks.
  static Result<Templates> load_embedded();

  bool has(std::string_view name) const { return sources_.count(std::string(name)) != 0; }
  // Fails (Internal) naming the first template of `names` that does not exist: called at start-up by each
  // user of templates so that a missing one stops the program there, not on a request.
  Status require(std::initializer_list<std::string_view> names) const;
  std::vector<std::string> names() const;

  // Renders a template; throws std::out_of_range for a template that does not exist.
  std::string render(std::string_view name, const boost::json::value& data) const;
  // Renders `page`, then `layout` with the page's HTML as `content` (used as {{{content}}} there).
  std::string render_in_layout(std::string_view layout, std::string_view page,
                               boost::json::object data) const;

 private:
  std::map<std::string, std::string, std::less<>> sources_;   // name -> text
  std::map<std::string, std::string, std::less<>> partials_;  // partial name -> text
};

}  // namespace minsheng::render
