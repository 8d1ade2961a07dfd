#include "api/query_params.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/status_matchers.h"

namespace wsapp::api {
namespace {

// Parses a query that the test knows to be well-formed.
QueryParams ParseOrDie(std::string_view raw_query) {
  Result<QueryParams> params = QueryParams::Parse(raw_query);
  EXPECT_TRUE(params.ok()) << raw_query << ": " << testing::DescribeError(params);
  return params.ok() ? *params : QueryParams();
}

struct DecodeCase {
  std::string label;
  std::string raw;
  std::string expected;
};

class QueryParamsTest : public ::testing::Test {};

TEST_F(QueryParamsTest, FormDecodingTurnsPlusIntoSpace) {
  const std::vector<DecodeCase> cases = {
      {"plus is a space (D6)", "a+b", "a b"},
      {"encoded plus is a plus", "a%2Bb", "a+b"},
      {"encoded space", "a%20b", "a b"},
      {"lower-case hex", "%e5%ba%94", "\xE5\xBA\x94"},
      {"upper-case hex", "%E5%BA%94", "\xE5\xBA\x94"},
      {"encoded percent", "100%25", "100%"},
      {"unreserved characters unchanged", "a-b_c.d~e", "a-b_c.d~e"},
  };

  for (const DecodeCase& row : cases) {
    SCOPED_TRACE(row.label);

    Result<std::string> decoded = StrictPercentDecode(row.raw, /*plus_is_space=*/true);

    ASSERT_OK(decoded);
    EXPECT_EQ(*decoded, row.expected);
  }
}

TEST_F(QueryParamsTest, PathDecodingKeepsPlus) {
  Result<std::string> decoded = StrictPercentDecode("a+b%2Fc", /*plus_is_space=*/false);

  ASSERT_OK(decoded);
  EXPECT_EQ(*decoded, "a+b/c");
}

TEST_F(QueryParamsTest, MalformedEscapesAreRejected) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"lone percent", "%"},          {"percent at the end", "abc%"},
      {"one hex digit", "%2"},        {"one hex digit at the end", "ab%2"},
      {"non-hex digits", "%zz"},      {"second digit not hex", "%2G"},
      {"first digit not hex", "%G2"}, {"double percent", "%%41"},
  };

  for (const auto& [label, raw] : cases) {
    Result<std::string> decoded = StrictPercentDecode(raw, /*plus_is_space=*/true);
    Result<QueryParams> params = QueryParams::Parse("name=" + raw);

    EXPECT_FALSE(decoded.ok()) << label;
    ASSERT_FALSE(params.ok()) << label;
    EXPECT_EQ(params.error().code, ErrorCode::kInvalidArgument) << label;
  }
}

// No parameter takes U+0000 (PostgreSQL's text cannot hold it); %01 and a literal "%2500" can.
TEST_F(QueryParamsTest, PercentZeroZeroIsRejected) {
  for (const std::string raw : {"%00", "a%00b", "%00%41"}) {
    EXPECT_FALSE(StrictPercentDecode(raw, /*plus_is_space=*/false).ok()) << raw;
    Result<QueryParams> params = QueryParams::Parse("name=" + raw);
    ASSERT_FALSE(params.ok()) << raw;
    EXPECT_EQ(params.error().code, ErrorCode::kInvalidArgument) << raw;
  }
  EXPECT_FALSE(QueryParams::Parse("na%00me=x").ok());
  EXPECT_OK(StrictPercentDecode("%01", /*plus_is_space=*/false));
  EXPECT_OK(StrictPercentDecode("%2500", /*plus_is_space=*/false));
}

TEST_F(QueryParamsTest, ParseDecodesKeysAndValues) {
  const QueryParams params = ParseOrDie("name=Word+2019&na%6De2=a%2Bb&flag&&empty=");

  EXPECT_EQ(params.Get("name"), "Word 2019");
  EXPECT_EQ(params.Get("name2"), "a+b");
  EXPECT_EQ(params.Get("flag"), "");
  EXPECT_EQ(params.Get("empty"), "");
  EXPECT_EQ(params.Get("absent"), "");
}

TEST_F(QueryParamsTest, RepeatedKeyKeepsItsFirstValue) {
  const QueryParams params = ParseOrDie("name=first&name=second");

  EXPECT_EQ(params.Get("name"), "first");
}

TEST_F(QueryParamsTest, EmptyQueryHasNoParameters) {
  const QueryParams params = ParseOrDie("");

  EXPECT_EQ(params.Get("limit"), "");
}

TEST_F(QueryParamsTest, MalformedTextEncodingIsRejected) {
  for (const std::string raw : {"name=%C3%28", "%FF=1", "name=%ED%A0%80"}) {
    Result<QueryParams> params = QueryParams::Parse(raw);

    ASSERT_FALSE(params.ok()) << raw;
    EXPECT_EQ(params.error().code, ErrorCode::kInvalidArgument) << raw;
  }
}

TEST_F(QueryParamsTest, PageDefaultsToTenFromZero) {
  const QueryParams params = ParseOrDie("name=x");

  Result<domain::PageRequest> page = params.Page();

  ASSERT_OK(page);
  EXPECT_EQ(page->limit, 10);
  EXPECT_EQ(page->offset, 0);
}

TEST_F(QueryParamsTest, PageAcceptsTheBoundsOfItsRanges) {
  const std::vector<std::pair<std::string, std::pair<int64_t, int64_t>>> cases = {
      {"limit=1&offset=0", {1, 0}},
      {"limit=100", {100, 0}},
      {"offset=2147483647", {10, 2147483647}},
      {"offset=20&limit=5", {5, 20}},
  };

  for (const auto& [raw, expected] : cases) {
    SCOPED_TRACE(raw);

    Result<domain::PageRequest> page = ParseOrDie(raw).Page();

    ASSERT_OK(page);
    EXPECT_EQ(page->limit, expected.first);
    EXPECT_EQ(page->offset, expected.second);
  }
}

TEST_F(QueryParamsTest, PageRejectsValuesOutsideItsRanges) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"limit=0", "limit"},
      {"limit=101", "limit"},
      {"limit=-1", "limit"},
      {"limit=", "limit"},
      {"limit=ten", "limit"},
      {"limit=1.5", "limit"},
      {"limit=5x", "limit"},
      {"limit=+5", "limit"},
      {"limit=%2B5", "limit"},
      {"limit=0x10", "limit"},
      {"offset=-1", "offset"},
      {"offset=2147483648", "offset"},
      {"offset=99999999999999999999", "offset"},
  };

  for (const auto& [raw, field] : cases) {
    Result<domain::PageRequest> page = ParseOrDie(raw).Page();

    ASSERT_FALSE(page.ok()) << raw;
    EXPECT_EQ(page.error().code, ErrorCode::kInvalidArgument) << raw;
    EXPECT_NE(page.error().public_message.find(field), std::string::npos)
        << raw << ": " << page.error().public_message;
  }
}

TEST_F(QueryParamsTest, EnumAcceptsEmptyOrAListedValue) {
  const QueryParams params = ParseOrDie("type=APP&lower=app&blank=");

  Result<std::string> type = params.Enum("type", {"APP", "APP_GROUP"});
  Result<std::string> absent = params.Enum("absent", {"APP", "APP_GROUP"});
  Result<std::string> blank = params.Enum("blank", {"APP", "APP_GROUP"});
  Result<std::string> lower = params.Enum("lower", {"APP", "APP_GROUP"});

  ASSERT_OK(type);
  ASSERT_OK(absent);
  ASSERT_OK(blank);
  EXPECT_EQ(*type, "APP");
  EXPECT_EQ(*absent, "");
  EXPECT_EQ(*blank, "");
  ASSERT_FALSE(lower.ok());
  EXPECT_EQ(lower.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(lower.error().public_message.find("lower"), std::string::npos);
}

TEST_F(QueryParamsTest, StringLimitCountsCharacters) {
  const QueryParams params = ParseOrDie("name=%E5%BA%94%E5%BA%94%E5%BA%94");

  Result<std::string> fits = params.String("name", 3);
  Result<std::string> too_long = params.String("name", 2);

  ASSERT_OK(fits);
  EXPECT_EQ(*fits, "\xE5\xBA\x94\xE5\xBA\x94\xE5\xBA\x94");
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(QueryParamsTest, IntFallsBackOnlyWhenAbsent) {
  const QueryParams params = ParseOrDie("present=7");

  Result<int64_t> present = params.Int("present", 0, 10, 3);
  Result<int64_t> absent = params.Int("absent", 0, 10, 3);

  ASSERT_OK(present);
  ASSERT_OK(absent);
  EXPECT_EQ(*present, 7);
  EXPECT_EQ(*absent, 3);
}

}  // namespace
}  // namespace wsapp::api
