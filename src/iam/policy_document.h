#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace wsapp::iam {

// The two policy grammars of D23. They differ only in the required `Version`; one engine
// evaluates both.
enum class PolicyLanguage {
  kIdentityV5,  // identity policies, Version "5.0"
  kRoleV11,     // role-based custom policies, Version "1.1"
};

enum class PolicyEffect { kAllow, kDeny };

// The condition operators of D23, without their `ForAnyValue:`/`ForAllValues:` prefix and
// `IfExists` suffix.
enum class ConditionOperator {
  kStringEquals,
  kStringNotEquals,
  kStringEqualsIgnoreCase,
  kStringNotEqualsIgnoreCase,
  kStringLike,
  kStringNotLike,
  kStringStartWith,
  kStringEndWith,
  kNumberEquals,
  kNumberLessThan,
  kNumberGreaterThan,
  kDateLessThan,
  kDateGreaterThan,
  kBool,
  kIpAddress,
  kNotIpAddress,
  kNull,
};

enum class ConditionQualifier { kNone, kForAnyValue, kForAllValues };

// The global condition keys of D23. Names match case-insensitively.
enum class ConditionKey {
  kCurrentTime,
  kUserId,
  kUserName,
  kDomainName,
  kProjectId,
  kProjectName,
  kSourceIp,
  kRequestedRegion,
};

// One `operator: {key: values}` pair of a statement's Condition. Values have been checked for
// the form their operator needs (dates, numbers, CIDRs, booleans).
struct PolicyCondition {
  std::string operator_name;  // as written, e.g. "ForAnyValue:StringLikeIfExists"
  ConditionOperator op = ConditionOperator::kStringEquals;
  ConditionQualifier qualifier = ConditionQualifier::kNone;
  bool if_exists = false;
  std::string key_name;  // as written, e.g. "g:userid"
  ConditionKey key = ConditionKey::kUserId;
  std::vector<std::string> values;  // at least one; ORed
};

struct PolicyStatement {
  std::string sid;  // empty when absent
  PolicyEffect effect = PolicyEffect::kAllow;
  // The Action patterns, or the NotAction patterns when `is_not_action`. Never empty.
  bool is_not_action = false;
  std::vector<std::string> actions;
  // Without Resource and NotResource the statement covers every resource (`has_resources` is
  // false). Otherwise the Resource patterns, or NotResource when `is_not_resource`.
  bool has_resources = false;
  bool is_not_resource = false;
  std::vector<std::string> resources;
  std::vector<PolicyCondition> conditions;  // ANDed; empty means unconditional
};

struct PolicyDocument {
  PolicyLanguage language = PolicyLanguage::kIdentityV5;
  std::vector<PolicyStatement> statements;  // never empty
};

// The longest document accepted, in characters (code points), as the vendor's grammar allows.
inline constexpr size_t kMaxPolicyDocumentChars = 131072;

// Parses and validates a policy document written in `language`.
//
// Returns kInvalidArgument (reason "invalid_parameter") with a message that names the offending
// member by its path, e.g. `Statement[1].Effect must be "Allow" or "Deny"`, when: the text is
// longer than kMaxPolicyDocumentChars, not UTF-8, not JSON, not an object, or repeats a member
// name in any object; the top level is not exactly Version and Statement; Version is not the one
// of `language`; Statement is not a non-empty array of objects; a statement has an unknown
// member, a missing or wrong Effect, a non-string Sid, not exactly one of Action/NotAction, both
// Resource and NotResource, an empty or non-string pattern list, an action that is not `*` or
// `service:resourceType:verb` (lower-case service, globs allowed), a resource that is not `*` or
// a URN `service:region:account:type:path`; or a Condition with an unknown operator or key, a
// key without values, a value of the wrong form for its operator, or a Date (IpAddress) operator
// on a key other than g:CurrentTime (g:SourceIp).
// Pure function; thread-safe.
Result<PolicyDocument> ParsePolicyDocument(std::string_view json_text, PolicyLanguage language);

}  // namespace wsapp::iam
