#include "service/authorization_service.h"

#include <map>
#include <set>

#include "common/crypto.h"
#include "domain/app_group.h"
#include "service/app_group_service.h"
#include "service/directory_service.h"
#include "service/unit_runner.h"

namespace wsapp::service {
namespace {

// Resolves the groups, checks they share one authorization type, and returns it.
Result<std::string> CommonAuthorizationType(store::UnitOfWork& unit, const std::string& project_id,
                                            const std::vector<std::string>& app_group_ids) {
  std::string type;
  for (const std::string& id : app_group_ids) {
    WSAPP_ASSIGN_OR_RETURN(auto group, unit.FindAppGroup(project_id, id));
    if (!group) {
      return AppGroupNotFound(id);
    }
    if (!type.empty() && type != group->authorization_type) {
      return InvalidArgument(
          "app_group_ids must all have the same authorization_type (APP or APP_GROUP)");
    }
    type = group->authorization_type;
  }
  return type;
}

// Maps each app id to the listed group it is published in (D24).
Result<std::map<std::string, std::string>> ResolveApps(
    store::UnitOfWork& unit, const std::string& project_id,
    const std::vector<std::string>& app_group_ids, const std::vector<std::string>& app_ids) {
  std::map<std::string, std::string> group_of_app;
  for (const std::string& app_id : app_ids) {
    for (const std::string& group_id : app_group_ids) {
      WSAPP_ASSIGN_OR_RETURN(auto app, unit.FindApp(project_id, group_id, app_id));
      if (app) {
        group_of_app[app_id] = group_id;
        break;
      }
    }
    if (group_of_app.count(app_id) == 0) {
      return InvalidArgument("app_ids: application " + app_id +
                             " is not published in any of the listed app groups");
    }
  }
  return group_of_app;
}

// The listed groups that exist in the project, each once in the order first listed; the ids of
// the others go to `skipped` (D2).
Result<std::vector<domain::AppGroup>> ExistingGroups(store::UnitOfWork& unit,
                                                     const std::string& project_id,
                                                     const std::vector<std::string>& ids,
                                                     std::vector<std::string>* skipped) {
  std::vector<domain::AppGroup> groups;
  std::set<std::string> seen;
  for (const std::string& id : ids) {
    if (!seen.insert(id).second) {
      continue;
    }
    WSAPP_ASSIGN_OR_RETURN(auto group, unit.FindAppGroup(project_id, id));
    if (group) {
      groups.push_back(std::move(*group));
    } else {
      skipped->push_back(id);
    }
  }
  return groups;
}

// For each group, the apps whose grants a delete removes: empty means every grant of the
// account on the group. Groups absent from the map have nothing to remove. Checks D24.
Result<std::map<std::string, std::vector<std::string>>> AppsToRevoke(
    store::UnitOfWork& unit, const std::string& project_id,
    const std::vector<domain::AppGroup>& groups, const std::vector<std::string>& app_ids) {
  std::map<std::string, std::vector<std::string>> apps_of_group;
  std::vector<std::string> group_ids;
  for (const domain::AppGroup& group : groups) {
    if (group.authorization_type != groups.front().authorization_type) {
      return InvalidArgument(
          "app_group_ids must all have the same authorization_type (APP or APP_GROUP)");
    }
    group_ids.push_back(group.id);
  }
  if (app_ids.empty()) {
    for (const std::string& id : group_ids) {
      apps_of_group[id] = {};
    }
    return apps_of_group;
  }
  if (groups.front().authorization_type != domain::kAuthorizationTypeApp) {
    return InvalidArgument(
        "app_ids is allowed only for app groups whose authorization_type is APP");
  }
  WSAPP_ASSIGN_OR_RETURN(auto group_of_app, ResolveApps(unit, project_id, group_ids, app_ids));
  for (const auto& [app_id, group_id] : group_of_app) {
    apps_of_group[group_id].push_back(app_id);
  }
  return apps_of_group;
}

// D20: the accounts of a grant or revoke request that name an account of the
// project's directory, each once, carrying the entry's id. The others are skipped, as the cloud
// service does, and noted in `resources` for the audit record.
Result<std::vector<domain::AccountRef>> DirectoryAccounts(
    store::UnitOfWork& unit, const std::string& project_id,
    const std::vector<domain::AccountRef>& requested, nlohmann::json& resources) {
  std::vector<domain::AccountRef> accounts;
  std::set<std::pair<std::string, std::string>> seen;
  for (const domain::AccountRef& account : requested) {
    WSAPP_ASSIGN_OR_RETURN(auto resolved, ResolveDirectoryAccount(unit, project_id, account));
    if (!resolved) {
      resources.push_back({{"type", "account"},
                           {"account", account.account},
                           {"account_type", account.account_type},
                           {"id", account.id},
                           {"outcome", "skipped_unknown_account"}});
      continue;
    }
    if (seen.insert({resolved->account_type, resolved->id}).second) {
      accounts.push_back(std::move(*resolved));
    }
  }
  return accounts;
}

}  // namespace

AuthorizationService::AuthorizationService(store::Store& store) : store_(store) {}

Status AuthorizationService::Add(const RequestContext& context, const NewAuthorizations& request) {
  return RunAudited(
      store_, context, "workspace:appGroup:addAuthorization",
      [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
        WSAPP_ASSIGN_OR_RETURN(std::string type, CommonAuthorizationType(unit, context.project_id,
                                                                         request.app_group_ids));
        bool is_app_level = type == domain::kAuthorizationTypeApp;
        if (is_app_level && request.app_ids.empty()) {
          return InvalidArgument(
              "app_ids is required for app groups whose authorization_type "
              "is APP");
        }
        if (!is_app_level && !request.app_ids.empty()) {
          return InvalidArgument(
              "app_ids is allowed only for app groups whose "
              "authorization_type is APP");
        }
        // Each target is (group, app); app is empty for group-level grants.
        std::set<std::pair<std::string, std::string>> targets;
        if (is_app_level) {
          WSAPP_ASSIGN_OR_RETURN(auto apps, ResolveApps(unit, context.project_id,
                                                        request.app_group_ids, request.app_ids));
          for (const auto& [app_id, group_id] : apps) {
            targets.insert({group_id, app_id});
          }
        } else {
          for (const std::string& group_id : request.app_group_ids) {
            targets.insert({group_id, ""});
          }
        }
        nlohmann::json resources = nlohmann::json::array();
        WSAPP_ASSIGN_OR_RETURN(
            std::vector<domain::AccountRef> accounts,
            DirectoryAccounts(unit, context.project_id, request.accounts, resources));
        for (const auto& [group_id, app_id] : targets) {
          for (const domain::AccountRef& account : accounts) {
            domain::Authorization grant;
            WSAPP_ASSIGN_OR_RETURN(grant.id, RandomHexId());
            grant.project_id = context.project_id;
            grant.app_group_id = group_id;
            grant.app_id = app_id;
            grant.authorization_type = type;
            grant.account = account;
            grant.created_at_millis = context.now_millis;
            WSAPP_ASSIGN_OR_RETURN(bool is_new, unit.InsertAuthorization(grant));
            resources.push_back({{"type", "authorization"},
                                 {"app_group_id", group_id},
                                 {"app_id", app_id},
                                 {"account", account.account},
                                 {"account_type", account.account_type},
                                 {"outcome", is_new ? "granted" : "already_granted"}});
          }
        }
        detail["resources"] = std::move(resources);
        return OkStatus();
      });
}

Status AuthorizationService::Delete(const RequestContext& context,
                                    const NewAuthorizations& request) {
  return RunAudited(
      store_, context, "workspace:appGroup:batchDeleteAuthorization",
      [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
        std::vector<std::string> skipped;
        WSAPP_ASSIGN_OR_RETURN(
            auto groups, ExistingGroups(unit, context.project_id, request.app_group_ids, &skipped));
        nlohmann::json resources = nlohmann::json::array();
        for (const std::string& id : skipped) {
          resources.push_back({{"type", "appGroup"}, {"id", id}, {"outcome", "skipped"}});
        }
        // D20, as for Add: an account that names no directory entry (an unknown name, or an id
        // and a name of different entries) holds no grant this request may remove.
        WSAPP_ASSIGN_OR_RETURN(
            std::vector<domain::AccountRef> accounts,
            DirectoryAccounts(unit, context.project_id, request.accounts, resources));
        nlohmann::json grants = nlohmann::json::array();
        // No listed group exists any more: nothing to remove, and a repeat of an earlier delete
        // must still succeed (D2), so app_ids are not checked against groups that are gone.
        if (!groups.empty()) {
          WSAPP_ASSIGN_OR_RETURN(auto apps_of_group,
                                 AppsToRevoke(unit, context.project_id, groups, request.app_ids));
          for (const auto& [group_id, app_ids] : apps_of_group) {
            resources.push_back({{"type", "appGroup"}, {"id", group_id}, {"outcome", "updated"}});
            for (const domain::AccountRef& account : accounts) {
              WSAPP_ASSIGN_OR_RETURN(auto removed, unit.DeleteAccountAuthorizations(
                                                       context.project_id, group_id, app_ids,
                                                       account.account_type, account.account));
              for (const domain::Authorization& grant : removed) {
                grants.push_back(RemovedGrantDetail(grant));
              }
            }
          }
        }
        detail["resources"] = std::move(resources);
        detail["removed_authorizations"] = std::move(grants);
        return OkStatus();
      });
}

Result<domain::Page<domain::Authorization>> AuthorizationService::List(
    const RequestContext& context, const domain::AuthorizationFilter& filter,
    const domain::PageRequest& page) {
  return RunRead<domain::Page<domain::Authorization>>(store_, [&](store::UnitOfWork& unit) {
    return unit.ListAuthorizations(context.project_id, filter, page);
  });
}

}  // namespace wsapp::service
