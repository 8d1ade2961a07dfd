#pragma once

#include <atomic>
#include <chrono>

#include "common/clock.h"

namespace wsapp::testing {

// A clock that stands still until a test moves it. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start = TimePoint(std::chrono::milliseconds(1764757200000)))
      : now_millis_(std::chrono::duration_cast<std::chrono::milliseconds>(
                        start.time_since_epoch())
                        .count()) {}

  TimePoint Now() const override {
    return TimePoint(std::chrono::milliseconds(now_millis_.load()));
  }
  void Set(TimePoint time) {
    now_millis_ =
        std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
  }
  void Advance(std::chrono::milliseconds delta) { now_millis_ += delta.count(); }

 private:
  std::atomic<int64_t> now_millis_;
};

}  // namespace wsapp::testing
