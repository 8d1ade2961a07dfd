#pragma once

#include <cstddef>
#include <string_view>

namespace wsapp {

// Number of Unicode code points in valid UTF-8 text: limits in the API count characters, not
// bytes. Requires: `text` is valid UTF-8 (the JSON parser has checked it).
size_t CountCodePoints(std::string_view text);

// True when `text` is well-formed UTF-8 without surrogates or overlong forms.
bool IsValidUtf8(std::string_view text);

}  // namespace wsapp
