// How grants change over HTTP: BatchDeleteAppGroupAuthorization, the filters of
// ListAppGroupAuthorization, app-level grants (D24), and the grants that deleting a directory
// account (D20) or unpublishing apps (D10) takes with it.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "support/api_server_test.h"
#include "support/status_matchers.h"
#include "support/wire_shapes.h"

namespace wsapp::testing {
namespace {

// An app-group id of the right form that no group has.
constexpr char kUnknownGroup[] = "570810904237572999";
constexpr char kUnknownAccountId[] = "0123456789abcdef0123456789abcdef";

nlohmann::json Body(const std::vector<std::string>& groups,
                    const std::vector<nlohmann::json>& accounts,
                    const std::vector<std::string>& app_ids = {}) {
  nlohmann::json body = {{"app_group_ids", groups}, {"accounts", accounts}};
  if (!app_ids.empty()) {
    body["app_ids"] = app_ids;
  }
  return body;
}

// A directory account as the AccountInfo of a grant, with its directory id.
struct Account {
  std::string id;
  std::string name;
  nlohmann::json info;
};

class AuthorizationChangesApiTest : public ApiServerTest {
 protected:
  ClientResponse Grant(const nlohmann::json& body) {
    return api().PostJson(api().Path("/app-groups/authorizations"), body.dump());
  }
  ClientResponse Revoke(const nlohmann::json& body) {
    return api().PostJson(api().Path("/app-groups/actions/batch-delete-authorization"),
                          body.dump());
  }
  // ListAppGroupAuthorization with `query` (without the leading '?').
  nlohmann::json List(const std::string& query) {
    ClientResponse response =
        api().Get(api().Path("/app-groups/actions/list-authorizations?" + query));
    EXPECT_EQ(response.status, 200) << query << ": " << response.body;
    return response.Json();
  }
  // The grants of `group` as "account/app_id" entries (app_id empty for group-level grants).
  std::set<std::string> GrantsOf(const std::string& group) {
    std::set<std::string> grants;
    // Held in a local: a range-for over a member of a temporary would dangle.
    const nlohmann::json listed = List("limit=100&app_group_id=" + group);
    for (const nlohmann::json& grant : listed["authorizations"]) {
      grants.insert(grant.value("account", "") + "/" + grant.value("app_id", ""));
    }
    return grants;
  }

  std::string NewGroup(const std::string& authorization_type = "APP_GROUP") {
    auto group =
        api().CreateAppGroup(UniqueName("changes"), {{"authorization_type", authorization_type}});
    EXPECT_OK(group);
    return group.ok() ? *group : std::string(kUnknownGroup);
  }
  std::vector<std::string> Publish(const std::string& group,
                                   const std::vector<std::string>& names) {
    auto apps = api().PublishApps(group, names);
    EXPECT_OK(apps);
    return apps.ok() ? *apps : std::vector<std::string>(names.size(), "<publish failed>");
  }

  Account NewUser(const std::string& prefix = "user") {
    Account account{"", UniqueName(prefix), nlohmann::json()};
    auto id = api().CreateDirectoryUser(account.name);
    EXPECT_OK(id);
    account.id = id.ok() ? *id : std::string();
    account.info = {{"account", account.name}, {"account_type", "USER"}};
    return account;
  }
  Account NewUserGroup(const std::string& name) {
    Account account{"", name, nlohmann::json()};
    auto id = api().CreateDirectoryGroup(account.name);
    EXPECT_OK(id);
    account.id = id.ok() ? *id : std::string();
    account.info = {{"account", account.name}, {"account_type", "USER_GROUP"}, {"id", account.id}};
    return account;
  }

  ClientResponse DeleteDirectoryEntry(const std::string& kind, const std::string& id) {
    return api().Send(MakeRequest("DELETE", "/v2/" + project_id() + "/" + kind + "/" + id));
  }
};

// --- Deleting directory accounts -------------------------------------------------------

TEST_F(AuthorizationChangesApiTest, DeleteUserRemovesItsAuthorizations) {
  const std::string first = NewGroup();
  const std::string second = NewGroup();
  const std::string per_app = NewGroup("APP");
  const std::vector<std::string> apps = Publish(per_app, {"Word"});
  Account alice = NewUser("alice");
  Account bob = NewUser("bob");
  ASSERT_EQ(Grant(Body({first, second}, {alice.info, bob.info})).status, 200);
  ASSERT_EQ(Grant(Body({per_app}, {alice.info}, apps)).status, 200);

  ClientResponse response = DeleteDirectoryEntry("users", alice.id);

  ASSERT_EQ(response.status, 204) << response.body;
  EXPECT_EQ(List("account_id=" + alice.id)["count"], 0);
  EXPECT_EQ(List("account=" + alice.name)["count"], 0);
  EXPECT_EQ(GrantsOf(first), std::set<std::string>{bob.name + "/"});
  EXPECT_EQ(GrantsOf(second), std::set<std::string>{bob.name + "/"});
  EXPECT_TRUE(GrantsOf(per_app).empty());
}

// A user's grants are its own: the grants of the groups it belongs to stay, and so do the
// grants of a group that happens to share its name.
TEST_F(AuthorizationChangesApiTest, DeleteUserKeepsTheGrantsOfGroups) {
  const std::string group = NewGroup();
  Account alice = NewUser("alice");
  Account namesake = NewUserGroup(alice.name);
  Account team = NewUserGroup(UniqueName("team"));
  ASSERT_EQ(api()
                .PostJson("/v2/" + project_id() + "/groups/" + team.id + "/actions",
                          nlohmann::json({{"user_ids", {alice.id}}, {"op_type", "ADD"}}).dump())
                .status,
            200);
  ASSERT_EQ(Grant(Body({group}, {alice.info, namesake.info, team.info})).status, 200);

  ClientResponse response = DeleteDirectoryEntry("users", alice.id);

  ASSERT_EQ(response.status, 204) << response.body;
  nlohmann::json listed = List("app_group_id=" + group);
  EXPECT_EQ(listed["count"], 2) << listed.dump();
  std::set<std::pair<std::string, std::string>> holders;
  for (const nlohmann::json& grant : listed["authorizations"]) {
    holders.insert({grant.value("account_type", ""), grant.value("account_id", "")});
  }
  EXPECT_EQ(holders, (std::set<std::pair<std::string, std::string>>{{"USER_GROUP", namesake.id},
                                                                    {"USER_GROUP", team.id}}));
}

TEST_F(AuthorizationChangesApiTest, DeleteUserGroupRemovesItsAuthorizations) {
  const std::string first = NewGroup();
  const std::string second = NewGroup();
  Account ops = NewUserGroup(UniqueName("ops"));
  Account namesake{"", ops.name, {{"account", ops.name}, {"account_type", "USER"}}};
  auto namesake_id = api().CreateDirectoryUser(ops.name);
  ASSERT_OK(namesake_id);
  ASSERT_EQ(Grant(Body({first, second}, {ops.info, namesake.info})).status, 200);

  ClientResponse response = DeleteDirectoryEntry("groups", ops.id);

  ASSERT_EQ(response.status, 204) << response.body;
  EXPECT_EQ(List("account_id=" + ops.id)["count"], 0);
  EXPECT_EQ(List("account_type=USER_GROUP&account=" + ops.name)["count"], 0);
  nlohmann::json kept = List("account_type=USER&account=" + ops.name);
  EXPECT_EQ(kept["count"], 2) << kept.dump();
}

// --- BatchDeleteAppGroupAuthorization --------------------------------------------------

TEST_F(AuthorizationChangesApiTest, BatchDeleteRemovesTheListedGrants) {
  const std::string first = NewGroup();
  const std::string second = NewGroup();
  Account alice = NewUser("alice");
  Account bob = NewUser("bob");
  Account ops = NewUserGroup(UniqueName("ops"));
  ASSERT_EQ(Grant(Body({first, second}, {alice.info, bob.info, ops.info})).status, 200);

  ClientResponse response = Revoke(Body({first, second}, {alice.info, ops.info}));

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Header("Content-Type").substr(0, 16), "application/json");
  EXPECT_EQ(response.body, "{}");
  EXPECT_EQ(GrantsOf(first), std::set<std::string>{bob.name + "/"});
  EXPECT_EQ(GrantsOf(second), std::set<std::string>{bob.name + "/"});
}

TEST_F(AuthorizationChangesApiTest, BatchDeleteOnlyTouchesTheListedGroups) {
  const std::string revoked = NewGroup();
  const std::string kept = NewGroup();
  Account alice = NewUser("alice");
  ASSERT_EQ(Grant(Body({revoked, kept}, {alice.info})).status, 200);

  ClientResponse response = Revoke(Body({revoked}, {alice.info}));

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_TRUE(GrantsOf(revoked).empty());
  EXPECT_EQ(GrantsOf(kept), std::set<std::string>{alice.name + "/"});
}

// Reference #24: repeatable.
TEST_F(AuthorizationChangesApiTest, RepeatedBatchDeleteSucceedsWithoutChange) {
  const std::string group = NewGroup();
  Account alice = NewUser("alice");
  Account bob = NewUser("bob");
  ASSERT_EQ(Grant(Body({group}, {alice.info, bob.info})).status, 200);
  const nlohmann::json body = Body({group}, {alice.info});
  ASSERT_EQ(Revoke(body).status, 200);

  ClientResponse response = Revoke(body);

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.body, "{}");
  EXPECT_EQ(GrantsOf(group), std::set<std::string>{bob.name + "/"});
}

// D2: unknown groups and unknown accounts in a batch-delete body are skipped.
TEST_F(AuthorizationChangesApiTest, BatchDeleteSkipsUnknownGroupsAndAccounts) {
  const std::string group = NewGroup();
  Account alice = NewUser("alice");
  ASSERT_EQ(Grant(Body({group}, {alice.info})).status, 200);
  nlohmann::json ghost = {{"account", UniqueName("ghost")}, {"account_type", "USER"}};
  nlohmann::json ghost_group = {
      {"account", UniqueName("ghosts")}, {"account_type", "USER_GROUP"}, {"id", kUnknownAccountId}};

  ClientResponse response = Revoke(Body({kUnknownGroup, group}, {ghost, alice.info, ghost_group}));

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.body, "{}");
  EXPECT_TRUE(GrantsOf(group).empty());
}

// D2: a body naming no existing group at all is still a success.
TEST_F(AuthorizationChangesApiTest, BatchDeleteOfUnknownGroupsOnlySucceeds) {
  Account alice = NewUser("alice");

  ClientResponse response = Revoke(Body({kUnknownGroup}, {alice.info}, {"570810904237579999"}));

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.body, "{}");
}

// D20: an id and a name that do not name one directory account together name none, so a
// delete that pairs them removes nothing; the matching pair removes the grant.
TEST_F(AuthorizationChangesApiTest, BatchDeleteSkipsAccountsWhoseIdAndNameDisagree) {
  const std::string group = NewGroup();
  Account alice = NewUser("alice");
  Account bob = NewUser("bob");
  Account ops = NewUserGroup(UniqueName("ops"));
  Account devs = NewUserGroup(UniqueName("devs"));
  ASSERT_EQ(Grant(Body({group}, {alice.info, ops.info})).status, 200);
  nlohmann::json alice_with_bobs_id = alice.info;
  alice_with_bobs_id["id"] = bob.id;
  nlohmann::json ops_with_devs_id = ops.info;
  ops_with_devs_id["id"] = devs.id;
  const std::set<std::string> granted = {alice.name + "/", ops.name + "/"};

  ClientResponse mismatched = Revoke(Body({group}, {alice_with_bobs_id, ops_with_devs_id}));
  std::set<std::string> after_mismatched = GrantsOf(group);
  nlohmann::json alice_with_her_id = alice.info;
  alice_with_her_id["id"] = alice.id;
  ClientResponse matching = Revoke(Body({group}, {alice_with_her_id, ops.info}));

  ASSERT_EQ(mismatched.status, 200) << mismatched.body;
  EXPECT_EQ(after_mismatched, granted);
  ASSERT_EQ(matching.status, 200) << matching.body;
  EXPECT_TRUE(GrantsOf(group).empty());
}

TEST_F(AuthorizationChangesApiTest, BatchDeleteRejectsInvalidBodies) {
  const std::string group = NewGroup();
  Account alice = NewUser("alice");
  ASSERT_EQ(Grant(Body({group}, {alice.info})).status, 200);
  nlohmann::json fifty_one = Body({group}, std::vector<nlohmann::json>(51, alice.info));
  struct Case {
    std::string label;
    nlohmann::json body;
  };
  const std::vector<Case> cases = {
      {"app_group_ids missing", {{"accounts", {alice.info}}}},
      {"app_group_ids empty", Body({}, {alice.info})},
      {"11 app_group_ids", Body(std::vector<std::string>(11, group), {alice.info})},
      {"app group id of 129 characters", Body({std::string(129, '1')}, {alice.info})},
      {"accounts missing", {{"app_group_ids", {group}}}},
      {"accounts empty", Body({group}, {})},
      {"51 accounts", fifty_one},
      {"account_type missing", Body({group}, {{{"account", alice.name}}})},
      {"unknown account_type",
       Body({group}, {{{"account", alice.name}, {"account_type", "ROLE"}}})},
      {"USER_GROUP without id",
       Body({group}, {{{"account", alice.name}, {"account_type", "USER_GROUP"}}})},
      {"app_ids on a group-level group", Body({group}, {alice.info}, {"570810904237579999"})},
      {"empty app_ids",
       {{"app_group_ids", {group}},
        {"accounts", {alice.info}},
        {"app_ids", nlohmann::json::array()}}},
  };
  for (const Case& row : cases) {
    ClientResponse response = Revoke(row.body);

    EXPECT_TRUE(IsWorkspaceError(response, 400, "WKS.00211102")) << row.label;
  }
  EXPECT_EQ(GrantsOf(group), std::set<std::string>{alice.name + "/"});
}

// D24: APP and APP_GROUP groups cannot be mixed in one request, and nothing is removed.
TEST_F(AuthorizationChangesApiTest, BatchDeleteRejectsMixedAuthorizationTypes) {
  const std::string group_level = NewGroup();
  const std::string per_app = NewGroup("APP");
  const std::vector<std::string> apps = Publish(per_app, {"Word"});
  Account alice = NewUser("alice");
  ASSERT_EQ(Grant(Body({group_level}, {alice.info})).status, 200);
  ASSERT_EQ(Grant(Body({per_app}, {alice.info}, apps)).status, 200);

  ClientResponse without_apps = Revoke(Body({group_level, per_app}, {alice.info}));
  ClientResponse with_apps = Revoke(Body({per_app, group_level}, {alice.info}, apps));

  EXPECT_TRUE(IsWorkspaceError(without_apps, 400, "WKS.00211102"));
  EXPECT_TRUE(IsWorkspaceError(with_apps, 400, "WKS.00211102"));
  EXPECT_EQ(GrantsOf(group_level), std::set<std::string>{alice.name + "/"});
  EXPECT_EQ(GrantsOf(per_app), std::set<std::string>{alice.name + "/" + apps[0]});
}

// D24: app_ids on APP groups remove the grants of those apps only, across the listed groups.
TEST_F(AuthorizationChangesApiTest, BatchDeleteWithAppIdsRemovesOnlyThoseApps) {
  const std::string office = NewGroup("APP");
  const std::string design = NewGroup("APP");
  const std::vector<std::string> office_apps = Publish(office, {"Word", "Excel"});
  const std::vector<std::string> design_apps = Publish(design, {"Paint"});
  Account alice = NewUser("alice");
  Account bob = NewUser("bob");
  ASSERT_EQ(Grant(Body({office, design}, {alice.info, bob.info},
                       {office_apps[0], office_apps[1], design_apps[0]}))
                .status,
            200);

  ClientResponse response =
      Revoke(Body({office, design}, {alice.info}, {office_apps[0], design_apps[0]}));

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.body, "{}");
  EXPECT_EQ(GrantsOf(office), (std::set<std::string>{alice.name + "/" + office_apps[1],
                                                     bob.name + "/" + office_apps[0],
                                                     bob.name + "/" + office_apps[1]}));
  EXPECT_EQ(GrantsOf(design), std::set<std::string>{bob.name + "/" + design_apps[0]});
}

// D24: each app id must be published in one of the listed groups.
TEST_F(AuthorizationChangesApiTest, BatchDeleteRejectsAppsOutsideTheListedGroups) {
  const std::string office = NewGroup("APP");
  const std::string design = NewGroup("APP");
  const std::vector<std::string> office_apps = Publish(office, {"Word"});
  const std::vector<std::string> design_apps = Publish(design, {"Paint"});
  Account alice = NewUser("alice");
  ASSERT_EQ(Grant(Body({office}, {alice.info}, office_apps)).status, 200);

  ClientResponse unknown = Revoke(Body({office}, {alice.info}, {"570810904237579999"}));
  ClientResponse elsewhere = Revoke(Body({office}, {alice.info}, design_apps));

  EXPECT_TRUE(IsWorkspaceError(unknown, 400, "WKS.00211102"));
  EXPECT_TRUE(IsWorkspaceError(elsewhere, 400, "WKS.00211102"));
  EXPECT_EQ(GrantsOf(office), std::set<std::string>{alice.name + "/" + office_apps[0]});
}

// --- ListAppGroupAuthorization filters --------------------------------------------------

// D19 and D11: filters combine, apply across groups when app_group_id is absent, and count
// every match while paging.
TEST_F(AuthorizationChangesApiTest, ListFiltersCombineAcrossGroups) {
  const std::string first = NewGroup();
  const std::string second = NewGroup();
  const std::string third = NewGroup();
  Account alice = NewUser("alice");
  Account ops = NewUserGroup(UniqueName("ops"));
  ASSERT_EQ(Grant(Body({first, second, third}, {alice.info})).status, 200);
  ASSERT_EQ(Grant(Body({second}, {ops.info})).status, 200);
  struct Case {
    std::string query;
    int count;
  };
  const std::vector<Case> cases = {
      {"account_id=" + alice.id, 3},
      {"account=" + alice.name, 3},
      {"account=" + alice.name + "&account_type=USER", 3},
      {"account=" + alice.name + "&account_type=USER_GROUP", 0},
      {"account_id=" + alice.id + "&account=" + alice.name, 3},
      {"account_id=" + alice.id + "&account=" + ops.name, 0},
      {"account_id=" + alice.id + "&app_group_id=" + second, 1},
      {"app_group_id=" + second, 2},
      {"app_group_id=" + second + "&account_type=USER_GROUP", 1},
      {"app_group_id=" + second + "&account_id=" + ops.id + "&account_type=USER", 0},
      {std::string("app_group_id=") + kUnknownGroup, 0},
  };

  for (const Case& row : cases) {
    nlohmann::json listed = List(row.query);

    EXPECT_EQ(listed["count"], row.count) << row.query;
    EXPECT_EQ(listed["authorizations"].size(), static_cast<size_t>(row.count)) << row.query;
  }
}

TEST_F(AuthorizationChangesApiTest, ListWalksFilteredPages) {
  std::vector<std::string> groups;
  for (int i = 0; i < 5; ++i) {
    groups.push_back(NewGroup());
  }
  Account alice = NewUser("alice");
  Account bob = NewUser("bob");
  ASSERT_EQ(Grant(Body(groups, {alice.info, bob.info})).status, 200);

  auto pages =
      api().ListPages(api().Path("/app-groups/actions/list-authorizations?account_id=" + alice.id),
                      "authorizations", 2);

  ASSERT_OK(pages);
  ASSERT_EQ(pages->size(), 3u);
  std::set<std::string> listed_groups;
  for (const nlohmann::json& page : *pages) {
    EXPECT_EQ(page["count"], 5);
    for (const nlohmann::json& grant : page["authorizations"]) {
      EXPECT_TRUE(HasShape(grant, AuthorizationShape()));
      EXPECT_EQ(grant["account"], alice.name);
      listed_groups.insert(grant.value("app_group_id", ""));
    }
  }
  EXPECT_EQ((*pages)[2]["authorizations"].size(), 1u);
  EXPECT_EQ(listed_groups, std::set<std::string>(groups.begin(), groups.end()));
}

// --- App-level grants (D24) and UnpublishApp (D10) ---------------------------------------

TEST_F(AuthorizationChangesApiTest, AppLevelGrantsAreListedPerApp) {
  const std::string office = NewGroup("APP");
  const std::vector<std::string> apps = Publish(office, {"Word", "Excel", "Visio"});
  Account ops = NewUserGroup(UniqueName("ops"));

  ClientResponse response = Grant(Body({office}, {ops.info}, {apps[0], apps[2]}));

  ASSERT_EQ(response.status, 200) << response.body;
  nlohmann::json listed = List("account_id=" + ops.id);
  ASSERT_EQ(listed["count"], 2) << listed.dump();
  std::set<std::pair<std::string, std::string>> listed_apps;
  for (const nlohmann::json& grant : listed["authorizations"]) {
    EXPECT_TRUE(HasShape(grant, AuthorizationShape()));
    EXPECT_EQ(grant["authorization_type"], "APP");
    EXPECT_EQ(grant["app_group_id"], office);
    EXPECT_EQ(grant["account_type"], "USER_GROUP");
    listed_apps.insert({grant.value("app_id", ""), grant.value("app_name", "")});
  }
  EXPECT_EQ(listed_apps,
            (std::set<std::pair<std::string, std::string>>{{apps[0], "Word"}, {apps[2], "Visio"}}));
}

// D10: unpublishing removes the app-level grants of exactly the apps it unpublishes; an app of
// another group listed in the same call stays published and keeps its grants.
TEST_F(AuthorizationChangesApiTest, UnpublishRemovesOnlyTheGrantsOfItsApps) {
  const std::string office = NewGroup("APP");
  const std::string design = NewGroup("APP");
  const std::vector<std::string> office_apps = Publish(office, {"Word", "Excel"});
  const std::vector<std::string> design_apps = Publish(design, {"Word", "Paint"});
  Account alice = NewUser("alice");
  Account ops = NewUserGroup(UniqueName("ops"));
  ASSERT_EQ(Grant(Body({office, design}, {alice.info, ops.info},
                       {office_apps[0], office_apps[1], design_apps[0], design_apps[1]}))
                .status,
            200);

  ClientResponse response =
      api().PostJson(api().Path("/app-groups/" + office + "/apps/batch-unpublish"),
                     IdsBody({office_apps[0], design_apps[0]}));

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(GrantsOf(office), (std::set<std::string>{alice.name + "/" + office_apps[1],
                                                     ops.name + "/" + office_apps[1]}));
  EXPECT_EQ(
      GrantsOf(design),
      (std::set<std::string>{alice.name + "/" + design_apps[0], ops.name + "/" + design_apps[0],
                             alice.name + "/" + design_apps[1], ops.name + "/" + design_apps[1]}));
  EXPECT_EQ(List("account_id=" + alice.id)["count"], 3);
}

}  // namespace
}  // namespace wsapp::testing
