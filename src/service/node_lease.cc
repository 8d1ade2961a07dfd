#include "service/node_lease.h"

#include "common/crypto.h"
#include "common/log.h"
#include "common/time_format.h"

namespace wsapp::service {

NodeLease::NodeLease(store::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

NodeLease::~NodeLease() { Release(); }

Result<int> NodeLease::Acquire() {
  WSAPP_ASSIGN_OR_RETURN(holder_, RandomHexId());
  int64_t now = ToUnixMillis(clock_.Now());
  // Instances starting together race for the lowest free id; the loser runs again.
  WSAPP_ASSIGN_OR_RETURN(
      node_id_, store::RetryUnit(store_, [&]() -> Result<int> {
        WSAPP_ASSIGN_OR_RETURN(auto unit, store_.Begin(store::Store::Mode::kWrite));
        WSAPP_ASSIGN_OR_RETURN(int node_id, unit->LeaseNodeId(holder_, now, now + kLeaseMillis));
        WSAPP_RETURN_IF_ERROR(unit->Commit());
        return node_id;
      }));
  renewer_ = std::thread([this] { RenewLoop(); });
  return node_id_;
}

void NodeLease::RenewLoop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, std::chrono::milliseconds(kRenewMillis),
                         [this] { return is_stopping_; })) {
    lock.unlock();
    int64_t expires = ToUnixMillis(clock_.Now()) + kLeaseMillis;
    Status renewed = store::RunWithRetries(store_, [&]() -> Status {
      WSAPP_ASSIGN_OR_RETURN(auto unit, store_.Begin(store::Store::Mode::kWrite));
      WSAPP_RETURN_IF_ERROR(unit->RenewNodeLease(node_id_, holder_, expires));
      return unit->Commit();
    });
    if (!renewed.ok()) {
      log::Warn("node lease renewal failed",
                {{"node_id", std::to_string(node_id_)}, {"error", renewed.error().message}});
    }
    lock.lock();
  }
}

void NodeLease::Release() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (is_stopping_ || node_id_ < 0) {
      is_stopping_ = true;
      return;
    }
    is_stopping_ = true;
  }
  wake_.notify_all();
  if (renewer_.joinable()) {
    renewer_.join();
  }
  auto unit = store_.Begin(store::Store::Mode::kWrite);
  Status released = unit.ok() ? (*unit)->ReleaseNodeId(node_id_, holder_) : Status(unit.error());
  if (released.ok()) {
    released = (*unit)->Commit();
  }
  if (!released.ok()) {
    log::Warn("node lease release failed", {{"error", released.error().message}});
  }
}

}  // namespace wsapp::service
