#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace wsapp::api {

// Parses a request body as one JSON object. Rejects, with kInvalidArgument and reason
// "malformed_body": an empty body, invalid JSON, invalid UTF-8 or unpaired surrogates (RFC 8259
// §8, I-JSON), a value that is not an object, and duplicate member names at any depth (D4).
Result<nlohmann::json> ParseJsonObject(std::string_view body);

// Typed access to the members of a request object, producing precise messages that name the
// field (kInvalidArgument, reason "invalid_parameter"). A member whose value is null counts as
// absent. Lengths are in characters (code points), not bytes.
class JsonFields {
 public:
  // `prefix` is prepended to field names in messages, e.g. "items[2]." for nested objects.
  explicit JsonFields(const nlohmann::json& object, std::string prefix = {})
      : object_(object), prefix_(std::move(prefix)) {}

  bool Has(std::string_view name) const;

  Result<std::string> RequiredString(std::string_view name, size_t min_chars,
                                     size_t max_chars) const;
  Result<std::string> OptionalString(std::string_view name, size_t min_chars, size_t max_chars,
                                     std::string fallback = {}) const;
  // One of `allowed`; absent gives `fallback`.
  Result<std::string> OptionalEnum(std::string_view name, const std::vector<std::string>& allowed,
                                   std::string fallback) const;
  Result<std::string> RequiredEnum(std::string_view name,
                                   const std::vector<std::string>& allowed) const;
  Result<int64_t> RequiredInt(std::string_view name, int64_t min, int64_t max) const;
  Result<int64_t> OptionalInt(std::string_view name, int64_t min, int64_t max,
                              int64_t fallback) const;
  Result<bool> OptionalBool(std::string_view name, bool fallback) const;
  // An array of min_items..max_items strings, each min_chars..max_chars long.
  Result<std::vector<std::string>> RequiredStringArray(std::string_view name, size_t min_items,
                                                       size_t max_items, size_t min_chars,
                                                       size_t max_chars) const;
  Result<std::vector<std::string>> OptionalStringArray(std::string_view name, size_t min_items,
                                                       size_t max_items, size_t min_chars,
                                                       size_t max_chars) const;
  // An array of min_items..max_items objects.
  Result<std::vector<const nlohmann::json*>> RequiredObjectArray(std::string_view name,
                                                                 size_t min_items,
                                                                 size_t max_items) const;
  // An object, or nullptr when absent.
  Result<const nlohmann::json*> OptionalObject(std::string_view name) const;

  std::string FieldName(std::string_view name) const;

 private:
  const nlohmann::json* Find(std::string_view name) const;

  const nlohmann::json& object_;
  std::string prefix_;
};

}  // namespace wsapp::api
