#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "domain/iam.h"
#include "domain/identity.h"
#include "service/request_context.h"
#include "store/store.h"

namespace wsapp::service {

// Errors of unknown IAM entities (reason "iam_entity_not_found", 404) and of duplicate names
// (reason "iam_entity_exists", 409), shared by the IAM administration services.
Error IamNotFound(const std::string& kind, const std::string& id);
Error IamAlreadyExists(const std::string& kind, const std::string& name);

// The user `user_id` of the account. Errors: kNotFound (IamNotFound).
Result<domain::User> RequireIamUser(store::UnitOfWork& unit, const std::string& account_id,
                                    const std::string& user_id);

// What UpdateUserV5 changes; absent members stay.
struct IamUserChange {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<bool> is_enabled;
};

// What UpdateLoginProfileV5 changes; absent members stay.
struct LoginProfileChange {
  std::optional<std::string> password;
  std::optional<bool> password_reset_required;
};

// IAM users of the caller's account (context.account_id), their login profiles and access
// keys. Each change is one unit of work with its audit record. Thread-safe.
class IamUserService {
 public:
  explicit IamUserService(store::Store& store);

  // Creates an IAM user (not root) without password or keys. Errors: kAlreadyExists
  // (IamAlreadyExists) when the account has a user of that name.
  Result<domain::User> CreateUser(const RequestContext& context, const std::string& name,
                                  const std::string& description, bool is_enabled);
  Result<domain::MarkerPage<domain::User>> ListUsers(const RequestContext& context,
                                                     const domain::IamUserFilter& filter,
                                                     const domain::MarkerPageRequest& page);
  // Errors: kNotFound.
  Result<domain::User> ShowUser(const RequestContext& context, const std::string& user_id);
  // Disabling bumps the revocation counter, so the user's tokens stop at once (D16). Errors:
  // kNotFound; kAlreadyExists on a taken name; kInvalidArgument for disabling the root user.
  Result<domain::User> UpdateUser(const RequestContext& context, const std::string& user_id,
                                  const IamUserChange& change);
  // Deletes the user with its keys, login profile, memberships and attachments. Errors:
  // kNotFound; kInvalidArgument (reason "root_user") for the root user.
  Status DeleteUser(const RequestContext& context, const std::string& user_id);

  // Errors: kNotFound (user); kAlreadyExists when it has a login profile.
  Result<domain::LoginProfile> CreateLoginProfile(const RequestContext& context,
                                                  const std::string& user_id,
                                                  const std::string& password,
                                                  bool password_reset_required);
  // Errors: kNotFound (user or profile).
  Result<domain::LoginProfile> ShowLoginProfile(const RequestContext& context,
                                                const std::string& user_id);
  // A new password revokes the user's tokens (D16). Errors: kNotFound (user or profile).
  Result<domain::LoginProfile> UpdateLoginProfile(const RequestContext& context,
                                                  const std::string& user_id,
                                                  const LoginProfileChange& change);
  // Errors: kNotFound (user or profile).
  Status DeleteLoginProfile(const RequestContext& context, const std::string& user_id);

  // A new active key with its secret (shown once). Errors: kNotFound; kResourceExhausted
  // when the user has kMaxAccessKeysPerUser keys.
  Result<domain::AccessKey> CreateAccessKey(const RequestContext& context,
                                            const std::string& user_id);
  // Errors: kNotFound (user).
  Result<std::vector<domain::AccessKey>> ListAccessKeys(const RequestContext& context,
                                                        const std::string& user_id);
  // Errors: kNotFound (user or key).
  Result<domain::AccessKey> SetAccessKeyEnabled(const RequestContext& context,
                                                const std::string& user_id,
                                                const std::string& access_key, bool is_enabled);
  Status DeleteAccessKey(const RequestContext& context, const std::string& user_id,
                         const std::string& access_key);

  static constexpr size_t kMaxAccessKeysPerUser = 2;

  // The name that the entity's URN carries (`iam::<account>:<type>:<name>`), or `id` itself
  // when the account has no such entity or the store fails: the route is then authorized on
  // the id and answers 404 afterwards (D3).
  std::string UrnName(const std::string& account_id, const std::string& id);

 private:
  store::Store& store_;
};

}  // namespace wsapp::service
