#pragma once

#include <string>

namespace wsapp::iam {

enum class AuthMethod { kToken, kAccessKey };

// Who is calling, after authentication.
struct Principal {
  std::string user_id;
  std::string user_name;
  std::string account_id;
  std::string account_name;
  bool is_root = false;
  AuthMethod method = AuthMethod::kToken;
  // For tokens: the project the token is scoped to, or empty for a domain-scoped token.
  std::string token_project_id;
  // For access keys: the key, and the X-Project-Id header when the client sent one.
  std::string access_key;
  std::string header_project_id;
  bool has_header_project_id = false;
  // Token id or a short prefix of the access key, safe for logs.
  std::string credential_id;
};

}  // namespace wsapp::iam
