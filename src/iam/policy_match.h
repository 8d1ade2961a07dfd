#pragma once

#include <string_view>

namespace wsapp::iam {

// Pattern matching of D9. A pattern is a glob over the whole string: `*` matches any run of
// characters (also empty, also across ':'), `?` exactly one character (one UTF-8 code point);
// every other character matches itself. Runs in O(pattern * text) time at worst, without
// recursion, so hostile patterns cannot exhaust the stack.

// Case-sensitive glob, as resources and StringLike compare.
bool GlobMatches(std::string_view pattern, std::string_view text);

// An action pattern against a requested action such as "workspace:app:unpublish". Characters
// of the action's service part (before its first ':') must match exactly; the resource type and
// verb match ignoring ASCII case, so `workspace:APP:Unpublish` matches (fault case C11).
bool ActionPatternMatches(std::string_view pattern, std::string_view action);

// A resource pattern against a resource URN, case-sensitively.
bool ResourcePatternMatches(std::string_view pattern, std::string_view resource);

}  // namespace wsapp::iam
