#pragma once

#include <optional>
#include <string>

#include "common/result.h"
#include "domain/iam.h"
#include "service/request_context.h"
#include "store/store.h"

namespace wsapp::service {

// What UpdateGroupV5 changes; absent members stay.
struct IamGroupChange {
  std::optional<std::string> name;
  std::optional<std::string> description;
};

// IAM user groups of the caller's account and their members. Each change is one unit of work
// with its audit record. Thread-safe.
class IamGroupService {
 public:
  explicit IamGroupService(store::Store& store);

  // Errors: kAlreadyExists (reason "iam_entity_exists") on a taken name.
  Result<domain::IamGroup> CreateGroup(const RequestContext& context, const std::string& name,
                                       const std::string& description);
  // With filter.user_id, the groups of that user. Errors: kNotFound for an unknown user.
  Result<domain::MarkerPage<domain::IamGroup>> ListGroups(const RequestContext& context,
                                                          const domain::IamGroupFilter& filter,
                                                          const domain::MarkerPageRequest& page);
  // Errors: kNotFound (reason "iam_entity_not_found").
  Result<domain::IamGroup> ShowGroup(const RequestContext& context, const std::string& group_id);
  // Errors: kNotFound; kAlreadyExists on a taken name.
  Result<domain::IamGroup> UpdateGroup(const RequestContext& context, const std::string& group_id,
                                       const IamGroupChange& change);
  // Deletes the group, its memberships and its policy attachments. Errors: kNotFound.
  Status DeleteGroup(const RequestContext& context, const std::string& group_id);
  // Membership is idempotent: adding a member or removing a non-member succeeds. Errors:
  // kNotFound for an unknown group or user.
  Status AddUser(const RequestContext& context, const std::string& group_id,
                 const std::string& user_id);
  Status RemoveUser(const RequestContext& context, const std::string& group_id,
                    const std::string& user_id);

  // The name that the entity's URN carries (`iam::<account>:<type>:<name>`), or `id` itself
  // when the account has no such entity or the store fails: the route is then authorized on
  // the id and answers 404 afterwards (D3).
  std::string UrnName(const std::string& account_id, const std::string& id);

 private:
  store::Store& store_;
};

// The group `group_id` of the account. Errors: kNotFound (reason "iam_entity_not_found").
Result<domain::IamGroup> RequireIamGroup(store::UnitOfWork& unit, const std::string& account_id,
                                         const std::string& group_id);

}  // namespace wsapp::service
