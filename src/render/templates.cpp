#include "render/templates.hpp"

#include <boost/json.hpp>
#include <kainjow/mustache.hpp>
#include <stdexcept>

namespace minsheng::render {
namespace {

namespace mu = kainjow::mustache;
namespace json = boost::json;

constexpr std::string_view kExt = ".mustache";
constexpr std::string_view kPartialDir = "_partials/";

Error load_error(const std::string& file, const std::string& what) {
  return Error::field(ErrorCode::Internal, "templates/" + file, what);
}

// boost::json -> kainjow data. Objects and arrays recurse; true/false drive sections; numbers print.
mu::data to_data(const json::value& v) {
  switch (v.kind()) {
    case json::kind::object: {
      mu::data d{mu::data::type::object};
      for (const auto& [k, x] : v.get_object())
        d.set(std::string(k), to_data(x));
      return d;
    }
    case json::kind::array: {
      mu::data d{mu::data::type::list};
      for (const auto& x : v.get_array())
        d.push_back(to_data(x));
      return d;
    }
    case json::kind::string:
      return mu::data{std::string(v.get_string())};
    case json::kind::bool_:
      return v.get_bool() ? mu::data{mu::data::type::bool_true} : mu::data{mu::data::type::bool_false};
    case json::kind::int64:
      return mu::data{std::to_string(v.get_int64())};
    case json::kind::uint64:
      return mu::data{std::to_string(v.get_uint64())};
    case json::kind::double_:
      return mu::data{json::serialize(v)};
    case json::kind::null:
      break;
  }
  return mu::data{mu::data::type::bool_false};
}

// The partials come from the template set, not from the data: {{> name}} with a data field called `name`
// cannot inject markup.
class PartialContext : public mu::context<std::string> {
 public:
  PartialContext(const mu::data* data, const std::map<std::string, mu::data, std::less<>>& partials)
      : mu::context<std::string>(data), partials_(partials) {}
  const mu::data* get_partial(const std::string& name) const override {
    auto it = partials_.find(name);
    return it == partials_.end() ? nullptr : &it->second;
  }

 private:
  const std::map<std::string, mu::data, std::less<>>& partials_;
};

// The names in {{> name}} tags (default delimiters; the templates do not change them).
std::vector<std::string> partial_refs(std::string_view text) {
  std::vector<std::string> out;
  for (auto p = text.find("{{>"); p != std::string_view::npos; p = text.find("{{>", p + 3)) {
    const auto end = text.find("}}", p + 3);
    if (end == std::string_view::npos) break;
    std::string_view name = text.substr(p + 3, end - p - 3);
    while (!name.empty() && (name.front() == ' ' || name.front() == '\t'))
      name.remove_prefix(1);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t'))
      name.remove_suffix(1);
    out.emplace_back(name);
  }
  return out;
}

}  // namespace

Result<Templates> Templates::load(std::span<const EmbeddedFile> files) {
  Templates t;
  for (const auto& f : files) {
    const std::string path(f.path);
    if (!path.ends_with(kExt)) continue;
    const std::string name = path.substr(0, path.size() - kExt.size());
    t.sources_.emplace(name, std::string(f.data));
    if (auto p = name.rfind(kPartialDir); p != std::string::npos) {
      const std::string pname = name.substr(p + kPartialDir.size());
      if (!t.partials_.emplace(pname, std::string(f.data)).second)
        return load_error(path, "partial name \"" + pname + "\" used twice");
    }
  }
  for (const auto& [name, text] : t.sources_) {
    mu::mustache m{text};
    if (!m.is_valid()) return load_error(name + std::string(kExt), m.error_message());
    for (const auto& ref : partial_refs(text))
      if (!t.partials_.count(ref))
        return load_error(name + std::string(kExt), "no partial named \"" + ref + "\"");
  }
  return t;
}

Result<Templates> Templates::load_embedded() {
  return load(embedded_templates());
}

Status Templates::require(std::initializer_list<std::string_view> names) const {
  for (auto n : names)
    if (!has(n)) return load_error(std::string(n) + std::string(kExt), "template missing");
  return {};
}

std::vector<std::string> Templates::names() const {
  std::vector<std::string> out;
  for (const auto& [k, v] : sources_)
    out.push_back(k);
  return out;
}

std::string Templates::render(std::string_view name, const json::value& data) const {
  auto it = sources_.find(name);
  if (it == sources_.end()) throw std::out_of_range("no template " + std::string(name));
  // Parsed per render (small, and only on a cache miss): a kainjow template object is not shared across
  // threads.
  std::map<std::string, mu::data, std::less<>> partials;
  for (const auto& [k, v] : partials_)
    partials.emplace(k, mu::data{mu::partial{[&v] { return v; }}});
  mu::mustache tmpl{it->second};
  const mu::data d = to_data(data);
  PartialContext ctx(&d, partials);
  std::string out = tmpl.render(ctx);
  if (!tmpl.error_message().empty())
    throw std::runtime_error("template " + std::string(name) + ": " + tmpl.error_message());
  return out;
}

std::string Templates::render_in_layout(std::string_view layout, std::string_view page,
                                        json::object data) const {
  std::string content = render(page, data);
  data["content"] = std::move(content);
  return render(layout, data);
}

}  // namespace minsheng::render
