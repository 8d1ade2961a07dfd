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

}  // namespace wsapp::api
