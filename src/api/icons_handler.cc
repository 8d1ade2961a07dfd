// UploadAppIcon, UploadAppIconRaw and DeleteAppIcon, and the public route that serves the
// uploaded icons.
#include "api/api_call.h"
#include "api/handlers.h"
#include "api/json_body.h"
#include "api/multipart.h"
#include "api/wire_models.h"
#include "domain/png.h"
#include "domain/validation.h"
#include "service/icon_service.h"

namespace wsapp::api {
namespace {

constexpr size_t kMaxIdChars = 128;
// Base64 of an 8 KiB icon is 10924 characters; the margin leaves room for a data-URI prefix and
// line breaks, so that a slightly larger icon gets the precise "at most 8192 bytes" message.
constexpr size_t kMaxIconTextChars = 16384;

// The icon of an UploadAppIcon form and the field it came from.
struct FormIcon {
  std::string field;
  std::string png;
};

Status ValidateAppParams(const ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(
      domain::ValidateLength("app_group_id", call.Param("app_group_id"), 1, kMaxIdChars));
  return domain::ValidateLength("app_id", call.Param("app_id"), 1, kMaxIdChars);
}

// The one part named `name`, or nullptr. Errors: kInvalidArgument when it appears twice.
Result<const FormPart*> FindOnePart(const std::vector<FormPart>& parts, std::string_view name) {
  const FormPart* found = nullptr;
  for (const FormPart& part : parts) {
    if (part.name != name) {
      continue;
    }
    if (found != nullptr) {
      return InvalidArgument(std::string(name) + " must be sent once");
    }
    found = &part;
  }
  return found;
}

// Reads the form: the file part `data`, or else the text part `icon_url` holding base64 of the
// PNG (the vendor's Docs list both as optional, its Defs only `data`). A `data` part with no
// bytes, as browsers send for an empty file input, counts as absent. Other parts are ignored,
// as unknown JSON members are.
Result<FormIcon> ReadIconForm(const HttpRequest& request) {
  WSAPP_ASSIGN_OR_RETURN(std::string boundary,
                         FormDataBoundary(request.FindHeader("Content-Type")));
  WSAPP_ASSIGN_OR_RETURN(std::vector<FormPart> parts, ParseFormData(request.body, boundary));
  WSAPP_ASSIGN_OR_RETURN(const FormPart* data, FindOnePart(parts, "data"));
  WSAPP_ASSIGN_OR_RETURN(const FormPart* icon_url, FindOnePart(parts, "icon_url"));
  if (data != nullptr && !data->body.empty()) {
    return FormIcon{"data", data->body};
  }
  if (icon_url != nullptr) {
    WSAPP_ASSIGN_OR_RETURN(std::string png, domain::DecodeBase64Icon("icon_url", icon_url->body));
    return FormIcon{"icon_url", std::move(png)};
  }
  return InvalidArgument("data is required: a form part holding the PNG icon");
}

Result<HttpResponse> UploadIcon(service::IconService& icons, ApiCall& call) {
  WSAPP_ASSIGN_OR_RETURN(FormIcon icon, ReadIconForm(call.request()));
  WSAPP_RETURN_IF_ERROR(ValidateAppParams(call));
  WSAPP_RETURN_IF_ERROR(domain::ValidateIcon(icon.field, icon.png));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(
      domain::App app,
      icons.Upload(call.Context(), call.Param("app_group_id"), call.Param("app_id"), icon.field,
                   std::move(icon.png), call.route().action));
  return JsonTextResponse(200, AppJson(app));
}

Result<HttpResponse> UploadIconRaw(service::IconService& icons, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidateAppParams(call));
  WSAPP_ASSIGN_OR_RETURN(std::string text, JsonFields(call.body())
                                               .RequiredString("icon_content", 1,
                                                               kMaxIconTextChars));
  WSAPP_ASSIGN_OR_RETURN(std::string png, domain::DecodeBase64Icon("icon_content", text));
  WSAPP_RETURN_IF_ERROR(domain::ValidateIcon("icon_content", png));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(domain::App app,
                         icons.Upload(call.Context(), call.Param("app_group_id"),
                                      call.Param("app_id"), "icon_content", std::move(png),
                                      call.route().action));
  return JsonTextResponse(200, AppJson(app));
}

Result<HttpResponse> DeleteIcon(service::IconService& icons, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(ValidateAppParams(call));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_RETURN_IF_ERROR(
      icons.Delete(call.Context(), call.Param("app_group_id"), call.Param("app_id")));
  return JsonResponse(200, nlohmann::json::object());
}

Result<HttpResponse> ServeIcon(service::IconService& icons, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(std::string png, icons.Serve(call.Param("icon_file")));
  HttpResponse response;
  response.status = 200;
  response.body = std::move(png);
  response.SetHeader("Content-Type", "image/png");
  // A URL names one upload forever (a new upload gets a new URL), but a deleted icon should
  // not outlive its deletion in caches for long.
  response.SetHeader("Cache-Control", "public, max-age=300");
  // The bytes come from API callers: browsers must not sniff them into anything but an image.
  response.SetHeader("X-Content-Type-Options", "nosniff");
  response.SetHeader("Content-Security-Policy", "default-src 'none'; sandbox");
  return response;
}

std::vector<ResourceRef> GroupAndPathApp(const ApiCall& call) {
  return {{"appGroup", call.Param("app_group_id")}, {"app", call.Param("app_id")}};
}

std::vector<ResourceRef> ServedIcon(const ApiCall& call) {
  return {{"icon", call.Param("icon_file"), "wsapp"}};
}

}  // namespace

Status AddIconRoutes(Router& router, const Services& services) {
  service::IconService& icons = *services.icons;
  const std::string app = "/v1/{project_id}/app-groups/{app_group_id}/apps/{app_id}";
  WSAPP_RETURN_IF_ERROR(router.Add({
      .operation = "UploadAppIcon",
      .method = "POST",
      .pattern = app + "/icon",
      .action = "workspace:app:uploadIcon",
      .resources = GroupAndPathApp,
      .handler = [&icons](ApiCall& call) { return UploadIcon(icons, call); },
      .body = BodyKind::kRaw,
  }));
  WSAPP_RETURN_IF_ERROR(router.Add({
      .operation = "DeleteAppIcon",
      .method = "DELETE",
      .pattern = app + "/icon",
      .action = "workspace:app:deleteIcon",
      .resources = GroupAndPathApp,
      .handler = [&icons](ApiCall& call) { return DeleteIcon(icons, call); },
  }));
  // The vendor requires no identity-policy action for this operation. It changes the same icon
  // as UploadAppIcon, so leaving it unchecked would let any user of the account get around a
  // Deny of workspace:app:uploadIcon; it is evaluated under an action of its own instead.
  WSAPP_RETURN_IF_ERROR(router.Add({
      .operation = "UploadAppIconRaw",
      .method = "PUT",
      .pattern = app + "/raw-icon",
      .action = "workspace:app:uploadIconRaw",
      .resources = GroupAndPathApp,
      .handler = [&icons](ApiCall& call) { return UploadIconRaw(icons, call); },
      .body = BodyKind::kJson,
  }));
  // Icons are fetched by clients that hold no credentials (img tags, launchers). The path's
  // random token is the only key, as with the vendor's object-storage URLs.
  return router.Add({
      .operation = "GetAppIcon",
      .method = "GET",
      .pattern = std::string(service::kIconPathPrefix) + "{icon_file}",
      .action = "wsapp:icon:get",
      .resources = ServedIcon,
      .handler = [&icons](ApiCall& call) { return ServeIcon(icons, call); },
      .scope = RouteScope::kPublic,
  });
}

}  // namespace wsapp::api
