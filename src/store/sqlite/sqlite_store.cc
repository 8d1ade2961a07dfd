#include "store/sqlite/sqlite_store.h"

#include <fmt/format.h>

#include <chrono>

#include "common/log.h"

namespace wsapp::store::sqlite {
namespace {

// As long as the connections' busy timeout.
constexpr int64_t kWriterWaitMillis = 5000;

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

constexpr Migration kMigrations[] = {
#include "store/sqlite_migrations.inc"
};

constexpr char kCreateMigrationsTable[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)";
constexpr char kSelectCurrentVersion[] = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
constexpr char kInsertMigration[] =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)";

Result<int64_t> ReadSchemaVersion(Connection& connection) {
  WSAPP_ASSIGN_OR_RETURN(sql::Statement select, connection.Prepare(kSelectCurrentVersion));
  WSAPP_RETURN_IF_ERROR(select.Step());
  return select.Int(0);
}

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const SqliteOptions& options) {
  std::unique_ptr<SqliteStore> store(new SqliteStore(options));
  WSAPP_ASSIGN_OR_RETURN(std::unique_ptr<Connection> connection, store->Acquire());
  WSAPP_RETURN_IF_ERROR(store->Migrate(*connection));
  store->Release(std::move(connection));
  return store;
}

Status SqliteStore::Migrate(Connection& connection) {
  WSAPP_RETURN_IF_ERROR(connection.Exec(kCreateMigrationsTable));
  // The write lock is taken before reading the version so that two processes starting at once
  // cannot both apply the same migration.
  WSAPP_RETURN_IF_ERROR(connection.Exec("BEGIN IMMEDIATE"));
  auto rollback_on_error = [&](const Error& error) {
    (void)connection.Exec("ROLLBACK");
    return error;
  };
  auto current = ReadSchemaVersion(connection);
  if (!current.ok()) {
    return rollback_on_error(current.error());
  }
  int64_t version = *current;
  int64_t newest =
      std::size(kMigrations) == 0 ? 0 : kMigrations[std::size(kMigrations) - 1].version;
  if (version > newest) {
    return rollback_on_error(MakeError(
        ErrorCode::kFailedPrecondition,
        fmt::format("database schema version {} is newer than this binary's {}", version, newest)));
  }
  for (const Migration& migration : kMigrations) {
    if (migration.version <= version) {
      continue;
    }
    Status applied = connection.Exec(migration.sql);
    if (applied.ok()) {
      auto insert = connection.Prepare(kInsertMigration);
      applied = insert.ok() ? insert->Bind(1, int64_t{migration.version})
                                  .Bind(2, migration.name)
                                  .Bind(3, NowMillis())
                                  .Run()
                            : Status(insert.error());
    }
    if (!applied.ok()) {
      return rollback_on_error(
          applied.error().WithContext(fmt::format("migration {}", migration.name)));
    }
    log::Info("migration applied", {{"backend", "sqlite"}, {"migration", migration.name}});
  }
  return connection.Exec("COMMIT");
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
