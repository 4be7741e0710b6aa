#pragma once
// A streaming multipart/form-data parser (RFC 7578 over RFC 2046), fed in chunks, with the limits of
// SECURITY.md §2: boundary ≤ 70 characters, ≤ 50 parts, part header ≤ 8 KiB, a size limit per file and per
// field and a total. Malformed input is InvalidArgument; a part or body over its limit is ContentTooLarge.
// No Beast here: the parser is fuzzed (fuzz/multipart_fuzz.cpp).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace minsheng::http::parse {

struct MultipartLimits {
  std::size_t max_parts = 50;
  std::size_t max_part_header = 8 * 1024;  // the header block of one part
  std::size_t max_file_size = 10 * 1024 * 1024;
  std::size_t max_field_size = 64 * 1024;  // a part without a filename
  std::size_t max_total = 20 * 1024 * 1024;
};

inline constexpr std::size_t kMaxBoundary = 70;

struct MultipartPart {
  std::string name;                     // the form field name (valid UTF-8)
  std::optional<std::string> filename;  // present for file parts; valid UTF-8, as sent (not sanitised)
  std::string content_type;             // the part's media type, lower case, without parameters; "" if none
  std::string data;
  bool is_file() const { return filename.has_value(); }
};

// The boundary of a `Content-Type: multipart/form-data; boundary=…` header. Another media type is
// UnsupportedMediaType ("multipart.not_multipart"); a missing, empty, over-long (> 70) or ill-formed boundary
// is InvalidArgument ("multipart.bad_boundary").
Result<std::string> multipart_boundary(std::string_view content_type);

class MultipartParser {
 public:
  explicit MultipartParser(std::string boundary, MultipartLimits limits = {});

  // Consumes the next piece of the body. After the first error every call returns that error.
  Status feed(std::string_view chunk);
  // The body has ended: an error unless the closing delimiter was seen.
  Status finish();

  const std::vector<MultipartPart>& parts() const { return parts_; }
  std::vector<MultipartPart> take_parts() { return std::move(parts_); }

 private:
  enum class State { Preamble, AfterDelimiter, Headers, Body, Epilogue, Failed };
  Status step();
  Status fail(ErrorCode code, std::string key);
  Status parse_headers(std::string_view block);
  Status append_data(std::string_view bytes);

  std::string delimiter_;  // "\r\n--" + boundary
  MultipartLimits limits_;
  State state_ = State::Preamble;
  std::string buf_;  // bytes received and not yet consumed
  std::size_t total_ = 0;
  std::vector<MultipartPart> parts_;
  std::optional<Error> error_;
};

// Parses a whole body, fed to the parser in `chunk`-sized pieces.
Result<std::vector<MultipartPart>> parse_multipart(std::string_view content_type, std::string_view body,
                                                   const MultipartLimits& limits = {},
                                                   std::size_t chunk = 64 * 1024);

// Invalid UTF-8 sequences replaced by U+FFFD and NUL by U+FFFD (for names sent in legacy encodings).
std::string utf8_lossy(std::string_view s);

}  // namespace minsheng::http::parse
