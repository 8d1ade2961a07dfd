#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "store/store.h"

namespace wsapp::bench {

// The region every benchmark store is created with; wsappd runs with its default, the same.
inline constexpr char kRegion[] = "local";

// What the benchmark's first start created, or found already there.
struct BenchAccount {
  std::string account_id;
  std::string project_id;
};

// Opens the store `store_url` names as wsappd's --store does ("sqlite:" is the file in
// `data_dir`; "postgresql://..." a PostgreSQL database), creating the directory (which also
// holds generated credentials) and the database when needed, and migrating its schema. SQLite
// commits are durable when `synchronous_full`; PostgreSQL's always are, as in wsappd. Errors:
// kUnavailable when the directory cannot be created; the store's.
Result<std::unique_ptr<store::Store>> OpenBenchStore(const std::string& store_url,
                                                     const std::string& data_dir,
                                                     bool synchronous_full);

// Runs wsappd's first start on the store (region, account, root user, access key, default
// project) from the same environment variables wsappd reads: WSAPP_ROOT_PASSWORD,
// WSAPP_ROOT_ACCESS_KEY, WSAPP_ROOT_SECRET_KEY, WSAPP_PROJECT_ID. On a store that already has
// the account it changes nothing and returns it. Errors: the store's.
Result<BenchAccount> EnsureBenchAccount(store::Store& store, const Clock& clock,
                                        const std::string& data_dir);

// Latency figures of a set of samples, in milliseconds.
struct LatencySummary {
  int64_t count = 0;
  double mean_ms = 0;
  double p50_ms = 0;
  double p90_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
};

// Nearest-rank percentiles of the samples (reordered in place). All zero when empty.
LatencySummary Summarize(std::vector<double>& samples_ms);

// The process's peak resident set (VmHWM) in KiB, or -1 when /proc cannot tell.
int64_t PeakRssKib();

// Resets the peak resident set to the current one (Linux clear_refs), so that the next
// PeakRssKib() covers only what follows. Returns false when the kernel refuses.
bool ResetPeakRss();

// Milliseconds between two steady-clock points.
inline double ElapsedMs(std::chrono::steady_clock::time_point from,
                        std::chrono::steady_clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

}  // namespace wsapp::bench
