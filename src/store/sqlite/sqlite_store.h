#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/sql/sql_unit_of_work.h"
#include "store/sqlite/sqlite_connection.h"
#include "store/store.h"

namespace wsapp::store::sqlite {

struct SqliteOptions {
  std::string path;              // database file
  bool synchronous_full = true;  // durable commits (D29); false only when the operator opts out
};

// The embedded backend: one SQLite file in WAL mode, a pool of connections (one per concurrent
// unit of work), write units serialized by SQLite's write lock. Thread-safe.
class SqliteStore final : public Store, private sql::UnitHost {
 public:
  // Opens (creating if needed) the database and applies pending migrations in order, each in
  // its own transaction. Errors: kUnavailable (cannot open), kInternal (a migration failed),
  // kFailedPrecondition (the file has a schema newer than this binary knows).
  static Result<std::unique_ptr<SqliteStore>> Open(const SqliteOptions& options);

  Result<std::unique_ptr<UnitOfWork>> Begin(Mode mode) override;
  std::string_view backend_name() const override { return "sqlite"; }

 private:
  // Takes back a finished unit's connection and, after a write unit, lets the next writer in.
  void EndUnit(std::unique_ptr<sql::Connection> connection, bool is_write) override;
  void Release(std::unique_ptr<Connection> connection);

  explicit SqliteStore(SqliteOptions options) : options_(std::move(options)) {}

  Result<std::unique_ptr<Connection>> Acquire();
  Status Migrate(Connection& connection);

  const SqliteOptions options_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mutex_
  // Held by the open write unit of this process. Writers queue here instead of in SQLite's
  // busy handler, whose sleeps (growing to 100 ms each) gave waiting writers multi-second tails
  // under load; SQLite's own lock still guards against other processes.
  std::timed_mutex writer_;
};

}  // namespace wsapp::store::sqlite
