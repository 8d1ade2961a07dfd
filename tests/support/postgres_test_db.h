// A real PostgreSQL for the tests: the server that scripts/postgres.sh starts on loopback (and
// scripts/test.sh names in TEST_POSTGRES_DSN). Every test gets its own fresh schema in it.
#pragma once

#include <optional>
#include <string>

#include "common/result.h"

namespace wsapp::testing {

// TEST_POSTGRES_DSN, when set and not empty.
std::optional<std::string> PostgresTestDsn();

// True under CI=true, where a test that cannot reach PostgreSQL fails instead of skipping.
bool PostgresRequired();

// Creates an empty schema with a fresh name and returns a DSN whose sessions see only that
// schema (through search_path). Errors: kUnavailable when the server cannot be reached.
Result<std::string> FreshPostgresSchema(const std::string& dsn);

}  // namespace wsapp::testing

// Skips the calling test with the reason when TEST_POSTGRES_DSN is not set, or fails it under
// CI=true. For SetUp() and test bodies (it returns from the calling function).
#define WSAPP_REQUIRE_POSTGRES_OR_SKIP()                                                   \
  do {                                                                                     \
    if (!::wsapp::testing::PostgresTestDsn()) {                                            \
      if (::wsapp::testing::PostgresRequired()) {                                          \
        FAIL() << "TEST_POSTGRES_DSN is not set, and CI=true requires the PostgreSQL "     \
                  "tests to run (scripts/test.sh starts a server and sets it)";            \
      }                                                                                    \
      GTEST_SKIP() << "TEST_POSTGRES_DSN is not set (scripts/test.sh starts a PostgreSQL " \
                      "server and sets it)";                                               \
    }                                                                                      \
  } while (false)
