#include "common/time_format.h"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace wsapp {
namespace {

struct MillisCase {
  std::string label;
  int64_t unix_millis;
  std::string expected;
};

class TimeFormatTest : public ::testing::Test {};

TEST_F(TimeFormatTest, FormatsMillisecondsAsUtcWithThreeDigits) {
  const std::vector<MillisCase> cases = {
      {"epoch", 0, "1970-01-01T00:00:00.000Z"},
      {"reference example", 1686060838671, "2023-06-06T14:13:58.671Z"},
      {"leading zeros in the fraction", 1764757200007, "2025-12-03T10:20:00.007Z"},
      {"leap day", 1709164800123, "2024-02-29T00:00:00.123Z"},
      {"leap day of a century year", 951782400000, "2000-02-29T00:00:00.000Z"},
      {"last millisecond of a century", 4102444799999, "2099-12-31T23:59:59.999Z"},
      {"one millisecond before the epoch", -1, "1969-12-31T23:59:59.999Z"},
      {"one second before the epoch", -1000, "1969-12-31T23:59:59.000Z"},
      {"a year before the epoch", -31536000001, "1968-12-31T23:59:59.999Z"},
      {"a year of three digits, zero-padded", -30610224000001, "0999-12-31T23:59:59.999Z"},
      {"a year past four digits", 253402300800000, "10000-01-01T00:00:00.000Z"},
  };

  for (const MillisCase& row : cases) {
    EXPECT_EQ(FormatMillisUtc(row.unix_millis), row.expected) << row.label;
  }
}

TEST_F(TimeFormatTest, FormatsMicrosecondsForTokenBodies) {
  const Clock::TimePoint time(std::chrono::microseconds(1686060838671234));

  const std::string text = FormatMicrosUtc(time);

  EXPECT_EQ(text, "2023-06-06T14:13:58.671234Z");
}

TEST_F(TimeFormatTest, FormatsMicrosecondsBeforeTheEpoch) {
  const Clock::TimePoint time(std::chrono::microseconds(-1));

  const std::string text = FormatMicrosUtc(time);

  EXPECT_EQ(text, "1969-12-31T23:59:59.999999Z");
}

TEST_F(TimeFormatTest, FormatsWholeSecondsWithSixZeros) {
  const Clock::TimePoint time(std::chrono::seconds(1764757200));

  const std::string text = FormatMicrosUtc(time);

  EXPECT_EQ(text, "2025-12-03T10:20:00.000000Z");
}

TEST_F(TimeFormatTest, UnixMillisRoundTrip) {
  for (int64_t millis : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{1764757200123}}) {
    EXPECT_EQ(ToUnixMillis(FromUnixMillis(millis)), millis) << millis;
  }
}

TEST_F(TimeFormatTest, ToUnixMillisDropsSubMillisecondPrecision) {
  const Clock::TimePoint time(std::chrono::microseconds(1764757200123999));

  const int64_t millis = ToUnixMillis(time);

  EXPECT_EQ(millis, 1764757200123);
}

TEST_F(TimeFormatTest, ParsesWhatFormatMillisWrites) {
  for (int64_t millis : {int64_t{0}, int64_t{1686060838671}, int64_t{1709164800123},
                         int64_t{4102444799999}, int64_t{-1}}) {
    const std::string text = FormatMillisUtc(millis);

    const std::optional<int64_t> parsed = ParseMillisUtc(text);

    ASSERT_TRUE(parsed.has_value()) << text;
    EXPECT_EQ(*parsed, millis) << text;
  }
}

// The formatter's calendar against the C library's (timegm, behind ParseMillisUtc): every 37
// hours and 17 ms from 1900 to 2400, which crosses every month end, leap day and century rule.
TEST_F(TimeFormatTest, AgreesWithTheCLibraryCalendarFrom1900To2400) {
  constexpr int64_t kFrom = -2208988800000;  // 1900-01-01
  constexpr int64_t kTo = 13569465600000;    // 2400-01-01
  constexpr int64_t kStep = 37 * 3600 * 1000 + 17;
  int checked = 0;
  for (int64_t millis = kFrom; millis < kTo; millis += kStep) {
    const std::string text = FormatMillisUtc(millis);
    const std::optional<int64_t> parsed = ParseMillisUtc(text);
    ASSERT_TRUE(parsed.has_value()) << text;
    ASSERT_EQ(*parsed, millis) << text;
    ++checked;
  }
  EXPECT_GT(checked, 100000);
}

TEST_F(TimeFormatTest, RejectsAnythingButTheMillisecondForm) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"empty", ""},
      {"no fraction", "2025-12-03T10:20:00Z"},
      {"microseconds", "2025-12-03T10:20:00.000000Z"},
      {"no zone", "2025-12-03T10:20:00.000"},
      {"offset instead of Z", "2025-12-03T10:20:00.000+00"},
      {"lower-case t", "2025-12-03t10:20:00.000Z"},
      {"space separator", "2025-12-03 10:20:00.000Z"},
      {"sign in a field", "2025-+2-03T10:20:00.000Z"},
      {"month 13", "2025-13-03T10:20:00.000Z"},
      {"month 0", "2025-00-03T10:20:00.000Z"},
      {"day 0", "2025-12-00T10:20:00.000Z"},
      {"31 April", "2025-04-31T10:20:00.000Z"},
      {"29 February of a common year", "2025-02-29T10:20:00.000Z"},
      {"29 February of a century year", "1900-02-29T10:20:00.000Z"},
      {"hour 24", "2025-12-03T24:00:00.000Z"},
      {"minute 60", "2025-12-03T10:60:00.000Z"},
      {"leap second", "2016-12-31T23:59:60.000Z"},
      {"trailing text", "2025-12-03T10:20:00.000Zx"},
  };

  for (const auto& [label, text] : cases) {
    EXPECT_FALSE(ParseMillisUtc(text).has_value()) << label;
  }
}

TEST_F(TimeFormatTest, ParsesLeapDays) {
  EXPECT_EQ(ParseMillisUtc("2000-02-29T00:00:00.000Z"), std::optional<int64_t>(951782400000));
  EXPECT_EQ(ParseMillisUtc("2024-02-29T00:00:00.123Z"), std::optional<int64_t>(1709164800123));
}

}  // namespace
}  // namespace wsapp
