#include "iam/policy_values.h"

#include <arpa/inet.h>

#include <charconv>
#include <chrono>
#include <cstring>
#include <string>

namespace wsapp::iam {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `count` digits at `pos`.
std::optional<int> ReadDigits(std::string_view text, size_t pos, size_t count) {
  if (pos + count > text.size()) {
    return std::nullopt;
  }
  int value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (!IsDigit(text[i])) {
      return std::nullopt;
    }
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

bool HasSeparators(std::string_view text) {
  return text.size() >= 20 && text[4] == '-' && text[7] == '-' && text[10] == 'T' &&
         text[13] == ':' && text[16] == ':';
}

// The fraction after the seconds and the closing 'Z', as milliseconds.
std::optional<int> ParseFractionAndZone(std::string_view rest) {
  if (rest == "Z") {
    return 0;
  }
  if (rest.size() < 3 || rest.front() != '.' || rest.back() != 'Z') {
    return std::nullopt;
  }
  std::string_view digits = rest.substr(1, rest.size() - 2);
  int millis = 0;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (!IsDigit(digits[i])) {
      return std::nullopt;
    }
    if (i < 3) {
      millis = millis * 10 + (digits[i] - '0');
    }
  }
  for (size_t i = digits.size(); i < 3; ++i) {
    millis *= 10;
  }
  return millis;
}

std::optional<IpNetwork> ParseAddressBytes(const std::string& text) {
  IpNetwork network;
  unsigned char v4[4];
  if (inet_pton(AF_INET, text.c_str(), v4) == 1) {
    network.bytes[10] = 0xff;
    network.bytes[11] = 0xff;
    std::memcpy(network.bytes.data() + 12, v4, 4);
    return network;
  }
  if (inet_pton(AF_INET6, text.c_str(), network.bytes.data()) == 1) {
    return network;
  }
  return std::nullopt;
}

bool IsIpv4Literal(const std::string& text) { return text.find(':') == std::string::npos; }

}  // namespace

std::optional<int64_t> ParseUtcInstantMillis(std::string_view text) {
  if (!HasSeparators(text)) {
    return std::nullopt;
  }
  auto year = ReadDigits(text, 0, 4);
  auto month = ReadDigits(text, 5, 2);
  auto day = ReadDigits(text, 8, 2);
  auto hour = ReadDigits(text, 11, 2);
  auto minute = ReadDigits(text, 14, 2);
  auto second = ReadDigits(text, 17, 2);
  auto millis = ParseFractionAndZone(text.substr(19));
  if (!year || !month || !day || !hour || !minute || !second || !millis) {
    return std::nullopt;
  }
  std::chrono::year_month_day date{std::chrono::year(*year),
                                   std::chrono::month(static_cast<unsigned>(*month)),
                                   std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok() || *hour > 23 || *minute > 59 || *second > 59) {
    return std::nullopt;
  }
  int64_t days = std::chrono::sys_days(date).time_since_epoch().count();
  int64_t seconds = days * 86400 + *hour * 3600 + *minute * 60 + *second;
  return seconds * 1000 + *millis;
}

std::optional<double> ParseDecimalNumber(std::string_view text) {
  size_t pos = (!text.empty() && text[0] == '-') ? 1 : 0;
  size_t integer_digits = 0;
  while (pos < text.size() && IsDigit(text[pos])) {
    ++pos;
    ++integer_digits;
  }
  if (integer_digits == 0) {
    return std::nullopt;
  }
  if (pos < text.size() && text[pos] == '.') {
    size_t fraction_start = ++pos;
    while (pos < text.size() && IsDigit(text[pos])) {
      ++pos;
    }
    if (pos == fraction_start) {
      return std::nullopt;
    }
  }
  if (pos != text.size()) {
    return std::nullopt;
  }
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

std::optional<IpNetwork> ParseIpAddress(std::string_view text) {
  // inet_pton needs a terminated string; the copy also keeps embedded NULs from truncating it.
  std::string copy(text);
  if (copy.size() != std::strlen(copy.c_str())) {
    return std::nullopt;
  }
  return ParseAddressBytes(copy);
}

std::optional<IpNetwork> ParseIpNetwork(std::string_view text) {
  size_t slash = text.find('/');
  std::optional<IpNetwork> network = ParseIpAddress(text.substr(0, slash));
  if (!network || slash == std::string_view::npos) {
    return network;
  }
  std::string_view prefix = text.substr(slash + 1);
  if (prefix.empty() || prefix.size() > 3 || (prefix.size() > 1 && prefix[0] == '0')) {
    return std::nullopt;
  }
  int bits = 0;
  for (char c : prefix) {
    if (!IsDigit(c)) {
      return std::nullopt;
    }
    bits = bits * 10 + (c - '0');
  }
  bool is_v4 = IsIpv4Literal(std::string(text.substr(0, slash)));
  int max_bits = is_v4 ? 32 : 128;
  if (bits > max_bits) {
    return std::nullopt;
  }
  network->prefix_bits = is_v4 ? bits + 96 : bits;
  return network;
}

bool NetworkContains(const IpNetwork& network, const IpNetwork& address) {
  int remaining = network.prefix_bits;
  for (size_t i = 0; i < network.bytes.size() && remaining > 0; ++i, remaining -= 8) {
    int bits = remaining >= 8 ? 8 : remaining;
    uint8_t mask = static_cast<uint8_t>(0xff << (8 - bits));
    if ((network.bytes[i] & mask) != (address.bytes[i] & mask)) {
      return false;
    }
  }
  return true;
}

}  // namespace wsapp::iam
