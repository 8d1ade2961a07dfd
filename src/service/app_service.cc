#include "service/app_service.h"

#include <set>

#include "domain/validation.h"
#include "service/app_group_service.h"
#include "service/unit_runner.h"

namespace wsapp::service {
namespace {

Error DuplicateAppName(const std::string& name) {
  return MakeError(ErrorCode::kAlreadyExists,
                   "An application named " + name + " is already published in the app group.",
                   "duplicate_name");
}

Error AppNotFound(const std::string& app_id) {
  return MakeError(ErrorCode::kNotFound, "The application " + app_id + " does not exist.",
                   "app_not_found");
}

Status RequireGroup(store::UnitOfWork& unit, const std::string& project_id,
                    const std::string& app_group_id) {
  WSAPP_ASSIGN_OR_RETURN(auto group, unit.FindAppGroup(project_id, app_group_id));
  if (!group) {
    return AppGroupNotFound(app_group_id);
  }
  return OkStatus();
}

// Overwrites the fields of `app` that `changes` holds; returns the names of those fields.
nlohmann::json ApplyChanges(const AppChanges& changes, domain::App& app) {
  nlohmann::json fields = nlohmann::json::array();
  auto apply = [&fields](const char* name, const auto& change, auto& field) {
    if (change) {
      field = *change;
      fields.push_back(name);
    }
  };
  apply("name", changes.name, app.name);
  apply("version", changes.version, app.version);
  apply("execute_path", changes.execute_path, app.execute_path);
  apply("work_path", changes.work_path, app.work_path);
  apply("description", changes.description, app.description);
  apply("command_param", changes.command_param, app.command_param);
  apply("state", changes.state, app.state);
  apply("sandbox_enable", changes.sandbox_enable, app.sandbox_enable);
  if (changes.extended_info) {
    app.extended_info = *changes.extended_info;
    fields.push_back("app_extended_info");
  }
  return fields;
}

// The audit resources of a batch over apps of one group: the group, then each listed app once,
// marked `outcome` when `found` holds it and "skipped" otherwise.
nlohmann::json BatchResources(const std::string& app_group_id,
                              const std::vector<std::string>& app_ids,
                              const std::vector<std::string>& found, const std::string& outcome) {
  std::set<std::string> found_ids(found.begin(), found.end());
  nlohmann::json resources = nlohmann::json::array();
  resources.push_back({{"type", "appGroup"}, {"id", app_group_id}, {"outcome", "updated"}});
  std::set<std::string> seen;
  for (const std::string& id : app_ids) {
    if (seen.insert(id).second) {
      resources.push_back(
          {{"type", "app"}, {"id", id}, {"outcome", found_ids.count(id) ? outcome : "skipped"}});
    }
  }
  return resources;
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
    WSAPP_ASSIGN_OR_RETURN(app.id, ids_.Next());
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
      return AppNotFound(app_id);
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
          grants.push_back(RemovedGrantDetail(grant));
        }
        detail["resources"] = std::move(resources);
        detail["removed_authorizations"] = std::move(grants);
        return OkStatus();
      });
}

Result<domain::App> AppService::Update(const RequestContext& context,
                                       const std::string& app_group_id, const std::string& app_id,
                                       const AppChanges& changes) {
  domain::App updated;
  Status done = RunAudited(
      store_, context, "workspace:app:update",
      [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
        WSAPP_RETURN_IF_ERROR(RequireGroup(unit, context.project_id, app_group_id));
        WSAPP_ASSIGN_OR_RETURN(auto app, unit.FindApp(context.project_id, app_group_id, app_id));
        if (!app) {
          return AppNotFound(app_id);
        }
        detail["fields"] = ApplyChanges(changes, *app);
        Status written = unit.UpdateApp(*app);
        if (!written.ok() && written.error().code == ErrorCode::kAlreadyExists) {
          return DuplicateAppName(app->name);
        }
        WSAPP_RETURN_IF_ERROR(written);
        detail["resources"] = {{{"type", "app"},
                                {"id", app_id},
                                {"app_group_id", app_group_id},
                                {"outcome", "updated"}}};
        updated = std::move(*app);
        return OkStatus();
      });
  if (!done.ok()) {
    return done.error();
  }
  return updated;
}

Status AppService::SetState(const RequestContext& context, const std::string& app_group_id,
                            const std::vector<std::string>& app_ids, const std::string& state) {
  bool is_enable = state == domain::kAppStateNormal;
  return RunAudited(
      store_, context, is_enable ? "workspace:app:batchEnable" : "workspace:app:batchDisable",
      [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
        WSAPP_RETURN_IF_ERROR(RequireGroup(unit, context.project_id, app_group_id));
        WSAPP_ASSIGN_OR_RETURN(
            std::vector<std::string> found,
            unit.SetAppsState(context.project_id, app_group_id, app_ids, state));
        detail["resources"] =
            BatchResources(app_group_id, app_ids, found, is_enable ? "enabled" : "disabled");
        detail["state"] = state;
        return OkStatus();
      });
}

Result<NameCheck> AppService::CheckName(const RequestContext& context,
                                        const std::string& app_group_id,
                                        const std::string& name) {
  return RunRead<NameCheck>(store_, [&](store::UnitOfWork& unit) -> Result<NameCheck> {
    WSAPP_RETURN_IF_ERROR(RequireGroup(unit, context.project_id, app_group_id));
    if (!domain::ValidateAppName("name", name).ok()) {
      return NameCheck{false, "naming"};
    }
    WSAPP_ASSIGN_OR_RETURN(bool is_taken,
                           unit.HasAppNamed(context.project_id, app_group_id, name));
    if (is_taken) {
      return NameCheck{false, "duplicate"};
    }
    return NameCheck{};
  });
}

Status AppService::UpdatePreBootPolicy(const RequestContext& context,
                                       const std::string& app_group_id,
                                       const std::vector<std::string>& app_ids,
                                       const store::UnitOfWork::PreBootPolicy& policy) {
  return RunAudited(
      store_, context, "workspace:app:updatePreBootPolicy",
      [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
        WSAPP_RETURN_IF_ERROR(RequireGroup(unit, context.project_id, app_group_id));
        WSAPP_ASSIGN_OR_RETURN(
            std::vector<std::string> found,
            unit.SetPreBootPolicy(context.project_id, app_group_id, app_ids, policy));
        detail["resources"] = BatchResources(app_group_id, app_ids, found, "updated");
        detail["is_pre_boot"] = policy.is_pre_boot;
        if (policy.pre_launch_policy) {
          detail["pre_launch_policy"] = *policy.pre_launch_policy;
        }
        return OkStatus();
      });
}

}  // namespace wsapp::service
