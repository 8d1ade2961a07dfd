#include "common/id_generator.h"

#include <cassert>

#include "common/time_format.h"

namespace wsapp {

IdGenerator::IdGenerator(const Clock& clock, int node_id) : clock_(clock), node_id_(node_id) {
  assert(node_id >= 0 && node_id < (1 << kNodeBits));
}

std::string IdGenerator::Next() {
  int64_t now_millis = ToUnixMillis(clock_.Now()) - kEpochUnixMillis;
  std::lock_guard<std::mutex> lock(mutex_);
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
