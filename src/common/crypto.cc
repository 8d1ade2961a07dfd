#include "common/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

namespace wsapp {

std::string HexEncode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char byte : bytes) {
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 0x0f]);
  }
  return out;
}

Result<std::string> HexDecode(std::string_view hex) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  };
  if (hex.size() % 2 != 0) {
    return InvalidArgument("hex text has an odd length");
  }
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int high = nibble(hex[i]);
    const int low = nibble(hex[i + 1]);
    if (high < 0 || low < 0) {
      return InvalidArgument("hex text has a non-hex character");
    }
    out.push_back(static_cast<char>(high << 4 | low));
  }
  return out;
}

namespace {

// OpenSSL 3's one-shot SHA256() and HMAC() look their algorithm up by name on every call, which
// cost more than hashing a signed request. The algorithms are fetched once here, and each
// thread reuses its own contexts; the one-shot calls remain the fallback.
class ThreadContexts {
 public:
  ThreadContexts() {
    static EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    static EVP_MAC* const kHmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    sha256_ = kSha256;
    if (kHmac != nullptr) {
      hmac_ = EVP_MAC_CTX_new(kHmac);
      char digest_name[] = "SHA256";
      const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digest_name, 0),
                                   OSSL_PARAM_construct_end()};
      if (hmac_ != nullptr && EVP_MAC_CTX_set_params(hmac_, params) != 1) {
        EVP_MAC_CTX_free(hmac_);
        hmac_ = nullptr;
      }
    }
  }
  ~ThreadContexts() {
    EVP_MD_CTX_free(digest_);
    EVP_MAC_CTX_free(hmac_);
  }
  ThreadContexts(const ThreadContexts&) = delete;
  ThreadContexts& operator=(const ThreadContexts&) = delete;

  bool Sha256(std::string_view data, unsigned char* digest) {
    unsigned int length = 0;
    return sha256_ != nullptr && digest_ != nullptr &&
           EVP_DigestInit_ex2(digest_, sha256_, nullptr) == 1 &&
           EVP_DigestUpdate(digest_, data.data(), data.size()) == 1 &&
           EVP_DigestFinal_ex(digest_, digest, &length) == 1 && length == SHA256_DIGEST_LENGTH;
  }

  // An empty key is left to the fallback: EVP_MAC_init reads "no key" as "the previous key".
  bool HmacSha256(std::string_view key, std::string_view data, unsigned char* digest) {
    size_t length = 0;
    return hmac_ != nullptr && !key.empty() &&
           EVP_MAC_init(hmac_, reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                        nullptr) == 1 &&
           EVP_MAC_update(hmac_, reinterpret_cast<const unsigned char*>(data.data()),
                          data.size()) == 1 &&
           EVP_MAC_final(hmac_, digest, &length, SHA256_DIGEST_LENGTH) == 1 &&
           length == SHA256_DIGEST_LENGTH;
  }

 private:
  const EVP_MD* sha256_ = nullptr;
  EVP_MD_CTX* digest_ = EVP_MD_CTX_new();
  EVP_MAC_CTX* hmac_ = nullptr;
};

ThreadContexts& Contexts() {
  thread_local ThreadContexts contexts;
  return contexts;
}

}  // namespace

std::string Sha256(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  if (!Contexts().Sha256(data, digest)) {
    SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  }
  return std::string(reinterpret_cast<const char*>(digest), sizeof(digest));
}

std::string Sha256Hex(std::string_view data) { return HexEncode(Sha256(data)); }

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  if (Contexts().HmacSha256(key, data, digest)) {
    return std::string(reinterpret_cast<const char*>(digest), sizeof(digest));
  }
  unsigned char fallback[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), fallback, &length);
  return std::string(reinterpret_cast<const char*>(fallback), length);
}

std::string HmacSha256Hex(std::string_view key, std::string_view data) {
  return HexEncode(HmacSha256(key, data));
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<std::string> RandomBytes(size_t count) {
  std::string out(count, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(count)) != 1) {
    return InternalError("RAND_bytes failed");
  }
  return out;
}

Result<std::string> RandomHexId() {
  WSAPP_ASSIGN_OR_RETURN(std::string bytes, RandomBytes(16));
  return HexEncode(bytes);
}

std::string Base64UrlEncode(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(kAlphabet[(n >> 6) & 63]);
    out.push_back(kAlphabet[n & 63]);
  }
  size_t rest = bytes.size() - i;
  if (rest == 1) {
    uint32_t n = uint8_t(bytes[i]) << 16;
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
  } else if (rest == 2) {
    uint32_t n = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8);
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(kAlphabet[(n >> 6) & 63]);
  }
  return out;
}

namespace {

int Base64UrlValue(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

}  // namespace

Result<std::string> Base64UrlDecode(std::string_view text) {
  if (text.size() % 4 == 1) {
    return InvalidArgument("bad base64url length");
  }
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    int value = Base64UrlValue(c);
    if (value < 0) {
      return InvalidArgument("bad base64url character");
    }
    buffer = (buffer << 6) | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  return out;
}

std::string Pbkdf2Sha256(std::string_view password, std::string_view salt, int iterations,
                         size_t length) {
  std::string out(length, '\0');
  PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                    reinterpret_cast<const unsigned char*>(salt.data()),
                    static_cast<int>(salt.size()), iterations, EVP_sha256(),
                    static_cast<int>(length), reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

}  // namespace wsapp
