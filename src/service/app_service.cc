#include "service/app_service.h"

#include <set>

#include "service/app_group_service.h"
#include "service/unit_runner.h"

namespace wsapp::service {
namespace {

Error DuplicateAppName(const std::string& name) {
  return MakeError(ErrorCode::kAlreadyExists,
                   "An application named " + name + " is already published in the app group.",
                   "duplicate_name");
}

nlohmann::json AuthorizationToJson(const domain::Authorization& grant) {
  return {{"id", grant.id},
          {"app_id", grant.app_id},
          {"account", grant.account.account},
          {"account_type", grant.account.account_type},
          {"account_id", grant.account.id}};
}

}  // namespace

AppService::AppService(store::Store& store, IdGenerator& ids) : store_(store), ids_(ids) {}

Result<std::vector<domain::App>> AppService::Publish(const RequestContext& context,
                                                     const std::string& app_group_id,
                                                     std::vector<domain::App> apps) {
  std::set<std::string> names;
  for (domain::App& app : apps) {
    if (!names.insert(app.name).second) {
      return DuplicateAppName(app.name);
    }
    app.id = ids_.Next();
    app.project_id = context.project_id;
    app.app_group_id = app_group_id;
    app.state = std::string(domain::kAppStateNormal);
    app.published_at_millis = context.now_millis;
  }

  Status published = RunAudited(
      store_, context, "workspace:app:publish",
      [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
        WSAPP_ASSIGN_OR_RETURN(auto group, unit.FindAppGroup(context.project_id, app_group_id));
        if (!group) {
          return AppGroupNotFound(app_group_id);
        }
        Status inserted = unit.InsertApps(context.project_id, app_group_id, apps);
        if (!inserted.ok() && inserted.error().code == ErrorCode::kAlreadyExists) {
          return MakeError(ErrorCode::kAlreadyExists,
                           "An application with one of these names is already published in the "
                           "app group.",
                           "duplicate_name");
        }
        nlohmann::json resources = nlohmann::json::array();
        resources.push_back({{"type", "appGroup"}, {"id", app_group_id}, {"outcome", "updated"}});
        for (const domain::App& app : apps) {
          resources.push_back({{"type", "app"}, {"id", app.id}, {"outcome", "published"}});
        }
        detail["resources"] = std::move(resources);
        return inserted;
      });
  if (!published.ok()) {
    return published.error();
  }
  return apps;
}

Result<domain::Page<domain::App>> AppService::List(const RequestContext& context,
                                                   const std::string& app_group_id,
                                                   const domain::AppFilter& filter,
                                                   const domain::PageRequest& page) {
  return RunRead<domain::Page<domain::App>>(store_, [&](store::UnitOfWork& unit) {
    return unit.ListApps(context.project_id, app_group_id, filter, page);
  });
}

Result<domain::App> AppService::Show(const RequestContext& context, const std::string& app_group_id,
                                     const std::string& app_id) {
  return RunRead<domain::App>(store_, [&](store::UnitOfWork& unit) -> Result<domain::App> {
    WSAPP_ASSIGN_OR_RETURN(auto group, unit.FindAppGroup(context.project_id, app_group_id));
    if (!group) {
      return AppGroupNotFound(app_group_id);
    }
    WSAPP_ASSIGN_OR_RETURN(auto app, unit.FindApp(context.project_id, app_group_id, app_id));
    if (!app) {
      return MakeError(ErrorCode::kNotFound, "The application " + app_id + " does not exist.",
                       "app_not_found");
    }
    return *app;
  });
}

Status AppService::Unpublish(const RequestContext& context, const std::string& app_group_id,
                             const std::vector<std::string>& app_ids) {
  return RunAudited(
      store_, context, "workspace:app:unpublish",
      [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
        WSAPP_ASSIGN_OR_RETURN(auto group, unit.FindAppGroup(context.project_id, app_group_id));
        if (!group) {
          return AppGroupNotFound(app_group_id);
        }
        WSAPP_ASSIGN_OR_RETURN(store::UnpublishResult removed,
                               unit.UnpublishApps(context.project_id, app_group_id, app_ids));
        std::set<std::string> removed_ids(removed.removed_app_ids.begin(),
                                          removed.removed_app_ids.end());
        nlohmann::json resources = nlohmann::json::array();
        resources.push_back({{"type", "appGroup"}, {"id", app_group_id}, {"outcome", "updated"}});
        std::set<std::string> seen;
        for (const std::string& id : app_ids) {
          if (seen.insert(id).second) {
            resources.push_back({{"type", "app"},
                                 {"id", id},
                                 {"outcome", removed_ids.count(id) ? "unpublished" : "skipped"}});
          }
        }
        nlohmann::json grants = nlohmann::json::array();
        for (const domain::Authorization& grant : removed.removed_authorizations) {
          grants.push_back(AuthorizationToJson(grant));
        }
        detail["resources"] = std::move(resources);
        detail["removed_authorizations"] = std::move(grants);
        return OkStatus();
      });
}

}  // namespace wsapp::service
