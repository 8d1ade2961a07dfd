// store::RunWithRetries (D25): which failures run a unit again, how often, and what the caller
// sees when the attempts run out.
#include <gtest/gtest.h>

#include <memory>

#include "store/store.h"
#include "support/status_matchers.h"

namespace wsapp::store {
namespace {

// A store that opens no units: RunWithRetries needs only its counters.
class CountersOnlyStore final : public Store {
 public:
  Result<std::unique_ptr<UnitOfWork>> Begin(Mode) override {
    return MakeError(ErrorCode::kUnavailable, "no units here");
  }
  std::string_view backend_name() const override { return "counters-only"; }
};

Error Failure(ErrorCode code, const std::string& reason) {
  Error error = MakeError(code, "failed", reason);
  return error;
}

TEST(RunWithRetriesTest, RunsAUnitAgainAfterASerializationConflictUntilItSucceeds) {
  CountersOnlyStore store;
  int attempts = 0;
  Status status = RunWithRetries(store, [&]() -> Status {
    ++attempts;
    if (attempts < 3) {
      return Failure(ErrorCode::kUnavailable, "serialization_conflict");
    }
    return OkStatus();
  });
  EXPECT_OK(status);
  EXPECT_EQ(attempts, 3);
  EXPECT_EQ(store.counters().conflict_retries.load(), 2);
  EXPECT_EQ(store.counters().retries_exhausted.load(), 0);
}

TEST(RunWithRetriesTest, RunsAUnitAgainAfterALostConnection) {
  CountersOnlyStore store;
  int attempts = 0;
  Status status = RunWithRetries(store, [&]() -> Status {
    return ++attempts == 1 ? Status(Failure(ErrorCode::kUnavailable, "database_connection_lost"))
                           : OkStatus();
  });
  EXPECT_OK(status);
  EXPECT_EQ(attempts, 2);
}

TEST(RunWithRetriesTest, PassesOtherFailuresThroughAtOnce) {
  for (const Error& failure : {Failure(ErrorCode::kAlreadyExists, "duplicate_name"),
                               Failure(ErrorCode::kUnavailable, "database_busy"),
                               Failure(ErrorCode::kUnavailable, "commit_outcome_unknown"),
                               Failure(ErrorCode::kNotFound, "app_group_not_found")}) {
    CountersOnlyStore store;
    int attempts = 0;
    Status status = RunWithRetries(store, [&]() -> Status {
      ++attempts;
      return failure;
    });
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().reason, failure.reason);
    EXPECT_EQ(status.error().code, failure.code);
    EXPECT_EQ(attempts, 1) << failure.reason;
    EXPECT_EQ(store.counters().conflict_retries.load(), 0);
  }
}

TEST(RunWithRetriesTest, GivesUpAfterTheLastAttemptWithAnUnavailableError) {
  CountersOnlyStore store;
  int attempts = 0;
  Status status = RunWithRetries(store, [&]() -> Status {
    ++attempts;
    return Failure(ErrorCode::kUnavailable, "serialization_conflict");
  });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kUnavailable);
  EXPECT_FALSE(status.error().public_message.empty());
  EXPECT_EQ(attempts, kMaxAttempts);
  EXPECT_EQ(store.counters().conflict_retries.load(), kMaxAttempts - 1);
  EXPECT_EQ(store.counters().retries_exhausted.load(), 1);
}

TEST(RetryUnitTest, ReturnsTheValueOfTheAttemptThatSucceeded) {
  CountersOnlyStore store;
  int attempts = 0;
  Result<int> result = RetryUnit(store, [&]() -> Result<int> {
    if (++attempts == 1) {
      return Failure(ErrorCode::kUnavailable, "serialization_conflict");
    }
    return attempts * 10;
  });
  ASSERT_OK(result);
  EXPECT_EQ(*result, 20);
}

}  // namespace
}  // namespace wsapp::store
