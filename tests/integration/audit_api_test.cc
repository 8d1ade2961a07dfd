// The audit trail over HTTP (GET /wsapp/v1/audit-events, docs/api.md "Audit trail"): changes
// and refused attempts found by their request ids, filters, paging, parameter checks, and the
// rate limit on recording refusals.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "service/refusal_recorder.h"
#include "support/api_server_test.h"
#include "support/status_matchers.h"
#include "support/wire_shapes.h"

namespace wsapp::testing {
namespace {

using std::chrono::milliseconds;

constexpr char kAuditPath[] = "/wsapp/v1/audit-events";

// The reply's shapes as docs/api.md gives them.
const Shape& AuditListShape() {
  static const Shape shape = {{"count", JsonType::kInteger}, {"events", JsonType::kArray}};
  return shape;
}
const Shape& AuditEventShape() {
  static const Shape shape = {
      {"id", JsonType::kString},
      {"at", JsonType::kString},
      {"request_id", JsonType::kString},
      {"principal_id", JsonType::kString},
      {"principal_name", JsonType::kString},
      {"project_id", JsonType::kString},
      {"action", JsonType::kString},
      {"outcome", JsonType::kString},
      {"detail", JsonType::kObject},
  };
  return shape;
}

// The entry of `resources` with this type and id, or null.
nlohmann::json FindResource(const nlohmann::json& resources, const std::string& type,
                            const std::string& id) {
  for (const nlohmann::json& resource : resources) {
    if (resource.value("type", "") == type && resource.value("id", "") == id) {
      return resource;
    }
  }
  return nullptr;
}

class AuditApiTest : public ApiServerTest {
 protected:
  // GET /wsapp/v1/audit-events with `query` ("" or "?..."), after every refusal queued so far
  // is written.
  ClientResponse Query(const std::string& query) {
    server().refusals().Flush();
    return api().Get(kAuditPath + query);
  }

  // The events carrying `request_id`, or a failure recorded in the test.
  nlohmann::json EventsOf(const std::string& request_id) {
    ClientResponse response = Query("?request_id=" + request_id);
    EXPECT_EQ(response.status, 200) << response.body;
    nlohmann::json reply = response.Json();
    EXPECT_TRUE(HasShape(reply, AuditListShape())) << response.body;
    return reply.is_object() && reply.contains("events") ? reply["events"]
                                                         : nlohmann::json::array();
  }

  // The `count` of the trail for `query`, or -1 (with a failure) when it is not 200.
  int64_t CountOf(const std::string& query) {
    ClientResponse response = Query(query);
    EXPECT_EQ(response.status, 200) << query << ": " << response.body;
    nlohmann::json reply = response.Json();
    return reply.is_object() && reply["count"].is_number_integer() ? reply["count"].get<int64_t>()
                                                                   : -1;
  }

  ClientResponse Publish(const std::string& group, const std::string& name) {
    nlohmann::json items = {{{"name", name}, {"source_type", 3}, {"execute_path", "C:\\a.exe"}}};
    return api().PostJson(api().Path("/app-groups/" + group + "/apps"),
                          nlohmann::json({{"items", items}}).dump());
  }
};

TEST_F(AuditApiTest, PublishIsFoundByItsRequestId) {
  auto group = api().CreateAppGroup(UniqueName("audited"));
  ASSERT_OK(group);
  ClientResponse published = Publish(*group, "Notepad");
  ASSERT_EQ(published.status, 200) << published.body;
  const std::string app_id = published.Json()["items"][0].value("id", "");

  nlohmann::json events = EventsOf(published.Header("X-Request-Id"));

  ASSERT_EQ(events.size(), 1u) << events.dump();
  const nlohmann::json& event = events[0];
  EXPECT_TRUE(HasShape(event, AuditEventShape())) << event.dump();
  EXPECT_EQ(event["request_id"], published.Header("X-Request-Id"));
  EXPECT_EQ(event["at"], MillisTimestamp(server().clock().Now()));
  EXPECT_EQ(event["action"], "workspace:app:publish");
  EXPECT_EQ(event["outcome"], "success");
  EXPECT_EQ(event["project_id"], project_id());
  EXPECT_EQ(event["principal_name"], kTestAccountName);
  EXPECT_TRUE(IsHexId(event.value("principal_id", ""))) << event.dump();
  const nlohmann::json& resources = event["detail"]["resources"];
  EXPECT_EQ(FindResource(resources, "appGroup", *group).value("outcome", ""), "updated");
  EXPECT_EQ(FindResource(resources, "app", app_id).value("outcome", ""), "published");
}

TEST_F(AuditApiTest, UnpublishRecordsTheAuthorizationsItRemoved) {
  auto group = api().CreateAppGroup(UniqueName("perapp"), {{"authorization_type", "APP"}});
  ASSERT_OK(group);
  auto apps = api().PublishApps(*group, {"Word", "Excel"});
  ASSERT_OK(apps);
  const std::string alice = UniqueName("alice");
  auto alice_id = api().CreateDirectoryUser(alice);
  ASSERT_OK(alice_id);
  nlohmann::json grant = {{"app_group_ids", {*group}},
                          {"app_ids", *apps},
                          {"accounts", {{{"account", alice}, {"account_type", "USER"}}}}};
  ASSERT_EQ(api().PostJson(api().Path("/app-groups/authorizations"), grant.dump()).status, 200);

  ClientResponse unpublished = api().PostJson(
      api().Path("/app-groups/" + *group + "/apps/batch-unpublish"), IdsBody({(*apps)[0]}));

  ASSERT_EQ(unpublished.status, 200) << unpublished.body;
  nlohmann::json events = EventsOf(unpublished.Header("X-Request-Id"));
  ASSERT_EQ(events.size(), 1u) << events.dump();
  EXPECT_EQ(events[0]["action"], "workspace:app:unpublish");
  const nlohmann::json& detail = events[0]["detail"];
  EXPECT_EQ(FindResource(detail["resources"], "app", (*apps)[0]).value("outcome", ""),
            "unpublished");
  ASSERT_EQ(detail["removed_authorizations"].size(), 1u) << detail.dump();
  const nlohmann::json& removed = detail["removed_authorizations"][0];
  EXPECT_EQ(removed["app_group_id"], *group);
  EXPECT_EQ(removed["app_id"], (*apps)[0]);
  EXPECT_EQ(removed["account"], alice);
  EXPECT_EQ(removed["account_type"], "USER");
}

TEST_F(AuditApiTest, DeniedAttemptIsRecordedWithItsResources) {
  auto other_project = server().CreateProject(UniqueName("elsewhere"));
  ASSERT_OK(other_project);
  auto other_token = server().IssueProjectToken(*other_project);
  ASSERT_OK(other_token);
  WorkspaceClient elsewhere(server().port(), *other_project, *other_token);

  ClientResponse refused = elsewhere.Get(api().Path("/app-groups"));

  ASSERT_EQ(refused.status, 403) << refused.body;
  nlohmann::json events = EventsOf(refused.Header("X-Request-Id"));
  ASSERT_EQ(events.size(), 1u) << events.dump();
  const nlohmann::json& event = events[0];
  EXPECT_TRUE(HasShape(event, AuditEventShape())) << event.dump();
  EXPECT_EQ(event["outcome"], "denied");
  EXPECT_EQ(event["action"], "workspace:appGroup:list");
  EXPECT_EQ(event["project_id"], project_id());
  EXPECT_EQ(event["principal_name"], kTestAccountName);
  EXPECT_EQ(event["detail"]["route"], "ListAppGroup");
  EXPECT_FALSE(event["detail"].value("reason", "").empty()) << event.dump();
  EXPECT_EQ(event["detail"]["resources"],
            nlohmann::json::parse(R"([{"type": "appGroup", "id": "*"}])"));
  EXPECT_GE(CountOf("?outcome=denied&request_id=" + refused.Header("X-Request-Id")), 1);
}

TEST_F(AuditApiTest, FiltersSelectTheirEvents) {
  auto group = api().CreateAppGroup(UniqueName("filtered"));
  ASSERT_OK(group);
  ClientResponse published = Publish(*group, "Paint");
  ASSERT_EQ(published.status, 200) << published.body;
  nlohmann::json events = EventsOf(published.Header("X-Request-Id"));
  ASSERT_EQ(events.size(), 1u) << events.dump();
  const std::string root_id = events[0].value("principal_id", "");
  const std::string now = MillisTimestamp(server().clock().Now());
  const std::string a_moment_later = MillisTimestamp(server().clock().Now() + milliseconds(1));
  const std::string group_filter = "?resource=" + *group;
  struct Case {
    std::string label;
    std::string query;
    int64_t expected_count;
  };
  const std::vector<Case> cases = {
      {"resource alone", "", 2},
      {"action", "&action=workspace:app:publish", 1},
      {"action of the group's creation", "&action=workspace:appGroup:create", 1},
      {"outcome success", "&outcome=success", 2},
      {"outcome denied", "&outcome=denied", 0},
      {"own project", "&project_id=" + project_id(), 2},
      {"another project", "&project_id=00000000000000000000000000000000", 0},
      {"principal", "&principal_id=" + root_id, 2},
      {"another principal", "&principal_id=nobody", 0},
      {"since is inclusive", "&since=" + now, 2},
      {"since after the events", "&since=" + a_moment_later, 0},
      {"until is exclusive", "&until=" + now, 0},
      {"until after the events", "&until=" + a_moment_later, 2},
      {"request id with the resource", "&request_id=" + published.Header("X-Request-Id"), 1},
      {"an id that is no resource", "x", 0},
  };

  for (const Case& row : cases) {
    EXPECT_EQ(CountOf(group_filter + row.query), row.expected_count) << row.label;
  }
}

TEST_F(AuditApiTest, PagesNewestFirstWithTheCountOfAllMatches) {
  auto group = api().CreateAppGroup(UniqueName("paged"));
  ASSERT_OK(group);
  for (const std::string name : {"One", "Two", "Three"}) {
    ASSERT_EQ(Publish(*group, name).status, 200) << name;
  }
  const std::string query = "?resource=" + *group + "&limit=2";

  nlohmann::json first = Query(query).Json();
  nlohmann::json second = Query(query + "&offset=2").Json();
  nlohmann::json past_the_end = Query(query + "&offset=4").Json();

  EXPECT_EQ(first["count"], 4) << first.dump();
  EXPECT_EQ(second["count"], 4) << second.dump();
  EXPECT_EQ(past_the_end["count"], 4) << past_the_end.dump();
  ASSERT_EQ(first["events"].size(), 2u) << first.dump();
  ASSERT_EQ(second["events"].size(), 2u) << second.dump();
  EXPECT_TRUE(past_the_end["events"].empty()) << past_the_end.dump();
  std::vector<int64_t> ids;
  for (const nlohmann::json* page : {&first, &second}) {
    for (const nlohmann::json& event : (*page)["events"]) {
      ids.push_back(std::stoll(event.value("id", "0")));
    }
  }
  EXPECT_TRUE(std::is_sorted(ids.rbegin(), ids.rend())) << first.dump() << second.dump();
  EXPECT_EQ(second["events"][1]["action"], "workspace:appGroup:create");
}

TEST_F(AuditApiTest, BadParametersAreRejectedByName) {
  struct Case {
    std::string query;
    std::string parameter;
  };
  const std::vector<Case> cases = {
      {"limit=0", "limit"},
      {"limit=101", "limit"},
      {"offset=-1", "offset"},
      {"since=yesterday", "since"},
      {"since=2025-12-03T10:20:00Z", "since"},
      {"until=2025-13-01T00:00:00.000Z", "until"},
      {"since=2025-12-03T10:20:00.000Z&until=2025-12-03T10:20:00.000Z", "until"},
      {"outcome=failure", "outcome"},
      {"project_id=" + std::string(256, 'p'), "project_id"},
      {"resource=" + std::string(256, 'r'), "resource"},
  };

  for (const Case& row : cases) {
    ClientResponse response = Query("?" + row.query);

    EXPECT_TRUE(IsWorkspaceError(response, 400, "WKS.00211102")) << row.query;
    EXPECT_NE(response.Json().value("error_msg", "").find(row.parameter), std::string::npos)
        << row.query << ": " << response.body;
  }
}

TEST_F(AuditApiTest, QueryWithoutValidCredentialsIsUnauthenticated) {
  HttpClient client(server().port());

  ClientResponse anonymous = client.Send(MakeRequest("GET", kAuditPath));
  ClientResponse bad_token =
      client.Send(MakeRequest("GET", kAuditPath, {{"X-Auth-Token", "not-a-token"}}));

  EXPECT_TRUE(IsWorkspaceError(anonymous, 401, "APIG.0301"));
  EXPECT_TRUE(IsWorkspaceError(bad_token, 401, "APIG.0301"));
}

// A flood of bad tokens from one address: at most the burst (20) is written, and the next record
// admitted after a pause carries how many were suppressed. Its own server: the test counts every
// refusal, and moves the clock.
TEST(AuditFloodApiTest, RapidBadTokensAreRecordedUpToTheBurstPlusASuppressedCount) {
  auto started = TestServer::Start();
  ASSERT_OK(started);
  TestServer& server = **started;
  auto token = server.IssueProjectToken(server.default_project_id());
  ASSERT_OK(token);
  WorkspaceClient root(server.port(), server.default_project_id(), *token);
  const std::string target = root.Path("/app-groups");
  auto send_bad_token = [&root, &target] {
    return root.Send(MakeRequest("GET", target, {{"X-Auth-Token", "forged-token"}}));
  };

  for (int i = 0; i < 100; ++i) {
    ASSERT_EQ(send_bad_token().status, 401) << i;
  }
  server.clock().Advance(std::chrono::seconds(1));
  ClientResponse after_pause = send_bad_token();
  server.refusals().Flush();

  service::RefusalCounters counters = server.refusals().counters();
  EXPECT_EQ(counters.admitted, 21);
  EXPECT_EQ(counters.suppressed, 80);
  EXPECT_EQ(counters.written, 21);
  nlohmann::json flood = root.Get(std::string(kAuditPath) + "?outcome=unauthenticated&limit=100&" +
                                  "until=" + MillisTimestamp(server.clock().Now()))
                             .Json();
  EXPECT_EQ(flood["count"], 20) << flood.dump();
  nlohmann::json last =
      root.Get(std::string(kAuditPath) + "?request_id=" + after_pause.Header("X-Request-Id"))
          .Json();
  ASSERT_EQ(last["events"].size(), 1u) << last.dump();
  const nlohmann::json& event = last["events"][0];
  EXPECT_EQ(event["outcome"], "unauthenticated");
  EXPECT_EQ(event["action"], "workspace:appGroup:list");
  EXPECT_EQ(event["principal_id"], "");
  EXPECT_EQ(event["project_id"], server.default_project_id());
  EXPECT_EQ(event["detail"]["suppressed_before"], 80) << event.dump();
  EXPECT_EQ(event["detail"]["resources"], nlohmann::json::array());
}

}  // namespace
}  // namespace wsapp::testing
