// The seam between the shared SQL of the store (store/sql/*_queries.cc) and the two engines
// that run it: SQLite (store/sqlite) and PostgreSQL (store/postgres). Queries are written once,
// with SQLite's numbered parameters (?1, ?2, ...); a backend that spells them differently
// rewrites the text when it prepares it. The few queries whose text cannot be shared carry one
// text per dialect (DialectQuery).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"

namespace wsapp::store::sql {

enum class Dialect { kSqlite, kPostgres };

// A query spelled once per dialect; both texts take the same parameters and return the same
// columns in the same order.
struct DialectQuery {
  const char* sqlite;
  const char* postgres;
};

// One prepared statement of a backend. Bound values persist until Reset().
class Cursor {
 public:
  virtual ~Cursor() = default;

  // Binding indexes start at 1.
  virtual void BindText(int index, std::string_view value) = 0;
  virtual void BindInt(int index, int64_t value) = 0;
  virtual void BindBlob(int index, std::string_view value) = 0;

  // Steps once: true with a row, false when done. The first step runs the statement.
  virtual Result<bool> Step() = 0;

  // Columns of the current row, counted from 0.
  virtual std::string Text(int column) const = 0;
  virtual std::string Blob(int column) const = 0;
  virtual int64_t Int(int column) const = 0;
  virtual bool IsNull(int column) const = 0;

  // Forgets the bound values and any rows not read, so the statement can run again.
  virtual void Reset() = 0;
};

// A prepared statement borrowed from its connection's cache; reset on destruction.
class Statement {
 public:
  explicit Statement(Cursor* cursor) : cursor_(cursor) {}
  ~Statement() {
    if (cursor_ != nullptr) {
      cursor_->Reset();
    }
  }
  Statement(Statement&& other) noexcept : cursor_(other.cursor_) { other.cursor_ = nullptr; }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;

  Statement& Bind(int index, std::string_view value) {
    cursor_->BindText(index, value);
    return *this;
  }
  Statement& Bind(int index, int64_t value) {
    cursor_->BindInt(index, value);
    return *this;
  }
  Statement& BindBlob(int index, std::string_view value) {
    cursor_->BindBlob(index, value);
    return *this;
  }

  Result<bool> Step() { return cursor_->Step(); }
  // Steps to completion, for statements whose rows are not read.
  Status Run();

  std::string Text(int column) const { return cursor_->Text(column); }
  std::string Blob(int column) const { return cursor_->Blob(column); }
  int64_t Int(int column) const { return cursor_->Int(column); }
  bool IsNull(int column) const { return cursor_->IsNull(column); }

 private:
  Cursor* cursor_;
};

// One database session with its statement cache. Used by one thread at a time.
class Connection {
 public:
  virtual ~Connection() = default;

  virtual Dialect dialect() const = 0;

  // Runs SQL text that returns no rows (may hold several statements).
  virtual Status Exec(const std::string& sql) = 0;

  // Prepares `sql` once per connection. `sql` must be a string with static storage: the cache
  // is keyed by its address.
  virtual Result<Statement> Prepare(const char* sql) = 0;
  Result<Statement> Prepare(const DialectQuery& query) {
    return Prepare(dialect() == Dialect::kSqlite ? query.sqlite : query.postgres);
  }

  // Rows changed by the last statement that ran to completion.
  virtual int64_t Changes() const = 0;

  // False once the session is known to be lost; the pool then drops the connection.
  virtual bool IsUsable() const { return true; }

  // Whether a transaction is open on the session (a failed COMMIT ends it on PostgreSQL, and
  // may leave it open on SQLite).
  virtual bool InTransaction() const = 0;

  // Whether the open transaction can still run statements: the session lives, and no failed
  // statement has aborted the transaction (PostgreSQL).
  virtual bool CanRunStatements() const { return IsUsable() && InTransaction(); }
};

}  // namespace wsapp::store::sql
