#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/clock.h"
#include "common/result.h"
#include "store/store.h"

namespace wsapp::iam {

// What a token says. Tokens are self-contained and signed with a key kept in the store, so any
// instance sharing the store verifies any token (D16).
struct TokenClaims {
  std::string token_id;
  std::string user_id;
  std::string account_id;
  std::string project_id;  // empty for a domain-scoped token
  int64_t issued_at_millis = 0;
  int64_t expires_at_millis = 0;
  int64_t revocation_counter = 0;  // the user's counter when issued
  std::string key_id;
};

struct IssuedToken {
  std::string token;
  TokenClaims claims;
};

// Issues and verifies tokens. Thread-safe. Keys are immutable once stored, so verified keys are
// cached by id, and so are the claims of tokens whose signature has been checked (a token's
// claims cannot change either; its expiry is still checked on every use). User state is never
// cached (the caller checks it on every request).
class TokenService {
 public:
  TokenService(const Clock& clock, std::chrono::seconds lifetime);

  // Creates the first signing key if the store has none. Errors: the store's.
  Status EnsureSigningKey(store::UnitOfWork& unit);

  // Signs a token for the user with the newest key. Errors: kFailedPrecondition when the store
  // holds no signing key; the store's.
  Result<IssuedToken> Issue(store::UnitOfWork& unit, const std::string& user_id,
                            const std::string& account_id, const std::string& project_id,
                            int64_t revocation_counter);

  // Checks the token's form, signature and expiry. Errors: kUnauthenticated with a public
  // reason ("decrypt token fail", "token expires, expires_at: ...").
  Result<TokenClaims> Verify(store::UnitOfWork& unit, std::string_view token);

 private:
  static constexpr size_t kMaxVerifiedTokens = 16384;

  // Form and signature, without the expiry.
  Result<TokenClaims> VerifySignature(store::UnitOfWork& unit, std::string_view token);
  Status CheckNotExpired(const TokenClaims& claims) const;
  Result<std::string> KeySecret(store::UnitOfWork& unit, const std::string& key_id);

  const Clock& clock_;
  const std::chrono::seconds lifetime_;
  std::mutex mutex_;
  std::map<std::string, std::string> key_cache_;  // key id -> secret; guarded by mutex_
  // Token text -> its claims, once the signature has verified; guarded by mutex_.
  std::unordered_map<std::string, TokenClaims> verified_;
};

}  // namespace wsapp::iam
