#include "store/sqlite/sqlite_connection.h"

#include <fmt/format.h>

namespace wsapp::store::sqlite {

Error TranslateError(sqlite3* db, int rc, std::string_view context) {
  std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  std::string message = fmt::format("sqlite {}: {} (rc={})", context, detail, rc);
  Error error;
  error.message = message;
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      error.code = ErrorCode::kAlreadyExists;
      error.reason = "duplicate";
      return error;
    default:
      break;
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      error.code = ErrorCode::kUnavailable;
      error.reason = "database_busy";
      return error;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
      error.code = ErrorCode::kUnavailable;
      error.reason = "database_unavailable";
      return error;
    default:
      error.code = ErrorCode::kInternal;
      return error;
  }
}

void SqliteCursor::BindText(int index, std::string_view value) {
  sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
}

void SqliteCursor::BindInt(int index, int64_t value) { sqlite3_bind_int64(stmt_, index, value); }

void SqliteCursor::BindBlob(int index, std::string_view value) {
  sqlite3_bind_blob(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
}

Result<bool> SqliteCursor::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc == SQLITE_DONE) {
    return false;
  }
  // sqlite3_step returns the primary code; the extended one tells unique violations apart.
  return TranslateError(db_, sqlite3_extended_errcode(db_), "step");
}

std::string SqliteCursor::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) {
    return {};
  }
  return std::string(reinterpret_cast<const char*>(text), sqlite3_column_bytes(stmt_, column));
}

std::string SqliteCursor::Blob(int column) const {
  const void* data = sqlite3_column_blob(stmt_, column);
  if (data == nullptr) {
    return {};
  }
  return std::string(static_cast<const char*>(data), sqlite3_column_bytes(stmt_, column));
}

int64_t SqliteCursor::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

bool SqliteCursor::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

void SqliteCursor::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Connection::~Connection() {
  statements_.clear();
  sqlite3_close_v2(db_);
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path,
                                                     bool synchronous_full) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error error = TranslateError(db, rc, "open " + path);
    error.code = ErrorCode::kUnavailable;
    sqlite3_close_v2(db);
    return error;
  }
  sqlite3_extended_result_codes(db, 1);
  std::unique_ptr<Connection> connection(new Connection(db));
  // A writer waits for the lock instead of failing at once; the wait is bounded so that a
  // stuck writer becomes a 503 rather than a hung request.
  sqlite3_busy_timeout(db, 5000);
  std::string pragmas = fmt::format(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous={}; PRAGMA foreign_keys=ON;"
      " PRAGMA temp_store=MEMORY;",
      synchronous_full ? "FULL" : "NORMAL");
  WSAPP_RETURN_IF_ERROR(connection->Exec(pragmas));
  return connection;
}

Status Connection::Exec(const std::string& sql) {
  // Every unit of work begins and ends with one of these: kept in the statement cache (keyed by
  // these literals), they cost a step instead of a parse each time.
  static constexpr const char* kTransactionStatements[] = {
      "BEGIN",          "BEGIN IMMEDIATE", "COMMIT",          "ROLLBACK",
      "SAVEPOINT unit", "RELEASE unit",    "ROLLBACK TO unit"};
  for (const char* statement : kTransactionStatements) {
    if (sql == statement) {
      WSAPP_ASSIGN_OR_RETURN(sql::Statement prepared, Prepare(statement));
      return prepared.Run();
    }
  }
  char* message = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
  sqlite3_free(message);
  if (rc != SQLITE_OK) {
    return TranslateError(db_, sqlite3_extended_errcode(db_), "exec");
  }
  return OkStatus();
}

Result<sql::Statement> Connection::Prepare(const char* sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) {
    return sql::Statement(it->second.get());
  }
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    return TranslateError(db_, rc, "prepare");
  }
  auto [inserted, unused] = statements_.emplace(sql, std::make_unique<SqliteCursor>(db_, stmt));
  return sql::Statement(inserted->second.get());
}

int64_t Connection::Changes() const { return sqlite3_changes64(db_); }

}  // namespace wsapp::store::sqlite
