#include "iam/policy_match.h"

namespace wsapp::iam {
namespace {

char FoldAscii(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

// Bytes in the UTF-8 sequence that `lead` starts; 1 for anything malformed, so a bad byte is
// one character rather than a reason to stop.
size_t SequenceLength(unsigned char lead) {
  if (lead >= 0xf0 && lead < 0xf8) {
    return 4;
  }
  if (lead >= 0xe0) {
    return lead < 0xf0 ? 3 : 1;
  }
  if (lead >= 0xc0) {
    return 2;
  }
  return 1;
}

size_t NextCharacter(std::string_view text, size_t pos) {
  size_t next = pos + SequenceLength(static_cast<unsigned char>(text[pos]));
  return next > text.size() ? text.size() : next;
}

// The classic single-backtrack wildcard match. `equal(pattern_char, text_index)` decides a
// literal; positions only ever advance by whole characters, so `?` never splits one.
template <typename Equal>
bool Glob(std::string_view pattern, std::string_view text, Equal equal) {
  constexpr size_t kNone = std::string_view::npos;
  size_t p = 0;
  size_t t = 0;
  size_t star = kNone;
  size_t star_text = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_text = t;
    } else if (p < pattern.size() && pattern[p] == '?') {
      ++p;
      t = NextCharacter(text, t);
    } else if (p < pattern.size() && equal(pattern[p], t)) {
      ++p;
      ++t;
    } else if (star != kNone) {
      p = star + 1;
      star_text = NextCharacter(text, star_text);
      t = star_text;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

}  // namespace

bool GlobMatches(std::string_view pattern, std::string_view text) {
  return Glob(pattern, text, [text](char c, size_t t) { return c == text[t]; });
}

bool ActionPatternMatches(std::string_view pattern, std::string_view action) {
  size_t service_end = action.find(':');
  if (service_end == std::string_view::npos) {
    service_end = action.size();
  }
  return Glob(pattern, action, [action, service_end](char c, size_t t) {
    return t < service_end ? c == action[t] : FoldAscii(c) == FoldAscii(action[t]);
  });
}

bool ResourcePatternMatches(std::string_view pattern, std::string_view resource) {
  return GlobMatches(pattern, resource);
}

}  // namespace wsapp::iam
