// wsapp_bench_tool: the benchmark's data chores, run in-process against the store or offline.
//   seed   creates app groups and publishes apps in them through the services (not HTTP), and
//          writes the group ids and the app ids in blocks of 50 for the load scripts.
//   count  counts the apps still published in the listed groups, and in the whole project.
//   sign   signs ListPublishedApp requests with an access key ahead of a run (SDK-HMAC-SHA256).
// `seed` and `count` open the store --store names, as wsappd's option does: SQLite in --data-dir
// by default, or PostgreSQL.
#include <time.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "bench_support.h"
#include "common/id_generator.h"
#include "common/log.h"
#include "common/time_format.h"
#include "iam/sdk_signature.h"
#include "service/app_group_service.h"
#include "service/app_service.h"
#include "service/node_lease.h"

namespace wsapp::bench {
namespace {

// Ids per UnpublishApp request: the operation's maximum.
constexpr size_t kBlockSize = 50;
// Apps per publish unit while seeding: large units keep a million apps to a few minutes.
constexpr int kPublishBatch = 1000;

// "sqlite:" (the file in --data-dir, as wsappd's default) or a PostgreSQL URL.
constexpr char kDefaultStoreUrl[] = "sqlite:";

struct SeedOptions {
  std::string store_url = kDefaultStoreUrl;
  std::string data_dir;
  std::string name_prefix = "bench";
  int groups = 1;
  int apps_per_group = 1000;
  std::string groups_out;
  std::string blocks_out;
};

struct CountOptions {
  std::string store_url = kDefaultStoreUrl;
  std::string data_dir;
  std::string groups_file;
};

struct SignOptions {
  std::string access_key;
  std::string secret_key;
  std::string project_id;
  std::string target;
  int count = 64;
  std::string out;
};

// Fields filled like the vendor's PublishApp example, so listed items have a realistic size.
domain::App BenchApp(const std::string& name) {
  domain::App app;
  app.name = name;
  app.version = "19.0.0.0";
  app.execute_path = "C:\\Program Files\\Bench\\" + name + ".exe";
  app.icon_path = app.execute_path;
  app.publisher = "wsapp bench";
  app.description = "published by the benchmark";
  app.source_type = 2;
  app.source_image_ids = {"5d411710-98ac-47b5-af7c-3ecf6a0514b5"};
  return app;
}

service::RequestContext SeedContext(const BenchAccount& account, const Clock& clock) {
  service::RequestContext context;
  context.request_id = "bench-seed";
  context.actor_name = "bench-seed";
  context.project_id = account.project_id;
  context.account_id = account.account_id;
  context.now_millis = ToUnixMillis(clock.Now());
  return context;
}

// Publishes `count` apps in the group and returns their ids in publishing order.
Result<std::vector<std::string>> PublishApps(service::AppService& apps, const Clock& clock,
                                             const BenchAccount& account,
                                             const std::string& group_id, int count) {
  std::vector<std::string> ids;
  for (int first = 0; first < count; first += kPublishBatch) {
    std::vector<domain::App> batch;
    for (int i = first; i < std::min(count, first + kPublishBatch); ++i) {
      batch.push_back(BenchApp("app-" + std::to_string(i)));
    }
    WSAPP_ASSIGN_OR_RETURN(std::vector<domain::App> published,
                           apps.Publish(SeedContext(account, clock), group_id, std::move(batch)));
    for (const domain::App& app : published) {
      ids.push_back(app.id);
    }
  }
  return ids;
}

void WriteBlocks(std::ostream& out, const std::string& group_id,
                 const std::vector<std::string>& app_ids) {
  for (size_t first = 0; first < app_ids.size(); first += kBlockSize) {
    out << group_id << ' ';
    for (size_t i = first; i < std::min(app_ids.size(), first + kBlockSize); ++i) {
      out << (i == first ? "" : ",") << app_ids[i];
    }
    out << '\n';
  }
}

Status Seed(const SeedOptions& options) {
  SystemClock clock;
  // Seeding is not measured, so its commits need not be durable (PostgreSQL's are anyway).
  WSAPP_ASSIGN_OR_RETURN(auto store, OpenBenchStore(options.store_url, options.data_dir,
                                                    /*synchronous_full=*/false));
  WSAPP_ASSIGN_OR_RETURN(BenchAccount account, EnsureBenchAccount(*store, clock, options.data_dir));
  service::NodeLease lease(*store, clock);
  WSAPP_ASSIGN_OR_RETURN(int node_id, lease.Acquire());
  IdGenerator ids(clock, node_id);
  service::AppGroupService groups(*store, ids);
  service::AppService apps(*store, ids);

  std::ofstream groups_out(options.groups_out.empty() ? "/dev/null" : options.groups_out);
  std::ofstream blocks_out(options.blocks_out.empty() ? "/dev/null" : options.blocks_out);
  auto started = std::chrono::steady_clock::now();
  for (int g = 0; g < options.groups; ++g) {
    service::NewAppGroup request{options.name_prefix + "-" + std::to_string(g), "", "",
                                 std::string(domain::kAuthorizationTypeAppGroup),
                                 std::string(domain::kAppTypeCommon)};
    WSAPP_ASSIGN_OR_RETURN(domain::AppGroup group,
                           groups.Create(SeedContext(account, clock), request));
    WSAPP_ASSIGN_OR_RETURN(auto app_ids,
                           PublishApps(apps, clock, account, group.id, options.apps_per_group));
    groups_out << group.id << '\n';
    WriteBlocks(blocks_out, group.id, app_ids);
  }
  lease.Release();
  nlohmann::json summary = {
      {"project_id", account.project_id},
      {"groups", options.groups},
      {"apps", int64_t{options.groups} * options.apps_per_group},
      {"seconds", ElapsedMs(started, std::chrono::steady_clock::now()) / 1000.0}};
  std::cout << summary.dump() << std::endl;
  return OkStatus();
}

Result<int64_t> CountListedGroups(store::UnitOfWork& unit, const std::string& project_id,
                                  const std::string& groups_file) {
  std::ifstream groups(groups_file);
  std::string group_id;
  int64_t total = 0;
  while (groups >> group_id) {
    domain::PageRequest first_only{0, 1};
    WSAPP_ASSIGN_OR_RETURN(auto page, unit.ListApps(project_id, group_id, {}, first_only));
    total += page.count;
  }
  return total;
}

Result<int64_t> CountProject(store::UnitOfWork& unit, const std::string& project_id) {
  int64_t total = 0;
  for (domain::PageRequest page{0, 1000};; page.offset += page.limit) {
    WSAPP_ASSIGN_OR_RETURN(auto groups, unit.ListAppGroups(project_id, {}, page));
    for (const domain::AppGroup& group : groups.items) {
      total += group.app_count;
    }
    if (page.offset + page.limit >= groups.count) {
      return total;
    }
  }
}

Status Count(const CountOptions& options) {
  SystemClock clock;
  WSAPP_ASSIGN_OR_RETURN(auto store, OpenBenchStore(options.store_url, options.data_dir,
                                                    /*synchronous_full=*/true));
  WSAPP_ASSIGN_OR_RETURN(BenchAccount account, EnsureBenchAccount(*store, clock, options.data_dir));
  WSAPP_ASSIGN_OR_RETURN(auto unit, store->Begin(store::Store::Mode::kRead));
  int64_t listed = 0;
  if (!options.groups_file.empty()) {
    WSAPP_ASSIGN_OR_RETURN(listed,
                           CountListedGroups(*unit, account.project_id, options.groups_file));
  }
  WSAPP_ASSIGN_OR_RETURN(int64_t project, CountProject(*unit, account.project_id));
  std::cout << nlohmann::json{{"listed_groups_apps", listed}, {"project_apps", project}}.dump()
            << std::endl;
  return OkStatus();
}

std::string SdkDate(std::chrono::system_clock::time_point time) {
  time_t seconds = std::chrono::system_clock::to_time_t(time);
  tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  strftime(text, sizeof(text), "%Y%m%dT%H%M%SZ", &utc);
  return text;
}

// One line per request, "<X-Sdk-Date>\t<Authorization>", signed the way the Go SDK signs (its
// headers and signed-header list), each with its own date: one second apart, going back from
// now, so all stay inside the 15-minute window for the next ten minutes at least.
Status Sign(const SignOptions& options) {
  std::ofstream out(options.out);
  auto now = std::chrono::system_clock::now();
  for (int i = 0; i < options.count; ++i) {
    api::HttpRequest request;
    request.method = "GET";
    request.target = options.target;
    request.headers = {{"User-Agent", "huaweicloud-usdk-go/3.0"},
                       {"X-Project-Id", options.project_id}};
    WSAPP_RETURN_IF_ERROR(iam::SignRequest(request, options.access_key, options.secret_key,
                                           SdkDate(now - std::chrono::seconds(i)),
                                           {"user-agent", "x-project-id", "x-sdk-date"}));
    out << *request.FindHeader("X-Sdk-Date") << '\t' << *request.FindHeader("Authorization")
        << '\n';
  }
  if (!out) {
    return InternalError("cannot write " + options.out);
  }
  return OkStatus();
}

int Report(const Status& status) {
  if (status.ok()) {
    return 0;
  }
  std::cerr << "wsapp_bench_tool: " << status.error().message << std::endl;
  return 1;
}

}  // namespace
}  // namespace wsapp::bench

int main(int argc, char** argv) {
  using namespace wsapp::bench;
  CLI::App app{"wsapp_bench_tool: seed, count and sign for the benchmarks"};
  const std::string kStoreHelp =
      "as wsappd's --store: sqlite: (the file in --data-dir) or postgresql://...";
  app.require_subcommand(1);

  SeedOptions seed;
  CLI::App* seed_command = app.add_subcommand("seed", "create app groups and publish apps");
  seed_command->add_option("--data-dir", seed.data_dir)->required();
  seed_command->add_option("--store", seed.store_url, kStoreHelp);
  seed_command->add_option("--name-prefix", seed.name_prefix, "group names: PREFIX-<n>");
  seed_command->add_option("--groups", seed.groups);
  seed_command->add_option("--apps-per-group", seed.apps_per_group);
  seed_command->add_option("--groups-out", seed.groups_out, "file: one group id per line");
  seed_command->add_option("--blocks-out", seed.blocks_out,
                           "file: '<group> <id>,...' per block of 50 apps");

  CountOptions count;
  CLI::App* count_command = app.add_subcommand("count", "count published apps");
  count_command->add_option("--data-dir", count.data_dir)->required();
  count_command->add_option("--store", count.store_url, kStoreHelp);
  count_command->add_option("--groups-file", count.groups_file, "one group id per line");

  SignOptions sign;
  CLI::App* sign_command = app.add_subcommand("sign", "sign GET requests ahead of a run");
  sign_command->add_option("--access-key", sign.access_key)->required();
  sign_command->add_option("--secret-key", sign.secret_key)->required();
  sign_command->add_option("--project-id", sign.project_id)->required();
  sign_command->add_option("--target", sign.target, "path and query")->required();
  sign_command->add_option("--count", sign.count);
  sign_command->add_option("--out", sign.out)->required();

  CLI11_PARSE(app, argc, argv);
  wsapp::log::Init(wsapp::log::Level::kWarn);
  if (*seed_command) {
    return Report(Seed(seed));
  }
  if (*count_command) {
    return Report(Count(count));
  }
  return Report(Sign(sign));
}
