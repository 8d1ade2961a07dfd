#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/id_generator.h"
#include "common/result.h"
#include "domain/app_group.h"
#include "domain/authorization.h"
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

// What UpdateAppGroup changes; an absent field keeps the stored value.
struct AppGroupChanges {
  std::optional<std::string> name;
  std::optional<std::string> app_server_group_id;
  std::optional<std::string> description;
};

// The answer of CheckAppGroup and CheckPublishApp: whether a candidate name passes, and
// otherwise the rule it breaks ("naming" or "duplicate", the vendor's ValidateRuleEnum).
struct NameCheck {
  bool is_valid = true;
  std::string violated_rule;
};

// App-group operations. Thread-safe.
class AppGroupService {
 public:
  AppGroupService(store::Store& store, IdGenerator& ids);

  // Creates the group in the context's project, bound to app_server_group_id when it is not
  // empty. Errors: those of CheckServerGroupBinding (kNotFound, reason
  // "server_group_not_found"; kInvalidArgument, reason "server_group_already_bound");
  // kAlreadyExists (reason "duplicate_name") when the project has a group of that name (D15).
  Result<domain::AppGroup> Create(const RequestContext& context, const NewAppGroup& request);

  // Newest first; `count` counts all matches (D11).
  Result<domain::Page<domain::AppGroup>> List(const RequestContext& context,
                                              const domain::AppGroupFilter& filter,
                                              const domain::PageRequest& page);

  // Errors: kNotFound (reason "app_group_not_found").
  Result<domain::AppGroup> Show(const RequestContext& context, const std::string& app_group_id);

  // Overwrites the fields that `changes` holds and returns the group as stored. A non-empty
  // app_server_group_id binds a group that has no server group yet, as CheckServerGroupBinding
  // allows; naming the server group already bound, or "", changes nothing. Errors: kNotFound
  // (reason "app_group_not_found"); kFailedPrecondition (reason "server_group_already_set")
  // when the group is bound to another server group; CheckServerGroupBinding's errors;
  // kAlreadyExists (reason "duplicate_name") when another group of the project has the name
  // (D15).
  Result<domain::AppGroup> Update(const RequestContext& context, const std::string& app_group_id,
                                  const AppGroupChanges& changes);

  // Deletes the group, its published apps and every authorization on it, atomically with the
  // audit record. An unknown group is success with nothing changed, so a repeat succeeds (D2).
  Status Delete(const RequestContext& context, const std::string& app_group_id);

  // Deletes the listed groups as Delete does, all or none, in one unit of work. Unknown ids are
  // skipped (D2); a repeated id counts once.
  Status BatchDelete(const RequestContext& context, const std::vector<std::string>& app_group_ids);

  // Checks a candidate name against the naming rule (ValidateAppGroupName), then against the
  // names of the project's groups (D15). Changes nothing.
  Result<NameCheck> CheckName(const RequestContext& context, const std::string& name);

  // Unbinds every group of the project from the server group. No group bound to it (also an
  // unknown server group) is success with nothing changed, so a repeat succeeds.
  Status Disassociate(const RequestContext& context, const std::string& server_group_id);

 private:
  store::Store& store_;
  IdGenerator& ids_;
};

// The error for an app group that is not in the project.
Error AppGroupNotFound(const std::string& app_group_id);

// The audit detail of one authorization removed with what it granted (shared by the
// operations that remove grants).
nlohmann::json RemovedGrantDetail(const domain::Authorization& grant);

}  // namespace wsapp::service
