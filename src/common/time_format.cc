#include "common/time_format.h"

#include <fmt/format.h>

#include <chrono>
#include <ctime>

namespace wsapp {
namespace {

// The calendar fields of a UTC time, from the standard library's civil calendar rather than
// gmtime_r, which takes glibc's time zone lock on every call (a list of ten apps formats ten
// times per request).
std::tm ToUtc(int64_t unix_seconds) {
  using namespace std::chrono;
  const sys_seconds at{seconds(unix_seconds)};
  const sys_days day = floor<days>(at);
  const year_month_day date(day);
  const hh_mm_ss<seconds> time(at - day);
  std::tm parts{};
  parts.tm_year = static_cast<int>(date.year()) - 1900;
  parts.tm_mon = static_cast<int>(static_cast<unsigned>(date.month())) - 1;
  parts.tm_mday = static_cast<int>(static_cast<unsigned>(date.day()));
  parts.tm_hour = static_cast<int>(time.hours().count());
  parts.tm_min = static_cast<int>(time.minutes().count());
  parts.tm_sec = static_cast<int>(time.seconds().count());
  return parts;
}

int64_t FloorDiv(int64_t value, int64_t divisor) {
  int64_t quotient = value / divisor;
  return (value % divisor < 0) ? quotient - 1 : quotient;
}

// The value of the `count` digits at `text[offset]`, or -1 when one is not a digit.
int ReadDigits(std::string_view text, size_t offset, size_t count) {
  int value = 0;
  for (size_t i = offset; i < offset + count; ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return -1;
    }
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
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
  const int year = parts.tm_year + 1900;
  const auto millis = static_cast<int>(unix_millis - seconds * 1000);
  if (year < 0 || year > 9999) {
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", year, parts.tm_mon + 1,
                       parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec, millis);
  }
  // The common case written digit by digit: a list formats one date per app, and fmt's
  // width handling cost more than the rest of an app's JSON.
  std::string text = "0000-00-00T00:00:00.000Z";
  auto put = [&text](size_t offset, size_t width, int value) {
    for (size_t i = offset + width; i > offset; --i) {
      text[i - 1] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  };
  put(0, 4, year);
  put(5, 2, parts.tm_mon + 1);
  put(8, 2, parts.tm_mday);
  put(11, 2, parts.tm_hour);
  put(14, 2, parts.tm_min);
  put(17, 2, parts.tm_sec);
  put(20, 3, millis);
  return text;
}

std::optional<int64_t> ParseMillisUtc(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS.mmmZ
  constexpr std::string_view kShape = "0000-00-00T00:00:00.000Z";
  if (text.size() != kShape.size()) {
    return std::nullopt;
  }
  for (size_t i = 0; i < kShape.size(); ++i) {
    if (kShape[i] != '0' && text[i] != kShape[i]) {
      return std::nullopt;
    }
  }
  int year = ReadDigits(text, 0, 4);
  int month = ReadDigits(text, 5, 2);
  int day = ReadDigits(text, 8, 2);
  int hour = ReadDigits(text, 11, 2);
  int minute = ReadDigits(text, 14, 2);
  int second = ReadDigits(text, 17, 2);
  int millis = ReadDigits(text, 20, 3);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month) ||
      hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 ||
      millis < 0) {
    return std::nullopt;
  }
  std::tm parts{};
  parts.tm_year = year - 1900;
  parts.tm_mon = month - 1;
  parts.tm_mday = day;
  parts.tm_hour = hour;
  parts.tm_min = minute;
  parts.tm_sec = second;
  return static_cast<int64_t>(timegm(&parts)) * 1000 + millis;
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
