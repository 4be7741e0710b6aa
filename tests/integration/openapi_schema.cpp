#include "integration/openapi_schema.hpp"

#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace minsheng::testing {

namespace json = boost::json;

namespace {

struct Line {
  int number;  // 1-based, for errors
  std::size_t indent;
  std::string text;  // without the indentation
};

[[noreturn]] void fail(int line, const std::string& what) {
  throw std::runtime_error("api/openapi.yaml line " + std::to_string(line) + ": " + what);
}

// A plain scalar as JSON: null, booleans and numbers as in YAML's core schema, anything else a string.
json::value plain_scalar(std::string s) {
  while (!s.empty() && s.back() == ' ')
    s.pop_back();
  if (s.empty() || s == "null" || s == "~") return nullptr;
  if (s == "true") return true;
  if (s == "false") return false;
  std::size_t i = s[0] == '-' ? 1 : 0;
  std::size_t digits = 0, dots = 0;
  for (std::size_t j = i; j < s.size(); ++j) {
    if (std::isdigit(static_cast<unsigned char>(s[j]))) {
      ++digits;
    } else if (s[j] == '.' && dots == 0 && digits > 0) {
      ++dots;
    } else {
      digits = 0;
      break;
    }
  }
  if (digits > 0 && s.back() != '.') {
    if (dots == 0) return static_cast<std::int64_t>(std::stoll(s));
    return std::stod(s);
  }
  return json::string(s);
}

class Reader {
 public:
  explicit Reader(std::string_view text) {
    std::istringstream in{std::string(text)};
    std::vector<std::string> raw;
    for (std::string l; std::getline(in, l);) {
      if (!l.empty() && l.back() == '\r') l.pop_back();
      raw.push_back(std::move(l));
    }
    for (std::size_t n = 0; n < raw.size(); ++n) {
      const int number = static_cast<int>(n) + 1;
      std::size_t indent = 0;
      while (indent < raw[n].size() && raw[n][indent] == ' ')
        ++indent;
      if (indent < raw[n].size() && raw[n][indent] == '\t') fail(number, "tab in indentation");
      std::string rest = raw[n].substr(indent);
      if (rest.empty() || rest[0] == '#') continue;
      if (rest == "---" || rest.starts_with("%")) fail(number, "documents and directives are not supported");
      for (const char* header : {": >-", ": >", ": |-", ": |"}) {
        if (!rest.ends_with(header)) continue;
        // A block scalar: its lines (more indented than the key, or blank) become one quoted scalar.
        std::vector<std::string> body;
        while (n + 1 < raw.size()) {
          const auto& next = raw[n + 1];
          const auto first = next.find_first_not_of(' ');
          if (first != std::string::npos && first <= indent) break;
          body.push_back(first == std::string::npos ? "" : next);
          ++n;
        }
        while (!body.empty() && body.back().empty())
          body.pop_back();
        std::size_t strip = std::string::npos;
        for (const auto& b : body)
          if (!b.empty()) strip = std::min(strip, b.find_first_not_of(' '));
        const bool folded = header[2] == '>';
        std::string value;
        bool after_break = true;
        for (const auto& b : body) {
          if (b.empty()) {
            value += '\n';
            after_break = true;
            continue;
          }
          if (!value.empty() && !after_break) value += folded ? ' ' : '\n';
          value += b.substr(strip);
          after_break = false;
        }
        if (std::string_view(header).size() == 3) value += '\n';  // clip: one final line break
        rest = rest.substr(0, rest.size() - std::string_view(header).size() + 1) + " " +
               json::serialize(json::string(value));
        break;
      }
      lines_.push_back(Line{number, indent, rest});
    }
  }

  json::value document() {
    if (lines_.empty()) return nullptr;
    auto v = block(lines_[0].indent);
    if (pos_ != lines_.size()) fail(lines_[pos_].number, "unexpected indentation");
    return v;
  }

 private:
  std::vector<Line> lines_;
  std::size_t pos_ = 0;

  static bool is_item(const std::string& t) { return t == "-" || t.starts_with("- "); }

  // The end of a mapping key ("key:" or "key: value"), or npos when the text is not a mapping entry.
  static std::size_t key_end(const std::string& t) {
    if (t.empty() || t[0] == '{' || t[0] == '[') return std::string::npos;
    std::size_t i = 0;
    if (t[0] == '\'' || t[0] == '"') {
      const char q = t[0];
      i = t.find(q, 1);
      if (i == std::string::npos) return std::string::npos;
      ++i;
      return (i < t.size() && t[i] == ':' && (i + 1 == t.size() || t[i + 1] == ' ')) ? i : std::string::npos;
    }
    for (; i < t.size(); ++i)
      if (t[i] == ':' && (i + 1 == t.size() || t[i + 1] == ' ')) return i;
    return std::string::npos;
  }

  json::value block(std::size_t indent) {
    if (is_item(lines_[pos_].text)) return sequence(indent);
    return mapping(indent);
  }

  json::value mapping(std::size_t indent) {
    json::object o;
    while (pos_ < lines_.size() && lines_[pos_].indent == indent && !is_item(lines_[pos_].text)) {
      const Line line = lines_[pos_];
      const auto end = key_end(line.text);
      if (end == std::string::npos) fail(line.number, "expected \"key: value\"");
      std::string key = line.text.substr(0, end);
      if (key[0] == '\'' || key[0] == '"') key = std::string(inline_value(key, line).as_string());
      if (o.contains(key)) fail(line.number, "duplicate key " + key);
      std::string rest = end + 1 < line.text.size() ? line.text.substr(end + 2) : "";
      ++pos_;
      json::value v;
      if (rest.empty() || rest[0] == '#') {
        if (pos_ < lines_.size() && lines_[pos_].indent > indent) {
          v = block(lines_[pos_].indent);
        } else if (pos_ < lines_.size() && lines_[pos_].indent == indent && is_item(lines_[pos_].text)) {
          v = sequence(indent);
        }
      } else {
        v = inline_value(rest, line);
        if (pos_ < lines_.size() && lines_[pos_].indent > indent)
          fail(lines_[pos_].number, "multi-line scalars are not supported");
      }
      o[key] = std::move(v);
    }
    if (pos_ < lines_.size() && lines_[pos_].indent > indent)
      fail(lines_[pos_].number, "unexpected indentation");
    return o;
  }

  json::value sequence(std::size_t indent) {
    json::array a;
    while (pos_ < lines_.size() && lines_[pos_].indent == indent && is_item(lines_[pos_].text)) {
      Line& line = lines_[pos_];
      if (line.text == "-") {
        ++pos_;
        if (pos_ >= lines_.size() || lines_[pos_].indent <= indent) {
          a.emplace_back(nullptr);
        } else {
          a.push_back(block(lines_[pos_].indent));
        }
        continue;
      }
      std::string after = line.text.substr(2);
      std::size_t skip = 2;
      while (!after.empty() && after[0] == ' ') {
        after.erase(0, 1);
        ++skip;
      }
      if (key_end(after) != std::string::npos || is_item(after)) {
        // "- key: value" opens a mapping (or "- - x" a sequence) whose lines continue at the item's column.
        line.indent += skip;
        line.text = after;
        a.push_back(block(line.indent));
      } else {
        const Line copy = line;
        ++pos_;
        a.push_back(inline_value(after, copy));
        if (pos_ < lines_.size() && lines_[pos_].indent > indent)
          fail(lines_[pos_].number, "multi-line scalars are not supported");
      }
    }
    return a;
  }

  // A value on one line: flow collection, quoted or plain scalar (a trailing " # comment" dropped).
  json::value inline_value(const std::string& text, const Line& line) {
    std::size_t i = 0;
    auto v = flow(text, i, line, false);
    while (i < text.size() && text[i] == ' ')
      ++i;
    if (i < text.size() && text[i] != '#') fail(line.number, "trailing text after a value");
    return v;
  }

  static void skip_spaces(const std::string& t, std::size_t& i) {
    while (i < t.size() && t[i] == ' ')
      ++i;
  }

  json::value quoted(const std::string& t, std::size_t& i, const Line& line) {
    const char q = t[i++];
    std::string out;
    while (true) {
      if (i >= t.size()) fail(line.number, "unterminated quoted string");
      const char c = t[i++];
      if (c == q) {
        if (q == '\'' && i < t.size() && t[i] == '\'') {
          out += '\'';
          ++i;
          continue;
        }
        break;
      }
      if (q == '"' && c == '\\') {
        if (i >= t.size()) fail(line.number, "bad escape");
        const char e = t[i++];
        switch (e) {
          case 'n':
            out += '\n';
            break;
          case 't':
            out += '\t';
            break;
          case '"':
            out += '"';
            break;
          case '\\':
            out += '\\';
            break;
          case '/':
            out += '/';
            break;
          default:
            fail(line.number, std::string("unsupported escape \\") + e);
        }
        continue;
      }
      out += c;
    }
    return json::string(out);
  }

  // One value starting at t[i]; `in_flow` makes , ] } and ':' end plain scalars.
  json::value flow(const std::string& t, std::size_t& i, const Line& line, bool in_flow) {
    skip_spaces(t, i);
    if (i >= t.size()) return nullptr;
    const char c = t[i];
    if (c == '&' || c == '*' || c == '!' || c == '|' || c == '>')
      fail(line.number, "anchors, aliases, tags and block scalars are not supported");
    if (c == '\'' || c == '"') return quoted(t, i, line);
    if (c == '{') {
      ++i;
      json::object o;
      skip_spaces(t, i);
      if (i < t.size() && t[i] == '}') {
        ++i;
        return o;
      }
      while (true) {
        skip_spaces(t, i);
        auto k = flow(t, i, line, true);
        if (!k.is_string()) fail(line.number, "flow mapping key must be a string");
        skip_spaces(t, i);
        if (i >= t.size() || t[i] != ':') fail(line.number, "expected ':' in flow mapping");
        ++i;
        o[k.as_string()] = flow(t, i, line, true);
        skip_spaces(t, i);
        if (i < t.size() && t[i] == ',') {
          ++i;
          continue;
        }
        if (i < t.size() && t[i] == '}') {
          ++i;
          return o;
        }
        fail(line.number, "unterminated flow mapping");
      }
    }
    if (c == '[') {
      ++i;
      json::array a;
      skip_spaces(t, i);
      if (i < t.size() && t[i] == ']') {
        ++i;
        return a;
      }
      while (true) {
        a.push_back(flow(t, i, line, true));
        skip_spaces(t, i);
        if (i < t.size() && t[i] == ',') {
          ++i;
          continue;
        }
        if (i < t.size() && t[i] == ']') {
          ++i;
          return a;
        }
        fail(line.number, "unterminated flow sequence");
      }
    }
    std::string s;
    while (i < t.size()) {
      const char d = t[i];
      if (in_flow && (d == ',' || d == ']' || d == '}')) break;
      if (in_flow && d == ':' && (i + 1 == t.size() || t[i + 1] == ' ' || t[i + 1] == ',')) break;
      if (d == '#' && !s.empty() && s.back() == ' ') break;
      s += d;
      ++i;
    }
    auto v = plain_scalar(s);
    // A plain key keeps its text ("200" stays a string key).
    if (in_flow && i < t.size() && t[i] == ':' && !v.is_string()) {
      while (!s.empty() && s.back() == ' ')
        s.pop_back();
      return json::string(s);
    }
    return v;
  }
};

const json::object& schemas() {
  static const json::object empty;
  const auto& doc = openapi_document();
  const auto* c = doc.if_contains("components");
  if (!c || !c->is_object()) return empty;
  const auto* s = c->as_object().if_contains("schemas");
  return s && s->is_object() ? s->as_object() : empty;
}

json::object resolve(const json::value& v, int depth);

json::object resolve_ref(const std::string& ref, int depth) {
  const std::string prefix = "#/components/schemas/";
  if (!ref.starts_with(prefix)) throw std::runtime_error("unsupported $ref " + ref);
  const auto* s = schemas().if_contains(ref.substr(prefix.size()));
  if (!s) throw std::runtime_error("dangling $ref " + ref);
  return resolve(*s, depth + 1);
}

// A schema with $ref replaced by its target, allOf merged into one object, and the schemas of properties,
// items and nested objects resolved in turn.
json::object resolve(const json::value& v, int depth) {
  if (depth > 32) throw std::runtime_error("api/openapi.yaml: $ref cycle in a request schema");
  if (!v.is_object()) return {};
  json::object in = v.as_object();
  json::object out;
  if (const auto* ref = in.if_contains("$ref")) {
    out = resolve_ref(std::string(ref->as_string()), depth);
    in.erase("$ref");
  }
  if (const auto* all = in.if_contains("allOf")) {
    for (const auto& part : all->as_array()) {
      auto r = resolve(part, depth + 1);
      for (auto& [k, val] : r) {
        if (k == "properties" && out.contains("properties")) {
          for (auto& [pk, pv] : val.as_object())
            out["properties"].as_object()[pk] = pv;
        } else if (k == "required" && out.contains("required")) {
          for (auto& name : val.as_array())
            out["required"].as_array().push_back(name);
        } else {
          out[k] = val;
        }
      }
    }
    in.erase("allOf");
  }
  for (auto& [k, val] : in) {
    if (k == "properties" && val.is_object()) {
      json::object props = out.contains("properties") ? out["properties"].as_object() : json::object{};
      for (auto& [pk, pv] : val.as_object())
        props[pk] = resolve(pv, depth + 1);
      out["properties"] = std::move(props);
    } else if (k == "properties") {
      out["properties"] = json::object{};  // "properties:" with nothing under it
    } else if (k == "items") {
      out["items"] = resolve(val, depth + 1);
    } else {
      out[k] = val;
    }
  }
  return out;
}

bool flag(const json::object& o, const char* name) {
  const auto* v = o.if_contains(name);
  return v && v->is_bool() && v->as_bool();
}

bool is_string_schema(const json::object& s) {
  const auto* t = s.if_contains("type");
  return t && t->is_string() && t->as_string() == "string";
}

void collect(const json::object& schema, const std::string& prefix, bool required, bool read_only,
             std::vector<SchemaStringField>& out) {
  const bool ro = read_only || flag(schema, "readOnly");
  if (is_string_schema(schema)) {
    SchemaStringField f;
    f.path = prefix;
    f.required = required;
    f.constrained = schema.contains("enum") || schema.contains("format") || schema.contains("pattern");
    f.read_only = ro;
    f.write_only = flag(schema, "writeOnly");
    if (const auto* n = schema.if_contains("x-normalize"); n && n->is_string()) {
      if (n->as_string() != "NFKC") throw std::runtime_error("unknown x-normalize at " + prefix);
      f.nfkc = true;
    }
    if (const auto* m = schema.if_contains("maxLength"); m && m->is_int64()) f.max_length = m->as_int64();
    out.push_back(std::move(f));
    return;
  }
  if (const auto* items = schema.if_contains("items"); items && items->is_object()) {
    collect(items->as_object(), prefix + "[]", true, ro, out);
    return;
  }
  const auto* props = schema.if_contains("properties");
  if (!props || !props->is_object()) return;
  std::vector<std::string> req;
  if (const auto* r = schema.if_contains("required"); r && r->is_array())
    for (const auto& name : r->as_array())
      req.emplace_back(name.as_string());
  for (const auto& [name, sub] : props->as_object()) {
    const std::string key(name);
    const bool is_req = std::find(req.begin(), req.end(), key) != req.end();
    collect(sub.as_object(), prefix.empty() ? key : prefix + "." + key, is_req, ro, out);
  }
}

}  // namespace

json::value parse_yaml_subset(std::string_view text) {
  return Reader(text).document();
}

const json::object& openapi_document() {
  static const json::object doc = [] {
    std::ifstream f(std::string(MINSHENG_SOURCE_DIR) + "/api/openapi.yaml", std::ios::binary);
    if (!f) throw std::runtime_error("api/openapi.yaml missing");
    std::ostringstream ss;
    ss << f.rdbuf();
    auto v = parse_yaml_subset(ss.str());
    if (!v.is_object()) throw std::runtime_error("api/openapi.yaml is not a mapping");
    return v.as_object();
  }();
  return doc;
}

const json::object* openapi_operation(const std::string& method, const std::string& pattern) {
  const auto* paths = openapi_document().if_contains("paths");
  if (!paths || !paths->is_object()) return nullptr;
  const auto* item = paths->as_object().if_contains(pattern);
  if (!item || !item->is_object()) return nullptr;
  std::string m = method;
  for (auto& c : m)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto* op = item->as_object().if_contains(m);
  return op && op->is_object() ? &op->as_object() : nullptr;
}

std::vector<std::string> request_media_types(const std::string& method, const std::string& pattern) {
  std::vector<std::string> out;
  const auto* op = openapi_operation(method, pattern);
  if (!op) return out;
  const auto* body = op->if_contains("requestBody");
  if (!body || !body->is_object()) return out;
  const auto* content = body->as_object().if_contains("content");
  if (!content || !content->is_object()) return out;
  for (const auto& [type, _] : content->as_object())
    out.emplace_back(type);
  return out;
}

std::optional<json::object> json_request_schema(const std::string& method, const std::string& pattern) {
  const auto* op = openapi_operation(method, pattern);
  if (!op) return std::nullopt;
  const auto* body = op->if_contains("requestBody");
  if (!body || !body->is_object()) return std::nullopt;
  const auto* content = body->as_object().if_contains("content");
  if (!content || !content->is_object()) return std::nullopt;
  const auto* media = content->as_object().if_contains("application/json");
  if (!media || !media->is_object()) return std::nullopt;
  const auto* schema = media->as_object().if_contains("schema");
  if (!schema || !schema->is_object()) return std::nullopt;
  return resolve(*schema, 0);
}

std::vector<SchemaStringField> string_fields(const json::object& schema) {
  std::vector<SchemaStringField> out;
  collect(schema, "", true, false, out);
  return out;
}

json::value* value_at(json::value& body, const std::string& path) {
  json::value* cur = &body;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path.compare(i, 2, "[]") == 0) {
      if (!cur->is_array() || cur->as_array().empty()) return nullptr;
      cur = &cur->as_array()[0];
      i += 2;
      continue;
    }
    if (path[i] == '.') ++i;
    std::size_t end = i;
    while (end < path.size() && path[end] != '.' && path[end] != '[')
      ++end;
    if (!cur->is_object()) return nullptr;
    auto* next = cur->as_object().if_contains(path.substr(i, end - i));
    if (!next) return nullptr;
    cur = next;
    i = end;
  }
  return cur;
}

std::string concrete_path(const std::string& path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path.compare(i, 2, "[]") == 0) {
      out += "[0]";
      ++i;
    } else {
      out += path[i];
    }
  }
  return out;
}

}  // namespace minsheng::testing
