#pragma once

#include <nlohmann/json.hpp>

#include "api/query_params.h"
#include "common/result.h"
#include "domain/server_group.h"
#include "service/server_group_service.h"

namespace wsapp::api {

// The vendor's server-group models (D30) and the project's catalog extension, in wire form.
// Parsers fail with kInvalidArgument naming the field.

// CreateServerGroupReq. Every member of the vendor's model is checked for type and range; the
// ones the server does not use go into `attributes`, with their defaults applied.
Result<domain::ServerGroup> ParseCreateServerGroup(const nlohmann::json& body);

// UpdateServerGroupReq; members absent from the body are absent from the changes.
Result<service::ServerGroupChanges> ParseUpdateServerGroup(const nlohmann::json& body);

// The query of ListServerGroups (page, server_group_name, server_group_id, app_type, tags as
// "key=value,key2=value2", enterprise_project_id, is_secondary_server_group).
Result<domain::ServerGroupFilter> ParseServerGroupFilter(const QueryParams& query);

// The body of UpdateServerGroupCatalog (an extension): {"group_images": [...], "items": [...]}.
Result<domain::ServerGroupCatalog> ParseCatalog(const nlohmann::json& body);

// ServerGroup, as CreateServerGroup and ListServerGroups return it.
nlohmann::json ServerGroupToJson(const domain::ServerGroup& group);
// ShowServerGroupResponse: ServerGroup plus the detail members.
nlohmann::json ServerGroupDetailToJson(const service::ServerGroupDetail& detail);

// {"count", "group_images", "items"}; with `with_publishable`, each item carries
// `publishable` (ShowPublishableApp's ListPublishableAppResp).
nlohmann::json CatalogToJson(const domain::ServerGroupCatalog& catalog, bool with_publishable);

}  // namespace wsapp::api
