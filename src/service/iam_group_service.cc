#include "service/iam_group_service.h"

#include <nlohmann/json.hpp>

#include "common/crypto.h"
#include "service/iam_user_service.h"
#include "service/unit_runner.h"

namespace wsapp::service {
namespace {

nlohmann::json GroupResource(const domain::IamGroup& group, const std::string& outcome) {
  return {{"type", "iam_group"}, {"id", group.id}, {"name", group.name}, {"outcome", outcome}};
}

}  // namespace

Result<domain::IamGroup> RequireIamGroup(store::UnitOfWork& unit, const std::string& account_id,
                                         const std::string& group_id) {
  WSAPP_ASSIGN_OR_RETURN(auto group, unit.FindIamGroup(account_id, group_id));
  if (!group) {
    return IamNotFound("group", group_id);
  }
  return *group;
}

IamGroupService::IamGroupService(store::Store& store) : store_(store) {}

Result<domain::IamGroup> IamGroupService::CreateGroup(const RequestContext& context,
                                                      const std::string& name,
                                                      const std::string& description) {
  domain::IamGroup group;
  WSAPP_ASSIGN_OR_RETURN(group.id, RandomHexId());
  group.account_id = context.account_id;
  group.name = name;
  group.description = description;
  group.created_at_millis = context.now_millis;

  WSAPP_RETURN_IF_ERROR(RunAudited(store_, context, "iam:groups:createGroupV5",
                                   [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
                                     Status inserted = unit.InsertIamGroup(group);
                                     if (!inserted.ok() &&
                                         inserted.error().code == ErrorCode::kAlreadyExists) {
                                       return IamAlreadyExists("group", name);
                                     }
                                     detail["resources"] = {GroupResource(group, "created")};
                                     return inserted;
                                   }));
  return group;
}

Result<domain::MarkerPage<domain::IamGroup>> IamGroupService::ListGroups(
    const RequestContext& context, const domain::IamGroupFilter& filter,
    const domain::MarkerPageRequest& page) {
  return RunRead<domain::MarkerPage<domain::IamGroup>>(
      store_, [&](store::UnitOfWork& unit) -> Result<domain::MarkerPage<domain::IamGroup>> {
        if (!filter.user_id.empty()) {
          WSAPP_RETURN_IF_ERROR(RequireIamUser(unit, context.account_id, filter.user_id));
        }
        return unit.ListIamGroups(context.account_id, filter, page);
      });
}

Result<domain::IamGroup> IamGroupService::ShowGroup(const RequestContext& context,
                                                    const std::string& group_id) {
  return RunRead<domain::IamGroup>(store_, [&](store::UnitOfWork& unit) {
    return RequireIamGroup(unit, context.account_id, group_id);
  });
}

Result<domain::IamGroup> IamGroupService::UpdateGroup(const RequestContext& context,
                                                      const std::string& group_id,
                                                      const IamGroupChange& change) {
  domain::IamGroup group;
  WSAPP_RETURN_IF_ERROR(RunAudited(
      store_, context, "iam:groups:updateGroupV5",
      [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
        WSAPP_ASSIGN_OR_RETURN(group, RequireIamGroup(unit, context.account_id, group_id));
        group.name = change.name.value_or(group.name);
        group.description = change.description.value_or(group.description);
        Status updated = unit.UpdateIamGroup(group);
        if (!updated.ok() && updated.error().code == ErrorCode::kAlreadyExists) {
          return IamAlreadyExists("group", group.name);
        }
        detail["resources"] = {GroupResource(group, "updated")};
        return updated;
      }));
  return group;
}

Status IamGroupService::DeleteGroup(const RequestContext& context, const std::string& group_id) {
  return RunAudited(store_, context, "iam:groups:deleteGroupV5",
                    [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
                      WSAPP_ASSIGN_OR_RETURN(auto group,
                                             RequireIamGroup(unit, context.account_id, group_id));
                      WSAPP_RETURN_IF_ERROR(unit.DeleteIamGroup(context.account_id, group_id));
                      detail["resources"] = {GroupResource(group, "deleted")};
                      return OkStatus();
                    });
}

Status IamGroupService::AddUser(const RequestContext& context, const std::string& group_id,
                                const std::string& user_id) {
  return RunAudited(
      store_, context, "iam:permissions:addUserToGroupV5",
      [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
        WSAPP_ASSIGN_OR_RETURN(auto group, RequireIamGroup(unit, context.account_id, group_id));
        WSAPP_RETURN_IF_ERROR(RequireIamUser(unit, context.account_id, user_id));
        WSAPP_ASSIGN_OR_RETURN(bool added,
                               unit.AddIamGroupMember(group_id, user_id, context.now_millis));
        detail["resources"] = {GroupResource(group, added ? "member_added" : "unchanged")};
        detail["user_id"] = user_id;
        return OkStatus();
      });
}

Status IamGroupService::RemoveUser(const RequestContext& context, const std::string& group_id,
                                   const std::string& user_id) {
  return RunAudited(
      store_, context, "iam:permissions:removeUserFromGroupV5",
      [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
        WSAPP_ASSIGN_OR_RETURN(auto group, RequireIamGroup(unit, context.account_id, group_id));
        WSAPP_RETURN_IF_ERROR(RequireIamUser(unit, context.account_id, user_id));
        WSAPP_ASSIGN_OR_RETURN(bool removed, unit.RemoveIamGroupMember(group_id, user_id));
        detail["resources"] = {GroupResource(group, removed ? "member_removed" : "unchanged")};
        detail["user_id"] = user_id;
        return OkStatus();
      });
}

std::string IamGroupService::UrnName(const std::string& account_id, const std::string& id) {
  auto name = RunRead<std::string>(store_, [&](store::UnitOfWork& unit) -> Result<std::string> {
    WSAPP_ASSIGN_OR_RETURN(auto found, unit.FindIamGroup(account_id, id));
    return found ? found->name : id;
  });
  return name.ok() ? *name : id;
}

}  // namespace wsapp::service
