#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "store/sql/sql_connection.h"

namespace wsapp::store::postgres {

// Error reasons the store's callers act on (see store/store.h, RetryableReason).
inline constexpr char kSerializationConflict[] = "serialization_conflict";
inline constexpr char kConnectionLost[] = "database_connection_lost";
// A new connection could not be made. Not retried: the connect itself waited its timeout.
inline constexpr char kDatabaseUnreachable[] = "database_unavailable";

// Turns a failed libpq result (or a lost connection when `result` is null) into an Error by its
// SQLSTATE: unique violations become kAlreadyExists; serialization failures and deadlocks
// kUnavailable/"serialization_conflict" (the caller retries the whole unit); lock and statement
// timeouts kUnavailable/"database_busy"; connection and server-shutdown classes
// kUnavailable/"database_connection_lost"; the rest kInternal. The server's text goes to the
// internal message only.
Error TranslateError(PGconn* conn, const PGresult* result, std::string_view context);

// Rewrites SQLite's numbered parameters (?1, ?2, ...) outside quoted text into PostgreSQL's
// ($1, $2, ...). Returns the text and the highest parameter number.
std::pair<std::string, int> TranslateParameters(std::string_view sql);

class PgConnection;

// One statement, prepared on its connection the first time it runs. Every parameter is sent as
// text (blobs as binary) with its type left to the server, which infers it from the query.
class PgCursor final : public sql::Cursor {
 public:
  PgCursor(PgConnection& connection, std::string name, std::string sql, int parameter_count);
  ~PgCursor() override;
  PgCursor(const PgCursor&) = delete;
  PgCursor& operator=(const PgCursor&) = delete;

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
  Status Execute();

  PgConnection& connection_;
  const std::string name_;
  const std::string sql_;
  bool is_prepared_ = false;
  std::vector<std::optional<std::string>> values_;  // by parameter number - 1; nullopt is NULL
  std::vector<int> formats_;                        // 0 text, 1 binary
  PGresult* result_ = nullptr;
  int row_ = -1;
};

// One PostgreSQL session with its statement cache. Used by one thread at a time.
class PgConnection final : public sql::Connection {
 public:
  ~PgConnection() override;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Connects with `dsn` (a libpq URI or key=value string; its own settings win over the
  // defaults here: a 5 s connect timeout and TCP keepalives), then sets the session's lock
  // timeout (5 s), statement timeout (`statement_timeout_seconds`) and synchronous commits.
  // Every later reply is awaited at most statement_timeout_seconds + 2 s (see Await).
  // Errors: kUnavailable/"database_unavailable".
  static Result<std::unique_ptr<PgConnection>> Open(const std::string& dsn,
                                                    int statement_timeout_seconds);

  sql::Dialect dialect() const override { return sql::Dialect::kPostgres; }
  Status Exec(const std::string& sql) override;
  using sql::Connection::Prepare;
  Result<sql::Statement> Prepare(const char* sql) override;
  int64_t Changes() const override { return changes_; }
  bool IsUsable() const override;
  bool InTransaction() const override {
    PGTransactionStatusType status = PQtransactionStatus(conn_);
    return status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
  }
  bool CanRunStatements() const override {
    return !IsLost() && PQtransactionStatus(conn_) == PQTRANS_INTRANS;
  }
  // True once the session is known to be gone (an I/O failure, a reply past its deadline):
  // the pool's other idle connections likely went with it.
  bool IsLost() const { return is_broken_ || PQstatus(conn_) != CONNECTION_OK; }

  PGconn* handle() const { return conn_; }
  void set_changes(int64_t changes) { changes_ = changes; }

 private:
  PgConnection(PGconn* conn, std::chrono::milliseconds reply_deadline)
      : conn_(conn), reply_deadline_(reply_deadline) {}

  // Waits for the whole reply to what a PQsend* call (`sent` its result) put on the wire, and
  // returns its last result, which the caller owns. The wait is bounded by reply_deadline_: the
  // server's statement_timeout ends a slow statement, but not a server or network path that
  // accepts bytes and never answers. Past the deadline the socket is shut down, which libpq
  // then reports as a lost connection. nullptr (the connection's error message says why) when
  // sending failed or the deadline passed.
  PGresult* Await(int sent);

  PGconn* conn_;
  const std::chrono::milliseconds reply_deadline_;
  int64_t changes_ = 0;
  bool is_broken_ = false;
  // Destroyed before conn_ is closed (see the destructor).
  std::map<const char*, std::unique_ptr<PgCursor>> statements_;

  friend class PgCursor;
};

}  // namespace wsapp::store::postgres
