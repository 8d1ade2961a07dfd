// IAM users, login profiles and access keys of SqlUnitOfWork (IAM administration, v5).
#include "store/sql/sql_iam_rows.h"
#include "store/sql/sql_unit_of_work.h"

namespace wsapp::store::sql {
namespace {

constexpr char kInsertUser[] =
    "INSERT INTO users (id, account_id, name, password_hash, password_salt, is_root, is_enabled,"
    " revocation_counter, description, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr char kSelectUser[] =
    "SELECT id, account_id, name, password_hash, password_salt, is_root, is_enabled,"
    " revocation_counter, description, created_at FROM users WHERE account_id = ?1 AND id = ?2";
constexpr char kListUsers[] =
    "SELECT u.id, u.account_id, u.name, u.password_hash, u.password_salt, u.is_root,"
    " u.is_enabled, u.revocation_counter, u.description, u.created_at FROM users u"
    " WHERE u.account_id = ?1 AND u.id > ?2 AND (?3 = '' OR EXISTS (SELECT 1 FROM"
    " iam_group_members m WHERE m.group_id = ?3 AND m.user_id = u.id))"
    " ORDER BY u.id LIMIT ?4";
constexpr char kUpdateUser[] =
    "UPDATE users SET name = ?3, description = ?4, is_enabled = ?5, revocation_counter = ?6"
    " WHERE account_id = ?1 AND id = ?2";
constexpr char kDeleteUserKeys[] = "DELETE FROM access_keys WHERE user_id = ?1";
constexpr char kDeleteUserProfile[] = "DELETE FROM login_profiles WHERE user_id = ?1";
constexpr char kDeleteUserMemberships[] = "DELETE FROM iam_group_members WHERE user_id = ?1";
constexpr char kDeleteUserAttachments[] =
    "DELETE FROM iam_policy_attachments WHERE principal_type = 'user' AND principal_id = ?1";
constexpr char kDeleteUser[] = "DELETE FROM users WHERE account_id = ?1 AND id = ?2";
constexpr char kInsertProfile[] =
    "INSERT INTO login_profiles (user_id, password_reset_required, created_at)"
    " VALUES (?1, ?2, ?3)";
constexpr char kSelectProfile[] =
    "SELECT user_id, password_reset_required, created_at FROM login_profiles WHERE user_id = ?1";
constexpr char kUpdateProfile[] =
    "UPDATE login_profiles SET password_reset_required = ?2 WHERE user_id = ?1";
constexpr char kSetPassword[] =
    "UPDATE users SET password_hash = ?2, password_salt = ?3 WHERE id = ?1";
constexpr char kSetPasswordAndRevoke[] =
    "UPDATE users SET password_hash = ?2, password_salt = ?3,"
    " revocation_counter = revocation_counter + 1 WHERE id = ?1";
constexpr char kListKeys[] =
    "SELECT access_key, secret_key, user_id, is_enabled, created_at FROM access_keys"
    " WHERE user_id = ?1 ORDER BY created_at, access_key";
constexpr char kSetKeyEnabled[] =
    "UPDATE access_keys SET is_enabled = ?3 WHERE user_id = ?1 AND access_key = ?2";
constexpr char kDeleteKey[] = "DELETE FROM access_keys WHERE user_id = ?1 AND access_key = ?2";

domain::User ReadUser(const Statement& row) {
  domain::User user;
  user.id = row.Text(0);
  user.account_id = row.Text(1);
  user.name = row.Text(2);
  user.password_hash = row.Text(3);
  user.password_salt = row.Text(4);
  user.is_root = row.Int(5) != 0;
  user.is_enabled = row.Int(6) != 0;
  user.revocation_counter = row.Int(7);
  user.description = row.Text(8);
  user.created_at_millis = row.Int(9);
  return user;
}

domain::LoginProfile ReadProfile(const Statement& row) {
  return {row.Text(0), row.Int(1) != 0, row.Int(2)};
}

domain::AccessKey ReadKey(const Statement& row) {
  return {row.Text(0), row.Text(1), row.Text(2), row.Int(3) != 0, row.Int(4)};
}

}  // namespace

Status SqlUnitOfWork::InsertIamUser(const domain::User& user) {
  WSAPP_ASSIGN_OR_RETURN(Statement insert, connection_->Prepare(kInsertUser));
  return insert.Bind(1, user.id)
      .Bind(2, user.account_id)
      .Bind(3, user.name)
      .Bind(4, user.password_hash)
      .Bind(5, user.password_salt)
      .Bind(6, int64_t{user.is_root})
      .Bind(7, int64_t{user.is_enabled})
      .Bind(8, user.revocation_counter)
      .Bind(9, user.description)
      .Bind(10, user.created_at_millis)
      .Run();
}

Result<std::optional<domain::User>> SqlUnitOfWork::FindIamUser(const std::string& account_id,
                                                               const std::string& user_id) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kSelectUser));
  select.Bind(1, account_id).Bind(2, user_id);
  return QueryOptionalRow<domain::User>(select, ReadUser);
}

Result<domain::MarkerPage<domain::User>> SqlUnitOfWork::ListIamUsers(
    const std::string& account_id, const domain::IamUserFilter& filter,
    const domain::MarkerPageRequest& page) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kListUsers));
  select.Bind(1, account_id).Bind(2, page.marker).Bind(3, filter.group_id).Bind(4, page.limit + 1);
  WSAPP_ASSIGN_OR_RETURN(auto rows, QueryAllRows<domain::User>(select, ReadUser));
  return ToMarkerPage(std::move(rows), page, [](const domain::User& user) { return user.id; });
}

Status SqlUnitOfWork::UpdateIamUser(const domain::User& user) {
  WSAPP_ASSIGN_OR_RETURN(Statement update, connection_->Prepare(kUpdateUser));
  WSAPP_RETURN_IF_ERROR(update.Bind(1, user.account_id)
                            .Bind(2, user.id)
                            .Bind(3, user.name)
                            .Bind(4, user.description)
                            .Bind(5, int64_t{user.is_enabled})
                            .Bind(6, user.revocation_counter)
                            .Run());
  if (connection_->Changes() == 0) {
    return MakeError(ErrorCode::kNotFound, "no such user");
  }
  return OkStatus();
}

Result<bool> SqlUnitOfWork::DeleteIamUser(const std::string& account_id,
                                          const std::string& user_id) {
  WSAPP_ASSIGN_OR_RETURN(auto user, FindIamUser(account_id, user_id));
  if (!user) {
    return false;
  }
  // Dependants first: access_keys, login_profiles and memberships reference the user row.
  for (const char* sql :
       {kDeleteUserKeys, kDeleteUserProfile, kDeleteUserMemberships, kDeleteUserAttachments}) {
    WSAPP_ASSIGN_OR_RETURN(Statement remove, connection_->Prepare(sql));
    WSAPP_RETURN_IF_ERROR(remove.Bind(1, user_id).Run());
  }
  WSAPP_ASSIGN_OR_RETURN(Statement remove, connection_->Prepare(kDeleteUser));
  WSAPP_RETURN_IF_ERROR(remove.Bind(1, account_id).Bind(2, user_id).Run());
  return true;
}

Status SqlUnitOfWork::InsertLoginProfile(const domain::LoginProfile& profile,
                                         const PasswordHash& password) {
  WSAPP_ASSIGN_OR_RETURN(Statement insert, connection_->Prepare(kInsertProfile));
  WSAPP_RETURN_IF_ERROR(insert.Bind(1, profile.user_id)
                            .Bind(2, int64_t{profile.password_reset_required})
                            .Bind(3, profile.created_at_millis)
                            .Run());
  WSAPP_ASSIGN_OR_RETURN(Statement update, connection_->Prepare(kSetPassword));
  return update.Bind(1, profile.user_id)
      .Bind(2, password.hash_hex)
      .Bind(3, password.salt_hex)
      .Run();
}

Result<std::optional<domain::LoginProfile>> SqlUnitOfWork::FindLoginProfile(
    const std::string& user_id) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kSelectProfile));
  select.Bind(1, user_id);
  return QueryOptionalRow<domain::LoginProfile>(select, ReadProfile);
}

Status SqlUnitOfWork::UpdateLoginProfile(const domain::LoginProfile& profile,
                                         const std::optional<PasswordHash>& password) {
  WSAPP_ASSIGN_OR_RETURN(Statement update, connection_->Prepare(kUpdateProfile));
  WSAPP_RETURN_IF_ERROR(
      update.Bind(1, profile.user_id).Bind(2, int64_t{profile.password_reset_required}).Run());
  if (connection_->Changes() == 0) {
    return MakeError(ErrorCode::kNotFound, "no such login profile");
  }
  if (!password) {
    return OkStatus();
  }
  WSAPP_ASSIGN_OR_RETURN(Statement set, connection_->Prepare(kSetPasswordAndRevoke));
  return set.Bind(1, profile.user_id).Bind(2, password->hash_hex).Bind(3, password->salt_hex).Run();
}

Result<bool> SqlUnitOfWork::DeleteLoginProfile(const std::string& user_id) {
  WSAPP_ASSIGN_OR_RETURN(Statement remove, connection_->Prepare(kDeleteUserProfile));
  WSAPP_RETURN_IF_ERROR(remove.Bind(1, user_id).Run());
  if (connection_->Changes() == 0) {
    return false;
  }
  WSAPP_ASSIGN_OR_RETURN(Statement clear, connection_->Prepare(kSetPasswordAndRevoke));
  WSAPP_RETURN_IF_ERROR(clear.Bind(1, user_id).Bind(2, "").Bind(3, "").Run());
  return true;
}

Result<std::vector<domain::AccessKey>> SqlUnitOfWork::ListUserAccessKeys(
    const std::string& user_id) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kListKeys));
  select.Bind(1, user_id);
  return QueryAllRows<domain::AccessKey>(select, ReadKey);
}

Result<bool> SqlUnitOfWork::SetAccessKeyEnabled(const std::string& user_id,
                                                const std::string& access_key, bool is_enabled) {
  WSAPP_ASSIGN_OR_RETURN(Statement update, connection_->Prepare(kSetKeyEnabled));
  WSAPP_RETURN_IF_ERROR(
      update.Bind(1, user_id).Bind(2, access_key).Bind(3, int64_t{is_enabled}).Run());
  return connection_->Changes() > 0;
}

Result<bool> SqlUnitOfWork::DeleteAccessKey(const std::string& user_id,
                                            const std::string& access_key) {
  WSAPP_ASSIGN_OR_RETURN(Statement remove, connection_->Prepare(kDeleteKey));
  WSAPP_RETURN_IF_ERROR(remove.Bind(1, user_id).Bind(2, access_key).Run());
  return connection_->Changes() > 0;
}

}  // namespace wsapp::store::sql
