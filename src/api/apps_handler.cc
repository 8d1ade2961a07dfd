// PublishApp, ListPublishedApp, ShowAppDetail, UnpublishApp, UpdateApp, BatchEnableApp,
// BatchDisableApp, CheckPublishApp and UpdatePreBootPolicy.
#include "api/api_call.h"
#include "api/handlers.h"
#include "api/json_body.h"
#include "api/wire_models.h"
#include "domain/validation.h"

namespace wsapp::api {
namespace {

constexpr size_t kMaxPublishItems = 20;
constexpr size_t kMaxUnpublishIds = 50;
constexpr size_t kMaxIdChars = 128;
constexpr size_t kMaxStateChangeIds = 20;
constexpr size_t kMaxPreBootIds = 5;

Result<std::optional<std::map<std::string, std::string>>> ParseExtendedInfo(
    const JsonFields& fields) {
  WSAPP_ASSIGN_OR_RETURN(const nlohmann::json* info, fields.OptionalObject("app_extended_info"));
  if (info == nullptr) {
    return std::optional<std::map<std::string, std::string>>();
  }
  JsonFields info_fields(*info, fields.FieldName("app_extended_info."));
  WSAPP_ASSIGN_OR_RETURN(const nlohmann::json* map, info_fields.OptionalObject("extended_info"));
  std::map<std::string, std::string> values;
  if (map != nullptr) {
    for (const auto& [key, value] : map->items()) {
      if (!value.is_string()) {
        return InvalidArgument(info_fields.FieldName("extended_info.") + key + " must be a string");
      }
      values[key] = value.get<std::string>();
    }
  }
  return std::optional<std::map<std::string, std::string>>(std::move(values));
}

Result<domain::App> ParsePublishItem(const nlohmann::json& item, size_t index) {
  JsonFields fields(item, "items[" + std::to_string(index) + "].");
  domain::App app;
  WSAPP_ASSIGN_OR_RETURN(app.name, fields.RequiredString("name", 1, 64));
  WSAPP_RETURN_IF_ERROR(domain::ValidateAppName(fields.FieldName("name"), app.name));
  WSAPP_ASSIGN_OR_RETURN(app.execute_path, fields.RequiredString("execute_path", 1, 255));
  WSAPP_ASSIGN_OR_RETURN(app.source_type, fields.RequiredInt("source_type", 1, 3));
  if (app.source_type == 1) {
    return InvalidArgument(fields.FieldName("source_type") +
                           " 1 (system built-in) cannot be published; use 2 or 3");
  }
  WSAPP_ASSIGN_OR_RETURN(app.version, fields.OptionalString("version", 0, 255));
  WSAPP_ASSIGN_OR_RETURN(app.command_param, fields.OptionalString("command_param", 0, 2048));
  WSAPP_ASSIGN_OR_RETURN(app.work_path, fields.OptionalString("work_path", 0, 255));
  WSAPP_ASSIGN_OR_RETURN(app.icon_path, fields.OptionalString("icon_path", 0, 255));
  WSAPP_ASSIGN_OR_RETURN(app.icon_index, fields.OptionalInt("icon_index", 0, 2147483647, 0));
  WSAPP_ASSIGN_OR_RETURN(app.description, fields.OptionalString("description", 0, 255));
  WSAPP_ASSIGN_OR_RETURN(app.publisher, fields.OptionalString("publisher", 0, 255));
  // icon_uri is "currently unused" by the vendor: checked for form, not stored.
  WSAPP_RETURN_IF_ERROR(fields.OptionalString("icon_uri", 0, 10977));
  WSAPP_ASSIGN_OR_RETURN(app.source_image_ids,
                         fields.OptionalStringArray("source_image_ids", 0, 20, 1, kMaxIdChars));
  WSAPP_ASSIGN_OR_RETURN(app.sandbox_enable, fields.OptionalBool("sandbox_enable", false));
  WSAPP_ASSIGN_OR_RETURN(app.extended_info, ParseExtendedInfo(fields));
  return app;
}

Result<std::vector<domain::App>> ParsePublishApps(const nlohmann::json& body) {
  JsonFields fields(body);
  WSAPP_ASSIGN_OR_RETURN(auto items, fields.RequiredObjectArray("items", 1, kMaxPublishItems));
  std::vector<domain::App> apps;
  for (size_t i = 0; i < items.size(); ++i) {
    WSAPP_ASSIGN_OR_RETURN(domain::App app, ParsePublishItem(*items[i], i));
    apps.push_back(std::move(app));
  }
  return apps;
}

Status ValidateGroupParam(const ApiCall& call) {
  return domain::ValidateLength("app_group_id", call.Param("app_group_id"), 1, kMaxIdChars);
}

Result<HttpResponse> PublishApps(service::AppService& apps, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidateGroupParam(call));
  WSAPP_ASSIGN_OR_RETURN(std::vector<domain::App> request, ParsePublishApps(call.body()));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(
      auto published, apps.Publish(call.Context(), call.Param("app_group_id"), std::move(request)));
  return JsonTextResponse(200, AppListJson(static_cast<int64_t>(published.size()), published));
}

Result<HttpResponse> ListApps(service::AppService& apps, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidateGroupParam(call));
  const QueryParams& query = call.query();
  WSAPP_ASSIGN_OR_RETURN(domain::PageRequest page, query.Page());
  domain::AppFilter filter;
  WSAPP_ASSIGN_OR_RETURN(filter.name_contains, query.String("name", 1024));
  WSAPP_ASSIGN_OR_RETURN(filter.state, query.Enum("state", {"NORMAL", "FORBIDDEN"}));
  WSAPP_ASSIGN_OR_RETURN(filter.app_id, query.String("app_id", kMaxIdChars));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(auto result,
                         apps.List(call.Context(), call.Param("app_group_id"), filter, page));
  return JsonTextResponse(200, AppListJson(result.count, result.items));
}

Result<HttpResponse> ShowApp(service::AppService& apps, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidateGroupParam(call));
  WSAPP_RETURN_IF_ERROR(domain::ValidateLength("app_id", call.Param("app_id"), 1, kMaxIdChars));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(
      domain::App app, apps.Show(call.Context(), call.Param("app_group_id"), call.Param("app_id")));
  return JsonTextResponse(200, AppJson(app));
}

Result<std::vector<std::string>> ParseUnpublishIds(const nlohmann::json& body) {
  // Duplicates are valid input (the schema has no uniqueItems); maxItems counts entries.
  return JsonFields(body).RequiredStringArray("ids", 1, kMaxUnpublishIds, 1, kMaxIdChars);
}

Result<HttpResponse> UnpublishApps(service::AppService& apps, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidateGroupParam(call));
  WSAPP_ASSIGN_OR_RETURN(std::vector<std::string> ids, ParseUnpublishIds(call.body()));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_RETURN_IF_ERROR(apps.Unpublish(call.Context(), call.Param("app_group_id"), ids));
  return JsonResponse(200, nlohmann::json::object());
}

// A member that overwrites when present (UpdateApp): absent gives std::nullopt.
Result<std::optional<std::string>> PresentString(const JsonFields& fields, std::string_view name,
                                                 size_t min_chars, size_t max_chars) {
  if (!fields.Has(name)) {
    return std::optional<std::string>();
  }
  WSAPP_ASSIGN_OR_RETURN(std::string value, fields.RequiredString(name, min_chars, max_chars));
  return std::optional<std::string>(std::move(value));
}

Result<service::AppChanges> ParseUpdateApp(const nlohmann::json& body) {
  JsonFields fields(body);
  service::AppChanges changes;
  WSAPP_ASSIGN_OR_RETURN(changes.name, PresentString(fields, "name", 1, 64));
  if (changes.name) {
    WSAPP_RETURN_IF_ERROR(domain::ValidateAppName("name", *changes.name));
  }
  WSAPP_ASSIGN_OR_RETURN(changes.version, PresentString(fields, "version", 0, 255));
  // 0 characters are allowed here although PublishApp requires 1 (reference section 1.3).
  WSAPP_ASSIGN_OR_RETURN(changes.execute_path, PresentString(fields, "execute_path", 0, 255));
  WSAPP_ASSIGN_OR_RETURN(changes.work_path, PresentString(fields, "work_path", 0, 255));
  WSAPP_ASSIGN_OR_RETURN(changes.description, PresentString(fields, "description", 0, 255));
  WSAPP_ASSIGN_OR_RETURN(changes.command_param, PresentString(fields, "command_param", 0, 2048));
  if (fields.Has("state")) {
    WSAPP_ASSIGN_OR_RETURN(changes.state, fields.RequiredEnum("state", {"NORMAL", "FORBIDDEN"}));
  }
  if (fields.Has("sandbox_enable")) {
    WSAPP_ASSIGN_OR_RETURN(changes.sandbox_enable, fields.OptionalBool("sandbox_enable", false));
  }
  WSAPP_ASSIGN_OR_RETURN(changes.extended_info, ParseExtendedInfo(fields));
  return changes;
}

Result<HttpResponse> UpdateApp(service::AppService& apps, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidateGroupParam(call));
  WSAPP_RETURN_IF_ERROR(domain::ValidateLength("app_id", call.Param("app_id"), 1, kMaxIdChars));
  WSAPP_ASSIGN_OR_RETURN(service::AppChanges changes, ParseUpdateApp(call.body()));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(domain::App app, apps.Update(call.Context(), call.Param("app_group_id"),
                                                      call.Param("app_id"), changes));
  return JsonTextResponse(200, AppJson(app));
}

// BatchEnableApp (NORMAL) and BatchDisableApp (FORBIDDEN).
Result<HttpResponse> SetAppsState(service::AppService& apps, ApiCall& call,
                                  std::string_view state) {
  WSAPP_RETURN_IF_ERROR(ValidateGroupParam(call));
  WSAPP_ASSIGN_OR_RETURN(
      std::vector<std::string> ids,
      JsonFields(call.body()).RequiredStringArray("ids", 1, kMaxStateChangeIds, 1, kMaxIdChars));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_RETURN_IF_ERROR(
      apps.SetState(call.Context(), call.Param("app_group_id"), ids, std::string(state)));
  return JsonResponse(200, nlohmann::json::object());
}

// CheckPublishApp answers as CheckAppGroup does: validate_rule only when the check fails.
Result<HttpResponse> CheckPublishApp(service::AppService& apps, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidateGroupParam(call));
  WSAPP_ASSIGN_OR_RETURN(std::string name, JsonFields(call.body()).RequiredString("name", 1, 2048));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(service::NameCheck check,
                         apps.CheckName(call.Context(), call.Param("app_group_id"), name));
  nlohmann::json reply = {{"result", check.is_valid}};
  if (!check.is_valid) {
    reply["validate_rule"] = check.violated_rule;
  }
  return JsonResponse(200, reply);
}

struct PreBootRequest {
  std::vector<std::string> ids;
  store::UnitOfWork::PreBootPolicy policy;
};

Result<PreBootRequest> ParsePreBootPolicy(const nlohmann::json& body) {
  JsonFields fields(body);
  PreBootRequest request;
  WSAPP_ASSIGN_OR_RETURN(request.ids,
                         fields.RequiredStringArray("ids", 1, kMaxPreBootIds, 1, kMaxIdChars));
  if (!fields.Has("is_pre_boot")) {
    return InvalidArgument("is_pre_boot is required (true or false)");
  }
  WSAPP_ASSIGN_OR_RETURN(request.policy.is_pre_boot, fields.OptionalBool("is_pre_boot", false));
  if (fields.Has("pre_launch_policy")) {
    // 0: no pre-launch, 1: session pre-launch, 3: app pre-launch (the vendor has no 2).
    WSAPP_ASSIGN_OR_RETURN(int64_t policy, fields.RequiredInt("pre_launch_policy", 0, 3));
    if (policy == 2) {
      return InvalidArgument("pre_launch_policy must be 0, 1 or 3");
    }
    request.policy.pre_launch_policy = policy;
  }
  return request;
}

Result<HttpResponse> UpdatePreBootPolicy(service::AppService& apps, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidateGroupParam(call));
  WSAPP_ASSIGN_OR_RETURN(PreBootRequest request, ParsePreBootPolicy(call.body()));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_RETURN_IF_ERROR(apps.UpdatePreBootPolicy(call.Context(), call.Param("app_group_id"),
                                                 request.ids, request.policy));
  return JsonResponse(200, nlohmann::json::object());
}

std::vector<ResourceRef> PathGroup(const ApiCall& call) {
  return {{"appGroup", call.Param("app_group_id")}};
}

std::vector<ResourceRef> GroupAndAllApps(const ApiCall& call) {
  return {{"appGroup", call.Param("app_group_id")}, {"app", "*"}};
}

std::vector<ResourceRef> GroupAndPathApp(const ApiCall& call) {
  return {{"appGroup", call.Param("app_group_id")}, {"app", call.Param("app_id")}};
}

// Every listed id is evaluated, so one denied id denies the whole batch (D8). Builders run after
// the handler validated the body, so the widest limit of the operations using this one (50,
// UnpublishApp) reads every id of BatchEnableApp and BatchDisableApp (20) too.
std::vector<ResourceRef> GroupAndBodyApps(const ApiCall& call) {
  std::vector<ResourceRef> resources = {{"appGroup", call.Param("app_group_id")}};
  auto ids = ParseUnpublishIds(call.body());
  if (ids.ok()) {
    for (const std::string& id : *ids) {
      resources.push_back({"app", id});
    }
  }
  return resources;
}

// The routes of issue #3. UpdatePreBootPolicy requires only the appGroup resource type
// (reference section 1.1), so only the group is evaluated (D8).
Status AddAppChangeRoutes(Router& router, service::AppService& apps, const std::string& base) {
  WSAPP_RETURN_IF_ERROR(router.Add({
      .operation = "UpdateApp",
      .method = "PATCH",
      .pattern = base + "/{app_id}",
      .action = "workspace:app:update",
      .resources = GroupAndPathApp,
      .handler = [&apps](ApiCall& call) { return UpdateApp(apps, call); },
      .body = BodyKind::kJson,
  }));
  WSAPP_RETURN_IF_ERROR(router.Add({
      .operation = "BatchEnableApp",
      .method = "POST",
      .pattern = base + "/actions/enable",
      .action = "workspace:app:batchEnable",
      .resources = GroupAndBodyApps,
      .handler = [&apps](ApiCall& call) { return SetAppsState(apps, call, "NORMAL"); },
      .body = BodyKind::kJson,
  }));
  WSAPP_RETURN_IF_ERROR(router.Add({
      .operation = "BatchDisableApp",
      .method = "POST",
      .pattern = base + "/actions/disable",
      .action = "workspace:app:batchDisable",
      .resources = GroupAndBodyApps,
      .handler = [&apps](ApiCall& call) { return SetAppsState(apps, call, "FORBIDDEN"); },
      .body = BodyKind::kJson,
  }));
  WSAPP_RETURN_IF_ERROR(router.Add({
      .operation = "CheckPublishApp",
      .method = "POST",
      .pattern = base + "/actions/check",
      .action = "workspace:app:check",
      .resources = GroupAndAllApps,
      .handler = [&apps](ApiCall& call) { return CheckPublishApp(apps, call); },
      .body = BodyKind::kJson,
  }));
  return router.Add({
      .operation = "UpdatePreBootPolicy",
      .method = "POST",
      .pattern = base + "/pre-boot-policy",
      .action = "workspace:app:updatePreBootPolicy",
      .resources = PathGroup,
      .handler = [&apps](ApiCall& call) { return UpdatePreBootPolicy(apps, call); },
      .body = BodyKind::kJson,
  });
}

}  // namespace

Status AddAppRoutes(Router& router, const Services& services) {
  service::AppService& apps = *services.apps;
  const std::string base = "/v1/{project_id}/app-groups/{app_group_id}/apps";
  WSAPP_RETURN_IF_ERROR(router.Add({
      .operation = "PublishApp",
      .method = "POST",
      .pattern = base,
      .action = "workspace:app:publish",
      .resources = GroupAndAllApps,
      .handler = [&apps](ApiCall& call) { return PublishApps(apps, call); },
      .body = BodyKind::kJson,
  }));
  WSAPP_RETURN_IF_ERROR(router.Add({
      .operation = "ListPublishedApp",
      .method = "GET",
      .pattern = base,
      .action = "workspace:app:listPublishedApp",
      .resources = GroupAndAllApps,
      .handler = [&apps](ApiCall& call) { return ListApps(apps, call); },
  }));
  WSAPP_RETURN_IF_ERROR(router.Add({
      .operation = "ShowAppDetail",
      .method = "GET",
      .pattern = base + "/{app_id}",
      .action = "workspace:app:get",
      .resources = GroupAndPathApp,
      .handler = [&apps](ApiCall& call) { return ShowApp(apps, call); },
  }));
  WSAPP_RETURN_IF_ERROR(router.Add({
      .operation = "UnpublishApp",
      .method = "POST",
      .pattern = base + "/batch-unpublish",
      .action = "workspace:app:unpublish",
      .resources = GroupAndBodyApps,
      .handler = [&apps](ApiCall& call) { return UnpublishApps(apps, call); },
      .body = BodyKind::kJson,
  }));
  return AddAppChangeRoutes(router, apps, base);
}

}  // namespace wsapp::api
