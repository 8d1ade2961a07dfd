#include "common/password.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "support/status_matchers.h"

namespace wsapp {
namespace {

bool IsLowerHex(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// Each hash costs 600,000 PBKDF2 iterations, so the suite hashes once and reuses it.
class PasswordTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<PasswordHash> hashed = HashPassword("correct horse \xE5\xBA\x94");
    ASSERT_TRUE(hashed.ok());
    hash_ = new PasswordHash(*hashed);
  }
  static void TearDownTestSuite() {
    delete hash_;
    hash_ = nullptr;
  }

  static PasswordHash* hash_;
};

PasswordHash* PasswordTest::hash_ = nullptr;

TEST_F(PasswordTest, HashIsHexOfTheDocumentedSizes) {
  const PasswordHash& hash = *hash_;

  EXPECT_EQ(hash.hash_hex.size(), 64u);
  EXPECT_EQ(hash.salt_hex.size(), 32u);
  EXPECT_TRUE(IsLowerHex(hash.hash_hex)) << hash.hash_hex;
  EXPECT_TRUE(IsLowerHex(hash.salt_hex)) << hash.salt_hex;
}

TEST_F(PasswordTest, RightPasswordVerifies) {
  const bool verified = VerifyPassword("correct horse \xE5\xBA\x94", *hash_);

  EXPECT_TRUE(verified);
}

TEST_F(PasswordTest, WrongPasswordDoesNotVerify) {
  const bool verified = VerifyPassword("correct horse", *hash_);

  EXPECT_FALSE(verified);
}

TEST_F(PasswordTest, TamperedHashDoesNotVerify) {
  PasswordHash tampered = *hash_;
  tampered.hash_hex[0] = tampered.hash_hex[0] == '0' ? '1' : '0';

  const bool verified = VerifyPassword("correct horse \xE5\xBA\x94", tampered);

  EXPECT_FALSE(verified);
}

TEST_F(PasswordTest, SamePasswordGetsAFreshSalt) {
  Result<PasswordHash> again = HashPassword("correct horse \xE5\xBA\x94");

  ASSERT_OK(again);
  EXPECT_NE(again->salt_hex, hash_->salt_hex);
  EXPECT_NE(again->hash_hex, hash_->hash_hex);
}

// The stored salt comes from the database; a corrupt row must fail verification, not throw
// out of a function whose contract returns bool.
TEST_F(PasswordTest, MalformedStoredSaltDoesNotVerify) {
  PasswordHash corrupt = *hash_;
  corrupt.salt_hex = "zz" + corrupt.salt_hex.substr(2);

  bool verified = false;
  EXPECT_NO_THROW(verified = VerifyPassword("correct horse \xE5\xBA\x94", corrupt));

  EXPECT_FALSE(verified);
}

}  // namespace
}  // namespace wsapp
