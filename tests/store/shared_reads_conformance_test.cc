// Store conformance: the read units of one thread share one transaction while a SharedReadScope
// is open (what the dispatcher opens around each request), on every backend.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>

#include "store/store.h"
#include "store/store_conformance.h"
#include "support/status_matchers.h"

namespace wsapp::store::conformance {
namespace {

class SharedReadsConformanceTest : public StoreConformanceTest {
 protected:
  // The project's groups as a read unit of this thread sees them; -1 when the read fails.
  int64_t CountGroups() {
    Result<Page<AppGroup>> page = ListGroups({}, kEverything);
    EXPECT_OK(page);
    return page.ok() ? page->count : -1;
  }

  // Adds a group from another thread, which no scope of this one covers.
  void AddGroupElsewhere(const std::string& id, const std::string& name) {
    Status added = OkStatus();
    std::thread writer([&] { added = AddGroup(MakeGroup(id, name, 1000)); });
    writer.join();
    ASSERT_OK(added);
  }
};

TEST_P(SharedReadsConformanceTest, ReadsInAScopeSeeOneSnapshot) {
  {
    SharedReadScope scope(*store_);
    EXPECT_EQ(CountGroups(), 0);

    AddGroupElsewhere("100000000000000001", "office");

    // A second read unit of the scope runs in the first one's transaction.
    EXPECT_EQ(CountGroups(), 0);
  }
  EXPECT_EQ(CountGroups(), 1);
}

TEST_P(SharedReadsConformanceTest, WithoutAScopeEachReadSeesWhatWasCommitted) {
  EXPECT_EQ(CountGroups(), 0);

  AddGroupElsewhere("100000000000000001", "office");

  EXPECT_EQ(CountGroups(), 1);
}

TEST_P(SharedReadsConformanceTest, AWriteOfTheScopesThreadEndsTheSharing) {
  SharedReadScope scope(*store_);
  EXPECT_EQ(CountGroups(), 0);

  ASSERT_OK(AddGroup(MakeGroup("100000000000000001", "office", 1000)));

  EXPECT_EQ(CountGroups(), 1);
}

TEST_P(SharedReadsConformanceTest, AReadBegunDuringAWriteIsNotLentAfterItsCommit) {
  SharedReadScope scope(*store_);
  Result<std::unique_ptr<UnitOfWork>> writer = store_->Begin(Mode::kWrite);
  ASSERT_OK(writer);
  // A read while the write is open: its snapshot predates the write's change.
  EXPECT_EQ(CountGroups(), 0);
  ASSERT_OK((*writer)->InsertAppGroup(MakeGroup("100000000000000001", "office", 1000)));

  ASSERT_OK((*writer)->Commit());

  EXPECT_EQ(CountGroups(), 1);
}

TEST_P(SharedReadsConformanceTest, AnOpenUnitOutlivesTheEndOfSharing) {
  SharedReadScope scope(*store_);
  Result<std::unique_ptr<UnitOfWork>> reader = store_->Begin(Mode::kRead);
  ASSERT_OK(reader);
  ASSERT_OK((*reader)->FindAppGroup(kProjectId, "100000000000000001"));

  ASSERT_OK(AddGroup(MakeGroup("100000000000000001", "office", 1000)));

  // Still its own snapshot, from before the write.
  Result<std::optional<AppGroup>> found = (*reader)->FindAppGroup(kProjectId, "100000000000000001");
  ASSERT_OK(found);
  EXPECT_FALSE(found->has_value());
  ASSERT_OK((*reader)->Commit());
  reader->reset();

  Result<std::optional<AppGroup>> fresh = FindGroup("100000000000000001");
  ASSERT_OK(fresh);
  EXPECT_TRUE(fresh->has_value());
}

TEST_P(SharedReadsConformanceTest, CommittingASharedReadKeepsTheTransactionForTheNext) {
  SharedReadScope scope(*store_);
  {
    Result<std::unique_ptr<UnitOfWork>> first = store_->Begin(Mode::kRead);
    ASSERT_OK(first);
    ASSERT_OK((*first)->CountAccounts());
    ASSERT_OK((*first)->Commit());
  }
  AddGroupElsewhere("100000000000000001", "office");

  EXPECT_EQ(CountGroups(), 0);
}

TEST_P(SharedReadsConformanceTest, AnInnerScopeChangesNothing) {
  SharedReadScope outer(*store_);
  EXPECT_EQ(CountGroups(), 0);
  {
    SharedReadScope inner(*store_);
    EXPECT_EQ(SharedReadScope::Active(*store_), &outer);
  }
  EXPECT_EQ(SharedReadScope::Active(*store_), &outer);
  AddGroupElsewhere("100000000000000001", "office");

  EXPECT_EQ(CountGroups(), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, SharedReadsConformanceTest, ::testing::ValuesIn(Backends()),
                         BackendName);

}  // namespace
}  // namespace wsapp::store::conformance
