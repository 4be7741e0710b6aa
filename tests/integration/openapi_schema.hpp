#pragma once
// api/openapi.yaml read by the tests: a reader for the YAML subset the file uses, the request schema of each
// operation ($ref and allOf resolved) and the fields a schema declares, so that the bad-input tests exercise
// every field the API documents instead of a hand-kept list.
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace minsheng::testing {

// The YAML subset of api/openapi.yaml as JSON: block mappings and sequences (indentation), flow mappings and
// sequences, plain, single- and double-quoted scalars, comments. Anything else (anchors, tags, block scalars,
// multi-line plain scalars) throws std::runtime_error naming the line, so the file cannot silently use more.
boost::json::value parse_yaml_subset(std::string_view text);

// api/openapi.yaml, parsed once.
const boost::json::object& openapi_document();

// The operation object of `method` (GET, POST, ...) on `pattern`, or null.
const boost::json::object* openapi_operation(const std::string& method, const std::string& pattern);

// The media types of the operation's requestBody (empty without a requestBody).
std::vector<std::string> request_media_types(const std::string& method, const std::string& pattern);

// The operation's application/json request schema with every $ref and allOf resolved (properties, required
// and constraints merged), or nullopt when the operation documents no JSON body.
std::optional<boost::json::object> json_request_schema(const std::string& method, const std::string& pattern);

// One string-valued place in a request body. `path` joins property names with '.', and "[]" marks the
// elements of an array: "title", "photos[].caption", "pairs[].before.caption", "bannedWords[]".
struct SchemaStringField {
  std::string path;
  bool required = false;     // required at its own level
  bool constrained = false;  // enum, format or pattern: only some strings are valid
  bool read_only = false;    // accepted and ignored on input (echoed from a GET)
  bool write_only = false;   // never returned (passwords)
  bool nfkc = false;         // stored NFKC-normalised ("x-normalize: NFKC"), e.g. full-width codes
  std::optional<std::int64_t> max_length;
};

// Every string field of a resolved request schema, nested objects and arrays included.
std::vector<SchemaStringField> string_fields(const boost::json::object& schema);

// The element of `body` at a field path with the first array element standing for "[]"; null if the body does
// not reach it (an absent property, an empty array).
boost::json::value* value_at(boost::json::value& body, const std::string& path);

// The same path with "[]" replaced by "[0]", as the API names fields in its errors ("photos[0].caption").
std::string concrete_path(const std::string& path);

}  // namespace minsheng::testing
