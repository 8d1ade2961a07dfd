// Changes to app groups, apps and authorizations of SqlUnitOfWork (issue #3): updates,
// cascading deletes, state and pre-boot settings, name look-ups.
#include <nlohmann/json.hpp>
#include <set>

#include "store/sql/sql_app_rows.h"
#include "store/sql/sql_unit_of_work.h"

namespace wsapp::store::sql {
namespace {

constexpr char kUpdateAppGroup[] =
    "UPDATE app_groups SET name = ?3, description = ?4, app_server_group_id = ?5"
    " WHERE project_id = ?1 AND id = ?2";
constexpr char kDeleteGroupAuthorizations[] =
    "DELETE FROM authorizations WHERE project_id = ?1 AND app_group_id = ?2 RETURNING id,"
    " project_id, app_group_id, app_id, authorization_type, account, account_type, account_id,"
    " domain, email, telephone_number, platform_type, created_at";
constexpr char kDeleteGroupApps[] =
    "DELETE FROM apps WHERE project_id = ?1 AND app_group_id = ?2 RETURNING id";
constexpr char kDeleteAppGroup[] = "DELETE FROM app_groups WHERE project_id = ?1 AND id = ?2";
constexpr char kUnbindServerGroup[] =
    "UPDATE app_groups SET app_server_group_id = '' WHERE project_id = ?1"
    " AND app_server_group_id = ?2 RETURNING id";
constexpr char kSelectAppGroupNamed[] =
    "SELECT 1 FROM app_groups WHERE project_id = ?1 AND name = ?2";

constexpr char kUpdateApp[] =
    "UPDATE apps SET name = ?4, version = ?5, execute_path = ?6, work_path = ?7,"
    " description = ?8, command_param = ?9, state = ?10, sandbox_enable = ?11,"
    " extended_info = ?12 WHERE project_id = ?1 AND app_group_id = ?2 AND id = ?3";
constexpr char kSetAppState[] =
    "UPDATE apps SET state = ?4 WHERE project_id = ?1 AND app_group_id = ?2 AND id = ?3";
// An unbound ?5 is NULL, which keeps the stored pre_launch_policy.
constexpr char kSetPreBootPolicy[] =
    "UPDATE apps SET is_pre_boot = ?4, pre_launch_policy = COALESCE(?5, pre_launch_policy)"
    " WHERE project_id = ?1 AND app_group_id = ?2 AND id = ?3";
constexpr char kSelectPreBootPolicy[] =
    "SELECT is_pre_boot, pre_launch_policy FROM apps"
    " WHERE project_id = ?1 AND app_group_id = ?2 AND id = ?3";
constexpr char kSelectAppNamed[] =
    "SELECT 1 FROM apps WHERE project_id = ?1 AND app_group_id = ?2 AND name = ?3";

constexpr char kDeleteAccountAuthorizations[] =
    "DELETE FROM authorizations WHERE project_id = ?1 AND app_group_id = ?2"
    " AND account_type = ?3 AND account = ?4 RETURNING id, project_id, app_group_id, app_id,"
    " authorization_type, account, account_type, account_id, domain, email, telephone_number,"
    " platform_type, created_at";
constexpr char kDeleteAccountAppAuthorization[] =
    "DELETE FROM authorizations WHERE project_id = ?1 AND app_group_id = ?2"
    " AND account_type = ?3 AND account = ?4 AND app_id = ?5 RETURNING id, project_id,"
    " app_group_id, app_id, authorization_type, account, account_type, account_id, domain, email,"
    " telephone_number, platform_type, created_at";

// Steps a statement that returns authorizations to its end, appending them to `grants`.
Status CollectAuthorizations(Statement& statement, std::vector<domain::Authorization>* grants) {
  while (true) {
    WSAPP_ASSIGN_OR_RETURN(bool has_row, statement.Step());
    if (!has_row) {
      return OkStatus();
    }
    grants->push_back(ReadAuthorization(statement));
  }
}

// Steps a statement whose first column is an id to its end, appending the ids to `ids`.
Status CollectIds(Statement& statement, std::vector<std::string>* ids) {
  while (true) {
    WSAPP_ASSIGN_OR_RETURN(bool has_row, statement.Step());
    if (!has_row) {
      return OkStatus();
    }
    ids->push_back(statement.Text(0));
  }
}

// The ids in the order first listed, each once.
std::vector<std::string> Distinct(const std::vector<std::string>& ids) {
  std::set<std::string> seen;
  std::vector<std::string> distinct;
  for (const std::string& id : ids) {
    if (seen.insert(id).second) {
      distinct.push_back(id);
    }
  }
  return distinct;
}

}  // namespace

Status SqlUnitOfWork::UpdateAppGroup(const domain::AppGroup& group) {
  WSAPP_ASSIGN_OR_RETURN(Statement update, connection_->Prepare(kUpdateAppGroup));
  WSAPP_RETURN_IF_ERROR(update.Bind(1, group.project_id)
                            .Bind(2, group.id)
                            .Bind(3, group.name)
                            .Bind(4, group.description)
                            .Bind(5, group.app_server_group_id)
                            .Run());
  if (connection_->Changes() == 0) {
    return MakeError(ErrorCode::kNotFound, "app group " + group.id + " not found");
  }
  return OkStatus();
}

Result<std::optional<UnitOfWork::DeletedAppGroup>> SqlUnitOfWork::DeleteAppGroup(
    const std::string& project_id, const std::string& id) {
  WSAPP_ASSIGN_OR_RETURN(std::optional<domain::AppGroup> group, FindAppGroup(project_id, id));
  if (!group) {
    return std::optional<DeletedAppGroup>();
  }
  DeletedAppGroup deleted;
  deleted.group = std::move(*group);
  // Grants and apps reference the group, so they go first.
  {
    WSAPP_ASSIGN_OR_RETURN(Statement remove_grants,
                           connection_->Prepare(kDeleteGroupAuthorizations));
    remove_grants.Bind(1, project_id).Bind(2, id);
    WSAPP_RETURN_IF_ERROR(CollectAuthorizations(remove_grants, &deleted.removed_authorizations));
  }
  {
    WSAPP_ASSIGN_OR_RETURN(Statement remove_apps, connection_->Prepare(kDeleteGroupApps));
    remove_apps.Bind(1, project_id).Bind(2, id);
    WSAPP_RETURN_IF_ERROR(CollectIds(remove_apps, &deleted.removed_app_ids));
  }
  WSAPP_ASSIGN_OR_RETURN(Statement remove_group, connection_->Prepare(kDeleteAppGroup));
  WSAPP_RETURN_IF_ERROR(remove_group.Bind(1, project_id).Bind(2, id).Run());
  return std::optional<DeletedAppGroup>(std::move(deleted));
}

Result<std::vector<std::string>> SqlUnitOfWork::UnbindServerGroup(
    const std::string& project_id, const std::string& server_group_id) {
  WSAPP_ASSIGN_OR_RETURN(Statement update, connection_->Prepare(kUnbindServerGroup));
  update.Bind(1, project_id).Bind(2, server_group_id);
  std::vector<std::string> ids;
  WSAPP_RETURN_IF_ERROR(CollectIds(update, &ids));
  return ids;
}

Result<bool> SqlUnitOfWork::HasAppGroupNamed(const std::string& project_id,
                                             const std::string& name) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kSelectAppGroupNamed));
  select.Bind(1, project_id).Bind(2, name);
  return select.Step();
}

Status SqlUnitOfWork::UpdateApp(const domain::App& app) {
  WSAPP_ASSIGN_OR_RETURN(Statement update, connection_->Prepare(kUpdateApp));
  update.Bind(1, app.project_id)
      .Bind(2, app.app_group_id)
      .Bind(3, app.id)
      .Bind(4, app.name)
      .Bind(5, app.version)
      .Bind(6, app.execute_path)
      .Bind(7, app.work_path)
      .Bind(8, app.description)
      .Bind(9, app.command_param)
      .Bind(10, app.state)
      .Bind(11, int64_t{app.sandbox_enable});
  // Left unbound, ?12 is NULL: the app has no extended info.
  std::string extended_info;
  if (app.extended_info) {
    extended_info = nlohmann::json(*app.extended_info).dump();
    update.Bind(12, extended_info);
  }
  WSAPP_RETURN_IF_ERROR(update.Run());
  if (connection_->Changes() == 0) {
    return MakeError(ErrorCode::kNotFound, "app " + app.id + " not found");
  }
  return OkStatus();
}

Result<std::vector<std::string>> SqlUnitOfWork::SetAppsState(
    const std::string& project_id, const std::string& app_group_id,
    const std::vector<std::string>& app_ids, const std::string& state) {
  std::vector<std::string> found;
  for (const std::string& app_id : Distinct(app_ids)) {
    WSAPP_ASSIGN_OR_RETURN(Statement update, connection_->Prepare(kSetAppState));
    WSAPP_RETURN_IF_ERROR(
        update.Bind(1, project_id).Bind(2, app_group_id).Bind(3, app_id).Bind(4, state).Run());
    // SQLite counts every row the WHERE matched, also when the state was already `state`.
    if (connection_->Changes() > 0) {
      found.push_back(app_id);
    }
  }
  return found;
}

Result<std::vector<std::string>> SqlUnitOfWork::SetPreBootPolicy(
    const std::string& project_id, const std::string& app_group_id,
    const std::vector<std::string>& app_ids, const PreBootPolicy& policy) {
  std::vector<std::string> found;
  for (const std::string& app_id : Distinct(app_ids)) {
    WSAPP_ASSIGN_OR_RETURN(Statement update, connection_->Prepare(kSetPreBootPolicy));
    update.Bind(1, project_id)
        .Bind(2, app_group_id)
        .Bind(3, app_id)
        .Bind(4, int64_t{policy.is_pre_boot});
    if (policy.pre_launch_policy) {
      update.Bind(5, *policy.pre_launch_policy);
    }
    WSAPP_RETURN_IF_ERROR(update.Run());
    if (connection_->Changes() > 0) {
      found.push_back(app_id);
    }
  }
  return found;
}

Result<std::optional<UnitOfWork::PreBootPolicy>> SqlUnitOfWork::FindPreBootPolicy(
    const std::string& project_id, const std::string& app_group_id, const std::string& app_id) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kSelectPreBootPolicy));
  select.Bind(1, project_id).Bind(2, app_group_id).Bind(3, app_id);
  WSAPP_ASSIGN_OR_RETURN(bool has_row, select.Step());
  if (!has_row) {
    return std::optional<PreBootPolicy>();
  }
  PreBootPolicy policy;
  policy.is_pre_boot = select.Int(0) != 0;
  if (!select.IsNull(1)) {
    policy.pre_launch_policy = select.Int(1);
  }
  return std::optional<PreBootPolicy>(policy);
}

Result<bool> SqlUnitOfWork::HasAppNamed(const std::string& project_id,
                                        const std::string& app_group_id, const std::string& name) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kSelectAppNamed));
  select.Bind(1, project_id).Bind(2, app_group_id).Bind(3, name);
  return select.Step();
}

Result<std::vector<domain::Authorization>> SqlUnitOfWork::DeleteAccountAuthorizations(
    const std::string& project_id, const std::string& app_group_id,
    const std::vector<std::string>& app_ids, const std::string& account_type,
    const std::string& account) {
  std::vector<domain::Authorization> removed;
  if (app_ids.empty()) {
    WSAPP_ASSIGN_OR_RETURN(Statement remove, connection_->Prepare(kDeleteAccountAuthorizations));
    remove.Bind(1, project_id).Bind(2, app_group_id).Bind(3, account_type).Bind(4, account);
    WSAPP_RETURN_IF_ERROR(CollectAuthorizations(remove, &removed));
    return removed;
  }
  for (const std::string& app_id : Distinct(app_ids)) {
    WSAPP_ASSIGN_OR_RETURN(Statement remove, connection_->Prepare(kDeleteAccountAppAuthorization));
    remove.Bind(1, project_id)
        .Bind(2, app_group_id)
        .Bind(3, account_type)
        .Bind(4, account)
        .Bind(5, app_id);
    WSAPP_RETURN_IF_ERROR(CollectAuthorizations(remove, &removed));
  }
  return removed;
}

}  // namespace wsapp::store::sql
