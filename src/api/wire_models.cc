#include "api/wire_models.h"

#include "common/time_format.h"

namespace wsapp::api {

nlohmann::json AppGroupToJson(const domain::AppGroup& group, bool with_detail) {
  nlohmann::json json = {
      {"id", group.id},
      {"name", group.name},
      {"app_server_group_id", group.app_server_group_id},
      {"app_server_group_name", group.app_server_group_name},
      {"description", group.description},
      {"authorization_type", group.authorization_type},
      {"tenant_id", group.project_id},
      {"app_type", group.app_type},
      {"create_at", FormatMillisUtc(group.created_at_millis)},
      {"app_count", group.app_count},
  };
  if (with_detail) {
    json["app_server_group_description"] = group.app_server_group_description;
  }
  return json;
}

nlohmann::json AppToJson(const domain::App& app) {
  nlohmann::json json = {
      {"id", app.id},
      {"name", app.name},
      {"version", app.version},
      {"command_param", app.command_param},
      {"execute_path", app.execute_path},
      {"work_path", app.work_path},
      {"icon_path", app.icon_path},
      {"icon_index", app.icon_index},
      {"description", app.description},
      {"app_group_id", app.app_group_id},
      {"state", app.state},
      {"tenant_id", app.project_id},
      {"publish_at", FormatMillisUtc(app.published_at_millis)},
      {"source_type", app.source_type},
      {"publisher", app.publisher},
      {"icon_url", app.icon_url},
      {"publishable", true},
      {"sandbox_enable", app.sandbox_enable},
      {"is_pre_boot", app.is_pre_boot},
  };
  if (app.extended_info) {
    json["app_extended_info"] = {{"extended_info", *app.extended_info}};
  }
  return json;
}

nlohmann::json AuthorizationToJson(const domain::Authorization& grant) {
  nlohmann::json json = {
      {"id", grant.id},
      {"account_id", grant.account.id},
      {"account", grant.account.account},
      {"app_id", grant.app_id},
      {"app_name", grant.app_name},
      {"app_group_id", grant.app_group_id},
      {"app_group_name", grant.app_group_name},
      {"authorization_type", grant.authorization_type},
      {"account_type", grant.account.account_type},
      {"domain", grant.account.domain},
      {"create_at", FormatMillisUtc(grant.created_at_millis)},
  };
  // An enum has no empty value: a grant made without platform_type omits the key.
  if (!grant.account.platform_type.empty()) {
    json["platform_type"] = grant.account.platform_type;
  }
  return json;
}

}  // namespace wsapp::api
