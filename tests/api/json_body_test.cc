#include "api/json_body.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/status_matchers.h"

namespace wsapp::api {
namespace {

using nlohmann::json;

constexpr char kYing[] = "\xE5\xBA\x94";  // U+5E94

std::string Repeat(const std::string& piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) {
    out += piece;
  }
  return out;
}

struct BodyCase {
  std::string label;
  std::string body;
};

// Asserts an invalid-parameter error whose public message contains `field`.
template <typename T>
void ExpectInvalidParameter(const Result<T>& result, const std::string& field,
                            const std::string& label) {
  ASSERT_FALSE(result.ok()) << label;
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument) << label;
  EXPECT_EQ(result.error().reason, "invalid_parameter") << label;
  EXPECT_NE(result.error().public_message.find(field), std::string::npos)
      << label << ": " << result.error().public_message;
}

class JsonBodyTest : public ::testing::Test {};

TEST_F(JsonBodyTest, RejectsBodiesThatAreNotOneWellFormedObject) {
  const std::vector<BodyCase> cases = {
      {"empty", ""},
      {"null", "null"},
      {"array", "[]"},
      {"array of objects", "[{\"a\":1}]"},
      {"number", "42"},
      {"string", "\"ids\""},
      {"boolean", "true"},
      {"whitespace only", " \n"},
      {"truncated object", "{\"ids\":[\"1\""},
      {"truncated member", "{\"a\":"},
      {"trailing garbage", "{\"a\":1} x"},
      {"two objects", "{}{}"},
      {"single quotes", "{'a':1}"},
      {"trailing comma", "{\"a\":1,}"},
      {"invalid UTF-8 in a string (C3 28)", "{\"a\":\"\xC3\x28\"}"},
      {"invalid UTF-8 outside strings", "{\"a\":1}\xC3\x28"},
      {"overlong encoding in a string", "{\"a\":\"\xC0\xAF\"}"},
      {"lone high surrogate escape", "{\"a\":\"\\ud800\"}"},
      {"lone low surrogate escape", "{\"a\":\"\\udc00\"}"},
      {"high surrogate followed by a letter", "{\"a\":\"\\ud800x\"}"},
      {"reversed surrogate pair", "{\"a\":\"\\ude00\\ud83d\"}"},
      {"encoded surrogate bytes", "{\"a\":\"\xED\xA0\x80\"}"},
      {"duplicate member at top level", "{\"ids\":[\"1\"],\"ids\":[\"2\"]}"},
      {"duplicate member with equal values", "{\"a\":1,\"a\":1}"},
      {"duplicate member spelled with an escape", "{\"a\":1,\"\\u0061\":2}"},
      {"duplicate member in a nested object", "{\"o\":{\"b\":1,\"c\":2,\"b\":3}}"},
      {"duplicate member in an object inside an array",
       "{\"items\":[{\"x\":1},{\"x\":1,\"x\":2}]}"},
      {"duplicate member deep down", "{\"a\":{\"b\":{\"c\":{\"d\":1,\"d\":2}}}}"},
      {"duplicate member after a nested object", "{\"a\":{\"x\":1},\"b\":2,\"a\":3}"},
  };

  for (const BodyCase& row : cases) {
    Result<json> parsed = ParseJsonObject(row.body);

    ASSERT_FALSE(parsed.ok()) << row.label;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument) << row.label;
    EXPECT_EQ(parsed.error().reason, "malformed_body") << row.label;
    EXPECT_FALSE(parsed.error().public_message.empty()) << row.label;
  }
}

TEST_F(JsonBodyTest, AcceptsObjects) {
  const std::vector<BodyCase> cases = {
      {"empty object", "{}"},
      {"surrounding whitespace and Go's trailing newline", " {\"a\": 1}\n"},
      {"Python separators", "{\"a\": 1, \"b\": [1, 2]}"},
      {"same member name in sibling objects", "{\"a\":{\"x\":1},\"b\":{\"x\":2}}"},
      {"same member name in objects of an array", "{\"items\":[{\"x\":1},{\"x\":2}]}"},
      {"nested member named like its parent", "{\"a\":{\"a\":1}}"},
      {"UTF-8 text", std::string("{\"name\":\"") + kYing + "\"}"},
      {"escaped non-ASCII", "{\"name\":\"\\u5e94\"}"},
  };

  for (const BodyCase& row : cases) {
    SCOPED_TRACE(row.label);

    Result<json> parsed = ParseJsonObject(row.body);

    ASSERT_OK(parsed);
    EXPECT_TRUE(parsed->is_object());
  }
}

TEST_F(JsonBodyTest, PairedSurrogateEscapeDecodesToOneCodePoint) {
  Result<json> parsed = ParseJsonObject("{\"name\":\"\\ud83d\\ude00\"}");

  ASSERT_OK(parsed);
  EXPECT_EQ((*parsed)["name"].get<std::string>(), "\xF0\x9F\x98\x80");
}

// Found on PostgreSQL, whose text cannot hold U+0000: stored strings were cut short and ids
// made 500s. Refused wherever it appears, for both backends.
TEST_F(JsonBodyTest, StringsWithUPlus0000AreRefused) {
  const std::vector<std::string> bodies = {
      R"({"ids":["\u0000"]})",
      R"({"name":"n\u0000x"})",
      R"({"a":{"b":[1,"x\u0000"]}})",
      R"({"na\u0000me":"x"})",
  };
  for (const std::string& body : bodies) {
    Result<json> parsed = ParseJsonObject(body);

    ASSERT_FALSE(parsed.ok()) << body;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument) << body;
    EXPECT_NE(parsed.error().public_message.find("U+0000"), std::string::npos) << body;
  }
  EXPECT_OK(ParseJsonObject(R"({"name":"\u0001 and \\u0000 written out"})"));
}

TEST_F(JsonBodyTest, DuplicateMemberMessageNamesTheMember) {
  Result<json> parsed = ParseJsonObject("{\"app_group_name\":\"a\",\"app_group_name\":\"b\"}");

  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error().public_message.find("app_group_name"), std::string::npos)
      << parsed.error().public_message;
}

TEST_F(JsonBodyTest, RequiredStringReadsAString) {
  const json object = {{"name", "Notepad"}};

  Result<std::string> name = JsonFields(object).RequiredString("name", 1, 64);

  ASSERT_OK(name);
  EXPECT_EQ(*name, "Notepad");
}

TEST_F(JsonBodyTest, RequiredStringRejectsMissingNullAndWrongTypes) {
  const std::vector<std::pair<std::string, json>> cases = {
      {"missing", json::object()},
      {"null counts as absent", {{"name", nullptr}}},
      {"number", {{"name", 42}}},
      {"boolean", {{"name", true}}},
      {"array", {{"name", json::array({"a"})}}},
      {"object", {{"name", {{"a", 1}}}}},
      {"too short", {{"name", ""}}},
      {"too long", {{"name", std::string(65, 'a')}}},
  };

  for (const auto& [label, object] : cases) {
    ExpectInvalidParameter(JsonFields(object).RequiredString("name", 1, 64), "name", label);
  }
}

TEST_F(JsonBodyTest, StringLengthsCountCharacters) {
  const json fits = {{"name", Repeat(kYing, 64)}};
  const json too_long = {{"name", Repeat(kYing, 65)}};

  Result<std::string> accepted = JsonFields(fits).RequiredString("name", 1, 64);
  Result<std::string> rejected = JsonFields(too_long).RequiredString("name", 1, 64);

  EXPECT_OK(accepted);
  ExpectInvalidParameter(rejected, "name", "65 characters");
}

TEST_F(JsonBodyTest, OptionalStringFallsBackWhenAbsentOrNull) {
  const json object = {{"description", nullptr}};

  Result<std::string> absent = JsonFields(object).OptionalString("version", 0, 10, "1.0");
  Result<std::string> null = JsonFields(object).OptionalString("description", 0, 10, "none");

  ASSERT_OK(absent);
  ASSERT_OK(null);
  EXPECT_EQ(*absent, "1.0");
  EXPECT_EQ(*null, "none");
}

TEST_F(JsonBodyTest, HasTreatsNullAsAbsent) {
  const json object = {{"present", ""}, {"null", nullptr}};
  const JsonFields fields(object);

  EXPECT_TRUE(fields.Has("present"));
  EXPECT_FALSE(fields.Has("null"));
  EXPECT_FALSE(fields.Has("missing"));
}

TEST_F(JsonBodyTest, MessagesCarryThePrefix) {
  const json object = {{"name", 7}};

  Result<std::string> name = JsonFields(object, "items[2].").RequiredString("name", 1, 64);

  ExpectInvalidParameter(name, "items[2].name", "prefixed field");
  EXPECT_EQ(JsonFields(object, "items[2].").FieldName("name"), "items[2].name");
}

TEST_F(JsonBodyTest, EnumsAcceptOnlyListedValues) {
  const std::vector<std::string> allowed = {"APP", "APP_GROUP"};
  const json object = {{"good", "APP"}, {"lower", "app"}, {"number", 1}};
  const JsonFields fields(object);

  Result<std::string> good = fields.RequiredEnum("good", allowed);
  Result<std::string> absent = fields.OptionalEnum("missing", allowed, "APP_GROUP");
  Result<std::string> lower = fields.OptionalEnum("lower", allowed, "APP_GROUP");
  Result<std::string> number = fields.RequiredEnum("number", allowed);
  Result<std::string> missing = fields.RequiredEnum("missing", allowed);

  ASSERT_OK(good);
  ASSERT_OK(absent);
  EXPECT_EQ(*good, "APP");
  EXPECT_EQ(*absent, "APP_GROUP");
  ExpectInvalidParameter(lower, "lower", "case differs");
  EXPECT_NE(lower.error().public_message.find("APP_GROUP"), std::string::npos);
  ExpectInvalidParameter(number, "number", "not a string");
  ExpectInvalidParameter(missing, "missing", "required and absent");
}

TEST_F(JsonBodyTest, RequiredIntChecksTypeAndRange) {
  const json object = {{"ok", 5},
                       {"low", 0},
                       {"high", 101},
                       {"fraction", 1.5},
                       {"text", "5"},
                       {"negative", -3},
                       {"huge", 18446744073709551615ull},
                       {"null", nullptr}};
  const JsonFields fields(object);

  Result<int64_t> ok = fields.RequiredInt("ok", 1, 100);

  ASSERT_OK(ok);
  EXPECT_EQ(*ok, 5);
  for (const std::string name :
       {"low", "high", "fraction", "text", "negative", "huge", "null", "missing"}) {
    ExpectInvalidParameter(fields.RequiredInt(name, 1, 100), name, name);
  }
}

TEST_F(JsonBodyTest, OptionalIntFallsBackWhenAbsent) {
  const json object = json::object();

  Result<int64_t> value = JsonFields(object).OptionalInt("icon_index", 0, 100, 7);

  ASSERT_OK(value);
  EXPECT_EQ(*value, 7);
}

TEST_F(JsonBodyTest, OptionalBoolAcceptsOnlyBooleans) {
  const json object = {{"yes", true}, {"text", "true"}, {"number", 1}};
  const JsonFields fields(object);

  Result<bool> yes = fields.OptionalBool("yes", false);
  Result<bool> absent = fields.OptionalBool("missing", true);

  ASSERT_OK(yes);
  ASSERT_OK(absent);
  EXPECT_TRUE(*yes);
  EXPECT_TRUE(*absent);
  ExpectInvalidParameter(fields.OptionalBool("text", false), "text", "string");
  ExpectInvalidParameter(fields.OptionalBool("number", false), "number", "number");
}

TEST_F(JsonBodyTest, StringArrayChecksBoundsItemsAndLengths) {
  const json object = {{"ids", json::array({"1", "2"})},
                       {"empty", json::array()},
                       {"too_many", json::array({"1", "2", "3", "4"})},
                       {"not_array", "1"},
                       {"bad_item", json::array({"1", 2})},
                       {"long_item", json::array({"1", std::string(11, 'x')})},
                       {"null", nullptr}};
  const JsonFields fields(object);

  Result<std::vector<std::string>> ids = fields.RequiredStringArray("ids", 1, 3, 1, 10);

  ASSERT_OK(ids);
  EXPECT_EQ(*ids, (std::vector<std::string>{"1", "2"}));
  ExpectInvalidParameter(fields.RequiredStringArray("empty", 1, 3, 1, 10), "empty", "empty");
  ExpectInvalidParameter(fields.RequiredStringArray("too_many", 1, 3, 1, 10), "too_many",
                         "too many");
  ExpectInvalidParameter(fields.RequiredStringArray("not_array", 1, 3, 1, 10), "not_array",
                         "not an array");
  ExpectInvalidParameter(fields.RequiredStringArray("bad_item", 1, 3, 1, 10), "bad_item[1]",
                         "item not a string");
  ExpectInvalidParameter(fields.RequiredStringArray("long_item", 1, 3, 1, 10), "long_item[1]",
                         "item too long");
  ExpectInvalidParameter(fields.RequiredStringArray("null", 1, 3, 1, 10), "null", "null");
  ExpectInvalidParameter(fields.RequiredStringArray("missing", 1, 3, 1, 10), "missing", "missing");
}

TEST_F(JsonBodyTest, OptionalStringArrayIsEmptyWhenAbsentOrNull) {
  const json object = {{"null", nullptr}};
  const JsonFields fields(object);

  Result<std::vector<std::string>> absent = fields.OptionalStringArray("missing", 1, 3, 1, 10);
  Result<std::vector<std::string>> null = fields.OptionalStringArray("null", 1, 3, 1, 10);

  ASSERT_OK(absent);
  ASSERT_OK(null);
  EXPECT_TRUE(absent->empty());
  EXPECT_TRUE(null->empty());
}

TEST_F(JsonBodyTest, ObjectArrayChecksBoundsAndItemTypes) {
  const json object = {{"items", json::array({{{"a", 1}}, {{"b", 2}}})},
                       {"mixed", json::array({{{"a", 1}}, "x"})},
                       {"empty", json::array()},
                       {"object", {{"a", 1}}}};
  const JsonFields fields(object);

  Result<std::vector<const json*>> items = fields.RequiredObjectArray("items", 1, 2);

  ASSERT_OK(items);
  ASSERT_EQ(items->size(), 2u);
  EXPECT_EQ((*items)[1]->at("b"), 2);
  ExpectInvalidParameter(fields.RequiredObjectArray("items", 1, 1), "items", "too many");
  ExpectInvalidParameter(fields.RequiredObjectArray("mixed", 1, 5), "mixed[1]", "item not object");
  ExpectInvalidParameter(fields.RequiredObjectArray("empty", 1, 5), "empty", "empty");
  ExpectInvalidParameter(fields.RequiredObjectArray("object", 1, 5), "object", "not an array");
  ExpectInvalidParameter(fields.RequiredObjectArray("missing", 1, 5), "missing", "missing");
}

TEST_F(JsonBodyTest, OptionalObjectIsNullWhenAbsentAndRejectsOtherTypes) {
  const json object = {{"info", {{"k", "v"}}}, {"list", json::array()}, {"null", nullptr}};
  const JsonFields fields(object);

  Result<const json*> info = fields.OptionalObject("info");
  Result<const json*> absent = fields.OptionalObject("missing");
  Result<const json*> null = fields.OptionalObject("null");

  ASSERT_OK(info);
  ASSERT_OK(absent);
  ASSERT_OK(null);
  ASSERT_NE(*info, nullptr);
  EXPECT_EQ((*info)->at("k"), "v");
  EXPECT_EQ(*absent, nullptr);
  EXPECT_EQ(*null, nullptr);
  ExpectInvalidParameter(fields.OptionalObject("list"), "list", "array");
}

}  // namespace
}  // namespace wsapp::api
