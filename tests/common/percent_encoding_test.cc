#include "common/percent_encoding.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace wsapp {
namespace {

struct DecodeCase {
  std::string label;
  std::string raw;
  bool plus_is_space;
  std::string expected;
  bool is_well_formed;
};

class PercentEncodingTest : public ::testing::Test {};

TEST_F(PercentEncodingTest, DecodesEscapesAndReportsMalformedOnes) {
  const std::vector<DecodeCase> cases = {
      {"plain", "abc", false, "abc", true},
      {"form plus", "a+b", true, "a b", true},
      {"path plus", "a+b", false, "a+b", true},
      {"encoded plus", "a%2Bb", true, "a+b", true},
      {"encoded slash", "a%2fb", false, "a/b", true},
      {"multi-byte", "%E5%BA%94", false, "\xE5\xBA\x94", true},
      {"lone percent kept", "100%", false, "100%", false},
      {"short escape kept", "%4", false, "%4", false},
      {"non-hex escape kept", "%zz1", false, "%zz1", false},
      {"good escape after a bad one", "%%41", false, "%A", false},
  };

  for (const DecodeCase& row : cases) {
    bool is_well_formed = true;

    const std::string decoded = PercentDecode(row.raw, row.plus_is_space, &is_well_formed);

    EXPECT_EQ(decoded, row.expected) << row.label;
    EXPECT_EQ(is_well_formed, row.is_well_formed) << row.label;
  }
}

TEST_F(PercentEncodingTest, DecodingWithoutAFlagIsLenient) {
  const std::string decoded = PercentDecode("50%+off", /*plus_is_space=*/true);

  EXPECT_EQ(decoded, "50% off");
}

TEST_F(PercentEncodingTest, EncodesAllButUnreservedWithUpperCaseHex) {
  const std::string encoded = PercentEncodeUnreserved("aZ09-_.~ /+*\xE5\xBA\x94");

  EXPECT_EQ(encoded, "aZ09-_.~%20%2F%2B%2A%E5%BA%94");
}

TEST_F(PercentEncodingTest, EncodeThenDecodeRoundTripsEveryByte) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) {
    bytes.push_back(static_cast<char>(i));
  }
  bool is_well_formed = true;

  const std::string decoded =
      PercentDecode(PercentEncodeUnreserved(bytes), /*plus_is_space=*/true, &is_well_formed);

  EXPECT_EQ(decoded, bytes);
  EXPECT_TRUE(is_well_formed);
}

}  // namespace
}  // namespace wsapp
