#include "iam/login_service.h"

#include "common/password.h"

namespace wsapp::iam {
namespace {

Error WrongCredentials() {
  return MakeError(ErrorCode::kUnauthenticated, "The username or password is wrong.",
                   "wrong_password");
}

}  // namespace

LoginService::LoginService(store::Store& store, TokenService& tokens)
    : store_(store), tokens_(tokens) {}

Result<domain::User> LoginService::FindUser(store::UnitOfWork& unit, const PasswordLogin& login,
                                            domain::Account* account) {
  std::optional<domain::User> user;
  if (!login.user_id.empty()) {
    WSAPP_ASSIGN_OR_RETURN(user, unit.FindUserById(login.user_id));
  } else {
    std::optional<domain::Account> named;
    if (!login.domain_id.empty()) {
      WSAPP_ASSIGN_OR_RETURN(named, unit.FindAccountById(login.domain_id));
    } else {
      WSAPP_ASSIGN_OR_RETURN(named, unit.FindAccountByName(login.domain_name));
    }
    if (!named) {
      return WrongCredentials();
    }
    WSAPP_ASSIGN_OR_RETURN(user, unit.FindUserByName(named->id, login.user_name));
  }
  if (!user) {
    return WrongCredentials();
  }
  WSAPP_ASSIGN_OR_RETURN(auto owner, unit.FindAccountById(user->account_id));
  if (!owner) {
    return WrongCredentials();
  }
  *account = *owner;
  return *user;
}

Result<LoginResult> LoginService::Login(const PasswordLogin& login) {
  WSAPP_ASSIGN_OR_RETURN(auto unit, store_.Begin(store::Store::Mode::kRead));
  LoginResult result;
  WSAPP_ASSIGN_OR_RETURN(result.user, FindUser(*unit, login, &result.account));
  // The same answer for an unknown user and a wrong password, so names cannot be probed.
  if (!VerifyPassword(login.password, {result.user.password_hash, result.user.password_salt})) {
    return WrongCredentials();
  }
  if (!result.user.is_enabled) {
    return MakeError(ErrorCode::kUnauthenticated, "The user is disabled.", "user_disabled");
  }
  if (!login.is_domain_scope) {
    std::optional<domain::Project> project;
    if (!login.project_id.empty()) {
      WSAPP_ASSIGN_OR_RETURN(project, unit->FindProjectById(login.project_id));
    } else {
      WSAPP_ASSIGN_OR_RETURN(auto named, unit->ListProjects(result.account.id, login.project_name));
      if (!named.empty()) {
        project = named.front();
      }
    }
    if (!project || project->account_id != result.account.id) {
      return MakeError(ErrorCode::kUnauthenticated,
                       "The requested project scope is not available to this user.", "bad_scope");
    }
    result.project = std::move(project);
  }
  WSAPP_ASSIGN_OR_RETURN(result.token,
                         tokens_.Issue(*unit, result.user.id, result.account.id,
                                       result.project ? result.project->id : std::string(),
                                       result.user.revocation_counter));
  return result;
}

}  // namespace wsapp::iam
