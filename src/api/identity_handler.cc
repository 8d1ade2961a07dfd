// The Keystone-shaped identity surface that clients call: tokens, projects and domains (D16).
#include "api/api_call.h"
#include "api/handlers.h"
#include "api/json_body.h"
#include "common/time_format.h"

namespace wsapp::api {
namespace {

nlohmann::json ProjectToJson(const domain::Project& project) {
  return {{"id", project.id},
          {"name", project.name},
          {"domain_id", project.account_id},
          {"parent_id", project.account_id},
          {"description", project.description},
          {"enabled", true},
          {"is_domain", false},
          {"links", {{"self", "/v3/projects/" + project.id}}}};
}

Result<std::string> StringAt(const JsonFields& fields, std::string_view name) {
  return fields.OptionalString(name, 0, 255);
}

// Reads auth.identity.password.user and auth.scope of a token request.
Result<iam::PasswordLogin> ParseTokenRequest(const nlohmann::json& body) {
  WSAPP_ASSIGN_OR_RETURN(const nlohmann::json* auth, JsonFields(body).OptionalObject("auth"));
  if (auth == nullptr) {
    return InvalidArgument("auth is required");
  }
  JsonFields auth_fields(*auth, "auth.");
  WSAPP_ASSIGN_OR_RETURN(const nlohmann::json* identity, auth_fields.OptionalObject("identity"));
  if (identity == nullptr) {
    return InvalidArgument("auth.identity is required");
  }
  JsonFields identity_fields(*identity, "auth.identity.");
  WSAPP_ASSIGN_OR_RETURN(auto methods, identity_fields.RequiredStringArray("methods", 1, 5, 1, 64));
  if (std::find(methods.begin(), methods.end(), "password") == methods.end()) {
    return InvalidArgument("auth.identity.methods must include password; no other is supported");
  }
  WSAPP_ASSIGN_OR_RETURN(const nlohmann::json* password,
                         identity_fields.OptionalObject("password"));
  const nlohmann::json* user = nullptr;
  if (password != nullptr) {
    WSAPP_ASSIGN_OR_RETURN(user,
                           JsonFields(*password, "auth.identity.password.").OptionalObject("user"));
  }
  if (user == nullptr) {
    return InvalidArgument("auth.identity.password.user is required");
  }
  iam::PasswordLogin login;
  JsonFields user_fields(*user, "auth.identity.password.user.");
  WSAPP_ASSIGN_OR_RETURN(login.user_id, StringAt(user_fields, "id"));
  WSAPP_ASSIGN_OR_RETURN(login.user_name, StringAt(user_fields, "name"));
  WSAPP_ASSIGN_OR_RETURN(login.password, user_fields.RequiredString("password", 1, 1024));
  WSAPP_ASSIGN_OR_RETURN(const nlohmann::json* domain, user_fields.OptionalObject("domain"));
  if (domain != nullptr) {
    JsonFields domain_fields(*domain, "auth.identity.password.user.domain.");
    WSAPP_ASSIGN_OR_RETURN(login.domain_id, StringAt(domain_fields, "id"));
    WSAPP_ASSIGN_OR_RETURN(login.domain_name, StringAt(domain_fields, "name"));
  }
  if (login.user_id.empty() &&
      (login.user_name.empty() || (login.domain_id.empty() && login.domain_name.empty()))) {
    return InvalidArgument("the user needs an id, or a name with its domain's id or name");
  }
  WSAPP_ASSIGN_OR_RETURN(const nlohmann::json* scope, auth_fields.OptionalObject("scope"));
  if (scope == nullptr) {
    return InvalidArgument("auth.scope is required: a project (id or name) or a domain");
  }
  JsonFields scope_fields(*scope, "auth.scope.");
  WSAPP_ASSIGN_OR_RETURN(const nlohmann::json* project, scope_fields.OptionalObject("project"));
  WSAPP_ASSIGN_OR_RETURN(const nlohmann::json* domain_scope, scope_fields.OptionalObject("domain"));
  if (project != nullptr && domain_scope != nullptr) {
    return InvalidArgument("auth.scope names a project or a domain, not both");
  }
  if (project != nullptr) {
    JsonFields project_fields(*project, "auth.scope.project.");
    WSAPP_ASSIGN_OR_RETURN(login.project_id, StringAt(project_fields, "id"));
    WSAPP_ASSIGN_OR_RETURN(login.project_name, StringAt(project_fields, "name"));
    if (login.project_id.empty() && login.project_name.empty()) {
      return InvalidArgument("auth.scope.project needs an id or a name");
    }
    return login;
  }
  if (domain_scope == nullptr) {
    return InvalidArgument("auth.scope must name a project or a domain");
  }
  login.is_domain_scope = true;
  return login;
}

nlohmann::json TokenBody(const iam::LoginResult& result) {
  nlohmann::json domain = {{"id", result.account.id}, {"name", result.account.name}};
  nlohmann::json token = {
      {"methods", {"password"}},
      {"expires_at", FormatMicrosUtc(FromUnixMillis(result.token.claims.expires_at_millis))},
      {"issued_at", FormatMicrosUtc(FromUnixMillis(result.token.claims.issued_at_millis))},
      {"catalog", nlohmann::json::array()},
      {"roles", result.user.is_root ? nlohmann::json::array({{{"id", "0"}, {"name", "te_admin"}}})
                                    : nlohmann::json::array()},
      {"user",
       {{"domain", domain},
        {"id", result.user.id},
        {"name", result.user.name},
        {"password_expires_at", ""}}},
  };
  if (result.project) {
    token["project"] = {
        {"domain", domain}, {"id", result.project->id}, {"name", result.project->name}};
  } else {
    token["domain"] = domain;
  }
  return {{"token", token}};
}

Result<HttpResponse> CreateToken(iam::LoginService& login, ApiCall& call) {
  WSAPP_ASSIGN_OR_RETURN(iam::PasswordLogin request, ParseTokenRequest(call.body()));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(iam::LoginResult result, login.Login(request));
  HttpResponse response = JsonResponse(201, TokenBody(result));
  response.SetHeader("X-Subject-Token", result.token.token);
  return response;
}

HttpResponse ProjectList(const std::vector<domain::Project>& projects, const std::string& self) {
  nlohmann::json items = nlohmann::json::array();
  for (const domain::Project& project : projects) {
    items.push_back(ProjectToJson(project));
  }
  return JsonResponse(200, {{"projects", std::move(items)},
                            {"links", {{"self", self}, {"next", nullptr}, {"previous", nullptr}}}});
}

Result<HttpResponse> ListProjects(service::ProjectService& projects, ApiCall& call) {
  std::string domain_id = call.query().Get("domain_id");

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  const std::string& account_id = call.principal().account_id;
  if (!domain_id.empty() && domain_id != account_id) {
    return ProjectList({}, "/v3/projects");
  }
  WSAPP_ASSIGN_OR_RETURN(auto found, projects.List(account_id, call.query().Get("name")));
  return ProjectList(found, "/v3/projects");
}

Result<HttpResponse> ListAuthProjects(service::ProjectService& projects, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(auto found, projects.List(call.principal().account_id, ""));
  return ProjectList(found, "/v3/auth/projects");
}

Result<HttpResponse> ListAuthDomains(service::ProjectService& projects, ApiCall& call) {
  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(domain::Account account, projects.Account(call.principal().account_id));
  nlohmann::json domain = {{"id", account.id},
                           {"name", account.name},
                           {"enabled", true},
                           {"description", ""},
                           {"links", {{"self", "/v3/domains/" + account.id}}}};
  return JsonResponse(200, {{"domains", {domain}}, {"links", {{"self", "/v3/auth/domains"}}}});
}

Result<HttpResponse> CreateProject(service::ProjectService& projects, ApiCall& call) {
  WSAPP_ASSIGN_OR_RETURN(const nlohmann::json* project,
                         JsonFields(call.body()).OptionalObject("project"));
  if (project == nullptr) {
    return InvalidArgument("project is required");
  }
  JsonFields fields(*project, "project.");
  WSAPP_ASSIGN_OR_RETURN(std::string name, fields.RequiredString("name", 1, 64));
  WSAPP_RETURN_IF_ERROR(service::ValidateProjectName(name));
  WSAPP_ASSIGN_OR_RETURN(std::string domain_id, fields.OptionalString("domain_id", 0, 64));
  WSAPP_ASSIGN_OR_RETURN(std::string description, fields.OptionalString("description", 0, 255));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  const std::string& account_id = call.principal().account_id;
  if (!domain_id.empty() && domain_id != account_id) {
    return MakeError(ErrorCode::kPermissionDenied,
                     "Projects can be created only in the caller's own domain.");
  }
  WSAPP_ASSIGN_OR_RETURN(domain::Project created,
                         projects.Create(call.Context(), account_id, name, description));
  return JsonResponse(201, {{"project", ProjectToJson(created)}});
}

std::vector<ResourceRef> AllProjects(const ApiCall&) { return {{"project", "*", "iam"}}; }

Route IdentityRoute(std::string operation, std::string method, std::string pattern,
                    std::string action, RouteHandler handler) {
  Route route;
  route.operation = std::move(operation);
  route.method = std::move(method);
  route.pattern = std::move(pattern);
  route.action = std::move(action);
  route.resources = AllProjects;
  route.handler = std::move(handler);
  route.scope = RouteScope::kAccount;
  route.error_shape = ErrorShape::kKeystone;
  return route;
}

}  // namespace

Status AddIdentityRoutes(Router& router, const Services& services) {
  iam::LoginService& login = *services.login;
  service::ProjectService& projects = *services.projects;
  Route token = IdentityRoute("KeystoneCreateUserTokenByPassword", "POST", "/v3/auth/tokens",
                              "iam:tokens:create",
                              [&login](ApiCall& call) { return CreateToken(login, call); });
  token.scope = RouteScope::kPublic;
  token.body = BodyKind::kJson;
  WSAPP_RETURN_IF_ERROR(router.Add(std::move(token)));
  WSAPP_RETURN_IF_ERROR(router.Add(
      IdentityRoute("KeystoneListProjects", "GET", "/v3/projects", "iam:projects:list",
                    [&projects](ApiCall& call) { return ListProjects(projects, call); })));
  Route create =
      IdentityRoute("KeystoneCreateProject", "POST", "/v3/projects", "iam:projects:create",
                    [&projects](ApiCall& call) { return CreateProject(projects, call); });
  create.body = BodyKind::kJson;
  WSAPP_RETURN_IF_ERROR(router.Add(std::move(create)));
  WSAPP_RETURN_IF_ERROR(router.Add(IdentityRoute(
      "KeystoneListAuthProjects", "GET", "/v3/auth/projects", "iam:projects:listAuthProjects",
      [&projects](ApiCall& call) { return ListAuthProjects(projects, call); })));
  return router.Add(IdentityRoute(
      "KeystoneListAuthDomains", "GET", "/v3/auth/domains", "iam:domains:listAuthDomains",
      [&projects](ApiCall& call) { return ListAuthDomains(projects, call); }));
}

}  // namespace wsapp::api
