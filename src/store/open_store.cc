#include "store/open_store.h"

#include "store/postgres/pg_store.h"
#include "store/sqlite/sqlite_store.h"

namespace wsapp::store {

Result<std::unique_ptr<Store>> OpenStore(const StoreConfig& config) {
  static constexpr std::string_view kSqlitePrefix = "sqlite:";
  if (config.url.rfind(kSqlitePrefix, 0) == 0) {
    sqlite::SqliteOptions options;
    options.path = config.url.substr(kSqlitePrefix.size());
    if (options.path.empty()) {
      options.path = config.data_dir + "/wsapp.db";
    }
    options.synchronous_full = config.synchronous_full;
    WSAPP_ASSIGN_OR_RETURN(std::unique_ptr<sqlite::SqliteStore> opened,
                           sqlite::SqliteStore::Open(options));
    return std::unique_ptr<Store>(std::move(opened));
  }
  if (config.url.rfind("postgresql://", 0) == 0 || config.url.rfind("postgres://", 0) == 0) {
    postgres::PostgresOptions options;
    options.dsn = config.url;
    options.pool_size = config.pg_pool_size;
    options.statement_timeout_seconds = config.pg_statement_timeout_seconds;
    WSAPP_ASSIGN_OR_RETURN(std::unique_ptr<postgres::PgStore> opened,
                           postgres::PgStore::Open(options));
    return std::unique_ptr<Store>(std::move(opened));
  }
  return InvalidArgument("unknown store URL scheme in '" + config.url +
                         "' (expected sqlite:[path] or postgresql://...)");
}

}  // namespace wsapp::store
