#include "iam/token_service.h"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/crypto.h"
#include "common/time_format.h"
#include "service/bootstrap.h"
#include "store/sqlite/sqlite_store.h"
#include "support/fake_clock.h"
#include "support/status_matchers.h"
#include "support/temp_dir.h"

namespace wsapp::iam {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using store::Store;
using store::UnitOfWork;
using testing::FakeClock;

constexpr char kUserId[] = "user0000000000000000000000000001";
constexpr char kAccountId[] = "acct000000000000000000000000001";
constexpr char kProjectId[] = "proj000000000000000000000000001";

// A token split at its last '.': the signed part and the signature.
struct TokenParts {
  std::string signed_part;
  std::string signature;
};

TokenParts Split(const std::string& token) {
  const size_t dot = token.rfind('.');
  return {token.substr(0, dot), token.substr(dot + 1)};
}

// The claims JSON inside the signed part, which is "<prefix>.<base64url(json)>".
nlohmann::json PayloadOf(const std::string& signed_part) {
  const size_t dot = signed_part.find('.');
  Result<std::string> json_text = Base64UrlDecode(signed_part.substr(dot + 1));
  EXPECT_TRUE(json_text.ok());
  return nlohmann::json::parse(json_text.ok() ? *json_text : "{}");
}

// The signed part with the payload replaced, keeping the prefix.
std::string WithPayload(const std::string& signed_part, const nlohmann::json& payload) {
  const size_t dot = signed_part.find('.');
  return signed_part.substr(0, dot + 1) + Base64UrlEncode(payload.dump());
}

class TokenServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenStore();
    ASSERT_NE(store_, nullptr);
    ASSERT_OK(InUnit(*store_, [this](UnitOfWork& unit) { return tokens_.EnsureSigningKey(unit); }));
  }

  static std::unique_ptr<Store> OpenStore() {
    auto opened = store::sqlite::SqliteStore::Open(
        {wsapp::testing::MakeTempDir("tokens_") + "/wsapp.db", true});
    EXPECT_TRUE(opened.ok()) << wsapp::testing::DescribeError(opened);
    return opened.ok() ? std::unique_ptr<Store>(std::move(opened).value()) : nullptr;
  }

  static Status InUnit(Store& store, const std::function<Status(UnitOfWork&)>& work) {
    WSAPP_ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> unit, store.Begin(Store::Mode::kWrite));
    WSAPP_RETURN_IF_ERROR(work(*unit));
    return unit->Commit();
  }

  Result<IssuedToken> Issue(TokenService& tokens, Store& store, int64_t revocation_counter = 0) {
    WSAPP_ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> unit, store.Begin(Store::Mode::kRead));
    return tokens.Issue(*unit, kUserId, kAccountId, kProjectId, revocation_counter);
  }

  Result<IssuedToken> Issue() { return Issue(tokens_, *store_); }

  Result<TokenClaims> Verify(TokenService& tokens, Store& store, const std::string& token) {
    WSAPP_ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> unit, store.Begin(Store::Mode::kRead));
    return tokens.Verify(*unit, token);
  }

  Result<TokenClaims> Verify(const std::string& token) { return Verify(tokens_, *store_, token); }

  // The secret of the newest key of `store`.
  std::string NewestSecret(Store& store) {
    auto unit = store.Begin(Store::Mode::kRead);
    EXPECT_TRUE(unit.ok());
    auto key = (*unit)->FindNewestSigningKey();
    EXPECT_TRUE(key.ok() && key->has_value());
    return (*key)->secret;
  }

  static void ExpectBadToken(const Result<TokenClaims>& verified, const std::string& label) {
    ASSERT_FALSE(verified.ok()) << label;
    EXPECT_EQ(verified.error().code, ErrorCode::kUnauthenticated) << label;
    EXPECT_EQ(verified.error().public_message, "decrypt token fail") << label;
  }

  FakeClock clock_;
  TokenService tokens_{clock_, hours(24)};
  std::unique_ptr<Store> store_;
};

TEST_F(TokenServiceTest, IssuedTokenVerifiesWithItsClaims) {
  Result<IssuedToken> issued = Issue(tokens_, *store_, /*revocation_counter=*/7);
  ASSERT_OK(issued);

  Result<TokenClaims> claims = Verify(issued->token);

  ASSERT_OK(claims);
  EXPECT_EQ(claims->user_id, kUserId);
  EXPECT_EQ(claims->account_id, kAccountId);
  EXPECT_EQ(claims->project_id, kProjectId);
  EXPECT_EQ(claims->revocation_counter, 7);
  EXPECT_EQ(claims->token_id, issued->claims.token_id);
  EXPECT_EQ(claims->key_id, issued->claims.key_id);
  EXPECT_EQ(claims->issued_at_millis, ToUnixMillis(clock_.Now()));
  EXPECT_EQ(claims->expires_at_millis, ToUnixMillis(clock_.Now()) + 24 * 3600 * 1000);
}

TEST_F(TokenServiceTest, DomainScopedTokenHasNoProject) {
  auto unit = store_->Begin(Store::Mode::kRead);
  ASSERT_OK(unit);
  Result<IssuedToken> issued = tokens_.Issue(**unit, kUserId, kAccountId, "", 0);
  ASSERT_OK(issued);

  Result<TokenClaims> claims = tokens_.Verify(**unit, issued->token);

  ASSERT_OK(claims);
  EXPECT_EQ(claims->project_id, "");
}

TEST_F(TokenServiceTest, EveryTokenHasItsOwnId) {
  Result<IssuedToken> first = Issue();
  Result<IssuedToken> second = Issue();

  ASSERT_OK(first);
  ASSERT_OK(second);
  EXPECT_NE(first->claims.token_id, second->claims.token_id);
  EXPECT_NE(first->token, second->token);
}

TEST_F(TokenServiceTest, TokenVerifiesUntilItsLastMillisecond) {
  Result<IssuedToken> issued = Issue();
  ASSERT_OK(issued);
  clock_.Advance(hours(24) - milliseconds(1));

  Result<TokenClaims> claims = Verify(issued->token);

  EXPECT_OK(claims);
}

TEST_F(TokenServiceTest, ExpiredTokenIsUnauthenticated) {
  Result<IssuedToken> issued = Issue();
  ASSERT_OK(issued);
  clock_.Advance(hours(24));

  Result<TokenClaims> claims = Verify(issued->token);

  ASSERT_FALSE(claims.ok());
  EXPECT_EQ(claims.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(claims.error().reason, "token_expired");
  EXPECT_EQ(claims.error().public_message,
            "token expires, expires_at: " + FormatMillisUtc(issued->claims.expires_at_millis));
}

// Verified claims are remembered; the expiry is checked again on every use all the same.
TEST_F(TokenServiceTest, TokenVerifiedEarlierStillExpires) {
  Result<IssuedToken> issued = Issue();
  ASSERT_OK(issued);
  ASSERT_OK(Verify(issued->token));
  clock_.Advance(hours(24));

  Result<TokenClaims> claims = Verify(issued->token);

  ASSERT_FALSE(claims.ok());
  EXPECT_EQ(claims.error().reason, "token_expired");
}

// A tampered copy of a token verified earlier is not taken for it.
TEST_F(TokenServiceTest, TamperedCopyOfAVerifiedTokenIsRejected) {
  Result<IssuedToken> issued = Issue();
  ASSERT_OK(issued);
  ASSERT_OK(Verify(issued->token));
  const TokenParts parts = Split(issued->token);
  std::string flipped = parts.signature;
  flipped[0] = flipped[0] == 'A' ? 'B' : 'A';

  ExpectBadToken(Verify(parts.signed_part + "." + flipped), "flipped after a verify");
  EXPECT_OK(Verify(issued->token));
}

TEST_F(TokenServiceTest, ConfiguredLifetimeIsUsed) {
  TokenService short_lived(clock_, std::chrono::seconds(60));
  Result<IssuedToken> issued = Issue(short_lived, *store_);
  ASSERT_OK(issued);
  clock_.Advance(std::chrono::seconds(61));

  Result<TokenClaims> claims = Verify(short_lived, *store_, issued->token);

  ASSERT_FALSE(claims.ok());
  EXPECT_EQ(claims.error().reason, "token_expired");
}

TEST_F(TokenServiceTest, TamperedPayloadIsRejected) {
  Result<IssuedToken> issued = Issue();
  ASSERT_OK(issued);
  const TokenParts parts = Split(issued->token);
  nlohmann::json payload = PayloadOf(parts.signed_part);
  ASSERT_TRUE(payload.is_object());
  struct Case {
    std::string label;
    std::string field;
    nlohmann::json value;
  };
  const std::vector<Case> cases = {
      {"another user", "sub", "user0000000000000000000000000002"},
      {"later expiry", "exp", payload.value("exp", int64_t{0}) + 3600 * 1000},
      {"older revocation counter", "rev", 99},
      {"another project", "proj", "proj000000000000000000000000002"},
  };

  for (const Case& row : cases) {
    nlohmann::json tampered = payload;
    tampered[row.field] = row.value;
    const std::string token = WithPayload(parts.signed_part, tampered) + "." + parts.signature;

    ExpectBadToken(Verify(token), row.label);
  }
}

TEST_F(TokenServiceTest, TamperedSignatureIsRejected) {
  Result<IssuedToken> issued = Issue();
  ASSERT_OK(issued);
  const TokenParts parts = Split(issued->token);
  std::string flipped = parts.signature;
  flipped[0] = flipped[0] == 'A' ? 'B' : 'A';

  Result<TokenClaims> claims = Verify(parts.signed_part + "." + flipped);

  ExpectBadToken(claims, "flipped signature character");
}

TEST_F(TokenServiceTest, MalformedTokensAreRejected) {
  Result<IssuedToken> issued = Issue();
  ASSERT_OK(issued);
  const TokenParts parts = Split(issued->token);
  const std::string prefix = parts.signed_part.substr(0, parts.signed_part.find('.') + 1);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"empty", ""},
      {"garbage", "not-a-token"},
      {"prefix only", prefix},
      {"prefix and dot", prefix + "."},
      {"no signature", parts.signed_part},
      {"empty signature", parts.signed_part + "."},
      {"truncated", issued->token.substr(0, issued->token.size() / 2)},
      {"signature not base64url", parts.signed_part + ".***"},
      {"payload not base64url", prefix + "%%%." + parts.signature},
      {"payload not JSON", prefix + Base64UrlEncode("nope") + "." + parts.signature},
      {"payload without claims", prefix + Base64UrlEncode("{}") + "." + parts.signature},
      {"other prefix", "xyz9." + issued->token.substr(prefix.size())},
      {"trailing data", issued->token + "x"},
  };

  for (const auto& [label, token] : cases) {
    ExpectBadToken(Verify(token), label);
  }
}

TEST_F(TokenServiceTest, TokenSignedWithAnUnknownKeyIdIsRejected) {
  Result<IssuedToken> issued = Issue();
  ASSERT_OK(issued);
  const TokenParts parts = Split(issued->token);
  nlohmann::json payload = PayloadOf(parts.signed_part);
  payload["kid"] = "00000000000000000000000000000000";
  const std::string signed_part = WithPayload(parts.signed_part, payload);
  // Signed with the store's real secret: only the key id is wrong.
  const std::string token =
      signed_part + "." + Base64UrlEncode(HmacSha256(NewestSecret(*store_), signed_part));

  Result<TokenClaims> claims = Verify(token);

  ExpectBadToken(claims, "unknown kid");
}

TEST_F(TokenServiceTest, TokenFromAnotherStoreIsRejected) {
  std::unique_ptr<Store> other_store = OpenStore();
  ASSERT_NE(other_store, nullptr);
  TokenService other_tokens(clock_, hours(24));
  ASSERT_OK(
      InUnit(*other_store, [&](UnitOfWork& unit) { return other_tokens.EnsureSigningKey(unit); }));
  Result<IssuedToken> foreign = Issue(other_tokens, *other_store);
  ASSERT_OK(foreign);

  Result<TokenClaims> claims = Verify(foreign->token);

  ExpectBadToken(claims, "foreign token");
}

TEST_F(TokenServiceTest, TokenSignedWithAnotherSecretUnderTheSameKeyIdIsRejected) {
  std::unique_ptr<Store> other_store = OpenStore();
  ASSERT_NE(other_store, nullptr);
  Result<IssuedToken> mine = Issue();
  ASSERT_OK(mine);
  ASSERT_OK(InUnit(*other_store, [&](UnitOfWork& unit) {
    return unit.InsertSigningKey({mine->claims.key_id, std::string(32, 'x'), 1});
  }));
  TokenService other_tokens(clock_, hours(24));
  Result<IssuedToken> foreign = Issue(other_tokens, *other_store);
  ASSERT_OK(foreign);
  ASSERT_EQ(foreign->claims.key_id, mine->claims.key_id);

  Result<TokenClaims> claims = Verify(foreign->token);

  ExpectBadToken(claims, "same kid, other secret");
}

TEST_F(TokenServiceTest, AnotherInstanceSharingTheStoreVerifiesTheToken) {
  Result<IssuedToken> issued = Issue();
  ASSERT_OK(issued);
  TokenService other_instance(clock_, hours(24));

  Result<TokenClaims> claims = Verify(other_instance, *store_, issued->token);

  ASSERT_OK(claims);
  EXPECT_EQ(claims->token_id, issued->claims.token_id);
}

TEST_F(TokenServiceTest, EnsureSigningKeyKeepsAnExistingKey) {
  Result<IssuedToken> before = Issue();
  ASSERT_OK(before);

  ASSERT_OK(InUnit(*store_, [this](UnitOfWork& unit) { return tokens_.EnsureSigningKey(unit); }));
  Result<IssuedToken> after = Issue();

  ASSERT_OK(after);
  EXPECT_EQ(after->claims.key_id, before->claims.key_id);
  EXPECT_OK(Verify(before->token));
}

TEST_F(TokenServiceTest, NewTokensUseTheNewestKeyAndOldTokensStillVerify) {
  Result<IssuedToken> old_token = Issue();
  ASSERT_OK(old_token);
  clock_.Advance(hours(1));
  ASSERT_OK(InUnit(*store_, [this](UnitOfWork& unit) {
    return unit.InsertSigningKey(
        {"rotated00000000000000000000000001", std::string(32, 'r'), ToUnixMillis(clock_.Now())});
  }));

  Result<IssuedToken> new_token = Issue();

  ASSERT_OK(new_token);
  EXPECT_EQ(new_token->claims.key_id, "rotated00000000000000000000000001");
  EXPECT_OK(Verify(new_token->token));
  EXPECT_OK(Verify(old_token->token));
}

// D16: rotation. A rotated key signs from the next token on, on every instance sharing the
// store, even within the same millisecond; tokens of the previous key keep verifying.
TEST_F(TokenServiceTest, RotatedKeySignsNewTokensAndEarlierTokensStillVerify) {
  Result<IssuedToken> old_token = Issue();
  ASSERT_OK(old_token);

  Result<std::string> rotated_id = service::RotateTokenSigningKey(*store_, clock_);

  ASSERT_OK(rotated_id);
  TokenService other_instance(clock_, hours(24));
  Result<IssuedToken> new_token = Issue(other_instance, *store_);
  ASSERT_OK(new_token);
  EXPECT_NE(*rotated_id, old_token->claims.key_id);
  EXPECT_EQ(new_token->claims.key_id, *rotated_id);
  EXPECT_OK(Verify(new_token->token));
  EXPECT_OK(Verify(old_token->token));
}

TEST_F(TokenServiceTest, IssuingWithoutASigningKeyIsAFailedPrecondition) {
  std::unique_ptr<Store> empty_store = OpenStore();
  ASSERT_NE(empty_store, nullptr);

  Result<IssuedToken> issued = Issue(tokens_, *empty_store);

  ASSERT_FALSE(issued.ok());
  EXPECT_EQ(issued.error().code, ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace wsapp::iam
