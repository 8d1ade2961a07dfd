// SQLite's group commit (D29): write units that queue behind one another share one COMMIT,
// each in its own savepoint, and none returns from Commit before that COMMIT.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite/sqlite_store.h"
#include "store/store.h"
#include "support/status_matchers.h"
#include "support/temp_dir.h"

namespace wsapp::store {
namespace {

// Long enough for started threads to be queued for the write turn; far below its 5 s bound.
constexpr std::chrono::milliseconds kQueueTime{500};

class SqliteGroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sqlite::SqliteOptions options;
    options.path = testing::MakeTempDir("group-commit") + "/wsapp.db";
    auto opened = sqlite::SqliteStore::Open(options);
    ASSERT_OK(opened);
    store_ = std::move(*opened);
  }

  int64_t Commits() { return store_->counters().group_commits.load(); }
  int64_t CommittedUnits() { return store_->counters().group_committed_units.load(); }

  std::optional<std::string> Read(const std::string& key) {
    auto unit = store_->Begin(Store::Mode::kRead);
    EXPECT_OK(unit);
    auto value = (*unit)->GetSetting(key);
    EXPECT_OK(value);
    return *value;
  }

  // A write unit that sets `key`, then commits or, when `commit` is false, is dropped.
  Status Write(const std::string& key, bool commit) {
    WSAPP_ASSIGN_OR_RETURN(auto unit, store_->Begin(Store::Mode::kWrite));
    WSAPP_RETURN_IF_ERROR(unit->PutSetting(key, "set"));
    return commit ? unit->Commit() : OkStatus();
  }

  // Opens a write unit that sets "first", starts `writers` (each queues for the write turn),
  // waits for them to queue, commits the first unit and joins them. The first unit's outcome.
  Status CommitFirstWhileQueued(const std::vector<std::function<void()>>& writers) {
    WSAPP_ASSIGN_OR_RETURN(auto first, store_->Begin(Store::Mode::kWrite));
    WSAPP_RETURN_IF_ERROR(first->PutSetting("first", "set"));
    std::vector<std::thread> threads;
    for (const auto& writer : writers) {
      threads.emplace_back(writer);
    }
    std::this_thread::sleep_for(kQueueTime);
    Status outcome = first->Commit();
    first.reset();
    for (auto& thread : threads) {
      thread.join();
    }
    return outcome;
  }

  std::unique_ptr<sqlite::SqliteStore> store_;
};

TEST_F(SqliteGroupCommitTest, ALoneWriterCommitsAtOnce) {
  const int64_t commits_before = Commits();

  ASSERT_OK(Write("alone", true));

  EXPECT_EQ(Read("alone"), "set");
  EXPECT_EQ(Commits() - commits_before, 1);
}

TEST_F(SqliteGroupCommitTest, WritersQueuedBehindAnOpenUnitShareItsCommit) {
  const int64_t commits_before = Commits();
  const int64_t units_before = CommittedUnits();
  constexpr int kQueued = 4;
  std::vector<Status> outcomes(kQueued, OkStatus());
  std::vector<std::function<void()>> writers;
  for (int i = 0; i < kQueued; ++i) {
    writers.emplace_back([&, i] { outcomes[i] = Write("queued-" + std::to_string(i), true); });
  }

  ASSERT_OK(CommitFirstWhileQueued(writers));
  EXPECT_EQ(Read("first"), "set");
  for (int i = 0; i < kQueued; ++i) {
    ASSERT_OK(outcomes[i]);
    EXPECT_EQ(Read("queued-" + std::to_string(i)), "set");
  }
  EXPECT_EQ(Commits() - commits_before, 1);
  EXPECT_EQ(CommittedUnits() - units_before, kQueued + 1);
}

TEST_F(SqliteGroupCommitTest, AUnitThatFailsInAGroupUndoesOnlyItsOwnChanges) {
  const int64_t commits_before = Commits();
  Status before_outcome = OkStatus();
  Status after_outcome = OkStatus();

  ASSERT_OK(CommitFirstWhileQueued({
      [&] { before_outcome = Write("before", true); },
      [&] { (void)Write("dropped", false); },
      [&] { after_outcome = Write("after", true); },
  }));
  ASSERT_OK(before_outcome);
  ASSERT_OK(after_outcome);
  EXPECT_EQ(Read("first"), "set");
  EXPECT_EQ(Read("before"), "set");
  EXPECT_EQ(Read("after"), "set");
  EXPECT_EQ(Read("dropped"), std::nullopt);
  EXPECT_EQ(Commits() - commits_before, 1);
}

TEST_F(SqliteGroupCommitTest, ManyWritersLoseNothing) {
  const int64_t commits_before = Commits();
  const int64_t units_before = CommittedUnits();
  constexpr int kThreads = 8;
  constexpr int kUnitsEach = 25;
  std::vector<std::thread> writers;
  std::vector<int> failures(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < kUnitsEach; ++i) {
        // Every fifth unit is dropped, the rest commit.
        const bool commit = i % 5 != 0;
        if (!Write("t" + std::to_string(t) + "-" + std::to_string(i), commit).ok()) {
          ++failures[t];
        }
      }
    });
  }
  for (auto& writer : writers) {
    writer.join();
  }

  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(failures[t], 0);
    for (int i = 0; i < kUnitsEach; ++i) {
      const std::string key = "t" + std::to_string(t) + "-" + std::to_string(i);
      EXPECT_EQ(Read(key).has_value(), i % 5 != 0) << key;
    }
  }
  const int64_t committed = kThreads * (kUnitsEach - kUnitsEach / 5);
  EXPECT_EQ(CommittedUnits() - units_before, committed);
  EXPECT_LE(Commits() - commits_before, committed);
}

}  // namespace
}  // namespace wsapp::store
