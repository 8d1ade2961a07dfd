// CreateAppGroup, ListAppGroup and ShowAppGroupDetail.
#include "api/api_call.h"
#include "api/handlers.h"
#include "api/json_body.h"
#include "api/wire_models.h"
#include "domain/validation.h"

namespace wsapp::api {
namespace {

const std::vector<std::string> kAuthorizationTypes = {"APP_GROUP", "APP"};
const std::vector<std::string> kAppTypes = {"COMMON_APP", "SESSION_DESKTOP_APP"};

Result<service::NewAppGroup> ParseCreateAppGroup(const nlohmann::json& body) {
  JsonFields fields(body);
  service::NewAppGroup request;
  WSAPP_ASSIGN_OR_RETURN(request.name, fields.RequiredString("name", 1, 64));
  WSAPP_RETURN_IF_ERROR(domain::ValidateAppGroupName("name", request.name));
  WSAPP_ASSIGN_OR_RETURN(request.app_server_group_id,
                         fields.OptionalString("app_server_group_id", 0, 128));
  WSAPP_ASSIGN_OR_RETURN(request.description, fields.OptionalString("description", 0, 255));
  WSAPP_ASSIGN_OR_RETURN(
      request.authorization_type,
      fields.OptionalEnum("authorization_type", kAuthorizationTypes, "APP_GROUP"));
  WSAPP_ASSIGN_OR_RETURN(request.app_type,
                         fields.OptionalEnum("app_type", kAppTypes, "COMMON_APP"));
  return request;
}

Result<HttpResponse> CreateAppGroup(service::AppGroupService& groups, ApiCall& call) {
  WSAPP_ASSIGN_OR_RETURN(service::NewAppGroup request, ParseCreateAppGroup(call.body()));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(domain::AppGroup group, groups.Create(call.Context(), request));
  return JsonResponse(200, AppGroupToJson(group));
}

Result<HttpResponse> ListAppGroups(service::AppGroupService& groups, ApiCall& call) {
  const QueryParams& query = call.query();
  WSAPP_ASSIGN_OR_RETURN(domain::PageRequest page, query.Page());
  domain::AppGroupFilter filter;
  WSAPP_ASSIGN_OR_RETURN(filter.app_server_group_id, query.String("app_server_group_id", 128));
  WSAPP_ASSIGN_OR_RETURN(filter.app_group_id, query.String("app_group_id", 128));
  WSAPP_ASSIGN_OR_RETURN(filter.name_contains, query.String("name", 1024));
  WSAPP_ASSIGN_OR_RETURN(filter.authorization_type,
                         query.Enum("authorization_type", {"APP", "APP_GROUP"}));
  WSAPP_ASSIGN_OR_RETURN(filter.app_type,
                         query.Enum("app_type", {"SESSION_DESKTOP_APP", "COMMON_APP"}));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(auto result, groups.List(call.Context(), filter, page));
  nlohmann::json items = nlohmann::json::array();
  for (const domain::AppGroup& group : result.items) {
    items.push_back(AppGroupToJson(group));
  }
  return JsonResponse(200, {{"count", result.count}, {"items", std::move(items)}});
}

Result<HttpResponse> ShowAppGroup(service::AppGroupService& groups, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(domain::ValidateLength("app_group_id", call.Param("app_group_id"), 1, 128));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(domain::AppGroup group,
                         groups.Show(call.Context(), call.Param("app_group_id")));
  return JsonResponse(200, AppGroupToJson(group, /*with_detail=*/true));
}

std::vector<ResourceRef> AllAppGroups(const ApiCall&) { return {{"appGroup", "*"}}; }

std::vector<ResourceRef> PathAppGroup(const ApiCall& call) {
  return {{"appGroup", call.Param("app_group_id")}};
}

}  // namespace

Status AddAppGroupRoutes(Router& router, const Services& services) {
  service::AppGroupService& groups = *services.app_groups;
  const std::string base = "/v1/{project_id}/app-groups";
  WSAPP_RETURN_IF_ERROR(router.Add({
      .operation = "CreateAppGroup",
      .method = "POST",
      .pattern = base,
      .action = "workspace:appGroup:create",
      .resources = AllAppGroups,
      .handler = [&groups](ApiCall& call) { return CreateAppGroup(groups, call); },
      .body = BodyKind::kJson,
  }));
  WSAPP_RETURN_IF_ERROR(router.Add({
      .operation = "ListAppGroup",
      .method = "GET",
      .pattern = base,
      .action = "workspace:appGroup:list",
      .resources = AllAppGroups,
      .handler = [&groups](ApiCall& call) { return ListAppGroups(groups, call); },
  }));
  return router.Add({
      .operation = "ShowAppGroupDetail",
      .method = "GET",
      .pattern = base + "/{app_group_id}",
      .action = "workspace:appGroup:get",
      .resources = PathAppGroup,
      .handler = [&groups](ApiCall& call) { return ShowAppGroup(groups, call); },
  });
}

}  // namespace wsapp::api
