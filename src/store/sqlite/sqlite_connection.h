#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "store/sql/sql_connection.h"

namespace wsapp::store::sqlite {

// Turns a SQLite result code into an Error: unique and primary-key violations become
// kAlreadyExists, busy or locked databases kUnavailable, the rest kInternal. The SQLite message
// goes to the internal text only.
Error TranslateError(sqlite3* db, int rc, std::string_view context);

// One cached SQLite statement.
class SqliteCursor final : public sql::Cursor {
 public:
  SqliteCursor(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~SqliteCursor() override { sqlite3_finalize(stmt_); }
  SqliteCursor(const SqliteCursor&) = delete;
  SqliteCursor& operator=(const SqliteCursor&) = delete;

  void BindText(int index, std::string_view value) override;
  void BindInt(int index, int64_t value) override;
  void BindBlob(int index, std::string_view value) override;
  Result<bool> Step() override;
  std::string Text(int column) const override;
  std::string Blob(int column) const override;
  int64_t Int(int column) const override;
  bool IsNull(int column) const override;
  void Reset() override;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

// One SQLite connection with its statement cache. Used by one thread at a time.
class Connection final : public sql::Connection {
 public:
  ~Connection() override;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Opens the file in WAL mode with foreign keys on. `synchronous_full` makes every commit
  // durable before it returns (D29). Errors: kUnavailable.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, bool synchronous_full);

  sql::Dialect dialect() const override { return sql::Dialect::kSqlite; }
  Status Exec(const std::string& sql) override;
  using sql::Connection::Prepare;
  Result<sql::Statement> Prepare(const char* sql) override;
  int64_t Changes() const override;
  bool InTransaction() const override { return sqlite3_get_autocommit(db_) == 0; }

  sqlite3* handle() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}

  sqlite3* db_;
  // Destroyed before db_ is closed (see the destructor).
  std::map<const char*, std::unique_ptr<SqliteCursor>> statements_;
};

}  // namespace wsapp::store::sqlite
