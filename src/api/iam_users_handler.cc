// IAM administration (v5): users, their login profiles and access keys (CreateUserV5,
// ListUsersV5, ShowUserV5, UpdateUserV5, DeleteUserV5, Create/Show/Update/DeleteLoginProfileV5,
// CreateAccessKeyV5, ListAccessKeysV5, UpdateAccessKeyV5, DeleteAccessKeyV5).
#include <nlohmann/json.hpp>

#include "api/api_call.h"
#include "api/handlers.h"
#include "api/iam_wire.h"
#include "api/json_body.h"
#include "api/route_table.h"
#include "service/iam_user_service.h"

namespace wsapp::api {
namespace {

constexpr size_t kMinPasswordChars = 8;
constexpr size_t kMaxPasswordChars = 32;

Result<std::optional<std::string>> OptionalField(const JsonFields& fields, std::string_view name,
                                                 size_t max_chars) {
  if (!fields.Has(name)) {
    return std::optional<std::string>();
  }
  WSAPP_ASSIGN_OR_RETURN(std::string value, fields.RequiredString(name, 0, max_chars));
  return std::optional<std::string>(std::move(value));
}

Result<std::optional<bool>> OptionalFlag(const JsonFields& fields, std::string_view name) {
  if (!fields.Has(name)) {
    return std::optional<bool>();
  }
  WSAPP_ASSIGN_OR_RETURN(bool value, fields.OptionalBool(name, false));
  return std::optional<bool>(value);
}

// --- Users ------------------------------------------------------------------------------

struct NewUser {
  std::string name;
  std::string description;
  bool is_enabled = true;
};

Result<NewUser> ParseCreateUser(const nlohmann::json& body) {
  JsonFields fields(body);
  NewUser user;
  WSAPP_ASSIGN_OR_RETURN(user.name, fields.RequiredString("name", 1, 64));
  WSAPP_RETURN_IF_ERROR(ValidateIamUserName("name", user.name));
  WSAPP_ASSIGN_OR_RETURN(user.description, fields.OptionalString("description", 0, 255));
  WSAPP_RETURN_IF_ERROR(ValidateIamDescription("description", user.description));
  if (!fields.Has("enabled")) {
    return InvalidArgument("enabled is required");
  }
  WSAPP_ASSIGN_OR_RETURN(user.is_enabled, fields.OptionalBool("enabled", true));
  return user;
}

Result<service::IamUserChange> ParseUpdateUser(const nlohmann::json& body) {
  JsonFields fields(body);
  service::IamUserChange change;
  WSAPP_ASSIGN_OR_RETURN(change.name, OptionalField(fields, "new_user_name", 64));
  if (change.name) {
    WSAPP_RETURN_IF_ERROR(ValidateIamUserName("new_user_name", *change.name));
  }
  WSAPP_ASSIGN_OR_RETURN(change.description, OptionalField(fields, "new_description", 255));
  if (change.description) {
    WSAPP_RETURN_IF_ERROR(ValidateIamDescription("new_description", *change.description));
  }
  WSAPP_ASSIGN_OR_RETURN(change.is_enabled, OptionalFlag(fields, "enabled"));
  return change;
}

Status ValidatePathUser(const ApiCall& call) {
  return ValidateIamId("user_id", call.Param("user_id"));
}

Result<HttpResponse> CreateUser(service::IamUserService& users, ApiCall& call) {
  WSAPP_ASSIGN_OR_RETURN(NewUser request, ParseCreateUser(call.body()));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(
      domain::User user,
      users.CreateUser(call.Context(), request.name, request.description, request.is_enabled));
  return JsonResponse(201, {{"user", IamUserToJson(user)}});
}

Result<HttpResponse> ListUsers(service::IamUserService& users, ApiCall& call) {
  WSAPP_ASSIGN_OR_RETURN(domain::MarkerPageRequest page, ParseMarkerPage(call.query()));
  domain::IamUserFilter filter;
  WSAPP_ASSIGN_OR_RETURN(filter.group_id, call.query().String("group_id", 64));
  if (!filter.group_id.empty()) {
    WSAPP_RETURN_IF_ERROR(ValidateIamId("group_id", filter.group_id));
  }

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(auto result, users.ListUsers(call.Context(), filter, page));
  nlohmann::json items = nlohmann::json::array();
  for (const domain::User& user : result.items) {
    items.push_back(IamUserToJson(user));
  }
  return JsonResponse(200, {{"users", std::move(items)},
                            {"page_info", PageInfoJson(result.next_marker, result.items.size())}});
}

Result<HttpResponse> ShowUser(service::IamUserService& users, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidatePathUser(call));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(domain::User user, users.ShowUser(call.Context(), call.Param("user_id")));
  return JsonResponse(200, {{"user", IamUserExToJson(user)}});
}

Result<HttpResponse> UpdateUser(service::IamUserService& users, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidatePathUser(call));
  WSAPP_ASSIGN_OR_RETURN(service::IamUserChange change, ParseUpdateUser(call.body()));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(domain::User user,
                         users.UpdateUser(call.Context(), call.Param("user_id"), change));
  return JsonResponse(200, {{"user", IamUserToJson(user)}});
}

Result<HttpResponse> DeleteUser(service::IamUserService& users, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidatePathUser(call));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_RETURN_IF_ERROR(users.DeleteUser(call.Context(), call.Param("user_id")));
  return IamNoContent();
}

// --- Login profiles ---------------------------------------------------------------------

Result<HttpResponse> CreateLoginProfile(service::IamUserService& users, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidatePathUser(call));
  JsonFields fields(call.body());
  WSAPP_ASSIGN_OR_RETURN(std::string password,
                         fields.RequiredString("password", kMinPasswordChars, kMaxPasswordChars));
  if (!fields.Has("password_reset_required")) {
    return InvalidArgument("password_reset_required is required");
  }
  WSAPP_ASSIGN_OR_RETURN(bool reset_required,
                         fields.OptionalBool("password_reset_required", false));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(
      domain::LoginProfile profile,
      users.CreateLoginProfile(call.Context(), call.Param("user_id"), password, reset_required));
  return JsonResponse(201, {{"login_profile", LoginProfileToJson(profile)}});
}

Result<HttpResponse> ShowLoginProfile(service::IamUserService& users, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidatePathUser(call));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(domain::LoginProfile profile,
                         users.ShowLoginProfile(call.Context(), call.Param("user_id")));
  return JsonResponse(200, {{"login_profile", LoginProfileToJson(profile)}});
}

Result<HttpResponse> UpdateLoginProfile(service::IamUserService& users, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidatePathUser(call));
  JsonFields fields(call.body());
  service::LoginProfileChange change;
  if (fields.Has("password")) {
    WSAPP_ASSIGN_OR_RETURN(change.password,
                           fields.RequiredString("password", kMinPasswordChars, kMaxPasswordChars));
  }
  WSAPP_ASSIGN_OR_RETURN(change.password_reset_required,
                         OptionalFlag(fields, "password_reset_required"));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(domain::LoginProfile profile,
                         users.UpdateLoginProfile(call.Context(), call.Param("user_id"), change));
  return JsonResponse(200, {{"login_profile", LoginProfileToJson(profile)}});
}

Result<HttpResponse> DeleteLoginProfile(service::IamUserService& users, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidatePathUser(call));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_RETURN_IF_ERROR(users.DeleteLoginProfile(call.Context(), call.Param("user_id")));
  return IamNoContent();
}

// --- Access keys ------------------------------------------------------------------------

Status ValidatePathKey(const ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidatePathUser(call));
  return ValidateIamId("access_key_id", call.Param("access_key_id"));
}

Result<HttpResponse> CreateAccessKey(service::IamUserService& users, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidatePathUser(call));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(domain::AccessKey key,
                         users.CreateAccessKey(call.Context(), call.Param("user_id")));
  return JsonResponse(201, {{"access_key", AccessKeyToJson(key, /*with_secret=*/true)}});
}

Result<HttpResponse> ListAccessKeys(service::IamUserService& users, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidatePathUser(call));
  WSAPP_RETURN_IF_ERROR(ParseMarkerPage(call.query()));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(auto keys, users.ListAccessKeys(call.Context(), call.Param("user_id")));
  nlohmann::json items = nlohmann::json::array();
  for (const domain::AccessKey& key : keys) {
    items.push_back(AccessKeyToJson(key, /*with_secret=*/false));
  }
  // A user has at most two keys, so the list is always one page.
  return JsonResponse(
      200, {{"access_keys", std::move(items)}, {"page_info", PageInfoJson("", keys.size())}});
}

Result<HttpResponse> UpdateAccessKey(service::IamUserService& users, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidatePathKey(call));
  WSAPP_ASSIGN_OR_RETURN(std::string status,
                         JsonFields(call.body()).RequiredEnum("status", {"active", "inactive"}));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(
      domain::AccessKey key,
      users.SetAccessKeyEnabled(call.Context(), call.Param("user_id"), call.Param("access_key_id"),
                                status == "active"));
  return JsonResponse(200, {{"access_key", AccessKeyToJson(key, /*with_secret=*/false)}});
}

Result<HttpResponse> DeleteAccessKey(service::IamUserService& users, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidatePathKey(call));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_RETURN_IF_ERROR(
      users.DeleteAccessKey(call.Context(), call.Param("user_id"), call.Param("access_key_id")));
  return IamNoContent();
}

}  // namespace

Status AddIamUserRoutes(Router& router, const Services& services) {
  service::IamUserService& users = *services.iam_users;
  // D8 for IAM: iam::<account>:user:<user_name>; lists on the wildcard (D22), creates on the
  // requested name.
  auto all_users = [](const ApiCall&) { return std::vector<ResourceRef>{{"user", "*", "iam"}}; };
  auto new_user = [](const ApiCall& call) {
    auto request = ParseCreateUser(call.body());
    return std::vector<ResourceRef>{{"user", request.ok() ? request->name : "*", "iam"}};
  };
  auto path_user = [&users](const ApiCall& call) {
    return std::vector<ResourceRef>{
        {"user", users.UrnName(call.principal().account_id, call.Param("user_id")), "iam"}};
  };
  const std::string collection = "/v5/users";
  const std::string user = collection + "/{user_id}";
  const std::string profile = user + "/login-profile";
  const std::string keys = user + "/access-keys";
  const std::string key = keys + "/{access_key_id}";
  std::vector<RouteSpec<service::IamUserService>> specs = {
      {"CreateUserV5", "POST", collection, "iam:users:createUserV5", new_user, CreateUser,
       BodyKind::kJson},
      {"ListUsersV5", "GET", collection, "iam:users:listUsersV5", all_users, ListUsers,
       BodyKind::kNone},
      {"ShowUserV5", "GET", user, "iam:users:getUserV5", path_user, ShowUser, BodyKind::kNone},
      {"UpdateUserV5", "PUT", user, "iam:users:updateUserV5", path_user, UpdateUser,
       BodyKind::kJson},
      {"DeleteUserV5", "DELETE", user, "iam:users:deleteUserV5", path_user, DeleteUser,
       BodyKind::kNone},
      {"CreateLoginProfileV5", "POST", profile, "iam:users:createLoginProfileV5", path_user,
       CreateLoginProfile, BodyKind::kJson},
      {"ShowLoginProfileV5", "GET", profile, "iam:users:getLoginProfileV5", path_user,
       ShowLoginProfile, BodyKind::kNone},
      {"UpdateLoginProfileV5", "PUT", profile, "iam:users:updateLoginProfileV5", path_user,
       UpdateLoginProfile, BodyKind::kJson},
      {"DeleteLoginProfileV5", "DELETE", profile, "iam:users:deleteLoginProfileV5", path_user,
       DeleteLoginProfile, BodyKind::kNone},
      {"CreateAccessKeyV5", "POST", keys, "iam:credentials:createAccessKeyV5", path_user,
       CreateAccessKey, BodyKind::kNone},
      {"ListAccessKeysV5", "GET", keys, "iam:credentials:listAccessKeysV5", path_user,
       ListAccessKeys, BodyKind::kNone},
      {"UpdateAccessKeyV5", "PUT", key, "iam:credentials:updateAccessKeyV5", path_user,
       UpdateAccessKey, BodyKind::kJson},
      {"DeleteAccessKeyV5", "DELETE", key, "iam:credentials:deleteAccessKeyV5", path_user,
       DeleteAccessKey, BodyKind::kNone},
  };
  return AddRouteTable(router, users, specs, RouteScope::kAccount, ErrorShape::kIamV5);
}

}  // namespace wsapp::api
