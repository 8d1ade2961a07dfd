#include "store/sqlite/sqlite_store.h"

#include <chrono>

#include "store/sql/sql_migrations.h"

namespace wsapp::store::sqlite {
namespace {

// As long as the connections' busy timeout.
constexpr int64_t kWriterWaitMillis = 5000;
// Units in one group commit at most: the first waits for the others' work before its COMMIT.
constexpr int kMaxGroupUnits = 32;
// How long a unit in a group waits before checking that a writer still holds the turn.
constexpr std::chrono::milliseconds kGroupTakeOverAfter{20};

constexpr sql::Migration kMigrations[] = {
#include "store/sqlite_migrations.inc"
};

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const SqliteOptions& options) {
  std::unique_ptr<SqliteStore> store(new SqliteStore(options));
  WSAPP_ASSIGN_OR_RETURN(std::unique_ptr<Connection> connection, store->Acquire());
  WSAPP_RETURN_IF_ERROR(store->Migrate(*connection));
  store->Release(std::move(connection));
  return store;
}

Status SqliteStore::Migrate(Connection& connection) {
  // The write lock is taken before reading the version so that two processes starting at once
  // cannot both apply the same migration.
  return sql::ApplyMigrations(connection, "BEGIN IMMEDIATE", kMigrations, "sqlite");
}

Result<std::unique_ptr<Connection>> SqliteStore::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<Connection> connection = std::move(idle_.back());
      idle_.pop_back();
      return connection;
    }
  }
  return Connection::Open(options_.path, options_.synchronous_full);
}

Status SqliteStore::CommitUnit(std::unique_ptr<sql::Connection>& connection, bool is_write) {
  if (!is_write) {
    return UnitHost::CommitUnit(connection, is_write);
  }
  // SQLite rolls a whole transaction back by itself on some errors (a full disk, an I/O
  // error); the units already in it must then fail with this one.
  if (!connection->InTransaction()) {
    group_->is_broken = true;
    return MakeError(ErrorCode::kUnavailable, "the write transaction was rolled back",
                     "database_rolled_back");
  }
  Status released = connection->Exec("RELEASE unit");
  if (!released.ok()) {
    RollbackUnit(*connection, is_write);
    return released;  // EndUnit gets the connection and ends the turn
  }
  group_connection_.reset(static_cast<Connection*>(connection.release()));
  std::shared_ptr<CommitGroup> group = group_;
  ++group->members;
  if (waiting_writers_.load() > 0 && group->members < kMaxGroupUnits) {
    writer_.unlock();
    return AwaitGroup(group);
  }
  return CommitGroupAndUnlock();
}

void SqliteStore::RollbackUnit(sql::Connection& connection, bool is_write) {
  if (!is_write) {
    UnitHost::RollbackUnit(connection, is_write);
    return;
  }
  Status undone = connection.Exec("ROLLBACK TO unit");
  if (undone.ok()) {
    undone = connection.Exec("RELEASE unit");
  }
  if (!undone.ok()) {
    // The group cannot commit what this unit half-did: it fails as a whole.
    group_->is_broken = true;
  }
}

void SqliteStore::EndUnit(std::unique_ptr<sql::Connection> connection, bool is_write) {
  if (!is_write) {
    // Only this store's connections come back here.
    Release(std::unique_ptr<Connection>(static_cast<Connection*>(connection.release())));
    return;
  }
  if (connection == nullptr) {
    return;  // committed: CommitUnit ended the turn
  }
  group_connection_.reset(static_cast<Connection*>(connection.release()));
  EndTurn();
}

void SqliteStore::EndTurn() {
  const bool is_awaited = waiting_writers_.load() > 0;
  if (group_->members > 0 || group_->is_broken) {
    if (is_awaited && !group_->is_broken && group_->members < kMaxGroupUnits) {
      writer_.unlock();
      return;
    }
    (void)CommitGroupAndUnlock();  // the outcome goes to the units in the group
    return;
  }
  if (is_awaited) {
    writer_.unlock();  // the next writer goes on in the open, empty transaction
    return;
  }
  (void)group_connection_->Exec("ROLLBACK");
  Release(std::move(group_connection_));
  group_.reset();
  writer_.unlock();
}

Status SqliteStore::CommitGroupAndUnlock() {
  std::shared_ptr<CommitGroup> group = std::move(group_);
  std::unique_ptr<Connection> connection = std::move(group_connection_);
  Status committed = OkStatus();
  if (group->is_broken || !connection->InTransaction()) {
    committed = MakeError(ErrorCode::kUnavailable,
                          "the write transaction was rolled back by a failed unit of work",
                          "database_rolled_back");
    if (connection->InTransaction()) {
      (void)connection->Exec("ROLLBACK");
    }
  } else {
    committed = connection->Exec("COMMIT");
    if (!committed.ok() && connection->InTransaction()) {
      (void)connection->Exec("ROLLBACK");
    }
  }
  if (committed.ok()) {
    counters().group_commits.fetch_add(1, std::memory_order_relaxed);
    counters().group_committed_units.fetch_add(group->members, std::memory_order_relaxed);
  }
  Release(std::move(connection));
  writer_.unlock();
  {
    std::lock_guard<std::mutex> lock(group_mutex_);
    group->is_done = true;
    group->outcome = committed;
  }
  group_done_.notify_all();
  return committed;
}

Status SqliteStore::AwaitGroup(const std::shared_ptr<CommitGroup>& group) {
  std::unique_lock<std::mutex> lock(group_mutex_);
  while (!group_done_.wait_for(lock, kGroupTakeOverAfter, [&group] { return group->is_done; })) {
    // The writer that was waiting may have given up: then nobody holds the turn, and the
    // transaction with this unit in it is committed from here.
    lock.unlock();
    if (writer_.try_lock()) {
      if (group_ == group) {
        (void)CommitGroupAndUnlock();
      } else {
        writer_.unlock();
      }
    }
    lock.lock();
  }
  return group->outcome;
}

void SqliteStore::Release(std::unique_ptr<Connection> connection) {
  std::lock_guard<std::mutex> lock(mutex_);
  idle_.push_back(std::move(connection));
}

Result<std::unique_ptr<UnitOfWork>> SqliteStore::Begin(Mode mode) {
  if (mode == Mode::kRead) {
    return sql::BeginRead(*this, [this]() -> Result<std::unique_ptr<sql::SqlUnitOfWork>> {
      WSAPP_ASSIGN_OR_RETURN(std::unique_ptr<Connection> connection, Acquire());
      Status begun = connection->Exec("BEGIN");
      if (!begun.ok()) {
        Release(std::move(connection));
        return begun.error();
      }
      return std::unique_ptr<sql::SqlUnitOfWork>(
          new sql::SqlUnitOfWork(*this, std::move(connection), false));
    });
  }
  // Holding an older snapshot while waiting for the turn would only delay checkpoints.
  sql::StopSharingReads(*this);
  // Bounded like SQLite's busy timeout, so that a writer stuck behind another (or a unit that
  // opens a second write unit in its own thread) fails with kUnavailable instead of hanging.
  waiting_writers_.fetch_add(1);
  const bool is_turn = writer_.try_lock_for(std::chrono::milliseconds(kWriterWaitMillis));
  waiting_writers_.fetch_sub(1);
  if (!is_turn) {
    return MakeError(ErrorCode::kUnavailable, "timed out waiting for the database write lock",
                     "database_busy");
  }
  if (group_ == nullptr) {
    auto connection = Acquire();
    if (!connection.ok()) {
      writer_.unlock();
      return connection.error();
    }
    // The write lock is taken at BEGIN: a deferred transaction that later upgrades can fail
    // with SQLITE_BUSY without waiting, while IMMEDIATE waits under the busy timeout.
    Status begun = (*connection)->Exec("BEGIN IMMEDIATE");
    if (!begun.ok()) {
      Release(std::move(*connection));
      writer_.unlock();
      return begun.error();
    }
    group_connection_ = std::move(*connection);
    group_ = std::make_shared<CommitGroup>();
  }
  Status opened = group_connection_->InTransaction()
                      ? group_connection_->Exec("SAVEPOINT unit")
                      : MakeError(ErrorCode::kUnavailable, "the write transaction was rolled back",
                                  "database_rolled_back");
  if (!opened.ok()) {
    group_->is_broken = !group_connection_->InTransaction();
    EndTurn();
    return opened.error();
  }
  return std::unique_ptr<UnitOfWork>(
      new sql::SqlUnitOfWork(*this, std::move(group_connection_), true));
}

}  // namespace wsapp::store::sqlite
