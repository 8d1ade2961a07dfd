// Migration 0008 (migrations/sqlite/0008_audit_trail.sql) on a database that holds audit records
// from before records named their account: each gets the account of its project, else of its
// principal, else (system records without a project) the first account.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <memory>
#include <string>
#include <vector>

#include "store/sqlite/sqlite_store.h"
#include "store/store.h"
#include "support/status_matchers.h"
#include "support/temp_dir.h"

namespace wsapp::store {
namespace {

// The migrations as the binary embeds them, so the test builds exactly the schema that a
// database of an older wsappd has.
struct EmbeddedMigration {
  int version;
  const char* name;
  const char* sql;
};
constexpr EmbeddedMigration kEmbeddedMigrations[] = {
#include "store/sqlite_migrations.inc"
};
constexpr int kLastVersionBeforeAuditTrail = 7;

class AuditMigrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = testing::MakeTempDir("audit-migration") + "/wsapp.db";
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db_), SQLITE_OK);
    ASSERT_NO_FATAL_FAILURE(
        Exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
             " applied_at INTEGER NOT NULL)"));
    for (const EmbeddedMigration& migration : kEmbeddedMigrations) {
      if (migration.version > kLastVersionBeforeAuditTrail) {
        continue;
      }
      ASSERT_NO_FATAL_FAILURE(Exec(migration.sql));
      ASSERT_NO_FATAL_FAILURE(Exec("INSERT INTO schema_migrations VALUES (" +
                                   std::to_string(migration.version) + ", '" + migration.name +
                                   "', 0)"));
    }
    ASSERT_NO_FATAL_FAILURE(
        Exec("INSERT INTO accounts (id, name) VALUES ('acc1', 'wsapp'), ('acc2', 'globex');"
             "INSERT INTO projects (id, account_id, name) VALUES ('prj1', 'acc1', 'local'),"
             " ('prj2', 'acc2', 'local');"
             "INSERT INTO users (id, account_id, name, password_hash, password_salt, is_root,"
             " is_enabled) VALUES ('usr1', 'acc1', 'root', '', '', 1, 1),"
             " ('usr2', 'acc2', 'root', '', '', 1, 1)"));
  }

  void TearDown() override {
    if (db_ != nullptr) {
      sqlite3_close(db_);
    }
  }

  void Exec(const std::string& sql) {
    char* message = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    std::string text = message != nullptr ? message : "";
    sqlite3_free(message);
    ASSERT_EQ(rc, SQLITE_OK) << text << " in: " << sql.substr(0, 200);
  }

  // A record as wsappd stored it before 0008, without an account.
  void InsertRecord(const std::string& request_id, const std::string& principal_id,
                    const std::string& project_id) {
    Exec(
        "INSERT INTO audit_events (at, request_id, principal_id, principal_name, project_id,"
        " action, outcome, detail) VALUES (1, '" +
        request_id + "', '" + principal_id + "', 'p', '" + project_id +
        "', 'a:b:c', 'success', '{}')");
  }

  // Closes the raw handle and opens the file the way wsappd does, which applies 0008 onward.
  void Migrate() {
    sqlite3_close(db_);
    db_ = nullptr;
    auto opened = sqlite::SqliteStore::Open({path_, true});
    ASSERT_OK(opened);
    store_ = std::move(*opened);
  }

  // The request ids of the account's records, newest first.
  std::vector<std::string> RequestIdsOf(const std::string& account_id) {
    auto unit = store_->Begin(Store::Mode::kRead);
    EXPECT_OK(unit);
    if (!unit.ok()) {
      return {"<no unit>"};
    }
    auto page = (*unit)->ListAuditEvents(account_id, {}, {0, 100});
    EXPECT_OK(page);
    if (!page.ok()) {
      return {"<list failed>"};
    }
    std::vector<std::string> ids;
    for (const domain::AuditRecord& record : page->items) {
      ids.push_back(record.request_id);
    }
    return ids;
  }

  std::string path_;
  sqlite3* db_ = nullptr;
  std::unique_ptr<Store> store_;
};

TEST_F(AuditMigrationTest, RecordsOfAProjectTakeTheProjectsAccount) {
  ASSERT_NO_FATAL_FAILURE(InsertRecord("in-prj1", "usr2", "prj1"));
  ASSERT_NO_FATAL_FAILURE(InsertRecord("in-prj2", "system", "prj2"));

  ASSERT_NO_FATAL_FAILURE(Migrate());

  EXPECT_EQ(RequestIdsOf("acc1"), std::vector<std::string>{"in-prj1"});
  EXPECT_EQ(RequestIdsOf("acc2"), std::vector<std::string>{"in-prj2"});
}

TEST_F(AuditMigrationTest, RecordsWithoutAProjectTakeThePrincipalsAccount) {
  ASSERT_NO_FATAL_FAILURE(InsertRecord("iam-admin", "usr2", ""));

  ASSERT_NO_FATAL_FAILURE(Migrate());

  EXPECT_EQ(RequestIdsOf("acc2"), std::vector<std::string>{"iam-admin"});
  EXPECT_TRUE(RequestIdsOf("acc1").empty());
}

TEST_F(AuditMigrationTest, SystemRecordsWithoutAProjectTakeTheFirstAccount) {
  ASSERT_NO_FATAL_FAILURE(InsertRecord("key-rotation", "system", ""));

  ASSERT_NO_FATAL_FAILURE(Migrate());

  EXPECT_EQ(RequestIdsOf("acc1"), std::vector<std::string>{"key-rotation"});
}

TEST_F(AuditMigrationTest, RecordsOfNoKnownAccountBelongToNoOne) {
  ASSERT_NO_FATAL_FAILURE(InsertRecord("stranger", "gone-user", "gone-project"));

  ASSERT_NO_FATAL_FAILURE(Migrate());

  EXPECT_TRUE(RequestIdsOf("acc1").empty());
  EXPECT_TRUE(RequestIdsOf("acc2").empty());
}

}  // namespace
}  // namespace wsapp::store
