#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "common/clock.h"
#include "common/result.h"
#include "store/store.h"

namespace wsapp::service {

// Holds this instance's node id (D13) for as long as it runs: leased from the store at start,
// renewed in the background, given back on shutdown. A lease left by a crashed instance expires
// after the lease time and is then free again.
class NodeLease {
 public:
  NodeLease(store::Store& store, const Clock& clock);
  ~NodeLease();
  NodeLease(const NodeLease&) = delete;
  NodeLease& operator=(const NodeLease&) = delete;

  // Leases a node id and starts renewing it. Errors: kResourceExhausted, the store's.
  Result<int> Acquire();

  // Stops renewing and releases the id. Safe to call more than once.
  void Release();

 private:
  void RenewLoop();

  static constexpr int64_t kLeaseMillis = 60000;
  static constexpr int64_t kRenewMillis = 15000;

  store::Store& store_;
  const Clock& clock_;
  std::string holder_;
  int node_id_ = -1;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool is_stopping_ = false;  // guarded by mutex_
  std::thread renewer_;
};

}  // namespace wsapp::service
