// The end-user directory under the vendor's Workspace v2 paths: CreateDesktopUser, ListUsers,
// ListUserDetail, DeleteUser, CreateUserGroup, ListUserGroups, DeleteUserGroup,
// ListUsersOfGroup and RunActionsOnGroup, with the JSON names of the vendor's v2 models.
#include <nlohmann/json.hpp>

#include "api/api_call.h"
#include "api/handlers.h"
#include "api/json_body.h"
#include "common/time_format.h"
#include "domain/directory.h"
#include "domain/validation.h"
#include "service/directory_service.h"

namespace wsapp::api {
namespace {

constexpr size_t kMaxPathIdChars = 255;
constexpr int64_t kMaxOffset = 2147483647;
// ListUserGroups: 0 or absent means 100, at most 100 (vendor's ListUserGroups page).
constexpr int64_t kDefaultGroupPage = 100;
// ListUsersOfGroup: 0 or absent means 2000, at most 2000 (vendor's ListUsersOfGroup page).
constexpr int64_t kDefaultMemberPage = 2000;

const std::vector<std::string> kActiveTypes = {"USER_ACTIVATE", "ADMIN_ACTIVATE"};
const std::vector<std::string> kGroupPlatforms = {"AD", "LOCAL"};

// --- Wire models (the vendor's v2 User, UserDetail, UserGroupInfo and UserInGroup) ---------

bool IsExpired(const domain::DirectoryUser& user, int64_t now_millis) {
  return user.account_expires_millis != 0 && user.account_expires_millis <= now_millis;
}

nlohmann::json UserToJson(const domain::DirectoryUser& user, int64_t now_millis) {
  return {{"id", user.id},
          {"sid", user.id},
          {"user_name", user.user_name},
          {"user_email", user.user_email},
          {"total_desktops", 0},
          {"user_phone", user.user_phone},
          {"active_type", user.active_type},
          {"is_pre_user", false},
          {"account_expires", user.account_expires_millis == 0
                                  ? std::string("0")
                                  : FormatMillisUtc(user.account_expires_millis)},
          {"password_never_expired", false},
          {"account_expired", IsExpired(user, now_millis)},
          {"enable_change_password", user.enable_change_password},
          {"next_login_change_password", user.next_login_change_password},
          {"description", user.description},
          {"locked", false},
          {"disabled", false},
          {"share_space_subscription", false},
          {"share_space_desktops", 0},
          {"group_names", user.group_names},
          {"enterprise_project_id", user.enterprise_project_id},
          {"user_info_map", user.user_info_map},
          {"domain", user.domain},
          {"certificate_status", false}};
}

nlohmann::json UserDetailToJson(const domain::DirectoryUser& user, int64_t now_millis) {
  std::string principal_name =
      user.domain.empty() ? user.user_name : user.user_name + "@" + user.domain;
  return {{"description", user.description},
          {"id", user.id},
          {"user_name", user.user_name},
          {"user_email", user.user_email},
          {"user_phone", user.user_phone},
          {"active_type", user.active_type},
          {"object_sid", user.id},
          {"sam_account_name", user.user_name},
          {"user_principal_name", principal_name},
          {"full_name", user.alias_name.empty() ? user.user_name : user.alias_name},
          {"distinguished_name", user.user_name},
          {"account_type", 0},
          {"when_created", FormatMillisUtc(user.created_at_millis)},
          {"account_expires", user.account_expires_millis},
          {"is_pre_user", false},
          {"user_expired", IsExpired(user, now_millis)},
          {"locked", false},
          {"enable_change_password", user.enable_change_password},
          {"password_never_expired", false},
          {"next_login_change_password", user.next_login_change_password},
          {"disabled", false},
          {"group_names", user.group_names},
          {"share_space_subscription", false},
          {"share_space_desktops", 0},
          {"total_desktops", 0}};
}

// `parent` is left out: groups here are not nested.
nlohmann::json GroupToJson(const domain::DirectoryGroup& group) {
  return {{"name", group.name},
          {"id", group.id},
          {"create_time", FormatMillisUtc(group.created_at_millis)},
          {"description", group.description},
          {"user_quantity", group.user_quantity},
          {"realm_id", ""},
          {"platform_type", group.platform_type},
          {"group_dn", ""},
          {"domain", ""},
          {"sid", group.id},
          {"total_desktops", 0}};
}

nlohmann::json UserInGroupToJson(const domain::DirectoryUser& user) {
  return {{"id", user.id},
          {"user_name", user.user_name},
          {"domain", user.domain},
          {"user_email", user.user_email},
          {"user_phone", user.user_phone},
          {"total_desktops", 0},
          {"enterprise_project_id", user.enterprise_project_id},
          {"description", user.description}};
}

// --- Request parsing --------------------------------------------------------------------

Status ValidatePathId(const ApiCall& call, const std::string& name) {
  return domain::ValidateLength(name, call.Param(name), 1, kMaxPathIdChars);
}

// The vendor's USER_ACTIVATE sends the user an activation message, so it needs somewhere to
// send it; ADMIN_ACTIVATE without an AD domain needs the initial password.
Status CheckActivation(const JsonFields& fields, const domain::DirectoryUser& user,
                       bool has_password) {
  if (user.active_type == domain::kActiveTypeUser && user.user_email.empty() &&
      user.user_phone.empty()) {
    return InvalidArgument("user_email or user_phone is required when active_type is " +
                           std::string(domain::kActiveTypeUser));
  }
  if (user.active_type == domain::kActiveTypeAdmin && !has_password) {
    return InvalidArgument(fields.FieldName("password") + " is required when active_type is " +
                           std::string(domain::kActiveTypeAdmin));
  }
  return OkStatus();
}

// The password is checked for form only: this server signs no end user in, so it keeps none.
Result<service::NewDirectoryUser> ParseCreateUser(const nlohmann::json& body) {
  JsonFields fields(body);
  service::NewDirectoryUser request;
  domain::DirectoryUser& user = request.user;
  WSAPP_ASSIGN_OR_RETURN(user.user_name, fields.RequiredString("user_name", 1, 32));
  WSAPP_RETURN_IF_ERROR(domain::ValidateDirectoryUserName("user_name", user.user_name));
  WSAPP_ASSIGN_OR_RETURN(user.user_email, fields.OptionalString("user_email", 0, 64));
  if (!user.user_email.empty()) {
    WSAPP_RETURN_IF_ERROR(domain::ValidateEmail("user_email", user.user_email));
  }
  WSAPP_ASSIGN_OR_RETURN(std::string expires, fields.OptionalString("account_expires", 0, 55));
  if (!expires.empty()) {
    WSAPP_ASSIGN_OR_RETURN(user.account_expires_millis,
                           domain::ParseAccountExpires("account_expires", expires));
  }
  WSAPP_ASSIGN_OR_RETURN(user.active_type,
                         fields.OptionalEnum("active_type", kActiveTypes, kActiveTypes[0]));
  WSAPP_ASSIGN_OR_RETURN(user.user_phone, fields.OptionalString("user_phone", 0, 20));
  WSAPP_RETURN_IF_ERROR(fields.OptionalString("password", 8, 32));
  WSAPP_ASSIGN_OR_RETURN(user.enable_change_password,
                         fields.OptionalBool("enable_change_password", true));
  WSAPP_ASSIGN_OR_RETURN(user.next_login_change_password,
                         fields.OptionalBool("next_login_change_password", true));
  WSAPP_ASSIGN_OR_RETURN(request.group_ids,
                         fields.OptionalStringArray("group_ids", 1, 5, 1, 55));
  WSAPP_ASSIGN_OR_RETURN(user.description, fields.OptionalString("description", 0, 255));
  WSAPP_ASSIGN_OR_RETURN(user.alias_name, fields.OptionalString("alias_name", 0, 55));
  WSAPP_ASSIGN_OR_RETURN(user.enterprise_project_id,
                         fields.OptionalString("enterprise_project_id", 0, 255));
  WSAPP_ASSIGN_OR_RETURN(user.user_info_map, fields.OptionalString("user_info_map", 0, 255));
  WSAPP_ASSIGN_OR_RETURN(user.domain, fields.OptionalString("domain", 0, 255));
  WSAPP_RETURN_IF_ERROR(CheckActivation(fields, user, fields.Has("password")));
  return request;
}

Result<domain::DirectoryGroup> ParseCreateGroup(const nlohmann::json& body) {
  JsonFields fields(body);
  domain::DirectoryGroup group;
  WSAPP_ASSIGN_OR_RETURN(group.name, fields.RequiredString("group_name", 1, 64));
  WSAPP_ASSIGN_OR_RETURN(group.platform_type,
                         fields.RequiredEnum("platform_type", kGroupPlatforms));
  WSAPP_ASSIGN_OR_RETURN(group.description, fields.OptionalString("description", 0, 255));
  return group;
}

struct GroupAction {
  std::string op_type;
  std::vector<std::string> user_ids;
};

Result<GroupAction> ParseGroupAction(const nlohmann::json& body) {
  JsonFields fields(body);
  GroupAction action;
  WSAPP_ASSIGN_OR_RETURN(action.user_ids, fields.RequiredStringArray("user_ids", 1, 50, 1, 55));
  WSAPP_ASSIGN_OR_RETURN(action.op_type, fields.RequiredEnum("op_type", {"ADD", "DELETE"}));
  return action;
}

// A `limit` where 0 and absence both mean `fallback`, as the vendor's v2 lists read it.
Result<domain::PageRequest> ParsePage(const QueryParams& query, int64_t fallback,
                                      int64_t max_limit) {
  domain::PageRequest page;
  WSAPP_ASSIGN_OR_RETURN(page.limit, query.Int("limit", 0, max_limit, 0));
  if (page.limit == 0) {
    page.limit = fallback;
  }
  WSAPP_ASSIGN_OR_RETURN(page.offset, query.Int("offset", 0, kMaxOffset, 0));
  return page;
}

// True when a boolean filter asks for users that this server never has (disabled users, users
// subscribed to collaboration); the answer is then an empty list.
Result<bool> AsksForAbsentState(const QueryParams& query) {
  bool asks = false;
  for (const char* key : {"disabled", "share_space_subscription", "share_space_desktops"}) {
    WSAPP_ASSIGN_OR_RETURN(std::string value, query.Enum(key, {"true", "false"}));
    asks = asks || value == "true";
  }
  WSAPP_RETURN_IF_ERROR(query.Enum("is_query_total_desktops", {"true", "false"}));
  return asks;
}

Result<domain::DirectoryUserFilter> ParseUserFilter(const QueryParams& query) {
  domain::DirectoryUserFilter filter;
  WSAPP_ASSIGN_OR_RETURN(filter.user_name_contains, query.String("user_name", 255));
  WSAPP_ASSIGN_OR_RETURN(filter.description_contains, query.String("description", 100));
  WSAPP_ASSIGN_OR_RETURN(filter.active_type, query.Enum("active_type", {"USER_ACTIVATE",
                                                                        "ADMIN_ACTIVATE"}));
  return filter;
}

// platform_type of ListUserGroups: a comma-separated list (the SDK's csv format).
Result<std::vector<std::string>> ParsePlatformTypes(const QueryParams& query) {
  WSAPP_ASSIGN_OR_RETURN(std::string text, query.String("platform_type", 64));
  std::vector<std::string> types;
  size_t start = 0;
  while (!text.empty() && start <= text.size()) {
    size_t end = std::min(text.find(',', start), text.size());
    std::string type = text.substr(start, end - start);
    if (type != "AD" && type != "LOCAL" && type != "UOS") {
      return InvalidArgument("platform_type must be a comma-separated list of AD, LOCAL, UOS");
    }
    types.push_back(type);
    start = end + 1;
  }
  return types;
}

// --- Operations -------------------------------------------------------------------------

Result<HttpResponse> CreateUser(service::DirectoryService& directory, ApiCall& call) {
  WSAPP_ASSIGN_OR_RETURN(service::NewDirectoryUser request, ParseCreateUser(call.body()));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(std::string id, directory.CreateUser(call.Context(), std::move(request)));
  return JsonResponse(201, {{"id", id}});
}

Result<HttpResponse> ListUsers(service::DirectoryService& directory, ApiCall& call) {
  const QueryParams& query = call.query();
  // The vendor lists every match when no limit is given.
  WSAPP_ASSIGN_OR_RETURN(domain::PageRequest page, ParsePage(query, -1, kMaxOffset));
  WSAPP_ASSIGN_OR_RETURN(domain::DirectoryUserFilter filter, ParseUserFilter(query));
  WSAPP_ASSIGN_OR_RETURN(filter.group_name, query.String("group_name", 64));
  WSAPP_ASSIGN_OR_RETURN(bool asks_for_absent_state, AsksForAbsentState(query));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  nlohmann::json users = nlohmann::json::array();
  if (asks_for_absent_state) {
    return JsonResponse(200, {{"total_count", 0}, {"users", std::move(users)}});
  }
  WSAPP_ASSIGN_OR_RETURN(auto result, directory.ListUsers(call.Context(), filter, page));
  for (const domain::DirectoryUser& user : result.items) {
    users.push_back(UserToJson(user, call.now_millis()));
  }
  return JsonResponse(200, {{"total_count", result.count}, {"users", std::move(users)}});
}

Result<HttpResponse> ShowUser(service::DirectoryService& directory, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidatePathId(call, "user_id"));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(domain::DirectoryUser user,
                         directory.ShowUser(call.Context(), call.Param("user_id")));
  return JsonResponse(200, {{"user_detail", UserDetailToJson(user, call.now_millis())}});
}

HttpResponse NoContent() {
  HttpResponse response;
  response.status = 204;
  return response;
}

Result<HttpResponse> DeleteUser(service::DirectoryService& directory, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidatePathId(call, "user_id"));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_RETURN_IF_ERROR(directory.DeleteUser(call.Context(), call.Param("user_id")));
  return NoContent();
}

Result<HttpResponse> CreateGroup(service::DirectoryService& directory, ApiCall& call) {
  WSAPP_ASSIGN_OR_RETURN(domain::DirectoryGroup group, ParseCreateGroup(call.body()));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_RETURN_IF_ERROR(directory.CreateGroup(call.Context(), std::move(group)));
  // The vendor's CreateUserGroupResponse has no fields (D1).
  return JsonResponse(201, nlohmann::json::object());
}

Result<HttpResponse> ListGroups(service::DirectoryService& directory, ApiCall& call) {
  const QueryParams& query = call.query();
  WSAPP_ASSIGN_OR_RETURN(domain::PageRequest page,
                         ParsePage(query, kDefaultGroupPage, kDefaultGroupPage));
  domain::DirectoryGroupFilter filter;
  WSAPP_ASSIGN_OR_RETURN(filter.keyword, query.String("keyword", 255));
  WSAPP_ASSIGN_OR_RETURN(filter.platform_types, ParsePlatformTypes(query));
  WSAPP_RETURN_IF_ERROR(query.String("domain", 255));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(auto result, directory.ListGroups(call.Context(), filter, page));
  nlohmann::json groups = nlohmann::json::array();
  for (const domain::DirectoryGroup& group : result.items) {
    groups.push_back(GroupToJson(group));
  }
  return JsonResponse(200, {{"total_count", result.count}, {"user_groups", std::move(groups)}});
}

Result<HttpResponse> DeleteGroup(service::DirectoryService& directory, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidatePathId(call, "group_id"));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_RETURN_IF_ERROR(directory.DeleteGroup(call.Context(), call.Param("group_id")));
  return NoContent();
}

Result<HttpResponse> ListGroupUsers(service::DirectoryService& directory, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidatePathId(call, "group_id"));
  const QueryParams& query = call.query();
  WSAPP_ASSIGN_OR_RETURN(domain::PageRequest page,
                         ParsePage(query, kDefaultMemberPage, kDefaultMemberPage));
  WSAPP_ASSIGN_OR_RETURN(domain::DirectoryUserFilter filter, ParseUserFilter(query));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(auto result, directory.ListGroupUsers(
                                          call.Context(), call.Param("group_id"), filter, page));
  nlohmann::json users = nlohmann::json::array();
  for (const domain::DirectoryUser& user : result.items) {
    users.push_back(UserInGroupToJson(user));
  }
  return JsonResponse(200, {{"users", std::move(users)}, {"total_count", result.count}});
}

Result<HttpResponse> RunGroupAction(service::DirectoryService& directory, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidatePathId(call, "group_id"));
  WSAPP_ASSIGN_OR_RETURN(GroupAction action, ParseGroupAction(call.body()));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  const std::string& group_id = call.Param("group_id");
  WSAPP_RETURN_IF_ERROR(action.op_type == "ADD"
                            ? directory.AddGroupUsers(call.Context(), group_id, action.user_ids)
                            : directory.RemoveGroupUsers(call.Context(), group_id,
                                                         action.user_ids));
  return JsonResponse(200, nlohmann::json::object());
}

// --- Resources (D8) ---------------------------------------------------------------------

std::vector<ResourceRef> AllUsers(const ApiCall&) { return {{"user", "*"}}; }
std::vector<ResourceRef> PathUser(const ApiCall& call) {
  return {{"user", call.Param("user_id")}};
}
std::vector<ResourceRef> AllGroups(const ApiCall&) { return {{"userGroup", "*"}}; }
std::vector<ResourceRef> PathGroup(const ApiCall& call) {
  return {{"userGroup", call.Param("group_id")}};
}

// The group and every listed user, so one denied user denies the whole action.
std::vector<ResourceRef> PathGroupAndBodyUsers(const ApiCall& call) {
  std::vector<ResourceRef> resources = PathGroup(call);
  auto action = ParseGroupAction(call.body());
  if (action.ok()) {
    for (const std::string& id : action->user_ids) {
      resources.push_back({"user", id});
    }
  }
  return resources;
}

}  // namespace

Status AddDirectoryRoutes(Router& router, const Services& services) {
  service::DirectoryService& directory = *services.directory;
  auto bind = [&directory](Result<HttpResponse> (*operation)(service::DirectoryService&,
                                                             ApiCall&)) {
    return [&directory, operation](ApiCall& call) { return operation(directory, call); };
  };
  const std::string users = "/v2/{project_id}/users";
  const std::string groups = "/v2/{project_id}/groups";
  std::vector<Route> routes = {
      {.operation = "CreateDesktopUser", .method = "POST", .pattern = users,
       .action = "workspace:users:create", .resources = AllUsers, .handler = bind(CreateUser),
       .body = BodyKind::kJson},
      {.operation = "ListUsers", .method = "GET", .pattern = users,
       .action = "workspace:users:list", .resources = AllUsers, .handler = bind(ListUsers)},
      {.operation = "ListUserDetail", .method = "GET", .pattern = users + "/{user_id}",
       .action = "workspace:users:get", .resources = PathUser, .handler = bind(ShowUser)},
      {.operation = "DeleteUser", .method = "DELETE", .pattern = users + "/{user_id}",
       .action = "workspace:users:delete", .resources = PathUser, .handler = bind(DeleteUser)},
      {.operation = "CreateUserGroup", .method = "POST", .pattern = groups,
       .action = "workspace:userGroups:create", .resources = AllGroups,
       .handler = bind(CreateGroup), .body = BodyKind::kJson},
      {.operation = "ListUserGroups", .method = "GET", .pattern = groups,
       .action = "workspace:userGroups:list", .resources = AllGroups, .handler = bind(ListGroups)},
      {.operation = "DeleteUserGroup", .method = "DELETE", .pattern = groups + "/{group_id}",
       .action = "workspace:userGroups:delete", .resources = PathGroup,
       .handler = bind(DeleteGroup)},
      {.operation = "ListUsersOfGroup", .method = "GET", .pattern = groups + "/{group_id}/users",
       .action = "workspace:userGroups:getUsers", .resources = PathGroup,
       .handler = bind(ListGroupUsers)},
      {.operation = "RunActionsOnGroup", .method = "POST",
       .pattern = groups + "/{group_id}/actions", .action = "workspace:userGroups:operate",
       .resources = PathGroupAndBodyUsers, .handler = bind(RunGroupAction),
       .body = BodyKind::kJson},
  };
  for (Route& route : routes) {
    WSAPP_RETURN_IF_ERROR(router.Add(std::move(route)));
  }
  return OkStatus();
}

}  // namespace wsapp::api
