// The role-based model (v3) with the vendor's paths and the JSON names of its IAM SDK's v3
// models: custom policies (`/v3.0/OS-ROLE/roles`, Version 1.1), their grants to IAM groups on
// projects, the system policies as `/v3/roles`, and the v3 views of users, groups and group
// membership. Errors take Keystone's shape, as the rest of `/v3`.
#include <nlohmann/json.hpp>

#include "api/api_call.h"
#include "api/handlers.h"
#include "api/iam_wire.h"
#include "api/json_body.h"
#include "api/route_table.h"
#include "common/time_format.h"
#include "iam/policy_document.h"
#include "iam/system_policies.h"
#include "service/iam_group_service.h"
#include "service/iam_role_service.h"
#include "service/iam_user_service.h"

namespace wsapp::api {
namespace {

constexpr size_t kMaxRoleDescriptionChars = 256;

// The document as stored, as a JSON object (it was validated when stored).
nlohmann::json PolicyObject(const std::string& text) {
  return nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
}

// RoleResult / ServicePolicyRoleResult of the SDK.
nlohmann::json CustomRoleToJson(const domain::IamRole& role) {
  return {{"id", role.id},
          {"name", role.name},
          {"display_name", role.display_name},
          {"type", role.type},
          {"catalog", "CUSTOMED"},
          {"description", role.description},
          {"description_cn", role.description_cn},
          {"domain_id", role.account_id},
          {"policy", PolicyObject(role.policy)},
          {"links", {{"self", "/v3/roles/" + role.id}}},
          {"created_time", std::to_string(role.created_at_millis)},
          {"updated_time", std::to_string(role.updated_at_millis)}};
}

nlohmann::json SystemRoleToJson(const domain::IamPolicy& policy) {
  return {{"id", policy.id},
          {"name", policy.name},
          {"display_name", policy.name},
          {"type", domain::kRoleTypeProject},
          {"catalog", "WorkspaceApp"},
          {"flag", "fine_grained"},
          {"description", policy.description},
          {"policy", PolicyObject(policy.document)},
          {"links", {{"self", "/v3/roles/" + policy.id}}}};
}

nlohmann::json GrantedRoleToJson(const service::GrantedRole& role) {
  return role.is_system ? SystemRoleToJson(role.system) : CustomRoleToJson(role.custom);
}

// {"role": {display_name, type, description, description_cn, policy}}; the policy is checked by
// the policy engine's own parser (Version 1.1), so what is stored is what enforcement evaluates.
Result<service::IamRoleSpec> ParseRoleSpec(const nlohmann::json& body) {
  JsonFields top(body);
  WSAPP_ASSIGN_OR_RETURN(const nlohmann::json* role, top.OptionalObject("role"));
  if (role == nullptr) {
    return InvalidArgument("role is required");
  }
  JsonFields fields(*role, "role.");
  service::IamRoleSpec spec;
  WSAPP_ASSIGN_OR_RETURN(spec.display_name, fields.RequiredString("display_name", 1, 128));
  WSAPP_ASSIGN_OR_RETURN(
      spec.type, fields.RequiredEnum("type", {domain::kRoleTypeGlobal, domain::kRoleTypeProject}));
  WSAPP_ASSIGN_OR_RETURN(spec.description,
                         fields.RequiredString("description", 1, kMaxRoleDescriptionChars));
  WSAPP_ASSIGN_OR_RETURN(spec.description_cn,
                         fields.OptionalString("description_cn", 0, kMaxRoleDescriptionChars));
  WSAPP_ASSIGN_OR_RETURN(const nlohmann::json* policy, fields.OptionalObject("policy"));
  if (policy == nullptr) {
    return InvalidArgument("role.policy is required");
  }
  spec.policy = policy->dump();
  auto parsed = iam::ParsePolicyDocument(spec.policy, iam::PolicyLanguage::kRoleV11);
  if (!parsed.ok()) {
    return InvalidArgument("malformed role.policy: " + parsed.error().public_message);
  }
  return spec;
}

Result<HttpResponse> CreateRole(service::IamRoleService& roles, ApiCall& call) {
  WSAPP_ASSIGN_OR_RETURN(service::IamRoleSpec spec, ParseRoleSpec(call.body()));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(domain::IamRole role, roles.CreateRole(call.Context(), std::move(spec)));
  return JsonResponse(201, {{"role", CustomRoleToJson(role)}});
}

Result<HttpResponse> ListRoles(service::IamRoleService& roles, ApiCall& call) {
  WSAPP_ASSIGN_OR_RETURN(int64_t page_number, call.query().Int("page", 1, 1000000, 1));
  WSAPP_ASSIGN_OR_RETURN(int64_t per_page, call.query().Int("per_page", 1, 300, 300));
  domain::PageRequest page{(page_number - 1) * per_page, per_page};

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(auto result, roles.ListRoles(call.Context(), page));
  nlohmann::json items = nlohmann::json::array();
  for (const domain::IamRole& role : result.items) {
    items.push_back(CustomRoleToJson(role));
  }
  return JsonResponse(200, {{"roles", std::move(items)},
                            {"links", KeystoneLinks("/v3.0/OS-ROLE/roles")},
                            {"total_number", result.count}});
}

Result<HttpResponse> ShowRole(service::IamRoleService& roles, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidateIamPathIds(call, {"role_id"}));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(domain::IamRole role,
                         roles.ShowRole(call.Context(), call.Param("role_id")));
  return JsonResponse(200, {{"role", CustomRoleToJson(role)}});
}

Result<HttpResponse> UpdateRole(service::IamRoleService& roles, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidateIamPathIds(call, {"role_id"}));
  WSAPP_ASSIGN_OR_RETURN(service::IamRoleSpec spec, ParseRoleSpec(call.body()));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(domain::IamRole role,
                         roles.UpdateRole(call.Context(), call.Param("role_id"), std::move(spec)));
  return JsonResponse(200, {{"role", CustomRoleToJson(role)}});
}

Result<HttpResponse> DeleteRole(service::IamRoleService& roles, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidateIamPathIds(call, {"role_id"}));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_RETURN_IF_ERROR(roles.DeleteRole(call.Context(), call.Param("role_id")));
  return JsonResponse(200, nlohmann::json::object());
}

// KeystoneListPermissions: the system policies (D23); `display_name` filters exactly.
Result<HttpResponse> ListSystemRoles(service::IamRoleService&, ApiCall& call) {
  WSAPP_ASSIGN_OR_RETURN(std::string display_name, call.query().String("display_name", 128));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  nlohmann::json items = nlohmann::json::array();
  for (const iam::SystemPolicy& system : iam::SystemPolicies()) {
    if (!display_name.empty() && display_name != system.policy.name) {
      continue;
    }
    domain::IamPolicy policy;
    policy.id = system.policy.policy_id;
    policy.name = system.policy.name;
    policy.description = system.description;
    policy.document = system.document_text;
    items.push_back(SystemRoleToJson(policy));
  }
  size_t total = items.size();
  return JsonResponse(200, {{"roles", std::move(items)},
                            {"links", KeystoneLinks("/v3/roles")},
                            {"total_number", total}});
}

Result<HttpResponse> GrantRole(service::IamRoleService& roles, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidateIamPathIds(call, {"project_id", "group_id", "role_id"}));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_RETURN_IF_ERROR(roles.Grant(call.Context(), call.Param("project_id"),
                                    call.Param("group_id"), call.Param("role_id")));
  return IamNoContent();
}

Result<HttpResponse> CheckGrant(service::IamRoleService& roles, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidateIamPathIds(call, {"project_id", "group_id", "role_id"}));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(
      bool exists, roles.HasGrant(call.Context(), call.Param("project_id"), call.Param("group_id"),
                                  call.Param("role_id")));
  if (!exists) {
    return MakeError(ErrorCode::kNotFound, "The role is not granted to the group on the project.",
                     "iam_entity_not_found");
  }
  return IamNoContent();
}

Result<HttpResponse> RevokeRole(service::IamRoleService& roles, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidateIamPathIds(call, {"project_id", "group_id", "role_id"}));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_RETURN_IF_ERROR(roles.Revoke(call.Context(), call.Param("project_id"),
                                     call.Param("group_id"), call.Param("role_id")));
  return IamNoContent();
}

Result<HttpResponse> ListGrants(service::IamRoleService& roles, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidateIamPathIds(call, {"project_id", "group_id"}));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(auto granted, roles.ListGrants(call.Context(), call.Param("project_id"),
                                                        call.Param("group_id")));
  nlohmann::json items = nlohmann::json::array();
  for (const service::GrantedRole& role : granted) {
    items.push_back(GrantedRoleToJson(role));
  }
  return JsonResponse(
      200, {{"roles", std::move(items)},
            {"links", KeystoneLinks("/v3/projects/" + call.Param("project_id") + "/groups/" +
                                    call.Param("group_id") + "/roles")}});
}

}  // namespace

Status AddIamRoleRoutes(Router& router, const Services& services) {
  service::IamRoleService& roles = *services.iam_roles;
  auto all_roles = [](const ApiCall&) { return std::vector<ResourceRef>{{"role", "*", "iam"}}; };
  auto path_role = [](const ApiCall& call) {
    return std::vector<ResourceRef>{{"role", call.Param("role_id"), "iam"}};
  };
  // `services` is the caller's temporary: the builders keep the service pointer itself.
  service::IamGroupService* groups = services.iam_groups;
  auto grant = [groups](const ApiCall& call) {
    return std::vector<ResourceRef>{
        {"group", groups->UrnName(call.principal().account_id, call.Param("group_id")), "iam"},
        {"role", call.Param("role_id"), "iam"}};
  };
  auto group = [groups](const ApiCall& call) {
    return std::vector<ResourceRef>{
        {"group", groups->UrnName(call.principal().account_id, call.Param("group_id")), "iam"}};
  };
  const std::string custom = "/v3.0/OS-ROLE/roles";
  const std::string grants = "/v3/projects/{project_id}/groups/{group_id}/roles";
  std::vector<RouteSpec<service::IamRoleService>> specs = {
      {"CreateCloudServiceCustomPolicy", "POST", custom, "iam:roles:createRole", all_roles,
       CreateRole, BodyKind::kJson},
      {"ListCustomPolicies", "GET", custom, "iam:roles:listRoles", all_roles, ListRoles,
       BodyKind::kNone},
      {"ShowCustomPolicy", "GET", custom + "/{role_id}", "iam:roles:getRole", path_role, ShowRole,
       BodyKind::kNone},
      {"UpdateCloudServiceCustomPolicy", "PATCH", custom + "/{role_id}", "iam:roles:updateRole",
       path_role, UpdateRole, BodyKind::kJson},
      {"DeleteCustomPolicy", "DELETE", custom + "/{role_id}", "iam:roles:deleteRole", path_role,
       DeleteRole, BodyKind::kNone},
      {"KeystoneListPermissions", "GET", "/v3/roles", "iam:roles:listRoles", all_roles,
       ListSystemRoles, BodyKind::kNone},
      {"KeystoneListProjectPermissionsForGroup", "GET", grants,
       "iam:permissions:listRolesForGroupOnProject", group, ListGrants, BodyKind::kNone},
      {"KeystoneAssociateGroupWithProjectPermission", "PUT", grants + "/{role_id}",
       "iam:permissions:grantRoleToGroupOnProject", grant, GrantRole, BodyKind::kNone},
      {"KeystoneCheckProjectPermissionForGroup", "HEAD", grants + "/{role_id}",
       "iam:permissions:checkRoleForGroupOnProject", grant, CheckGrant, BodyKind::kNone},
      {"KeystoneRemoveProjectPermissionFromGroup", "DELETE", grants + "/{role_id}",
       "iam:permissions:revokeRoleFromGroupOnProject", grant, RevokeRole, BodyKind::kNone},
  };
  return AddRouteTable(router, roles, specs, RouteScope::kAccount, ErrorShape::kKeystone);
}

}  // namespace wsapp::api
