#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace wsapp {

struct PasswordHash {
  std::string hash_hex;
  std::string salt_hex;
};

// PBKDF2-HMAC-SHA256 with a fresh random salt. Errors: kInternal (no randomness).
Result<PasswordHash> HashPassword(std::string_view password);

// Recomputes the hash and compares it in constant time.
bool VerifyPassword(std::string_view password, const PasswordHash& stored);

}  // namespace wsapp
