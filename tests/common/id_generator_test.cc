#include "common/id_generator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support/fake_clock.h"

namespace wsapp {
namespace {

using std::chrono::milliseconds;
using testing::FakeClock;

constexpr int64_t kTenToTheSeventeenth = 100000000000000000;

// The parts of an id, decoded by the test itself from the D13 layout.
struct IdParts {
  int64_t millis_since_2020 = 0;
  int node = 0;
  int sequence = 0;
};

IdParts Decode(const std::string& id) {
  const int64_t raw = std::stoll(id) - kTenToTheSeventeenth;
  return {raw >> 18, static_cast<int>((raw >> 10) & 0xff), static_cast<int>(raw & 0x3ff)};
}

class IdGeneratorTest : public ::testing::Test {
 protected:
  // 2025-12-03T10:20:00Z, 186920400000 ms after 2020-01-01T00:00:00Z.
  FakeClock clock_{FakeClock::TimePoint(milliseconds(1764757200000))};
};

TEST_F(IdGeneratorTest, FirstIdFollowsTheDocumentedLayout) {
  IdGenerator ids(clock_, 5);

  const std::string id = ids.Next().value();

  // 10^17 + (186920400000 << 18 | 5 << 10 | 0), computed independently.
  EXPECT_EQ(id, "149000061337605120");
}

TEST_F(IdGeneratorTest, IdsHaveEighteenDecimalDigits) {
  IdGenerator ids(clock_, 255);

  for (int i = 0; i < 2000; ++i) {
    const std::string id = ids.Next().value();

    ASSERT_EQ(id.size(), 18u) << id;
    ASSERT_TRUE(std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; }))
        << id;
  }
}

TEST_F(IdGeneratorTest, IdsCarryTheClockNodeAndSequence) {
  IdGenerator ids(clock_, 173);
  (void)ids.Next().value();
  (void)ids.Next().value();

  const IdParts parts = Decode(ids.Next().value());

  EXPECT_EQ(parts.millis_since_2020, 186920400000);
  EXPECT_EQ(parts.node, 173);
  EXPECT_EQ(parts.sequence, 2);
}

TEST_F(IdGeneratorTest, SequenceRestartsWhenTheClockMoves) {
  IdGenerator ids(clock_, 1);
  (void)ids.Next().value();
  (void)ids.Next().value();
  clock_.Advance(milliseconds(7));

  const IdParts parts = Decode(ids.Next().value());

  EXPECT_EQ(parts.millis_since_2020, 186920400007);
  EXPECT_EQ(parts.sequence, 0);
}

TEST_F(IdGeneratorTest, IdsStrictlyIncreaseWhileTheClockStandsStill) {
  IdGenerator ids(clock_, 9);
  std::string previous = ids.Next().value();

  for (int i = 0; i < 5000; ++i) {
    const std::string id = ids.Next().value();

    ASSERT_GT(std::stoll(id), std::stoll(previous)) << "after " << previous;
    previous = id;
  }
}

TEST_F(IdGeneratorTest, SequenceOverflowBorrowsTheNextMillisecond) {
  IdGenerator ids(clock_, 3);
  std::string last_of_first_millisecond;
  for (int i = 0; i < 1024; ++i) {
    last_of_first_millisecond = ids.Next().value();
  }

  const std::string borrowed = ids.Next().value();

  const IdParts before = Decode(last_of_first_millisecond);
  const IdParts after = Decode(borrowed);
  EXPECT_EQ(before.millis_since_2020, 186920400000);
  EXPECT_EQ(before.sequence, 1023);
  EXPECT_EQ(after.millis_since_2020, 186920400001);
  EXPECT_EQ(after.sequence, 0);
  EXPECT_EQ(after.node, 3);
}

TEST_F(IdGeneratorTest, ClockCatchingUpWithABorrowedMillisecondNeverRepeats) {
  IdGenerator ids(clock_, 3);
  std::set<std::string> seen;
  for (int i = 0; i < 1025; ++i) {
    seen.insert(ids.Next().value());
  }
  clock_.Advance(milliseconds(1));

  const std::string id = ids.Next().value();

  EXPECT_EQ(seen.count(id), 0u) << id;
  EXPECT_GT(std::stoll(id), std::stoll(*seen.rbegin()));
}

TEST_F(IdGeneratorTest, ClockGoingBackwardsNeverRepeatsAnId) {
  IdGenerator ids(clock_, 4);
  std::set<std::string> seen;
  for (int i = 0; i < 10; ++i) {
    seen.insert(ids.Next().value());
  }
  clock_.Advance(milliseconds(-60000));

  std::string previous = *seen.rbegin();
  for (int i = 0; i < 2000; ++i) {
    const std::string id = ids.Next().value();

    ASSERT_TRUE(seen.insert(id).second) << "repeated " << id;
    ASSERT_GT(std::stoll(id), std::stoll(previous));
    previous = id;
  }
}

TEST_F(IdGeneratorTest, GeneratorsWithDifferentNodesNeverCollide) {
  IdGenerator first(clock_, 1);
  IdGenerator second(clock_, 2);
  std::set<std::string> seen;

  for (int i = 0; i < 3000; ++i) {
    if (i % 700 == 0) {
      clock_.Advance(milliseconds(1));
    }
    ASSERT_TRUE(seen.insert(first.Next().value()).second);
    ASSERT_TRUE(seen.insert(second.Next().value()).second);
  }

  EXPECT_EQ(seen.size(), 6000u);
}

TEST_F(IdGeneratorTest, ConcurrentCallersGetDistinctIds) {
  IdGenerator ids(clock_, 8);
  std::mutex mutex;
  std::set<std::string> seen;
  std::vector<std::thread> threads;

  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      std::vector<std::string> mine;
      for (int i = 0; i < 1500; ++i) {
        mine.push_back(ids.Next().value());
      }
      std::lock_guard<std::mutex> lock(mutex);
      seen.insert(mine.begin(), mine.end());
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }

  EXPECT_EQ(seen.size(), 6000u);
}

// After its lease's deadline the generator makes no id: another instance may hold the node id.
TEST_F(IdGeneratorTest, MakesNoIdPastTheLeaseDeadline) {
  IdGenerator ids(clock_, 3);
  ids.SetNode(3, std::chrono::steady_clock::now() - milliseconds(1));

  Result<std::string> id = ids.Next();

  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(id.error().reason, "node_lease_lapsed");
}

// A renewal moves the deadline; a new lease also changes the node bits of the next ids.
TEST_F(IdGeneratorTest, SetNodeMovesTheDeadlineAndTheNodeBits) {
  IdGenerator ids(clock_, 5);
  ids.SetNode(7, std::chrono::steady_clock::now() + std::chrono::minutes(1));

  const IdParts parts = Decode(ids.Next().value());

  EXPECT_EQ(parts.node, 7);
  EXPECT_EQ(ids.node_id(), 7);
}

TEST_F(IdGeneratorTest, ReportsItsNodeId) {
  IdGenerator ids(clock_, 42);

  EXPECT_EQ(ids.node_id(), 42);
}

}  // namespace
}  // namespace wsapp
