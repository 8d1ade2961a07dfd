#include "iam/policy_evaluator.h"

#include "common/log.h"

namespace wsapp::iam {
namespace {

// Parsed documents are small; the bound only keeps a long-lived process with many short-lived
// policies from growing without end.
constexpr size_t kMaxParsedPolicies = 4096;

std::optional<std::string> Present(const std::string& value) {
  if (value.empty()) {
    return std::nullopt;
  }
  return value;
}

ConditionContext ContextOf(const AccessRequest& request, Clock::TimePoint now) {
  ConditionContext context;
  context.current_time = now;
  context.user_id = Present(request.principal->user_id);
  context.user_name = Present(request.principal->user_name);
  context.domain_name = Present(request.principal->account_name);
  context.project_id = Present(request.project_id);
  context.project_name = Present(request.project_name);
  context.source_ip = Present(request.source_ip);
  context.requested_region = Present(request.region);
  return context;
}

}  // namespace

IdentityPolicyEvaluator::IdentityPolicyEvaluator(store::Store& store, const Clock& clock)
    : store_(store), clock_(clock) {}

Result<Decision> PolicyEvaluator::Evaluate(const AccessRequest& request) const {
  WSAPP_ASSIGN_OR_RETURN(Explanation explanation, Explain(request));
  if (explanation.is_root) {
    return Decision{true, "root user"};
  }
  return Decision{explanation.decision.is_allowed(), explanation.decision.reason};
}

Result<Explanation> IdentityPolicyEvaluator::Explain(const AccessRequest& request) const {
  Explanation explanation;
  if (request.principal == nullptr) {
    explanation.decision.reason = "no principal";
    return explanation;
  }
  if (request.principal->is_root) {
    explanation.is_root = true;
    return explanation;
  }

  std::vector<domain::EffectivePolicy> identity;
  std::vector<domain::EffectivePolicy> granted;
  {
    WSAPP_ASSIGN_OR_RETURN(auto unit, store_.Begin(store::Store::Mode::kRead));
    const Principal& principal = *request.principal;
    WSAPP_ASSIGN_OR_RETURN(identity,
                           unit->ListEffectivePolicies(principal.account_id, principal.user_id));
    if (!request.project_id.empty()) {
      WSAPP_ASSIGN_OR_RETURN(granted,
                             unit->ListGrantedRolePolicies(principal.account_id, principal.user_id,
                                                           request.project_id));
    }
  }
  std::vector<Policy> policies;
  policies.reserve(identity.size() + granted.size());
  auto add = [&](const std::vector<domain::EffectivePolicy>& stored, const char* model) {
    for (const domain::EffectivePolicy& entry : stored) {
      if (std::shared_ptr<const Policy> policy = Parsed(entry)) {
        policies.push_back(*policy);
        explanation.policies.push_back({entry.policy_id, entry.name, model});
      }
    }
  };
  add(identity, "identity");
  add(granted, "role");

  explanation.decision = EvaluatePolicies(policies, request.action, request.resources,
                                          ContextOf(request, clock_.Now()));
  return explanation;
}

std::shared_ptr<const Policy> IdentityPolicyEvaluator::Parsed(
    const domain::EffectivePolicy& stored) const {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = parsed_.find(stored.policy_id);
    if (it != parsed_.end() && it->second.first == stored.document) {
      return it->second.second;
    }
  }
  auto document =
      ParsePolicyDocument(stored.document, stored.language == "1.1" ? PolicyLanguage::kRoleV11
                                                                    : PolicyLanguage::kIdentityV5);
  if (!document.ok()) {
    log::Error("stored policy does not parse; it is ignored",
               {{"policy_id", stored.policy_id}, {"reason", document.error().message}});
    return nullptr;
  }
  auto policy =
      std::make_shared<const Policy>(Policy{stored.policy_id, stored.name, std::move(*document)});
  std::lock_guard<std::mutex> lock(mutex_);
  if (parsed_.size() >= kMaxParsedPolicies) {
    parsed_.clear();
  }
  parsed_[stored.policy_id] = {stored.document, policy};
  return policy;
}

std::string ResourceUrn(std::string_view service, std::string_view region,
                        const std::string& account_id, std::string_view type,
                        const std::string& id) {
  std::string urn(service);
  urn.append(":").append(region).append(":").append(account_id).append(":");
  urn.append(type).append(":").append(id);
  return urn;
}

}  // namespace wsapp::iam
