#include "service/server_group_service.h"

#include <fmt/format.h>

#include "common/crypto.h"
#include "service/app_group_service.h"
#include "service/unit_runner.h"

namespace wsapp::service {
namespace {

constexpr std::string_view kSessionDesktop = domain::kAppTypeSessionDesktop;

// A random (version 4) UUID in lowercase, the vendor's form of server-group ids (reference §6).
Result<std::string> RandomUuid() {
  WSAPP_ASSIGN_OR_RETURN(std::string bytes, RandomBytes(16));
  bytes[6] = static_cast<char>((bytes[6] & 0x0f) | 0x40);
  bytes[8] = static_cast<char>((bytes[8] & 0x3f) | 0x80);
  std::string hex = HexEncode(bytes);
  return fmt::format("{}-{}-{}-{}-{}", hex.substr(0, 8), hex.substr(8, 4), hex.substr(12, 4),
                     hex.substr(16, 4), hex.substr(20));
}

Error DuplicateServerGroupName(const std::string& name) {
  return MakeError(ErrorCode::kAlreadyExists,
                   "A server group named " + name + " already exists.", "duplicate_name");
}

Error AlreadyBound(const std::string& server_group_id, const domain::AppGroup& bound) {
  return InvalidArgument(fmt::format("In SESSION_DESKTOP_APP mode a server group serves only one "
                                     "app group; server group {} is already bound to app group "
                                     "{} ({}).",
                                     server_group_id, bound.id, bound.name),
                         "server_group_already_bound");
}

// Turns the store's kAlreadyExists on a name into the duplicate-name error; passes the rest.
Status NameConflict(Status status, const std::string& name) {
  if (!status.ok() && status.error().code == ErrorCode::kAlreadyExists) {
    return DuplicateServerGroupName(name);
  }
  return status;
}

nlohmann::json Resource(const std::string& id, std::string_view outcome) {
  return {{"type", "serverGroup"}, {"id", id}, {"outcome", outcome}};
}

// The 409 that a delete gets while app groups bind the server group.
Status CheckNoneBound(const std::string& server_group_id,
                      const std::vector<domain::AppGroup>& bound) {
  if (bound.empty()) {
    return OkStatus();
  }
  std::string names;
  for (const domain::AppGroup& group : bound) {
    names += (names.empty() ? "" : ", ") + group.id + " (" + group.name + ")";
  }
  return MakeError(ErrorCode::kFailedPrecondition,
                   fmt::format("The server group {} is bound to app groups {}; unbind them "
                               "(UpdateAppGroup or DisassociateAppGroup) before deleting it.",
                               server_group_id, names),
                   "server_group_in_use");
}

}  // namespace

Error ServerGroupNotFound(const std::string& server_group_id) {
  return MakeError(ErrorCode::kNotFound,
                   "The server group " + server_group_id + " does not exist.",
                   "server_group_not_found");
}

Status CheckServerGroupBinding(store::UnitOfWork& unit, const std::string& project_id,
                               const std::string& server_group_id, const std::string& app_type,
                               const std::string& app_group_id_being_updated) {
  if (server_group_id.empty()) {
    return OkStatus();
  }
  WSAPP_ASSIGN_OR_RETURN(auto server_group, unit.FindServerGroup(project_id, server_group_id));
  if (!server_group) {
    return ServerGroupNotFound(server_group_id);
  }
  WSAPP_ASSIGN_OR_RETURN(std::vector<domain::AppGroup> bound,
                         unit.BoundAppGroups(project_id, server_group_id));
  bool is_exclusive = app_type == kSessionDesktop || server_group->app_type == kSessionDesktop;
  const domain::AppGroup* other = nullptr;
  for (const domain::AppGroup& group : bound) {
    if (group.id == app_group_id_being_updated) {
      continue;
    }
    is_exclusive = is_exclusive || group.app_type == kSessionDesktop;
    other = other == nullptr ? &group : other;
  }
  if (is_exclusive && other != nullptr) {
    return AlreadyBound(server_group_id, *other);
  }
  return OkStatus();
}

ServerGroupService::ServerGroupService(store::Store& store) : store_(store) {}

Result<domain::ServerGroup> ServerGroupService::Create(const RequestContext& context,
                                                       domain::ServerGroup draft) {
  WSAPP_ASSIGN_OR_RETURN(draft.id, RandomUuid());
  draft.project_id = context.project_id;
  draft.created_at_millis = context.now_millis;
  draft.updated_at_millis = context.now_millis;
  draft.app_group_count = 0;
  draft.secondary_server_group_ids.clear();

  WSAPP_RETURN_IF_ERROR(RunAudited(
      store_, context, "workspace:serverGroup:create",
      [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
        WSAPP_RETURN_IF_ERROR(NameConflict(unit.InsertServerGroup(draft), draft.name));
        detail["resources"] = {Resource(draft.id, "created")};
        detail["name"] = draft.name;
        return OkStatus();
      }));
  return draft;
}

Result<domain::Page<domain::ServerGroup>> ServerGroupService::List(
    const RequestContext& context, const domain::ServerGroupFilter& filter,
    const domain::PageRequest& page) {
  return RunRead<domain::Page<domain::ServerGroup>>(store_, [&](store::UnitOfWork& unit) {
    return unit.ListServerGroups(context.project_id, filter, page);
  });
}

Result<ServerGroupDetail> ServerGroupService::Show(const RequestContext& context,
                                                   const std::string& id) {
  return RunRead<ServerGroupDetail>(
      store_, [&](store::UnitOfWork& unit) -> Result<ServerGroupDetail> {
        WSAPP_ASSIGN_OR_RETURN(auto group, unit.FindServerGroup(context.project_id, id));
        if (!group) {
          return ServerGroupNotFound(id);
        }
        WSAPP_ASSIGN_OR_RETURN(auto project, unit.FindProjectById(context.project_id));
        return ServerGroupDetail{*group, project ? project->name : std::string()};
      });
}

Status ServerGroupService::Update(const RequestContext& context, const std::string& id,
                                  const ServerGroupChanges& changes) {
  return RunAudited(
      store_, context, "workspace:serverGroup:update",
      [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
        WSAPP_ASSIGN_OR_RETURN(auto group, unit.FindServerGroup(context.project_id, id));
        if (!group) {
          return ServerGroupNotFound(id);
        }
        group->name = changes.name.value_or(group->name);
        group->description = changes.description.value_or(group->description);
        group->app_type = changes.app_type.value_or(group->app_type);
        group->attributes.update(changes.attributes);
        group->updated_at_millis = context.now_millis;
        if (group->app_type == kSessionDesktop) {
          WSAPP_ASSIGN_OR_RETURN(auto bound, unit.BoundAppGroups(context.project_id, id));
          if (bound.size() > 1) {
            return AlreadyBound(id, bound[1]);
          }
        }
        WSAPP_RETURN_IF_ERROR(NameConflict(unit.UpdateServerGroup(*group), group->name));
        detail["resources"] = {Resource(id, "updated")};
        return OkStatus();
      });
}

Status ServerGroupService::Delete(const RequestContext& context, const std::string& id) {
  return RunAudited(store_, context, "workspace:serverGroup:delete",
                    [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
                      WSAPP_ASSIGN_OR_RETURN(auto bound,
                                             unit.BoundAppGroups(context.project_id, id));
                      WSAPP_RETURN_IF_ERROR(CheckNoneBound(id, bound));
                      WSAPP_ASSIGN_OR_RETURN(bool deleted,
                                             unit.DeleteServerGroup(context.project_id, id));
                      detail["resources"] = {Resource(id, deleted ? "deleted" : "skipped")};
                      return OkStatus();
                    });
}

Result<domain::ServerGroupCatalog> ServerGroupService::ReplaceCatalog(
    const RequestContext& context, const std::string& id,
    const domain::ServerGroupCatalog& catalog) {
  domain::ServerGroupCatalog stored;
  WSAPP_RETURN_IF_ERROR(RunAudited(
      store_, context, "wsapp:serverGroup:updateCatalog",
      [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
        Status replaced = unit.ReplaceServerGroupCatalog(context.project_id, id, catalog);
        if (!replaced.ok() && replaced.error().code == ErrorCode::kAlreadyExists) {
          return MakeError(ErrorCode::kAlreadyExists,
                           "Two catalog items of server group " + id + " share a name.",
                           "duplicate_name");
        }
        WSAPP_RETURN_IF_ERROR(replaced);
        WSAPP_ASSIGN_OR_RETURN(stored, unit.GetServerGroupCatalog(context.project_id, id, ""));
        detail["resources"] = {Resource(id, "updated")};
        detail["catalog_items"] = stored.items.size();
        detail["group_images"] = stored.group_images;
        return OkStatus();
      }));
  return stored;
}

Result<domain::ServerGroupCatalog> ServerGroupService::GetCatalog(const RequestContext& context,
                                                                  const std::string& id) {
  return RunRead<domain::ServerGroupCatalog>(store_, [&](store::UnitOfWork& unit) {
    return unit.GetServerGroupCatalog(context.project_id, id, "");
  });
}

Result<domain::ServerGroupCatalog> ServerGroupService::ListPublishable(
    const RequestContext& context, const std::string& app_group_id) {
  return RunRead<domain::ServerGroupCatalog>(
      store_, [&](store::UnitOfWork& unit) -> Result<domain::ServerGroupCatalog> {
        WSAPP_ASSIGN_OR_RETURN(auto group, unit.FindAppGroup(context.project_id, app_group_id));
        if (!group) {
          return AppGroupNotFound(app_group_id);
        }
        if (group->app_server_group_id.empty()) {
          return MakeError(ErrorCode::kNotFound,
                           "The app group " + app_group_id + " is not bound to a server group.",
                           "server_group_not_found");
        }
        return unit.GetServerGroupCatalog(context.project_id, group->app_server_group_id,
                                          app_group_id);
      });
}

}  // namespace wsapp::service
