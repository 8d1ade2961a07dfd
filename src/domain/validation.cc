#include "domain/validation.h"

#include <fmt/format.h>

#include "common/utf8.h"

namespace wsapp::domain {
namespace {

// Decodes the code point at text[i] and advances i. Requires: valid UTF-8.
uint32_t NextCodePoint(std::string_view text, size_t& i) {
  unsigned char lead = static_cast<unsigned char>(text[i++]);
  if (lead < 0x80) {
    return lead;
  }
  int extra = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : 1;
  uint32_t code_point = lead & (0x3f >> extra);
  for (int k = 0; k < extra && i < text.size(); ++k) {
    code_point = (code_point << 6) | (static_cast<unsigned char>(text[i++]) & 0x3f);
  }
  return code_point;
}

bool IsAppGroupNameChar(uint32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || (c >= 0x4e00 && c <= 0x9fa5);
}

// Java's \s, which the vendor's \S excludes.
bool IsJavaWhitespace(uint32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
}

bool IsForbiddenInAppName(uint32_t c) {
  static constexpr std::string_view kForbidden = "^;|~`{}[]<>";
  return c < 0x80 && kForbidden.find(static_cast<char>(c)) != std::string_view::npos;
}

}  // namespace

Status ValidateLength(std::string_view field, std::string_view value, size_t min_chars,
                      size_t max_chars) {
  size_t length = CountCodePoints(value);
  if (length < min_chars || length > max_chars) {
    return InvalidArgument(fmt::format("{} must be {} to {} characters long, got {}", field,
                                       min_chars, max_chars, length));
  }
  return OkStatus();
}

Status ValidateAppGroupName(std::string_view field, std::string_view name) {
  WSAPP_RETURN_IF_ERROR(ValidateLength(field, name, 1, 64));
  for (size_t i = 0; i < name.size();) {
    if (!IsAppGroupNameChar(NextCodePoint(name, i))) {
      return InvalidArgument(fmt::format(
          "{} may contain only letters, digits, '_', '-' and Chinese characters", field));
    }
  }
  return OkStatus();
}

Status ValidateAppName(std::string_view field, std::string_view name) {
  WSAPP_RETURN_IF_ERROR(ValidateLength(field, name, 1, 64));
  bool all_spaces = true;
  for (size_t i = 0; i < name.size();) {
    uint32_t c = NextCodePoint(name, i);
    if (c != ' ' && IsJavaWhitespace(c)) {
      return InvalidArgument(fmt::format("{} must not contain tabs or line breaks", field));
    }
    if (IsForbiddenInAppName(c)) {
      return InvalidArgument(
          fmt::format("{} must not contain any of the characters ^ ; | ~ ` {{ }} [ ] < >", field));
    }
    all_spaces = all_spaces && c == ' ';
  }
  if (all_spaces) {
    return InvalidArgument(fmt::format("{} must not consist of spaces only", field));
  }
  return OkStatus();
}

}  // namespace wsapp::domain
