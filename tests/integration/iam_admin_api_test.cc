// The IAM administration API (v5) over HTTP: users, login profiles, access keys, groups and
// identity policies, with the wire shapes of the vendor's IAM v5 SDK models, and the D16
// promise that a disabled, deleted or re-passworded user (or a disabled or deleted key) is
// refused on the very next request.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "iam/sdk_signature.h"
#include "support/api_server_test.h"
#include "support/status_matchers.h"
#include "support/wire_shapes.h"

namespace wsapp::testing {
namespace {

// Golden shapes transcribed from the SDK's v5 models (model/*.js wire names); optional keys are
// the ones the API definitions leave out of `required`.
const Shape kUserShape = {{"user_name", JsonType::kString},
                          {"is_root_user", JsonType::kBoolean},
                          {"created_at", JsonType::kString},
                          {"user_id", JsonType::kString},
                          {"urn", JsonType::kString},
                          {"enabled", JsonType::kBoolean},
                          {"description", JsonType::kString, false}};
const Shape kUserExShape = {{"user_name", JsonType::kString},
                            {"is_root_user", JsonType::kBoolean},
                            {"created_at", JsonType::kString},
                            {"user_id", JsonType::kString},
                            {"urn", JsonType::kString},
                            {"enabled", JsonType::kBoolean},
                            {"description", JsonType::kString, false},
                            {"tags", JsonType::kArray, false}};
const Shape kGroupShape = {{"group_id", JsonType::kString},
                           {"group_name", JsonType::kString},
                           {"created_at", JsonType::kString},
                           {"urn", JsonType::kString},
                           {"description", JsonType::kString, false}};
const Shape kPolicyShape = {{"policy_type", JsonType::kString},
                            {"policy_name", JsonType::kString},
                            {"policy_id", JsonType::kString},
                            {"urn", JsonType::kString},
                            {"path", JsonType::kString},
                            {"default_version_id", JsonType::kString},
                            {"attachment_count", JsonType::kInteger},
                            {"created_at", JsonType::kString},
                            {"description", JsonType::kString, false},
                            {"updated_at", JsonType::kString, false}};
const Shape kAttachedPolicyShape = {{"policy_name", JsonType::kString},
                                    {"policy_id", JsonType::kString},
                                    {"urn", JsonType::kString},
                                    {"attached_at", JsonType::kString}};
const Shape kPolicyVersionShape = {{"document", JsonType::kString},
                                   {"version_id", JsonType::kString},
                                   {"is_default", JsonType::kBoolean},
                                   {"created_at", JsonType::kString}};
const Shape kLoginProfileShape = {{"user_id", JsonType::kString},
                                  {"password_reset_required", JsonType::kBoolean},
                                  {"created_at", JsonType::kString},
                                  {"password_expires_at", JsonType::kString, false}};
const Shape kAccessKeyShape = {{"user_id", JsonType::kString},
                               {"access_key_id", JsonType::kString},
                               {"created_at", JsonType::kString},
                               {"secret_access_key", JsonType::kString},
                               {"status", JsonType::kString}};
const Shape kAccessKeyMetadataShape = {{"user_id", JsonType::kString},
                                       {"access_key_id", JsonType::kString},
                                       {"created_at", JsonType::kString},
                                       {"status", JsonType::kString}};
const Shape kPageInfoShape = {{"next_marker", JsonType::kString, false},
                              {"current_count", JsonType::kInteger}};
const Shape kErrorShape = {{"error_code", JsonType::kString},
                           {"error_msg", JsonType::kString},
                           {"request_id", JsonType::kString}};

constexpr char kDocument[] = R"({"Version":"5.0","Statement":[{"Effect":"Allow","Action":["*"]}]})";
constexpr char kPassword[] = "Iam-User-Password-1";

// An IAM v5 error: the status, {"error_code", "error_msg", "request_id"} with the exact code,
// and request_id equal to the X-Request-Id header.
::testing::AssertionResult IsIamError(const ClientResponse& response, int status,
                                      const std::string& code) {
  nlohmann::json body = response.Json();
  if (response.status != status || !HasShape(body, kErrorShape)) {
    return ::testing::AssertionFailure() << response.status << " " << response.body;
  }
  if (body["error_code"] != code || body["error_msg"].get<std::string>().empty() ||
      body["request_id"] != response.Header("X-Request-Id")) {
    return ::testing::AssertionFailure() << "want " << code << ", got " << response.body;
  }
  return ::testing::AssertionSuccess();
}

class IamAdminApiTest : public ApiServerTest {
 protected:
  ClientResponse Send(const std::string& method, const std::string& target,
                      const nlohmann::json& body = nullptr, const std::string& token = {}) {
    std::vector<api::Header> headers = {{"X-Auth-Token", token.empty() ? this->token() : token}};
    std::string text;
    if (!body.is_null()) {
      headers.push_back({"Content-Type", "application/json"});
      text = body.dump();
    }
    return api().Send(MakeRequest(method, target, headers, text));
  }

  // Creates an enabled user and returns its id; fails the test on refusal.
  std::string CreateUser(const std::string& name) {
    ClientResponse response = Send("POST", "/v5/users", {{"name", name}, {"enabled", true}});
    EXPECT_EQ(response.status, 201) << response.body;
    return response.Json()["user"].value("user_id", "");
  }

  std::string CreateGroup(const std::string& name) {
    ClientResponse response = Send("POST", "/v5/groups", {{"group_name", name}});
    EXPECT_EQ(response.status, 201) << response.body;
    return response.Json()["group"].value("group_id", "");
  }

  std::string CreatePolicy(const std::string& name) {
    ClientResponse response =
        Send("POST", "/v5/policies", {{"policy_name", name}, {"policy_document", kDocument}});
    EXPECT_EQ(response.status, 201) << response.body;
    return response.Json()["policy"].value("policy_id", "");
  }

  // A user with a login profile; returns its id.
  std::string CreateUserWithPassword(const std::string& name) {
    std::string id = CreateUser(name);
    ClientResponse response = Send("POST", "/v5/users/" + id + "/login-profile",
                                   {{"password", kPassword}, {"password_reset_required", false}});
    EXPECT_EQ(response.status, 201) << response.body;
    return id;
  }

  ClientResponse RequestToken(const std::string& user_name, const std::string& password) {
    nlohmann::json body = {{"auth",
                            {{"identity",
                              {{"methods", {"password"}},
                               {"password",
                                {{"user",
                                  {{"domain", {{"name", kTestAccountName}}},
                                   {"name", user_name},
                                   {"password", password}}}}}}},
                             {"scope", {{"project", {{"id", project_id()}}}}}}}};
    return api().Send(MakeRequest("POST", "/v3/auth/tokens", {{"Content-Type", "application/json"}},
                                  body.dump()));
  }

  // A request with the user's token that passes authentication but, without policies, not
  // authorization: 403 while the token lives, 401 once it is revoked.
  int StatusWithToken(const std::string& token) {
    return api().Send(MakeRequest("GET", "/v5/users", {{"X-Auth-Token", token}})).status;
  }

  int StatusWithKey(const std::string& access_key, const std::string& secret_key) {
    api::HttpRequest request = MakeRequest("GET", "/v5/users");
    EXPECT_OK(iam::SignRequest(request, access_key, secret_key, SdkDate(server().clock().Now())));
    return api().http().Send(request).status;
  }
};

// --- Users ------------------------------------------------------------------------------

TEST_F(IamAdminApiTest, CreateUserReturnsTheUserModel) {
  std::string name = UniqueName("iam-user");

  ClientResponse response =
      Send("POST", "/v5/users", {{"name", name}, {"enabled", true}, {"description", "ops"}});

  ASSERT_EQ(response.status, 201) << response.body;
  nlohmann::json user = response.Json()["user"];
  ASSERT_TRUE(HasShape(user, kUserShape));
  EXPECT_TRUE(IsHexId(user["user_id"].get<std::string>()));
  EXPECT_EQ(user["user_name"], name);
  EXPECT_EQ(user["urn"], "iam::" + server().account_id() + ":user:" + name);
  EXPECT_EQ(user["is_root_user"], false);
  EXPECT_EQ(user["description"], "ops");
  EXPECT_TRUE(IsMillisTimestamp(user["created_at"].get<std::string>()));
}

TEST_F(IamAdminApiTest, CreateUserRejectsInvalidFields) {
  struct Case {
    const char* label;
    nlohmann::json body;
  };
  const std::vector<Case> cases = {
      {"missing name", {{"enabled", true}}},
      {"empty name", {{"name", ""}, {"enabled", true}}},
      {"name starts with a digit", {{"name", "1user"}, {"enabled", true}}},
      {"name with a slash", {{"name", "a/b"}, {"enabled", true}}},
      {"name too long", {{"name", std::string(65, 'a')}, {"enabled", true}}},
      {"missing enabled", {{"name", "valid-name"}}},
      {"enabled not boolean", {{"name", "valid-name"}, {"enabled", "yes"}}},
      {"description with @", {{"name", "valid-name"}, {"enabled", true}, {"description", "a@b"}}},
  };
  for (const Case& c : cases) {
    ClientResponse response = Send("POST", "/v5/users", c.body);

    EXPECT_TRUE(IsIamError(response, 400, "WSAPP.00060400")) << c.label;
  }
}

TEST_F(IamAdminApiTest, CreateUserRejectsDuplicateName) {
  std::string name = UniqueName("iam-dup");
  CreateUser(name);

  ClientResponse response = Send("POST", "/v5/users", {{"name", name}, {"enabled", true}});

  EXPECT_TRUE(IsIamError(response, 409, "WSAPP.00060409"));
}

TEST_F(IamAdminApiTest, ShowUpdateAndDeleteUser) {
  std::string id = CreateUser(UniqueName("iam-life"));
  std::string renamed = UniqueName("iam-renamed");

  ClientResponse shown = Send("GET", "/v5/users/" + id);
  ClientResponse updated =
      Send("PUT", "/v5/users/" + id, {{"new_user_name", renamed}, {"new_description", "d"}});
  ClientResponse deleted = Send("DELETE", "/v5/users/" + id);
  ClientResponse gone = Send("GET", "/v5/users/" + id);

  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_TRUE(HasShape(shown.Json()["user"], kUserExShape));
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_TRUE(HasShape(updated.Json()["user"], kUserShape));
  EXPECT_EQ(updated.Json()["user"]["user_name"], renamed);
  EXPECT_EQ(updated.Json()["user"]["description"], "d");
  EXPECT_EQ(deleted.status, 204);
  EXPECT_TRUE(deleted.body.empty());
  EXPECT_TRUE(IsIamError(gone, 404, "WSAPP.00060404"));
}

TEST_F(IamAdminApiTest, ListUsersPagesThroughAGroupWithMarkers) {
  std::string group = CreateGroup(UniqueName("iam-page"));
  for (int i = 0; i < 3; ++i) {
    std::string user = CreateUser(UniqueName("iam-member"));
    ASSERT_EQ(Send("POST", "/v5/groups/" + group + "/add-user", {{"user_id", user}}).status, 200);
  }

  ClientResponse first = Send("GET", "/v5/users?group_id=" + group + "&limit=2");
  std::string marker = first.Json()["page_info"].value("next_marker", "");
  ClientResponse second = Send("GET", "/v5/users?group_id=" + group + "&limit=2&marker=" + marker);

  ASSERT_EQ(first.status, 200) << first.body;
  ASSERT_EQ(first.Json()["users"].size(), 2u);
  EXPECT_TRUE(HasShape(first.Json()["users"][0], kUserShape));
  EXPECT_TRUE(HasShape(first.Json()["page_info"], kPageInfoShape));
  EXPECT_EQ(first.Json()["page_info"]["current_count"], 2);
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.Json()["users"].size(), 1u);
  EXPECT_FALSE(second.Json()["page_info"].contains("next_marker"));
}

TEST_F(IamAdminApiTest, ListRejectsBadMarkerAndLimit) {
  EXPECT_TRUE(IsIamError(Send("GET", "/v5/users?marker=not%20a%20marker"), 400, "PAP5.0010"));
  EXPECT_TRUE(IsIamError(Send("GET", "/v5/users?limit=0"), 400, "WSAPP.00060400"));
  EXPECT_TRUE(IsIamError(Send("GET", "/v5/groups?limit=201"), 400, "WSAPP.00060400"));
}

TEST_F(IamAdminApiTest, UnknownIdsAreNotFound) {
  const std::string unknown = "0123456789abcdef0123456789abcdef";
  const std::vector<std::pair<std::string, std::string>> requests = {
      {"GET", "/v5/users/" + unknown},
      {"DELETE", "/v5/users/" + unknown},
      {"GET", "/v5/users/" + unknown + "/login-profile"},
      {"GET", "/v5/users/" + unknown + "/access-keys"},
      {"GET", "/v5/groups/" + unknown},
      {"DELETE", "/v5/groups/" + unknown},
      {"GET", "/v5/policies/" + unknown},
      {"DELETE", "/v5/policies/" + unknown},
      {"GET", "/v5/users?group_id=" + unknown},
  };
  for (const auto& [method, target] : requests) {
    EXPECT_TRUE(IsIamError(Send(method, target), 404, "WSAPP.00060404")) << method << target;
  }
}

// --- Login profiles and tokens (D16) ----------------------------------------------------

TEST_F(IamAdminApiTest, LoginProfileLifecycle) {
  std::string id = CreateUser(UniqueName("iam-profile"));
  std::string path = "/v5/users/" + id + "/login-profile";
  nlohmann::json body = {{"password", kPassword}, {"password_reset_required", true}};

  ClientResponse created = Send("POST", path, body);
  ClientResponse again = Send("POST", path, body);
  ClientResponse shown = Send("GET", path);
  ClientResponse updated = Send("PUT", path, {{"password_reset_required", false}});
  ClientResponse deleted = Send("DELETE", path);
  ClientResponse gone = Send("GET", path);

  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_TRUE(HasShape(created.Json()["login_profile"], kLoginProfileShape));
  EXPECT_EQ(created.Json()["login_profile"]["user_id"], id);
  EXPECT_TRUE(IsIamError(again, 409, "WSAPP.00060409"));
  EXPECT_TRUE(HasShape(shown.Json()["login_profile"], kLoginProfileShape));
  EXPECT_EQ(updated.Json()["login_profile"]["password_reset_required"], false);
  EXPECT_EQ(deleted.status, 204);
  EXPECT_TRUE(IsIamError(gone, 404, "WSAPP.00060404"));
}

TEST_F(IamAdminApiTest, LoginProfileRejectsShortPassword) {
  std::string id = CreateUser(UniqueName("iam-short"));

  ClientResponse response = Send("POST", "/v5/users/" + id + "/login-profile",
                                 {{"password", "short"}, {"password_reset_required", false}});

  EXPECT_TRUE(IsIamError(response, 400, "WSAPP.00060400"));
}

TEST_F(IamAdminApiTest, UserWithoutLoginProfileGetsNoToken) {
  std::string name = UniqueName("iam-nopass");
  CreateUser(name);

  EXPECT_EQ(RequestToken(name, kPassword).status, 401);
}

TEST_F(IamAdminApiTest, DisabledUserTokenIsRefusedOnTheNextRequest) {
  std::string name = UniqueName("iam-disable");
  std::string id = CreateUserWithPassword(name);
  ClientResponse issued = RequestToken(name, kPassword);
  ASSERT_EQ(issued.status, 201) << issued.body;
  std::string user_token = issued.Header("X-Subject-Token");
  ASSERT_EQ(StatusWithToken(user_token), 403);

  ASSERT_EQ(Send("PUT", "/v5/users/" + id, {{"enabled", false}}).status, 200);

  EXPECT_EQ(StatusWithToken(user_token), 401);
  EXPECT_EQ(RequestToken(name, kPassword).status, 401);
}

TEST_F(IamAdminApiTest, DeletedUserTokenIsRefusedOnTheNextRequest) {
  std::string name = UniqueName("iam-delete");
  std::string id = CreateUserWithPassword(name);
  std::string user_token = RequestToken(name, kPassword).Header("X-Subject-Token");
  ASSERT_EQ(StatusWithToken(user_token), 403);

  ASSERT_EQ(Send("DELETE", "/v5/users/" + id).status, 204);

  EXPECT_EQ(StatusWithToken(user_token), 401);
}

TEST_F(IamAdminApiTest, ChangedPasswordRevokesEarlierTokens) {
  std::string name = UniqueName("iam-repass");
  std::string id = CreateUserWithPassword(name);
  std::string user_token = RequestToken(name, kPassword).Header("X-Subject-Token");
  ASSERT_EQ(StatusWithToken(user_token), 403);

  ClientResponse changed =
      Send("PUT", "/v5/users/" + id + "/login-profile", {{"password", "Another-Password-2"}});

  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(StatusWithToken(user_token), 401);
  EXPECT_EQ(RequestToken(name, kPassword).status, 401);
  EXPECT_EQ(RequestToken(name, "Another-Password-2").status, 201);
}

// --- Access keys ------------------------------------------------------------------------

TEST_F(IamAdminApiTest, AccessKeyIsShownOnceAndRefusedOnceDisabledOrDeleted) {
  std::string id = CreateUser(UniqueName("iam-keys"));
  std::string keys = "/v5/users/" + id + "/access-keys";

  ClientResponse created = Send("POST", keys);
  ASSERT_EQ(created.status, 201) << created.body;
  nlohmann::json key = created.Json()["access_key"];
  ASSERT_TRUE(HasShape(key, kAccessKeyShape));
  std::string ak = key["access_key_id"];
  std::string sk = key["secret_access_key"];
  EXPECT_EQ(key["status"], "active");
  ClientResponse listed = Send("GET", keys);
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(listed.Json()["access_keys"].size(), 1u);
  EXPECT_TRUE(HasShape(listed.Json()["access_keys"][0], kAccessKeyMetadataShape));
  EXPECT_EQ(StatusWithKey(ak, sk), 403);

  ClientResponse disabled = Send("PUT", keys + "/" + ak, {{"status", "inactive"}});
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_TRUE(HasShape(disabled.Json()["access_key"], kAccessKeyMetadataShape));
  EXPECT_EQ(disabled.Json()["access_key"]["status"], "inactive");
  EXPECT_EQ(StatusWithKey(ak, sk), 401);

  ASSERT_EQ(Send("PUT", keys + "/" + ak, {{"status", "active"}}).status, 200);
  EXPECT_EQ(StatusWithKey(ak, sk), 403);
  EXPECT_EQ(Send("DELETE", keys + "/" + ak).status, 204);
  EXPECT_EQ(StatusWithKey(ak, sk), 401);
  EXPECT_TRUE(IsIamError(Send("DELETE", keys + "/" + ak), 404, "WSAPP.00060404"));
}

TEST_F(IamAdminApiTest, AccessKeyRejectsBadStatusAndThirdKey) {
  std::string id = CreateUser(UniqueName("iam-quota"));
  std::string keys = "/v5/users/" + id + "/access-keys";
  ASSERT_EQ(Send("POST", keys).status, 201);
  std::string ak = Send("POST", keys).Json()["access_key"].value("access_key_id", "");

  EXPECT_TRUE(IsIamError(Send("POST", keys), 400, "WSAPP.00060400"));
  EXPECT_TRUE(IsIamError(Send("PUT", keys + "/" + ak, {{"status", "off"}}), 400, "WSAPP.00060400"));
}

// --- Groups -----------------------------------------------------------------------------

TEST_F(IamAdminApiTest, GroupLifecycleWithMembers) {
  std::string name = UniqueName("iam-group");
  ClientResponse created = Send("POST", "/v5/groups", {{"group_name", name}, {"description", "g"}});
  ASSERT_EQ(created.status, 201) << created.body;
  nlohmann::json group = created.Json()["group"];
  ASSERT_TRUE(HasShape(group, kGroupShape));
  EXPECT_EQ(group["urn"], "iam::" + server().account_id() + ":group:" + name);
  std::string id = group["group_id"];
  std::string user = CreateUser(UniqueName("iam-in-group"));

  ClientResponse added = Send("POST", "/v5/groups/" + id + "/add-user", {{"user_id", user}});
  ClientResponse of_user = Send("GET", "/v5/groups?user_id=" + user);
  ClientResponse renamed = Send("PUT", "/v5/groups/" + id, {{"new_group_name", name + "-b"}});
  ClientResponse removed = Send("POST", "/v5/groups/" + id + "/remove-user", {{"user_id", user}});
  ClientResponse none = Send("GET", "/v5/groups?user_id=" + user);
  ClientResponse deleted = Send("DELETE", "/v5/groups/" + id);

  EXPECT_EQ(added.status, 200);
  EXPECT_EQ(added.Json(), nlohmann::json::object());
  ASSERT_EQ(of_user.Json()["groups"].size(), 1u);
  EXPECT_TRUE(HasShape(of_user.Json()["groups"][0], kGroupShape));
  EXPECT_EQ(renamed.Json()["group"]["group_name"], name + "-b");
  EXPECT_EQ(removed.status, 200);
  EXPECT_TRUE(none.Json()["groups"].empty());
  EXPECT_EQ(deleted.status, 204);
}

TEST_F(IamAdminApiTest, GroupRejectsBadAndDuplicateNames) {
  std::string name = UniqueName("iam-gdup");
  CreateGroup(name);

  EXPECT_TRUE(
      IsIamError(Send("POST", "/v5/groups", {{"group_name", name}}), 409, "WSAPP.00060409"));
  EXPECT_TRUE(
      IsIamError(Send("POST", "/v5/groups", {{"group_name", "a/b"}}), 400, "WSAPP.00060400"));
  EXPECT_TRUE(
      IsIamError(Send("POST", "/v5/groups", nlohmann::json::object()), 400, "WSAPP.00060400"));
}

// --- Policies ---------------------------------------------------------------------------

TEST_F(IamAdminApiTest, CreatePolicyReturnsThePolicyModelAndVersionOne) {
  std::string name = UniqueName("iam-policy");

  ClientResponse created =
      Send("POST", "/v5/policies",
           {{"policy_name", name}, {"policy_document", kDocument}, {"description", "all"}});
  std::string id = created.Json()["policy"].value("policy_id", "");
  ClientResponse shown = Send("GET", "/v5/policies/" + id);
  ClientResponse version = Send("GET", "/v5/policies/" + id + "/versions/v1");
  ClientResponse no_version = Send("GET", "/v5/policies/" + id + "/versions/v2");

  ASSERT_EQ(created.status, 201) << created.body;
  nlohmann::json policy = created.Json()["policy"];
  ASSERT_TRUE(HasShape(policy, kPolicyShape));
  EXPECT_EQ(policy["policy_type"], "custom");
  EXPECT_EQ(policy["default_version_id"], "v1");
  EXPECT_EQ(policy["attachment_count"], 0);
  EXPECT_EQ(policy["urn"], "iam::" + server().account_id() + ":policy:" + name);
  EXPECT_TRUE(HasShape(shown.Json()["policy"], kPolicyShape));
  ASSERT_EQ(version.status, 200) << version.body;
  EXPECT_TRUE(HasShape(version.Json()["policy_version"], kPolicyVersionShape));
  EXPECT_EQ(version.Json()["policy_version"]["document"], kDocument);
  EXPECT_EQ(version.Json()["policy_version"]["is_default"], true);
  EXPECT_TRUE(IsIamError(no_version, 404, "WSAPP.00060404"));
}

TEST_F(IamAdminApiTest, CreatePolicyRejectsBadDocumentsAndNames) {
  struct Case {
    const char* label;
    nlohmann::json body;
    const char* code;
  };
  const std::vector<Case> cases = {
      {"not JSON", {{"policy_name", "p1"}, {"policy_document", "{"}}, "PAP5.0011"},
      {"wrong version",
       {{"policy_name", "p2"},
        {"policy_document",
         R"({"Version":"1.1","Statement":[{"Effect":"Allow","Action":["*"]}]})"}},
       "PAP5.0011"},
      {"bad effect",
       {{"policy_name", "p3"},
        {"policy_document",
         R"({"Version":"5.0","Statement":[{"Effect":"Maybe","Action":["*"]}]})"}},
       "PAP5.0011"},
      {"missing document", {{"policy_name", "p4"}}, "WSAPP.00060400"},
      {"bad name", {{"policy_name", "a b"}, {"policy_document", kDocument}}, "WSAPP.00060400"},
      {"bad path",
       {{"policy_name", "p5"}, {"policy_document", kDocument}, {"path", "x"}},
       "PAP5.0030"},
  };
  for (const Case& c : cases) {
    EXPECT_TRUE(IsIamError(Send("POST", "/v5/policies", c.body), 400, c.code)) << c.label;
  }
}

TEST_F(IamAdminApiTest, CreatePolicyRejectsDuplicateName) {
  std::string name = UniqueName("iam-pdup");
  CreatePolicy(name);

  ClientResponse response =
      Send("POST", "/v5/policies", {{"policy_name", name}, {"policy_document", kDocument}});

  EXPECT_TRUE(IsIamError(response, 409, "WSAPP.00060409"));
}

TEST_F(IamAdminApiTest, AttachDetachAndListAttachedPolicies) {
  std::string policy = CreatePolicy(UniqueName("iam-attach"));
  std::string user = CreateUser(UniqueName("iam-attached-user"));
  std::string group = CreateGroup(UniqueName("iam-attached-group"));
  std::string base = "/v5/policies/" + policy;

  ClientResponse to_user = Send("POST", base + "/attach-user", {{"user_id", user}});
  ClientResponse to_group = Send("POST", base + "/attach-group", {{"group_id", group}});
  ClientResponse of_user = Send("GET", "/v5/users/" + user + "/attached-policies");
  ClientResponse of_group = Send("GET", "/v5/groups/" + group + "/attached-policies");
  ClientResponse counted = Send("GET", base);
  ClientResponse delete_attached = Send("DELETE", base);

  EXPECT_EQ(to_user.status, 200) << to_user.body;
  EXPECT_EQ(to_user.Json(), nlohmann::json::object());
  EXPECT_EQ(to_group.status, 200) << to_group.body;
  ASSERT_EQ(of_user.Json()["attached_policies"].size(), 1u) << of_user.body;
  EXPECT_TRUE(HasShape(of_user.Json()["attached_policies"][0], kAttachedPolicyShape));
  EXPECT_TRUE(HasShape(of_user.Json()["page_info"], kPageInfoShape));
  EXPECT_EQ(of_group.Json()["attached_policies"][0]["policy_id"], policy);
  EXPECT_EQ(counted.Json()["policy"]["attachment_count"], 2);
  EXPECT_TRUE(IsIamError(delete_attached, 409, "WSAPP.00060409"));

  EXPECT_EQ(Send("POST", base + "/detach-user", {{"user_id", user}}).status, 200);
  EXPECT_EQ(Send("POST", base + "/detach-group", {{"group_id", group}}).status, 200);
  EXPECT_TRUE(
      IsIamError(Send("POST", base + "/detach-user", {{"user_id", user}}), 404, "WSAPP.00060404"));
  EXPECT_EQ(Send("DELETE", base).status, 204);
}

TEST_F(IamAdminApiTest, AttachToUnknownPrincipalIsNotFound) {
  std::string policy = CreatePolicy(UniqueName("iam-attach-unknown"));
  const std::string unknown = "0123456789abcdef0123456789abcdef";

  ClientResponse user =
      Send("POST", "/v5/policies/" + policy + "/attach-user", {{"user_id", unknown}});
  ClientResponse group =
      Send("POST", "/v5/policies/" + policy + "/attach-group", {{"group_id", unknown}});

  EXPECT_TRUE(IsIamError(user, 404, "WSAPP.00060404"));
  EXPECT_TRUE(IsIamError(group, 404, "WSAPP.00060404"));
}

TEST_F(IamAdminApiTest, SystemPoliciesAreListedAttachableAndNotDeletable) {
  ClientResponse listed = Send("GET", "/v5/policies?policy_type=system");
  ASSERT_EQ(listed.status, 200) << listed.body;
  std::vector<std::string> names;
  std::string full_access_id;
  nlohmann::json body = listed.Json();
  for (const nlohmann::json& policy : body["policies"]) {
    EXPECT_TRUE(HasShape(policy, kPolicyShape));
    EXPECT_EQ(policy["policy_type"], "system");
    names.push_back(policy["policy_name"]);
    if (policy["policy_name"] == "WorkspaceApp FullAccess") {
      full_access_id = policy["policy_id"];
    }
  }
  EXPECT_EQ(names.size(), 2u);
  ASSERT_FALSE(full_access_id.empty()) << listed.body;
  std::string user = CreateUser(UniqueName("iam-system"));

  ClientResponse attached =
      Send("POST", "/v5/policies/" + full_access_id + "/attach-user", {{"user_id", user}});
  ClientResponse deleted = Send("DELETE", "/v5/policies/" + full_access_id);

  EXPECT_EQ(attached.status, 200) << attached.body;
  EXPECT_TRUE(IsIamError(deleted, 400, "WSAPP.00060400"));
  EXPECT_EQ(Send("DELETE", "/v5/users/" + user).status, 204);
}

TEST_F(IamAdminApiTest, RequestsWithoutCredentialsAreUnauthenticated) {
  ClientResponse response = api().http().Send(MakeRequest("GET", "/v5/users"));

  EXPECT_TRUE(IsIamError(response, 401, "APIG.0301"));
}

}  // namespace
}  // namespace wsapp::testing
