// wsappd: wiring only. Reads the configuration, opens the store, prepares the account, and
// serves the API until SIGTERM or SIGINT.
#include <signal.h>
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <thread>

#include "app/application.h"
#include "common/log.h"
#include "server/http_server.h"
#include "service/bootstrap.h"
#include "service/icon_service.h"
#include "store/open_store.h"

namespace wsapp {
namespace {

struct Options {
  std::string listen = "127.0.0.1:8080";
  std::string data_dir = "./data";
  std::string store_url = "sqlite:";
  std::string region = "local";
  bool demo = false;
  std::string port_file;
  std::string log_level = "info";
  int threads = 0;
  int64_t token_ttl_seconds = 24 * 3600;
  size_t max_body_bytes = 1024 * 1024;
  size_t max_header_bytes = 16 * 1024;
  bool sqlite_synchronous_full = true;
  int pg_pool_size = 16;
  int pg_statement_timeout_seconds = 10;
  std::string public_url;
  bool rotate_token_key = false;
};

std::optional<std::string> Env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    return std::nullopt;
  }
  return std::string(value);
}

int Fail(const std::string& message, const std::string& detail = {}) {
  log::Error(message, {{"error", detail}});
  return 1;
}

Result<server::HttpServerOptions> ServerOptions(const Options& options) {
  server::HttpServerOptions server_options;
  size_t colon = options.listen.rfind(':');
  if (colon == std::string::npos) {
    return InvalidArgument("--listen must be HOST:PORT");
  }
  server_options.host = options.listen.substr(0, colon);
  int port = std::atoi(options.listen.substr(colon + 1).c_str());
  if (port < 0 || port > 65535 || options.listen.substr(colon + 1).empty()) {
    return InvalidArgument("--listen has an invalid port");
  }
  server_options.port = static_cast<uint16_t>(port);
  server_options.threads = options.threads;
  server_options.max_body_bytes = options.max_body_bytes;
  server_options.max_header_bytes = options.max_header_bytes;
  return server_options;
}

service::FirstStartConfig FirstStartFromEnv(const Options& options) {
  service::FirstStartConfig config;
  config.account_name = Env("WSAPP_ACCOUNT").value_or("wsapp");
  config.root_password = Env("WSAPP_ROOT_PASSWORD");
  config.root_access_key = Env("WSAPP_ROOT_ACCESS_KEY");
  config.root_secret_key = Env("WSAPP_ROOT_SECRET_KEY");
  config.project_id = Env("WSAPP_PROJECT_ID");
  config.credentials_path = options.data_dir + "/root-credentials.json";
  config.is_demo = options.demo;
  return config;
}

sigset_t ShutdownSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  return signals;
}

// Blocks SIGTERM and SIGINT in this thread and so in every thread started after it. Must run
// before any thread exists (the store, the services and the HTTP server start their own):
// a thread started earlier would keep the default action, and a SIGTERM delivered to it would
// kill the process without draining.
void BlockShutdownSignals() {
  sigset_t signals = ShutdownSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

// Stops the server from a thread that waits for the blocked signals, so that no handler runs in
// signal context. Requires: BlockShutdownSignals() ran first.
std::thread StartSignalWatcher(app::Application& server) {
  sigset_t signals = ShutdownSignals();
  return std::thread([&server, signals] {
    int received = 0;
    sigwait(&signals, &received);
    log::Info("shutting down", {{"signal", received == SIGTERM ? "SIGTERM" : "SIGINT"}});
    server.Stop();
  });
}

int Serve(const Options& options) {
  BlockShutdownSignals();
  auto server_options = ServerOptions(options);
  if (!server_options.ok()) {
    return Fail("invalid configuration", server_options.error().message);
  }
  std::string public_url;
  if (!options.public_url.empty()) {
    auto normalized = service::NormalizePublicUrl(options.public_url);
    if (!normalized.ok()) {
      return Fail("invalid configuration", normalized.error().message);
    }
    public_url = std::move(normalized).value();
  }
  ::mkdir(options.data_dir.c_str(), 0700);
  store::StoreConfig store_config{options.store_url, options.data_dir,
                                  options.sqlite_synchronous_full, options.pg_pool_size,
                                  options.pg_statement_timeout_seconds};
  auto store = store::OpenStore(store_config);
  if (!store.ok()) {
    return Fail("cannot open store", store.error().message);
  }
  store::Store& db = **store;
  SystemClock clock;
  if (Status region = service::EnsureRegion(db, options.region); !region.ok()) {
    return Fail("region mismatch", region.error().message);
  }
  auto first = service::EnsureFirstStart(db, clock, options.region, FirstStartFromEnv(options));
  if (!first.ok()) {
    return Fail("first start failed", first.error().message);
  }
  if (first->is_first_start) {
    log::Info("account created", {{"account", Env("WSAPP_ACCOUNT").value_or("wsapp")},
                                  {"project_id", first->default_project_id}});
  }
  if (first->wrote_credentials) {
    log::Info("generated root credentials written",
              {{"path", options.data_dir + "/root-credentials.json"}});
  }
  if (options.demo) {
    if (Status demo = service::LoadDemo(db, clock, options.region, first->account_id); !demo.ok()) {
      return Fail("demo data failed", demo.error().message);
    }
    log::Info("demo data loaded", {{"project_id", std::string(service::kDemoProjectId)}});
  }
  if (options.rotate_token_key) {
    auto key_id = service::RotateTokenSigningKey(db, clock);
    if (!key_id.ok()) {
      return Fail("token signing key rotation failed", key_id.error().message);
    }
    log::Info("token signing key rotated", {{"key_id", *key_id}});
  }
  app::ApplicationOptions app_options;
  app_options.http = *server_options;
  app_options.region = options.region;
  app_options.token_lifetime = std::chrono::seconds(options.token_ttl_seconds);
  app_options.public_url = public_url;
  auto application = app::Application::Create(db, clock, app_options);
  if (!application.ok()) {
    return Fail("cannot build the service", application.error().message);
  }
  app::Application& service = **application;
  std::thread watcher = StartSignalWatcher(service);
  if (Status started = service.Start(); !started.ok()) {
    return Fail("cannot start", started.error().message);
  }
  log::Info("listening", {{"host", server_options->host},
                          {"port", std::to_string(service.port())},
                          {"backend", std::string(db.backend_name())},
                          {"node_id", std::to_string(service.node_id())}});
  if (!options.port_file.empty()) {
    std::ofstream(options.port_file) << service.port() << "\n";
  }
  service.Run();
  watcher.detach();
  log::Info("stopped");
  return 0;
}

}  // namespace
}  // namespace wsapp

int main(int argc, char** argv) {
  wsapp::Options options;
  CLI::App app{"wsappd: a self-hosted Workspace App management API server"};
  app.add_option("--listen", options.listen, "HOST:PORT to listen on (port 0 picks a free one)");
  app.add_option("--data-dir", options.data_dir, "directory for the database and credentials");
  // From the environment too, so that a PostgreSQL password need not show in the process list.
  app.add_option("--store", options.store_url,
                 "store URL: sqlite:[path] or postgresql://user:password@host:port/database")
      ->envname("WSAPP_STORE");
  app.add_option("--pg-pool-size", options.pg_pool_size,
                 "PostgreSQL connections this instance holds at most")
      ->check(CLI::Range(1, 1000));
  app.add_option("--pg-statement-timeout", options.pg_statement_timeout_seconds,
                 "seconds a PostgreSQL statement may run; a reply 2 s later than that is taken "
                 "for a lost database")
      ->check(CLI::Range(1, 3600));
  app.add_option("--region", options.region, "region name, kept in the store at first start");
  app.add_flag("--demo", options.demo, "load the vendor's documented example data");
  app.add_flag("--rotate-token-key", options.rotate_token_key,
               "add a new token signing key at start; earlier tokens stay valid until expiry");
  app.add_option("--port-file", options.port_file, "write the bound port to this file");
  app.add_option("--log-level", options.log_level, "trace, debug, info, warn or error");
  app.add_option("--threads", options.threads, "worker threads (0: one per core)");
  app.add_option("--token-ttl-seconds", options.token_ttl_seconds, "token lifetime");
  app.add_option("--max-body-bytes", options.max_body_bytes, "request body limit (413 beyond)");
  app.add_option("--max-header-bytes", options.max_header_bytes, "request head limit (431 beyond)");
  app.add_option("--public-url", options.public_url,
                 "base of the icon URLs clients are given (default http://HOST:PORT of --listen)");
  app.add_flag("!--no-sqlite-sync", options.sqlite_synchronous_full,
               "SQLite synchronous=NORMAL: faster, may lose the last commits on power loss");
  CLI11_PARSE(app, argc, argv);

  wsapp::log::Level level;
  if (!wsapp::log::ParseLevel(options.log_level, &level)) {
    std::cerr << "wsappd: invalid --log-level " << options.log_level << "\n";
    return 2;
  }
  wsapp::log::Init(level);
  return wsapp::Serve(options);
}
