#include "service/authorization_service.h"

#include <map>
#include <set>

#include "common/crypto.h"
#include "domain/app_group.h"
#include "service/app_group_service.h"
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
        for (const auto& [group_id, app_id] : targets) {
          for (const domain::AccountRef& account : request.accounts) {
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

Result<domain::Page<domain::Authorization>> AuthorizationService::List(
    const RequestContext& context, const domain::AuthorizationFilter& filter,
    const domain::PageRequest& page) {
  return RunRead<domain::Page<domain::Authorization>>(store_, [&](store::UnitOfWork& unit) {
    return unit.ListAuthorizations(context.project_id, filter, page);
  });
}

}  // namespace wsapp::service
