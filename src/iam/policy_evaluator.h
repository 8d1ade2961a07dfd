#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "iam/policy_engine.h"
#include "iam/principal.h"
#include "store/store.h"

namespace wsapp::iam {

// What is asked: may `principal` perform `action` on every resource URN?
struct AccessRequest {
  const Principal* principal = nullptr;
  std::string action;                  // e.g. "workspace:app:unpublish"
  std::vector<std::string> resources;  // URNs (D8); a batch names every id
  std::string project_id;              // the project the request acts on, for conditions
  std::string project_name;
  std::string region;  // g:RequestedRegion
  std::string source_ip;
};

struct Decision {
  bool is_allowed = false;
  // What decided it: "root user", or the deciding statement, or the missing allow.
  std::string reason;
};

// A decision with everything that went into it, for the explainer.
struct Explanation {
  bool is_root = false;  // allowed as the account's root user; `decision` is then unused
  PolicyDecision decision;
  // The policies evaluated, in evaluation order: identity policies (direct or through IAM
  // groups) first, then the policies granted on the request's project (role-based model).
  struct EvaluatedPolicy {
    std::string policy_id;
    std::string name;
    std::string model;  // "identity" or "role"
  };
  std::vector<EvaluatedPolicy> policies;

  bool is_allowed() const { return is_root || decision.is_allowed(); }
};

// Turns a principal, an action and resources into allow or deny with its reason (D9).
// Thread-safe.
class PolicyEvaluator {
 public:
  virtual ~PolicyEvaluator() = default;
  // Errors: the store's (the policies are read on every call).
  virtual Result<Explanation> Explain(const AccessRequest& request) const = 0;

  // Explain, reduced to the verdict and a one-line reason.
  Result<Decision> Evaluate(const AccessRequest& request) const;
};

// The account's root user may do everything (scope is checked before, D21); any other user
// may do what its policies allow (D9, D23): the identity policies attached to it, directly or
// through its IAM groups, and, on a project-scoped request, the custom and system policies
// granted on that project to its IAM groups (role-based model). One evaluation covers both, so
// a Deny in either model overrides an Allow in the other. The policies are read from the store
// on every call, so an attachment, grant, membership or deletion applies to the very next
// request on every instance (D16); only the parsing of a document is cached, keyed by the
// policy id and the document text.
class IdentityPolicyEvaluator final : public PolicyEvaluator {
 public:
  IdentityPolicyEvaluator(store::Store& store, const Clock& clock);

  Result<Explanation> Explain(const AccessRequest& request) const override;

 private:
  // The parsed form of one stored policy. A document that no longer parses (the parser grew
  // stricter since it was stored) is left out and logged: it can allow nothing, and a Deny in it
  // is lost, which the log line says.
  std::shared_ptr<const Policy> Parsed(const domain::EffectivePolicy& stored) const;

  store::Store& store_;
  const Clock& clock_;
  mutable std::mutex mutex_;
  // Policy id -> (document text, parsed policy); guarded by mutex_.
  mutable std::map<std::string, std::pair<std::string, std::shared_ptr<const Policy>>> parsed_;
};

// A resource URN (D8): <service>:<region>:<account_id>:<type>:<id>, e.g.
// workspace:local:<account>:appGroup:<id>; global services such as iam leave the region empty.
std::string ResourceUrn(std::string_view service, std::string_view region,
                        const std::string& account_id, std::string_view type,
                        const std::string& id);

}  // namespace wsapp::iam
