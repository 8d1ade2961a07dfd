#include "service/icon_service.h"

#include "common/crypto.h"
#include "domain/app_icon.h"
#include "domain/png.h"
#include "service/app_group_service.h"
#include "service/unit_runner.h"

namespace wsapp::service {
namespace {

constexpr std::string_view kIconFileSuffix = ".png";
constexpr size_t kTokenChars = 32;

Error AppNotFound(const std::string& app_id) {
  return MakeError(ErrorCode::kNotFound, "The application " + app_id + " does not exist.",
                   "app_not_found");
}

Error IconNotFound() {
  return MakeError(ErrorCode::kNotFound, "The icon does not exist.", "icon_not_found");
}

bool IsLowerHex(std::string_view text) {
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

// The group must exist in the project and the app be published in it.
Status CheckAppExists(store::UnitOfWork& unit, const RequestContext& context,
                      const std::string& app_group_id, const std::string& app_id) {
  WSAPP_ASSIGN_OR_RETURN(auto group, unit.FindAppGroup(context.project_id, app_group_id));
  if (!group) {
    return AppGroupNotFound(app_group_id);
  }
  WSAPP_ASSIGN_OR_RETURN(auto app, unit.FindApp(context.project_id, app_group_id, app_id));
  if (!app) {
    return AppNotFound(app_id);
  }
  return OkStatus();
}

nlohmann::json IconResources(const std::string& app_group_id, const std::string& app_id,
                             std::string_view outcome) {
  return nlohmann::json::array({{{"type", "appGroup"}, {"id", app_group_id}},
                                {{"type", "app"}, {"id", app_id}, {"outcome", outcome}}});
}

bool HasUrlUnsafeChar(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) <= ' ' || static_cast<unsigned char>(c) >= 0x7f || c == '"' ||
        c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' || c == '{' || c == '|' ||
        c == '}') {
      return true;
    }
  }
  return false;
}

}  // namespace

Result<std::string> NormalizePublicUrl(std::string_view url) {
  size_t scheme_end = url.find("://");
  std::string_view scheme = url.substr(0, scheme_end);
  if (scheme_end == std::string_view::npos || (scheme != "http" && scheme != "https")) {
    return InvalidArgument("--public-url must start with http:// or https://");
  }
  std::string_view rest = url.substr(scheme_end + 3);
  std::string_view authority = rest.substr(0, rest.find('/'));
  if (authority.empty() || authority.front() == ':') {
    return InvalidArgument("--public-url needs a host");
  }
  if (authority.find('@') != std::string_view::npos) {
    return InvalidArgument("--public-url must not carry user information");
  }
  if (url.find_first_of("?#") != std::string_view::npos || HasUrlUnsafeChar(url)) {
    return InvalidArgument(
        "--public-url must have no query, fragment, spaces or unsafe characters");
  }
  while (!url.empty() && url.back() == '/') {
    url.remove_suffix(1);
  }
  return std::string(url);
}

std::string DefaultPublicUrl(std::string_view listen_host, uint16_t port) {
  std::string host(listen_host);
  if (host.find(':') != std::string::npos && host.front() != '[') {
    host = "[" + host + "]";
  }
  return "http://" + host + ":" + std::to_string(port);
}

IconService::IconService(store::Store& store) : store_(store) {}

Result<domain::App> IconService::Upload(const RequestContext& context,
                                        const std::string& app_group_id, const std::string& app_id,
                                        std::string_view field, std::string png,
                                        const std::string& action) {
  WSAPP_RETURN_IF_ERROR(domain::ValidateIcon(field, png));
  domain::AppIcon icon;
  WSAPP_ASSIGN_OR_RETURN(icon.token, RandomHexId());
  icon.app_id = app_id;
  icon.png = std::move(png);
  icon.updated_at_millis = context.now_millis;
  const std::string icon_url =
      public_url_ + std::string(kIconPathPrefix) + icon.token + std::string(kIconFileSuffix);

  std::optional<domain::App> stored;
  WSAPP_RETURN_IF_ERROR(RunAudited(
      store_, context, action, [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
        WSAPP_RETURN_IF_ERROR(CheckAppExists(unit, context, app_group_id, app_id));
        WSAPP_RETURN_IF_ERROR(unit.PutAppIcon(context.project_id, app_group_id, icon, icon_url));
        WSAPP_ASSIGN_OR_RETURN(stored, unit.FindApp(context.project_id, app_group_id, app_id));
        if (!stored) {
          return InternalError("the app vanished inside its own unit of work");
        }
        detail["resources"] = IconResources(app_group_id, app_id, "icon_replaced");
        // The hash identifies the image in the audit trail without copying it there.
        detail["icon"] = {{"bytes", icon.png.size()},
                          {"sha256", Sha256Hex(icon.png)},
                          {"token_prefix", icon.token.substr(0, 8)}};
        return OkStatus();
      }));
  return *stored;
}

Status IconService::Delete(const RequestContext& context, const std::string& app_group_id,
                           const std::string& app_id) {
  return RunAudited(
      store_, context, "workspace:app:deleteIcon",
      [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
        WSAPP_RETURN_IF_ERROR(CheckAppExists(unit, context, app_group_id, app_id));
        WSAPP_ASSIGN_OR_RETURN(bool removed,
                               unit.DeleteAppIcon(context.project_id, app_group_id, app_id));
        detail["resources"] =
            IconResources(app_group_id, app_id, removed ? "icon_removed" : "unchanged");
        return OkStatus();
      });
}

Result<std::string> IconService::Serve(std::string_view file_name) {
  if (file_name.size() != kTokenChars + kIconFileSuffix.size() ||
      file_name.substr(kTokenChars) != kIconFileSuffix ||
      !IsLowerHex(file_name.substr(0, kTokenChars))) {
    return IconNotFound();
  }
  const std::string token(file_name.substr(0, kTokenChars));
  return RunRead<std::string>(store_, [&](store::UnitOfWork& unit) -> Result<std::string> {
    WSAPP_ASSIGN_OR_RETURN(auto icon, unit.FindAppIconByToken(token));
    if (!icon) {
      return IconNotFound();
    }
    return std::move(icon->png);
  });
}

}  // namespace wsapp::service
