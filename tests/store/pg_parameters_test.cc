// The PostgreSQL connection's rewriting of the shared queries' SQLite parameters (?N) into
// PostgreSQL's ($N), and its reading of SQLSTATEs into the store's errors.
#include <gtest/gtest.h>

#include "store/postgres/pg_connection.h"

namespace wsapp::store::postgres {
namespace {

TEST(TranslateParametersTest, RewritesNumberedParametersAndCountsTheHighest) {
  auto [sql, count] =
      TranslateParameters("SELECT a FROM t WHERE x = ?1 AND (?2 = '' OR y = ?2) LIMIT ?10");
  EXPECT_EQ(sql, "SELECT a FROM t WHERE x = $1 AND ($2 = '' OR y = $2) LIMIT $10");
  EXPECT_EQ(count, 10);
}

TEST(TranslateParametersTest, LeavesQuotedTextAndJsonPathsAlone) {
  auto [sql, count] = TranslateParameters(
      "SELECT json_extract(d, '$.a?1'), \"col?2\" FROM t WHERE s = 'it''s ?3' AND z = ?1");
  EXPECT_EQ(sql,
            "SELECT json_extract(d, '$.a?1'), \"col?2\" FROM t WHERE s = 'it''s ?3' AND z = $1");
  EXPECT_EQ(count, 1);
}

TEST(TranslateParametersTest, KeepsALoneQuestionMark) {
  auto [sql, count] = TranslateParameters("SELECT '?' || ?");
  EXPECT_EQ(sql, "SELECT '?' || ?");
  EXPECT_EQ(count, 0);
}

TEST(TranslateErrorTest, WithoutAResultTheConnectionIsLost) {
  Error error = TranslateError(nullptr, nullptr, "connect");
  EXPECT_EQ(error.code, ErrorCode::kUnavailable);
  EXPECT_EQ(error.reason, kConnectionLost);
}

}  // namespace
}  // namespace wsapp::store::postgres
