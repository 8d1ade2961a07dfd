// Server groups (D30) under /v1/{project_id}/app-server-groups, their catalog (the project's
// own endpoint), how app groups bind them, and ShowPublishableApp over HTTP.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "support/api_server_test.h"
#include "support/status_matchers.h"
#include "support/wire_shapes.h"

namespace wsapp::testing {
namespace {

using std::chrono::milliseconds;

constexpr char kUnknownServerGroupId[] = "2ad44c6d-b829-4e89-a44a-5f25577f7788";
constexpr char kUnknownGroupId[] = "570810904237572999";
constexpr char kImageId[] = "5d411710-98ac-47b5-af7c-3ecf6a0514b5";

// The vendor's ServerGroup model (D30; the reference's section 2 has none): GoSDK
// services/workspaceapp/v1/model/model_server_group.go. Members that are enums without an
// empty value, or objects only some groups have, are optional.
const Shape& ServerGroupShape() {
  static const Shape shape = {
      {"id", JsonType::kString},
      {"name", JsonType::kString},
      {"description", JsonType::kString},
      {"image_id", JsonType::kString},
      {"os_type", JsonType::kString},
      {"product_id", JsonType::kString},
      {"subnet_id", JsonType::kString},
      {"system_disk_type", JsonType::kString},
      {"system_disk_size", JsonType::kInteger},
      {"is_vdi", JsonType::kBoolean},
      {"extra_session_type", JsonType::kString, /*is_required=*/false},
      {"extra_session_size", JsonType::kInteger, /*is_required=*/false},
      {"app_type", JsonType::kString},
      {"create_time", JsonType::kString},
      {"update_time", JsonType::kString},
      {"storage_mount_policy", JsonType::kString, /*is_required=*/false},
      {"enterprise_project_id", JsonType::kString},
      {"primary_server_group_ids", JsonType::kArray},
      {"secondary_server_group_ids", JsonType::kArray},
      {"server_group_status", JsonType::kBoolean},
      {"site_type", JsonType::kString},
      {"site_id", JsonType::kString},
      {"app_server_flavor_count", JsonType::kInteger},
      {"app_server_count", JsonType::kInteger},
      {"app_group_count", JsonType::kInteger},
      {"image_name", JsonType::kString},
      {"product_info", JsonType::kObject, /*is_required=*/false},
      {"subnet_name", JsonType::kString},
      {"scaling_policy", JsonType::kObject, /*is_required=*/false},
      {"tags", JsonType::kArray},
      {"ou_name", JsonType::kString},
  };
  return shape;
}

// PublishableApp (reference sections 1.3 operation 17 and 2.2): App plus source_image_ids.
// Only the members of the reference's example item (which has no id) are required.
const Shape& PublishableAppShape() {
  static const Shape shape = {
      {"id", JsonType::kString, /*is_required=*/false},
      {"name", JsonType::kString},
      {"version", JsonType::kString},
      {"command_param", JsonType::kString},
      {"execute_path", JsonType::kString},
      {"work_path", JsonType::kString},
      {"icon_path", JsonType::kString},
      {"icon_index", JsonType::kInteger},
      {"description", JsonType::kString},
      {"app_group_id", JsonType::kString, false},
      {"state", JsonType::kString, false},
      {"tenant_id", JsonType::kString, false},
      {"publish_at", JsonType::kString, false},
      {"source_type", JsonType::kInteger, false},
      {"publisher", JsonType::kString},
      {"icon_url", JsonType::kString, false},
      {"publishable", JsonType::kBoolean},
      {"sandbox_enable", JsonType::kBoolean, false},
      {"is_pre_boot", JsonType::kBoolean, false},
      {"app_extended_info", JsonType::kObject, false},
      {"source_image_ids", JsonType::kArray},
  };
  return shape;
}

// ListPublishableAppResp (reference section 1.3, operation 17).
const Shape& PublishableListShape() {
  static const Shape shape = {
      {"count", JsonType::kInteger},
      {"group_images", JsonType::kArray},
      {"items", JsonType::kArray},
  };
  return shape;
}

// Reference section 6: server-group ids are lowercase UUIDs.
bool IsLowercaseUuid(const std::string& text) {
  static const std::regex pattern("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  return std::regex_match(text, pattern);
}

// A CreateServerGroupReq with every member the vendor's model requires.
nlohmann::json ServerGroupBody(const std::string& name,
                               const std::string& app_type = "COMMON_APP") {
  return {{"name", name},
          {"description", "servers"},
          {"app_type", app_type},
          {"image_id", kImageId},
          {"image_type", "gold"},
          {"os_type", "Windows"},
          {"product_id", "workspace.appstream.general.xlarge.2"},
          {"vpc_id", "vpc-1"},
          {"subnet_id", "subnet-1"},
          {"system_disk_type", "SAS"},
          {"system_disk_size", 80}};
}

std::vector<std::string> Ids(const nlohmann::json& items) {
  std::vector<std::string> ids;
  for (const nlohmann::json& item : items) {
    ids.push_back(item.value("id", ""));
  }
  return ids;
}

class ServerGroupsApiTest : public ApiServerTest {
 protected:
  std::string Base() { return api().Path("/app-server-groups"); }

  std::string CatalogPath(const std::string& server_group_id) {
    return "/wsapp/v1/" + project_id() + "/app-server-groups/" + server_group_id + "/catalog";
  }

  ClientResponse Create(const nlohmann::json& body) { return api().PostJson(Base(), body.dump()); }

  // Creates a server group and returns its id ("" after a failed expectation).
  std::string NewServerGroup(const std::string& app_type = "COMMON_APP",
                             std::string* name = nullptr) {
    std::string chosen = UniqueName("sg");
    ClientResponse response = Create(ServerGroupBody(chosen, app_type));
    EXPECT_EQ(response.status, 200) << response.body;
    if (name != nullptr) {
      *name = chosen;
    }
    return response.Json().value("id", "");
  }

  ClientResponse Send(const std::string& method, const std::string& target,
                      const std::string& body = "") {
    std::vector<api::Header> headers;
    if (!body.empty()) {
      headers.push_back({"Content-Type", "application/json"});
    }
    return api().Send(MakeRequest(method, target, headers, body));
  }

  ClientResponse PutCatalog(const std::string& server_group_id, const nlohmann::json& body) {
    return Send("PUT", CatalogPath(server_group_id), body.dump());
  }

  ClientResponse Publishable(const std::string& app_group_id) {
    return api().Get(api().Path("/app-groups/" + app_group_id + "/publishable-app"));
  }
};

TEST_F(ServerGroupsApiTest, CreateReturnsTheServerGroupModel) {
  std::string name = UniqueName("sg");
  nlohmann::json body = ServerGroupBody(name);
  body["tags"] = {{{"key", "team"}, {"value", "ops"}}};

  ClientResponse response = Create(body);

  ASSERT_EQ(response.status, 200) << response.body;
  nlohmann::json group = response.Json();
  EXPECT_TRUE(HasShape(group, ServerGroupShape()));
  EXPECT_TRUE(IsLowercaseUuid(group.value("id", ""))) << group.dump();
  EXPECT_EQ(group["name"], name);
  EXPECT_EQ(group["description"], "servers");
  EXPECT_EQ(group["app_type"], "COMMON_APP");
  EXPECT_EQ(group["image_id"], kImageId);
  EXPECT_EQ(group["os_type"], "Windows");
  EXPECT_EQ(group["system_disk_size"], 80);
  EXPECT_EQ(group["tags"], body["tags"]);
  EXPECT_EQ(group["app_group_count"], 0);
  EXPECT_EQ(group["create_time"], MillisTimestamp(server().clock().Now()));
}

TEST_F(ServerGroupsApiTest, CreateRejectsInvalidBodies) {
  auto without = [](const std::string& member) {
    nlohmann::json body = ServerGroupBody("ok");
    body.erase(member);
    return body.dump();
  };
  auto with = [](const std::string& member, nlohmann::json value) {
    nlohmann::json body = ServerGroupBody("ok");
    body[member] = std::move(value);
    return body.dump();
  };
  struct Case {
    std::string label;
    std::string body;
    std::string error_code;
  };
  const std::vector<Case> cases = {
      {"name missing", without("name"), "WKS.00211102"},
      {"name with a space", with("name", "two words"), "WKS.00211102"},
      {"name of 65 characters", with("name", std::string(65, 'n')), "WKS.00211102"},
      {"image_id missing", without("image_id"), "WKS.00211102"},
      {"image_id with a space", with("image_id", "a b"), "WKS.00211102"},
      {"os_type unknown", with("os_type", "BeOS"), "WKS.00211102"},
      {"product_id missing", without("product_id"), "WKS.00211102"},
      {"system_disk_size below 10", with("system_disk_size", 9), "WKS.00211102"},
      {"system_disk_size not an integer", with("system_disk_size", "80"), "WKS.00211102"},
      {"app_type unknown", with("app_type", "DESKTOP"), "WKS.00211102"},
      {"tags with a repeated key",
       with("tags", {{{"key", "k"}, {"value", "1"}}, {{"key", "k"}, {"value", "2"}}}),
       "WKS.00211102"},
      {"not an object", "[]", "WKS.00149901"},
  };
  for (const Case& row : cases) {
    ClientResponse response = api().PostJson(Base(), row.body);

    EXPECT_TRUE(IsWorkspaceError(response, 400, row.error_code)) << row.label;
  }
}

// D15's rule, applied to server-group names within a project.
TEST_F(ServerGroupsApiTest, CreateRejectsDuplicateName) {
  std::string name;
  NewServerGroup("COMMON_APP", &name);

  ClientResponse response = Create(ServerGroupBody(name));

  EXPECT_TRUE(IsWorkspaceError(response, 409, "WKS.00211103"));
}

// D11: newest first, count is the total; the walk ends at count without gaps or repeats.
TEST_F(ServerGroupsApiTest, ListWalksEveryPageNewestFirst) {
  std::string prefix = UniqueName("sgpaged");
  std::vector<std::string> created;
  for (int i = 0; i < 23; ++i) {
    ClientResponse response = Create(ServerGroupBody(prefix + "_" + std::to_string(i)));
    ASSERT_EQ(response.status, 200) << response.body;
    created.push_back(response.Json().value("id", ""));
    server().clock().Advance(milliseconds(1));
  }

  auto pages = api().ListPages(Base() + "?server_group_name=" + prefix + "_", "items", 10);

  ASSERT_OK(pages);
  ASSERT_EQ(pages->size(), 3u);
  std::vector<std::string> listed;
  for (const nlohmann::json& page : *pages) {
    EXPECT_EQ(page["count"], 23);
    for (const nlohmann::json& group : page["items"]) {
      EXPECT_TRUE(HasShape(group, ServerGroupShape()));
      listed.push_back(group.value("id", ""));
    }
  }
  EXPECT_EQ((*pages)[2]["items"].size(), 3u);
  std::vector<std::string> newest_first(created.rbegin(), created.rend());
  EXPECT_EQ(listed, newest_first);
}

TEST_F(ServerGroupsApiTest, ListFiltersByIdAndAppType) {
  std::string stem = UniqueName("sgkinds");
  ClientResponse common = Create(ServerGroupBody(stem + "_common"));
  // The list is newest first (D11); a tie on the creation time would fall back to the random ids.
  server().clock().Advance(milliseconds(1));
  ClientResponse session = Create(ServerGroupBody(stem + "_session", "SESSION_DESKTOP_APP"));
  ASSERT_EQ(common.status, 200) << common.body;
  ASSERT_EQ(session.status, 200) << session.body;
  std::string common_id = common.Json()["id"];
  std::string session_id = session.Json()["id"];
  struct Case {
    std::string query;
    std::vector<std::string> ids;
  };
  const std::vector<Case> cases = {
      {"server_group_id=" + common_id, {common_id}},
      {"server_group_id=" + common_id.substr(0, 35), {}},
      {"app_type=SESSION_DESKTOP_APP&server_group_name=" + stem, {session_id}},
      {"app_type=COMMON_APP&server_group_name=" + stem, {common_id}},
      {"server_group_name=" + stem, {session_id, common_id}},
  };

  for (const Case& row : cases) {
    ClientResponse response = api().Get(Base() + "?" + row.query);

    ASSERT_EQ(response.status, 200) << row.query << ": " << response.body;
    EXPECT_EQ(Ids(response.Json()["items"]), row.ids) << row.query;
    EXPECT_EQ(response.Json()["count"], row.ids.size()) << row.query;
  }
}

TEST_F(ServerGroupsApiTest, ListRejectsInvalidQueries) {
  const std::vector<std::string> queries = {"limit=0", "limit=101", "offset=-1", "app_type=DESKTOP",
                                            "is_secondary_server_group=yes"};
  for (const std::string& query : queries) {
    ClientResponse response = api().Get(Base() + "?" + query);

    EXPECT_TRUE(IsWorkspaceError(response, 400, "WKS.00211102")) << query;
  }
}

TEST_F(ServerGroupsApiTest, ShowReturnsTheGroupWithTheMembersItKept) {
  std::string name;
  std::string id = NewServerGroup("COMMON_APP", &name);

  ClientResponse response = api().Get(Base() + "/" + id);

  ASSERT_EQ(response.status, 200) << response.body;
  nlohmann::json group = response.Json();
  for (const FieldShape& field : ServerGroupShape()) {
    if (field.is_required) {
      EXPECT_TRUE(group.contains(field.name)) << field.name << " in " << group.dump();
    }
  }
  EXPECT_EQ(group["id"], id);
  EXPECT_EQ(group["name"], name);
  EXPECT_EQ(group["image_id"], kImageId);
  EXPECT_EQ(group["image_type"], "gold");
}

// D2: an unknown id in the path is 404.
TEST_F(ServerGroupsApiTest, ShowUnknownServerGroupIsNotFound) {
  ClientResponse response = api().Get(Base() + "/" + kUnknownServerGroupId);

  EXPECT_TRUE(IsWorkspaceError(response, 404, "WSAPP.00020404"));
}

// D1: UpdateServerGroupResponse has no members, so 200 {}; the change shows on the next read.
TEST_F(ServerGroupsApiTest, UpdateChangesTheGroup) {
  std::string id = NewServerGroup();
  std::string name = UniqueName("sgrenamed");
  server().clock().Advance(milliseconds(5));

  ClientResponse response =
      Send("PATCH", Base() + "/" + id,
           nlohmann::json({{"name", name}, {"description", "updated"}, {"ou_name", "ou"}}).dump());

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Json(), nlohmann::json::object());
  ClientResponse shown = api().Get(Base() + "/" + id);
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(shown.Json()["name"], name);
  EXPECT_EQ(shown.Json()["description"], "updated");
  EXPECT_EQ(shown.Json()["ou_name"], "ou");
  EXPECT_EQ(shown.Json()["image_id"], kImageId);
  EXPECT_EQ(shown.Json()["update_time"], MillisTimestamp(server().clock().Now()));
  EXPECT_NE(shown.Json()["update_time"], shown.Json()["create_time"]);
}

TEST_F(ServerGroupsApiTest, UpdateRejectsDuplicateNameAndUnknownGroup) {
  std::string taken;
  NewServerGroup("COMMON_APP", &taken);
  std::string id = NewServerGroup();

  ClientResponse duplicate =
      Send("PATCH", Base() + "/" + id, nlohmann::json({{"name", taken}}).dump());
  ClientResponse unknown = Send("PATCH", Base() + "/" + kUnknownServerGroupId,
                                nlohmann::json({{"description", "x"}}).dump());
  ClientResponse invalid =
      Send("PATCH", Base() + "/" + id, nlohmann::json({{"system_disk_size", 5}}).dump());

  EXPECT_TRUE(IsWorkspaceError(duplicate, 409, "WKS.00211103"));
  EXPECT_TRUE(IsWorkspaceError(unknown, 404, "WSAPP.00020404"));
  EXPECT_TRUE(IsWorkspaceError(invalid, 400, "WKS.00211102"));
}

// D2: deletes are repeatable; an unknown server group answers 200 {}.
TEST_F(ServerGroupsApiTest, DeleteIsRepeatable) {
  std::string id = NewServerGroup();

  ClientResponse first = Send("DELETE", Base() + "/" + id);
  ClientResponse second = Send("DELETE", Base() + "/" + id);

  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.Json(), nlohmann::json::object());
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.Json(), nlohmann::json::object());
  EXPECT_TRUE(IsWorkspaceError(api().Get(Base() + "/" + id), 404, "WSAPP.00020404"));
}

// A server group that app groups bind cannot go until they are unbound.
TEST_F(ServerGroupsApiTest, DeleteOfABoundServerGroupIsConflict) {
  std::string id = NewServerGroup();
  ASSERT_OK(api().CreateAppGroup(UniqueName("binder"), {{"app_server_group_id", id}}));

  ClientResponse refused = Send("DELETE", Base() + "/" + id);
  ClientResponse unbound = api().PostJson(
      api().Path("/app-groups/actions/disassociate-app-group?server_group_id=" + id), "");
  ClientResponse deleted = Send("DELETE", Base() + "/" + id);

  EXPECT_TRUE(IsWorkspaceError(refused, 409, "WKS.00211103"));
  EXPECT_EQ(unbound.status, 200) << unbound.body;
  EXPECT_EQ(deleted.status, 200) << deleted.body;
}

// D2: an app_server_group_id in a body that creates must name a server group.
TEST_F(ServerGroupsApiTest, CreateAppGroupBoundToUnknownServerGroupIsNotFound) {
  nlohmann::json body = {{"name", UniqueName("dangling")},
                         {"app_server_group_id", kUnknownServerGroupId}};

  ClientResponse response = api().PostJson(api().Path("/app-groups"), body.dump());

  EXPECT_TRUE(IsWorkspaceError(response, 404, "WSAPP.00020404"));
}

// Reference 2.1: a bound group carries its server group's name (and, in the detail, its
// description); the server group counts the app groups bound to it.
TEST_F(ServerGroupsApiTest, BoundAppGroupCarriesTheServerGroupsNameAndDescription) {
  std::string name;
  std::string id = NewServerGroup("COMMON_APP", &name);
  nlohmann::json body = {{"name", UniqueName("bound")}, {"app_server_group_id", id}};

  ClientResponse created = api().PostJson(api().Path("/app-groups"), body.dump());

  ASSERT_EQ(created.status, 200) << created.body;
  EXPECT_TRUE(HasShape(created.Json(), AppGroupShape()));
  EXPECT_EQ(created.Json()["app_server_group_id"], id);
  EXPECT_EQ(created.Json()["app_server_group_name"], name);
  auto shown = api().ShowAppGroup(created.Json()["id"]);
  ASSERT_OK(shown);
  EXPECT_TRUE(HasShape(*shown, AppGroupDetailShape()));
  EXPECT_EQ((*shown)["app_server_group_name"], name);
  EXPECT_EQ((*shown)["app_server_group_description"], "servers");
  ClientResponse server_group = api().Get(Base() + "/" + id);
  ASSERT_EQ(server_group.status, 200) << server_group.body;
  EXPECT_EQ(server_group.Json()["app_group_count"], 1);
}

// A renamed server group's new name shows on the app groups bound to it.
TEST_F(ServerGroupsApiTest, BoundAppGroupFollowsAServerGroupRename) {
  std::string id = NewServerGroup();
  auto group = api().CreateAppGroup(UniqueName("follower"), {{"app_server_group_id", id}});
  ASSERT_OK(group);
  std::string renamed = UniqueName("sgnew");

  ClientResponse response =
      Send("PATCH", Base() + "/" + id,
           nlohmann::json({{"name", renamed}, {"description", "new text"}}).dump());

  ASSERT_EQ(response.status, 200) << response.body;
  auto shown = api().ShowAppGroup(*group);
  ASSERT_OK(shown);
  EXPECT_EQ((*shown)["app_server_group_name"], renamed);
  EXPECT_EQ((*shown)["app_server_group_description"], "new text");
}

TEST_F(ServerGroupsApiTest, ListAppGroupFiltersByServerGroupExactly) {
  std::string id = NewServerGroup();
  std::string other = NewServerGroup();
  auto first = api().CreateAppGroup(UniqueName("filtered"), {{"app_server_group_id", id}});
  server().clock().Advance(milliseconds(1));
  auto second = api().CreateAppGroup(UniqueName("filtered"), {{"app_server_group_id", id}});
  ASSERT_OK(api().CreateAppGroup(UniqueName("filtered"), {{"app_server_group_id", other}}));
  ASSERT_OK(first);
  ASSERT_OK(second);
  struct Case {
    std::string query;
    std::vector<std::string> ids;
  };
  const std::vector<Case> cases = {
      {"app_server_group_id=" + id, {*second, *first}},
      {"app_server_group_id=" + id.substr(0, 35), {}},
      {"app_server_group_id=" + std::string(kUnknownServerGroupId), {}},
  };

  for (const Case& row : cases) {
    ClientResponse response = api().Get(api().Path("/app-groups?" + row.query));

    ASSERT_EQ(response.status, 200) << row.query << ": " << response.body;
    EXPECT_EQ(Ids(response.Json()["items"]), row.ids) << row.query;
    EXPECT_EQ(response.Json()["count"], row.ids.size()) << row.query;
    const nlohmann::json listed = response.Json();
    for (const nlohmann::json& group : listed["items"]) {
      EXPECT_EQ(group["app_server_group_id"], id) << row.query;
    }
  }
}

// Reference 1.2 and error WKS.00131105: in SESSION_DESKTOP_APP mode a server group binds only
// one app group, whether the second one binds on create or on update.
TEST_F(ServerGroupsApiTest, SessionDesktopServerGroupBindsOnlyOneAppGroup) {
  std::string id = NewServerGroup("SESSION_DESKTOP_APP");
  ASSERT_OK(api().CreateAppGroup(UniqueName("first"), {{"app_server_group_id", id}}));
  auto unbound = api().CreateAppGroup(UniqueName("second"));
  ASSERT_OK(unbound);
  std::string second_name = UniqueName("second");

  ClientResponse on_create =
      api().PostJson(api().Path("/app-groups"),
                     nlohmann::json({{"name", second_name}, {"app_server_group_id", id}}).dump());
  ClientResponse on_update = api().Send(MakeRequest(
      "PATCH", api().Path("/app-groups/" + *unbound), {{"Content-Type", "application/json"}},
      nlohmann::json({{"app_server_group_id", id}}).dump()));

  EXPECT_TRUE(IsWorkspaceError(on_create, 400, "WKS.00131105"));
  EXPECT_TRUE(IsWorkspaceError(on_update, 400, "WKS.00131105"));
  ClientResponse listed = api().Get(api().Path("/app-groups?app_server_group_id=" + id));
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.Json()["count"], 1);
}

TEST_F(ServerGroupsApiTest, CommonServerGroupBindsSeveralAppGroups) {
  std::string id = NewServerGroup("COMMON_APP");

  auto first = api().CreateAppGroup(UniqueName("shared"), {{"app_server_group_id", id}});
  auto second = api().CreateAppGroup(UniqueName("shared"), {{"app_server_group_id", id}});

  EXPECT_OK(first);
  EXPECT_OK(second);
  ClientResponse server_group = api().Get(Base() + "/" + id);
  EXPECT_EQ(server_group.Json()["app_group_count"], 2);
}

// WKS.00131105 also holds when the server group turns SESSION_DESKTOP_APP with two bound.
TEST_F(ServerGroupsApiTest, UpdateToSessionDesktopWithTwoBoundGroupsIsRefused) {
  std::string id = NewServerGroup("COMMON_APP");
  ASSERT_OK(api().CreateAppGroup(UniqueName("pair"), {{"app_server_group_id", id}}));
  ASSERT_OK(api().CreateAppGroup(UniqueName("pair"), {{"app_server_group_id", id}}));

  ClientResponse response = Send("PATCH", Base() + "/" + id,
                                 nlohmann::json({{"app_type", "SESSION_DESKTOP_APP"}}).dump());

  EXPECT_TRUE(IsWorkspaceError(response, 400, "WKS.00131105"));
  EXPECT_EQ(api().Get(Base() + "/" + id).Json()["app_type"], "COMMON_APP");
}

// D30: the catalog the operator registers is read back as stored.
TEST_F(ServerGroupsApiTest, CatalogIsStoredAndReadBack) {
  std::string id = NewServerGroup();
  nlohmann::json catalog = {{"group_images", {kImageId}},
                            {"items",
                             {{{"name", "Notepad"},
                               {"execute_path", "C:\\Windows\\notepad.exe"},
                               {"version", "10.0"},
                               {"publisher", "Microsoft"},
                               {"source_image_ids", {kImageId}}},
                              {{"name", "Paint"}, {"execute_path", "C:\\Windows\\mspaint.exe"}}}}};

  ClientResponse put = PutCatalog(id, catalog);
  ClientResponse got = api().Get(CatalogPath(id));

  ASSERT_EQ(put.status, 200) << put.body;
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(put.Json(), got.Json());
  nlohmann::json stored = got.Json();
  EXPECT_EQ(stored["count"], 2);
  EXPECT_EQ(stored["group_images"], catalog["group_images"]);
  ASSERT_EQ(stored["items"].size(), 2u);
  EXPECT_EQ(stored["items"][0]["name"], "Notepad");
  EXPECT_EQ(stored["items"][0]["version"], "10.0");
  EXPECT_EQ(stored["items"][0]["source_image_ids"], nlohmann::json::array({kImageId}));
  EXPECT_EQ(stored["items"][1]["name"], "Paint");
  EXPECT_EQ(stored["items"][1]["source_type"], 2);
}

TEST_F(ServerGroupsApiTest, CatalogRejectsInvalidBodiesAndUnknownGroups) {
  std::string id = NewServerGroup();
  nlohmann::json item = {{"name", "Notepad"}, {"execute_path", "C:\\notepad.exe"}};
  struct Case {
    std::string label;
    nlohmann::json body;
  };
  const std::vector<Case> cases = {
      {"items missing", nlohmann::json::object()},
      {"names repeated", {{"items", {item, item}}}},
      {"execute_path missing", {{"items", {{{"name", "x"}}}}}},
      {"source_type 4", {{"items", {{{"name", "x"}, {"execute_path", "p"}, {"source_type", 4}}}}}},
      {"group_images not strings", {{"group_images", {1}}, {"items", nlohmann::json::array()}}},
  };
  for (const Case& row : cases) {
    ClientResponse response = PutCatalog(id, row.body);

    EXPECT_TRUE(IsWorkspaceError(response, 400, "WKS.00211102")) << row.label;
  }

  ClientResponse put_unknown = PutCatalog(kUnknownServerGroupId, {{"items", {item}}});
  ClientResponse get_unknown = api().Get(CatalogPath(kUnknownServerGroupId));

  EXPECT_TRUE(IsWorkspaceError(put_unknown, 404, "WSAPP.00020404"));
  EXPECT_TRUE(IsWorkspaceError(get_unknown, 404, "WSAPP.00020404"));
}

// D30: ShowPublishableApp lists the catalog of the group's server group; an app whose name
// is published in the group (D15 would refuse it) or of source_type 1 is not publishable.
TEST_F(ServerGroupsApiTest, ShowPublishableAppListsTheCatalogOfTheServerGroup) {
  std::string id = NewServerGroup();
  nlohmann::json catalog = {
      {"group_images", {kImageId}},
      {"items",
       {{{"name", "Notepad"}, {"execute_path", "C:\\notepad.exe"}},
        {{"name", "Paint"}, {"execute_path", "C:\\mspaint.exe"}, {"publisher", "Microsoft"}},
        {{"name", "Builtin"}, {"execute_path", "C:\\builtin.exe"}, {"source_type", 1}}}}};
  ASSERT_EQ(PutCatalog(id, catalog).status, 200);
  auto group = api().CreateAppGroup(UniqueName("pub"), {{"app_server_group_id", id}});
  ASSERT_OK(group);
  ASSERT_OK(api().PublishApps(*group, {"Notepad"}));

  ClientResponse response = Publishable(*group);

  ASSERT_EQ(response.status, 200) << response.body;
  nlohmann::json body = response.Json();
  EXPECT_TRUE(HasShape(body, PublishableListShape()));
  EXPECT_EQ(body["count"], 3);
  EXPECT_EQ(body["group_images"], nlohmann::json::array({kImageId}));
  ASSERT_EQ(body["items"].size(), 3u);
  std::vector<bool> publishable;
  for (const nlohmann::json& item : body["items"]) {
    EXPECT_TRUE(HasShape(item, PublishableAppShape()));
    publishable.push_back(item.value("publishable", true));
  }
  EXPECT_EQ(body["items"][1]["name"], "Paint");
  EXPECT_EQ(body["items"][1]["publisher"], "Microsoft");
  EXPECT_EQ(publishable, (std::vector<bool>{false, true, false}));
}

TEST_F(ServerGroupsApiTest, ShowPublishableAppOfAServerGroupWithoutCatalogIsEmpty) {
  std::string id = NewServerGroup();
  auto group = api().CreateAppGroup(UniqueName("bare"), {{"app_server_group_id", id}});
  ASSERT_OK(group);

  ClientResponse response = Publishable(*group);

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Json(), nlohmann::json({{"count", 0},
                                             {"group_images", nlohmann::json::array()},
                                             {"items", nlohmann::json::array()}}));
}

// Reference 0.5 (ShowPublishableApp): 404 when the app group does not exist or has no server
// group.
TEST_F(ServerGroupsApiTest, ShowPublishableAppNotFoundCases) {
  auto unbound = api().CreateAppGroup(UniqueName("nosg"));
  ASSERT_OK(unbound);

  ClientResponse unknown_group = Publishable(kUnknownGroupId);
  ClientResponse no_server_group = Publishable(*unbound);
  ClientResponse overlong = Publishable(std::string(129, '1'));

  EXPECT_TRUE(IsWorkspaceError(unknown_group, 404, "WSAPP.00010404"));
  EXPECT_TRUE(IsWorkspaceError(no_server_group, 404, "WSAPP.00020404"));
  EXPECT_TRUE(IsWorkspaceError(overlong, 400, "WKS.00211102"));
}

}  // namespace
}  // namespace wsapp::testing
