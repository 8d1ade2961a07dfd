// CreateAppGroup, ListAppGroup and ShowAppGroupDetail over HTTP.
#include <gtest/gtest.h>

#include <algorithm>
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

class AppGroupsApiTest : public ApiServerTest {};

TEST_F(AppGroupsApiTest, CreateReturnsTheAppGroupModel) {
  std::string name = UniqueName("group");
  std::string body =
      nlohmann::json({{"name", name}, {"description", "open API test"}}).dump();

  ClientResponse response = api().PostJson(api().Path("/app-groups"), body);

  ASSERT_EQ(response.status, 200) << response.body;
  nlohmann::json group = response.Json();
  EXPECT_TRUE(HasShape(group, AppGroupShape()));
  EXPECT_TRUE(IsDecimalId(group.value("id", ""))) << group.dump();
  EXPECT_EQ(group["name"], name);
  EXPECT_EQ(group["description"], "open API test");
  EXPECT_EQ(group["authorization_type"], "APP_GROUP");
  EXPECT_EQ(group["app_type"], "COMMON_APP");
  EXPECT_EQ(group["app_server_group_id"], "");
  EXPECT_EQ(group["app_server_group_name"], "");
  EXPECT_EQ(group["tenant_id"], project_id());
  EXPECT_EQ(group["app_count"], 0);
  EXPECT_EQ(group["create_at"], MillisTimestamp(server().clock().Now()));
  EXPECT_FALSE(response.Header("X-Request-Id").empty());
}

TEST_F(AppGroupsApiTest, CreateKeepsTheRequestedTypes) {
  nlohmann::json body = {{"name", UniqueName("typed")},
                         {"authorization_type", "APP"},
                         {"app_type", "SESSION_DESKTOP_APP"},
                         {"app_server_group_id", ""}};

  ClientResponse response = api().PostJson(api().Path("/app-groups"), body.dump());

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Json()["authorization_type"], "APP");
  EXPECT_EQ(response.Json()["app_type"], "SESSION_DESKTOP_APP");
}

TEST_F(AppGroupsApiTest, CreateAcceptsNamesAtTheLimits) {
  std::string stem = UniqueName("x");
  const std::vector<std::string> names = {
      stem + std::string(64 - stem.size(), 'n'),
      UniqueName("应用组"),
      UniqueName("A_b-9"),
  };
  for (const std::string& name : names) {
    ClientResponse response = api().PostJson(api().Path("/app-groups"),
                                             nlohmann::json({{"name", name}}).dump());

    EXPECT_EQ(response.status, 200) << "name " << name << ": " << response.body;
  }
}

TEST_F(AppGroupsApiTest, CreateRejectsInvalidBodies) {
  struct Case {
    std::string label;
    std::string body;
    std::string error_code;
  };
  const std::vector<Case> cases = {
      {"name missing", R"({"description":"x"})", "WKS.00211102"},
      {"name empty", R"({"name":""})", "WKS.00211102"},
      {"name of 65 characters", nlohmann::json({{"name", std::string(65, 'n')}}).dump(),
       "WKS.00211102"},
      {"name with a space", R"({"name":"two words"})", "WKS.00211102"},
      {"name with a dot", R"({"name":"a.b"})", "WKS.00211102"},
      {"name not a string", R"({"name":42})", "WKS.00211102"},
      {"description of 256 characters",
       nlohmann::json({{"name", "ok"}, {"description", std::string(256, 'd')}}).dump(),
       "WKS.00211102"},
      {"unknown authorization_type", R"({"name":"ok","authorization_type":"USER"})",
       "WKS.00211102"},
      {"unknown app_type", R"({"name":"ok","app_type":"DESKTOP"})", "WKS.00211102"},
      {"app_server_group_id of 129 characters",
       nlohmann::json({{"name", "ok"}, {"app_server_group_id", std::string(129, 's')}}).dump(),
       "WKS.00211102"},
      {"array body", R"([{"name":"ok"}])", "WKS.00149901"},
      {"null body", "null", "WKS.00149901"},
      {"not JSON", "name=ok", "WKS.00149901"},
      {"empty body", "", "WKS.00149901"},
  };
  for (const Case& row : cases) {
    ClientResponse response = api().PostJson(api().Path("/app-groups"), row.body);

    EXPECT_TRUE(IsWorkspaceError(response, 400, row.error_code)) << row.label;
  }
}

// D15: app-group names are unique within a project.
TEST_F(AppGroupsApiTest, CreateRejectsDuplicateName) {
  std::string name = UniqueName("twice");
  ASSERT_OK(api().CreateAppGroup(name));

  ClientResponse response =
      api().PostJson(api().Path("/app-groups"), nlohmann::json({{"name", name}}).dump());

  EXPECT_TRUE(IsWorkspaceError(response, 409, "WKS.00211103"));
  auto pages = api().ListPages(api().Path("/app-groups?name=" + name), "items", 100);
  ASSERT_OK(pages);
  EXPECT_EQ((*pages)[0]["count"], 1);
}

TEST_F(AppGroupsApiTest, CreateWithUnknownServerGroupIsNotFound) {
  nlohmann::json body = {{"name", UniqueName("bound")},
                         {"app_server_group_id", "cb5a5079-67cb-45f6-9e4a-e489f3d821d6"}};

  ClientResponse response = api().PostJson(api().Path("/app-groups"), body.dump());

  EXPECT_TRUE(IsWorkspaceError(response, 404, "WSAPP.00020404"));
}

// D11: newest first, `count` is the total; the walk covers every group once and ends at count.
TEST_F(AppGroupsApiTest, ListWalksEveryPageNewestFirst) {
  std::string prefix = UniqueName("paged");
  std::vector<std::string> created;
  for (int i = 0; i < 23; ++i) {
    auto id = api().CreateAppGroup(prefix + "_" + std::to_string(i));
    ASSERT_OK(id);
    created.push_back(*id);
    server().clock().Advance(milliseconds(1));
  }

  auto pages = api().ListPages(api().Path("/app-groups?name=" + prefix + "_"), "items", 10);

  ASSERT_OK(pages);
  ASSERT_EQ(pages->size(), 3u);
  std::vector<std::string> listed;
  std::vector<std::string> created_at;
  for (const nlohmann::json& page : *pages) {
    EXPECT_EQ(page["count"], 23);
    for (const nlohmann::json& group : page["items"]) {
      EXPECT_TRUE(HasShape(group, AppGroupShape()));
      listed.push_back(group.value("id", ""));
      created_at.push_back(group.value("create_at", ""));
    }
  }
  EXPECT_EQ((*pages)[0]["items"].size(), 10u);
  EXPECT_EQ((*pages)[2]["items"].size(), 3u);
  std::vector<std::string> newest_first(created.rbegin(), created.rend());
  EXPECT_EQ(listed, newest_first);
  EXPECT_TRUE(std::is_sorted(created_at.rbegin(), created_at.rend()));
}

TEST_F(AppGroupsApiTest, ListPastTheLastPageIsEmpty) {
  std::string name = UniqueName("alone");
  ASSERT_OK(api().CreateAppGroup(name));

  ClientResponse response = api().Get(api().Path("/app-groups?offset=5&name=" + name));

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Json(), nlohmann::json({{"count", 1}, {"items", nlohmann::json::array()}}));
}

// D19: `name` matches as a case-sensitive substring.
TEST_F(AppGroupsApiTest, ListFiltersNamesByCaseSensitiveSubstring) {
  std::string stem = UniqueName("Sub");
  ASSERT_OK(api().CreateAppGroup("x" + stem + "Alpha"));
  ASSERT_OK(api().CreateAppGroup("x" + stem + "alpha"));
  ASSERT_OK(api().CreateAppGroup("x" + stem + "Beta"));
  struct Case {
    std::string filter;
    int count;
  };
  const std::vector<Case> cases = {
      {stem, 3}, {stem + "Al", 1}, {stem + "al", 1}, {stem + "ALPHA", 0}, {"x" + stem + "B", 1}};

  for (const Case& row : cases) {
    ClientResponse response = api().Get(api().Path("/app-groups?limit=100&name=" + row.filter));

    ASSERT_EQ(response.status, 200) << row.filter;
    EXPECT_EQ(response.Json()["count"], row.count) << "name=" << row.filter;
    EXPECT_EQ(response.Json()["items"].size(), static_cast<size_t>(row.count)) << row.filter;
  }
}

TEST_F(AppGroupsApiTest, ListFiltersByIdAndTypesExactly) {
  std::string stem = UniqueName("kinds");
  auto plain = api().CreateAppGroup(stem + "_plain");
  auto by_app = api().CreateAppGroup(stem + "_byapp", {{"authorization_type", "APP"}});
  auto session = api().CreateAppGroup(stem + "_session", {{"app_type", "SESSION_DESKTOP_APP"}});
  ASSERT_OK(plain);
  ASSERT_OK(by_app);
  ASSERT_OK(session);
  struct Case {
    std::string query;
    std::vector<std::string> ids;
  };
  const std::vector<Case> cases = {
      {"app_group_id=" + *plain, {*plain}},
      {"app_group_id=" + plain->substr(0, 17), {}},
      {"authorization_type=APP&name=" + stem, {*by_app}},
      {"authorization_type=APP_GROUP&name=" + stem, {*session, *plain}},
      {"app_type=SESSION_DESKTOP_APP&name=" + stem, {*session}},
      {"app_type=&authorization_type=&name=" + stem, {*session, *by_app, *plain}},
  };

  for (const Case& row : cases) {
    ClientResponse response = api().Get(api().Path("/app-groups?" + row.query));

    ASSERT_EQ(response.status, 200) << row.query << ": " << response.body;
    nlohmann::json listed = response.Json();
    std::vector<std::string> ids;
    for (const nlohmann::json& group : listed["items"]) {
      ids.push_back(group.value("id", ""));
    }
    EXPECT_EQ(ids, row.ids) << row.query;
  }
}

TEST_F(AppGroupsApiTest, ListRejectsInvalidQueries) {
  const std::vector<std::string> queries = {
      "limit=0",       "limit=101",    "limit=-1",          "limit=ten",
      "limit=",        "offset=-1",    "offset=2147483648", "offset=1.5",
      "authorization_type=USER",       "app_type=DESKTOP",  "name=" + std::string(1025, 'n'),
  };
  for (const std::string& query : queries) {
    ClientResponse response = api().Get(api().Path("/app-groups?" + query));

    EXPECT_TRUE(IsWorkspaceError(response, 400, "WKS.00211102")) << query.substr(0, 40);
  }
}

TEST_F(AppGroupsApiTest, ShowReturnsTheDetailModel) {
  std::string name = UniqueName("shown");
  auto id = api().CreateAppGroup(name, {{"description", "details"}});
  ASSERT_OK(id);

  ClientResponse response = api().Get(api().Path("/app-groups/" + *id));

  ASSERT_EQ(response.status, 200) << response.body;
  nlohmann::json group = response.Json();
  EXPECT_TRUE(HasShape(group, AppGroupDetailShape()));
  EXPECT_EQ(group["id"], *id);
  EXPECT_EQ(group["name"], name);
  EXPECT_EQ(group["description"], "details");
  EXPECT_EQ(group["tenant_id"], project_id());
  EXPECT_EQ(group["app_server_group_description"], "");
  EXPECT_TRUE(IsMillisTimestamp(group.value("create_at", ""))) << group.dump();
}

TEST_F(AppGroupsApiTest, ShowUnknownGroupIsNotFound) {
  ClientResponse response = api().Get(api().Path("/app-groups/570810904237572999"));

  EXPECT_TRUE(IsWorkspaceError(response, 404, "WSAPP.00010404"));
}

TEST_F(AppGroupsApiTest, ShowRejectsOverlongGroupId) {
  ClientResponse response = api().Get(api().Path("/app-groups/" + std::string(129, '1')));

  EXPECT_TRUE(IsWorkspaceError(response, 400, "WKS.00211102"));
}

// app_count follows what is published: up on publish, down on unpublish, unknown ids ignored.
TEST_F(AppGroupsApiTest, AppCountFollowsPublishAndUnpublish) {
  auto group = api().CreateAppGroup(UniqueName("counted"));
  ASSERT_OK(group);
  auto apps = api().PublishApps(*group, {"one", "two", "three"});
  ASSERT_OK(apps);
  auto after_publish = api().ShowAppGroup(*group);
  ASSERT_OK(after_publish);
  std::string unpublish = api().Path("/app-groups/" + *group + "/apps/batch-unpublish");

  ClientResponse first = api().PostJson(unpublish, IdsBody({(*apps)[0], "570810904237570000"}));
  auto after_one = api().ShowAppGroup(*group);
  ClientResponse rest = api().PostJson(unpublish, IdsBody({(*apps)[1], (*apps)[2]}));
  auto after_all = api().ShowAppGroup(*group);

  EXPECT_EQ((*after_publish)["app_count"], 3);
  EXPECT_EQ(first.status, 200) << first.body;
  ASSERT_OK(after_one);
  EXPECT_EQ((*after_one)["app_count"], 2);
  EXPECT_EQ(rest.status, 200) << rest.body;
  ASSERT_OK(after_all);
  EXPECT_EQ((*after_all)["app_count"], 0);
}

TEST_F(AppGroupsApiTest, ListedAppCountMatchesTheDetail) {
  std::string name = UniqueName("listed");
  auto group = api().CreateAppGroup(name);
  ASSERT_OK(group);
  ASSERT_OK(api().PublishApps(*group, {"a", "b"}));

  ClientResponse response = api().Get(api().Path("/app-groups?name=" + name));

  ASSERT_EQ(response.status, 200) << response.body;
  ASSERT_EQ(response.Json()["items"].size(), 1u);
  EXPECT_EQ(response.Json()["items"][0]["app_count"], 2);
}

}  // namespace
}  // namespace wsapp::testing
