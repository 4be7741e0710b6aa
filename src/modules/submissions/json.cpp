#include "modules/submissions/json.hpp"

#include <boost/json.hpp>

#include "modules/submissions/service.hpp"
#include "modules/submissions/workflow.hpp"
#include "platform/json_util.hpp"

namespace minsheng::submissions {

namespace json = boost::json;

namespace {

std::string file_url(std::int64_t id, const char* variant) {
  return "/api/v1/files/" + std::to_string(id) + "/" + variant;
}

json::object photo_json(const PhotoRef& p) {
  json::object o{{"fileId", p.file_id},
                 {"caption", p.caption},
                 {"thumbUrl", file_url(p.file_id, "thumb")},
                 {"url", file_url(p.file_id, "public")},
                 {"takenAt", platform::camera_time_json(p.taken_at)}};
  if (p.gps_lat && p.gps_lng)
    o["gps"] = json::object{{"lat", *p.gps_lat}, {"lng", *p.gps_lng}};
  else
    o["gps"] = nullptr;
  return o;
}

std::string_view state_label_of(const std::string& code) {
  auto s = parse_state(code);
  return s ? state_label(*s) : std::string_view();
}

}  // namespace

json::object submission_json(const Submission& s) {
  json::array projects;
  for (const auto& p : s.projects)
    projects.push_back(json::object{{"id", p.id}, {"code", p.code}, {"name", p.name}});
  json::array photos;
  for (const auto& p : s.photos)
    photos.push_back(photo_json(p));
  json::array pairs;
  for (const auto& p : s.pairs) {
    json::object o{{"pairNo", p.pair_no}, {"before", photo_json(p.before)}, {"after", photo_json(p.after)}};
    o["compositeFileId"] = platform::opt_json(p.composite_file_id);
    o["compositeUrl"] = p.composite_file_id ? json::value(file_url(*p.composite_file_id, "public")) : nullptr;
    pairs.push_back(std::move(o));
  }
  json::array adoptions;
  for (const auto& a : s.adoptions)
    adoptions.push_back(json::object{{"level", a.level},
                                     {"levelLabel", level_label(a.level)},
                                     {"outlet", a.outlet},
                                     {"adoptedOn", a.adopted_on}});
  const bool voice = s.kind == "voice";
  json::object o{{"id", s.id},
                 {"townId", s.town_id},
                 {"orgUnitId", s.org_unit_id},
                 {"orgUnitName", s.org_unit_name},
                 {"kind", s.kind},
                 {"kindLabel", kind_label(s.kind)},
                 {"state", s.state},
                 {"stateLabel", state_label_of(s.state)},
                 {"title", s.title},
                 {"body", s.body},
                 {"authorName", s.author_name},
                 {"projects", std::move(projects)},
                 {"speakerVillageName", voice ? s.speaker_village_name : std::string()},
                 {"speakerDesc", voice ? s.speaker_desc : std::string()},
                 {"consent", voice && s.consent},
                 {"quote", voice ? s.quote : std::string()},
                 {"interviewer", voice ? s.interviewer : std::string()},
                 {"photos", std::move(photos)},
                 {"pairs", std::move(pairs)},
                 {"firstSubmittedAt", platform::time_json(s.first_submitted_at)},
                 {"submittedAt", platform::time_json(s.submitted_at)},
                 {"approvedAt", platform::time_json(s.approved_at)},
                 {"publishedAt", platform::time_json(s.published_at)},
                 {"forwardedAt", platform::time_json(s.forwarded_at)},
                 {"forwardedTo", s.forwarded_to},
                 {"lastReason", s.last_reason},
                 {"adoptions", std::move(adoptions)},
                 {"createdAt", platform::time_json(s.created_at)},
                 {"updatedAt", platform::time_json(s.updated_at)},
                 {"isDemo", s.is_demo}};
  o["speakerVillageId"] = voice ? platform::opt_json(s.speaker_village_id) : json::value(nullptr);
  return o;
}

json::object event_json(const Event& e) {
  auto a = parse_action(e.action);
  return json::object{{"action", e.action},
                      {"actionLabel", a ? action_label(*a) : std::string_view()},
                      {"fromState", e.from_state},
                      {"toState", e.to_state},
                      {"reason", e.reason},
                      {"user", e.user_name},
                      {"at", platform::time_json(e.at)}};
}

json::object warning_json(const Warning& w) {
  return json::object{{"code", w.code}, {"field", w.field}, {"message", w.message}};
}

json::object rule_json(const QuotaRule& r) {
  json::array ids;
  for (auto u : r.unit_ids)
    ids.push_back(u);
  json::object o{{"kind", r.kind},      {"kindLabel", kind_label(r.kind)},
                 {"units", r.units},    {"unitIds", std::move(ids)},
                 {"count", r.count},    {"period", r.period},
                 {"dueDay", r.due_day}, {"counts", r.counts}};
  o["id"] = r.id > 0 ? json::value(r.id) : json::value(nullptr);
  return o;
}

json::object rules_json(int year, bool is_default, const std::vector<QuotaRule>& rules) {
  json::array a;
  for (const auto& r : rules)
    a.push_back(rule_json(r));
  return json::object{{"year", year}, {"isDefault", is_default}, {"rules", std::move(a)}};
}

json::object settings_json(const TownSettings& st) {
  json::array words;
  for (const auto& w : st.banned_words)
    words.emplace_back(w);
  return json::object{{"secondLevel", st.second_level},
                      {"pairDistanceM", st.pair_distance_m},
                      {"reminderDays", st.reminder_days},
                      {"bannedWords", std::move(words)}};
}

json::object ledger_row_json(const LedgerRow& r) {
  return json::object{{"unitId", r.unit_id},    {"unitName", r.unit_name},
                      {"kind", r.kind},         {"kindLabel", kind_label(r.kind)},
                      {"period", r.period},     {"dueDate", r.due_date},
                      {"owed", r.owed},         {"submitted", r.submitted},
                      {"approved", r.approved}, {"published", r.published},
                      {"adopted", r.adopted},   {"counted", r.counted},
                      {"late", r.late},         {"missing", r.missing},
                      {"overdue", r.overdue},   {"daysLeft", r.days_left}};
}

json::object notification_json(const Notification& n) {
  return json::object{{"id", n.id},
                      {"kind", n.kind},
                      {"title", n.title},
                      {"body", n.body},
                      {"link", n.link},
                      {"createdAt", platform::time_json(n.created_at)},
                      {"readAt", platform::time_json(n.read_at)}};
}

}  // namespace minsheng::submissions
