#include "modules/submissions/service.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "core/clock.hpp"
#include "core/messages.hpp"
#include "infra/images/images.hpp"
#include "modules/files/store.hpp"
#include "modules/submissions/json.hpp"
#include "platform/content_version.hpp"
#include "platform/roles.hpp"

namespace minsheng::submissions {
namespace {

using platform::Principal;

constexpr std::string_view kSelect =
    "SELECT s.id, s.town_id, s.org_unit_id, s.kind, s.state, s.title, s.body, s.author_name, "
    "s.speaker_village_id, s.speaker_desc, s.consent, s.quote, s.interviewer, s.first_submitted_at, "
    "s.submitted_at, s.approved_at, s.published_at, s.forwarded_at, s.forwarded_to, s.last_reason, "
    "s.created_by, s.is_demo, s.created_at, s.updated_at, u.name AS unit_name, u.path AS unit_path, "
    "v.name AS village_name FROM submissions s JOIN org_units u ON u.id = s.org_unit_id "
    "LEFT JOIN org_units v ON v.id = s.speaker_village_id";

Submission from_row(const db::Row& r) {
  Submission s;
  s.id = r.int64("id");
  s.town_id = r.int64("town_id");
  s.org_unit_id = r.int64("org_unit_id");
  s.org_unit_name = r.text("unit_name");
  s.unit_path = r.text("unit_path");
  s.kind = r.text("kind");
  s.state = r.text("state");
  s.title = r.text("title");
  s.body = r.text("body");
  s.author_name = r.text("author_name");
  s.speaker_village_id = r.opt_int64("speaker_village_id");
  s.speaker_village_name = r.opt_text("village_name").value_or("");
  s.speaker_desc = r.text("speaker_desc");
  s.consent = r.boolean("consent");
  s.quote = r.text("quote");
  s.interviewer = r.text("interviewer");
  s.first_submitted_at = r.opt_text("first_submitted_at");
  s.submitted_at = r.opt_text("submitted_at");
  s.approved_at = r.opt_text("approved_at");
  s.published_at = r.opt_text("published_at");
  s.forwarded_at = r.opt_text("forwarded_at");
  s.forwarded_to = r.text("forwarded_to");
  s.last_reason = r.text("last_reason");
  s.created_by = r.opt_int64("created_by");
  s.is_demo = r.boolean("is_demo");
  s.created_at = r.text("created_at");
  s.updated_at = r.text("updated_at");
  return s;
}

PhotoRef photo_from_row(const db::Row& r) {
  PhotoRef p;
  p.file_id = r.int64("file_id");
  p.caption = r.text("caption");
  p.taken_at = r.opt_text("taken_at");
  if (!r.is_null("gps_lat") && !r.is_null("gps_lng")) {
    p.gps_lat = r.real("gps_lat");
    p.gps_lng = r.real("gps_lng");
  }
  return p;
}

void load_details(db::Connection& conn, Submission& s) {
  for (const auto& r :
       conn.query(
               "SELECT p.id, p.code, p.name, p.lat, p.lng, p.coord_system FROM submission_projects sp JOIN "
               "projects p ON p.id = sp.project_id WHERE sp.submission_id = $1 ORDER BY "
               "p.year DESC, p.sort_order, p.id",
               {s.id})
           .rows) {
    ProjectLink p{r.int64("id"), r.text("code"), r.text("name"), std::nullopt};
    // Kept in WGS-84, the system photo GPS uses (a GCJ-02 location is about 300-500 m off otherwise).
    if (!r.is_null("lat") && !r.is_null("lng"))
      p.location = to_wgs84(r.real("lat"), r.real("lng"), r.opt_text("coord_system").value_or("wgs84"));
    s.projects.push_back(std::move(p));
  }
  std::map<int, PhotoPair> pairs;
  for (const auto& r :
       conn.query("SELECT ph.file_id, ph.role, ph.pair_no, ph.caption, f.taken_at, f.gps_lat, "
                  "f.gps_lng FROM submission_photos ph JOIN files f ON f.id = ph.file_id WHERE "
                  "ph.submission_id = $1 ORDER BY ph.pair_no, ph.sort_order, ph.file_id",
                  {s.id})
           .rows) {
    const std::string role = r.text("role");
    if (role == "photo") {
      s.photos.push_back(photo_from_row(r));
      continue;
    }
    auto& pair = pairs[static_cast<int>(r.int64("pair_no"))];
    pair.pair_no = static_cast<int>(r.int64("pair_no"));
    (role == "before" ? pair.before : pair.after) = photo_from_row(r);
  }
  for (const auto& r :
       conn.query("SELECT pair_no, file_id FROM submission_composites WHERE submission_id = $1", {s.id}).rows)
    if (auto it = pairs.find(static_cast<int>(r.int64("pair_no"))); it != pairs.end())
      it->second.composite_file_id = r.int64("file_id");
  for (auto& [n, p] : pairs)
    s.pairs.push_back(std::move(p));
  for (const auto& r : conn.query("SELECT level, outlet, adopted_on FROM submission_adoptions WHERE "
                                  "submission_id = $1 ORDER BY adopted_on, id",
                                  {s.id})
                           .rows)
    s.adoptions.push_back(Adoption{r.text("level"), r.text("outlet"), r.text("adopted_on")});
}

std::string audit_json(const Submission& s) {
  return boost::json::serialize(submission_json(s));
}

std::optional<std::string> shanghai_day(const std::optional<std::string>& utc) {
  if (!utc) return std::nullopt;
  if (auto t = parse_iso_utc(*utc)) return shanghai_date(*t);
  return std::nullopt;
}

Error field(ErrorCode code, const std::string& name, std::string message) {
  return Error{code, "error.invalid_field", {FieldError{name, std::move(message)}}};
}

// ---- validation of an input against the town ----

void check_file(db::Connection& conn, std::int64_t town_id, std::int64_t file_id, const std::string& name,
                std::set<std::int64_t>& seen, std::vector<FieldError>& errors) {
  auto f = conn.query("SELECT kind, town_id FROM files WHERE id = $1", {file_id});
  if (f.empty() || f.first().text("kind") != "image" || f.first().opt_int64("town_id") != town_id) {
    errors.push_back({name, messages::for_field("submission.photo_not_image", "fileId")});
    return;
  }
  if (!seen.insert(file_id).second)
    errors.push_back({name, messages::for_field("submission.photo_duplicate", "fileId")});
}

std::vector<FieldError> check_input(db::Connection& conn, std::int64_t town_id, const std::string& kind,
                                    const SubmissionInput& in) {
  std::vector<FieldError> errors;
  for (auto id : in.project_ids) {
    auto p = conn.query("SELECT town_id FROM projects WHERE id = $1", {id});
    if (p.empty() || p.first().int64("town_id") != town_id) {
      errors.push_back({"projectIds", messages::for_field("submission.project_not_in_town", "projectIds")});
      break;
    }
  }
  auto not_for_kind = [&](const char* name) {
    errors.push_back({name, messages::for_field("submission.field_not_for_kind", name)});
  };
  if (kind != "news" && !in.photos.empty()) not_for_kind("photos");
  if (kind != "photo_story" && !in.pairs.empty()) not_for_kind("pairs");
  if (kind != "voice") {
    if (in.speaker_village_id) not_for_kind("speakerVillageId");
    if (!in.speaker_desc.empty()) not_for_kind("speakerDesc");
    if (in.consent) not_for_kind("consent");
    if (!in.quote.empty()) not_for_kind("quote");
    if (!in.interviewer.empty()) not_for_kind("interviewer");
  }
  std::set<std::int64_t> seen;
  for (std::size_t i = 0; i < in.photos.size(); ++i)
    check_file(conn, town_id, in.photos[i].file_id, "photos[" + std::to_string(i) + "].fileId", seen, errors);
  for (std::size_t i = 0; i < in.pairs.size(); ++i) {
    const std::string base = "pairs[" + std::to_string(i) + "]";
    check_file(conn, town_id, in.pairs[i].before.file_id, base + ".before.fileId", seen, errors);
    check_file(conn, town_id, in.pairs[i].after.file_id, base + ".after.fileId", seen, errors);
  }
  if (in.speaker_village_id) {
    auto v = conn.query("SELECT kind, town_id FROM org_units WHERE id = $1", {*in.speaker_village_id});
    if (v.empty() || v.first().opt_int64("town_id") != town_id ||
        (v.first().text("kind") != "village" && v.first().text("kind") != "community"))
      errors.push_back(
          {"speakerVillageId", messages::for_field("submission.speaker_not_village", "speakerVillageId")});
  }
  return errors;
}

void write_children(db::Tx& tx, std::int64_t id, const SubmissionInput& in) {
  tx.query("DELETE FROM submission_projects WHERE submission_id = $1", {id});
  std::set<std::int64_t> seen;
  for (auto p : in.project_ids)
    if (seen.insert(p).second)
      tx.query("INSERT INTO submission_projects (submission_id, project_id) VALUES ($1, $2)", {id, p});
  tx.query("DELETE FROM submission_photos WHERE submission_id = $1", {id});
  int order = 0;
  for (const auto& ph : in.photos)
    tx.query(
        "INSERT INTO submission_photos (submission_id, file_id, role, pair_no, caption, sort_order) VALUES "
        "($1, $2, 'photo', 0, $3, $4)",
        {id, ph.file_id, ph.caption, order++});
  int pair_no = 0;
  for (const auto& p : in.pairs) {
    ++pair_no;
    tx.query(
        "INSERT INTO submission_photos (submission_id, file_id, role, pair_no, caption, sort_order) VALUES "
        "($1, $2, 'before', $3, $4, 0)",
        {id, p.before.file_id, pair_no, p.before.caption});
    tx.query(
        "INSERT INTO submission_photos (submission_id, file_id, role, pair_no, caption, sort_order) VALUES "
        "($1, $2, 'after', $3, $4, 1)",
        {id, p.after.file_id, pair_no, p.after.caption});
  }
}

// Builds the side-by-side image of every pair that changed (or has none yet) and drops those of pairs that
// are gone. The composite is a file of the item's unit, so the file routes serve it within scope.
Status rebuild_composites(db::Tx& tx, const platform::Auditor& audit, std::int64_t id,
                          const SubmissionInput& in, const std::optional<Submission>& before) {
  const auto s = tx.query("SELECT org_unit_id, town_id, created_by FROM submissions WHERE id = $1", {id});
  const auto unit = s.first().int64("org_unit_id");
  const auto town = s.first().int64("town_id");
  const std::int64_t uploader = audit.actor.user_id.value_or(s.first().opt_int64("created_by").value_or(0));
  tx.query("DELETE FROM submission_composites WHERE submission_id = $1 AND pair_no > $2",
           {id, static_cast<std::int64_t>(in.pairs.size())});
  const std::string now = iso_utc(audit.now);
  for (std::size_t i = 0; i < in.pairs.size(); ++i) {
    const int pair_no = static_cast<int>(i) + 1;
    const auto& p = in.pairs[i];
    if (before) {
      bool same = false;
      for (const auto& old : before->pairs)
        if (old.pair_no == pair_no && old.before.file_id == p.before.file_id &&
            old.after.file_id == p.after.file_id && old.composite_file_id)
          same = true;
      if (same) continue;
    }
    auto blob_of = [&](std::int64_t file_id) -> std::string {
      auto f = tx.query("SELECT sha256 FROM files WHERE id = $1", {file_id});
      if (f.empty()) return {};
      return files::get_blob(tx.conn(), f.first().text("sha256")).value_or("");
    };
    auto bytes = infra::images::side_by_side(blob_of(p.before.file_id), blob_of(p.after.file_id));
    if (!bytes)
      return field(ErrorCode::Unprocessable, "pairs[" + std::to_string(i) + "]",
                   std::string(messages::text("submission.composite_failed")));
    auto processed = infra::images::process(*bytes);
    if (!processed)
      return field(ErrorCode::Unprocessable, "pairs[" + std::to_string(i) + "]",
                   std::string(messages::text("submission.composite_failed")));
    files::FileRecord f;
    f.org_unit_id = unit;
    f.town_id = town;
    f.uploaded_by = uploader;
    f.created_at = now;
    f.original_name = fmt::format("图说民生-{}-{}.jpg", id, pair_no);
    f.kind = "image";
    f.content_type = "image/jpeg";
    f.size = static_cast<std::int64_t>(bytes->size());
    f.width = processed->width;
    f.height = processed->height;
    f.sha256 = files::put_blob(tx, *bytes, now);
    if (processed->public_copy) {
      f.public_sha256 = files::put_blob(tx, processed->public_copy->bytes, now);
      f.public_type = processed->public_copy->content_type;
    }
    if (processed->thumbnail) f.thumb_sha256 = files::put_blob(tx, processed->thumbnail->bytes, now);
    const auto file_id = files::insert_file(tx, f);
    tx.query("DELETE FROM submission_composites WHERE submission_id = $1 AND pair_no = $2", {id, pair_no});
    tx.query("INSERT INTO submission_composites (submission_id, pair_no, file_id) VALUES ($1, $2, $3)",
             {id, pair_no, file_id});
  }
  return {};
}

// ---- notifications ----

struct Recipients {
  std::vector<std::int64_t> users;
};

std::vector<std::int64_t> unit_users(db::Connection& conn, std::int64_t unit_id) {
  std::vector<std::int64_t> out;
  for (const auto& r : conn.query("SELECT id FROM users WHERE org_unit_id = $1 ORDER BY id", {unit_id}).rows)
    out.push_back(r.int64("id"));
  return out;
}

std::vector<std::int64_t> town_role_users(db::Connection& conn, std::int64_t town_id, const char* role) {
  std::vector<std::int64_t> out;
  for (const auto& r : conn.query("SELECT u.id FROM users u JOIN org_units o ON o.id = u.org_unit_id WHERE "
                                  "o.town_id = $1 AND u.role = $2 ORDER BY u.id",
                                  {town_id, role})
                           .rows)
    out.push_back(r.int64("id"));
  return out;
}

// County staff whose unit is above the town.
std::vector<std::int64_t> county_users(db::Connection& conn, std::int64_t town_id) {
  std::vector<std::int64_t> out;
  for (const auto& r :
       conn.query(
               "SELECT u.id FROM users u JOIN org_units o ON o.id = u.org_unit_id JOIN org_units t ON t.id = "
               "$1 WHERE u.role = 'county' AND substr(t.path, 1, length(o.path)) = o.path ORDER BY u.id",
               {town_id})
           .rows)
    out.push_back(r.int64("id"));
  return out;
}

std::optional<std::string> setting(db::Connection& conn, const char* key) {
  auto r = conn.query("SELECT value FROM settings WHERE key = $1", {key});
  if (r.empty() || r.first().text("value").empty()) return std::nullopt;
  return r.first().text("value");
}

// The e-mail and SMS hooks: stubs that log until a real gateway is wired (service.hpp).
void deliver_hooks(db::Connection& conn, const std::string& kind, const std::string& title, std::size_t n) {
  for (const char* channel : {"email", "sms"}) {
    const std::string key = std::string("notify.") + channel + "_gateway";
    if (auto gw = setting(conn, key.c_str()))
      spdlog::info("notify hook {} via {}: {} ({}, {} recipients) — stub, not sent", channel, *gw, title,
                   kind, n);
    else
      spdlog::debug("notify hook {} not configured: {} ({}, {} recipients)", channel, title, kind, n);
  }
}

void notify(db::Tx& tx, const platform::Auditor& audit, std::vector<std::int64_t> users,
            const std::string& kind, const std::string& title, const std::string& body,
            const std::string& link) {
  std::sort(users.begin(), users.end());
  users.erase(std::unique(users.begin(), users.end()), users.end());
  if (audit.actor.user_id) std::erase(users, *audit.actor.user_id);
  if (users.empty()) return;
  const std::string now = iso_utc(audit.now);
  for (auto u : users)
    tx.query(
        "INSERT INTO notifications (user_id, kind, title, body, link, created_at) VALUES ($1, $2, $3, $4, "
        "$5, "
        "$6)",
        {u, kind, title, body, link, now});
  deliver_hooks(tx.conn(), kind, title, users.size());
}

std::string quoted(const std::string& title) {
  return "《" + title + "》";
}

// Whether `role` may take `action` in some state at all (a role question, answered 403).
bool role_may_ever(platform::Role role, Action action) {
  for (bool second : {false, true}) {
    const Actor a{role, true, true};
    const Settings st{second};
    for (auto s : {State::Draft, State::Submitted, State::Returned, State::Reviewed, State::Approved,
                   State::Published})
      if (decide(s, action, a, st, true).allowed) return true;
  }
  return false;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto nl = text.find('\n', pos);
    std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
      line.pop_back();
    std::size_t b = 0;
    while (b < line.size() && (line[b] == ' ' || line[b] == '\t'))
      ++b;
    line = line.substr(b);
    if (!line.empty()) out.push_back(line);
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  return out;
}

std::vector<std::int64_t> parse_ids(const std::string& text) {
  std::vector<std::int64_t> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto comma = text.find(',', pos);
    const std::string part = text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
    if (ec == std::errc() && p == part.data() + part.size() && v > 0) out.push_back(v);
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return out;
}

bool valid_due_day(const std::string& period, const std::string& due) {
  auto number = [](std::string_view s, int lo, int hi) {
    int v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return !s.empty() && s.size() <= 2 && ec == std::errc() && p == s.data() + s.size() && v >= lo && v <= hi;
  };
  if (period == "year") {
    auto dash = due.find('-');
    if (dash == std::string::npos) return false;
    const std::string_view d(due);
    if (!number(d.substr(0, dash), 1, 12) || !number(d.substr(dash + 1), 1, 31)) return false;
    const std::string day = fmt::format("2020-{:0>2}-{:0>2}", due.substr(0, dash), due.substr(dash + 1));
    return valid_date(day);  // 2020 is a leap year: 02-29 passes, 02-30 does not
  }
  return number(due, 1, 31);
}

}  // namespace

std::string_view kind_label(std::string_view kind) {
  if (kind == "news") return "文字信息";
  if (kind == "photo_story") return "图说民生";
  if (kind == "voice") return "群众话民生";
  return "";
}

std::string_view level_label(std::string_view level) {
  if (level == "county") return "县级";
  if (level == "city") return "市级";
  if (level == "province") return "省级";
  return "";
}

bool can_read(const Principal& p, const Submission& s) {
  return platform::role_has(p.role, platform::Permission::SubmissionRead) &&
         platform::in_scope(p, s.unit_path) && (s.state != "draft" || s.org_unit_id == p.org_unit_id);
}

std::string visible_condition(const Principal& p, platform::SqlBuilder& b) {
  std::string cond = platform::scope_condition(p, b, "s.org_unit_id", "u.path");
  return "(" + cond + ") AND (s.state <> 'draft' OR s.org_unit_id = " + b.bind(p.org_unit_id) + ")";
}

std::optional<Submission> load_submission(db::Connection& conn, std::int64_t id) {
  auto r = conn.query(std::string(kSelect) + " WHERE s.id = $1", {id});
  if (r.empty()) return std::nullopt;
  Submission s = from_row(r.first());
  load_details(conn, s);
  return s;
}

std::vector<Event> load_events(db::Connection& conn, std::int64_t id) {
  std::vector<Event> out;
  for (const auto& r : conn.query("SELECT e.action, e.from_state, e.to_state, e.reason, e.at, "
                                  "COALESCE(u.display_name, '') AS user_name FROM submission_events e LEFT "
                                  "JOIN users u ON u.id = e.user_id WHERE e.submission_id = $1 ORDER BY e.id",
                                  {id})
                           .rows)
    out.push_back(Event{r.text("action"), r.text("from_state"), r.text("to_state"), r.text("reason"),
                        r.text("user_name"), r.text("at")});
  return out;
}

TownSettings load_settings(db::Connection& conn, std::int64_t town_id) {
  TownSettings st;
  auto r = conn.query(
      "SELECT second_level, pair_distance_m, reminder_days, banned_words FROM submission_settings WHERE "
      "town_id = $1",
      {town_id});
  if (r.empty()) return st;
  const auto& row = r.first();
  st.second_level = row.boolean("second_level");
  st.pair_distance_m = static_cast<int>(row.int64("pair_distance_m"));
  st.reminder_days = static_cast<int>(row.int64("reminder_days"));
  st.banned_words = split_lines(row.text("banned_words"));
  return st;
}

Actor actor_for(const Principal& p, const Submission& s) {
  return Actor{p.role, s.org_unit_id == p.org_unit_id, platform::in_scope(p, s.unit_path)};
}

Decision decide_for(const Principal& p, const Submission& s, Action a, const TownSettings& st) {
  const auto from = parse_state(s.state).value_or(State::Draft);
  return decide(from, a, actor_for(p, s), Settings{st.second_level}, s.forwarded_at.has_value());
}

std::vector<std::string> allowed_action_codes(const Principal& p, const Submission& s,
                                              const TownSettings& st) {
  std::vector<std::string> out;
  for (auto a : {Action::Edit, Action::Delete, Action::Submit, Action::Withdraw, Action::Return,
                 Action::Approve, Action::Publish, Action::Unpublish, Action::Forward, Action::Adopt})
    if (decide_for(p, s, a, st).allowed) out.emplace_back(action_code(a));
  return out;
}

std::vector<Warning> warnings_for(const Submission& s, const TownSettings& st) {
  std::vector<Warning> out;
  auto add = [&](std::vector<Warning> w) { out.insert(out.end(), w.begin(), w.end()); };
  add(text_warnings("title", s.title, st.banned_words));
  add(text_warnings("body", s.body, st.banned_words));
  if (s.kind == "voice") {
    add(text_warnings("speakerDesc", s.speaker_desc, st.banned_words));
    add(text_warnings("quote", s.quote, st.banned_words));
    if (!s.consent)
      out.push_back(
          Warning{"voice_consent", "consent", std::string(messages::text("submission.consent_required"))});
  }
  if (s.kind == "photo_story") {
    std::optional<std::pair<double, double>> location;
    for (const auto& p : s.projects)
      if (p.location && !location) location = p.location;
    auto facts = [](const PhotoRef& p) {
      PhotoFacts f;
      if (p.taken_at) {
        std::string t = *p.taken_at;
        if (t.size() > 10 && t[10] == 'T') t[10] = ' ';
        f.taken_at = t;
      }
      f.lat = p.gps_lat;
      f.lng = p.gps_lng;
      return f;
    };
    for (const auto& p : s.pairs)
      add(pair_warnings(p.pair_no, facts(p.before), facts(p.after), location, st.pair_distance_m));
  }
  return out;
}

std::optional<std::int64_t> town_of_unit(db::Connection& conn, std::int64_t unit_id) {
  auto r = conn.query("SELECT town_id FROM org_units WHERE id = $1", {unit_id});
  if (r.empty()) return std::nullopt;
  return r.first().opt_int64("town_id");
}

Result<Submission> create_submission(db::Tx& tx, const platform::Auditor& audit, std::int64_t unit_id,
                                     const SubmissionInput& in) {
  auto town = town_of_unit(tx.conn(), unit_id);
  if (!town) return Error::make(ErrorCode::PermissionDenied, "submission.no_town");
  if (auto errors = check_input(tx.conn(), *town, in.kind, in); !errors.empty())
    return Error{ErrorCode::InvalidArgument, "error.invalid_field", std::move(errors)};
  const std::string now = iso_utc(audit.now);
  const db::Params params{*town,
                          unit_id,
                          in.kind,
                          in.title,
                          in.body,
                          in.author_name,
                          in.speaker_village_id,
                          in.speaker_desc,
                          in.consent,
                          in.quote,
                          in.interviewer,
                          audit.actor.user_id,
                          in.is_demo,
                          now};
  const auto id =
      tx.query(
            "INSERT INTO submissions (town_id, org_unit_id, kind, state, title, body, author_name, "
            "speaker_village_id, speaker_desc, consent, quote, interviewer, created_by, is_demo, created_at, "
            "updated_at) VALUES ($1, $2, $3, 'draft', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) "
            "RETURNING id",
            params)
          .first()
          .int64("id");
  write_children(tx, id, in);
  if (auto st = rebuild_composites(tx, audit, id, in, std::nullopt); !st) return st.take_error();
  auto s = load_submission(tx.conn(), id);
  audit.write(tx, platform::AuditEntry{.action = "submission.create",
                                       .entity = "submission",
                                       .entity_id = std::to_string(id),
                                       .org_unit_id = unit_id,
                                       .after_json = audit_json(*s)});
  return *s;
}

Result<Submission> update_submission(db::Tx& tx, const platform::Auditor& audit, const Submission& before,
                                     const SubmissionInput& in) {
  if (auto errors = check_input(tx.conn(), before.town_id, before.kind, in); !errors.empty())
    return Error{ErrorCode::InvalidArgument, "error.invalid_field", std::move(errors)};
  const std::string now = iso_utc(audit.now);
  const db::Params params{
      in.title,       in.body, in.author_name, in.speaker_village_id, in.speaker_desc, in.consent, in.quote,
      in.interviewer, now,     before.id};
  tx.query(
      "UPDATE submissions SET title = $1, body = $2, author_name = $3, speaker_village_id = $4, speaker_desc "
      "= "
      "$5, consent = $6, quote = $7, interviewer = $8, updated_at = $9 WHERE id = $10",
      params);
  write_children(tx, before.id, in);
  if (auto st = rebuild_composites(tx, audit, before.id, in, before); !st) return st.take_error();
  auto after = load_submission(tx.conn(), before.id);
  audit.write(tx, platform::AuditEntry{.action = "submission.update",
                                       .entity = "submission",
                                       .entity_id = std::to_string(before.id),
                                       .org_unit_id = before.org_unit_id,
                                       .before_json = audit_json(before),
                                       .after_json = audit_json(*after)});
  return *after;
}

Status delete_submission(db::Tx& tx, const platform::Auditor& audit, const Submission& s) {
  tx.query("DELETE FROM submissions WHERE id = $1", {s.id});
  audit.write(tx, platform::AuditEntry{.action = "submission.delete",
                                       .entity = "submission",
                                       .entity_id = std::to_string(s.id),
                                       .org_unit_id = s.org_unit_id,
                                       .before_json = audit_json(s)});
  return {};
}

Result<Submission> transition(db::Tx& tx, const platform::Auditor& audit, const Principal& who,
                              const Submission& before, const TransitionInput& in) {
  const TownSettings st = load_settings(tx.conn(), before.town_id);
  const Decision d = decide_for(who, before, in.action, st);
  if (!d.allowed) {
    if (d.reason_key == "submission.illegal_transition" && role_may_ever(who.role, in.action)) {
      const auto state = parse_state(before.state).value_or(State::Draft);
      return Error{
          ErrorCode::Conflict,
          "error.invalid_field",
          {FieldError{"state",
                      messages::format("submission.illegal_transition",
                                       {{"state", std::string(state_label(state))},
                                        {"action", "“" + std::string(action_label(in.action)) + "”"}})}}};
    }
    return Error::make(ErrorCode::PermissionDenied, "error.permission_denied");
  }
  if (d.needs_reason && in.reason.empty())
    return field(ErrorCode::InvalidArgument, "reason", messages::for_field("field.required", "reason"));
  if (in.action == Action::Submit) {
    if (before.kind == "photo_story" && before.pairs.empty())
      return field(ErrorCode::Unprocessable, "pairs",
                   std::string(messages::text("submission.pairs_required")));
    if (before.kind == "voice" && (before.speaker_desc.empty() || before.quote.empty()))
      return field(ErrorCode::Unprocessable, before.speaker_desc.empty() ? "speakerDesc" : "quote",
                   std::string(messages::text("submission.voice_incomplete")));
  }
  if (in.action == Action::Publish && before.kind == "voice" && !before.consent)
    return field(ErrorCode::Unprocessable, "consent",
                 std::string(messages::text("submission.consent_required")));
  if (in.action == Action::Adopt && !in.adoption)
    return field(ErrorCode::InvalidArgument, "level", messages::for_field("field.required", "level"));

  const std::string now = iso_utc(audit.now);
  const std::string to(state_code(d.to));
  const std::int64_t id = before.id;
  bool bump = false;
  switch (in.action) {
    case Action::Submit:
      tx.query(
          "UPDATE submissions SET state = $1, submitted_at = $2, first_submitted_at = "
          "COALESCE(first_submitted_at, "
          "$2), updated_at = $2 WHERE id = $3",
          {to, now, id});
      break;
    case Action::Withdraw:
      tx.query("UPDATE submissions SET state = $1, updated_at = $2 WHERE id = $3", {to, now, id});
      break;
    case Action::Return:
      tx.query("UPDATE submissions SET state = $1, last_reason = $2, updated_at = $3 WHERE id = $4",
               {to, in.reason, now, id});
      break;
    case Action::Approve:
      if (d.to == State::Approved)
        tx.query("UPDATE submissions SET state = $1, approved_at = $2, updated_at = $2 WHERE id = $3",
                 {to, now, id});
      else
        tx.query("UPDATE submissions SET state = $1, updated_at = $2 WHERE id = $3", {to, now, id});
      break;
    case Action::Publish:
      tx.query("UPDATE submissions SET state = $1, published_at = $2, updated_at = $2 WHERE id = $3",
               {to, now, id});
      bump = true;
      break;
    case Action::Unpublish:
      tx.query(
          "UPDATE submissions SET state = $1, published_at = NULL, last_reason = $2, updated_at = $3 WHERE "
          "id = $4",
          {to, in.reason, now, id});
      bump = true;
      break;
    case Action::Forward:
      tx.query("UPDATE submissions SET forwarded_at = $1, forwarded_to = $2, updated_at = $1 WHERE id = $3",
               {now, in.forward_to.empty() ? std::string("县民生办") : in.forward_to, id});
      break;
    case Action::Adopt:
      tx.query(
          "INSERT INTO submission_adoptions (submission_id, level, outlet, adopted_on, marked_by, "
          "created_at) "
          "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (submission_id, level) DO UPDATE SET outlet = "
          "excluded.outlet, adopted_on = excluded.adopted_on, marked_by = excluded.marked_by",
          {id, in.adoption->level, in.adoption->outlet, in.adoption->adopted_on, audit.actor.user_id, now});
      tx.query("UPDATE submissions SET updated_at = $1 WHERE id = $2", {now, id});
      bump = before.state == "published";
      break;
    case Action::Edit:
    case Action::Delete:
      return Error::make(ErrorCode::PermissionDenied, "error.permission_denied");
  }
  std::string reason = in.reason;
  if (in.action == Action::Forward) reason = in.forward_to.empty() ? "县民生办" : in.forward_to;
  if (in.action == Action::Adopt)
    reason = std::string(level_label(in.adoption->level)) + "：" + in.adoption->outlet + "（" +
             in.adoption->adopted_on + "）";
  tx.query(
      "INSERT INTO submission_events (submission_id, action, from_state, to_state, reason, user_id, at) "
      "VALUES "
      "($1, $2, $3, $4, $5, $6, $7)",
      {id, std::string(action_code(in.action)), before.state, to, reason, audit.actor.user_id, now});
  if (bump) platform::bump_content_version(tx);
  auto after = load_submission(tx.conn(), id);

  // Who hears of it (contract "Every transition").
  const std::string link = "/submissions/" + std::to_string(id);
  const std::string kind = "submission." + std::string(action_code(in.action));
  const std::string t = quoted(before.title);
  auto& conn = tx.conn();
  switch (in.action) {
    case Action::Submit:
      notify(tx, audit, town_role_users(conn, before.town_id, "office"), kind,
             before.org_unit_name + "报送了" + std::string(kind_label(before.kind)) + t, "", link);
      break;
    case Action::Approve:
      if (d.to == State::Reviewed)
        notify(tx, audit, town_role_users(conn, before.town_id, "leader"), kind, "待复审：" + t, "", link);
      else
        notify(tx, audit, unit_users(conn, before.org_unit_id), kind, "已审核通过：" + t, "", link);
      break;
    case Action::Return:
      notify(tx, audit, unit_users(conn, before.org_unit_id), kind, "已退回：" + t, in.reason, link);
      break;
    case Action::Publish:
      notify(tx, audit, unit_users(conn, before.org_unit_id), kind, "已发布：" + t, "", link);
      break;
    case Action::Unpublish:
      notify(tx, audit, unit_users(conn, before.org_unit_id), kind, "已撤下：" + t, in.reason, link);
      break;
    case Action::Forward:
      notify(tx, audit, county_users(conn, before.town_id), kind, "镇民生办上报：" + t, "", link);
      break;
    case Action::Adopt:
      notify(tx, audit, unit_users(conn, before.org_unit_id), kind,
             std::string(level_label(in.adoption->level)) + "采用：" + t, in.adoption->outlet, link);
      break;
    case Action::Withdraw:
    case Action::Edit:
    case Action::Delete:
      break;
  }
  audit.write(tx, platform::AuditEntry{.action = kind,
                                       .entity = "submission",
                                       .entity_id = std::to_string(id),
                                       .org_unit_id = before.org_unit_id,
                                       .reason = reason.substr(0, 500),
                                       .before_json = audit_json(before),
                                       .after_json = audit_json(*after)});
  return *after;
}

// ---- settings and rules ----

Status save_settings(db::Tx& tx, const platform::Auditor& audit, std::int64_t town_id,
                     const TownSettings& st) {
  const TownSettings before = load_settings(tx.conn(), town_id);
  std::string words;
  for (const auto& w : st.banned_words)
    words += w + "\n";
  const std::string now = iso_utc(audit.now);
  tx.query(
      "INSERT INTO submission_settings (town_id, second_level, pair_distance_m, reminder_days, banned_words, "
      "updated_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (town_id) DO UPDATE SET second_level = "
      "excluded.second_level, pair_distance_m = excluded.pair_distance_m, reminder_days = "
      "excluded.reminder_days, banned_words = excluded.banned_words, updated_at = excluded.updated_at",
      {town_id, st.second_level, st.pair_distance_m, st.reminder_days, words, now});
  audit.write(tx, platform::AuditEntry{.action = "submission.settings_update",
                                       .entity = "submission_settings",
                                       .entity_id = std::to_string(town_id),
                                       .org_unit_id = town_id,
                                       .before_json = boost::json::serialize(settings_json(before)),
                                       .after_json = boost::json::serialize(settings_json(st))});
  return {};
}

std::vector<QuotaRule> rules_for(db::Connection& conn, std::int64_t town_id, int year, bool* is_default) {
  std::vector<QuotaRule> out;
  for (const auto& r : conn.query("SELECT id, kind, units, unit_ids, count, period, due_day, counts FROM "
                                  "quota_rules WHERE town_id = $1 AND year = $2 ORDER BY id",
                                  {town_id, year})
                           .rows) {
    QuotaRule q;
    q.id = r.int64("id");
    q.kind = r.text("kind");
    q.units = r.text("units");
    q.unit_ids = parse_ids(r.text("unit_ids"));
    q.count = static_cast<int>(r.int64("count"));
    q.period = r.text("period");
    q.due_day = r.text("due_day");
    q.counts = r.text("counts");
    out.push_back(std::move(q));
  }
  if (is_default) *is_default = out.empty();
  if (out.empty()) out = default_rules();
  return out;
}

Status replace_rules(db::Tx& tx, const platform::Auditor& audit, std::int64_t town_id, int year,
                     const std::vector<QuotaRule>& rules) {
  std::vector<FieldError> errors;
  std::set<std::int64_t> town_units;
  for (const auto& r : tx.query("SELECT id FROM org_units WHERE town_id = $1", {town_id}).rows)
    town_units.insert(r.int64("id"));
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const auto& q = rules[i];
    const std::string base = "rules[" + std::to_string(i) + "]";
    if (q.units == "list" && q.unit_ids.empty())
      errors.push_back({base + ".unitIds", messages::for_field("quota.list_needs_units", "unitIds")});
    for (auto u : q.unit_ids)
      if (!town_units.contains(u)) {
        errors.push_back({base + ".unitIds", messages::for_field("quota.unit_not_in_town", "unitIds")});
        break;
      }
    if (!valid_due_day(q.period, q.due_day))
      errors.push_back({base + ".dueDay", messages::for_field("quota.bad_due_day", "dueDay")});
  }
  if (!errors.empty()) return Error{ErrorCode::InvalidArgument, "error.invalid_field", std::move(errors)};
  bool was_default = false;
  const auto before = rules_for(tx.conn(), town_id, year, &was_default);
  tx.query("DELETE FROM quota_rules WHERE town_id = $1 AND year = $2", {town_id, year});
  const std::string now = iso_utc(audit.now);
  for (const auto& q : rules) {
    std::string ids;
    for (auto u : q.unit_ids)
      ids += (ids.empty() ? "" : ",") + std::to_string(u);
    if (q.units != "list") ids.clear();
    tx.query(
        "INSERT INTO quota_rules (town_id, year, kind, units, unit_ids, count, period, due_day, counts, "
        "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        {town_id, year, q.kind, q.units, ids, q.count, q.period, q.due_day, q.counts, now});
  }
  const auto after = rules_for(tx.conn(), town_id, year, nullptr);
  audit.write(
      tx, platform::AuditEntry{.action = "quota.rules_update",
                               .entity = "quota_rules",
                               .entity_id = std::to_string(year),
                               .org_unit_id = town_id,
                               .before_json = boost::json::serialize(rules_json(year, was_default, before)),
                               .after_json = boost::json::serialize(rules_json(year, false, after))});
  return {};
}

std::optional<std::int64_t> office_unit(db::Connection& conn, std::int64_t town_id) {
  auto r = conn.query(
      "SELECT id FROM org_units WHERE town_id = $1 AND kind = 'department' AND name = '镇民生办' ORDER BY id "
      "LIMIT 1",
      {town_id});
  if (!r.empty()) return r.first().int64("id");
  auto u = conn.query(
      "SELECT u.org_unit_id FROM users u JOIN org_units o ON o.id = u.org_unit_id WHERE o.town_id = $1 AND "
      "u.role = 'office' ORDER BY u.id LIMIT 1",
      {town_id});
  if (!u.empty()) return u.first().int64("org_unit_id");
  return std::nullopt;
}

std::vector<LedgerRow> town_ledger(db::Connection& conn, std::int64_t town_id, const Period& period,
                                   std::string_view today) {
  bool is_default = false;
  const auto rules = rules_for(conn, town_id, period.year, &is_default);
  std::map<std::int64_t, LedgerUnit> units;
  // Every unit of the town (org_units.created_at is when the record was entered, not when the unit was set
  // up, so it does not limit what a unit owes).
  for (const auto& r :
       conn.query("SELECT id, name FROM org_units WHERE town_id = $1 AND kind <> 'town' ORDER "
                  "BY sort_order, id",
                  {town_id})
           .rows)
    units[r.int64("id")] = LedgerUnit{r.int64("id"), r.text("name"), false, false, false, std::nullopt};
  for (const auto& r :
       conn.query("SELECT DISTINCT lead_unit_id, category FROM projects WHERE town_id = $1 AND "
                  "year = $2",
                  {town_id, period.year})
           .rows) {
    auto it = units.find(r.int64("lead_unit_id"));
    if (it == units.end()) continue;
    it->second.lead_department = true;
    if (r.text("category") == "engineering") it->second.engineering_department = true;
  }
  if (auto office = office_unit(conn, town_id))
    if (auto it = units.find(*office); it != units.end()) it->second.office = true;
  std::vector<LedgerUnit> unit_list;
  for (auto& [id, u] : units)
    unit_list.push_back(std::move(u));
  std::vector<LedgerItem> items;
  for (const auto& r :
       conn.query("SELECT s.org_unit_id, s.kind, s.state, s.first_submitted_at, s.approved_at, "
                  "s.published_at, (SELECT COUNT(*) FROM submission_adoptions a WHERE "
                  "a.submission_id = s.id) AS adoptions FROM submissions s WHERE s.town_id = $1 "
                  "AND s.state <> 'draft' AND s.first_submitted_at IS NOT NULL",
                  {town_id})
           .rows) {
    LedgerItem it;
    it.unit_id = r.int64("org_unit_id");
    it.kind = r.text("kind");
    it.submitted_on = shanghai_day(r.opt_text("first_submitted_at"));
    const std::string state = r.text("state");
    if (state == "approved" || state == "published") it.approved_on = shanghai_day(r.opt_text("approved_at"));
    if (state == "published") it.published_on = shanghai_day(r.opt_text("published_at"));
    it.adoptions = static_cast<int>(r.int64("adoptions"));
    items.push_back(std::move(it));
  }
  return ledger(rules, unit_list, items, period, today);
}

// ---- notifications ----

NotificationPage list_notifications(db::Connection& conn, std::int64_t user_id, bool unread_only,
                                    std::int64_t page_num, std::int64_t page_size) {
  NotificationPage page;
  const std::string where = unread_only ? " WHERE user_id = $1 AND read_at IS NULL" : " WHERE user_id = $1";
  page.total = conn.query("SELECT COUNT(*) AS n FROM notifications" + where, {user_id}).first().int64("n");
  page.unread =
      conn.query("SELECT COUNT(*) AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL", {user_id})
          .first()
          .int64("n");
  for (const auto& r :
       // Newest first by time (fixed-width UTC text, so text order is time order): ids need not follow it
       // (rows written with a back-dated or reset clock); the id settles ties so pages never overlap.
       conn.query("SELECT id, kind, title, body, link, created_at, read_at FROM notifications" + where +
                      " ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3",
                  {user_id, page_size, (page_num - 1) * page_size})
           .rows)
    page.rows.push_back(Notification{r.int64("id"), r.text("kind"), r.text("title"), r.text("body"),
                                     r.text("link"), r.text("created_at"), r.opt_text("read_at")});
  return page;
}

namespace {

struct Reminder {
  std::string key, title, body;
};

// The user's unit's reminders that are due and not yet sent (a read: no write lock for the common case).
std::vector<Reminder> reminders_due(db::Connection& conn, const Principal& user, TimePoint now) {
  using platform::Role;
  std::vector<Reminder> out;
  if (user.role != Role::Dept && user.role != Role::Village && user.role != Role::Office) return out;
  auto town = town_of_unit(conn, user.org_unit_id);
  if (!town) return out;
  const std::string today = shanghai_date(now);
  auto period = parse_period(today.substr(0, 4));
  if (!period) return out;
  const TownSettings st = load_settings(conn, *town);
  for (const auto& row : town_ledger(conn, *town, *period, today)) {
    if (row.unit_id != user.org_unit_id || row.missing <= 0 || row.days_left < 0 ||
        row.days_left > st.reminder_days)
      continue;
    Reminder r;
    r.key = fmt::format("quota:{}:{}:{}", row.unit_id, row.kind, row.period);
    if (!conn.query("SELECT id FROM notifications WHERE user_id = $1 AND dedupe_key = $2",
                    {user.user_id, r.key})
             .empty())
      continue;
    r.title = fmt::format("{}：{}须报送{}{}篇，还差{}篇，{}截止", row.unit_name, row.period,
                          kind_label(row.kind), row.owed, row.missing, row.due_date);
    r.body = row.days_left == 0 ? "今天截止" : fmt::format("还剩 {} 天", row.days_left);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

bool quota_reminders_pending(db::Connection& conn, const Principal& user, TimePoint now) {
  return !reminders_due(conn, user, now).empty();
}

int add_quota_reminders(db::Tx& tx, const Principal& user, TimePoint now) {
  int added = 0;
  const std::string created = iso_utc(now);
  for (const auto& r : reminders_due(tx.conn(), user, now)) {
    auto res = tx.query(
        "INSERT INTO notifications (user_id, kind, title, body, link, created_at, dedupe_key) VALUES ($1, "
        "'quota.reminder', $2, $3, '/submissions', $4, $5) ON CONFLICT (user_id, dedupe_key) DO NOTHING",
        {user.user_id, r.title, r.body, created, r.key});
    added += static_cast<int>(res.affected);
  }
  return added;
}

}  // namespace minsheng::submissions
