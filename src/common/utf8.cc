#include "common/utf8.h"

#include <cstdint>

namespace wsapp {

size_t CountCodePoints(std::string_view text) {
  size_t count = 0;
  for (unsigned char c : text) {
    // Continuation bytes (10xxxxxx) do not start a code point.
    if ((c & 0xc0) != 0x80) {
      ++count;
    }
  }
  return count;
}

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t extra = 0;
    uint32_t code_point = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      extra = 1;
      code_point = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      extra = 2;
      code_point = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      extra = 3;
      code_point = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= text.size()) {
      return false;
    }
    for (size_t k = 1; k <= extra; ++k) {
      unsigned char next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xc0) != 0x80) {
        return false;
      }
      code_point = (code_point << 6) | (next & 0x3f);
    }
    static constexpr uint32_t kMinimum[] = {0, 0x80, 0x800, 0x10000};
    if (code_point < kMinimum[extra] || code_point > 0x10ffff ||
        (code_point >= 0xd800 && code_point <= 0xdfff)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

}  // namespace wsapp
