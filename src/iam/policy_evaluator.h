#pragma once

#include <string>
#include <vector>

#include "iam/principal.h"

namespace wsapp::iam {

// What is asked: may `principal` perform `action` on every resource URN?
struct AccessRequest {
  const Principal* principal = nullptr;
  std::string action;                  // e.g. "workspace:app:unpublish"
  std::vector<std::string> resources;  // URNs (D8); a batch names every id
  std::string project_id;              // the project the request acts on, for conditions
  std::string source_ip;
};

struct Decision {
  bool is_allowed = false;
  // What decided it: "root user", or the deciding statement, or the missing allow.
  std::string reason;
};

// Turns a principal, an action and resources into allow or deny with its reason (D9).
// Thread-safe.
class PolicyEvaluator {
 public:
  virtual ~PolicyEvaluator() = default;
  virtual Decision Evaluate(const AccessRequest& request) const = 0;
};

// The evaluator while the account has only its root user: the root user may do everything
// within the scope of its credentials (scope is checked before, D21), anyone else nothing.
class RootOnlyPolicyEvaluator final : public PolicyEvaluator {
 public:
  // TODO(#4): identity policies for IAM users; until then non-root principals are denied.
  Decision Evaluate(const AccessRequest& request) const override;
};

// A resource URN (D8): <service>:<region>:<account_id>:<type>:<id>, e.g.
// workspace:local:<account>:appGroup:<id>; global services such as iam leave the region empty.
std::string ResourceUrn(std::string_view service, std::string_view region,
                        const std::string& account_id, std::string_view type,
                        const std::string& id);

}  // namespace wsapp::iam
