#include "api/api_call.h"

#include "domain/audit.h"
#include "service/refusal_recorder.h"

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
  Result<iam::Principal> principal = access_.Authenticate(request_);
  if (!principal.ok()) {
    // The resources are not built for an anonymous caller: some builders read the store in
    // the caller's account, and a refused stranger should cost no more than the refusal.
    RecordRefusal(principal.error(), route_.action, {});
    return principal.error();
  }
  principal_ = std::move(principal).value();
  has_principal_ = true;
  if (route_.scope == RouteScope::kSelf) {
    is_authorized_ = true;
    return OkStatus();
  }
  const std::string& project_id = Param("project_id");
  if (route_.scope == RouteScope::kProject) {
    Status in_scope = access_.CheckProjectScope(principal_, project_id, route_.action);
    if (!in_scope.ok()) {
      RecordRefusal(in_scope.error(), route_.action, route_.resources(*this));
      return in_scope;
    }
  }
  std::vector<ResourceRef> resources = route_.resources(*this);
  Status allowed =
      access_.Authorize(principal_, route_.action, resources, project_id, request_.remote_ip);
  if (!allowed.ok()) {
    RecordRefusal(allowed.error(), route_.action, resources);
    return allowed;
  }
  is_authorized_ = true;
  return OkStatus();
}

Status ApiCall::AuthorizeAction(const std::string& action,
                                const std::vector<ResourceRef>& resources) {
  if (!has_principal_) {
    return InternalError("AuthorizeAction before Authorize");
  }
  Status allowed =
      access_.Authorize(principal_, action, resources, Param("project_id"), request_.remote_ip);
  if (!allowed.ok()) {
    RecordRefusal(allowed.error(), action, resources);
  }
  return allowed;
}

void ApiCall::RecordRefusal(const Error& error, const std::string& action,
                            const std::vector<ResourceRef>& resources) const {
  service::RefusalRecorder* recorder = access_.refusals();
  const bool is_unauthenticated = error.code == ErrorCode::kUnauthenticated;
  if (recorder == nullptr || (!is_unauthenticated && error.code != ErrorCode::kPermissionDenied)) {
    return;
  }
  nlohmann::json refs = nlohmann::json::array();
  for (const ResourceRef& resource : resources) {
    refs.push_back({{"type", resource.type}, {"id", resource.id}});
  }
  domain::AuditRecord record;
  record.at_millis = now_millis_;
  record.request_id = request_id_;
  record.project_id = Param("project_id");
  record.action = action;
  record.outcome = is_unauthenticated ? domain::kAuditUnauthenticated : domain::kAuditDenied;
  // Without a principal the store files the record under the path's project's account.
  if (has_principal_) {
    record.account_id = principal_.account_id;
    record.principal_id = principal_.user_id;
    record.principal_name = principal_.user_name;
  }
  nlohmann::json detail = {
      {"route", route_.operation}, {"reason", error.message}, {"resources", std::move(refs)}};
  // Paths and reasons may echo client bytes; replace, not throw, on invalid UTF-8.
  record.detail_json = detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  recorder->Record(std::move(record),
                   has_principal_ ? principal_.user_id : "ip:" + request_.remote_ip);
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
  return JsonTextResponse(status,
                          body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

HttpResponse JsonTextResponse(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.SetHeader("Content-Type", "application/json");
  return response;
}

}  // namespace wsapp::api
