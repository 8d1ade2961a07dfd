#include "service/audit_trail_service.h"

#include "service/unit_runner.h"

namespace wsapp::service {

AuditTrailService::AuditTrailService(store::Store& store) : store_(store) {}

Result<domain::Page<domain::AuditRecord>> AuditTrailService::List(const RequestContext& context,
                                                                  const domain::AuditFilter& filter,
                                                                  const domain::PageRequest& page) {
  return RunRead<domain::Page<domain::AuditRecord>>(store_, [&](store::UnitOfWork& unit) {
    return unit.ListAuditEvents(context.account_id, filter, page);
  });
}

}  // namespace wsapp::service
