// CreateServerGroup, ListServerGroups, ShowServerGroup, UpdateServerGroup, DeleteServerGroups
// (D30), ShowPublishableApp, and the project's own catalog endpoints under /wsapp/v1.
#include "api/api_call.h"
#include "api/handlers.h"
#include "api/server_group_wire.h"
#include "domain/validation.h"
#include "service/server_group_service.h"

namespace wsapp::api {
namespace {

constexpr size_t kMaxIdChars = 128;

Status ValidateServerGroupParam(const ApiCall& call) {
  return domain::ValidateLength("server_group_id", call.Param("server_group_id"), 1, kMaxIdChars);
}

Result<HttpResponse> CreateServerGroup(service::ServerGroupService& groups, ApiCall& call) {
  WSAPP_ASSIGN_OR_RETURN(domain::ServerGroup draft, ParseCreateServerGroup(call.body()));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(domain::ServerGroup group,
                         groups.Create(call.Context(), std::move(draft)));
  return JsonResponse(200, ServerGroupToJson(group));
}

Result<HttpResponse> ListServerGroups(service::ServerGroupService& groups, ApiCall& call) {
  WSAPP_ASSIGN_OR_RETURN(domain::PageRequest page, call.query().Page());
  WSAPP_ASSIGN_OR_RETURN(domain::ServerGroupFilter filter, ParseServerGroupFilter(call.query()));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(auto result, groups.List(call.Context(), filter, page));
  nlohmann::json items = nlohmann::json::array();
  for (const domain::ServerGroup& group : result.items) {
    items.push_back(ServerGroupToJson(group));
  }
  return JsonResponse(200, {{"count", result.count}, {"items", std::move(items)}});
}

Result<HttpResponse> ShowServerGroup(service::ServerGroupService& groups, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidateServerGroupParam(call));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(service::ServerGroupDetail detail,
                         groups.Show(call.Context(), call.Param("server_group_id")));
  return JsonResponse(200, ServerGroupDetailToJson(detail));
}

Result<HttpResponse> UpdateServerGroup(service::ServerGroupService& groups, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidateServerGroupParam(call));
  WSAPP_ASSIGN_OR_RETURN(service::ServerGroupChanges changes,
                         ParseUpdateServerGroup(call.body()));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_RETURN_IF_ERROR(groups.Update(call.Context(), call.Param("server_group_id"), changes));
  // The vendor's UpdateServerGroupResponse has no members (D1).
  return JsonResponse(200, nlohmann::json::object());
}

Result<HttpResponse> DeleteServerGroup(service::ServerGroupService& groups, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidateServerGroupParam(call));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_RETURN_IF_ERROR(groups.Delete(call.Context(), call.Param("server_group_id")));
  return JsonResponse(200, nlohmann::json::object());
}

Result<HttpResponse> PutCatalog(service::ServerGroupService& groups, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidateServerGroupParam(call));
  WSAPP_ASSIGN_OR_RETURN(domain::ServerGroupCatalog catalog, ParseCatalog(call.body()));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(
      domain::ServerGroupCatalog stored,
      groups.ReplaceCatalog(call.Context(), call.Param("server_group_id"), catalog));
  return JsonResponse(200, CatalogToJson(stored, /*with_publishable=*/false));
}

Result<HttpResponse> GetCatalog(service::ServerGroupService& groups, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidateServerGroupParam(call));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(domain::ServerGroupCatalog catalog,
                         groups.GetCatalog(call.Context(), call.Param("server_group_id")));
  return JsonResponse(200, CatalogToJson(catalog, /*with_publishable=*/false));
}

Result<HttpResponse> ShowPublishableApps(service::ServerGroupService& groups, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(
      domain::ValidateLength("app_group_id", call.Param("app_group_id"), 1, kMaxIdChars));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(domain::ServerGroupCatalog catalog,
                         groups.ListPublishable(call.Context(), call.Param("app_group_id")));
  return JsonResponse(200, CatalogToJson(catalog, /*with_publishable=*/true));
}

std::vector<ResourceRef> AllServerGroups(const ApiCall&) { return {{"serverGroup", "*"}}; }

std::vector<ResourceRef> PathServerGroup(const ApiCall& call) {
  return {{"serverGroup", call.Param("server_group_id")}};
}

std::vector<ResourceRef> PathAppGroup(const ApiCall& call) {
  return {{"appGroup", call.Param("app_group_id")}};
}

using Handler = Result<HttpResponse> (*)(service::ServerGroupService&, ApiCall&);

Route MakeRoute(service::ServerGroupService& groups, std::string operation, std::string method,
                std::string pattern, std::string action, ResourceBuilder resources,
                Handler handler, BodyKind body = BodyKind::kNone) {
  return {
      .operation = std::move(operation),
      .method = std::move(method),
      .pattern = std::move(pattern),
      .action = std::move(action),
      .resources = std::move(resources),
      .handler = [&groups, handler](ApiCall& call) { return handler(groups, call); },
      .body = body,
  };
}

}  // namespace

Status AddServerGroupRoutes(Router& router, const Services& services) {
  service::ServerGroupService& groups = *services.server_groups;
  const std::string base = "/v1/{project_id}/app-server-groups";
  const std::string one = base + "/{server_group_id}";
  // The catalog is the project's own extension, so it lives outside the vendor's /v1 tree.
  const std::string catalog = "/wsapp/v1/{project_id}/app-server-groups/{server_group_id}/catalog";
  const Route routes[] = {
      MakeRoute(groups, "CreateServerGroup", "POST", base, "workspace:serverGroup:create",
                AllServerGroups, CreateServerGroup, BodyKind::kJson),
      MakeRoute(groups, "ListServerGroups", "GET", base, "workspace:serverGroup:list",
                AllServerGroups, ListServerGroups),
      MakeRoute(groups, "ShowServerGroup", "GET", one, "workspace:serverGroup:get",
                PathServerGroup, ShowServerGroup),
      MakeRoute(groups, "UpdateServerGroup", "PATCH", one, "workspace:serverGroup:update",
                PathServerGroup, UpdateServerGroup, BodyKind::kJson),
      MakeRoute(groups, "DeleteServerGroups", "DELETE", one, "workspace:serverGroup:delete",
                PathServerGroup, DeleteServerGroup),
      MakeRoute(groups, "UpdateServerGroupCatalog", "PUT", catalog,
                "wsapp:serverGroup:updateCatalog", PathServerGroup, PutCatalog, BodyKind::kJson),
      MakeRoute(groups, "ShowServerGroupCatalog", "GET", catalog, "wsapp:serverGroup:getCatalog",
                PathServerGroup, GetCatalog),
      MakeRoute(groups, "ShowPublishableApp", "GET",
                "/v1/{project_id}/app-groups/{app_group_id}/publishable-app",
                "workspace:appGroup:listPublishableApp", PathAppGroup, ShowPublishableApps),
  };
  for (const Route& route : routes) {
    WSAPP_RETURN_IF_ERROR(router.Add(route));
  }
  return OkStatus();
}

}  // namespace wsapp::api
