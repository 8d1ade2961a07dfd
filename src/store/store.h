#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "domain/app.h"
#include "domain/app_group.h"
#include "domain/audit.h"
#include "domain/authorization.h"
#include "domain/identity.h"

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
  virtual Result<std::optional<domain::AccessKey>> FindAccessKey(
      const std::string& access_key) = 0;

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
  virtual Result<domain::Page<domain::AppGroup>> ListAppGroups(
      const std::string& project_id, const domain::AppGroupFilter& filter,
      const domain::PageRequest& page) = 0;

  // --- Apps -------------------------------------------------------------------------------
  // Inserts the apps into their group and adds them to its app_count. Errors: kAlreadyExists
  // when the group already has an app of one of the names (D15).
  virtual Status InsertApps(const std::string& project_id, const std::string& app_group_id,
                            const std::vector<domain::App>& apps) = 0;
  virtual Result<std::optional<domain::App>> FindApp(const std::string& project_id,
                                                     const std::string& app_group_id,
                                                     const std::string& app_id) = 0;
  // Newest first, then id descending (D11). An unknown group lists nothing.
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
  virtual Status AppendAudit(const domain::AuditRecord& record) = 0;

  // --- App-group and app changes (issue #3) -----------------------------------------------

  // --- Server groups and catalogs (issue #3) ----------------------------------------------

  // --- End-user directory (issue #3) ------------------------------------------------------

  // --- App icons (issue #3) ---------------------------------------------------------------
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

  // Short name of the backend for logs ("sqlite", "postgres").
  virtual std::string_view backend_name() const = 0;
};

}  // namespace wsapp::store
