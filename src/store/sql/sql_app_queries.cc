// App groups, apps, authorizations and audit records of SqlUnitOfWork.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "store/sql/sql_app_rows.h"
#include "store/sql/sql_unit_of_work.h"

namespace wsapp::store::sql {
namespace {

constexpr char kInsertAppGroup[] =
    "INSERT INTO app_groups (id, project_id, name, app_server_group_id, description,"
    " authorization_type, app_type, created_at, app_count) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
    " ?8, 0)";
// Both read the bound server group's name and description (columns 9 and 10; "" when none).
constexpr char kSelectAppGroup[] =
    "SELECT id, project_id, name, app_server_group_id, description, authorization_type, app_type,"
    " created_at, app_count, COALESCE((SELECT s.name FROM server_groups s WHERE s.project_id ="
    " app_groups.project_id AND s.id = app_groups.app_server_group_id), ''), COALESCE((SELECT"
    " s.description FROM server_groups s WHERE s.project_id = app_groups.project_id AND s.id ="
    " app_groups.app_server_group_id), '') FROM app_groups WHERE project_id = ?1 AND id = ?2";
constexpr char kListAppGroups[] =
    "SELECT id, project_id, name, app_server_group_id, description, authorization_type, app_type,"
    " created_at, app_count, COALESCE((SELECT s.name FROM server_groups s WHERE s.project_id ="
    " app_groups.project_id AND s.id = app_groups.app_server_group_id), ''), COALESCE((SELECT"
    " s.description FROM server_groups s WHERE s.project_id = app_groups.project_id AND s.id ="
    " app_groups.app_server_group_id), '') FROM app_groups WHERE project_id = ?1"
    " AND (?2 = '' OR id = ?2)"
    " AND (?3 = '' OR app_server_group_id = ?3) AND (?4 = '' OR instr(name, ?4) > 0)"
    " AND (?5 = '' OR authorization_type = ?5) AND (?6 = '' OR app_type = ?6)"
    " ORDER BY created_at DESC, id DESC LIMIT ?7 OFFSET ?8";
constexpr char kCountAppGroups[] =
    "SELECT COUNT(*) FROM app_groups WHERE project_id = ?1 AND (?2 = '' OR id = ?2)"
    " AND (?3 = '' OR app_server_group_id = ?3) AND (?4 = '' OR instr(name, ?4) > 0)"
    " AND (?5 = '' OR authorization_type = ?5) AND (?6 = '' OR app_type = ?6)";
constexpr char kAddToAppCount[] =
    "UPDATE app_groups SET app_count = app_count + ?3 WHERE project_id = ?1 AND id = ?2";

constexpr char kInsertApp[] =
    "INSERT INTO apps (id, project_id, app_group_id, name, version, command_param, execute_path,"
    " work_path, icon_path, icon_index, description, state, published_at, source_type, publisher,"
    " icon_url, sandbox_enable, is_pre_boot, source_image_ids, extended_info) VALUES (?1, ?2, ?3,"
    " ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)";
constexpr char kSelectApp[] =
    "SELECT id, project_id, app_group_id, name, version, command_param, execute_path, work_path,"
    " icon_path, icon_index, description, state, published_at, source_type, publisher, icon_url,"
    " sandbox_enable, is_pre_boot, source_image_ids, extended_info FROM apps"
    " WHERE project_id = ?1 AND app_group_id = ?2 AND id = ?3";
// The list's wire model has no source_image_ids: the column is left unread ('[]').
constexpr char kListApps[] =
    "SELECT id, project_id, app_group_id, name, version, command_param, execute_path, work_path,"
    " icon_path, icon_index, description, state, published_at, source_type, publisher, icon_url,"
    " sandbox_enable, is_pre_boot, '[]', extended_info FROM apps"
    " WHERE project_id = ?1 AND app_group_id = ?2 AND (?3 = '' OR id = ?3)"
    " AND (?4 = '' OR instr(name, ?4) > 0) AND (?5 = '' OR state = ?5)"
    " ORDER BY published_at DESC, id DESC LIMIT ?6 OFFSET ?7";
constexpr char kCountApps[] =
    "SELECT COUNT(*) FROM apps WHERE project_id = ?1 AND app_group_id = ?2"
    " AND (?3 = '' OR id = ?3) AND (?4 = '' OR instr(name, ?4) > 0) AND (?5 = '' OR state = ?5)";
constexpr char kGroupAppCount[] =
    "SELECT app_count FROM app_groups WHERE project_id = ?1 AND id = ?2";
// UnpublishApps works on sets: the ids come as one JSON array parameter, so that a batch of 50
// is three statements rather than a hundred round trips to PostgreSQL. The first statement takes
// the group's row lock on PostgreSQL before any work, so that two batches on one group queue
// there instead of one failing a serialization check after all its deletes.
constexpr DialectQuery kLockAppGroup = {
    "SELECT app_count FROM app_groups WHERE project_id = ?1 AND id = ?2",
    "SELECT app_count FROM app_groups WHERE project_id = ?1 AND id = ?2 FOR UPDATE"};
constexpr DialectQuery kDeleteApps = {
    "DELETE FROM apps WHERE project_id = ?1 AND app_group_id = ?2"
    " AND id IN (SELECT value FROM json_each(?3)) RETURNING id",
    "DELETE FROM apps WHERE project_id = ?1 AND app_group_id = ?2"
    " AND id IN (SELECT jsonb_array_elements_text(CAST(?3 AS jsonb))) RETURNING id"};
// `app_id <> ''` lets both engines use the partial index authorizations_by_app.
constexpr DialectQuery kDeleteAppsAuthorizations = {
    "DELETE FROM authorizations WHERE app_group_id = ?1 AND app_id <> ''"
    " AND app_id IN (SELECT value FROM json_each(?2)) RETURNING id, project_id, app_group_id,"
    " app_id, authorization_type, account, account_type, account_id, domain, email,"
    " telephone_number, platform_type, created_at",
    "DELETE FROM authorizations WHERE app_group_id = ?1 AND app_id <> ''"
    " AND app_id IN (SELECT jsonb_array_elements_text(CAST(?2 AS jsonb))) RETURNING id,"
    " project_id, app_group_id, app_id, authorization_type, account, account_type, account_id,"
    " domain, email, telephone_number, platform_type, created_at"};

constexpr char kInsertAuthorization[] =
    "INSERT INTO authorizations (id, project_id, app_group_id, app_id, authorization_type,"
    " account, account_type, account_id, domain, email, telephone_number, platform_type,"
    " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
    " ON CONFLICT (app_group_id, app_id, account_type, account) DO NOTHING";
constexpr char kListAuthorizations[] =
    "SELECT a.id, a.project_id, a.app_group_id, a.app_id, a.authorization_type, a.account,"
    " a.account_type, a.account_id, a.domain, a.email, a.telephone_number, a.platform_type,"
    " a.created_at, g.name, COALESCE(p.name, '') FROM authorizations a"
    " JOIN app_groups g ON g.id = a.app_group_id LEFT JOIN apps p ON p.id = a.app_id"
    " WHERE a.project_id = ?1 AND (?2 = '' OR a.app_group_id = ?2)"
    " AND (?3 = '' OR a.account_id = ?3) AND (?4 = '' OR a.account = ?4)"
    " AND (?5 = '' OR a.account_type = ?5)"
    " ORDER BY a.created_at DESC, a.id DESC LIMIT ?6 OFFSET ?7";
constexpr char kCountAuthorizations[] =
    "SELECT COUNT(*) FROM authorizations a WHERE a.project_id = ?1"
    " AND (?2 = '' OR a.app_group_id = ?2) AND (?3 = '' OR a.account_id = ?3)"
    " AND (?4 = '' OR a.account = ?4) AND (?5 = '' OR a.account_type = ?5)";

// An empty account (?9) is resolved from the project, else from the principal's user.
constexpr char kInsertAudit[] =
    "INSERT INTO audit_events (at, request_id, principal_id, principal_name, project_id, action,"
    " outcome, detail, account_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, COALESCE(NULLIF(?9,"
    " ''), (SELECT p.account_id FROM projects p WHERE p.id = ?5), (SELECT u.account_id FROM"
    " users u WHERE u.id = ?3), ''))";

domain::AppGroup ReadAppGroup(const Statement& row) {
  domain::AppGroup group;
  group.id = row.Text(0);
  group.project_id = row.Text(1);
  group.name = row.Text(2);
  group.app_server_group_id = row.Text(3);
  group.description = row.Text(4);
  group.authorization_type = row.Text(5);
  group.app_type = row.Text(6);
  group.created_at_millis = row.Int(7);
  group.app_count = row.Int(8);
  group.app_server_group_name = row.Text(9);
  group.app_server_group_description = row.Text(10);
  return group;
}

domain::App ReadApp(const Statement& row) {
  domain::App app;
  app.id = row.Text(0);
  app.project_id = row.Text(1);
  app.app_group_id = row.Text(2);
  app.name = row.Text(3);
  app.version = row.Text(4);
  app.command_param = row.Text(5);
  app.execute_path = row.Text(6);
  app.work_path = row.Text(7);
  app.icon_path = row.Text(8);
  app.icon_index = row.Int(9);
  app.description = row.Text(10);
  app.state = row.Text(11);
  app.published_at_millis = row.Int(12);
  app.source_type = row.Int(13);
  app.publisher = row.Text(14);
  app.icon_url = row.Text(15);
  app.sandbox_enable = row.Int(16) != 0;
  app.is_pre_boot = row.Int(17) != 0;
  // Both JSON columns are written only by InsertApps, so they always parse.
  // Mostly "[]": a list of apps then parses no JSON at all.
  if (std::string ids = row.Text(18); ids != "[]") {
    app.source_image_ids =
        nlohmann::json::parse(ids, nullptr, false).get<std::vector<std::string>>();
  }
  if (!row.IsNull(19)) {
    app.extended_info = nlohmann::json::parse(row.Text(19), nullptr, false)
                            .get<std::map<std::string, std::string>>();
  }
  return app;
}

// The list and count queries of each resource share their filter parameters ?1..?n.
void BindAppGroupFilter(Statement& statement, const std::string& project_id,
                        const domain::AppGroupFilter& filter) {
  statement.Bind(1, project_id)
      .Bind(2, filter.app_group_id)
      .Bind(3, filter.app_server_group_id)
      .Bind(4, filter.name_contains)
      .Bind(5, filter.authorization_type)
      .Bind(6, filter.app_type);
}

void BindAppFilter(Statement& statement, const std::string& project_id,
                   const std::string& app_group_id, const domain::AppFilter& filter) {
  statement.Bind(1, project_id)
      .Bind(2, app_group_id)
      .Bind(3, filter.app_id)
      .Bind(4, filter.name_contains)
      .Bind(5, filter.state);
}

void BindAuthorizationFilter(Statement& statement, const std::string& project_id,
                             const domain::AuthorizationFilter& filter) {
  statement.Bind(1, project_id)
      .Bind(2, filter.app_group_id)
      .Bind(3, filter.account_id)
      .Bind(4, filter.account)
      .Bind(5, filter.account_type);
}

Result<int64_t> QueryCount(Statement& statement) {
  WSAPP_RETURN_IF_ERROR(statement.Step());
  return statement.Int(0);
}

}  // namespace

domain::Authorization ReadAuthorization(const Statement& row) {
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

Status SqlUnitOfWork::InsertAppGroup(const domain::AppGroup& group) {
  WSAPP_ASSIGN_OR_RETURN(Statement insert, connection_->Prepare(kInsertAppGroup));
  return insert.Bind(1, group.id)
      .Bind(2, group.project_id)
      .Bind(3, group.name)
      .Bind(4, group.app_server_group_id)
      .Bind(5, group.description)
      .Bind(6, group.authorization_type)
      .Bind(7, group.app_type)
      .Bind(8, group.created_at_millis)
      .Run();
}

Result<std::optional<domain::AppGroup>> SqlUnitOfWork::FindAppGroup(const std::string& project_id,
                                                                    const std::string& id) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kSelectAppGroup));
  select.Bind(1, project_id).Bind(2, id);
  WSAPP_ASSIGN_OR_RETURN(bool has_row, select.Step());
  if (!has_row) {
    return std::optional<domain::AppGroup>();
  }
  return std::optional<domain::AppGroup>(ReadAppGroup(select));
}

Result<domain::Page<domain::AppGroup>> SqlUnitOfWork::ListAppGroups(
    const std::string& project_id, const domain::AppGroupFilter& filter,
    const domain::PageRequest& page) {
  domain::Page<domain::AppGroup> result;
  {
    WSAPP_ASSIGN_OR_RETURN(Statement count, connection_->Prepare(kCountAppGroups));
    BindAppGroupFilter(count, project_id, filter);
    WSAPP_ASSIGN_OR_RETURN(result.count, QueryCount(count));
  }
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kListAppGroups));
  BindAppGroupFilter(select, project_id, filter);
  select.Bind(7, page.limit).Bind(8, page.offset);
  while (true) {
    WSAPP_ASSIGN_OR_RETURN(bool has_row, select.Step());
    if (!has_row) {
      return result;
    }
    result.items.push_back(ReadAppGroup(select));
  }
}

Status SqlUnitOfWork::InsertApps(const std::string& project_id, const std::string& app_group_id,
                                 const std::vector<domain::App>& apps) {
  for (const domain::App& app : apps) {
    WSAPP_ASSIGN_OR_RETURN(Statement insert, connection_->Prepare(kInsertApp));
    std::string extended_info =
        app.extended_info ? nlohmann::json(*app.extended_info).dump() : std::string();
    insert.Bind(1, app.id)
        .Bind(2, project_id)
        .Bind(3, app_group_id)
        .Bind(4, app.name)
        .Bind(5, app.version)
        .Bind(6, app.command_param)
        .Bind(7, app.execute_path)
        .Bind(8, app.work_path)
        .Bind(9, app.icon_path)
        .Bind(10, app.icon_index)
        .Bind(11, app.description)
        .Bind(12, app.state)
        .Bind(13, app.published_at_millis)
        .Bind(14, app.source_type)
        .Bind(15, app.publisher)
        .Bind(16, app.icon_url)
        .Bind(17, int64_t{app.sandbox_enable})
        .Bind(18, int64_t{app.is_pre_boot})
        .Bind(19, nlohmann::json(app.source_image_ids).dump());
    if (app.extended_info) {
      insert.Bind(20, extended_info);
    }
    WSAPP_RETURN_IF_ERROR(insert.Run());
  }
  WSAPP_ASSIGN_OR_RETURN(Statement update, connection_->Prepare(kAddToAppCount));
  return update.Bind(1, project_id)
      .Bind(2, app_group_id)
      .Bind(3, static_cast<int64_t>(apps.size()))
      .Run();
}

Result<std::optional<domain::App>> SqlUnitOfWork::FindApp(const std::string& project_id,
                                                          const std::string& app_group_id,
                                                          const std::string& app_id) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kSelectApp));
  select.Bind(1, project_id).Bind(2, app_group_id).Bind(3, app_id);
  WSAPP_ASSIGN_OR_RETURN(bool has_row, select.Step());
  if (!has_row) {
    return std::optional<domain::App>();
  }
  return std::optional<domain::App>(ReadApp(select));
}

Result<domain::Page<domain::App>> SqlUnitOfWork::ListApps(const std::string& project_id,
                                                          const std::string& app_group_id,
                                                          const domain::AppFilter& filter,
                                                          const domain::PageRequest& page) {
  domain::Page<domain::App> result;
  const bool is_unfiltered =
      filter.app_id.empty() && filter.name_contains.empty() && filter.state.empty();
  if (is_unfiltered) {
    // The group's app_count is kept exact in every unit that publishes or unpublishes, so the
    // total of an unfiltered list is one row instead of a walk over the group's apps.
    WSAPP_ASSIGN_OR_RETURN(Statement count, connection_->Prepare(kGroupAppCount));
    count.Bind(1, project_id).Bind(2, app_group_id);
    WSAPP_ASSIGN_OR_RETURN(bool has_row, count.Step());
    result.count = has_row ? count.Int(0) : 0;
  } else {
    WSAPP_ASSIGN_OR_RETURN(Statement count, connection_->Prepare(kCountApps));
    BindAppFilter(count, project_id, app_group_id, filter);
    WSAPP_ASSIGN_OR_RETURN(result.count, QueryCount(count));
  }
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kListApps));
  BindAppFilter(select, project_id, app_group_id, filter);
  select.Bind(6, page.limit).Bind(7, page.offset);
  while (true) {
    WSAPP_ASSIGN_OR_RETURN(bool has_row, select.Step());
    if (!has_row) {
      return result;
    }
    result.items.push_back(ReadApp(select));
  }
}

Result<UnpublishResult> SqlUnitOfWork::UnpublishApps(const std::string& project_id,
                                                     const std::string& app_group_id,
                                                     const std::vector<std::string>& app_ids) {
  UnpublishResult result;
  {
    WSAPP_ASSIGN_OR_RETURN(Statement lock, connection_->Prepare(kLockAppGroup));
    WSAPP_RETURN_IF_ERROR(lock.Bind(1, project_id).Bind(2, app_group_id).Run());
  }
  std::set<std::string> removed;
  {
    WSAPP_ASSIGN_OR_RETURN(Statement remove_apps, connection_->Prepare(kDeleteApps));
    remove_apps.Bind(1, project_id).Bind(2, app_group_id).Bind(3, nlohmann::json(app_ids).dump());
    while (true) {
      WSAPP_ASSIGN_OR_RETURN(bool has_row, remove_apps.Step());
      if (!has_row) {
        break;
      }
      removed.insert(remove_apps.Text(0));
    }
  }
  if (removed.empty()) {
    return result;
  }
  // In the order the request named them; a repeated id counts once.
  std::map<std::string, size_t> position;
  for (const std::string& app_id : app_ids) {
    if (removed.count(app_id) != 0 && position.emplace(app_id, position.size()).second) {
      result.removed_app_ids.push_back(app_id);
    }
  }
  {
    WSAPP_ASSIGN_OR_RETURN(Statement remove_grants,
                           connection_->Prepare(kDeleteAppsAuthorizations));
    remove_grants.Bind(1, app_group_id).Bind(2, nlohmann::json(result.removed_app_ids).dump());
    while (true) {
      WSAPP_ASSIGN_OR_RETURN(bool has_row, remove_grants.Step());
      if (!has_row) {
        break;
      }
      result.removed_authorizations.push_back(ReadAuthorization(remove_grants));
    }
  }
  // Grouped by app in the request's order, oldest grant first within an app.
  std::sort(result.removed_authorizations.begin(), result.removed_authorizations.end(),
            [&position](const domain::Authorization& a, const domain::Authorization& b) {
              return std::tuple(position[a.app_id], a.created_at_millis, a.id) <
                     std::tuple(position[b.app_id], b.created_at_millis, b.id);
            });
  WSAPP_ASSIGN_OR_RETURN(Statement update, connection_->Prepare(kAddToAppCount));
  WSAPP_RETURN_IF_ERROR(update.Bind(1, project_id)
                            .Bind(2, app_group_id)
                            .Bind(3, -static_cast<int64_t>(result.removed_app_ids.size()))
                            .Run());
  return result;
}

Result<bool> SqlUnitOfWork::InsertAuthorization(const domain::Authorization& grant) {
  WSAPP_ASSIGN_OR_RETURN(Statement insert, connection_->Prepare(kInsertAuthorization));
  WSAPP_RETURN_IF_ERROR(insert.Bind(1, grant.id)
                            .Bind(2, grant.project_id)
                            .Bind(3, grant.app_group_id)
                            .Bind(4, grant.app_id)
                            .Bind(5, grant.authorization_type)
                            .Bind(6, grant.account.account)
                            .Bind(7, grant.account.account_type)
                            .Bind(8, grant.account.id)
                            .Bind(9, grant.account.domain)
                            .Bind(10, grant.account.email)
                            .Bind(11, grant.account.telephone_number)
                            .Bind(12, grant.account.platform_type)
                            .Bind(13, grant.created_at_millis)
                            .Run());
  return connection_->Changes() > 0;
}

Result<domain::Page<domain::Authorization>> SqlUnitOfWork::ListAuthorizations(
    const std::string& project_id, const domain::AuthorizationFilter& filter,
    const domain::PageRequest& page) {
  domain::Page<domain::Authorization> result;
  {
    WSAPP_ASSIGN_OR_RETURN(Statement count, connection_->Prepare(kCountAuthorizations));
    BindAuthorizationFilter(count, project_id, filter);
    WSAPP_ASSIGN_OR_RETURN(result.count, QueryCount(count));
  }
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kListAuthorizations));
  BindAuthorizationFilter(select, project_id, filter);
  select.Bind(6, page.limit).Bind(7, page.offset);
  while (true) {
    WSAPP_ASSIGN_OR_RETURN(bool has_row, select.Step());
    if (!has_row) {
      return result;
    }
    domain::Authorization grant = ReadAuthorization(select);
    grant.app_group_name = select.Text(13);
    grant.app_name = select.Text(14);
    result.items.push_back(std::move(grant));
  }
}

Status SqlUnitOfWork::AppendAudit(const domain::AuditRecord& record) {
  WSAPP_ASSIGN_OR_RETURN(Statement insert, connection_->Prepare(kInsertAudit));
  return insert.Bind(1, record.at_millis)
      .Bind(2, record.request_id)
      .Bind(3, record.principal_id)
      .Bind(4, record.principal_name)
      .Bind(5, record.project_id)
      .Bind(6, record.action)
      .Bind(7, record.outcome)
      .Bind(8, record.detail_json)
      .Bind(9, record.account_id)
      .Run();
}

}  // namespace wsapp::store::sql
