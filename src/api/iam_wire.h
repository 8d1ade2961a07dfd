#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "api/http_message.h"
#include "api/query_params.h"
#include "api/router.h"
#include "common/result.h"
#include "domain/iam.h"
#include "domain/identity.h"

namespace wsapp::api {

class ApiCall;

// Wire models and request checks of the IAM administration API (v5), with the JSON names of
// the vendor's IAM v5 SDK models (User, UserEx, Group, Policy, AttachedPolicy, PolicyVersion,
// LoginProfile, AccessKey, AccessKeyMetadata, PageInfo). Shared by the iam_*_handler.cc files.

// iam::<account_id>:<type>:<name> (IAM is global, so the region is empty).
std::string IamUrn(const std::string& account_id, std::string_view type, const std::string& name);

nlohmann::json IamUserToJson(const domain::User& user);
// UserEx: User plus `tags` (always empty here).
nlohmann::json IamUserExToJson(const domain::User& user);
nlohmann::json IamGroupToJson(const domain::IamGroup& group);
nlohmann::json IamPolicyToJson(const domain::IamPolicy& policy);
nlohmann::json AttachedPolicyToJson(const domain::AttachedPolicy& policy);
nlohmann::json PolicyVersionToJson(const domain::IamPolicy& policy);
nlohmann::json LoginProfileToJson(const domain::LoginProfile& profile);
// AccessKeyMetadata; with `with_secret` the AccessKey of CreateAccessKeyV5.
nlohmann::json AccessKeyToJson(const domain::AccessKey& key, bool with_secret);
// PageInfo of a list reply: next_marker only when more follow.
nlohmann::json PageInfoJson(const std::string& next_marker, size_t current_count);

// `limit` (1..200, default 100) and `marker` (an id of the listed kind). Errors:
// kInvalidArgument; reason "invalid_marker" for a malformed marker.
Result<domain::MarkerPageRequest> ParseMarkerPage(const QueryParams& query);

// Ids in paths and bodies: ^[a-zA-Z0-9-]{1,64}$.
Status ValidateIamId(std::string_view field, std::string_view value);
// User names: 1..64 of letters, digits, '_', '-', '.', ' ', not starting with a digit.
Status ValidateIamUserName(std::string_view field, std::string_view value);
// Group names: 1..128 of CJK ideographs (U+4E00..U+9FA5), letters, digits, '{', '}', '_', '-',
// ' '.
Status ValidateIamGroupName(std::string_view field, std::string_view value);
// Policy names: 1..128 of word characters and '+', '=', '.', '@', '-'.
Status ValidateIamPolicyName(std::string_view field, std::string_view value);
// User and group descriptions: at most 255 characters, none of @ # % & < > \ $ ^ *.
Status ValidateIamDescription(std::string_view field, std::string_view value);
// Policy paths: "" or segments of [A-Za-z0-9.,+@=_-] each followed by '/', at most 512.
Status ValidateIamPath(std::string_view field, std::string_view value);

// 204 without a body (the vendor's deletes).
HttpResponse IamNoContent();

// The `links` member of the Keystone (v3) lists: `self`, with no previous or next page.
nlohmann::json KeystoneLinks(const std::string& self);

// ValidateIamId on each named path parameter of the call.
Status ValidateIamPathIds(const ApiCall& call, std::initializer_list<const char*> names);

}  // namespace wsapp::api
