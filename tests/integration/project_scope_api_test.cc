// Credentials and their scope over HTTP: fault case C12 as far as it applies with only a root
// user, D3, D5, D21, and token expiry (D16).
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/api_server_test.h"
#include "support/status_matchers.h"
#include "support/wire_shapes.h"

namespace wsapp::testing {
namespace {

// P1 is the suite server's default project; P2 a second project of the same account, with its
// own token. Each test publishes app-2001 in a fresh group G2 of P2.
class ProjectScopeApiTest : public ApiServerTest {
 protected:
  static void SetUpTestSuite() {
    ApiServerTest::SetUpTestSuite();
    if (!IsSuiteReady()) {
      return;
    }
    auto project = server().CreateProject("second-project");
    if (!project.ok()) {
      other_failure_ = new std::string(project.error().message);
      return;
    }
    auto token = server().IssueProjectToken(*project);
    if (!token.ok()) {
      other_failure_ = new std::string(token.error().message);
      return;
    }
    other_project_ = new std::string(*project);
    other_token_ = new std::string(*token);
  }

  static void TearDownTestSuite() {
    delete other_project_;
    delete other_token_;
    delete other_failure_;
    other_project_ = other_token_ = other_failure_ = nullptr;
    ApiServerTest::TearDownTestSuite();
  }

  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(ApiServerTest::SetUp());
    ASSERT_EQ(other_failure_, nullptr) << *other_failure_;
    p2_ = std::make_unique<WorkspaceClient>(server().port(), *other_project_, *other_token_);
    auto group = p2_->CreateAppGroup(UniqueName("g2"));
    ASSERT_OK(group);
    g2_ = *group;
    auto apps = p2_->PublishApps(g2_, {"app-2001"});
    ASSERT_OK(apps);
    app_ = (*apps)[0];
  }

  // `path` under P2's project, e.g. "/app-groups".
  std::string P2Path(const std::string& path) const { return p2_->Path(path); }
  std::string UnpublishPath() const {
    return P2Path("/app-groups/" + g2_ + "/apps/batch-unpublish");
  }

  // What P2's own token sees published in G2.
  std::vector<std::string> PublishedInG2() {
    auto ids = p2_->ListAppIds(g2_);
    EXPECT_OK(ids);
    return ids.ok() ? *ids : std::vector<std::string>{"<list failed>"};
  }

  ClientResponse SendAs(api::HttpRequest request, const std::string& token) {
    request.headers.push_back({"X-Auth-Token", token});
    return api().http().Send(request);
  }

  api::HttpRequest UnpublishRequest() const {
    return MakeRequest("POST", UnpublishPath(), {{"Content-Type", "application/json"}},
                       IdsBody({app_}));
  }

  static std::string* other_project_;
  static std::string* other_token_;
  static std::string* other_failure_;
  std::unique_ptr<WorkspaceClient> p2_;
  std::string g2_;
  std::string app_;
};

std::string* ProjectScopeApiTest::other_project_ = nullptr;
std::string* ProjectScopeApiTest::other_token_ = nullptr;
std::string* ProjectScopeApiTest::other_failure_ = nullptr;

// Fault case C12 (fault-cases.md), step 1: a P1 token cannot unpublish in P2.
TEST_F(ProjectScopeApiTest, TokenOfAnotherProjectCannotUnpublish) {
  ClientResponse response = SendAs(UnpublishRequest(), token());

  EXPECT_TRUE(IsWorkspaceError(response, 403, "WKS.00081102"));
  // D12: the message names the denied action, for scope denials too.
  EXPECT_NE(response.Json().value("error_msg", "").find("workspace:app:unpublish"),
            std::string::npos)
      << response.body;
  EXPECT_EQ(PublishedInG2(), std::vector<std::string>{app_});
}

// Fault case C12, step 2: a P1 token cannot list P2's apps, and the body leaks no items.
TEST_F(ProjectScopeApiTest, TokenOfAnotherProjectCannotList) {
  ClientResponse response =
      SendAs(MakeRequest("GET", P2Path("/app-groups/" + g2_ + "/apps")), token());

  EXPECT_TRUE(IsWorkspaceError(response, 403, "WKS.00081102"));
  EXPECT_FALSE(response.Json().contains("items"));
}

// D3: without the permission the answer is 403 whether or not the resource exists.
TEST_F(ProjectScopeApiTest, TokenOfAnotherProjectIsDeniedForUnknownGroups) {
  ClientResponse response =
      SendAs(MakeRequest("GET", P2Path("/app-groups/570810904237572999")), token());

  EXPECT_TRUE(IsWorkspaceError(response, 403, "WKS.00081102"));
}

// Fault case C12, step 3: P2's group under P1's path does not exist (D2).
TEST_F(ProjectScopeApiTest, GroupOfAnotherProjectIsNotFoundUnderOwnProject) {
  ClientResponse response =
      api().PostJson(api().Path("/app-groups/" + g2_ + "/apps/batch-unpublish"), IdsBody({app_}));

  EXPECT_TRUE(IsWorkspaceError(response, 404, "WSAPP.00010404"));
  EXPECT_EQ(PublishedInG2(), std::vector<std::string>{app_});
}

// Fault case C12, step 4: a domain-scoped token on a project API is 403 (D21), never 5xx.
TEST_F(ProjectScopeApiTest, DomainScopedTokenIsDenied) {
  auto domain_token = server().IssueDomainToken();
  ASSERT_OK(domain_token);

  ClientResponse unpublish = SendAs(UnpublishRequest(), *domain_token);
  ClientResponse list = SendAs(MakeRequest("GET", P2Path("/app-groups")), *domain_token);

  EXPECT_TRUE(IsWorkspaceError(unpublish, 403, "WKS.00081102"));
  EXPECT_TRUE(IsWorkspaceError(list, 403, "WKS.00081102"));
  EXPECT_NE(list.Json().value("error_msg", "").find("workspace:appGroup:list"), std::string::npos)
      << list.body;
  EXPECT_EQ(PublishedInG2(), std::vector<std::string>{app_});
}

TEST_F(ProjectScopeApiTest, TokenOfUnknownProjectPathIsDenied) {
  ClientResponse response =
      api().Get("/v1/fedcba9876543210fedcba9876543210/app-groups/" + g2_ + "/apps");

  EXPECT_TRUE(IsWorkspaceError(response, 403, "WKS.00081102"));
}

// D21: X-Project-Id, when sent, must equal the path's project.
TEST_F(ProjectScopeApiTest, AccessKeyWithOtherProjectHeaderIsDenied) {
  api::HttpRequest request = UnpublishRequest();
  request.headers.push_back({"X-Project-Id", project_id()});
  ASSERT_OK(server().Sign(request));

  ClientResponse response = api().http().Send(request);

  EXPECT_TRUE(IsWorkspaceError(response, 403, "WKS.00081102"));
  EXPECT_EQ(PublishedInG2(), std::vector<std::string>{app_});
}

TEST_F(ProjectScopeApiTest, AccessKeyWithMatchingProjectHeaderIsAllowed) {
  api::HttpRequest request = UnpublishRequest();
  request.headers.push_back({"X-Project-Id", *other_project_});
  ASSERT_OK(server().Sign(request));

  ClientResponse response = api().http().Send(request);

  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_TRUE(PublishedInG2().empty());
}

// D21: an access key acts on every project of its user's account.
TEST_F(ProjectScopeApiTest, AccessKeyWithoutProjectHeaderActsOnItsAccount) {
  api::HttpRequest request = MakeRequest("GET", P2Path("/app-groups/" + g2_ + "/apps"));
  ASSERT_OK(server().Sign(request));

  ClientResponse response = api().http().Send(request);

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Json()["count"], 1);
}

// D5: a token and a signature together are ambiguous, even when both are valid.
TEST_F(ProjectScopeApiTest, BothCredentialsAreUnauthorized) {
  api::HttpRequest request = UnpublishRequest();
  request.headers.push_back({"X-Auth-Token", *other_token_});
  ASSERT_OK(server().Sign(request, {"content-type", "x-sdk-date"}));

  ClientResponse response = api().http().Send(request);

  EXPECT_TRUE(IsWorkspaceError(response, 401, "APIG.0301"));
  EXPECT_EQ(PublishedInG2(), std::vector<std::string>{app_});
}

TEST_F(ProjectScopeApiTest, MissingCredentialsAreUnauthorized) {
  ClientResponse unpublish = api().http().Send(UnpublishRequest());
  ClientResponse list = api().http().Send(MakeRequest("GET", P2Path("/app-groups")));

  EXPECT_TRUE(IsWorkspaceError(unpublish, 401, "APIG.0301"));
  EXPECT_TRUE(IsWorkspaceError(list, 401, "APIG.0301"));
  EXPECT_EQ(PublishedInG2(), std::vector<std::string>{app_});
}

TEST_F(ProjectScopeApiTest, BadCredentialsAreUnauthorized) {
  std::string token = *other_token_;
  std::string tampered = token.substr(0, token.size() - 2) + (token.back() == 'A' ? "BB" : "AA");
  api::HttpRequest unknown_key = UnpublishRequest();
  unknown_key.headers.push_back({"X-Sdk-Date", SdkDate(server().clock().Now())});
  unknown_key.headers.push_back(
      {"Authorization",
       "SDK-HMAC-SHA256 Access=UNKNOWNAK000000000001, SignedHeaders=x-sdk-date, Signature=00"});
  struct Case {
    std::string label;
    api::HttpRequest request;
  };
  std::vector<Case> cases = {
      {"garbled token", UnpublishRequest()},
      {"tampered token", UnpublishRequest()},
      {"unknown access key", unknown_key},
      {"unknown scheme", UnpublishRequest()},
  };
  cases[0].request.headers.push_back({"X-Auth-Token", "not-a-token"});
  cases[1].request.headers.push_back({"X-Auth-Token", tampered});
  cases[3].request.headers.push_back({"Authorization", "Basic d3NhcHA6cGFzc3dvcmQ="});

  for (const Case& row : cases) {
    ClientResponse response = api().http().Send(row.request);

    EXPECT_TRUE(IsWorkspaceError(response, 401, "APIG.0301")) << row.label;
  }
  EXPECT_EQ(PublishedInG2(), std::vector<std::string>{app_});
}

// D3: the request is validated before the caller is authenticated.
TEST_F(ProjectScopeApiTest, InvalidBodyIsRejectedBeforeAuthentication) {
  api::HttpRequest request = UnpublishRequest();
  request.body = R"({"ids":[]})";

  ClientResponse response = api().http().Send(request);

  EXPECT_TRUE(IsWorkspaceError(response, 400, "WKS.00211102"));
}

// D15: names are unique per project, so another project may reuse one.
TEST_F(ProjectScopeApiTest, SameGroupNameIsAllowedInAnotherProject) {
  std::string name = UniqueName("shared");
  ASSERT_OK(p2_->CreateAppGroup(name));

  ClientResponse response =
      api().PostJson(api().Path("/app-groups"), nlohmann::json({{"name", name}}).dump());

  EXPECT_EQ(response.status, 200) << response.body;
}

// Tokens live 24 hours (D16); each test moves its own server's clock.
class TokenLifetimeApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started = TestServer::Start();
    ASSERT_OK(started);
    server_ = std::move(started).value();
    auto token = server_->IssueProjectToken(server_->default_project_id());
    ASSERT_OK(token);
    api_ =
        std::make_unique<WorkspaceClient>(server_->port(), server_->default_project_id(), *token);
  }

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<WorkspaceClient> api_;
};

TEST_F(TokenLifetimeApiTest, TokenIsValidJustBeforeItExpires) {
  server_->clock().Advance(std::chrono::hours(24) - std::chrono::seconds(1));

  ClientResponse response = api_->Get(api_->Path("/app-groups"));

  EXPECT_EQ(response.status, 200) << response.body;
}

TEST_F(TokenLifetimeApiTest, ExpiredTokenIsUnauthorized) {
  server_->clock().Advance(std::chrono::hours(24) + std::chrono::seconds(1));

  ClientResponse response = api_->Get(api_->Path("/app-groups"));

  EXPECT_TRUE(IsWorkspaceError(response, 401, "APIG.0301"));
  EXPECT_NE(response.Json().value("error_msg", "").find("expire"), std::string::npos)
      << response.body;
}

}  // namespace
}  // namespace wsapp::testing
