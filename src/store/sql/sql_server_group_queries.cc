// Server groups and their catalogs of SqlUnitOfWork.
#include <nlohmann/json.hpp>

#include "store/sql/sql_unit_of_work.h"

namespace wsapp::store::sql {
namespace {

constexpr char kInsertServerGroup[] =
    "INSERT INTO server_groups (id, project_id, name, description, app_type, created_at,"
    " updated_at, attributes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
// Macros because adjacent string literals join at compile time into one static string, which
// Connection::Prepare needs (it keys its cache by address); the list and count queries share
// their filter text this way.
//
// The columns ReadServerGroup reads: the row, the number of app groups bound to it, and the ids
// of the server groups that name it as their primary.
#define WSAPP_SERVER_GROUP_COLUMNS                                                            \
  "SELECT s.id, s.project_id, s.name, s.description, s.app_type, s.created_at, s.updated_at," \
  " s.attributes, (SELECT COUNT(*) FROM app_groups g WHERE g.project_id = s.project_id"       \
  " AND g.app_server_group_id = s.id), (SELECT json_group_array(b.id) FROM (SELECT id FROM"   \
  " server_groups b WHERE b.project_id = s.project_id AND"                                    \
  " json_extract(b.attributes, '$.primary_server_group_id') = s.id"                           \
  " ORDER BY b.created_at DESC, b.id DESC) b) FROM server_groups s"
// ?7 is a JSON array of {"key", "value"} objects, each of which must be among the group's tags
// (an empty value matching any value of the key).
#define WSAPP_SERVER_GROUP_FILTER                                                              \
  " WHERE s.project_id = ?1 AND (?2 = '' OR s.id = ?2) AND (?3 = '' OR instr(s.name, ?3) > 0)" \
  " AND (?4 = '' OR s.app_type = ?4)"                                                          \
  " AND (?5 = '' OR json_extract(s.attributes, '$.enterprise_project_id') = ?5)"               \
  " AND (?6 = '' OR (?6 = 'true') ="                                                           \
  " (COALESCE(json_extract(s.attributes, '$.primary_server_group_id'), '') <> ''))"
// The tag filter ?7 in each dialect's JSON functions.
#define WSAPP_SERVER_GROUP_TAGS_SQLITE                                             \
  " AND NOT EXISTS (SELECT 1 FROM json_each(?7) f WHERE NOT EXISTS (SELECT 1 FROM" \
  " json_each(s.attributes, '$.tags') t WHERE json_extract(t.value, '$.key') ="    \
  " json_extract(f.value, '$.key') AND (json_extract(f.value, '$.value') = '' OR"  \
  " COALESCE(json_extract(t.value, '$.value'), '') = json_extract(f.value, '$.value'))))"
#define WSAPP_SERVER_GROUP_TAGS_POSTGRES                                                       \
  " AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(CAST(?7 AS jsonb)) AS f(tag)"           \
  " WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements(COALESCE(CAST(s.attributes AS jsonb)" \
  " -> 'tags', '[]')) AS t(tag) WHERE t.tag ->> 'key' = f.tag ->> 'key' AND"                   \
  " (f.tag ->> 'value' = '' OR COALESCE(t.tag ->> 'value', '') = f.tag ->> 'value')))"
constexpr char kSelectServerGroup[] =
    WSAPP_SERVER_GROUP_COLUMNS " WHERE s.project_id = ?1 AND s.id = ?2";
constexpr DialectQuery kListServerGroups = {
    WSAPP_SERVER_GROUP_COLUMNS WSAPP_SERVER_GROUP_FILTER WSAPP_SERVER_GROUP_TAGS_SQLITE
    " ORDER BY s.created_at DESC, s.id DESC LIMIT ?8 OFFSET ?9",
    WSAPP_SERVER_GROUP_COLUMNS WSAPP_SERVER_GROUP_FILTER WSAPP_SERVER_GROUP_TAGS_POSTGRES
    " ORDER BY s.created_at DESC, s.id DESC LIMIT ?8 OFFSET ?9"};
constexpr DialectQuery kCountServerGroups = {
    "SELECT COUNT(*) FROM server_groups s" WSAPP_SERVER_GROUP_FILTER WSAPP_SERVER_GROUP_TAGS_SQLITE,
    "SELECT COUNT(*) FROM server_groups s" WSAPP_SERVER_GROUP_FILTER
        WSAPP_SERVER_GROUP_TAGS_POSTGRES};
#undef WSAPP_SERVER_GROUP_COLUMNS
#undef WSAPP_SERVER_GROUP_FILTER
#undef WSAPP_SERVER_GROUP_TAGS_SQLITE
#undef WSAPP_SERVER_GROUP_TAGS_POSTGRES
constexpr char kUpdateServerGroup[] =
    "UPDATE server_groups SET name = ?3, description = ?4, app_type = ?5, attributes = ?6,"
    " updated_at = ?7 WHERE project_id = ?1 AND id = ?2";
constexpr char kDeleteCatalogAppsOfGroup[] =
    "DELETE FROM server_group_catalog_apps WHERE server_group_id IN"
    " (SELECT id FROM server_groups WHERE project_id = ?1 AND id = ?2)";
constexpr char kDeleteServerGroup[] = "DELETE FROM server_groups WHERE project_id = ?1 AND id = ?2";
constexpr char kSelectBoundAppGroups[] =
    "SELECT id, project_id, name, app_type, app_server_group_id FROM app_groups"
    " WHERE project_id = ?1 AND app_server_group_id = ?2 ORDER BY created_at DESC, id DESC";

constexpr char kSetCatalogImages[] =
    "UPDATE server_groups SET catalog_images = ?3 WHERE project_id = ?1 AND id = ?2";
constexpr char kInsertCatalogApp[] =
    "INSERT INTO server_group_catalog_apps (server_group_id, position, name, version,"
    " command_param, execute_path, work_path, icon_path, icon_index, description, publisher,"
    " source_type, sandbox_enable, source_image_ids) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
    " ?10, ?11, ?12, ?13, ?14)";
constexpr char kSelectCatalogImages[] =
    "SELECT catalog_images FROM server_groups WHERE project_id = ?1 AND id = ?2";
// ?3 = '' names no app group, so nothing counts as published.
constexpr char kSelectCatalogApps[] =
    "SELECT c.name, c.version, c.command_param, c.execute_path, c.work_path, c.icon_path,"
    " c.icon_index, c.description, c.publisher, c.source_type, c.sandbox_enable,"
    " c.source_image_ids, EXISTS (SELECT 1 FROM apps p WHERE p.project_id = ?2"
    " AND p.app_group_id = ?3 AND p.name = c.name) FROM server_group_catalog_apps c"
    " WHERE c.server_group_id = ?1 ORDER BY c.position";

// The JSON columns are written only here, from validated values, so they always parse; a
// damaged one reads as empty rather than failing every read of the group.
nlohmann::json ParseJsonColumn(const std::string& text, nlohmann::json fallback) {
  nlohmann::json value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  return value.is_discarded() || value.type() != fallback.type() ? fallback : value;
}

std::vector<std::string> ParseStringArray(const std::string& text) {
  std::vector<std::string> values;
  for (const nlohmann::json& item : ParseJsonColumn(text, nlohmann::json::array())) {
    if (item.is_string()) {
      values.push_back(item.get<std::string>());
    }
  }
  return values;
}

std::string DumpJson(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

domain::ServerGroup ReadServerGroup(const Statement& row) {
  domain::ServerGroup group;
  group.id = row.Text(0);
  group.project_id = row.Text(1);
  group.name = row.Text(2);
  group.description = row.Text(3);
  group.app_type = row.Text(4);
  group.created_at_millis = row.Int(5);
  group.updated_at_millis = row.Int(6);
  group.attributes = ParseJsonColumn(row.Text(7), nlohmann::json::object());
  group.app_group_count = row.Int(8);
  group.secondary_server_group_ids = ParseStringArray(row.Text(9));
  return group;
}

domain::CatalogApp ReadCatalogApp(const Statement& row) {
  domain::CatalogApp app;
  app.name = row.Text(0);
  app.version = row.Text(1);
  app.command_param = row.Text(2);
  app.execute_path = row.Text(3);
  app.work_path = row.Text(4);
  app.icon_path = row.Text(5);
  app.icon_index = row.Int(6);
  app.description = row.Text(7);
  app.publisher = row.Text(8);
  app.source_type = row.Int(9);
  app.sandbox_enable = row.Int(10) != 0;
  app.source_image_ids = ParseStringArray(row.Text(11));
  app.is_published = row.Int(12) != 0;
  return app;
}

void BindServerGroupFilter(Statement& statement, const std::string& project_id,
                           const domain::ServerGroupFilter& filter) {
  nlohmann::json tags = nlohmann::json::array();
  for (const auto& [key, value] : filter.tags) {
    tags.push_back({{"key", key}, {"value", value}});
  }
  statement.Bind(1, project_id)
      .Bind(2, filter.server_group_id)
      .Bind(3, filter.name_contains)
      .Bind(4, filter.app_type)
      .Bind(5, filter.enterprise_project_id)
      .Bind(6, filter.is_secondary)
      .Bind(7, DumpJson(tags));
}

Error ServerGroupNotFound(const std::string& id) {
  return MakeError(ErrorCode::kNotFound, "The server group " + id + " does not exist.",
                   "server_group_not_found");
}

}  // namespace

Status SqlUnitOfWork::InsertServerGroup(const domain::ServerGroup& group) {
  WSAPP_ASSIGN_OR_RETURN(Statement insert, connection_->Prepare(kInsertServerGroup));
  return insert.Bind(1, group.id)
      .Bind(2, group.project_id)
      .Bind(3, group.name)
      .Bind(4, group.description)
      .Bind(5, group.app_type)
      .Bind(6, group.created_at_millis)
      .Bind(7, group.updated_at_millis)
      .Bind(8, DumpJson(group.attributes))
      .Run();
}

Result<std::optional<domain::ServerGroup>> SqlUnitOfWork::FindServerGroup(
    const std::string& project_id, const std::string& id) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kSelectServerGroup));
  select.Bind(1, project_id).Bind(2, id);
  WSAPP_ASSIGN_OR_RETURN(bool has_row, select.Step());
  if (!has_row) {
    return std::optional<domain::ServerGroup>();
  }
  return std::optional<domain::ServerGroup>(ReadServerGroup(select));
}

Result<domain::Page<domain::ServerGroup>> SqlUnitOfWork::ListServerGroups(
    const std::string& project_id, const domain::ServerGroupFilter& filter,
    const domain::PageRequest& page) {
  domain::Page<domain::ServerGroup> result;
  {
    WSAPP_ASSIGN_OR_RETURN(Statement count, connection_->Prepare(kCountServerGroups));
    BindServerGroupFilter(count, project_id, filter);
    WSAPP_RETURN_IF_ERROR(count.Step());
    result.count = count.Int(0);
  }
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kListServerGroups));
  BindServerGroupFilter(select, project_id, filter);
  select.Bind(8, page.limit).Bind(9, page.offset);
  while (true) {
    WSAPP_ASSIGN_OR_RETURN(bool has_row, select.Step());
    if (!has_row) {
      return result;
    }
    result.items.push_back(ReadServerGroup(select));
  }
}

Status SqlUnitOfWork::UpdateServerGroup(const domain::ServerGroup& group) {
  WSAPP_ASSIGN_OR_RETURN(Statement update, connection_->Prepare(kUpdateServerGroup));
  WSAPP_RETURN_IF_ERROR(update.Bind(1, group.project_id)
                            .Bind(2, group.id)
                            .Bind(3, group.name)
                            .Bind(4, group.description)
                            .Bind(5, group.app_type)
                            .Bind(6, DumpJson(group.attributes))
                            .Bind(7, group.updated_at_millis)
                            .Run());
  if (connection_->Changes() == 0) {
    return ServerGroupNotFound(group.id);
  }
  return OkStatus();
}

Result<bool> SqlUnitOfWork::DeleteServerGroup(const std::string& project_id,
                                              const std::string& id) {
  {
    WSAPP_ASSIGN_OR_RETURN(Statement remove_catalog,
                           connection_->Prepare(kDeleteCatalogAppsOfGroup));
    WSAPP_RETURN_IF_ERROR(remove_catalog.Bind(1, project_id).Bind(2, id).Run());
  }
  WSAPP_ASSIGN_OR_RETURN(Statement remove_group, connection_->Prepare(kDeleteServerGroup));
  WSAPP_RETURN_IF_ERROR(remove_group.Bind(1, project_id).Bind(2, id).Run());
  return connection_->Changes() > 0;
}

Result<std::vector<domain::AppGroup>> SqlUnitOfWork::BoundAppGroups(
    const std::string& project_id, const std::string& server_group_id) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kSelectBoundAppGroups));
  select.Bind(1, project_id).Bind(2, server_group_id);
  std::vector<domain::AppGroup> groups;
  while (true) {
    WSAPP_ASSIGN_OR_RETURN(bool has_row, select.Step());
    if (!has_row) {
      return groups;
    }
    domain::AppGroup group;
    group.id = select.Text(0);
    group.project_id = select.Text(1);
    group.name = select.Text(2);
    group.app_type = select.Text(3);
    group.app_server_group_id = select.Text(4);
    groups.push_back(std::move(group));
  }
}

Status SqlUnitOfWork::ReplaceServerGroupCatalog(const std::string& project_id,
                                                const std::string& server_group_id,
                                                const domain::ServerGroupCatalog& catalog) {
  {
    WSAPP_ASSIGN_OR_RETURN(Statement set_images, connection_->Prepare(kSetCatalogImages));
    WSAPP_RETURN_IF_ERROR(set_images.Bind(1, project_id)
                              .Bind(2, server_group_id)
                              .Bind(3, DumpJson(catalog.group_images))
                              .Run());
    if (connection_->Changes() == 0) {
      return ServerGroupNotFound(server_group_id);
    }
  }
  {
    WSAPP_ASSIGN_OR_RETURN(Statement remove, connection_->Prepare(kDeleteCatalogAppsOfGroup));
    WSAPP_RETURN_IF_ERROR(remove.Bind(1, project_id).Bind(2, server_group_id).Run());
  }
  for (size_t i = 0; i < catalog.items.size(); ++i) {
    const domain::CatalogApp& app = catalog.items[i];
    WSAPP_ASSIGN_OR_RETURN(Statement insert, connection_->Prepare(kInsertCatalogApp));
    WSAPP_RETURN_IF_ERROR(insert.Bind(1, server_group_id)
                              .Bind(2, static_cast<int64_t>(i))
                              .Bind(3, app.name)
                              .Bind(4, app.version)
                              .Bind(5, app.command_param)
                              .Bind(6, app.execute_path)
                              .Bind(7, app.work_path)
                              .Bind(8, app.icon_path)
                              .Bind(9, app.icon_index)
                              .Bind(10, app.description)
                              .Bind(11, app.publisher)
                              .Bind(12, app.source_type)
                              .Bind(13, int64_t{app.sandbox_enable})
                              .Bind(14, DumpJson(app.source_image_ids))
                              .Run());
  }
  return OkStatus();
}

Result<domain::ServerGroupCatalog> SqlUnitOfWork::GetServerGroupCatalog(
    const std::string& project_id, const std::string& server_group_id,
    const std::string& app_group_id) {
  domain::ServerGroupCatalog catalog;
  {
    WSAPP_ASSIGN_OR_RETURN(Statement images, connection_->Prepare(kSelectCatalogImages));
    images.Bind(1, project_id).Bind(2, server_group_id);
    WSAPP_ASSIGN_OR_RETURN(bool has_row, images.Step());
    if (!has_row) {
      return ServerGroupNotFound(server_group_id);
    }
    catalog.group_images = ParseStringArray(images.Text(0));
  }
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kSelectCatalogApps));
  select.Bind(1, server_group_id).Bind(2, project_id).Bind(3, app_group_id);
  while (true) {
    WSAPP_ASSIGN_OR_RETURN(bool has_row, select.Step());
    if (!has_row) {
      return catalog;
    }
    catalog.items.push_back(ReadCatalogApp(select));
  }
}

}  // namespace wsapp::store::sql
