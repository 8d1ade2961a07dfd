#include "support/iam_admin_client.h"

#include <vector>

namespace wsapp::testing {
namespace {

Status StatusOf(const Result<nlohmann::json>& reply) {
  if (!reply.ok()) {
    return reply.error();
  }
  return OkStatus();
}

}  // namespace

IamAdminClient::IamAdminClient(uint16_t port, std::string root_token, std::string account_name)
    : http_(port), root_token_(std::move(root_token)), account_name_(std::move(account_name)) {}

ClientResponse IamAdminClient::Send(const std::string& method, const std::string& target,
                                    const nlohmann::json& body) {
  std::vector<api::Header> headers = {{"X-Auth-Token", root_token_}};
  std::string text;
  if (!body.is_null()) {
    headers.push_back({"Content-Type", "application/json"});
    text = body.dump();
  }
  return http_.Send(MakeRequest(method, target, headers, text));
}

Result<nlohmann::json> IamAdminClient::Expect(int status, const std::string& method,
                                              const std::string& target,
                                              const nlohmann::json& body) {
  ClientResponse response = Send(method, target, body);
  if (response.status != status) {
    return InternalError(method + " " + target + " answered " + std::to_string(response.status) +
                         ": " + response.body);
  }
  return response.Json();
}

Result<std::string> IamAdminClient::CreateUserWithPassword(const std::string& name,
                                                           const std::string& password) {
  WSAPP_ASSIGN_OR_RETURN(nlohmann::json created,
                         Expect(201, "POST", "/v5/users", {{"name", name}, {"enabled", true}}));
  std::string id = created["user"].value("user_id", "");
  WSAPP_RETURN_IF_ERROR(
      StatusOf(Expect(201, "POST", "/v5/users/" + id + "/login-profile",
                      {{"password", password}, {"password_reset_required", false}})));
  return id;
}

Result<std::string> IamAdminClient::CreatePolicy(const std::string& name,
                                                 const nlohmann::json& document) {
  WSAPP_ASSIGN_OR_RETURN(nlohmann::json created,
                         Expect(201, "POST", "/v5/policies",
                                {{"policy_name", name}, {"policy_document", document.dump()}}));
  return created["policy"].value("policy_id", "");
}

Result<std::string> IamAdminClient::SystemPolicyId(const std::string& name) {
  WSAPP_ASSIGN_OR_RETURN(nlohmann::json listed,
                         Expect(200, "GET", "/v5/policies?policy_type=system", nullptr));
  for (const nlohmann::json& policy : listed["policies"]) {
    if (policy.value("policy_name", "") == name) {
      return policy.value("policy_id", "");
    }
  }
  return InternalError("no system policy named " + name);
}

Status IamAdminClient::AttachToUser(const std::string& policy_id, const std::string& user_id) {
  return StatusOf(
      Expect(200, "POST", "/v5/policies/" + policy_id + "/attach-user", {{"user_id", user_id}}));
}

Status IamAdminClient::DetachFromUser(const std::string& policy_id, const std::string& user_id) {
  return StatusOf(
      Expect(200, "POST", "/v5/policies/" + policy_id + "/detach-user", {{"user_id", user_id}}));
}

Status IamAdminClient::AttachToGroup(const std::string& policy_id, const std::string& group_id) {
  return StatusOf(
      Expect(200, "POST", "/v5/policies/" + policy_id + "/attach-group", {{"group_id", group_id}}));
}

Result<std::string> IamAdminClient::CreateGroup(const std::string& name) {
  WSAPP_ASSIGN_OR_RETURN(nlohmann::json created,
                         Expect(201, "POST", "/v5/groups", {{"group_name", name}}));
  return created["group"].value("group_id", "");
}

Status IamAdminClient::AddToGroup(const std::string& group_id, const std::string& user_id) {
  return StatusOf(
      Expect(200, "POST", "/v5/groups/" + group_id + "/add-user", {{"user_id", user_id}}));
}

Status IamAdminClient::RemoveFromGroup(const std::string& group_id, const std::string& user_id) {
  return StatusOf(
      Expect(200, "POST", "/v5/groups/" + group_id + "/remove-user", {{"user_id", user_id}}));
}

Result<std::string> IamAdminClient::Token(const std::string& user_name, const std::string& password,
                                          const std::string& project_id) {
  nlohmann::json scope = {{"domain", {{"name", account_name_}}}};
  if (!project_id.empty()) {
    scope = {{"project", {{"id", project_id}}}};
  }
  nlohmann::json body = {{"auth",
                          {{"identity",
                            {{"methods", {"password"}},
                             {"password",
                              {{"user",
                                {{"domain", {{"name", account_name_}}},
                                 {"name", user_name},
                                 {"password", password}}}}}}},
                           {"scope", scope}}}};
  ClientResponse response = http_.Send(
      MakeRequest("POST", "/v3/auth/tokens", {{"Content-Type", "application/json"}}, body.dump()));
  std::string token = response.Header("X-Subject-Token");
  if (response.status != 201 || token.empty()) {
    return InternalError("token for " + user_name + " answered " + std::to_string(response.status) +
                         ": " + response.body);
  }
  return token;
}

}  // namespace wsapp::testing
