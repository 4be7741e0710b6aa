#include "app/app.hpp"

#include "core/progress.hpp"
#include "db/migrations.hpp"
#include "http/static_files.hpp"
#include "modules/circulars/routes.hpp"
#include "modules/files/routes.hpp"
#include "modules/portal/portal.hpp"
#include "modules/projects/routes.hpp"
#include "modules/signage/routes.hpp"
#include "modules/signage/service.hpp"
#include "modules/submissions/routes.hpp"
#include "platform/platform_routes.hpp"

namespace minsheng::app {

platform::RouteTable all_routes() {
  platform::RouteTable routes = platform::platform_routes();
  // Modules add their tables here, in this order, as they are built (projects, submissions, ...).
  std::ranges::move(files::file_routes(), std::back_inserter(routes));
  std::ranges::move(projects::project_routes(), std::back_inserter(routes));
  std::ranges::move(submissions::submission_routes(), std::back_inserter(routes));
  std::ranges::move(circulars::circular_routes(), std::back_inserter(routes));
  std::ranges::move(signage::signage_routes(), std::back_inserter(routes));
  std::ranges::move(portal::portal_routes(), std::back_inserter(routes));
  return routes;
}

Result<std::unique_ptr<App>> App::open(Config cfg, const Clock& clock, bool create_keys) {
  std::unique_ptr<App> app(new App());
  // Other modules' parts of the annual scorecard (circulars' provider hook).
  signage::register_scorecard_provider();
  try {
    app->pool_ = db::Pool::open(cfg.db, db::PoolOptions{.size = static_cast<std::size_t>(cfg.db_pool_size)});
    Progress bar("数据库迁移");
    db::migrate(*app->pool_, [&](int done, int total) { bar.update(done, total); });
  } catch (const db::DbError& e) {
    return Error::field(ErrorCode::Unavailable, "db",
                        std::string("无法打开数据库 ") + cfg.db + "：" + e.what());
  }
  auto keys = platform::load_keys(cfg.key_file, create_keys);
  if (!keys) return keys.take_error();
  app->services_ = std::make_unique<platform::Services>(cfg, clock, *app->pool_, std::move(keys.value()));
  auto* pool = app->pool_.get();
  app->services_->metrics.add_gauge("minsheng_db_pool_in_use", "Database connections in use",
                                    [pool] { return static_cast<double>(pool->stats().in_use); });
  app->services_->metrics.add_gauge("minsheng_db_pool_open", "Database connections open",
                                    [pool] { return static_cast<double>(pool->stats().size); });
  auto static_files = std::make_shared<http::StaticFiles>(cfg.static_dir, "/static/");
  app->dispatcher_ =
      std::make_unique<platform::Dispatcher>(*app->services_, all_routes(), std::move(static_files));
  // The back office (web/admin, a Vue app): unknown paths under /admin/ answer its index.html.
  auto admin_files = std::make_shared<http::StaticFiles>(cfg.admin_dir, "/admin/");
  app->dispatcher_->add_static({.files = admin_files, .prefix = "/admin/", .fallback = "index.html"});
  return app;
}

http::ServerOptions App::server_options() const {
  const Config& c = services_->config;
  http::ServerOptions o;
  auto listen = split_listen(c.listen);
  if (listen) {
    o.host = listen->first;
    o.port = listen->second;
  }
  o.io_threads = c.io_threads;
  o.worker_threads = c.worker_threads;
  o.trusted_proxies = c.security.trusted_proxies;
  o.access_log = c.access_log;
  o.default_headers = http::default_security_headers();
  // Behind TLS (secure cookies), browsers are told to keep using HTTPS.
  if (c.security.secure_cookies)
    o.default_headers.emplace_back("strict-transport-security", "max-age=31536000");
  o.metrics = &services_->metrics;
  o.clock = &services_->clock;
  return o;
}

platform::Auditor cli_auditor(const platform::Services& s, const std::string& command) {
  platform::AuditActor actor;
  actor.username = "cli";
  actor.role = "cli";
  actor.ip = "local";
  actor.request_id = command;
  return platform::Auditor{s.keys.audit, actor, s.clock.now()};
}

}  // namespace minsheng::app
