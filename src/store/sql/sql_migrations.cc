#include "store/sql/sql_migrations.h"

#include <fmt/format.h>

#include <chrono>
#include <string>

#include "common/log.h"

namespace wsapp::store::sql {
namespace {

constexpr DialectQuery kCreateMigrationsTable = {
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)"};
constexpr char kSelectCurrentVersion[] = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
constexpr char kInsertMigration[] =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)";

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<int64_t> ReadSchemaVersion(Connection& connection) {
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection.Prepare(kSelectCurrentVersion));
  WSAPP_RETURN_IF_ERROR(select.Step());
  return select.Int(0);
}

Status RecordMigration(Connection& connection, const Migration& migration) {
  WSAPP_ASSIGN_OR_RETURN(Statement insert, connection.Prepare(kInsertMigration));
  return insert.Bind(1, int64_t{migration.version})
      .Bind(2, migration.name)
      .Bind(3, NowMillis())
      .Run();
}

// Everything after the exclusive BEGIN; the caller commits or rolls back.
Status MigrateInTransaction(Connection& connection, std::span<const Migration> migrations,
                            std::string_view backend) {
  WSAPP_RETURN_IF_ERROR(connection.Exec(connection.dialect() == Dialect::kSqlite
                                            ? kCreateMigrationsTable.sqlite
                                            : kCreateMigrationsTable.postgres));
  WSAPP_ASSIGN_OR_RETURN(int64_t version, ReadSchemaVersion(connection));
  int64_t newest = migrations.empty() ? 0 : migrations.back().version;
  if (version > newest) {
    return MakeError(
        ErrorCode::kFailedPrecondition,
        fmt::format("database schema version {} is newer than this binary's {}", version, newest));
  }
  for (const Migration& migration : migrations) {
    if (migration.version <= version) {
      continue;
    }
    Status applied = connection.Exec(migration.sql);
    if (applied.ok()) {
      applied = RecordMigration(connection, migration);
    }
    if (!applied.ok()) {
      return applied.error().WithContext(fmt::format("migration {}", migration.name));
    }
    log::Info("migration applied",
              {{"backend", std::string(backend)}, {"migration", migration.name}});
  }
  return OkStatus();
}

}  // namespace

Status ApplyMigrations(Connection& connection, std::string_view begin_exclusive,
                       std::span<const Migration> migrations, std::string_view backend) {
  WSAPP_RETURN_IF_ERROR(connection.Exec(std::string(begin_exclusive)));
  Status migrated = MigrateInTransaction(connection, migrations, backend);
  if (!migrated.ok()) {
    (void)connection.Exec("ROLLBACK");
    return migrated;
  }
  return connection.Exec("COMMIT");
}

}  // namespace wsapp::store::sql
