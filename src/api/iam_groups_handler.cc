// IAM administration (v5): user groups and their members (CreateGroupV5, ListGroupsV5,
// ShowGroupV5, UpdateGroupV5, DeleteGroupV5, AddUserToGroupV5, RemoveUserFromGroupV5).
#include <nlohmann/json.hpp>

#include "api/api_call.h"
#include "api/handlers.h"
#include "api/iam_wire.h"
#include "api/json_body.h"
#include "api/route_table.h"
#include "service/iam_group_service.h"
#include "service/iam_user_service.h"

namespace wsapp::api {
namespace {

struct NewGroup {
  std::string name;
  std::string description;
};

Result<NewGroup> ParseCreateGroup(const nlohmann::json& body) {
  JsonFields fields(body);
  NewGroup group;
  WSAPP_ASSIGN_OR_RETURN(group.name, fields.RequiredString("group_name", 1, 128));
  WSAPP_RETURN_IF_ERROR(ValidateIamGroupName("group_name", group.name));
  WSAPP_ASSIGN_OR_RETURN(group.description, fields.OptionalString("description", 0, 255));
  WSAPP_RETURN_IF_ERROR(ValidateIamDescription("description", group.description));
  return group;
}

Result<service::IamGroupChange> ParseUpdateGroup(const nlohmann::json& body) {
  JsonFields fields(body);
  service::IamGroupChange change;
  if (fields.Has("new_group_name")) {
    WSAPP_ASSIGN_OR_RETURN(change.name, fields.RequiredString("new_group_name", 1, 128));
    WSAPP_RETURN_IF_ERROR(ValidateIamGroupName("new_group_name", *change.name));
  }
  if (fields.Has("new_group_description")) {
    WSAPP_ASSIGN_OR_RETURN(change.description,
                           fields.RequiredString("new_group_description", 0, 255));
    WSAPP_RETURN_IF_ERROR(ValidateIamDescription("new_group_description", *change.description));
  }
  return change;
}

Result<std::string> ParseUserId(const nlohmann::json& body) {
  WSAPP_ASSIGN_OR_RETURN(std::string user_id, JsonFields(body).RequiredString("user_id", 1, 64));
  WSAPP_RETURN_IF_ERROR(ValidateIamId("user_id", user_id));
  return user_id;
}

Status ValidatePathGroup(const ApiCall& call) {
  return ValidateIamId("group_id", call.Param("group_id"));
}

Result<HttpResponse> CreateGroup(service::IamGroupService& groups, ApiCall& call) {
  WSAPP_ASSIGN_OR_RETURN(NewGroup request, ParseCreateGroup(call.body()));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(domain::IamGroup group,
                         groups.CreateGroup(call.Context(), request.name, request.description));
  return JsonResponse(201, {{"group", IamGroupToJson(group)}});
}

Result<HttpResponse> ListGroups(service::IamGroupService& groups, ApiCall& call) {
  WSAPP_ASSIGN_OR_RETURN(domain::MarkerPageRequest page, ParseMarkerPage(call.query()));
  domain::IamGroupFilter filter;
  WSAPP_ASSIGN_OR_RETURN(filter.user_id, call.query().String("user_id", 64));
  if (!filter.user_id.empty()) {
    WSAPP_RETURN_IF_ERROR(ValidateIamId("user_id", filter.user_id));
  }

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(auto result, groups.ListGroups(call.Context(), filter, page));
  nlohmann::json items = nlohmann::json::array();
  for (const domain::IamGroup& group : result.items) {
    items.push_back(IamGroupToJson(group));
  }
  return JsonResponse(200, {{"groups", std::move(items)},
                            {"page_info", PageInfoJson(result.next_marker, result.items.size())}});
}

Result<HttpResponse> ShowGroup(service::IamGroupService& groups, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidatePathGroup(call));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(domain::IamGroup group,
                         groups.ShowGroup(call.Context(), call.Param("group_id")));
  return JsonResponse(200, {{"group", IamGroupToJson(group)}});
}

Result<HttpResponse> UpdateGroup(service::IamGroupService& groups, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidatePathGroup(call));
  WSAPP_ASSIGN_OR_RETURN(service::IamGroupChange change, ParseUpdateGroup(call.body()));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(domain::IamGroup group,
                         groups.UpdateGroup(call.Context(), call.Param("group_id"), change));
  return JsonResponse(200, {{"group", IamGroupToJson(group)}});
}

Result<HttpResponse> DeleteGroup(service::IamGroupService& groups, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidatePathGroup(call));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_RETURN_IF_ERROR(groups.DeleteGroup(call.Context(), call.Param("group_id")));
  return IamNoContent();
}

Result<HttpResponse> AddUser(service::IamGroupService& groups, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidatePathGroup(call));
  WSAPP_ASSIGN_OR_RETURN(std::string user_id, ParseUserId(call.body()));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_RETURN_IF_ERROR(groups.AddUser(call.Context(), call.Param("group_id"), user_id));
  // The vendor's AddUserToGroupV5 response has no fields (D1).
  return JsonResponse(200, nlohmann::json::object());
}

Result<HttpResponse> RemoveUser(service::IamGroupService& groups, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidatePathGroup(call));
  WSAPP_ASSIGN_OR_RETURN(std::string user_id, ParseUserId(call.body()));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_RETURN_IF_ERROR(groups.RemoveUser(call.Context(), call.Param("group_id"), user_id));
  return JsonResponse(200, nlohmann::json::object());
}

}  // namespace

Status AddIamGroupRoutes(Router& router, const Services& services) {
  service::IamGroupService& groups = *services.iam_groups;
  service::IamUserService& users = *services.iam_users;
  auto all_groups = [](const ApiCall&) { return std::vector<ResourceRef>{{"group", "*", "iam"}}; };
  auto new_group = [](const ApiCall& call) {
    auto request = ParseCreateGroup(call.body());
    return std::vector<ResourceRef>{{"group", request.ok() ? request->name : "*", "iam"}};
  };
  auto path_group = [&groups](const ApiCall& call) {
    return std::vector<ResourceRef>{
        {"group", groups.UrnName(call.principal().account_id, call.Param("group_id")), "iam"}};
  };
  // Membership changes name the group and the user, so a denied user denies the change.
  auto group_and_user = [&groups, &users](const ApiCall& call) {
    const std::string& account_id = call.principal().account_id;
    auto user_id = ParseUserId(call.body());
    return std::vector<ResourceRef>{
        {"group", groups.UrnName(account_id, call.Param("group_id")), "iam"},
        {"user", user_id.ok() ? users.UrnName(account_id, *user_id) : "*", "iam"}};
  };
  const std::string collection = "/v5/groups";
  const std::string group = collection + "/{group_id}";
  std::vector<RouteSpec<service::IamGroupService>> specs = {
      {"CreateGroupV5", "POST", collection, "iam:groups:createGroupV5", new_group, CreateGroup,
       BodyKind::kJson},
      {"ListGroupsV5", "GET", collection, "iam:groups:listGroupsV5", all_groups, ListGroups,
       BodyKind::kNone},
      {"ShowGroupV5", "GET", group, "iam:groups:getGroupV5", path_group, ShowGroup,
       BodyKind::kNone},
      {"UpdateGroupV5", "PUT", group, "iam:groups:updateGroupV5", path_group, UpdateGroup,
       BodyKind::kJson},
      {"DeleteGroupV5", "DELETE", group, "iam:groups:deleteGroupV5", path_group, DeleteGroup,
       BodyKind::kNone},
      {"AddUserToGroupV5", "POST", group + "/add-user", "iam:permissions:addUserToGroupV5",
       group_and_user, AddUser, BodyKind::kJson},
      {"RemoveUserFromGroupV5", "POST", group + "/remove-user",
       "iam:permissions:removeUserFromGroupV5", group_and_user, RemoveUser, BodyKind::kJson},
  };
  return AddRouteTable(router, groups, specs, RouteScope::kAccount, ErrorShape::kIamV5);
}

}  // namespace wsapp::api
