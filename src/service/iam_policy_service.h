#pragma once

#include <string>

#include "common/result.h"
#include "domain/iam.h"
#include "service/request_context.h"
#include "store/store.h"

namespace wsapp::service {

// What CreatePolicyV5 asks for. Requires: `document` was validated by the API layer
// (iam::ParsePolicyDocument), so the service stores it as given.
struct NewIamPolicy {
  std::string name;
  std::string path;
  std::string description;
  std::string document;
};

// Identity policies (v5) of the caller's account, the system policies of D23, and their
// attachments to users and groups. Each change is one unit of work with its audit record.
// Thread-safe.
class IamPolicyService {
 public:
  explicit IamPolicyService(store::Store& store);

  // A custom policy with version v1. Errors: kAlreadyExists (reason "iam_entity_exists").
  Result<domain::IamPolicy> CreatePolicy(const RequestContext& context, NewIamPolicy request);
  Result<domain::MarkerPage<domain::IamPolicy>> ListPolicies(const RequestContext& context,
                                                             const domain::IamPolicyFilter& filter,
                                                             const domain::MarkerPageRequest& page);
  // Errors: kNotFound (reason "iam_entity_not_found").
  Result<domain::IamPolicy> GetPolicy(const RequestContext& context, const std::string& policy_id);
  // The policy's document as version `version_id` (only v1 exists). Errors: kNotFound.
  Result<domain::IamPolicy> GetPolicyVersion(const RequestContext& context,
                                             const std::string& policy_id,
                                             const std::string& version_id);
  // Errors: kNotFound; kInvalidArgument (reason "system_policy") for a system policy;
  // kFailedPrecondition (reason "policy_attached") while it is attached.
  Status DeletePolicy(const RequestContext& context, const std::string& policy_id);
  // Attaches or detaches the policy for a user (principal_type kPrincipalUser) or group of the
  // account. Attaching twice succeeds; detaching what is not attached is kNotFound. Errors:
  // kNotFound for an unknown policy, user or group.
  Status Attach(const RequestContext& context, const std::string& policy_id,
                const std::string& principal_type, const std::string& principal_id);
  Status Detach(const RequestContext& context, const std::string& policy_id,
                const std::string& principal_type, const std::string& principal_id);
  // The policies attached to the user or group itself. Errors: kNotFound for an unknown one.
  Result<domain::MarkerPage<domain::AttachedPolicy>> ListAttached(
      const RequestContext& context, const std::string& principal_type,
      const std::string& principal_id, const domain::MarkerPageRequest& page);

  // The name that the entity's URN carries (`iam::<account>:<type>:<name>`), or `id` itself
  // when the account has no such entity or the store fails: the route is then authorized on
  // the id and answers 404 afterwards (D3).
  std::string UrnName(const std::string& account_id, const std::string& id);

 private:
  store::Store& store_;
};

}  // namespace wsapp::service
