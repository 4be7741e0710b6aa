#pragma once
// Wiring: opens the database (running migrations), loads keys, builds the services and the dispatcher over
// the module registry. The same object serves `minsheng serve` and the integration tests.
#include <memory>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "db/db.hpp"
#include "http/server.hpp"
#include "platform/router.hpp"
#include "platform/services.hpp"

namespace minsheng::app {

// The module registry: every route of every module, in one explicit list.
platform::RouteTable all_routes();

class App {
 public:
  // Opens `cfg.db`, migrates it, loads (or, with `create_keys`, creates) the key file. Errors are Chinese.
  static Result<std::unique_ptr<App>> open(Config cfg, const Clock& clock, bool create_keys);

  db::Pool& pool() { return *pool_; }
  platform::Services& services() { return *services_; }
  platform::Dispatcher& dispatcher() { return *dispatcher_; }
  http::Response handle(http::Request& req) { return dispatcher_->handle(req); }
  http::ServerOptions server_options() const;

 private:
  App() = default;
  std::unique_ptr<db::Pool> pool_;
  std::unique_ptr<platform::Services> services_;
  std::unique_ptr<platform::Dispatcher> dispatcher_;
};

// The actor recorded in the audit log for command-line work ("cli" from "local").
platform::Auditor cli_auditor(const platform::Services& s, const std::string& command);

}  // namespace minsheng::app
