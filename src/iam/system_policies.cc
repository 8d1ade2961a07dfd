#include "iam/system_policies.h"

#include <cassert>
#include <utility>

namespace wsapp::iam {
namespace {

constexpr char kFullAccessId[] = "00000000000000000000000000000001";
constexpr char kReadOnlyAccessId[] = "00000000000000000000000000000002";

constexpr char kFullAccessDocument[] = R"({
  "Version": "5.0",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["workspace:*:*"]
    }
  ]
})";

constexpr char kReadOnlyAccessDocument[] = R"({
  "Version": "5.0",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "workspace:*:get*",
        "workspace:*:list*",
        "workspace:*:show*",
        "workspace:*:check*"
      ]
    }
  ]
})";

SystemPolicy Build(std::string id, std::string name, std::string description,
                   std::string document_text) {
  Result<PolicyDocument> parsed = ParsePolicyDocument(document_text, PolicyLanguage::kIdentityV5);
  // The texts are constants of this file; the unit tests parse them, so failing here is a bug.
  assert(parsed.ok());
  SystemPolicy system;
  system.policy.policy_id = std::move(id);
  system.policy.name = std::move(name);
  system.policy.document = std::move(parsed).value();
  system.description = std::move(description);
  system.document_text = std::move(document_text);
  return system;
}

}  // namespace

const std::vector<SystemPolicy>& SystemPolicies() {
  static const std::vector<SystemPolicy>* policies = new std::vector<SystemPolicy>{
      Build(kFullAccessId, kWorkspaceAppFullAccess, "All operations of Workspace App.",
            kFullAccessDocument),
      Build(kReadOnlyAccessId, kWorkspaceAppReadOnlyAccess,
            "Read-only access to Workspace App: get, list, show and check operations.",
            kReadOnlyAccessDocument),
  };
  return *policies;
}

const SystemPolicy* FindSystemPolicy(std::string_view name) {
  for (const SystemPolicy& system : SystemPolicies()) {
    if (system.policy.name == name) {
      return &system;
    }
  }
  return nullptr;
}

}  // namespace wsapp::iam
