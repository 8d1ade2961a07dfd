// The Keystone-shaped identity API over HTTP: tokens (D16), projects and domains.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/api_server_test.h"
#include "support/status_matchers.h"
#include "support/wire_shapes.h"

namespace wsapp::testing {
namespace {

// The token body of section 4.1 of the reference; exactly one of project and domain is present.
const Shape& TokenShape() {
  static const Shape shape = {
      {"methods", JsonType::kArray},
      {"expires_at", JsonType::kString},
      {"issued_at", JsonType::kString},
      {"catalog", JsonType::kArray},
      {"roles", JsonType::kArray},
      {"user", JsonType::kObject},
      {"project", JsonType::kObject, /*is_required=*/false},
      {"domain", JsonType::kObject, /*is_required=*/false},
  };
  return shape;
}

const Shape& TokenUserShape() {
  static const Shape shape = {{"domain", JsonType::kObject},
                              {"id", JsonType::kString},
                              {"name", JsonType::kString},
                              {"password_expires_at", JsonType::kString}};
  return shape;
}

const Shape& NamedRefShape() {
  static const Shape shape = {{"id", JsonType::kString}, {"name", JsonType::kString}};
  return shape;
}

nlohmann::json PasswordAuth(const std::string& password, const nlohmann::json& scope) {
  return {{"auth",
           {{"identity",
             {{"methods", {"password"}},
              {"password",
               {{"user",
                 {{"domain", {{"name", kTestAccountName}}},
                  {"name", kTestAccountName},
                  {"password", password}}}}}}},
            {"scope", scope}}}};
}

class IdentityApiTest : public ApiServerTest {
 protected:
  ClientResponse RequestToken(const std::string& body) {
    return api().http().Send(MakeRequest("POST", "/v3/auth/tokens",
                                         {{"Content-Type", "application/json"}}, body));
  }

  ClientResponse CreateProject(const nlohmann::json& body) {
    return api().PostJson("/v3/projects", body.dump());
  }
};

TEST_F(IdentityApiTest, TokenRequestReturnsAKeystoneToken) {
  nlohmann::json body = PasswordAuth(kTestRootPassword, {{"project", {{"id", project_id()}}}});

  ClientResponse response = RequestToken(body.dump());

  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_FALSE(response.Header("X-Subject-Token").empty());
  EXPECT_FALSE(response.Header("X-Request-Id").empty());
  nlohmann::json token = response.Json()["token"];
  ASSERT_TRUE(HasShape(token, TokenShape()));
  EXPECT_EQ(token["methods"], nlohmann::json::array({"password"}));
  EXPECT_TRUE(IsMicrosTimestamp(token.value("issued_at", ""))) << token.dump();
  EXPECT_TRUE(IsMicrosTimestamp(token.value("expires_at", ""))) << token.dump();
  Clock::TimePoint now = server().clock().Now();
  EXPECT_EQ(token["issued_at"], MicrosTimestamp(now));
  EXPECT_EQ(token["expires_at"], MicrosTimestamp(now + std::chrono::hours(24)));
  EXPECT_TRUE(HasShape(token["user"], TokenUserShape()));
  EXPECT_EQ(token["user"]["name"], kTestAccountName);
  EXPECT_EQ(token["user"]["domain"], nlohmann::json({{"id", server().account_id()},
                                                     {"name", kTestAccountName}}));
  EXPECT_TRUE(HasShape(token["project"], {{"domain", JsonType::kObject},
                                          {"id", JsonType::kString},
                                          {"name", JsonType::kString}}));
  EXPECT_EQ(token["project"]["id"], project_id());
  EXPECT_EQ(token["project"]["name"], "local");
  EXPECT_FALSE(token.contains("domain"));
  for (const nlohmann::json& role : token["roles"]) {
    EXPECT_TRUE(HasShape(role, NamedRefShape()));
  }
}

TEST_F(IdentityApiTest, TokenScopeMayNameTheProject) {
  nlohmann::json body = PasswordAuth(kTestRootPassword, {{"project", {{"name", "local"}}}});

  ClientResponse response = RequestToken(body.dump());

  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_EQ(response.Json()["token"]["project"]["id"], project_id());
}

TEST_F(IdentityApiTest, DomainScopedTokenCarriesTheDomain) {
  nlohmann::json body = PasswordAuth(kTestRootPassword, {{"domain", {{"name", kTestAccountName}}}});

  ClientResponse response = RequestToken(body.dump());

  ASSERT_EQ(response.status, 201) << response.body;
  nlohmann::json token = response.Json()["token"];
  EXPECT_TRUE(HasShape(token, TokenShape()));
  EXPECT_EQ(token["domain"], nlohmann::json({{"id", server().account_id()},
                                             {"name", kTestAccountName}}));
  EXPECT_FALSE(token.contains("project"));
}

TEST_F(IdentityApiTest, WrongPasswordIsUnauthorized) {
  nlohmann::json body = PasswordAuth("not-the-password", {{"project", {{"id", project_id()}}}});

  ClientResponse response = RequestToken(body.dump());

  EXPECT_TRUE(IsKeystoneError(response, 401));
  EXPECT_FALSE(response.HasHeader("X-Subject-Token"));
  EXPECT_FALSE(response.Header("X-Request-Id").empty());
}

TEST_F(IdentityApiTest, UnknownUserIsUnauthorized) {
  nlohmann::json body = PasswordAuth(kTestRootPassword, {{"project", {{"id", project_id()}}}});
  body["auth"]["identity"]["password"]["user"]["name"] = "nobody";

  ClientResponse response = RequestToken(body.dump());

  EXPECT_TRUE(IsKeystoneError(response, 401));
  EXPECT_FALSE(response.HasHeader("X-Subject-Token"));
}

TEST_F(IdentityApiTest, UnknownProjectScopeIsUnauthorized) {
  nlohmann::json body =
      PasswordAuth(kTestRootPassword, {{"project", {{"id", "fedcba9876543210fedcba9876543210"}}}});

  ClientResponse response = RequestToken(body.dump());

  EXPECT_TRUE(IsKeystoneError(response, 401));
}

TEST_F(IdentityApiTest, MalformedTokenRequestIsBadRequest) {
  nlohmann::json no_scope = PasswordAuth(kTestRootPassword, nullptr);
  no_scope["auth"].erase("scope");
  nlohmann::json no_methods = PasswordAuth(kTestRootPassword, {{"domain", {{"name", "x"}}}});
  no_methods["auth"]["identity"].erase("methods");
  nlohmann::json token_method = no_methods;
  token_method["auth"]["identity"]["methods"] = {"token"};
  // Section 4.1: a scope holds a project or a domain, never both.
  nlohmann::json both_scopes = PasswordAuth(
      kTestRootPassword, {{"project", {{"id", project_id()}}}, {"domain", {{"name", "wsapp"}}}});
  struct Case {
    std::string label;
    std::string body;
  };
  const std::vector<Case> cases = {
      {"not JSON", "auth"},
      {"empty object", "{}"},
      {"array", "[]"},
      {"scope missing", no_scope.dump()},
      {"methods missing", no_methods.dump()},
      {"token method only", token_method.dump()},
      {"project and domain scope", both_scopes.dump()},
      {"duplicate member", R"({"auth":{},"auth":{}})"},
  };

  for (const Case& row : cases) {
    ClientResponse response = RequestToken(row.body);

    EXPECT_TRUE(IsKeystoneError(response, 400)) << row.label;
  }
}

TEST_F(IdentityApiTest, ListProjectsReturnsTheAccountsProjects) {
  ClientResponse response = api().Get("/v3/projects");

  ASSERT_EQ(response.status, 200) << response.body;
  nlohmann::json projects = response.Json()["projects"];
  ASSERT_TRUE(projects.is_array()) << response.body;
  bool has_default = false;
  for (const nlohmann::json& project : projects) {
    EXPECT_TRUE(IsHexId(project.value("id", ""))) << project.dump();
    EXPECT_EQ(project["domain_id"], server().account_id());
    has_default = has_default || project["id"] == project_id();
  }
  EXPECT_TRUE(has_default) << response.body;
}

TEST_F(IdentityApiTest, ListProjectsFiltersByName) {
  std::string name = UniqueName("named");
  ASSERT_OK(server().CreateProject(name));
  struct Case {
    std::string name;
    size_t count;
  };
  const std::vector<Case> cases = {{"local", 1}, {name, 1}, {"nowhere", 0}};

  for (const Case& row : cases) {
    ClientResponse response = api().Get("/v3/projects?name=" + row.name);

    ASSERT_EQ(response.status, 200) << row.name << ": " << response.body;
    nlohmann::json projects = response.Json()["projects"];
    ASSERT_EQ(projects.size(), row.count) << row.name;
    for (const nlohmann::json& project : projects) {
      EXPECT_EQ(project["name"], row.name);
    }
  }
}

TEST_F(IdentityApiTest, ListAuthProjectsIncludesTheDefaultProject) {
  ClientResponse response = api().Get("/v3/auth/projects");

  ASSERT_EQ(response.status, 200) << response.body;
  nlohmann::json listed = response.Json();
  bool has_default = false;
  for (const nlohmann::json& project : listed["projects"]) {
    has_default = has_default || (project["id"] == project_id() && project["name"] == "local");
  }
  EXPECT_TRUE(has_default) << response.body;
}

TEST_F(IdentityApiTest, ListAuthDomainsReturnsTheAccount) {
  ClientResponse response = api().Get("/v3/auth/domains");

  ASSERT_EQ(response.status, 200) << response.body;
  nlohmann::json domains = response.Json()["domains"];
  ASSERT_EQ(domains.size(), 1u) << response.body;
  EXPECT_EQ(domains[0]["id"], server().account_id());
  EXPECT_EQ(domains[0]["name"], kTestAccountName);
}

TEST_F(IdentityApiTest, CreateProjectReturnsCreated) {
  std::string name = UniqueName("made");

  ClientResponse response = CreateProject({{"project", {{"name", name}, {"description", "d"}}}});

  ASSERT_EQ(response.status, 201) << response.body;
  nlohmann::json project = response.Json()["project"];
  EXPECT_TRUE(IsHexId(project.value("id", ""))) << response.body;
  EXPECT_EQ(project["name"], name);
  EXPECT_EQ(project["domain_id"], server().account_id());
  ClientResponse listed = api().Get("/v3/projects?name=" + name);
  ASSERT_EQ(listed.Json()["projects"].size(), 1u) << listed.body;
  EXPECT_EQ(listed.Json()["projects"][0]["id"], project["id"]);
}

TEST_F(IdentityApiTest, CreateProjectRejectsDuplicateName) {
  std::string name = UniqueName("again");
  ASSERT_OK(server().CreateProject(name));

  ClientResponse response = CreateProject({{"project", {{"name", name}}}});

  EXPECT_TRUE(IsKeystoneError(response, 409));
}

TEST_F(IdentityApiTest, CreateProjectRejectsInvalidBodies) {
  struct Case {
    std::string label;
    nlohmann::json body;
  };
  const std::vector<Case> cases = {
      {"project missing", nlohmann::json::object()},
      {"name missing", {{"project", {{"description", "d"}}}}},
      {"name with a space", {{"project", {{"name", "two words"}}}}},
      {"name of 65 characters", {{"project", {{"name", std::string(65, 'p')}}}}},
  };

  for (const Case& row : cases) {
    ClientResponse response = CreateProject(row.body);

    EXPECT_TRUE(IsKeystoneError(response, 400)) << row.label;
  }
}

TEST_F(IdentityApiTest, IdentityCallsNeedCredentials) {
  const std::vector<std::string> targets = {"/v3/projects", "/v3/auth/projects",
                                            "/v3/auth/domains"};
  for (const std::string& target : targets) {
    ClientResponse response = api().http().Send(MakeRequest("GET", target));

    EXPECT_TRUE(IsKeystoneError(response, 401)) << target;
  }
}

}  // namespace
}  // namespace wsapp::testing
