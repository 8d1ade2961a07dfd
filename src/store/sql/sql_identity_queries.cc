// Settings, identity, signing keys and node leases of SqlUnitOfWork.
#include "store/sql/sql_unit_of_work.h"

namespace wsapp::store::sql {
namespace {

constexpr char kSelectSetting[] = "SELECT value FROM settings WHERE key = ?1";
constexpr char kUpsertSetting[] =
    "INSERT INTO settings (key, value) VALUES (?1, ?2)"
    " ON CONFLICT (key) DO UPDATE SET value = excluded.value";
constexpr char kCountAccounts[] = "SELECT COUNT(*) FROM accounts";
constexpr char kInsertAccount[] = "INSERT INTO accounts (id, name) VALUES (?1, ?2)";
constexpr char kSelectAccountById[] = "SELECT id, name FROM accounts WHERE id = ?1";
constexpr char kSelectAccountByName[] = "SELECT id, name FROM accounts WHERE name = ?1";
constexpr char kSelectFirstAccount[] = "SELECT id, name FROM accounts ORDER BY rowid LIMIT 1";
constexpr char kInsertUser[] =
    "INSERT INTO users (id, account_id, name, password_hash, password_salt, is_root, is_enabled,"
    " revocation_counter) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr char kSelectUserById[] =
    "SELECT id, account_id, name, password_hash, password_salt, is_root, is_enabled,"
    " revocation_counter FROM users WHERE id = ?1";
constexpr char kSelectUserByName[] =
    "SELECT id, account_id, name, password_hash, password_salt, is_root, is_enabled,"
    " revocation_counter FROM users WHERE account_id = ?1 AND name = ?2";
constexpr char kInsertAccessKey[] =
    "INSERT INTO access_keys (access_key, secret_key, user_id, is_enabled, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr char kSelectAccessKey[] =
    "SELECT access_key, secret_key, user_id, is_enabled, created_at FROM access_keys"
    " WHERE access_key = ?1";
constexpr char kSelectAccessKeyAndUser[] =
    "SELECT k.access_key, k.secret_key, k.user_id, k.is_enabled, k.created_at, u.id,"
    " u.account_id, u.name, u.password_hash, u.password_salt, u.is_root, u.is_enabled,"
    " u.revocation_counter FROM access_keys k LEFT JOIN users u ON u.id = k.user_id"
    " WHERE k.access_key = ?1";
constexpr char kInsertProject[] =
    "INSERT INTO projects (id, account_id, name, description) VALUES (?1, ?2, ?3, ?4)";
constexpr char kSelectProjectById[] =
    "SELECT id, account_id, name, description FROM projects WHERE id = ?1";
constexpr char kSelectProjects[] =
    "SELECT id, account_id, name, description FROM projects"
    " WHERE account_id = ?1 AND (?2 = '' OR name = ?2) ORDER BY name";
constexpr char kInsertSigningKey[] =
    "INSERT INTO signing_keys (key_id, secret, created_at) VALUES (?1, ?2, ?3)";
constexpr char kSelectSigningKey[] =
    "SELECT key_id, secret, created_at FROM signing_keys WHERE key_id = ?1";
constexpr char kSelectNewestSigningKey[] =
    "SELECT key_id, secret, created_at FROM signing_keys ORDER BY created_at DESC, rowid DESC"
    " LIMIT 1";
constexpr char kSelectFreeNodeId[] =
    "WITH RECURSIVE ids (n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM ids WHERE n < 255)"
    " SELECT n FROM ids WHERE n NOT IN (SELECT node_id FROM node_leases WHERE expires_at >= ?1)"
    " ORDER BY n LIMIT 1";
constexpr char kUpsertNodeLease[] =
    "INSERT INTO node_leases (node_id, holder, expires_at) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (node_id) DO UPDATE SET holder = excluded.holder,"
    " expires_at = excluded.expires_at";
constexpr char kRenewNodeLease[] =
    "UPDATE node_leases SET expires_at = ?3 WHERE node_id = ?1 AND holder = ?2";
constexpr char kDeleteNodeLease[] = "DELETE FROM node_leases WHERE node_id = ?1 AND holder = ?2";

domain::Account ReadAccount(const Statement& row) { return {row.Text(0), row.Text(1)}; }

// Reads the user's eight columns starting at column `first`.
domain::User ReadUser(const Statement& row, int first = 0) {
  domain::User user;
  user.id = row.Text(first);
  user.account_id = row.Text(first + 1);
  user.name = row.Text(first + 2);
  user.password_hash = row.Text(first + 3);
  user.password_salt = row.Text(first + 4);
  user.is_root = row.Int(first + 5) != 0;
  user.is_enabled = row.Int(first + 6) != 0;
  user.revocation_counter = row.Int(first + 7);
  return user;
}

domain::AccessKey ReadAccessKey(const Statement& row) {
  return {row.Text(0), row.Text(1), row.Text(2), row.Int(3) != 0, row.Int(4)};
}

domain::Project ReadProject(const Statement& row) {
  return {row.Text(0), row.Text(1), row.Text(2), row.Text(3)};
}

domain::SigningKey ReadSigningKey(const Statement& row) {
  return {row.Text(0), row.Blob(1), row.Int(2)};
}

// Runs a query expected to give at most one row and converts it with `read`.
template <typename T, typename Reader>
Result<std::optional<T>> QueryOptional(Statement& statement, Reader read) {
  WSAPP_ASSIGN_OR_RETURN(bool has_row, statement.Step());
  if (!has_row) {
    return std::optional<T>();
  }
  return std::optional<T>(read(statement));
}

}  // namespace

SqlUnitOfWork::SqlUnitOfWork(UnitHost& host, std::unique_ptr<Connection> connection, bool is_write)
    : host_(host),
      owned_connection_(std::move(connection)),
      connection_(owned_connection_.get()),
      is_write_(is_write) {}

SqlUnitOfWork::SqlUnitOfWork(std::shared_ptr<SqlUnitOfWork> shared)
    : host_(shared->host_), connection_(shared->connection_), shared_(std::move(shared)) {}

Result<std::unique_ptr<UnitOfWork>> BeginRead(
    Store& store, const std::function<Result<std::unique_ptr<SqlUnitOfWork>>()>& begin) {
  SharedReadScope* scope = SharedReadScope::Active(store);
  if (scope == nullptr) {
    WSAPP_ASSIGN_OR_RETURN(std::unique_ptr<SqlUnitOfWork> unit, begin());
    return std::unique_ptr<UnitOfWork>(std::move(unit));
  }
  // Only this store's Begin fills its scope, and only with its own units.
  auto shared = std::static_pointer_cast<SqlUnitOfWork>(scope->unit());
  if (shared != nullptr && !shared->CanRunStatements()) {
    scope->Release();
    shared.reset();
  }
  if (shared == nullptr) {
    WSAPP_ASSIGN_OR_RETURN(std::unique_ptr<SqlUnitOfWork> unit, begin());
    shared = std::move(unit);
    scope->unit() = shared;
  }
  return std::unique_ptr<UnitOfWork>(new SqlUnitOfWork(std::move(shared)));
}

void StopSharingReads(const Store& store) {
  if (SharedReadScope* scope = SharedReadScope::Active(store)) {
    scope->Release();
  }
}

Status UnitHost::CommitUnit(std::unique_ptr<Connection>& connection, bool /*is_write*/) {
  Status committed = connection->Exec("COMMIT");
  if (!committed.ok() && connection->InTransaction()) {
    // A failed COMMIT can leave the transaction open (SQLite); close it so the pooled
    // connection is clean.
    (void)connection->Exec("ROLLBACK");
  }
  return committed;
}

void UnitHost::RollbackUnit(Connection& connection, bool /*is_write*/) {
  (void)connection.Exec("ROLLBACK");
}

SqlUnitOfWork::~SqlUnitOfWork() {
  if (shared_ != nullptr) {
    return;
  }
  if (!is_finished_) {
    host_.RollbackUnit(*connection_, is_write_);
  }
  host_.EndUnit(std::move(owned_connection_), is_write_);
}

Status SqlUnitOfWork::Commit() {
  if (shared_ != nullptr) {
    // A read on a shared transaction has nothing of its own to make durable.
    return OkStatus();
  }
  is_finished_ = true;
  Status committed = host_.CommitUnit(owned_connection_, is_write_);
  connection_ = owned_connection_.get();
  if (is_write_) {
    host_.WriteCommitted();
  }
  // Limitation: a connection lost during COMMIT leaves the outcome unknown: the change may be
  // durable. Running the unit again could make it twice, so this one is not retried; the
  // client gets 503 and must read the state to know (docs/limitations.md).
  if (!committed.ok() && committed.error().reason == "database_connection_lost") {
    Error unknown = committed.error();
    unknown.reason = "commit_outcome_unknown";
    return unknown;
  }
  return committed;
}

Result<std::optional<std::string>> SqlUnitOfWork::GetSetting(const std::string& key) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kSelectSetting));
  select.Bind(1, key);
  return QueryOptional<std::string>(select, [](const Statement& row) { return row.Text(0); });
}

Status SqlUnitOfWork::PutSetting(const std::string& key, const std::string& value) {
  WSAPP_ASSIGN_OR_RETURN(Statement upsert, connection_->Prepare(kUpsertSetting));
  return upsert.Bind(1, key).Bind(2, value).Run();
}

Result<int64_t> SqlUnitOfWork::CountAccounts() {
  WSAPP_ASSIGN_OR_RETURN(Statement count, connection_->Prepare(kCountAccounts));
  WSAPP_RETURN_IF_ERROR(count.Step());
  return count.Int(0);
}

Status SqlUnitOfWork::InsertAccount(const domain::Account& account) {
  WSAPP_ASSIGN_OR_RETURN(Statement insert, connection_->Prepare(kInsertAccount));
  return insert.Bind(1, account.id).Bind(2, account.name).Run();
}

Result<std::optional<domain::Account>> SqlUnitOfWork::FindAccountById(const std::string& id) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kSelectAccountById));
  select.Bind(1, id);
  return QueryOptional<domain::Account>(select, ReadAccount);
}

Result<std::optional<domain::Account>> SqlUnitOfWork::FindAccountByName(const std::string& name) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kSelectAccountByName));
  select.Bind(1, name);
  return QueryOptional<domain::Account>(select, ReadAccount);
}

Result<std::optional<domain::Account>> SqlUnitOfWork::FindFirstAccount() {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kSelectFirstAccount));
  return QueryOptional<domain::Account>(select, ReadAccount);
}

Status SqlUnitOfWork::InsertUser(const domain::User& user) {
  WSAPP_ASSIGN_OR_RETURN(Statement insert, connection_->Prepare(kInsertUser));
  return insert.Bind(1, user.id)
      .Bind(2, user.account_id)
      .Bind(3, user.name)
      .Bind(4, user.password_hash)
      .Bind(5, user.password_salt)
      .Bind(6, int64_t{user.is_root})
      .Bind(7, int64_t{user.is_enabled})
      .Bind(8, user.revocation_counter)
      .Run();
}

Result<std::optional<domain::User>> SqlUnitOfWork::FindUserById(const std::string& id) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kSelectUserById));
  select.Bind(1, id);
  return QueryOptional<domain::User>(select, [](const Statement& row) { return ReadUser(row); });
}

Result<std::optional<domain::User>> SqlUnitOfWork::FindUserByName(const std::string& account_id,
                                                                  const std::string& name) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kSelectUserByName));
  select.Bind(1, account_id).Bind(2, name);
  return QueryOptional<domain::User>(select, [](const Statement& row) { return ReadUser(row); });
}

Status SqlUnitOfWork::InsertAccessKey(const domain::AccessKey& key) {
  WSAPP_ASSIGN_OR_RETURN(Statement insert, connection_->Prepare(kInsertAccessKey));
  return insert.Bind(1, key.access_key)
      .Bind(2, key.secret_key)
      .Bind(3, key.user_id)
      .Bind(4, int64_t{key.is_enabled})
      .Bind(5, key.created_at_millis)
      .Run();
}

Result<std::optional<domain::AccessKey>> SqlUnitOfWork::FindAccessKey(
    const std::string& access_key) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kSelectAccessKey));
  select.Bind(1, access_key);
  return QueryOptional<domain::AccessKey>(select, ReadAccessKey);
}

Result<std::optional<UnitOfWork::KeyAndUser>> SqlUnitOfWork::FindAccessKeyAndUser(
    const std::string& access_key) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kSelectAccessKeyAndUser));
  select.Bind(1, access_key);
  return QueryOptional<KeyAndUser>(select, [](const Statement& row) {
    KeyAndUser found{ReadAccessKey(row), std::nullopt};
    if (!row.IsNull(5)) {
      found.user = ReadUser(row, 5);
    }
    return found;
  });
}

Status SqlUnitOfWork::InsertProject(const domain::Project& project) {
  WSAPP_ASSIGN_OR_RETURN(Statement insert, connection_->Prepare(kInsertProject));
  return insert.Bind(1, project.id)
      .Bind(2, project.account_id)
      .Bind(3, project.name)
      .Bind(4, project.description)
      .Run();
}

Result<std::optional<domain::Project>> SqlUnitOfWork::FindProjectById(const std::string& id) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kSelectProjectById));
  select.Bind(1, id);
  return QueryOptional<domain::Project>(select, ReadProject);
}

Result<std::vector<domain::Project>> SqlUnitOfWork::ListProjects(const std::string& account_id,
                                                                 const std::string& name) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kSelectProjects));
  select.Bind(1, account_id).Bind(2, name);
  std::vector<domain::Project> projects;
  while (true) {
    WSAPP_ASSIGN_OR_RETURN(bool has_row, select.Step());
    if (!has_row) {
      return projects;
    }
    projects.push_back(ReadProject(select));
  }
}

Status SqlUnitOfWork::InsertSigningKey(const domain::SigningKey& key) {
  WSAPP_ASSIGN_OR_RETURN(Statement insert, connection_->Prepare(kInsertSigningKey));
  return insert.Bind(1, key.key_id).BindBlob(2, key.secret).Bind(3, key.created_at_millis).Run();
}

Result<std::optional<domain::SigningKey>> SqlUnitOfWork::FindSigningKey(const std::string& key_id) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kSelectSigningKey));
  select.Bind(1, key_id);
  return QueryOptional<domain::SigningKey>(select, ReadSigningKey);
}

Result<std::optional<domain::SigningKey>> SqlUnitOfWork::FindNewestSigningKey() {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kSelectNewestSigningKey));
  return QueryOptional<domain::SigningKey>(select, ReadSigningKey);
}

Result<int> SqlUnitOfWork::LeaseNodeId(const std::string& holder, int64_t now_millis,
                                       int64_t expires_at_millis) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kSelectFreeNodeId));
  select.Bind(1, now_millis);
  WSAPP_ASSIGN_OR_RETURN(bool has_row, select.Step());
  if (!has_row) {
    return MakeError(ErrorCode::kResourceExhausted, "all 256 node ids are leased");
  }
  int node_id = static_cast<int>(select.Int(0));
  WSAPP_ASSIGN_OR_RETURN(Statement upsert, connection_->Prepare(kUpsertNodeLease));
  WSAPP_RETURN_IF_ERROR(
      upsert.Bind(1, int64_t{node_id}).Bind(2, holder).Bind(3, expires_at_millis).Run());
  return node_id;
}

Status SqlUnitOfWork::RenewNodeLease(int node_id, const std::string& holder,
                                     int64_t expires_at_millis) {
  WSAPP_ASSIGN_OR_RETURN(Statement update, connection_->Prepare(kRenewNodeLease));
  WSAPP_RETURN_IF_ERROR(
      update.Bind(1, int64_t{node_id}).Bind(2, holder).Bind(3, expires_at_millis).Run());
  if (connection_->Changes() == 0) {
    return MakeError(ErrorCode::kNotFound, "node lease was lost");
  }
  return OkStatus();
}

Status SqlUnitOfWork::ReleaseNodeId(int node_id, const std::string& holder) {
  WSAPP_ASSIGN_OR_RETURN(Statement remove, connection_->Prepare(kDeleteNodeLease));
  return remove.Bind(1, int64_t{node_id}).Bind(2, holder).Run();
}

}  // namespace wsapp::store::sql
