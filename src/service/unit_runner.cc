#include "service/unit_runner.h"

#include "domain/audit.h"

namespace wsapp::service {

Status RunAudited(store::Store& store, const RequestContext& context, const std::string& action,
                  const std::function<Status(store::UnitOfWork&, nlohmann::json& detail)>& work) {
  return store::RunWithRetries(store, [&]() -> Status {
    WSAPP_ASSIGN_OR_RETURN(std::unique_ptr<store::UnitOfWork> unit,
                           store.Begin(store::Store::Mode::kWrite));
    nlohmann::json detail = nlohmann::json::object();
    WSAPP_RETURN_IF_ERROR(work(*unit, detail));

    domain::AuditRecord record;
    record.at_millis = context.now_millis;
    record.account_id = context.account_id;
    record.request_id = context.request_id;
    record.principal_id = context.actor_id;
    record.principal_name = context.actor_name;
    record.project_id = context.project_id;
    record.action = action;
    record.outcome = domain::kAuditSuccess;
    // Replace, not throw: ids and names are valid UTF-8 already, this only guards the invariant.
    record.detail_json = detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    WSAPP_RETURN_IF_ERROR(unit->AppendAudit(record));
    return unit->Commit();
  });
}

}  // namespace wsapp::service
