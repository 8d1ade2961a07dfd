#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "domain/app_group.h"
#include "domain/iam.h"
#include "service/request_context.h"
#include "store/store.h"

namespace wsapp::service {

// What a create or update of a custom policy sets. The policy text was validated by the caller
// (Version 1.1, the policy engine's grammar).
struct IamRoleSpec {
  std::string display_name;
  std::string type;
  std::string description;
  std::string description_cn;
  std::string policy;
};

// A role as a grant names it: a custom policy of the account, or a system policy (D23).
struct GrantedRole {
  bool is_system = false;
  domain::IamRole custom;    // when !is_system
  domain::IamPolicy system;  // when is_system
};

// The role-based model (v3): custom policies of Version 1.1 and their grants to IAM groups on
// projects. Every change is audited in its unit of work. Thread-safe.
class IamRoleService {
 public:
  explicit IamRoleService(store::Store& store);

  // Errors: kAlreadyExists (reason "iam_entity_exists") on a display name the account uses.
  Result<domain::IamRole> CreateRole(const RequestContext& context, IamRoleSpec spec);
  Result<domain::Page<domain::IamRole>> ListRoles(const RequestContext& context,
                                                  const domain::PageRequest& page);
  // Errors: kNotFound (reason "iam_entity_not_found").
  Result<domain::IamRole> ShowRole(const RequestContext& context, const std::string& role_id);
  // Errors: kNotFound; kAlreadyExists on another role's display name.
  Result<domain::IamRole> UpdateRole(const RequestContext& context, const std::string& role_id,
                                     IamRoleSpec spec);
  // Errors: kNotFound; kFailedPrecondition (reason "role_in_use") while a grant names it.
  Status DeleteRole(const RequestContext& context, const std::string& role_id);

  // Grants are idempotent: granting twice succeeds. Errors: kNotFound for a project outside the
  // caller's account, an unknown group, or a role that is neither a custom policy of the
  // account nor a system policy.
  Status Grant(const RequestContext& context, const std::string& project_id,
               const std::string& group_id, const std::string& role_id);
  // Errors: kNotFound as for Grant, and for a grant that does not exist.
  Status Revoke(const RequestContext& context, const std::string& project_id,
                const std::string& group_id, const std::string& role_id);
  // True when the grant exists. Errors: kNotFound as for Grant (but not for a missing grant).
  Result<bool> HasGrant(const RequestContext& context, const std::string& project_id,
                        const std::string& group_id, const std::string& role_id);
  // The roles granted to the group on the project, oldest grant first.
  Result<std::vector<GrantedRole>> ListGrants(const RequestContext& context,
                                              const std::string& project_id,
                                              const std::string& group_id);

 private:
  store::Store& store_;
};

}  // namespace wsapp::service
