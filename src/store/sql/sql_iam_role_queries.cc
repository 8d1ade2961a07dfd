// The role-based model (v3) of SqlUnitOfWork: custom policies and their project grants.
#include "domain/app_group.h"
#include "store/sql/sql_iam_rows.h"
#include "store/sql/sql_unit_of_work.h"

namespace wsapp::store::sql {
namespace {

constexpr char kInsertRole[] =
    "INSERT INTO iam_roles (id, account_id, name, display_name, type, description,"
    " description_cn, policy, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr char kSelectRole[] =
    "SELECT id, account_id, name, display_name, type, description, description_cn, policy,"
    " created_at, updated_at FROM iam_roles WHERE account_id = ?1 AND id = ?2";
constexpr char kListRoles[] =
    "SELECT id, account_id, name, display_name, type, description, description_cn, policy,"
    " created_at, updated_at FROM iam_roles WHERE account_id = ?1"
    " ORDER BY created_at DESC, id DESC LIMIT ?2 OFFSET ?3";
constexpr char kCountRoles[] = "SELECT COUNT(*) FROM iam_roles WHERE account_id = ?1";
constexpr char kUpdateRole[] =
    "UPDATE iam_roles SET display_name = ?3, type = ?4, description = ?5, description_cn = ?6,"
    " policy = ?7, updated_at = ?8 WHERE account_id = ?1 AND id = ?2";
constexpr char kDeleteRole[] = "DELETE FROM iam_roles WHERE account_id = ?1 AND id = ?2";
constexpr char kCountGrants[] = "SELECT COUNT(*) FROM iam_project_grants WHERE role_id = ?1";
constexpr char kInsertGrant[] =
    "INSERT INTO iam_project_grants (project_id, group_id, role_id, created_at)"
    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (project_id, group_id, role_id) DO NOTHING";
constexpr char kDeleteGrant[] =
    "DELETE FROM iam_project_grants WHERE project_id = ?1 AND group_id = ?2 AND role_id = ?3";
constexpr char kListGroupRoles[] =
    "SELECT role_id FROM iam_project_grants WHERE project_id = ?1 AND group_id = ?2"
    " ORDER BY created_at, role_id";
// Custom roles of the user's account and system policies, granted on the project to any group
// the user belongs to.
constexpr char kListGrantedPolicies[] =
    "SELECT r.id, r.display_name, r.policy, '1.1' FROM iam_roles r WHERE r.account_id = ?1"
    " AND r.id IN (SELECT g.role_id FROM iam_project_grants g JOIN iam_group_members m"
    " ON m.group_id = g.group_id WHERE g.project_id = ?3 AND m.user_id = ?2)"
    " UNION ALL SELECT p.id, p.name, p.document, '5.0' FROM iam_policies p"
    " WHERE p.account_id = 'system' AND p.id IN (SELECT g.role_id FROM iam_project_grants g"
    " JOIN iam_group_members m ON m.group_id = g.group_id WHERE g.project_id = ?3"
    " AND m.user_id = ?2) ORDER BY 1";

domain::IamRole ReadRole(const Statement& row) {
  return {row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4),
          row.Text(5), row.Text(6), row.Text(7), row.Int(8),  row.Int(9)};
}

domain::EffectivePolicy ReadGranted(const Statement& row) {
  domain::EffectivePolicy policy;
  policy.policy_id = row.Text(0);
  policy.name = row.Text(1);
  policy.document = row.Text(2);
  policy.language = row.Text(3);
  return policy;
}

int64_t ReadCount(const Statement& row) { return row.Int(0); }

}  // namespace

Status SqlUnitOfWork::InsertIamRole(const domain::IamRole& role) {
  WSAPP_ASSIGN_OR_RETURN(Statement insert, connection_->Prepare(kInsertRole));
  return insert.Bind(1, role.id)
      .Bind(2, role.account_id)
      .Bind(3, role.name)
      .Bind(4, role.display_name)
      .Bind(5, role.type)
      .Bind(6, role.description)
      .Bind(7, role.description_cn)
      .Bind(8, role.policy)
      .Bind(9, role.created_at_millis)
      .Bind(10, role.updated_at_millis)
      .Run();
}

Result<std::optional<domain::IamRole>> SqlUnitOfWork::FindIamRole(const std::string& account_id,
                                                                  const std::string& role_id) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kSelectRole));
  select.Bind(1, account_id).Bind(2, role_id);
  return QueryOptionalRow<domain::IamRole>(select, ReadRole);
}

Result<domain::Page<domain::IamRole>> SqlUnitOfWork::ListIamRoles(const std::string& account_id,
                                                                  const domain::PageRequest& page) {
  domain::Page<domain::IamRole> result;
  {
    WSAPP_ASSIGN_OR_RETURN(Statement count, connection_->Prepare(kCountRoles));
    count.Bind(1, account_id);
    WSAPP_ASSIGN_OR_RETURN(auto total, QueryOptionalRow<int64_t>(count, ReadCount));
    result.count = total.value_or(0);
  }
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kListRoles));
  select.Bind(1, account_id).Bind(2, page.limit).Bind(3, page.offset);
  WSAPP_ASSIGN_OR_RETURN(result.items, QueryAllRows<domain::IamRole>(select, ReadRole));
  return result;
}

Status SqlUnitOfWork::UpdateIamRole(const domain::IamRole& role) {
  WSAPP_ASSIGN_OR_RETURN(Statement update, connection_->Prepare(kUpdateRole));
  WSAPP_RETURN_IF_ERROR(update.Bind(1, role.account_id)
                            .Bind(2, role.id)
                            .Bind(3, role.display_name)
                            .Bind(4, role.type)
                            .Bind(5, role.description)
                            .Bind(6, role.description_cn)
                            .Bind(7, role.policy)
                            .Bind(8, role.updated_at_millis)
                            .Run());
  if (connection_->Changes() == 0) {
    return MakeError(ErrorCode::kNotFound, "no such role");
  }
  return OkStatus();
}

Result<bool> SqlUnitOfWork::DeleteIamRole(const std::string& account_id,
                                          const std::string& role_id) {
  WSAPP_ASSIGN_OR_RETURN(Statement remove, connection_->Prepare(kDeleteRole));
  WSAPP_RETURN_IF_ERROR(remove.Bind(1, account_id).Bind(2, role_id).Run());
  return connection_->Changes() > 0;
}

Result<int64_t> SqlUnitOfWork::CountRoleGrants(const std::string& role_id) {
  WSAPP_ASSIGN_OR_RETURN(Statement count, connection_->Prepare(kCountGrants));
  count.Bind(1, role_id);
  WSAPP_ASSIGN_OR_RETURN(auto total, QueryOptionalRow<int64_t>(count, ReadCount));
  return total.value_or(0);
}

Result<bool> SqlUnitOfWork::GrantRoleOnProject(const std::string& project_id,
                                               const std::string& group_id,
                                               const std::string& role_id,
                                               int64_t created_at_millis) {
  WSAPP_ASSIGN_OR_RETURN(Statement insert, connection_->Prepare(kInsertGrant));
  WSAPP_RETURN_IF_ERROR(insert.Bind(1, project_id)
                            .Bind(2, group_id)
                            .Bind(3, role_id)
                            .Bind(4, created_at_millis)
                            .Run());
  return connection_->Changes() > 0;
}

Result<bool> SqlUnitOfWork::RevokeRoleOnProject(const std::string& project_id,
                                                const std::string& group_id,
                                                const std::string& role_id) {
  WSAPP_ASSIGN_OR_RETURN(Statement remove, connection_->Prepare(kDeleteGrant));
  WSAPP_RETURN_IF_ERROR(remove.Bind(1, project_id).Bind(2, group_id).Bind(3, role_id).Run());
  return connection_->Changes() > 0;
}

Result<std::vector<std::string>> SqlUnitOfWork::ListProjectGroupRoles(const std::string& project_id,
                                                                      const std::string& group_id) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kListGroupRoles));
  select.Bind(1, project_id).Bind(2, group_id);
  return QueryAllRows<std::string>(select, [](const Statement& row) { return row.Text(0); });
}

Result<std::vector<domain::EffectivePolicy>> SqlUnitOfWork::ListGrantedRolePolicies(
    const std::string& account_id, const std::string& user_id, const std::string& project_id) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kListGrantedPolicies));
  select.Bind(1, account_id).Bind(2, user_id).Bind(3, project_id);
  return QueryAllRows<domain::EffectivePolicy>(select, ReadGranted);
}

}  // namespace wsapp::store::sql
