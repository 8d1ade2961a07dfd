// HTTP/1.1 behaviour over the wire: fault cases C08 (steps 1-3), C09 (steps 1, 3-5) and C10,
// decisions D7, D18 and D26, X-Request-Id, keep-alive and framing.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/api_server_test.h"
#include "support/status_matchers.h"
#include "support/wire_shapes.h"

namespace wsapp::testing {
namespace {

// The comma-separated tokens of an Allow header, trimmed.
std::vector<std::string> AllowedMethods(const std::string& allow) {
  std::vector<std::string> methods;
  std::stringstream stream(allow);
  std::string method;
  while (std::getline(stream, method, ',')) {
    size_t first = method.find_first_not_of(' ');
    size_t last = method.find_last_not_of(' ');
    if (first != std::string::npos) {
      methods.push_back(method.substr(first, last - first + 1));
    }
  }
  return methods;
}

bool Contains(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

class HttpProtocolApiTest : public ApiServerTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(ApiServerTest::SetUp());
    auto group = api().CreateAppGroup(UniqueName("wire"));
    ASSERT_OK(group);
    group_ = *group;
  }

  std::string UnpublishPath() const {
    return "/v1/" + project_id() + "/app-groups/" + group_ + "/apps/batch-unpublish";
  }

  // The request head of an UnpublishApp call with the suite token, without its body.
  std::string UnpublishHead(const std::string& framing_headers) const {
    return "POST " + UnpublishPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
           "Content-Type: application/json\r\nX-Auth-Token: " + token() + "\r\n" + framing_headers +
           "\r\n";
  }

  std::vector<std::string> Published() {
    auto ids = api().ListAppIds(group_);
    EXPECT_OK(ids);
    return ids.ok() ? *ids : std::vector<std::string>{"<list failed>"};
  }

  std::string group_;
};

// Fault case C08 (fault-cases.md), steps 1-3: media-type parameters and case are accepted (D26).
TEST_F(HttpProtocolApiTest, JsonMediaTypeWithParametersOrCaseIsAccepted) {
  const std::vector<std::string> content_types = {
      "application/json;charset=UTF-8", "application/json; charset=utf-8", "Application/JSON"};
  auto apps = api().PublishApps(group_, {"app-0001", "app-0002", "app-0003"});
  ASSERT_OK(apps);

  for (size_t i = 0; i < content_types.size(); ++i) {
    ClientResponse response = api().Send(MakeRequest(
        "POST", UnpublishPath(), {{"Content-Type", content_types[i]}}, IdsBody({(*apps)[i]})));

    EXPECT_EQ(response.status, 200) << content_types[i] << ": " << response.body;
  }
  EXPECT_TRUE(Published().empty());
}

// D26: a JSON operation without Content-Type treats the body as JSON.
TEST_F(HttpProtocolApiTest, MissingContentTypeIsTreatedAsJson) {
  auto apps = api().PublishApps(group_, {"app-0001"});
  ASSERT_OK(apps);

  ClientResponse response = api().Send(MakeRequest("POST", UnpublishPath(), {}, IdsBody(*apps)));

  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_TRUE(Published().empty());
}

// D26: any other media type is 415, with no side effect.
// Two Content-Type fields name no single media type: 415, and nothing changes.
TEST_F(HttpProtocolApiTest, RepeatedContentTypeIsUnsupported) {
  auto apps = api().PublishApps(group_, {"app-0001"});
  ASSERT_OK(apps);
  api::HttpRequest request = MakeRequest(
      "POST", UnpublishPath(),
      {{"Content-Type", "application/json"}, {"Content-Type", "text/plain"}}, IdsBody(*apps));

  ClientResponse response = api().Send(request);

  EXPECT_TRUE(IsWorkspaceError(response, 415, "WKS.00000415")) << response.body;
  EXPECT_EQ(Published(), *apps);
}

TEST_F(HttpProtocolApiTest, OtherMediaTypesAreUnsupported) {
  auto apps = api().PublishApps(group_, {"app-0001"});
  ASSERT_OK(apps);
  const std::vector<std::string> content_types = {"text/plain", "application/jsonx",
                                                  "application/x-www-form-urlencoded",
                                                  "multipart/form-data; boundary=x"};

  for (const std::string& content_type : content_types) {
    ClientResponse response = api().Send(
        MakeRequest("POST", UnpublishPath(), {{"Content-Type", content_type}}, IdsBody(*apps)));

    EXPECT_TRUE(IsWorkspaceError(response, 415, "WKS.00000415")) << content_type;
  }
  EXPECT_EQ(Published(), *apps);
}

// Fault case C09 (fault-cases.md), step 1: a chunked body is read in full and de-chunked.
TEST_F(HttpProtocolApiTest, ChunkedBodyIsDecoded) {
  auto apps = api().PublishApps(group_, {"app-0001", "app-0002"});
  ASSERT_OK(apps);
  std::string body = ChunkedBody({R"({"ids":[)", "\"" + (*apps)[0] + "\"]}"});

  ASSERT_TRUE(api().http().SendRaw(UnpublishHead("Transfer-Encoding: chunked\r\n") + body));
  ClientResponse response = api().http().ReadResponse();

  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(Published(), std::vector<std::string>{(*apps)[1]});
}

// A request may arrive in pieces, split anywhere, head and body alike.
TEST_F(HttpProtocolApiTest, RequestSentInPiecesIsReassembled) {
  auto apps = api().PublishApps(group_, {"app-0001"});
  ASSERT_OK(apps);
  std::string body = IdsBody(*apps);
  std::string wire =
      UnpublishHead("Content-Length: " + std::to_string(body.size()) + "\r\n") + body;

  for (size_t start = 0; start < wire.size(); start += 7) {
    ASSERT_TRUE(api().http().SendRaw(wire.substr(start, 7)));
  }
  ClientResponse response = api().http().ReadResponse();

  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_TRUE(Published().empty());
}

// Fault case C09, step 3: with a bad token the client gets 100 Continue or the final 401
// without sending the body; after the body, the next request on the connection gets its own
// answer, or the server has closed the connection.
TEST_F(HttpProtocolApiTest, ExpectContinueWithBadTokenIsAnsweredWithoutTheBody) {
  auto apps = api().PublishApps(group_, {"app-0001"});
  ASSERT_OK(apps);
  const std::string body = R"({"ids":["app-0001"]})";
  std::string head = "POST " + UnpublishPath() +
                     " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     "X-Auth-Token: not-a-valid-token\r\nExpect: 100-continue\r\n"
                     "Content-Length: 20\r\n\r\n";
  HttpClient& client = api().http();

  ASSERT_TRUE(client.SendRaw(head));
  ClientResponse first = client.ReadResponse();
  ClientResponse final_response = first;
  if (first.status == 100) {
    ASSERT_TRUE(client.SendRaw(body));
    final_response = client.ReadResponse();
  } else {
    client.SendRaw(body);
  }

  fprintf(stderr, "first=%d final=%d\n", first.status, final_response.status);
  ClientResponse next = api().Get(api().Path("/app-groups/" + group_ + "/apps"));
  fprintf(stderr, "next=%d\n", next.status);

  ASSERT_TRUE(first.status == 100 || first.status == 401) << "got " << first.status;
  EXPECT_TRUE(IsWorkspaceError(final_response, 401, "APIG.0301"));
  if (next.status == 0) {
    EXPECT_FALSE(client.is_connected()) << "no answer to the next request, connection open";
  } else {
    EXPECT_EQ(next.status, 200) << next.body;
    EXPECT_EQ(next.Json().value("count", -1), 1) << next.body;
  }
  EXPECT_EQ(Published(), *apps);
}

// Fault case C09, step 4: with a good token, 100 Continue comes first, then the answer.
TEST_F(HttpProtocolApiTest, ExpectContinueWithGoodTokenContinuesThenSucceeds) {
  auto apps = api().PublishApps(group_, {"app-0001", "app-0002"});
  ASSERT_OK(apps);
  std::string body = IdsBody({(*apps)[0]});
  HttpClient& client = api().http();

  ASSERT_TRUE(client.SendRaw(UnpublishHead(
      "Expect: 100-continue\r\nContent-Length: " + std::to_string(body.size()) + "\r\n")));
  ClientResponse interim = client.ReadResponse();
  ASSERT_EQ(interim.status, 100);
  ASSERT_TRUE(client.SendRaw(body));
  ClientResponse response = client.ReadResponse();

  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(Published(), std::vector<std::string>{(*apps)[1]});
}

// Fault case C09, step 5: Content-Length with chunked is 400 (or processed as chunked), and the
// connection closes either way (request-smuggling defence).
TEST_F(HttpProtocolApiTest, ContentLengthWithChunkedClosesTheConnection) {
  auto apps = api().PublishApps(group_, {"app-0001"});
  ASSERT_OK(apps);
  std::string body = ChunkedBody({IdsBody(*apps)});
  HttpClient& client = api().http();

  ASSERT_TRUE(
      client.SendRaw(UnpublishHead("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n") + body));
  ClientResponse response = client.ReadResponse();

  EXPECT_TRUE(response.status == 400 || response.status == 200) << response.status;
  EXPECT_TRUE(client.IsClosedByServer());
}

// Fault case C10 (fault-cases.md), steps 1 and 2: 405 carries an Allow listing POST only.
TEST_F(HttpProtocolApiTest, WrongMethodIsNotAllowedAndSaysWhatIs) {
  for (const std::string method : {"GET", "PUT", "DELETE", "PATCH"}) {
    ClientResponse response = api().Send(MakeRequest(method, UnpublishPath()));

    EXPECT_TRUE(IsWorkspaceError(response, 405, "WKS.00000405")) << method;
    std::vector<std::string> allowed = AllowedMethods(response.Header("Allow"));
    EXPECT_TRUE(Contains(allowed, "POST")) << method << ": Allow " << response.Header("Allow");
    EXPECT_FALSE(Contains(allowed, "GET")) << method << ": Allow " << response.Header("Allow");
  }
}

// Fault case C10, step 3: HEAD gets 405 with Allow: POST and no body.
TEST_F(HttpProtocolApiTest, HeadOnPostOnlyPathIsNotAllowedWithoutBody) {
  ClientResponse response = api().Send(MakeRequest("HEAD", UnpublishPath()));

  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(AllowedMethods(response.Header("Allow")), std::vector<std::string>{"POST"});
  EXPECT_TRUE(response.body.empty());
  ClientResponse next = api().Get(api().Path("/app-groups/" + group_));
  EXPECT_EQ(next.status, 200) << "connection out of step after HEAD: " << next.body;
}

// Fault case C10, step 4: %2F stays inside the group id; G2's app stays published (D28).
TEST_F(HttpProtocolApiTest, EncodedSlashStaysInsideTheGroupId) {
  auto second = api().CreateAppGroup(UniqueName("wire"));
  ASSERT_OK(second);
  auto apps = api().PublishApps(*second, {"app-0201"});
  ASSERT_OK(apps);
  std::string target =
      api().Path("/app-groups/" + group_ + "%2F..%2F" + *second + "/apps/batch-unpublish");

  ClientResponse response = api().PostJson(target, IdsBody(*apps));

  EXPECT_TRUE(IsWorkspaceError(response, 404, "WSAPP.00010404"));
  auto still = api().ListAppIds(*second);
  ASSERT_OK(still);
  EXPECT_EQ(*still, *apps);
}

// D7: a trailing '/' routes to the same operation.
TEST_F(HttpProtocolApiTest, TrailingSlashRoutesTheSame) {
  auto apps = api().PublishApps(group_, {"app-0001", "app-0002"});
  ASSERT_OK(apps);
  const std::vector<std::string> paths = {"/app-groups", "/app-groups/" + group_,
                                          "/app-groups/" + group_ + "/apps",
                                          "/app-groups/" + group_ + "/apps/" + (*apps)[0]};

  for (const std::string& path : paths) {
    ClientResponse plain = api().Get(api().Path(path + "?limit=100"));
    ClientResponse slashed = api().Get(api().Path(path + "/?limit=100"));

    EXPECT_EQ(slashed.status, 200) << path << "/: " << slashed.body;
    EXPECT_EQ(slashed.body, plain.body) << path;
  }
  ClientResponse unpublish = api().PostJson(UnpublishPath() + "/", IdsBody({(*apps)[1]}));
  EXPECT_EQ(unpublish.status, 200) << unpublish.body;
  EXPECT_EQ(Published(), std::vector<std::string>{(*apps)[0]});
}

// Every reply, success or error, carries a request id (D12, section 3.1).
TEST_F(HttpProtocolApiTest, EveryReplyCarriesARequestId) {
  struct Case {
    std::string label;
    api::HttpRequest request;
  };
  std::vector<Case> cases = {
      {"200 list", MakeRequest("GET", api().Path("/app-groups"))},
      {"404 group", MakeRequest("GET", api().Path("/app-groups/570810904237572999"))},
      {"404 route", MakeRequest("GET", api().Path("/no-such-thing"))},
      {"405", MakeRequest("GET", UnpublishPath())},
      {"415", MakeRequest("POST", UnpublishPath(), {{"Content-Type", "text/plain"}}, "{}")},
      {"400", MakeRequest("POST", UnpublishPath(), {}, "{}")},
      {"401", MakeRequest("GET", api().Path("/app-groups"), {{"X-Auth-Token", "bad"}})},
  };
  std::vector<std::string> seen;

  for (const Case& row : cases) {
    ClientResponse response = api().Send(row.request);

    std::string id = response.Header("X-Request-Id");
    EXPECT_FALSE(id.empty()) << row.label << " (status " << response.status << ")";
    EXPECT_FALSE(Contains(seen, id)) << row.label << " reused request id " << id;
    seen.push_back(id);
  }
}

// D18: a body over 1 MiB is 413 APIG.0201 in the Workspace error shape, and the connection
// closes.
TEST_F(HttpProtocolApiTest, BodyOverTheLimitIsTooLarge) {
  std::string body = R"({"ids":[")" + std::string(1024 * 1024, 'a') + R"("]})";

  ClientResponse response = api().PostJson(UnpublishPath(), body);

  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(response.Json().value("error_code", ""), "APIG.0201") << response.body;
  EXPECT_FALSE(response.Json().value("error_msg", "").empty()) << response.body;
  EXPECT_TRUE(api().http().IsClosedByServer());
}

// Replies the HTTP layer makes itself (413, 431, 400 for bad framing) are replies too: they keep
// the Workspace error shape and carry an X-Request-Id like every other (STYLE.md, D12).
TEST_F(HttpProtocolApiTest, FramingErrorRepliesCarryARequestId) {
  struct Case {
    std::string label;
    std::string wire;
    int status;
    std::string error_code;
  };
  const std::vector<Case> cases = {
      {"413 body over the limit", UnpublishHead("Content-Length: 1048577\r\n"), 413, "APIG.0201"},
      {"431 head over the limit",
       UnpublishHead("X-Padding: " + std::string(17 * 1024, 'p') + "\r\nContent-Length: 2\r\n") +
           "{}",
       431, "APIG.0201"},
      {"400 unsupported transfer coding", UnpublishHead("Transfer-Encoding: gzip\r\n"), 400,
       "WKS.00149901"},
  };

  for (const Case& row : cases) {
    HttpClient client(server().port());
    ASSERT_TRUE(client.SendRaw(row.wire)) << row.label;

    ClientResponse response = client.ReadResponse();

    EXPECT_TRUE(IsWorkspaceError(response, row.status, row.error_code)) << row.label;
  }
}

// A coding before "chunked" would have to be undone to read the body: such a request is refused
// and its connection closed, never parsed as if the coding were absent.
TEST_F(HttpProtocolApiTest, CodingBeforeChunkedIsRefusedAndClosesTheConnection) {
  auto apps = api().PublishApps(group_, {"app-0001"});
  ASSERT_OK(apps);
  const std::vector<std::string> framings = {
      "Transfer-Encoding: gzip, chunked\r\n",
      "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n",
      "Transfer-Encoding: chunked, chunked\r\n"};
  for (const std::string& framing : framings) {
    HttpClient client(server().port());
    ASSERT_TRUE(client.SendRaw(UnpublishHead(framing) + ChunkedBody({IdsBody(*apps)})));

    ClientResponse response = client.ReadResponse();

    EXPECT_TRUE(IsWorkspaceError(response, 400, "WKS.00149901")) << framing;
    EXPECT_TRUE(client.IsClosedByServer()) << framing;
  }
  EXPECT_EQ(Published(), *apps);
}

// RFC 9112 section 3.2: an HTTP/1.1 request without a Host, or with two, is a 400.
TEST_F(HttpProtocolApiTest, RequestWithoutExactlyOneHostIsRefused) {
  const std::vector<std::string> heads = {
      "GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n",
      "GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n"};
  for (const std::string& head : heads) {
    HttpClient client(server().port());
    ASSERT_TRUE(client.SendRaw(head));

    ClientResponse response = client.ReadResponse();

    EXPECT_EQ(response.status, 400) << head;
  }
}

TEST_F(HttpProtocolApiTest, ConnectionIsKeptAcrossRequests) {
  for (int i = 0; i < 3; ++i) {
    ClientResponse response = api().Get(api().Path("/app-groups/" + group_));

    ASSERT_EQ(response.status, 200) << response.body;
  }
  EXPECT_EQ(api().http().connections_opened(), 1);
}

// HEAD is served wherever GET is, with GET's headers and no body.
TEST_F(HttpProtocolApiTest, HeadOnGetPathHasNoBody) {
  ClientResponse get = api().Get(api().Path("/app-groups/" + group_));

  ClientResponse head = api().Send(MakeRequest("HEAD", api().Path("/app-groups/" + group_)));

  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.Header("Content-Length"), std::to_string(get.body.size()));
  ClientResponse next = api().Get(api().Path("/app-groups/" + group_));
  EXPECT_EQ(next.body, get.body) << "connection out of step after HEAD";
}

}  // namespace
}  // namespace wsapp::testing
