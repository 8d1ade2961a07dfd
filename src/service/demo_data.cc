// LoadDemo of service/bootstrap.h: the vendor's documented example as sample data.
#include <nlohmann/json.hpp>

#include "common/crypto.h"
#include "common/time_format.h"
#include "domain/audit.h"
#include "service/bootstrap.h"

namespace wsapp::service {
namespace {

constexpr char kDemoUser[] = "user000";

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

}  // namespace

Status LoadDemo(store::Store& store, const Clock& clock, const std::string& region,
                const std::string& account_id) {
  WSAPP_ASSIGN_OR_RETURN(auto unit, store.Begin(store::Store::Mode::kWrite));
  int64_t now_millis = ToUnixMillis(clock.Now());
  nlohmann::json resources = nlohmann::json::array();
  WSAPP_ASSIGN_OR_RETURN(std::string project_id,
                         EnsureDemoProject(*unit, region, account_id, resources));
  std::string group_id(kDemoAppGroupId);
  WSAPP_ASSIGN_OR_RETURN(auto group, unit->FindAppGroup(project_id, group_id));
  if (!group) {
    domain::AppGroup demo_group;
    demo_group.id = group_id;
    demo_group.project_id = project_id;
    demo_group.name = "api_test_group";
    demo_group.description = "open API test";
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
    Status inserted = unit->InsertApps(project_id, group_id, {app});
    if (!inserted.ok() && inserted.error().code != ErrorCode::kAlreadyExists) {
      return inserted;
    }
    if (inserted.ok()) {
      resources.push_back({{"type", "app"}, {"id", app.id}, {"outcome", "published"}});
    }
  }
  domain::Authorization grant;
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
  if (resources.empty()) {
    return OkStatus();
  }
  domain::AuditRecord record;
  record.at_millis = now_millis;
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

}  // namespace wsapp::service
