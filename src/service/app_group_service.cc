#include "service/app_group_service.h"

#include <set>

#include "domain/validation.h"
#include "service/server_group_service.h"
#include "service/unit_runner.h"

namespace wsapp::service {
namespace {

Error DuplicateGroupName(const std::string& name) {
  return MakeError(ErrorCode::kAlreadyExists, "An app group named " + name + " already exists.",
                   "duplicate_name");
}

// Whether `changes` binds the group to a new server group, after checking it may: only a group
// without one may bind (reference section 1.2, UpdateAppGroup), and then as
// CheckServerGroupBinding allows.
Result<bool> CheckNewBinding(store::UnitOfWork& unit, const domain::AppGroup& group,
                             const AppGroupChanges& changes) {
  const std::optional<std::string>& wanted = changes.app_server_group_id;
  if (!wanted || wanted->empty() || *wanted == group.app_server_group_id) {
    return false;
  }
  if (!group.app_server_group_id.empty()) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "The app group " + group.id + " is already bound to server group " +
                         group.app_server_group_id +
                         "; unbind it with DisassociateAppGroup before binding another.",
                     "server_group_already_set");
  }
  WSAPP_RETURN_IF_ERROR(
      CheckServerGroupBinding(unit, group.project_id, *wanted, group.app_type, group.id));
  return true;
}

// Deletes each listed group with its apps and grants inside one audited unit (D2: unknown ids
// are skipped). The detail lists every group, app and grant removed.
Status DeleteGroups(store::Store& store, const RequestContext& context, const std::string& action,
                    const std::vector<std::string>& app_group_ids) {
  return RunAudited(
      store, context, action, [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
        nlohmann::json resources = nlohmann::json::array();
        nlohmann::json grants = nlohmann::json::array();
        std::set<std::string> seen;
        for (const std::string& id : app_group_ids) {
          if (!seen.insert(id).second) {
            continue;
          }
          WSAPP_ASSIGN_OR_RETURN(auto deleted, unit.DeleteAppGroup(context.project_id, id));
          resources.push_back(
              {{"type", "appGroup"}, {"id", id}, {"outcome", deleted ? "deleted" : "skipped"}});
          if (!deleted) {
            continue;
          }
          for (const std::string& app_id : deleted->removed_app_ids) {
            resources.push_back({{"type", "app"}, {"id", app_id}, {"outcome", "deleted"}});
          }
          for (const domain::Authorization& grant : deleted->removed_authorizations) {
            grants.push_back(RemovedGrantDetail(grant));
          }
        }
        detail["resources"] = std::move(resources);
        detail["removed_authorizations"] = std::move(grants);
        return OkStatus();
      });
}

}  // namespace

Error AppGroupNotFound(const std::string& app_group_id) {
  return MakeError(ErrorCode::kNotFound, "The app group " + app_group_id + " does not exist.",
                   "app_group_not_found");
}

nlohmann::json RemovedGrantDetail(const domain::Authorization& grant) {
  return {{"id", grant.id},
          {"app_group_id", grant.app_group_id},
          {"app_id", grant.app_id},
          {"account", grant.account.account},
          {"account_type", grant.account.account_type},
          {"account_id", grant.account.id}};
}

AppGroupService::AppGroupService(store::Store& store, IdGenerator& ids)
    : store_(store), ids_(ids) {}

Result<domain::AppGroup> AppGroupService::Create(const RequestContext& context,
                                                 const NewAppGroup& request) {
  domain::AppGroup group;
  WSAPP_ASSIGN_OR_RETURN(group.id, ids_.Next());
  group.project_id = context.project_id;
  group.name = request.name;
  group.app_server_group_id = request.app_server_group_id;
  group.description = request.description;
  group.authorization_type = request.authorization_type;
  group.app_type = request.app_type;
  group.created_at_millis = context.now_millis;

  Status created = RunAudited(
      store_, context, "workspace:appGroup:create",
      [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
        // Checked in the unit that inserts, so a concurrent binding cannot slip in between.
        WSAPP_RETURN_IF_ERROR(CheckServerGroupBinding(unit, context.project_id,
                                                      group.app_server_group_id, group.app_type,
                                                      /*app_group_id_being_updated=*/""));
        Status inserted = unit.InsertAppGroup(group);
        if (!inserted.ok() && inserted.error().code == ErrorCode::kAlreadyExists) {
          return MakeError(ErrorCode::kAlreadyExists,
                           "An app group named " + group.name + " already exists.",
                           "duplicate_name");
        }
        WSAPP_RETURN_IF_ERROR(inserted);
        // Read back for the server group's name, which the reply carries.
        WSAPP_ASSIGN_OR_RETURN(auto stored, unit.FindAppGroup(context.project_id, group.id));
        group = stored.value_or(group);
        detail["resources"] = {{{"type", "appGroup"}, {"id", group.id}, {"outcome", "created"}}};
        detail["name"] = group.name;
        if (!group.app_server_group_id.empty()) {
          detail["app_server_group_id"] = group.app_server_group_id;
        }
        return OkStatus();
      });
  if (!created.ok()) {
    return created.error();
  }
  return group;
}

Result<domain::Page<domain::AppGroup>> AppGroupService::List(const RequestContext& context,
                                                             const domain::AppGroupFilter& filter,
                                                             const domain::PageRequest& page) {
  return RunRead<domain::Page<domain::AppGroup>>(store_, [&](store::UnitOfWork& unit) {
    return unit.ListAppGroups(context.project_id, filter, page);
  });
}

Result<domain::AppGroup> AppGroupService::Show(const RequestContext& context,
                                               const std::string& app_group_id) {
  return RunRead<domain::AppGroup>(
      store_, [&](store::UnitOfWork& unit) -> Result<domain::AppGroup> {
        WSAPP_ASSIGN_OR_RETURN(auto group, unit.FindAppGroup(context.project_id, app_group_id));
        if (!group) {
          return AppGroupNotFound(app_group_id);
        }
        return *group;
      });
}

Result<domain::AppGroup> AppGroupService::Update(const RequestContext& context,
                                                 const std::string& app_group_id,
                                                 const AppGroupChanges& changes) {
  domain::AppGroup updated;
  Status done = RunAudited(
      store_, context, "workspace:appGroup:update",
      [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
        WSAPP_ASSIGN_OR_RETURN(auto group, unit.FindAppGroup(context.project_id, app_group_id));
        if (!group) {
          return AppGroupNotFound(app_group_id);
        }
        WSAPP_ASSIGN_OR_RETURN(bool binds, CheckNewBinding(unit, *group, changes));
        nlohmann::json fields = nlohmann::json::array();
        if (changes.name) {
          group->name = *changes.name;
          fields.push_back("name");
        }
        if (changes.description) {
          group->description = *changes.description;
          fields.push_back("description");
        }
        if (binds) {
          group->app_server_group_id = *changes.app_server_group_id;
          fields.push_back("app_server_group_id");
        }
        Status written = unit.UpdateAppGroup(*group);
        if (!written.ok() && written.error().code == ErrorCode::kAlreadyExists) {
          return DuplicateGroupName(group->name);
        }
        WSAPP_RETURN_IF_ERROR(written);
        // Read back so that joined fields (the server group's name) match the new binding.
        WSAPP_ASSIGN_OR_RETURN(auto stored, unit.FindAppGroup(context.project_id, app_group_id));
        if (!stored) {
          return InternalError("app group " + app_group_id + " vanished inside its update");
        }
        updated = std::move(*stored);
        detail["resources"] = {
            {{"type", "appGroup"}, {"id", app_group_id}, {"outcome", "updated"}}};
        detail["fields"] = std::move(fields);
        return OkStatus();
      });
  if (!done.ok()) {
    return done.error();
  }
  return updated;
}

Status AppGroupService::Delete(const RequestContext& context, const std::string& app_group_id) {
  return DeleteGroups(store_, context, "workspace:appGroup:delete", {app_group_id});
}

Status AppGroupService::BatchDelete(const RequestContext& context,
                                    const std::vector<std::string>& app_group_ids) {
  return DeleteGroups(store_, context, "workspace:appGroup:batchDelete", app_group_ids);
}

Result<NameCheck> AppGroupService::CheckName(const RequestContext& context,
                                             const std::string& name) {
  if (!domain::ValidateAppGroupName("name", name).ok()) {
    return NameCheck{false, "naming"};
  }
  return RunRead<NameCheck>(store_, [&](store::UnitOfWork& unit) -> Result<NameCheck> {
    WSAPP_ASSIGN_OR_RETURN(bool is_taken, unit.HasAppGroupNamed(context.project_id, name));
    if (is_taken) {
      return NameCheck{false, "duplicate"};
    }
    return NameCheck{};
  });
}

Status AppGroupService::Disassociate(const RequestContext& context,
                                     const std::string& server_group_id) {
  return RunAudited(
      store_, context, "workspace:appGroup:disassociate",
      [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
        WSAPP_ASSIGN_OR_RETURN(std::vector<std::string> unbound,
                               unit.UnbindServerGroup(context.project_id, server_group_id));
        nlohmann::json resources = nlohmann::json::array();
        for (const std::string& id : unbound) {
          resources.push_back({{"type", "appGroup"}, {"id", id}, {"outcome", "unbound"}});
        }
        detail["resources"] = std::move(resources);
        detail["server_group_id"] = server_group_id;
        return OkStatus();
      });
}

}  // namespace wsapp::service
