#pragma once

#include <memory>
#include <string>

#include "common/result.h"
#include "store/store.h"

namespace wsapp::store {

struct StoreConfig {
  // "sqlite:" (the default file in data_dir), "sqlite:/path/to/file.db", or a libpq URI
  // "postgresql://..." (also "postgres://...").
  std::string url = "sqlite:";
  std::string data_dir = "./data";
  bool synchronous_full = true;           // SQLite only; PostgreSQL commits are always synchronous
  int pg_pool_size = 16;                  // PostgreSQL only
  int pg_statement_timeout_seconds = 10;  // PostgreSQL only
};

// Picks and opens the backend the URL names, migrating its schema. Errors: kInvalidArgument
// (unknown scheme), and the backend's own open errors.
Result<std::unique_ptr<Store>> OpenStore(const StoreConfig& config);

}  // namespace wsapp::store
