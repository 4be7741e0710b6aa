#include "http/parse/multipart.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "core/text.hpp"
#include "http/parse/query.hpp"

namespace minsheng::http::parse {
namespace {

char lower_ascii(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower_ascii(x) == lower_ascii(y); });
}

// RFC 7230 tchar.
bool is_token_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_token_char);
}

// RFC 2046 bchars (space allowed, but not last).
bool valid_boundary(std::string_view b) {
  if (b.empty() || b.size() > kMaxBoundary || b.back() == ' ') return false;
  for (char c : b) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

using Params = std::vector<std::pair<std::string, std::string>>;  // names in lower case

// `; name=value; name="quoted \" value"` after a media type or disposition type. nullopt when malformed.
// In quoted strings `\"` and `\\` are escapes; any other backslash is kept (old browsers send Windows paths).
std::optional<Params> parse_params(std::string_view s) {
  Params out;
  std::size_t i = 0;
  auto skip_ws = [&] {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t'))
      ++i;
  };
  while (true) {
    skip_ws();
    if (i == s.size()) return out;
    if (s[i] != ';') return std::nullopt;
    ++i;
    skip_ws();
    if (i == s.size()) return out;  // a trailing ';'
    const std::size_t name_start = i;
    while (i < s.size() && is_token_char(s[i]))
      ++i;
    const std::string name = ascii_lower(s.substr(name_start, i - name_start));
    skip_ws();
    if (name.empty() || i == s.size() || s[i] != '=') return std::nullopt;
    ++i;
    skip_ws();
    std::string value;
    if (i < s.size() && s[i] == '"') {
      ++i;
      bool closed = false;
      while (i < s.size()) {
        const char c = s[i++];
        if (c == '"') {
          closed = true;
          break;
        }
        if (c == '\\' && i < s.size() && (s[i] == '"' || s[i] == '\\')) {
          value += s[i++];
          continue;
        }
        value += c;
      }
      if (!closed) return std::nullopt;
    } else {
      const std::size_t start = i;
      while (i < s.size() && s[i] != ';' && s[i] != ' ' && s[i] != '\t')
        ++i;
      value = std::string(s.substr(start, i - start));
    }
    out.emplace_back(name, std::move(value));
  }
}

// RFC 8187 ext-value: charset'language'pct-encoded; only UTF-8 is accepted.
std::optional<std::string> decode_ext_value(std::string_view v) {
  const auto q1 = v.find('\'');
  if (q1 == std::string_view::npos) return std::nullopt;
  const auto q2 = v.find('\'', q1 + 1);
  if (q2 == std::string_view::npos) return std::nullopt;
  if (!iequals(v.substr(0, q1), "utf-8")) return std::nullopt;
  auto decoded = percent_decode(v.substr(q2 + 1), false);
  if (!decoded) return std::nullopt;
  return std::move(decoded).value();
}

std::size_t utf8_sequence_length(unsigned char c) {
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) return 2;
  if (c >= 0xe0 && c <= 0xef) return 3;
  if (c >= 0xf0 && c <= 0xf4) return 4;
  return 0;
}

}  // namespace

std::string utf8_lossy(std::string_view s) {
  static constexpr std::string_view kReplacement = "\xef\xbf\xbd";
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t len = utf8_sequence_length(static_cast<unsigned char>(s[i]));
    if (len == 0 || i + len > s.size() || !valid_utf8(s.substr(i, len)) || s[i] == '\0') {
      out += kReplacement;
      ++i;
      continue;
    }
    out += s.substr(i, len);
    i += len;
  }
  return out;
}

Result<std::string> multipart_boundary(std::string_view content_type) {
  const auto semi = content_type.find(';');
  const std::string_view type = trim_ows(content_type.substr(0, semi));
  if (!iequals(type, "multipart/form-data"))
    return Error::make(ErrorCode::UnsupportedMediaType, "multipart.not_multipart");
  auto params = parse_params(semi == std::string_view::npos ? std::string_view() : content_type.substr(semi));
  if (!params) return Error::make(ErrorCode::InvalidArgument, "multipart.bad_boundary");
  std::optional<std::string> boundary;
  for (auto& [name, value] : *params) {
    if (name != "boundary") continue;
    if (boundary) return Error::make(ErrorCode::InvalidArgument, "multipart.bad_boundary");
    boundary = std::move(value);
  }
  if (!boundary || !valid_boundary(*boundary))
    return Error::make(ErrorCode::InvalidArgument, "multipart.bad_boundary");
  return *boundary;
}

MultipartParser::MultipartParser(std::string boundary, MultipartLimits limits)
    : delimiter_("\r\n--" + boundary), limits_(limits), buf_("\r\n") {
  // The first delimiter may open the body without a preceding CRLF: the buffer starts with one.
}

Status MultipartParser::fail(ErrorCode code, std::string key) {
  state_ = State::Failed;
  buf_.clear();
  buf_.shrink_to_fit();
  error_ = Error::make(code, std::move(key));
  return *error_;
}

Status MultipartParser::feed(std::string_view chunk) {
  if (error_) return *error_;
  total_ += chunk.size();
  if (total_ > limits_.max_total) return fail(ErrorCode::ContentTooLarge, "multipart.too_large");
  if (state_ == State::Epilogue) return {};  // anything after the closing delimiter is ignored
  buf_.append(chunk);
  return step();
}

Status MultipartParser::finish() {
  if (error_) return *error_;
  if (state_ != State::Epilogue) return fail(ErrorCode::InvalidArgument, "multipart.truncated");
  return {};
}

Status MultipartParser::append_data(std::string_view bytes) {
  auto& part = parts_.back();
  const std::size_t limit = part.is_file() ? limits_.max_file_size : limits_.max_field_size;
  if (part.data.size() + bytes.size() > limit)
    return fail(ErrorCode::ContentTooLarge,
                part.is_file() ? "multipart.file_too_large" : "multipart.field_too_large");
  part.data.append(bytes);
  return {};
}

Status MultipartParser::parse_headers(std::string_view block) {
  MultipartPart part;
  bool have_disposition = false;
  bool have_type = false;
  while (!block.empty()) {
    const auto eol = block.find("\r\n");
    const std::string_view line = block.substr(0, eol);
    block = eol == std::string_view::npos ? std::string_view() : block.substr(eol + 2);
    // No obsolete line folding, no bare CR/LF or other control characters (tab aside).
    for (char c : line) {
      const auto u = static_cast<unsigned char>(c);
      if ((u < 0x20 && c != '\t') || u == 0x7f)
        return fail(ErrorCode::InvalidArgument, "multipart.malformed");
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon)))
      return fail(ErrorCode::InvalidArgument, "multipart.malformed");
    const std::string name = ascii_lower(line.substr(0, colon));
    const std::string_view value = trim_ows(line.substr(colon + 1));
    if (name == "content-disposition") {
      if (have_disposition) return fail(ErrorCode::InvalidArgument, "multipart.malformed");
      have_disposition = true;
      const auto semi = value.find(';');
      if (!iequals(trim_ows(value.substr(0, semi)), "form-data"))
        return fail(ErrorCode::InvalidArgument, "multipart.malformed");
      auto params = parse_params(semi == std::string_view::npos ? std::string_view() : value.substr(semi));
      if (!params) return fail(ErrorCode::InvalidArgument, "multipart.malformed");
      std::optional<std::string> field, filename, filename_ext;
      for (auto& [pname, pvalue] : *params) {
        std::optional<std::string>* slot = pname == "name"        ? &field
                                           : pname == "filename"  ? &filename
                                           : pname == "filename*" ? &filename_ext
                                                                  : nullptr;
        if (!slot) continue;
        if (slot->has_value()) return fail(ErrorCode::InvalidArgument, "multipart.malformed");
        *slot = std::move(pvalue);
      }
      if (!field || field->empty() || !valid_utf8(*field) || field->find('\0') != std::string::npos)
        return fail(ErrorCode::InvalidArgument, "multipart.malformed");
      part.name = std::move(*field);
      if (filename_ext) {
        auto decoded = decode_ext_value(*filename_ext);
        if (!decoded) return fail(ErrorCode::InvalidArgument, "multipart.malformed");
        part.filename = std::move(*decoded);
      } else if (filename) {
        // Browsers send the name in UTF-8 as is; legacy clients in GBK and the like: keep what can be kept.
        part.filename = utf8_lossy(*filename);
      }
    } else if (name == "content-type") {
      if (have_type) return fail(ErrorCode::InvalidArgument, "multipart.malformed");
      have_type = true;
      const std::string type = ascii_lower(trim_ows(value.substr(0, value.find(';'))));
      const auto slash = type.find('/');
      if (slash != std::string::npos && type.size() <= 127 &&
          is_token(std::string_view(type).substr(0, slash)) &&
          is_token(std::string_view(type).substr(slash + 1)))
        part.content_type = type;
    }
    // Other headers (Content-Transfer-Encoding is deprecated by RFC 7578) are ignored.
  }
  if (!have_disposition) return fail(ErrorCode::InvalidArgument, "multipart.malformed");
  parts_.push_back(std::move(part));
  return {};
}

Status MultipartParser::step() {
  while (true) {
    switch (state_) {
      case State::Preamble: {
        const auto pos = buf_.find(delimiter_);
        if (pos == std::string::npos) {
          const std::size_t keep = delimiter_.size() - 1;
          if (buf_.size() > keep) buf_.erase(0, buf_.size() - keep);
          return {};
        }
        buf_.erase(0, pos + delimiter_.size());
        state_ = State::AfterDelimiter;
        break;
      }
      case State::AfterDelimiter: {
        if (buf_.size() < 2) return {};
        if (buf_.starts_with("--")) {
          state_ = State::Epilogue;
          buf_.clear();
          return {};
        }
        // Transport padding (spaces, tabs) may follow a delimiter before its CRLF.
        std::size_t i = 0;
        while (i < buf_.size() && (buf_[i] == ' ' || buf_[i] == '\t'))
          ++i;
        if (i > 256) return fail(ErrorCode::InvalidArgument, "multipart.malformed");
        if (buf_.size() < i + 2) return {};
        if (buf_.compare(i, 2, "\r\n") != 0) return fail(ErrorCode::InvalidArgument, "multipart.malformed");
        buf_.erase(0, i + 2);
        if (parts_.size() >= limits_.max_parts)
          return fail(ErrorCode::InvalidArgument, "multipart.too_many_parts");
        state_ = State::Headers;
        break;
      }
      case State::Headers: {
        std::size_t end = 0;
        std::size_t skip = 0;
        if (buf_.starts_with("\r\n")) {
          skip = 2;  // no header lines at all (and so no Content-Disposition: refused below)
        } else {
          end = buf_.find("\r\n\r\n");
          if (end == std::string::npos) {
            if (buf_.size() > limits_.max_part_header)
              return fail(ErrorCode::InvalidArgument, "multipart.header_too_large");
            return {};
          }
          if (end > limits_.max_part_header)
            return fail(ErrorCode::InvalidArgument, "multipart.header_too_large");
          skip = end + 4;
        }
        const std::string block = buf_.substr(0, end);
        buf_.erase(0, skip);
        if (auto s = parse_headers(block); !s) return s;
        state_ = State::Body;
        break;
      }
      case State::Body: {
        const auto pos = buf_.find(delimiter_);
        if (pos == std::string::npos) {
          const std::size_t keep = delimiter_.size() - 1;
          if (buf_.size() > keep) {
            if (auto s = append_data(std::string_view(buf_).substr(0, buf_.size() - keep)); !s) return s;
            buf_.erase(0, buf_.size() - keep);
          }
          return {};
        }
        if (auto s = append_data(std::string_view(buf_).substr(0, pos)); !s) return s;
        buf_.erase(0, pos + delimiter_.size());
        state_ = State::AfterDelimiter;
        break;
      }
      case State::Epilogue:
        buf_.clear();
        return {};
      case State::Failed:
        return *error_;
    }
  }
}

Result<std::vector<MultipartPart>> parse_multipart(std::string_view content_type, std::string_view body,
                                                   const MultipartLimits& limits, std::size_t chunk) {
  auto boundary = multipart_boundary(content_type);
  if (!boundary) return boundary.take_error();
  MultipartParser p(std::move(boundary).value(), limits);
  if (chunk == 0) chunk = 1;
  for (std::size_t off = 0; off < body.size(); off += chunk) {
    if (auto s = p.feed(body.substr(off, chunk)); !s) return s.take_error();
  }
  if (auto s = p.finish(); !s) return s.take_error();
  return p.take_parts();
}

}  // namespace minsheng::http::parse
