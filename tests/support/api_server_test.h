#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>

#include "support/test_server.h"
#include "support/workspace_client.h"

namespace wsapp::testing {

// Base fixture of the integration suites. Each suite shares one TestServer and one root token
// for its default project: the first start and every token cost a password hash (about 0.2 s
// each), which per test would make the binary slow. Tests therefore touch only what they create
// themselves, named with UniqueName, and read lists through their own groups or name filters,
// so they pass in any order and under --gtest_repeat. A test that moves the clock far or needs
// an empty store starts its own TestServer instead.
class ApiServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();
  // Fails the test when the suite's server did not start.
  void SetUp() override;

  // False when the suite's server or token could not be made (SetUp then fails every test).
  static bool IsSuiteReady();
  static TestServer& server();
  static const std::string& project_id();
  static const std::string& token();

  // A valid app-group, app or project name that no other call in this process returns:
  // `prefix` followed by '-' and a counter.
  static std::string UniqueName(std::string_view prefix);

  // A client of the default project with the suite token, one connection per test.
  WorkspaceClient& api();

 private:
  struct Suite;
  static Suite* suite_;
  std::unique_ptr<WorkspaceClient> api_;
};

}  // namespace wsapp::testing
