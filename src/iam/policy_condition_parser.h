#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/result.h"
#include "iam/policy_document.h"

namespace wsapp::iam {

// Parses a statement's Condition block `{operator: {key: value | [values]}}` (D23). `path` names
// the block in messages, e.g. "Statement[2].Condition". Returns the conditions,
// one per operator and key (ordered by operator, then key name, as nlohmann::json orders object
// members), or kInvalidArgument naming the offending operator, key or value.
// Part of ParsePolicyDocument; exposed separately only to keep files small.
Result<std::vector<PolicyCondition>> ParseConditionBlock(const nlohmann::json& block,
                                                         const std::string& path);

// The canonical spelling of a condition key, e.g. "g:UserId".
const char* ConditionKeyName(ConditionKey key);

}  // namespace wsapp::iam
