#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "common/result.h"
#include "domain/app_group.h"

namespace wsapp::api {

// Percent-decodes `text`; with `plus_is_space`, '+' decodes to a space (form decoding, D6).
// Errors: kInvalidArgument on a malformed escape.
Result<std::string> StrictPercentDecode(std::string_view text, bool plus_is_space);

// The decoded query parameters of a request. A repeated key keeps its first value.
class QueryParams {
 public:
  // Errors: kInvalidArgument on malformed escapes or invalid UTF-8.
  static Result<QueryParams> Parse(std::string_view raw_query);

  // Absent keys read as empty.
  std::string Get(const std::string& key) const;

  // A string of at most max_chars characters; absent gives "".
  Result<std::string> String(const std::string& key, size_t max_chars) const;
  // One of `allowed` or empty.
  Result<std::string> Enum(const std::string& key, std::initializer_list<std::string_view> allowed)
      const;
  // A decimal integer in [min, max]; absent gives fallback.
  Result<int64_t> Int(const std::string& key, int64_t min, int64_t max, int64_t fallback) const;
  // offset [0, 2^31-1] default 0 and limit [1, 100] default 10 (section 0.3).
  Result<domain::PageRequest> Page() const;

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace wsapp::api
