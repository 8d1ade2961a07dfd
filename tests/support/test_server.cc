#include "support/test_server.h"

#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>

#include "common/log.h"
#include "iam/sdk_signature.h"
#include "service/bootstrap.h"
#include "store/open_store.h"
#include "support/postgres_test_db.h"
#include "support/temp_dir.h"

namespace wsapp::testing {
namespace {

constexpr char kRegion[] = "local";
// Two workers, as many as the test machine has cores; the tests never need more.
constexpr int kServerThreads = 2;

Error Refused(const std::string& what, const ClientResponse& response) {
  return InternalError(what + " answered " + std::to_string(response.status) + ": " +
                       response.body);
}

// Access lines for every request would drown the test output; warnings and errors still show.
void QuietLogsOnce() {
  static std::once_flag once;
  std::call_once(once, [] { log::Init(log::Level::kWarn); });
}

}  // namespace

TestServer::TestServer(const TestServerOptions& options)
    : options_(options), clock_(options.start_time) {}

Result<std::unique_ptr<TestServer>> TestServer::Start(const TestServerOptions& options) {
  QuietLogsOnce();
  std::unique_ptr<TestServer> server(new TestServer(options));
  WSAPP_RETURN_IF_ERROR(server->Boot());
  return server;
}

// Follows wsappd's start-up sequence (src/main.cc) with a FakeClock and fixed root credentials.
Status TestServer::Boot() {
  data_dir_ = MakeTempDir("wsapp_integration_");
  if (data_dir_.empty()) {
    return InternalError("cannot create a temporary data directory");
  }
  store::StoreConfig store_config{"sqlite:" + data_dir_ + "/wsapp.db", data_dir_,
                                  /*synchronous_full=*/false};
  // A store_url given wins. Otherwise WSAPP_TEST_STORE=postgres runs the same tests over
  // PostgreSQL, each server in a fresh schema (the ctest entry IntegrationOnPostgres sets it).
  if (!options_.store_url.empty()) {
    store_config.url = options_.store_url;
    store_config.pg_pool_size = 4;
    store_config.pg_statement_timeout_seconds = options_.pg_statement_timeout_seconds;
  } else if (const char* backend = std::getenv("WSAPP_TEST_STORE");
             backend != nullptr && std::string(backend) == "postgres") {
    std::optional<std::string> dsn = PostgresTestDsn();
    if (!dsn) {
      return InternalError("WSAPP_TEST_STORE=postgres needs TEST_POSTGRES_DSN");
    }
    WSAPP_ASSIGN_OR_RETURN(store_config.url, FreshPostgresSchema(*dsn));
    store_config.pg_pool_size = 4;
  }
  WSAPP_ASSIGN_OR_RETURN(store_, store::OpenStore(store_config));
  WSAPP_RETURN_IF_ERROR(service::EnsureRegion(*store_, kRegion));

  service::FirstStartConfig first_start;
  first_start.account_name = kTestAccountName;
  first_start.root_password = kTestRootPassword;
  first_start.root_access_key = options_.access_key;
  first_start.root_secret_key = options_.secret_key;
  first_start.credentials_path = data_dir_ + "/root-credentials.json";
  first_start.is_demo = options_.load_demo;
  if (!options_.project_id.empty()) {
    first_start.project_id = options_.project_id;
  }
  WSAPP_ASSIGN_OR_RETURN(service::FirstStartResult first,
                         service::EnsureFirstStart(*store_, clock_, kRegion, first_start));
  account_id_ = first.account_id;
  default_project_id_ = first.default_project_id;
  if (options_.load_demo) {
    WSAPP_RETURN_IF_ERROR(service::LoadDemo(*store_, clock_, kRegion, account_id_));
  }

  app::ApplicationOptions app_options;
  app_options.http.host = "127.0.0.1";
  app_options.http.port = 0;
  app_options.http.threads = kServerThreads;
  app_options.http.max_body_bytes = options_.max_body_bytes;
  app_options.region = kRegion;
  WSAPP_ASSIGN_OR_RETURN(application_, app::Application::Create(*store_, clock_, app_options));
  WSAPP_RETURN_IF_ERROR(application_->Start());
  serving_thread_ = std::thread([this] { application_->Run(); });
  return OkStatus();
}

TestServer::~TestServer() {
  if (application_) {
    application_->Stop();
  }
  if (serving_thread_.joinable()) {
    serving_thread_.join();
  }
  application_.reset();
  store_.reset();
}

uint16_t TestServer::port() const { return application_->port(); }

Result<std::string> TestServer::IssueToken(const nlohmann::json& scope) {
  nlohmann::json body = {{"auth",
                          {{"identity",
                            {{"methods", {"password"}},
                             {"password",
                              {{"user",
                                {{"domain", {{"name", kTestAccountName}}},
                                 {"name", kTestAccountName},
                                 {"password", kTestRootPassword}}}}}}},
                           {"scope", scope}}}};
  HttpClient client(port());
  ClientResponse response = client.Send(
      MakeRequest("POST", "/v3/auth/tokens", {{"Content-Type", "application/json"}}, body.dump()));
  if (response.status != 201 || response.Header("X-Subject-Token").empty()) {
    return Refused("POST /v3/auth/tokens", response);
  }
  return response.Header("X-Subject-Token");
}

Result<std::string> TestServer::IssueProjectToken(const std::string& project_id) {
  return IssueToken({{"project", {{"id", project_id}}}});
}

Result<std::string> TestServer::IssueDomainToken() {
  return IssueToken({{"domain", {{"name", kTestAccountName}}}});
}

Result<std::string> TestServer::CreateProject(const std::string& name) {
  nlohmann::json body = {{"project", {{"name", name}}}};
  api::HttpRequest request =
      MakeRequest("POST", "/v3/projects", {{"Content-Type", "application/json"}}, body.dump());
  WSAPP_RETURN_IF_ERROR(Sign(request));
  HttpClient client(port());
  ClientResponse response = client.Send(request);
  nlohmann::json reply = response.Json();
  auto id = nlohmann::json::json_pointer("/project/id");
  if (response.status != 201 || !reply.is_object() || !reply.contains(id) ||
      !reply[id].is_string()) {
    return Refused("POST /v3/projects", response);
  }
  return reply[id].get<std::string>();
}

Status TestServer::Sign(api::HttpRequest& request, const std::vector<std::string>& signed_headers,
                        std::chrono::seconds skew) const {
  return iam::SignRequest(request, options_.access_key, options_.secret_key,
                          SdkDate(clock_.Now() + skew), signed_headers);
}

std::string SdkDate(Clock::TimePoint time) {
  time_t seconds = std::chrono::system_clock::to_time_t(time);
  tm utc{};
  gmtime_r(&seconds, &utc);
  char text[80];
  std::snprintf(text, sizeof(text), "%04d%02d%02dT%02d%02d%02dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
  return text;
}

}  // namespace wsapp::testing
