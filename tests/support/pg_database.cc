#include "support/pg_database.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include "support/status_matchers.h"

namespace wsapp::testing {

void PgDatabase::Closer::operator()(pg_conn* conn) const { PQfinish(conn); }

PgDatabase::PgDatabase(const std::string& dsn) : conn_(PQconnectdb(dsn.c_str())) {}

PgDatabase::~PgDatabase() = default;

Status PgDatabase::Check() const {
  if (PQstatus(conn_.get()) != CONNECTION_OK) {
    return InternalError(std::string("cannot connect: ") + PQerrorMessage(conn_.get()));
  }
  return OkStatus();
}

Result<PgRows> PgDatabase::Rows(const std::string& sql, const std::vector<std::string>& params) {
  std::vector<const char*> values;
  for (const std::string& param : params) {
    values.push_back(param.c_str());
  }
  std::unique_ptr<PGresult, decltype(&PQclear)> result(
      PQexecParams(conn_.get(), sql.c_str(), static_cast<int>(values.size()), nullptr,
                   values.data(), nullptr, nullptr, 0),
      &PQclear);
  if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
    return InternalError(sql + ": " + PQresultErrorMessage(result.get()));
  }
  PgRows rows(PQntuples(result.get()));
  for (int row = 0; row < PQntuples(result.get()); ++row) {
    for (int column = 0; column < PQnfields(result.get()); ++column) {
      rows[row].push_back(PQgetvalue(result.get(), row, column));
    }
  }
  return rows;
}

int64_t PgDatabase::Number(const std::string& sql, const std::vector<std::string>& params) {
  auto rows = Rows(sql, params);
  EXPECT_TRUE(rows.ok() && rows->size() == 1) << DescribeError(rows);
  return rows.ok() && rows->size() == 1 ? std::stoll(rows->front().front()) : -1;
}

std::string DescribeRows(const PgRows& rows) {
  std::string text;
  for (const auto& row : rows) {
    text += "\n ";
    for (const std::string& value : row) {
      text += " " + value;
    }
  }
  return text;
}

std::string ArrayLiteral(const std::vector<std::string>& ids) {
  std::string literal = "{";
  for (size_t i = 0; i < ids.size(); ++i) {
    literal += (i > 0 ? "," : "") + ids[i];
  }
  return literal + "}";
}

}  // namespace wsapp::testing
