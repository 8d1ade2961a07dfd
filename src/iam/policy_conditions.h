#pragma once

#include <optional>
#include <string>

#include "common/clock.h"
#include "iam/policy_document.h"

namespace wsapp::iam {

// The values of the global condition keys (D23) for one request. An absent key is nullopt; an
// empty string counts as absent too, so a caller that has no project (a domain-scoped token)
// cannot accidentally satisfy `StringEquals g:ProjectId ""`.
struct ConditionContext {
  std::optional<Clock::TimePoint> current_time;  // g:CurrentTime
  std::optional<std::string> user_id;            // g:UserId
  std::optional<std::string> user_name;          // g:UserName
  std::optional<std::string> domain_name;        // g:DomainName
  std::optional<std::string> project_id;         // g:ProjectId
  std::optional<std::string> project_name;       // g:ProjectName
  std::optional<std::string> source_ip;          // g:SourceIp
  std::optional<std::string> requested_region;   // g:RequestedRegion
};

// Whether one condition holds in `context`:
// - The condition's values are ORed: a positive operator holds when the context value matches
//   any of them; a negated one (StringNotEquals, StringNotEqualsIgnoreCase, StringNotLike,
//   NotIpAddress) when it matches none of them.
// - A missing key makes the condition false, except: with the IfExists suffix it is true; with
//   ForAllValues: it is true (every one of no values matches); Null holds when some value is
//   "true" and the key is absent, or "false" and the key is present.
// - The context is single-valued, so ForAnyValue:/ForAllValues: differ from the plain operator
//   only for a missing key.
// - String operators compare case-sensitively except the IgnoreCase ones; StringLike uses the
//   globs of policy_match.h. g:CurrentTime reads as `YYYY-MM-DDTHH:MM:SS.mmmZ` for them.
// - Number operators compare the context value read as a decimal number (false if it is not
//   one); Date operators compare g:CurrentTime; Bool compares ignoring case; IpAddress holds
//   when g:SourceIp lies in any listed network (an unparsable address lies in none).
// Requires: `condition` came from ParsePolicyDocument (its values have the right form).
bool ConditionHolds(const PolicyCondition& condition, const ConditionContext& context);

}  // namespace wsapp::iam
