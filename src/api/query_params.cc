#include "api/query_params.h"

#include <fmt/format.h>

#include <charconv>

#include "common/percent_encoding.h"
#include "common/utf8.h"

namespace wsapp::api {

Result<std::string> StrictPercentDecode(std::string_view text, bool plus_is_space) {
  bool is_well_formed = true;
  std::string decoded = PercentDecode(text, plus_is_space, &is_well_formed);
  if (!is_well_formed) {
    return InvalidArgument("malformed percent-encoding in the request target");
  }
  // No parameter takes U+0000, and PostgreSQL's text cannot hold it (docs/api.md).
  if (decoded.find('\0') != std::string::npos) {
    return InvalidArgument("%00 (U+0000) in the request target, which no parameter accepts");
  }
  return decoded;
}

Result<QueryParams> QueryParams::Parse(std::string_view raw_query) {
  QueryParams params;
  while (!raw_query.empty()) {
    size_t amp = raw_query.find('&');
    std::string_view pair = raw_query.substr(0, amp);
    raw_query = amp == std::string_view::npos ? std::string_view() : raw_query.substr(amp + 1);
    if (pair.empty()) {
      continue;
    }
    size_t eq = pair.find('=');
    WSAPP_ASSIGN_OR_RETURN(std::string key, StrictPercentDecode(pair.substr(0, eq), true));
    std::string value;
    if (eq != std::string_view::npos) {
      WSAPP_ASSIGN_OR_RETURN(value, StrictPercentDecode(pair.substr(eq + 1), true));
    }
    if (!IsValidUtf8(key) || !IsValidUtf8(value)) {
      return InvalidArgument("query parameters must be valid UTF-8");
    }
    params.values_.emplace(std::move(key), std::move(value));
  }
  return params;
}

std::string QueryParams::Get(const std::string& key) const {
  auto it = values_.find(key);
  return it == values_.end() ? std::string() : it->second;
}

Result<std::string> QueryParams::String(const std::string& key, size_t max_chars) const {
  std::string value = Get(key);
  if (CountCodePoints(value) > max_chars) {
    return InvalidArgument(fmt::format("{} must be at most {} characters long", key, max_chars));
  }
  return value;
}

Result<std::string> QueryParams::Enum(const std::string& key,
                                      std::initializer_list<std::string_view> allowed) const {
  std::string value = Get(key);
  if (value.empty()) {
    return value;
  }
  for (std::string_view option : allowed) {
    if (value == option) {
      return value;
    }
  }
  return InvalidArgument(
      fmt::format("{} must be empty or one of: {}", key, fmt::join(allowed, ", ")));
}

Result<int64_t> QueryParams::Int(const std::string& key, int64_t min, int64_t max,
                                 int64_t fallback) const {
  auto it = values_.find(key);
  if (it == values_.end()) {
    return fallback;
  }
  const std::string& text = it->second;
  int64_t number = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || number < min ||
      number > max) {
    return InvalidArgument(fmt::format("{} must be an integer between {} and {}", key, min, max));
  }
  return number;
}

Result<domain::PageRequest> QueryParams::Page() const {
  domain::PageRequest page;
  WSAPP_ASSIGN_OR_RETURN(page.limit, Int("limit", 1, 100, 10));
  WSAPP_ASSIGN_OR_RETURN(page.offset, Int("offset", 0, 2147483647, 0));
  return page;
}

}  // namespace wsapp::api
