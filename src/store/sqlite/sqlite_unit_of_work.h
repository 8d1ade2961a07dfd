#pragma once

#include <memory>

#include "store/sqlite/sqlite_connection.h"
#include "store/store.h"

namespace wsapp::store::sqlite {

class SqliteStore;

// A SQLite transaction on a pooled connection. The methods are split over
// sqlite_identity_queries.cc (settings, identity, keys, node leases) and
// sqlite_app_queries.cc (groups, apps, authorizations, audit).
class SqliteUnitOfWork final : public UnitOfWork {
 public:
  // Requires: a transaction is open on `connection`.
  SqliteUnitOfWork(SqliteStore& store, std::unique_ptr<Connection> connection);
  ~SqliteUnitOfWork() override;

  Status Commit() override;

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
  Status InsertProject(const domain::Project& project) override;
  Result<std::optional<domain::Project>> FindProjectById(const std::string& id) override;
  Result<std::vector<domain::Project>> ListProjects(const std::string& account_id,
                                                    const std::string& name) override;
  Status InsertSigningKey(const domain::SigningKey& key) override;
  Result<std::optional<domain::SigningKey>> FindSigningKey(const std::string& key_id) override;
  Result<std::optional<domain::SigningKey>> FindNewestSigningKey() override;

  Result<int> LeaseNodeId(const std::string& holder, int64_t now_millis,
                          int64_t expires_at_millis) override;
  Status RenewNodeLease(int node_id, const std::string& holder,
                        int64_t expires_at_millis) override;
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

  // App-group and app changes (sqlite_app_queries.cc).

  // Server groups and catalogs (sqlite_server_group_queries.cc).

  // End-user directory (sqlite_directory_queries.cc).

  // App icons (sqlite_icon_queries.cc).

 private:
  SqliteStore& store_;
  std::unique_ptr<Connection> connection_;
  bool is_finished_ = false;
};

}  // namespace wsapp::store::sqlite
