#include "iam/policy_evaluator.h"

namespace wsapp::iam {

Decision RootOnlyPolicyEvaluator::Evaluate(const AccessRequest& request) const {
  if (request.principal != nullptr && request.principal->is_root) {
    return {true, "root user"};
  }
  return {false, "no policy allows " + request.action};
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
