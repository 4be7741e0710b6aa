#pragma once
// The platform's route tables: each function returns one module's whole URL table, readable in one place.
#include "platform/router.hpp"

namespace minsheng::platform {

RouteTable system_routes();  // /healthz, /metrics
RouteTable auth_routes();    // /api/v1/auth/*
RouteTable user_routes();    // /api/v1/users
RouteTable org_routes();     // /api/v1/org-units
RouteTable audit_routes();   // /api/v1/audit-logs

RouteTable platform_routes();

}  // namespace minsheng::platform
