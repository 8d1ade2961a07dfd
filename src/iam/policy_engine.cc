#include "iam/policy_engine.h"

#include <fmt/format.h>

#include <algorithm>

#include "iam/policy_match.h"

namespace wsapp::iam {
namespace {

constexpr std::string_view kAnyResource = "*";

bool ActionMatches(const PolicyStatement& statement, std::string_view action) {
  bool matched = std::any_of(
      statement.actions.begin(), statement.actions.end(),
      [action](const std::string& pattern) { return ActionPatternMatches(pattern, action); });
  return statement.is_not_action ? !matched : matched;
}

bool ResourceMatches(const PolicyStatement& statement, std::string_view resource) {
  if (!statement.has_resources) {
    return true;
  }
  bool matched = std::any_of(
      statement.resources.begin(), statement.resources.end(),
      [resource](const std::string& pattern) { return ResourcePatternMatches(pattern, resource); });
  return statement.is_not_resource ? !matched : matched;
}

bool ConditionsHold(const PolicyStatement& statement, const ConditionContext& context) {
  return std::all_of(
      statement.conditions.begin(), statement.conditions.end(),
      [&context](const PolicyCondition& condition) { return ConditionHolds(condition, context); });
}

std::string DescribeStatement(const Policy& policy, size_t index,
                              const PolicyStatement& statement) {
  if (statement.sid.empty()) {
    return fmt::format("statement {} of policy \"{}\"", index, policy.name);
  }
  return fmt::format("statement {} (Sid \"{}\") of policy \"{}\"", index, statement.sid,
                     policy.name);
}

PolicyDecision Decided(PolicyDecisionKind kind, const Policy& policy, size_t index,
                       const PolicyStatement& statement, std::string_view resource) {
  PolicyDecision decision;
  decision.kind = kind;
  decision.policy_id = policy.policy_id;
  decision.policy_name = policy.name;
  decision.statement_index = index;
  decision.sid = statement.sid;
  decision.resource = std::string(resource);
  decision.reason =
      fmt::format("{} by {}", kind == PolicyDecisionKind::kAllow ? "allowed" : "denied",
                  DescribeStatement(policy, index, statement));
  return decision;
}

// The first statement of `effect` that applies to `action` on `resource`, as (policy, index).
std::optional<std::pair<const Policy*, size_t>> FindApplying(const std::vector<Policy>& policies,
                                                             PolicyEffect effect,
                                                             std::string_view action,
                                                             std::string_view resource,
                                                             const ConditionContext& context) {
  for (const Policy& policy : policies) {
    const std::vector<PolicyStatement>& statements = policy.document.statements;
    for (size_t i = 0; i < statements.size(); ++i) {
      if (statements[i].effect == effect &&
          StatementApplies(statements[i], action, resource, context)) {
        return std::make_pair(&policy, i);
      }
    }
  }
  return std::nullopt;
}

}  // namespace

bool StatementApplies(const PolicyStatement& statement, std::string_view action,
                      std::string_view resource, const ConditionContext& context) {
  return ActionMatches(statement, action) && ResourceMatches(statement, resource) &&
         ConditionsHold(statement, context);
}

PolicyDecision EvaluatePolicies(const std::vector<Policy>& policies, std::string_view action,
                                const std::vector<std::string>& resources,
                                const ConditionContext& context) {
  std::vector<std::string_view> targets(resources.begin(), resources.end());
  if (targets.empty()) {
    targets.push_back(kAnyResource);
  }

  // Every Deny is looked for before any Allow: a Deny on the last resource of a batch must
  // still win over Allows on all the others.
  for (const Policy& policy : policies) {
    const std::vector<PolicyStatement>& statements = policy.document.statements;
    for (size_t i = 0; i < statements.size(); ++i) {
      if (statements[i].effect != PolicyEffect::kDeny) {
        continue;
      }
      for (std::string_view resource : targets) {
        if (StatementApplies(statements[i], action, resource, context)) {
          return Decided(PolicyDecisionKind::kExplicitDeny, policy, i, statements[i], resource);
        }
      }
    }
  }

  std::optional<std::pair<const Policy*, size_t>> first_allow;
  for (std::string_view resource : targets) {
    auto allow = FindApplying(policies, PolicyEffect::kAllow, action, resource, context);
    if (!allow) {
      PolicyDecision decision;
      decision.resource = std::string(resource);
      decision.reason = fmt::format("no statement allows {} on {}", action, resource);
      return decision;
    }
    if (!first_allow) {
      first_allow = allow;
    }
  }
  const auto& [policy, index] = *first_allow;
  return Decided(PolicyDecisionKind::kAllow, *policy, index, policy->document.statements[index],
                 targets.front());
}

}  // namespace wsapp::iam
