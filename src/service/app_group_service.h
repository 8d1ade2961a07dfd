#pragma once

#include <string>

#include "common/id_generator.h"
#include "common/result.h"
#include "domain/app_group.h"
#include "service/request_context.h"
#include "store/store.h"

namespace wsapp::service {

// What CreateAppGroup asks for, already validated for form by the API layer.
struct NewAppGroup {
  std::string name;
  std::string app_server_group_id;
  std::string description;
  std::string authorization_type;
  std::string app_type;
};

// App-group operations. Thread-safe.
class AppGroupService {
 public:
  AppGroupService(store::Store& store, IdGenerator& ids);

  // Creates the group in the context's project. Errors: kNotFound (reason
  // "server_group_not_found") for a non-empty app_server_group_id, since no server group
  // exists yet; kAlreadyExists (reason "duplicate_name") when the project has a group of that
  // name (D15).
  Result<domain::AppGroup> Create(const RequestContext& context, const NewAppGroup& request);

  // Newest first; `count` counts all matches (D11).
  Result<domain::Page<domain::AppGroup>> List(const RequestContext& context,
                                              const domain::AppGroupFilter& filter,
                                              const domain::PageRequest& page);

  // Errors: kNotFound (reason "app_group_not_found").
  Result<domain::AppGroup> Show(const RequestContext& context, const std::string& app_group_id);

 private:
  store::Store& store_;
  IdGenerator& ids_;
};

// The error for an app group that is not in the project.
Error AppGroupNotFound(const std::string& app_group_id);

}  // namespace wsapp::service
