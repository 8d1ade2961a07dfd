// PublishApp, ListPublishedApp and ShowAppDetail over HTTP.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "support/api_server_test.h"
#include "support/status_matchers.h"
#include "support/wire_shapes.h"

namespace wsapp::testing {
namespace {

using std::chrono::milliseconds;

// The vendor's PublishApp example item (section 1.3), with an extended-info member added.
nlohmann::json SevenZipItem() {
  return {{"name", "7-Zip File Manager"},
          {"execute_path", "C:\\Program Files\\7-Zip\\7zFM.exe"},
          {"source_type", 2},
          {"version", "19.0.0.0"},
          {"command_param", "-x"},
          {"work_path", "C:\\Work"},
          {"icon_path", "C:\\Program Files\\7-Zip\\7zFM.exe"},
          {"icon_index", 1},
          {"description", "archiver"},
          {"publisher", "Igor Pavlov"},
          {"source_image_ids", {"5d411710-98ac-47b5-af7c-3ecf6a0514b5"}},
          {"sandbox_enable", true},
          {"app_extended_info", {{"extended_info", {{"vendor", "igor"}}}}}};
}

nlohmann::json CustomItem(const std::string& name) {
  return {{"name", name}, {"execute_path", "C:\\Tools\\tool.exe"}, {"source_type", 3}};
}

std::string ItemsBody(const std::vector<nlohmann::json>& items) {
  return nlohmann::json({{"items", items}}).dump();
}

class AppsApiTest : public ApiServerTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(ApiServerTest::SetUp());
    auto group = api().CreateAppGroup(UniqueName("apps"));
    ASSERT_OK(group);
    group_ = *group;
  }

  std::string AppsPath() const { return "/v1/" + project_id() + "/app-groups/" + group_ + "/apps"; }

  std::string group_;
};

TEST_F(AppsApiTest, PublishReturnsTheAppModels) {
  std::vector<nlohmann::json> items = {SevenZipItem(), CustomItem("Notepad")};

  ClientResponse response = api().PostJson(AppsPath(), ItemsBody(items));

  ASSERT_EQ(response.status, 200) << response.body;
  nlohmann::json reply = response.Json();
  EXPECT_EQ(reply["count"], 2);
  ASSERT_EQ(reply["items"].size(), 2u);
  for (const nlohmann::json& app : reply["items"]) {
    EXPECT_TRUE(HasShape(app, AppShape()));
    EXPECT_TRUE(IsDecimalId(app.value("id", ""))) << app.dump();
    EXPECT_EQ(app["app_group_id"], group_);
    EXPECT_EQ(app["tenant_id"], project_id());
    EXPECT_EQ(app["state"], "NORMAL");
    EXPECT_EQ(app["publish_at"], MillisTimestamp(server().clock().Now()));
    EXPECT_EQ(app["icon_url"], "");
    EXPECT_EQ(app["is_pre_boot"], false);
  }
  const nlohmann::json& seven_zip = reply["items"][0];
  for (const char* key : {"name", "execute_path", "source_type", "version", "command_param",
                          "work_path", "icon_path", "icon_index", "description", "publisher",
                          "sandbox_enable", "app_extended_info"}) {
    EXPECT_EQ(seven_zip[key], SevenZipItem()[key]) << key;
  }
  const nlohmann::json& notepad = reply["items"][1];
  EXPECT_EQ(notepad["name"], "Notepad");
  EXPECT_EQ(notepad["source_type"], 3);
  EXPECT_EQ(notepad["version"], "");
  EXPECT_EQ(notepad["icon_index"], 0);
  EXPECT_EQ(notepad["sandbox_enable"], false);
}

TEST_F(AppsApiTest, PublishAcceptsValuesAtTheLimits) {
  std::vector<nlohmann::json> items;
  items.push_back(CustomItem(std::string(64, 'n')));
  items.push_back(CustomItem("  spaced  name "));
  items.push_back(CustomItem("记事本"));
  items.push_back(CustomItem("colon: and (parens) & 'quotes'"));
  for (int i = static_cast<int>(items.size()); i < 20; ++i) {
    items.push_back(CustomItem("filler " + std::to_string(i)));
  }

  ClientResponse response = api().PostJson(AppsPath(), ItemsBody(items));

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Json()["count"], 20);
}

TEST_F(AppsApiTest, PublishRejectsInvalidItems) {
  auto with = [](const char* key, nlohmann::json value) {
    nlohmann::json item = CustomItem("valid");
    item[key] = std::move(value);
    return ItemsBody({item});
  };
  auto without = [](const char* key) {
    nlohmann::json item = CustomItem("valid");
    item.erase(key);
    return ItemsBody({item});
  };
  std::vector<nlohmann::json> too_many;
  for (int i = 0; i < 21; ++i) {
    too_many.push_back(CustomItem("app " + std::to_string(i)));
  }
  struct Case {
    std::string label;
    std::string body;
    std::string error_code;
  };
  const std::vector<Case> cases = {
      {"items missing", "{}", "WKS.00211102"},
      {"items empty", R"({"items":[]})", "WKS.00211102"},
      {"21 items", ItemsBody(too_many), "WKS.00211102"},
      {"items not an array", R"({"items":{"name":"x"}})", "WKS.00211102"},
      {"item not an object", R"({"items":["x"]})", "WKS.00211102"},
      {"name missing", without("name"), "WKS.00211102"},
      {"name empty", with("name", ""), "WKS.00211102"},
      {"name of 65 characters", with("name", std::string(65, 'n')), "WKS.00211102"},
      {"name of spaces only", with("name", "   "), "WKS.00211102"},
      {"name with a tab", with("name", "a\tb"), "WKS.00211102"},
      {"name with a caret", with("name", "a^b"), "WKS.00211102"},
      {"name with angle brackets", with("name", "<app>"), "WKS.00211102"},
      {"name with a semicolon", with("name", "a;b"), "WKS.00211102"},
      {"execute_path missing", without("execute_path"), "WKS.00211102"},
      {"execute_path empty", with("execute_path", ""), "WKS.00211102"},
      {"execute_path of 256 characters", with("execute_path", std::string(256, 'p')),
       "WKS.00211102"},
      {"source_type missing", without("source_type"), "WKS.00211102"},
      {"source_type 0", with("source_type", 0), "WKS.00211102"},
      {"source_type 1 (system built-in)", with("source_type", 1), "WKS.00211102"},
      {"source_type 4", with("source_type", 4), "WKS.00211102"},
      {"source_type as a string", with("source_type", "3"), "WKS.00211102"},
      {"version of 256 characters", with("version", std::string(256, 'v')), "WKS.00211102"},
      {"command_param of 2049 characters", with("command_param", std::string(2049, 'c')),
       "WKS.00211102"},
      {"icon_index negative", with("icon_index", -1), "WKS.00211102"},
      {"description of 256 characters", with("description", std::string(256, 'd')),
       "WKS.00211102"},
      {"sandbox_enable as a string", with("sandbox_enable", "yes"), "WKS.00211102"},
      {"21 source_image_ids", with("source_image_ids", std::vector<std::string>(21, "img")),
       "WKS.00211102"},
      {"not JSON", "items", "WKS.00149901"},
      {"array body", "[]", "WKS.00149901"},
  };
  for (const Case& row : cases) {
    ClientResponse response = api().PostJson(AppsPath(), row.body);

    EXPECT_TRUE(IsWorkspaceError(response, 400, row.error_code)) << row.label;
  }
  auto published = api().ListAppIds(group_);
  ASSERT_OK(published);
  EXPECT_TRUE(published->empty());
}

// D15: app names are unique within a group, including within one request.
// Found on PostgreSQL, whose text cannot hold U+0000: a published name was stored cut short
// while the reply echoed it whole, and %00 in a filter matched every app. Both backends refuse
// it now, before anything is stored.
TEST_F(AppsApiTest, UPlus0000IsRefusedInBodiesAndFilters) {
  const std::vector<std::string> bodies = {
      R"({"items":[{"name":"n\u0000x","execute_path":"C:\\a.exe","source_type":3}]})",
      R"({"items":[{"name":"nul-path","execute_path":"a\u0000b","source_type":3}]})",
  };
  for (const std::string& body : bodies) {
    ClientResponse response = api().PostJson(AppsPath(), body);

    EXPECT_TRUE(IsWorkspaceError(response, 400, "WKS.00149901")) << body << ": " << response.body;
  }
  for (const std::string query : {"?name=%00", "?app_id=%00", "?name=a%00b"}) {
    ClientResponse response = api().Get(AppsPath() + query);

    EXPECT_EQ(response.status, 400) << query << ": " << response.body;
  }
  ClientResponse group = api().PostJson(
      api().Path("/app-groups"),
      R"({"name":"nul-description","app_server_group_id":"x","description":"a\u0000b"})");
  EXPECT_EQ(group.status, 400) << group.body;
  auto listed = api().ListAppIds(group_);
  ASSERT_OK(listed);
  EXPECT_TRUE(listed->empty());
}

TEST_F(AppsApiTest, PublishRejectsDuplicateNamesInOneRequest) {
  ClientResponse response =
      api().PostJson(AppsPath(), ItemsBody({CustomItem("Paint"), CustomItem("Paint")}));

  EXPECT_TRUE(IsWorkspaceError(response, 409, "WKS.00211103"));
  auto published = api().ListAppIds(group_);
  ASSERT_OK(published);
  EXPECT_TRUE(published->empty());
}

TEST_F(AppsApiTest, PublishRejectsNameAlreadyPublished) {
  auto first = api().PublishApps(group_, {"Paint"});
  ASSERT_OK(first);

  ClientResponse response =
      api().PostJson(AppsPath(), ItemsBody({CustomItem("Brush"), CustomItem("Paint")}));

  EXPECT_TRUE(IsWorkspaceError(response, 409, "WKS.00211103"));
  auto published = api().ListAppIds(group_);
  ASSERT_OK(published);
  EXPECT_EQ(*published, *first);
}

TEST_F(AppsApiTest, PublishAllowsTheSameNameInAnotherGroup) {
  auto other = api().CreateAppGroup(UniqueName("other"));
  ASSERT_OK(other);
  ASSERT_OK(api().PublishApps(*other, {"Paint"}));

  ClientResponse response = api().PostJson(AppsPath(), ItemsBody({CustomItem("Paint")}));

  EXPECT_EQ(response.status, 200) << response.body;
}

TEST_F(AppsApiTest, PublishToUnknownGroupIsNotFound) {
  ClientResponse response = api().PostJson(api().Path("/app-groups/570810904237572999/apps"),
                                           ItemsBody({CustomItem("Paint")}));

  EXPECT_TRUE(IsWorkspaceError(response, 404, "WSAPP.00010404"));
}

// D11: newest first (publish_at, then id, descending); the walk ends at `count`.
TEST_F(AppsApiTest, ListWalksEveryPageNewestFirst) {
  std::vector<std::string> published;
  for (int batch = 0; batch < 3; ++batch) {
    std::vector<std::string> names;
    for (int i = 0; i < (batch < 2 ? 10 : 5); ++i) {
      names.push_back("app " + std::to_string(batch) + "." + std::to_string(i));
    }
    auto ids = api().PublishApps(group_, names);
    ASSERT_OK(ids);
    published.insert(published.end(), ids->begin(), ids->end());
    server().clock().Advance(milliseconds(1));
  }

  auto pages = api().ListPages(AppsPath(), "items", 10);

  ASSERT_OK(pages);
  ASSERT_EQ(pages->size(), 3u);
  std::vector<std::string> listed;
  for (const nlohmann::json& page : *pages) {
    EXPECT_EQ(page["count"], 25);
    for (const nlohmann::json& app : page["items"]) {
      EXPECT_TRUE(HasShape(app, AppShape()));
      listed.push_back(app.value("id", ""));
    }
  }
  EXPECT_EQ((*pages)[2]["items"].size(), 5u);
  EXPECT_EQ(listed, std::vector<std::string>(published.rbegin(), published.rend()));
  EXPECT_EQ(std::set<std::string>(listed.begin(), listed.end()).size(), 25u);
}

// D19: `name` matches as a case-sensitive substring.
TEST_F(AppsApiTest, ListFiltersNamesByCaseSensitiveSubstring) {
  ASSERT_OK(api().PublishApps(group_, {"Note Pad", "notepad++", "Paint"}));
  struct Case {
    std::string query;
    int count;
  };
  const std::vector<Case> cases = {
      {"name=Note", 1}, {"name=note", 1},      {"name=e%20P", 1}, {"name=e+P", 1},
      {"name=pad", 1},  {"name=%2B%2B", 1},    {"name=NOTE", 0},  {"name=ad", 2},
      {"name=", 3},     {"name=Paintbrush", 0}};

  for (const Case& row : cases) {
    ClientResponse response = api().Get(AppsPath() + "?" + row.query);

    ASSERT_EQ(response.status, 200) << row.query << ": " << response.body;
    EXPECT_EQ(response.Json()["count"], row.count) << row.query;
    EXPECT_EQ(response.Json()["items"].size(), static_cast<size_t>(row.count)) << row.query;
  }
}

TEST_F(AppsApiTest, ListFiltersByStateAndAppIdExactly) {
  auto ids = api().PublishApps(group_, {"Word", "Excel"});
  ASSERT_OK(ids);
  struct Case {
    std::string query;
    int count;
  };
  const std::vector<Case> cases = {{"state=NORMAL", 2},
                                   {"state=FORBIDDEN", 0},
                                   {"state=", 2},
                                   {"app_id=" + (*ids)[1], 1},
                                   {"app_id=" + (*ids)[1].substr(1), 0}};

  for (const Case& row : cases) {
    ClientResponse response = api().Get(AppsPath() + "?" + row.query);

    ASSERT_EQ(response.status, 200) << row.query << ": " << response.body;
    EXPECT_EQ(response.Json()["count"], row.count) << row.query;
  }
}

// D2: clients rely on an empty list for a group that does not exist.
TEST_F(AppsApiTest, ListOfUnknownGroupIsEmpty) {
  ClientResponse response = api().Get(api().Path("/app-groups/570810904237572999/apps"));

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Json(), nlohmann::json::parse(R"({"count":0,"items":[]})"));
}

TEST_F(AppsApiTest, ListRejectsInvalidQueries) {
  const std::vector<std::string> queries = {"limit=0",     "limit=101",       "offset=-1",
                                            "limit=1e1",   "state=DISABLED",  "state=normal",
                                            "app_id=" + std::string(129, '1'),
                                            "name=" + std::string(1025, 'n')};
  for (const std::string& query : queries) {
    ClientResponse response = api().Get(AppsPath() + "?" + query);

    EXPECT_TRUE(IsWorkspaceError(response, 400, "WKS.00211102")) << query.substr(0, 40);
  }
}

TEST_F(AppsApiTest, ShowReturnsTheAppModel) {
  ClientResponse published = api().PostJson(AppsPath(), ItemsBody({SevenZipItem()}));
  ASSERT_EQ(published.status, 200) << published.body;
  nlohmann::json expected = published.Json()["items"][0];

  ClientResponse response = api().Get(AppsPath() + "/" + expected.value("id", ""));

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_TRUE(HasShape(response.Json(), AppShape()));
  EXPECT_EQ(response.Json(), expected);
}

TEST_F(AppsApiTest, ShowUnknownAppIsNotFound) {
  ClientResponse response = api().Get(AppsPath() + "/570810904237572999");

  EXPECT_TRUE(IsWorkspaceError(response, 404, "WKS.00211902"));
}

TEST_F(AppsApiTest, ShowAppOfAnotherGroupIsNotFound) {
  auto other = api().CreateAppGroup(UniqueName("elsewhere"));
  ASSERT_OK(other);
  auto ids = api().PublishApps(*other, {"Calc"});
  ASSERT_OK(ids);

  ClientResponse response = api().Get(AppsPath() + "/" + (*ids)[0]);

  EXPECT_TRUE(IsWorkspaceError(response, 404, "WKS.00211902"));
}

TEST_F(AppsApiTest, ShowInUnknownGroupIsNotFound) {
  ClientResponse response =
      api().Get(api().Path("/app-groups/570810904237572999/apps/570810904237572123"));

  EXPECT_TRUE(IsWorkspaceError(response, 404, "WSAPP.00010404"));
}

}  // namespace
}  // namespace wsapp::testing
