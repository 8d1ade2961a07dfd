#pragma once

#include <atomic>
#include <condition_variable>
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
//
// Group commit (D29): the write units of this process take turns in one open transaction, each
// inside its own savepoint, so that a unit that fails rolls back only its own changes. A unit
// that commits while other writers are waiting releases its savepoint into the transaction and
// hands the turn on; the last unit of the run commits the transaction, and with it every unit
// waiting in it. Each unit's Commit returns only once that COMMIT is durable (or failed, which
// fails every unit in it: none is acknowledged).
class SqliteStore final : public Store, private sql::UnitHost {
 public:
  // Opens (creating if needed) the database and applies pending migrations in order, each in
  // its own transaction. Errors: kUnavailable (cannot open), kInternal (a migration failed),
  // kFailedPrecondition (the file has a schema newer than this binary knows).
  static Result<std::unique_ptr<SqliteStore>> Open(const SqliteOptions& options);

  Result<std::unique_ptr<UnitOfWork>> Begin(Mode mode) override;
  std::string_view backend_name() const override { return "sqlite"; }

 private:
  // The units sharing one write transaction.
  struct CommitGroup {
    int members = 0;              // units whose savepoint was released into it; guarded by writer_
    bool is_broken = false;       // a unit's changes could not be undone; guarded by writer_
    bool is_done = false;         // guarded by group_mutex_
    Status outcome = OkStatus();  // of the COMMIT; guarded by group_mutex_
  };

  Status CommitUnit(std::unique_ptr<sql::Connection>& connection, bool is_write) override;
  void RollbackUnit(sql::Connection& connection, bool is_write) override;
  // Takes back a finished unit's connection and, after a write unit, ends its turn.
  void EndUnit(std::unique_ptr<sql::Connection> connection, bool is_write) override;
  void WriteCommitted() override { sql::StopSharingReads(*this); }
  // Ends the turn of the writer holding writer_: hands the open transaction to a waiting writer,
  // or commits it when units are in it, or closes it. Requires writer_ and group_connection_.
  void EndTurn();
  // COMMITs the group's transaction, tells its units, returns the connection to the pool and
  // unlocks writer_. Requires writer_ and group_connection_.
  Status CommitGroupAndUnlock();
  // Waits for the COMMIT of `group`; commits it itself if the turn was left with nobody to take
  // it (a waiting writer that gave up).
  Status AwaitGroup(const std::shared_ptr<CommitGroup>& group);
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
  std::atomic<int> waiting_writers_{0};  // threads waiting for writer_
  // The open write transaction and its group, between turns; guarded by writer_.
  std::unique_ptr<Connection> group_connection_;
  std::shared_ptr<CommitGroup> group_;
  std::mutex group_mutex_;
  std::condition_variable group_done_;
};

}  // namespace wsapp::store::sqlite
