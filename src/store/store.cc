#include "store/store.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

namespace wsapp::store {
namespace {

// Pauses between attempts: full jitter over a window that doubles from 2 ms to at most 64 ms,
// so that units which collided once spread out instead of colliding again in step.
std::chrono::microseconds RetryPause(int attempt) {
  thread_local std::minstd_rand random(std::random_device{}());
  int64_t window_micros = int64_t{2000} << std::min(attempt, 5);
  std::uniform_int_distribution<int64_t> pause(window_micros / 4, window_micros);
  return std::chrono::microseconds(pause(random));
}

thread_local SharedReadScope* active_read_scope = nullptr;

}  // namespace

SharedReadScope::SharedReadScope(Store& store) : store_(store) {
  if (active_read_scope == nullptr) {
    active_read_scope = this;
    is_active_ = true;
  }
}

SharedReadScope::~SharedReadScope() {
  if (is_active_) {
    active_read_scope = nullptr;
  }
}

SharedReadScope* SharedReadScope::Active(const Store& store) {
  SharedReadScope* scope = active_read_scope;
  return scope != nullptr && &scope->store_ == &store ? scope : nullptr;
}

Status Store::CheckReady() {
  WSAPP_ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> unit, Begin(Mode::kRead));
  return unit->Commit();
}

// Limitation: busy waits (a lock or pool connection not had within 5 s) are not retried: the
// request gets 503 after one bounded wait (docs/limitations.md).
bool IsRetryable(const Error& error) {
  return error.code == ErrorCode::kUnavailable &&
         (error.reason == "serialization_conflict" || error.reason == "database_connection_lost");
}

Status RunWithRetries(Store& store, const std::function<Status()>& unit) {
  for (int attempt = 1;; ++attempt) {
    Status status = unit();
    if (status.ok() || !IsRetryable(status.error())) {
      return status;
    }
    if (attempt == kMaxAttempts) {
      store.counters().retries_exhausted.fetch_add(1, std::memory_order_relaxed);
      Error error = status.error();
      error.public_message = "The service is busy with conflicting changes; try again.";
      error.message = "retries exhausted: " + error.message;
      return error;
    }
    store.counters().conflict_retries.fetch_add(1, std::memory_order_relaxed);
    std::this_thread::sleep_for(RetryPause(attempt));
  }
}

}  // namespace wsapp::store
