#include "service/app_group_service.h"

#include "service/unit_runner.h"

namespace wsapp::service {

Error AppGroupNotFound(const std::string& app_group_id) {
  return MakeError(ErrorCode::kNotFound, "The app group " + app_group_id + " does not exist.",
                   "app_group_not_found");
}

AppGroupService::AppGroupService(store::Store& store, IdGenerator& ids)
    : store_(store), ids_(ids) {}

Result<domain::AppGroup> AppGroupService::Create(const RequestContext& context,
                                                 const NewAppGroup& request) {
  // TODO(#3): server groups; until they exist every binding names an unknown one.
  if (!request.app_server_group_id.empty()) {
    return MakeError(ErrorCode::kNotFound,
                     "The server group " + request.app_server_group_id + " does not exist.",
                     "server_group_not_found");
  }
  domain::AppGroup group;
  group.id = ids_.Next();
  group.project_id = context.project_id;
  group.name = request.name;
  group.description = request.description;
  group.authorization_type = request.authorization_type;
  group.app_type = request.app_type;
  group.created_at_millis = context.now_millis;

  Status created = RunAudited(
      store_, context, "workspace:appGroup:create",
      [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
        Status inserted = unit.InsertAppGroup(group);
        if (!inserted.ok() && inserted.error().code == ErrorCode::kAlreadyExists) {
          return MakeError(ErrorCode::kAlreadyExists,
                           "An app group named " + group.name + " already exists.",
                           "duplicate_name");
        }
        detail["resources"] = {{{"type", "appGroup"}, {"id", group.id}, {"outcome", "created"}}};
        detail["name"] = group.name;
        return inserted;
      });
  if (!created.ok()) {
    return created.error();
  }
  return group;
}

Result<domain::Page<domain::AppGroup>> AppGroupService::List(const RequestContext& context,
                                                             const domain::AppGroupFilter& filter,
                                                             const domain::PageRequest& page) {
  return RunRead<domain::Page<domain::AppGroup>>(store_, [&](store::UnitOfWork& unit) {
    return unit.ListAppGroups(context.project_id, filter, page);
  });
}

Result<domain::AppGroup> AppGroupService::Show(const RequestContext& context,
                                               const std::string& app_group_id) {
  return RunRead<domain::AppGroup>(
      store_, [&](store::UnitOfWork& unit) -> Result<domain::AppGroup> {
        WSAPP_ASSIGN_OR_RETURN(auto group, unit.FindAppGroup(context.project_id, app_group_id));
        if (!group) {
          return AppGroupNotFound(app_group_id);
        }
        return *group;
      });
}

}  // namespace wsapp::service
