// The fixture of the store conformance suite: the contract of store/store.h, run against every
// backend listed in Backends(): SQLite in a temporary directory, and PostgreSQL in a fresh schema
// of the server TEST_POSTGRES_DSN names (skipped with a reason when it is not set, failed under
// CI=true).
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "store/postgres/pg_store.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"
#include "support/postgres_test_db.h"
#include "support/status_matchers.h"
#include "support/temp_dir.h"

namespace wsapp::store::conformance {

using domain::App;
using domain::AppFilter;
using domain::AppGroup;
using domain::AppGroupFilter;
using domain::Authorization;
using domain::AuthorizationFilter;
using domain::Page;
using domain::PageRequest;
using Mode = Store::Mode;

inline constexpr char kAccountId[] = "acc00000000000000000000000000001";
inline constexpr char kProjectId[] = "prj00000000000000000000000000001";
inline constexpr char kOtherProjectId[] = "prj00000000000000000000000000002";

inline const PageRequest kEverything{0, 100};

struct StoreBackend {
  std::string name;
  bool needs_postgres = false;
  // Opens an empty, migrated store whose files live under `directory`.
  std::function<Result<std::unique_ptr<Store>>(const std::string& directory)> open;
};

inline std::vector<StoreBackend> Backends() {
  return {
      {"Sqlite", /*needs_postgres=*/false,
       [](const std::string& directory) -> Result<std::unique_ptr<Store>> {
         WSAPP_ASSIGN_OR_RETURN(std::unique_ptr<sqlite::SqliteStore> store,
                                sqlite::SqliteStore::Open({directory + "/wsapp.db", true}));
         return std::unique_ptr<Store>(std::move(store));
       }},
      {"Postgres", /*needs_postgres=*/true,
       [](const std::string& /*directory*/) -> Result<std::unique_ptr<Store>> {
         WSAPP_ASSIGN_OR_RETURN(
             std::string dsn,
             wsapp::testing::FreshPostgresSchema(wsapp::testing::PostgresTestDsn().value_or("")));
         WSAPP_ASSIGN_OR_RETURN(std::unique_ptr<postgres::PgStore> store,
                                postgres::PgStore::Open({dsn, 4}));
         return std::unique_ptr<Store>(std::move(store));
       }},
  };
}

inline AppGroup MakeGroup(std::string id, std::string name, int64_t created_at_millis,
                          std::string project_id = kProjectId) {
  AppGroup group;
  group.id = std::move(id);
  group.project_id = std::move(project_id);
  group.name = std::move(name);
  group.created_at_millis = created_at_millis;
  return group;
}

inline App MakeApp(std::string id, std::string name, int64_t published_at_millis) {
  App app;
  app.id = std::move(id);
  app.name = std::move(name);
  app.execute_path = "C:\\Apps\\" + app.name + ".exe";
  app.published_at_millis = published_at_millis;
  return app;
}

inline Authorization MakeGrant(std::string id, std::string app_group_id, std::string app_id,
                               std::string account, std::string account_type = "USER",
                               int64_t created_at_millis = 1000) {
  Authorization grant;
  grant.id = std::move(id);
  grant.project_id = kProjectId;
  grant.app_group_id = std::move(app_group_id);
  grant.authorization_type = app_id.empty() ? "APP_GROUP" : "APP";
  grant.app_id = std::move(app_id);
  grant.account.account = std::move(account);
  grant.account.account_type = std::move(account_type);
  grant.created_at_millis = created_at_millis;
  return grant;
}

template <typename T>
std::vector<std::string> IdsOf(const std::vector<T>& items) {
  std::vector<std::string> ids;
  for (const T& item : items) {
    ids.push_back(item.id);
  }
  return ids;
}

inline std::set<std::string> AsSet(const std::vector<std::string>& ids) {
  return std::set<std::string>(ids.begin(), ids.end());
}

class StoreConformanceTest : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override {
    if (GetParam().needs_postgres) {
      WSAPP_REQUIRE_POSTGRES_OR_SKIP();
    }
    Result<std::unique_ptr<Store>> opened = GetParam().open(wsapp::testing::MakeTempDir("store_"));
    ASSERT_OK(opened);
    store_ = std::move(opened).value();
    ASSERT_OK(InUnit([](UnitOfWork& unit) -> Status {
      WSAPP_RETURN_IF_ERROR(unit.InsertAccount({kAccountId, "acme"}));
      WSAPP_RETURN_IF_ERROR(unit.InsertProject({kProjectId, kAccountId, "cn-north-4", ""}));
      return unit.InsertProject({kOtherProjectId, kAccountId, "cn-north-4_demo", ""});
    }));
  }

  // Runs `work` in one write unit and commits it when `work` succeeds.
  Status InUnit(const std::function<Status(UnitOfWork&)>& work) {
    WSAPP_ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> unit, store_->Begin(Mode::kWrite));
    WSAPP_RETURN_IF_ERROR(work(*unit));
    return unit->Commit();
  }

  // Runs `read` in a read unit.
  template <typename T>
  Result<T> Read(const std::function<Result<T>(UnitOfWork&)>& read) {
    WSAPP_ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> unit, store_->Begin(Mode::kRead));
    return read(*unit);
  }

  Status AddGroup(const AppGroup& group) {
    return InUnit([&](UnitOfWork& unit) { return unit.InsertAppGroup(group); });
  }

  Status AddApps(const std::string& group_id, const std::vector<App>& apps,
                 const std::string& project_id = kProjectId) {
    return InUnit([&](UnitOfWork& unit) { return unit.InsertApps(project_id, group_id, apps); });
  }

  Status AddGrant(const Authorization& grant) {
    return InUnit([&](UnitOfWork& unit) -> Status {
      Result<bool> inserted = unit.InsertAuthorization(grant);
      return inserted.ok() ? OkStatus() : Status(inserted.error());
    });
  }

  Result<std::optional<AppGroup>> FindGroup(const std::string& id,
                                            const std::string& project_id = kProjectId) {
    return Read<std::optional<AppGroup>>(
        [&](UnitOfWork& unit) { return unit.FindAppGroup(project_id, id); });
  }

  Result<std::optional<App>> FindApp(const std::string& group_id, const std::string& app_id) {
    return Read<std::optional<App>>(
        [&](UnitOfWork& unit) { return unit.FindApp(kProjectId, group_id, app_id); });
  }

  Result<Page<AppGroup>> ListGroups(const AppGroupFilter& filter, const PageRequest& page,
                                    const std::string& project_id = kProjectId) {
    return Read<Page<AppGroup>>(
        [&](UnitOfWork& unit) { return unit.ListAppGroups(project_id, filter, page); });
  }

  Result<Page<App>> ListApps(const std::string& group_id, const AppFilter& filter,
                             const PageRequest& page) {
    return Read<Page<App>>(
        [&](UnitOfWork& unit) { return unit.ListApps(kProjectId, group_id, filter, page); });
  }

  Result<Page<Authorization>> ListGrants(const AuthorizationFilter& filter,
                                         const PageRequest& page = kEverything) {
    return Read<Page<Authorization>>(
        [&](UnitOfWork& unit) { return unit.ListAuthorizations(kProjectId, filter, page); });
  }

  Result<UnpublishResult> Unpublish(const std::string& group_id,
                                    const std::vector<std::string>& app_ids,
                                    const std::string& project_id = kProjectId) {
    WSAPP_ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> unit, store_->Begin(Mode::kWrite));
    WSAPP_ASSIGN_OR_RETURN(UnpublishResult result,
                           unit->UnpublishApps(project_id, group_id, app_ids));
    WSAPP_RETURN_IF_ERROR(unit->Commit());
    return result;
  }

  int64_t AppCountOf(const std::string& group_id) {
    Result<std::optional<AppGroup>> group = FindGroup(group_id);
    EXPECT_TRUE(group.ok() && group->has_value()) << group_id;
    return group.ok() && group->has_value() ? (*group)->app_count : -1;
  }

  std::unique_ptr<Store> store_;
};

// Shows a backend by its name in failure messages.
inline void PrintTo(const StoreBackend& backend, std::ostream* os) { *os << backend.name; }

// Names each instance after its backend, e.g. Backends/StoreConformanceTest.Foo/Sqlite.
inline std::string BackendName(const ::testing::TestParamInfo<StoreBackend>& info) {
  return info.param.name;
}

}  // namespace wsapp::store::conformance
