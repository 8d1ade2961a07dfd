#include "service/directory_service.h"

#include <nlohmann/json.hpp>
#include <set>

#include "common/crypto.h"
#include "service/unit_runner.h"

namespace wsapp::service {
namespace {

Error DuplicateName(const std::string& kind, const std::string& name) {
  return MakeError(ErrorCode::kAlreadyExists,
                   "A " + kind + " named " + name + " already exists in the project.",
                   "duplicate_name");
}

// The audit entries of what deleting an account removed with it.
void DescribeRemoval(const domain::RemovedDirectoryAccount& removed, nlohmann::json& resources) {
  for (const domain::Authorization& grant : removed.authorizations) {
    resources.push_back({{"type", "authorization"},
                         {"id", grant.id},
                         {"app_group_id", grant.app_group_id},
                         {"app_id", grant.app_id},
                         {"account", grant.account.account},
                         {"account_type", grant.account.account_type},
                         {"outcome", "revoked"}});
  }
  if (removed.memberships > 0) {
    resources.push_back(
        {{"type", "membership"}, {"count", removed.memberships}, {"outcome", "removed"}});
  }
}

Result<domain::DirectoryGroup> RequireGroup(store::UnitOfWork& unit, const std::string& project_id,
                                            const std::string& group_id) {
  WSAPP_ASSIGN_OR_RETURN(auto group, unit.FindDirectoryGroup(project_id, group_id));
  if (!group) {
    return DirectoryAccountNotFound("user group", group_id);
  }
  return *group;
}

// The ids once each, in the order first listed.
std::vector<std::string> Distinct(const std::vector<std::string>& ids) {
  std::vector<std::string> distinct;
  std::set<std::string> seen;
  for (const std::string& id : ids) {
    if (seen.insert(id).second) {
      distinct.push_back(id);
    }
  }
  return distinct;
}

}  // namespace

Error DirectoryAccountNotFound(const std::string& kind, const std::string& id) {
  return MakeError(ErrorCode::kNotFound, "The " + kind + " " + id + " does not exist.",
                   "directory_account_not_found");
}

Result<std::optional<domain::AccountRef>> ResolveDirectoryAccount(
    store::UnitOfWork& unit, const std::string& project_id, const domain::AccountRef& account) {
  std::string found_id;
  std::string found_name;
  if (account.account_type == domain::kAccountTypeUser) {
    WSAPP_ASSIGN_OR_RETURN(
        auto user, account.id.empty() ? unit.FindDirectoryUserByName(project_id, account.account)
                                      : unit.FindDirectoryUser(project_id, account.id));
    if (user) {
      found_id = user->id;
      found_name = user->user_name;
    }
  } else if (account.account_type == domain::kAccountTypeUserGroup) {
    if (account.id.empty()) {
      return InvalidArgument("id is required when account_type is USER_GROUP");
    }
    WSAPP_ASSIGN_OR_RETURN(auto group, unit.FindDirectoryGroup(project_id, account.id));
    if (group) {
      found_id = group->id;
      found_name = group->name;
    }
  } else {
    return InvalidArgument("account_type must be one of USER, USER_GROUP");
  }
  // D20: an id and a name that belong to different accounts name none.
  if (found_id.empty() || found_name != account.account) {
    return std::optional<domain::AccountRef>();
  }
  domain::AccountRef resolved = account;
  resolved.id = found_id;
  return std::optional<domain::AccountRef>(std::move(resolved));
}

DirectoryService::DirectoryService(store::Store& store) : store_(store) {}

Result<std::string> DirectoryService::CreateUser(const RequestContext& context,
                                                 NewDirectoryUser request) {
  domain::DirectoryUser& user = request.user;
  WSAPP_ASSIGN_OR_RETURN(user.id, RandomHexId());
  user.project_id = context.project_id;
  user.created_at_millis = context.now_millis;
  std::vector<std::string> group_ids = Distinct(request.group_ids);

  WSAPP_RETURN_IF_ERROR(
      RunAudited(store_, context, "workspace:users:create",
                 [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
                   for (const std::string& group_id : group_ids) {
                     WSAPP_RETURN_IF_ERROR(RequireGroup(unit, context.project_id, group_id));
                   }
                   Status inserted = unit.InsertDirectoryUser(user);
                   if (!inserted.ok() && inserted.error().code == ErrorCode::kAlreadyExists) {
                     return DuplicateName("user", user.user_name);
                   }
                   WSAPP_RETURN_IF_ERROR(inserted);
                   for (const std::string& group_id : group_ids) {
                     WSAPP_RETURN_IF_ERROR(unit.AddDirectoryMembers(context.project_id, group_id,
                                                                    {user.id}, context.now_millis));
                   }
                   detail["resources"] = {{{"type", "user"},
                                           {"id", user.id},
                                           {"user_name", user.user_name},
                                           {"group_ids", group_ids},
                                           {"outcome", "created"}}};
                   return OkStatus();
                 }));
  return user.id;
}

Result<domain::Page<domain::DirectoryUser>> DirectoryService::ListUsers(
    const RequestContext& context, const domain::DirectoryUserFilter& filter,
    const domain::PageRequest& page) {
  return RunRead<domain::Page<domain::DirectoryUser>>(store_, [&](store::UnitOfWork& unit) {
    return unit.ListDirectoryUsers(context.project_id, filter, page);
  });
}

Result<domain::DirectoryUser> DirectoryService::ShowUser(const RequestContext& context,
                                                         const std::string& user_id) {
  return RunRead<domain::DirectoryUser>(
      store_, [&](store::UnitOfWork& unit) -> Result<domain::DirectoryUser> {
        WSAPP_ASSIGN_OR_RETURN(auto user, unit.FindDirectoryUser(context.project_id, user_id));
        if (!user) {
          return DirectoryAccountNotFound("user", user_id);
        }
        return *user;
      });
}

Status DirectoryService::DeleteUser(const RequestContext& context, const std::string& user_id) {
  return RunAudited(
      store_, context, "workspace:users:delete",
      [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
        WSAPP_ASSIGN_OR_RETURN(auto removed, unit.DeleteDirectoryUser(context.project_id, user_id));
        if (!removed) {
          return DirectoryAccountNotFound("user", user_id);
        }
        nlohmann::json resources = {{{"type", "user"}, {"id", user_id}, {"outcome", "deleted"}}};
        DescribeRemoval(*removed, resources);
        detail["resources"] = std::move(resources);
        return OkStatus();
      });
}

Result<std::string> DirectoryService::CreateGroup(const RequestContext& context,
                                                  domain::DirectoryGroup group) {
  WSAPP_ASSIGN_OR_RETURN(group.id, RandomHexId());
  group.project_id = context.project_id;
  group.created_at_millis = context.now_millis;

  WSAPP_RETURN_IF_ERROR(RunAudited(store_, context, "workspace:userGroups:create",
                                   [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
                                     Status inserted = unit.InsertDirectoryGroup(group);
                                     if (!inserted.ok() &&
                                         inserted.error().code == ErrorCode::kAlreadyExists) {
                                       return DuplicateName("user group", group.name);
                                     }
                                     detail["resources"] = {{{"type", "userGroup"},
                                                             {"id", group.id},
                                                             {"name", group.name},
                                                             {"outcome", "created"}}};
                                     return inserted;
                                   }));
  return group.id;
}

Result<domain::Page<domain::DirectoryGroup>> DirectoryService::ListGroups(
    const RequestContext& context, const domain::DirectoryGroupFilter& filter,
    const domain::PageRequest& page) {
  return RunRead<domain::Page<domain::DirectoryGroup>>(store_, [&](store::UnitOfWork& unit) {
    return unit.ListDirectoryGroups(context.project_id, filter, page);
  });
}

Status DirectoryService::DeleteGroup(const RequestContext& context, const std::string& group_id) {
  return RunAudited(store_, context, "workspace:userGroups:delete",
                    [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
                      WSAPP_ASSIGN_OR_RETURN(
                          auto removed, unit.DeleteDirectoryGroup(context.project_id, group_id));
                      if (!removed) {
                        return DirectoryAccountNotFound("user group", group_id);
                      }
                      nlohmann::json resources = {
                          {{"type", "userGroup"}, {"id", group_id}, {"outcome", "deleted"}}};
                      DescribeRemoval(*removed, resources);
                      detail["resources"] = std::move(resources);
                      return OkStatus();
                    });
}

Result<domain::Page<domain::DirectoryUser>> DirectoryService::ListGroupUsers(
    const RequestContext& context, const std::string& group_id, domain::DirectoryUserFilter filter,
    const domain::PageRequest& page) {
  filter.group_id = group_id;
  return RunRead<domain::Page<domain::DirectoryUser>>(
      store_, [&](store::UnitOfWork& unit) -> Result<domain::Page<domain::DirectoryUser>> {
        WSAPP_RETURN_IF_ERROR(RequireGroup(unit, context.project_id, group_id));
        return unit.ListDirectoryUsers(context.project_id, filter, page);
      });
}

Status DirectoryService::AddGroupUsers(const RequestContext& context, const std::string& group_id,
                                       const std::vector<std::string>& user_ids) {
  std::vector<std::string> distinct = Distinct(user_ids);
  return RunAudited(
      store_, context, "workspace:userGroups:operate",
      [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
        WSAPP_RETURN_IF_ERROR(RequireGroup(unit, context.project_id, group_id));
        for (const std::string& user_id : distinct) {
          WSAPP_ASSIGN_OR_RETURN(auto user, unit.FindDirectoryUser(context.project_id, user_id));
          if (!user) {
            return DirectoryAccountNotFound("user", user_id);
          }
        }
        WSAPP_ASSIGN_OR_RETURN(
            int64_t added,
            unit.AddDirectoryMembers(context.project_id, group_id, distinct, context.now_millis));
        detail["resources"] = {{{"type", "userGroup"},
                                {"id", group_id},
                                {"op_type", "ADD"},
                                {"user_ids", distinct},
                                {"added", added},
                                {"outcome", "updated"}}};
        return OkStatus();
      });
}

Status DirectoryService::RemoveGroupUsers(const RequestContext& context,
                                          const std::string& group_id,
                                          const std::vector<std::string>& user_ids) {
  std::vector<std::string> distinct = Distinct(user_ids);
  return RunAudited(store_, context, "workspace:userGroups:operate",
                    [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
                      WSAPP_RETURN_IF_ERROR(RequireGroup(unit, context.project_id, group_id));
                      WSAPP_ASSIGN_OR_RETURN(
                          int64_t removed,
                          unit.RemoveDirectoryMembers(context.project_id, group_id, distinct));
                      detail["resources"] = {{{"type", "userGroup"},
                                              {"id", group_id},
                                              {"op_type", "DELETE"},
                                              {"user_ids", distinct},
                                              {"removed", removed},
                                              {"outcome", "updated"}}};
                      return OkStatus();
                    });
}

}  // namespace wsapp::service
