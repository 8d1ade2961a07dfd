#pragma once

#include <cstdint>
#include <string>

#include "common/clock.h"

namespace wsapp {

// Milliseconds since the Unix epoch.
int64_t ToUnixMillis(Clock::TimePoint time);
Clock::TimePoint FromUnixMillis(int64_t millis);

// `YYYY-MM-DDTHH:MM:SS.mmmZ` in UTC (D14).
std::string FormatMillisUtc(int64_t unix_millis);

// `YYYY-MM-DDTHH:MM:SS.ffffffZ` in UTC, as Keystone token bodies carry (D14).
std::string FormatMicrosUtc(Clock::TimePoint time);

}  // namespace wsapp
