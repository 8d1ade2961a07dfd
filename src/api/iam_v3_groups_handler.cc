// The Keystone (v3) views of IAM users, groups and group membership that the vendor's IAM SDK
// `v3` client calls (KeystoneListUsers, KeystoneListGroups, KeystoneCreateGroup,
// KeystoneListUsersForGroupByAdmin, KeystoneListGroupsForUser, KeystoneAddUserToGroup,
// KeystoneCheckUserInGroup, KeystoneRemoveUserFromGroup). They act on the same users and
// groups as the IAM v5 API, so both policy models see one membership.
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

constexpr int64_t kWalkPageSize = 200;

nlohmann::json KeystoneUserToJson(const domain::User& user) {
  return {{"id", user.id},
          {"name", user.name},
          {"domain_id", user.account_id},
          {"enabled", user.is_enabled},
          {"description", user.description},
          {"password_expires_at", nullptr},
          {"links", {{"self", "/v3/users/" + user.id}}}};
}

nlohmann::json KeystoneGroupToJson(const domain::IamGroup& group) {
  return {{"id", group.id},
          {"name", group.name},
          {"domain_id", group.account_id},
          {"description", group.description},
          {"create_time", group.created_at_millis},
          {"links", {{"self", "/v3/groups/" + group.id}}}};
}

// Every page of a marker-paged list, for the Keystone lists that are not paged.
template <typename T, typename ListPage>
Result<std::vector<T>> WalkAll(ListPage list_page) {
  std::vector<T> all;
  domain::MarkerPageRequest page;
  page.limit = kWalkPageSize;
  while (true) {
    WSAPP_ASSIGN_OR_RETURN(domain::MarkerPage<T> result, list_page(page));
    for (T& item : result.items) {
      all.push_back(std::move(item));
    }
    if (result.next_marker.empty()) {
      return all;
    }
    page.marker = result.next_marker;
  }
}

Result<std::vector<domain::User>> AllUsers(service::IamUserService& users, ApiCall& call,
                                           const std::string& group_id) {
  domain::IamUserFilter filter;
  filter.group_id = group_id;
  return WalkAll<domain::User>([&](const domain::MarkerPageRequest& page) {
    return users.ListUsers(call.Context(), filter, page);
  });
}

Result<std::vector<domain::IamGroup>> AllGroups(service::IamGroupService& groups, ApiCall& call,
                                                const std::string& user_id) {
  domain::IamGroupFilter filter;
  filter.user_id = user_id;
  return WalkAll<domain::IamGroup>([&](const domain::MarkerPageRequest& page) {
    return groups.ListGroups(call.Context(), filter, page);
  });
}

nlohmann::json UsersReply(const std::vector<domain::User>& users, const std::string& self,
                          const std::string& name) {
  nlohmann::json items = nlohmann::json::array();
  for (const domain::User& user : users) {
    if (name.empty() || user.name == name) {
      items.push_back(KeystoneUserToJson(user));
    }
  }
  return {{"users", std::move(items)}, {"links", KeystoneLinks(self)}};
}

nlohmann::json GroupsReply(const std::vector<domain::IamGroup>& groups, const std::string& self,
                           const std::string& name) {
  nlohmann::json items = nlohmann::json::array();
  for (const domain::IamGroup& group : groups) {
    if (name.empty() || group.name == name) {
      items.push_back(KeystoneGroupToJson(group));
    }
  }
  return {{"groups", std::move(items)}, {"links", KeystoneLinks(self)}};
}

struct V3Services {
  service::IamUserService& users;
  service::IamGroupService& groups;
};

Result<HttpResponse> ListUsers(V3Services& v3, ApiCall& call) {
  WSAPP_ASSIGN_OR_RETURN(std::string name, call.query().String("name", 64));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(auto users, AllUsers(v3.users, call, ""));
  return JsonResponse(200, UsersReply(users, "/v3/users", name));
}

Result<HttpResponse> ListGroups(V3Services& v3, ApiCall& call) {
  WSAPP_ASSIGN_OR_RETURN(std::string name, call.query().String("name", 128));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(auto groups, AllGroups(v3.groups, call, ""));
  return JsonResponse(200, GroupsReply(groups, "/v3/groups", name));
}

// {"group": {"name", "description", "domain_id"}}; domain_id, when sent, must be the caller's.
Result<HttpResponse> CreateGroup(V3Services& v3, ApiCall& call) {
  JsonFields top(call.body());
  WSAPP_ASSIGN_OR_RETURN(const nlohmann::json* group, top.OptionalObject("group"));
  if (group == nullptr) {
    return InvalidArgument("group is required");
  }
  JsonFields fields(*group, "group.");
  WSAPP_ASSIGN_OR_RETURN(std::string name, fields.RequiredString("name", 1, 64));
  WSAPP_RETURN_IF_ERROR(ValidateIamGroupName("group.name", name));
  WSAPP_ASSIGN_OR_RETURN(std::string description, fields.OptionalString("description", 0, 255));
  WSAPP_RETURN_IF_ERROR(ValidateIamDescription("group.description", description));
  WSAPP_ASSIGN_OR_RETURN(std::string domain_id, fields.OptionalString("domain_id", 0, 64));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  if (!domain_id.empty() && domain_id != call.principal().account_id) {
    return MakeError(ErrorCode::kPermissionDenied,
                     "group.domain_id must be the caller's own account.", "permission_denied");
  }
  WSAPP_ASSIGN_OR_RETURN(domain::IamGroup created,
                         v3.groups.CreateGroup(call.Context(), name, description));
  return JsonResponse(201, {{"group", KeystoneGroupToJson(created)}});
}

Result<HttpResponse> ListGroupUsers(V3Services& v3, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidateIamPathIds(call, {"group_id"}));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(auto users, AllUsers(v3.users, call, call.Param("group_id")));
  return JsonResponse(200,
                      UsersReply(users, "/v3/groups/" + call.Param("group_id") + "/users", ""));
}

Result<HttpResponse> ListUserGroups(V3Services& v3, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidateIamPathIds(call, {"user_id"}));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(auto groups, AllGroups(v3.groups, call, call.Param("user_id")));
  return JsonResponse(200,
                      GroupsReply(groups, "/v3/users/" + call.Param("user_id") + "/groups", ""));
}

Result<HttpResponse> AddMember(V3Services& v3, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidateIamPathIds(call, {"group_id", "user_id"}));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_RETURN_IF_ERROR(
      v3.groups.AddUser(call.Context(), call.Param("group_id"), call.Param("user_id")));
  return IamNoContent();
}

Result<HttpResponse> CheckMember(V3Services& v3, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidateIamPathIds(call, {"group_id", "user_id"}));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(auto users, AllUsers(v3.users, call, call.Param("group_id")));
  for (const domain::User& user : users) {
    if (user.id == call.Param("user_id")) {
      return IamNoContent();
    }
  }
  return MakeError(ErrorCode::kNotFound, "The user is not a member of the group.",
                   "iam_entity_not_found");
}

Result<HttpResponse> RemoveMember(V3Services& v3, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidateIamPathIds(call, {"group_id", "user_id"}));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_RETURN_IF_ERROR(
      v3.groups.RemoveUser(call.Context(), call.Param("group_id"), call.Param("user_id")));
  return IamNoContent();
}

}  // namespace

Status AddIamV3GroupRoutes(Router& router, const Services& services) {
  // The route table binds its handlers to *v3 by reference; the resource builders below hold
  // copies of `v3`, which keeps it alive as long as the router.
  auto v3 = std::make_shared<V3Services>(V3Services{*services.iam_users, *services.iam_groups});
  auto all_users = [](const ApiCall&) { return std::vector<ResourceRef>{{"user", "*", "iam"}}; };
  auto all_groups = [](const ApiCall&) { return std::vector<ResourceRef>{{"group", "*", "iam"}}; };
  auto group = [v3](const ApiCall& call) {
    return std::vector<ResourceRef>{
        {"group", v3->groups.UrnName(call.principal().account_id, call.Param("group_id")), "iam"}};
  };
  auto user = [v3](const ApiCall& call) {
    return std::vector<ResourceRef>{
        {"user", v3->users.UrnName(call.principal().account_id, call.Param("user_id")), "iam"}};
  };
  auto membership = [v3](const ApiCall& call) {
    const std::string& account = call.principal().account_id;
    return std::vector<ResourceRef>{
        {"group", v3->groups.UrnName(account, call.Param("group_id")), "iam"},
        {"user", v3->users.UrnName(account, call.Param("user_id")), "iam"}};
  };
  const std::string member = "/v3/groups/{group_id}/users/{user_id}";
  std::vector<RouteSpec<V3Services>> specs = {
      {"KeystoneListUsers", "GET", "/v3/users", "iam:users:listUsers", all_users, ListUsers,
       BodyKind::kNone},
      {"KeystoneListGroups", "GET", "/v3/groups", "iam:groups:listGroups", all_groups, ListGroups,
       BodyKind::kNone},
      {"KeystoneCreateGroup", "POST", "/v3/groups", "iam:groups:createGroup", all_groups,
       CreateGroup, BodyKind::kJson},
      {"KeystoneListUsersForGroupByAdmin", "GET", "/v3/groups/{group_id}/users",
       "iam:users:listUsersForGroup", group, ListGroupUsers, BodyKind::kNone},
      {"KeystoneListGroupsForUser", "GET", "/v3/users/{user_id}/groups",
       "iam:groups:listGroupsForUser", user, ListUserGroups, BodyKind::kNone},
      {"KeystoneAddUserToGroup", "PUT", member, "iam:permissions:addUserToGroup", membership,
       AddMember, BodyKind::kNone},
      {"KeystoneCheckUserInGroup", "HEAD", member, "iam:permissions:checkUserInGroup", membership,
       CheckMember, BodyKind::kNone},
      {"KeystoneRemoveUserFromGroup", "DELETE", member, "iam:permissions:removeUserFromGroup",
       membership, RemoveMember, BodyKind::kNone},
  };
  return AddRouteTable(router, *v3, specs, RouteScope::kAccount, ErrorShape::kKeystone);
}

}  // namespace wsapp::api
