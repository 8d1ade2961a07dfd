#include "service/project_service.h"

#include "common/crypto.h"
#include "service/unit_runner.h"

namespace wsapp::service {

Status ValidateProjectName(const std::string& name) {
  if (name.empty() || name.size() > 64) {
    return InvalidArgument("project name must be 1 to 64 characters long");
  }
  for (char c : name) {
    bool is_allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '-' || c == '.';
    if (!is_allowed) {
      return InvalidArgument("project name may contain only letters, digits, '_', '-' and '.'");
    }
  }
  return OkStatus();
}

ProjectService::ProjectService(store::Store& store) : store_(store) {}

Result<std::vector<domain::Project>> ProjectService::List(const std::string& account_id,
                                                          const std::string& name) {
  return RunRead<std::vector<domain::Project>>(
      store_, [&](store::UnitOfWork& unit) { return unit.ListProjects(account_id, name); });
}

Result<domain::Project> ProjectService::Create(const RequestContext& context,
                                               const std::string& account_id,
                                               const std::string& name,
                                               const std::string& description) {
  WSAPP_RETURN_IF_ERROR(ValidateProjectName(name));
  domain::Project project;
  WSAPP_ASSIGN_OR_RETURN(project.id, RandomHexId());
  project.account_id = account_id;
  project.name = name;
  project.description = description;
  WSAPP_RETURN_IF_ERROR(RunAudited(
      store_, context, "iam:projects:create",
      [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
        Status inserted = unit.InsertProject(project);
        if (!inserted.ok() && inserted.error().code == ErrorCode::kAlreadyExists) {
          return MakeError(ErrorCode::kAlreadyExists,
                           "A project named " + name + " already exists.", "duplicate_name");
        }
        detail["resources"] = {{{"type", "project"}, {"id", project.id}, {"outcome", "created"}}};
        return inserted;
      }));
  return project;
}

Result<domain::Account> ProjectService::Account(const std::string& account_id) {
  return RunRead<domain::Account>(store_, [&](store::UnitOfWork& unit) -> Result<domain::Account> {
    WSAPP_ASSIGN_OR_RETURN(auto account, unit.FindAccountById(account_id));
    if (!account) {
      return MakeError(ErrorCode::kNotFound, "no such account");
    }
    return *account;
  });
}

}  // namespace wsapp::service
