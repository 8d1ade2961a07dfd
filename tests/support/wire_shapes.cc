#include "support/wire_shapes.h"

#include <time.h>

#include <cstdio>
#include <regex>

namespace wsapp::testing {
namespace {

bool HasType(const nlohmann::json& value, JsonType type) {
  switch (type) {
    case JsonType::kString:
      return value.is_string();
    case JsonType::kInteger:
      return value.is_number_integer();
    case JsonType::kBoolean:
      return value.is_boolean();
    case JsonType::kObject:
      return value.is_object();
    case JsonType::kArray:
      return value.is_array();
  }
  return false;
}

const char* TypeName(JsonType type) {
  switch (type) {
    case JsonType::kString:
      return "string";
    case JsonType::kInteger:
      return "integer";
    case JsonType::kBoolean:
      return "boolean";
    case JsonType::kObject:
      return "object";
    case JsonType::kArray:
      return "array";
  }
  return "?";
}

bool Matches(std::string_view text, const std::regex& pattern) {
  return std::regex_match(text.begin(), text.end(), pattern);
}

size_t CountCodePoints(std::string_view text) {
  size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) {
      ++count;
    }
  }
  return count;
}

std::string FormatUtc(Clock::TimePoint time, int fraction_digits) {
  auto since_epoch = time.time_since_epoch();
  auto seconds = std::chrono::floor<std::chrono::seconds>(since_epoch);
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(since_epoch - seconds);
  time_t whole = static_cast<time_t>(seconds.count());
  tm utc{};
  gmtime_r(&whole, &utc);
  char text[96];
  long fraction = fraction_digits == 3 ? micros.count() / 1000 : micros.count();
  std::snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02d.%0*ldZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, fraction_digits,
                fraction);
  return text;
}

}  // namespace

const Shape& AppGroupShape() {
  static const Shape shape = {
      {"id", JsonType::kString},
      {"name", JsonType::kString},
      {"app_server_group_id", JsonType::kString},
      {"app_server_group_name", JsonType::kString},
      {"description", JsonType::kString},
      {"authorization_type", JsonType::kString},
      {"tenant_id", JsonType::kString},
      {"app_type", JsonType::kString},
      {"create_at", JsonType::kString},
      {"app_count", JsonType::kInteger},
  };
  return shape;
}

const Shape& AppGroupDetailShape() {
  static const Shape shape = [] {
    Shape detail = AppGroupShape();
    detail.push_back({"app_server_group_description", JsonType::kString});
    return detail;
  }();
  return shape;
}

const Shape& AppShape() {
  static const Shape shape = {
      {"id", JsonType::kString},
      {"name", JsonType::kString},
      {"version", JsonType::kString},
      {"command_param", JsonType::kString},
      {"execute_path", JsonType::kString},
      {"work_path", JsonType::kString},
      {"icon_path", JsonType::kString},
      {"icon_index", JsonType::kInteger},
      {"description", JsonType::kString},
      {"app_group_id", JsonType::kString},
      {"state", JsonType::kString},
      {"tenant_id", JsonType::kString},
      {"publish_at", JsonType::kString},
      {"source_type", JsonType::kInteger},
      {"publisher", JsonType::kString},
      {"icon_url", JsonType::kString},
      {"publishable", JsonType::kBoolean},
      {"sandbox_enable", JsonType::kBoolean},
      {"is_pre_boot", JsonType::kBoolean},
      {"app_extended_info", JsonType::kObject, /*is_required=*/false},
  };
  return shape;
}

const Shape& AuthorizationShape() {
  static const Shape shape = {
      {"id", JsonType::kString},
      {"account_id", JsonType::kString},
      {"account", JsonType::kString},
      {"app_id", JsonType::kString},
      {"app_name", JsonType::kString},
      {"app_group_id", JsonType::kString},
      {"app_group_name", JsonType::kString},
      {"authorization_type", JsonType::kString},
      {"account_type", JsonType::kString},
      // An enum without an empty member; the reference's own example (section 1.4) omits it.
      {"platform_type", JsonType::kString, /*is_required=*/false},
      {"domain", JsonType::kString},
      {"create_at", JsonType::kString},
  };
  return shape;
}

::testing::AssertionResult HasShape(const nlohmann::json& value, const Shape& shape) {
  if (!value.is_object()) {
    return ::testing::AssertionFailure() << "not an object: " << value.dump();
  }
  for (const FieldShape& field : shape) {
    auto it = value.find(field.name);
    if (it == value.end()) {
      if (field.is_required) {
        return ::testing::AssertionFailure()
               << "missing \"" << field.name << "\" in " << value.dump();
      }
      continue;
    }
    if (!HasType(*it, field.type)) {
      return ::testing::AssertionFailure() << "\"" << field.name << "\" is not a "
                                           << TypeName(field.type) << " in " << value.dump();
    }
  }
  for (const auto& [key, member] : value.items()) {
    bool is_known = false;
    for (const FieldShape& field : shape) {
      is_known = is_known || field.name == key;
    }
    if (!is_known) {
      return ::testing::AssertionFailure()
             << "unexpected key \"" << key << "\" in " << value.dump();
    }
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult IsWorkspaceError(const ClientResponse& response, int status,
                                            std::string_view error_code) {
  if (response.status != status) {
    return ::testing::AssertionFailure()
           << "status " << response.status << " (wanted " << status << "), body " << response.body;
  }
  nlohmann::json body = response.Json();
  if (!body.is_object() || !body.contains("error_code") || !body["error_code"].is_string() ||
      !body.contains("error_msg") || !body["error_msg"].is_string()) {
    return ::testing::AssertionFailure() << "not a Workspace error body: " << response.body;
  }
  std::string code = body["error_code"].get<std::string>();
  std::string message = body["error_msg"].get<std::string>();
  if (code != error_code) {
    return ::testing::AssertionFailure()
           << "error_code " << code << " (wanted " << error_code << "), body " << response.body;
  }
  if (code.size() > 16 || message.empty() || CountCodePoints(message) > 255) {
    return ::testing::AssertionFailure() << "code or message out of bounds: " << response.body;
  }
  if (response.Header("Content-Type").rfind("application/json", 0) != 0) {
    return ::testing::AssertionFailure() << "Content-Type " << response.Header("Content-Type");
  }
  if (response.Header("X-Request-Id").empty()) {
    return ::testing::AssertionFailure() << "no X-Request-Id on the error reply";
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult IsKeystoneError(const ClientResponse& response, int status) {
  if (response.status != status) {
    return ::testing::AssertionFailure()
           << "status " << response.status << " (wanted " << status << "), body " << response.body;
  }
  nlohmann::json body = response.Json();
  if (!body.is_object() || !body.contains("error") || !body["error"].is_object()) {
    return ::testing::AssertionFailure() << "not a Keystone error body: " << response.body;
  }
  const nlohmann::json& error = body["error"];
  if (!error.contains("code") || !error["code"].is_number_integer() ||
      error["code"].get<int>() != status || !error.contains("message") ||
      !error["message"].is_string() || error["message"].get<std::string>().empty() ||
      !error.contains("title") || !error["title"].is_string() ||
      error["title"].get<std::string>().empty()) {
    return ::testing::AssertionFailure() << "Keystone error fields wrong: " << response.body;
  }
  return ::testing::AssertionSuccess();
}

bool IsMillisTimestamp(std::string_view text) {
  static const std::regex pattern(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)");
  return Matches(text, pattern);
}

bool IsMicrosTimestamp(std::string_view text) {
  static const std::regex pattern(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)");
  return Matches(text, pattern);
}

std::string MillisTimestamp(Clock::TimePoint time) { return FormatUtc(time, 3); }

std::string MicrosTimestamp(Clock::TimePoint time) { return FormatUtc(time, 6); }

bool IsDecimalId(std::string_view text) {
  static const std::regex pattern("[1-9][0-9]{17}");
  return Matches(text, pattern);
}

bool IsHexId(std::string_view text) {
  static const std::regex pattern("[0-9a-f]{32}");
  return Matches(text, pattern);
}

}  // namespace wsapp::testing
