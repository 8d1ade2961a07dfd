#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace wsapp::domain {

// Naming rules of the reference. Each returns kInvalidArgument naming `field` in the message.

// App-group names: 1 to 64 characters, each an ASCII letter, digit, '_', '-', or a CJK
// ideograph U+4E00..U+9FA5 (the vendor's pattern, read as a full match).
Status ValidateAppGroupName(std::string_view field, std::string_view name);

// App names: 1 to 64 visible characters or spaces, not all spaces, and none of ^ ; | ~ ` { } [ ]
// < > (the PublishApp description's list).
Status ValidateAppName(std::string_view field, std::string_view name);

// A string whose length in characters lies in [min_chars, max_chars].
Status ValidateLength(std::string_view field, std::string_view value, size_t min_chars,
                      size_t max_chars);

}  // namespace wsapp::domain
