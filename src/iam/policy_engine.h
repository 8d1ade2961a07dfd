#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iam/policy_conditions.h"
#include "iam/policy_document.h"

namespace wsapp::iam {

// A parsed policy attached to the caller, with what identifies it in decisions and logs.
struct Policy {
  std::string policy_id;
  std::string name;
  PolicyDocument document;
};

enum class PolicyDecisionKind {
  kAllow,         // every resource has an applying Allow and none an applying Deny
  kExplicitDeny,  // some statement with Effect Deny applies to some resource
  kImplicitDeny,  // no Deny applies, but some resource has no applying Allow
};

// The outcome of EvaluatePolicies and what decided it.
struct PolicyDecision {
  PolicyDecisionKind kind = PolicyDecisionKind::kImplicitDeny;
  // The deciding statement: the Deny for kExplicitDeny, the Allow of `resource` for kAllow;
  // empty (and statement_index nullopt) for kImplicitDeny.
  std::string policy_id;
  std::string policy_name;
  std::optional<size_t> statement_index;  // 0-based, as in "Statement[1]" of the document
  std::string sid;                        // empty when the statement has none
  // The resource the decision is about: the denied one, the first one without an Allow, or for
  // kAllow the first resource. "*" when the request named none.
  std::string resource;
  // Short text for logs and 403 messages, e.g. `denied by statement 1 (Sid "NoUnpublish") of
  // policy "ops"` or `no statement allows workspace:app:unpublish on workspace:local:a:app:1`.
  std::string reason;

  bool is_allowed() const { return kind == PolicyDecisionKind::kAllow; }
};

// Whether `statement` applies to `action` on `resource` in `context`: its Action (NotAction)
// patterns match (match none of) the action, its Resource (NotResource) patterns match (match
// none of) the resource or it names neither, and every condition holds (policy_conditions.h).
// Matching follows D9 (policy_match.h).
bool StatementApplies(const PolicyStatement& statement, std::string_view action,
                      std::string_view resource, const ConditionContext& context);

// Decides whether `policies` let the caller perform `action` (e.g. "workspace:app:unpublish")
// on every URN in `resources` (D8, D9). An empty `resources` evaluates the action on "*",
// which only a statement whose resources cover the literal "*" (Resource "*", a NotResource, or
// no resource element) applies to, as actions without resource-level control require.
//
// Any applying Deny on any resource wins (kExplicitDeny); the first one found in policy order,
// then statement order, then resource order decides. Otherwise the result is kAllow when each
// resource has an applying Allow, else kImplicitDeny naming the first resource without one.
// Root-user bypass and scope checks (D9, D21) are the caller's business, not this function's.
// Pure function; thread-safe.
PolicyDecision EvaluatePolicies(const std::vector<Policy>& policies, std::string_view action,
                                const std::vector<std::string>& resources,
                                const ConditionContext& context);

}  // namespace wsapp::iam
