// JsonForm::parse + typed reads + finish. Properties: an accepted body is valid UTF-8 and also accepted by
// boost::json::parse (and vice versa for plain objects without repeated keys); accepted strings are valid
// UTF-8, within their maximum length and free of refused characters; integers are within their range.
#include <cstdint>
#include <string>

#include <boost/json/parse.hpp>

#include "fuzz_check.hpp"
#include "http/parse/form.hpp"

using namespace minsheng::http::parse;
using minsheng::fuzz::check_form_text;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in = minsheng::fuzz::as_view(data, size);
  auto parsed = JsonForm::parse(in);

  boost::json::parse_options opt;
  opt.max_depth = 32;
  boost::system::error_code ec;
  const boost::json::value reference = boost::json::parse(in, ec, {}, opt);
  if (parsed.ok()) {
    FUZZ_CHECK(minsheng::fuzz::reference_utf8(in));
    FUZZ_CHECK(!ec && reference.is_object());
  } else if (!ec && reference.is_object() && reference.as_object().size() < 1000) {
    // Boost accepted an object: the only reasons left to refuse it are a repeated key or too many keys.
    FUZZ_CHECK(parsed.error().key == "error.invalid_field" || parsed.error().key == "body.too_many_fields");
  }
  if (!parsed.ok()) return 0;

  JsonForm& f = *parsed.value();
  check_form_text(f.string("username", {.required = true, .max_chars = 8}), 8, false);
  check_form_text(f.string("reason", {.max_chars = 50, .multiline = true}), 50, true);
  check_form_text(f.string("password", {.max_chars = 16, .trim = false}), 16, false, false);
  if (auto n = f.integer("sortOrder", {.min = -100, .max = 100})) FUZZ_CHECK(*n >= -100 && *n <= 100);
  if (auto n = f.integer("orgUnitId")) FUZZ_CHECK(*n >= 0);
  (void)f.boolean("locked");
  (void)f.one_of("role", {"admin", "operator"});
  (void)f.date("from");
  if (auto ids = f.int_list("ids", {.min = 1, .max = 99}, 10)) {
    FUZZ_CHECK(ids->size() <= 10);
    for (auto v : *ids)
      FUZZ_CHECK(v >= 1 && v <= 99);
  }
  if (auto tags = f.string_list("tags", {.max_chars = 3}, 5)) {
    for (const auto& t : *tags)
      check_form_text(t, 3, false);
  }
  auto st = f.finish();
  if (!st.ok()) {
    FUZZ_CHECK(st.error().key == "error.invalid_field");
    FUZZ_CHECK(!st.error().fields.empty() && st.error().fields.size() <= FormReader::kMaxErrors);
    for (const auto& e : st.error().fields) {
      FUZZ_CHECK(minsheng::fuzz::reference_utf8(e.field, false));
      FUZZ_CHECK(minsheng::fuzz::reference_utf8(e.message, false));
    }
  }
  return 0;
}
