#pragma once
// How to call each route of app::all_routes() in the generated tests (authorization matrix, CSRF, audit, bad
// input): path ids for an in-scope and an out-of-scope target, and a valid JSON body. A route without a probe
// fails the tests that iterate the route table.
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "support/test_server.hpp"

namespace minsheng::testing {

enum class TargetKind { None, User, Unit };
enum class ListKind { None, Users, Units, UnitTree, Audit };

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
  bool fresh_target = false;  // a mutation: a disposable target is made per call
  ListKind list = ListKind::None;
  std::string query;  // appended to the path
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
