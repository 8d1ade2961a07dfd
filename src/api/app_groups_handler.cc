// CreateAppGroup, ListAppGroup, ShowAppGroupDetail, UpdateAppGroup, DeleteAppGroup,
// BatchDeleteAppGroup, CheckAppGroup and DisassociateAppGroup.
#include "api/api_call.h"
#include "api/handlers.h"
#include "api/json_body.h"
#include "api/wire_models.h"
#include "domain/validation.h"

namespace wsapp::api {
namespace {

const std::vector<std::string> kAuthorizationTypes = {"APP_GROUP", "APP"};
const std::vector<std::string> kAppTypes = {"COMMON_APP", "SESSION_DESKTOP_APP"};

constexpr size_t kMaxIdChars = 128;
constexpr size_t kMaxBatchDeleteIds = 20;

// CheckAppGroupResp: validate_rule is an enum with no empty value, and the vendor fills it only
// when the check fails, so a passing name answers {"result": true} alone.
nlohmann::json NameCheckToJson(const service::NameCheck& check) {
  nlohmann::json json = {{"result", check.is_valid}};
  if (!check.is_valid) {
    json["validate_rule"] = check.violated_rule;
  }
  return json;
}

Status ValidateGroupParam(const ApiCall& call) {
  return domain::ValidateLength("app_group_id", call.Param("app_group_id"), 1, kMaxIdChars);
}

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
  WSAPP_RETURN_IF_ERROR(ValidateGroupParam(call));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(domain::AppGroup group,
                         groups.Show(call.Context(), call.Param("app_group_id")));
  return JsonResponse(200, AppGroupToJson(group, /*with_detail=*/true));
}

Result<service::AppGroupChanges> ParseUpdateAppGroup(const nlohmann::json& body) {
  JsonFields fields(body);
  service::AppGroupChanges changes;
  if (fields.Has("name")) {
    WSAPP_ASSIGN_OR_RETURN(changes.name, fields.RequiredString("name", 1, 64));
    WSAPP_RETURN_IF_ERROR(domain::ValidateAppGroupName("name", *changes.name));
  }
  if (fields.Has("app_server_group_id")) {
    WSAPP_ASSIGN_OR_RETURN(changes.app_server_group_id,
                           fields.RequiredString("app_server_group_id", 0, 128));
  }
  if (fields.Has("description")) {
    WSAPP_ASSIGN_OR_RETURN(changes.description, fields.RequiredString("description", 0, 255));
  }
  return changes;
}

Result<HttpResponse> UpdateAppGroup(service::AppGroupService& groups, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidateGroupParam(call));
  WSAPP_ASSIGN_OR_RETURN(service::AppGroupChanges changes, ParseUpdateAppGroup(call.body()));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(domain::AppGroup group,
                         groups.Update(call.Context(), call.Param("app_group_id"), changes));
  return JsonResponse(200, AppGroupToJson(group));
}

Result<HttpResponse> DeleteAppGroup(service::AppGroupService& groups, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidateGroupParam(call));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_RETURN_IF_ERROR(groups.Delete(call.Context(), call.Param("app_group_id")));
  return JsonResponse(200, nlohmann::json::object());
}

Result<std::vector<std::string>> ParseBatchDeleteIds(const nlohmann::json& body) {
  // Duplicates are valid input and count once; maxItems counts entries.
  return JsonFields(body).RequiredStringArray("ids", 1, kMaxBatchDeleteIds, 1, kMaxIdChars);
}

Result<HttpResponse> BatchDeleteAppGroups(service::AppGroupService& groups, ApiCall& call) {
  WSAPP_ASSIGN_OR_RETURN(std::vector<std::string> ids, ParseBatchDeleteIds(call.body()));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_RETURN_IF_ERROR(groups.BatchDelete(call.Context(), ids));
  return JsonResponse(200, nlohmann::json::object());
}

Result<HttpResponse> CheckAppGroup(service::AppGroupService& groups, ApiCall& call) {
  WSAPP_ASSIGN_OR_RETURN(std::string name, JsonFields(call.body()).RequiredString("name", 1, 2048));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(service::NameCheck check, groups.CheckName(call.Context(), name));
  return JsonResponse(200, NameCheckToJson(check));
}

Result<HttpResponse> DisassociateAppGroup(service::AppGroupService& groups, ApiCall& call) {
  WSAPP_ASSIGN_OR_RETURN(std::string server_group_id,
                         call.query().String("server_group_id", kMaxIdChars));
  if (server_group_id.empty()) {
    return InvalidArgument("server_group_id is required (1 to 128 characters)");
  }

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_RETURN_IF_ERROR(groups.Disassociate(call.Context(), server_group_id));
  return JsonResponse(200, nlohmann::json::object());
}

std::vector<ResourceRef> AllAppGroups(const ApiCall&) { return {{"appGroup", "*"}}; }

std::vector<ResourceRef> PathAppGroup(const ApiCall& call) {
  return {{"appGroup", call.Param("app_group_id")}};
}

// Every listed id is evaluated, so one denied id denies the whole batch (D8).
std::vector<ResourceRef> BodyAppGroups(const ApiCall& call) {
  std::vector<ResourceRef> resources;
  auto ids = ParseBatchDeleteIds(call.body());
  if (ids.ok()) {
    for (const std::string& id : *ids) {
      resources.push_back({"appGroup", id});
    }
  }
  return resources;
}

// The routes of issue #3. CheckAppGroup and DisassociateAppGroup support no resource-level
// control (reference section 5.3), so they are evaluated on every group of the account, which
// only a statement with Resource "*" (or the appGroup wildcard) allows.
Status AddAppGroupChangeRoutes(Router& router, service::AppGroupService& groups,
                               const std::string& base) {
  WSAPP_RETURN_IF_ERROR(router.Add({
      .operation = "UpdateAppGroup",
      .method = "PATCH",
      .pattern = base + "/{app_group_id}",
      .action = "workspace:appGroup:update",
      .resources = PathAppGroup,
      .handler = [&groups](ApiCall& call) { return UpdateAppGroup(groups, call); },
      .body = BodyKind::kJson,
  }));
  WSAPP_RETURN_IF_ERROR(router.Add({
      .operation = "DeleteAppGroup",
      .method = "DELETE",
      .pattern = base + "/{app_group_id}",
      .action = "workspace:appGroup:delete",
      .resources = PathAppGroup,
      .handler = [&groups](ApiCall& call) { return DeleteAppGroup(groups, call); },
  }));
  WSAPP_RETURN_IF_ERROR(router.Add({
      .operation = "BatchDeleteAppGroup",
      .method = "POST",
      .pattern = base + "/batch-delete",
      .action = "workspace:appGroup:batchDelete",
      .resources = BodyAppGroups,
      .handler = [&groups](ApiCall& call) { return BatchDeleteAppGroups(groups, call); },
      .body = BodyKind::kJson,
  }));
  WSAPP_RETURN_IF_ERROR(router.Add({
      .operation = "CheckAppGroup",
      .method = "POST",
      .pattern = base + "/rules/validate",
      .action = "workspace:appGroup:check",
      .resources = AllAppGroups,
      .handler = [&groups](ApiCall& call) { return CheckAppGroup(groups, call); },
      .body = BodyKind::kJson,
  }));
  return router.Add({
      .operation = "DisassociateAppGroup",
      .method = "POST",
      .pattern = base + "/actions/disassociate-app-group",
      .action = "workspace:appGroup:disassociate",
      .resources = AllAppGroups,
      .handler = [&groups](ApiCall& call) { return DisassociateAppGroup(groups, call); },
  });
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
  WSAPP_RETURN_IF_ERROR(router.Add({
      .operation = "ShowAppGroupDetail",
      .method = "GET",
      .pattern = base + "/{app_group_id}",
      .action = "workspace:appGroup:get",
      .resources = PathAppGroup,
      .handler = [&groups](ApiCall& call) { return ShowAppGroup(groups, call); },
  }));
  return AddAppGroupChangeRoutes(router, groups, base);
}

}  // namespace wsapp::api
