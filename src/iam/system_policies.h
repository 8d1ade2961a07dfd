#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "iam/policy_engine.h"

namespace wsapp::iam {

inline constexpr char kWorkspaceAppFullAccess[] = "WorkspaceApp FullAccess";
inline constexpr char kWorkspaceAppReadOnlyAccess[] = "WorkspaceApp ReadOnlyAccess";

// A policy the server ships (D23): attachable like a custom policy, never editable.
struct SystemPolicy {
  Policy policy;              // identity policy, Version "5.0"
  std::string description;    // one line for listings
  std::string document_text;  // the JSON that `policy.document` was parsed from
};

// The system policies, in a fixed order: "WorkspaceApp FullAccess" (workspace:*:*) and
// "WorkspaceApp ReadOnlyAccess" (workspace:*:get*, list*, show*, check*). Their policy ids are
// fixed 32-hex values that no generated id can take (generated ids are random). Built once, on
// first use; the reference stays valid for the life of the process. Thread-safe.
const std::vector<SystemPolicy>& SystemPolicies();

// The system policy named `name` (exact match), or nullptr.
const SystemPolicy* FindSystemPolicy(std::string_view name);

}  // namespace wsapp::iam
