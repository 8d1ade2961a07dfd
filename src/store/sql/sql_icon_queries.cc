// Custom application icons of SqlUnitOfWork.
#include "store/sql/sql_unit_of_work.h"

namespace wsapp::store::sql {
namespace {

constexpr char kSetAppIconUrl[] =
    "UPDATE apps SET icon_url = ?4 WHERE project_id = ?1 AND app_group_id = ?2 AND id = ?3";
constexpr char kUpsertAppIcon[] =
    "INSERT INTO app_icons (app_id, token, png, updated_at) VALUES (?1, ?2, ?3, ?4)"
    " ON CONFLICT (app_id) DO UPDATE SET token = excluded.token, png = excluded.png,"
    " updated_at = excluded.updated_at";
constexpr char kDeleteAppIcon[] = "DELETE FROM app_icons WHERE app_id = ?1";
constexpr char kSelectAppIconByToken[] =
    "SELECT app_id, token, png, updated_at FROM app_icons WHERE token = ?1";

Error AppNotPublished(const std::string& app_id) {
  return MakeError(ErrorCode::kNotFound, "The application " + app_id + " does not exist.",
                   "app_not_found");
}

domain::AppIcon ReadAppIcon(const Statement& row) {
  domain::AppIcon icon;
  icon.app_id = row.Text(0);
  icon.token = row.Text(1);
  icon.png = row.Blob(2);
  icon.updated_at_millis = row.Int(3);
  return icon;
}

}  // namespace

Status SqlUnitOfWork::PutAppIcon(const std::string& project_id, const std::string& app_group_id,
                                 const domain::AppIcon& icon, const std::string& icon_url) {
  // The app's row is updated first: it proves the app is published in this group of this
  // project before any icon row is written.
  WSAPP_ASSIGN_OR_RETURN(Statement set_url, connection_->Prepare(kSetAppIconUrl));
  WSAPP_RETURN_IF_ERROR(set_url.Bind(1, project_id)
                            .Bind(2, app_group_id)
                            .Bind(3, icon.app_id)
                            .Bind(4, icon_url)
                            .Run());
  if (connection_->Changes() == 0) {
    return AppNotPublished(icon.app_id);
  }
  WSAPP_ASSIGN_OR_RETURN(Statement upsert, connection_->Prepare(kUpsertAppIcon));
  return upsert.Bind(1, icon.app_id)
      .Bind(2, icon.token)
      .BindBlob(3, icon.png)
      .Bind(4, icon.updated_at_millis)
      .Run();
}

Result<bool> SqlUnitOfWork::DeleteAppIcon(const std::string& project_id,
                                          const std::string& app_group_id,
                                          const std::string& app_id) {
  WSAPP_ASSIGN_OR_RETURN(Statement set_url, connection_->Prepare(kSetAppIconUrl));
  WSAPP_RETURN_IF_ERROR(
      set_url.Bind(1, project_id).Bind(2, app_group_id).Bind(3, app_id).Bind(4, "").Run());
  if (connection_->Changes() == 0) {
    return AppNotPublished(app_id);
  }
  WSAPP_ASSIGN_OR_RETURN(Statement remove, connection_->Prepare(kDeleteAppIcon));
  WSAPP_RETURN_IF_ERROR(remove.Bind(1, app_id).Run());
  return connection_->Changes() > 0;
}

Result<std::optional<domain::AppIcon>> SqlUnitOfWork::FindAppIconByToken(const std::string& token) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(kSelectAppIconByToken));
  select.Bind(1, token);
  WSAPP_ASSIGN_OR_RETURN(bool has_row, select.Step());
  if (!has_row) {
    return std::optional<domain::AppIcon>();
  }
  return std::optional<domain::AppIcon>(ReadAppIcon(select));
}

}  // namespace wsapp::store::sql
