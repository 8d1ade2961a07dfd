// UpdateApp, BatchEnableApp, BatchDisableApp, CheckPublishApp and UpdatePreBootPolicy over HTTP
// (issue #3), and ListPublishedApp's state filter after a state change.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/api_server_test.h"
#include "support/status_matchers.h"
#include "support/wire_shapes.h"

namespace wsapp::testing {
namespace {

constexpr char kUnknownId[] = "570810904237572999";

// CheckPublishApp's reply (section 1.3, #16): `validate_rule` (ValidateRuleEnum, section 2.4)
// explains a failed check, so only `result` is always present.
const Shape& CheckResultShape() {
  static const Shape shape = {
      {"result", JsonType::kBoolean},
      {"validate_rule", JsonType::kString, /*is_required=*/false},
  };
  return shape;
}

std::string Dump(const nlohmann::json& value) { return value.dump(); }

class AppChangesApiTest : public ApiServerTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(ApiServerTest::SetUp());
    auto group = api().CreateAppGroup(UniqueName("changes"));
    ASSERT_OK(group);
    group_ = *group;
  }

  std::string AppsPath(const std::string& group) const {
    return "/v1/" + project_id() + "/app-groups/" + group + "/apps";
  }
  std::string AppsPath() const { return AppsPath(group_); }
  std::string AppPath(const std::string& app_id) const { return AppsPath() + "/" + app_id; }

  ClientResponse Patch(const std::string& target, const std::string& body) {
    return api().Send(MakeRequest("PATCH", target, {{"Content-Type", "application/json"}}, body));
  }

  // Publishes one app with every optional field set and returns its model as published.
  nlohmann::json PublishFullApp(const std::string& name) {
    nlohmann::json item = {{"name", name},
                           {"execute_path", "C:\\Tools\\tool.exe"},
                           {"source_type", 3},
                           {"version", "1.0"},
                           {"command_param", "-a"},
                           {"work_path", "C:\\Work"},
                           {"icon_path", "C:\\Tools\\tool.ico"},
                           {"icon_index", 2},
                           {"description", "before"},
                           {"publisher", "Tools Inc"},
                           {"sandbox_enable", false},
                           {"app_extended_info", {{"extended_info", {{"k", "v"}}}}}};
    ClientResponse response =
        api().PostJson(AppsPath(), nlohmann::json({{"items", {item}}}).dump());
    EXPECT_EQ(response.status, 200) << response.body;
    return response.Json()["items"][0];
  }

  nlohmann::json Show(const std::string& app_id) {
    ClientResponse response = api().Get(AppPath(app_id));
    EXPECT_EQ(response.status, 200) << response.body;
    return response.Json();
  }

  std::string group_;
};

// --- UpdateApp ----------------------------------------------------------------------------

TEST_F(AppChangesApiTest, UpdateOverwritesEveryFieldGivenAndReturnsTheApp) {
  nlohmann::json before = PublishFullApp("Editor");
  const std::string id = before.value("id", "");
  nlohmann::json changes = {{"name", "Editor 2"},
                            {"version", "2.0"},
                            {"execute_path", "D:\\editor.exe"},
                            {"work_path", "D:\\"},
                            {"description", "after"},
                            {"command_param", "--new"},
                            {"state", "FORBIDDEN"},
                            {"sandbox_enable", true},
                            {"app_extended_info", {{"extended_info", {{"k", "w"}}}}}};

  ClientResponse response = Patch(AppPath(id), changes.dump());

  ASSERT_EQ(response.status, 200) << response.body;
  nlohmann::json updated = response.Json();
  EXPECT_TRUE(HasShape(updated, AppShape()));
  nlohmann::json expected = before;
  for (const auto& [key, value] : changes.items()) {
    expected[key] = value;
  }
  EXPECT_EQ(updated, expected);
  EXPECT_EQ(Show(id), expected);
}

TEST_F(AppChangesApiTest, UpdateKeepsFieldsThatAreAbsentOrNull) {
  nlohmann::json before = PublishFullApp("Viewer");
  const std::string id = before.value("id", "");

  ClientResponse response = Patch(AppPath(id), R"({"description":"only this","name":null})");

  ASSERT_EQ(response.status, 200) << response.body;
  nlohmann::json expected = before;
  expected["description"] = "only this";
  EXPECT_EQ(response.Json(), expected);
  EXPECT_EQ(Show(id), expected);
}

TEST_F(AppChangesApiTest, UpdateWithEmptyBodyChangesNothing) {
  nlohmann::json before = PublishFullApp("Idle");
  const std::string id = before.value("id", "");

  ClientResponse response = Patch(AppPath(id), "{}");

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Json(), before);
  EXPECT_EQ(Show(id), before);
}

// Reference section 1.3 (#12): execute_path may be emptied on update although publish needs 1.
TEST_F(AppChangesApiTest, UpdateAcceptsValuesAtTheLimits) {
  auto ids = api().PublishApps(group_, {"Limits"});
  ASSERT_OK(ids);
  struct Case {
    std::string label;
    nlohmann::json changes;
  };
  const std::vector<Case> cases = {
      {"name of 64 characters", {{"name", std::string(64, 'n')}}},
      {"name with inner spaces", {{"name", "  spaced  name "}}},
      {"name in CJK", {{"name", "记事本"}}},
      {"execute_path empty", {{"execute_path", ""}}},
      {"execute_path of 255 characters", {{"execute_path", std::string(255, 'p')}}},
      {"version empty", {{"version", ""}}},
      {"version of 255 characters", {{"version", std::string(255, 'v')}}},
      {"work_path of 255 characters", {{"work_path", std::string(255, 'w')}}},
      {"description of 255 characters", {{"description", std::string(255, 'd')}}},
      {"command_param of 2048 characters", {{"command_param", std::string(2048, 'c')}}},
      {"unknown member", {{"colour", "blue"}}},
  };
  for (const Case& row : cases) {
    ClientResponse response = Patch(AppPath((*ids)[0]), row.changes.dump());

    ASSERT_EQ(response.status, 200) << row.label << ": " << response.body;
    for (const auto& [key, value] : row.changes.items()) {
      if (key != "colour") {
        EXPECT_EQ(response.Json()[key], value) << row.label;
      }
    }
  }
}

TEST_F(AppChangesApiTest, UpdateRejectsInvalidFields) {
  nlohmann::json before = PublishFullApp("Strict");
  const std::string id = before.value("id", "");
  struct Case {
    std::string label;
    std::string body;
    std::string error_code;
  };
  auto with = [](const char* key, nlohmann::json value) {
    return nlohmann::json({{key, std::move(value)}}).dump();
  };
  const std::vector<Case> cases = {
      {"name empty", with("name", ""), "WKS.00211102"},
      {"name of 65 characters", with("name", std::string(65, 'n')), "WKS.00211102"},
      {"name of spaces only", with("name", "   "), "WKS.00211102"},
      {"name with a tab", with("name", "a\tb"), "WKS.00211102"},
      {"name with a line break", with("name", "a\nb"), "WKS.00211102"},
      {"name with a caret", with("name", "a^b"), "WKS.00211102"},
      {"name with braces", with("name", "{a}"), "WKS.00211102"},
      {"name as a number", with("name", 7), "WKS.00211102"},
      {"version of 256 characters", with("version", std::string(256, 'v')), "WKS.00211102"},
      {"execute_path of 256 characters", with("execute_path", std::string(256, 'p')),
       "WKS.00211102"},
      {"work_path of 256 characters", with("work_path", std::string(256, 'w')), "WKS.00211102"},
      {"description of 256 characters", with("description", std::string(256, 'd')), "WKS.00211102"},
      {"command_param of 2049 characters", with("command_param", std::string(2049, 'c')),
       "WKS.00211102"},
      {"state unknown", with("state", "DISABLED"), "WKS.00211102"},
      {"state in lower case", with("state", "forbidden"), "WKS.00211102"},
      {"state empty", with("state", ""), "WKS.00211102"},
      {"state as a boolean", with("state", false), "WKS.00211102"},
      {"sandbox_enable as a string", with("sandbox_enable", "true"), "WKS.00211102"},
      {"app_extended_info not an object", with("app_extended_info", "x"), "WKS.00211102"},
      {"extended_info value not a string",
       with("app_extended_info", {{"extended_info", {{"k", 1}}}}), "WKS.00211102"},
      {"valid name with an invalid field", R"({"name":"Renamed","version":5})", "WKS.00211102"},
      {"not JSON", "name=x", "WKS.00149901"},
      {"array body", "[]", "WKS.00149901"},
      // D4: a repeated member is refused before any change.
      {"repeated member", R"({"name":"One","name":"Two"})", "WKS.00149901"},
  };
  for (const Case& row : cases) {
    ClientResponse response = Patch(AppPath(id), row.body);

    EXPECT_TRUE(IsWorkspaceError(response, 400, row.error_code)) << row.label;
  }
  EXPECT_EQ(Show(id), before);
}

// D26: another media type is 415, before the body is read.
TEST_F(AppChangesApiTest, UpdateRejectsANonJsonMediaType) {
  auto ids = api().PublishApps(group_, {"Typed"});
  ASSERT_OK(ids);

  ClientResponse response = api().Send(MakeRequest(
      "PATCH", AppPath((*ids)[0]), {{"Content-Type", "text/plain"}}, R"({"name":"Other"})"));

  EXPECT_TRUE(IsWorkspaceError(response, 415, "WKS.00000415"));
  EXPECT_EQ(Show((*ids)[0])["name"], "Typed");
}

// D15: app names are unique within a group; a rename onto another app's name is 409.
TEST_F(AppChangesApiTest, UpdateRejectsRenameToANameUsedInTheGroup) {
  auto ids = api().PublishApps(group_, {"Paint", "Brush"});
  ASSERT_OK(ids);

  ClientResponse response = Patch(AppPath((*ids)[1]), R"({"name":"Paint","version":"9"})");

  EXPECT_TRUE(IsWorkspaceError(response, 409, "WKS.00211103"));
  nlohmann::json brush = Show((*ids)[1]);
  EXPECT_EQ(brush["name"], "Brush");
  EXPECT_EQ(brush["version"], "");
}

TEST_F(AppChangesApiTest, UpdateAcceptsTheAppsOwnName) {
  auto ids = api().PublishApps(group_, {"Same"});
  ASSERT_OK(ids);

  ClientResponse response = Patch(AppPath((*ids)[0]), R"({"name":"Same","version":"2"})");

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Json()["version"], "2");
}

// D15: uniqueness is per group, so a name used in another group is free.
TEST_F(AppChangesApiTest, UpdateAcceptsANameUsedInAnotherGroup) {
  auto other = api().CreateAppGroup(UniqueName("other"));
  ASSERT_OK(other);
  ASSERT_OK(api().PublishApps(*other, {"Shared"}));
  auto ids = api().PublishApps(group_, {"Mine"});
  ASSERT_OK(ids);

  ClientResponse response = Patch(AppPath((*ids)[0]), R"({"name":"Shared"})");

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Json()["name"], "Shared");
}

// Reference section 1.3 (#12): `state` moves NORMAL -> FORBIDDEN and back.
TEST_F(AppChangesApiTest, UpdateMovesStateBothWays) {
  auto ids = api().PublishApps(group_, {"Toggle"});
  ASSERT_OK(ids);

  ClientResponse disabled = Patch(AppPath((*ids)[0]), R"({"state":"FORBIDDEN"})");
  ClientResponse enabled = Patch(AppPath((*ids)[0]), R"({"state":"NORMAL"})");

  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_EQ(disabled.Json()["state"], "FORBIDDEN");
  ASSERT_EQ(enabled.status, 200) << enabled.body;
  EXPECT_EQ(enabled.Json()["state"], "NORMAL");
  EXPECT_EQ(Show((*ids)[0])["state"], "NORMAL");
}

TEST_F(AppChangesApiTest, UpdateUnknownAppIsNotFound) {
  ClientResponse response = Patch(AppPath(kUnknownId), R"({"description":"x"})");

  EXPECT_TRUE(IsWorkspaceError(response, 404, "WKS.00211902"));
}

TEST_F(AppChangesApiTest, UpdateAppOfAnotherGroupIsNotFound) {
  auto other = api().CreateAppGroup(UniqueName("foreign"));
  ASSERT_OK(other);
  auto ids = api().PublishApps(*other, {"Foreign"});
  ASSERT_OK(ids);

  ClientResponse response = Patch(AppPath((*ids)[0]), R"({"description":"x"})");

  EXPECT_TRUE(IsWorkspaceError(response, 404, "WKS.00211902"));
  auto foreign = api().Get(AppsPath(*other) + "/" + (*ids)[0]);
  EXPECT_EQ(foreign.Json()["description"], "");
}

TEST_F(AppChangesApiTest, UpdateInUnknownGroupIsNotFound) {
  ClientResponse response =
      Patch(AppsPath(kUnknownId) + "/570810904237572123", R"({"description":"x"})");

  EXPECT_TRUE(IsWorkspaceError(response, 404, "WSAPP.00010404"));
}

// D3: validation comes before authentication, authentication before the lookup.
TEST_F(AppChangesApiTest, UpdateWithoutCredentialsIsUnauthenticated) {
  auto ids = api().PublishApps(group_, {"Guarded"});
  ASSERT_OK(ids);
  HttpClient anonymous(server().port());

  ClientResponse valid = anonymous.Send(MakeRequest(
      "PATCH", AppPath((*ids)[0]), {{"Content-Type", "application/json"}}, R"({"name":"X"})"));
  ClientResponse invalid = anonymous.Send(MakeRequest(
      "PATCH", AppPath((*ids)[0]), {{"Content-Type", "application/json"}}, R"({"name":""})"));

  EXPECT_TRUE(IsWorkspaceError(valid, 401, "APIG.0301"));
  EXPECT_TRUE(IsWorkspaceError(invalid, 400, "WKS.00211102"));
  EXPECT_EQ(Show((*ids)[0])["name"], "Guarded");
}

// --- BatchEnableApp / BatchDisableApp -------------------------------------------------------

// D1: the 200 of an operation without response fields is `{}`.
TEST_F(AppChangesApiTest, DisableAndEnableChangeTheStateOfTheListedApps) {
  auto ids = api().PublishApps(group_, {"One", "Two", "Three"});
  ASSERT_OK(ids);

  ClientResponse disabled =
      api().PostJson(AppsPath() + "/actions/disable", IdsBody({(*ids)[0], (*ids)[2]}));

  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_EQ(disabled.body, "{}");
  EXPECT_EQ(disabled.Header("Content-Type").rfind("application/json", 0), 0u);
  EXPECT_EQ(Show((*ids)[0])["state"], "FORBIDDEN");
  EXPECT_EQ(Show((*ids)[1])["state"], "NORMAL");
  EXPECT_EQ(Show((*ids)[2])["state"], "FORBIDDEN");

  ClientResponse enabled = api().PostJson(AppsPath() + "/actions/enable", IdsBody({(*ids)[2]}));

  ASSERT_EQ(enabled.status, 200) << enabled.body;
  EXPECT_EQ(enabled.body, "{}");
  EXPECT_EQ(Show((*ids)[0])["state"], "FORBIDDEN");
  EXPECT_EQ(Show((*ids)[2])["state"], "NORMAL");
}

TEST_F(AppChangesApiTest, ListFiltersByStateAfterDisabling) {
  auto ids = api().PublishApps(group_, {"Alpha", "Beta", "Gamma"});
  ASSERT_OK(ids);
  ClientResponse disabled =
      api().PostJson(AppsPath() + "/actions/disable", IdsBody({(*ids)[0], (*ids)[1]}));
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  struct Case {
    std::string query;
    std::vector<std::string> ids;  // newest first (D11); one publish shares one time, id desc
  };
  const std::vector<Case> cases = {
      {"state=FORBIDDEN", {(*ids)[1], (*ids)[0]}},   {"state=NORMAL", {(*ids)[2]}},
      {"state=", {(*ids)[2], (*ids)[1], (*ids)[0]}}, {"state=FORBIDDEN&name=Beta", {(*ids)[1]}},
      {"state=NORMAL&app_id=" + (*ids)[0], {}},
  };

  for (const Case& row : cases) {
    ClientResponse response = api().Get(AppsPath() + "?" + row.query);

    ASSERT_EQ(response.status, 200) << row.query << ": " << response.body;
    nlohmann::json reply = response.Json();
    EXPECT_EQ(reply["count"], row.ids.size()) << row.query;
    std::vector<std::string> listed;
    for (const nlohmann::json& app : reply["items"]) {
      EXPECT_TRUE(HasShape(app, AppShape())) << row.query;
      listed.push_back(app.value("id", ""));
    }
    EXPECT_EQ(listed, row.ids) << row.query;
  }
}

// D2: ids not published in the group are skipped, and a repeat succeeds.
TEST_F(AppChangesApiTest, DisableSkipsUnknownIdsAndIsRepeatable) {
  auto ids = api().PublishApps(group_, {"Repeat"});
  ASSERT_OK(ids);
  const std::string body = IdsBody({(*ids)[0], kUnknownId, (*ids)[0]});

  ClientResponse first = api().PostJson(AppsPath() + "/actions/disable", body);
  ClientResponse second = api().PostJson(AppsPath() + "/actions/disable", body);

  ASSERT_EQ(first.status, 200) << first.body;
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.body, "{}");
  EXPECT_EQ(Show((*ids)[0])["state"], "FORBIDDEN");
}

TEST_F(AppChangesApiTest, EnableOfAnAppAlreadyNormalSucceeds) {
  auto ids = api().PublishApps(group_, {"Awake"});
  ASSERT_OK(ids);

  ClientResponse response = api().PostJson(AppsPath() + "/actions/enable", IdsBody(*ids));

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(Show((*ids)[0])["state"], "NORMAL");
}

TEST_F(AppChangesApiTest, DisableLeavesAppsOfOtherGroupsAlone) {
  auto other = api().CreateAppGroup(UniqueName("bystander"));
  ASSERT_OK(other);
  auto foreign = api().PublishApps(*other, {"Bystander"});
  ASSERT_OK(foreign);

  ClientResponse response = api().PostJson(AppsPath() + "/actions/disable", IdsBody(*foreign));

  ASSERT_EQ(response.status, 200) << response.body;
  ClientResponse shown = api().Get(AppsPath(*other) + "/" + (*foreign)[0]);
  EXPECT_EQ(shown.Json()["state"], "NORMAL");
}

TEST_F(AppChangesApiTest, StateChangesAcceptTwentyIds) {
  std::vector<std::string> names;
  for (int i = 0; i < 20; ++i) {
    names.push_back("bulk " + std::to_string(i));
  }
  auto ids = api().PublishApps(group_, names);
  ASSERT_OK(ids);

  ClientResponse response = api().PostJson(AppsPath() + "/actions/disable", IdsBody(*ids));

  ASSERT_EQ(response.status, 200) << response.body;
  ClientResponse listed = api().Get(AppsPath() + "?state=FORBIDDEN&limit=100");
  EXPECT_EQ(listed.Json()["count"], 20);
}

TEST_F(AppChangesApiTest, StateChangesRejectInvalidIds) {
  auto ids = api().PublishApps(group_, {"Steady"});
  ASSERT_OK(ids);
  struct Case {
    std::string label;
    std::string body;
    std::string error_code;
  };
  const std::vector<Case> cases = {
      {"ids missing", "{}", "WKS.00211102"},
      {"ids empty", R"({"ids":[]})", "WKS.00211102"},
      {"21 ids", IdsBody(std::vector<std::string>(21, (*ids)[0])), "WKS.00211102"},
      {"ids not an array", Dump({{"ids", (*ids)[0]}}), "WKS.00211102"},
      {"id not a string", R"({"ids":[570810904237572123]})", "WKS.00211102"},
      {"id empty", R"({"ids":[""]})", "WKS.00211102"},
      {"id of 129 characters", IdsBody({std::string(129, '1')}), "WKS.00211102"},
      {"not JSON", "ids", "WKS.00149901"},
  };
  for (const char* action : {"/actions/disable", "/actions/enable"}) {
    for (const Case& row : cases) {
      ClientResponse response = api().PostJson(AppsPath() + action, row.body);

      EXPECT_TRUE(IsWorkspaceError(response, 400, row.error_code)) << action << " " << row.label;
    }
  }
  EXPECT_EQ(Show((*ids)[0])["state"], "NORMAL");
}

TEST_F(AppChangesApiTest, StateChangesInUnknownGroupAreNotFound) {
  for (const char* action : {"/actions/disable", "/actions/enable"}) {
    ClientResponse response =
        api().PostJson(AppsPath(kUnknownId) + action, IdsBody({"570810904237572123"}));

    EXPECT_TRUE(IsWorkspaceError(response, 404, "WSAPP.00010404")) << action;
  }
}

// --- CheckPublishApp ------------------------------------------------------------------------

// D15: the check reports "naming" for a name the publish rule refuses and "duplicate" for one
// already published in this group.
TEST_F(AppChangesApiTest, CheckReportsWhichRuleANameBreaks) {
  ASSERT_OK(api().PublishApps(group_, {"Taken"}));
  auto other = api().CreateAppGroup(UniqueName("elsewhere"));
  ASSERT_OK(other);
  ASSERT_OK(api().PublishApps(*other, {"Elsewhere"}));
  struct Case {
    std::string name;
    bool result;
    std::string validate_rule;  // "" when the check passes
  };
  const std::vector<Case> cases = {
      {"Free", true, ""},
      {"Elsewhere", true, ""},
      {std::string(64, 'n'), true, ""},
      {"Taken", false, "duplicate"},
      {std::string(65, 'n'), false, "naming"},
      {"   ", false, "naming"},
      {"a^b", false, "naming"},
      {"tab\tname", false, "naming"},
  };

  for (const Case& row : cases) {
    ClientResponse response =
        api().PostJson(AppsPath() + "/actions/check", Dump({{"name", row.name}}));

    ASSERT_EQ(response.status, 200) << row.name << ": " << response.body;
    nlohmann::json reply = response.Json();
    EXPECT_TRUE(HasShape(reply, CheckResultShape())) << row.name;
    EXPECT_EQ(reply["result"], row.result) << row.name;
    if (!row.result) {
      EXPECT_EQ(reply.value("validate_rule", ""), row.validate_rule) << row.name;
    }
  }
}

TEST_F(AppChangesApiTest, CheckRejectsAnInvalidBody) {
  struct Case {
    std::string label;
    std::string body;
    std::string error_code;
  };
  const std::vector<Case> cases = {
      {"name missing", "{}", "WKS.00211102"},
      {"name empty", R"({"name":""})", "WKS.00211102"},
      {"name of 2049 characters", Dump({{"name", std::string(2049, 'n')}}), "WKS.00211102"},
      {"name as a number", R"({"name":1})", "WKS.00211102"},
      {"not JSON", "name", "WKS.00149901"},
  };
  for (const Case& row : cases) {
    ClientResponse response = api().PostJson(AppsPath() + "/actions/check", row.body);

    EXPECT_TRUE(IsWorkspaceError(response, 400, row.error_code)) << row.label;
  }
}

TEST_F(AppChangesApiTest, CheckInUnknownGroupIsNotFound) {
  ClientResponse response =
      api().PostJson(AppsPath(kUnknownId) + "/actions/check", R"({"name":"Free"})");

  EXPECT_TRUE(IsWorkspaceError(response, 404, "WSAPP.00010404"));
}

// --- UpdatePreBootPolicy --------------------------------------------------------------------

// Reference section 1.3 (#20): the setting shows in App.is_pre_boot.
TEST_F(AppChangesApiTest, PreBootPolicyIsReflectedInTheApps) {
  auto ids = api().PublishApps(group_, {"Early", "Late"});
  ASSERT_OK(ids);

  ClientResponse enabled = api().PostJson(AppsPath() + "/pre-boot-policy",
                                          Dump({{"ids", {(*ids)[0]}}, {"is_pre_boot", true}}));

  ASSERT_EQ(enabled.status, 200) << enabled.body;
  EXPECT_EQ(enabled.body, "{}");
  EXPECT_EQ(Show((*ids)[0])["is_pre_boot"], true);
  EXPECT_EQ(Show((*ids)[1])["is_pre_boot"], false);
  ClientResponse listed = api().Get(AppsPath() + "?app_id=" + (*ids)[0]);
  EXPECT_EQ(listed.Json()["items"][0]["is_pre_boot"], true);

  ClientResponse disabled = api().PostJson(
      AppsPath() + "/pre-boot-policy",
      Dump({{"ids", {(*ids)[0]}}, {"is_pre_boot", false}, {"pre_launch_policy", 0}}));

  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_EQ(Show((*ids)[0])["is_pre_boot"], false);
}

TEST_F(AppChangesApiTest, PreBootPolicyAcceptsFiveIdsAndEachLaunchPolicy) {
  std::vector<std::string> names;
  for (int i = 0; i < 5; ++i) {
    names.push_back("boot " + std::to_string(i));
  }
  auto ids = api().PublishApps(group_, names);
  ASSERT_OK(ids);

  for (int policy : {0, 1, 3}) {
    ClientResponse response =
        api().PostJson(AppsPath() + "/pre-boot-policy",
                       Dump({{"ids", *ids}, {"is_pre_boot", true}, {"pre_launch_policy", policy}}));

    ASSERT_EQ(response.status, 200) << "pre_launch_policy " << policy << ": " << response.body;
  }
  for (const std::string& id : *ids) {
    EXPECT_EQ(Show(id)["is_pre_boot"], true) << id;
  }
}

// D2: unknown ids are skipped; apps of another group are not touched.
TEST_F(AppChangesApiTest, PreBootPolicySkipsIdsNotInTheGroup) {
  auto other = api().CreateAppGroup(UniqueName("unbooted"));
  ASSERT_OK(other);
  auto foreign = api().PublishApps(*other, {"Foreign"});
  ASSERT_OK(foreign);

  ClientResponse response =
      api().PostJson(AppsPath() + "/pre-boot-policy",
                     Dump({{"ids", {(*foreign)[0], kUnknownId}}, {"is_pre_boot", true}}));

  ASSERT_EQ(response.status, 200) << response.body;
  ClientResponse shown = api().Get(AppsPath(*other) + "/" + (*foreign)[0]);
  EXPECT_EQ(shown.Json()["is_pre_boot"], false);
}

TEST_F(AppChangesApiTest, PreBootPolicyRejectsAnInvalidBody) {
  auto ids = api().PublishApps(group_, {"Unbooted"});
  ASSERT_OK(ids);
  const std::string id = (*ids)[0];
  struct Case {
    std::string label;
    std::string body;
    std::string error_code;
  };
  const std::vector<Case> cases = {
      {"ids missing", R"({"is_pre_boot":true})", "WKS.00211102"},
      {"ids empty", R"({"ids":[],"is_pre_boot":true})", "WKS.00211102"},
      {"6 ids", Dump({{"ids", std::vector<std::string>(6, id)}, {"is_pre_boot", true}}),
       "WKS.00211102"},
      {"id empty", R"({"ids":[""],"is_pre_boot":true})", "WKS.00211102"},
      {"id of 129 characters", Dump({{"ids", {std::string(129, '1')}}, {"is_pre_boot", true}}),
       "WKS.00211102"},
      {"is_pre_boot missing", Dump({{"ids", {id}}}), "WKS.00211102"},
      {"is_pre_boot null", Dump({{"ids", {id}}, {"is_pre_boot", nullptr}}), "WKS.00211102"},
      {"is_pre_boot as a string", Dump({{"ids", {id}}, {"is_pre_boot", "true"}}), "WKS.00211102"},
      {"pre_launch_policy 2",
       Dump({{"ids", {id}}, {"is_pre_boot", true}, {"pre_launch_policy", 2}}), "WKS.00211102"},
      {"pre_launch_policy 4",
       Dump({{"ids", {id}}, {"is_pre_boot", true}, {"pre_launch_policy", 4}}), "WKS.00211102"},
      {"pre_launch_policy -1",
       Dump({{"ids", {id}}, {"is_pre_boot", true}, {"pre_launch_policy", -1}}), "WKS.00211102"},
      {"pre_launch_policy as a string",
       Dump({{"ids", {id}}, {"is_pre_boot", true}, {"pre_launch_policy", "1"}}), "WKS.00211102"},
      {"not JSON", "ids", "WKS.00149901"},
  };
  for (const Case& row : cases) {
    ClientResponse response = api().PostJson(AppsPath() + "/pre-boot-policy", row.body);

    EXPECT_TRUE(IsWorkspaceError(response, 400, row.error_code)) << row.label;
  }
  EXPECT_EQ(Show(id)["is_pre_boot"], false);
}

TEST_F(AppChangesApiTest, PreBootPolicyInUnknownGroupIsNotFound) {
  ClientResponse response = api().PostJson(AppsPath(kUnknownId) + "/pre-boot-policy",
                                           R"({"ids":["570810904237572123"],"is_pre_boot":true})");

  EXPECT_TRUE(IsWorkspaceError(response, 404, "WSAPP.00010404"));
}

}  // namespace
}  // namespace wsapp::testing
