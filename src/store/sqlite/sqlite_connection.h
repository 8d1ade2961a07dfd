#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"

namespace wsapp::store::sqlite {

// Turns a SQLite result code into an Error: unique and primary-key violations become
// kAlreadyExists, busy or locked databases kUnavailable, the rest kInternal. The SQLite message
// goes to the internal text only.
Error TranslateError(sqlite3* db, int rc, std::string_view context);

// A prepared statement borrowed from its connection's cache; reset and unbound on destruction.
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement();
  Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) {
    other.stmt_ = nullptr;
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binding indexes start at 1, as in SQLite.
  Statement& Bind(int index, std::string_view value);
  Statement& Bind(int index, int64_t value);
  Statement& BindBlob(int index, std::string_view value);

  // Steps once: true with a row, false when done. Errors: translated.
  Result<bool> Step();
  // Steps to completion, for statements that return no rows.
  Status Run();

  std::string Text(int column) const;
  std::string Blob(int column) const;
  int64_t Int(int column) const;
  bool IsNull(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

// One SQLite connection with its statement cache. Used by one thread at a time.
class Connection {
 public:
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Opens the file in WAL mode with foreign keys on. `synchronous_full` makes every commit
  // durable before it returns (D29). Errors: kUnavailable.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, bool synchronous_full);

  // Runs SQL text that returns no rows (may hold several statements).
  Status Exec(const std::string& sql);

  // Prepares `sql` once per connection. `sql` must be a string with static storage: it keys
  // the cache by address.
  Result<Statement> Prepare(const char* sql);

  // Rows changed by the last statement.
  int64_t Changes() const;

  sqlite3* handle() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}

  sqlite3* db_;
  std::map<const char*, sqlite3_stmt*> statements_;
};

}  // namespace wsapp::store::sqlite
