#include "support/api_server_test.h"

#include <atomic>

namespace wsapp::testing {

struct ApiServerTest::Suite {
  std::unique_ptr<TestServer> server;
  std::string token;
  std::string failure;  // why the suite cannot run, reported by every test's SetUp
};

ApiServerTest::Suite* ApiServerTest::suite_ = nullptr;

void ApiServerTest::SetUpTestSuite() {
  suite_ = new Suite();
  auto started = TestServer::Start();
  if (!started.ok()) {
    suite_->failure = "TestServer::Start: " + started.error().message;
    return;
  }
  suite_->server = std::move(started).value();
  auto token = suite_->server->IssueProjectToken(suite_->server->default_project_id());
  if (!token.ok()) {
    suite_->failure = "IssueProjectToken: " + token.error().message;
    return;
  }
  suite_->token = std::move(token).value();
}

void ApiServerTest::TearDownTestSuite() {
  delete suite_;
  suite_ = nullptr;
}

void ApiServerTest::SetUp() {
  ASSERT_NE(suite_, nullptr);
  ASSERT_TRUE(suite_->failure.empty()) << suite_->failure;
  api_ = std::make_unique<WorkspaceClient>(server().port(), project_id(), token());
}

bool ApiServerTest::IsSuiteReady() { return suite_ != nullptr && suite_->failure.empty(); }

TestServer& ApiServerTest::server() { return *suite_->server; }

const std::string& ApiServerTest::project_id() { return suite_->server->default_project_id(); }

const std::string& ApiServerTest::token() { return suite_->token; }

std::string ApiServerTest::UniqueName(std::string_view prefix) {
  static std::atomic<int> counter{0};
  return std::string(prefix) + "-" + std::to_string(++counter);
}

WorkspaceClient& ApiServerTest::api() { return *api_; }

}  // namespace wsapp::testing
