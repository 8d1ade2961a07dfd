#pragma once

#include <atomic>
#include <chrono>
#include <string>

#include "api/access_control.h"
#include "api/http_message.h"
#include "api/router.h"
#include "common/clock.h"
#include "store/store.h"

namespace wsapp::api {

// The request handler of the server: routes a request, applies the checks that come before any
// handler (405 with Allow, query decoding, D26 media type, JSON parsing), runs the handler,
// maps errors to the wire, and stamps X-Request-Id and the access log line. Thread-safe once the
// routes are added.
class Dispatcher {
 public:
  // `store` answers /readyz (whether the database answers now) and /metrics (its counters).
  Dispatcher(AccessControl& access, const Clock& clock, store::Store& store);

  Router& router() { return router_; }

  HttpResponse Handle(const HttpRequest& request);

  // The reply to a request that the HTTP layer refused before it could be handled (413, 431,
  // 400 for bad framing, 408): TransportErrorResponse with its own X-Request-Id and an access
  // log line, like every other reply.
  HttpResponse Reject(int status, const std::string& message);

 private:
  // Stamps X-Request-Id on the reply and writes the access log line.
  void Finish(const HttpRequest& request, const std::string& request_id,
              const std::string& route_name, const std::string& principal_id,
              std::chrono::steady_clock::time_point started, HttpResponse& response);
  HttpResponse Route(const HttpRequest& request, const std::string& request_id,
                     std::string* route_name, std::string* principal_id);
  HttpResponse RunHandler(const HttpRequest& request, const struct Route& route,
                          const RouteMatch& match, std::string_view raw_query,
                          const std::string& request_id, std::string* principal_id);

  AccessControl& access_;
  const Clock& clock_;
  store::Store& store_;
  Router router_;
};

// D26: true for a missing Content-Type and for application/json with any parameters, in any
// case.
bool IsJsonMediaType(const std::string* content_type);

}  // namespace wsapp::api
