// LoadDemo of service/bootstrap.h: the vendor's documented example as sample data.
#include <nlohmann/json.hpp>

#include "common/crypto.h"
#include "common/time_format.h"
#include "domain/audit.h"
#include "domain/directory.h"
#include "domain/server_group.h"
#include "service/bootstrap.h"

namespace wsapp::service {
namespace {

constexpr char kDemoUser[] = "user000";
// Set, to the demo project's id, once the demo data has been loaded into the store.
constexpr char kDemoLoadedSetting[] = "demo_loaded_project";
// The server group of the vendor's ListAppGroup example, and an image id of its examples.
constexpr char kDemoServerGroupId[] = "cb5a5079-67cb-45f6-9e4a-e489f3d821d6";
constexpr char kDemoImageId[] = "ad38efc4-113d-4ddc-bdbe-679fa50f0a58";

std::vector<domain::App> DemoApps(const std::string& project_id, int64_t now_millis) {
  domain::App seven_zip;
  seven_zip.id = "570810904237572123";
  seven_zip.name = "7-Zip File Manager";
  seven_zip.version = "19.0.0.0";
  seven_zip.execute_path = "C:\\Program Files\\7-Zip\\7zFM.exe";
  seven_zip.icon_path = seven_zip.execute_path;
  seven_zip.publisher = "Igor Pavlov";
  seven_zip.source_type = 2;
  domain::App explorer;
  explorer.id = "570810904237572122";
  explorer.name = "Internet Explorer (x86)";
  explorer.version = "11.0.14393.0";
  explorer.execute_path = "C:\\Program Files (x86)\\Internet Explorer\\iexplore.exe";
  explorer.icon_path = explorer.execute_path;
  explorer.publisher = "Microsoft Corporation";
  explorer.source_type = 2;
  std::vector<domain::App> apps = {seven_zip, explorer};
  for (domain::App& app : apps) {
    app.project_id = project_id;
    app.app_group_id = std::string(kDemoAppGroupId);
    app.published_at_millis = now_millis;
  }
  return apps;
}

// The demo project: the one with the demo id if it exists, else a new `<region>_demo`.
Result<std::string> EnsureDemoProject(store::UnitOfWork& unit, const std::string& region,
                                      const std::string& account_id, nlohmann::json& resources) {
  std::string project_id(kDemoProjectId);
  WSAPP_ASSIGN_OR_RETURN(auto existing, unit.FindProjectById(project_id));
  if (existing) {
    return existing->id;
  }
  WSAPP_RETURN_IF_ERROR(unit.InsertProject({project_id, account_id, region + "_demo", ""}));
  resources.push_back({{"type", "project"}, {"id", project_id}, {"outcome", "created"}});
  return project_id;
}

// The demo user in the project's end-user directory, created when missing, so that the demo
// grant has an account behind it (D20). Returns its id.
Result<std::string> EnsureDemoUser(store::UnitOfWork& unit, const std::string& project_id,
                                   int64_t now_millis, nlohmann::json& resources) {
  WSAPP_ASSIGN_OR_RETURN(auto existing, unit.FindDirectoryUserByName(project_id, kDemoUser));
  if (existing) {
    return existing->id;
  }
  domain::DirectoryUser user;
  WSAPP_ASSIGN_OR_RETURN(user.id, RandomHexId());
  user.project_id = project_id;
  user.user_name = kDemoUser;
  user.description = "demo user";
  user.created_at_millis = now_millis;
  WSAPP_RETURN_IF_ERROR(unit.InsertDirectoryUser(user));
  resources.push_back({{"type", "user"}, {"id", user.id}, {"outcome", "created"}});
  return user.id;
}

domain::CatalogApp DemoCatalogApp(std::string name, std::string version, std::string path,
                                  std::string publisher) {
  domain::CatalogApp app;
  app.name = std::move(name);
  app.version = std::move(version);
  app.execute_path = std::move(path);
  app.icon_path = app.execute_path;
  app.publisher = std::move(publisher);
  app.source_image_ids = {kDemoImageId};
  return app;
}

// The catalog of the demo server group: the two demo apps and one more, so that
// ShowPublishableApp on the demo group shows both answers of `publishable`.
domain::ServerGroupCatalog DemoCatalog() {
  domain::ServerGroupCatalog catalog;
  catalog.group_images = {kDemoImageId};
  catalog.items = {
      DemoCatalogApp("7-Zip File Manager", "19.0.0.0", "C:\\Program Files\\7-Zip\\7zFM.exe",
                     "Igor Pavlov"),
      DemoCatalogApp("Internet Explorer (x86)", "11.0.14393.0",
                     "C:\\Program Files (x86)\\Internet Explorer\\iexplore.exe",
                     "Microsoft Corporation"),
      DemoCatalogApp("Notepad", "10.0.17763.1", "C:\\Windows\\System32\\notepad.exe",
                     "Microsoft Corporation"),
  };
  return catalog;
}

// The demo server group with its catalog, created when missing. Returns whether the group
// exists afterwards: a user's own server group may already hold the demo name, and the demo then
// does without.
Result<bool> EnsureDemoServerGroup(store::UnitOfWork& unit, const std::string& project_id,
                                   int64_t now_millis, nlohmann::json& resources) {
  WSAPP_ASSIGN_OR_RETURN(auto existing, unit.FindServerGroup(project_id, kDemoServerGroupId));
  if (existing) {
    return true;
  }
  domain::ServerGroup group;
  group.id = kDemoServerGroupId;
  group.project_id = project_id;
  group.name = "lmn-530test";
  group.description = "demo server group";
  group.created_at_millis = now_millis;
  group.updated_at_millis = now_millis;
  // As CreateServerGroup stores a request that gave only the required members.
  group.attributes = {{"image_id", kDemoImageId},
                      {"image_product_id", ""},
                      {"image_type", "private"},
                      {"os_type", "Windows"},
                      {"product_id", "workspace.appstream.general.xlarge.2"},
                      {"vpc_id", "59785ba5-e5d5-4836-b9de-19f22ac15175"},
                      {"subnet_id", "a5842cb4-5718-4b0a-8b27-3a3e9c74f977"},
                      {"system_disk_type", "SAS"},
                      {"system_disk_size", 80},
                      {"ou_name", ""},
                      {"cluster_id", ""},
                      {"availability_zone", ""},
                      {"is_vdi", false},
                      {"tags", nlohmann::json::array()},
                      {"enterprise_project_id", "0"},
                      {"primary_server_group_id", ""},
                      {"server_group_status", true}};
  // Limitation: on PostgreSQL a failed statement ends the transaction, so when a user's own
  // server group holds the demo name the whole demo load fails (docs/limitations.md) instead of
  // going on without the demo server group, as it does on SQLite.
  Status inserted = unit.InsertServerGroup(group);
  if (!inserted.ok() && inserted.error().code == ErrorCode::kAlreadyExists) {
    return false;
  }
  WSAPP_RETURN_IF_ERROR(inserted);
  WSAPP_RETURN_IF_ERROR(unit.ReplaceServerGroupCatalog(project_id, group.id, DemoCatalog()));
  resources.push_back({{"type", "serverGroup"}, {"id", group.id}, {"outcome", "created"}});
  return true;
}

}  // namespace

// One attempt of LoadDemo.
static Status LoadDemoOnce(store::Store& store, const Clock& clock, const std::string& region,
                           const std::string& account_id) {
  WSAPP_ASSIGN_OR_RETURN(auto unit, store.Begin(store::Store::Mode::kWrite));
  // Loaded once per store: what users later change or delete in the demo data stays changed
  // or deleted across restarts with --demo (scripts/run.sh always passes it).
  WSAPP_ASSIGN_OR_RETURN(auto loaded, unit->GetSetting(kDemoLoadedSetting));
  if (loaded) {
    return OkStatus();
  }
  int64_t now_millis = ToUnixMillis(clock.Now());
  nlohmann::json resources = nlohmann::json::array();
  WSAPP_ASSIGN_OR_RETURN(std::string project_id,
                         EnsureDemoProject(*unit, region, account_id, resources));
  WSAPP_ASSIGN_OR_RETURN(bool has_server_group,
                         EnsureDemoServerGroup(*unit, project_id, now_millis, resources));
  std::string group_id(kDemoAppGroupId);
  WSAPP_ASSIGN_OR_RETURN(auto group, unit->FindAppGroup(project_id, group_id));
  // Only a new demo group is bound: an existing one is the user's to bind or not.
  if (!group) {
    domain::AppGroup demo_group;
    demo_group.id = group_id;
    demo_group.project_id = project_id;
    demo_group.name = "api_test_group";
    demo_group.description = "open API test";
    demo_group.app_server_group_id = has_server_group ? kDemoServerGroupId : "";
    demo_group.created_at_millis = now_millis;
    WSAPP_RETURN_IF_ERROR(unit->InsertAppGroup(demo_group));
    resources.push_back({{"type", "appGroup"}, {"id", group_id}, {"outcome", "created"}});
  }
  for (const domain::App& app : DemoApps(project_id, now_millis)) {
    WSAPP_ASSIGN_OR_RETURN(auto existing, unit->FindApp(project_id, group_id, app.id));
    if (existing) {
      continue;
    }
    // A user may have published another app under the demo name; the demo then keeps theirs.
    // Asked first rather than inferred from a failed insert: on PostgreSQL a failed statement
    // ends the whole transaction.
    WSAPP_ASSIGN_OR_RETURN(bool name_taken, unit->HasAppNamed(project_id, group_id, app.name));
    if (name_taken) {
      continue;
    }
    WSAPP_RETURN_IF_ERROR(unit->InsertApps(project_id, group_id, {app}));
    resources.push_back({{"type", "app"}, {"id", app.id}, {"outcome", "published"}});
  }
  domain::Authorization grant;
  WSAPP_ASSIGN_OR_RETURN(grant.account.id,
                         EnsureDemoUser(*unit, project_id, now_millis, resources));
  WSAPP_ASSIGN_OR_RETURN(grant.id, RandomHexId());
  grant.project_id = project_id;
  grant.app_group_id = group_id;
  grant.authorization_type = "APP_GROUP";
  grant.account.account = kDemoUser;
  grant.account.account_type = "USER";
  grant.created_at_millis = now_millis;
  WSAPP_ASSIGN_OR_RETURN(bool is_new_grant, unit->InsertAuthorization(grant));
  if (is_new_grant) {
    resources.push_back({{"type", "authorization"}, {"id", grant.id}, {"outcome", "granted"}});
  }
  WSAPP_RETURN_IF_ERROR(unit->PutSetting(kDemoLoadedSetting, project_id));
  domain::AuditRecord record;
  record.at_millis = now_millis;
  record.account_id = account_id;
  record.request_id = "startup";
  record.principal_id = "system";
  record.principal_name = "system";
  record.project_id = project_id;
  record.action = "wsapp:bootstrap:loadDemo";
  record.outcome = "success";
  record.detail_json = nlohmann::json({{"resources", resources}}).dump();
  WSAPP_RETURN_IF_ERROR(unit->AppendAudit(record));
  return unit->Commit();
}

Status LoadDemo(store::Store& store, const Clock& clock, const std::string& region,
                const std::string& account_id) {
  return store::RetryUnit(store, [&] { return LoadDemoOnce(store, clock, region, account_id); });
}

}  // namespace wsapp::service
