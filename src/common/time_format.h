#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"

namespace wsapp {

// Milliseconds since the Unix epoch.
int64_t ToUnixMillis(Clock::TimePoint time);
Clock::TimePoint FromUnixMillis(int64_t millis);

// `YYYY-MM-DDTHH:MM:SS.mmmZ` in UTC (D14).
std::string FormatMillisUtc(int64_t unix_millis);

// The Unix milliseconds of `text` in exactly the form FormatMillisUtc writes (D14), with a
// real calendar date and time (no leap second); std::nullopt for anything else.
std::optional<int64_t> ParseMillisUtc(std::string_view text);

// `YYYY-MM-DDTHH:MM:SS.ffffffZ` in UTC, as Keystone token bodies carry (D14).
std::string FormatMicrosUtc(Clock::TimePoint time);

}  // namespace wsapp
