#include "store/sqlite/sqlite_store.h"

#include <chrono>

#include "store/sql/sql_migrations.h"

namespace wsapp::store::sqlite {
namespace {

// As long as the connections' busy timeout.
constexpr int64_t kWriterWaitMillis = 5000;

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

void SqliteStore::EndUnit(std::unique_ptr<sql::Connection> connection, bool is_write) {
  // Only this store's connections come back here.
  Release(std::unique_ptr<Connection>(static_cast<Connection*>(connection.release())));
  if (is_write) {
    writer_.unlock();
  }
}

void SqliteStore::Release(std::unique_ptr<Connection> connection) {
  std::lock_guard<std::mutex> lock(mutex_);
  idle_.push_back(std::move(connection));
}

Result<std::unique_ptr<UnitOfWork>> SqliteStore::Begin(Mode mode) {
  const bool is_write = mode == Mode::kWrite;
  // Bounded like SQLite's busy timeout, so that a writer stuck behind another (or a unit that
  // opens a second write unit in its own thread) fails with kUnavailable instead of hanging.
  if (is_write && !writer_.try_lock_for(std::chrono::milliseconds(kWriterWaitMillis))) {
    return MakeError(ErrorCode::kUnavailable, "timed out waiting for the database write lock",
                     "database_busy");
  }
  auto connection = Acquire();
  if (!connection.ok()) {
    if (is_write) {
      writer_.unlock();
    }
    return connection.error();
  }
  // Writers take the write lock at BEGIN: a deferred transaction that later upgrades can fail
  // with SQLITE_BUSY without waiting, while IMMEDIATE waits under the busy timeout.
  Status begun = (*connection)->Exec(is_write ? "BEGIN IMMEDIATE" : "BEGIN");
  if (!begun.ok()) {
    Release(std::move(*connection));
    if (is_write) {
      writer_.unlock();
    }
    return begun.error();
  }
  return std::unique_ptr<UnitOfWork>(
      new sql::SqlUnitOfWork(*this, std::move(*connection), is_write));
}

}  // namespace wsapp::store::sqlite
