#include "http/parse/form.hpp"

#include <gtest/gtest.h>

#include <string>

namespace minsheng::http::parse {
namespace {

// Concatenation without `"literal" + std::string` (GCC 12 -O3 raises a false -Wrestrict on it, bug 105651).
std::string cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts)
    out.append(p);
  return out;
}

std::unique_ptr<JsonForm> json(std::string_view body) {
  auto r = JsonForm::parse(body);
  EXPECT_TRUE(r.ok()) << body << " -> " << (r.ok() ? "" : r.error().key);
  return r.ok() ? std::move(r.value()) : nullptr;
}

std::unique_ptr<QueryForm> query(std::string_view q) {
  auto r = QueryForm::parse(q);
  EXPECT_TRUE(r.ok()) << q;
  return r.ok() ? std::move(r.value()) : nullptr;
}

// The errors finish() reports; empty when it succeeds.
std::vector<FieldError> finish_errors(FormReader& f) {
  Status s = f.finish();
  if (s.ok()) return {};
  EXPECT_EQ(s.error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(s.error().key, "error.invalid_field");
  return s.error().fields;
}

// The single error finish() reports for `field`.
std::string only_error(FormReader& f, std::string_view field) {
  auto errs = finish_errors(f);
  EXPECT_EQ(errs.size(), 1u);
  if (errs.size() != 1) return cat({"<", std::to_string(errs.size()), " errors>"});
  EXPECT_EQ(errs[0].field, field);
  return errs[0].message;
}

// ---- JSON parsing
// -------------------------------------------------------------------------------------------

void expect_body_error(std::string_view body, std::string_view key) {
  auto r = JsonForm::parse(body);
  ASSERT_FALSE(r.ok()) << body;
  EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(r.error().key, key) << body;
  ASSERT_EQ(r.error().fields.size(), 1u);
  EXPECT_EQ(r.error().fields[0].field, "body");
}

TEST(JsonFormParse, InvalidJson) {
  expect_body_error("", "body.invalid_json");
  expect_body_error("{", "body.invalid_json");
  expect_body_error("{\"a\":1,}", "body.invalid_json");
  expect_body_error("{\"a\":1} x", "body.invalid_json");
  expect_body_error("{\"a\":1}{}", "body.invalid_json");
  expect_body_error("{'a':1}", "body.invalid_json");
  expect_body_error("{\"a\":1 /* c */}", "body.invalid_json");
  expect_body_error("{\"a\":NaN}", "body.invalid_json");
}

TEST(JsonFormParse, NotObject) {
  expect_body_error("[]", "body.not_object");
  expect_body_error("[{\"a\":1}]", "body.not_object");
  expect_body_error("\"str\"", "body.not_object");
  expect_body_error("42", "body.not_object");
  expect_body_error("null", "body.not_object");
  expect_body_error("true", "body.not_object");
}

TEST(JsonFormParse, WhitespaceAroundIsFine) {
  auto f = json(" \r\n\t{ \"username\" : \"zhang\" } \n");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->string("username"), "zhang");
  EXPECT_TRUE(f->finish().ok());
}

TEST(JsonFormParse, InvalidUtf8Anywhere) {
  expect_body_error("{\"a\":\"\xff\"}", "body.invalid_json");
  expect_body_error("{\"\xff\":1}", "body.invalid_json");
  expect_body_error("{\"a\":\"\xc0\xae\"}", "body.invalid_json");                   // overlong
  expect_body_error("{\"a\":\"\xed\xa0\x80\"}", "body.invalid_json");               // surrogate
  expect_body_error("{\"a\":\"\xd6\xd0\"}", "body.invalid_json");                   // GBK
  expect_body_error("{\"a\":[\"ok\",{\"b\":\"\xe6\xb0\"}]}", "body.invalid_json");  // deep, truncated
  expect_body_error("{\"a\":\"\\ud800\"}", "body.invalid_json");                    // lone escaped surrogate
}

TEST(JsonFormParse, Depth) {
  // The top-level object is depth 1: 31 more levels are fine, 32 more are not.
  auto nested = [](int levels) {
    return cat({"{\"a\":", std::string(static_cast<std::size_t>(levels), '['),
                std::string(static_cast<std::size_t>(levels), ']'), "}"});
  };
  auto ok = JsonForm::parse(nested(31));
  ASSERT_TRUE(ok.ok());
  expect_body_error(nested(32), "body.invalid_json");  // depth 33
  expect_body_error(std::string(10000, '['), "body.invalid_json");
}

TEST(JsonFormParse, DuplicateTopLevelKey) {
  auto r = JsonForm::parse(R"({"username":"a","password":"x","username":"admin"})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
  ASSERT_EQ(r.error().fields.size(), 1u);
  EXPECT_EQ(r.error().fields[0].field, "username");
  EXPECT_EQ(r.error().fields[0].message, "用户名重复出现");
  // Escapes that spell the same key are the same key.
  EXPECT_FALSE(JsonForm::parse(R"({"role":"a","r\u006fle":"admin"})").ok());
  // Nested objects may repeat top-level names.
  EXPECT_TRUE(JsonForm::parse(R"({"a":{"a":1},"b":{"a":2}})").ok());
}

TEST(JsonFormParse, TooLarge) {
  std::string body = cat({"{\"a\":\"", std::string(JsonForm::kMaxBody, 'x'), "\"}"});
  auto r = JsonForm::parse(body);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::ContentTooLarge);
}

TEST(JsonFormParse, TooManyFields) {
  std::string body = "{";
  for (int i = 0; i < 1001; ++i)
    body += cat({i ? ",\"k" : "\"k", std::to_string(i), "\":0"});
  body += "}";
  expect_body_error(body, "body.too_many_fields");
}

// ---- JSON strings ---------------------------------------------------------------------------------------

TEST(JsonFormString, Reads) {
  auto f = json(R"({"username":"zhangsan","displayName":"张三"})");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->string("username", {.required = true}), "zhangsan");
  EXPECT_EQ(f->string("displayName"), "张三");
  EXPECT_TRUE(f->finish().ok());
}

TEST(JsonFormString, RequiredMissingNamesTheField) {
  auto f = json("{}");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->string("username", {.required = true}), std::nullopt);
  EXPECT_EQ(only_error(*f, "username"), "用户名不能为空");
}

TEST(JsonFormString, OptionalMissingIsNoError) {
  auto f = json("{}");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->string("phone"), std::nullopt);
  EXPECT_TRUE(f->finish().ok());
}

TEST(JsonFormString, NullCountsAsMissing) {
  auto f = json(R"({"username":null,"phone":null})");
  ASSERT_TRUE(f);
  EXPECT_FALSE(f->has("username"));
  EXPECT_EQ(f->string("username", {.required = true}), std::nullopt);
  EXPECT_EQ(f->string("phone"), std::nullopt);
  EXPECT_EQ(only_error(*f, "username"), "用户名不能为空");
}

TEST(JsonFormString, EmptyOrBlankRequired) {
  auto f = json(R"({"username":"   ","displayName":"　"})");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->string("username", {.required = true}), std::nullopt);
  EXPECT_EQ(f->string("displayName", {.required = true}), std::nullopt);
  auto errs = finish_errors(*f);
  ASSERT_EQ(errs.size(), 2u);
  EXPECT_EQ(errs[0].message, "用户名不能为空");
  EXPECT_EQ(errs[1].message, "姓名不能为空");
}

TEST(JsonFormString, EmptyOptionalIsEmptyAndSkipsMinimum) {
  auto f = json(R"({"phone":" "})");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->string("phone", {.min_chars = 11, .max_chars = 11}), "");
  EXPECT_TRUE(f->finish().ok());
}

TEST(JsonFormString, WrongTypes) {
  auto f = json(R"({"a":12,"b":true,"c":{"x":1},"d":["x"],"e":1.5})");
  ASSERT_TRUE(f);
  for (const char* name : {"a", "b", "c", "d", "e"})
    EXPECT_EQ(f->string(name), std::nullopt) << name;
  auto errs = finish_errors(*f);
  ASSERT_EQ(errs.size(), 5u);
  EXPECT_EQ(errs[0].field, "a");
  EXPECT_EQ(errs[0].message, "a应为文本");
}

TEST(JsonFormString, TrimsAsciiAndIdeographicSpace) {
  auto f = json("{\"username\":\"\\t\\u3000 zhang san\\u3000\\r\\n\",\"displayName\":\"　张三　\"}");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->string("username"), "zhang san");
  EXPECT_EQ(f->string("displayName"), "张三");
  EXPECT_TRUE(f->finish().ok());
}

TEST(JsonFormString, NoTrimWhenAskedOff) {
  auto f = json(R"({"password":"  secret  "})");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->string("password", {.trim = false}), "  secret  ");
}

TEST(JsonFormString, LengthCountsCodePoints) {
  auto f = json(R"({"name":"民生服务站","code":"民生服务","displayName":"abcde"})");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->string("name", {.max_chars = 4}), std::nullopt);  // 5 CJK characters (15 bytes)
  EXPECT_EQ(f->string("code", {.max_chars = 4}), "民生服务");    // 4 CJK characters (12 bytes)
  EXPECT_EQ(f->string("displayName", {.max_chars = 4}), std::nullopt);
  auto errs = finish_errors(*f);
  ASSERT_EQ(errs.size(), 2u);
  EXPECT_EQ(errs[0].field, "name");
  EXPECT_EQ(errs[0].message, "名称不能超过4个字符");
  EXPECT_EQ(errs[1].message, "姓名不能超过4个字符");
}

TEST(JsonFormString, TooShort) {
  auto f = json(R"({"password":"短密码"})");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->string("password", {.min_chars = 12}), std::nullopt);
  EXPECT_EQ(only_error(*f, "password"), "密码不能少于12个字符");
}

TEST(JsonFormString, ControlCharacters) {
  const char* bad[] = {
      R"("a\u0000b")", R"("a\u0001b")", R"("a\u001bb")", R"("a\u007fb")", R"("a\u0085b")",
      R"("a\u009fb")", R"("a\u2028b")", R"("a\u2029b")", R"("a\u202eb")", R"("a\u202ab")",
      R"("a\u2066b")", R"("a\u2069b")", R"("a\nb")",     R"("a\tb")",     R"("a\rb")",
  };
  for (const char* v : bad) {
    auto f = json(cat({"{\"reason\":", v, "}"}));
    ASSERT_TRUE(f);
    EXPECT_EQ(f->string("reason"), std::nullopt) << v;
    EXPECT_EQ(only_error(*f, "reason"), "原因含有不可见的控制字符") << v;
  }
}

TEST(JsonFormString, MultilineAllowsNewlineAndTabOnly) {
  auto f = json(R"({"reason":"第一行\n\t第二行","status":"a\rb","name":"a\u0000b"})");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->string("reason", {.multiline = true}), "第一行\n\t第二行");
  EXPECT_EQ(f->string("status", {.multiline = true}), std::nullopt);
  EXPECT_EQ(f->string("name", {.multiline = true}), std::nullopt);
  EXPECT_EQ(finish_errors(*f).size(), 2u);
}

TEST(JsonFormString, OrdinaryUnicodeAllowed) {
  // Zero-width joiner emoji, full-width punctuation, U+00A0 are ordinary text.
  auto f = json(R"({"reason":"👨‍👩‍👧＜script＞ a\u00a0b"})");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->string("reason"), "👨‍👩‍👧＜script＞ a\u00a0b");
  EXPECT_TRUE(f->finish().ok());
}

TEST(JsonFormString, InjectionPayloadsPassThroughUnchanged) {
  const std::string payloads[] = {
      "' OR 1=1--",
      "<script>alert(1)</script>",
      "\"><img src=x onerror=alert(1)>",
      "'; DROP TABLE users; --",
      "{{7*7}}",
      "=HYPERLINK(\"http://x\")",
      "..%2f..%2fetc/passwd",
      "＇ OR ＇1＇=＇1",
  };
  for (const std::string& p : payloads) {
    std::string escaped;
    for (char c : p) {
      if (c == '"' || c == '\\') escaped += '\\';
      escaped += c;
    }
    auto f = json(cat({"{\"keyword\":\"", escaped, "\"}"}));
    ASSERT_TRUE(f);
    EXPECT_EQ(f->string("keyword"), p);
    EXPECT_TRUE(f->finish().ok());
  }
}

// ---- JSON integers, booleans, codes, dates --------------------------------------------------------------

TEST(JsonFormInteger, Reads) {
  auto f = json(R"({"orgUnitId":12,"sortOrder":-3,"parentId":0})");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->integer("orgUnitId", {.required = true, .min = 1}), 12);
  EXPECT_EQ(f->integer("sortOrder", {.min = -10, .max = 10}), -3);
  EXPECT_EQ(f->integer("parentId"), 0);
  EXPECT_TRUE(f->finish().ok());
}

TEST(JsonFormInteger, TypeErrors) {
  auto f = json(R"({"a":1.5,"b":1e3,"c":"12","d":true,"e":[1],"f":{},"g":1.0})");
  ASSERT_TRUE(f);
  for (const char* name : {"a", "b", "c", "d", "e", "f", "g"})
    EXPECT_EQ(f->integer(name), std::nullopt) << name;
  auto errs = finish_errors(*f);
  ASSERT_EQ(errs.size(), 7u);
  for (const auto& e : errs)
    EXPECT_EQ(e.message, e.field + "应为整数");
}

TEST(JsonFormInteger, Range) {
  auto f = json(R"({"sortOrder":1000,"orgUnitId":0,"a":9223372036854775807,"b":9223372036854775808,
                   "c":-9223372036854775808,"d":18446744073709551616})");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->integer("sortOrder", {.min = 0, .max = 999}), std::nullopt);
  EXPECT_EQ(f->integer("orgUnitId", {.min = 1}), std::nullopt);
  EXPECT_EQ(f->integer("a"), INT64_MAX);
  EXPECT_EQ(f->integer("b"), std::nullopt);  // uint64 beyond int64
  EXPECT_EQ(f->integer("c", {.min = INT64_MIN}), INT64_MIN);
  EXPECT_EQ(f->integer("d"), std::nullopt);  // beyond uint64: Boost parses a double
  auto errs = finish_errors(*f);
  ASSERT_EQ(errs.size(), 4u);
  EXPECT_EQ(errs[0].message, "排序号应在0到999之间");
  EXPECT_EQ(errs[1].field, "orgUnitId");
  EXPECT_EQ(errs[2].field, "b");
  EXPECT_EQ(errs[3].field, "d");
}

TEST(JsonFormInteger, RequiredAndNull) {
  auto f = json(R"({"orgUnitId":null})");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->integer("orgUnitId", {.required = true}), std::nullopt);
  EXPECT_EQ(only_error(*f, "orgUnitId"), "所属单位不能为空");
}

TEST(JsonFormBoolean, Reads) {
  auto f = json(R"({"locked":true,"a":false,"b":"true","c":1,"d":null})");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->boolean("locked", true), true);
  EXPECT_EQ(f->boolean("a"), false);
  EXPECT_EQ(f->boolean("b"), std::nullopt);
  EXPECT_EQ(f->boolean("c"), std::nullopt);
  EXPECT_EQ(f->boolean("d"), std::nullopt);
  EXPECT_EQ(f->boolean("e", true), std::nullopt);
  auto errs = finish_errors(*f);
  ASSERT_EQ(errs.size(), 3u);
  EXPECT_EQ(errs[0].message, "b应为是或否");
  EXPECT_EQ(errs[2].field, "e");
}

TEST(JsonFormOneOf, ExactMatch) {
  auto f = json(R"({"role":"operator","kind":"Township","status":" active","code":1})");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->one_of("role", {"admin", "operator"}, true), "operator");
  EXPECT_EQ(f->one_of("kind", {"township", "village"}), std::nullopt);
  EXPECT_EQ(f->one_of("status", {"active"}), std::nullopt);
  EXPECT_EQ(f->one_of("code", {"1"}), std::nullopt);
  auto errs = finish_errors(*f);
  ASSERT_EQ(errs.size(), 3u);
  EXPECT_EQ(errs[0].message, "类型的取值无效");
  EXPECT_EQ(errs[2].message, "编码应为文本");
}

TEST(JsonFormDate, Validates) {
  auto f =
      json(R"({"from":"2024-02-29","to":"2023-02-29","a":"2024-2-1","b":20240101,"c":"2024-01-01T00:00"})");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->date("from"), "2024-02-29");
  EXPECT_EQ(f->date("to"), std::nullopt);
  EXPECT_EQ(f->date("a"), std::nullopt);
  EXPECT_EQ(f->date("b"), std::nullopt);
  EXPECT_EQ(f->date("c"), std::nullopt);
  EXPECT_EQ(f->date("missing", true), std::nullopt);
  auto errs = finish_errors(*f);
  ASSERT_EQ(errs.size(), 5u);
  EXPECT_EQ(errs[0].message, "结束日期格式有误");
  EXPECT_EQ(errs[4].message, "missing不能为空");
}

TEST(JsonFormList, Ints) {
  auto f = json(R"({"ids":[1,2,3],"empty":[],"bad":[1,"2"],"big":[1,2000],"nested":[[1]],"scalar":1})");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->int_list("ids"), (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(f->int_list("empty"), std::vector<std::int64_t>{});
  EXPECT_EQ(f->int_list("bad"), std::nullopt);
  EXPECT_EQ(f->int_list("big", {.max = 1000}), std::nullopt);
  EXPECT_EQ(f->int_list("nested"), std::nullopt);
  EXPECT_EQ(f->int_list("scalar"), std::nullopt);
  auto errs = finish_errors(*f);
  ASSERT_EQ(errs.size(), 4u);
  EXPECT_EQ(errs[3].message, "scalar应为列表");
}

TEST(JsonFormList, TooMany) {
  std::string body = "{\"ids\":[";
  for (int i = 0; i < 1500; ++i)
    body += (i ? ",1" : "1");
  body += "]}";
  auto f = json(body);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->int_list("ids", {}, 5000), std::nullopt);  // capped at 1000 regardless
  EXPECT_EQ(only_error(*f, "ids"), "ids不能超过1000项");
  auto g = json(R"({"ids":[1,2,3]})");
  EXPECT_EQ(g->int_list("ids", {}, 2), std::nullopt);
}

TEST(JsonFormList, Strings) {
  auto f = json(R"({"tags":[" a ","民生"],"bad":["ok",""],"ctl":["a\u0001"]})");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->string_list("tags"), (std::vector<std::string>{"a", "民生"}));
  EXPECT_EQ(f->string_list("bad"), std::nullopt);
  EXPECT_EQ(f->string_list("ctl"), std::nullopt);
  EXPECT_EQ(finish_errors(*f).size(), 2u);
}

// ---- Unknown fields and collecting errors ---------------------------------------------------------------

TEST(JsonFormFinish, UnknownField) {
  auto f = json(R"({"username":"a","status":"approved"})");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->string("username"), "a");
  auto errs = finish_errors(*f);
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].field, "status");
  EXPECT_EQ(errs[0].message, "不认识的字段：状态");
}

TEST(JsonFormFinish, IgnoreAndHas) {
  auto f = json(R"({"csrf":"x","keyword":"k"})");
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->has("csrf"));
  EXPECT_FALSE(f->has("nothing"));
  f->ignore("csrf");
  EXPECT_FALSE(f->finish().ok());  // has() does not mark keyword as read
  EXPECT_EQ(f->string("keyword"), "k");
  EXPECT_TRUE(f->finish().ok());
}

TEST(JsonFormFinish, UnknownFieldNameIsSanitised) {
  auto f = json(cat({"{\"a\\u0001b\":1,\"", std::string(100, 'x'), "\":2}"}));
  ASSERT_TRUE(f);
  auto errs = finish_errors(*f);
  ASSERT_EQ(errs.size(), 2u);
  EXPECT_EQ(errs[0].field,
            "a\xef\xbf\xbd"
            "b");
  EXPECT_EQ(errs[1].field, cat({std::string(64, 'x'), "…"}));
}

TEST(JsonFormFinish, AllErrorsAtOnce) {
  auto f = json(R"({"username":"","phone":"1380013800012345","orgUnitId":"x","extra":1})");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->string("username", {.required = true, .max_chars = 32}), std::nullopt);
  EXPECT_EQ(f->string("phone", {.max_chars = 11}), std::nullopt);
  EXPECT_EQ(f->integer("orgUnitId", {.required = true, .min = 1}), std::nullopt);
  EXPECT_EQ(f->string("displayName", {.required = true}), std::nullopt);
  Status s = f->finish();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().key, "error.invalid_field");
  EXPECT_EQ(s.error().message(), "请检查填写的内容");
  const auto& errs = s.error().fields;
  ASSERT_EQ(errs.size(), 5u);
  EXPECT_EQ(errs[0].message, "用户名不能为空");
  EXPECT_EQ(errs[1].message, "手机号不能超过11个字符");
  EXPECT_EQ(errs[2].message, "所属单位应为整数");
  EXPECT_EQ(errs[3].message, "姓名不能为空");
  EXPECT_EQ(errs[4].message, "不认识的字段：extra");
}

TEST(JsonFormFinish, CrossFieldError) {
  auto f = json(R"({"from":"2024-05-01","to":"2024-04-01"})");
  ASSERT_TRUE(f);
  auto from = f->date("from");
  auto to = f->date("to");
  if (from && to && *from > *to) f->add_error("to", "结束日期不能早于开始日期");
  EXPECT_EQ(only_error(*f, "to"), "结束日期不能早于开始日期");
}

TEST(JsonFormFinish, ErrorsAreCapped) {
  std::string body = "{";
  for (int i = 0; i < 500; ++i)
    body += cat({i ? ",\"k" : "\"k", std::to_string(i), "\":0"});
  body += "}";
  auto f = json(body);
  ASSERT_TRUE(f);
  EXPECT_EQ(finish_errors(*f).size(), FormReader::kMaxErrors);
}

TEST(JsonFormFinish, LoginBody) {
  auto f = json(R"({"username":"admin","password":"Aa123456!@#$","captcha":"x7k2"})");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->string("username", {.required = true, .max_chars = 64}), "admin");
  EXPECT_EQ(f->string("password", {.required = true, .max_chars = 128, .trim = false}), "Aa123456!@#$");
  EXPECT_EQ(only_error(*f, "captcha"), "不认识的字段：captcha");
}

// ---- Query forms ----------------------------------------------------------------------------------------

TEST(QueryFormParse, DuplicateParameter) {
  auto r = QueryForm::parse("id=1&id=2");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
  ASSERT_EQ(r.error().fields.size(), 1u);
  EXPECT_EQ(r.error().fields[0].field, "id");
  EXPECT_EQ(r.error().fields[0].message, "id重复出现");
  // Duplicates after decoding count too.
  EXPECT_FALSE(QueryForm::parse("pageNum=1&page%4Eum=2").ok());
}

TEST(QueryFormParse, BadEncoding) {
  EXPECT_FALSE(QueryForm::parse("keyword=%zz").ok());
  EXPECT_FALSE(QueryForm::parse("keyword=%c0%ae").ok());
  EXPECT_FALSE(QueryForm::parse("keyword=%00").ok());
}

TEST(QueryFormParse, LeadingQuestionMark) {
  auto f = query("?keyword=%E4%BD%8E%E4%BF%9D");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->string("keyword"), "低保");
  EXPECT_TRUE(f->finish().ok());
}

TEST(QueryForm, TypedReads) {
  auto f = query("orgUnitId=12&sortOrder=-3&locked=1&a=false&from=2024-01-31&role=admin&keyword=+a+b+");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->integer("orgUnitId"), 12);
  EXPECT_EQ(f->integer("sortOrder", {.min = -5}), -3);
  EXPECT_EQ(f->boolean("locked"), true);
  EXPECT_EQ(f->boolean("a"), false);
  EXPECT_EQ(f->date("from"), "2024-01-31");
  EXPECT_EQ(f->one_of("role", {"admin", "operator"}), "admin");
  EXPECT_EQ(f->string("keyword"), "a b");
  EXPECT_TRUE(f->finish().ok());
}

TEST(QueryForm, IntegerSyntax) {
  auto f = query("a=%2B1&b=1.0&c=0x10&d=1e3&e=%201&f=99999999999999999999&g=-&h=--1&i=007");
  ASSERT_TRUE(f);
  for (const char* name : {"a", "b", "c", "d", "e", "g", "h"})
    EXPECT_EQ(f->integer(name), std::nullopt) << name;
  EXPECT_EQ(f->integer("f"), std::nullopt);
  EXPECT_EQ(f->integer("i"), 7);
  auto errs = finish_errors(*f);
  ASSERT_EQ(errs.size(), 8u);
  EXPECT_EQ(errs[0].message, "a应为整数");
  EXPECT_EQ(errs[7].field, "f");
  EXPECT_NE(errs[7].message.find("应在"), std::string::npos);
}

TEST(QueryForm, EmptyValuesCountAsMissing) {
  auto f = query("orgUnitId=&locked=&from=&keyword=");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->integer("orgUnitId"), std::nullopt);
  EXPECT_EQ(f->boolean("locked", true), std::nullopt);
  EXPECT_EQ(f->date("from"), std::nullopt);
  EXPECT_EQ(f->string("keyword"), "");
  EXPECT_EQ(only_error(*f, "locked"), "锁定状态不能为空");
}

TEST(QueryForm, BooleanSyntax) {
  auto f = query("a=yes&b=TRUE&c=2");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->boolean("a"), std::nullopt);
  EXPECT_EQ(f->boolean("b"), std::nullopt);
  EXPECT_EQ(f->boolean("c"), std::nullopt);
  EXPECT_EQ(finish_errors(*f).size(), 3u);
}

TEST(QueryForm, Lists) {
  auto f = query("ids=1,2,3&tags=%E4%BD%8E%E4%BF%9D,%E7%89%B9%E5%9B%B0&none=&bad=1,,2");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->int_list("ids"), (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(f->string_list("tags"), (std::vector<std::string>{"低保", "特困"}));
  EXPECT_EQ(f->int_list("none"), std::vector<std::int64_t>{});
  EXPECT_EQ(f->int_list("bad"), std::nullopt);
  EXPECT_EQ(finish_errors(*f).size(), 1u);
}

TEST(QueryForm, Paging) {
  auto f = query("pageNum=3&pageSize=20");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->page_num(), 3);
  EXPECT_EQ(f->page_size(), 20);
  EXPECT_TRUE(f->finish().ok());

  auto d = query("");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->page_num(), 1);
  EXPECT_EQ(d->page_size(), 10);
  EXPECT_TRUE(d->finish().ok());
}

TEST(QueryForm, BadPaging) {
  auto f = query("pageNum=0&pageSize=100");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->page_num(), 1);
  EXPECT_EQ(f->page_size(), 10);
  auto errs = finish_errors(*f);
  ASSERT_EQ(errs.size(), 2u);
  EXPECT_EQ(errs[0].field, "pageNum");
  EXPECT_EQ(errs[1].field, "pageSize");
  EXPECT_EQ(errs[1].message, "每页条数只能是 10、20、30 或 50");

  for (const char* q : {"pageSize=abc", "pageSize=15", "pageSize=-10", "pageSize=1e1"}) {
    auto g = query(q);
    ASSERT_TRUE(g);
    EXPECT_EQ(g->page_size(), 10) << q;
    EXPECT_EQ(only_error(*g, "pageSize"), "每页条数只能是 10、20、30 或 50") << q;
  }
  auto h = query("pageNum=abc");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->page_num(), 1);
  EXPECT_EQ(only_error(*h, "pageNum"), "页码应为整数");
}

TEST(QueryForm, UnknownParameter) {
  auto f = query("keyword=a&from=singlemessage&isappinstalled=0");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->string("keyword"), "a");
  auto errs = finish_errors(*f);
  ASSERT_EQ(errs.size(), 2u);
  EXPECT_EQ(errs[0].message, "不认识的字段：开始日期");
  EXPECT_EQ(errs[1].field, "isappinstalled");
}

TEST(QueryForm, ControlCharactersAndPayloads) {
  auto f = query("reason=a%0Db&keyword=%27+OR+1%3D1--&name=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->string("reason"), std::nullopt);
  EXPECT_EQ(f->string("keyword"), "' OR 1=1--");
  EXPECT_EQ(f->string("name"), "<script>alert(1)</script>");
  EXPECT_EQ(only_error(*f, "reason"), "原因含有不可见的控制字符");
}

}  // namespace
}  // namespace minsheng::http::parse
