#pragma once
// Typed input forms: read a JSON body or a query string field by field with rules, collect every field error
// (Chinese message naming the field), and reject unknown or duplicated fields. Handlers get typed values or one
// InvalidArgument error listing all problems.
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
  bool multiline = false;       // allow \n and \t; other C0/C1 controls, U+2028/9, bidi overrides always refused
};

struct IntRule {
  bool required = false;
  std::int64_t min = 0;
  std::int64_t max = INT64_MAX;
};

// Shared field-reading logic. A missing field is nullopt (with a "required" error if required). A JSON null
// counts as missing. A wrong type records a type error. Values read are remembered so finish() can reject the rest.
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
  bool has(std::string_view name) const;

  // Marks a field as known without reading it.
  void ignore(std::string_view name);
  // Adds an error found by the caller (e.g. a cross-field rule).
  void add_error(std::string field, std::string message);
  // Ok when no field had an error and no unknown field was sent; else InvalidArgument with every field error.
  Status finish();

 protected:
  // A field's raw value: a string for query forms; a JSON scalar rendered per type for JSON forms.
  enum class Kind { Missing, Null, String, Integer, Double, Bool, Object, Array };
  struct Raw {
    Kind kind = Kind::Missing;
    std::string text;     // String: the text; Integer/Double: the number as text; Bool: "true"/"false"
    std::int64_t i = 0;   // Integer
    bool b = false;       // Bool
  };
  virtual Raw raw(std::string_view name) const = 0;
  virtual std::vector<std::string> names() const = 0;  // every field sent
  // Query strings carry everything as text: integers and booleans are parsed from it.
  virtual bool text_only() const = 0;

  std::vector<FieldError> errors_;
  std::set<std::string, std::less<>> seen_;
};

class JsonForm : public FormReader {
 public:
  // Fails with body.invalid_json / body.not_object (InvalidArgument, field "body"). Depth is limited to 32,
  // strings to 1 MiB in all; invalid UTF-8 anywhere is rejected.
  static Result<std::unique_ptr<JsonForm>> parse(std::string_view body);
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
  // Fails on bad percent-encoding or a parameter that appears twice (InvalidArgument naming it).
  static Result<std::unique_ptr<QueryForm>> parse(std::string_view raw_query);

  // Paging: pageNum >= 1 (default 1), pageSize in {10,20,30,50} (default 10).
  std::int64_t page_num();
  std::int64_t page_size();

 protected:
  Raw raw(std::string_view name) const override;
  std::vector<std::string> names() const override;
  bool text_only() const override { return true; }

 private:
  std::map<std::string, std::string, std::less<>> values_;
};

// UTF-8 checks used by the forms and elsewhere.
bool valid_utf8(std::string_view s);
std::size_t utf8_length(std::string_view s);  // code points; assumes valid UTF-8

}  // namespace minsheng::http::parse
