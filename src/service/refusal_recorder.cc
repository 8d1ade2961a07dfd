#include "service/refusal_recorder.h"

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <functional>
#include <iterator>
#include <nlohmann/json.hpp>

#include "common/log.h"
#include "common/time_format.h"

namespace wsapp::service {
namespace {

// Adds the caller's refused-record count to the detail object of its next admitted record.
void CarrySuppressedCount(domain::AuditRecord& record, int64_t suppressed) {
  nlohmann::json detail = nlohmann::json::parse(record.detail_json, nullptr, false);
  if (!detail.is_object()) {
    detail = nlohmann::json::object();
  }
  detail["suppressed_before"] = suppressed;
  record.detail_json = detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Starts `run` on a thread that takes no asynchronous signals. wsappd waits for SIGTERM and
// SIGINT on a thread of its own (src/main.cc); delivered to this one instead, they would take
// their default action and end the process without draining. Blocking them around the start,
// rather than inside the thread, leaves no moment in which the new thread takes them.
std::thread StartWithoutSignals(std::function<void()> run) {
  sigset_t all;
  sigfillset(&all);
  sigset_t previous;
  pthread_sigmask(SIG_SETMASK, &all, &previous);
  std::thread thread(std::move(run));
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  return thread;
}

}  // namespace

RefusalRecorder::RefusalRecorder(store::Store& store, const Clock& clock,
                                 RefusalRecorderOptions options)
    : store_(store),
      clock_(clock),
      options_(options),
      writer_(StartWithoutSignals([this] { Run(); })) {}

RefusalRecorder::~RefusalRecorder() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    is_stopping_ = true;
  }
  writer_wakeup_.notify_one();
  writer_.join();
}

void RefusalRecorder::Record(domain::AuditRecord record, const std::string& caller_key) {
  const int64_t now_millis = ToUnixMillis(clock_.Now());
  bool starts_dropping = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Bucket* bucket = BucketFor(caller_key, now_millis);
    if (bucket == nullptr || bucket->tokens < 1) {
      if (bucket != nullptr) {
        ++bucket->suppressed;
      }
      ++counters_.suppressed;
      return;
    }
    bucket->tokens -= 1;
    // The token stays spent, so a caller cannot use a full queue to dodge its limit; its
    // suppressed count waits for a record that fits.
    if (queue_.size() >= options_.max_queued_records) {
      ++counters_.dropped;
      starts_dropping = !is_dropping_;
      is_dropping_ = true;
    } else {
      if (bucket->suppressed > 0) {
        CarrySuppressedCount(record, bucket->suppressed);
        bucket->suppressed = 0;
      }
      queue_.push_back(std::move(record));
      ++counters_.admitted;
      is_dropping_ = false;
      if (queue_.size() == 1 || queue_.size() >= options_.max_batch_records) {
        writer_wakeup_.notify_one();
      }
    }
  }
  if (starts_dropping) {
    log::Warn("refusal records dropped, queue full",
              {{"max_queued_records", std::to_string(options_.max_queued_records)}});
  }
}

void RefusalRecorder::Flush() {
  std::unique_lock<std::mutex> lock(mutex_);
  const int64_t target = counters_.admitted;
  ++flushes_waiting_;
  writer_wakeup_.notify_one();
  batch_done_.wait(lock, [&] { return counters_.written + counters_.failed >= target; });
  --flushes_waiting_;
}

RefusalCounters RefusalRecorder::counters() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return counters_;
}

RefusalRecorder::Bucket* RefusalRecorder::BucketFor(const std::string& caller_key,
                                                    int64_t now_millis) {
  auto it = buckets_.find(caller_key);
  if (it != buckets_.end()) {
    Refill(it->second, now_millis);
    return &it->second;
  }
  if (buckets_.size() >= options_.max_callers) {
    ForgetIdleBuckets(now_millis);
    if (buckets_.size() >= options_.max_callers) {
      return nullptr;
    }
  }
  Bucket& bucket = buckets_[caller_key];
  bucket.tokens = options_.burst;
  bucket.refilled_at_millis = now_millis;
  return &bucket;
}

void RefusalRecorder::ForgetIdleBuckets(int64_t now_millis) {
  if (now_millis < next_sweep_millis_) {
    return;
  }
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    Refill(it->second, now_millis);
    const bool is_idle = it->second.suppressed == 0 && it->second.tokens >= options_.burst;
    it = is_idle ? buckets_.erase(it) : std::next(it);
  }
  // A sweep that freed nothing is not repeated until an emptied bucket could have refilled,
  // so a flood of new callers does not pay for a sweep each.
  if (buckets_.size() >= options_.max_callers) {
    next_sweep_millis_ =
        now_millis + static_cast<int64_t>(1000 * options_.burst / options_.refill_per_second);
  }
}

void RefusalRecorder::Refill(Bucket& bucket, int64_t now_millis) const {
  // A clock that steps back adds nothing and restarts the interval.
  const int64_t elapsed_millis = std::max<int64_t>(0, now_millis - bucket.refilled_at_millis);
  bucket.tokens =
      std::min(options_.burst, bucket.tokens + elapsed_millis * options_.refill_per_second / 1000);
  bucket.refilled_at_millis = now_millis;
}

void RefusalRecorder::Run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    writer_wakeup_.wait(lock, [&] { return is_stopping_ || !queue_.empty(); });
    if (queue_.empty()) {
      return;
    }
    const auto deadline = std::chrono::steady_clock::now() + options_.flush_interval;
    writer_wakeup_.wait_until(lock, deadline, [&] {
      return is_stopping_ || flushes_waiting_ > 0 || queue_.size() >= options_.max_batch_records;
    });

    const size_t count = std::min(queue_.size(), options_.max_batch_records);
    std::vector<domain::AuditRecord> batch(std::make_move_iterator(queue_.begin()),
                                           std::make_move_iterator(queue_.begin() + count));
    queue_.erase(queue_.begin(), queue_.begin() + count);
    lock.unlock();
    Status written = WriteBatch(batch);
    if (!written.ok()) {
      log::Error("refusal records lost",
                 {{"records", std::to_string(batch.size())}, {"error", written.error().message}});
    }
    lock.lock();
    (written.ok() ? counters_.written : counters_.failed) += static_cast<int64_t>(batch.size());
    batch_done_.notify_all();
  }
}

Status RefusalRecorder::WriteBatch(const std::vector<domain::AuditRecord>& batch) {
  return store::RunWithRetries(store_, [&]() -> Status {
    WSAPP_ASSIGN_OR_RETURN(std::unique_ptr<store::UnitOfWork> unit,
                           store_.Begin(store::Store::Mode::kWrite));
    for (const domain::AuditRecord& record : batch) {
      WSAPP_RETURN_IF_ERROR(unit->AppendAudit(record));
    }
    return unit->Commit();
  });
}

}  // namespace wsapp::service
