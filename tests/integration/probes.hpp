#pragma once
// How to call each route of app::all_routes() in the generated tests (authorization matrix, CSRF, audit, bad
// input): path ids for an in-scope and an out-of-scope target, and a valid JSON body. A route without a probe
// fails the tests that iterate the route table.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "support/test_server.hpp"

namespace minsheng::testing {

enum class TargetKind { None, User, Unit };

// List, search, export and statistic routes (SECURITY.md T4: scope-check every list): where a record a
// `filtered` answer shows belongs, and what the caller's scope lets through.
enum class ListScope {
  Subtree,  // one of the record's paths lies under the caller's anchor (own unit, town, county)
  Town,     // ... or is the caller's own town: every business role reads its town's catalogue and signage
  User,     // the caller's own records (notifications); the record's path is "/user/<user id>/"
};

struct ListCheck {
  ListScope scope = ListScope::Subtree;
  // The records one answer shows, as text keys (ids, project codes, titles, unit names, years): a JSON page,
  // an XLSX or a ZIP.
  std::function<std::vector<std::string>(const HttpResponse&)> keys;
  // The paths of a record, by key ($1, text): "SELECT ... AS path ...". A key with no path fails the test.
  std::string path_sql;
  bool paged = false;  // {rows, total} read page by page (&pageNum=2, 3, ...) up to total
};

// Key readers for ListCheck::keys.
// The field of every element of the JSON array `array` (integers and strings).
std::function<std::vector<std::string>(const HttpResponse&)> json_keys(std::string field,
                                                                       std::string array = "rows");
// Every element of the JSON array `array` (e.g. the years of the catalogue).
std::function<std::vector<std::string>(const HttpResponse&)> json_values(std::string array);
// The ids of a nested unit tree ({rows: [{id, children: [...]}]}).
std::function<std::vector<std::string>(const HttpResponse&)> tree_keys();
// The cells under the header `header` in every sheet of an XLSX answer.
std::function<std::vector<std::string>(const HttpResponse&)> xlsx_keys(std::string header);
// The ZIP entry names of the answer, cut at the first space ("<project code> 标牌.svg").
std::function<std::vector<std::string>(const HttpResponse&)> zip_keys();

// Records the list seed wrote for a route, each with a witness: a seed user (Seed::users key, or one of
// `witnesses`) who reads the same route with the same query and must see it. The witness proves the record
// would be shown if the list were not scoped, so a principal who does not see it is kept from it by scope.
struct ListSeed {
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> records;  // route -> (key, witness)
  std::map<std::string, std::string> witnesses;  // extra witness accounts: name -> username
  void add(const std::string& route, const std::string& key, const std::string& witness) {
    records[route].emplace_back(key, witness);
  }
};
// Each module's list seed, in its probes file: records in two towns of one county and a town of another
// county, in two villages and two departments, so that every list has in-scope and out-of-scope records for
// every principal. list_seeders() runs them all (the authorization matrix only).
void seed_platform_lists(TestServer& s, ListSeed& seed);
void seed_project_lists(TestServer& s, ListSeed& seed);
void seed_submission_lists(TestServer& s, ListSeed& seed);
void seed_circular_lists(TestServer& s, ListSeed& seed);
void seed_signage_lists(TestServer& s, ListSeed& seed);
const std::vector<void (*)(TestServer&, ListSeed&)>& list_seeders();

// One field of a probe's body, for the bad-input tests.
struct FieldSpec {
  std::string name;
  enum Type { String, Integer } type;
  bool required;
};

// The state a probe call needs: the server and who is calling.
struct ProbeCtx {
  TestServer& server;
  std::string principal;
  std::map<std::string, std::string>& passwords;  // principal -> current password
  int& counter;                                   // for unique names
};

struct Probe {
  TargetKind target = TargetKind::None;
  bool fresh_target = false;      // a mutation: a disposable target is made per call
  std::optional<ListCheck> list;  // a list route: how `filtered` answers are checked
  std::string query;              // appended to the path
  // The route reads one town's records, the caller's own by default, another by ?townId=: the out-of-scope
  // call names a town outside the caller's scope (邻镇; 远镇 for the county), which must be hidden (404).
  bool town_param = false;
  // The JSON body for a call on `target_id` (0 when the route has no target); nullopt: no body.
  std::function<std::optional<boost::json::value>(ProbeCtx&, bool in_scope, std::int64_t target_id)> body;
  std::vector<FieldSpec> fields;  // the body's fields
  // A non-JSON body (e.g. multipart/form-data) with its content type; when set it replaces `body`, and the
  // JSON bad-input tests skip the route (its module tests its own bad input).
  struct RawBody {
    std::string content_type;
    std::string bytes;
  };
  std::function<std::optional<RawBody>(ProbeCtx&, bool in_scope, std::int64_t target_id)> raw_body;
  // Makes the target (an in-scope or out-of-scope record of the module) instead of `target`.
  std::function<std::int64_t(ProbeCtx&, bool in_scope)> make;
};

std::string route_key(const std::string& method, const std::string& pattern);
const std::map<std::string, Probe>& probes();
// Each module's probes, in tests/integration/probes_<module>.cpp.
void add_file_probes(std::map<std::string, Probe>& m);
void add_portal_probes(std::map<std::string, Probe>& m);
void add_project_probes(std::map<std::string, Probe>& m);
void add_submission_probes(std::map<std::string, Probe>& m);
void add_circular_probes(std::map<std::string, Probe>& m);
void add_signage_probes(std::map<std::string, Probe>& m);
// A submission row of the seed unit `unit_key` in `state` (workflow timestamps set accordingly), written
// straight into the database (tests/integration/probes_submissions.cpp); returns its id.
std::int64_t insert_test_submission(TestServer& s, const std::string& unit_key, const std::string& state,
                                    const std::string& kind = "news", bool forwarded = false,
                                    const std::string& title = "测试信息");

// A circular of the seed town `town_key` listing the seed units `unit_keys` (a draft, or issued with a stored
// HTML file and its circular_units rows), written straight into the database
// (tests/integration/probes_circulars.cpp); returns its id.
std::int64_t insert_test_circular(TestServer& s, const std::string& town_key,
                                  const std::vector<std::string>& unit_keys, bool issued,
                                  const std::string& period);
// {"rules": the default score rules with kinds[0].met varied by `variant`}.
boost::json::object test_rules_body(int variant);

// Signage records written straight into the database (tests/integration/probes_signage.cpp): a sign of the
// project (with a stored photo as evidence when `evidenced`), a service window of the seed unit `unit_key`
// listing `projects`, and a print run (kind sign, 1000 copies) of the project by the seed unit `unit_key`.
std::int64_t insert_test_sign(TestServer& s, std::int64_t project, bool evidenced);
std::int64_t insert_test_window(TestServer& s, const std::string& town_key, const std::string& unit_key,
                                const std::vector<std::int64_t>& projects);
std::int64_t insert_test_print_run(TestServer& s, std::int64_t project, const std::string& unit_key);

// The unit a principal's in-scope / out-of-scope targets hang from.
std::string in_unit_key(const std::string& principal);
std::string out_unit_key(const std::string& principal);
// The principal's anchor path ("" for all-scope principals).
std::string anchor_path(const TestServer& s, const std::string& principal);

// Resolves the target id for a call: an existing record, or a fresh disposable one.
std::int64_t make_target(ProbeCtx& ctx, const Probe& p, bool in_scope);
// The path with {id} replaced (and {version}, of leaflet versions, by 1).
std::string fill_path(const std::string& pattern, std::int64_t id);

}  // namespace minsheng::testing
