// Direct reads of a PostgreSQL schema that servers under test write, for checks that must not
// trust the servers' replies.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"

struct pg_conn;

namespace wsapp::testing {

// Rows of a query, each column's value as text ("" for NULL).
using PgRows = std::vector<std::vector<std::string>>;

// One libpq connection to the schema that `dsn` names (as FreshPostgresSchema returns it).
// Not thread-safe.
class PgDatabase {
 public:
  // Connects at once; Check() reports a failure.
  explicit PgDatabase(const std::string& dsn);
  ~PgDatabase();
  PgDatabase(const PgDatabase&) = delete;
  PgDatabase& operator=(const PgDatabase&) = delete;

  // Errors: kInternal with libpq's message when the connection failed.
  Status Check() const;

  // Every row of `sql`, with $1, $2, ... bound to `params`. Errors: kInternal naming the query
  // and PostgreSQL's message when it did not return rows.
  Result<PgRows> Rows(const std::string& sql, const std::vector<std::string>& params = {});

  // The single value that `sql` selects, as an integer. When the query fails or does not return
  // exactly one row, fails the current test (non-fatally) with the reason and returns -1.
  int64_t Number(const std::string& sql, const std::vector<std::string>& params = {});

 private:
  struct Closer {
    void operator()(pg_conn* conn) const;
  };

  std::unique_ptr<pg_conn, Closer> conn_;
};

// `rows` one per line, for failure messages.
std::string DescribeRows(const PgRows& rows);

// A PostgreSQL array literal of `ids`, to bind as `$1::text[]`. Requires: the ids are digits
// only (nothing is quoted).
std::string ArrayLiteral(const std::vector<std::string>& ids);

}  // namespace wsapp::testing
