#include "service/iam_role_service.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/crypto.h"
#include "service/iam_group_service.h"
#include "service/iam_user_service.h"
#include "service/unit_runner.h"

namespace wsapp::service {
namespace {

nlohmann::json RoleResource(const std::string& id, const std::string& outcome) {
  return {{"type", "iam_role"}, {"id", id}, {"outcome", outcome}};
}

Result<domain::IamRole> RequireRole(store::UnitOfWork& unit, const std::string& account_id,
                                    const std::string& role_id) {
  WSAPP_ASSIGN_OR_RETURN(auto role, unit.FindIamRole(account_id, role_id));
  if (!role) {
    return IamNotFound("role", role_id);
  }
  return *role;
}

// A custom policy of the account or a system policy, by id.
Result<GrantedRole> RequireGrantable(store::UnitOfWork& unit, const std::string& account_id,
                                     const std::string& role_id) {
  GrantedRole granted;
  WSAPP_ASSIGN_OR_RETURN(auto role, unit.FindIamRole(account_id, role_id));
  if (role) {
    granted.custom = std::move(*role);
    return granted;
  }
  WSAPP_ASSIGN_OR_RETURN(auto policy, unit.FindIamPolicy(account_id, role_id));
  if (policy && policy->policy_type == domain::kPolicyTypeSystem) {
    granted.is_system = true;
    granted.system = std::move(*policy);
    return granted;
  }
  return IamNotFound("role", role_id);
}

// The project, group and role of a grant, each in the caller's account.
Status RequireGrantParts(store::UnitOfWork& unit, const RequestContext& context,
                         const std::string& project_id, const std::string& group_id,
                         const std::string& role_id) {
  WSAPP_ASSIGN_OR_RETURN(auto project, unit.FindProjectById(project_id));
  if (!project || project->account_id != context.account_id) {
    return IamNotFound("project", project_id);
  }
  WSAPP_RETURN_IF_ERROR(RequireIamGroup(unit, context.account_id, group_id));
  WSAPP_RETURN_IF_ERROR(RequireGrantable(unit, context.account_id, role_id));
  return OkStatus();
}

nlohmann::json GrantResources(const std::string& project_id, const std::string& group_id,
                              const std::string& role_id, const std::string& outcome) {
  return {{{"type", "project"}, {"id", project_id}, {"outcome", "unchanged"}},
          {{"type", "iam_group"}, {"id", group_id}, {"outcome", "unchanged"}},
          RoleResource(role_id, outcome)};
}

}  // namespace

IamRoleService::IamRoleService(store::Store& store) : store_(store) {}

Result<domain::IamRole> IamRoleService::CreateRole(const RequestContext& context,
                                                   IamRoleSpec spec) {
  domain::IamRole role;
  WSAPP_ASSIGN_OR_RETURN(role.id, RandomHexId());
  role.account_id = context.account_id;
  role.name = "custom_" + role.id;
  role.display_name = std::move(spec.display_name);
  role.type = std::move(spec.type);
  role.description = std::move(spec.description);
  role.description_cn = std::move(spec.description_cn);
  role.policy = std::move(spec.policy);
  role.created_at_millis = context.now_millis;
  role.updated_at_millis = context.now_millis;

  WSAPP_RETURN_IF_ERROR(RunAudited(store_, context, "iam:roles:createRole",
                                   [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
                                     Status inserted = unit.InsertIamRole(role);
                                     if (!inserted.ok() &&
                                         inserted.error().code == ErrorCode::kAlreadyExists) {
                                       return IamAlreadyExists("custom policy", role.display_name);
                                     }
                                     detail["resources"] = {RoleResource(role.id, "created")};
                                     return inserted;
                                   }));
  return role;
}

Result<domain::Page<domain::IamRole>> IamRoleService::ListRoles(const RequestContext& context,
                                                                const domain::PageRequest& page) {
  return RunRead<domain::Page<domain::IamRole>>(
      store_, [&](store::UnitOfWork& unit) { return unit.ListIamRoles(context.account_id, page); });
}

Result<domain::IamRole> IamRoleService::ShowRole(const RequestContext& context,
                                                 const std::string& role_id) {
  return RunRead<domain::IamRole>(store_, [&](store::UnitOfWork& unit) {
    return RequireRole(unit, context.account_id, role_id);
  });
}

Result<domain::IamRole> IamRoleService::UpdateRole(const RequestContext& context,
                                                   const std::string& role_id, IamRoleSpec spec) {
  domain::IamRole role;
  WSAPP_RETURN_IF_ERROR(
      RunAudited(store_, context, "iam:roles:updateRole",
                 [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
                   WSAPP_ASSIGN_OR_RETURN(role, RequireRole(unit, context.account_id, role_id));
                   role.display_name = std::move(spec.display_name);
                   role.type = std::move(spec.type);
                   role.description = std::move(spec.description);
                   role.description_cn = std::move(spec.description_cn);
                   role.policy = std::move(spec.policy);
                   role.updated_at_millis = context.now_millis;
                   Status updated = unit.UpdateIamRole(role);
                   if (!updated.ok() && updated.error().code == ErrorCode::kAlreadyExists) {
                     return IamAlreadyExists("custom policy", role.display_name);
                   }
                   detail["resources"] = {RoleResource(role.id, "updated")};
                   return updated;
                 }));
  return role;
}

Status IamRoleService::DeleteRole(const RequestContext& context, const std::string& role_id) {
  return RunAudited(store_, context, "iam:roles:deleteRole",
                    [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
                      WSAPP_RETURN_IF_ERROR(RequireRole(unit, context.account_id, role_id));
                      WSAPP_ASSIGN_OR_RETURN(int64_t grants, unit.CountRoleGrants(role_id));
                      if (grants > 0) {
                        return MakeError(ErrorCode::kFailedPrecondition,
                                         "The custom policy " + role_id +
                                             " is granted to user groups; revoke its grants first.",
                                         "role_in_use");
                      }
                      WSAPP_RETURN_IF_ERROR(unit.DeleteIamRole(context.account_id, role_id));
                      detail["resources"] = {RoleResource(role_id, "deleted")};
                      return OkStatus();
                    });
}

Status IamRoleService::Grant(const RequestContext& context, const std::string& project_id,
                             const std::string& group_id, const std::string& role_id) {
  return RunAudited(
      store_, context, "iam:permissions:grantRoleToGroupOnProject",
      [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
        WSAPP_RETURN_IF_ERROR(RequireGrantParts(unit, context, project_id, group_id, role_id));
        WSAPP_ASSIGN_OR_RETURN(bool is_new, unit.GrantRoleOnProject(project_id, group_id, role_id,
                                                                    context.now_millis));
        detail["resources"] =
            GrantResources(project_id, group_id, role_id, is_new ? "granted" : "unchanged");
        return OkStatus();
      });
}

Status IamRoleService::Revoke(const RequestContext& context, const std::string& project_id,
                              const std::string& group_id, const std::string& role_id) {
  return RunAudited(
      store_, context, "iam:permissions:revokeRoleFromGroupOnProject",
      [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
        WSAPP_RETURN_IF_ERROR(RequireGrantParts(unit, context, project_id, group_id, role_id));
        WSAPP_ASSIGN_OR_RETURN(bool existed,
                               unit.RevokeRoleOnProject(project_id, group_id, role_id));
        if (!existed) {
          return IamNotFound("grant of role", role_id);
        }
        detail["resources"] = GrantResources(project_id, group_id, role_id, "revoked");
        return OkStatus();
      });
}

Result<bool> IamRoleService::HasGrant(const RequestContext& context, const std::string& project_id,
                                      const std::string& group_id, const std::string& role_id) {
  return RunRead<bool>(store_, [&](store::UnitOfWork& unit) -> Result<bool> {
    WSAPP_RETURN_IF_ERROR(RequireGrantParts(unit, context, project_id, group_id, role_id));
    WSAPP_ASSIGN_OR_RETURN(auto roles, unit.ListProjectGroupRoles(project_id, group_id));
    return std::find(roles.begin(), roles.end(), role_id) != roles.end();
  });
}

Result<std::vector<GrantedRole>> IamRoleService::ListGrants(const RequestContext& context,
                                                            const std::string& project_id,
                                                            const std::string& group_id) {
  return RunRead<std::vector<GrantedRole>>(
      store_, [&](store::UnitOfWork& unit) -> Result<std::vector<GrantedRole>> {
        WSAPP_ASSIGN_OR_RETURN(auto project, unit.FindProjectById(project_id));
        if (!project || project->account_id != context.account_id) {
          return IamNotFound("project", project_id);
        }
        WSAPP_RETURN_IF_ERROR(RequireIamGroup(unit, context.account_id, group_id));
        WSAPP_ASSIGN_OR_RETURN(auto role_ids, unit.ListProjectGroupRoles(project_id, group_id));
        std::vector<GrantedRole> roles;
        for (const std::string& role_id : role_ids) {
          auto role = RequireGrantable(unit, context.account_id, role_id);
          // A grant whose custom policy is gone cannot occur (delete refuses while granted).
          if (role.ok()) {
            roles.push_back(std::move(*role));
          }
        }
        return roles;
      });
}

}  // namespace wsapp::service
