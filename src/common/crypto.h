#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.h"

namespace wsapp {

// Thin wrappers over OpenSSL. All are thread-safe.

// Lowercase hex of the bytes.
std::string HexEncode(std::string_view bytes);

// The bytes that `hex` spells (either case). Errors: kInvalidArgument for an odd length or a
// character that is not a hex digit.
Result<std::string> HexDecode(std::string_view hex);

// Raw 32-byte SHA-256 digest, and its lowercase hex form.
std::string Sha256(std::string_view data);
std::string Sha256Hex(std::string_view data);

// Raw 32-byte HMAC-SHA256 of `data` under `key`, and its lowercase hex form.
std::string HmacSha256(std::string_view key, std::string_view data);
std::string HmacSha256Hex(std::string_view key, std::string_view data);

// Compares in time that depends only on the lengths, for secrets and signatures.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// `count` bytes from the OS's cryptographic generator. Errors: kInternal.
Result<std::string> RandomBytes(size_t count);

// 32 lowercase hex characters from 16 random bytes (D13 ids). Errors: kInternal.
Result<std::string> RandomHexId();

// URL-safe base64 without padding, and its inverse. Decoding errors: kInvalidArgument.
std::string Base64UrlEncode(std::string_view bytes);
Result<std::string> Base64UrlDecode(std::string_view text);

// PBKDF2-HMAC-SHA256 of the password, raw `length` bytes.
std::string Pbkdf2Sha256(std::string_view password, std::string_view salt, int iterations,
                         size_t length);

}  // namespace wsapp
