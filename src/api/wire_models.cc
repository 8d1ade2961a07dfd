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

void WriteApp(JsonWriter& writer, const domain::App& app) {
  // Keys in byte order (see JsonWriter).
  writer.BeginObject();
  if (app.extended_info) {
    writer.Key("app_extended_info").BeginObject().Key("extended_info").BeginObject();
    for (const auto& [key, value] : *app.extended_info) {
      writer.KeyText(key).String(value);
    }
    writer.EndObject().EndObject();
  }
  writer.Key("app_group_id").String(app.app_group_id);
  writer.Key("command_param").String(app.command_param);
  writer.Key("description").String(app.description);
  writer.Key("execute_path").String(app.execute_path);
  writer.Key("icon_index").Int(app.icon_index);
  writer.Key("icon_path").String(app.icon_path);
  writer.Key("icon_url").String(app.icon_url);
  writer.Key("id").String(app.id);
  writer.Key("is_pre_boot").Bool(app.is_pre_boot);
  writer.Key("name").String(app.name);
  writer.Key("publish_at").String(FormatMillisUtc(app.published_at_millis));
  writer.Key("publishable").Bool(true);
  writer.Key("publisher").String(app.publisher);
  writer.Key("sandbox_enable").Bool(app.sandbox_enable);
  writer.Key("source_type").Int(app.source_type);
  writer.Key("state").String(app.state);
  writer.Key("tenant_id").String(app.project_id);
  writer.Key("version").String(app.version);
  writer.Key("work_path").String(app.work_path);
  writer.EndObject();
}

std::string AppJson(const domain::App& app) {
  JsonWriter writer;
  WriteApp(writer, app);
  return writer.Take();
}

std::string AppListJson(int64_t count, const std::vector<domain::App>& apps) {
  // An app takes some 500 bytes on the wire.
  constexpr size_t kBytesPerApp = 640;
  JsonWriter writer;
  writer.Reserve(64 + apps.size() * kBytesPerApp);
  writer.BeginObject().Key("count").Int(count).Key("items").BeginArray();
  for (const domain::App& app : apps) {
    WriteApp(writer, app);
  }
  writer.EndArray().EndObject();
  return writer.Take();
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
