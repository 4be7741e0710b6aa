#include "http/static_files.hpp"

#include <fstream>
#include <iterator>
#include <sstream>
#include <system_error>
#include <vector>

#include "core/text.hpp"
#include "http/parse/query.hpp"

namespace minsheng::http {
namespace {

namespace fs = std::filesystem;

std::uint64_t fnv1a64(std::string_view data) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char ch : data) {
    h ^= ch;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string quoted_hex(std::uint64_t v) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (int shift = 60; shift >= 0; shift -= 4)
    out += kHex[(v >> shift) & 0xf];
  out += '"';
  return out;
}

std::string content_type_for(std::string_view name) {
  auto dot = name.rfind('.');
  std::string ext = dot == std::string_view::npos ? "" : ascii_lower(name.substr(dot + 1));
  if (ext == "html" || ext == "htm") return "text/html; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "json" || ext == "map") return "application/json; charset=utf-8";
  if (ext == "svg") return "image/svg+xml; charset=utf-8";
  if (ext == "png") return "image/png";
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "gif") return "image/gif";
  if (ext == "webp") return "image/webp";
  if (ext == "ico") return "image/x-icon";
  if (ext == "woff2") return "font/woff2";
  if (ext == "txt") return "text/plain; charset=utf-8";
  if (ext == "pdf") return "application/pdf";
  if (ext == "xml") return "text/xml; charset=utf-8";
  return "application/octet-stream";
}

// "app.3f2a1c9b.js": a content hash in the name, so the file never changes under that name.
bool has_content_hash(std::string_view name) {
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] != '.') continue;
    std::size_t j = i + 1;
    while (j < name.size() && ((name[j] >= '0' && name[j] <= '9') || (name[j] >= 'a' && name[j] <= 'f')))
      ++j;
    if (j - i - 1 >= 8 && j < name.size() && name[j] == '.') return true;
  }
  return false;
}

std::optional<std::string> read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return std::move(ss).str();
}

bool within(const fs::path& root, const fs::path& p) {
  auto r = root.begin();
  auto q = p.begin();
  for (; r != root.end(); ++r, ++q) {
    if (r->empty()) continue;  // a trailing separator
    if (q == p.end() || *r != *q) return false;
  }
  return true;
}

// The q-value a client gives to `coding` in Accept-Encoding (0 when absent and no "*").
double accept_q(std::string_view header, std::string_view coding) {
  double star = 0;
  bool has_star = false;
  while (!header.empty()) {
    auto comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    auto semi = item.find(';');
    std::string_view name = item.substr(0, semi);
    while (!name.empty() && (name.front() == ' ' || name.front() == '\t'))
      name.remove_prefix(1);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t'))
      name.remove_suffix(1);
    double q = 1;
    if (semi != std::string_view::npos) {
      std::string params = ascii_lower(item.substr(semi + 1));
      auto qpos = params.find("q=");
      if (qpos != std::string::npos) {
        try {
          q = std::stod(params.substr(qpos + 2));
        } catch (const std::exception&) {
          q = 0;
        }
      }
    }
    if (ascii_lower(name) == coding) return q;
    if (name == "*") {
      has_star = true;
      star = q;
    }
  }
  return has_star ? star : 0;
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  while (!if_none_match.empty()) {
    auto comma = if_none_match.find(',');
    std::string_view item = if_none_match.substr(0, comma);
    if_none_match = comma == std::string_view::npos ? std::string_view() : if_none_match.substr(comma + 1);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t'))
      item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t'))
      item.remove_suffix(1);
    if (item == "*") return true;
    if (item.substr(0, 2) == "W/") item.remove_prefix(2);  // If-None-Match uses the weak comparison
    if (item == etag) return true;
  }
  return false;
}

}  // namespace

StaticFiles::StaticFiles(fs::path root, std::string url_prefix) : prefix_(std::move(url_prefix)) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return;
  const fs::path canon_root = fs::canonical(root, ec);
  if (ec) return;
  std::map<std::string, std::string, std::less<>> raw;  // relative path -> content
  fs::recursive_directory_iterator it(canon_root, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const auto& entry = *it;
    const std::string name = entry.path().filename().string();
    if (!name.empty() && name.front() == '.') {
      if (entry.is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    std::error_code sec;
    if (entry.is_symlink(sec)) {
      auto target = fs::canonical(entry.path(), sec);
      if (sec || !within(canon_root, target)) continue;
    }
    if (!entry.is_regular_file(sec) || sec) continue;
    auto content = read_all(entry.path());
    if (!content) continue;
    raw.emplace(entry.path().lexically_relative(canon_root).generic_string(), std::move(*content));
  }
  auto base_of = [&](const std::string& rel, std::string_view ext) -> std::optional<std::string> {
    if (rel.size() <= ext.size() || rel.compare(rel.size() - ext.size(), ext.size(), ext) != 0)
      return std::nullopt;
    std::string base = rel.substr(0, rel.size() - ext.size());
    if (raw.find(base) == raw.end()) return std::nullopt;
    return base;
  };
  for (auto& [rel, content] : raw) {
    if (base_of(rel, ".gz") || base_of(rel, ".br")) continue;
    File f;
    f.etag = quoted_hex(fnv1a64(content));
    auto slash = rel.rfind('/');
    std::string_view filename =
        slash == std::string::npos ? std::string_view(rel) : std::string_view(rel).substr(slash + 1);
    f.content_type = content_type_for(filename);
    if (auto gz = raw.find(rel + ".gz"); gz != raw.end()) f.gzip = gz->second;
    if (auto br = raw.find(rel + ".br"); br != raw.end()) f.brotli = br->second;
    f.body = content;
    files_.emplace(rel, std::move(f));
  }
}

std::optional<Response> StaticFiles::serve(const Request& req) const {
  if (req.method != Method::Get && req.method != Method::Head) return std::nullopt;
  if (req.path.size() <= prefix_.size() || req.path.compare(0, prefix_.size(), prefix_) != 0)
    return std::nullopt;
  auto decoded = parse::percent_decode(std::string_view(req.path).substr(prefix_.size()), false);
  if (!decoded) return std::nullopt;
  const std::string& rel = decoded.value();
  if (rel.find('\0') != std::string::npos || rel.find('\\') != std::string::npos) return std::nullopt;
  for (std::size_t start = 0;;) {
    auto slash = rel.find('/', start);
    std::string_view seg =
        std::string_view(rel).substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (seg.empty() || seg == "." || seg == "..") return std::nullopt;
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  auto it = files_.find(rel);
  if (it == files_.end()) return std::nullopt;
  const File& f = it->second;

  Response r;
  r.route_label = prefix_ + "*";
  auto slash = rel.rfind('/');
  std::string_view filename =
      slash == std::string::npos ? std::string_view(rel) : std::string_view(rel).substr(slash + 1);
  r.headers.emplace_back("etag", f.etag);
  r.headers.emplace_back("cache-control", has_content_hash(filename) ? "public, max-age=31536000, immutable"
                                                                     : "public, max-age=300");
  const bool has_variants = !f.gzip.empty() || !f.brotli.empty();
  if (has_variants) r.headers.emplace_back("vary", "accept-encoding");
  if (auto inm = req.header("if-none-match"); inm && etag_matches(*inm, f.etag)) {
    r.status = 304;
    return r;
  }
  r.status = 200;
  r.headers.emplace_back("content-type", f.content_type);
  const std::string_view accept = req.header("accept-encoding").value_or("");
  if (!f.brotli.empty() && accept_q(accept, "br") > 0) {
    r.headers.emplace_back("content-encoding", "br");
    r.body = f.brotli;
  } else if (!f.gzip.empty() && accept_q(accept, "gzip") > 0) {
    r.headers.emplace_back("content-encoding", "gzip");
    r.body = f.gzip;
  } else {
    r.body = f.body;
  }
  return r;
}

}  // namespace minsheng::http
