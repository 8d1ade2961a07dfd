// IAM administration (v5): identity policies and their attachments (CreatePolicyV5,
// ListPoliciesV5, GetPolicyV5, DeletePolicyV5, GetPolicyVersionV5, Attach/DetachUserPolicyV5,
// Attach/DetachGroupPolicyV5, ListAttachedUserPoliciesV5, ListAttachedGroupPoliciesV5).
#include <nlohmann/json.hpp>

#include "api/api_call.h"
#include "api/handlers.h"
#include "api/iam_wire.h"
#include "api/json_body.h"
#include "api/route_table.h"
#include "iam/policy_document.h"
#include "service/iam_group_service.h"
#include "service/iam_policy_service.h"
#include "service/iam_user_service.h"

namespace wsapp::api {
namespace {

constexpr size_t kMaxPolicyDescriptionChars = 1000;

Result<service::NewIamPolicy> ParseCreatePolicy(const nlohmann::json& body) {
  JsonFields fields(body);
  service::NewIamPolicy policy;
  WSAPP_ASSIGN_OR_RETURN(policy.name, fields.RequiredString("policy_name", 1, 128));
  WSAPP_RETURN_IF_ERROR(ValidateIamPolicyName("policy_name", policy.name));
  WSAPP_ASSIGN_OR_RETURN(policy.document,
                         fields.RequiredString("policy_document", 1, iam::kMaxPolicyDocumentChars));
  WSAPP_ASSIGN_OR_RETURN(policy.path, fields.OptionalString("path", 0, 512));
  WSAPP_RETURN_IF_ERROR(ValidateIamPath("path", policy.path));
  WSAPP_ASSIGN_OR_RETURN(policy.description,
                         fields.OptionalString("description", 0, kMaxPolicyDescriptionChars));
  return policy;
}

// The document is checked by the policy engine's own parser, so what is stored is exactly what
// enforcement can evaluate.
Status ValidateDocument(const std::string& document) {
  auto parsed = iam::ParsePolicyDocument(document, iam::PolicyLanguage::kIdentityV5);
  if (!parsed.ok()) {
    return InvalidArgument("malformed policy document: " + parsed.error().public_message,
                           "malformed_policy_document");
  }
  return OkStatus();
}

Result<domain::IamPolicyFilter> ParsePolicyFilter(const QueryParams& query) {
  domain::IamPolicyFilter filter;
  WSAPP_ASSIGN_OR_RETURN(filter.policy_type, query.Enum("policy_type", {"custom", "system"}));
  WSAPP_ASSIGN_OR_RETURN(filter.path_prefix, query.String("path_prefix", 512));
  WSAPP_ASSIGN_OR_RETURN(std::string only_attached, query.Enum("only_attached", {"true", "false"}));
  filter.only_attached = only_attached == "true";
  return filter;
}

Status ValidatePathPolicy(const ApiCall& call) {
  return ValidateIamId("policy_id", call.Param("policy_id"));
}

// The user_id or group_id member of an attach or detach body.
Result<std::string> ParsePrincipalId(const nlohmann::json& body, const std::string& field) {
  WSAPP_ASSIGN_OR_RETURN(std::string id, JsonFields(body).RequiredString(field, 1, 64));
  WSAPP_RETURN_IF_ERROR(ValidateIamId(field, id));
  return id;
}

Result<HttpResponse> CreatePolicy(service::IamPolicyService& policies, ApiCall& call) {
  WSAPP_ASSIGN_OR_RETURN(service::NewIamPolicy request, ParseCreatePolicy(call.body()));
  WSAPP_RETURN_IF_ERROR(ValidateDocument(request.document));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(domain::IamPolicy policy,
                         policies.CreatePolicy(call.Context(), std::move(request)));
  return JsonResponse(201, {{"policy", IamPolicyToJson(policy)}});
}

Result<HttpResponse> ListPolicies(service::IamPolicyService& policies, ApiCall& call) {
  WSAPP_ASSIGN_OR_RETURN(domain::MarkerPageRequest page, ParseMarkerPage(call.query()));
  WSAPP_ASSIGN_OR_RETURN(domain::IamPolicyFilter filter, ParsePolicyFilter(call.query()));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(auto result, policies.ListPolicies(call.Context(), filter, page));
  nlohmann::json items = nlohmann::json::array();
  for (const domain::IamPolicy& policy : result.items) {
    items.push_back(IamPolicyToJson(policy));
  }
  return JsonResponse(200, {{"policies", std::move(items)},
                            {"page_info", PageInfoJson(result.next_marker, result.items.size())}});
}

Result<HttpResponse> GetPolicy(service::IamPolicyService& policies, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidatePathPolicy(call));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(domain::IamPolicy policy,
                         policies.GetPolicy(call.Context(), call.Param("policy_id")));
  return JsonResponse(200, {{"policy", IamPolicyToJson(policy)}});
}

Result<HttpResponse> DeletePolicy(service::IamPolicyService& policies, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidatePathPolicy(call));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_RETURN_IF_ERROR(policies.DeletePolicy(call.Context(), call.Param("policy_id")));
  return IamNoContent();
}

Result<HttpResponse> GetPolicyVersion(service::IamPolicyService& policies, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidatePathPolicy(call));
  const std::string& version_id = call.Param("version_id");
  bool is_version = version_id.size() >= 2 && version_id.size() <= 10 && version_id[0] == 'v' &&
                    version_id[1] != '0' &&
                    version_id.find_first_not_of("0123456789", 1) == std::string::npos;
  if (!is_version) {
    return InvalidArgument("version_id must be v followed by a positive number");
  }

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(
      domain::IamPolicy policy,
      policies.GetPolicyVersion(call.Context(), call.Param("policy_id"), version_id));
  return JsonResponse(200, {{"policy_version", PolicyVersionToJson(policy)}});
}

// Attach and detach for both principal kinds share one shape: the id is in the body.
template <bool kIsAttach, const char* kPrincipalType>
Result<HttpResponse> ChangeAttachment(service::IamPolicyService& policies, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidatePathPolicy(call));
  std::string field = std::string(kPrincipalType) + "_id";
  WSAPP_ASSIGN_OR_RETURN(std::string principal_id, ParsePrincipalId(call.body(), field));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  const std::string& policy_id = call.Param("policy_id");
  WSAPP_RETURN_IF_ERROR(
      kIsAttach ? policies.Attach(call.Context(), policy_id, kPrincipalType, principal_id)
                : policies.Detach(call.Context(), policy_id, kPrincipalType, principal_id));
  // The vendor's attach and detach responses have no fields (D1).
  return JsonResponse(200, nlohmann::json::object());
}

template <const char* kPrincipalType>
Result<HttpResponse> ListAttached(service::IamPolicyService& policies, ApiCall& call) {
  std::string param = std::string(kPrincipalType) + "_id";
  WSAPP_RETURN_IF_ERROR(ValidateIamId(param, call.Param(param)));
  WSAPP_ASSIGN_OR_RETURN(domain::MarkerPageRequest page, ParseMarkerPage(call.query()));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(
      auto result, policies.ListAttached(call.Context(), kPrincipalType, call.Param(param), page));
  nlohmann::json items = nlohmann::json::array();
  for (const domain::AttachedPolicy& policy : result.items) {
    items.push_back(AttachedPolicyToJson(policy));
  }
  return JsonResponse(200, {{"attached_policies", std::move(items)},
                            {"page_info", PageInfoJson(result.next_marker, result.items.size())}});
}

}  // namespace

Status AddIamPolicyRoutes(Router& router, const Services& services) {
  service::IamPolicyService& policies = *services.iam_policies;
  service::IamUserService& users = *services.iam_users;
  service::IamGroupService& groups = *services.iam_groups;
  auto policy_ref = [&policies](const ApiCall& call) {
    return ResourceRef{
        "policy", policies.UrnName(call.principal().account_id, call.Param("policy_id")), "iam"};
  };
  auto user_ref = [&users](const ApiCall& call, const std::string& user_id) {
    return ResourceRef{"user", users.UrnName(call.principal().account_id, user_id), "iam"};
  };
  auto group_ref = [&groups](const ApiCall& call, const std::string& group_id) {
    return ResourceRef{"group", groups.UrnName(call.principal().account_id, group_id), "iam"};
  };
  ResourceBuilder all_policies = [](const ApiCall&) {
    return std::vector<ResourceRef>{{"policy", "*", "iam"}};
  };
  ResourceBuilder new_policy = [](const ApiCall& call) {
    auto request = ParseCreatePolicy(call.body());
    return std::vector<ResourceRef>{{"policy", request.ok() ? request->name : "*", "iam"}};
  };
  ResourceBuilder path_policy = [policy_ref](const ApiCall& call) {
    return std::vector<ResourceRef>{policy_ref(call)};
  };
  // Attachments name the policy and the principal it is attached to.
  ResourceBuilder policy_and_user = [policy_ref, user_ref](const ApiCall& call) {
    auto user_id = ParsePrincipalId(call.body(), "user_id");
    return std::vector<ResourceRef>{policy_ref(call),
                                    user_ref(call, user_id.ok() ? *user_id : "*")};
  };
  ResourceBuilder policy_and_group = [policy_ref, group_ref](const ApiCall& call) {
    auto group_id = ParsePrincipalId(call.body(), "group_id");
    return std::vector<ResourceRef>{policy_ref(call),
                                    group_ref(call, group_id.ok() ? *group_id : "*")};
  };
  ResourceBuilder path_user = [user_ref](const ApiCall& call) {
    return std::vector<ResourceRef>{user_ref(call, call.Param("user_id"))};
  };
  ResourceBuilder path_group = [group_ref](const ApiCall& call) {
    return std::vector<ResourceRef>{group_ref(call, call.Param("group_id"))};
  };
  const std::string collection = "/v5/policies";
  const std::string policy = collection + "/{policy_id}";
  std::vector<RouteSpec<service::IamPolicyService>> specs = {
      {"CreatePolicyV5", "POST", collection, "iam:policies:createV5", new_policy, CreatePolicy,
       BodyKind::kJson},
      {"ListPoliciesV5", "GET", collection, "iam:policies:listV5", all_policies, ListPolicies,
       BodyKind::kNone},
      {"GetPolicyV5", "GET", policy, "iam:policies:getV5", path_policy, GetPolicy, BodyKind::kNone},
      {"DeletePolicyV5", "DELETE", policy, "iam:policies:deleteV5", path_policy, DeletePolicy,
       BodyKind::kNone},
      {"GetPolicyVersionV5", "GET", policy + "/versions/{version_id}", "iam:policies:getVersionV5",
       path_policy, GetPolicyVersion, BodyKind::kNone},
      {"AttachUserPolicyV5", "POST", policy + "/attach-user", "iam:users:attachPolicyV5",
       policy_and_user, ChangeAttachment<true, domain::kPrincipalUser>, BodyKind::kJson},
      {"DetachUserPolicyV5", "POST", policy + "/detach-user", "iam:users:detachPolicyV5",
       policy_and_user, ChangeAttachment<false, domain::kPrincipalUser>, BodyKind::kJson},
      {"AttachGroupPolicyV5", "POST", policy + "/attach-group", "iam:groups:attachPolicyV5",
       policy_and_group, ChangeAttachment<true, domain::kPrincipalGroup>, BodyKind::kJson},
      {"DetachGroupPolicyV5", "POST", policy + "/detach-group", "iam:groups:detachPolicyV5",
       policy_and_group, ChangeAttachment<false, domain::kPrincipalGroup>, BodyKind::kJson},
      {"ListAttachedUserPoliciesV5", "GET", "/v5/users/{user_id}/attached-policies",
       "iam:users:listAttachedPoliciesV5", path_user, ListAttached<domain::kPrincipalUser>,
       BodyKind::kNone},
      {"ListAttachedGroupPoliciesV5", "GET", "/v5/groups/{group_id}/attached-policies",
       "iam:groups:listAttachedPoliciesV5", path_group, ListAttached<domain::kPrincipalGroup>,
       BodyKind::kNone},
  };
  return AddRouteTable(router, policies, specs, RouteScope::kAccount, ErrorShape::kIamV5);
}

}  // namespace wsapp::api
