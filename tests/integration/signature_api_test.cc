// AK/SK (SDK-HMAC-SHA256) requests over HTTP: fault cases C05 to C07, C08 step 4 and C09 step 2,
// with live signatures over the FakeClock and the fixed vectors of fault-cases.md, Appendix A.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/api_server_test.h"
#include "support/status_matchers.h"
#include "support/wire_shapes.h"

namespace wsapp::testing {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

constexpr char kNeverPublished[] = "570810904237579999";

class SignatureApiTest : public ApiServerTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(ApiServerTest::SetUp());
    auto group = api().CreateAppGroup(UniqueName("signed"));
    ASSERT_OK(group);
    group_ = *group;
  }

  // An unsigned UnpublishApp request as the Python SDK shapes it (Host and Content-Type present).
  api::HttpRequest Unpublish(const std::vector<std::string>& ids,
                             const std::string& content_type = "application/json") {
    return MakeRequest(
        "POST", api().Path("/app-groups/" + group_ + "/apps/batch-unpublish"),
        {{"Content-Type", content_type}, {"Host", "127.0.0.1:" + std::to_string(server().port())}},
        IdsBody(ids));
  }

  ClientResponse Send(const api::HttpRequest& request) { return api().http().Send(request); }

  std::vector<std::string> Published() {
    auto ids = api().ListAppIds(group_);
    EXPECT_OK(ids);
    return ids.ok() ? *ids : std::vector<std::string>{"<list failed>"};
  }

  std::string group_;
};

// Fault case C05 (fault-cases.md): X-Sdk-Date must be well-formed, signed, and within 15 minutes
// either side of the server clock (D17). Header names are case-insensitive.
TEST_F(SignatureApiTest, SdkDateWindowAndFormatAreEnforced) {
  struct Case {
    std::string label;
    std::string date_header;   // "" lets the signer add X-Sdk-Date itself
    std::string date_value;    // used with date_header
    std::chrono::seconds skew;
    std::vector<std::string> signed_headers;
    int status;
  };
  const std::vector<std::string> kAll = {"content-type", "host", "x-sdk-date"};
  const std::string now = SdkDate(server().clock().Now());
  const std::vector<Case> cases = {
      {"14 minutes old", "", "", -minutes(14), kAll, 200},
      {"14 minutes ahead", "", "", minutes(14), kAll, 200},
      {"16 minutes old", "", "", -minutes(16), kAll, 401},
      {"16 minutes ahead", "", "", minutes(16), kAll, 401},
      {"date not signed", "", "", seconds(0), {"content-type", "host"}, 401},
      {"extended ISO date", "X-Sdk-Date", MillisTimestamp(server().clock().Now()), seconds(0),
       kAll, 401},
      {"date without Z", "X-Sdk-Date", now.substr(0, now.size() - 1), seconds(0), kAll, 401},
      {"lower-case header name", "x-sdk-date", now, seconds(0), kAll, 200},
  };

  for (const Case& row : cases) {
    api::HttpRequest request = Unpublish({kNeverPublished});
    if (!row.date_header.empty()) {
      request.headers.push_back({row.date_header, row.date_value});
    }
    ASSERT_OK(server().Sign(request, row.signed_headers, row.skew));

    ClientResponse response = Send(request);

    if (row.status == 200) {
      EXPECT_EQ(response.status, 200) << row.label << ": " << response.body;
    } else {
      EXPECT_TRUE(IsWorkspaceError(response, 401, "APIG.0301")) << row.label;
    }
  }
}

// Fault case C05, step 2: the message says why (expiry), after the APIG prefix (D12).
TEST_F(SignatureApiTest, ExpiredSignatureSaysSo) {
  api::HttpRequest request = Unpublish({kNeverPublished});
  ASSERT_OK(server().Sign(request, {}, -minutes(16)));

  ClientResponse response = Send(request);

  ASSERT_TRUE(IsWorkspaceError(response, 401, "APIG.0301"));
  std::string message = response.Json().value("error_msg", "");
  EXPECT_EQ(message.rfind("Incorrect IAM authentication information: ", 0), 0u) << message;
  EXPECT_NE(message.find("expire"), std::string::npos) << message;
}

// Fault case C06 (fault-cases.md), step 1: the signer's canonical URI ends in '/'.
TEST_F(SignatureApiTest, SignedUnpublishVerifies) {
  auto apps = api().PublishApps(group_, {"app-0001", "app-0002"});
  ASSERT_OK(apps);
  api::HttpRequest request = Unpublish({(*apps)[0]});
  ASSERT_OK(server().Sign(request));

  ClientResponse response = Send(request);

  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(Published(), std::vector<std::string>{(*apps)[1]});
}

// D7 with C06: a trailing '/' on the request line has the same canonical URI.
TEST_F(SignatureApiTest, TrailingSlashOnTheRequestLineVerifies) {
  api::HttpRequest request = Unpublish({kNeverPublished});
  request.target += "/";
  ASSERT_OK(server().Sign(request));

  ClientResponse response = Send(request);

  EXPECT_EQ(response.status, 200) << response.body;
}

// Fault case C06, step 3: a signed GET hashes the empty body.
TEST_F(SignatureApiTest, SignedGetVerifies) {
  ASSERT_OK(api().PublishApps(group_, {"app-0001"}));
  api::HttpRequest request = MakeRequest(
      "GET", api().Path("/app-groups/" + group_ + "/apps?limit=10"),
      {{"Content-Type", "application/json"}, {"User-Agent", "huaweicloud-usdk-go/3.0"}});
  ASSERT_OK(server().Sign(request, {"user-agent", "x-sdk-date"}));

  ClientResponse response = Send(request);

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Json()["count"], 1);
}

TEST_F(SignatureApiTest, TamperedBodyIsRejected) {
  auto apps = api().PublishApps(group_, {"app-0001", "app-0002"});
  ASSERT_OK(apps);
  api::HttpRequest request = Unpublish({(*apps)[0]});
  ASSERT_OK(server().Sign(request));
  request.body = IdsBody({(*apps)[1]});

  ClientResponse response = Send(request);

  EXPECT_TRUE(IsWorkspaceError(response, 401, "APIG.0301"));
  EXPECT_EQ(Published().size(), 2u);
}

// Fault case C08 (fault-cases.md), step 4: the signed Content-Type is hashed as sent.
TEST_F(SignatureApiTest, SignedContentTypeWithCharsetVerifies) {
  auto apps = api().PublishApps(group_, {"app-0004"});
  ASSERT_OK(apps);
  api::HttpRequest request = Unpublish(*apps, "application/json;charset=UTF-8");
  ASSERT_OK(server().Sign(request, {"content-type", "host", "x-sdk-date"}));

  ClientResponse response = Send(request);

  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_TRUE(Published().empty());
}

// Fault case C09 (fault-cases.md), step 2: the payload hash covers the de-chunked body.
TEST_F(SignatureApiTest, SignedChunkedBodyVerifies) {
  auto apps = api().PublishApps(group_, {"app-0002"});
  ASSERT_OK(apps);
  api::HttpRequest request = Unpublish(*apps);
  ASSERT_OK(server().Sign(request));
  size_t half = request.body.size() / 2;
  request.headers.push_back({"Transfer-Encoding", "chunked"});
  request.body = ChunkedBody({request.body.substr(0, half), request.body.substr(half)});

  ClientResponse response = Send(request);

  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_TRUE(Published().empty());
}

// The fixed vectors of fault-cases.md, Appendix A: computed by an independent implementation,
// so they check the verifier against something other than our own signer. The server's clock
// reads 2026-12-03T10:15:00Z and its default project is P1; G1 does not exist in it.
class SignatureVectorsApiTest : public ::testing::Test {
 protected:
  static constexpr char kP1[] = "0123456789abcdef0123456789abcdef";
  static constexpr char kG1[] = "570810904237572123";
  static constexpr char kVectorDate[] = "20261203T101500Z";

  static void SetUpTestSuite() {
    TestServerOptions options;
    options.project_id = kP1;
    options.start_time = Clock::TimePoint(std::chrono::seconds(1796292900));
    auto started = TestServer::Start(options);
    server_ = started.ok() ? std::move(started).value().release() : nullptr;
  }

  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  void SetUp() override { ASSERT_NE(server_, nullptr) << "the vector server did not start"; }

  static std::string Authorization(const std::string& signed_headers,
                                   const std::string& signature) {
    return std::string("SDK-HMAC-SHA256 Access=") + kTestAccessKey +
           ", SignedHeaders=" + signed_headers + ", Signature=" + signature;
  }

  // C06's POST with body {"ids":["app-0001"]} + LF.
  ClientResponse PostVector(const std::string& signature, const std::string& suffix = "") {
    HttpClient client(server_->port());
    return client.Send(MakeRequest(
        "POST",
        std::string("/v1/") + kP1 + "/app-groups/" + kG1 + "/apps/batch-unpublish" + suffix,
        {{"Content-Type", "application/json;charset=UTF-8"},
         {"Host", "appstream.example.test"},
         {"X-Sdk-Date", kVectorDate},
         {"Authorization", Authorization("content-type;host;x-sdk-date", signature)}},
        "{\"ids\":[\"app-0001\"]}\n"));
  }

  // C07's GET with the query as it goes on the wire.
  ClientResponse GetVector(const std::string& query, const std::string& signature) {
    HttpClient client(server_->port());
    return client.Send(MakeRequest(
        "GET", std::string("/v1/") + kP1 + "/app-groups/" + kG1 + "/apps?" + query,
        {{"Host", "appstream.example.test"},
         {"X-Sdk-Date", kVectorDate},
         {"Authorization", Authorization("host;x-sdk-date", signature)}}));
  }

  static TestServer* server_;
};

TestServer* SignatureVectorsApiTest::server_ = nullptr;

constexpr char kPostWithSlash[] =
    "5a319ef50bb9f9f18577db82b8d7708b6bc0e3146ccb1c781e48e2b7acb721bb";
constexpr char kPostWithoutLf[] =
    "9fed99e0db97843cd02cc3c7e87409bf0834fa897d66bb90ef5793bc4c17f2f8";
constexpr char kPostWithoutSlash[] =
    "c15b24fce331a7f8f31fbffbbb83236b034d40a7cf836876a7283e47e12a52f2";
constexpr char kGetCorrect[] = "af7fc4747dfc586431e00a3d9fbded9633a1c13ba48945138f28dd0b5d2774c3";
constexpr char kGetJsStyle[] = "c1bc335d6a0e46f4c372f79f38ef9f765714bb45b5257e2937fe2cca91b071d4";

// Fault case C06, step 1: the vector verifies; G1 is unknown in P1, so the answer is the 404
// that comes after authentication (D3).
TEST_F(SignatureVectorsApiTest, CanonicalUriWithTrailingSlashVerifies) {
  ClientResponse response = PostVector(kPostWithSlash);

  EXPECT_TRUE(IsWorkspaceError(response, 404, "WSAPP.00010404"));
}

// Fault case C06, step 2: a signature over the URI without its '/' is rejected.
TEST_F(SignatureVectorsApiTest, CanonicalUriWithoutTrailingSlashIsRejected) {
  ClientResponse response = PostVector(kPostWithoutSlash);

  EXPECT_TRUE(IsWorkspaceError(response, 401, "APIG.0301"));
}

// The signature covers the raw body bytes, trailing LF included (Appendix A).
TEST_F(SignatureVectorsApiTest, SignatureOverReserializedBodyIsRejected) {
  ClientResponse response = PostVector(kPostWithoutLf);

  EXPECT_TRUE(IsWorkspaceError(response, 401, "APIG.0301"));
}

// Fault case C07 (fault-cases.md), steps 1 and 2, and D6: the server decodes the wire query and
// re-encodes it, so order, raw sub-delimiters and '+' for a space all verify.
TEST_F(SignatureVectorsApiTest, CanonicalQueryIsRebuiltFromTheDecodedQuery) {
  const std::vector<std::string> queries = {
      "limit=10&name=a%2A%28b%29%20c%21&offset=0",
      "offset=0&name=a*(b)%20c!&limit=10",
      "limit=10&name=a*(b)+c!&offset=0",
  };
  for (const std::string& query : queries) {
    ClientResponse response = GetVector(query, kGetCorrect);

    ASSERT_EQ(response.status, 200) << query << ": " << response.body;
    EXPECT_EQ(response.Json(), nlohmann::json::parse(R"({"count":0,"items":[]})")) << query;
  }
}

// Fault case C07, step 3: a query signed in encodeURIComponent style is rejected.
TEST_F(SignatureVectorsApiTest, JavaScriptStyleQuerySignatureIsRejected) {
  ClientResponse response = GetVector("limit=10&name=a%2A%28b%29%20c%21&offset=0", kGetJsStyle);

  EXPECT_TRUE(IsWorkspaceError(response, 401, "APIG.0301"));
}

}  // namespace
}  // namespace wsapp::testing
