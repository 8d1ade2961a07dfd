#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "domain/app_group.h"
#include "domain/server_group.h"
#include "service/request_context.h"
#include "store/store.h"

namespace wsapp::service {

// Checks, inside `unit`, that an app group of `app_type` in the project may bind the server
// group `server_group_id` (CreateAppGroup, UpdateAppGroup). `app_group_id_being_updated` is the
// group that asks when it already exists ("" on create), so that re-binding a group to its own
// server group passes. An empty `server_group_id` (no binding) passes.
// Errors: kNotFound (reason "server_group_not_found") when the server group is not in the
// project; kInvalidArgument (reason "server_group_already_bound", 400 WKS.00131105) when another
// app group already binds the server group and the new app group, the server group or a bound
// app group is SESSION_DESKTOP_APP (reference §1.2: in shared-desktop mode a server group
// serves only one app group).
Status CheckServerGroupBinding(store::UnitOfWork& unit, const std::string& project_id,
                               const std::string& server_group_id, const std::string& app_type,
                               const std::string& app_group_id_being_updated);

// What UpdateServerGroup changes; absent members keep their stored values.
struct ServerGroupChanges {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<std::string> app_type;
  // Members of the group's attributes to overwrite, by wire name.
  nlohmann::json attributes = nlohmann::json::object();
};

// ShowServerGroup's view: the group and the name of its project.
struct ServerGroupDetail {
  domain::ServerGroup group;
  std::string project_name;
};

// Server groups (D30) and the catalogs of applications their images offer. Each change runs in
// one unit of work with its audit record. Thread-safe.
class ServerGroupService {
 public:
  explicit ServerGroupService(store::Store& store);

  // Creates `draft` in the context's project with a new lowercase UUID as its id and the
  // context's time as its creation and update times. Errors: kAlreadyExists (reason
  // "duplicate_name") when the project has a server group of that name.
  Result<domain::ServerGroup> Create(const RequestContext& context, domain::ServerGroup draft);

  // Newest first; `count` counts all matches (D11).
  Result<domain::Page<domain::ServerGroup>> List(const RequestContext& context,
                                                 const domain::ServerGroupFilter& filter,
                                                 const domain::PageRequest& page);

  // Errors: kNotFound (reason "server_group_not_found").
  Result<ServerGroupDetail> Show(const RequestContext& context, const std::string& id);

  // Applies `changes` and sets the update time. Errors: kNotFound (reason
  // "server_group_not_found"); kAlreadyExists (reason "duplicate_name"); kInvalidArgument
  // (reason "server_group_already_bound") when app_type becomes SESSION_DESKTOP_APP while more
  // than one app group binds the group.
  Status Update(const RequestContext& context, const std::string& id,
                const ServerGroupChanges& changes);

  // Deletes the group and its catalog. An unknown id succeeds, so a repeat does too.
  // Errors: kFailedPrecondition (reason "server_group_in_use", 409) while app groups bind it.
  Status Delete(const RequestContext& context, const std::string& id);

  // Replaces the group's catalog and returns it as stored. Errors: kNotFound (reason
  // "server_group_not_found"); kAlreadyExists (reason "duplicate_name") when two items share a
  // name.
  Result<domain::ServerGroupCatalog> ReplaceCatalog(const RequestContext& context,
                                                    const std::string& id,
                                                    const domain::ServerGroupCatalog& catalog);

  // Errors: kNotFound (reason "server_group_not_found").
  Result<domain::ServerGroupCatalog> GetCatalog(const RequestContext& context,
                                                const std::string& id);

  // The catalog of the server group bound to the app group, each item marked with whether an
  // app of its name is published in that group (ShowPublishableApp). Errors: kNotFound with
  // reason "app_group_not_found" when the project has no such app group, and reason
  // "server_group_not_found" when it binds no server group or its server group is gone.
  Result<domain::ServerGroupCatalog> ListPublishable(const RequestContext& context,
                                                     const std::string& app_group_id);

 private:
  store::Store& store_;
};

// The error for a server group that is not in the project.
Error ServerGroupNotFound(const std::string& server_group_id);

}  // namespace wsapp::service
