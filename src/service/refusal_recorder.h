#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/audit.h"
#include "store/store.h"

namespace wsapp::service {

// How much RefusalRecorder takes in and how it writes. Requires: burst >= 1,
// refill_per_second > 0, and every size at least 1.
struct RefusalRecorderOptions {
  // A token bucket per caller: `burst` records at once, refilled at `refill_per_second`.
  double burst = 20;
  double refill_per_second = 5;
  // Admitted records waiting for the writer; a record beyond this is dropped.
  size_t max_queued_records = 10000;
  // The writer commits at most this many records per unit of work, and writes what is queued
  // once the oldest queued record has waited `flush_interval`.
  size_t max_batch_records = 200;
  std::chrono::milliseconds flush_interval{200};
  // Callers with a bucket at once. Buckets that refilled completely are forgotten first; a new
  // caller beyond this while none can be forgotten is suppressed.
  size_t max_callers = 10000;
};

// What happened to the records handed to Record, since construction.
struct RefusalCounters {
  int64_t admitted = 0;    // passed the caller's rate limit and queued
  int64_t suppressed = 0;  // refused by the rate limit (carried as "suppressed_before")
  int64_t dropped = 0;     // passed the rate limit, but the queue was full
  int64_t written = 0;     // committed to the store
  int64_t failed = 0;      // lost because their unit of work failed (logged at error)
};

// Writes the audit records of refused requests (403 "denied", 401 "unauthenticated") off the
// request path, so that a flood of bad requests costs a bounded number of writes: each caller
// has a token bucket on the injected clock, admitted records wait in a bounded queue, and one
// background thread commits them in batches, one write unit of work per batch. The records a
// caller's rate limit refused are counted, and the count goes into the detail of that caller's
// next admitted record as "suppressed_before". Thread-safe.
// Limitation: records still queued when the process dies, or whose batch fails to commit, are
// lost (counted as `failed` and logged in the second case); see docs/limitations.md.
class RefusalRecorder {
 public:
  // Starts the writer thread. `store` and `clock` must outlive the recorder.
  RefusalRecorder(store::Store& store, const Clock& clock, RefusalRecorderOptions options = {});
  // Writes everything queued, then stops the writer.
  ~RefusalRecorder();
  RefusalRecorder(const RefusalRecorder&) = delete;
  RefusalRecorder& operator=(const RefusalRecorder&) = delete;

  // Admits `record` when the bucket of `caller_key` has a token and the queue has room; never
  // waits for the store. Requires: record.detail_json is a JSON object.
  void Record(domain::AuditRecord record, const std::string& caller_key);

  // Blocks until every record admitted before the call is written (or failed).
  void Flush();

  RefusalCounters counters() const;

 private:
  struct Bucket {
    double tokens = 0;
    int64_t refilled_at_millis = 0;
    int64_t suppressed = 0;  // refused since the caller's last admitted record
  };

  // The caller's bucket, refilled to `now_millis`; nullptr when no more callers can be tracked.
  // Requires: mutex_ is held.
  Bucket* BucketFor(const std::string& caller_key, int64_t now_millis);
  // Forgets buckets that are full and owe no count. Requires: mutex_ is held.
  void ForgetIdleBuckets(int64_t now_millis);
  void Refill(Bucket& bucket, int64_t now_millis) const;
  // The writer thread's loop.
  void Run();
  Status WriteBatch(const std::vector<domain::AuditRecord>& batch);

  store::Store& store_;
  const Clock& clock_;
  const RefusalRecorderOptions options_;

  mutable std::mutex mutex_;
  // Wakes the writer: a first queued record, a full batch, a flush, or stopping.
  std::condition_variable writer_wakeup_;
  // Wakes Flush callers after each batch.
  std::condition_variable batch_done_;
  // Guarded by mutex_.
  std::unordered_map<std::string, Bucket> buckets_;
  int64_t next_sweep_millis_ = 0;  // no sweep before this when the last one freed nothing
  std::deque<domain::AuditRecord> queue_;
  RefusalCounters counters_;
  int flushes_waiting_ = 0;
  bool is_stopping_ = false;
  bool is_dropping_ = false;  // the last record was dropped; warns once per episode

  std::thread writer_;  // started last, joined in the destructor
};

}  // namespace wsapp::service
