#pragma once

#include <span>
#include <string_view>

#include "common/result.h"
#include "store/sql/sql_connection.h"

namespace wsapp::store::sql {

// One versioned schema migration, as the build embeds them (migrations/<backend>/*.sql).
struct Migration {
  int version;
  const char* name;
  const char* sql;
};

// Brings the schema up to the newest of `migrations` (in ascending version order), recording
// each applied one in schema_migrations, then commits. `begin_exclusive` is the backend's SQL
// that opens a transaction no other process can migrate beside (SQLite: BEGIN IMMEDIATE;
// PostgreSQL: BEGIN and an advisory lock), so instances starting together apply each migration
// once. Errors: the backend's, with the migration's name; kFailedPrecondition when the database
// has a schema newer than `migrations` know. Nothing is applied on error.
Status ApplyMigrations(Connection& connection, std::string_view begin_exclusive,
                       std::span<const Migration> migrations, std::string_view backend);

}  // namespace wsapp::store::sql
