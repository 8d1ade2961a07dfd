// AddAppGroupAuthorization and ListAppGroupAuthorization over HTTP.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "support/api_server_test.h"
#include "support/status_matchers.h"
#include "support/wire_shapes.h"

namespace wsapp::testing {
namespace {

using std::chrono::milliseconds;

nlohmann::json User(const std::string& name) {
  return {{"account", name}, {"account_type", "USER"}};
}

nlohmann::json GrantBody(const std::vector<std::string>& groups,
                         const std::vector<nlohmann::json>& accounts) {
  return {{"app_group_ids", groups}, {"accounts", accounts}};
}

class AuthorizationsApiTest : public ApiServerTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(ApiServerTest::SetUp());
    auto group = api().CreateAppGroup(UniqueName("granted"));
    ASSERT_OK(group);
    group_ = *group;
  }

  ClientResponse Grant(const nlohmann::json& body) {
    return api().PostJson(api().Path("/app-groups/authorizations"), body.dump());
  }

  // A new user of the project's directory (D20 grants only directory accounts), as the
  // AccountInfo of a grant; its directory id goes to `id` when given.
  nlohmann::json NewUser(std::string* id = nullptr) {
    const std::string name = UniqueName("user");
    auto created = api().CreateDirectoryUser(name);
    EXPECT_TRUE(created.ok()) << DescribeError(created);
    if (id != nullptr && created.ok()) {
      *id = *created;
    }
    return User(name);
  }

  // A new user group of the directory, as the AccountInfo of a grant (with its id, D20).
  nlohmann::json NewUserGroup() {
    const std::string name = UniqueName("ug");
    auto created = api().CreateDirectoryGroup(name);
    EXPECT_TRUE(created.ok()) << DescribeError(created);
    return {{"account", name},
            {"account_type", "USER_GROUP"},
            {"id", created.ok() ? *created : std::string()}};
  }

  // ListAppGroupAuthorization of `group` with `query` appended.
  ClientResponse List(const std::string& group, const std::string& query = "") {
    return api().Get(
        api().Path("/app-groups/actions/list-authorizations?app_group_id=" + group + query));
  }

  std::string group_;
};

TEST_F(AuthorizationsApiTest, AddGrantsEveryAccountOnEveryGroup) {
  auto second = api().CreateAppGroup(UniqueName("granted"));
  ASSERT_OK(second);
  nlohmann::json alice = NewUser();
  alice["domain"] = "wksapp.example.com";
  alice["email"] = "user000@example.com";
  alice["platform_type"] = "AD";
  nlohmann::json ops = NewUserGroup();

  ClientResponse response = Grant(GrantBody({group_, *second}, {alice, ops}));

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.body, "{}");
  for (const std::string& group : {group_, *second}) {
    nlohmann::json listed = List(group).Json();
    EXPECT_EQ(listed["count"], 2) << listed.dump();
    for (const nlohmann::json& grant : listed["authorizations"]) {
      EXPECT_TRUE(HasShape(grant, AuthorizationShape()));
      EXPECT_TRUE(IsHexId(grant.value("id", ""))) << grant.dump();
      EXPECT_EQ(grant["app_group_id"], group);
      EXPECT_EQ(grant["authorization_type"], "APP_GROUP");
      EXPECT_EQ(grant["app_id"], "");
      EXPECT_EQ(grant["app_name"], "");
      EXPECT_EQ(grant["create_at"], MillisTimestamp(server().clock().Now()));
    }
  }
}

TEST_F(AuthorizationsApiTest, ListedGrantEchoesTheAccount) {
  auto shown = api().ShowAppGroup(group_);
  ASSERT_OK(shown);
  std::string user_id;
  nlohmann::json account = NewUser(&user_id);
  account["id"] = user_id;
  account["domain"] = "wksapp.example.com";
  account["platform_type"] = "LOCAL";
  ASSERT_EQ(Grant(GrantBody({group_}, {account})).status, 200);

  ClientResponse response = List(group_);

  ASSERT_EQ(response.status, 200) << response.body;
  nlohmann::json listed = response.Json();
  ASSERT_EQ(listed["authorizations"].size(), 1u) << response.body;
  const nlohmann::json& grant = listed["authorizations"][0];
  EXPECT_EQ(grant["account"], account["account"]);
  EXPECT_EQ(grant["account_type"], "USER");
  EXPECT_EQ(grant["account_id"], user_id);
  EXPECT_EQ(grant["domain"], "wksapp.example.com");
  EXPECT_EQ(grant["platform_type"], "LOCAL");
  EXPECT_EQ(grant["app_group_name"], (*shown)["name"]);
}

TEST_F(AuthorizationsApiTest, RepeatedGrantAddsNoRecord) {
  nlohmann::json body = GrantBody({group_}, {NewUser()});
  ASSERT_EQ(Grant(body).status, 200);

  ClientResponse response = Grant(body);

  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(List(group_).Json()["count"], 1);
}

TEST_F(AuthorizationsApiTest, AddRejectsInvalidBodies) {
  std::vector<std::string> eleven_groups(11, group_);
  std::vector<nlohmann::json> fifty_one_accounts(51, User("u-alice"));
  auto account_with = [](const char* key, nlohmann::json value) {
    nlohmann::json account = User("u-alice");
    account[key] = std::move(value);
    return account;
  };
  struct Case {
    std::string label;
    nlohmann::json body;
  };
  const std::vector<Case> cases = {
      {"app_group_ids missing", {{"accounts", {User("u-alice")}}}},
      {"app_group_ids empty", GrantBody({}, {User("u-alice")})},
      {"11 app_group_ids", GrantBody(eleven_groups, {User("u-alice")})},
      {"empty app group id", GrantBody({""}, {User("u-alice")})},
      {"app group id of 129 characters", GrantBody({std::string(129, '1')}, {User("u-alice")})},
      {"accounts missing", {{"app_group_ids", {group_}}}},
      {"accounts empty", GrantBody({group_}, {})},
      {"51 accounts", GrantBody({group_}, fifty_one_accounts)},
      {"account not an object", {{"app_group_ids", {group_}}, {"accounts", {"u-alice"}}}},
      {"account name missing", GrantBody({group_}, {{{"account_type", "USER"}}})},
      {"account name of 129 characters", GrantBody({group_}, {User(std::string(129, 'u'))})},
      {"account_type missing", GrantBody({group_}, {{{"account", "u-alice"}}})},
      {"unknown account_type", GrantBody({group_}, {account_with("account_type", "ROLE")})},
      {"USER_GROUP without id",
       GrantBody({group_}, {{{"account", "ug-ops"}, {"account_type", "USER_GROUP"}}})},
      {"unknown platform_type", GrantBody({group_}, {account_with("platform_type", "LDAP")})},
      {"domain of 65 characters",
       GrantBody({group_}, {account_with("domain", std::string(65, 'd'))})},
      {"app_ids on a group-level group",
       {{"app_group_ids", {group_}}, {"accounts", {User("u-alice")}}, {"app_ids", {"1"}}}},
  };
  for (const Case& row : cases) {
    ClientResponse response = Grant(row.body);

    EXPECT_TRUE(IsWorkspaceError(response, 400, "WKS.00211102")) << row.label;
  }
  EXPECT_EQ(List(group_).Json()["count"], 0);
}

TEST_F(AuthorizationsApiTest, AddRejectsNonObjectBody) {
  ClientResponse response =
      api().PostJson(api().Path("/app-groups/authorizations"), R"([{"app_group_ids":[]}])");

  EXPECT_TRUE(IsWorkspaceError(response, 400, "WKS.00149901"));
}

// D2: an unknown group in a body that grants is 404, and nothing of the request is granted.
TEST_F(AuthorizationsApiTest, AddToUnknownGroupIsNotFound) {
  ClientResponse response =
      Grant(GrantBody({group_, "570810904237572999"}, {User("u-alice")}));

  EXPECT_TRUE(IsWorkspaceError(response, 404, "WSAPP.00010404"));
  EXPECT_EQ(List(group_).Json()["count"], 0);
}

// D24: APP and APP_GROUP groups cannot be mixed in one request.
TEST_F(AuthorizationsApiTest, AddRejectsMixedAuthorizationTypes) {
  auto per_app = api().CreateAppGroup(UniqueName("perapp"), {{"authorization_type", "APP"}});
  ASSERT_OK(per_app);
  auto apps = api().PublishApps(*per_app, {"Word"});
  ASSERT_OK(apps);
  nlohmann::json body = GrantBody({group_, *per_app}, {User("u-alice")});
  body["app_ids"] = *apps;

  ClientResponse response = Grant(body);

  EXPECT_TRUE(IsWorkspaceError(response, 400, "WKS.00211102"));
  EXPECT_EQ(List(group_).Json()["count"], 0);
}

// D24: app-level grants carry their app's id and name.
TEST_F(AuthorizationsApiTest, AppLevelGrantsCarryTheApp) {
  auto per_app = api().CreateAppGroup(UniqueName("perapp"), {{"authorization_type", "APP"}});
  ASSERT_OK(per_app);
  auto apps = api().PublishApps(*per_app, {"Word", "Excel"});
  ASSERT_OK(apps);
  nlohmann::json body = GrantBody({*per_app}, {NewUser()});
  body["app_ids"] = {(*apps)[1]};

  ClientResponse response = Grant(body);

  ASSERT_EQ(response.status, 200) << response.body;
  nlohmann::json listed = List(*per_app).Json();
  ASSERT_EQ(listed["authorizations"].size(), 1u) << listed.dump();
  const nlohmann::json& grant = listed["authorizations"][0];
  EXPECT_TRUE(HasShape(grant, AuthorizationShape()));
  EXPECT_EQ(grant["authorization_type"], "APP");
  EXPECT_EQ(grant["app_id"], (*apps)[1]);
  EXPECT_EQ(grant["app_name"], "Excel");
}

TEST_F(AuthorizationsApiTest, AppLevelGroupNeedsPublishedAppIds) {
  auto per_app = api().CreateAppGroup(UniqueName("perapp"), {{"authorization_type", "APP"}});
  ASSERT_OK(per_app);
  nlohmann::json without_apps = GrantBody({*per_app}, {User("u-alice")});
  nlohmann::json unknown_app = without_apps;
  unknown_app["app_ids"] = {"570810904237579999"};

  ClientResponse missing = Grant(without_apps);
  ClientResponse unknown = Grant(unknown_app);

  EXPECT_TRUE(IsWorkspaceError(missing, 400, "WKS.00211102"));
  EXPECT_TRUE(IsWorkspaceError(unknown, 400, "WKS.00211102"));
}

// D11: newest first (create_at, then id, descending); the walk ends at `count`.
TEST_F(AuthorizationsApiTest, ListWalksEveryPageNewestFirst) {
  std::vector<std::string> granted;
  for (int i = 0; i < 23; ++i) {
    nlohmann::json user = NewUser();
    granted.push_back(user["account"]);
    ASSERT_EQ(Grant(GrantBody({group_}, {user})).status, 200);
    server().clock().Advance(milliseconds(1));
  }

  auto pages = api().ListPages(
      api().Path("/app-groups/actions/list-authorizations?app_group_id=" + group_),
      "authorizations", 10);

  ASSERT_OK(pages);
  ASSERT_EQ(pages->size(), 3u);
  std::vector<std::string> accounts;
  std::set<std::string> ids;
  for (const nlohmann::json& page : *pages) {
    EXPECT_EQ(page["count"], 23);
    for (const nlohmann::json& grant : page["authorizations"]) {
      accounts.push_back(grant.value("account", ""));
      ids.insert(grant.value("id", ""));
    }
  }
  EXPECT_EQ((*pages)[2]["authorizations"].size(), 3u);
  EXPECT_EQ(accounts, std::vector<std::string>(granted.rbegin(), granted.rend()));
  EXPECT_EQ(ids.size(), 23u);
}

// D19: `account` and the id filters match exactly.
TEST_F(AuthorizationsApiTest, ListFiltersMatchExactly) {
  const std::string user1 = UniqueName("user");
  const std::string user10 = user1 + "x";
  ASSERT_OK(api().CreateDirectoryUser(user1));
  ASSERT_OK(api().CreateDirectoryUser(user10));
  nlohmann::json ops = NewUserGroup();
  const std::string ops_id = ops["id"];
  ASSERT_EQ(Grant(GrantBody({group_}, {User(user1), User(user10), ops})).status, 200);
  struct Case {
    std::string query;
    int count;
  };
  const std::vector<Case> cases = {
      {"", 3},
      {"&account=" + user1, 1},
      {"&account=" + user1.substr(0, user1.size() - 1), 0},
      {"&account=USER" + user1.substr(4), 0},
      {"&account_type=USER", 2},
      {"&account_type=USER_GROUP", 1},
      {"&account_id=" + ops_id, 1},
      {"&account_id=" + ops_id.substr(0, 8), 0},
  };

  for (const Case& row : cases) {
    ClientResponse response = List(group_, row.query);

    ASSERT_EQ(response.status, 200) << row.query << ": " << response.body;
    EXPECT_EQ(response.Json()["count"], row.count) << row.query;
  }
}

// D20: the accounts of the directory are authorized and the others skipped with 200, including
// a group whose id and name do not name one entry together.
TEST_F(AuthorizationsApiTest, AddSkipsAccountsOutsideTheDirectory) {
  nlohmann::json known = NewUser();
  nlohmann::json ops = NewUserGroup();
  nlohmann::json mismatched = ops;
  mismatched["account"] = UniqueName("other");
  nlohmann::json body = GrantBody({group_}, {User(UniqueName("ghost")), known, mismatched});

  ClientResponse response = Grant(body);

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.body, "{}");
  nlohmann::json listed = List(group_).Json();
  ASSERT_EQ(listed["count"], 1) << listed.dump();
  EXPECT_EQ(listed["authorizations"][0]["account"], known["account"]);
}

TEST_F(AuthorizationsApiTest, ListRejectsInvalidQueries) {
  const std::vector<std::string> queries = {
      "&limit=0", "&limit=101", "&offset=-1", "&account_type=ROLE", "&account_type=user",
      "&account=" + std::string(1025, 'a')};
  for (const std::string& query : queries) {
    ClientResponse response = List(group_, query);

    EXPECT_TRUE(IsWorkspaceError(response, 400, "WKS.00211102")) << query.substr(0, 40);
  }
}

TEST_F(AuthorizationsApiTest, ListOfGroupWithoutGrantsIsEmpty) {
  ClientResponse response = List(group_);

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Json(), nlohmann::json::parse(R"({"count":0,"authorizations":[]})"));
}

}  // namespace
}  // namespace wsapp::testing
