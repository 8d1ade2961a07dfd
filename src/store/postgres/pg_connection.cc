#include "store/postgres/pg_connection.h"

#include <fmt/format.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <utility>

#include "common/log.h"

namespace wsapp::store::postgres {
namespace {

// Settings every session gets after it connects: the same bounded lock wait as SQLite's busy
// timeout, a ceiling on any one statement so that a stuck database becomes a 503 instead of a
// hung request, and commits that return only once durable (D29), whatever the server's default.
constexpr char kSessionSettings[] =
    "SET lock_timeout = '5s'; SET statement_timeout = '{}s'; SET synchronous_commit = on";
// How much longer than the statement timeout a reply may take before the server is taken for
// unreachable: time for the server to cancel the statement and say so.
constexpr auto kReplyGrace = std::chrono::seconds(2);

// PostgreSQL's notices and warnings (for example "relation already exists, skipping" from the
// migrations' CREATE ... IF NOT EXISTS) go to the log as debug lines, instead of raw text on
// stderr, which is libpq's default.
void LogNotice(void* /*unused*/, const PGresult* result) {
  std::string text = PQresultErrorMessage(result);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
  log::Debug("postgres notice", {{"message", text}});
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

}  // namespace

Error TranslateError(PGconn* conn, const PGresult* result, std::string_view context) {
  const char* sqlstate_text =
      result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string_view sqlstate = sqlstate_text != nullptr ? sqlstate_text : "";
  std::string detail = result != nullptr && *PQresultErrorMessage(result) != '\0'
                           ? PQresultErrorMessage(result)
                           : (conn != nullptr ? PQerrorMessage(conn) : "no connection");
  while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) {
    detail.pop_back();
  }
  Error error;
  error.message = fmt::format("postgres {}: {} (sqlstate {})", context, detail,
                              sqlstate.empty() ? "none" : sqlstate);
  error.code = ErrorCode::kUnavailable;
  if (sqlstate == "23505") {
    error.code = ErrorCode::kAlreadyExists;
    error.reason = "duplicate";
  } else if (sqlstate == "40001" || sqlstate == "40P01") {
    error.reason = kSerializationConflict;
  } else if (sqlstate == "55P03" || sqlstate == "57014") {
    error.reason = "database_busy";
  } else if (StartsWith(sqlstate, "08") || StartsWith(sqlstate, "57P") ||
             StartsWith(sqlstate, "53") || sqlstate.empty() ||
             (conn != nullptr && PQstatus(conn) != CONNECTION_OK)) {
    // No SQLSTATE at all means libpq itself failed: the connection is gone.
    error.reason = kConnectionLost;
  } else {
    error.code = ErrorCode::kInternal;
  }
  return error;
}

std::pair<std::string, int> TranslateParameters(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  int highest = 0;
  char quote = 0;  // the quote character we are inside, or 0
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (quote != 0) {
      out.push_back(c);
      if (c == quote) {
        quote = 0;  // a doubled quote closes and reopens, which is the same to us
      }
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out.push_back(c);
      continue;
    }
    if (c == '?' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
      int number = 0;
      size_t j = i + 1;
      while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') {
        number = number * 10 + (sql[j] - '0');
        ++j;
      }
      highest = std::max(highest, number);
      out.push_back('$');
      out.append(sql.substr(i + 1, j - i - 1));
      i = j - 1;
      continue;
    }
    out.push_back(c);
  }
  return {std::move(out), highest};
}

PgCursor::PgCursor(PgConnection& connection, std::string name, std::string sql, int parameter_count)
    : connection_(connection),
      name_(std::move(name)),
      sql_(std::move(sql)),
      values_(parameter_count),
      formats_(parameter_count, 0) {}

PgCursor::~PgCursor() { PQclear(result_); }

void PgCursor::BindText(int index, std::string_view value) {
  values_.at(index - 1) = std::string(value);
  formats_.at(index - 1) = 0;
}

void PgCursor::BindInt(int index, int64_t value) {
  values_.at(index - 1) = std::to_string(value);
  formats_.at(index - 1) = 0;
}

void PgCursor::BindBlob(int index, std::string_view value) {
  values_.at(index - 1) = std::string(value);
  formats_.at(index - 1) = 1;
}

Status PgCursor::Execute() {
  PGconn* conn = connection_.handle();
  if (!is_prepared_) {
    PGresult* prepared =
        connection_.Await(PQsendPrepare(conn, name_.c_str(), sql_.c_str(), 0, nullptr));
    bool ok = prepared != nullptr && PQresultStatus(prepared) == PGRES_COMMAND_OK;
    if (!ok) {
      Error error = TranslateError(conn, prepared, "prepare");
      PQclear(prepared);
      connection_.is_broken_ |= error.reason == kConnectionLost;
      return error;
    }
    PQclear(prepared);
    is_prepared_ = true;
  }
  std::vector<const char*> values(values_.size());
  std::vector<int> lengths(values_.size());
  for (size_t i = 0; i < values_.size(); ++i) {
    if (values_[i].has_value()) {
      values[i] = values_[i]->data();
      lengths[i] = static_cast<int>(values_[i]->size());
    }
  }
  result_ =
      connection_.Await(PQsendQueryPrepared(conn, name_.c_str(), static_cast<int>(values.size()),
                                            values.data(), lengths.data(), formats_.data(),
                                            /*resultFormat=*/0));
  ExecStatusType status = result_ != nullptr ? PQresultStatus(result_) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    Error error = TranslateError(conn, result_, "step");
    PQclear(result_);
    result_ = nullptr;
    connection_.is_broken_ |= error.reason == kConnectionLost;
    return error;
  }
  const char* tuples = PQcmdTuples(result_);
  connection_.set_changes(*tuples != '\0' ? std::strtoll(tuples, nullptr, 10) : 0);
  row_ = -1;
  return OkStatus();
}

Result<bool> PgCursor::Step() {
  if (result_ == nullptr) {
    WSAPP_RETURN_IF_ERROR(Execute());
  }
  ++row_;
  return row_ < PQntuples(result_);
}

std::string PgCursor::Text(int column) const {
  return std::string(PQgetvalue(result_, row_, column), PQgetlength(result_, row_, column));
}

std::string PgCursor::Blob(int column) const {
  if (PQgetisnull(result_, row_, column)) {
    return {};
  }
  size_t length = 0;
  unsigned char* bytes = PQunescapeBytea(
      reinterpret_cast<const unsigned char*>(PQgetvalue(result_, row_, column)), &length);
  if (bytes == nullptr) {
    return {};
  }
  std::string blob(reinterpret_cast<const char*>(bytes), length);
  PQfreemem(bytes);
  return blob;
}

int64_t PgCursor::Int(int column) const {
  const char* text = PQgetvalue(result_, row_, column);
  int length = PQgetlength(result_, row_, column);
  // Boolean expressions (EXISTS, comparisons) come back as 't' or 'f'; SQLite gives 1 or 0.
  if (length == 1 && (text[0] == 't' || text[0] == 'f')) {
    return text[0] == 't' ? 1 : 0;
  }
  int64_t value = 0;
  std::from_chars(text, text + length, value);
  return value;
}

bool PgCursor::IsNull(int column) const { return PQgetisnull(result_, row_, column) != 0; }

void PgCursor::Reset() {
  PQclear(result_);
  result_ = nullptr;
  row_ = -1;
  for (auto& value : values_) {
    value.reset();
  }
}

PgConnection::~PgConnection() {
  statements_.clear();
  PQfinish(conn_);
}

Result<std::unique_ptr<PgConnection>> PgConnection::Open(const std::string& dsn,
                                                         int statement_timeout_seconds) {
  // Defaults first: libpq lets the expanded dsn (the last entry) override them.
  const char* keywords[] = {"connect_timeout",     "keepalives",       "keepalives_idle",
                            "keepalives_interval", "keepalives_count", "tcp_user_timeout",
                            "application_name",    "dbname",           nullptr};
  const char* values[] = {"5", "1", "10", "5", "3", "10000", "wsappd", dsn.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    Error error = TranslateError(conn, nullptr, "connect");
    error.code = ErrorCode::kUnavailable;
    error.reason = kDatabaseUnreachable;
    PQfinish(conn);
    return error;
  }
  std::chrono::milliseconds reply_deadline =
      std::chrono::seconds(statement_timeout_seconds) + kReplyGrace;
  PQsetNoticeReceiver(conn, LogNotice, nullptr);
  std::unique_ptr<PgConnection> connection(new PgConnection(conn, reply_deadline));
  Status configured = connection->Exec(fmt::format(kSessionSettings, statement_timeout_seconds));
  if (!configured.ok()) {
    Error error = configured.error();
    error.code = ErrorCode::kUnavailable;
    error.reason = kDatabaseUnreachable;
    return error;
  }
  return connection;
}

Status PgConnection::Exec(const std::string& sql) {
  PGresult* result = Await(PQsendQuery(conn_, sql.c_str()));
  ExecStatusType status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    Error error = TranslateError(conn_, result, "exec");
    PQclear(result);
    is_broken_ |= error.reason == kConnectionLost;
    return error;
  }
  PQclear(result);
  return OkStatus();
}

Result<sql::Statement> PgConnection::Prepare(const char* sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    auto [text, parameter_count] = TranslateParameters(sql);
    std::string name = "w" + std::to_string(statements_.size() + 1);
    it = statements_
             .emplace(sql, std::make_unique<PgCursor>(*this, std::move(name), std::move(text),
                                                      parameter_count))
             .first;
  }
  return sql::Statement(it->second.get());
}

PGresult* PgConnection::Await(int sent) {
  if (sent == 0) {
    return nullptr;
  }
  const auto deadline = std::chrono::steady_clock::now() + reply_deadline_;
  PGresult* last = nullptr;
  while (true) {
    while (PQisBusy(conn_) != 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        // No reply in time: give up on this session. After the shutdown libpq reads an end of
        // stream and marks the connection bad.
        ::shutdown(PQsocket(conn_), SHUT_RDWR);
        (void)PQconsumeInput(conn_);
        is_broken_ = true;
        PQclear(last);
        return nullptr;
      }
      pollfd socket{PQsocket(conn_), POLLIN, 0};
      int ready = ::poll(&socket, 1, static_cast<int>(left.count()));
      if (ready < 0 && errno != EINTR) {
        is_broken_ = true;
        PQclear(last);
        return nullptr;
      }
      if (ready > 0 && PQconsumeInput(conn_) == 0) {
        break;  // the connection failed; PQgetResult now gives the error
      }
    }
    PGresult* result = PQgetResult(conn_);
    if (result == nullptr) {
      return last;
    }
    // A multi-statement text keeps the last result, as PQexec does; an error ends the text.
    PQclear(last);
    last = result;
  }
}

bool PgConnection::IsUsable() const {
  return !is_broken_ && PQstatus(conn_) == CONNECTION_OK &&
         PQtransactionStatus(conn_) == PQTRANS_IDLE;
}

}  // namespace wsapp::store::postgres
