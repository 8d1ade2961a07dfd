// NodeLease: the attached IdGenerator makes ids only under a lease this instance holds.
#include "service/node_lease.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "common/id_generator.h"
#include "common/time_format.h"
#include "store/sqlite/sqlite_store.h"
#include "support/fake_clock.h"
#include "support/status_matchers.h"
#include "support/temp_dir.h"

namespace wsapp::testing {
namespace {

int NodeOf(const std::string& id) {
  return static_cast<int>(((std::stoll(id) - IdGenerator::kOffset) >> 10) & 0xff);
}

class NodeLeaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened =
        store::sqlite::SqliteStore::Open({MakeTempDir("node_lease_") + "/wsapp.db", true});
    ASSERT_OK(opened);
    store_ = std::move(opened).value();
  }

  // Leases a node id for another holder directly in the store, as another instance would, at
  // `now_millis` by that instance's clock.
  Result<int> LeaseAsAnotherInstance(int64_t now_millis) {
    WSAPP_ASSIGN_OR_RETURN(auto unit, store_->Begin(store::Store::Mode::kWrite));
    WSAPP_ASSIGN_OR_RETURN(int node_id,
                           unit->LeaseNodeId("other-instance", now_millis, now_millis + 60000));
    WSAPP_RETURN_IF_ERROR(unit->Commit());
    return node_id;
  }

  // Leases a node id and attaches a generator to it, as the application does at start.
  void StartLease() {
    lease_ = std::make_unique<service::NodeLease>(*store_, clock_);
    Result<int> node_id = lease_->Acquire();
    ASSERT_OK(node_id);
    first_node_id_ = *node_id;
    ids_ = std::make_unique<IdGenerator>(clock_, *node_id);
    lease_->Attach(*ids_);
  }

  void TearDown() override {
    if (lease_) {
      lease_->Release();
    }
  }

  FakeClock clock_{FakeClock::TimePoint(std::chrono::milliseconds(1764757200000))};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<IdGenerator> ids_;
  // Declared after ids_, so destroyed (and its renewals stopped) before it.
  std::unique_ptr<service::NodeLease> lease_;
  int first_node_id_ = -1;
};

TEST_F(NodeLeaseTest, IdsCarryTheLeasedNodeIdAndRenewalKeepsIt) {
  ASSERT_NO_FATAL_FAILURE(StartLease());

  ASSERT_OK(lease_->RenewNow());
  Result<std::string> id = ids_->Next();

  ASSERT_OK(id);
  EXPECT_EQ(NodeOf(*id), first_node_id_);
}

// Found in review: an instance that could not renew for longer than the lease kept making ids
// with a node id another instance had leased meanwhile, and their publishes collided.
TEST_F(NodeLeaseTest, AnInstanceWhoseNodeIdWasTakenLeasesAnother) {
  ASSERT_NO_FATAL_FAILURE(StartLease());
  // Two minutes on, by the other instance's clock, this lease has expired and is taken.
  Result<int> taken = LeaseAsAnotherInstance(ToUnixMillis(clock_.Now()) + 120000);
  ASSERT_OK(taken);
  ASSERT_EQ(*taken, first_node_id_);

  ASSERT_OK(lease_->RenewNow());
  Result<std::string> id = ids_->Next();

  ASSERT_OK(id);
  EXPECT_NE(lease_->node_id(), first_node_id_);
  EXPECT_EQ(NodeOf(*id), lease_->node_id());
  EXPECT_EQ(ids_->node_id(), lease_->node_id());
}

}  // namespace
}  // namespace wsapp::testing
