// UnpublishApp (POST .../apps/batch-unpublish) over HTTP: fault cases C01 to C04 and D10.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/api_server_test.h"
#include "support/status_matchers.h"
#include "support/wire_shapes.h"

namespace wsapp::testing {
namespace {

// Ids that were never published anywhere.
constexpr char kNeverPublished[] = "570810904237579999";
constexpr char kAlsoNeverPublished[] = "570810904237579998";

class UnpublishApiTest : public ApiServerTest {
 protected:
  // A new group with `count` published apps; their ids go to `apps`.
  void MakeGroup(int count, std::string* group, std::vector<std::string>* apps) {
    auto created = api().CreateAppGroup(UniqueName("unpublish"));
    ASSERT_OK(created);
    *group = *created;
    std::vector<std::string> names;
    for (int i = 1; i <= count; ++i) {
      names.push_back("app-" + std::to_string(10000 + i).substr(1));
    }
    auto published = api().PublishApps(*group, names);
    ASSERT_OK(published);
    *apps = *published;
  }

  ClientResponse Unpublish(const std::string& group, const std::string& body) {
    return api().PostJson(api().Path("/app-groups/" + group + "/apps/batch-unpublish"), body);
  }

  // The app ids published in `group`, or a failure recorded in the test.
  std::vector<std::string> Published(const std::string& group) {
    auto ids = api().ListAppIds(group);
    EXPECT_OK(ids);
    return ids.ok() ? *ids : std::vector<std::string>{"<list failed>"};
  }

  nlohmann::json Grants(const std::string& group) {
    return api()
        .Get(api().Path("/app-groups/actions/list-authorizations?limit=100&app_group_id=" + group))
        .Json();
  }

  ClientResponse Grant(const nlohmann::json& body) {
    return api().PostJson(api().Path("/app-groups/authorizations"), body.dump());
  }
};

// Fault case C01 (fault-cases.md), step 1: only the listed apps go; the body is {} (D1).
TEST_F(UnpublishApiTest, UnpublishRemovesOnlyTheListedApps) {
  std::string group;
  std::vector<std::string> apps;
  ASSERT_NO_FATAL_FAILURE(MakeGroup(3, &group, &apps));

  ClientResponse response = Unpublish(group, IdsBody({apps[0], apps[1]}));

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.body, "{}");
  EXPECT_EQ(response.Header("Content-Type").rfind("application/json", 0), 0u);
  EXPECT_EQ(Published(group), std::vector<std::string>{apps[2]});
}

// Fault case C01, step 2: a byte-for-byte repeat succeeds and changes nothing.
TEST_F(UnpublishApiTest, RepeatedUnpublishSucceedsWithoutChange) {
  std::string group;
  std::vector<std::string> apps;
  ASSERT_NO_FATAL_FAILURE(MakeGroup(3, &group, &apps));
  std::string body = IdsBody({apps[0], apps[1]});
  ASSERT_EQ(Unpublish(group, body).status, 200);

  ClientResponse response = Unpublish(group, body);

  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.body, "{}");
  EXPECT_EQ(Published(group), std::vector<std::string>{apps[2]});
}

// Fault case C01, step 3: an id that never existed is success with no change.
TEST_F(UnpublishApiTest, UnknownIdIsSkipped) {
  std::string group;
  std::vector<std::string> apps;
  ASSERT_NO_FATAL_FAILURE(MakeGroup(2, &group, &apps));

  ClientResponse response = Unpublish(group, IdsBody({kNeverPublished}));

  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(Published(group), std::vector<std::string>(apps.rbegin(), apps.rend()));
}

// Fault case C01, step 4: one unknown id does not abort the batch.
TEST_F(UnpublishApiTest, UnknownIdDoesNotAbortTheBatch) {
  std::string group;
  std::vector<std::string> apps;
  ASSERT_NO_FATAL_FAILURE(MakeGroup(3, &group, &apps));

  ClientResponse response = Unpublish(group, IdsBody({apps[2], kAlsoNeverPublished}));

  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(Published(group), (std::vector<std::string>{apps[1], apps[0]}));
}

// Fault case C01, step 5: the path scopes the operation; an app of another group stays.
TEST_F(UnpublishApiTest, AppOfAnotherGroupStaysPublished) {
  std::string group_one, group_two;
  std::vector<std::string> apps_one, apps_two;
  ASSERT_NO_FATAL_FAILURE(MakeGroup(1, &group_one, &apps_one));
  ASSERT_NO_FATAL_FAILURE(MakeGroup(1, &group_two, &apps_two));

  ClientResponse response = Unpublish(group_one, IdsBody({apps_two[0]}));

  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(Published(group_two), apps_two);
  EXPECT_EQ(Published(group_one), apps_one);
}

// D2: an unknown group in the path is 404, with nothing changed elsewhere.
TEST_F(UnpublishApiTest, UnknownGroupIsNotFound) {
  ClientResponse response = Unpublish("570810904237572999", IdsBody({kNeverPublished}));

  EXPECT_TRUE(IsWorkspaceError(response, 404, "WSAPP.00010404"));
}

// Fault case C02 (fault-cases.md), step 1: minItems 1.
TEST_F(UnpublishApiTest, EmptyIdListIsRejected) {
  std::string group;
  std::vector<std::string> apps;
  ASSERT_NO_FATAL_FAILURE(MakeGroup(1, &group, &apps));

  ClientResponse response = Unpublish(group, R"({"ids":[]})");

  EXPECT_TRUE(IsWorkspaceError(response, 400, "WKS.00211102"));
  EXPECT_EQ(Published(group), apps);
}

// Fault case C02, steps 2 and 3: 51 ids fail as a whole before any side effect; 50 succeed.
TEST_F(UnpublishApiTest, BatchLimitIsFiftyIds) {
  std::string group;
  std::vector<std::string> apps;
  ASSERT_NO_FATAL_FAILURE(MakeGroup(51, &group, &apps));
  std::vector<std::string> first_fifty(apps.begin(), apps.begin() + 50);

  ClientResponse too_many = Unpublish(group, IdsBody(apps));
  std::vector<std::string> after_rejection = Published(group);
  ClientResponse fifty = Unpublish(group, IdsBody(first_fifty));

  EXPECT_TRUE(IsWorkspaceError(too_many, 400, "WKS.00211102"));
  EXPECT_EQ(after_rejection.size(), 51u);
  EXPECT_EQ(fifty.status, 200) << fifty.body;
  EXPECT_EQ(Published(group), std::vector<std::string>{apps[50]});
}

// Fault case C02, step 4: duplicates are valid input (no uniqueItems) and unpublish once.
TEST_F(UnpublishApiTest, DuplicateIdsAreValid) {
  std::string group;
  std::vector<std::string> apps;
  ASSERT_NO_FATAL_FAILURE(MakeGroup(2, &group, &apps));

  ClientResponse response = Unpublish(group, IdsBody({apps[1], apps[1]}));

  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(Published(group), std::vector<std::string>{apps[0]});
}

// Fault case C02, step 5: maxItems counts entries, not distinct ids.
TEST_F(UnpublishApiTest, FiftyOneCopiesOfOneIdAreRejected) {
  std::string group;
  std::vector<std::string> apps;
  ASSERT_NO_FATAL_FAILURE(MakeGroup(1, &group, &apps));

  ClientResponse response = Unpublish(group, IdsBody(std::vector<std::string>(51, apps[0])));

  EXPECT_TRUE(IsWorkspaceError(response, 400, "WKS.00211102"));
  EXPECT_EQ(Published(group), apps);
}

// Fault case C02, steps 6 and 7: maxLength 128 counts characters, not bytes.
TEST_F(UnpublishApiTest, IdLengthIsCountedInCharacters) {
  std::string group;
  std::vector<std::string> apps;
  ASSERT_NO_FATAL_FAILURE(MakeGroup(1, &group, &apps));
  auto repeat = [](const std::string& unit, int times) {
    std::string text;
    for (int i = 0; i < times; ++i) {
      text += unit;
    }
    return text;
  };
  struct Case {
    std::string label;
    std::string id;
    int status;
  };
  const std::vector<Case> cases = {
      {"128 ASCII characters", repeat("a", 128), 200},
      {"129 ASCII characters", repeat("a", 129), 400},
      {"128 CJK characters (384 bytes)", repeat("\xe5\xba\x94", 128), 200},
      {"129 CJK characters", repeat("\xe5\xba\x94", 129), 400},
  };

  for (const Case& row : cases) {
    ClientResponse response = Unpublish(group, IdsBody({row.id}));

    EXPECT_EQ(response.status, row.status) << row.label << ": " << response.body;
  }
  EXPECT_EQ(Published(group), apps);
}

// Fault case C03 (fault-cases.md): every malformed or ill-typed body is a 400 with a valid JSON
// error body, never a 5xx, and the app stays published.
TEST_F(UnpublishApiTest, MalformedBodiesAreRejected) {
  std::string group;
  std::vector<std::string> apps;
  ASSERT_NO_FATAL_FAILURE(MakeGroup(1, &group, &apps));
  struct Case {
    std::string label;
    std::string body;
    std::string error_code;
  };
  const std::vector<Case> cases = {
      {"empty body", "", "WKS.00149901"},
      {"null", "null", "WKS.00149901"},
      {"array", "[]", "WKS.00149901"},
      {"number", "42", "WKS.00149901"},
      {"string", R"("ids")", "WKS.00149901"},
      {"ids missing", "{}", "WKS.00211102"},
      {"ids null", R"({"ids":null})", "WKS.00211102"},
      {"ids a string", R"({"ids":")" + apps[0] + R"("})", "WKS.00211102"},
      {"ids of numbers", R"({"ids":[1,2]})", "WKS.00211102"},
      {"ids of null", R"({"ids":[null]})", "WKS.00211102"},
      {"empty id", R"({"ids":[""]})", "WKS.00211102"},
      {"truncated JSON", R"({"ids":[")" + apps[0] + R"("])", "WKS.00149901"},
      {"lone high surrogate", R"({"ids":["\ud800"]})", "WKS.00149901"},
      {"invalid UTF-8", "{\"ids\":[\"\xc3\x28\"]}", "WKS.00149901"},
      // Was a 500 on PostgreSQL, whose text cannot hold U+0000.
      {"U+0000 id", R"({"ids":["\u0000"]})", "WKS.00149901"},
      {"U+0000 inside an id", R"({"ids":["1\u00002"]})", "WKS.00149901"},
  };

  for (const Case& row : cases) {
    ClientResponse response = Unpublish(group, row.body);

    EXPECT_TRUE(IsWorkspaceError(response, 400, row.error_code)) << row.label;
    EXPECT_FALSE(response.Json().is_discarded()) << row.label << ": error body is not JSON";
  }
  EXPECT_EQ(Published(group), apps);
}

// Fault case C03, control row: a correctly paired surrogate is a valid (unknown) id.
TEST_F(UnpublishApiTest, PairedSurrogateIdIsAccepted) {
  std::string group;
  std::vector<std::string> apps;
  ASSERT_NO_FATAL_FAILURE(MakeGroup(1, &group, &apps));

  ClientResponse response = Unpublish(group, R"({"ids":["\ud83d\ude00"]})");

  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(Published(group), apps);
}

// Fault case C04 (fault-cases.md): duplicate member names are 400 before any side effect (D4).
TEST_F(UnpublishApiTest, DuplicateMemberNamesAreRejected) {
  std::string group;
  std::vector<std::string> apps;
  ASSERT_NO_FATAL_FAILURE(MakeGroup(2, &group, &apps));
  std::string body = R"({"ids":[")" + apps[0] + R"("],"ids":[")" + apps[1] + R"("]})";

  ClientResponse response = Unpublish(group, body);

  EXPECT_TRUE(IsWorkspaceError(response, 400, "WKS.00149901"));
  EXPECT_EQ(Published(group).size(), 2u);
}

// Fault case C04, control: the same ids without the duplicate member.
TEST_F(UnpublishApiTest, SingleMemberBodyIsAccepted) {
  std::string group;
  std::vector<std::string> apps;
  ASSERT_NO_FATAL_FAILURE(MakeGroup(2, &group, &apps));

  ClientResponse response = Unpublish(group, IdsBody({apps[0]}));

  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(Published(group), std::vector<std::string>{apps[1]});
}

// D10: unpublishing removes the app-level grants of those apps and only those.
TEST_F(UnpublishApiTest, UnpublishRemovesTheAppsAppLevelGrants) {
  auto group = api().CreateAppGroup(UniqueName("perapp"), {{"authorization_type", "APP"}});
  ASSERT_OK(group);
  auto apps = api().PublishApps(*group, {"Word", "Excel"});
  ASSERT_OK(apps);
  const std::string alice = UniqueName("alice");
  ASSERT_OK(api().CreateDirectoryUser(alice));
  nlohmann::json grant = {{"app_group_ids", {*group}},
                          {"app_ids", *apps},
                          {"accounts", {{{"account", alice}, {"account_type", "USER"}}}}};
  ASSERT_EQ(Grant(grant).status, 200);

  ClientResponse response = Unpublish(*group, IdsBody({(*apps)[0]}));

  EXPECT_EQ(response.status, 200) << response.body;
  nlohmann::json grants = Grants(*group);
  EXPECT_EQ(grants["count"], 1) << grants.dump();
  ASSERT_EQ(grants["authorizations"].size(), 1u) << grants.dump();
  EXPECT_EQ(grants["authorizations"][0]["app_id"], (*apps)[1]);
}

// D10: group-level grants stay when the group's apps are unpublished.
TEST_F(UnpublishApiTest, UnpublishKeepsGroupLevelGrants) {
  std::string group;
  std::vector<std::string> apps;
  ASSERT_NO_FATAL_FAILURE(MakeGroup(2, &group, &apps));
  const std::string bob = UniqueName("bob");
  ASSERT_OK(api().CreateDirectoryUser(bob));
  nlohmann::json grant = {{"app_group_ids", {group}},
                          {"accounts", {{{"account", bob}, {"account_type", "USER"}}}}};
  ASSERT_EQ(Grant(grant).status, 200);

  ClientResponse response = Unpublish(group, IdsBody(apps));

  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_TRUE(Published(group).empty());
  nlohmann::json grants = Grants(group);
  EXPECT_EQ(grants["count"], 1) << grants.dump();
}

}  // namespace
}  // namespace wsapp::testing
