#include "api/json_writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/wire_models.h"

namespace wsapp::api {
namespace {

std::string NlohmannString(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

TEST(AppendJsonStringTest, EscapesExactlyAsNlohmannPrints) {
  std::string all_controls;
  for (int c = 0; c < 0x20; ++c) {
    all_controls.push_back(static_cast<char>(c));
  }
  const std::vector<std::string> cases = {
      "",
      "plain",
      "quote \" and backslash \\ and slash /",
      "C:\\Program Files\\App\\app.exe",
      all_controls,
      "tab\tnewline\ncr\r",
      "del \x7f stays",
      "\xe4\xb8\xad\xe6\x96\x87 and emoji \xf0\x9f\x98\x80",
      "invalid \xff byte",
      "truncated \xe4\xb8",
      "overlong \xc0\xaf",
      "surrogate \xed\xa0\x80",
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    std::string written;
    AppendJsonString(written, cases[i]);
    EXPECT_EQ(written, NlohmannString(cases[i])) << "case " << i;
  }
}

TEST(JsonWriterTest, NestsAndSeparatesValues) {
  JsonWriter writer;
  writer.BeginObject()
      .Key("a")
      .BeginArray()
      .Int(1)
      .Int(-2)
      .BeginObject()
      .EndObject()
      .BeginArray()
      .EndArray()
      .Bool(true)
      .Bool(false)
      .EndArray()
      .Key("b")
      .String("x")
      .EndObject();
  EXPECT_EQ(writer.Take(), R"({"a":[1,-2,{},[],true,false],"b":"x"})");
  writer.BeginArray().EndArray();
  EXPECT_EQ(writer.Take(), "[]");
}

TEST(JsonWriterTest, EscapesKeysKnownOnlyAtRunTime) {
  JsonWriter writer;
  const std::string key = "quote\" back\\ tab\t";
  writer.BeginObject().KeyText(key).Int(1).Key("plain").Int(2).EndObject();
  EXPECT_EQ(writer.Take(), R"({"quote\" back\\ tab\t":1,"plain":2})");
}

domain::App SampleApp() {
  domain::App app;
  app.id = "157295462230918119";
  app.project_id = "0b1e0c4a5e7d4c3f9a6b8d2e1f0a9c7b";
  app.app_group_id = "157295462230654976";
  app.name = "Word \"2024\"";
  app.version = "19.0.0.0";
  app.command_param = "/safe\t/x";
  app.execute_path = "C:\\Program Files\\Office\\word.exe";
  app.icon_index = 3;
  app.description = "\xe6\x96\x87\xe5\xad\x97";
  app.state = "FORBIDDEN";
  app.published_at_millis = 1764844800123;
  app.source_type = 2;
  app.publisher = "Contoso";
  app.sandbox_enable = true;
  app.extended_info = std::map<std::string, std::string>{{"b", "2"}, {"a", "1"}};
  return app;
}

// nlohmann::json prints a parsed document in its canonical form (keys in byte order, its own
// escapes); writing that form directly is what keeps replies the same as before the writer.
TEST(WriteAppTest, WritesTheCanonicalFormOfTheWireModel) {
  const domain::App app = SampleApp();
  const std::string written = AppJson(app);
  const nlohmann::json parsed = nlohmann::json::parse(written);
  EXPECT_EQ(parsed.dump(), written);
  EXPECT_EQ(parsed.size(), 20u);
  EXPECT_EQ(parsed["name"], app.name);
  EXPECT_EQ(parsed["execute_path"], app.execute_path);
  EXPECT_EQ(parsed["icon_index"], 3);
  EXPECT_EQ(parsed["tenant_id"], app.project_id);
  EXPECT_EQ(parsed["publish_at"], "2025-12-04T10:40:00.123Z");
  EXPECT_EQ(parsed["publishable"], true);
  EXPECT_EQ(parsed["sandbox_enable"], true);
  EXPECT_EQ(parsed["is_pre_boot"], false);
  EXPECT_EQ(parsed["app_extended_info"]["extended_info"]["a"], "1");

  domain::App without_extended_info = app;
  without_extended_info.extended_info.reset();
  EXPECT_FALSE(nlohmann::json::parse(AppJson(without_extended_info)).contains("app_extended_info"));
}

TEST(WriteAppTest, ListCarriesCountAndItemsInOrder) {
  domain::App second = SampleApp();
  second.id = "2";
  const std::string written = AppListJson(1000, {SampleApp(), second});
  const nlohmann::json parsed = nlohmann::json::parse(written);
  EXPECT_EQ(parsed.dump(), written);
  EXPECT_EQ(parsed["count"], 1000);
  ASSERT_EQ(parsed["items"].size(), 2u);
  EXPECT_EQ(parsed["items"][1]["id"], "2");
  EXPECT_EQ(AppListJson(0, {}), R"({"count":0,"items":[]})");
}

}  // namespace
}  // namespace wsapp::api
