#include "integration/payload_variants.hpp"

#include <map>

#include "integration/files_support.hpp"
#include "integration/projects_support.hpp"

namespace minsheng::testing {

namespace json = boost::json;

namespace {

std::int64_t lead_unit_of(TestServer& s, std::int64_t project) {
  return db::query(s.pool(), "SELECT lead_unit_id FROM projects WHERE id = $1", {project})
      .first()
      .int64("lead_unit_id");
}

// The unit whose files the caller of the submission routes may attach (its own).
std::int64_t author_unit(ProbeCtx& c) {
  return c.server.seed().units.at(in_unit_key(c.principal));
}

json::object photo(ProbeCtx& c, const char* caption) {
  return json::object{{"fileId", insert_test_file(c.server, author_unit(c))}, {"caption", caption}};
}

// Photos belong to news items, before/after pairs to photo stories.
void news_extras(ProbeCtx& c, std::int64_t, json::object& b) {
  b["authorName"] = "张三";
  b["photos"] = json::array{photo(c, "施工现场")};
}

void photo_story(ProbeCtx& c, std::int64_t, json::object& b) {
  b["kind"] = "photo_story";
  b["pairs"] = json::array{json::object{{"before", photo(c, "改造前")}, {"after", photo(c, "改造后")}}};
}

void voice(ProbeCtx& c, std::int64_t, json::object& b) {
  b["kind"] = "voice";
  b["consent"] = true;
  b["speakerVillageId"] = c.server.seed().units.at("VA");
  b["speakerDesc"] = "甲村村民";
  b["quote"] = "路修好了，出门方便多了。";
  b["interviewer"] = "李四";
}

std::function<std::int64_t(ProbeCtx&)> draft_of(const char* kind) {
  return [kind](ProbeCtx& c) {
    return insert_test_submission(c.server, in_unit_key(c.principal), "draft", kind, false,
                                  "变体信息" + std::to_string(++c.counter));
  };
}

// Score rules with every nullable cap set (the defaults leave them null).
void all_caps(ProbeCtx&, std::int64_t, json::object& b) {
  auto& rules = b["rules"].as_object();
  rules["monthCap"] = "30.0";
  rules["yearCap"] = "200.0";
  for (auto& k : rules["kinds"].as_array())
    k.as_object()["extraCap"] = "5.0";
}

}  // namespace

const std::vector<BodyVariant>& body_variants(const std::string& key) {
  static const std::map<std::string, std::vector<BodyVariant>> table = [] {
    std::map<std::string, std::vector<BodyVariant>> m;
    m[route_key("POST", "/api/v1/users")] = {
        {"initial password", nullptr,
         [](ProbeCtx&, std::int64_t, json::object& b) { b["password"] = "Initial-Pass-2024!w"; }}};
    m[route_key("POST", "/api/v1/org-units")] = {
        {"code", nullptr,
         [](ProbeCtx& c, std::int64_t, json::object& b) { b["code"] = "C-" + std::to_string(++c.counter); }}};
    const BodyVariant project_texts{"texts", nullptr, [](ProbeCtx&, std::int64_t, json::object& b) {
                                      b["policyText"] = "对改厕农户给予补助。";
                                      b["plainText"] = "改厕有补助。";
                                      b["address"] = "甲村";
                                    }};
    m[route_key("POST", "/api/v1/projects")] = {project_texts};
    m[route_key("PUT", "/api/v1/projects/{id}")] = {project_texts};
    m[route_key("POST", "/api/v1/projects/{id}/progress")] = {
        {"photos", nullptr, [](ProbeCtx& c, std::int64_t project, json::object& b) {
           b["photos"] = json::array{json::object{
               {"fileId", insert_test_file(c.server, lead_unit_of(c.server, project))}, {"caption", "现场"}}};
         }}};
    m[route_key("POST", "/api/v1/projects/plan-next-year")] = {
        {"items", nullptr, [](ProbeCtx& c, std::int64_t, json::object& b) {
           const auto year = b["fromYear"].as_int64();
           const auto project = insert_test_project(c.server, "T1", "DX", "PI-" + std::to_string(++c.counter),
                                                    static_cast<int>(year));
           b["items"] = json::array{json::object{{"projectId", project}, {"changeFlag", "improved"}}};
         }}};
    m[route_key("POST", "/api/v1/submissions")] = {{"news photos", nullptr, news_extras},
                                                   {"photo story", nullptr, photo_story},
                                                   {"voice", nullptr, voice}};
    m[route_key("PUT", "/api/v1/submissions/{id}")] = {
        {"news photos", nullptr, news_extras},
        {"photo story", draft_of("photo_story"),
         [](ProbeCtx& c, std::int64_t id, json::object& b) {
           photo_story(c, id, b);
           b.erase("kind");
         }},
        {"voice", draft_of("voice"), [](ProbeCtx& c, std::int64_t id, json::object& b) {
           voice(c, id, b);
           b.erase("kind");
         }}};
    m[route_key("PUT", "/api/v1/quota-rules")] = {
        {"kind label", nullptr, [](ProbeCtx&, std::int64_t, json::object& b) {
           b["rules"].as_array()[0].as_object()["kindLabel"] = "信息";
         }}};
    m[route_key("PUT", "/api/v1/score-rules")] = {{"caps", nullptr, all_caps}};
    m[route_key("POST", "/api/v1/score-rules/preview")] = {{"caps", nullptr, all_caps}};
    m[route_key("POST", "/api/v1/circulars")] = {
        {"code word", nullptr, [](ProbeCtx&, std::int64_t, json::object& b) { b["codeWord"] = "民生办"; }}};
    m[route_key("PUT", "/api/v1/circulars/{id}")] = {
        {"prose", nullptr, [](ProbeCtx&, std::int64_t, json::object& b) {
           b["prose"] = json::object{{"overall", "总体情况。"},
                                     {"good", "表现较好。"},
                                     {"problems", "存在问题。"},
                                     {"nextSteps", "下步要求。"}};
         }}};
    m[route_key("PUT", "/api/v1/scorecard/shortlist-config")] = {
        {"condition", nullptr, [](ProbeCtx&, std::int64_t, json::object& b) {
           b["conditions"] =
               json::array{json::object{{"code", "submissions.zero_months"}, {"min", "0"}, {"max", "3"}}};
         }}};
    m[route_key("PUT", "/api/v1/signs/project/{id}")] = {
        {"every override", nullptr, [](ProbeCtx&, std::int64_t, json::object& b) {
           b["overrides"] = json::object{{"buildDates", "2026年3月至2026年6月"},
                                         {"builder", "甲镇人民政府"},
                                         {"content", "改造农村户厕"},
                                         {"contractor", "测试建设有限公司"},
                                         {"investment", "12.5万元"},
                                         {"location", "甲村"},
                                         {"managerUnit", "社保所"},
                                         {"responsible", "张三"},
                                         {"supervisionPhone", "0551-62345678"}};
         }}};
    return m;
  }();
  static const std::vector<BodyVariant> none;
  auto it = table.find(key);
  return it == table.end() ? none : it->second;
}

}  // namespace minsheng::testing
