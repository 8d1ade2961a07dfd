#pragma once

#include <cstdint>
#include <string>

namespace wsapp::domain {

// An IAM account (the Keystone "domain").
struct Account {
  std::string id;
  std::string name;
};

struct User {
  std::string id;
  std::string account_id;
  std::string name;
  std::string password_hash;  // hex PBKDF2-HMAC-SHA256
  std::string password_salt;  // hex
  bool is_root = false;
  bool is_enabled = true;
  // Bumped by password change, disable and delete: tokens carry the value they were issued
  // under and stop verifying once it moves (D16).
  int64_t revocation_counter = 0;
  // IAM administration (v5) fields; the root user created at first start has them empty.
  std::string description;
  int64_t created_at_millis = 0;
};

struct AccessKey {
  std::string access_key;
  std::string secret_key;
  std::string user_id;
  bool is_enabled = true;
  int64_t created_at_millis = 0;
};

struct Project {
  std::string id;
  std::string account_id;
  std::string name;
  std::string description;
};

// A key that signs tokens; immutable once stored, so any instance may cache it.
struct SigningKey {
  std::string key_id;
  std::string secret;  // raw bytes
  int64_t created_at_millis = 0;
};

}  // namespace wsapp::domain
