#pragma once

#include "common/result.h"
#include "domain/app_group.h"
#include "domain/audit.h"
#include "service/request_context.h"
#include "store/store.h"

namespace wsapp::service {

// Reads the audit trail of the caller's account. Thread-safe.
class AuditTrailService {
 public:
  explicit AuditTrailService(store::Store& store);

  // The records of context.account_id that match `filter`, newest first (at, then id,
  // descending), and the number of all matches. Errors: the store's.
  Result<domain::Page<domain::AuditRecord>> List(const RequestContext& context,
                                                 const domain::AuditFilter& filter,
                                                 const domain::PageRequest& page);

 private:
  store::Store& store_;
};

}  // namespace wsapp::service
