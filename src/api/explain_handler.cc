// The explainer, an extension of the project's own: why a user may or may not perform an action
// on resources, naming the deciding statement of the deciding policy, or the missing allow.
#include <nlohmann/json.hpp>

#include "api/api_call.h"
#include "api/handlers.h"
#include "api/iam_wire.h"
#include "api/json_body.h"
#include "service/iam_user_service.h"

namespace wsapp::api {
namespace {

constexpr size_t kMaxExplainedResources = 100;

struct ExplainRequest {
  std::string user_id;  // "" for the caller
  std::string action;
  std::vector<std::string> resources;
  std::string project_id;
};

Result<ExplainRequest> ParseExplainRequest(const nlohmann::json& body) {
  JsonFields fields(body);
  ExplainRequest request;
  WSAPP_ASSIGN_OR_RETURN(request.user_id, fields.OptionalString("user_id", 0, 64));
  if (!request.user_id.empty()) {
    WSAPP_RETURN_IF_ERROR(ValidateIamId("user_id", request.user_id));
  }
  WSAPP_ASSIGN_OR_RETURN(request.action, fields.RequiredString("action", 1, 256));
  WSAPP_ASSIGN_OR_RETURN(request.resources, fields.OptionalStringArray(
                                                "resources", 0, kMaxExplainedResources, 1, 1024));
  WSAPP_ASSIGN_OR_RETURN(request.project_id, fields.OptionalString("project_id", 0, 64));
  return request;
}

const char* DecisionName(const iam::Explanation& explanation) {
  if (explanation.is_root) {
    return "allow";
  }
  switch (explanation.decision.kind) {
    case iam::PolicyDecisionKind::kAllow:
      return "allow";
    case iam::PolicyDecisionKind::kExplicitDeny:
      return "explicit_deny";
    case iam::PolicyDecisionKind::kImplicitDeny:
      break;
  }
  return "implicit_deny";
}

// The model ("identity" or "role") of the policy that decided.
std::string ModelOf(const iam::Explanation& explanation) {
  for (const auto& policy : explanation.policies) {
    if (policy.policy_id == explanation.decision.policy_id) {
      return policy.model;
    }
  }
  return "";
}

nlohmann::json ExplanationToJson(const iam::Principal& subject, const ExplainRequest& request,
                                 const iam::Explanation& explanation) {
  const iam::PolicyDecision& decision = explanation.decision;
  nlohmann::json statement = nullptr;
  if (!explanation.is_root && decision.statement_index) {
    statement = {{"policy_id", decision.policy_id},
                 {"policy_name", decision.policy_name},
                 {"model", ModelOf(explanation)},
                 {"statement_index", *decision.statement_index},
                 {"sid", decision.sid},
                 {"effect", decision.kind == iam::PolicyDecisionKind::kAllow ? "Allow" : "Deny"}};
  }
  nlohmann::json evaluated = nlohmann::json::array();
  for (const auto& policy : explanation.policies) {
    evaluated.push_back(
        {{"policy_id", policy.policy_id}, {"policy_name", policy.name}, {"model", policy.model}});
  }
  return {{"decision", DecisionName(explanation)},
          {"allowed", explanation.is_allowed()},
          {"user",
           {{"user_id", subject.user_id},
            {"user_name", subject.user_name},
            {"is_root_user", subject.is_root}}},
          {"action", request.action},
          {"resources", request.resources},
          {"project_id", request.project_id},
          {"resource", explanation.is_root ? "" : decision.resource},
          {"deciding_statement", statement},
          {"reason",
           explanation.is_root ? "the account's root user may do everything" : decision.reason},
          {"evaluated_policies", std::move(evaluated)}};
}

// The user the question is about: the caller, or a user of its account, which needs
// wsapp:permissions:explain on that user's URN.
Result<iam::Principal> Subject(service::IamUserService& users, ApiCall& call,
                               const std::string& user_id) {
  const iam::Principal& caller = call.principal();
  if (user_id.empty() || user_id == caller.user_id) {
    return caller;
  }
  WSAPP_RETURN_IF_ERROR(call.AuthorizeAction(
      "wsapp:permissions:explain", {{"user", users.UrnName(caller.account_id, user_id), "iam"}}));
  WSAPP_ASSIGN_OR_RETURN(domain::User user, users.ShowUser(call.Context(), user_id));
  iam::Principal subject;
  subject.user_id = user.id;
  subject.user_name = user.name;
  subject.account_id = caller.account_id;
  subject.account_name = caller.account_name;
  subject.is_root = user.is_root;
  return subject;
}

Result<HttpResponse> Explain(service::IamUserService& users, ApiCall& call) {
  WSAPP_ASSIGN_OR_RETURN(ExplainRequest request, ParseExplainRequest(call.body()));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(iam::Principal subject, Subject(users, call, request.user_id));
  WSAPP_ASSIGN_OR_RETURN(iam::Explanation explanation,
                         call.access().Explain(subject, request.action, request.resources,
                                               request.project_id, call.request().remote_ip));
  return JsonResponse(200, ExplanationToJson(subject, request, explanation));
}

}  // namespace

Status AddExplainRoutes(Router& router, const Services& services) {
  service::IamUserService& users = *services.iam_users;
  return router.Add({.operation = "ExplainPermission",
                     .method = "POST",
                     .pattern = "/wsapp/v1/permissions/explain",
                     // Not evaluated for the caller's own question (kSelf); the handler evaluates
                     // it on the other user's URN when the question is about someone else.
                     .action = "wsapp:permissions:explain",
                     .resources =
                         [](const ApiCall&) {
                           return std::vector<ResourceRef>{{"user", "*", "iam"}};
                         },
                     .handler = [&users](ApiCall& call) { return Explain(users, call); },
                     .scope = RouteScope::kSelf,
                     .body = BodyKind::kJson,
                     .error_shape = ErrorShape::kWorkspace});
}

}  // namespace wsapp::api
