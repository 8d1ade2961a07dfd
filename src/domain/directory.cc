#include "domain/directory.h"

#include <fmt/format.h>

#include <chrono>

#include "domain/validation.h"

namespace wsapp::domain {
namespace {

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The local part of the vendor's e-mail pattern: `[0-9a-zA-Z_]+`, or a letter or digit, any of
// `[_.0-9a-zA-Z-]`, and a letter or digit.
bool IsEmailLocalPart(std::string_view local) {
  if (local.empty()) {
    return false;
  }
  bool is_word = true;
  for (char c : local) {
    is_word = is_word && (IsAsciiAlnum(c) || c == '_');
  }
  if (is_word) {
    return true;
  }
  if (local.size() < 2 || !IsAsciiAlnum(local.front()) || !IsAsciiAlnum(local.back())) {
    return false;
  }
  for (char c : local) {
    if (!IsAsciiAlnum(c) && c != '_' && c != '.' && c != '-') {
      return false;
    }
  }
  return true;
}

// The domain part: one or more labels of `[a-zA-Z0-9-_]` each followed by '.', then a label of
// letters and digits.
bool IsEmailDomain(std::string_view domain) {
  size_t last_dot = domain.rfind('.');
  if (last_dot == std::string_view::npos || last_dot + 1 == domain.size()) {
    return false;
  }
  for (char c : domain.substr(last_dot + 1)) {
    if (!IsAsciiAlnum(c)) {
      return false;
    }
  }
  char previous = '.';
  for (char c : domain.substr(0, last_dot + 1)) {
    if (c == '.' && previous == '.') {
      return false;
    }
    if (c != '.' && !IsAsciiAlnum(c) && c != '-' && c != '_') {
      return false;
    }
    previous = c;
  }
  return true;
}

// Reads `count` digits at text[at]; -1 when any is not a digit.
int ReadNumber(std::string_view text, size_t at, size_t count) {
  int value = 0;
  for (size_t i = at; i < at + count; ++i) {
    if (!IsDigit(text[i])) {
      return -1;
    }
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

Status ValidateDirectoryUserName(std::string_view field, std::string_view name) {
  WSAPP_RETURN_IF_ERROR(ValidateLength(field, name, 1, 32));
  for (char c : name) {
    if (!IsAsciiAlnum(c) && c != '.' && c != '_' && c != '-') {
      return InvalidArgument(
          fmt::format("{} may contain only letters, digits, '.', '_' and '-'", field));
    }
  }
  if (!IsAsciiAlnum(name.front())) {
    return InvalidArgument(fmt::format("{} must start with a letter or a digit", field));
  }
  if (name.size() > 1 && !IsAsciiAlnum(name.back()) && name.back() != '-') {
    return InvalidArgument(fmt::format("{} must end with a letter, a digit or '-'", field));
  }
  return OkStatus();
}

Status ValidateEmail(std::string_view field, std::string_view email) {
  size_t at = email.find('@');
  if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos ||
      !IsEmailLocalPart(email.substr(0, at)) || !IsEmailDomain(email.substr(at + 1))) {
    return InvalidArgument(fmt::format("{} must be an e-mail address such as name@example.com",
                                       field));
  }
  return OkStatus();
}

Result<int64_t> ParseAccountExpires(std::string_view field, std::string_view text) {
  if (text == "0") {
    return int64_t{0};
  }
  auto invalid = [&] {
    return InvalidArgument(fmt::format(
        "{} must be 0 or a UTC time such as 2030-01-31T23:59:59Z or 2030-01-31T23:59:59.000Z",
        field));
  };
  bool has_millis = text.size() == 24;
  if ((text.size() != 20 && !has_millis) || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
      text[13] != ':' || text[16] != ':' || text.back() != 'Z' || (has_millis && text[19] != '.')) {
    return invalid();
  }
  int year = ReadNumber(text, 0, 4);
  int month = ReadNumber(text, 5, 2);
  int day = ReadNumber(text, 8, 2);
  int hour = ReadNumber(text, 11, 2);
  int minute = ReadNumber(text, 14, 2);
  int second = ReadNumber(text, 17, 2);
  int millis = has_millis ? ReadNumber(text, 20, 3) : 0;
  std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(month),
                                   std::chrono::day(day)};
  if (year < 1970 || millis < 0 || !date.ok() || hour < 0 || hour > 23 || minute < 0 ||
      minute > 59 || second < 0 || second > 59) {
    return invalid();
  }
  auto time = std::chrono::sys_days(date) + std::chrono::hours(hour) +
              std::chrono::minutes(minute) + std::chrono::seconds(second) +
              std::chrono::milliseconds(millis);
  return static_cast<int64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count());
}

}  // namespace wsapp::domain
