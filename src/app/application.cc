#include "app/application.h"

#include "api/access_control.h"
#include "api/dispatcher.h"
#include "api/error_mapping.h"
#include "api/handlers.h"
#include "common/id_generator.h"
#include "iam/authenticator.h"
#include "iam/login_service.h"
#include "iam/policy_evaluator.h"
#include "iam/sdk_signature.h"
#include "iam/token_service.h"
#include "service/app_group_service.h"
#include "service/app_service.h"
#include "service/audit_trail_service.h"
#include "service/authorization_service.h"
#include "service/directory_service.h"
#include "service/iam_group_service.h"
#include "service/iam_policy_service.h"
#include "service/iam_role_service.h"
#include "service/iam_user_service.h"
#include "service/icon_service.h"
#include "service/node_lease.h"
#include "service/project_service.h"
#include "service/refusal_recorder.h"
#include "service/server_group_service.h"

namespace wsapp::app {

// Members are declared in dependency order, so they are destroyed in reverse.
struct Application::Parts {
  Parts(store::Store& store, const Clock& clock, const ApplicationOptions& options)
      : store(store),
        clock(clock),
        lease(store, clock),
        tokens(clock, options.token_lifetime),
        verifier(clock),
        authenticator(store, tokens, verifier),
        evaluator(store, clock),
        login(store, tokens),
        projects(store),
        authorizations(store),
        icons(store),
        directory(store),
        server_groups(store),
        iam_users(store),
        iam_groups(store),
        iam_policies(store),
        iam_roles(store),
        audit(store),
        refusals(store, clock),
        access(store, authenticator, evaluator, options.region, &refusals),
        dispatcher(access, clock, store),
        http_options(options.http),
        public_url(options.public_url) {}

  store::Store& store;
  const Clock& clock;
  service::NodeLease lease;
  std::unique_ptr<IdGenerator> ids;
  iam::TokenService tokens;
  iam::SdkSignatureVerifier verifier;
  iam::Authenticator authenticator;
  iam::IdentityPolicyEvaluator evaluator;
  iam::LoginService login;
  service::ProjectService projects;
  service::AuthorizationService authorizations;
  service::IconService icons;
  service::DirectoryService directory;
  service::ServerGroupService server_groups;
  service::IamUserService iam_users;
  service::IamGroupService iam_groups;
  service::IamPolicyService iam_policies;
  service::IamRoleService iam_roles;
  std::unique_ptr<service::AppGroupService> app_groups;
  std::unique_ptr<service::AppService> apps;
  service::AuditTrailService audit;
  // Request threads hand it records through `access`; declared before `access` and the server,
  // it is destroyed after the server stopped, and writes what they queued.
  service::RefusalRecorder refusals;
  api::AccessControl access;
  api::Dispatcher dispatcher;
  server::HttpServerOptions http_options;
  std::string public_url;  // as configured; "" means the default, known once bound
  std::unique_ptr<server::HttpServer> server;
  int node_id = -1;
};

Application::Application(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

Application::~Application() {
  if (parts_->server) {
    parts_->server->Stop();
  }
  parts_->lease.Release();
}

Result<std::unique_ptr<Application>> Application::Create(store::Store& store, const Clock& clock,
                                                         const ApplicationOptions& options) {
  auto parts = std::make_unique<Parts>(store, clock, options);
  return std::unique_ptr<Application>(new Application(std::move(parts)));
}

Status Application::Start() {
  Parts& parts = *parts_;
  WSAPP_ASSIGN_OR_RETURN(parts.node_id, parts.lease.Acquire());
  parts.ids = std::make_unique<IdGenerator>(parts.clock, parts.node_id);
  parts.lease.Attach(*parts.ids);
  parts.app_groups = std::make_unique<service::AppGroupService>(parts.store, *parts.ids);
  parts.apps = std::make_unique<service::AppService>(parts.store, *parts.ids);
  api::Services services{parts.app_groups.get(), parts.apps.get(), &parts.authorizations,
                         &parts.projects, &parts.login};
  services.icons = &parts.icons;
  services.directory = &parts.directory;
  services.server_groups = &parts.server_groups;
  services.iam_users = &parts.iam_users;
  services.iam_groups = &parts.iam_groups;
  services.iam_policies = &parts.iam_policies;
  services.audit = &parts.audit;
  services.iam_roles = &parts.iam_roles;
  for (auto add : {api::AddAppGroupRoutes, api::AddAppRoutes, api::AddAuthorizationRoutes,
                   api::AddIdentityRoutes, api::AddIconRoutes, api::AddDirectoryRoutes,
                   api::AddServerGroupRoutes, api::AddIamUserRoutes, api::AddIamGroupRoutes,
                   api::AddIamPolicyRoutes, api::AddIamRoleRoutes, api::AddIamV3GroupRoutes,
                   api::AddExplainRoutes}) {
    WSAPP_RETURN_IF_ERROR(add(parts.dispatcher.router(), services));
  }
  WSAPP_RETURN_IF_ERROR(api::AddAuditRoutes(parts.dispatcher.router(), services));
  api::Dispatcher& dispatcher = parts.dispatcher;
  parts.server = std::make_unique<server::HttpServer>(
      parts.http_options,
      [&dispatcher](const api::HttpRequest& request) { return dispatcher.Handle(request); },
      [&dispatcher](int status, const std::string& message) {
        return dispatcher.Reject(status, message);
      });
  WSAPP_RETURN_IF_ERROR(parts.server->Start());
  // Set before Run starts the worker threads; the default needs the port actually bound.
  parts.icons.SetPublicUrl(parts.public_url.empty()
                               ? service::DefaultPublicUrl(parts.http_options.host,
                                                           parts.server->port())
                               : parts.public_url);
  return OkStatus();
}

uint16_t Application::port() const { return parts_->server->port(); }

int Application::node_id() const { return parts_->node_id; }

void Application::Run() {
  parts_->server->Run();
  parts_->lease.Release();
}

service::RefusalRecorder& Application::refusals() { return parts_->refusals; }

void Application::Stop() {
  if (parts_->server) {
    parts_->server->Stop();
  }
}

}  // namespace wsapp::app
