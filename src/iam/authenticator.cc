#include "iam/authenticator.h"

namespace wsapp::iam {
namespace {

Error Unauthenticated(std::string reason_text, std::string reason) {
  return MakeError(ErrorCode::kUnauthenticated, std::move(reason_text), std::move(reason));
}

}  // namespace

Authenticator::Authenticator(store::Store& store, TokenService& tokens,
                             const SdkSignatureVerifier& verifier)
    : store_(store), tokens_(tokens), verifier_(verifier) {}

Result<Principal> Authenticator::Authenticate(const api::HttpRequest& request) {
  // A repeated credential header could be read one way here and another way by a proxy or a
  // log: refused, as duplicate JSON members are (D4).
  for (const char* name :
       {"X-Auth-Token", "Authorization", "X-Sdk-Date", "X-Project-Id", "X-Security-Token"}) {
    if (request.CountHeader(name) > 1) {
      return Unauthenticated(std::string("repeated ") + name + " header", "ambiguous_credentials");
    }
  }
  const std::string* token = request.FindHeader("X-Auth-Token");
  const std::string* authorization = request.FindHeader("Authorization");
  if (token != nullptr && authorization != nullptr) {
    return Unauthenticated(
        "ambiguous credentials: send either X-Auth-Token or an AK/SK signature, not both",
        "ambiguous_credentials");
  }
  if (token == nullptr && authorization == nullptr) {
    return Unauthenticated("x-auth-token not found", "missing_credentials");
  }
  WSAPP_ASSIGN_OR_RETURN(auto unit, store_.Begin(store::Store::Mode::kRead));
  if (token != nullptr) {
    return AuthenticateToken(*unit, *token);
  }
  return AuthenticateSignature(*unit, request, *authorization);
}

Result<Principal> Authenticator::AuthenticateToken(store::UnitOfWork& unit,
                                                   std::string_view token) {
  WSAPP_ASSIGN_OR_RETURN(TokenClaims claims, tokens_.Verify(unit, token));
  Principal principal;
  principal.method = AuthMethod::kToken;
  principal.token_project_id = claims.project_id;
  principal.credential_id = claims.token_id;
  WSAPP_ASSIGN_OR_RETURN(auto user, unit.FindUserById(claims.user_id));
  // A password change, disable or delete moves the counter, revoking every earlier token.
  if (!user || user->revocation_counter != claims.revocation_counter) {
    return Unauthenticated("token has been revoked", "token_revoked");
  }
  WSAPP_RETURN_IF_ERROR(FillUser(unit, user, principal));
  return principal;
}

Result<Principal> Authenticator::AuthenticateSignature(store::UnitOfWork& unit,
                                                       const api::HttpRequest& request,
                                                       std::string_view authorization) {
  if (!IsSdkHmacAuthorization(authorization)) {
    return Unauthenticated("unsupported authorization scheme, expected SDK-HMAC-SHA256",
                           "unsupported_scheme");
  }
  if (request.FindHeader("X-Security-Token") != nullptr) {
    return Unauthenticated("temporary security credentials are not supported",
                           "unsupported_credentials");
  }
  WSAPP_ASSIGN_OR_RETURN(SdkAuthorization parsed, ParseSdkAuthorization(authorization));
  WSAPP_ASSIGN_OR_RETURN(auto found, unit.FindAccessKeyAndUser(parsed.access_key));
  const domain::AccessKey* key = found ? &found->key : nullptr;
  if (key == nullptr) {
    return Unauthenticated("Get secretKey failed,ak:" + parsed.access_key + ",err:ak not exist",
                           "unknown_access_key");
  }
  if (!key->is_enabled) {
    return Unauthenticated("access key is disabled", "access_key_disabled");
  }
  WSAPP_RETURN_IF_ERROR(verifier_.Verify(request, parsed, key->secret_key));
  Principal principal;
  principal.method = AuthMethod::kAccessKey;
  principal.access_key = key->access_key;
  principal.credential_id = key->access_key.substr(0, 6) + "...";
  if (const std::string* project = request.FindHeader("X-Project-Id")) {
    principal.header_project_id = *project;
    principal.has_header_project_id = true;
  }
  WSAPP_RETURN_IF_ERROR(FillUser(unit, found->user, principal));
  return principal;
}

Status Authenticator::FillUser(store::UnitOfWork& unit, const std::optional<domain::User>& user,
                               Principal& principal) {
  if (!user) {
    return Unauthenticated("the user no longer exists", "user_deleted");
  }
  if (!user->is_enabled) {
    return Unauthenticated("the user is disabled", "user_disabled");
  }
  WSAPP_ASSIGN_OR_RETURN(auto account, FindAccount(unit, user->account_id));
  if (!account) {
    return Unauthenticated("the account no longer exists", "account_deleted");
  }
  principal.user_id = user->id;
  principal.user_name = user->name;
  principal.account_id = account->id;
  principal.account_name = account->name;
  principal.is_root = user->is_root;
  return OkStatus();
}

Result<std::optional<domain::Account>> Authenticator::FindAccount(store::UnitOfWork& unit,
                                                                  const std::string& account_id) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = accounts_.find(account_id);
    if (it != accounts_.end()) {
      return std::optional<domain::Account>(it->second);
    }
  }
  WSAPP_ASSIGN_OR_RETURN(auto account, unit.FindAccountById(account_id));
  if (account) {
    std::lock_guard<std::mutex> lock(mutex_);
    accounts_.emplace(account_id, *account);
  }
  return account;
}

}  // namespace wsapp::iam
