#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "api/access_control.h"
#include "api/http_message.h"
#include "api/query_params.h"
#include "api/router.h"
#include "iam/principal.h"
#include "service/request_context.h"

namespace wsapp::api {

// One request on its way through a route: its parsed parts, and the caller once authorized.
// Handlers validate first, then call Authorize(), then act (D3). The dispatcher refuses to send
// a success reply from a handler that never called Authorize().
class ApiCall {
 public:
  ApiCall(const HttpRequest& request, const Route& route,
          std::map<std::string, std::string> params, QueryParams query, nlohmann::json body,
          AccessControl& access, std::string request_id, int64_t now_millis);

  const HttpRequest& request() const { return request_; }
  const Route& route() const { return route_; }
  const QueryParams& query() const { return query_; }
  // The request's JSON object; an empty object for routes without a JSON body.
  const nlohmann::json& body() const { return body_; }
  // A decoded path parameter; "" when the route has none of that name.
  const std::string& Param(const std::string& name) const;
  const std::string& request_id() const { return request_id_; }
  int64_t now_millis() const { return now_millis_; }

  // Authenticates the caller, checks the project scope for project routes (D21), and evaluates
  // the route's action on the resources its builder names (D8, D22). Public routes pass.
  // Errors: kUnauthenticated, kPermissionDenied, and the store's.
  Status Authorize();

  // For kSelf routes, after Authorize(): evaluates `action` on `resources` for the caller, as
  // Authorize() does for the route's own action. Errors: kPermissionDenied; the store's.
  Status AuthorizeAction(const std::string& action, const std::vector<ResourceRef>& resources);

  AccessControl& access() const { return access_; }

  bool is_authorized() const { return is_authorized_; }
  bool has_principal() const { return has_principal_; }
  // Requires: has_principal().
  const iam::Principal& principal() const { return principal_; }

  // The service-layer view of this call. Requires: is_authorized().
  service::RequestContext Context() const;

 private:
  // Hands the audit record of a refused call (kUnauthenticated: outcome "unauthenticated";
  // kPermissionDenied: "denied") to the access control's refusal recorder, if it has one.
  // Other errors (the store's) are not refusals and are not recorded.
  void RecordRefusal(const Error& error, const std::string& action,
                     const std::vector<ResourceRef>& resources) const;

  const HttpRequest& request_;
  const Route& route_;
  std::map<std::string, std::string> params_;
  QueryParams query_;
  nlohmann::json body_;
  AccessControl& access_;
  std::string request_id_;
  int64_t now_millis_;
  iam::Principal principal_;
  bool has_principal_ = false;
  bool is_authorized_ = false;
};

// A 200 (or other) reply with a JSON body.
HttpResponse JsonResponse(int status, const nlohmann::json& body);
// The same for a body that is already JSON text.
HttpResponse JsonTextResponse(int status, std::string body);

}  // namespace wsapp::api
