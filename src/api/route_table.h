#pragma once

#include <string>
#include <vector>

#include "api/router.h"
#include "common/result.h"

namespace wsapp::api {

// One row of a resource's route table: the routes of a handler file that all call one service
// and share a scope and an error shape (the IAM administration and Keystone handlers).
template <typename Service>
struct RouteSpec {
  const char* operation;
  const char* method;
  std::string pattern;
  const char* action;
  ResourceBuilder resources;
  Result<HttpResponse> (*handler)(Service&, ApiCall&);
  BodyKind body;
};

// Adds every row of `specs`, each handler bound to `service`. Requires: `service` outlives the
// router. Errors: from Router::Add.
template <typename Service>
Status AddRouteTable(Router& router, Service& service, const std::vector<RouteSpec<Service>>& specs,
                     RouteScope scope, ErrorShape error_shape) {
  for (const RouteSpec<Service>& spec : specs) {
    auto handler = spec.handler;
    WSAPP_RETURN_IF_ERROR(router.Add(
        {.operation = spec.operation,
         .method = spec.method,
         .pattern = spec.pattern,
         .action = spec.action,
         .resources = spec.resources,
         .handler = [&service, handler](ApiCall& call) { return handler(service, call); },
         .scope = scope,
         .body = spec.body,
         .error_shape = error_shape}));
  }
  return OkStatus();
}

}  // namespace wsapp::api
