#include "api/json_body.h"

#include <fmt/format.h>

#include <set>
#include <vector>

#include "common/duplicate_member_check.h"
#include "common/utf8.h"
#include "domain/validation.h"

namespace wsapp::api {
namespace {

Error MalformedBody(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message), "malformed_body");
}

const char* TypeName(const nlohmann::json& value) { return value.type_name(); }

}  // namespace

Result<nlohmann::json> ParseJsonObject(std::string_view body) {
  if (body.empty()) {
    return MalformedBody("The request body is empty; a JSON object is required.");
  }
  // nlohmann rejects invalid UTF-8 and unpaired surrogate escapes itself; the explicit check
  // also covers bytes it would only see inside strings.
  if (!IsValidUtf8(body)) {
    return MalformedBody("The request body is not valid UTF-8.");
  }
  DuplicateMemberCheck duplicates;
  bool has_nul = false;
  nlohmann::json parsed = nlohmann::json::parse(
      body.begin(), body.end(),
      [&duplicates, &has_nul](int depth, nlohmann::json::parse_event_t event,
                              nlohmann::json& value) {
        if (value.is_string() &&
            value.get_ref<const std::string&>().find('\0') != std::string::npos) {
          has_nul = true;
        }
        return duplicates(depth, event, value);
      },
      /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return MalformedBody("The request body is not valid JSON.");
  }
  // No field takes U+0000, and PostgreSQL's text cannot hold it: refused for both backends
  // alike, member names included (docs/api.md).
  if (has_nul) {
    return MalformedBody(
        "The request body has a string with the character U+0000 (\\u0000), which no field "
        "accepts.");
  }
  if (!duplicates.duplicate().empty()) {
    return MalformedBody(fmt::format("The request body has the member \"{}\" more than once.",
                                     duplicates.duplicate()));
  }
  if (!parsed.is_object()) {
    return MalformedBody(
        fmt::format("The request body must be a JSON object, not {}.", TypeName(parsed)));
  }
  return parsed;
}

std::string JsonFields::FieldName(std::string_view name) const {
  return prefix_ + std::string(name);
}

const nlohmann::json* JsonFields::Find(std::string_view name) const {
  auto it = object_.find(name);
  if (it == object_.end() || it->is_null()) {
    return nullptr;
  }
  return &*it;
}

bool JsonFields::Has(std::string_view name) const { return Find(name) != nullptr; }

Result<std::string> JsonFields::RequiredString(std::string_view name, size_t min_chars,
                                               size_t max_chars) const {
  if (!Has(name)) {
    return InvalidArgument(FieldName(name) + " is required");
  }
  return OptionalString(name, min_chars, max_chars);
}

Result<std::string> JsonFields::OptionalString(std::string_view name, size_t min_chars,
                                               size_t max_chars, std::string fallback) const {
  const nlohmann::json* value = Find(name);
  if (value == nullptr) {
    return fallback;
  }
  if (!value->is_string()) {
    return InvalidArgument(
        fmt::format("{} must be a string, not {}", FieldName(name), TypeName(*value)));
  }
  const std::string& text = value->get_ref<const std::string&>();
  WSAPP_RETURN_IF_ERROR(domain::ValidateLength(FieldName(name), text, min_chars, max_chars));
  return text;
}

Result<std::string> JsonFields::OptionalEnum(std::string_view name,
                                             const std::vector<std::string>& allowed,
                                             std::string fallback) const {
  WSAPP_ASSIGN_OR_RETURN(std::string value, OptionalString(name, 0, 1024, fallback));
  for (const std::string& option : allowed) {
    if (value == option) {
      return value;
    }
  }
  return InvalidArgument(
      fmt::format("{} must be one of: {}", FieldName(name), fmt::join(allowed, ", ")));
}

Result<std::string> JsonFields::RequiredEnum(std::string_view name,
                                             const std::vector<std::string>& allowed) const {
  if (!Has(name)) {
    return InvalidArgument(FieldName(name) + " is required");
  }
  return OptionalEnum(name, allowed, {});
}

Result<int64_t> JsonFields::RequiredInt(std::string_view name, int64_t min, int64_t max) const {
  if (!Has(name)) {
    return InvalidArgument(FieldName(name) + " is required");
  }
  return OptionalInt(name, min, max, min);
}

Result<int64_t> JsonFields::OptionalInt(std::string_view name, int64_t min, int64_t max,
                                        int64_t fallback) const {
  const nlohmann::json* value = Find(name);
  if (value == nullptr) {
    return fallback;
  }
  if (!value->is_number_integer()) {
    return InvalidArgument(
        fmt::format("{} must be an integer, not {}", FieldName(name), TypeName(*value)));
  }
  // Unsigned values above int64's range cannot be in any range this API uses.
  if (value->is_number_unsigned() && value->get<uint64_t>() > uint64_t(INT64_MAX)) {
    return InvalidArgument(fmt::format("{} must be between {} and {}", FieldName(name), min, max));
  }
  int64_t number = value->get<int64_t>();
  if (number < min || number > max) {
    return InvalidArgument(fmt::format("{} must be between {} and {}", FieldName(name), min, max));
  }
  return number;
}

Result<bool> JsonFields::OptionalBool(std::string_view name, bool fallback) const {
  const nlohmann::json* value = Find(name);
  if (value == nullptr) {
    return fallback;
  }
  if (!value->is_boolean()) {
    return InvalidArgument(
        fmt::format("{} must be a boolean, not {}", FieldName(name), TypeName(*value)));
  }
  return value->get<bool>();
}

Result<std::vector<std::string>> JsonFields::RequiredStringArray(std::string_view name,
                                                                 size_t min_items, size_t max_items,
                                                                 size_t min_chars,
                                                                 size_t max_chars) const {
  if (!Has(name)) {
    return InvalidArgument(FieldName(name) + " is required");
  }
  return OptionalStringArray(name, min_items, max_items, min_chars, max_chars);
}

Result<std::vector<std::string>> JsonFields::OptionalStringArray(std::string_view name,
                                                                 size_t min_items, size_t max_items,
                                                                 size_t min_chars,
                                                                 size_t max_chars) const {
  const nlohmann::json* value = Find(name);
  if (value == nullptr) {
    return std::vector<std::string>();
  }
  if (!value->is_array()) {
    return InvalidArgument(
        fmt::format("{} must be an array, not {}", FieldName(name), TypeName(*value)));
  }
  if (value->size() < min_items || value->size() > max_items) {
    return InvalidArgument(fmt::format("{} must have {} to {} items, got {}", FieldName(name),
                                       min_items, max_items, value->size()));
  }
  std::vector<std::string> items;
  items.reserve(value->size());
  for (size_t i = 0; i < value->size(); ++i) {
    const nlohmann::json& item = (*value)[i];
    std::string item_name = fmt::format("{}[{}]", FieldName(name), i);
    if (!item.is_string()) {
      return InvalidArgument(fmt::format("{} must be a string, not {}", item_name, TypeName(item)));
    }
    const std::string& text = item.get_ref<const std::string&>();
    WSAPP_RETURN_IF_ERROR(domain::ValidateLength(item_name, text, min_chars, max_chars));
    items.push_back(text);
  }
  return items;
}

Result<std::vector<const nlohmann::json*>> JsonFields::RequiredObjectArray(std::string_view name,
                                                                           size_t min_items,
                                                                           size_t max_items) const {
  const nlohmann::json* value = Find(name);
  if (value == nullptr) {
    return InvalidArgument(FieldName(name) + " is required");
  }
  if (!value->is_array()) {
    return InvalidArgument(
        fmt::format("{} must be an array, not {}", FieldName(name), TypeName(*value)));
  }
  if (value->size() < min_items || value->size() > max_items) {
    return InvalidArgument(fmt::format("{} must have {} to {} items, got {}", FieldName(name),
                                       min_items, max_items, value->size()));
  }
  std::vector<const nlohmann::json*> items;
  for (size_t i = 0; i < value->size(); ++i) {
    if (!(*value)[i].is_object()) {
      return InvalidArgument(fmt::format("{}[{}] must be an object, not {}", FieldName(name), i,
                                         TypeName((*value)[i])));
    }
    items.push_back(&(*value)[i]);
  }
  return items;
}

Result<const nlohmann::json*> JsonFields::OptionalObject(std::string_view name) const {
  const nlohmann::json* value = Find(name);
  if (value != nullptr && !value->is_object()) {
    return InvalidArgument(
        fmt::format("{} must be an object, not {}", FieldName(name), TypeName(*value)));
  }
  return value;
}

}  // namespace wsapp::api
