// wsapp_bench_store_ceiling: the raw storage ceiling of UnpublishApp. Runs the unit of work that
// the service runs for one UnpublishApp of 50 ids (find the group, unpublish the apps with their
// app-level grants, append the audit record, commit) in-process, one after another, with durable
// commits as wsappd makes them by default: no HTTP, no authentication, no JSON parsing. The store
// is the one --store names, as wsappd's option: SQLite in --data-dir by default, or PostgreSQL.
// The apps come from `wsapp_bench_tool seed`, in another process, so that seeding leaves nothing
// in this one's memory. Prints one JSON object.
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "bench_support.h"
#include "common/log.h"
#include "common/time_format.h"
#include "domain/audit.h"

namespace wsapp::bench {
namespace {

struct CeilingOptions {
  std::string store_url = "sqlite:";
  std::string data_dir;
  std::string blocks_file;
  double max_seconds = 10;
};

struct Block {
  std::string group_id;
  std::vector<std::string> app_ids;
};

struct Timings {
  std::vector<double> unit_ms;
  std::vector<double> commit_ms;
  int64_t apps_removed = 0;
};

// Reads the blocks `wsapp_bench_tool seed --blocks-out` wrote: "<group> <id>,...,<id>" per line.
Result<std::vector<Block>> ReadBlocks(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return InternalError("cannot read " + path);
  }
  std::vector<Block> blocks;
  std::string group_id;
  std::string ids;
  while (in >> group_id >> ids) {
    Block block{group_id, {}};
    std::stringstream list(ids);
    for (std::string id; std::getline(list, id, ',');) {
      block.app_ids.push_back(id);
    }
    blocks.push_back(std::move(block));
  }
  return blocks;
}

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& time) { return time.tv_sec + time.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// The audit detail AppService::Unpublish writes: the group, each id with its outcome, and the
// app-level grants removed.
std::string AuditDetail(const Block& block, const store::UnpublishResult& removed) {
  std::set<std::string> removed_ids(removed.removed_app_ids.begin(), removed.removed_app_ids.end());
  nlohmann::json resources = nlohmann::json::array();
  resources.push_back({{"type", "appGroup"}, {"id", block.group_id}, {"outcome", "updated"}});
  for (const std::string& id : block.app_ids) {
    resources.push_back({{"type", "app"},
                         {"id", id},
                         {"outcome", removed_ids.count(id) ? "unpublished" : "skipped"}});
  }
  nlohmann::json detail = {{"resources", std::move(resources)},
                           {"removed_authorizations", nlohmann::json::array()}};
  return detail.dump();
}

// One UnpublishApp unit of work; adds its timings.
Status RunUnit(store::Store& store, const Clock& clock, const BenchAccount& account,
               const Block& block, Timings& timings) {
  auto started = std::chrono::steady_clock::now();
  WSAPP_ASSIGN_OR_RETURN(auto unit, store.Begin(store::Store::Mode::kWrite));
  WSAPP_ASSIGN_OR_RETURN(auto group, unit->FindAppGroup(account.project_id, block.group_id));
  if (!group) {
    return InternalError("seeded group " + block.group_id + " is missing");
  }
  WSAPP_ASSIGN_OR_RETURN(store::UnpublishResult removed,
                         unit->UnpublishApps(account.project_id, block.group_id, block.app_ids));
  domain::AuditRecord record;
  record.at_millis = ToUnixMillis(clock.Now());
  record.request_id = "bench-ceiling";
  record.principal_name = "bench-ceiling";
  record.project_id = account.project_id;
  record.action = "workspace:app:unpublish";
  record.outcome = "success";
  record.detail_json = AuditDetail(block, removed);
  WSAPP_RETURN_IF_ERROR(unit->AppendAudit(record));
  auto committing = std::chrono::steady_clock::now();
  WSAPP_RETURN_IF_ERROR(unit->Commit());
  auto finished = std::chrono::steady_clock::now();

  timings.unit_ms.push_back(ElapsedMs(started, finished));
  timings.commit_ms.push_back(ElapsedMs(committing, finished));
  timings.apps_removed += static_cast<int64_t>(removed.removed_app_ids.size());
  return OkStatus();
}

nlohmann::json ToJson(const LatencySummary& summary) {
  return {{"count", summary.count},   {"mean_ms", summary.mean_ms}, {"p50_ms", summary.p50_ms},
          {"p90_ms", summary.p90_ms}, {"p99_ms", summary.p99_ms},   {"max_ms", summary.max_ms}};
}

Status Run(const CeilingOptions& options) {
  SystemClock clock;
  WSAPP_ASSIGN_OR_RETURN(auto store, OpenBenchStore(options.store_url, options.data_dir,
                                                    /*synchronous_full=*/true));
  WSAPP_ASSIGN_OR_RETURN(BenchAccount account, EnsureBenchAccount(*store, clock, options.data_dir));
  WSAPP_ASSIGN_OR_RETURN(std::vector<Block> blocks, ReadBlocks(options.blocks_file));

  bool has_reset_peak = ResetPeakRss();
  Timings timings;
  const double cpu_before = CpuSeconds();
  auto started = std::chrono::steady_clock::now();
  double elapsed_ms = 0;
  for (const Block& block : blocks) {
    WSAPP_RETURN_IF_ERROR(RunUnit(*store, clock, account, block, timings));
    elapsed_ms = ElapsedMs(started, std::chrono::steady_clock::now());
    if (elapsed_ms >= options.max_seconds * 1000) {
      break;
    }
  }

  const int64_t units = static_cast<int64_t>(timings.unit_ms.size());
  nlohmann::json result = {{"units", units},
                           {"seconds", elapsed_ms / 1000},
                           {"units_per_second", units / (elapsed_ms / 1000)},
                           {"cpu_seconds", CpuSeconds() - cpu_before},
                           {"blocks_exhausted", units == static_cast<int64_t>(blocks.size())},
                           {"apps_removed", timings.apps_removed},
                           {"unit", ToJson(Summarize(timings.unit_ms))},
                           {"commit", ToJson(Summarize(timings.commit_ms))},
                           {"peak_rss_kib", PeakRssKib()},
                           {"peak_rss_covers_run_only", has_reset_peak}};
  std::cout << result.dump() << std::endl;
  return OkStatus();
}

}  // namespace
}  // namespace wsapp::bench

int main(int argc, char** argv) {
  wsapp::bench::CeilingOptions options;
  CLI::App app{"wsapp_bench_store_ceiling: serial in-process UnpublishApp units of work"};
  app.add_option("--data-dir", options.data_dir, "a store seeded by wsapp_bench_tool")->required();
  app.add_option("--store", options.store_url,
                 "as wsappd's --store: sqlite: (the file in --data-dir) or postgresql://...");
  app.add_option("--blocks", options.blocks_file, "the seed's --blocks-out file")->required();
  app.add_option("--max-seconds", options.max_seconds, "stop after this long");
  CLI11_PARSE(app, argc, argv);

  wsapp::log::Init(wsapp::log::Level::kWarn);
  wsapp::Status status = wsapp::bench::Run(options);
  if (!status.ok()) {
    std::cerr << "wsapp_bench_store_ceiling: " << status.error().message << std::endl;
    return 1;
  }
  return 0;
}
