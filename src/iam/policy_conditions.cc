#include "iam/policy_conditions.h"

#include <algorithm>
#include <string_view>

#include "common/time_format.h"
#include "iam/policy_match.h"
#include "iam/policy_values.h"

namespace wsapp::iam {
namespace {

using Op = ConditionOperator;

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
    return lower(x) == lower(y);
  });
}

std::optional<std::string> NonEmpty(const std::optional<std::string>& value) {
  if (!value || value->empty()) {
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> LookUp(ConditionKey key, const ConditionContext& context) {
  switch (key) {
    case ConditionKey::kCurrentTime:
      if (!context.current_time) {
        return std::nullopt;
      }
      return FormatMillisUtc(ToUnixMillis(*context.current_time));
    case ConditionKey::kUserId:
      return NonEmpty(context.user_id);
    case ConditionKey::kUserName:
      return NonEmpty(context.user_name);
    case ConditionKey::kDomainName:
      return NonEmpty(context.domain_name);
    case ConditionKey::kProjectId:
      return NonEmpty(context.project_id);
    case ConditionKey::kProjectName:
      return NonEmpty(context.project_name);
    case ConditionKey::kSourceIp:
      return NonEmpty(context.source_ip);
    case ConditionKey::kRequestedRegion:
      return NonEmpty(context.requested_region);
  }
  return std::nullopt;
}

bool IsNegated(Op op) {
  return op == Op::kStringNotEquals || op == Op::kStringNotEqualsIgnoreCase ||
         op == Op::kStringNotLike || op == Op::kNotIpAddress;
}

bool CompareNumbers(Op op, std::string_view actual, std::string_view expected) {
  std::optional<double> left = ParseDecimalNumber(actual);
  std::optional<double> right = ParseDecimalNumber(expected);
  if (!left || !right) {
    return false;
  }
  if (op == Op::kNumberEquals) {
    return *left == *right;
  }
  return op == Op::kNumberLessThan ? *left < *right : *left > *right;
}

bool CompareDates(Op op, const ConditionContext& context, std::string_view expected) {
  std::optional<int64_t> bound = ParseUtcInstantMillis(expected);
  if (!context.current_time || !bound) {
    return false;
  }
  int64_t now = ToUnixMillis(*context.current_time);
  return op == Op::kDateLessThan ? now < *bound : now > *bound;
}

bool InNetwork(std::string_view actual, std::string_view expected) {
  std::optional<IpNetwork> address = ParseIpAddress(actual);
  std::optional<IpNetwork> network = ParseIpNetwork(expected);
  return address && network && NetworkContains(*network, *address);
}

// The positive form of `op` for one policy value; negated operators use their positive twin.
bool MatchesOne(Op op, const std::string& actual, const std::string& expected,
                const ConditionContext& context) {
  switch (op) {
    case Op::kStringEquals:
    case Op::kStringNotEquals:
      return actual == expected;
    case Op::kStringEqualsIgnoreCase:
    case Op::kStringNotEqualsIgnoreCase:
      return EqualsIgnoreAsciiCase(actual, expected);
    case Op::kStringLike:
    case Op::kStringNotLike:
      return GlobMatches(expected, actual);
    case Op::kStringStartWith:
      return std::string_view(actual).starts_with(expected);
    case Op::kStringEndWith:
      return std::string_view(actual).ends_with(expected);
    case Op::kNumberEquals:
    case Op::kNumberLessThan:
    case Op::kNumberGreaterThan:
      return CompareNumbers(op, actual, expected);
    case Op::kDateLessThan:
    case Op::kDateGreaterThan:
      return CompareDates(op, context, expected);
    case Op::kBool:
      return EqualsIgnoreAsciiCase(actual, expected);
    case Op::kIpAddress:
    case Op::kNotIpAddress:
      return InNetwork(actual, expected);
    case Op::kNull:
      return false;
  }
  return false;
}

}  // namespace

bool ConditionHolds(const PolicyCondition& condition, const ConditionContext& context) {
  std::optional<std::string> actual = LookUp(condition.key, context);
  if (condition.op == Op::kNull) {
    bool is_absent = !actual.has_value();
    return std::any_of(
        condition.values.begin(), condition.values.end(),
        [is_absent](const std::string& value) { return (value == "true") == is_absent; });
  }
  if (!actual) {
    return condition.if_exists || condition.qualifier == ConditionQualifier::kForAllValues;
  }
  bool matches_any = std::any_of(condition.values.begin(), condition.values.end(),
                                 [&](const std::string& expected) {
                                   return MatchesOne(condition.op, *actual, expected, context);
                                 });
  return IsNegated(condition.op) ? !matches_any : matches_any;
}

}  // namespace wsapp::iam
