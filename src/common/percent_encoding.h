#pragma once

#include <string>
#include <string_view>

namespace wsapp {

// Decodes %XX escapes, and '+' as a space when `plus_is_space` (form decoding, D6). A '%' that
// does not start a valid escape is kept literally and sets `*is_well_formed` to false (when not
// null), so lenient callers get the SDKs' unquote behaviour and strict callers can refuse.
std::string PercentDecode(std::string_view text, bool plus_is_space,
                          bool* is_well_formed = nullptr);

// Encodes every byte outside A-Z a-z 0-9 - _ . ~ as %XX with upper-case hex, as the SDK
// signers do.
std::string PercentEncodeUnreserved(std::string_view text);

}  // namespace wsapp
