#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "common/clock.h"
#include "common/id_generator.h"
#include "common/result.h"
#include "store/store.h"

namespace wsapp::service {

// Holds this instance's node id (D13) for as long as it runs: leased from the store at start,
// renewed in the background, given back on shutdown. A lease left by a crashed instance expires
// after the lease time and is then free again. The attached IdGenerator makes ids only while
// the lease is known to be held: until 10 s before the expiry of the last lease or renewal that
// committed. An instance that finds its node id taken by another (it could not renew in time)
// leases a free one and goes on with that.
class NodeLease {
 public:
  NodeLease(store::Store& store, const Clock& clock);
  ~NodeLease();
  NodeLease(const NodeLease&) = delete;
  NodeLease& operator=(const NodeLease&) = delete;

  // Leases a node id and starts renewing it. Errors: kResourceExhausted, the store's.
  Result<int> Acquire();

  // From now on `ids` makes ids only under this lease (IdGenerator::SetNode).
  void Attach(IdGenerator& ids);

  // Renews the lease once, or leases another node id when this one was taken; the background
  // loop calls it every 15 s. Errors: the store's (the lease stays as it was).
  Status RenewNow();

  // Stops renewing and releases the id. Safe to call more than once.
  void Release();

  int node_id() const { return node_id_.load(); }

 private:
  void RenewLoop();
  Result<int> LeaseOne(int64_t now_millis);
  // Tells the attached generator the node id and how long it may use it.
  void Publish(int node_id, std::chrono::steady_clock::time_point leased_at);

  static constexpr int64_t kLeaseMillis = 60000;
  static constexpr int64_t kRenewMillis = 15000;
  // Ids stop this long before the lease's expiry, for clock differences between instances.
  static constexpr int64_t kMarginMillis = 10000;

  store::Store& store_;
  const Clock& clock_;
  std::string holder_;
  std::atomic<int> node_id_{-1};
  std::atomic<IdGenerator*> ids_{nullptr};
  // The steady time of the last lease or renewal that committed.
  std::chrono::steady_clock::time_point leased_at_;  // guarded by renew_mutex_
  std::mutex renew_mutex_;                           // one renewal at a time
  std::mutex mutex_;
  std::condition_variable wake_;
  bool is_stopping_ = false;  // guarded by mutex_
  std::thread renewer_;
};

}  // namespace wsapp::service
