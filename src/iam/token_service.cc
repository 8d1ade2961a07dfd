#include "iam/token_service.h"

#include <nlohmann/json.hpp>
#include <optional>

#include "common/crypto.h"
#include "common/time_format.h"

namespace wsapp::iam {
namespace {

constexpr std::string_view kTokenPrefix = "wsa1.";

Error BadToken() {
  return MakeError(ErrorCode::kUnauthenticated, "decrypt token fail", "bad_token");
}

nlohmann::json ClaimsToJson(const TokenClaims& claims) {
  return {{"jti", claims.token_id},           {"sub", claims.user_id},
          {"acct", claims.account_id},        {"proj", claims.project_id},
          {"iat", claims.issued_at_millis},   {"exp", claims.expires_at_millis},
          {"rev", claims.revocation_counter}, {"kid", claims.key_id}};
}

Result<TokenClaims> ClaimsFromJson(std::string_view text) {
  nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) {
    return BadToken();
  }
  TokenClaims claims;
  try {
    claims.token_id = json.at("jti").get<std::string>();
    claims.user_id = json.at("sub").get<std::string>();
    claims.account_id = json.at("acct").get<std::string>();
    claims.project_id = json.at("proj").get<std::string>();
    claims.issued_at_millis = json.at("iat").get<int64_t>();
    claims.expires_at_millis = json.at("exp").get<int64_t>();
    claims.revocation_counter = json.at("rev").get<int64_t>();
    claims.key_id = json.at("kid").get<std::string>();
  } catch (const nlohmann::json::exception&) {
    return BadToken();
  }
  return claims;
}

}  // namespace

TokenService::TokenService(const Clock& clock, std::chrono::seconds lifetime)
    : clock_(clock), lifetime_(lifetime) {}

Status TokenService::EnsureSigningKey(store::UnitOfWork& unit) {
  WSAPP_ASSIGN_OR_RETURN(auto newest, unit.FindNewestSigningKey());
  if (newest) {
    return OkStatus();
  }
  domain::SigningKey key;
  WSAPP_ASSIGN_OR_RETURN(key.key_id, RandomHexId());
  WSAPP_ASSIGN_OR_RETURN(key.secret, RandomBytes(32));
  key.created_at_millis = ToUnixMillis(clock_.Now());
  return unit.InsertSigningKey(key);
}

Result<IssuedToken> TokenService::Issue(store::UnitOfWork& unit, const std::string& user_id,
                                        const std::string& account_id,
                                        const std::string& project_id, int64_t revocation_counter) {
  WSAPP_ASSIGN_OR_RETURN(auto key, unit.FindNewestSigningKey());
  if (!key) {
    return MakeError(ErrorCode::kFailedPrecondition, "no token signing key in the store");
  }
  IssuedToken issued;
  TokenClaims& claims = issued.claims;
  WSAPP_ASSIGN_OR_RETURN(claims.token_id, RandomHexId());
  claims.user_id = user_id;
  claims.account_id = account_id;
  claims.project_id = project_id;
  claims.issued_at_millis = ToUnixMillis(clock_.Now());
  claims.expires_at_millis =
      claims.issued_at_millis +
      std::chrono::duration_cast<std::chrono::milliseconds>(lifetime_).count();
  claims.revocation_counter = revocation_counter;
  claims.key_id = key->key_id;
  std::string signed_part =
      std::string(kTokenPrefix) + Base64UrlEncode(ClaimsToJson(claims).dump());
  issued.token = signed_part + "." + Base64UrlEncode(HmacSha256(key->secret, signed_part));
  return issued;
}

Result<TokenClaims> TokenService::Verify(store::UnitOfWork& unit, std::string_view token) {
  std::optional<TokenClaims> cached;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = verified_.find(std::string(token));
    if (it != verified_.end()) {
      cached = it->second;
    }
  }
  if (cached) {
    WSAPP_RETURN_IF_ERROR(CheckNotExpired(*cached));
    return *std::move(cached);
  }
  WSAPP_ASSIGN_OR_RETURN(TokenClaims claims, VerifySignature(unit, token));
  WSAPP_RETURN_IF_ERROR(CheckNotExpired(claims));
  std::lock_guard<std::mutex> lock(mutex_);
  // The bound keeps a flood of distinct valid tokens from growing the map without end; a
  // cleared entry costs one more signature check.
  if (verified_.size() >= kMaxVerifiedTokens) {
    verified_.clear();
  }
  verified_.emplace(token, claims);
  return claims;
}

Status TokenService::CheckNotExpired(const TokenClaims& claims) const {
  if (ToUnixMillis(clock_.Now()) >= claims.expires_at_millis) {
    return MakeError(ErrorCode::kUnauthenticated,
                     "token expires, expires_at: " + FormatMillisUtc(claims.expires_at_millis),
                     "token_expired");
  }
  return OkStatus();
}

Result<TokenClaims> TokenService::VerifySignature(store::UnitOfWork& unit, std::string_view token) {
  if (token.substr(0, kTokenPrefix.size()) != kTokenPrefix) {
    return BadToken();
  }
  size_t dot = token.rfind('.');
  if (dot <= kTokenPrefix.size()) {
    return BadToken();
  }
  std::string_view signed_part = token.substr(0, dot);
  auto payload = Base64UrlDecode(signed_part.substr(kTokenPrefix.size()));
  auto signature = Base64UrlDecode(token.substr(dot + 1));
  if (!payload.ok() || !signature.ok()) {
    return BadToken();
  }
  WSAPP_ASSIGN_OR_RETURN(TokenClaims claims, ClaimsFromJson(*payload));
  auto secret = KeySecret(unit, claims.key_id);
  if (!secret.ok()) {
    return secret.error().code == ErrorCode::kNotFound ? BadToken() : secret.error();
  }
  // Constant-time: the signature is a secret-derived value an attacker is trying to guess.
  if (!ConstantTimeEquals(HmacSha256(*secret, signed_part), *signature)) {
    return BadToken();
  }
  return claims;
}

Result<std::string> TokenService::KeySecret(store::UnitOfWork& unit, const std::string& key_id) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = key_cache_.find(key_id);
    if (it != key_cache_.end()) {
      return it->second;
    }
  }
  WSAPP_ASSIGN_OR_RETURN(auto key, unit.FindSigningKey(key_id));
  if (!key) {
    return MakeError(ErrorCode::kNotFound, "unknown token signing key");
  }
  std::lock_guard<std::mutex> lock(mutex_);
  key_cache_.emplace(key_id, key->secret);
  return key->secret;
}

}  // namespace wsapp::iam
