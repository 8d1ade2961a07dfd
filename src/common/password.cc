#include "common/password.h"

#include "common/crypto.h"

namespace wsapp {
namespace {

// OWASP's 2023 guidance for PBKDF2-HMAC-SHA256 is 600,000 iterations; this is paid once per
// token request, never on API calls that carry a token or a signature.
constexpr int kIterations = 600000;
constexpr size_t kHashBytes = 32;

}  // namespace

Result<PasswordHash> HashPassword(std::string_view password) {
  WSAPP_ASSIGN_OR_RETURN(std::string salt, RandomBytes(16));
  return PasswordHash{HexEncode(Pbkdf2Sha256(password, salt, kIterations, kHashBytes)),
                      HexEncode(salt)};
}

bool VerifyPassword(std::string_view password, const PasswordHash& stored) {
  Result<std::string> salt = HexDecode(stored.salt_hex);
  if (!salt.ok()) {
    return false;
  }
  std::string computed = HexEncode(Pbkdf2Sha256(password, *salt, kIterations, kHashBytes));
  return ConstantTimeEquals(computed, stored.hash_hex);
}

}  // namespace wsapp
