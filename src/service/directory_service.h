#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "domain/app_group.h"
#include "domain/authorization.h"
#include "domain/directory.h"
#include "service/request_context.h"
#include "store/store.h"

namespace wsapp::service {

// What CreateDesktopUser asks for, validated for form by the API layer. The service sets the
// user's id, project and creation time.
struct NewDirectoryUser {
  domain::DirectoryUser user;
  std::vector<std::string> group_ids;  // groups the user joins; each must exist
};

// D20: the directory account of the project that `account` names, as a copy of `account` whose
// `account` and `id` are the entry's name and id; std::nullopt when it names none. A USER is
// found by name when `id` is empty, else by id; a USER_GROUP always by id. A given id and name
// that do not name one account together name none. Callers that grant or revoke skip accounts
// that name none. Errors: kInvalidArgument for a USER_GROUP without id or an unknown
// account_type; the store's.
Result<std::optional<domain::AccountRef>> ResolveDirectoryAccount(
    store::UnitOfWork& unit, const std::string& project_id, const domain::AccountRef& account);

// Error of an unknown directory user or group (reason "directory_account_not_found", 404).
Error DirectoryAccountNotFound(const std::string& kind, const std::string& id);

// The end-user directory of each project: users, user groups and memberships. Every change is
// one unit of work with its audit record. Thread-safe.
class DirectoryService {
 public:
  explicit DirectoryService(store::Store& store);

  // Creates the user and its memberships; returns the new id. Errors: kAlreadyExists
  // (reason "duplicate_name") when the project has a user of that name; kNotFound (reason
  // "directory_account_not_found") for an unknown group in group_ids.
  Result<std::string> CreateUser(const RequestContext& context, NewDirectoryUser request);

  // Newest first, then id descending (D11); a negative page.limit lists every match.
  Result<domain::Page<domain::DirectoryUser>> ListUsers(const RequestContext& context,
                                                        const domain::DirectoryUserFilter& filter,
                                                        const domain::PageRequest& page);

  // Errors: kNotFound (reason "directory_account_not_found").
  Result<domain::DirectoryUser> ShowUser(const RequestContext& context,
                                         const std::string& user_id);

  // Deletes the user with its memberships and every authorization granted to it, atomically
  // with the audit record. Errors: kNotFound (reason "directory_account_not_found").
  Status DeleteUser(const RequestContext& context, const std::string& user_id);

  // Creates the group; returns the new id. Errors: kAlreadyExists (reason "duplicate_name")
  // when the project has a group of that name.
  Result<std::string> CreateGroup(const RequestContext& context, domain::DirectoryGroup group);

  // Newest first, then id descending (D11), each with its user_quantity.
  Result<domain::Page<domain::DirectoryGroup>> ListGroups(
      const RequestContext& context, const domain::DirectoryGroupFilter& filter,
      const domain::PageRequest& page);

  // Deletes the group with its memberships and every authorization granted to it, atomically
  // with the audit record. Errors: kNotFound (reason "directory_account_not_found").
  Status DeleteGroup(const RequestContext& context, const std::string& group_id);

  // The members of the group, newest first (D11); `filter.group_id` is ignored. Errors:
  // kNotFound (reason "directory_account_not_found") for an unknown group.
  Result<domain::Page<domain::DirectoryUser>> ListGroupUsers(
      const RequestContext& context, const std::string& group_id,
      domain::DirectoryUserFilter filter, const domain::PageRequest& page);

  // Adds the users to the group; members already in it stay. Errors: kNotFound (reason
  // "directory_account_not_found") for an unknown group or user, and then nothing changes.
  Status AddGroupUsers(const RequestContext& context, const std::string& group_id,
                       const std::vector<std::string>& user_ids);

  // Removes the users from the group; ids that are not members are skipped (D2). Errors:
  // kNotFound (reason "directory_account_not_found") for an unknown group.
  Status RemoveGroupUsers(const RequestContext& context, const std::string& group_id,
                          const std::vector<std::string>& user_ids);

 private:
  store::Store& store_;
};

}  // namespace wsapp::service
