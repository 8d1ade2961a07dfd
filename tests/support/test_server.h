#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "api/http_message.h"
#include "app/application.h"
#include "common/result.h"
#include "store/store.h"
#include "support/fake_clock.h"
#include "support/http_client.h"

namespace wsapp::testing {

// The root user's fixed credentials in every TestServer.
inline constexpr char kTestAccountName[] = "wsapp";
inline constexpr char kTestRootPassword[] = "Root-Password-For-Tests-1";
inline constexpr char kTestAccessKey[] = "TESTAK0000EXAMPLE0001";
inline constexpr char kTestSecretKey[] = "test-secret-key-not-real-0001";

struct TestServerOptions {
  bool load_demo = false;
  std::string access_key = kTestAccessKey;
  std::string secret_key = kTestSecretKey;
  // The default project's id; generated when empty (or the demo id with load_demo, D27).
  std::string project_id;
  // The FakeClock's reading at first start; the clock stands still until a test moves it.
  Clock::TimePoint start_time = Clock::TimePoint(std::chrono::milliseconds(1764757200000));
  size_t max_body_bytes = 1024 * 1024;
  // The store's URL (--store); empty: the default backend (SQLite, or a fresh PostgreSQL schema
  // under WSAPP_TEST_STORE=postgres).
  std::string store_url;
  // PostgreSQL's statement timeout (--pg-statement-timeout); short in the outage tests.
  int pg_statement_timeout_seconds = 10;
};

// wsappd's own wiring (app::Application) over a fresh SQLite store in a temporary directory, on
// 127.0.0.1 with a free port, driven by a FakeClock the test moves. The first start creates the
// account "wsapp" with a fixed root password and access key; the region is "local", and the
// default project is named after it. The server runs on its own thread until destruction.
class TestServer {
 public:
  // Errors: whatever opening the store, the first start, the demo data or binding returns.
  static Result<std::unique_ptr<TestServer>> Start(const TestServerOptions& options = {});
  // Stops the server and joins its thread.
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  uint16_t port() const;
  FakeClock& clock() { return clock_; }
  const std::string& default_project_id() const { return default_project_id_; }
  const std::string& account_id() const { return account_id_; }
  const std::string& access_key() const { return options_.access_key; }
  const std::string& secret_key() const { return options_.secret_key; }
  // The server's recorder of refused calls: Flush() it before reading them from the trail.
  service::RefusalRecorder& refusals() { return application_->refusals(); }

  // A root token from POST /v3/auth/tokens scoped to the project. Each call costs one password
  // hash (about 0.2 s): fetch tokens once per fixture. Errors: kInternal with the reply.
  Result<std::string> IssueProjectToken(const std::string& project_id);
  // A root token scoped to the account's domain instead of a project.
  Result<std::string> IssueDomainToken();
  // Creates a project with POST /v3/projects as root (AK/SK-signed) and returns its id.
  Result<std::string> CreateProject(const std::string& name);

  // Signs `request` with the root access key, X-Sdk-Date being the clock's reading plus `skew`.
  // `signed_headers` empty signs every header the request has.
  Status Sign(api::HttpRequest& request, const std::vector<std::string>& signed_headers = {},
              std::chrono::seconds skew = std::chrono::seconds(0)) const;

 private:
  explicit TestServer(const TestServerOptions& options);
  Status Boot();
  Result<std::string> IssueToken(const nlohmann::json& scope);

  TestServerOptions options_;
  FakeClock clock_;
  std::string data_dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<app::Application> application_;
  std::thread serving_thread_;
  std::string account_id_;
  std::string default_project_id_;
};

// `YYYYMMDDTHHMMSSZ` (D17) for `time`, as the SDKs write X-Sdk-Date.
std::string SdkDate(Clock::TimePoint time);

}  // namespace wsapp::testing
