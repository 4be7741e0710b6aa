// MultipartParser (multipart/form-data, RFC 7578). The first input byte picks a chunk size, so the same body
// is also fed in pieces that split delimiters and headers. Properties: parts never exceed the limits (count,
// per-file and per-field size, total); names and filenames are valid UTF-8 without NUL; errors are the
// documented codes; chunking never changes the outcome.
#include <cstdint>
#include <string>

#include "fuzz_check.hpp"
#include "http/parse/multipart.hpp"

using namespace minsheng;
using namespace minsheng::http::parse;
using minsheng::fuzz::as_view;
using minsheng::fuzz::reference_utf8;

namespace {

MultipartLimits small_limits() {
  MultipartLimits l;
  l.max_parts = 8;
  l.max_part_header = 512;
  l.max_file_size = 2048;
  l.max_field_size = 256;
  l.max_total = 16 * 1024;
  return l;
}

Result<std::vector<MultipartPart>> run(std::string_view body, std::size_t chunk, const MultipartLimits& lim) {
  MultipartParser p("XyZ", lim);
  for (std::size_t off = 0; off < body.size(); off += chunk)
    if (auto s = p.feed(body.substr(off, chunk)); !s) return s.take_error();
  if (auto s = p.finish(); !s) return s.take_error();
  return p.take_parts();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 97;
  const std::string_view body = as_view(data + 1, size - 1);
  const MultipartLimits lim = small_limits();

  auto whole = run(body, body.size() + 1, lim);
  auto pieces = run(body, chunk, lim);
  FUZZ_CHECK(whole.ok() == pieces.ok());
  if (!whole.ok()) {
    const auto code = whole.error().code;
    FUZZ_CHECK(code == ErrorCode::InvalidArgument || code == ErrorCode::ContentTooLarge);
    FUZZ_CHECK(whole.error().key.starts_with("multipart."));
    FUZZ_CHECK(pieces.error().code == code);
    return 0;
  }
  FUZZ_CHECK(whole->size() <= lim.max_parts);
  FUZZ_CHECK(whole->size() == pieces->size());
  std::size_t total = 0;
  for (std::size_t i = 0; i < whole->size(); ++i) {
    const auto& part = (*whole)[i];
    FUZZ_CHECK(!part.name.empty());
    FUZZ_CHECK(reference_utf8(part.name, /*allow_nul=*/false));
    if (part.filename) FUZZ_CHECK(reference_utf8(*part.filename, /*allow_nul=*/false));
    FUZZ_CHECK(part.data.size() <= (part.is_file() ? lim.max_file_size : lim.max_field_size));
    FUZZ_CHECK(part.data == (*pieces)[i].data);
    FUZZ_CHECK(part.filename == (*pieces)[i].filename);
    total += part.data.size();
  }
  FUZZ_CHECK(total <= lim.max_total);

  // The boundary parser on the same bytes as a Content-Type value.
  auto b = multipart_boundary(body);
  if (b.ok()) FUZZ_CHECK(!b->empty() && b->size() <= kMaxBoundary);
  // Lossy UTF-8 always yields valid UTF-8.
  FUZZ_CHECK(reference_utf8(utf8_lossy(body), /*allow_nul=*/false));
  return 0;
}
