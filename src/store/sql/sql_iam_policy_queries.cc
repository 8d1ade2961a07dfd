// Identity policies and their attachments of SqlUnitOfWork (IAM administration, v5).
#include "store/sql/sql_iam_rows.h"
#include "store/sql/sql_unit_of_work.h"

namespace wsapp::store::sql {
namespace {

constexpr char kInsertPolicy[] =
    "INSERT INTO iam_policies (id, account_id, name, policy_type, path, description, document,"
    " default_version_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
    " ?10)";
// In policy reads ?1 is the reading account: it scopes attachment_count and admits system
// policies.
constexpr char kSelectPolicy[] =
    "SELECT p.id, p.account_id, p.name, p.policy_type, p.path, p.description, p.document,"
    " p.default_version_id, p.created_at, p.updated_at, (SELECT COUNT(*) FROM"
    " iam_policy_attachments a WHERE a.policy_id = p.id AND a.account_id = ?1)"
    " FROM iam_policies p WHERE p.id = ?2"
    " AND p.account_id IN (?1, 'system')";
constexpr char kListPolicies[] =
    "SELECT p.id, p.account_id, p.name, p.policy_type, p.path, p.description, p.document,"
    " p.default_version_id, p.created_at, p.updated_at, (SELECT COUNT(*) FROM"
    " iam_policy_attachments a WHERE a.policy_id = p.id AND a.account_id = ?1)"
    " FROM iam_policies p WHERE p.account_id IN (?1, 'system') AND p.id > ?2"
    " AND (?3 = '' OR p.policy_type = ?3) AND substr(p.path, 1, length(?4)) = ?4"
    " AND (?5 = 0 OR EXISTS (SELECT 1 FROM iam_policy_attachments a"
    " WHERE a.policy_id = p.id AND a.account_id = ?1))"
    " ORDER BY p.id LIMIT ?6";
constexpr char kDeletePolicy[] =
    "DELETE FROM iam_policies WHERE account_id = ?1 AND id = ?2 AND policy_type = 'custom'";
constexpr char kInsertAttachment[] =
    "INSERT INTO iam_policy_attachments (policy_id, account_id, principal_type, principal_id,"
    " attached_at) VALUES (?2, ?1, ?3, ?4, ?5)"
    " ON CONFLICT (policy_id, principal_type, principal_id) DO NOTHING";
constexpr char kDeleteAttachment[] =
    "DELETE FROM iam_policy_attachments WHERE account_id = ?1 AND policy_id = ?2"
    " AND principal_type = ?3 AND principal_id = ?4";
constexpr char kListAttached[] =
    "SELECT p.id, p.name, p.account_id, a.attached_at FROM iam_policy_attachments a"
    " JOIN iam_policies p ON p.id = a.policy_id WHERE a.account_id = ?1"
    " AND a.principal_type = ?2 AND a.principal_id = ?3 AND p.id > ?4 ORDER BY p.id LIMIT ?5";
constexpr char kListEffective[] =
    "SELECT DISTINCT p.id, p.name, p.document, p.default_version_id FROM iam_policies p"
    " JOIN iam_policy_attachments a ON a.policy_id = p.id WHERE a.account_id = ?1"
    " AND ((a.principal_type = 'user' AND a.principal_id = ?2) OR (a.principal_type = 'group'"
    " AND a.principal_id IN (SELECT group_id FROM iam_group_members WHERE user_id = ?2)))"
    " ORDER BY p.id";

domain::IamPolicy ReadPolicy(const Statement& row) {
  domain::IamPolicy policy;
  policy.id = row.Text(0);
  policy.account_id = row.Text(1);
  policy.name = row.Text(2);
  policy.policy_type = row.Text(3);
  policy.path = row.Text(4);
  policy.description = row.Text(5);
  policy.document = row.Text(6);
  policy.default_version_id = row.Text(7);
  policy.created_at_millis = row.Int(8);
  policy.updated_at_millis = row.Int(9);
  policy.attachment_count = row.Int(10);
  return policy;
}

domain::AttachedPolicy ReadAttached(const Statement& row) {
  return {row.Text(0), row.Text(1), row.Text(2), row.Int(3)};
}

domain::EffectivePolicy ReadEffective(const Statement& row) {
  return {row.Text(0), row.Text(1), row.Text(2), row.Text(3)};
}

}  // namespace

Status SqlUnitOfWork::InsertIamPolicy(const domain::IamPolicy& policy) {
  WSAPP_ASSIGN_OR_RETURN(Statement insert, connection_->Prepare(kInsertPolicy));
  return insert.Bind(1, policy.id)
      .Bind(2, policy.account_id)
      .Bind(3, policy.name)
      .Bind(4, policy.policy_type)
      .Bind(5, policy.path)
      .Bind(6, policy.description)
      .Bind(7, policy.document)
      .Bind(8, policy.default_version_id)
      .Bind(9, policy.created_at_millis)
      .Bind(10, policy.updated_at_millis)
      .Run();
}

Result<std::optional<domain::IamPolicy>> SqlUnitOfWork::FindIamPolicy(
    const std::string& account_id, const std::string& policy_id) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kSelectPolicy));
  select.Bind(1, account_id).Bind(2, policy_id);
  return QueryOptionalRow<domain::IamPolicy>(select, ReadPolicy);
}

Result<domain::MarkerPage<domain::IamPolicy>> SqlUnitOfWork::ListIamPolicies(
    const std::string& account_id, const domain::IamPolicyFilter& filter,
    const domain::MarkerPageRequest& page) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kListPolicies));
  select.Bind(1, account_id)
      .Bind(2, page.marker)
      .Bind(3, filter.policy_type)
      .Bind(4, filter.path_prefix)
      .Bind(5, int64_t{filter.only_attached})
      .Bind(6, page.limit + 1);
  WSAPP_ASSIGN_OR_RETURN(auto rows, QueryAllRows<domain::IamPolicy>(select, ReadPolicy));
  return ToMarkerPage(std::move(rows), page,
                      [](const domain::IamPolicy& policy) { return policy.id; });
}

Result<bool> SqlUnitOfWork::DeleteIamPolicy(const std::string& account_id,
                                            const std::string& policy_id) {
  WSAPP_ASSIGN_OR_RETURN(Statement remove, connection_->Prepare(kDeletePolicy));
  WSAPP_RETURN_IF_ERROR(remove.Bind(1, account_id).Bind(2, policy_id).Run());
  return connection_->Changes() > 0;
}

Result<bool> SqlUnitOfWork::AttachIamPolicy(const std::string& account_id,
                                            const std::string& policy_id,
                                            const std::string& principal_type,
                                            const std::string& principal_id,
                                            int64_t attached_at_millis) {
  WSAPP_ASSIGN_OR_RETURN(Statement insert, connection_->Prepare(kInsertAttachment));
  WSAPP_RETURN_IF_ERROR(insert.Bind(1, account_id)
                            .Bind(2, policy_id)
                            .Bind(3, principal_type)
                            .Bind(4, principal_id)
                            .Bind(5, attached_at_millis)
                            .Run());
  return connection_->Changes() > 0;
}

Result<bool> SqlUnitOfWork::DetachIamPolicy(const std::string& account_id,
                                            const std::string& policy_id,
                                            const std::string& principal_type,
                                            const std::string& principal_id) {
  WSAPP_ASSIGN_OR_RETURN(Statement remove, connection_->Prepare(kDeleteAttachment));
  WSAPP_RETURN_IF_ERROR(remove.Bind(1, account_id)
                            .Bind(2, policy_id)
                            .Bind(3, principal_type)
                            .Bind(4, principal_id)
                            .Run());
  return connection_->Changes() > 0;
}

Result<domain::MarkerPage<domain::AttachedPolicy>> SqlUnitOfWork::ListAttachedPolicies(
    const std::string& account_id, const std::string& principal_type,
    const std::string& principal_id, const domain::MarkerPageRequest& page) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kListAttached));
  select.Bind(1, account_id)
      .Bind(2, principal_type)
      .Bind(3, principal_id)
      .Bind(4, page.marker)
      .Bind(5, page.limit + 1);
  WSAPP_ASSIGN_OR_RETURN(auto rows, QueryAllRows<domain::AttachedPolicy>(select, ReadAttached));
  return ToMarkerPage(std::move(rows), page,
                      [](const domain::AttachedPolicy& policy) { return policy.policy_id; });
}

Result<std::vector<domain::EffectivePolicy>> SqlUnitOfWork::ListEffectivePolicies(
    const std::string& account_id, const std::string& user_id) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kListEffective));
  select.Bind(1, account_id).Bind(2, user_id);
  return QueryAllRows<domain::EffectivePolicy>(select, ReadEffective);
}

}  // namespace wsapp::store::sql
