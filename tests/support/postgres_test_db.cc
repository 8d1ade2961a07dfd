#include "support/postgres_test_db.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <memory>

#include "common/crypto.h"

namespace wsapp::testing {

std::optional<std::string> PostgresTestDsn() {
  const char* dsn = std::getenv("TEST_POSTGRES_DSN");
  if (dsn == nullptr || *dsn == '\0') {
    return std::nullopt;
  }
  return std::string(dsn);
}

bool PostgresRequired() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string(ci) == "true";
}

Result<std::string> FreshPostgresSchema(const std::string& dsn) {
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(dsn.c_str()), &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    return MakeError(ErrorCode::kUnavailable, std::string("cannot connect to TEST_POSTGRES_DSN: ") +
                                                  PQerrorMessage(conn.get()));
  }
  WSAPP_ASSIGN_OR_RETURN(std::string suffix, RandomHexId());
  std::string schema = "wsapp_test_" + suffix.substr(0, 16);
  std::unique_ptr<PGresult, decltype(&PQclear)> created(
      PQexec(conn.get(), ("CREATE SCHEMA " + schema).c_str()), &PQclear);
  if (PQresultStatus(created.get()) != PGRES_COMMAND_OK) {
    return MakeError(ErrorCode::kUnavailable, std::string("cannot create a test schema: ") +
                                                  PQresultErrorMessage(created.get()));
  }
  bool is_uri = dsn.rfind("postgresql://", 0) == 0 || dsn.rfind("postgres://", 0) == 0;
  if (is_uri) {
    char separator = dsn.find('?') == std::string::npos ? '?' : '&';
    return dsn + separator + "options=-csearch_path%3D" + schema;
  }
  return dsn + " options='-csearch_path=" + schema + "'";
}

}  // namespace wsapp::testing
