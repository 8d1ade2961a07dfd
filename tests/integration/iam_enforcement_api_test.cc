// Identity policies enforced on Workspace operations (issue #4): fault cases C11 (action
// matching, wildcards, Deny precedence) and C12 (project scope) for IAM users, resource-level
// grants on one group, a batch with one denied id, policies through IAM groups, and changes that
// apply on the very next request (D16).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/api_server_test.h"
#include "support/iam_admin_client.h"
#include "support/status_matchers.h"
#include "support/wire_shapes.h"

namespace wsapp::testing {
namespace {

constexpr char kPassword[] = "Iam-User-Password-1";

nlohmann::json Statement(const std::string& effect, const std::vector<std::string>& actions,
                         const std::vector<std::string>& resources = {"*"}) {
  return {{"Effect", effect}, {"Action", actions}, {"Resource", resources}};
}

nlohmann::json Document(const std::vector<nlohmann::json>& statements) {
  return {{"Version", "5.0"}, {"Statement", statements}};
}

class IamEnforcementApiTest : public ApiServerTest {
 protected:
  void SetUp() override {
    ApiServerTest::SetUp();
    iam_ = std::make_unique<IamAdminClient>(server().port(), token(), kTestAccountName);
  }

  IamAdminClient& iam() { return *iam_; }

  // The URN of an app group or app of the default project's account (D8).
  std::string Urn(const std::string& type, const std::string& id) const {
    return "workspace:local:" + server().account_id() + ":" + type + ":" + id;
  }

  // A new IAM user holding one custom policy per document (none for an empty list); returns its
  // name. Fails the test when a step is refused.
  std::string UserWith(const std::vector<nlohmann::json>& documents) {
    std::string name = UniqueName("enforced");
    auto user_id = iam().CreateUserWithPassword(name, kPassword);
    EXPECT_OK(user_id);
    for (const nlohmann::json& document : documents) {
      auto policy_id = iam().CreatePolicy(UniqueName("policy"), document);
      EXPECT_OK(policy_id);
      if (user_id.ok() && policy_id.ok()) {
        EXPECT_OK(iam().AttachToUser(*policy_id, *user_id));
      }
    }
    user_ids_[name] = user_id.ok() ? *user_id : "";
    return name;
  }

  std::string TokenOf(const std::string& user_name, const std::string& project = "") {
    auto issued = iam().Token(user_name, kPassword, project.empty() ? project_id() : project);
    EXPECT_OK(issued);
    return issued.ok() ? *issued : "<no token>";
  }

  std::string NewGroup() {
    auto group = api().CreateAppGroup(UniqueName("enforce"));
    EXPECT_OK(group);
    return group.ok() ? *group : "570810904237572999";
  }

  std::vector<std::string> Publish(const std::string& group, size_t count) {
    std::vector<std::string> names;
    for (size_t i = 0; i < count; ++i) {
      names.push_back(UniqueName("app"));
    }
    auto ids = api().PublishApps(group, names);
    EXPECT_OK(ids);
    return ids.ok() ? *ids : std::vector<std::string>(count, "<publish failed>");
  }

  ClientResponse Unpublish(const std::string& user_token, const std::string& group,
                           const std::vector<std::string>& ids, const std::string& project = "") {
    const std::string target = "/v1/" + (project.empty() ? project_id() : project) +
                               "/app-groups/" + group + "/apps/batch-unpublish";
    return api().Send(MakeRequest(
        "POST", target, {{"Content-Type", "application/json"}, {"X-Auth-Token", user_token}},
        IdsBody(ids)));
  }

  bool IsPublished(const std::string& group, const std::string& app) {
    auto ids = api().ListAppIds(group);
    EXPECT_OK(ids);
    return ids.ok() && std::find(ids->begin(), ids->end(), app) != ids->end();
  }

  std::map<std::string, std::string> user_ids_;

 private:
  std::unique_ptr<IamAdminClient> iam_;
};

// A 403 of the Workspace API that names the denied action (issue #4).
::testing::AssertionResult IsDenied(const ClientResponse& response, const std::string& action) {
  ::testing::AssertionResult shape = IsWorkspaceError(response, 403, "WKS.00081102");
  if (!shape) {
    return shape;
  }
  if (response.Json().value("error_msg", "").find(action) == std::string::npos) {
    return ::testing::AssertionFailure()
           << "error_msg does not name " << action << ": " << response.body;
  }
  return ::testing::AssertionSuccess();
}

// Fault case C11: each step is a fresh user holding only the policy of its row.
TEST_F(IamEnforcementApiTest, ActionMatchingFollowsCaseWildcardAndDenyRules) {
  const std::string group = NewGroup();
  const std::vector<std::string> apps = Publish(group, 5);
  struct Case {
    const char* label;
    std::vector<nlohmann::json> statements;
    size_t app;
    bool is_allowed;
  };
  const std::vector<Case> cases = {
      {"1 exact action", {Statement("Allow", {"workspace:app:unpublish"})}, 0, true},
      {"2 wildcard operation", {Statement("Allow", {"workspace:app:*"})}, 1, true},
      {"3 deny wins, case-insensitive",
       {Statement("Allow", {"workspace:*:*"}), Statement("Deny", {"workspace:APP:Unpublish"})},
       2,
       false},
      {"4 allow in upper case", {Statement("Allow", {"workspace:APP:UNPUBLISH"})}, 3, true},
      {"5 no prefix match", {Statement("Allow", {"workspace:app:unpub"})}, 4, false},
      {"6 another action", {Statement("Allow", {"workspace:app:listPublishedApp"})}, 4, false},
      {"7 no policy", {}, 4, false},
  };

  for (const Case& row : cases) {
    std::vector<nlohmann::json> documents;
    if (!row.statements.empty()) {
      documents.push_back(Document(row.statements));
    }
    const std::string user = UserWith(documents);

    ClientResponse response = Unpublish(TokenOf(user), group, {apps[row.app]});

    if (row.is_allowed) {
      EXPECT_EQ(response.status, 200) << row.label << ": " << response.body;
      EXPECT_FALSE(IsPublished(group, apps[row.app])) << row.label;
    } else {
      EXPECT_TRUE(IsDenied(response, "workspace:app:unpublish")) << row.label;
      EXPECT_TRUE(IsPublished(group, apps[row.app])) << row.label;
    }
  }
}

// Fault case C12 for an IAM user whose rights are limited to P1 by g:ProjectId (D21).
TEST_F(IamEnforcementApiTest, UserScopedToOneProjectCannotActOnAnother) {
  auto other_project = server().CreateProject(UniqueName("p2"));
  ASSERT_OK(other_project);
  auto root_in_other = server().IssueProjectToken(*other_project);
  ASSERT_OK(root_in_other);
  WorkspaceClient other(server().port(), *other_project, *root_in_other);
  auto foreign_group = other.CreateAppGroup(UniqueName("foreign"));
  ASSERT_OK(foreign_group);
  auto foreign_apps = other.PublishApps(*foreign_group, {UniqueName("app")});
  ASSERT_OK(foreign_apps);
  nlohmann::json admin_in_p1 = Statement("Allow", {"workspace:*:*"});
  admin_in_p1["Condition"] = {{"StringEquals", {{"g:ProjectId", {project_id()}}}}};
  const std::string alice = UserWith({Document({admin_in_p1})});
  const std::string alice_p1 = TokenOf(alice);

  ClientResponse cross_project = Unpublish(alice_p1, *foreign_group, *foreign_apps, *other_project);
  ClientResponse cross_list = api().Send(
      MakeRequest("GET", "/v1/" + *other_project + "/app-groups/" + *foreign_group + "/apps",
                  {{"X-Auth-Token", alice_p1}}));
  ClientResponse group_of_p2 = Unpublish(alice_p1, *foreign_group, *foreign_apps);
  auto alice_domain = iam().Token(alice, kPassword, "");
  ASSERT_OK(alice_domain);
  ClientResponse domain_scoped =
      Unpublish(*alice_domain, *foreign_group, *foreign_apps, *other_project);

  EXPECT_TRUE(IsWorkspaceError(cross_project, 403, "WKS.00081102")) << cross_project.body;
  EXPECT_TRUE(IsWorkspaceError(cross_list, 403, "WKS.00081102")) << cross_list.body;
  EXPECT_EQ(cross_list.body.find("\"items\""), std::string::npos);
  EXPECT_TRUE(IsWorkspaceError(group_of_p2, 404, "WSAPP.00010404")) << group_of_p2.body;
  EXPECT_TRUE(IsWorkspaceError(domain_scoped, 403, "WKS.00081102")) << domain_scoped.body;
  auto still = other.ListAppIds(*foreign_group);
  ASSERT_OK(still);
  EXPECT_EQ(*still, *foreign_apps);
}

// The same policy's condition also denies inside the token's project when it names another one.
TEST_F(IamEnforcementApiTest, ProjectConditionDeniesOtherProjectsPolicies) {
  const std::string group = NewGroup();
  const std::vector<std::string> apps = Publish(group, 1);
  nlohmann::json elsewhere = Statement("Allow", {"workspace:*:*"});
  elsewhere["Condition"] = {
      {"StringEquals", {{"g:ProjectId", {"fedcba9876543210fedcba9876543210"}}}}};
  const std::string user = UserWith({Document({elsewhere})});

  ClientResponse response = Unpublish(TokenOf(user), group, apps);

  EXPECT_TRUE(IsDenied(response, "workspace:app:unpublish"));
  EXPECT_TRUE(IsPublished(group, apps[0]));
}

// D8: an app action needs its app URNs and its group URN; a grant on one group covers it only.
TEST_F(IamEnforcementApiTest, UserAllowedOnOneGroupIsDeniedOnAnother) {
  const std::string allowed_group = NewGroup();
  const std::string other_group = NewGroup();
  const std::vector<std::string> allowed_apps = Publish(allowed_group, 1);
  const std::vector<std::string> other_apps = Publish(other_group, 1);
  const std::string user = UserWith({Document({Statement(
      "Allow", {"workspace:app:unpublish"},
      {Urn("appGroup", allowed_group), "workspace:*:" + server().account_id() + ":app:*"})})});
  const std::string user_token = TokenOf(user);

  ClientResponse denied = Unpublish(user_token, other_group, other_apps);
  ClientResponse allowed = Unpublish(user_token, allowed_group, allowed_apps);

  EXPECT_TRUE(IsDenied(denied, "workspace:app:unpublish"));
  EXPECT_TRUE(IsPublished(other_group, other_apps[0]));
  EXPECT_EQ(allowed.status, 200) << allowed.body;
  EXPECT_FALSE(IsPublished(allowed_group, allowed_apps[0]));
}

// D8: a batch needs every id allowed; one denied id denies the whole request, changing nothing.
TEST_F(IamEnforcementApiTest, BatchWithOneDeniedIdChangesNothing) {
  const std::string group = NewGroup();
  const std::vector<std::string> apps = Publish(group, 3);
  const std::string user =
      UserWith({Document({Statement("Allow", {"workspace:app:*"}),
                          Statement("Deny", {"workspace:app:unpublish"}, {Urn("app", apps[1])})})});

  ClientResponse response = Unpublish(TokenOf(user), group, apps);

  EXPECT_TRUE(IsDenied(response, "workspace:app:unpublish"));
  auto left = api().ListAppIds(group);
  ASSERT_OK(left);
  EXPECT_EQ(left->size(), 3u);
}

// D3: a caller without the permission gets 403 whether or not the resource exists.
TEST_F(IamEnforcementApiTest, DenialComesBeforeExistence) {
  const std::string user = UserWith({Document({Statement("Allow", {"workspace:appGroup:list"})})});
  const std::string user_token = TokenOf(user);

  ClientResponse unknown_group = Unpublish(user_token, "570810904237572999", {"app-0001"});
  ClientResponse unknown_show = api().Send(MakeRequest(
      "GET", api().Path("/app-groups/570810904237572999"), {{"X-Auth-Token", user_token}}));
  ClientResponse listed =
      api().Send(MakeRequest("GET", api().Path("/app-groups"), {{"X-Auth-Token", user_token}}));

  EXPECT_TRUE(IsDenied(unknown_group, "workspace:app:unpublish"));
  EXPECT_TRUE(IsDenied(unknown_show, "workspace:appGroup:get"));
  EXPECT_EQ(listed.status, 200) << listed.body;
}

// D23: the read-only system policy lets a user read and nothing else.
TEST_F(IamEnforcementApiTest, ReadOnlySystemPolicyAllowsReadsOnly) {
  const std::string group = NewGroup();
  const std::vector<std::string> apps = Publish(group, 1);
  const std::string user = UserWith({});
  auto read_only = iam().SystemPolicyId("WorkspaceApp ReadOnlyAccess");
  ASSERT_OK(read_only);
  ASSERT_OK(iam().AttachToUser(*read_only, user_ids_[user]));
  const std::string user_token = TokenOf(user);

  ClientResponse listed = api().Send(MakeRequest(
      "GET", api().Path("/app-groups/" + group + "/apps"), {{"X-Auth-Token", user_token}}));
  ClientResponse unpublished = Unpublish(user_token, group, apps);

  EXPECT_EQ(listed.status, 200) << listed.body;
  EXPECT_TRUE(IsDenied(unpublished, "workspace:app:unpublish"));
  EXPECT_TRUE(IsPublished(group, apps[0]));
}

// A policy attached to an IAM group applies to its members, and stops applying on the next
// request once the user leaves the group.
TEST_F(IamEnforcementApiTest, PolicyOfAnIamGroupAppliesToItsMembers) {
  const std::string group = NewGroup();
  const std::vector<std::string> apps = Publish(group, 2);
  const std::string user = UserWith({});
  auto team = iam().CreateGroup(UniqueName("team"));
  ASSERT_OK(team);
  auto policy = iam().CreatePolicy(UniqueName("team-policy"),
                                   Document({Statement("Allow", {"workspace:app:unpublish"})}));
  ASSERT_OK(policy);
  ASSERT_OK(iam().AttachToGroup(*policy, *team));
  ASSERT_OK(iam().AddToGroup(*team, user_ids_[user]));
  const std::string user_token = TokenOf(user);

  ClientResponse as_member = Unpublish(user_token, group, {apps[0]});
  ASSERT_OK(iam().RemoveFromGroup(*team, user_ids_[user]));
  ClientResponse after_leaving = Unpublish(user_token, group, {apps[1]});

  EXPECT_EQ(as_member.status, 200) << as_member.body;
  EXPECT_TRUE(IsDenied(after_leaving, "workspace:app:unpublish"));
  EXPECT_TRUE(IsPublished(group, apps[1]));
}

// D16: a detached policy no longer allows anything on the very next request.
TEST_F(IamEnforcementApiTest, DetachedPolicyStopsAllowingAtOnce) {
  const std::string group = NewGroup();
  const std::vector<std::string> apps = Publish(group, 2);
  const std::string user = UserWith({});
  auto policy = iam().CreatePolicy(UniqueName("detached"),
                                   Document({Statement("Allow", {"workspace:app:unpublish"})}));
  ASSERT_OK(policy);
  ASSERT_OK(iam().AttachToUser(*policy, user_ids_[user]));
  const std::string user_token = TokenOf(user);

  ClientResponse attached = Unpublish(user_token, group, {apps[0]});
  ASSERT_OK(iam().DetachFromUser(*policy, user_ids_[user]));
  ClientResponse detached = Unpublish(user_token, group, {apps[1]});

  EXPECT_EQ(attached.status, 200) << attached.body;
  EXPECT_TRUE(IsDenied(detached, "workspace:app:unpublish"));
  EXPECT_TRUE(IsPublished(group, apps[1]));
}

// D16: a disabled user's token is refused (401) on the very next Workspace request.
TEST_F(IamEnforcementApiTest, DisabledUserTokenIsRefusedAtOnce) {
  const std::string group = NewGroup();
  const std::vector<std::string> apps = Publish(group, 1);
  const std::string user = UserWith({Document({Statement("Allow", {"workspace:*:*"})})});
  const std::string user_token = TokenOf(user);
  ClientResponse before = api().Send(MakeRequest(
      "GET", api().Path("/app-groups/" + group + "/apps"), {{"X-Auth-Token", user_token}}));

  ClientResponse disabled = iam().Send("PUT", "/v5/users/" + user_ids_[user], {{"enabled", false}});
  ClientResponse after = Unpublish(user_token, group, apps);

  EXPECT_EQ(before.status, 200) << before.body;
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_TRUE(IsWorkspaceError(after, 401, "APIG.0301")) << after.body;
  EXPECT_TRUE(IsPublished(group, apps[0]));
}

// D23: IAM administration is open to users whose policies allow the matching iam: action.
TEST_F(IamEnforcementApiTest, IamAdministrationFollowsIamActions) {
  const std::string user =
      UserWith({Document({Statement("Allow", {"iam:users:listUsersV5", "iam:users:getUserV5"})})});
  const std::string user_token = TokenOf(user);
  auto send = [&](const std::string& method, const std::string& target, const std::string& body) {
    std::vector<api::Header> headers = {{"X-Auth-Token", user_token}};
    if (!body.empty()) {
      headers.push_back({"Content-Type", "application/json"});
    }
    return iam().http().Send(MakeRequest(method, target, headers, body));
  };

  ClientResponse listed = send("GET", "/v5/users", "");
  ClientResponse created =
      send("POST", "/v5/users",
           nlohmann::json({{"name", UniqueName("nope")}, {"enabled", true}}).dump());

  EXPECT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(created.status, 403) << created.body;
  EXPECT_EQ(created.Json().value("error_code", ""), "PAP5.0001");
  EXPECT_NE(created.Json().value("error_msg", "").find("iam:users:createUserV5"), std::string::npos)
      << created.body;
}

}  // namespace
}  // namespace wsapp::testing
