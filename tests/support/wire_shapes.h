#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "support/http_client.h"

namespace wsapp::testing {

enum class JsonType { kString, kInteger, kBoolean, kObject, kArray };

// One member of a wire model: its key, JSON type, and whether every reply must carry it.
struct FieldShape {
  std::string_view name;
  JsonType type;
  bool is_required = true;
};
using Shape = std::vector<FieldShape>;

// Golden shapes transcribed from section 2 of reference/workspace-app-api.md (never derived from
// the server's serializer). The reference's examples show "" rather than omitted keys for unset
// strings, so every listed field is required except `app_extended_info`, which only custom apps
// carry, and an Authorization's `platform_type`, an enum that a grant may lack.
const Shape& AppGroupShape();        // 2.1, as CreateAppGroup and ListAppGroup return it
const Shape& AppGroupDetailShape();  // 2.1 plus app_server_group_description (ShowAppGroupDetail)
const Shape& AppShape();             // 2.2
const Shape& AuthorizationShape();   // 2.3

// Succeeds when `value` is an object holding every required field of `shape` with its type, and
// no key outside the shape.
::testing::AssertionResult HasShape(const nlohmann::json& value, const Shape& shape);

// Succeeds when `response` is a Workspace error (section 3.1, D12): the status, a JSON body
// `{"error_code", "error_msg"}` with the exact code, a message of 1..255 characters, and an
// X-Request-Id header.
::testing::AssertionResult IsWorkspaceError(const ClientResponse& response, int status,
                                            std::string_view error_code);

// Succeeds when `response` is a Keystone error (section 4.1):
// `{"error": {"code": <status>, "message": <non-empty>, "title": <non-empty>}}`.
::testing::AssertionResult IsKeystoneError(const ClientResponse& response, int status);

// D14: `YYYY-MM-DDTHH:MM:SS.mmmZ`.
bool IsMillisTimestamp(std::string_view text);
// D14 for token bodies: `YYYY-MM-DDTHH:MM:SS.ffffffZ`.
bool IsMicrosTimestamp(std::string_view text);
// The D14 text of `time`, computed here independently of the server's formatter.
std::string MillisTimestamp(Clock::TimePoint time);
std::string MicrosTimestamp(Clock::TimePoint time);
// D13: an 18-digit decimal id (app groups and apps).
bool IsDecimalId(std::string_view text);
// D13: 32 lowercase hex characters (authorizations, projects, accounts).
bool IsHexId(std::string_view text);

}  // namespace wsapp::testing
