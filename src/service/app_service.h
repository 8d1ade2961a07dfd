#pragma once

#include <string>
#include <vector>

#include "common/id_generator.h"
#include "common/result.h"
#include "domain/app.h"
#include "domain/app_group.h"
#include "service/request_context.h"
#include "store/store.h"

namespace wsapp::service {

// Publishing and unpublishing applications in app groups. Thread-safe.
class AppService {
 public:
  AppService(store::Store& store, IdGenerator& ids);

  // Publishes the apps (their ids, group, project, state and time are assigned here) all or
  // none. Errors: kNotFound (reason "app_group_not_found"); kAlreadyExists (reason
  // "duplicate_name") when two of them, or one of them and an app already in the group, share
  // a name (D15).
  Result<std::vector<domain::App>> Publish(const RequestContext& context,
                                           const std::string& app_group_id,
                                           std::vector<domain::App> apps);

  // Newest first; an unknown group gives an empty page (D2).
  Result<domain::Page<domain::App>> List(const RequestContext& context,
                                         const std::string& app_group_id,
                                         const domain::AppFilter& filter,
                                         const domain::PageRequest& page);

  // Errors: kNotFound (reason "app_group_not_found" or "app_not_found").
  Result<domain::App> Show(const RequestContext& context, const std::string& app_group_id,
                           const std::string& app_id);

  // Unpublishes the listed apps of the group with their app-level authorizations, atomically
  // (D10). Ids not published in this group are skipped, so a repeat succeeds (D2). Errors:
  // kNotFound (reason "app_group_not_found") when the group is not in the project.
  Status Unpublish(const RequestContext& context, const std::string& app_group_id,
                   const std::vector<std::string>& app_ids);

 private:
  store::Store& store_;
  IdGenerator& ids_;
};

}  // namespace wsapp::service
