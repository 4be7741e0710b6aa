// QueryForm::parse (query strings and application/x-www-form-urlencoded bodies) + typed reads + finish.
// Properties: accepted text obeys its rule; paging helpers always return usable values; finish() fails
// exactly when an error was recorded or an unread field was sent, with at most kMaxErrors errors.
#include <cstdint>
#include <string>

#include "fuzz_check.hpp"
#include "http/parse/form.hpp"

using namespace minsheng::http::parse;
using minsheng::fuzz::check_form_text;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto parsed = QueryForm::parse(minsheng::fuzz::as_view(data, size));
  if (!parsed.ok()) {
    FUZZ_CHECK(parsed.error().code == minsheng::ErrorCode::InvalidArgument);
    return 0;
  }
  QueryForm& f = *parsed.value();
  check_form_text(f.string("keyword", {.max_chars = 20}), 20, false);
  check_form_text(f.string("reason", {.max_chars = 100, .multiline = true}), 100, true);
  check_form_text(f.string("password", {.max_chars = 16, .trim = false}), 16, false, false);
  if (auto id = f.integer("orgUnitId", {.min = 1, .max = 1000})) FUZZ_CHECK(*id >= 1 && *id <= 1000);
  (void)f.boolean("locked");
  if (auto role = f.one_of("role", {"admin", "operator"}))
    FUZZ_CHECK(*role == "admin" || *role == "operator");
  if (auto d = f.date("from")) FUZZ_CHECK(d->size() == 10);
  if (auto ids = f.int_list("ids", {.min = -5, .max = 5}, 8)) {
    FUZZ_CHECK(ids->size() <= 8);
    for (auto v : *ids)
      FUZZ_CHECK(v >= -5 && v <= 5);
  }
  if (auto tags = f.string_list("tags", {.max_chars = 4}, 4)) {
    FUZZ_CHECK(tags->size() <= 4);
    for (const auto& t : *tags)
      check_form_text(t, 4, false);
  }
  const auto num = f.page_num();
  FUZZ_CHECK(num >= 1 && num <= 1'000'000);
  const auto page = f.page_size();
  FUZZ_CHECK(page == 10 || page == 20 || page == 30 || page == 50);
  auto st = f.finish();
  if (!st.ok()) {
    FUZZ_CHECK(st.error().key == "error.invalid_field");
    FUZZ_CHECK(!st.error().fields.empty() && st.error().fields.size() <= FormReader::kMaxErrors);
  }
  return 0;
}
