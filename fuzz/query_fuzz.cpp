// parse_query + percent_decode. Properties: whatever decodes is valid UTF-8 without NUL; the validator agrees
// with an independent one; text with nothing to decode comes back unchanged; at most 200 pairs.
#include <cstdint>
#include <string>

#include "fuzz_check.hpp"
#include "http/parse/query.hpp"

using namespace minsheng::http::parse;
using minsheng::fuzz::as_view;
using minsheng::fuzz::reference_utf8;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in = as_view(data, size);
  FUZZ_CHECK(valid_utf8(in) == reference_utf8(in));

  for (bool plus : {false, true}) {
    auto r = percent_decode(in, plus);
    if (r.ok()) {
      FUZZ_CHECK(reference_utf8(*r, /*allow_nul=*/false));
      FUZZ_CHECK(r->size() <= in.size());
      FUZZ_CHECK(utf8_length(*r) <= r->size());
    } else {
      FUZZ_CHECK(r.error().key == "error.bad_request");
    }
    const bool nothing_to_decode =
        in.find('%') == std::string_view::npos && (!plus || in.find('+') == in.npos);
    if (nothing_to_decode) {
      const bool clean = reference_utf8(in, /*allow_nul=*/false);
      FUZZ_CHECK(r.ok() == clean);
      if (clean) FUZZ_CHECK(*r == in);
    }
  }

  auto q = parse_query(in);
  if (q.ok()) {
    FUZZ_CHECK(q->size() <= kMaxQueryPairs);
    for (const auto& [name, value] : *q) {
      FUZZ_CHECK(reference_utf8(name, false));
      FUZZ_CHECK(reference_utf8(value, false));
    }
  }
  return 0;
}
