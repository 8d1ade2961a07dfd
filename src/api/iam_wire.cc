#include "api/iam_wire.h"

#include "api/api_call.h"
#include "common/time_format.h"
#include "common/utf8.h"
#include "iam/policy_evaluator.h"

namespace wsapp::api {
namespace {

constexpr int64_t kMaxListLimit = 200;
constexpr int64_t kDefaultListLimit = 100;
constexpr size_t kMaxMarkerChars = 64;

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

Error Invalid(std::string_view field, const std::string& rule) {
  return InvalidArgument(std::string(field) + " " + rule);
}

// Decodes one UTF-8 code point at `i` (valid UTF-8 is guaranteed by the JSON parser).
uint32_t NextCodePoint(std::string_view text, size_t& i) {
  unsigned char lead = static_cast<unsigned char>(text[i++]);
  int extra = lead < 0x80 ? 0 : lead < 0xe0 ? 1 : lead < 0xf0 ? 2 : 3;
  uint32_t code = extra == 0 ? lead : lead & (0x3f >> extra);
  for (int k = 0; k < extra && i < text.size(); ++k) {
    code = (code << 6) | (static_cast<unsigned char>(text[i++]) & 0x3f);
  }
  return code;
}

}  // namespace

std::string IamUrn(const std::string& account_id, std::string_view type, const std::string& name) {
  return iam::ResourceUrn("iam", "", account_id, type, name);
}

nlohmann::json IamUserToJson(const domain::User& user) {
  return {{"user_id", user.id},
          {"user_name", user.name},
          {"description", user.description},
          {"urn", IamUrn(user.account_id, "user", user.name)},
          {"enabled", user.is_enabled},
          {"is_root_user", user.is_root},
          {"created_at", FormatMillisUtc(user.created_at_millis)}};
}

nlohmann::json IamUserExToJson(const domain::User& user) {
  nlohmann::json json = IamUserToJson(user);
  json["tags"] = nlohmann::json::array();
  return json;
}

nlohmann::json IamGroupToJson(const domain::IamGroup& group) {
  return {{"group_id", group.id},
          {"group_name", group.name},
          {"description", group.description},
          {"urn", IamUrn(group.account_id, "group", group.name)},
          {"created_at", FormatMillisUtc(group.created_at_millis)}};
}

nlohmann::json IamPolicyToJson(const domain::IamPolicy& policy) {
  return {{"policy_id", policy.id},
          {"policy_name", policy.name},
          {"policy_type", policy.policy_type},
          {"urn", IamUrn(policy.account_id, "policy", policy.name)},
          {"path", policy.path},
          {"description", policy.description},
          {"default_version_id", policy.default_version_id},
          {"attachment_count", policy.attachment_count},
          {"created_at", FormatMillisUtc(policy.created_at_millis)},
          {"updated_at", FormatMillisUtc(policy.updated_at_millis)}};
}

nlohmann::json AttachedPolicyToJson(const domain::AttachedPolicy& policy) {
  return {{"policy_id", policy.policy_id},
          {"policy_name", policy.policy_name},
          {"urn", IamUrn(policy.account_id, "policy", policy.policy_name)},
          {"attached_at", FormatMillisUtc(policy.attached_at_millis)}};
}

nlohmann::json PolicyVersionToJson(const domain::IamPolicy& policy) {
  return {{"document", policy.document},
          {"version_id", policy.default_version_id},
          {"is_default", true},
          {"created_at", FormatMillisUtc(policy.created_at_millis)}};
}

nlohmann::json LoginProfileToJson(const domain::LoginProfile& profile) {
  return {{"user_id", profile.user_id},
          {"password_reset_required", profile.password_reset_required},
          {"created_at", FormatMillisUtc(profile.created_at_millis)}};
}

nlohmann::json AccessKeyToJson(const domain::AccessKey& key, bool with_secret) {
  nlohmann::json json = {{"user_id", key.user_id},
                         {"access_key_id", key.access_key},
                         {"status", key.is_enabled ? "active" : "inactive"},
                         {"created_at", FormatMillisUtc(key.created_at_millis)}};
  if (with_secret) {
    json["secret_access_key"] = key.secret_key;
  }
  return json;
}

nlohmann::json PageInfoJson(const std::string& next_marker, size_t current_count) {
  nlohmann::json info = {{"current_count", current_count}};
  if (!next_marker.empty()) {
    info["next_marker"] = next_marker;
  }
  return info;
}

Result<domain::MarkerPageRequest> ParseMarkerPage(const QueryParams& query) {
  domain::MarkerPageRequest page;
  WSAPP_ASSIGN_OR_RETURN(page.limit, query.Int("limit", 1, kMaxListLimit, kDefaultListLimit));
  auto marker = query.String("marker", kMaxMarkerChars);
  if (!marker.ok() || (!marker->empty() && !ValidateIamId("marker", *marker).ok())) {
    return InvalidArgument("invalid marker", "invalid_marker");
  }
  page.marker = *marker;
  return page;
}

Status ValidateIamId(std::string_view field, std::string_view value) {
  if (value.empty() || value.size() > 64) {
    return Invalid(field, "must be 1 to 64 characters long");
  }
  for (char c : value) {
    if (!IsAsciiLetter(c) && !IsDigit(c) && c != '-') {
      return Invalid(field, "may contain only letters, digits and '-'");
    }
  }
  return OkStatus();
}

Status ValidateIamUserName(std::string_view field, std::string_view value) {
  if (value.empty() || CountCodePoints(value) > 64) {
    return Invalid(field, "must be 1 to 64 characters long");
  }
  if (IsDigit(value.front())) {
    return Invalid(field, "must not start with a digit");
  }
  for (char c : value) {
    if (!IsAsciiLetter(c) && !IsDigit(c) && c != '_' && c != '-' && c != '.' && c != ' ') {
      return Invalid(field, "may contain only letters, digits, '_', '-', '.' and spaces");
    }
  }
  return OkStatus();
}

Status ValidateIamGroupName(std::string_view field, std::string_view value) {
  if (value.empty() || CountCodePoints(value) > 128) {
    return Invalid(field, "must be 1 to 128 characters long");
  }
  for (size_t i = 0; i < value.size();) {
    uint32_t c = NextCodePoint(value, i);
    bool is_ascii_allowed =
        c < 0x80 && (IsAsciiLetter(static_cast<char>(c)) || IsDigit(static_cast<char>(c)) ||
                     c == '{' || c == '}' || c == '_' || c == '-' || c == ' ');
    if (!is_ascii_allowed && !(c >= 0x4e00 && c <= 0x9fa5)) {
      return Invalid(field,
                     "may contain only CJK ideographs, letters, digits, '{', '}', '_', '-' "
                     "and spaces");
    }
  }
  return OkStatus();
}

Status ValidateIamPolicyName(std::string_view field, std::string_view value) {
  if (value.empty() || value.size() > 128) {
    return Invalid(field, "must be 1 to 128 characters long");
  }
  for (char c : value) {
    bool is_word = IsAsciiLetter(c) || IsDigit(c) || c == '_';
    if (!is_word && c != '+' && c != '=' && c != '.' && c != '@' && c != '-') {
      return Invalid(field, "may contain only letters, digits and '_', '+', '=', '.', '@', '-'");
    }
  }
  return OkStatus();
}

Status ValidateIamDescription(std::string_view field, std::string_view value) {
  if (CountCodePoints(value) > 255) {
    return Invalid(field, "must be at most 255 characters long");
  }
  if (value.find_first_of("@#%&<>\\$^*") != std::string_view::npos) {
    return Invalid(field, "must not contain @ # % & < > \\ $ ^ *");
  }
  return OkStatus();
}

Status ValidateIamPath(std::string_view field, std::string_view value) {
  if (value.size() > 512) {
    return Invalid(field, "must be at most 512 characters long");
  }
  size_t segment_chars = 0;
  for (char c : value) {
    if (c == '/') {
      if (segment_chars == 0) {
        return InvalidArgument("invalid path", "invalid_path");
      }
      segment_chars = 0;
      continue;
    }
    bool is_allowed = IsAsciiLetter(c) || IsDigit(c) ||
                      std::string_view(".,+@=_-").find(c) != std::string_view::npos;
    if (!is_allowed) {
      return InvalidArgument("invalid path", "invalid_path");
    }
    ++segment_chars;
  }
  if (segment_chars != 0) {
    return InvalidArgument("invalid path", "invalid_path");
  }
  return OkStatus();
}

HttpResponse IamNoContent() {
  HttpResponse response;
  response.status = 204;
  return response;
}

nlohmann::json KeystoneLinks(const std::string& self) {
  return {{"self", self}, {"previous", nullptr}, {"next", nullptr}};
}

Status ValidateIamPathIds(const ApiCall& call, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    WSAPP_RETURN_IF_ERROR(ValidateIamId(name, call.Param(name)));
  }
  return OkStatus();
}

}  // namespace wsapp::api
