// The six requests recorded from the official Python SDK (testdata/sdk-signed-requests.json),
// replayed byte for byte against a demo server whose clock reads each request's X-Sdk-Date: each
// must authenticate and get the answer the reference gives for its operation.
#include <gtest/gtest.h>
#include <time.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "support/status_matchers.h"
#include "support/test_server.h"
#include "support/wire_shapes.h"

namespace wsapp::testing {
namespace {

constexpr char kRecordingPath[] = WSAPP_SHARED_DIR "/testdata/sdk-signed-requests.json";
constexpr char kDemoProject[] = "a4da8115c9d8464ead3a38309130523f";
constexpr char kDemoGroup[] = "575772274859184144";
constexpr char kSevenZip[] = "570810904237572123";
constexpr char kExplorer[] = "570810904237572122";

std::string DecodeBase64(const std::string& text) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string decoded;
  uint32_t bits = 0;
  int bit_count = 0;
  for (char c : text) {
    size_t value = kAlphabet.find(c);
    if (value == std::string::npos) {
      continue;  // padding
    }
    bits = (bits << 6) | static_cast<uint32_t>(value);
    bit_count += 6;
    if (bit_count >= 8) {
      bit_count -= 8;
      decoded.push_back(static_cast<char>((bits >> bit_count) & 0xff));
    }
  }
  return decoded;
}

// `YYYYMMDDTHHMMSSZ` as a time point; the epoch when the text does not have that form.
Clock::TimePoint ParseSdkDate(const std::string& text) {
  tm utc{};
  if (text.size() != 16 || strptime(text.c_str(), "%Y%m%dT%H%M%SZ", &utc) == nullptr) {
    return Clock::TimePoint();
  }
  return std::chrono::system_clock::from_time_t(timegm(&utc));
}

class SdkReplayApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ifstream file(kRecordingPath);
    ASSERT_TRUE(file.good()) << "cannot read " << kRecordingPath;
    std::stringstream text;
    text << file.rdbuf();
    recording_ = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
    ASSERT_TRUE(recording_.is_object()) << kRecordingPath << " is not a JSON object";
    ASSERT_EQ(recording_.value("project_id", ""), kDemoProject);
  }

  // Starts a demo server with the recording's key, its clock at the labelled request's date, and
  // sends that request's bytes exactly as recorded.
  void Replay(const std::string& label, ClientResponse* response) {
    const nlohmann::json* recorded = nullptr;
    for (const nlohmann::json& request : recording_["requests"]) {
      if (request.value("label", "") == label) {
        recorded = &request;
      }
    }
    ASSERT_NE(recorded, nullptr) << "no recorded request labelled " << label;
    std::string wire = (*recorded)["method"].get<std::string>() + " " +
                       (*recorded)["target"].get<std::string>() + " HTTP/1.1\r\n";
    std::string sdk_date;
    for (const nlohmann::json& header : (*recorded)["headers"]) {
      wire += header[0].get<std::string>() + ": " + header[1].get<std::string>() + "\r\n";
      if (header[0] == "X-Sdk-Date") {
        sdk_date = header[1].get<std::string>();
      }
    }
    wire += "\r\n" + DecodeBase64((*recorded)["body_base64"].get<std::string>());
    TestServerOptions options;
    options.load_demo = true;
    options.access_key = recording_["access_key"].get<std::string>();
    options.secret_key = recording_["secret_key"].get<std::string>();
    options.start_time = ParseSdkDate(sdk_date);
    ASSERT_NE(options.start_time, Clock::TimePoint()) << "bad X-Sdk-Date " << sdk_date;
    auto started = TestServer::Start(options);
    ASSERT_OK(started);
    server_ = std::move(started).value();
    ASSERT_EQ(server_->default_project_id(), kDemoProject);
    HttpClient client(server_->port());

    ASSERT_TRUE(client.SendRaw(wire));
    *response = client.ReadResponse((*recorded)["method"] == "HEAD");

    ASSERT_NE(response->status, 0) << label << ": no response";
    ASSERT_NE(response->status, 401) << label << " did not authenticate: " << response->body;
  }

  // A GET under the demo project, signed afresh with the same key.
  ClientResponse SignedGet(const std::string& path) {
    api::HttpRequest request = MakeRequest("GET", std::string("/v1/") + kDemoProject + path);
    EXPECT_OK(server_->Sign(request));
    HttpClient client(server_->port());
    return client.Send(request);
  }

  nlohmann::json recording_;
  std::unique_ptr<TestServer> server_;
};

TEST_F(SdkReplayApiTest, BatchUnpublishUnpublishesBothDemoApps) {
  ClientResponse response;
  ASSERT_NO_FATAL_FAILURE(Replay("batch unpublish", &response));

  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Json(), nlohmann::json::object());
  ClientResponse listed = SignedGet(std::string("/app-groups/") + kDemoGroup + "/apps");
  EXPECT_EQ(listed.Json(), nlohmann::json::parse(R"({"count":0,"items":[]})")) << listed.body;
}

TEST_F(SdkReplayApiTest, ListPublishedAppsWithOddQueryMatchesNothing) {
  ClientResponse response;
  ASSERT_NO_FATAL_FAILURE(Replay("list published apps with odd query", &response));

  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Json(), nlohmann::json::parse(R"({"count":0,"items":[]})"));
}

TEST_F(SdkReplayApiTest, ListAppGroupsPastTheEndCountsTheDemoGroup) {
  ClientResponse response;
  ASSERT_NO_FATAL_FAILURE(Replay("list app groups", &response));

  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Json(), nlohmann::json::parse(R"({"count":1,"items":[]})"));
}

TEST_F(SdkReplayApiTest, ShowAppGroupReturnsTheDemoGroup) {
  ClientResponse response;
  ASSERT_NO_FATAL_FAILURE(Replay("show app group", &response));

  ASSERT_EQ(response.status, 200) << response.body;
  nlohmann::json group = response.Json();
  EXPECT_TRUE(HasShape(group, AppGroupDetailShape()));
  EXPECT_EQ(group["id"], kDemoGroup);
  EXPECT_EQ(group["name"], "api_test_group");
  EXPECT_EQ(group["description"], "open API test");
  EXPECT_EQ(group["tenant_id"], kDemoProject);
  EXPECT_EQ(group["app_count"], 2);
}

// DeleteAppGroup: 200 with {} (D1), repeatable (D2); afterwards the group is gone.
TEST_F(SdkReplayApiTest, DeleteAppGroupDeletesTheDemoGroup) {
  ClientResponse response;
  ASSERT_NO_FATAL_FAILURE(Replay("delete app group (no body)", &response));

  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Json(), nlohmann::json::object());
  ClientResponse shown = SignedGet(std::string("/app-groups/") + kDemoGroup);
  EXPECT_TRUE(IsWorkspaceError(shown, 404, "WSAPP.00010404"));
}

// UpdateApp: 200 with the updated App (section 1.3, operation 12).
TEST_F(SdkReplayApiTest, UpdateAppRenamesTheDemoApp) {
  ClientResponse response;
  ASSERT_NO_FATAL_FAILURE(Replay("update app (PATCH)", &response));

  ASSERT_EQ(response.status, 200) << response.body;
  nlohmann::json app = response.Json();
  EXPECT_TRUE(HasShape(app, AppShape()));
  EXPECT_EQ(app["id"], kSevenZip);
  EXPECT_EQ(app["name"], "Notepad");
  EXPECT_EQ(app["description"], "\xc3\xa9""dition");
  ClientResponse other = SignedGet(std::string("/app-groups/") + kDemoGroup + "/apps/" + kExplorer);
  EXPECT_EQ(other.Json().value("name", ""), "Internet Explorer (x86)") << other.body;
}

}  // namespace
}  // namespace wsapp::testing
