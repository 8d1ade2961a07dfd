// What only the PostgreSQL backend has to show, on a real server (TEST_POSTGRES_DSN): two
// processes' worth of stores over one database. Concurrent writers conflict instead of losing
// an update, a retried unit then succeeds, stores that start together migrate once and take
// different node ids, and a shared read transaction that a failed statement aborted is not lent
// again.
#include "store/postgres/pg_store.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <memory>
#include <set>
#include <thread>
#include <vector>

#include "service/bootstrap.h"
#include "support/postgres_test_db.h"
#include "support/status_matchers.h"

namespace wsapp::store::postgres {
namespace {

constexpr char kAccountId[] = "acc00000000000000000000000000001";
constexpr char kProjectId[] = "prj00000000000000000000000000001";
constexpr char kGroupId[] = "100000000000000001";

domain::App MakeApp(const std::string& id, const std::string& name) {
  domain::App app;
  app.id = id;
  app.name = name;
  app.execute_path = "C:\\Apps\\" + name + ".exe";
  app.published_at_millis = 1000;
  return app;
}

class PgStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WSAPP_REQUIRE_POSTGRES_OR_SKIP();
    auto dsn = wsapp::testing::FreshPostgresSchema(*wsapp::testing::PostgresTestDsn());
    ASSERT_OK(dsn);
    dsn_ = *dsn;
  }

  // A second store over the same schema stands in for a second wsappd process.
  std::unique_ptr<PgStore> OpenStore() {
    auto opened = PgStore::Open({dsn_, 4});
    EXPECT_OK(opened);
    return opened.ok() ? std::move(opened).value() : nullptr;
  }

  Status Seed(Store& store) {
    WSAPP_ASSIGN_OR_RETURN(auto unit, store.Begin(Store::Mode::kWrite));
    WSAPP_RETURN_IF_ERROR(unit->InsertAccount({kAccountId, "acme"}));
    WSAPP_RETURN_IF_ERROR(unit->InsertProject({kProjectId, kAccountId, "cn-north-4", ""}));
    domain::AppGroup group;
    group.id = kGroupId;
    group.project_id = kProjectId;
    group.name = "office";
    group.created_at_millis = 1000;
    WSAPP_RETURN_IF_ERROR(unit->InsertAppGroup(group));
    return unit->Commit();
  }

  std::string dsn_;
};

TEST_F(PgStoreTest, ConcurrentWritersConflictInsteadOfLosingAnUpdate) {
  std::unique_ptr<PgStore> first = OpenStore();
  std::unique_ptr<PgStore> second = OpenStore();
  ASSERT_TRUE(first && second);
  ASSERT_OK(Seed(*first));

  // Both units read the group, then each publishes one app (which adds to app_count).
  auto unit_a = first->Begin(Store::Mode::kWrite);
  auto unit_b = second->Begin(Store::Mode::kWrite);
  ASSERT_OK(unit_a);
  ASSERT_OK(unit_b);
  ASSERT_OK((*unit_a)->FindAppGroup(kProjectId, kGroupId));
  ASSERT_OK((*unit_b)->FindAppGroup(kProjectId, kGroupId));
  ASSERT_OK((*unit_a)->InsertApps(kProjectId, kGroupId, {MakeApp("200000000000000001", "a")}));
  // B's update of the same group row waits for A; once A commits, B must fail, not overwrite.
  std::thread commit_a([&] { EXPECT_OK((*unit_a)->Commit()); });
  Status b_insert =
      (*unit_b)->InsertApps(kProjectId, kGroupId, {MakeApp("200000000000000002", "b")});
  commit_a.join();
  Status b_done = b_insert.ok() ? (*unit_b)->Commit() : b_insert;
  ASSERT_FALSE(b_done.ok()) << "the second writer committed over the first";
  EXPECT_EQ(b_done.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(b_done.error().reason, kSerializationConflict);
  EXPECT_TRUE(IsRetryable(b_done.error()));
  unit_b->reset();

  // Run again from the start, as RunWithRetries does, B succeeds on top of A.
  ASSERT_OK(RunWithRetries(*second, [&]() -> Status {
    WSAPP_ASSIGN_OR_RETURN(auto unit, second->Begin(Store::Mode::kWrite));
    WSAPP_RETURN_IF_ERROR(
        unit->InsertApps(kProjectId, kGroupId, {MakeApp("200000000000000002", "b")}));
    return unit->Commit();
  }));
  auto read = first->Begin(Store::Mode::kRead);
  ASSERT_OK(read);
  auto group = (*read)->FindAppGroup(kProjectId, kGroupId);
  ASSERT_OK(group);
  ASSERT_TRUE(group->has_value());
  EXPECT_EQ((*group)->app_count, 2);
}

TEST_F(PgStoreTest, StoresStartingTogetherMigrateOnceAndLeaseDifferentNodeIds) {
  constexpr int kStores = 4;
  std::vector<std::unique_ptr<PgStore>> stores(kStores);
  std::vector<std::thread> starters;
  for (int i = 0; i < kStores; ++i) {
    starters.emplace_back([&, i] { stores[i] = OpenStore(); });
  }
  for (std::thread& starter : starters) {
    starter.join();
  }
  std::vector<int> node_ids(kStores, -1);
  std::vector<std::thread> leasers;
  for (int i = 0; i < kStores; ++i) {
    ASSERT_TRUE(stores[i]) << "store " << i << " did not open";
    leasers.emplace_back([&, i] {
      auto leased = RetryUnit(*stores[i], [&]() -> Result<int> {
        WSAPP_ASSIGN_OR_RETURN(auto unit, stores[i]->Begin(Store::Mode::kWrite));
        WSAPP_ASSIGN_OR_RETURN(int id,
                               unit->LeaseNodeId("holder-" + std::to_string(i), 1000, 61000));
        WSAPP_RETURN_IF_ERROR(unit->Commit());
        return id;
      });
      EXPECT_OK(leased);
      node_ids[i] = leased.ok() ? *leased : -1;
    });
  }
  for (std::thread& leaser : leasers) {
    leaser.join();
  }
  EXPECT_EQ(std::set<int>(node_ids.begin(), node_ids.end()), (std::set<int>{0, 1, 2, 3}));

  // Every migration is recorded once.
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(dsn_.c_str()), &PQfinish);
  ASSERT_EQ(PQstatus(conn.get()), CONNECTION_OK);
  std::unique_ptr<PGresult, decltype(&PQclear)> counts(
      PQexec(conn.get(),
             "SELECT COUNT(*), COUNT(DISTINCT version), MIN(version) FROM schema_migrations"),
      &PQclear);
  ASSERT_EQ(PQresultStatus(counts.get()), PGRES_TUPLES_OK);
  EXPECT_STREQ(PQgetvalue(counts.get(), 0, 0), PQgetvalue(counts.get(), 0, 1));
  EXPECT_STREQ(PQgetvalue(counts.get(), 0, 2), "1");
}

TEST_F(PgStoreTest, EveryInstanceAgreesOnTheRegionKeptInTheDatabase) {
  std::unique_ptr<PgStore> first = OpenStore();
  std::unique_ptr<PgStore> second = OpenStore();
  ASSERT_TRUE(first && second);
  ASSERT_OK(service::EnsureRegion(*first, "cn-north-4"));
  EXPECT_OK(service::EnsureRegion(*second, "cn-north-4"));
  Status other = service::EnsureRegion(*second, "ap-southeast-1");
  ASSERT_FALSE(other.ok()) << "a second instance started in another region";
  EXPECT_EQ(other.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(other.error().message.find("cn-north-4"), std::string::npos) << other.error().message;
}

TEST_F(PgStoreTest, AFailedStatementEndsTheSharingOfItsReadTransaction) {
  std::unique_ptr<PgStore> store = OpenStore();
  ASSERT_TRUE(store);
  ASSERT_OK(Seed(*store));
  SharedReadScope scope(*store);
  {
    auto unit = store->Begin(Store::Mode::kRead);
    ASSERT_OK(unit);
    // A read-only transaction refuses the write, and the failed statement aborts it.
    EXPECT_FALSE((*unit)->PutSetting("probe", "1").ok());
  }

  auto unit = store->Begin(Store::Mode::kRead);
  ASSERT_OK(unit);
  auto group = (*unit)->FindAppGroup(kProjectId, kGroupId);
  ASSERT_OK(group);
  EXPECT_TRUE(group->has_value());
}

TEST_F(PgStoreTest, AnUnreachableDatabaseIsUnavailableNotAHang) {
  // Port 1 on loopback refuses at once; the store must say so rather than wait or crash.
  auto opened = PgStore::Open({"postgresql://wsapp:wsapp@127.0.0.1:1/wsapp_test", 2});
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(opened.error().reason, kDatabaseUnreachable);
  EXPECT_FALSE(IsRetryable(opened.error()));
}

}  // namespace
}  // namespace wsapp::store::postgres
