// Migration 0004 (migrations/sqlite/0004_directory.sql) on a database that holds grants from
// before the directory existed: every account they name gets a directory entry (D20), under the
// id the grants carry, or under a new id that the grants then carry.
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
constexpr int kLastVersionBeforeDirectory = 3;

constexpr char kProject[] = "prj00000000000000000000000000001";
constexpr char kOtherProject[] = "prj00000000000000000000000000002";
// Ids as the vendor's schema example writes them (upper-case UUIDs), kept as they are.
constexpr char kAliceId[] = "2DD1D7B3-7A47-4F24-9A1A-0C2D8B7B1F10";
constexpr char kOpsId[] = "7F0E2B0C-5D1A-4C8B-9E3F-1A2B3C4D5E6F";
constexpr char kOtherAliceId[] = "9C8B7A6F-5E4D-4C3B-8A29-1F0E0D0C0B0A";

bool IsLowerHex32(const std::string& text) {
  return text.size() == 32 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

class DirectoryMigrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = testing::MakeTempDir("directory-migration") + "/wsapp.db";
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db_), SQLITE_OK);
    ASSERT_NO_FATAL_FAILURE(
        Exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
             " applied_at INTEGER NOT NULL)"));
    for (const EmbeddedMigration& migration : kEmbeddedMigrations) {
      if (migration.version > kLastVersionBeforeDirectory) {
        continue;
      }
      ASSERT_NO_FATAL_FAILURE(Exec(migration.sql));
      ASSERT_NO_FATAL_FAILURE(Exec("INSERT INTO schema_migrations VALUES (" +
                                   std::to_string(migration.version) + ", '" + migration.name +
                                   "', 0)"));
    }
    ASSERT_NO_FATAL_FAILURE(Exec(
        "INSERT INTO accounts (id, name) VALUES ('acc1', 'wsapp');"
        "INSERT INTO projects (id, account_id, name) VALUES"
        " ('" +
        std::string(kProject) +
        "', 'acc1', 'local'),"
        " ('" +
        std::string(kOtherProject) +
        "', 'acc1', 'local_demo');"
        "INSERT INTO app_groups (id, project_id, name, authorization_type, app_type, created_at)"
        " VALUES ('g1', '" +
        kProject +
        "', 'office', 'APP_GROUP', 'COMMON_APP', 1),"
        " ('g2', '" +
        kProject +
        "', 'design', 'APP_GROUP', 'COMMON_APP', 2),"
        " ('g3', '" +
        kOtherProject + "', 'office', 'APP_GROUP', 'COMMON_APP', 3)"));
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

  // A grant as wsappd stored it before 0004: account_id is whatever the client sent.
  void InsertGrant(const std::string& id, const std::string& project, const std::string& group,
                   const std::string& account, const std::string& account_type,
                   const std::string& account_id, int64_t created_at) {
    Exec(
        "INSERT INTO authorizations (id, project_id, app_group_id, authorization_type, account,"
        " account_type, account_id, created_at) VALUES ('" +
        id + "', '" + project + "', '" + group + "', 'APP_GROUP', '" + account + "', '" +
        account_type + "', '" + account_id + "', " + std::to_string(created_at) + ")");
  }

  // Closes the raw handle and opens the file the way wsappd does, which applies 0004 onward.
  void Migrate() {
    sqlite3_close(db_);
    db_ = nullptr;
    auto opened = sqlite::SqliteStore::Open({path_, true});
    ASSERT_OK(opened);
    store_ = std::move(*opened);
    auto unit = store_->Begin(Store::Mode::kRead);
    ASSERT_OK(unit);
    unit_ = std::move(*unit);
  }

  std::vector<domain::Authorization> GrantsOf(const std::string& project,
                                              const std::string& account) {
    domain::AuthorizationFilter filter;
    filter.account = account;
    auto grants = unit_->ListAuthorizations(project, filter, {0, 100});
    EXPECT_OK(grants);
    return grants.ok() ? grants->items : std::vector<domain::Authorization>();
  }

  std::string path_;
  sqlite3* db_ = nullptr;
  std::unique_ptr<Store> store_;
  std::unique_ptr<UnitOfWork> unit_;
};

// D20: a grant's account id becomes the directory entry's id, once per account and project.
TEST_F(DirectoryMigrationTest, GrantedAccountsWithIdsKeepTheirIds) {
  ASSERT_NO_FATAL_FAILURE(InsertGrant("a1", kProject, "g1", "alice", "USER", kAliceId, 500));
  ASSERT_NO_FATAL_FAILURE(InsertGrant("a2", kProject, "g2", "alice", "USER", kAliceId, 400));
  ASSERT_NO_FATAL_FAILURE(InsertGrant("a3", kProject, "g1", "ops", "USER_GROUP", kOpsId, 600));
  ASSERT_NO_FATAL_FAILURE(
      InsertGrant("a4", kOtherProject, "g3", "alice", "USER", kOtherAliceId, 700));

  ASSERT_NO_FATAL_FAILURE(Migrate());

  auto alice = unit_->FindDirectoryUser(kProject, kAliceId);
  ASSERT_OK(alice);
  ASSERT_TRUE(alice->has_value());
  EXPECT_EQ((*alice)->user_name, "alice");
  EXPECT_EQ((*alice)->created_at_millis, 400);
  auto ops = unit_->FindDirectoryGroup(kProject, kOpsId);
  ASSERT_OK(ops);
  ASSERT_TRUE(ops->has_value());
  EXPECT_EQ((*ops)->name, "ops");
  EXPECT_EQ((*ops)->platform_type, "LOCAL");
  auto other_alice = unit_->FindDirectoryUserByName(kOtherProject, "alice");
  ASSERT_OK(other_alice);
  ASSERT_TRUE(other_alice->has_value());
  EXPECT_EQ((*other_alice)->id, kOtherAliceId);
  auto users = unit_->ListDirectoryUsers(kProject, {}, {0, -1});
  ASSERT_OK(users);
  EXPECT_EQ(users->count, 1);
  auto groups = unit_->ListDirectoryGroups(kProject, {}, {0, 100});
  ASSERT_OK(groups);
  EXPECT_EQ(groups->count, 1);
}

// D20: an account granted without an id gets one new id, and every grant of it carries it.
TEST_F(DirectoryMigrationTest, GrantedAccountsWithoutIdsGetOneNewIdEach) {
  ASSERT_NO_FATAL_FAILURE(InsertGrant("b1", kProject, "g1", "bob", "USER", "", 100));
  ASSERT_NO_FATAL_FAILURE(InsertGrant("b2", kProject, "g2", "bob", "USER", "", 200));
  ASSERT_NO_FATAL_FAILURE(InsertGrant("c1", kProject, "g1", "devs", "USER_GROUP", "", 300));

  ASSERT_NO_FATAL_FAILURE(Migrate());

  auto bob = unit_->FindDirectoryUserByName(kProject, "bob");
  ASSERT_OK(bob);
  ASSERT_TRUE(bob->has_value());
  EXPECT_TRUE(IsLowerHex32((*bob)->id)) << (*bob)->id;
  std::vector<domain::Authorization> bob_grants = GrantsOf(kProject, "bob");
  ASSERT_EQ(bob_grants.size(), 2u);
  for (const domain::Authorization& grant : bob_grants) {
    EXPECT_EQ(grant.account.id, (*bob)->id) << grant.id;
  }
  std::vector<domain::Authorization> devs_grants = GrantsOf(kProject, "devs");
  ASSERT_EQ(devs_grants.size(), 1u);
  EXPECT_TRUE(IsLowerHex32(devs_grants[0].account.id)) << devs_grants[0].account.id;
  auto devs = unit_->FindDirectoryGroup(kProject, devs_grants[0].account.id);
  ASSERT_OK(devs);
  ASSERT_TRUE(devs->has_value());
  EXPECT_EQ((*devs)->name, "devs");
}

// A name granted both with and without an id is one account: the one with the id.
TEST_F(DirectoryMigrationTest, GrantsWithAndWithoutIdShareOneEntry) {
  ASSERT_NO_FATAL_FAILURE(InsertGrant("a1", kProject, "g1", "alice", "USER", "", 100));
  ASSERT_NO_FATAL_FAILURE(InsertGrant("a2", kProject, "g2", "alice", "USER", kAliceId, 200));

  ASSERT_NO_FATAL_FAILURE(Migrate());

  auto users = unit_->ListDirectoryUsers(kProject, {}, {0, -1});
  ASSERT_OK(users);
  ASSERT_EQ(users->count, 1);
  EXPECT_EQ(users->items[0].id, kAliceId);
  for (const domain::Authorization& grant : GrantsOf(kProject, "alice")) {
    EXPECT_EQ(grant.account.id, kAliceId) << grant.id;
  }
}

}  // namespace
}  // namespace wsapp::store
