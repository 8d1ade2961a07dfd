#include "common/crypto.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "support/status_matchers.h"

namespace wsapp {
namespace {

std::string AllByteValues() {
  std::string bytes;
  for (int i = 0; i < 256; ++i) {
    bytes.push_back(static_cast<char>(i));
  }
  return bytes;
}

bool IsLowerHex(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

class CryptoTest : public ::testing::Test {};

TEST_F(CryptoTest, HexEncodeIsLowerCase) {
  const std::string hex = HexEncode(std::string("\x00\x0f\xab\xff", 4));

  EXPECT_EQ(hex, "000fabff");
}

TEST_F(CryptoTest, DigestMatchesTheFipsExample) {
  const std::string digest = Sha256Hex("abc");

  EXPECT_EQ(digest, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256("abc").size(), 32u);
}

TEST_F(CryptoTest, HmacMatchesTheRfcCaseWithKeyJefe) {
  const std::string mac = HmacSha256Hex("Jefe", "what do ya want for nothing?");

  EXPECT_EQ(mac, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_F(CryptoTest, HmacMatchesTheRfcCaseWithRepeatedKeyBytes) {
  const std::string key(20, '\x0b');

  const std::string mac = HmacSha256(key, "Hi There");

  EXPECT_EQ(HexEncode(mac), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(mac.size(), 32u);
}

// Each thread reuses one HMAC context: a key must not carry over into the next call's, and an
// empty key (which OpenSSL's reuse would read as "the previous key") must be its own.
TEST_F(CryptoTest, HmacKeysDoNotCarryOverBetweenCalls) {
  const std::string long_key(131, '\xaa');  // RFC 4231 case 6: longer than a block
  const std::string data = "Test Using Larger Than Block-Size Key - Hash Key First";

  const std::string first = HmacSha256Hex(long_key, data);
  const std::string jefe = HmacSha256Hex("Jefe", "what do ya want for nothing?");
  const std::string empty_key = HmacSha256Hex("", "");
  const std::string again = HmacSha256Hex(long_key, data);

  EXPECT_EQ(first, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  EXPECT_EQ(jefe, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(empty_key, "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
  EXPECT_EQ(again, first);
}

TEST_F(CryptoTest, ThreadsHashIndependently) {
  std::vector<std::thread> threads;
  std::vector<std::string> digests(4);
  std::vector<std::string> macs(4);
  for (size_t i = 0; i < digests.size(); ++i) {
    threads.emplace_back([&, i] {
      for (int round = 0; round < 200; ++round) {
        digests[i] = Sha256Hex("abc");
        macs[i] = HmacSha256Hex("Jefe", "what do ya want for nothing?");
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }

  for (size_t i = 0; i < digests.size(); ++i) {
    EXPECT_EQ(digests[i], "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(macs[i], "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }
}

TEST_F(CryptoTest, PasswordDerivationMatchesTheRfcVector) {
  const std::string derived = Pbkdf2Sha256("passwd", "salt", 1, 64);

  EXPECT_EQ(HexEncode(derived),
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
            "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
}

TEST_F(CryptoTest, ConstantTimeEqualsComparesContentAndLength) {
  struct Case {
    std::string label;
    std::string a;
    std::string b;
    bool expected;
  };
  const std::vector<Case> cases = {
      {"equal", "signature", "signature", true},
      {"both empty", "", "", true},
      {"equal with nul bytes", std::string("a\0b", 3), std::string("a\0b", 3), true},
      {"last byte differs", "signature", "signaturf", false},
      {"first byte differs", "signature", "Signature", false},
      {"prefix", "sign", "signature", false},
      {"one empty", "", "x", false},
      {"differs after nul", std::string("a\0b", 3), std::string("a\0c", 3), false},
  };

  for (const Case& row : cases) {
    EXPECT_EQ(ConstantTimeEquals(row.a, row.b), row.expected) << row.label;
  }
}

TEST_F(CryptoTest, RandomBytesHaveTheRequestedLength) {
  Result<std::string> bytes = RandomBytes(48);

  ASSERT_OK(bytes);
  EXPECT_EQ(bytes->size(), 48u);
}

TEST_F(CryptoTest, RandomHexIdIsThirtyTwoLowerHexCharacters) {
  Result<std::string> first = RandomHexId();
  Result<std::string> second = RandomHexId();

  ASSERT_OK(first);
  ASSERT_OK(second);
  EXPECT_EQ(first->size(), 32u);
  EXPECT_TRUE(IsLowerHex(*first)) << *first;
  EXPECT_NE(*first, *second);
}

TEST_F(CryptoTest, UrlEncodingMatchesTheRfcVectorsWithoutPadding) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", ""},           {"f", "Zg"},          {"fo", "Zm8"},          {"foo", "Zm9v"},
      {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"},
  };

  for (const auto& [plain, encoded] : cases) {
    SCOPED_TRACE("'" + plain + "'");

    const std::string encoded_now = Base64UrlEncode(plain);
    Result<std::string> decoded = Base64UrlDecode(encoded);

    EXPECT_EQ(encoded_now, encoded);
    ASSERT_OK(decoded);
    EXPECT_EQ(*decoded, plain);
  }
}

TEST_F(CryptoTest, UrlEncodingUsesTheUrlSafeAlphabet) {
  const std::string encoded = Base64UrlEncode("\xFB\xFF");

  EXPECT_EQ(encoded, "-_8");
}

TEST_F(CryptoTest, UrlEncodingRoundTripsEveryByteAtEveryLength) {
  const std::string bytes = AllByteValues();

  for (size_t length = 0; length <= bytes.size(); ++length) {
    const std::string input = bytes.substr(bytes.size() - length);

    Result<std::string> decoded = Base64UrlDecode(Base64UrlEncode(input));

    ASSERT_OK(decoded);
    ASSERT_EQ(*decoded, input) << "length " << length;
  }
}

TEST_F(CryptoTest, UrlDecodingRejectsMalformedInput) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"one character", "A"},
      {"five characters", "AAAAA"},
      {"standard alphabet '+'", "ab+c"},
      {"standard alphabet '/'", "ab/c"},
      {"padding", "Zg=="},
      {"space", "Zm9 v"},
      {"non-ASCII", "Zm\xC3\xA9"},
  };

  for (const auto& [label, text] : cases) {
    Result<std::string> decoded = Base64UrlDecode(text);

    ASSERT_FALSE(decoded.ok()) << label;
    EXPECT_EQ(decoded.error().code, ErrorCode::kInvalidArgument) << label;
  }
}

}  // namespace
}  // namespace wsapp
