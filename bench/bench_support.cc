#include "bench_support.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <optional>

#include "service/bootstrap.h"
#include "store/open_store.h"

namespace wsapp::bench {
namespace {

std::optional<std::string> Env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    return std::nullopt;
  }
  return std::string(value);
}

// Nearest rank: the smallest sample with at least `percent` of the samples at or below it.
double Percentile(const std::vector<double>& sorted, double percent) {
  size_t rank = static_cast<size_t>(std::ceil(percent / 100.0 * sorted.size()));
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

}  // namespace

Result<std::unique_ptr<store::Store>> OpenBenchStore(const std::string& store_url,
                                                     const std::string& data_dir,
                                                     bool synchronous_full) {
  std::error_code error;
  std::filesystem::create_directories(data_dir, error);
  if (error) {
    return MakeError(ErrorCode::kUnavailable, "cannot create " + data_dir + ": " + error.message());
  }
  store::StoreConfig config;
  config.url = store_url;
  config.data_dir = data_dir;
  config.synchronous_full = synchronous_full;
  // The bench programs run one unit of work at a time.
  config.pg_pool_size = 1;
  return store::OpenStore(config);
}

Result<BenchAccount> EnsureBenchAccount(store::Store& store, const Clock& clock,
                                        const std::string& data_dir) {
  WSAPP_RETURN_IF_ERROR(service::EnsureRegion(store, kRegion));
  service::FirstStartConfig config;
  config.root_password = Env("WSAPP_ROOT_PASSWORD");
  config.root_access_key = Env("WSAPP_ROOT_ACCESS_KEY");
  config.root_secret_key = Env("WSAPP_ROOT_SECRET_KEY");
  config.project_id = Env("WSAPP_PROJECT_ID");
  config.credentials_path = data_dir + "/root-credentials.json";
  WSAPP_ASSIGN_OR_RETURN(service::FirstStartResult first,
                         service::EnsureFirstStart(store, clock, kRegion, config));

  BenchAccount account{first.account_id, first.default_project_id};
  if (!account.project_id.empty()) {
    return account;
  }
  // A store made by an earlier run: its default project is the one named after the region.
  WSAPP_ASSIGN_OR_RETURN(auto unit, store.Begin(store::Store::Mode::kRead));
  WSAPP_ASSIGN_OR_RETURN(auto projects, unit->ListProjects(account.account_id, kRegion));
  if (projects.empty()) {
    return InternalError("the store has an account but no default project");
  }
  account.project_id = projects.front().id;
  return account;
}

LatencySummary Summarize(std::vector<double>& samples_ms) {
  LatencySummary summary;
  if (samples_ms.empty()) {
    return summary;
  }
  std::sort(samples_ms.begin(), samples_ms.end());
  summary.count = static_cast<int64_t>(samples_ms.size());
  summary.mean_ms = std::accumulate(samples_ms.begin(), samples_ms.end(), 0.0) / samples_ms.size();
  summary.p50_ms = Percentile(samples_ms, 50);
  summary.p90_ms = Percentile(samples_ms, 90);
  summary.p99_ms = Percentile(samples_ms, 99);
  summary.max_ms = samples_ms.back();
  return summary;
}

int64_t PeakRssKib() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmHWM:") {
      int64_t kib = -1;
      status >> kib;
      return kib;
    }
    status.ignore(4096, '\n');
  }
  return -1;
}

bool ResetPeakRss() {
  std::ofstream clear_refs("/proc/self/clear_refs");
  clear_refs << "5\n";
  clear_refs.flush();
  return static_cast<bool>(clear_refs);
}

}  // namespace wsapp::bench
