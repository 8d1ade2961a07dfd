#include "service/node_lease.h"

#include "common/crypto.h"
#include "common/log.h"
#include "common/time_format.h"

namespace wsapp::service {

NodeLease::NodeLease(store::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

NodeLease::~NodeLease() { Release(); }

Result<int> NodeLease::LeaseOne(int64_t now_millis) {
  // Instances starting together race for the lowest free id; the loser runs again.
  // Limitation: expiry is judged by this instance's clock, not the database's
  // (docs/limitations.md).
  return store::RetryUnit(store_, [&]() -> Result<int> {
    WSAPP_ASSIGN_OR_RETURN(auto unit, store_.Begin(store::Store::Mode::kWrite));
    WSAPP_ASSIGN_OR_RETURN(int node_id,
                           unit->LeaseNodeId(holder_, now_millis, now_millis + kLeaseMillis));
    WSAPP_RETURN_IF_ERROR(unit->Commit());
    return node_id;
  });
}

Result<int> NodeLease::Acquire() {
  WSAPP_ASSIGN_OR_RETURN(holder_, RandomHexId());
  const auto started = std::chrono::steady_clock::now();
  WSAPP_ASSIGN_OR_RETURN(int node_id, LeaseOne(ToUnixMillis(clock_.Now())));
  {
    std::lock_guard<std::mutex> lock(renew_mutex_);
    node_id_ = node_id;
    leased_at_ = started;
  }
  renewer_ = std::thread([this] { RenewLoop(); });
  return node_id;
}

void NodeLease::Attach(IdGenerator& ids) {
  std::lock_guard<std::mutex> lock(renew_mutex_);
  ids_ = &ids;
  Publish(node_id_, leased_at_);
}

void NodeLease::Publish(int node_id, std::chrono::steady_clock::time_point leased_at) {
  if (IdGenerator* ids = ids_.load()) {
    ids->SetNode(node_id, leased_at + std::chrono::milliseconds(kLeaseMillis - kMarginMillis));
  }
}

Status NodeLease::RenewNow() {
  std::lock_guard<std::mutex> lock(renew_mutex_);
  // Taken before the round trip: the lease runs from when the renewal was sent, at the latest.
  const auto started = std::chrono::steady_clock::now();
  const int64_t now = ToUnixMillis(clock_.Now());
  Status renewed = store::RunWithRetries(store_, [&]() -> Status {
    WSAPP_ASSIGN_OR_RETURN(auto unit, store_.Begin(store::Store::Mode::kWrite));
    WSAPP_RETURN_IF_ERROR(unit->RenewNodeLease(node_id_, holder_, now + kLeaseMillis));
    return unit->Commit();
  });
  if (renewed.ok()) {
    leased_at_ = started;
    Publish(node_id_, leased_at_);
    return OkStatus();
  }
  if (renewed.error().code != ErrorCode::kNotFound) {
    return renewed;
  }
  // Another instance leased this node id after ours expired: no more ids with it, and another
  // one for this instance.
  log::Warn("node lease was lost; leasing another node id",
            {{"node_id", std::to_string(node_id_.load())}});
  Publish(node_id_, std::chrono::steady_clock::time_point::min());
  WSAPP_ASSIGN_OR_RETURN(int node_id, LeaseOne(now));
  node_id_ = node_id;
  leased_at_ = started;
  Publish(node_id, leased_at_);
  log::Info("node id leased", {{"node_id", std::to_string(node_id)}});
  return OkStatus();
}

void NodeLease::RenewLoop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, std::chrono::milliseconds(kRenewMillis),
                         [this] { return is_stopping_; })) {
    lock.unlock();
    Status renewed = RenewNow();
    if (!renewed.ok()) {
      log::Warn("node lease renewal failed",
                {{"node_id", std::to_string(node_id_.load())}, {"error", renewed.error().message}});
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
