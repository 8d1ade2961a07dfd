#include "store/postgres/pg_store.h"

#include <chrono>

#include "store/sql/sql_migrations.h"

namespace wsapp::store::postgres {
namespace {

// As long as the SQLite backend waits for its write lock.
constexpr auto kPoolWait = std::chrono::seconds(5);

constexpr sql::Migration kMigrations[] = {
#include "store/postgres_migrations.inc"
};

// Held for the migration transaction, so that instances starting together apply each
// migration once: the second waits, then finds the version already there. The key is "wsap".
constexpr char kBeginMigrations[] = "BEGIN; SELECT pg_advisory_xact_lock(2004050288)";

constexpr char kBeginWrite[] = "BEGIN ISOLATION LEVEL SERIALIZABLE";
constexpr char kBeginRead[] = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";

}  // namespace

Result<std::unique_ptr<PgStore>> PgStore::Open(const PostgresOptions& options) {
  if (options.pool_size < 1) {
    return InvalidArgument("the PostgreSQL pool size must be at least 1");
  }
  if (options.statement_timeout_seconds < 1) {
    return InvalidArgument("the PostgreSQL statement timeout must be at least 1 s");
  }
  std::unique_ptr<PgStore> store(new PgStore(options));
  WSAPP_ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> connection, store->Acquire());
  Status migrated = store->Migrate(*connection);
  store->Release(std::move(connection));
  WSAPP_RETURN_IF_ERROR(migrated);
  return store;
}

Status PgStore::Migrate(PgConnection& connection) {
  return sql::ApplyMigrations(connection, kBeginMigrations, kMigrations, "postgresql");
}

Result<std::unique_ptr<PgConnection>> PgStore::Acquire() {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    bool available = returned_.wait_for(
        lock, kPoolWait, [this] { return !idle_.empty() || open_ < options_.pool_size; });
    if (!available) {
      return MakeError(ErrorCode::kUnavailable,
                       "timed out waiting for a database connection from the pool",
                       "database_busy");
    }
    if (!idle_.empty()) {
      std::unique_ptr<PgConnection> connection = std::move(idle_.back());
      idle_.pop_back();
      return connection;
    }
    ++open_;  // reserved before connecting, outside the lock
  }
  auto connection = PgConnection::Open(options_.dsn, options_.statement_timeout_seconds);
  if (!connection.ok()) {
    std::lock_guard<std::mutex> lock(mutex_);
    --open_;
    returned_.notify_one();
  }
  return connection;
}

void PgStore::Release(std::unique_ptr<PgConnection> connection) {
  bool usable = connection->IsUsable();
  if (!usable) {
    connection.reset();  // closed outside the lock
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (usable) {
    idle_.push_back(std::move(connection));
  } else {
    --open_;
  }
  returned_.notify_one();
}

void PgStore::DropIdle() {
  std::vector<std::unique_ptr<PgConnection>> dropped;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    dropped.swap(idle_);
    open_ -= static_cast<int>(dropped.size());
    returned_.notify_all();
  }
}

void PgStore::EndUnit(std::unique_ptr<sql::Connection> connection, bool /*is_write*/) {
  // Only this store's connections come back here.
  auto* pg = static_cast<PgConnection*>(connection.release());
  std::unique_ptr<PgConnection> owned(pg);
  bool lost = owned->IsLost();
  Release(std::move(owned));
  if (lost) {
    DropIdle();
  }
}

Result<std::unique_ptr<UnitOfWork>> PgStore::Begin(Mode mode) {
  if (mode == Mode::kRead) {
    return sql::BeginRead(*this, [this] { return BeginUnit(false); });
  }
  sql::StopSharingReads(*this);
  WSAPP_ASSIGN_OR_RETURN(std::unique_ptr<sql::SqlUnitOfWork> unit, BeginUnit(true));
  return std::unique_ptr<UnitOfWork>(std::move(unit));
}

Result<std::unique_ptr<sql::SqlUnitOfWork>> PgStore::BeginUnit(bool is_write) {
  // A pooled connection may have died with a database restart; such a one fails its BEGIN, and
  // the unit then starts once more on a fresh connection.
  for (int attempt = 0;; ++attempt) {
    WSAPP_ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> connection, Acquire());
    Status begun = connection->Exec(is_write ? kBeginWrite : kBeginRead);
    if (begun.ok()) {
      // UnitHost is a private base: the conversion is made here, inside the class.
      return std::unique_ptr<sql::SqlUnitOfWork>(
          new sql::SqlUnitOfWork(*this, std::move(connection), is_write));
    }
    bool lost = begun.error().reason == kConnectionLost;
    Release(std::move(connection));
    if (!lost || attempt > 0) {
      return begun.error();
    }
    DropIdle();
  }
}

}  // namespace wsapp::store::postgres
