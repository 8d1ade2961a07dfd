#include "service/refusal_recorder.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "service/service_test_support.h"
#include "support/status_matchers.h"

namespace wsapp::service {
namespace {

using std::chrono::milliseconds;
using wsapp::testing::AuditRow;
using wsapp::testing::kAccountId;
using wsapp::testing::kProjectId;

// Long enough that the writer never writes on its own during a test: batches are cut only by
// their size, Flush or destruction.
constexpr milliseconds kNever = std::chrono::hours(1);

// Forwards to the real store and counts the write units opened through it.
class CountingStore final : public store::Store {
 public:
  explicit CountingStore(store::Store& inner) : inner_(inner) {}

  Result<std::unique_ptr<store::UnitOfWork>> Begin(Mode mode) override {
    if (mode == Mode::kWrite) {
      ++write_units_;
    }
    return inner_.Begin(mode);
  }
  std::string_view backend_name() const override { return inner_.backend_name(); }

  int write_units() const { return write_units_.load(); }

 private:
  store::Store& inner_;
  std::atomic<int> write_units_{0};
};

domain::AuditRecord Refusal(const std::string& request_id) {
  domain::AuditRecord record;
  record.at_millis = 1764757200000;
  record.account_id = kAccountId;
  record.request_id = request_id;
  record.project_id = kProjectId;
  record.action = "workspace:appGroup:list";
  record.outcome = domain::kAuditDenied;
  record.detail_json = R"({"route":"ListAppGroup","reason":"denied","resources":[]})";
  return record;
}

std::vector<std::string> RequestIdsOf(const std::vector<AuditRow>& rows) {
  std::vector<std::string> ids;
  for (const AuditRow& row : rows) {
    ids.push_back(row.request_id);
  }
  return ids;
}

class RefusalRecorderTest : public wsapp::testing::ServiceFixture {
 protected:
  void SetUp() override {
    ServiceFixture::SetUp();
    counting_store_ = std::make_unique<CountingStore>(*store_);
  }

  // Starts the recorder under test; a burst of 3 refilled at 1 per second unless changed.
  void Start(RefusalRecorderOptions options) {
    recorder_ = std::make_unique<RefusalRecorder>(*counting_store_, clock_, options);
  }
  static RefusalRecorderOptions SmallOptions() {
    RefusalRecorderOptions options;
    options.burst = 3;
    options.refill_per_second = 1;
    options.flush_interval = kNever;
    return options;
  }

  // Records `count` refusals of `caller`, with request ids `<caller>-<n>`.
  void RecordMany(const std::string& caller, int count) {
    for (int i = 0; i < count; ++i) {
      recorder_->Record(Refusal(caller + "-" + std::to_string(i)), caller);
    }
  }

  std::unique_ptr<CountingStore> counting_store_;
  // Declared last: destroyed first, while the store it writes to still exists.
  std::unique_ptr<RefusalRecorder> recorder_;
};

TEST_F(RefusalRecorderTest, AdmitsABurstPerCallerAndSuppressesTheRest) {
  Start(SmallOptions());

  RecordMany("ip:192.0.2.1", 5);
  recorder_->Flush();

  RefusalCounters counters = recorder_->counters();
  EXPECT_EQ(counters.admitted, 3);
  EXPECT_EQ(counters.suppressed, 2);
  EXPECT_EQ(counters.written, 3);
  EXPECT_EQ(RequestIdsOf(AuditRows()),
            (std::vector<std::string>{"ip:192.0.2.1-0", "ip:192.0.2.1-1", "ip:192.0.2.1-2"}));
}

TEST_F(RefusalRecorderTest, CallersHaveTheirOwnBuckets) {
  Start(SmallOptions());
  RecordMany("user-a", 3);

  RecordMany("user-b", 1);
  RecordMany("user-a", 1);

  RefusalCounters counters = recorder_->counters();
  EXPECT_EQ(counters.admitted, 4);
  EXPECT_EQ(counters.suppressed, 1);
}

TEST_F(RefusalRecorderTest, RefillsAtTheConfiguredRate) {
  RefusalRecorderOptions options = SmallOptions();
  options.burst = 2;
  options.refill_per_second = 2;
  Start(options);
  RecordMany("user-a", 2);

  clock_.Advance(milliseconds(499));
  recorder_->Record(Refusal("early"), "user-a");
  clock_.Advance(milliseconds(1));
  recorder_->Record(Refusal("on-time"), "user-a");
  recorder_->Record(Refusal("too-soon-again"), "user-a");
  recorder_->Flush();

  EXPECT_EQ(recorder_->counters().suppressed, 2);
  EXPECT_EQ(RequestIdsOf(AuditRows()),
            (std::vector<std::string>{"user-a-0", "user-a-1", "on-time"}));
}

TEST_F(RefusalRecorderTest, RefillNeverExceedsTheBurst) {
  Start(SmallOptions());
  clock_.Advance(std::chrono::hours(1));

  RecordMany("user-a", 5);

  EXPECT_EQ(recorder_->counters().admitted, 3);
}

TEST_F(RefusalRecorderTest, CarriesTheSuppressedCountIntoTheCallersNextRecord) {
  RefusalRecorderOptions options = SmallOptions();
  options.burst = 1;
  Start(options);
  RecordMany("user-a", 4);
  recorder_->Record(Refusal("other-caller"), "user-b");
  clock_.Advance(std::chrono::seconds(1));

  recorder_->Record(Refusal("after-pause"), "user-a");
  clock_.Advance(std::chrono::seconds(1));
  recorder_->Record(Refusal("after-second-pause"), "user-a");
  recorder_->Flush();

  std::vector<AuditRow> rows = AuditRows();
  ASSERT_EQ(RequestIdsOf(rows), (std::vector<std::string>{"user-a-0", "other-caller", "after-pause",
                                                          "after-second-pause"}));
  EXPECT_FALSE(rows[0].detail.contains("suppressed_before")) << rows[0].detail;
  EXPECT_FALSE(rows[1].detail.contains("suppressed_before")) << rows[1].detail;
  EXPECT_EQ(rows[2].detail["suppressed_before"], 3) << rows[2].detail;
  EXPECT_EQ(rows[2].detail["route"], "ListAppGroup") << rows[2].detail;
  EXPECT_FALSE(rows[3].detail.contains("suppressed_before")) << rows[3].detail;
}

TEST_F(RefusalRecorderTest, WritesOneUnitOfWorkPerBatch) {
  RefusalRecorderOptions options = SmallOptions();
  options.burst = 100;
  options.max_batch_records = 2;
  Start(options);

  RecordMany("user-a", 5);
  recorder_->Flush();

  EXPECT_EQ(counting_store_->write_units(), 3);
  EXPECT_EQ(recorder_->counters().written, 5);
  EXPECT_EQ(AuditRows().size(), 5u);
}

TEST_F(RefusalRecorderTest, FlushWithNothingQueuedReturnsAtOnce) {
  Start(SmallOptions());

  recorder_->Flush();

  EXPECT_EQ(counting_store_->write_units(), 0);
  EXPECT_EQ(recorder_->counters().written, 0);
}

TEST_F(RefusalRecorderTest, WritesOnTheIntervalWithoutAFlush) {
  RefusalRecorderOptions options = SmallOptions();
  options.flush_interval = milliseconds(10);
  Start(options);

  recorder_->Record(Refusal("waits-for-the-timer"), "user-a");

  // Polls the outcome of the writer's own timer, with a generous bound; nothing is ordered by
  // sleeping.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (recorder_->counters().written == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(5));
  }
  EXPECT_EQ(recorder_->counters().written, 1);
}

TEST_F(RefusalRecorderTest, DropsAndCountsRecordsBeyondTheQueue) {
  RefusalRecorderOptions options = SmallOptions();
  options.burst = 100;
  options.max_queued_records = 2;
  Start(options);

  RecordMany("user-a", 4);
  recorder_->Flush();

  RefusalCounters counters = recorder_->counters();
  EXPECT_EQ(counters.admitted, 2);
  EXPECT_EQ(counters.dropped, 2);
  EXPECT_EQ(counters.written, 2);
}

TEST_F(RefusalRecorderTest, DestructionWritesWhatIsQueued) {
  Start(SmallOptions());
  RecordMany("user-a", 3);

  recorder_.reset();

  EXPECT_EQ(AuditRows().size(), 3u);
}

TEST_F(RefusalRecorderTest, CountsRecordsLostToTheStore) {
  Start(SmallOptions());
  wsapp::testing::FailAuditWrites(db_path_);

  RecordMany("user-a", 2);
  recorder_->Flush();

  RefusalCounters counters = recorder_->counters();
  EXPECT_EQ(counters.failed, 2);
  EXPECT_EQ(counters.written, 0);
}

TEST_F(RefusalRecorderTest, NewCallersBeyondTheLimitWaitForIdleOnesToBeForgotten) {
  RefusalRecorderOptions options = SmallOptions();
  options.max_callers = 2;
  Start(options);
  RecordMany("user-a", 1);
  RecordMany("user-b", 1);

  recorder_->Record(Refusal("while-full"), "user-c");
  clock_.Advance(std::chrono::seconds(3));
  recorder_->Record(Refusal("after-refill"), "user-c");
  recorder_->Flush();

  EXPECT_EQ(recorder_->counters().suppressed, 1);
  EXPECT_EQ(RequestIdsOf(AuditRows()),
            (std::vector<std::string>{"user-a-0", "user-b-0", "after-refill"}));
}

}  // namespace
}  // namespace wsapp::service
