#include "modules/files/names.hpp"

#include <array>
#include <cstdint>
#include <vector>

#include "http/parse/multipart.hpp"

namespace minsheng::files {
namespace {

std::vector<std::uint32_t> decode(std::string_view s) {
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    std::uint32_t cp = len == 1 ? c : c & (0x7fu >> len);
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3fu);
    out.push_back(cp);
    i += len;
  }
  return out;
}

void encode(std::uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

bool dropped(std::uint32_t c) {
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x00ad || (c >= 0x200b && c <= 0x200f) ||
         (c >= 0x2028 && c <= 0x202e) || (c >= 0x2060 && c <= 0x2069) || c == 0xfeff;
}

bool reserved(std::uint32_t c) {
  return c == '<' || c == '>' || c == ':' || c == '"' || c == '|' || c == '?' || c == '*';
}

bool trimmed(std::uint32_t c) {
  return c == ' ' || c == '.' || c == 0x3000;
}

std::string upper_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

bool windows_device(std::string_view name) {
  const std::string stem = upper_ascii(name.substr(0, name.find('.')));
  static constexpr std::array kNames = {"CON", "PRN", "AUX", "NUL"};
  for (const char* n : kNames)
    if (stem == n) return true;
  if (stem.size() == 4 && (stem.starts_with("COM") || stem.starts_with("LPT")) && stem[3] >= '0' &&
      stem[3] <= '9')
    return true;
  return false;
}

}  // namespace

std::string sanitize_filename(std::string_view raw) {
  const std::string valid = http::parse::utf8_lossy(raw);
  std::string_view s = valid;
  if (auto slash = s.find_last_of("/\\"); slash != std::string_view::npos) s.remove_prefix(slash + 1);
  std::vector<std::uint32_t> cps;
  for (std::uint32_t c : decode(s)) {
    if (dropped(c)) continue;
    cps.push_back(reserved(c) ? '_' : c);
  }
  std::size_t b = 0, e = cps.size();
  while (b < e && trimmed(cps[b]))
    ++b;
  while (e > b && trimmed(cps[e - 1]))
    --e;
  constexpr std::size_t kMaxChars = 100;
  std::vector<std::uint32_t> kept(cps.begin() + static_cast<std::ptrdiff_t>(b),
                                  cps.begin() + static_cast<std::ptrdiff_t>(e));
  if (kept.size() > kMaxChars) {
    // Keep a short extension when cutting: "<first 90>….jpg".
    std::vector<std::uint32_t> ext;
    for (std::size_t i = kept.size(); i-- > kept.size() - 9;)
      if (kept[i] == '.') {
        ext.assign(kept.begin() + static_cast<std::ptrdiff_t>(i), kept.end());
        break;
      }
    kept.resize(kMaxChars - ext.size());
    while (!kept.empty() && trimmed(kept.back()))
      kept.pop_back();
    kept.insert(kept.end(), ext.begin(), ext.end());
  }
  std::string out;
  for (std::uint32_t c : kept)
    encode(c, out);
  if (out.empty()) return "file";
  if (windows_device(out)) out.insert(0, "_");
  return out;
}

std::string with_extension(std::string_view name, std::string_view ext) {
  std::string_view stem = name;
  if (auto dot = stem.rfind('.'); dot != std::string_view::npos && dot > 0) stem = stem.substr(0, dot);
  return std::string(stem) + "." + std::string(ext);
}

std::string rfc8187_encode(std::string_view utf8) {
  static constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out;
  for (char ch : utf8) {
    const auto c = static_cast<unsigned char>(ch);
    const bool attr = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      std::string_view("!#$&+-.^_`|~").find(ch) != std::string_view::npos;
    if (attr) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

std::string content_disposition(std::string_view disposition, std::string_view ascii_name,
                                std::string_view utf8_name) {
  return std::string(disposition) + "; filename=\"" + std::string(ascii_name) + "\"; filename*=UTF-8''" +
         rfc8187_encode(utf8_name);
}

}  // namespace minsheng::files
