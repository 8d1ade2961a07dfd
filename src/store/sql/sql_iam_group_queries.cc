// IAM user groups and their memberships of SqlUnitOfWork (IAM administration, v5).
#include "store/sql/sql_iam_rows.h"
#include "store/sql/sql_unit_of_work.h"

namespace wsapp::store::sql {
namespace {

constexpr char kInsertGroup[] =
    "INSERT INTO iam_groups (id, account_id, name, description, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr char kSelectGroup[] =
    "SELECT id, account_id, name, description, created_at FROM iam_groups"
    " WHERE account_id = ?1 AND id = ?2";
constexpr char kListGroups[] =
    "SELECT g.id, g.account_id, g.name, g.description, g.created_at FROM iam_groups g"
    " WHERE g.account_id = ?1 AND g.id > ?2 AND (?3 = '' OR EXISTS (SELECT 1 FROM"
    " iam_group_members m WHERE m.group_id = g.id AND m.user_id = ?3))"
    " ORDER BY g.id LIMIT ?4";
constexpr char kUpdateGroup[] =
    "UPDATE iam_groups SET name = ?3, description = ?4 WHERE account_id = ?1 AND id = ?2";
constexpr char kDeleteGroupMembers[] = "DELETE FROM iam_group_members WHERE group_id = ?1";
constexpr char kDeleteGroupAttachments[] =
    "DELETE FROM iam_policy_attachments WHERE principal_type = 'group' AND principal_id = ?1";
constexpr char kDeleteGroupGrants[] = "DELETE FROM iam_project_grants WHERE group_id = ?1";
constexpr char kDeleteGroup[] = "DELETE FROM iam_groups WHERE account_id = ?1 AND id = ?2";
constexpr char kInsertMember[] =
    "INSERT INTO iam_group_members (group_id, user_id, created_at) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (group_id, user_id) DO NOTHING";
constexpr char kDeleteMember[] =
    "DELETE FROM iam_group_members WHERE group_id = ?1 AND user_id = ?2";

domain::IamGroup ReadGroup(const Statement& row) {
  return {row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Int(4)};
}

}  // namespace

Status SqlUnitOfWork::InsertIamGroup(const domain::IamGroup& group) {
  WSAPP_ASSIGN_OR_RETURN(Statement insert, connection_->Prepare(kInsertGroup));
  return insert.Bind(1, group.id)
      .Bind(2, group.account_id)
      .Bind(3, group.name)
      .Bind(4, group.description)
      .Bind(5, group.created_at_millis)
      .Run();
}

Result<std::optional<domain::IamGroup>> SqlUnitOfWork::FindIamGroup(const std::string& account_id,
                                                                    const std::string& group_id) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kSelectGroup));
  select.Bind(1, account_id).Bind(2, group_id);
  return QueryOptionalRow<domain::IamGroup>(select, ReadGroup);
}

Result<domain::MarkerPage<domain::IamGroup>> SqlUnitOfWork::ListIamGroups(
    const std::string& account_id, const domain::IamGroupFilter& filter,
    const domain::MarkerPageRequest& page) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kListGroups));
  select.Bind(1, account_id).Bind(2, page.marker).Bind(3, filter.user_id).Bind(4, page.limit + 1);
  WSAPP_ASSIGN_OR_RETURN(auto rows, QueryAllRows<domain::IamGroup>(select, ReadGroup));
  return ToMarkerPage(std::move(rows), page,
                      [](const domain::IamGroup& group) { return group.id; });
}

Status SqlUnitOfWork::UpdateIamGroup(const domain::IamGroup& group) {
  WSAPP_ASSIGN_OR_RETURN(Statement update, connection_->Prepare(kUpdateGroup));
  WSAPP_RETURN_IF_ERROR(update.Bind(1, group.account_id)
                            .Bind(2, group.id)
                            .Bind(3, group.name)
                            .Bind(4, group.description)
                            .Run());
  if (connection_->Changes() == 0) {
    return MakeError(ErrorCode::kNotFound, "no such group");
  }
  return OkStatus();
}

Result<bool> SqlUnitOfWork::DeleteIamGroup(const std::string& account_id,
                                           const std::string& group_id) {
  WSAPP_ASSIGN_OR_RETURN(auto group, FindIamGroup(account_id, group_id));
  if (!group) {
    return false;
  }
  for (const char* sql : {kDeleteGroupMembers, kDeleteGroupAttachments, kDeleteGroupGrants}) {
    WSAPP_ASSIGN_OR_RETURN(Statement remove, connection_->Prepare(sql));
    WSAPP_RETURN_IF_ERROR(remove.Bind(1, group_id).Run());
  }
  WSAPP_ASSIGN_OR_RETURN(Statement remove, connection_->Prepare(kDeleteGroup));
  WSAPP_RETURN_IF_ERROR(remove.Bind(1, account_id).Bind(2, group_id).Run());
  return true;
}

Result<bool> SqlUnitOfWork::AddIamGroupMember(const std::string& group_id,
                                              const std::string& user_id,
                                              int64_t created_at_millis) {
  WSAPP_ASSIGN_OR_RETURN(Statement insert, connection_->Prepare(kInsertMember));
  WSAPP_RETURN_IF_ERROR(insert.Bind(1, group_id).Bind(2, user_id).Bind(3, created_at_millis).Run());
  return connection_->Changes() > 0;
}

Result<bool> SqlUnitOfWork::RemoveIamGroupMember(const std::string& group_id,
                                                 const std::string& user_id) {
  WSAPP_ASSIGN_OR_RETURN(Statement remove, connection_->Prepare(kDeleteMember));
  WSAPP_RETURN_IF_ERROR(remove.Bind(1, group_id).Bind(2, user_id).Run());
  return connection_->Changes() > 0;
}

}  // namespace wsapp::store::sql
