#include "api/api_call.h"

namespace wsapp::api {

ApiCall::ApiCall(const HttpRequest& request, const Route& route,
                 std::map<std::string, std::string> params, QueryParams query, nlohmann::json body,
                 AccessControl& access, std::string request_id, int64_t now_millis)
    : request_(request),
      route_(route),
      params_(std::move(params)),
      query_(std::move(query)),
      body_(std::move(body)),
      access_(access),
      request_id_(std::move(request_id)),
      now_millis_(now_millis) {}

const std::string& ApiCall::Param(const std::string& name) const {
  static const std::string kEmpty;
  auto it = params_.find(name);
  return it == params_.end() ? kEmpty : it->second;
}

Status ApiCall::Authorize() {
  if (route_.scope == RouteScope::kPublic) {
    is_authorized_ = true;
    return OkStatus();
  }
  WSAPP_ASSIGN_OR_RETURN(principal_, access_.Authenticate(request_));
  has_principal_ = true;
  const std::string& project_id = Param("project_id");
  if (route_.scope == RouteScope::kProject) {
    WSAPP_RETURN_IF_ERROR(access_.CheckProjectScope(principal_, project_id));
  }
  WSAPP_RETURN_IF_ERROR(access_.Authorize(principal_, route_.action, route_.resources(*this),
                                          project_id, request_.remote_ip));
  is_authorized_ = true;
  return OkStatus();
}

service::RequestContext ApiCall::Context() const {
  service::RequestContext context;
  context.request_id = request_id_;
  context.actor_id = principal_.user_id;
  context.actor_name = principal_.user_name;
  context.project_id = Param("project_id");
  context.account_id = principal_.account_id;
  context.now_millis = now_millis_;
  return context;
}

HttpResponse JsonResponse(int status, const nlohmann::json& body) {
  HttpResponse response;
  response.status = status;
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  response.SetHeader("Content-Type", "application/json");
  return response;
}

}  // namespace wsapp::api
