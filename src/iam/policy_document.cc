#include "iam/policy_document.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <set>

#include "common/duplicate_member_check.h"
#include "common/utf8.h"
#include "iam/policy_condition_parser.h"

namespace wsapp::iam {
namespace {

using nlohmann::json;

Result<json> ParseStrictObject(std::string_view text) {
  if (!IsValidUtf8(text)) {
    return InvalidArgument("The policy document is not valid UTF-8.");
  }
  size_t chars = CountCodePoints(text);
  if (chars > kMaxPolicyDocumentChars) {
    return InvalidArgument(fmt::format("The policy document must be at most {} characters, got {}",
                                       kMaxPolicyDocumentChars, chars));
  }
  DuplicateMemberCheck duplicates;
  json parsed = json::parse(
      text.begin(), text.end(),
      [&duplicates](int depth, json::parse_event_t event, json& value) {
        return duplicates(depth, event, value);
      },
      /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return InvalidArgument("The policy document is not valid JSON.");
  }
  if (!duplicates.duplicate().empty()) {
    return InvalidArgument(fmt::format("The policy document has the member \"{}\" more than once",
                                       duplicates.duplicate()));
  }
  if (!parsed.is_object()) {
    return InvalidArgument(
        fmt::format("The policy document must be a JSON object, not {}", parsed.type_name()));
  }
  return parsed;
}

Status CheckMembers(const json& object, const std::set<std::string>& known,
                    const std::string& prefix, std::string_view where) {
  for (const auto& [name, value] : object.items()) {
    if (known.count(name) == 0) {
      return InvalidArgument(fmt::format("{}{} is not a known member of {}", prefix, name, where));
    }
  }
  return OkStatus();
}

bool IsServiceChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '*' || c == '?';
}

bool IsActionChar(char c) {
  return IsServiceChar(c) || (c >= 'A' && c <= 'Z') || c == '_' || c == '.';
}

bool AllOf(std::string_view text, bool (*predicate)(char)) {
  for (char c : text) {
    if (!predicate(c)) {
      return false;
    }
  }
  return true;
}

// `*`, or exactly three non-empty parts: a lower-case service (D9 compares it exactly, so an
// upper-case one could never match), a resource type and a verb.
bool IsValidActionPattern(std::string_view pattern) {
  if (pattern == "*") {
    return true;
  }
  size_t first = pattern.find(':');
  size_t second = first == std::string_view::npos ? first : pattern.find(':', first + 1);
  if (second == std::string_view::npos || pattern.find(':', second + 1) != std::string_view::npos) {
    return false;
  }
  std::string_view service = pattern.substr(0, first);
  std::string_view type = pattern.substr(first + 1, second - first - 1);
  std::string_view verb = pattern.substr(second + 1);
  return !service.empty() && !type.empty() && !verb.empty() && AllOf(service, IsServiceChar) &&
         AllOf(type, IsActionChar) && AllOf(verb, IsActionChar);
}

bool IsVisibleAscii(char c) { return c > ' ' && c < 0x7f; }

// `*`, or `service:region:account:type:path` where region and account may be empty (global
// services, D8) and the path may itself contain ':'.
bool IsValidResourcePattern(std::string_view pattern) {
  if (pattern == "*") {
    return true;
  }
  if (!AllOf(pattern, IsVisibleAscii)) {
    return false;
  }
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (parts.size() < 4) {
    size_t colon = pattern.find(':', start);
    if (colon == std::string_view::npos) {
      return false;
    }
    parts.push_back(pattern.substr(start, colon - start));
    start = colon + 1;
  }
  std::string_view path = pattern.substr(start);
  return !parts[0].empty() && AllOf(parts[0], IsServiceChar) && !parts[3].empty() && !path.empty();
}

// A pattern list: a non-empty array of strings, or (for Action/NotAction only) one string.
Result<std::vector<std::string>> ParsePatternList(const json& value, const std::string& field,
                                                  bool is_single_string_allowed) {
  if (is_single_string_allowed && value.is_string()) {
    return std::vector<std::string>{value.get<std::string>()};
  }
  if (!value.is_array() || value.empty()) {
    std::string_view shape = is_single_string_allowed ? "a string or a non-empty array of strings"
                                                      : "a non-empty array of strings";
    return InvalidArgument(fmt::format("{} must be {}", field, shape));
  }
  std::vector<std::string> patterns;
  for (size_t i = 0; i < value.size(); ++i) {
    if (!value[i].is_string()) {
      return InvalidArgument(
          fmt::format("{}[{}] must be a string, not {}", field, i, value[i].type_name()));
    }
    patterns.push_back(value[i].get<std::string>());
  }
  return patterns;
}

Status ParseActions(const json& statement, const std::string& path, PolicyStatement& out) {
  bool has_action = statement.contains("Action");
  bool has_not_action = statement.contains("NotAction");
  if (has_action == has_not_action) {
    return InvalidArgument(fmt::format("{} must have exactly one of Action and NotAction", path));
  }
  out.is_not_action = has_not_action;
  std::string field = path + (has_action ? ".Action" : ".NotAction");
  WSAPP_ASSIGN_OR_RETURN(out.actions,
                         ParsePatternList(statement.at(has_action ? "Action" : "NotAction"), field,
                                          /*is_single_string_allowed=*/true));
  for (size_t i = 0; i < out.actions.size(); ++i) {
    if (!IsValidActionPattern(out.actions[i])) {
      return InvalidArgument(fmt::format(
          "{}[{}] must be \"*\" or service:resourceType:verb with a lower-case service, got \"{}\"",
          field, i, out.actions[i]));
    }
  }
  return OkStatus();
}

Status ParseResources(const json& statement, const std::string& path, PolicyStatement& out) {
  bool has_resource = statement.contains("Resource");
  bool has_not_resource = statement.contains("NotResource");
  if (has_resource && has_not_resource) {
    return InvalidArgument(fmt::format("{} must not have both Resource and NotResource", path));
  }
  if (!has_resource && !has_not_resource) {
    return OkStatus();
  }
  out.has_resources = true;
  out.is_not_resource = has_not_resource;
  std::string field = path + (has_resource ? ".Resource" : ".NotResource");
  WSAPP_ASSIGN_OR_RETURN(out.resources,
                         ParsePatternList(statement.at(has_resource ? "Resource" : "NotResource"),
                                          field, /*is_single_string_allowed=*/false));
  for (size_t i = 0; i < out.resources.size(); ++i) {
    if (!IsValidResourcePattern(out.resources[i])) {
      return InvalidArgument(
          fmt::format("{}[{}] must be \"*\" or a URN service:region:account:type:path, got \"{}\"",
                      field, i, out.resources[i]));
    }
  }
  return OkStatus();
}

Result<PolicyStatement> ParseStatement(const json& statement, const std::string& path) {
  static const std::set<std::string> kMembers = {"Sid",      "Effect",      "Action",   "NotAction",
                                                 "Resource", "NotResource", "Condition"};
  if (!statement.is_object()) {
    return InvalidArgument(
        fmt::format("{} must be an object, not {}", path, statement.type_name()));
  }
  WSAPP_RETURN_IF_ERROR(CheckMembers(statement, kMembers, path + ".", "a statement"));

  PolicyStatement out;
  if (statement.contains("Sid")) {
    if (!statement.at("Sid").is_string()) {
      return InvalidArgument(fmt::format("{}.Sid must be a string", path));
    }
    out.sid = statement.at("Sid").get<std::string>();
  }
  auto effect = statement.find("Effect");
  if (effect == statement.end() || !effect->is_string() ||
      (*effect != "Allow" && *effect != "Deny")) {
    return InvalidArgument(fmt::format("{}.Effect must be \"Allow\" or \"Deny\"", path));
  }
  out.effect = *effect == "Allow" ? PolicyEffect::kAllow : PolicyEffect::kDeny;
  WSAPP_RETURN_IF_ERROR(ParseActions(statement, path, out));
  WSAPP_RETURN_IF_ERROR(ParseResources(statement, path, out));
  if (statement.contains("Condition")) {
    WSAPP_ASSIGN_OR_RETURN(out.conditions,
                           ParseConditionBlock(statement.at("Condition"), path + ".Condition"));
  }
  return out;
}

}  // namespace

Result<PolicyDocument> ParsePolicyDocument(std::string_view json_text, PolicyLanguage language) {
  WSAPP_ASSIGN_OR_RETURN(json root, ParseStrictObject(json_text));
  WSAPP_RETURN_IF_ERROR(CheckMembers(root, {"Version", "Statement"}, "", "the policy document"));

  std::string_view version = language == PolicyLanguage::kIdentityV5 ? "5.0" : "1.1";
  auto version_member = root.find("Version");
  if (version_member == root.end() || !version_member->is_string() ||
      version_member->get_ref<const std::string&>() != version) {
    return InvalidArgument(fmt::format("Version must be \"{}\"", version));
  }
  auto statements = root.find("Statement");
  if (statements == root.end() || !statements->is_array() || statements->empty()) {
    return InvalidArgument("Statement must be a non-empty array");
  }

  PolicyDocument document;
  document.language = language;
  for (size_t i = 0; i < statements->size(); ++i) {
    WSAPP_ASSIGN_OR_RETURN(PolicyStatement statement,
                           ParseStatement((*statements)[i], fmt::format("Statement[{}]", i)));
    document.statements.push_back(std::move(statement));
  }
  return document;
}

}  // namespace wsapp::iam
