#pragma once

#include "api/router.h"
#include "common/result.h"
#include "service/app_group_service.h"
#include "service/app_service.h"
#include "service/authorization_service.h"
#include "service/project_service.h"
#include "iam/login_service.h"

namespace wsapp::service {
class ServerGroupService;
class DirectoryService;
class IconService;
class IamUserService;
class IamGroupService;
class IamPolicyService;
class IamRoleService;
class AuditTrailService;
}  // namespace wsapp::service

namespace wsapp::api {

// The services the handlers call. Owned elsewhere; must outlive the router.
struct Services {
  service::AppGroupService* app_groups = nullptr;
  service::AppService* apps = nullptr;
  service::AuthorizationService* authorizations = nullptr;
  service::ProjectService* projects = nullptr;
  iam::LoginService* login = nullptr;
  service::ServerGroupService* server_groups = nullptr;  // issue #3
  service::DirectoryService* directory = nullptr;        // issue #3
  service::IconService* icons = nullptr;                 // issue #3
  service::IamUserService* iam_users = nullptr;          // issue #4
  service::IamGroupService* iam_groups = nullptr;        // issue #4
  service::IamPolicyService* iam_policies = nullptr;     // issue #4
  service::IamRoleService* iam_roles = nullptr;          // issue #5
  service::AuditTrailService* audit = nullptr;           // audit trail
};

// Each adds the routes of one resource. Errors: from Router::Add.
Status AddAppGroupRoutes(Router& router, const Services& services);
Status AddAppRoutes(Router& router, const Services& services);
Status AddAuthorizationRoutes(Router& router, const Services& services);
Status AddIdentityRoutes(Router& router, const Services& services);
// Server groups, their catalogs and ShowPublishableApp. Requires: services.server_groups is set.
Status AddServerGroupRoutes(Router& router, const Services& services);
// The end-user directory under /v2/{project_id}. Requires: services.directory is set.
Status AddDirectoryRoutes(Router& router, const Services& services);
// Requires: services.icons is set.
Status AddIconRoutes(Router& router, const Services& services);
// The IAM administration API (v5) under /v5. Requires: services.iam_users, iam_groups and
// iam_policies are set.
Status AddIamUserRoutes(Router& router, const Services& services);
Status AddIamGroupRoutes(Router& router, const Services& services);
Status AddIamPolicyRoutes(Router& router, const Services& services);
// The role-based model (v3): custom policies, project grants and /v3/roles. Requires:
// services.iam_roles and iam_groups are set.
Status AddIamRoleRoutes(Router& router, const Services& services);
// The explainer (an extension): POST /wsapp/v1/permissions/explain. Requires: iam_users set.
Status AddExplainRoutes(Router& router, const Services& services);
// The v3 views of users, groups and membership. Requires: iam_users and iam_groups are set.
Status AddIamV3GroupRoutes(Router& router, const Services& services);
// The audit trail (an extension): GET /wsapp/v1/audit-events. Requires: services.audit is set.
Status AddAuditRoutes(Router& router, const Services& services);

}  // namespace wsapp::api
