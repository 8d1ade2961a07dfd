#include "api/access_control.h"

#include "common/log.h"

namespace wsapp::api {
namespace {

Error Denied(std::string message) {
  return MakeError(ErrorCode::kPermissionDenied, std::move(message), "permission_denied");
}

}  // namespace

AccessControl::AccessControl(store::Store& store, iam::Authenticator& authenticator,
                             const iam::PolicyEvaluator& evaluator, std::string region,
                             service::RefusalRecorder* refusals)
    : store_(store),
      authenticator_(authenticator),
      evaluator_(evaluator),
      region_(std::move(region)),
      refusals_(refusals) {}

Result<iam::Principal> AccessControl::Authenticate(const HttpRequest& request) {
  return authenticator_.Authenticate(request);
}

Status AccessControl::CheckProjectScope(const iam::Principal& principal,
                                        const std::string& project_id, const std::string& action) {
  auto denied = [&](const std::string& why) {
    return Denied("User does not have permission to perform " + action + " on project " +
                  project_id + ": " + why);
  };
  if (principal.method == iam::AuthMethod::kToken) {
    if (principal.token_project_id.empty()) {
      return denied("a domain-scoped token cannot act on a project; request a token scoped to it.");
    }
    if (principal.token_project_id != project_id) {
      return denied("the token is scoped to another project.");
    }
  }
  if (principal.has_header_project_id && principal.header_project_id != project_id) {
    return denied("X-Project-Id does not match the project in the request path.");
  }
  WSAPP_ASSIGN_OR_RETURN(domain::Project project, FindProject(project_id));
  if (project.account_id != principal.account_id) {
    return denied("the project is not one of the caller's account.");
  }
  return OkStatus();
}

Status AccessControl::Authorize(const iam::Principal& principal, const std::string& action,
                                const std::vector<ResourceRef>& resources,
                                const std::string& project_id, const std::string& source_ip) {
  iam::AccessRequest request;
  request.principal = &principal;
  request.action = action;
  request.project_id = project_id;
  request.region = region_;
  request.source_ip = source_ip;
  if (!project_id.empty()) {
    WSAPP_ASSIGN_OR_RETURN(domain::Project project, FindProject(project_id));
    request.project_name = project.name;
  }
  for (const ResourceRef& resource : resources) {
    request.resources.push_back(iam::ResourceUrn(resource.service,
                                                 resource.service == "iam" ? "" : region_,
                                                 principal.account_id, resource.type, resource.id));
  }
  WSAPP_ASSIGN_OR_RETURN(iam::Decision decision, evaluator_.Evaluate(request));
  log::Debug("authorization decision", {{"principal_id", principal.user_id},
                                        {"action", action},
                                        {"allowed", decision.is_allowed ? "true" : "false"},
                                        {"reason", decision.reason}});
  if (!decision.is_allowed) {
    return Denied("User does not have permission to perform " + action + " on this resource.");
  }
  return OkStatus();
}

Result<iam::Explanation> AccessControl::Explain(const iam::Principal& subject,
                                                const std::string& action,
                                                const std::vector<std::string>& resource_urns,
                                                const std::string& project_id,
                                                const std::string& source_ip) {
  iam::AccessRequest request;
  request.principal = &subject;
  request.action = action;
  request.resources = resource_urns;
  request.project_id = project_id;
  request.region = region_;
  request.source_ip = source_ip;
  if (!project_id.empty()) {
    WSAPP_ASSIGN_OR_RETURN(domain::Project project, FindProject(project_id));
    if (project.account_id != subject.account_id) {
      return MakeError(ErrorCode::kNotFound, "The project " + project_id + " does not exist.",
                       "project_not_found");
    }
    request.project_name = project.name;
  }
  return evaluator_.Explain(request);
}

Result<domain::Project> AccessControl::FindProject(const std::string& project_id) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = projects_.find(project_id);
    if (it != projects_.end()) {
      return it->second;
    }
  }
  WSAPP_ASSIGN_OR_RETURN(auto unit, store_.Begin(store::Store::Mode::kRead));
  WSAPP_ASSIGN_OR_RETURN(auto project, unit->FindProjectById(project_id));
  if (!project) {
    return domain::Project();
  }
  std::lock_guard<std::mutex> lock(mutex_);
  projects_[project_id] = *project;
  return *project;
}

}  // namespace wsapp::api
