#include "modules/projects/json.hpp"

#include <boost/json.hpp>

#include "modules/projects/rules.hpp"
#include "platform/json_util.hpp"

namespace minsheng::projects {

namespace json = boost::json;

namespace {
json::value opt_num(const std::optional<double>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
}  // namespace

json::object project_json(const Project& p, bool full) {
  json::array coop;
  for (const auto& u : p.cooperating)
    coop.push_back(json::object{{"id", u.id}, {"name", u.name}});
  json::object o{{"id", p.id},
                 {"townId", p.town_id},
                 {"townName", p.town_name},
                 {"year", p.year},
                 {"code", p.code},
                 {"name", p.name},
                 {"category", p.category},
                 {"categoryLabel", category_label(p.category)},
                 {"leadUnitId", p.lead_unit.id},
                 {"leadUnitName", p.lead_unit.name},
                 {"cooperatingUnits", std::move(coop)},
                 {"changeFlag", p.change_flag},
                 {"changeFlagLabel", change_flag_label(p.change_flag)},
                 {"fundsPlanned", p.funds_planned},
                 {"fundsDisbursed", p.current.funds_disbursed},
                 {"beneficiaries", platform::opt_json(p.beneficiaries)},
                 {"status", p.current.status},
                 {"statusLabel", status_label(p.current.status)},
                 {"progressPct", p.current.progress_pct},
                 {"lastReportDate", platform::opt_json(p.current.report_date)},
                 {"address", p.address},
                 {"previousId", platform::opt_json(p.previous_id)},
                 {"isDemo", p.is_demo},
                 {"createdAt", platform::time_json(p.created_at)},
                 {"updatedAt", platform::time_json(p.updated_at)}};
  if (p.location)
    o["location"] =
        json::object{{"lat", p.location->lat}, {"lng", p.location->lng}, {"system", p.location->system}};
  else
    o["location"] = nullptr;
  if (full) {
    o["policyText"] = p.policy_text;
    o["plainText"] = p.plain_text;
    json::array targets;
    for (const auto& t : p.targets)
      targets.push_back(json::object{{"id", t.id},
                                     {"name", t.name},
                                     {"unit", t.unit},
                                     {"planned", opt_num(t.planned)},
                                     {"achieved", opt_num(t.achieved)}});
    o["targets"] = std::move(targets);
  }
  return o;
}

json::object progress_json(const ProgressUpdate& u) {
  json::array photos;
  for (const auto& ph : u.photos) {
    json::object o{{"fileId", ph.file_id},
                   {"caption", ph.caption},
                   {"thumbUrl", "/api/v1/files/" + std::to_string(ph.file_id) + "/thumb"},
                   {"url", "/api/v1/files/" + std::to_string(ph.file_id) + "/public"},
                   {"takenAt", platform::camera_time_json(ph.taken_at)}};
    if (ph.gps_lat && ph.gps_lng)
      o["gps"] = json::object{{"lat", *ph.gps_lat}, {"lng", *ph.gps_lng}};
    else
      o["gps"] = nullptr;
    photos.push_back(std::move(o));
  }
  return json::object{{"id", u.id},
                      {"projectId", u.project_id},
                      {"reportDate", u.report_date},
                      {"progressPct", u.progress_pct},
                      {"fundsDisbursed", u.funds_disbursed},
                      {"status", u.status},
                      {"statusLabel", status_label(u.status)},
                      {"note", u.note},
                      {"photos", std::move(photos)},
                      {"createdBy", u.created_by_name},
                      {"createdAt", platform::time_json(u.created_at)}};
}

}  // namespace minsheng::projects
