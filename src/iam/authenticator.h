#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "api/http_message.h"
#include "common/result.h"
#include "iam/principal.h"
#include "iam/sdk_signature.h"
#include "iam/token_service.h"
#include "store/store.h"

namespace wsapp::iam {

// Turns the credentials of a request into a Principal: an X-Auth-Token, or an SDK-HMAC-SHA256
// signature made with an access key. Every call re-reads the user and key from the store, so a
// disabled or deleted user or key, or a revoked token, fails on the very next request (D16).
// Accounts are kept once read: nothing changes or deletes an account once it exists.
// Thread-safe.
class Authenticator {
 public:
  Authenticator(store::Store& store, TokenService& tokens, const SdkSignatureVerifier& verifier);

  // Errors: kUnauthenticated with a public reason (no credentials, both kinds at once (D5),
  // bad, expired or revoked token, unknown or disabled key, bad or expired signature);
  // kUnavailable / kInternal from the store.
  Result<Principal> Authenticate(const api::HttpRequest& request);

 private:
  Result<Principal> AuthenticateToken(store::UnitOfWork& unit, std::string_view token);
  Result<Principal> AuthenticateSignature(store::UnitOfWork& unit,
                                          const api::HttpRequest& request,
                                          std::string_view authorization);
  // Fills the principal from the user (as read in this unit) and the user's account.
  Status FillUser(store::UnitOfWork& unit, const std::optional<domain::User>& user,
                  Principal& principal);
  // The account, from memory after the first read. Errors: the store's.
  Result<std::optional<domain::Account>> FindAccount(store::UnitOfWork& unit,
                                                     const std::string& account_id);

  store::Store& store_;
  TokenService& tokens_;
  const SdkSignatureVerifier& verifier_;
  std::mutex mutex_;
  std::map<std::string, domain::Account> accounts_;  // by id; guarded by mutex_
};

}  // namespace wsapp::iam
