#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/password.h"
#include "common/result.h"
#include "domain/app.h"
#include "domain/app_group.h"
#include "domain/app_icon.h"
#include "domain/audit.h"
#include "domain/authorization.h"
#include "domain/directory.h"
#include "domain/iam.h"
#include "domain/identity.h"
#include "domain/server_group.h"

namespace wsapp::store {

// What UnpublishApps removed: the apps that were published in the group, and the app-level
// authorizations that went with them.
struct UnpublishResult {
  std::vector<std::string> removed_app_ids;
  std::vector<domain::Authorization> removed_authorizations;
};

// One transaction. Destroying a unit that was not committed rolls it back. A unit is used by one
// thread at a time. Every method may also fail with kUnavailable (database busy or gone) or
// kInternal; only the other codes are listed below.
class UnitOfWork {
 public:
  virtual ~UnitOfWork() = default;

  // Makes every change of the unit durable, or none. The unit is finished either way.
  virtual Status Commit() = 0;

  // Deployment settings (region, ...). Absent keys are std::nullopt.
  virtual Result<std::optional<std::string>> GetSetting(const std::string& key) = 0;
  virtual Status PutSetting(const std::string& key, const std::string& value) = 0;

  // --- Identity ---------------------------------------------------------------------------
  // Inserts fail with kAlreadyExists on a duplicate id or name.
  virtual Result<int64_t> CountAccounts() = 0;
  virtual Status InsertAccount(const domain::Account& account) = 0;
  virtual Result<std::optional<domain::Account>> FindAccountById(const std::string& id) = 0;
  virtual Result<std::optional<domain::Account>> FindAccountByName(const std::string& name) = 0;
  virtual Result<std::optional<domain::Account>> FindFirstAccount() = 0;

  virtual Status InsertUser(const domain::User& user) = 0;
  virtual Result<std::optional<domain::User>> FindUserById(const std::string& id) = 0;
  virtual Result<std::optional<domain::User>> FindUserByName(const std::string& account_id,
                                                             const std::string& name) = 0;

  virtual Status InsertAccessKey(const domain::AccessKey& key) = 0;
  virtual Result<std::optional<domain::AccessKey>> FindAccessKey(const std::string& access_key) = 0;
  // The key and, in the same statement, the user it belongs to: what a signed request needs.
  // `user` is empty when the key names no user.
  struct KeyAndUser {
    domain::AccessKey key;
    std::optional<domain::User> user;
  };
  virtual Result<std::optional<KeyAndUser>> FindAccessKeyAndUser(const std::string& access_key) = 0;

  // Project names are unique within an account.
  virtual Status InsertProject(const domain::Project& project) = 0;
  virtual Result<std::optional<domain::Project>> FindProjectById(const std::string& id) = 0;
  // Projects of the account, ordered by name; an empty `name` lists all.
  virtual Result<std::vector<domain::Project>> ListProjects(const std::string& account_id,
                                                            const std::string& name) = 0;

  virtual Status InsertSigningKey(const domain::SigningKey& key) = 0;
  virtual Result<std::optional<domain::SigningKey>> FindSigningKey(const std::string& key_id) = 0;
  // The newest key, used to sign new tokens.
  virtual Result<std::optional<domain::SigningKey>> FindNewestSigningKey() = 0;

  // --- Node ids (D13) ---------------------------------------------------------------------
  // Leases the lowest node id in [0, 256) that is free or whose lease expired before
  // `now_millis`, for `holder` until `expires_at_millis`. Errors: kResourceExhausted when all
  // 256 are held.
  virtual Result<int> LeaseNodeId(const std::string& holder, int64_t now_millis,
                                  int64_t expires_at_millis) = 0;
  // Extends the holder's lease. Errors: kNotFound when the lease was lost.
  virtual Status RenewNodeLease(int node_id, const std::string& holder,
                                int64_t expires_at_millis) = 0;
  virtual Status ReleaseNodeId(int node_id, const std::string& holder) = 0;

  // --- App groups -------------------------------------------------------------------------
  // Errors: kAlreadyExists when the project has a group of that name (D15).
  virtual Status InsertAppGroup(const domain::AppGroup& group) = 0;
  virtual Result<std::optional<domain::AppGroup>> FindAppGroup(const std::string& project_id,
                                                               const std::string& id) = 0;
  // Newest first, then id descending (D11); `count` is the number of all matches.
  virtual Result<domain::Page<domain::AppGroup>> ListAppGroups(const std::string& project_id,
                                                               const domain::AppGroupFilter& filter,
                                                               const domain::PageRequest& page) = 0;

  // --- Apps -------------------------------------------------------------------------------
  // Inserts the apps into their group and adds them to its app_count. Errors: kAlreadyExists
  // when the group already has an app of one of the names (D15).
  virtual Status InsertApps(const std::string& project_id, const std::string& app_group_id,
                            const std::vector<domain::App>& apps) = 0;
  virtual Result<std::optional<domain::App>> FindApp(const std::string& project_id,
                                                     const std::string& app_group_id,
                                                     const std::string& app_id) = 0;
  // Newest first, then id descending (D11). An unknown group lists nothing. The items'
  // source_image_ids are left empty (the listed wire model has none; FindApp reads them).
  virtual Result<domain::Page<domain::App>> ListApps(const std::string& project_id,
                                                     const std::string& app_group_id,
                                                     const domain::AppFilter& filter,
                                                     const domain::PageRequest& page) = 0;
  // Removes the listed apps that are published in this group of this project, every app-level
  // authorization on them, and lowers the group's app_count by the number removed (D10).
  // Ids not published in the group are skipped; duplicates count once. Group-level
  // authorizations and other groups are untouched.
  virtual Result<UnpublishResult> UnpublishApps(const std::string& project_id,
                                                const std::string& app_group_id,
                                                const std::vector<std::string>& app_ids) = 0;

  // --- Authorizations ---------------------------------------------------------------------
  // Stores the grant unless an equal one (same group, app, account type and account) exists.
  // Returns true when it was new.
  virtual Result<bool> InsertAuthorization(const domain::Authorization& authorization) = 0;
  // Newest first, then id descending (D11), with app_group_name and app_name filled.
  virtual Result<domain::Page<domain::Authorization>> ListAuthorizations(
      const std::string& project_id, const domain::AuthorizationFilter& filter,
      const domain::PageRequest& page) = 0;

  // --- Audit ------------------------------------------------------------------------------
  // Appends the record (its `id` is ignored; the store assigns the next one). An empty
  // account_id is resolved from the record's project, else from its principal's user, and
  // stays empty when neither names one.
  virtual Status AppendAudit(const domain::AuditRecord& record) = 0;

  // --- App-group and app changes (issue #3) -----------------------------------------------
  // What DeleteAppGroup removed: the group as it was, its apps, and every grant on it.
  struct DeletedAppGroup {
    domain::AppGroup group;
    std::vector<std::string> removed_app_ids;
    std::vector<domain::Authorization> removed_authorizations;
  };
  // UpdatePreBootPolicy's settings of one app. pre_launch_policy (0, 1 or 3) is absent until
  // first set.
  struct PreBootPolicy {
    bool is_pre_boot = false;
    std::optional<int64_t> pre_launch_policy;
  };

  // Overwrites name, description and app_server_group_id of the group `group.id` in
  // `group.project_id`; its other fields are not written. Errors: kNotFound when the project
  // has no such group; kAlreadyExists when another group of the project has the name (D15).
  virtual Status UpdateAppGroup(const domain::AppGroup& group) = 0;
  // Deletes the group, the apps published in it and every authorization on it (group-level and
  // app-level), and returns them. std::nullopt, with nothing changed, when the project has no
  // such group. Other groups, their apps and grants are untouched.
  virtual Result<std::optional<DeletedAppGroup>> DeleteAppGroup(const std::string& project_id,
                                                                const std::string& id) = 0;
  // Clears app_server_group_id of every group of the project bound to `server_group_id` and
  // returns their ids (none when no group is bound). Requires: `server_group_id` is not empty.
  virtual Result<std::vector<std::string>> UnbindServerGroup(
      const std::string& project_id, const std::string& server_group_id) = 0;
  // True when a group of the project has exactly this name.
  virtual Result<bool> HasAppGroupNamed(const std::string& project_id, const std::string& name) = 0;

  // Overwrites name, version, execute_path, work_path, description, command_param, state,
  // sandbox_enable and extended_info of the app `app.id` published in `app.app_group_id` of
  // `app.project_id`; its other fields are not written. Errors: kNotFound when no such app is
  // published there; kAlreadyExists when another app of the group has the name (D15).
  virtual Status UpdateApp(const domain::App& app) = 0;
  // Sets `state` on the listed apps published in the group and returns their ids, each once in
  // the order first listed, whatever state they had before. Other ids are skipped.
  virtual Result<std::vector<std::string>> SetAppsState(const std::string& project_id,
                                                        const std::string& app_group_id,
                                                        const std::vector<std::string>& app_ids,
                                                        const std::string& state) = 0;
  // Sets is_pre_boot on the listed apps published in the group, and pre_launch_policy when
  // `policy` has one (otherwise the stored one is kept). Returns the ids found, as SetAppsState.
  virtual Result<std::vector<std::string>> SetPreBootPolicy(const std::string& project_id,
                                                            const std::string& app_group_id,
                                                            const std::vector<std::string>& app_ids,
                                                            const PreBootPolicy& policy) = 0;
  // std::nullopt when no such app is published in the group.
  virtual Result<std::optional<PreBootPolicy>> FindPreBootPolicy(const std::string& project_id,
                                                                 const std::string& app_group_id,
                                                                 const std::string& app_id) = 0;
  // True when an app of exactly this name is published in the group.
  virtual Result<bool> HasAppNamed(const std::string& project_id, const std::string& app_group_id,
                                   const std::string& name) = 0;

  // Deletes the grants of the group held by one account (its account_type and account name):
  // with `app_ids` empty every one of them (group-level and app-level), otherwise only the
  // app-level grants of the listed apps. Returns the removed grants; none is not an error.
  virtual Result<std::vector<domain::Authorization>> DeleteAccountAuthorizations(
      const std::string& project_id, const std::string& app_group_id,
      const std::vector<std::string>& app_ids, const std::string& account_type,
      const std::string& account) = 0;

  // --- Server groups and catalogs (issue #3) ----------------------------------------------
  // Server groups belong to one project; a group of another project is never found, listed,
  // changed or deleted. Reads fill app_group_count and secondary_server_group_ids.

  // Errors: kAlreadyExists on a duplicate id, or when the project has a server group of that
  // name.
  virtual Status InsertServerGroup(const domain::ServerGroup& group) = 0;
  virtual Result<std::optional<domain::ServerGroup>> FindServerGroup(const std::string& project_id,
                                                                     const std::string& id) = 0;
  // Newest first (created_at descending), then id descending (D11); `count` counts all matches.
  virtual Result<domain::Page<domain::ServerGroup>> ListServerGroups(
      const std::string& project_id, const domain::ServerGroupFilter& filter,
      const domain::PageRequest& page) = 0;
  // Overwrites name, description, app_type, attributes and updated_at of the group `group.id`
  // in `group.project_id`. Errors: kNotFound when the project has no such group;
  // kAlreadyExists when another server group of the project has the name.
  virtual Status UpdateServerGroup(const domain::ServerGroup& group) = 0;
  // Deletes the group and its catalog. False, with nothing changed, when the project has no
  // such group. App groups bound to it are not touched: callers check BoundAppGroups first.
  virtual Result<bool> DeleteServerGroup(const std::string& project_id, const std::string& id) = 0;
  // The app groups of the project whose app_server_group_id is `server_group_id`, newest
  // first, with id, project_id, name, app_type and app_server_group_id filled. Requires:
  // `server_group_id` is not empty.
  virtual Result<std::vector<domain::AppGroup>> BoundAppGroups(
      const std::string& project_id, const std::string& server_group_id) = 0;
  // Replaces the group's catalog with `catalog` (items keep their order). Errors: kNotFound
  // when the project has no such group; kAlreadyExists when two items share a name.
  virtual Status ReplaceServerGroupCatalog(const std::string& project_id,
                                           const std::string& server_group_id,
                                           const domain::ServerGroupCatalog& catalog) = 0;
  // The group's catalog, items in registered order; empty when none was registered. With a
  // non-empty `app_group_id`, each item's is_published tells whether an app of exactly its
  // name is published in that app group of the project. Errors: kNotFound when the project has
  // no such server group.
  virtual Result<domain::ServerGroupCatalog> GetServerGroupCatalog(
      const std::string& project_id, const std::string& server_group_id,
      const std::string& app_group_id) = 0;

  // --- End-user directory (issue #3) ------------------------------------------------------
  // Users, user groups and memberships belong to one project; an entry of another project is
  // never found, listed, changed or deleted. Reads of users fill group_names, reads of groups
  // user_quantity.

  // Errors: kAlreadyExists on a duplicate id, or when the project has a user of that name.
  virtual Status InsertDirectoryUser(const domain::DirectoryUser& user) = 0;
  virtual Result<std::optional<domain::DirectoryUser>> FindDirectoryUser(
      const std::string& project_id, const std::string& id) = 0;
  virtual Result<std::optional<domain::DirectoryUser>> FindDirectoryUserByName(
      const std::string& project_id, const std::string& user_name) = 0;
  // Newest first (created_at descending), then id descending (D11); `count` counts all
  // matches. A negative page.limit lists every match from page.offset on.
  virtual Result<domain::Page<domain::DirectoryUser>> ListDirectoryUsers(
      const std::string& project_id, const domain::DirectoryUserFilter& filter,
      const domain::PageRequest& page) = 0;
  // Deletes the user, its memberships, and every authorization of the project held by a USER
  // account with its id or its name; returns what went with it. std::nullopt, with nothing
  // changed, when the project has no such user.
  virtual Result<std::optional<domain::RemovedDirectoryAccount>> DeleteDirectoryUser(
      const std::string& project_id, const std::string& id) = 0;

  // Errors: kAlreadyExists on a duplicate id, or when the project has a group of that name.
  virtual Status InsertDirectoryGroup(const domain::DirectoryGroup& group) = 0;
  virtual Result<std::optional<domain::DirectoryGroup>> FindDirectoryGroup(
      const std::string& project_id, const std::string& id) = 0;
  // Newest first (created_at descending), then id descending (D11); `count` counts all
  // matches.
  virtual Result<domain::Page<domain::DirectoryGroup>> ListDirectoryGroups(
      const std::string& project_id, const domain::DirectoryGroupFilter& filter,
      const domain::PageRequest& page) = 0;
  // Deletes the group, its memberships, and every authorization of the project held by a
  // USER_GROUP account with its id or its name; returns what went with it. std::nullopt, with
  // nothing changed, when the project has no such group.
  virtual Result<std::optional<domain::RemovedDirectoryAccount>> DeleteDirectoryGroup(
      const std::string& project_id, const std::string& id) = 0;

  // Makes the users members of the group; existing memberships and repeated ids count once.
  // Returns the number of memberships added. Requires: the group and users exist in the
  // project.
  virtual Result<int64_t> AddDirectoryMembers(const std::string& project_id,
                                              const std::string& group_id,
                                              const std::vector<std::string>& user_ids,
                                              int64_t created_at_millis) = 0;
  // Removes the users' memberships of the group; ids that are not members are skipped.
  // Returns the number removed.
  virtual Result<int64_t> RemoveDirectoryMembers(const std::string& project_id,
                                                 const std::string& group_id,
                                                 const std::vector<std::string>& user_ids) = 0;

  // --- App icons (issue #3) ---------------------------------------------------------------
  // An icon belongs to its app: unpublishing or deleting the app removes it (the schema
  // cascades), so no other method needs to know about icons.

  // Stores `icon` as the custom icon of the app `icon.app_id`, replacing any earlier one (whose
  // token then finds nothing), and sets the app's icon_url to `icon_url`. Errors: kNotFound when
  // no such app is published in the group of the project; kAlreadyExists when another icon has
  // the token.
  virtual Status PutAppIcon(const std::string& project_id, const std::string& app_group_id,
                            const domain::AppIcon& icon, const std::string& icon_url) = 0;
  // Removes the app's custom icon and sets its icon_url to "". Returns whether it had an icon.
  // Errors: kNotFound when no such app is published in the group of the project.
  virtual Result<bool> DeleteAppIcon(const std::string& project_id, const std::string& app_group_id,
                                     const std::string& app_id) = 0;
  // The icon stored under `token` in any project, or std::nullopt.
  virtual Result<std::optional<domain::AppIcon>> FindAppIconByToken(const std::string& token) = 0;

  // --- IAM administration (v5, issue #4) ----------------------------------------------------
  // Users, groups and attachments belong to one account; an entry of another account is never
  // found, listed, changed or deleted. System policies (account kSystemAccountId) are found and
  // listed in every account. Lists are id ascending after the page's marker (exclusive), at most
  // page.limit items, next_marker set when more follow.

  // Inserts an IAM user with its description and created_at. Errors: kAlreadyExists on a
  // duplicate id, or when the account has a user of that name.
  virtual Status InsertIamUser(const domain::User& user) = 0;
  virtual Result<std::optional<domain::User>> FindIamUser(const std::string& account_id,
                                                          const std::string& user_id) = 0;
  virtual Result<domain::MarkerPage<domain::User>> ListIamUsers(
      const std::string& account_id, const domain::IamUserFilter& filter,
      const domain::MarkerPageRequest& page) = 0;
  // Overwrites name, description, is_enabled and revocation_counter of `user.id` in
  // `user.account_id`. Errors: kNotFound; kAlreadyExists when another user has the name.
  virtual Status UpdateIamUser(const domain::User& user) = 0;
  // Deletes the user with its access keys, login profile, group memberships and policy
  // attachments. False, with nothing changed, when the account has no such user.
  virtual Result<bool> DeleteIamUser(const std::string& account_id, const std::string& user_id) = 0;

  // Stores the profile and sets the user's password hash. Errors: kAlreadyExists when the user
  // has a profile. Requires: the user exists.
  virtual Status InsertLoginProfile(const domain::LoginProfile& profile,
                                    const PasswordHash& password) = 0;
  virtual Result<std::optional<domain::LoginProfile>> FindLoginProfile(
      const std::string& user_id) = 0;
  // Sets password_reset_required and, when `password` is given, the hash, bumping the user's
  // revocation_counter (D16). Errors: kNotFound when the user has no profile.
  virtual Status UpdateLoginProfile(const domain::LoginProfile& profile,
                                    const std::optional<PasswordHash>& password) = 0;
  // Deletes the profile, clears the hash and bumps revocation_counter. False when none existed.
  virtual Result<bool> DeleteLoginProfile(const std::string& user_id) = 0;

  // The user's keys, oldest first.
  virtual Result<std::vector<domain::AccessKey>> ListUserAccessKeys(const std::string& user_id) = 0;
  // False, with nothing changed, when the user has no such key.
  virtual Result<bool> SetAccessKeyEnabled(const std::string& user_id,
                                           const std::string& access_key, bool is_enabled) = 0;
  virtual Result<bool> DeleteAccessKey(const std::string& user_id,
                                       const std::string& access_key) = 0;

  // Errors: kAlreadyExists on a duplicate id, or when the account has a group of that name.
  virtual Status InsertIamGroup(const domain::IamGroup& group) = 0;
  virtual Result<std::optional<domain::IamGroup>> FindIamGroup(const std::string& account_id,
                                                               const std::string& group_id) = 0;
  virtual Result<domain::MarkerPage<domain::IamGroup>> ListIamGroups(
      const std::string& account_id, const domain::IamGroupFilter& filter,
      const domain::MarkerPageRequest& page) = 0;
  // Overwrites name and description. Errors: kNotFound; kAlreadyExists on another's name.
  virtual Status UpdateIamGroup(const domain::IamGroup& group) = 0;
  // Deletes the group, its memberships and its policy attachments. False when none existed.
  virtual Result<bool> DeleteIamGroup(const std::string& account_id,
                                      const std::string& group_id) = 0;
  // True when the membership is new. Requires: group and user exist in one account.
  virtual Result<bool> AddIamGroupMember(const std::string& group_id, const std::string& user_id,
                                         int64_t created_at_millis) = 0;
  // True when the user was a member.
  virtual Result<bool> RemoveIamGroupMember(const std::string& group_id,
                                            const std::string& user_id) = 0;

  // Errors: kAlreadyExists when the account has a policy of that name.
  virtual Status InsertIamPolicy(const domain::IamPolicy& policy) = 0;
  // A policy of the account or a system policy, with attachment_count in the account.
  virtual Result<std::optional<domain::IamPolicy>> FindIamPolicy(const std::string& account_id,
                                                                 const std::string& policy_id) = 0;
  virtual Result<domain::MarkerPage<domain::IamPolicy>> ListIamPolicies(
      const std::string& account_id, const domain::IamPolicyFilter& filter,
      const domain::MarkerPageRequest& page) = 0;
  // Deletes a custom policy of the account. False when none existed. Requires: it has no
  // attachments (callers check attachment_count).
  virtual Result<bool> DeleteIamPolicy(const std::string& account_id,
                                       const std::string& policy_id) = 0;
  // Attaches the policy to a user or group (principal_type kPrincipalUser or kPrincipalGroup)
  // of the account; true when the attachment is new. Requires: both exist.
  virtual Result<bool> AttachIamPolicy(const std::string& account_id, const std::string& policy_id,
                                       const std::string& principal_type,
                                       const std::string& principal_id,
                                       int64_t attached_at_millis) = 0;
  // True when it was attached.
  virtual Result<bool> DetachIamPolicy(const std::string& account_id, const std::string& policy_id,
                                       const std::string& principal_type,
                                       const std::string& principal_id) = 0;
  // The policies attached to exactly this user or group, by policy id.
  virtual Result<domain::MarkerPage<domain::AttachedPolicy>> ListAttachedPolicies(
      const std::string& account_id, const std::string& principal_type,
      const std::string& principal_id, const domain::MarkerPageRequest& page) = 0;
  // Every policy attached to the user directly or through one of its groups, each once, by
  // policy id, in one read: what the request path evaluates. Empty for an unknown user.
  virtual Result<std::vector<domain::EffectivePolicy>> ListEffectivePolicies(
      const std::string& account_id, const std::string& user_id) = 0;

  // --- Role-based model (v3, issue #5) -------------------------------------------------------
  // Custom policies ("roles") belong to one account; grants tie a role (or a system policy, by
  // its id) to an IAM group on one project.

  // Errors: kAlreadyExists when the account has a role of that display name.
  virtual Status InsertIamRole(const domain::IamRole& role) = 0;
  virtual Result<std::optional<domain::IamRole>> FindIamRole(const std::string& account_id,
                                                             const std::string& role_id) = 0;
  // The account's roles, newest first (created_at, then id, descending), and their total.
  virtual Result<domain::Page<domain::IamRole>> ListIamRoles(const std::string& account_id,
                                                             const domain::PageRequest& page) = 0;
  // Overwrites display_name, type, description, description_cn, policy and updated_at.
  // Errors: kNotFound; kAlreadyExists on another role's display name.
  virtual Status UpdateIamRole(const domain::IamRole& role) = 0;
  // False, with nothing changed, when the account has no such role.
  virtual Result<bool> DeleteIamRole(const std::string& account_id, const std::string& role_id) = 0;
  // How many grants name the role, in any project.
  virtual Result<int64_t> CountRoleGrants(const std::string& role_id) = 0;
  // True when the grant is new. Requires: the project, group and role exist in one account.
  virtual Result<bool> GrantRoleOnProject(const std::string& project_id,
                                          const std::string& group_id, const std::string& role_id,
                                          int64_t created_at_millis) = 0;
  // True when the grant existed.
  virtual Result<bool> RevokeRoleOnProject(const std::string& project_id,
                                           const std::string& group_id,
                                           const std::string& role_id) = 0;
  // The ids of the roles granted to the group on the project, oldest grant first.
  virtual Result<std::vector<std::string>> ListProjectGroupRoles(const std::string& project_id,
                                                                 const std::string& group_id) = 0;
  // The policies granted on `project_id` to the groups `user_id` belongs to, each once: custom
  // roles with language "1.1", system policies with "5.0". What the request path evaluates.
  virtual Result<std::vector<domain::EffectivePolicy>> ListGrantedRolePolicies(
      const std::string& account_id, const std::string& user_id, const std::string& project_id) = 0;

  // --- Audit trail --------------------------------------------------------------------------
  // The records of the account that match `filter`, newest first (at, then id, descending),
  // with `count` the number of all matches. Records of other accounts, and records that no
  // account could be resolved for, are never listed.
  virtual Result<domain::Page<domain::AuditRecord>> ListAuditEvents(
      const std::string& account_id, const domain::AuditFilter& filter,
      const domain::PageRequest& page) = 0;
};

// Counts an operator watches (GET /metrics). Relaxed atomics: figures, not synchronization.
struct StoreCounters {
  std::atomic<int64_t> conflict_retries{0};   // units run again after a retryable failure (D25)
  std::atomic<int64_t> retries_exhausted{0};  // units that failed after the last retry
  // SQLite's group commit (D29): write transactions committed, and the units they carried.
  std::atomic<int64_t> group_commits{0};
  std::atomic<int64_t> group_committed_units{0};
};

// Opens units of work. Thread-safe; any number of units may be open at once.
class Store {
 public:
  virtual ~Store() = default;
  Store() = default;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  enum class Mode { kRead, kWrite };

  // Begins a transaction. kWrite units take the write lock up front so that two writers never
  // deadlock upgrading. Errors: kUnavailable.
  virtual Result<std::unique_ptr<UnitOfWork>> Begin(Mode mode) = 0;

  // Short name of the backend for logs and /readyz ("sqlite", "postgresql").
  virtual std::string_view backend_name() const = 0;

  // Whether the database answers now: runs an empty read unit. Errors: kUnavailable.
  virtual Status CheckReady();

  StoreCounters& counters() { return counters_; }

 private:
  StoreCounters counters_;
};

// While one lives, the read units that this thread begins on `store` share one read
// transaction: the first of them begins it, the scope's end ends it. A request's
// authentication, authorization and reads then see one snapshot for the price of one BEGIN.
// Sharing stops (the transaction ends once its last unit does) when this thread begins or
// commits a write unit on `store`, so that later reads see what the write committed, and when the
// shared transaction can no longer run statements (a failed statement on PostgreSQL, a lost
// session). Changes that other threads commit meanwhile are not seen while sharing lasts. A scope
// opened while another is open on this thread does nothing.
class SharedReadScope {
 public:
  explicit SharedReadScope(Store& store);
  ~SharedReadScope();
  SharedReadScope(const SharedReadScope&) = delete;
  SharedReadScope& operator=(const SharedReadScope&) = delete;

  // This thread's scope on `store`, or null.
  static SharedReadScope* Active(const Store& store);

  // The shared transaction's unit, null before the first read or after a Release. Backends
  // put there the unit they began and lend units on it.
  std::shared_ptr<UnitOfWork>& unit() { return unit_; }
  // Stops sharing the current transaction; the next read begins a new one.
  void Release() { unit_.reset(); }

 private:
  const Store& store_;
  bool is_active_ = false;
  std::shared_ptr<UnitOfWork> unit_;
};

// Whether a unit that failed with `error` may succeed when run again from its start (D25): a
// serialization conflict with a concurrent unit, or a connection lost mid-unit. Busy timeouts
// are not retried: they have already waited their bound.
bool IsRetryable(const Error& error);

// Runs `unit` (one whole unit of work, from Begin to Commit) and runs it again while it fails
// with a retryable error, at most `kMaxAttempts` times in all, sleeping a random, growing pause
// between attempts. When the attempts run out the last error is returned as kUnavailable, which
// the API answers with 503. Counts retries in store.counters().
inline constexpr int kMaxAttempts = 8;
Status RunWithRetries(Store& store, const std::function<Status()>& unit);

// RunWithRetries for a unit that returns a value: `unit` is any callable returning Result<T>
// (or Status).
template <typename Unit>
auto RetryUnit(Store& store, Unit&& unit) -> decltype(unit()) {
  std::optional<decltype(unit())> result;
  Status status = RunWithRetries(store, [&]() -> Status {
    result.emplace(unit());
    return result->ok() ? OkStatus() : Status(result->error());
  });
  if (!status.ok()) {
    return status.error();
  }
  return std::move(*result);
}

}  // namespace wsapp::store
