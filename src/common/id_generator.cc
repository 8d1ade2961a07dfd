#include "common/id_generator.h"

#include <cassert>

#include "common/time_format.h"

namespace wsapp {

IdGenerator::IdGenerator(const Clock& clock, int node_id) : clock_(clock), node_id_(node_id) {
  assert(node_id >= 0 && node_id < (1 << kNodeBits));
}

void IdGenerator::SetNode(int node_id, std::chrono::steady_clock::time_point valid_until) {
  assert(node_id >= 0 && node_id < (1 << kNodeBits));
  std::lock_guard<std::mutex> lock(mutex_);
  node_id_ = node_id;
  valid_until_ = valid_until;
}

int IdGenerator::node_id() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return node_id_;
}

Result<std::string> IdGenerator::Next() {
  int64_t now_millis = ToUnixMillis(clock_.Now()) - kEpochUnixMillis;
  std::lock_guard<std::mutex> lock(mutex_);
  // Past the deadline another instance may already hold this node id: an id made now could
  // be one it makes too.
  if (valid_until_ && std::chrono::steady_clock::now() >= *valid_until_) {
    return MakeError(ErrorCode::kUnavailable,
                     "this instance's node id lease has lapsed; new ids wait for its renewal",
                     "node_lease_lapsed");
  }
  if (now_millis > last_millis_) {
    last_millis_ = now_millis;
    sequence_ = 0;
  } else if (++sequence_ >= (1 << kSequenceBits)) {
    // The millisecond is used up: borrow the next one instead of waiting, so a burst never
    // blocks; the clock catches up as soon as the burst ends.
    ++last_millis_;
    sequence_ = 0;
  }
  int64_t raw = (last_millis_ << (kNodeBits + kSequenceBits)) |
                (static_cast<int64_t>(node_id_) << kSequenceBits) | sequence_;
  return std::to_string(kOffset + raw);
}

}  // namespace wsapp
