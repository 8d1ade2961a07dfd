#include "api/server_group_wire.h"

#include <fmt/format.h>

#include <cctype>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "api/json_body.h"
#include "common/time_format.h"
#include "domain/validation.h"

namespace wsapp::api {
namespace {

using Strings = std::vector<std::string>;

const Strings kAppTypes = {"COMMON_APP", "SESSION_DESKTOP_APP"};
const Strings kImageTypes = {"gold", "public", "private", "shared", "other"};
const Strings kOsTypes = {"Linux", "Windows", "Other"};
const Strings kVolumeTypes = {"ESSD", "SSD", "GPSSD", "SAS", "SATA"};
const Strings kExtraSessionTypes = {"GPU", "CPU"};
const Strings kMountPolicies = {"USER", "SHARE", "ANY"};

constexpr int64_t kMaxInt32 = 2147483647;
constexpr size_t kMaxTags = 20;
constexpr size_t kMaxCatalogItems = 200;
constexpr size_t kMaxImages = 20;
constexpr size_t kMaxIdChars = 128;

// The vendor's \S: no space, tab or line break anywhere.
Status CheckNoWhitespace(const std::string& field, const std::string& text) {
  if (text.find_first_of(" \t\n\v\f\r") != std::string::npos) {
    return InvalidArgument(field + " must not contain whitespace");
  }
  return OkStatus();
}

// Collects the members of a vendor model that the server keeps only to give back (D30): each
// present member is checked and copied under its wire name; absent ones get their default, or
// stay absent when the model gives none.
class Attributes {
 public:
  explicit Attributes(const JsonFields& fields) : fields_(fields) {}

  Status String(std::string_view name, size_t min_chars, size_t max_chars, bool is_required,
                std::optional<std::string> fallback = std::nullopt) {
    if (!fields_.Has(name) && !is_required) {
      return SetFallback(name, fallback);
    }
    WSAPP_ASSIGN_OR_RETURN(std::string value, fields_.RequiredString(name, min_chars, max_chars));
    out_[std::string(name)] = value;
    return OkStatus();
  }

  // A string of 1..128 (or 0..128) characters without whitespace, as the vendor's image ids.
  Status Token(std::string_view name, size_t min_chars, bool is_required,
               std::optional<std::string> fallback = std::nullopt) {
    WSAPP_RETURN_IF_ERROR(String(name, min_chars, kMaxIdChars, is_required, fallback));
    std::string key(name);
    if (!out_.contains(key)) {
      return OkStatus();
    }
    return CheckNoWhitespace(fields_.FieldName(name), out_[key].get<std::string>());
  }

  Status Enum(std::string_view name, const Strings& allowed, bool is_required,
              std::optional<std::string> fallback = std::nullopt) {
    if (!fields_.Has(name) && !is_required) {
      return SetFallback(name, fallback);
    }
    WSAPP_ASSIGN_OR_RETURN(std::string value, fields_.RequiredEnum(name, allowed));
    out_[std::string(name)] = value;
    return OkStatus();
  }

  Status Int(std::string_view name, int64_t min, int64_t max, bool is_required) {
    if (!fields_.Has(name) && !is_required) {
      return OkStatus();
    }
    WSAPP_ASSIGN_OR_RETURN(int64_t value, fields_.RequiredInt(name, min, max));
    out_[std::string(name)] = value;
    return OkStatus();
  }

  Status Bool(std::string_view name, std::optional<bool> fallback) {
    if (!fields_.Has(name)) {
      if (fallback) {
        out_[std::string(name)] = *fallback;
      }
      return OkStatus();
    }
    WSAPP_ASSIGN_OR_RETURN(bool value, fields_.OptionalBool(name, false));
    out_[std::string(name)] = value;
    return OkStatus();
  }

  void Set(std::string_view name, nlohmann::json value) {
    out_[std::string(name)] = std::move(value);
  }

  nlohmann::json& json() { return out_; }

 private:
  Status SetFallback(std::string_view name, const std::optional<std::string>& fallback) {
    if (fallback) {
      out_[std::string(name)] = *fallback;
    }
    return OkStatus();
  }

  const JsonFields& fields_;
  nlohmann::json out_ = nlohmann::json::object();
};

// RoutePolicyDetail. Each threshold also accepts 0, meaning "none": the vendor's Terraform
// provider sends 0 for the members its user left out.
Status ParseRoutePolicy(const JsonFields& fields, int64_t max_session, Attributes& out) {
  WSAPP_ASSIGN_OR_RETURN(const nlohmann::json* policy, fields.OptionalObject("route_policy"));
  if (policy == nullptr) {
    return OkStatus();
  }
  JsonFields policy_fields(*policy, fields.FieldName("route_policy."));
  Attributes members(policy_fields);
  WSAPP_RETURN_IF_ERROR(members.Int("max_session", 0, max_session, false));
  for (std::string_view name : {"cpu_threshold", "gpu_threshold", "mem_threshold"}) {
    WSAPP_RETURN_IF_ERROR(members.Int(name, 0, 100, false));
  }
  out.Set("route_policy", members.json());
  return OkStatus();
}

Status ParseIpVirtual(const JsonFields& fields, Attributes& out) {
  WSAPP_ASSIGN_OR_RETURN(const nlohmann::json* ip_virtual, fields.OptionalObject("ip_virtual"));
  if (ip_virtual == nullptr) {
    return OkStatus();
  }
  JsonFields ip_fields(*ip_virtual, fields.FieldName("ip_virtual."));
  if (!ip_fields.Has("enable")) {
    return InvalidArgument(ip_fields.FieldName("enable") + " is required");
  }
  WSAPP_ASSIGN_OR_RETURN(bool enable, ip_fields.OptionalBool("enable", false));
  out.Set("ip_virtual", {{"enable", enable}});
  return OkStatus();
}

// TmsTag key and value characters: letters, digits, spaces and `_ . : = + - @` (values also
// `/`). Non-ASCII characters are accepted as letters.
Status CheckTagText(const std::string& field, const std::string& text, bool is_value) {
  std::string_view punctuation = is_value ? "_.:/=+-@" : "_.:=+-@";
  for (unsigned char c : text) {
    if (c >= 0x80 || std::isalnum(c) || c == ' ' || punctuation.find(c) != std::string::npos) {
      continue;
    }
    return InvalidArgument(fmt::format("{} may contain only letters, digits, spaces and {}",
                                       field, punctuation));
  }
  return OkStatus();
}

Result<nlohmann::json> ParseTag(const nlohmann::json& item, const std::string& prefix) {
  JsonFields fields(item, prefix);
  WSAPP_ASSIGN_OR_RETURN(std::string key, fields.RequiredString("key", 1, 128));
  WSAPP_RETURN_IF_ERROR(CheckTagText(fields.FieldName("key"), key, /*is_value=*/false));
  if (key.rfind("_sys_", 0) == 0 || key.back() == ' ') {
    return InvalidArgument(fields.FieldName("key") +
                           " must not start with _sys_ or end with a space");
  }
  WSAPP_ASSIGN_OR_RETURN(std::string value, fields.OptionalString("value", 0, 255));
  WSAPP_RETURN_IF_ERROR(CheckTagText(fields.FieldName("value"), value, /*is_value=*/true));
  return nlohmann::json{{"key", key}, {"value", value}};
}

// At most 20 tags with distinct keys.
Status ParseTags(const JsonFields& fields, Attributes& out) {
  nlohmann::json tags = nlohmann::json::array();
  if (fields.Has("tags")) {
    WSAPP_ASSIGN_OR_RETURN(auto items, fields.RequiredObjectArray("tags", 0, kMaxTags));
    std::set<std::string> keys;
    for (size_t i = 0; i < items.size(); ++i) {
      std::string prefix = fields.FieldName("tags[" + std::to_string(i) + "].");
      WSAPP_ASSIGN_OR_RETURN(nlohmann::json tag, ParseTag(*items[i], prefix));
      if (!keys.insert(tag["key"].get<std::string>()).second) {
        return InvalidArgument(prefix + "key repeats the key of an earlier tag");
      }
      tags.push_back(std::move(tag));
    }
  }
  out.Set("tags", std::move(tags));
  return OkStatus();
}

// The members of CreateServerGroupReq that the server only keeps and gives back.
Status ParseCreateAttributes(const JsonFields& fields, Attributes& out) {
  WSAPP_RETURN_IF_ERROR(out.Token("image_id", 1, /*is_required=*/true));
  WSAPP_RETURN_IF_ERROR(out.Token("image_product_id", 0, false, ""));
  WSAPP_RETURN_IF_ERROR(out.Enum("image_type", kImageTypes, true));
  WSAPP_RETURN_IF_ERROR(out.Enum("os_type", kOsTypes, true));
  WSAPP_RETURN_IF_ERROR(ParseRoutePolicy(fields, 1024, out));
  WSAPP_RETURN_IF_ERROR(out.String("product_id", 1, 128, true));
  WSAPP_RETURN_IF_ERROR(out.String("flavor_id", 1, 255, false));
  WSAPP_RETURN_IF_ERROR(out.String("vpc_id", 1, 128, true));
  WSAPP_RETURN_IF_ERROR(out.String("subnet_id", 1, 128, true));
  WSAPP_RETURN_IF_ERROR(out.Enum("system_disk_type", kVolumeTypes, true));
  WSAPP_RETURN_IF_ERROR(out.Int("system_disk_size", 10, 32768, true));
  WSAPP_RETURN_IF_ERROR(out.String("ou_name", 0, 255, false, ""));
  WSAPP_RETURN_IF_ERROR(out.String("cluster_id", 0, 255, false, ""));
  WSAPP_RETURN_IF_ERROR(out.String("availability_zone", 0, 255, false, ""));
  WSAPP_RETURN_IF_ERROR(ParseIpVirtual(fields, out));
  WSAPP_RETURN_IF_ERROR(out.Bool("is_vdi", false));
  WSAPP_RETURN_IF_ERROR(out.Enum("extra_session_type", kExtraSessionTypes, false));
  WSAPP_RETURN_IF_ERROR(out.Int("extra_session_size", 1, kMaxInt32, false));
  WSAPP_RETURN_IF_ERROR(ParseTags(fields, out));
  // "" and "0" both mean the default enterprise project; replies say "0".
  WSAPP_RETURN_IF_ERROR(out.String("enterprise_project_id", 0, 128, false, "0"));
  if (out.json()["enterprise_project_id"] == "") {
    out.Set("enterprise_project_id", "0");
  }
  WSAPP_RETURN_IF_ERROR(out.String("primary_server_group_id", 0, 128, false, ""));
  return out.Bool("server_group_status", true);
}

Result<domain::CatalogApp> ParseCatalogItem(const nlohmann::json& item, const std::string& prefix) {
  JsonFields fields(item, prefix);
  domain::CatalogApp app;
  WSAPP_ASSIGN_OR_RETURN(app.name, fields.RequiredString("name", 1, 64));
  WSAPP_RETURN_IF_ERROR(domain::ValidateAppName(fields.FieldName("name"), app.name));
  WSAPP_ASSIGN_OR_RETURN(app.execute_path, fields.RequiredString("execute_path", 1, 255));
  WSAPP_ASSIGN_OR_RETURN(app.source_type, fields.OptionalInt("source_type", 1, 3, 2));
  WSAPP_ASSIGN_OR_RETURN(app.version, fields.OptionalString("version", 0, 255));
  WSAPP_ASSIGN_OR_RETURN(app.command_param, fields.OptionalString("command_param", 0, 2048));
  WSAPP_ASSIGN_OR_RETURN(app.work_path, fields.OptionalString("work_path", 0, 255));
  WSAPP_ASSIGN_OR_RETURN(app.icon_path, fields.OptionalString("icon_path", 0, 255));
  WSAPP_ASSIGN_OR_RETURN(app.icon_index, fields.OptionalInt("icon_index", 0, kMaxInt32, 0));
  WSAPP_ASSIGN_OR_RETURN(app.description, fields.OptionalString("description", 0, 255));
  WSAPP_ASSIGN_OR_RETURN(app.publisher, fields.OptionalString("publisher", 0, 255));
  WSAPP_ASSIGN_OR_RETURN(app.sandbox_enable, fields.OptionalBool("sandbox_enable", false));
  WSAPP_ASSIGN_OR_RETURN(
      app.source_image_ids,
      fields.OptionalStringArray("source_image_ids", 0, kMaxImages, 1, kMaxIdChars));
  return app;
}

nlohmann::json Member(const nlohmann::json& attributes, const char* name,
                      nlohmann::json fallback) {
  auto it = attributes.find(name);
  return it == attributes.end() ? fallback : *it;
}

// Copies a member that has no empty value (an enum, a number, an object) only when it is set.
void CopyIfSet(const nlohmann::json& attributes, const char* name, nlohmann::json& out) {
  auto it = attributes.find(name);
  if (it != attributes.end()) {
    out[name] = *it;
  }
}

}  // namespace

Result<domain::ServerGroup> ParseCreateServerGroup(const nlohmann::json& body) {
  JsonFields fields(body);
  domain::ServerGroup group;
  WSAPP_ASSIGN_OR_RETURN(group.name, fields.RequiredString("name", 1, 64));
  WSAPP_RETURN_IF_ERROR(domain::ValidateAppGroupName("name", group.name));
  WSAPP_ASSIGN_OR_RETURN(group.description, fields.OptionalString("description", 0, 255));
  WSAPP_ASSIGN_OR_RETURN(group.app_type, fields.OptionalEnum("app_type", kAppTypes, "COMMON_APP"));
  Attributes attributes(fields);
  WSAPP_RETURN_IF_ERROR(ParseCreateAttributes(fields, attributes));
  group.attributes = std::move(attributes.json());
  return group;
}

Result<service::ServerGroupChanges> ParseUpdateServerGroup(const nlohmann::json& body) {
  JsonFields fields(body);
  service::ServerGroupChanges changes;
  if (fields.Has("name")) {
    WSAPP_ASSIGN_OR_RETURN(changes.name, fields.RequiredString("name", 1, 64));
    WSAPP_RETURN_IF_ERROR(domain::ValidateAppGroupName("name", *changes.name));
  }
  if (fields.Has("description")) {
    WSAPP_ASSIGN_OR_RETURN(changes.description, fields.RequiredString("description", 0, 255));
  }
  if (fields.Has("app_type")) {
    WSAPP_ASSIGN_OR_RETURN(changes.app_type, fields.RequiredEnum("app_type", kAppTypes));
  }
  Attributes out(fields);
  WSAPP_RETURN_IF_ERROR(ParseRoutePolicy(fields, 100, out));
  WSAPP_RETURN_IF_ERROR(out.Enum("storage_mount_policy", kMountPolicies, false));
  WSAPP_RETURN_IF_ERROR(out.Token("image_id", 1, false));
  WSAPP_RETURN_IF_ERROR(out.Token("image_product_id", 0, false));
  WSAPP_RETURN_IF_ERROR(out.Enum("image_type", kImageTypes, false));
  WSAPP_RETURN_IF_ERROR(out.Enum("system_disk_type", kVolumeTypes, false));
  WSAPP_RETURN_IF_ERROR(out.Int("system_disk_size", 10, 32768, false));
  WSAPP_RETURN_IF_ERROR(out.String("ou_name", 0, 255, false));
  WSAPP_RETURN_IF_ERROR(out.Bool("server_group_status", std::nullopt));
  changes.attributes = std::move(out.json());
  return changes;
}

Result<domain::ServerGroupFilter> ParseServerGroupFilter(const QueryParams& query) {
  domain::ServerGroupFilter filter;
  WSAPP_ASSIGN_OR_RETURN(filter.name_contains, query.String("server_group_name", 1024));
  WSAPP_ASSIGN_OR_RETURN(filter.server_group_id, query.String("server_group_id", kMaxIdChars));
  WSAPP_ASSIGN_OR_RETURN(filter.app_type,
                         query.Enum("app_type", {"SESSION_DESKTOP_APP", "COMMON_APP"}));
  WSAPP_ASSIGN_OR_RETURN(filter.enterprise_project_id,
                         query.String("enterprise_project_id", kMaxIdChars));
  WSAPP_ASSIGN_OR_RETURN(filter.is_secondary,
                         query.Enum("is_secondary_server_group", {"true", "false"}));
  WSAPP_ASSIGN_OR_RETURN(std::string tags, query.String("tags", 2048));
  size_t start = 0;
  while (!tags.empty() && start <= tags.size()) {
    size_t comma = std::min(tags.find(',', start), tags.size());
    std::string pair = tags.substr(start, comma - start);
    size_t equals = pair.find('=');
    std::string key = pair.substr(0, equals);
    if (key.empty()) {
      return InvalidArgument("tags must be key=value pairs separated by commas, e.g. k1=v1,k2=v2");
    }
    filter.tags.emplace_back(key, equals == std::string::npos ? "" : pair.substr(equals + 1));
    start = comma + 1;
  }
  return filter;
}

Result<domain::ServerGroupCatalog> ParseCatalog(const nlohmann::json& body) {
  JsonFields fields(body);
  domain::ServerGroupCatalog catalog;
  WSAPP_ASSIGN_OR_RETURN(catalog.group_images, fields.OptionalStringArray(
                                                   "group_images", 0, kMaxImages, 1, kMaxIdChars));
  WSAPP_ASSIGN_OR_RETURN(auto items, fields.RequiredObjectArray("items", 0, kMaxCatalogItems));
  std::set<std::string> names;
  for (size_t i = 0; i < items.size(); ++i) {
    std::string prefix = "items[" + std::to_string(i) + "].";
    WSAPP_ASSIGN_OR_RETURN(domain::CatalogApp app, ParseCatalogItem(*items[i], prefix));
    if (!names.insert(app.name).second) {
      return InvalidArgument(prefix + "name repeats the name of an earlier item: " + app.name);
    }
    catalog.items.push_back(std::move(app));
  }
  return catalog;
}

nlohmann::json ServerGroupToJson(const domain::ServerGroup& group) {
  const nlohmann::json& attributes = group.attributes;
  nlohmann::json primary = nlohmann::json::array();
  std::string primary_id = Member(attributes, "primary_server_group_id", "").get<std::string>();
  if (!primary_id.empty()) {
    primary.push_back(primary_id);
  }
  nlohmann::json json = {
      {"id", group.id},
      {"name", group.name},
      {"description", group.description},
      {"image_id", Member(attributes, "image_id", "")},
      {"os_type", Member(attributes, "os_type", "Windows")},
      {"product_id", Member(attributes, "product_id", "")},
      {"subnet_id", Member(attributes, "subnet_id", "")},
      {"system_disk_type", Member(attributes, "system_disk_type", "SAS")},
      {"system_disk_size", Member(attributes, "system_disk_size", 80)},
      {"is_vdi", Member(attributes, "is_vdi", false)},
      {"app_type", group.app_type},
      {"create_time", FormatMillisUtc(group.created_at_millis)},
      {"update_time", FormatMillisUtc(group.updated_at_millis)},
      {"enterprise_project_id", Member(attributes, "enterprise_project_id", "0")},
      {"primary_server_group_ids", std::move(primary)},
      {"secondary_server_group_ids", group.secondary_server_group_ids},
      {"server_group_status", Member(attributes, "server_group_status", true)},
      // One self-hosted site, and no machines of the vendor's cloud behind the group.
      {"site_type", "CENTER"},
      {"site_id", ""},
      {"app_server_flavor_count", 0},
      {"app_server_count", 0},
      {"app_group_count", group.app_group_count},
      {"image_name", ""},
      {"subnet_name", ""},
      {"tags", Member(attributes, "tags", nlohmann::json::array())},
      {"ou_name", Member(attributes, "ou_name", "")},
  };
  for (const char* name : {"extra_session_type", "extra_session_size", "storage_mount_policy"}) {
    CopyIfSet(attributes, name, json);
  }
  return json;
}

nlohmann::json ServerGroupDetailToJson(const service::ServerGroupDetail& detail) {
  const nlohmann::json& attributes = detail.group.attributes;
  nlohmann::json json = ServerGroupToJson(detail.group);
  json["project_name"] = detail.project_name;
  json["image_min_disk"] = 0;
  json["image_product_id"] = Member(attributes, "image_product_id", "");
  json["image_type"] = Member(attributes, "image_type", "private");
  json["flavors"] = nlohmann::json::array();
  for (const char* name : {"route_policy", "ip_virtual"}) {
    CopyIfSet(attributes, name, json);
  }
  return json;
}

nlohmann::json CatalogToJson(const domain::ServerGroupCatalog& catalog, bool with_publishable) {
  nlohmann::json items = nlohmann::json::array();
  for (const domain::CatalogApp& app : catalog.items) {
    nlohmann::json item = {
        {"name", app.name},
        {"version", app.version},
        {"command_param", app.command_param},
        {"execute_path", app.execute_path},
        {"work_path", app.work_path},
        {"icon_path", app.icon_path},
        {"icon_index", app.icon_index},
        {"description", app.description},
        {"publisher", app.publisher},
        {"source_type", app.source_type},
        {"sandbox_enable", app.sandbox_enable},
        {"source_image_ids", app.source_image_ids},
    };
    if (with_publishable) {
      item["publishable"] = domain::IsPublishable(app);
    }
    items.push_back(std::move(item));
  }
  return {{"count", catalog.items.size()},
          {"group_images", catalog.group_images},
          {"items", std::move(items)}};
}

}  // namespace wsapp::api
