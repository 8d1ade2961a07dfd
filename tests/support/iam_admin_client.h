#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "common/result.h"
#include "support/http_client.h"

namespace wsapp::testing {

// Set-up steps of the IAM administration API (v5) as the root user: users with passwords,
// identity policies and their attachments, IAM groups, and tokens for the users made. Each
// returns an error naming the reply instead of a half-built state. Not thread-safe.
class IamAdminClient {
 public:
  // `root_token` is a root token (any scope: the v5 API is account-wide); `account_name` is the
  // domain name that users log in under.
  IamAdminClient(uint16_t port, std::string root_token, std::string account_name);

  HttpClient& http() { return http_; }

  // Sends `method` `target` with the root token and `body` as JSON (none when null).
  ClientResponse Send(const std::string& method, const std::string& target,
                      const nlohmann::json& body = nullptr);

  // An enabled user named `name` with a login profile of `password`; returns its id.
  Result<std::string> CreateUserWithPassword(const std::string& name, const std::string& password);
  // A custom identity policy with `document` (Version "5.0" JSON); returns its id.
  Result<std::string> CreatePolicy(const std::string& name, const nlohmann::json& document);
  // The id of the system policy named `name` (D23).
  Result<std::string> SystemPolicyId(const std::string& name);
  Status AttachToUser(const std::string& policy_id, const std::string& user_id);
  Status DetachFromUser(const std::string& policy_id, const std::string& user_id);
  Status AttachToGroup(const std::string& policy_id, const std::string& group_id);
  Result<std::string> CreateGroup(const std::string& name);
  Status AddToGroup(const std::string& group_id, const std::string& user_id);
  Status RemoveFromGroup(const std::string& group_id, const std::string& user_id);

  // A token from POST /v3/auth/tokens for the user, scoped to `project_id`, or to the domain
  // when `project_id` is empty.
  Result<std::string> Token(const std::string& user_name, const std::string& password,
                            const std::string& project_id);

 private:
  // Sends and checks the status; the reply's JSON on success.
  Result<nlohmann::json> Expect(int status, const std::string& method, const std::string& target,
                                const nlohmann::json& body);

  HttpClient http_;
  std::string root_token_;
  std::string account_name_;
};

}  // namespace wsapp::testing
