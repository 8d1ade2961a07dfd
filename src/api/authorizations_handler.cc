// AddAppGroupAuthorization, ListAppGroupAuthorization and BatchDeleteAppGroupAuthorization.
#include "api/api_call.h"
#include "api/handlers.h"
#include "api/json_body.h"
#include "api/wire_models.h"

namespace wsapp::api {
namespace {

const std::vector<std::string> kAccountTypes = {"USER", "USER_GROUP"};
const std::vector<std::string> kPlatformTypes = {"", "AD", "LOCAL", "SYSTEM"};

Result<domain::AccountRef> ParseAccount(const nlohmann::json& object, size_t index) {
  JsonFields fields(object, "accounts[" + std::to_string(index) + "].");
  domain::AccountRef account;
  WSAPP_ASSIGN_OR_RETURN(account.account, fields.RequiredString("account", 1, 128));
  WSAPP_ASSIGN_OR_RETURN(account.account_type, fields.RequiredEnum("account_type", kAccountTypes));
  WSAPP_ASSIGN_OR_RETURN(account.id, fields.OptionalString("id", 0, 128));
  if (account.account_type == domain::kAccountTypeUserGroup && account.id.empty()) {
    return InvalidArgument(fields.FieldName("id") + " is required when account_type is USER_GROUP");
  }
  WSAPP_ASSIGN_OR_RETURN(account.domain, fields.OptionalString("domain", 0, 64));
  WSAPP_ASSIGN_OR_RETURN(account.email, fields.OptionalString("email", 0, 128));
  WSAPP_ASSIGN_OR_RETURN(account.telephone_number,
                         fields.OptionalString("telephone_number", 0, 128));
  WSAPP_ASSIGN_OR_RETURN(account.platform_type,
                         fields.OptionalEnum("platform_type", kPlatformTypes, ""));
  return account;
}

Result<service::NewAuthorizations> ParseAddAuthorizations(const nlohmann::json& body) {
  JsonFields fields(body);
  service::NewAuthorizations request;
  WSAPP_ASSIGN_OR_RETURN(request.app_group_ids,
                         fields.RequiredStringArray("app_group_ids", 1, 10, 1, 128));
  WSAPP_ASSIGN_OR_RETURN(auto accounts, fields.RequiredObjectArray("accounts", 1, 50));
  for (size_t i = 0; i < accounts.size(); ++i) {
    WSAPP_ASSIGN_OR_RETURN(domain::AccountRef account, ParseAccount(*accounts[i], i));
    request.accounts.push_back(std::move(account));
  }
  if (fields.Has("app_ids")) {
    WSAPP_ASSIGN_OR_RETURN(request.app_ids, fields.RequiredStringArray("app_ids", 1, 50, 1, 128));
  }
  return request;
}

Result<HttpResponse> AddAuthorizations(service::AuthorizationService& authorizations,
                                       ApiCall& call) {
  WSAPP_ASSIGN_OR_RETURN(service::NewAuthorizations request, ParseAddAuthorizations(call.body()));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_RETURN_IF_ERROR(authorizations.Add(call.Context(), request));
  return JsonResponse(200, nlohmann::json::object());
}

// BatchDeleteAppGroupAuthorization takes AddAppGroupAuthorization's body (reference #24).
Result<HttpResponse> DeleteAuthorizations(service::AuthorizationService& authorizations,
                                          ApiCall& call) {
  WSAPP_ASSIGN_OR_RETURN(service::NewAuthorizations request, ParseAddAuthorizations(call.body()));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_RETURN_IF_ERROR(authorizations.Delete(call.Context(), request));
  return JsonResponse(200, nlohmann::json::object());
}

Result<HttpResponse> ListAuthorizations(service::AuthorizationService& authorizations,
                                        ApiCall& call) {
  const QueryParams& query = call.query();
  WSAPP_ASSIGN_OR_RETURN(domain::PageRequest page, query.Page());
  domain::AuthorizationFilter filter;
  WSAPP_ASSIGN_OR_RETURN(filter.app_group_id, query.String("app_group_id", 128));
  WSAPP_ASSIGN_OR_RETURN(filter.account_id, query.String("account_id", 128));
  WSAPP_ASSIGN_OR_RETURN(filter.account, query.String("account", 1024));
  WSAPP_ASSIGN_OR_RETURN(filter.account_type, query.Enum("account_type", {"USER", "USER_GROUP"}));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(auto result, authorizations.List(call.Context(), filter, page));
  nlohmann::json grants = nlohmann::json::array();
  for (const domain::Authorization& grant : result.items) {
    grants.push_back(AuthorizationToJson(grant));
  }
  return JsonResponse(200, {{"count", result.count}, {"authorizations", std::move(grants)}});
}

std::vector<ResourceRef> BodyAppGroups(const ApiCall& call) {
  std::vector<ResourceRef> resources;
  auto ids = JsonFields(call.body()).RequiredStringArray("app_group_ids", 1, 10, 1, 128);
  if (ids.ok()) {
    for (const std::string& id : *ids) {
      resources.push_back({"appGroup", id});
    }
  }
  return resources;
}

// Filtered to one group: that group (D22); otherwise every group of the account.
std::vector<ResourceRef> FilterAppGroup(const ApiCall& call) {
  std::string group = call.query().Get("app_group_id");
  return {{"appGroup", group.empty() ? "*" : group}};
}

}  // namespace

Status AddAuthorizationRoutes(Router& router, const Services& services) {
  service::AuthorizationService& authorizations = *services.authorizations;
  WSAPP_RETURN_IF_ERROR(router.Add({
      .operation = "AddAppGroupAuthorization",
      .method = "POST",
      .pattern = "/v1/{project_id}/app-groups/authorizations",
      .action = "workspace:appGroup:addAuthorization",
      .resources = BodyAppGroups,
      .handler =
          [&authorizations](ApiCall& call) { return AddAuthorizations(authorizations, call); },
      .body = BodyKind::kJson,
  }));
  WSAPP_RETURN_IF_ERROR(router.Add({
      .operation = "BatchDeleteAppGroupAuthorization",
      .method = "POST",
      .pattern = "/v1/{project_id}/app-groups/actions/batch-delete-authorization",
      .action = "workspace:appGroup:batchDeleteAuthorization",
      .resources = BodyAppGroups,
      .handler =
          [&authorizations](ApiCall& call) { return DeleteAuthorizations(authorizations, call); },
      .body = BodyKind::kJson,
  }));
  return router.Add({
      .operation = "ListAppGroupAuthorization",
      .method = "GET",
      .pattern = "/v1/{project_id}/app-groups/actions/list-authorizations",
      .action = "workspace:appGroup:listAuthorization",
      .resources = FilterAppGroup,
      .handler =
          [&authorizations](ApiCall& call) { return ListAuthorizations(authorizations, call); },
  });
}

}  // namespace wsapp::api
