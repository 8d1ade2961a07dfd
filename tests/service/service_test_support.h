// Shared set-up of the service tests: a real SQLite store in a temp dir with one account and two
// projects, a fake clock, an id generator, and direct access to the audit table (to read it, or
// to make writes to it fail).
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/id_generator.h"
#include "domain/directory.h"
#include "service/request_context.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"
#include "support/fake_clock.h"
#include "support/status_matchers.h"
#include "support/temp_dir.h"

namespace wsapp::testing {

inline constexpr char kAccountId[] = "acct000000000000000000000000001";
inline constexpr char kProjectId[] = "proj000000000000000000000000001";
inline constexpr char kOtherProjectId[] = "proj000000000000000000000000002";

// One row of audit_events, read straight from the database file.
struct AuditRow {
  int64_t at_millis = 0;
  std::string request_id;
  std::string principal_id;
  std::string principal_name;
  std::string project_id;
  std::string action;
  std::string outcome;
  nlohmann::json detail;
};

// Reads every audit row in insertion order through a separate read-only connection, so only
// committed rows are seen.
inline std::vector<AuditRow> ReadAuditRows(const std::string& db_path) {
  std::vector<AuditRow> rows;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "cannot open " << db_path;
    sqlite3_close_v2(db);
    return rows;
  }
  sqlite3_stmt* select = nullptr;
  const char* sql =
      "SELECT at, request_id, principal_id, principal_name, project_id, action, outcome, detail"
      " FROM audit_events ORDER BY seq";
  if (sqlite3_prepare_v2(db, sql, -1, &select, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "cannot read audit_events: " << sqlite3_errmsg(db);
    sqlite3_close_v2(db);
    return rows;
  }
  auto text = [select](int column) {
    const unsigned char* value = sqlite3_column_text(select, column);
    return value == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(value));
  };
  while (sqlite3_step(select) == SQLITE_ROW) {
    AuditRow row;
    row.at_millis = sqlite3_column_int64(select, 0);
    row.request_id = text(1);
    row.principal_id = text(2);
    row.principal_name = text(3);
    row.project_id = text(4);
    row.action = text(5);
    row.outcome = text(6);
    row.detail = nlohmann::json::parse(text(7), nullptr, /*allow_exceptions=*/false);
    rows.push_back(std::move(row));
  }
  sqlite3_finalize(select);
  sqlite3_close_v2(db);
  return rows;
}

// Makes every later insert into audit_events fail, through a trigger added by a separate
// connection, so a service's audit write fails inside its own unit of work.
inline void FailAuditWrites(const std::string& db_path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "cannot open " << db_path;
    sqlite3_close_v2(db);
    return;
  }
  sqlite3_busy_timeout(db, 5000);
  const char* sql =
      "CREATE TRIGGER fail_audit BEFORE INSERT ON audit_events"
      " BEGIN SELECT RAISE(ABORT, 'injected audit failure'); END";
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "cannot add the trigger: " << sqlite3_errmsg(db);
  }
  sqlite3_close_v2(db);
}

// A SQLite store with an account and two projects, and the clock, ids and request context the
// services take. Derived fixtures build their services over `*store_` after calling SetUp.
class ServiceFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    db_path_ = MakeTempDir("service_") + "/wsapp.db";
    auto opened = store::sqlite::SqliteStore::Open({db_path_, true});
    ASSERT_OK(opened);
    store_ = std::move(opened).value();
    ASSERT_OK(InUnit([](store::UnitOfWork& unit) -> Status {
      WSAPP_RETURN_IF_ERROR(unit.InsertAccount({kAccountId, "acme"}));
      WSAPP_RETURN_IF_ERROR(unit.InsertProject({kProjectId, kAccountId, "cn-north-4", ""}));
      return unit.InsertProject({kOtherProjectId, kAccountId, "cn-north-4_demo", ""});
    }));
    context_.request_id = "req00000000000000000000000000001";
    context_.actor_id = "user000000000000000000000000001";
    context_.actor_name = "alice";
    context_.project_id = kProjectId;
    context_.now_millis = ToMillis(clock_.Now());
  }

  static int64_t ToMillis(Clock::TimePoint time) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
  }

  // Runs `work` in a write unit of the real store and commits it.
  Status InUnit(const std::function<Status(store::UnitOfWork&)>& work) {
    WSAPP_ASSIGN_OR_RETURN(std::unique_ptr<store::UnitOfWork> unit,
                           store_->Begin(store::Store::Mode::kWrite));
    WSAPP_RETURN_IF_ERROR(work(*unit));
    return unit->Commit();
  }

  // Inserts a group straight into the store.
  Status SeedGroup(const std::string& id, const std::string& name,
                   const std::string& authorization_type = "APP_GROUP",
                   const std::string& project_id = kProjectId) {
    domain::AppGroup group;
    group.id = id;
    group.project_id = project_id;
    group.name = name;
    group.authorization_type = authorization_type;
    group.created_at_millis = context_.now_millis;
    return InUnit([&](store::UnitOfWork& unit) { return unit.InsertAppGroup(group); });
  }

  // Adds a user and a user group to the project's end-user directory (D20 grants only those).
  Status SeedDirectoryUser(const std::string& id, const std::string& name,
                           const std::string& project_id = kProjectId) {
    domain::DirectoryUser user;
    user.id = id;
    user.project_id = project_id;
    user.user_name = name;
    user.created_at_millis = context_.now_millis;
    return InUnit([&](store::UnitOfWork& unit) { return unit.InsertDirectoryUser(user); });
  }

  Status SeedDirectoryGroup(const std::string& id, const std::string& name,
                            const std::string& project_id = kProjectId) {
    domain::DirectoryGroup group;
    group.id = id;
    group.project_id = project_id;
    group.name = name;
    group.created_at_millis = context_.now_millis;
    return InUnit([&](store::UnitOfWork& unit) { return unit.InsertDirectoryGroup(group); });
  }

  Status SeedGrant(const domain::Authorization& grant) {
    return InUnit([&](store::UnitOfWork& unit) -> Status {
      Result<bool> inserted = unit.InsertAuthorization(grant);
      return inserted.ok() ? OkStatus() : Status(inserted.error());
    });
  }

  // Every authorization of the project, newest first.
  std::vector<domain::Authorization> AllGrants(const std::string& project_id = kProjectId) {
    auto unit = store_->Begin(store::Store::Mode::kRead);
    EXPECT_TRUE(unit.ok());
    auto page = (*unit)->ListAuthorizations(project_id, {}, {0, 100});
    EXPECT_TRUE(page.ok());
    return page.ok() ? page->items : std::vector<domain::Authorization>();
  }

  std::optional<domain::AppGroup> GroupById(const std::string& id) {
    auto unit = store_->Begin(store::Store::Mode::kRead);
    EXPECT_TRUE(unit.ok());
    auto group = (*unit)->FindAppGroup(kProjectId, id);
    EXPECT_TRUE(group.ok());
    return group.ok() ? *group : std::nullopt;
  }

  std::vector<AuditRow> AuditRows() { return ReadAuditRows(db_path_); }

  FakeClock clock_;
  IdGenerator ids_{clock_, 1};
  service::RequestContext context_;
  std::string db_path_;
  std::unique_ptr<store::sqlite::SqliteStore> store_;
};

}  // namespace wsapp::testing
