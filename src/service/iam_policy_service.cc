#include "service/iam_policy_service.h"

#include <nlohmann/json.hpp>

#include "common/crypto.h"
#include "service/iam_group_service.h"
#include "service/iam_user_service.h"
#include "service/unit_runner.h"

namespace wsapp::service {
namespace {

nlohmann::json PolicyResource(const domain::IamPolicy& policy, const std::string& outcome) {
  return {{"type", "iam_policy"}, {"id", policy.id}, {"name", policy.name}, {"outcome", outcome}};
}

Result<domain::IamPolicy> RequirePolicy(store::UnitOfWork& unit, const std::string& account_id,
                                        const std::string& policy_id) {
  WSAPP_ASSIGN_OR_RETURN(auto policy, unit.FindIamPolicy(account_id, policy_id));
  if (!policy) {
    return IamNotFound("policy", policy_id);
  }
  return *policy;
}

Status RequirePrincipal(store::UnitOfWork& unit, const std::string& account_id,
                        const std::string& principal_type, const std::string& principal_id) {
  if (principal_type == domain::kPrincipalGroup) {
    WSAPP_RETURN_IF_ERROR(RequireIamGroup(unit, account_id, principal_id));
    return OkStatus();
  }
  WSAPP_RETURN_IF_ERROR(RequireIamUser(unit, account_id, principal_id));
  return OkStatus();
}

}  // namespace

IamPolicyService::IamPolicyService(store::Store& store) : store_(store) {}

Result<domain::IamPolicy> IamPolicyService::CreatePolicy(const RequestContext& context,
                                                         NewIamPolicy request) {
  domain::IamPolicy policy;
  WSAPP_ASSIGN_OR_RETURN(policy.id, RandomHexId());
  policy.account_id = context.account_id;
  policy.name = std::move(request.name);
  policy.path = std::move(request.path);
  policy.description = std::move(request.description);
  policy.document = std::move(request.document);
  policy.created_at_millis = context.now_millis;
  policy.updated_at_millis = context.now_millis;

  WSAPP_RETURN_IF_ERROR(RunAudited(store_, context, "iam:policies:createV5",
                                   [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
                                     Status inserted = unit.InsertIamPolicy(policy);
                                     if (!inserted.ok() &&
                                         inserted.error().code == ErrorCode::kAlreadyExists) {
                                       return IamAlreadyExists("policy", policy.name);
                                     }
                                     detail["resources"] = {PolicyResource(policy, "created")};
                                     return inserted;
                                   }));
  return policy;
}

Result<domain::MarkerPage<domain::IamPolicy>> IamPolicyService::ListPolicies(
    const RequestContext& context, const domain::IamPolicyFilter& filter,
    const domain::MarkerPageRequest& page) {
  return RunRead<domain::MarkerPage<domain::IamPolicy>>(store_, [&](store::UnitOfWork& unit) {
    return unit.ListIamPolicies(context.account_id, filter, page);
  });
}

Result<domain::IamPolicy> IamPolicyService::GetPolicy(const RequestContext& context,
                                                      const std::string& policy_id) {
  return RunRead<domain::IamPolicy>(store_, [&](store::UnitOfWork& unit) {
    return RequirePolicy(unit, context.account_id, policy_id);
  });
}

Result<domain::IamPolicy> IamPolicyService::GetPolicyVersion(const RequestContext& context,
                                                             const std::string& policy_id,
                                                             const std::string& version_id) {
  // Limitation: a policy has only its first version, so only v1 is ever found.
  WSAPP_ASSIGN_OR_RETURN(domain::IamPolicy policy, GetPolicy(context, policy_id));
  if (version_id != policy.default_version_id) {
    return IamNotFound("version " + version_id + " of policy", policy_id);
  }
  return policy;
}

Status IamPolicyService::DeletePolicy(const RequestContext& context, const std::string& policy_id) {
  return RunAudited(
      store_, context, "iam:policies:deleteV5",
      [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
        WSAPP_ASSIGN_OR_RETURN(auto policy, RequirePolicy(unit, context.account_id, policy_id));
        if (policy.policy_type == domain::kPolicyTypeSystem) {
          return InvalidArgument("A system policy cannot be deleted.", "system_policy");
        }
        if (policy.attachment_count > 0) {
          return MakeError(ErrorCode::kFailedPrecondition,
                           "The policy is attached to users or groups; detach it first.",
                           "policy_attached");
        }
        WSAPP_RETURN_IF_ERROR(unit.DeleteIamPolicy(context.account_id, policy_id));
        detail["resources"] = {PolicyResource(policy, "deleted")};
        return OkStatus();
      });
}

Status IamPolicyService::Attach(const RequestContext& context, const std::string& policy_id,
                                const std::string& principal_type,
                                const std::string& principal_id) {
  std::string action = principal_type == domain::kPrincipalGroup ? "iam:groups:attachPolicyV5"
                                                                 : "iam:users:attachPolicyV5";
  return RunAudited(
      store_, context, action, [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
        WSAPP_ASSIGN_OR_RETURN(auto policy, RequirePolicy(unit, context.account_id, policy_id));
        WSAPP_RETURN_IF_ERROR(
            RequirePrincipal(unit, context.account_id, principal_type, principal_id));
        WSAPP_ASSIGN_OR_RETURN(bool attached,
                               unit.AttachIamPolicy(context.account_id, policy_id, principal_type,
                                                    principal_id, context.now_millis));
        detail["resources"] = {PolicyResource(policy, attached ? "attached" : "unchanged")};
        detail[principal_type + "_id"] = principal_id;
        return OkStatus();
      });
}

Status IamPolicyService::Detach(const RequestContext& context, const std::string& policy_id,
                                const std::string& principal_type,
                                const std::string& principal_id) {
  std::string action = principal_type == domain::kPrincipalGroup ? "iam:groups:detachPolicyV5"
                                                                 : "iam:users:detachPolicyV5";
  return RunAudited(
      store_, context, action, [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
        WSAPP_ASSIGN_OR_RETURN(auto policy, RequirePolicy(unit, context.account_id, policy_id));
        WSAPP_RETURN_IF_ERROR(
            RequirePrincipal(unit, context.account_id, principal_type, principal_id));
        WSAPP_ASSIGN_OR_RETURN(bool detached, unit.DetachIamPolicy(context.account_id, policy_id,
                                                                   principal_type, principal_id));
        if (!detached) {
          return IamNotFound("attachment of policy " + policy_id + " to " + principal_type,
                             principal_id);
        }
        detail["resources"] = {PolicyResource(policy, "detached")};
        detail[principal_type + "_id"] = principal_id;
        return OkStatus();
      });
}

Result<domain::MarkerPage<domain::AttachedPolicy>> IamPolicyService::ListAttached(
    const RequestContext& context, const std::string& principal_type,
    const std::string& principal_id, const domain::MarkerPageRequest& page) {
  return RunRead<domain::MarkerPage<domain::AttachedPolicy>>(
      store_, [&](store::UnitOfWork& unit) -> Result<domain::MarkerPage<domain::AttachedPolicy>> {
        WSAPP_RETURN_IF_ERROR(
            RequirePrincipal(unit, context.account_id, principal_type, principal_id));
        return unit.ListAttachedPolicies(context.account_id, principal_type, principal_id, page);
      });
}

std::string IamPolicyService::UrnName(const std::string& account_id, const std::string& id) {
  auto name = RunRead<std::string>(store_, [&](store::UnitOfWork& unit) -> Result<std::string> {
    WSAPP_ASSIGN_OR_RETURN(auto found, unit.FindIamPolicy(account_id, id));
    return found ? found->name : id;
  });
  return name.ok() ? *name : id;
}

}  // namespace wsapp::service
