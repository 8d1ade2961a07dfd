// wsapp_bench_probe: the cost curve's client. Over one keep-alive connection, one request at a
// time (so latency is service time, without queueing): ListPublishedApp pages of 10, then
// cycles of "publish 50 apps in the churn group (not timed), UnpublishApp those 50 (timed)",
// which keeps the project's size where the caller put it. Prints one JSON object.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "bench_support.h"

namespace wsapp::bench {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr int kIdsPerUnpublish = 50;
constexpr int kAppsPerPublish = 20;  // PublishApp's maximum

struct ProbeOptions {
  uint16_t port = 0;
  std::string token;
  std::string project_id;
  std::string list_group;
  std::string churn_group;
  int list_requests = 1000;
  int unpublish_requests = 200;
};

struct Reply {
  int status = 0;
  std::string body;
};

// One keep-alive connection; throws beast::system_error when it breaks (main reports it).
class Client {
 public:
  Client(uint16_t port, std::string token) : stream_(context_), token_(std::move(token)) {
    stream_.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  }

  Reply Send(http::verb method, const std::string& target, const std::string& body = {}) {
    http::request<http::string_body> request{method, target, 11};
    request.set(http::field::host, "127.0.0.1");
    request.set("X-Auth-Token", token_);
    if (method == http::verb::post) {
      request.set(http::field::content_type, "application/json");
      request.body() = body;
      request.prepare_payload();
    }
    http::write(stream_, request);
    http::response<http::string_body> response;
    http::read(stream_, buffer_, response);
    return {static_cast<int>(response.result_int()), std::move(response.body())};
  }

 private:
  net::io_context context_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::string token_;
};

nlohmann::json ToJson(const LatencySummary& summary, int64_t errors) {
  return {{"count", summary.count},   {"errors", errors},         {"mean_ms", summary.mean_ms},
          {"p50_ms", summary.p50_ms}, {"p90_ms", summary.p90_ms}, {"p99_ms", summary.p99_ms},
          {"max_ms", summary.max_ms}};
}

nlohmann::json ProbeList(Client& client, const ProbeOptions& options) {
  const std::string target =
      "/v1/" + options.project_id + "/app-groups/" + options.list_group + "/apps?limit=10&offset=0";
  std::vector<double> samples;
  int64_t errors = 0;
  for (int i = 0; i < options.list_requests; ++i) {
    auto started = std::chrono::steady_clock::now();
    Reply reply = client.Send(http::verb::get, target);
    samples.push_back(ElapsedMs(started, std::chrono::steady_clock::now()));
    errors += reply.status != 200;
  }
  return ToJson(Summarize(samples), errors);
}

// Publishes 50 apps in the churn group and returns their ids (empty on a refused publish).
std::vector<std::string> PublishChurn(Client& client, const std::string& apps_path, int cycle) {
  // Unique per probe, so that a probe after a failed one does not collide with its leftovers.
  static const std::string name_prefix = "churn-" + std::to_string(getpid()) + "-";
  std::vector<std::string> ids;
  for (int first = 0; first < kIdsPerUnpublish; first += kAppsPerPublish) {
    nlohmann::json items = nlohmann::json::array();
    for (int i = first; i < std::min(kIdsPerUnpublish, first + kAppsPerPublish); ++i) {
      items.push_back({{"name", name_prefix + std::to_string(cycle) + "-" + std::to_string(i)},
                       {"execute_path", "C:\\Program Files\\Bench\\churn.exe"},
                       {"source_type", 2}});
    }
    Reply reply = client.Send(http::verb::post, apps_path, nlohmann::json{{"items", items}}.dump());
    if (reply.status != 200) {
      return {};
    }
    nlohmann::json published = nlohmann::json::parse(reply.body);
    for (const auto& app : published["items"]) {
      ids.push_back(app["id"].get<std::string>());
    }
  }
  return ids;
}

nlohmann::json ProbeUnpublish(Client& client, const ProbeOptions& options) {
  const std::string apps_path =
      "/v1/" + options.project_id + "/app-groups/" + options.churn_group + "/apps";
  std::vector<double> samples;
  int64_t errors = 0;
  for (int cycle = 0; cycle < options.unpublish_requests; ++cycle) {
    std::vector<std::string> ids = PublishChurn(client, apps_path, cycle);
    if (ids.size() != kIdsPerUnpublish) {
      ++errors;
      continue;
    }
    std::string body = nlohmann::json{{"ids", ids}}.dump();
    auto started = std::chrono::steady_clock::now();
    Reply reply = client.Send(http::verb::post, apps_path + "/batch-unpublish", body);
    samples.push_back(ElapsedMs(started, std::chrono::steady_clock::now()));
    errors += reply.status != 200;
  }
  // Every cycle removed what it published, so the churn group must be empty again.
  Reply left = client.Send(http::verb::get, apps_path + "?limit=1");
  nlohmann::json result = ToJson(Summarize(samples), errors);
  result["churn_apps_left"] =
      left.status == 200 ? nlohmann::json::parse(left.body)["count"].get<int64_t>() : -1;
  return result;
}

}  // namespace
}  // namespace wsapp::bench

int main(int argc, char** argv) {
  wsapp::bench::ProbeOptions options;
  CLI::App app{"wsapp_bench_probe: serial ListPublishedApp and UnpublishApp latency"};
  app.add_option("--port", options.port)->required();
  app.add_option("--token", options.token, "project-scoped X-Auth-Token")->required();
  app.add_option("--project-id", options.project_id)->required();
  app.add_option("--list-group", options.list_group, "a group of 1,000 apps")->required();
  app.add_option("--churn-group", options.churn_group, "an empty group")->required();
  app.add_option("--list-requests", options.list_requests);
  app.add_option("--unpublish-requests", options.unpublish_requests);
  CLI11_PARSE(app, argc, argv);
  try {
    wsapp::bench::Client client(options.port, options.token);
    nlohmann::json result = {{"list", wsapp::bench::ProbeList(client, options)},
                             {"unpublish", wsapp::bench::ProbeUnpublish(client, options)}};
    std::cout << result.dump() << std::endl;
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "wsapp_bench_probe: " << e.what() << std::endl;
    return 1;
  }
}
