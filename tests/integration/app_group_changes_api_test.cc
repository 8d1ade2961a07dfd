// UpdateAppGroup, DeleteAppGroup, BatchDeleteAppGroup, CheckAppGroup and DisassociateAppGroup
// over HTTP (reference section 1.2, operations 4 to 8).
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/api_server_test.h"
#include "support/status_matchers.h"
#include "support/wire_shapes.h"

namespace wsapp::testing {
namespace {

constexpr char kUnknownGroupId[] = "570810904237572999";
constexpr char kUnknownServerGroupId[] = "cb5a5079-67cb-45f6-9e4a-e489f3d821d6";

// CheckAppGroupResp (reference section 1.2, operation 7; ValidateRuleEnum in 2.4).
// validate_rule is filled only when the check fails.
const Shape& NameCheckShape() {
  static const Shape shape = {
      {"result", JsonType::kBoolean},
      {"validate_rule", JsonType::kString, /*is_required=*/false},
  };
  return shape;
}

class AppGroupChangesApiTest : public ApiServerTest {
 protected:
  ClientResponse Patch(const std::string& app_group_id, const nlohmann::json& body) {
    return api().Send(MakeRequest("PATCH", api().Path("/app-groups/" + app_group_id),
                                  {{"Content-Type", "application/json"}}, body.dump()));
  }

  ClientResponse Delete(const std::string& app_group_id) {
    return api().Send(MakeRequest("DELETE", api().Path("/app-groups/" + app_group_id)));
  }

  ClientResponse BatchDelete(const nlohmann::json& body) {
    return api().PostJson(api().Path("/app-groups/batch-delete"), body.dump());
  }

  ClientResponse Check(const nlohmann::json& body) {
    return api().PostJson(api().Path("/app-groups/rules/validate"), body.dump());
  }

  ClientResponse Disassociate(const std::string& query) {
    return api().PostJson(api().Path("/app-groups/actions/disassociate-app-group" + query), "");
  }

  // A server group of the project (D30) with the members its model requires; returns its id.
  std::string NewServerGroup(const std::string& app_type = "COMMON_APP") {
    nlohmann::json body = {{"name", UniqueName("sg")},
                           {"description", "servers of " + app_type},
                           {"app_type", app_type},
                           {"image_id", "5d411710-98ac-47b5-af7c-3ecf6a0514b5"},
                           {"image_type", "gold"},
                           {"os_type", "Windows"},
                           {"product_id", "workspace.appstream.general.xlarge.2"},
                           {"vpc_id", "vpc-1"},
                           {"subnet_id", "subnet-1"},
                           {"system_disk_type", "SAS"},
                           {"system_disk_size", 80}};
    ClientResponse response = api().PostJson(api().Path("/app-server-groups"), body.dump());
    EXPECT_EQ(response.status, 200) << response.body;
    server_group_names_[response.Json().value("id", "")] = body["name"];
    return response.Json().value("id", "");
  }

  // A user of the project's directory granted access to `app_group_id` (D20).
  std::string GrantNewUser(const std::string& app_group_id) {
    std::string name = UniqueName("user");
    EXPECT_OK(api().CreateDirectoryUser(name));
    nlohmann::json body = {{"app_group_ids", {app_group_id}},
                           {"accounts", {{{"account", name}, {"account_type", "USER"}}}}};
    ClientResponse response = api().PostJson(api().Path("/app-groups/authorizations"), body.dump());
    EXPECT_EQ(response.status, 200) << response.body;
    return name;
  }

  // The `count` of ListAppGroupAuthorization for one group.
  int64_t GrantCount(const std::string& app_group_id) {
    ClientResponse response = api().Get(
        api().Path("/app-groups/actions/list-authorizations?app_group_id=" + app_group_id));
    EXPECT_EQ(response.status, 200) << response.body;
    return response.Json().value("count", int64_t{-1});
  }

  std::map<std::string, std::string> server_group_names_;
};

TEST_F(AppGroupChangesApiTest, UpdateReturnsTheAppGroupWithTheNewValues) {
  auto id = api().CreateAppGroup(UniqueName("before"), {{"description", "old"}});
  ASSERT_OK(id);
  std::string name = UniqueName("renamed_group");

  ClientResponse response = Patch(*id, {{"name", name}, {"description", "AAAA"}});

  ASSERT_EQ(response.status, 200) << response.body;
  nlohmann::json group = response.Json();
  EXPECT_TRUE(HasShape(group, AppGroupShape()));
  EXPECT_EQ(group["id"], *id);
  EXPECT_EQ(group["name"], name);
  EXPECT_EQ(group["description"], "AAAA");
  EXPECT_EQ(group["tenant_id"], project_id());
  EXPECT_EQ(group["app_server_group_id"], "");
  auto shown = api().ShowAppGroup(*id);
  ASSERT_OK(shown);
  EXPECT_EQ((*shown)["name"], name);
  EXPECT_EQ((*shown)["description"], "AAAA");
}

TEST_F(AppGroupChangesApiTest, UpdateKeepsTheFieldsItDoesNotName) {
  std::string name = UniqueName("kept");
  auto id = api().CreateAppGroup(name, {{"description", "stays"}});
  ASSERT_OK(id);

  ClientResponse empty = Patch(*id, nlohmann::json::object());
  ClientResponse described = Patch(*id, {{"description", ""}});

  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_EQ(empty.Json()["name"], name);
  EXPECT_EQ(empty.Json()["description"], "stays");
  ASSERT_EQ(described.status, 200) << described.body;
  EXPECT_EQ(described.Json()["name"], name);
  EXPECT_EQ(described.Json()["description"], "");
}

// D15: a rename onto another group's name is 409 and changes nothing.
TEST_F(AppGroupChangesApiTest, UpdateRejectsRenameOntoAnotherGroupsName) {
  std::string taken = UniqueName("taken");
  std::string mine = UniqueName("mine");
  ASSERT_OK(api().CreateAppGroup(taken));
  auto id = api().CreateAppGroup(mine);
  ASSERT_OK(id);

  ClientResponse response = Patch(*id, {{"name", taken}, {"description", "lost"}});

  EXPECT_TRUE(IsWorkspaceError(response, 409, "WKS.00211103"));
  auto shown = api().ShowAppGroup(*id);
  ASSERT_OK(shown);
  EXPECT_EQ((*shown)["name"], mine);
  EXPECT_EQ((*shown)["description"], "");
}

TEST_F(AppGroupChangesApiTest, UpdateToItsOwnNameSucceeds) {
  std::string name = UniqueName("same");
  auto id = api().CreateAppGroup(name);
  ASSERT_OK(id);

  ClientResponse response = Patch(*id, {{"name", name}});

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Json()["name"], name);
}

TEST_F(AppGroupChangesApiTest, UpdateRejectsInvalidBodies) {
  auto id = api().CreateAppGroup(UniqueName("invalid"));
  ASSERT_OK(id);
  struct Case {
    std::string label;
    std::string body;
    std::string error_code;
  };
  const std::vector<Case> cases = {
      {"name empty", R"({"name":""})", "WKS.00211102"},
      {"name of 65 characters", nlohmann::json({{"name", std::string(65, 'n')}}).dump(),
       "WKS.00211102"},
      {"name with a space", R"({"name":"two words"})", "WKS.00211102"},
      {"name not a string", R"({"name":7})", "WKS.00211102"},
      {"description of 256 characters",
       nlohmann::json({{"description", std::string(256, 'd')}}).dump(), "WKS.00211102"},
      {"app_server_group_id of 129 characters",
       nlohmann::json({{"app_server_group_id", std::string(129, 's')}}).dump(), "WKS.00211102"},
      {"app_server_group_id not a string", R"({"app_server_group_id":1})", "WKS.00211102"},
      {"duplicate member (D4)", R"({"name":"a","name":"b"})", "WKS.00149901"},
      {"array body", "[]", "WKS.00149901"},
      {"not JSON", "name=x", "WKS.00149901"},
  };
  for (const Case& row : cases) {
    ClientResponse response =
        api().Send(MakeRequest("PATCH", api().Path("/app-groups/" + *id),
                               {{"Content-Type", "application/json"}}, row.body));

    EXPECT_TRUE(IsWorkspaceError(response, 400, row.error_code)) << row.label;
  }
}

// D2: an unknown id in the path is 404.
TEST_F(AppGroupChangesApiTest, UpdateUnknownGroupIsNotFound) {
  ClientResponse response = Patch(kUnknownGroupId, {{"description", "x"}});

  EXPECT_TRUE(IsWorkspaceError(response, 404, "WSAPP.00010404"));
}

// Reference 1.2 (UpdateAppGroup): binding is allowed while the group has no server group; the
// reply carries the server group's name.
TEST_F(AppGroupChangesApiTest, UpdateBindsAServerGroupToAnUnboundGroup) {
  std::string server_group = NewServerGroup();
  auto id = api().CreateAppGroup(UniqueName("unbound"));
  ASSERT_OK(id);

  ClientResponse response = Patch(*id, {{"app_server_group_id", server_group}});

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_TRUE(HasShape(response.Json(), AppGroupShape()));
  EXPECT_EQ(response.Json()["app_server_group_id"], server_group);
  EXPECT_EQ(response.Json()["app_server_group_name"], server_group_names_[server_group]);
  auto shown = api().ShowAppGroup(*id);
  ASSERT_OK(shown);
  EXPECT_EQ((*shown)["app_server_group_id"], server_group);
  EXPECT_EQ((*shown)["app_server_group_description"], "servers of COMMON_APP");
}

// Reference 1.2 (UpdateAppGroup): a group that has a server group keeps it.
TEST_F(AppGroupChangesApiTest, UpdateRefusesToRebindABoundGroup) {
  std::string first = NewServerGroup();
  std::string second = NewServerGroup();
  auto id = api().CreateAppGroup(UniqueName("bound"), {{"app_server_group_id", first}});
  ASSERT_OK(id);

  ClientResponse rebind = Patch(*id, {{"app_server_group_id", second}});
  ClientResponse same = Patch(*id, {{"app_server_group_id", first}});

  EXPECT_TRUE(IsWorkspaceError(rebind, 409, "WKS.00211103"));
  ASSERT_EQ(same.status, 200) << same.body;
  EXPECT_EQ(same.Json()["app_server_group_id"], first);
  auto shown = api().ShowAppGroup(*id);
  ASSERT_OK(shown);
  EXPECT_EQ((*shown)["app_server_group_id"], first);
}

// D2: an app_server_group_id that binds must name a server group of the project.
TEST_F(AppGroupChangesApiTest, UpdateBindingUnknownServerGroupIsNotFound) {
  auto id = api().CreateAppGroup(UniqueName("dangling"));
  ASSERT_OK(id);

  ClientResponse response = Patch(*id, {{"app_server_group_id", kUnknownServerGroupId}});

  EXPECT_TRUE(IsWorkspaceError(response, 404, "WSAPP.00020404"));
  auto shown = api().ShowAppGroup(*id);
  ASSERT_OK(shown);
  EXPECT_EQ((*shown)["app_server_group_id"], "");
}

// D1, D2: DeleteAppGroup answers 200 {} and again for the same id.
TEST_F(AppGroupChangesApiTest, DeleteIsRepeatable) {
  auto id = api().CreateAppGroup(UniqueName("doomed"));
  ASSERT_OK(id);

  ClientResponse first = Delete(*id);
  ClientResponse second = Delete(*id);
  ClientResponse never_existed = Delete(kUnknownGroupId);

  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.Json(), nlohmann::json::object());
  EXPECT_EQ(first.Header("Content-Type").rfind("application/json", 0), 0u);
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.Json(), nlohmann::json::object());
  ASSERT_EQ(never_existed.status, 200) << never_existed.body;
  EXPECT_EQ(never_existed.Json(), nlohmann::json::object());
  EXPECT_TRUE(IsWorkspaceError(api().Get(api().Path("/app-groups/" + *id)), 404, "WSAPP.00010404"));
}

// The group goes with its apps and every authorization on it; other groups keep theirs.
TEST_F(AppGroupChangesApiTest, DeleteRemovesTheGroupsAppsAndAuthorizations) {
  auto doomed = api().CreateAppGroup(UniqueName("doomed"));
  auto kept = api().CreateAppGroup(UniqueName("kept"));
  ASSERT_OK(doomed);
  ASSERT_OK(kept);
  ASSERT_OK(api().PublishApps(*doomed, {"one", "two"}));
  ASSERT_OK(api().PublishApps(*kept, {"one"}));
  GrantNewUser(*doomed);
  GrantNewUser(*kept);
  ASSERT_EQ(GrantCount(*doomed), 1);

  ClientResponse response = Delete(*doomed);

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(GrantCount(*doomed), 0);
  EXPECT_EQ(GrantCount(*kept), 1);
  auto doomed_apps = api().ListAppIds(*doomed);
  ASSERT_OK(doomed_apps);
  EXPECT_TRUE(doomed_apps->empty());
  auto kept_apps = api().ListAppIds(*kept);
  ASSERT_OK(kept_apps);
  EXPECT_EQ(kept_apps->size(), 1u);
}

// A deleted group's name is free again (D15 counts only existing groups).
TEST_F(AppGroupChangesApiTest, DeletedGroupsNameCanBeReused) {
  std::string name = UniqueName("reused");
  auto id = api().CreateAppGroup(name);
  ASSERT_OK(id);
  ASSERT_EQ(Delete(*id).status, 200);

  auto again = api().CreateAppGroup(name);

  ASSERT_OK(again);
  EXPECT_NE(*again, *id);
}

TEST_F(AppGroupChangesApiTest, DeleteRejectsOverlongGroupId) {
  ClientResponse response = Delete(std::string(129, '1'));

  EXPECT_TRUE(IsWorkspaceError(response, 400, "WKS.00211102"));
}

// D2: unknown ids in a batch-delete body are skipped; repeats answer 200 {} too.
TEST_F(AppGroupChangesApiTest, BatchDeleteRemovesListedGroupsAndSkipsUnknownIds) {
  std::string prefix = UniqueName("batch");
  auto first = api().CreateAppGroup(prefix + "_a");
  auto second = api().CreateAppGroup(prefix + "_b");
  auto survivor = api().CreateAppGroup(prefix + "_c");
  ASSERT_OK(first);
  ASSERT_OK(second);
  ASSERT_OK(survivor);
  GrantNewUser(*first);
  nlohmann::json body = {{"ids", {*first, kUnknownGroupId, *second, *first}}};

  ClientResponse response = BatchDelete(body);
  ClientResponse repeat = BatchDelete(body);

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Json(), nlohmann::json::object());
  ASSERT_EQ(repeat.status, 200) << repeat.body;
  EXPECT_EQ(repeat.Json(), nlohmann::json::object());
  auto pages = api().ListPages(api().Path("/app-groups?name=" + prefix + "_"), "items", 100);
  ASSERT_OK(pages);
  ASSERT_EQ((*pages)[0]["count"], 1);
  EXPECT_EQ((*pages)[0]["items"][0]["id"], *survivor);
  EXPECT_EQ(GrantCount(*first), 0);
}

// Reference 1.2 (BatchDeleteAppGroup): ids holds 1 to 20 strings of 1 to 128 characters.
TEST_F(AppGroupChangesApiTest, BatchDeleteAcceptsTwentyIds) {
  std::vector<std::string> ids;
  for (int i = 0; i < 20; ++i) {
    auto id = api().CreateAppGroup(UniqueName("twenty"));
    ASSERT_OK(id);
    ids.push_back(*id);
  }

  ClientResponse response = BatchDelete({{"ids", ids}});

  ASSERT_EQ(response.status, 200) << response.body;
  for (const std::string& id : ids) {
    EXPECT_EQ(api().Get(api().Path("/app-groups/" + id)).status, 404) << id;
  }
}

TEST_F(AppGroupChangesApiTest, BatchDeleteRejectsInvalidBodies) {
  auto id = api().CreateAppGroup(UniqueName("spared"));
  ASSERT_OK(id);
  std::vector<std::string> twenty_one(20, kUnknownGroupId);
  twenty_one.push_back(*id);
  struct Case {
    std::string label;
    std::string body;
    std::string error_code;
  };
  const std::vector<Case> cases = {
      {"ids missing", "{}", "WKS.00211102"},
      {"ids empty", R"({"ids":[]})", "WKS.00211102"},
      {"21 ids", nlohmann::json({{"ids", twenty_one}}).dump(), "WKS.00211102"},
      {"empty id", R"({"ids":[""]})", "WKS.00211102"},
      {"id of 129 characters", nlohmann::json({{"ids", {std::string(129, '1')}}}).dump(),
       "WKS.00211102"},
      {"id not a string", R"({"ids":[1]})", "WKS.00211102"},
      {"ids not an array", nlohmann::json({{"ids", *id}}).dump(), "WKS.00211102"},
      {"not JSON", "ids", "WKS.00149901"},
  };
  for (const Case& row : cases) {
    ClientResponse response = api().PostJson(api().Path("/app-groups/batch-delete"), row.body);

    EXPECT_TRUE(IsWorkspaceError(response, 400, row.error_code)) << row.label;
  }
  // A rejected batch deletes nothing, not even its valid ids.
  EXPECT_OK(api().ShowAppGroup(*id));
}

TEST_F(AppGroupChangesApiTest, CheckAcceptsAFreeValidName) {
  ClientResponse response = Check({{"name", UniqueName("free")}});

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_TRUE(HasShape(response.Json(), NameCheckShape()));
  EXPECT_EQ(response.Json(), nlohmann::json({{"result", true}}));
}

// D15: the check endpoints report "duplicate" for a name in use, "naming" for a bad one.
TEST_F(AppGroupChangesApiTest, CheckReportsTheRuleANameBreaks) {
  std::string taken = UniqueName("taken");
  ASSERT_OK(api().CreateAppGroup(taken));
  struct Case {
    std::string label;
    std::string name;
    std::string rule;
  };
  const std::vector<Case> cases = {
      {"name in use", taken, "duplicate"},
      {"name with a space", "two words", "naming"},
      {"name with a dot", "a.b", "naming"},
      {"name of 65 characters", std::string(65, 'n'), "naming"},
      {"name of 2048 characters", std::string(2048, 'n'), "naming"},
  };
  for (const Case& row : cases) {
    ClientResponse response = Check({{"name", row.name}});

    ASSERT_EQ(response.status, 200) << row.label << ": " << response.body;
    EXPECT_TRUE(HasShape(response.Json(), NameCheckShape())) << row.label;
    EXPECT_EQ(response.Json(), nlohmann::json({{"result", false}, {"validate_rule", row.rule}}))
        << row.label;
  }
}

// D19-style exactness: a name check is case-sensitive and never a substring match.
TEST_F(AppGroupChangesApiTest, CheckMatchesDuplicatesExactly) {
  std::string taken = UniqueName("Exact");
  ASSERT_OK(api().CreateAppGroup(taken));
  const std::vector<std::string> free_names = {taken.substr(0, taken.size() - 1), taken + "x",
                                               "exact" + taken.substr(5)};

  for (const std::string& name : free_names) {
    ClientResponse response = Check({{"name", name}});

    ASSERT_EQ(response.status, 200) << name;
    EXPECT_EQ(response.Json()["result"], true) << name;
  }
}

TEST_F(AppGroupChangesApiTest, CheckRejectsInvalidBodies) {
  struct Case {
    std::string label;
    std::string body;
    std::string error_code;
  };
  const std::vector<Case> cases = {
      {"name missing", "{}", "WKS.00211102"},
      {"name empty", R"({"name":""})", "WKS.00211102"},
      {"name of 2049 characters", nlohmann::json({{"name", std::string(2049, 'n')}}).dump(),
       "WKS.00211102"},
      {"name not a string", R"({"name":true})", "WKS.00211102"},
      {"array body", R"(["x"])", "WKS.00149901"},
  };
  for (const Case& row : cases) {
    ClientResponse response = api().PostJson(api().Path("/app-groups/rules/validate"), row.body);

    EXPECT_TRUE(IsWorkspaceError(response, 400, row.error_code)) << row.label;
  }
}

// Reference 1.2 (DisassociateAppGroup): every app group of the server group is unbound.
TEST_F(AppGroupChangesApiTest, DisassociateUnbindsEveryGroupOfTheServerGroup) {
  std::string server_group = NewServerGroup();
  std::string other_server_group = NewServerGroup();
  auto first = api().CreateAppGroup(UniqueName("assoc"), {{"app_server_group_id", server_group}});
  auto second = api().CreateAppGroup(UniqueName("assoc"), {{"app_server_group_id", server_group}});
  auto other =
      api().CreateAppGroup(UniqueName("assoc"), {{"app_server_group_id", other_server_group}});
  ASSERT_OK(first);
  ASSERT_OK(second);
  ASSERT_OK(other);

  ClientResponse response = Disassociate("?server_group_id=" + server_group);
  ClientResponse repeat = Disassociate("?server_group_id=" + server_group);

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Json(), nlohmann::json::object());
  ASSERT_EQ(repeat.status, 200) << repeat.body;
  EXPECT_EQ(repeat.Json(), nlohmann::json::object());
  for (const std::string& id : {*first, *second}) {
    auto shown = api().ShowAppGroup(id);
    ASSERT_OK(shown);
    EXPECT_EQ((*shown)["app_server_group_id"], "") << id;
    EXPECT_EQ((*shown)["app_server_group_name"], "") << id;
    EXPECT_EQ((*shown)["app_server_group_description"], "") << id;
  }
  auto untouched = api().ShowAppGroup(*other);
  ASSERT_OK(untouched);
  EXPECT_EQ((*untouched)["app_server_group_id"], other_server_group);
}

// After DisassociateAppGroup the group may bind again (it has none), here to another group.
TEST_F(AppGroupChangesApiTest, DisassociatedGroupCanBindAnotherServerGroup) {
  std::string first = NewServerGroup();
  std::string second = NewServerGroup();
  auto id = api().CreateAppGroup(UniqueName("rebound"), {{"app_server_group_id", first}});
  ASSERT_OK(id);
  ASSERT_EQ(Disassociate("?server_group_id=" + first).status, 200);

  ClientResponse response = Patch(*id, {{"app_server_group_id", second}});

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Json()["app_server_group_id"], second);
}

TEST_F(AppGroupChangesApiTest, DisassociateOfAServerGroupWithoutGroupsSucceeds) {
  ClientResponse response = Disassociate(std::string("?server_group_id=") + kUnknownServerGroupId);

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Json(), nlohmann::json::object());
}

// Reference 1.2 (DisassociateAppGroup): server_group_id is required, 1 to 128 characters.
TEST_F(AppGroupChangesApiTest, DisassociateRequiresServerGroupId) {
  const std::vector<std::string> queries = {"", "?server_group_id=", "?other=x",
                                            "?server_group_id=" + std::string(129, 's')};
  for (const std::string& query : queries) {
    ClientResponse response = Disassociate(query);

    EXPECT_TRUE(IsWorkspaceError(response, 400, "WKS.00211102")) << "query " << query;
  }
}

}  // namespace
}  // namespace wsapp::testing
