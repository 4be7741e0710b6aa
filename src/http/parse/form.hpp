#pragma once
// Typed input forms: read a JSON body or a query string field by field with rules, collect every field error
// (Chinese message naming the field), and reject unknown or duplicated fields. Handlers get typed values or
// one InvalidArgument error listing all problems.
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "http/parse/query.hpp"

namespace minsheng::http::parse {

struct StringRule {
  bool required = false;
  std::size_t min_chars = 0;    // in Unicode code points, after trimming
  std::size_t max_chars = 200;  // in Unicode code points
  bool trim = true;             // strip leading/trailing ASCII and full-width spaces
  bool multiline = false;  // allow \n and \t; other C0/C1 controls, U+2028/9, bidi overrides always refused
};

struct IntRule {
  bool required = false;
  std::int64_t min = 0;
  std::int64_t max = INT64_MAX;
};

// Shared field-reading logic. A missing field is nullopt (with a "required" error if required). A JSON null
// counts as missing. A wrong type records a type error. Values read are remembered so finish() can reject the
// rest. Each reader records at most one error per call and returns nullopt when it records one. Strings:
// trimmed (if rule.trim), then refused if they hold control characters (field.control_chars), then measured
// in code points. An empty optional string is returned as "" (min_chars applies only to non-empty text); an
// empty required string is a "required" error. In query strings an empty integer/boolean/date/one_of value
// ("?n=") counts as missing.
class FormReader {
 public:
  virtual ~FormReader() = default;

  std::optional<std::string> string(std::string_view name, StringRule rule = {});
  std::optional<std::int64_t> integer(std::string_view name, IntRule rule = {});
  std::optional<bool> boolean(std::string_view name, bool required = false);
  // One of a fixed set of codes (exact match).
  std::optional<std::string> one_of(std::string_view name, std::initializer_list<std::string_view> allowed,
                                    bool required = false);
  // A date "YYYY-MM-DD" that exists in the calendar.
  std::optional<std::string> date(std::string_view name, bool required = false);
  // Lists: a JSON array of scalars, or in a query string one comma-separated parameter ("ids=1,2,3"; an empty
  // value is an empty list). Each item follows the rule (a missing/empty item is an error, not skipped); more
  // than `max_items` items is an error. Nested arrays/objects are type errors.
  std::optional<std::vector<std::int64_t>> int_list(std::string_view name, IntRule rule = {},
                                                    std::size_t max_items = 100);
  std::optional<std::vector<std::string>> string_list(std::string_view name, StringRule rule = {},
                                                      std::size_t max_items = 100);
  // True when the field was sent with a value other than JSON null (does not mark it as read).
  bool has(std::string_view name) const;

  // Marks a field as known without reading it.
  void ignore(std::string_view name);
  // Adds an error found by the caller (e.g. a cross-field rule).
  void add_error(std::string field, std::string message);
  // Ok when no field had an error and no unknown field was sent; else InvalidArgument with every field error
  // (key "error.invalid_field"; at most kMaxErrors of them). Can be called again after more reads.
  Status finish();

  static constexpr std::size_t kMaxErrors = 100;

 protected:
  // A field's raw value: a string for query forms; a JSON scalar rendered per type for JSON forms.
  enum class Kind { Missing, Null, String, Integer, Double, Bool, Object, Array };
  struct Raw {
    Kind kind = Kind::Missing;
    std::string text;        // String: the text; Integer/Double: the number as text; Bool: "true"/"false"
    std::int64_t i = 0;      // Integer
    bool b = false;          // Bool
    bool overflow = false;   // Integer: an integral number outside the int64 range (i is meaningless)
    std::vector<Raw> items;  // Array (JSON only): its elements; nested containers appear as Object/Array
  };
  virtual Raw raw(std::string_view name) const = 0;
  virtual std::vector<std::string> names() const = 0;  // every field sent
  // Query strings carry everything as text: integers and booleans are parsed from it.
  virtual bool text_only() const = 0;

  std::vector<FieldError> errors_;
  std::set<std::string, std::less<>> seen_;

 private:
  // Missing, JSON null, or (query strings) empty text: what non-string readers treat as "not sent".
  bool absent(const Raw& r) const;
  // One value (a field or a list item) checked against a rule; records the error and returns nullopt if bad.
  std::optional<std::int64_t> int_value(std::string_view name, const Raw& r, const IntRule& rule);
  // The items of a list field (a JSON array, or comma-separated text in a query); nullopt after an error.
  std::optional<std::vector<Raw>> list_items(std::string_view name, bool required, std::size_t max_items);
  std::optional<std::string> text_value(std::string_view name, const Raw& r, const StringRule& rule,
                                        bool required);
};

class JsonForm : public FormReader {
 public:
  // Fails with body.invalid_json / body.not_object (InvalidArgument, field "body"). Depth is limited to 32,
  // strings to 1 MiB in all; invalid UTF-8 anywhere is rejected. A key repeated in the top-level object is
  // InvalidArgument with field.duplicate naming it. A body over kMaxBody is ContentTooLarge
  // ("error.content_too_large"); the HTTP layer should have refused it already.
  static Result<std::unique_ptr<JsonForm>> parse(std::string_view body);
  static constexpr std::size_t kMaxBody = std::size_t{1} << 20;
  ~JsonForm() override;

 protected:
  Raw raw(std::string_view name) const override;
  std::vector<std::string> names() const override;
  bool text_only() const override { return false; }

 private:
  JsonForm();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class QueryForm : public FormReader {
 public:
  // Fails on bad percent-encoding or a parameter that appears twice (InvalidArgument naming it). A leading
  // '?' is ignored. Also used for application/x-www-form-urlencoded bodies.
  static Result<std::unique_ptr<QueryForm>> parse(std::string_view raw_query);

  // Paging: pageNum in [1, 1000000] (default 1), pageSize in {10,20,30,50} (default 10). A bad value records
  // a field error and returns the default.
  std::int64_t page_num();
  std::int64_t page_size();

 protected:
  Raw raw(std::string_view name) const override;
  std::vector<std::string> names() const override;
  bool text_only() const override { return true; }

 private:
  std::map<std::string, std::string, std::less<>> values_;
};

// valid_utf8() and utf8_length() are declared in http/parse/query.hpp (included above).

}  // namespace minsheng::http::parse
