// The end-user directory of SqlUnitOfWork: users, user groups and memberships.
#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>

#include "store/sql/sql_unit_of_work.h"

namespace wsapp::store::sql {
namespace {

constexpr char kInsertUser[] =
    "INSERT INTO directory_users (project_id, id, user_name, user_email, user_phone, active_type,"
    " account_expires, enable_change_password, next_login_change_password, description,"
    " alias_name, enterprise_project_id, user_info_map, domain, created_at) VALUES (?1, ?2, ?3,"
    " ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
// Every user read carries its group names as a JSON array in the last column.
constexpr char kSelectUserById[] =
    "SELECT u.project_id, u.id, u.user_name, u.user_email, u.user_phone, u.active_type,"
    " u.account_expires, u.enable_change_password, u.next_login_change_password, u.description,"
    " u.alias_name, u.enterprise_project_id, u.user_info_map, u.domain, u.created_at,"
    " (SELECT json_group_array(g.name) FROM directory_memberships m JOIN directory_groups g"
    " ON g.project_id = m.project_id AND g.id = m.group_id"
    " WHERE m.project_id = u.project_id AND m.user_id = u.id)"
    " FROM directory_users u WHERE u.project_id = ?1 AND u.id = ?2";
constexpr char kSelectUserByName[] =
    "SELECT u.project_id, u.id, u.user_name, u.user_email, u.user_phone, u.active_type,"
    " u.account_expires, u.enable_change_password, u.next_login_change_password, u.description,"
    " u.alias_name, u.enterprise_project_id, u.user_info_map, u.domain, u.created_at,"
    " (SELECT json_group_array(g.name) FROM directory_memberships m JOIN directory_groups g"
    " ON g.project_id = m.project_id AND g.id = m.group_id"
    " WHERE m.project_id = u.project_id AND m.user_id = u.id)"
    " FROM directory_users u WHERE u.project_id = ?1 AND u.user_name = ?2";
// The list and count queries share the filter parameters ?1..?6.
constexpr char kListUsers[] =
    "SELECT u.project_id, u.id, u.user_name, u.user_email, u.user_phone, u.active_type,"
    " u.account_expires, u.enable_change_password, u.next_login_change_password, u.description,"
    " u.alias_name, u.enterprise_project_id, u.user_info_map, u.domain, u.created_at,"
    " (SELECT json_group_array(g.name) FROM directory_memberships m JOIN directory_groups g"
    " ON g.project_id = m.project_id AND g.id = m.group_id"
    " WHERE m.project_id = u.project_id AND m.user_id = u.id)"
    " FROM directory_users u WHERE u.project_id = ?1 AND (?2 = '' OR instr(u.user_name, ?2) > 0)"
    " AND (?3 = '' OR instr(u.description, ?3) > 0) AND (?4 = '' OR u.active_type = ?4)"
    " AND (?5 = '' OR EXISTS (SELECT 1 FROM directory_memberships m JOIN directory_groups g"
    " ON g.project_id = m.project_id AND g.id = m.group_id WHERE m.project_id = u.project_id"
    " AND m.user_id = u.id AND g.name = ?5))"
    " AND (?6 = '' OR EXISTS (SELECT 1 FROM directory_memberships m"
    " WHERE m.project_id = u.project_id AND m.user_id = u.id AND m.group_id = ?6))"
    " ORDER BY u.created_at DESC, u.id DESC LIMIT ?7 OFFSET ?8";
constexpr char kCountUsers[] =
    "SELECT COUNT(*) FROM directory_users u WHERE u.project_id = ?1"
    " AND (?2 = '' OR instr(u.user_name, ?2) > 0) AND (?3 = '' OR instr(u.description, ?3) > 0)"
    " AND (?4 = '' OR u.active_type = ?4)"
    " AND (?5 = '' OR EXISTS (SELECT 1 FROM directory_memberships m JOIN directory_groups g"
    " ON g.project_id = m.project_id AND g.id = m.group_id WHERE m.project_id = u.project_id"
    " AND m.user_id = u.id AND g.name = ?5))"
    " AND (?6 = '' OR EXISTS (SELECT 1 FROM directory_memberships m"
    " WHERE m.project_id = u.project_id AND m.user_id = u.id AND m.group_id = ?6))";
constexpr char kDeleteUser[] = "DELETE FROM directory_users WHERE project_id = ?1 AND id = ?2";
constexpr char kDeleteUserMemberships[] =
    "DELETE FROM directory_memberships WHERE project_id = ?1 AND user_id = ?2";

constexpr char kInsertGroup[] =
    "INSERT INTO directory_groups (project_id, id, name, platform_type, description, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr char kSelectGroup[] =
    "SELECT g.project_id, g.id, g.name, g.platform_type, g.description, g.created_at,"
    " (SELECT COUNT(*) FROM directory_memberships m WHERE m.project_id = g.project_id"
    " AND m.group_id = g.id) FROM directory_groups g WHERE g.project_id = ?1 AND g.id = ?2";
constexpr char kListGroups[] =
    "SELECT g.project_id, g.id, g.name, g.platform_type, g.description, g.created_at,"
    " (SELECT COUNT(*) FROM directory_memberships m WHERE m.project_id = g.project_id"
    " AND m.group_id = g.id) FROM directory_groups g WHERE g.project_id = ?1"
    " AND (?2 = '' OR instr(g.name, ?2) > 0)"
    " AND (?3 = '' OR instr(?3, ',' || g.platform_type || ',') > 0)"
    " ORDER BY g.created_at DESC, g.id DESC LIMIT ?4 OFFSET ?5";
constexpr char kCountGroups[] =
    "SELECT COUNT(*) FROM directory_groups g WHERE g.project_id = ?1"
    " AND (?2 = '' OR instr(g.name, ?2) > 0)"
    " AND (?3 = '' OR instr(?3, ',' || g.platform_type || ',') > 0)";
constexpr char kDeleteGroup[] = "DELETE FROM directory_groups WHERE project_id = ?1 AND id = ?2";
constexpr char kDeleteGroupMemberships[] =
    "DELETE FROM directory_memberships WHERE project_id = ?1 AND group_id = ?2";

constexpr char kInsertMembership[] =
    "INSERT INTO directory_memberships (project_id, group_id, user_id, created_at)"
    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (project_id, group_id, user_id) DO NOTHING";
constexpr char kDeleteMembership[] =
    "DELETE FROM directory_memberships WHERE project_id = ?1 AND group_id = ?2 AND user_id = ?3";

// A directory account's grants are those of its type held under its id or its name: grants
// made before the directory existed may carry only the name.
constexpr char kDeleteAccountGrants[] =
    "DELETE FROM authorizations WHERE project_id = ?1 AND account_type = ?2"
    " AND (account_id = ?3 OR account = ?4) RETURNING id, project_id, app_group_id, app_id,"
    " authorization_type, account, account_type, account_id, domain, email, telephone_number,"
    " platform_type, created_at";

domain::DirectoryUser ReadUser(const Statement& row) {
  domain::DirectoryUser user;
  user.project_id = row.Text(0);
  user.id = row.Text(1);
  user.user_name = row.Text(2);
  user.user_email = row.Text(3);
  user.user_phone = row.Text(4);
  user.active_type = row.Text(5);
  user.account_expires_millis = row.Int(6);
  user.enable_change_password = row.Int(7) != 0;
  user.next_login_change_password = row.Int(8) != 0;
  user.description = row.Text(9);
  user.alias_name = row.Text(10);
  user.enterprise_project_id = row.Text(11);
  user.user_info_map = row.Text(12);
  user.domain = row.Text(13);
  user.created_at_millis = row.Int(14);
  // json_group_array always yields an array of the group names, which are strings.
  nlohmann::json names = nlohmann::json::parse(row.Text(15), nullptr, false);
  if (names.is_array()) {
    for (const nlohmann::json& name : names) {
      if (name.is_string()) {
        user.group_names.push_back(name.get<std::string>());
      }
    }
  }
  std::sort(user.group_names.begin(), user.group_names.end());
  return user;
}

domain::DirectoryGroup ReadGroup(const Statement& row) {
  domain::DirectoryGroup group;
  group.project_id = row.Text(0);
  group.id = row.Text(1);
  group.name = row.Text(2);
  group.platform_type = row.Text(3);
  group.description = row.Text(4);
  group.created_at_millis = row.Int(5);
  group.user_quantity = row.Int(6);
  return group;
}

domain::Authorization ReadGrant(const Statement& row) {
  domain::Authorization grant;
  grant.id = row.Text(0);
  grant.project_id = row.Text(1);
  grant.app_group_id = row.Text(2);
  grant.app_id = row.Text(3);
  grant.authorization_type = row.Text(4);
  grant.account.account = row.Text(5);
  grant.account.account_type = row.Text(6);
  grant.account.id = row.Text(7);
  grant.account.domain = row.Text(8);
  grant.account.email = row.Text(9);
  grant.account.telephone_number = row.Text(10);
  grant.account.platform_type = row.Text(11);
  grant.created_at_millis = row.Int(12);
  return grant;
}

void BindUserFilter(Statement& statement, const std::string& project_id,
                    const domain::DirectoryUserFilter& filter) {
  statement.Bind(1, project_id)
      .Bind(2, filter.user_name_contains)
      .Bind(3, filter.description_contains)
      .Bind(4, filter.active_type)
      .Bind(5, filter.group_name)
      .Bind(6, filter.group_id);
}

// ?3 is the platform types as ",AD,LOCAL,", so that one parameter carries the whole list.
void BindGroupFilter(Statement& statement, const std::string& project_id,
                     const domain::DirectoryGroupFilter& filter) {
  std::string platform_types;
  for (const std::string& type : filter.platform_types) {
    platform_types += "," + type;
  }
  if (!platform_types.empty()) {
    platform_types += ",";
  }
  statement.Bind(1, project_id).Bind(2, filter.keyword).Bind(3, platform_types);
}

Result<int64_t> QueryCount(Statement& statement) {
  WSAPP_RETURN_IF_ERROR(statement.Step());
  return statement.Int(0);
}

// Deletes the grants an account holds (see kDeleteAccountGrants) and returns them.
Result<std::vector<domain::Authorization>> DeleteAccountGrants(Connection& connection,
                                                               const std::string& project_id,
                                                               std::string_view account_type,
                                                               const std::string& account_id,
                                                               const std::string& account) {
  WSAPP_ASSIGN_OR_RETURN(Statement remove, connection.Prepare(kDeleteAccountGrants));
  remove.Bind(1, project_id).Bind(2, account_type).Bind(3, account_id).Bind(4, account);
  std::vector<domain::Authorization> removed;
  while (true) {
    WSAPP_ASSIGN_OR_RETURN(bool has_row, remove.Step());
    if (!has_row) {
      return removed;
    }
    removed.push_back(ReadGrant(remove));
  }
}

// Runs a two-parameter DELETE of (project_id, id) and returns the rows it removed.
Result<int64_t> DeleteByProjectAndId(Connection& connection, const char* sql,
                                     const std::string& project_id, const std::string& id) {
  WSAPP_ASSIGN_OR_RETURN(Statement remove, connection.Prepare(sql));
  WSAPP_RETURN_IF_ERROR(remove.Bind(1, project_id).Bind(2, id).Run());
  return connection.Changes();
}

Result<std::optional<domain::DirectoryUser>> QueryOneUser(Connection& connection, const char* sql,
                                                          const std::string& project_id,
                                                          const std::string& key) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection.Prepare(sql));
  select.Bind(1, project_id).Bind(2, key);
  WSAPP_ASSIGN_OR_RETURN(bool has_row, select.Step());
  if (!has_row) {
    return std::optional<domain::DirectoryUser>();
  }
  return std::optional<domain::DirectoryUser>(ReadUser(select));
}

}  // namespace

Status SqlUnitOfWork::InsertDirectoryUser(const domain::DirectoryUser& user) {
  WSAPP_ASSIGN_OR_RETURN(Statement insert, connection_->Prepare(kInsertUser));
  return insert.Bind(1, user.project_id)
      .Bind(2, user.id)
      .Bind(3, user.user_name)
      .Bind(4, user.user_email)
      .Bind(5, user.user_phone)
      .Bind(6, user.active_type)
      .Bind(7, user.account_expires_millis)
      .Bind(8, int64_t{user.enable_change_password})
      .Bind(9, int64_t{user.next_login_change_password})
      .Bind(10, user.description)
      .Bind(11, user.alias_name)
      .Bind(12, user.enterprise_project_id)
      .Bind(13, user.user_info_map)
      .Bind(14, user.domain)
      .Bind(15, user.created_at_millis)
      .Run();
}

Result<std::optional<domain::DirectoryUser>> SqlUnitOfWork::FindDirectoryUser(
    const std::string& project_id, const std::string& id) {
  return QueryOneUser(*connection_, kSelectUserById, project_id, id);
}

Result<std::optional<domain::DirectoryUser>> SqlUnitOfWork::FindDirectoryUserByName(
    const std::string& project_id, const std::string& user_name) {
  return QueryOneUser(*connection_, kSelectUserByName, project_id, user_name);
}

Result<domain::Page<domain::DirectoryUser>> SqlUnitOfWork::ListDirectoryUsers(
    const std::string& project_id, const domain::DirectoryUserFilter& filter,
    const domain::PageRequest& page) {
  domain::Page<domain::DirectoryUser> result;
  {
    WSAPP_ASSIGN_OR_RETURN(Statement count, connection_->Prepare(kCountUsers));
    BindUserFilter(count, project_id, filter);
    WSAPP_ASSIGN_OR_RETURN(result.count, QueryCount(count));
  }
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kListUsers));
  BindUserFilter(select, project_id, filter);
  // page.limit < 0 means no limit; PostgreSQL refuses a negative LIMIT, so it becomes the largest.
  select.Bind(7, page.limit < 0 ? std::numeric_limits<int64_t>::max() : page.limit)
      .Bind(8, page.offset);
  while (true) {
    WSAPP_ASSIGN_OR_RETURN(bool has_row, select.Step());
    if (!has_row) {
      return result;
    }
    result.items.push_back(ReadUser(select));
  }
}

Result<std::optional<domain::RemovedDirectoryAccount>> SqlUnitOfWork::DeleteDirectoryUser(
    const std::string& project_id, const std::string& id) {
  WSAPP_ASSIGN_OR_RETURN(auto user, FindDirectoryUser(project_id, id));
  if (!user) {
    return std::optional<domain::RemovedDirectoryAccount>();
  }
  domain::RemovedDirectoryAccount removed;
  WSAPP_ASSIGN_OR_RETURN(
      removed.memberships,
      DeleteByProjectAndId(*connection_, kDeleteUserMemberships, project_id, id));
  WSAPP_ASSIGN_OR_RETURN(
      removed.authorizations,
      DeleteAccountGrants(*connection_, project_id, domain::kAccountTypeUser, id, user->user_name));
  WSAPP_RETURN_IF_ERROR(DeleteByProjectAndId(*connection_, kDeleteUser, project_id, id));
  return std::optional<domain::RemovedDirectoryAccount>(std::move(removed));
}

Status SqlUnitOfWork::InsertDirectoryGroup(const domain::DirectoryGroup& group) {
  WSAPP_ASSIGN_OR_RETURN(Statement insert, connection_->Prepare(kInsertGroup));
  return insert.Bind(1, group.project_id)
      .Bind(2, group.id)
      .Bind(3, group.name)
      .Bind(4, group.platform_type)
      .Bind(5, group.description)
      .Bind(6, group.created_at_millis)
      .Run();
}

Result<std::optional<domain::DirectoryGroup>> SqlUnitOfWork::FindDirectoryGroup(
    const std::string& project_id, const std::string& id) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kSelectGroup));
  select.Bind(1, project_id).Bind(2, id);
  WSAPP_ASSIGN_OR_RETURN(bool has_row, select.Step());
  if (!has_row) {
    return std::optional<domain::DirectoryGroup>();
  }
  return std::optional<domain::DirectoryGroup>(ReadGroup(select));
}

Result<domain::Page<domain::DirectoryGroup>> SqlUnitOfWork::ListDirectoryGroups(
    const std::string& project_id, const domain::DirectoryGroupFilter& filter,
    const domain::PageRequest& page) {
  domain::Page<domain::DirectoryGroup> result;
  {
    WSAPP_ASSIGN_OR_RETURN(Statement count, connection_->Prepare(kCountGroups));
    BindGroupFilter(count, project_id, filter);
    WSAPP_ASSIGN_OR_RETURN(result.count, QueryCount(count));
  }
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kListGroups));
  BindGroupFilter(select, project_id, filter);
  select.Bind(4, page.limit).Bind(5, page.offset);
  while (true) {
    WSAPP_ASSIGN_OR_RETURN(bool has_row, select.Step());
    if (!has_row) {
      return result;
    }
    result.items.push_back(ReadGroup(select));
  }
}

Result<std::optional<domain::RemovedDirectoryAccount>> SqlUnitOfWork::DeleteDirectoryGroup(
    const std::string& project_id, const std::string& id) {
  WSAPP_ASSIGN_OR_RETURN(auto group, FindDirectoryGroup(project_id, id));
  if (!group) {
    return std::optional<domain::RemovedDirectoryAccount>();
  }
  domain::RemovedDirectoryAccount removed;
  WSAPP_ASSIGN_OR_RETURN(
      removed.memberships,
      DeleteByProjectAndId(*connection_, kDeleteGroupMemberships, project_id, id));
  WSAPP_ASSIGN_OR_RETURN(removed.authorizations,
                         DeleteAccountGrants(*connection_, project_id,
                                             domain::kAccountTypeUserGroup, id, group->name));
  WSAPP_RETURN_IF_ERROR(DeleteByProjectAndId(*connection_, kDeleteGroup, project_id, id));
  return std::optional<domain::RemovedDirectoryAccount>(std::move(removed));
}

Result<int64_t> SqlUnitOfWork::AddDirectoryMembers(const std::string& project_id,
                                                   const std::string& group_id,
                                                   const std::vector<std::string>& user_ids,
                                                   int64_t created_at_millis) {
  int64_t added = 0;
  for (const std::string& user_id : user_ids) {
    WSAPP_ASSIGN_OR_RETURN(Statement insert, connection_->Prepare(kInsertMembership));
    WSAPP_RETURN_IF_ERROR(insert.Bind(1, project_id)
                              .Bind(2, group_id)
                              .Bind(3, user_id)
                              .Bind(4, created_at_millis)
                              .Run());
    added += connection_->Changes();
  }
  return added;
}

Result<int64_t> SqlUnitOfWork::RemoveDirectoryMembers(const std::string& project_id,
                                                      const std::string& group_id,
                                                      const std::vector<std::string>& user_ids) {
  int64_t removed = 0;
  for (const std::string& user_id : user_ids) {
    WSAPP_ASSIGN_OR_RETURN(Statement remove, connection_->Prepare(kDeleteMembership));
    WSAPP_RETURN_IF_ERROR(remove.Bind(1, project_id).Bind(2, group_id).Bind(3, user_id).Run());
    removed += connection_->Changes();
  }
  return removed;
}

}  // namespace wsapp::store::sql
