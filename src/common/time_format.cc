#include "common/time_format.h"

#include <fmt/format.h>

#include <ctime>

namespace wsapp {
namespace {

std::tm ToUtc(int64_t unix_seconds) {
  std::time_t seconds = static_cast<std::time_t>(unix_seconds);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  return parts;
}

int64_t FloorDiv(int64_t value, int64_t divisor) {
  int64_t quotient = value / divisor;
  return (value % divisor < 0) ? quotient - 1 : quotient;
}

}  // namespace

int64_t ToUnixMillis(Clock::TimePoint time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

Clock::TimePoint FromUnixMillis(int64_t millis) {
  return Clock::TimePoint(std::chrono::milliseconds(millis));
}

std::string FormatMillisUtc(int64_t unix_millis) {
  int64_t seconds = FloorDiv(unix_millis, 1000);
  std::tm parts = ToUtc(seconds);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", parts.tm_year + 1900,
                     parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec,
                     unix_millis - seconds * 1000);
}

std::string FormatMicrosUtc(Clock::TimePoint time) {
  int64_t micros =
      std::chrono::duration_cast<std::chrono::microseconds>(time.time_since_epoch()).count();
  int64_t seconds = FloorDiv(micros, 1000000);
  std::tm parts = ToUtc(seconds);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", parts.tm_year + 1900,
                     parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec,
                     micros - seconds * 1000000);
}

}  // namespace wsapp
