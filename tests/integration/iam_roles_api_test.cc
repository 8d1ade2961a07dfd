// The role-based model (v3) over HTTP: custom policies of Version 1.1 granted to IAM groups per
// project, the system policies as /v3/roles, the v3 membership views, one engine over both
// models (a Deny in either wins), and the explainer naming what decided.
#include <gtest/gtest.h>

#include <algorithm>
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

constexpr char kPassword[] = "Role-User-Password-1";

// The RoleResult of the vendor's IAM SDK (v3 model), for a custom policy.
const Shape kCustomRoleShape = {
    {"id", JsonType::kString},           {"name", JsonType::kString},
    {"display_name", JsonType::kString}, {"type", JsonType::kString},
    {"catalog", JsonType::kString},      {"description", JsonType::kString},
    {"domain_id", JsonType::kString},    {"policy", JsonType::kObject},
    {"links", JsonType::kObject},        {"created_time", JsonType::kString},
    {"updated_time", JsonType::kString}, {"description_cn", JsonType::kString, false}};

nlohmann::json RoleStatement(const std::string& effect, const std::vector<std::string>& actions) {
  return {{"Effect", effect}, {"Action", actions}};
}

nlohmann::json RoleBody(const std::string& display_name,
                        const std::vector<nlohmann::json>& statements,
                        const std::string& version = "1.1") {
  return {{"role",
           {{"display_name", display_name},
            {"type", "XA"},
            {"description", "test role"},
            {"policy", {{"Version", version}, {"Statement", statements}}}}}};
}

class IamRolesApiTest : public ApiServerTest {
 protected:
  void SetUp() override {
    ApiServerTest::SetUp();
    iam_ = std::make_unique<IamAdminClient>(server().port(), token(), kTestAccountName);
  }

  IamAdminClient& iam() { return *iam_; }

  // A custom policy; returns its id.
  std::string CreateRole(const std::vector<nlohmann::json>& statements) {
    ClientResponse response =
        iam().Send("POST", "/v3.0/OS-ROLE/roles", RoleBody(UniqueName("role"), statements));
    EXPECT_EQ(response.status, 201) << response.body;
    return response.Json()["role"].value("id", "");
  }

  std::string GrantPath(const std::string& project, const std::string& group,
                        const std::string& role) {
    return "/v3/projects/" + project + "/groups/" + group + "/roles/" + role;
  }

  // A user in a new IAM group that holds `role_id` on `project`; returns the user's name.
  std::string MemberOfGroupGranted(const std::string& role_id, const std::string& project) {
    std::string name = UniqueName("member");
    auto user_id = iam().CreateUserWithPassword(name, kPassword);
    EXPECT_OK(user_id);
    auto group = iam().CreateGroup(UniqueName("rolegroup"));
    EXPECT_OK(group);
    if (!user_id.ok() || !group.ok()) {
      return name;
    }
    ClientResponse member = iam().Send("PUT", "/v3/groups/" + *group + "/users/" + *user_id);
    EXPECT_EQ(member.status, 204) << member.body;
    ClientResponse granted = iam().Send("PUT", GrantPath(project, *group, role_id));
    EXPECT_EQ(granted.status, 204) << granted.body;
    user_ids_[name] = *user_id;
    group_of_[name] = *group;
    return name;
  }

  std::string TokenOf(const std::string& user, const std::string& project) {
    auto issued = iam().Token(user, kPassword, project);
    EXPECT_OK(issued);
    return issued.ok() ? *issued : "<no token>";
  }

  ClientResponse AsUser(const std::string& user_token, const std::string& method,
                        const std::string& target, const std::string& body = "") {
    std::vector<api::Header> headers = {{"X-Auth-Token", user_token}};
    if (!body.empty()) {
      headers.push_back({"Content-Type", "application/json"});
    }
    return api().Send(MakeRequest(method, target, headers, body));
  }

  ClientResponse Explain(const nlohmann::json& question, const std::string& as_token = "") {
    return AsUser(as_token.empty() ? token() : as_token, "POST", "/wsapp/v1/permissions/explain",
                  question.dump());
  }

  std::map<std::string, std::string> user_ids_;
  std::map<std::string, std::string> group_of_;

 private:
  std::unique_ptr<IamAdminClient> iam_;
};

// --- Custom policies and grants ----------------------------------------------------------

TEST_F(IamRolesApiTest, CustomPolicyLifecycleWithTheSdkShapes) {
  const std::string display_name = UniqueName("lifecycle");

  ClientResponse created =
      iam().Send("POST", "/v3.0/OS-ROLE/roles",
                 RoleBody(display_name, {RoleStatement("Allow", {"workspace:appGroup:list"})}));
  ASSERT_EQ(created.status, 201) << created.body;
  nlohmann::json role = created.Json()["role"];
  ASSERT_TRUE(HasShape(role, kCustomRoleShape)) << role.dump();
  const std::string id = role["id"];
  ClientResponse shown = iam().Send("GET", "/v3.0/OS-ROLE/roles/" + id);
  ClientResponse listed = iam().Send("GET", "/v3.0/OS-ROLE/roles?page=1&per_page=300");
  ClientResponse updated =
      iam().Send("PATCH", "/v3.0/OS-ROLE/roles/" + id,
                 RoleBody(display_name + "-b", {RoleStatement("Allow", {"workspace:app:list*"})}));
  ClientResponse deleted = iam().Send("DELETE", "/v3.0/OS-ROLE/roles/" + id);
  ClientResponse gone = iam().Send("GET", "/v3.0/OS-ROLE/roles/" + id);

  EXPECT_EQ(role["display_name"], display_name);
  EXPECT_EQ(role["type"], "XA");
  EXPECT_EQ(role["catalog"], "CUSTOMED");
  EXPECT_EQ(role["domain_id"], server().account_id());
  EXPECT_EQ(role["policy"]["Version"], "1.1");
  EXPECT_EQ(shown.Json()["role"]["id"], id);
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_GE(listed.Json()["total_number"].get<int64_t>(), 1);
  EXPECT_EQ(updated.Json()["role"]["display_name"], display_name + "-b");
  EXPECT_EQ(updated.Json()["role"]["policy"]["Statement"][0]["Action"][0], "workspace:app:list*");
  EXPECT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_TRUE(IsKeystoneError(gone, 404)) << gone.body;
}

TEST_F(IamRolesApiTest, CustomPolicyRejectsBadDocuments) {
  struct Case {
    const char* label;
    nlohmann::json body;
  };
  const std::vector<Case> cases = {
      {"identity-policy version", RoleBody("v5", {RoleStatement("Allow", {"*"})}, "5.0")},
      {"bad effect", RoleBody("effect", {RoleStatement("Maybe", {"workspace:app:list"})})},
      {"no policy", {{"role", {{"display_name", "x"}, {"type", "XA"}, {"description", "d"}}}}},
      {"bad type", {{"role", {{"display_name", "x"}, {"type", "AA"}, {"description", "d"}}}}},
      {"no role", nlohmann::json::object()},
  };
  for (const Case& row : cases) {
    ClientResponse response = iam().Send("POST", "/v3.0/OS-ROLE/roles", row.body);

    EXPECT_TRUE(IsKeystoneError(response, 400)) << row.label << ": " << response.body;
  }
}

TEST_F(IamRolesApiTest, GrantsAreCheckedListedAndRevoked) {
  const std::string role = CreateRole({RoleStatement("Allow", {"workspace:appGroup:list"})});
  auto group = iam().CreateGroup(UniqueName("grants"));
  ASSERT_OK(group);
  const std::string path = GrantPath(project_id(), *group, role);
  const std::string unknown = "0123456789abcdef0123456789abcdef";

  ClientResponse granted = iam().Send("PUT", path);
  ClientResponse again = iam().Send("PUT", path);
  ClientResponse checked = iam().Send("HEAD", path);
  ClientResponse listed =
      iam().Send("GET", "/v3/projects/" + project_id() + "/groups/" + *group + "/roles");
  ClientResponse in_use = iam().Send("DELETE", "/v3.0/OS-ROLE/roles/" + role);
  ClientResponse revoked = iam().Send("DELETE", path);
  ClientResponse unchecked = iam().Send("HEAD", path);
  ClientResponse revoked_again = iam().Send("DELETE", path);

  EXPECT_EQ(granted.status, 204) << granted.body;
  EXPECT_EQ(again.status, 204);
  EXPECT_EQ(checked.status, 204);
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(listed.Json()["roles"].size(), 1u);
  EXPECT_EQ(listed.Json()["roles"][0]["id"], role);
  EXPECT_TRUE(IsKeystoneError(in_use, 409)) << in_use.body;
  EXPECT_EQ(revoked.status, 204);
  EXPECT_EQ(unchecked.status, 404);
  EXPECT_TRUE(IsKeystoneError(revoked_again, 404));
  EXPECT_TRUE(IsKeystoneError(iam().Send("PUT", GrantPath(project_id(), unknown, role)), 404));
  EXPECT_TRUE(IsKeystoneError(iam().Send("PUT", GrantPath(project_id(), *group, unknown)), 404));
  EXPECT_TRUE(IsKeystoneError(iam().Send("PUT", GrantPath(unknown, *group, role)), 404));
}

TEST_F(IamRolesApiTest, SystemPoliciesAreListedAsRoles) {
  ClientResponse response = iam().Send("GET", "/v3/roles");

  ASSERT_EQ(response.status, 200) << response.body;
  std::vector<std::string> names;
  const nlohmann::json listed = response.Json();
  for (const nlohmann::json& role : listed["roles"]) {
    names.push_back(role.value("display_name", ""));
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names,
            (std::vector<std::string>{"WorkspaceApp FullAccess", "WorkspaceApp ReadOnlyAccess"}));
  EXPECT_EQ(response.Json()["total_number"], 2);
}

TEST_F(IamRolesApiTest, KeystoneMembershipViews) {
  std::string name = UniqueName("v3member");
  auto user = iam().CreateUserWithPassword(name, kPassword);
  ASSERT_OK(user);
  auto group = iam().CreateGroup(UniqueName("v3group"));
  ASSERT_OK(group);
  const std::string member = "/v3/groups/" + *group + "/users/" + *user;

  ClientResponse added = iam().Send("PUT", member);
  ClientResponse checked = iam().Send("HEAD", member);
  ClientResponse users = iam().Send("GET", "/v3/groups/" + *group + "/users");
  ClientResponse groups = iam().Send("GET", "/v3/users/" + *user + "/groups");
  ClientResponse removed = iam().Send("DELETE", member);
  ClientResponse unchecked = iam().Send("HEAD", member);

  EXPECT_EQ(added.status, 204) << added.body;
  EXPECT_EQ(checked.status, 204);
  ASSERT_EQ(users.Json()["users"].size(), 1u) << users.body;
  EXPECT_EQ(users.Json()["users"][0]["name"], name);
  EXPECT_EQ(groups.Json()["groups"][0]["id"], *group);
  EXPECT_EQ(removed.status, 204);
  EXPECT_EQ(unchecked.status, 404);
}

// --- Enforcement across both models ------------------------------------------------------

TEST_F(IamRolesApiTest, GroupGrantAllowsInItsProjectOnly) {
  auto other_project = server().CreateProject(UniqueName("other"));
  ASSERT_OK(other_project);
  auto group = api().CreateAppGroup(UniqueName("granted"));
  ASSERT_OK(group);
  auto apps = api().PublishApps(*group, {UniqueName("app")});
  ASSERT_OK(apps);
  const std::string role = CreateRole({RoleStatement("Allow", {"workspace:app:*"})});
  const std::string user = MemberOfGroupGranted(role, project_id());

  ClientResponse allowed =
      AsUser(TokenOf(user, project_id()), "POST",
             api().Path("/app-groups/" + *group + "/apps/batch-unpublish"), IdsBody(*apps));
  ClientResponse denied = AsUser(TokenOf(user, *other_project), "GET",
                                 "/v1/" + *other_project + "/app-groups/570810904237572999/apps");

  EXPECT_EQ(allowed.status, 200) << allowed.body;
  EXPECT_TRUE(IsWorkspaceError(denied, 403, "WKS.00081102")) << denied.body;
}

TEST_F(IamRolesApiTest, DenyInTheRoleModelOverridesAnIdentityAllow) {
  auto group = api().CreateAppGroup(UniqueName("denyrole"));
  ASSERT_OK(group);
  auto apps = api().PublishApps(*group, {UniqueName("app")});
  ASSERT_OK(apps);
  const std::string role = CreateRole({RoleStatement("Deny", {"workspace:app:unpublish"})});
  const std::string user = MemberOfGroupGranted(role, project_id());
  auto policy = iam().CreatePolicy(
      UniqueName("allowall"),
      {{"Version", "5.0"}, {"Statement", {{{"Effect", "Allow"}, {"Action", {"workspace:*:*"}}}}}});
  ASSERT_OK(policy);
  ASSERT_OK(iam().AttachToUser(*policy, user_ids_[user]));
  const std::string user_token = TokenOf(user, project_id());

  ClientResponse listed = AsUser(user_token, "GET", api().Path("/app-groups/" + *group + "/apps"));
  ClientResponse unpublished =
      AsUser(user_token, "POST", api().Path("/app-groups/" + *group + "/apps/batch-unpublish"),
             IdsBody(*apps));

  EXPECT_EQ(listed.status, 200) << listed.body;
  EXPECT_TRUE(IsWorkspaceError(unpublished, 403, "WKS.00081102")) << unpublished.body;
  auto left = api().ListAppIds(*group);
  ASSERT_OK(left);
  EXPECT_EQ(*left, *apps);
}

TEST_F(IamRolesApiTest, DenyInTheIdentityModelOverridesARoleAllow) {
  auto group = api().CreateAppGroup(UniqueName("denyidentity"));
  ASSERT_OK(group);
  auto apps = api().PublishApps(*group, {UniqueName("app")});
  ASSERT_OK(apps);
  const std::string role = CreateRole({RoleStatement("Allow", {"workspace:*:*"})});
  const std::string user = MemberOfGroupGranted(role, project_id());
  auto policy = iam().CreatePolicy(
      UniqueName("denyunpublish"),
      {{"Version", "5.0"},
       {"Statement", {{{"Effect", "Deny"}, {"Action", {"workspace:app:unpublish"}}}}}});
  ASSERT_OK(policy);
  ASSERT_OK(iam().AttachToUser(*policy, user_ids_[user]));

  ClientResponse unpublished =
      AsUser(TokenOf(user, project_id()), "POST",
             api().Path("/app-groups/" + *group + "/apps/batch-unpublish"), IdsBody(*apps));

  EXPECT_TRUE(IsWorkspaceError(unpublished, 403, "WKS.00081102")) << unpublished.body;
}

TEST_F(IamRolesApiTest, SystemPolicyGrantedOnAProject) {
  auto group = api().CreateAppGroup(UniqueName("readonly"));
  ASSERT_OK(group);
  auto read_only = iam().SystemPolicyId("WorkspaceApp ReadOnlyAccess");
  ASSERT_OK(read_only);
  const std::string user = MemberOfGroupGranted(*read_only, project_id());
  const std::string user_token = TokenOf(user, project_id());

  ClientResponse listed = AsUser(user_token, "GET", api().Path("/app-groups"));
  ClientResponse created = AsUser(user_token, "POST", api().Path("/app-groups"),
                                  nlohmann::json({{"name", UniqueName("nope")}}).dump());

  EXPECT_EQ(listed.status, 200) << listed.body;
  EXPECT_TRUE(IsWorkspaceError(created, 403, "WKS.00081102")) << created.body;
}

// --- The explainer -----------------------------------------------------------------------

TEST_F(IamRolesApiTest, ExplainerNamesTheAllowingStatement) {
  const std::string role = CreateRole({RoleStatement("Allow", {"workspace:app:*"})});
  const std::string user = MemberOfGroupGranted(role, project_id());

  ClientResponse response = Explain({{"user_id", user_ids_[user]},
                                     {"action", "workspace:app:unpublish"},
                                     {"resources", {"workspace:local:a:app:1"}},
                                     {"project_id", project_id()}});

  ASSERT_EQ(response.status, 200) << response.body;
  nlohmann::json body = response.Json();
  EXPECT_EQ(body["decision"], "allow");
  EXPECT_EQ(body["allowed"], true);
  EXPECT_EQ(body["deciding_statement"]["policy_id"], role);
  EXPECT_EQ(body["deciding_statement"]["model"], "role");
  EXPECT_EQ(body["deciding_statement"]["statement_index"], 0);
  EXPECT_EQ(body["deciding_statement"]["effect"], "Allow");
}

TEST_F(IamRolesApiTest, ExplainerNamesTheDenyingStatement) {
  const std::string role = CreateRole({RoleStatement("Allow", {"workspace:*:*"})});
  const std::string user = MemberOfGroupGranted(role, project_id());
  nlohmann::json deny = {
      {"Sid", "NoUnpublish"}, {"Effect", "Deny"}, {"Action", {"workspace:app:unpublish"}}};
  nlohmann::json allow = {{"Effect", "Allow"}, {"Action", {"workspace:app:list*"}}};
  auto policy = iam().CreatePolicy(UniqueName("explained-deny"),
                                   {{"Version", "5.0"}, {"Statement", {allow, deny}}});
  ASSERT_OK(policy);
  ASSERT_OK(iam().AttachToUser(*policy, user_ids_[user]));

  ClientResponse response = Explain({{"user_id", user_ids_[user]},
                                     {"action", "workspace:app:unpublish"},
                                     {"project_id", project_id()}});

  ASSERT_EQ(response.status, 200) << response.body;
  nlohmann::json body = response.Json();
  EXPECT_EQ(body["decision"], "explicit_deny");
  EXPECT_EQ(body["allowed"], false);
  EXPECT_EQ(body["deciding_statement"]["policy_id"], *policy);
  EXPECT_EQ(body["deciding_statement"]["model"], "identity");
  EXPECT_EQ(body["deciding_statement"]["statement_index"], 1);
  EXPECT_EQ(body["deciding_statement"]["sid"], "NoUnpublish");
  EXPECT_EQ(body["evaluated_policies"].size(), 2u);
}

TEST_F(IamRolesApiTest, ExplainerNamesTheMissingAllow) {
  const std::string name = UniqueName("nothing");
  auto user = iam().CreateUserWithPassword(name, kPassword);
  ASSERT_OK(user);
  const std::string resource = "workspace:local:" + server().account_id() + ":appGroup:1";

  ClientResponse response = Explain(
      {{"user_id", *user}, {"action", "workspace:appGroup:delete"}, {"resources", {resource}}});

  ASSERT_EQ(response.status, 200) << response.body;
  nlohmann::json body = response.Json();
  EXPECT_EQ(body["decision"], "implicit_deny");
  EXPECT_TRUE(body["deciding_statement"].is_null());
  EXPECT_EQ(body["resource"], resource);
  EXPECT_NE(body["reason"].get<std::string>().find("workspace:appGroup:delete"), std::string::npos);
}

// Anyone may ask about themselves; asking about another user needs wsapp:permissions:explain.
TEST_F(IamRolesApiTest, ExplainerAboutAnotherUserNeedsPermission) {
  const std::string asker = UniqueName("asker");
  ASSERT_OK(iam().CreateUserWithPassword(asker, kPassword));
  auto other = iam().CreateUserWithPassword(UniqueName("other"), kPassword);
  ASSERT_OK(other);
  const std::string asker_token = TokenOf(asker, project_id());

  ClientResponse about_self = Explain({{"action", "workspace:app:unpublish"}}, asker_token);
  ClientResponse about_other =
      Explain({{"user_id", *other}, {"action", "workspace:app:unpublish"}}, asker_token);
  ClientResponse root_about_self = Explain({{"action", "workspace:app:unpublish"}});

  ASSERT_EQ(about_self.status, 200) << about_self.body;
  EXPECT_EQ(about_self.Json()["decision"], "implicit_deny");
  EXPECT_TRUE(IsWorkspaceError(about_other, 403, "WKS.00081102")) << about_other.body;
  EXPECT_EQ(root_about_self.Json()["decision"], "allow");
  EXPECT_EQ(root_about_self.Json()["user"]["is_root_user"], true);
}

}  // namespace
}  // namespace wsapp::testing
