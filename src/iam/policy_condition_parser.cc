#include "iam/policy_condition_parser.h"

#include <fmt/format.h>

#include <optional>
#include <string_view>
#include <utility>

#include "iam/policy_values.h"

namespace wsapp::iam {
namespace {

using nlohmann::json;

constexpr std::pair<std::string_view, ConditionOperator> kOperators[] = {
    {"StringEquals", ConditionOperator::kStringEquals},
    {"StringNotEquals", ConditionOperator::kStringNotEquals},
    {"StringEqualsIgnoreCase", ConditionOperator::kStringEqualsIgnoreCase},
    {"StringNotEqualsIgnoreCase", ConditionOperator::kStringNotEqualsIgnoreCase},
    {"StringLike", ConditionOperator::kStringLike},
    {"StringNotLike", ConditionOperator::kStringNotLike},
    {"StringStartWith", ConditionOperator::kStringStartWith},
    {"StringEndWith", ConditionOperator::kStringEndWith},
    {"NumberEquals", ConditionOperator::kNumberEquals},
    {"NumberLessThan", ConditionOperator::kNumberLessThan},
    {"NumberGreaterThan", ConditionOperator::kNumberGreaterThan},
    {"DateLessThan", ConditionOperator::kDateLessThan},
    {"DateGreaterThan", ConditionOperator::kDateGreaterThan},
    {"Bool", ConditionOperator::kBool},
    {"IpAddress", ConditionOperator::kIpAddress},
    {"NotIpAddress", ConditionOperator::kNotIpAddress},
    {"Null", ConditionOperator::kNull},
};

constexpr std::pair<std::string_view, ConditionKey> kKeys[] = {
    {"g:CurrentTime", ConditionKey::kCurrentTime},
    {"g:UserId", ConditionKey::kUserId},
    {"g:UserName", ConditionKey::kUserName},
    {"g:DomainName", ConditionKey::kDomainName},
    {"g:ProjectId", ConditionKey::kProjectId},
    {"g:ProjectName", ConditionKey::kProjectName},
    {"g:SourceIp", ConditionKey::kSourceIp},
    {"g:RequestedRegion", ConditionKey::kRequestedRegion},
};

constexpr std::string_view kIfExists = "IfExists";

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) {
      return false;
    }
  }
  return true;
}

struct ParsedOperator {
  ConditionOperator op;
  ConditionQualifier qualifier;
  bool if_exists;
};

// Operator names are matched exactly, as the vendor writes them; only keys ignore case.
std::optional<ParsedOperator> ParseOperatorName(std::string_view name) {
  ParsedOperator parsed{ConditionOperator::kStringEquals, ConditionQualifier::kNone, false};
  if (name.starts_with("ForAnyValue:")) {
    parsed.qualifier = ConditionQualifier::kForAnyValue;
    name.remove_prefix(std::string_view("ForAnyValue:").size());
  } else if (name.starts_with("ForAllValues:")) {
    parsed.qualifier = ConditionQualifier::kForAllValues;
    name.remove_prefix(std::string_view("ForAllValues:").size());
  }
  if (name.ends_with(kIfExists)) {
    parsed.if_exists = true;
    name.remove_suffix(kIfExists.size());
  }
  for (const auto& [text, op] : kOperators) {
    if (name == text) {
      parsed.op = op;
      return parsed;
    }
  }
  return std::nullopt;
}

std::optional<ConditionKey> ParseKeyName(std::string_view name) {
  for (const auto& [text, key] : kKeys) {
    if (EqualsIgnoreAsciiCase(name, text)) {
      return key;
    }
  }
  return std::nullopt;
}

// The form a value must have for `op`, or nullopt when any string will do.
std::optional<std::string_view> RequiredValueForm(ConditionOperator op, std::string_view value) {
  switch (op) {
    case ConditionOperator::kNumberEquals:
    case ConditionOperator::kNumberLessThan:
    case ConditionOperator::kNumberGreaterThan:
      return ParseDecimalNumber(value) ? std::nullopt
                                       : std::optional<std::string_view>("a decimal number");
    case ConditionOperator::kDateLessThan:
    case ConditionOperator::kDateGreaterThan:
      return ParseUtcInstantMillis(value)
                 ? std::nullopt
                 : std::optional<std::string_view>(
                       "an ISO-8601 UTC time such as 2025-01-31T12:00:00Z");
    case ConditionOperator::kBool:
    case ConditionOperator::kNull:
      return (value == "true" || value == "false")
                 ? std::nullopt
                 : std::optional<std::string_view>("\"true\" or \"false\"");
    case ConditionOperator::kIpAddress:
    case ConditionOperator::kNotIpAddress:
      return ParseIpNetwork(value)
                 ? std::nullopt
                 : std::optional<std::string_view>("an IPv4 or IPv6 address or CIDR block");
    default:
      return std::nullopt;
  }
}

// Date and address operators compare against one key each; on any other key they could only
// ever be false, which is a mistake worth reporting when the policy is written.
Status CheckKeyFitsOperator(const PolicyCondition& condition, const std::string& field) {
  bool is_date = condition.op == ConditionOperator::kDateLessThan ||
                 condition.op == ConditionOperator::kDateGreaterThan;
  bool is_address = condition.op == ConditionOperator::kIpAddress ||
                    condition.op == ConditionOperator::kNotIpAddress;
  if (is_date && condition.key != ConditionKey::kCurrentTime) {
    return InvalidArgument(
        fmt::format("{}: {} applies only to g:CurrentTime", field, condition.operator_name));
  }
  if (is_address && condition.key != ConditionKey::kSourceIp) {
    return InvalidArgument(
        fmt::format("{}: {} applies only to g:SourceIp", field, condition.operator_name));
  }
  return OkStatus();
}

Result<std::vector<std::string>> ParseValues(const json& value, const std::string& field,
                                             ConditionOperator op) {
  std::vector<std::pair<std::string, std::string>> named;  // (field, value)
  if (value.is_string()) {
    named.emplace_back(field, value.get<std::string>());
  } else if (value.is_array() && !value.empty()) {
    for (size_t i = 0; i < value.size(); ++i) {
      std::string item_field = fmt::format("{}[{}]", field, i);
      if (!value[i].is_string()) {
        return InvalidArgument(
            fmt::format("{} must be a string, not {}", item_field, value[i].type_name()));
      }
      named.emplace_back(item_field, value[i].get<std::string>());
    }
  } else {
    return InvalidArgument(
        fmt::format("{} must be a string or a non-empty array of strings", field));
  }
  std::vector<std::string> values;
  for (auto& [item_field, text] : named) {
    if (auto form = RequiredValueForm(op, text)) {
      return InvalidArgument(fmt::format("{} must be {}, got \"{}\"", item_field, *form, text));
    }
    values.push_back(std::move(text));
  }
  return values;
}

Status ParseOperatorBlock(const std::string& operator_name, const json& keys,
                          const std::string& field, std::vector<PolicyCondition>& out) {
  std::optional<ParsedOperator> parsed = ParseOperatorName(operator_name);
  if (!parsed) {
    return InvalidArgument(fmt::format("{} is not a known condition operator", field));
  }
  // Null tests whether the key exists, so neither IfExists nor a set qualifier means anything.
  if (parsed->op == ConditionOperator::kNull &&
      (parsed->if_exists || parsed->qualifier != ConditionQualifier::kNone)) {
    return InvalidArgument(
        fmt::format("{}: Null takes neither IfExists nor ForAnyValue:/ForAllValues:", field));
  }
  if (!keys.is_object() || keys.empty()) {
    return InvalidArgument(fmt::format("{} must be an object naming at least one key", field));
  }
  for (const auto& [key_name, value] : keys.items()) {
    std::string key_field = field + "." + key_name;
    std::optional<ConditionKey> key = ParseKeyName(key_name);
    if (!key) {
      return InvalidArgument(fmt::format("{} is not a known condition key", key_field));
    }
    PolicyCondition condition;
    condition.operator_name = operator_name;
    condition.op = parsed->op;
    condition.qualifier = parsed->qualifier;
    condition.if_exists = parsed->if_exists;
    condition.key_name = key_name;
    condition.key = *key;
    WSAPP_RETURN_IF_ERROR(CheckKeyFitsOperator(condition, key_field));
    WSAPP_ASSIGN_OR_RETURN(condition.values, ParseValues(value, key_field, parsed->op));
    out.push_back(std::move(condition));
  }
  return OkStatus();
}

}  // namespace

Result<std::vector<PolicyCondition>> ParseConditionBlock(const json& block,
                                                         const std::string& path) {
  if (!block.is_object()) {
    return InvalidArgument(fmt::format("{} must be an object, not {}", path, block.type_name()));
  }
  std::vector<PolicyCondition> conditions;
  for (const auto& [operator_name, keys] : block.items()) {
    WSAPP_RETURN_IF_ERROR(
        ParseOperatorBlock(operator_name, keys, path + "." + operator_name, conditions));
  }
  return conditions;
}

const char* ConditionKeyName(ConditionKey key) {
  for (const auto& [text, candidate] : kKeys) {
    if (candidate == key) {
      return text.data();
    }
  }
  return "";
}

}  // namespace wsapp::iam
