#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/postgres/pg_connection.h"
#include "store/sql/sql_unit_of_work.h"
#include "store/store.h"

namespace wsapp::store::postgres {

struct PostgresOptions {
  std::string dsn;     // libpq URI or key=value string
  int pool_size = 16;  // most connections this process holds open at once
  // The server ends a statement after this long; the client waits 2 s more for any reply
  // before it takes the server for unreachable (PgConnection::Await).
  int statement_timeout_seconds = 10;
};

// The shared backend: any number of wsappd processes over one PostgreSQL database. Write units
// run SERIALIZABLE, so PostgreSQL itself orders concurrent writers of every process; a unit
// that loses a conflict fails with "serialization_conflict" and its caller runs it again
// (store::RunWithRetries). Read units run REPEATABLE READ, READ ONLY: one snapshot, never a
// conflict. Connections are pooled; a lost one is dropped, with every idle one, and replaced on
// the next unit, so service resumes by itself once the database is back. Thread-safe.
class PgStore final : public Store, private sql::UnitHost {
 public:
  // Connects and applies pending migrations, serialized across processes by an advisory lock.
  // Errors: kUnavailable (cannot connect), kInternal (a migration failed), kFailedPrecondition
  // (the database has a schema newer than this binary knows).
  static Result<std::unique_ptr<PgStore>> Open(const PostgresOptions& options);

  Result<std::unique_ptr<UnitOfWork>> Begin(Mode mode) override;
  std::string_view backend_name() const override { return "postgresql"; }

 private:
  explicit PgStore(PostgresOptions options) : options_(std::move(options)) {}

  // Begins a unit on a pooled connection.
  Result<std::unique_ptr<sql::SqlUnitOfWork>> BeginUnit(bool is_write);
  // An idle connection, or a new one while fewer than pool_size are open; otherwise waits up to
  // 5 s for one to come back. Errors: kUnavailable.
  Result<std::unique_ptr<PgConnection>> Acquire();
  void EndUnit(std::unique_ptr<sql::Connection> connection, bool is_write) override;
  void WriteCommitted() override { sql::StopSharingReads(*this); }
  // Returns a connection to the pool, or closes it when it is no longer usable.
  void Release(std::unique_ptr<PgConnection> connection);
  // Closes every idle connection: after one was found lost, the others likely are too.
  void DropIdle();
  Status Migrate(PgConnection& connection);

  const PostgresOptions options_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<PgConnection>> idle_;  // guarded by mutex_
  int open_ = 0;                                     // connections open, idle or lent; mutex_
};

}  // namespace wsapp::store::postgres
