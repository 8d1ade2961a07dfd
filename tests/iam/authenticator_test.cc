#include "iam/authenticator.h"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "store/sqlite/sqlite_store.h"
#include "support/fake_clock.h"
#include "support/status_matchers.h"
#include "support/temp_dir.h"

namespace wsapp::iam {
namespace {

using api::HttpRequest;
using std::chrono::hours;
using store::Store;
using store::UnitOfWork;
using testing::FakeClock;

constexpr char kAccountId[] = "acct000000000000000000000000001";
constexpr char kUserId[] = "user000000000000000000000000001";
constexpr char kDisabledUserId[] = "user000000000000000000000000002";
constexpr char kProjectId[] = "proj000000000000000000000000001";
constexpr char kAccessKey[] = "AKTEST0000000001";
constexpr char kSecretKey[] = "secret-key-of-alice";
constexpr char kDisabledAccessKey[] = "AKTEST0000000002";
// The fake clock's default time, 2025-12-03T10:20:00Z, as X-Sdk-Date.
constexpr char kSdkDate[] = "20251203T102000Z";

constexpr int64_t kCurrentCounter = 3;

HttpRequest MakeRequest(std::vector<api::Header> headers) {
  HttpRequest request;
  request.method = "GET";
  request.target = "/v1/" + std::string(kProjectId) + "/app-groups?limit=10";
  request.headers = std::move(headers);
  request.headers.push_back({"Host", "workspace.example.test"});
  return request;
}

class AuthenticatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::sqlite::SqliteStore::Open(
        {wsapp::testing::MakeTempDir("authn_") + "/wsapp.db", true});
    ASSERT_OK(opened);
    store_ = std::move(opened).value();
    ASSERT_OK(InUnit([this](UnitOfWork& unit) -> Status {
      WSAPP_RETURN_IF_ERROR(unit.InsertAccount({kAccountId, "acme"}));
      domain::User alice;
      alice.id = kUserId;
      alice.account_id = kAccountId;
      alice.name = "alice";
      alice.is_root = true;
      alice.revocation_counter = kCurrentCounter;
      WSAPP_RETURN_IF_ERROR(unit.InsertUser(alice));
      domain::User bob = alice;
      bob.id = kDisabledUserId;
      bob.name = "bob";
      bob.is_root = false;
      bob.is_enabled = false;
      WSAPP_RETURN_IF_ERROR(unit.InsertUser(bob));
      WSAPP_RETURN_IF_ERROR(unit.InsertAccessKey({kAccessKey, kSecretKey, kUserId, true, 1}));
      WSAPP_RETURN_IF_ERROR(
          unit.InsertAccessKey({kDisabledAccessKey, kSecretKey, kUserId, false, 1}));
      return tokens_.EnsureSigningKey(unit);
    }));
    authenticator_ = std::make_unique<Authenticator>(*store_, tokens_, verifier_);
  }

  Status InUnit(const std::function<Status(UnitOfWork&)>& work) {
    WSAPP_ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> unit, store_->Begin(Store::Mode::kWrite));
    WSAPP_RETURN_IF_ERROR(work(*unit));
    return unit->Commit();
  }

  // A token for `user_id` carrying `revocation_counter`, as if issued at login.
  std::string TokenFor(const std::string& user_id, int64_t revocation_counter) {
    auto unit = store_->Begin(Store::Mode::kRead);
    EXPECT_TRUE(unit.ok());
    Result<IssuedToken> issued =
        tokens_.Issue(**unit, user_id, kAccountId, kProjectId, revocation_counter);
    EXPECT_TRUE(issued.ok()) << testing::DescribeError(issued);
    return issued.ok() ? issued->token : std::string();
  }

  HttpRequest SignedRequest(const std::string& access_key, std::vector<api::Header> headers = {}) {
    HttpRequest request = MakeRequest(std::move(headers));
    Status signed_ok = SignRequest(request, access_key, kSecretKey, kSdkDate);
    EXPECT_TRUE(signed_ok.ok()) << testing::DescribeError(signed_ok);
    return request;
  }

  static void ExpectUnauthenticated(const Result<Principal>& principal, const std::string& reason) {
    ASSERT_FALSE(principal.ok()) << "expected " << reason;
    EXPECT_EQ(principal.error().code, ErrorCode::kUnauthenticated) << reason;
    EXPECT_EQ(principal.error().reason, reason) << principal.error().public_message;
    EXPECT_FALSE(principal.error().public_message.empty()) << reason;
  }

  FakeClock clock_;
  TokenService tokens_{clock_, hours(24)};
  SdkSignatureVerifier verifier_{clock_};
  std::unique_ptr<Store> store_;
  std::unique_ptr<Authenticator> authenticator_;
};

TEST_F(AuthenticatorTest, TokenAuthenticatesItsUser) {
  const HttpRequest request = MakeRequest({{"X-Auth-Token", TokenFor(kUserId, kCurrentCounter)}});

  Result<Principal> principal = authenticator_->Authenticate(request);

  ASSERT_OK(principal);
  EXPECT_EQ(principal->method, AuthMethod::kToken);
  EXPECT_EQ(principal->user_id, kUserId);
  EXPECT_EQ(principal->user_name, "alice");
  EXPECT_EQ(principal->account_id, kAccountId);
  EXPECT_EQ(principal->account_name, "acme");
  EXPECT_TRUE(principal->is_root);
  EXPECT_EQ(principal->token_project_id, kProjectId);
  EXPECT_FALSE(principal->credential_id.empty());
}

TEST_F(AuthenticatorTest, TokenHeaderNameIgnoresCase) {
  const HttpRequest request = MakeRequest({{"x-auth-token", TokenFor(kUserId, kCurrentCounter)}});

  Result<Principal> principal = authenticator_->Authenticate(request);

  EXPECT_OK(principal);
}

TEST_F(AuthenticatorTest, MissingCredentialsAreUnauthenticated) {
  const HttpRequest request = MakeRequest({});

  Result<Principal> principal = authenticator_->Authenticate(request);

  ExpectUnauthenticated(principal, "missing_credentials");
}

TEST_F(AuthenticatorTest, TokenAndSignatureTogetherAreUnauthenticated) {
  HttpRequest request = SignedRequest(kAccessKey);
  request.headers.push_back({"X-Auth-Token", TokenFor(kUserId, kCurrentCounter)});

  Result<Principal> principal = authenticator_->Authenticate(request);

  ExpectUnauthenticated(principal, "ambiguous_credentials");
}

// A valid token followed by a second X-Auth-Token must not authenticate on the first alone.
TEST_F(AuthenticatorTest, RepeatedTokenHeaderIsAmbiguous) {
  const HttpRequest request = MakeRequest(
      {{"X-Auth-Token", TokenFor(kUserId, kCurrentCounter)}, {"x-auth-token", "garbage"}});

  Result<Principal> principal = authenticator_->Authenticate(request);

  ExpectUnauthenticated(principal, "ambiguous_credentials");
}

TEST_F(AuthenticatorTest, TokenWithAnOtherAuthorizationSchemeIsStillAmbiguous) {
  const HttpRequest request = MakeRequest(
      {{"X-Auth-Token", TokenFor(kUserId, kCurrentCounter)}, {"Authorization", "Basic YTpi"}});

  Result<Principal> principal = authenticator_->Authenticate(request);

  ExpectUnauthenticated(principal, "ambiguous_credentials");
}

TEST_F(AuthenticatorTest, TokenWithAStaleRevocationCounterIsRevoked) {
  const HttpRequest request =
      MakeRequest({{"X-Auth-Token", TokenFor(kUserId, kCurrentCounter - 1)}});

  Result<Principal> principal = authenticator_->Authenticate(request);

  ExpectUnauthenticated(principal, "token_revoked");
}

TEST_F(AuthenticatorTest, TokenOfAnUnknownUserIsRejected) {
  const HttpRequest request =
      MakeRequest({{"X-Auth-Token", TokenFor("user000000000000000000000000099", 0)}});

  Result<Principal> principal = authenticator_->Authenticate(request);

  ASSERT_FALSE(principal.ok());
  EXPECT_EQ(principal.error().code, ErrorCode::kUnauthenticated);
}

TEST_F(AuthenticatorTest, TokenOfADisabledUserIsRejected) {
  const HttpRequest request =
      MakeRequest({{"X-Auth-Token", TokenFor(kDisabledUserId, kCurrentCounter)}});

  Result<Principal> principal = authenticator_->Authenticate(request);

  ExpectUnauthenticated(principal, "user_disabled");
}

TEST_F(AuthenticatorTest, ExpiredTokenIsUnauthenticated) {
  const HttpRequest request = MakeRequest({{"X-Auth-Token", TokenFor(kUserId, kCurrentCounter)}});
  clock_.Advance(hours(25));

  Result<Principal> principal = authenticator_->Authenticate(request);

  ExpectUnauthenticated(principal, "token_expired");
}

TEST_F(AuthenticatorTest, GarbageTokenIsUnauthenticated) {
  const HttpRequest request = MakeRequest({{"X-Auth-Token", "MIIB-not-a-token"}});

  Result<Principal> principal = authenticator_->Authenticate(request);

  ASSERT_FALSE(principal.ok());
  EXPECT_EQ(principal.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(principal.error().public_message, "decrypt token fail");
}

TEST_F(AuthenticatorTest, SignedRequestAuthenticatesTheKeysUser) {
  const HttpRequest request = SignedRequest(kAccessKey, {{"X-Project-Id", kProjectId}});

  Result<Principal> principal = authenticator_->Authenticate(request);

  ASSERT_OK(principal);
  EXPECT_EQ(principal->method, AuthMethod::kAccessKey);
  EXPECT_EQ(principal->user_id, kUserId);
  EXPECT_EQ(principal->access_key, kAccessKey);
  EXPECT_TRUE(principal->has_header_project_id);
  EXPECT_EQ(principal->header_project_id, kProjectId);
  EXPECT_EQ(principal->credential_id.find(kSecretKey), std::string::npos);
}

TEST_F(AuthenticatorTest, SignedRequestWithoutProjectHeaderHasNone) {
  const HttpRequest request = SignedRequest(kAccessKey);

  Result<Principal> principal = authenticator_->Authenticate(request);

  ASSERT_OK(principal);
  EXPECT_FALSE(principal->has_header_project_id);
}

TEST_F(AuthenticatorTest, UnknownAccessKeyIsUnauthenticated) {
  const HttpRequest request = SignedRequest("AKUNKNOWN0000000");

  Result<Principal> principal = authenticator_->Authenticate(request);

  ExpectUnauthenticated(principal, "unknown_access_key");
}

TEST_F(AuthenticatorTest, DisabledAccessKeyIsUnauthenticated) {
  const HttpRequest request = SignedRequest(kDisabledAccessKey);

  Result<Principal> principal = authenticator_->Authenticate(request);

  ExpectUnauthenticated(principal, "access_key_disabled");
}

TEST_F(AuthenticatorTest, TamperedSignedRequestIsUnauthenticated) {
  HttpRequest request = SignedRequest(kAccessKey);
  request.target = "/v1/" + std::string(kProjectId) + "/app-groups?limit=100";

  Result<Principal> principal = authenticator_->Authenticate(request);

  ASSERT_FALSE(principal.ok());
  EXPECT_EQ(principal.error().code, ErrorCode::kUnauthenticated);
}

TEST_F(AuthenticatorTest, TemporaryCredentialsAreUnauthenticated) {
  const HttpRequest request = SignedRequest(kAccessKey, {{"X-Security-Token", "temporary"}});

  Result<Principal> principal = authenticator_->Authenticate(request);

  ExpectUnauthenticated(principal, "unsupported_credentials");
}

TEST_F(AuthenticatorTest, OtherAuthorizationSchemeIsUnauthenticated) {
  const HttpRequest request = MakeRequest({{"Authorization", "Basic YWxpY2U6c2VjcmV0"}});

  Result<Principal> principal = authenticator_->Authenticate(request);

  ExpectUnauthenticated(principal, "unsupported_scheme");
}

}  // namespace
}  // namespace wsapp::iam
