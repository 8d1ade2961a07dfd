#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/result.h"

namespace wsapp {

// App-group and app ids (D13): the decimal form of
//   10^17 + ((ms since 2020-01-01T00:00:00Z) << 18 | node << 10 | sequence)
// with an 8-bit node id leased from the store and a 10-bit per-millisecond sequence. Ids from
// one generator strictly increase; generators with different node ids never collide.
// Thread-safe.
class IdGenerator {
 public:
  static constexpr int64_t kEpochUnixMillis = 1577836800000;  // 2020-01-01T00:00:00Z
  static constexpr int kNodeBits = 8;
  static constexpr int kSequenceBits = 10;
  static constexpr int64_t kOffset = 100000000000000000;  // 10^17

  // Requires: 0 <= node_id < 256.
  IdGenerator(const Clock& clock, int node_id);

  // The next id. When the clock stands still or steps back, ids continue from the last
  // millisecond used, borrowing future milliseconds rather than repeating one. Errors:
  // kUnavailable once the node id's lease is no longer known to be held (see SetNode).
  Result<std::string> Next();

  // From now on ids carry `node_id` and may be made until `valid_until` (steady clock, so that
  // neither a wall-clock step nor a test's fake clock moves it). NodeLease calls this after every
  // lease or renewal; without a call the generator has no deadline. Requires: 0 <= node_id < 256.
  void SetNode(int node_id, std::chrono::steady_clock::time_point valid_until);

  int node_id() const;

 private:
  const Clock& clock_;
  mutable std::mutex mutex_;
  int node_id_;                                                       // guarded by mutex_
  std::optional<std::chrono::steady_clock::time_point> valid_until_;  // guarded by mutex_
  int64_t last_millis_ = -1;                                          // guarded by mutex_
  int64_t sequence_ = 0;                                              // guarded by mutex_
};

}  // namespace wsapp
