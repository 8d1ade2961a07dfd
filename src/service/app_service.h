#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/id_generator.h"
#include "common/result.h"
#include "domain/app.h"
#include "domain/app_group.h"
#include "service/app_group_service.h"
#include "service/request_context.h"
#include "store/store.h"

namespace wsapp::service {

// What UpdateApp changes: a present field overwrites the stored value, an absent one keeps it.
struct AppChanges {
  std::optional<std::string> name;
  std::optional<std::string> version;
  std::optional<std::string> execute_path;
  std::optional<std::string> work_path;
  std::optional<std::string> description;
  std::optional<std::string> command_param;
  std::optional<std::string> state;  // NORMAL or FORBIDDEN
  std::optional<bool> sandbox_enable;
  std::optional<std::map<std::string, std::string>> extended_info;
};

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

  // Overwrites the fields that `changes` holds and returns the app as stored. Setting `state`
  // to the state the app already has is accepted and changes nothing. Errors: kNotFound
  // (reason "app_group_not_found" or "app_not_found"); kAlreadyExists (reason
  // "duplicate_name") when another app of the group has the name (D15).
  Result<domain::App> Update(const RequestContext& context, const std::string& app_group_id,
                             const std::string& app_id, const AppChanges& changes);

  // Sets `state` (NORMAL: BatchEnableApp, FORBIDDEN: BatchDisableApp) on the listed apps of the
  // group, all or none. Ids not published in the group are skipped, as UnpublishApp skips them
  // (D2), and apps already in that state stay as they are, so a repeat succeeds. Errors:
  // kNotFound (reason "app_group_not_found").
  Status SetState(const RequestContext& context, const std::string& app_group_id,
                  const std::vector<std::string>& app_ids, const std::string& state);

  // Checks a candidate app name against PublishApp's naming rule (ValidateAppName), then
  // against the names published in the group (D15). Changes nothing. Errors: kNotFound (reason
  // "app_group_not_found").
  Result<NameCheck> CheckName(const RequestContext& context, const std::string& app_group_id,
                              const std::string& name);

  // Sets is_pre_boot, and pre_launch_policy when given, on the listed apps of the group, all or
  // none; ids not published in the group are skipped as SetState skips them. Errors: kNotFound
  // (reason "app_group_not_found").
  Status UpdatePreBootPolicy(const RequestContext& context, const std::string& app_group_id,
                             const std::vector<std::string>& app_ids,
                             const store::UnitOfWork::PreBootPolicy& policy);

 private:
  store::Store& store_;
  IdGenerator& ids_;
};

}  // namespace wsapp::service
