#pragma once

#include <optional>
#include <string>

#include "common/result.h"
#include "domain/identity.h"
#include "iam/token_service.h"
#include "store/store.h"

namespace wsapp::iam {

// The password method of POST /v3/auth/tokens, with its scope.
struct PasswordLogin {
  std::string domain_id;    // the user's account, by id or by name
  std::string domain_name;
  std::string user_id;      // the user, by id or by name
  std::string user_name;
  std::string password;
  // Scope: a project by id, or by name within the user's account; or the account itself.
  std::string project_id;
  std::string project_name;
  bool is_domain_scope = false;
};

struct LoginResult {
  IssuedToken token;
  domain::User user;
  domain::Account account;
  std::optional<domain::Project> project;  // absent for a domain-scoped token
};

// Checks a password and issues a scoped token. Thread-safe.
class LoginService {
 public:
  LoginService(store::Store& store, TokenService& tokens);

  // Errors: kUnauthenticated ("The username or password is wrong.", or a disabled user, or a
  // project outside the user's account); the store's.
  Result<LoginResult> Login(const PasswordLogin& login);

 private:
  Result<domain::User> FindUser(store::UnitOfWork& unit, const PasswordLogin& login,
                                domain::Account* account);

  store::Store& store_;
  TokenService& tokens_;
};

}  // namespace wsapp::iam
