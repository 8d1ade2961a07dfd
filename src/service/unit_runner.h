#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>

#include "common/result.h"
#include "service/request_context.h"
#include "store/store.h"

namespace wsapp::service {

// Runs `work` in one write unit of work and, in that same unit, appends the audit record for
// `action` with `detail` as `work` filled it in, then commits. Nothing is acknowledged before
// the commit returns. A unit that loses a serialization conflict is run again from the start
// (store::RunWithRetries), so `work` must leave nothing behind but what it writes to the unit
// and to state it overwrites on every run. Errors: whatever `work` or the store returns; the
// unit rolls back.
Status RunAudited(store::Store& store, const RequestContext& context, const std::string& action,
                  const std::function<Status(store::UnitOfWork&, nlohmann::json& detail)>& work);

// Runs `work` in a read unit of work, again from the start if the connection was lost.
template <typename T>
Result<T> RunRead(store::Store& store, const std::function<Result<T>(store::UnitOfWork&)>& work) {
  return store::RetryUnit(store, [&]() -> Result<T> {
    WSAPP_ASSIGN_OR_RETURN(std::unique_ptr<store::UnitOfWork> unit,
                           store.Begin(store::Store::Mode::kRead));
    return work(*unit);
  });
}

}  // namespace wsapp::service
