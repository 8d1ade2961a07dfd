#pragma once

#include <functional>
#include <memory>

#include "store/sql/sql_connection.h"
#include "store/store.h"

namespace wsapp::store::sql {

// The store side of a unit of work: how it ends, and where its connection goes then.
class UnitHost {
 public:
  virtual ~UnitHost() = default;
  // Makes the unit's changes durable, or fails. A host that keeps the connection (a group
  // commit) moves it out; EndUnit then gets none. By default: COMMIT on the connection.
  virtual Status CommitUnit(std::unique_ptr<Connection>& connection, bool is_write);
  // Undoes a unit that did not commit. By default: ROLLBACK on the connection.
  virtual void RollbackUnit(Connection& connection, bool is_write);
  // Called once per unit, committed or rolled back, with the unit's connection (unless
  // CommitUnit kept it) and its mode.
  virtual void EndUnit(std::unique_ptr<Connection> connection, bool is_write) = 0;
  // Called when a write unit's Commit returns, whatever its outcome: a read transaction that
  // this thread shares (SharedReadScope) may predate the change, so it must not be lent again.
  virtual void WriteCommitted() = 0;
};

// A transaction on a pooled connection of either backend, running the shared SQL. The methods
// are split over sql_identity_queries.cc (settings, identity, keys, node leases),
// sql_app_queries.cc (groups, apps, authorizations, audit) and the other sql_*_queries.cc.
class SqlUnitOfWork final : public UnitOfWork {
 public:
  // Requires: a transaction is open on `connection`.
  SqlUnitOfWork(UnitHost& host, std::unique_ptr<Connection> connection, bool is_write);
  // A read unit on `shared`'s transaction (a SharedReadScope's): it runs its statements there,
  // its Commit does nothing, and it ends nothing; the transaction ends with the last of them.
  explicit SqlUnitOfWork(std::shared_ptr<SqlUnitOfWork> shared);
  ~SqlUnitOfWork() override;

  Status Commit() override;
  // Whether the unit's transaction can still run statements (see Connection).
  bool CanRunStatements() const { return connection_->CanRunStatements(); }

  Result<std::optional<std::string>> GetSetting(const std::string& key) override;
  Status PutSetting(const std::string& key, const std::string& value) override;

  Result<int64_t> CountAccounts() override;
  Status InsertAccount(const domain::Account& account) override;
  Result<std::optional<domain::Account>> FindAccountById(const std::string& id) override;
  Result<std::optional<domain::Account>> FindAccountByName(const std::string& name) override;
  Result<std::optional<domain::Account>> FindFirstAccount() override;
  Status InsertUser(const domain::User& user) override;
  Result<std::optional<domain::User>> FindUserById(const std::string& id) override;
  Result<std::optional<domain::User>> FindUserByName(const std::string& account_id,
                                                     const std::string& name) override;
  Status InsertAccessKey(const domain::AccessKey& key) override;
  Result<std::optional<domain::AccessKey>> FindAccessKey(const std::string& access_key) override;
  Result<std::optional<KeyAndUser>> FindAccessKeyAndUser(const std::string& access_key) override;
  Status InsertProject(const domain::Project& project) override;
  Result<std::optional<domain::Project>> FindProjectById(const std::string& id) override;
  Result<std::vector<domain::Project>> ListProjects(const std::string& account_id,
                                                    const std::string& name) override;
  Status InsertSigningKey(const domain::SigningKey& key) override;
  Result<std::optional<domain::SigningKey>> FindSigningKey(const std::string& key_id) override;
  Result<std::optional<domain::SigningKey>> FindNewestSigningKey() override;

  Result<int> LeaseNodeId(const std::string& holder, int64_t now_millis,
                          int64_t expires_at_millis) override;
  Status RenewNodeLease(int node_id, const std::string& holder, int64_t expires_at_millis) override;
  Status ReleaseNodeId(int node_id, const std::string& holder) override;

  Status InsertAppGroup(const domain::AppGroup& group) override;
  Result<std::optional<domain::AppGroup>> FindAppGroup(const std::string& project_id,
                                                       const std::string& id) override;
  Result<domain::Page<domain::AppGroup>> ListAppGroups(const std::string& project_id,
                                                       const domain::AppGroupFilter& filter,
                                                       const domain::PageRequest& page) override;
  Status InsertApps(const std::string& project_id, const std::string& app_group_id,
                    const std::vector<domain::App>& apps) override;
  Result<std::optional<domain::App>> FindApp(const std::string& project_id,
                                             const std::string& app_group_id,
                                             const std::string& app_id) override;
  Result<domain::Page<domain::App>> ListApps(const std::string& project_id,
                                             const std::string& app_group_id,
                                             const domain::AppFilter& filter,
                                             const domain::PageRequest& page) override;
  Result<UnpublishResult> UnpublishApps(const std::string& project_id,
                                        const std::string& app_group_id,
                                        const std::vector<std::string>& app_ids) override;
  Result<bool> InsertAuthorization(const domain::Authorization& authorization) override;
  Result<domain::Page<domain::Authorization>> ListAuthorizations(
      const std::string& project_id, const domain::AuthorizationFilter& filter,
      const domain::PageRequest& page) override;
  Status AppendAudit(const domain::AuditRecord& record) override;

  // App-group and app changes (sql_app_change_queries.cc).
  Status UpdateAppGroup(const domain::AppGroup& group) override;
  Result<std::optional<DeletedAppGroup>> DeleteAppGroup(const std::string& project_id,
                                                        const std::string& id) override;
  Result<std::vector<std::string>> UnbindServerGroup(const std::string& project_id,
                                                     const std::string& server_group_id) override;
  Result<bool> HasAppGroupNamed(const std::string& project_id, const std::string& name) override;
  Status UpdateApp(const domain::App& app) override;
  Result<std::vector<std::string>> SetAppsState(const std::string& project_id,
                                                const std::string& app_group_id,
                                                const std::vector<std::string>& app_ids,
                                                const std::string& state) override;
  Result<std::vector<std::string>> SetPreBootPolicy(const std::string& project_id,
                                                    const std::string& app_group_id,
                                                    const std::vector<std::string>& app_ids,
                                                    const PreBootPolicy& policy) override;
  Result<std::optional<PreBootPolicy>> FindPreBootPolicy(const std::string& project_id,
                                                         const std::string& app_group_id,
                                                         const std::string& app_id) override;
  Result<bool> HasAppNamed(const std::string& project_id, const std::string& app_group_id,
                           const std::string& name) override;
  Result<std::vector<domain::Authorization>> DeleteAccountAuthorizations(
      const std::string& project_id, const std::string& app_group_id,
      const std::vector<std::string>& app_ids, const std::string& account_type,
      const std::string& account) override;

  // Server groups and catalogs (sql_server_group_queries.cc).
  Status InsertServerGroup(const domain::ServerGroup& group) override;
  Result<std::optional<domain::ServerGroup>> FindServerGroup(const std::string& project_id,
                                                             const std::string& id) override;
  Result<domain::Page<domain::ServerGroup>> ListServerGroups(
      const std::string& project_id, const domain::ServerGroupFilter& filter,
      const domain::PageRequest& page) override;
  Status UpdateServerGroup(const domain::ServerGroup& group) override;
  Result<bool> DeleteServerGroup(const std::string& project_id, const std::string& id) override;
  Result<std::vector<domain::AppGroup>> BoundAppGroups(const std::string& project_id,
                                                       const std::string& server_group_id) override;
  Status ReplaceServerGroupCatalog(const std::string& project_id,
                                   const std::string& server_group_id,
                                   const domain::ServerGroupCatalog& catalog) override;
  Result<domain::ServerGroupCatalog> GetServerGroupCatalog(
      const std::string& project_id, const std::string& server_group_id,
      const std::string& app_group_id) override;

  // End-user directory (sql_directory_queries.cc).
  Status InsertDirectoryUser(const domain::DirectoryUser& user) override;
  Result<std::optional<domain::DirectoryUser>> FindDirectoryUser(const std::string& project_id,
                                                                 const std::string& id) override;
  Result<std::optional<domain::DirectoryUser>> FindDirectoryUserByName(
      const std::string& project_id, const std::string& user_name) override;
  Result<domain::Page<domain::DirectoryUser>> ListDirectoryUsers(
      const std::string& project_id, const domain::DirectoryUserFilter& filter,
      const domain::PageRequest& page) override;
  Result<std::optional<domain::RemovedDirectoryAccount>> DeleteDirectoryUser(
      const std::string& project_id, const std::string& id) override;
  Status InsertDirectoryGroup(const domain::DirectoryGroup& group) override;
  Result<std::optional<domain::DirectoryGroup>> FindDirectoryGroup(const std::string& project_id,
                                                                   const std::string& id) override;
  Result<domain::Page<domain::DirectoryGroup>> ListDirectoryGroups(
      const std::string& project_id, const domain::DirectoryGroupFilter& filter,
      const domain::PageRequest& page) override;
  Result<std::optional<domain::RemovedDirectoryAccount>> DeleteDirectoryGroup(
      const std::string& project_id, const std::string& id) override;
  Result<int64_t> AddDirectoryMembers(const std::string& project_id, const std::string& group_id,
                                      const std::vector<std::string>& user_ids,
                                      int64_t created_at_millis) override;
  Result<int64_t> RemoveDirectoryMembers(const std::string& project_id, const std::string& group_id,
                                         const std::vector<std::string>& user_ids) override;

  // App icons (sql_icon_queries.cc).
  Status PutAppIcon(const std::string& project_id, const std::string& app_group_id,
                    const domain::AppIcon& icon, const std::string& icon_url) override;
  Result<bool> DeleteAppIcon(const std::string& project_id, const std::string& app_group_id,
                             const std::string& app_id) override;
  Result<std::optional<domain::AppIcon>> FindAppIconByToken(const std::string& token) override;

  // IAM administration: users, login profiles, keys (sql_iam_user_queries.cc); groups
  // (sql_iam_group_queries.cc); policies (sql_iam_policy_queries.cc).
  Status InsertIamUser(const domain::User& user) override;
  Result<std::optional<domain::User>> FindIamUser(const std::string& account_id,
                                                  const std::string& user_id) override;
  Result<domain::MarkerPage<domain::User>> ListIamUsers(
      const std::string& account_id, const domain::IamUserFilter& filter,
      const domain::MarkerPageRequest& page) override;
  Status UpdateIamUser(const domain::User& user) override;
  Result<bool> DeleteIamUser(const std::string& account_id, const std::string& user_id) override;
  Status InsertLoginProfile(const domain::LoginProfile& profile,
                            const PasswordHash& password) override;
  Result<std::optional<domain::LoginProfile>> FindLoginProfile(const std::string& user_id) override;
  Status UpdateLoginProfile(const domain::LoginProfile& profile,
                            const std::optional<PasswordHash>& password) override;
  Result<bool> DeleteLoginProfile(const std::string& user_id) override;
  Result<std::vector<domain::AccessKey>> ListUserAccessKeys(const std::string& user_id) override;
  Result<bool> SetAccessKeyEnabled(const std::string& user_id, const std::string& access_key,
                                   bool is_enabled) override;
  Result<bool> DeleteAccessKey(const std::string& user_id, const std::string& access_key) override;
  Status InsertIamGroup(const domain::IamGroup& group) override;
  Result<std::optional<domain::IamGroup>> FindIamGroup(const std::string& account_id,
                                                       const std::string& group_id) override;
  Result<domain::MarkerPage<domain::IamGroup>> ListIamGroups(
      const std::string& account_id, const domain::IamGroupFilter& filter,
      const domain::MarkerPageRequest& page) override;
  Status UpdateIamGroup(const domain::IamGroup& group) override;
  Result<bool> DeleteIamGroup(const std::string& account_id, const std::string& group_id) override;
  Result<bool> AddIamGroupMember(const std::string& group_id, const std::string& user_id,
                                 int64_t created_at_millis) override;
  Result<bool> RemoveIamGroupMember(const std::string& group_id,
                                    const std::string& user_id) override;
  Status InsertIamPolicy(const domain::IamPolicy& policy) override;
  Result<std::optional<domain::IamPolicy>> FindIamPolicy(const std::string& account_id,
                                                         const std::string& policy_id) override;
  Result<domain::MarkerPage<domain::IamPolicy>> ListIamPolicies(
      const std::string& account_id, const domain::IamPolicyFilter& filter,
      const domain::MarkerPageRequest& page) override;
  Result<bool> DeleteIamPolicy(const std::string& account_id,
                               const std::string& policy_id) override;
  Result<bool> AttachIamPolicy(const std::string& account_id, const std::string& policy_id,
                               const std::string& principal_type, const std::string& principal_id,
                               int64_t attached_at_millis) override;
  Result<bool> DetachIamPolicy(const std::string& account_id, const std::string& policy_id,
                               const std::string& principal_type,
                               const std::string& principal_id) override;
  Result<domain::MarkerPage<domain::AttachedPolicy>> ListAttachedPolicies(
      const std::string& account_id, const std::string& principal_type,
      const std::string& principal_id, const domain::MarkerPageRequest& page) override;
  Result<std::vector<domain::EffectivePolicy>> ListEffectivePolicies(
      const std::string& account_id, const std::string& user_id) override;

  // Role-based model (sql_iam_role_queries.cc).
  Status InsertIamRole(const domain::IamRole& role) override;
  Result<std::optional<domain::IamRole>> FindIamRole(const std::string& account_id,
                                                     const std::string& role_id) override;
  Result<domain::Page<domain::IamRole>> ListIamRoles(const std::string& account_id,
                                                     const domain::PageRequest& page) override;
  Status UpdateIamRole(const domain::IamRole& role) override;
  Result<bool> DeleteIamRole(const std::string& account_id, const std::string& role_id) override;
  Result<int64_t> CountRoleGrants(const std::string& role_id) override;
  Result<bool> GrantRoleOnProject(const std::string& project_id, const std::string& group_id,
                                  const std::string& role_id, int64_t created_at_millis) override;
  Result<bool> RevokeRoleOnProject(const std::string& project_id, const std::string& group_id,
                                   const std::string& role_id) override;
  Result<std::vector<std::string>> ListProjectGroupRoles(const std::string& project_id,
                                                         const std::string& group_id) override;
  Result<std::vector<domain::EffectivePolicy>> ListGrantedRolePolicies(
      const std::string& account_id, const std::string& user_id,
      const std::string& project_id) override;

  // Audit trail (sql_audit_queries.cc).
  Result<domain::Page<domain::AuditRecord>> ListAuditEvents(
      const std::string& account_id, const domain::AuditFilter& filter,
      const domain::PageRequest& page) override;

 private:
  UnitHost& host_;
  std::unique_ptr<Connection> owned_connection_;  // null on a shared transaction
  Connection* connection_;                        // where the statements run
  std::shared_ptr<SqlUnitOfWork> shared_;         // the owner of a shared transaction
  bool is_write_ = false;
  bool is_finished_ = false;
};

// Begins a read unit for `store`: when this thread has a SharedReadScope open on it, a unit on
// the scope's transaction, which `begin` begins first when there is none or when the one there
// can run no more statements; otherwise `begin`'s own unit.
Result<std::unique_ptr<UnitOfWork>> BeginRead(
    Store& store, const std::function<Result<std::unique_ptr<SqlUnitOfWork>>()>& begin);

// Ends the sharing of this thread's read transaction on `store`: when a write unit begins (no
// older snapshot held while it waits and writes) and when it commits (reads after it see it).
void StopSharingReads(const Store& store);

}  // namespace wsapp::store::sql
