// The end-user directory over HTTP under the vendor's Workspace v2 paths: CreateDesktopUser,
// ListUsers, ListUserDetail, DeleteUser, CreateUserGroup, ListUserGroups, DeleteUserGroup,
// ListUsersOfGroup and RunActionsOnGroup.
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

using std::chrono::milliseconds;

// Golden shapes transcribed from the vendor's Workspace v2 SDK models (huaweicloud-sdk-go-v3,
// services/workspace/v2/model): every member is optional there, and this server sends them all,
// so each is required here except UserGroupInfo's `parent` (groups are not nested here).
const Shape& UserShape() {  // model_user.go
  static const Shape shape = {
      {"id", JsonType::kString},
      {"sid", JsonType::kString},
      {"user_name", JsonType::kString},
      {"user_email", JsonType::kString},
      {"total_desktops", JsonType::kInteger},
      {"user_phone", JsonType::kString},
      {"active_type", JsonType::kString},
      {"is_pre_user", JsonType::kBoolean},
      {"account_expires", JsonType::kString},
      {"password_never_expired", JsonType::kBoolean},
      {"account_expired", JsonType::kBoolean},
      {"enable_change_password", JsonType::kBoolean},
      {"next_login_change_password", JsonType::kBoolean},
      {"description", JsonType::kString},
      {"locked", JsonType::kBoolean},
      {"disabled", JsonType::kBoolean},
      {"share_space_subscription", JsonType::kBoolean},
      {"share_space_desktops", JsonType::kInteger},
      {"group_names", JsonType::kArray},
      {"enterprise_project_id", JsonType::kString},
      {"user_info_map", JsonType::kString},
      {"domain", JsonType::kString},
      {"certificate_status", JsonType::kBoolean},
  };
  return shape;
}

const Shape& UserDetailShape() {  // model_user_detail.go
  static const Shape shape = {
      {"description", JsonType::kString},
      {"id", JsonType::kString},
      {"user_name", JsonType::kString},
      {"user_email", JsonType::kString},
      {"user_phone", JsonType::kString},
      {"active_type", JsonType::kString},
      {"object_sid", JsonType::kString},
      {"sam_account_name", JsonType::kString},
      {"user_principal_name", JsonType::kString},
      {"full_name", JsonType::kString},
      {"distinguished_name", JsonType::kString},
      {"account_type", JsonType::kInteger},
      {"when_created", JsonType::kString},
      {"account_expires", JsonType::kInteger},
      {"is_pre_user", JsonType::kBoolean},
      {"user_expired", JsonType::kBoolean},
      {"locked", JsonType::kBoolean},
      {"enable_change_password", JsonType::kBoolean},
      {"password_never_expired", JsonType::kBoolean},
      {"next_login_change_password", JsonType::kBoolean},
      {"disabled", JsonType::kBoolean},
      {"group_names", JsonType::kArray},
      {"share_space_subscription", JsonType::kBoolean},
      {"share_space_desktops", JsonType::kInteger},
      {"total_desktops", JsonType::kInteger},
  };
  return shape;
}

const Shape& UserGroupInfoShape() {  // model_user_group_info.go
  static const Shape shape = {
      {"name", JsonType::kString},
      {"id", JsonType::kString},
      {"create_time", JsonType::kString},
      {"description", JsonType::kString},
      {"user_quantity", JsonType::kInteger},
      {"parent", JsonType::kObject, /*is_required=*/false},
      {"realm_id", JsonType::kString},
      {"platform_type", JsonType::kString},
      {"group_dn", JsonType::kString},
      {"domain", JsonType::kString},
      {"sid", JsonType::kString},
      {"total_desktops", JsonType::kInteger},
  };
  return shape;
}

const Shape& UserInGroupShape() {  // model_user_in_group.go
  static const Shape shape = {
      {"id", JsonType::kString},
      {"user_name", JsonType::kString},
      {"domain", JsonType::kString},
      {"user_email", JsonType::kString},
      {"user_phone", JsonType::kString},
      {"total_desktops", JsonType::kInteger},
      {"enterprise_project_id", JsonType::kString},
      {"description", JsonType::kString},
  };
  return shape;
}

// An id of the right form that the directory never hands out.
constexpr char kUnknownId[] = "0123456789abcdef0123456789abcdef";
constexpr char kDirectoryNotFound[] = "WSAPP.00030404";

class DirectoryApiTest : public ApiServerTest {
 protected:
  std::string V2(const std::string& rest) { return "/v2/" + project_id() + rest; }

  ClientResponse Post(const std::string& rest, const nlohmann::json& body) {
    return api().PostJson(V2(rest), body.dump());
  }
  ClientResponse Get(const std::string& rest) { return api().Get(V2(rest)); }
  ClientResponse Delete(const std::string& rest) {
    return api().Send(MakeRequest("DELETE", V2(rest)));
  }

  // A new directory user named `name`; its id, or "" with a failure recorded.
  std::string NewUser(const std::string& name) {
    auto id = api().CreateDirectoryUser(name);
    EXPECT_OK(id);
    return id.ok() ? *id : std::string();
  }
  std::string NewGroup(const std::string& name) {
    auto id = api().CreateDirectoryGroup(name);
    EXPECT_OK(id);
    return id.ok() ? *id : std::string();
  }

  ClientResponse GroupAction(const std::string& group_id, const std::string& op_type,
                             const std::vector<std::string>& user_ids) {
    return Post("/groups/" + group_id + "/actions", {{"user_ids", user_ids}, {"op_type", op_type}});
  }

  // The user names of a ListUsers or ListUsersOfGroup reply, in order.
  static std::vector<std::string> NamesOf(const nlohmann::json& reply) {
    std::vector<std::string> names;
    for (const nlohmann::json& user : reply.value("users", nlohmann::json::array())) {
      names.push_back(user.value("user_name", ""));
    }
    return names;
  }
};

TEST_F(DirectoryApiTest, CreateUserAnswersItsNewId) {
  nlohmann::json body = {{"user_name", UniqueName("alice")}, {"user_email", "a@example.com"}};

  ClientResponse response = Post("/users", body);

  ASSERT_EQ(response.status, 201) << response.body;
  nlohmann::json reply = response.Json();
  ASSERT_TRUE(reply.is_object()) << response.body;
  EXPECT_EQ(reply.size(), 1u) << response.body;
  EXPECT_TRUE(IsHexId(reply.value("id", ""))) << response.body;
}

TEST_F(DirectoryApiTest, ListedUserHasTheVendorUserShape) {
  const std::string name = UniqueName("listed");
  nlohmann::json body = {{"user_name", name},
                         {"user_phone", "13800000000"},
                         {"description", "finance team"},
                         {"domain", "corp.example.com"},
                         {"enterprise_project_id", "0"}};
  ClientResponse created = Post("/users", body);
  ASSERT_EQ(created.status, 201) << created.body;

  ClientResponse response = Get("/users?user_name=" + name);

  ASSERT_EQ(response.status, 200) << response.body;
  nlohmann::json reply = response.Json();
  EXPECT_EQ(reply["total_count"], 1) << response.body;
  ASSERT_EQ(reply["users"].size(), 1u) << response.body;
  const nlohmann::json& user = reply["users"][0];
  EXPECT_TRUE(HasShape(user, UserShape()));
  EXPECT_EQ(user["id"], created.Json()["id"]);
  EXPECT_EQ(user["user_name"], name);
  EXPECT_EQ(user["user_phone"], "13800000000");
  EXPECT_EQ(user["description"], "finance team");
  EXPECT_EQ(user["domain"], "corp.example.com");
  EXPECT_EQ(user["active_type"], "USER_ACTIVATE");
  EXPECT_EQ(user["account_expires"], "0");
  EXPECT_EQ(user["account_expired"], false);
  EXPECT_EQ(user["group_names"], nlohmann::json::array());
}

TEST_F(DirectoryApiTest, ShowUserHasTheVendorUserDetailShape) {
  const std::string group_name = UniqueName("detailgroup");
  const std::string group_id = NewGroup(group_name);
  const std::string name = UniqueName("detail");
  nlohmann::json body = {{"user_name", name},
                         {"active_type", "ADMIN_ACTIVATE"},
                         {"password", "Initial-Pass-1"},
                         {"group_ids", {group_id}}};
  ClientResponse created = Post("/users", body);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = created.Json().value("id", "");

  ClientResponse response = Get("/users/" + id);

  ASSERT_EQ(response.status, 200) << response.body;
  nlohmann::json reply = response.Json();
  ASSERT_TRUE(reply.is_object() && reply.size() == 1u) << response.body;
  const nlohmann::json& detail = reply["user_detail"];
  EXPECT_TRUE(HasShape(detail, UserDetailShape()));
  EXPECT_EQ(detail["id"], id);
  EXPECT_EQ(detail["user_name"], name);
  EXPECT_EQ(detail["active_type"], "ADMIN_ACTIVATE");
  EXPECT_EQ(detail["account_expires"], 0);
  EXPECT_EQ(detail["when_created"], MillisTimestamp(server().clock().Now()));
  EXPECT_EQ(detail["group_names"], nlohmann::json::array({group_name}));
  EXPECT_EQ(detail.dump().find("Initial-Pass-1"), std::string::npos);
}

TEST_F(DirectoryApiTest, CreateUserRejectsInvalidBodies) {
  auto with = [](const char* key, nlohmann::json value) {
    nlohmann::json body = {{"user_name", "valid-user"}, {"user_email", "v@example.com"}};
    body[key] = std::move(value);
    return body;
  };
  struct Case {
    std::string label;
    nlohmann::json body;
  };
  const std::vector<Case> cases = {
      {"user_name missing", {{"user_email", "v@example.com"}}},
      {"user_name empty", with("user_name", "")},
      {"user_name of 33 characters", with("user_name", std::string(33, 'u'))},
      {"user_name starting with '-'", with("user_name", "-alice")},
      {"user_name with a space", with("user_name", "al ice")},
      {"user_name ending with '.'", with("user_name", "alice.")},
      {"user_name not a string", with("user_name", 7)},
      {"user_email without '@'", with("user_email", "alice.example.com")},
      {"user_email of 65 characters", with("user_email", std::string(53, 'a') + "@example.com")},
      {"neither e-mail nor phone", {{"user_name", "valid-user"}}},
      {"ADMIN_ACTIVATE without password", with("active_type", "ADMIN_ACTIVATE")},
      {"unknown active_type", with("active_type", "SELF_ACTIVATE")},
      {"password of 7 characters", with("password", "Short-1")},
      {"password of 33 characters", with("password", std::string(33, 'p'))},
      {"user_phone of 21 characters", with("user_phone", std::string(21, '1'))},
      {"account_expires not a time", with("account_expires", "tomorrow")},
      {"description of 256 characters", with("description", std::string(256, 'd'))},
      {"group_ids empty", with("group_ids", nlohmann::json::array())},
      {"6 group_ids", with("group_ids", std::vector<std::string>(6, kUnknownId))},
      {"enable_change_password not a boolean", with("enable_change_password", "yes")},
  };
  for (const Case& row : cases) {
    ClientResponse response = Post("/users", row.body);

    EXPECT_TRUE(IsWorkspaceError(response, 400, "WKS.00211102")) << row.label;
  }
  EXPECT_EQ(Get("/users?user_name=valid-user").Json()["total_count"], 0);
}

TEST_F(DirectoryApiTest, CreateUserRejectsNonObjectBody) {
  ClientResponse response = api().PostJson(V2("/users"), R"(["user_name"])");

  EXPECT_TRUE(IsWorkspaceError(response, 400, "WKS.00149901"));
}

// D15 read for the directory: user names are unique within a project.
TEST_F(DirectoryApiTest, CreateUserRejectsDuplicateName) {
  const std::string name = UniqueName("twice");
  NewUser(name);

  ClientResponse response = Post("/users", {{"user_name", name}, {"user_phone", "1380000"}});

  EXPECT_TRUE(IsWorkspaceError(response, 409, "WKS.00211103"));
  EXPECT_EQ(Get("/users?user_name=" + name).Json()["total_count"], 1);
}

// D2: an unknown id in a body that creates is 404, and nothing is created.
TEST_F(DirectoryApiTest, CreateUserInUnknownGroupIsNotFound) {
  const std::string name = UniqueName("orphan");

  ClientResponse response =
      Post("/users",
           {{"user_name", name}, {"user_email", "o@example.com"}, {"group_ids", {kUnknownId}}});

  EXPECT_TRUE(IsWorkspaceError(response, 404, kDirectoryNotFound));
  EXPECT_EQ(Get("/users?user_name=" + name).Json()["total_count"], 0);
}

TEST_F(DirectoryApiTest, UnknownUserIsNotFound) {
  ClientResponse shown = Get(std::string("/users/") + kUnknownId);
  ClientResponse deleted = Delete(std::string("/users/") + kUnknownId);

  EXPECT_TRUE(IsWorkspaceError(shown, 404, kDirectoryNotFound));
  EXPECT_TRUE(IsWorkspaceError(deleted, 404, kDirectoryNotFound));
}

TEST_F(DirectoryApiTest, DeleteUserRemovesIt) {
  const std::string name = UniqueName("leaving");
  const std::string id = NewUser(name);

  ClientResponse response = Delete("/users/" + id);

  EXPECT_EQ(response.status, 204) << response.body;
  EXPECT_EQ(response.body, "");
  EXPECT_TRUE(IsWorkspaceError(Get("/users/" + id), 404, kDirectoryNotFound));
  EXPECT_EQ(Get("/users?user_name=" + name).Json()["total_count"], 0);
  EXPECT_TRUE(IsWorkspaceError(Delete("/users/" + id), 404, kDirectoryNotFound));
}

// D11: newest first; total_count counts every match; no limit lists every match.
TEST_F(DirectoryApiTest, ListUsersPagesNewestFirst) {
  const std::string base = UniqueName("paged") + "x";
  std::vector<std::string> created;
  for (int i = 0; i < 5; ++i) {
    created.push_back(base + std::to_string(i));
    NewUser(created.back());
    server().clock().Advance(milliseconds(1));
  }
  const std::vector<std::string> newest_first(created.rbegin(), created.rend());

  ClientResponse all = Get("/users?user_name=" + base);
  ClientResponse first = Get("/users?user_name=" + base + "&limit=2");
  ClientResponse last = Get("/users?user_name=" + base + "&limit=2&offset=4");

  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.Json()["total_count"], 5);
  EXPECT_EQ(NamesOf(all.Json()), newest_first);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.Json()["total_count"], 5);
  EXPECT_EQ(NamesOf(first.Json()), (std::vector<std::string>{newest_first[0], newest_first[1]}));
  ASSERT_EQ(last.status, 200) << last.body;
  EXPECT_EQ(NamesOf(last.Json()), std::vector<std::string>{newest_first[4]});
}

TEST_F(DirectoryApiTest, ListUsersFilters) {
  const std::string base = UniqueName("filtered") + "x";
  const std::string group_name = UniqueName("filtergroup");
  const std::string group_id = NewGroup(group_name);
  ASSERT_EQ(Post("/users", {{"user_name", base + "admin"},
                            {"active_type", "ADMIN_ACTIVATE"},
                            {"password", "Initial-Pass-1"},
                            {"description", "night shift"},
                            {"group_ids", {group_id}}})
                .status,
            201);
  // Newest first; a tie on the creation time would fall back to the random ids.
  server().clock().Advance(milliseconds(1));
  NewUser(base + "plain");
  struct Case {
    std::string query;
    std::vector<std::string> names;
  };
  const std::vector<Case> cases = {
      {"", {base + "plain", base + "admin"}},
      {"&description=night", {base + "admin"}},
      {"&description=Night", {}},
      {"&active_type=ADMIN_ACTIVATE", {base + "admin"}},
      {"&active_type=USER_ACTIVATE", {base + "plain"}},
      {"&group_name=" + group_name, {base + "admin"}},
      {"&group_name=" + group_name.substr(0, group_name.size() - 1), {}},
      {"&disabled=true", {}},
      {"&disabled=false", {base + "plain", base + "admin"}},
  };

  for (const Case& row : cases) {
    ClientResponse response = Get("/users?user_name=" + base + row.query);

    ASSERT_EQ(response.status, 200) << row.query << ": " << response.body;
    EXPECT_EQ(NamesOf(response.Json()), row.names) << row.query;
    EXPECT_EQ(response.Json()["total_count"], row.names.size()) << row.query;
  }
}

TEST_F(DirectoryApiTest, ListUsersRejectsInvalidQueries) {
  const std::vector<std::string> queries = {"limit=-1", "offset=-1", "active_type=ROOT",
                                            "disabled=maybe", "user_name=" + std::string(256, 'u')};
  for (const std::string& query : queries) {
    ClientResponse response = Get("/users?" + query);

    EXPECT_TRUE(IsWorkspaceError(response, 400, "WKS.00211102")) << query.substr(0, 40);
  }
}

// The vendor's CreateUserGroupResponse has no members (D1: `{}`).
TEST_F(DirectoryApiTest, CreatedGroupIsListedWithTheVendorShape) {
  const std::string name = UniqueName("listedgroup");

  ClientResponse response =
      Post("/groups", {{"group_name", name}, {"platform_type", "AD"}, {"description", "ops"}});

  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_EQ(response.Json(), nlohmann::json::object());
  nlohmann::json listed = Get("/groups?keyword=" + name).Json();
  EXPECT_EQ(listed["total_count"], 1) << listed.dump();
  ASSERT_EQ(listed["user_groups"].size(), 1u) << listed.dump();
  const nlohmann::json& group = listed["user_groups"][0];
  EXPECT_TRUE(HasShape(group, UserGroupInfoShape()));
  EXPECT_TRUE(IsHexId(group.value("id", ""))) << group.dump();
  EXPECT_EQ(group["name"], name);
  EXPECT_EQ(group["platform_type"], "AD");
  EXPECT_EQ(group["description"], "ops");
  EXPECT_EQ(group["user_quantity"], 0);
  EXPECT_EQ(group["create_time"], MillisTimestamp(server().clock().Now()));
}

TEST_F(DirectoryApiTest, CreateGroupRejectsInvalidBodies) {
  struct Case {
    std::string label;
    nlohmann::json body;
  };
  const std::vector<Case> cases = {
      {"group_name missing", {{"platform_type", "LOCAL"}}},
      {"group_name empty", {{"group_name", ""}, {"platform_type", "LOCAL"}}},
      {"group_name of 65 characters",
       {{"group_name", std::string(65, 'g')}, {"platform_type", "LOCAL"}}},
      {"platform_type missing", {{"group_name", "valid-group"}}},
      {"unknown platform_type", {{"group_name", "valid-group"}, {"platform_type", "LDAP"}}},
      {"description of 256 characters",
       {{"group_name", "valid-group"},
        {"platform_type", "LOCAL"},
        {"description", std::string(256, 'd')}}},
  };
  for (const Case& row : cases) {
    ClientResponse response = Post("/groups", row.body);

    EXPECT_TRUE(IsWorkspaceError(response, 400, "WKS.00211102")) << row.label;
  }
  EXPECT_EQ(Get("/groups?keyword=valid-group").Json()["total_count"], 0);
}

TEST_F(DirectoryApiTest, CreateGroupRejectsDuplicateName) {
  const std::string name = UniqueName("dupgroup");
  NewGroup(name);

  ClientResponse response = Post("/groups", {{"group_name", name}, {"platform_type", "AD"}});

  EXPECT_TRUE(IsWorkspaceError(response, 409, "WKS.00211103"));
  EXPECT_EQ(Get("/groups?keyword=" + name).Json()["total_count"], 1);
}

// D11 and the platform_type filter (a comma-separated list, as the SDK sends it).
TEST_F(DirectoryApiTest, ListGroupsFiltersAndPages) {
  const std::string base = UniqueName("kw") + "x";
  ASSERT_EQ(Post("/groups", {{"group_name", base + "ad"}, {"platform_type", "AD"}}).status, 201);
  server().clock().Advance(milliseconds(1));
  ASSERT_EQ(Post("/groups", {{"group_name", base + "local"}, {"platform_type", "LOCAL"}}).status,
            201);
  struct Case {
    std::string query;
    int total;
    std::vector<std::string> names;
  };
  const std::vector<Case> cases = {
      {"", 2, {base + "local", base + "ad"}},
      {"&platform_type=AD", 1, {base + "ad"}},
      {"&platform_type=AD,LOCAL", 2, {base + "local", base + "ad"}},
      {"&platform_type=UOS", 0, {}},
      {"&limit=1", 2, {base + "local"}},
      {"&limit=1&offset=1", 2, {base + "ad"}},
      {"&limit=0", 2, {base + "local", base + "ad"}},
  };

  for (const Case& row : cases) {
    ClientResponse response = Get("/groups?keyword=" + base + row.query);

    ASSERT_EQ(response.status, 200) << row.query << ": " << response.body;
    nlohmann::json reply = response.Json();
    EXPECT_EQ(reply["total_count"], row.total) << row.query;
    std::vector<std::string> names;
    for (const nlohmann::json& group : reply["user_groups"]) {
      names.push_back(group.value("name", ""));
    }
    EXPECT_EQ(names, row.names) << row.query;
  }
}

TEST_F(DirectoryApiTest, ListGroupsRejectsInvalidQueries) {
  const std::vector<std::string> queries = {"limit=101", "limit=-1", "offset=-1",
                                            "platform_type=LDAP", "platform_type=AD,"};
  for (const std::string& query : queries) {
    ClientResponse response = Get("/groups?" + query);

    EXPECT_TRUE(IsWorkspaceError(response, 400, "WKS.00211102")) << query;
  }
}

TEST_F(DirectoryApiTest, AddedMembersAreListedWithTheVendorShape) {
  const std::string group_name = UniqueName("members");
  const std::string group_id = NewGroup(group_name);
  const std::string first = UniqueName("member");
  const std::string second = UniqueName("member");
  const std::string first_id = NewUser(first);
  server().clock().Advance(milliseconds(1));
  const std::string second_id = NewUser(second);

  ClientResponse response = GroupAction(group_id, "ADD", {first_id, second_id, first_id});

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Json(), nlohmann::json::object());
  nlohmann::json members = Get("/groups/" + group_id + "/users").Json();
  EXPECT_EQ(members["total_count"], 2) << members.dump();
  EXPECT_EQ(NamesOf(members), (std::vector<std::string>{second, first}));
  for (const nlohmann::json& member : members["users"]) {
    EXPECT_TRUE(HasShape(member, UserInGroupShape()));
  }
  EXPECT_EQ(Get("/groups?keyword=" + group_name).Json()["user_groups"][0]["user_quantity"], 2);
  EXPECT_EQ(Get("/users/" + first_id).Json()["user_detail"]["group_names"],
            nlohmann::json::array({group_name}));
}

// D2: removing ids that are not members is skipped, not an error.
TEST_F(DirectoryApiTest, RemovedMembersLeaveTheGroup) {
  const std::string group_id = NewGroup(UniqueName("shrinking"));
  const std::string staying = UniqueName("staying");
  const std::string staying_id = NewUser(staying);
  const std::string leaving_id = NewUser(UniqueName("leaving"));
  ASSERT_EQ(GroupAction(group_id, "ADD", {staying_id, leaving_id}).status, 200);

  ClientResponse response = GroupAction(group_id, "DELETE", {leaving_id, kUnknownId});

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Json(), nlohmann::json::object());
  nlohmann::json members = Get("/groups/" + group_id + "/users").Json();
  EXPECT_EQ(members["total_count"], 1) << members.dump();
  EXPECT_EQ(NamesOf(members), std::vector<std::string>{staying});
  EXPECT_EQ(Get("/users/" + leaving_id).Json()["user_detail"]["group_names"],
            nlohmann::json::array());
}

// D2: an unknown user in ADD (a body that grants) is 404, and nobody is added.
TEST_F(DirectoryApiTest, AddingUnknownUserIsNotFoundAndAddsNobody) {
  const std::string group_id = NewGroup(UniqueName("guarded"));
  const std::string user_id = NewUser(UniqueName("known"));

  ClientResponse response = GroupAction(group_id, "ADD", {user_id, kUnknownId});

  EXPECT_TRUE(IsWorkspaceError(response, 404, kDirectoryNotFound));
  EXPECT_EQ(Get("/groups/" + group_id + "/users").Json()["total_count"], 0);
}

TEST_F(DirectoryApiTest, UnknownGroupIsNotFound) {
  const std::string user_id = NewUser(UniqueName("homeless"));
  const std::string group = std::string("/groups/") + kUnknownId;

  ClientResponse added = GroupAction(kUnknownId, "ADD", {user_id});
  ClientResponse removed = GroupAction(kUnknownId, "DELETE", {user_id});
  ClientResponse members = Get(group + "/users");
  ClientResponse deleted = Delete(group);

  EXPECT_TRUE(IsWorkspaceError(added, 404, kDirectoryNotFound));
  EXPECT_TRUE(IsWorkspaceError(removed, 404, kDirectoryNotFound));
  EXPECT_TRUE(IsWorkspaceError(members, 404, kDirectoryNotFound));
  EXPECT_TRUE(IsWorkspaceError(deleted, 404, kDirectoryNotFound));
}

TEST_F(DirectoryApiTest, GroupActionRejectsInvalidBodies) {
  const std::string group_id = NewGroup(UniqueName("strict"));
  const std::string user_id = NewUser(UniqueName("candidate"));
  struct Case {
    std::string label;
    nlohmann::json body;
  };
  const std::vector<Case> cases = {
      {"op_type missing", {{"user_ids", {user_id}}}},
      {"unknown op_type", {{"user_ids", {user_id}}, {"op_type", "REMOVE"}}},
      {"op_type in lower case", {{"user_ids", {user_id}}, {"op_type", "add"}}},
      {"user_ids missing", {{"op_type", "ADD"}}},
      {"user_ids empty", {{"user_ids", nlohmann::json::array()}, {"op_type", "ADD"}}},
      {"51 user_ids", {{"user_ids", std::vector<std::string>(51, user_id)}, {"op_type", "ADD"}}},
      {"empty user id", {{"user_ids", {""}}, {"op_type", "ADD"}}},
      {"user_ids not strings", {{"user_ids", {1}}, {"op_type", "ADD"}}},
  };
  for (const Case& row : cases) {
    ClientResponse response = Post("/groups/" + group_id + "/actions", row.body);

    EXPECT_TRUE(IsWorkspaceError(response, 400, "WKS.00211102")) << row.label;
  }
  EXPECT_EQ(Get("/groups/" + group_id + "/users").Json()["total_count"], 0);
}

TEST_F(DirectoryApiTest, DeleteGroupRemovesItAndItsMemberships) {
  const std::string name = UniqueName("disbanded");
  const std::string group_id = NewGroup(name);
  const std::string user_id = NewUser(UniqueName("member"));
  ASSERT_EQ(GroupAction(group_id, "ADD", {user_id}).status, 200);

  ClientResponse response = Delete("/groups/" + group_id);

  EXPECT_EQ(response.status, 204) << response.body;
  EXPECT_EQ(response.body, "");
  EXPECT_EQ(Get("/groups?keyword=" + name).Json()["total_count"], 0);
  EXPECT_EQ(Get("/users/" + user_id).Json()["user_detail"]["group_names"], nlohmann::json::array());
  EXPECT_TRUE(IsWorkspaceError(Delete("/groups/" + group_id), 404, kDirectoryNotFound));
}

TEST_F(DirectoryApiTest, ListUsersOfGroupPagesAndFilters) {
  const std::string group_id = NewGroup(UniqueName("crowd"));
  const std::string base = UniqueName("crowd") + "x";
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    ids.push_back(NewUser(base + std::to_string(i)));
    server().clock().Advance(milliseconds(1));
  }
  NewUser(base + "outsider");
  ASSERT_EQ(GroupAction(group_id, "ADD", ids).status, 200);
  const std::string members = "/groups/" + group_id + "/users";

  ClientResponse first = Get(members + "?limit=2");
  ClientResponse rest = Get(members + "?limit=2&offset=2");
  ClientResponse named = Get(members + "?user_name=" + base + "1");
  ClientResponse invalid = Get(members + "?limit=2001");

  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.Json()["total_count"], 3);
  EXPECT_EQ(NamesOf(first.Json()), (std::vector<std::string>{base + "2", base + "1"}));
  EXPECT_EQ(NamesOf(rest.Json()), std::vector<std::string>{base + "0"});
  EXPECT_EQ(NamesOf(named.Json()), std::vector<std::string>{base + "1"});
  EXPECT_EQ(named.Json()["total_count"], 1);
  EXPECT_TRUE(IsWorkspaceError(invalid, 400, "WKS.00211102"));
}

}  // namespace
}  // namespace wsapp::testing
