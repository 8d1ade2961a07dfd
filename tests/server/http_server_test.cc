#include "server/http_server.h"

#include <gtest/gtest.h>
#include <poll.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <cstdlib>
#include <future>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>

#include "support/status_matchers.h"

namespace wsapp::server {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;

// Bounds every client read, so a server bug fails the test instead of hanging it.
constexpr int kReadTimeoutMs = 10000;

struct RawResponse {
  int status = 0;
  std::string head;
  std::string body;
};

// A client speaking raw HTTP bytes, so the tests see exactly what goes over the wire.
class RawClient {
 public:
  explicit RawClient(uint16_t port) : socket_(io_context_) {
    socket_.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  }

  void Send(const std::string& bytes) { net::write(socket_, net::buffer(bytes)); }

  // Reads up to and including the blank line that ends a response head.
  std::string ReadHead() {
    size_t end = pending_.find("\r\n\r\n");
    while (end == std::string::npos) {
      if (!ReadMore()) {
        return {};
      }
      end = pending_.find("\r\n\r\n");
    }
    std::string head = pending_.substr(0, end + 4);
    pending_.erase(0, end + 4);
    return head;
  }

  // Reads one response; its body is Content-Length bytes unless `is_head`.
  RawResponse ReadResponse(bool is_head = false) {
    RawResponse response;
    response.head = ReadHead();
    if (response.head.size() < 12) {
      return response;
    }
    response.status = std::stoi(response.head.substr(9, 3));
    const size_t body_bytes = is_head ? 0 : ContentLength(response.head);
    while (pending_.size() < body_bytes && ReadMore()) {
    }
    response.body = pending_.substr(0, body_bytes);
    pending_.erase(0, response.body.size());
    return response;
  }

  // True when the server has closed its side and sent nothing more.
  bool IsClosedByServer() { return pending_.empty() && !ReadMore() && pending_.empty(); }

  // Everything until the server closes (or the read timeout passes).
  std::string ReadToClose() {
    while (ReadMore()) {
    }
    return std::exchange(pending_, {});
  }

 private:
  static size_t ContentLength(const std::string& head) {
    const std::string key = "\r\nContent-Length: ";
    const size_t at = head.find(key);
    return at == std::string::npos ? 0 : std::stoul(head.substr(at + key.size()));
  }

  bool ReadMore() {
    pollfd poll_fd{socket_.native_handle(), POLLIN, 0};
    if (::poll(&poll_fd, 1, kReadTimeoutMs) <= 0) {
      ADD_FAILURE() << "read timed out";
      return false;
    }
    char chunk[4096];
    boost::system::error_code ec;
    const size_t n = socket_.read_some(net::buffer(chunk), ec);
    pending_.append(chunk, n);
    return !ec && n > 0;
  }

  net::io_context io_context_;
  tcp::socket socket_;
  std::string pending_;
};

api::HttpResponse ErrorReply(int status, const std::string& message) {
  api::HttpResponse reply;
  reply.status = status;
  reply.SetHeader("Content-Type", "application/json");
  reply.body = R"({"error_msg":")" + message + R"("})";
  return reply;
}

std::string Request(const std::string& method, const std::string& target,
                    const std::string& body = {}) {
  return method + " " + target +
         " HTTP/1.1\r\nHost: test\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
         body;
}

class HttpServerTest : public ::testing::Test {
 protected:
  void TearDown() override { StopServer(); }

  static HttpServerOptions SmallOptions() {
    HttpServerOptions options;
    options.port = 0;
    options.threads = 2;
    options.max_body_bytes = 64;
    options.max_header_bytes = 1024;
    return options;
  }

  void StartServer(HttpServerOptions options = SmallOptions()) {
    server_.emplace(
        options, [this](const api::HttpRequest& request) { return Handle(request); }, ErrorReply);
    ASSERT_OK(server_->Start());
    runner_ = std::thread([this] { server_->Run(); });
  }

  void StopServer() {
    if (!runner_.joinable()) {
      return;
    }
    server_->Stop();
    runner_.join();
  }

  // Echoes what arrived. "/throw" throws; "/slow" waits until the test releases it.
  api::HttpResponse Handle(const api::HttpRequest& request) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      last_request_ = request;
    }
    if (request.target == "/throw") {
      throw std::runtime_error("boom");
    }
    if (request.target == "/slow") {
      slow_entered_.set_value();
      slow_released_.wait();
    }
    api::HttpResponse reply;
    reply.SetHeader("X-Method", request.method);
    reply.SetHeader("X-Target", request.target);
    reply.SetHeader("X-Body-Length", std::to_string(request.body.size()));
    reply.body = request.method == "HEAD" ? "hello" : request.body;
    return reply;
  }

  api::HttpRequest LastRequest() {
    std::lock_guard<std::mutex> lock(mutex_);
    return last_request_;
  }

  std::optional<HttpServer> server_;
  std::thread runner_;
  std::mutex mutex_;
  api::HttpRequest last_request_;  // guarded by mutex_
  std::promise<void> slow_entered_;
  std::promise<void> release_slow_;
  std::shared_future<void> slow_released_ = release_slow_.get_future().share();
};

TEST_F(HttpServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  StartServer();
  RawClient client(server_->port());

  client.Send(Request("POST", "/first", "abc"));
  const RawResponse first = client.ReadResponse();
  client.Send(Request("GET", "/second"));
  const RawResponse second = client.ReadResponse();

  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.body, "abc");
  EXPECT_NE(first.head.find("X-Target: /first\r\n"), std::string::npos);
  EXPECT_EQ(second.status, 200);
  EXPECT_NE(second.head.find("X-Target: /second\r\n"), std::string::npos);
}

TEST_F(HttpServerTest, RequestCarriesMethodHeadersInOrderAndPeerAddress) {
  StartServer();
  RawClient client(server_->port());

  client.Send("PATCH /x HTTP/1.1\r\nHost: test\r\nX-Second-Case: b\r\nx-first: a\r\n\r\n");
  ASSERT_EQ(client.ReadResponse().status, 200);

  const api::HttpRequest request = LastRequest();
  EXPECT_EQ(request.method, "PATCH");
  ASSERT_EQ(request.headers.size(), 3u);
  EXPECT_EQ(request.headers[1].name, "X-Second-Case");
  EXPECT_EQ(request.headers[2].name, "x-first");
  EXPECT_EQ(request.headers[2].value, "a");
  EXPECT_EQ(request.remote_ip, "127.0.0.1");
}

TEST_F(HttpServerTest, ChunkedBodyArrivesDechunked) {
  StartServer();
  RawClient client(server_->port());

  client.Send(
      "POST /c HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
  const RawResponse response = client.ReadResponse();

  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "hello world");
}

TEST_F(HttpServerTest, ChunkedTrailersDoNotBecomeHeaders) {
  StartServer();
  RawClient client(server_->port());

  client.Send(
      "POST /t HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3\r\nabc\r\n0\r\nX-Auth-Token: smuggled\r\n\r\n");
  ASSERT_EQ(client.ReadResponse().status, 200);

  const api::HttpRequest request = LastRequest();
  EXPECT_EQ(request.body, "abc");
  EXPECT_EQ(request.FindHeader("X-Auth-Token"), nullptr);
}

TEST_F(HttpServerTest, ExpectContinueGetsInterimReplyBeforeBody) {
  StartServer();
  RawClient client(server_->port());

  client.Send("PUT /e HTTP/1.1\r\nHost: test\r\nExpect: 100-Continue\r\nContent-Length: 5\r\n\r\n");
  const std::string interim = client.ReadHead();
  client.Send("hello");
  const RawResponse response = client.ReadResponse();

  EXPECT_EQ(interim, "HTTP/1.1 100 Continue\r\n\r\n");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "hello");
}

TEST_F(HttpServerTest, ContentLengthWithChunkedIsRejectedAndClosed) {
  StartServer();
  RawClient client(server_->port());

  client.Send(
      "POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n0\r\n\r\n");
  const RawResponse response = client.ReadResponse();

  EXPECT_EQ(response.status, 400);
  EXPECT_TRUE(client.IsClosedByServer());
}

TEST_F(HttpServerTest, UnknownTransferEncodingIsRejected) {
  StartServer();
  RawClient client(server_->port());

  client.Send("POST / HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: gzip\r\n\r\nxyz");
  const RawResponse response = client.ReadResponse();

  EXPECT_EQ(response.status, 400);
  EXPECT_TRUE(client.IsClosedByServer());
}

TEST_F(HttpServerTest, BodyOverLimitIsRejectedAndClosed) {
  StartServer();
  RawClient client(server_->port());

  client.Send(Request("POST", "/big", std::string(100, 'x')));
  const RawResponse response = client.ReadResponse();

  EXPECT_EQ(response.status, 413);
  EXPECT_NE(response.body.find("request body too large"), std::string::npos);
  EXPECT_TRUE(client.IsClosedByServer());
}

TEST_F(HttpServerTest, ChunkedBodyOverLimitIsRejectedAndClosed) {
  StartServer();
  RawClient client(server_->port());
  const std::string chunk = "28\r\n" + std::string(40, 'x') + "\r\n";

  client.Send("POST /big HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk +
              chunk + "0\r\n\r\n");
  const RawResponse response = client.ReadResponse();

  EXPECT_EQ(response.status, 413);
  EXPECT_TRUE(client.IsClosedByServer());
}

TEST_F(HttpServerTest, HeaderOverLimitIsRejectedAndClosed) {
  StartServer();
  RawClient client(server_->port());

  client.Send("GET / HTTP/1.1\r\nHost: test\r\nX-Big: " + std::string(2000, 'a') + "\r\n\r\n");
  const RawResponse response = client.ReadResponse();

  EXPECT_EQ(response.status, 431);
  EXPECT_TRUE(client.IsClosedByServer());
}

TEST_F(HttpServerTest, MalformedRequestIsRejectedAndClosed) {
  StartServer();
  RawClient client(server_->port());

  client.Send("GET / HTTP/1.1\r\nHost: test\r\nBad Header\r\n\r\n");
  const RawResponse response = client.ReadResponse();

  EXPECT_EQ(response.status, 400);
  EXPECT_TRUE(client.IsClosedByServer());
}

TEST_F(HttpServerTest, HeadReplySendsNoBodyBytes) {
  StartServer();
  RawClient client(server_->port());

  client.Send("HEAD /h HTTP/1.1\r\nHost: test\r\n\r\n");
  const RawResponse head = client.ReadResponse(/*is_head=*/true);
  // A following reply must start right after the head: stray body bytes would corrupt it.
  client.Send(Request("GET", "/after"));
  const RawResponse after = client.ReadResponse();

  EXPECT_EQ(head.status, 200);
  EXPECT_NE(head.head.find("Content-Length: 5\r\n"), std::string::npos);
  EXPECT_EQ(after.status, 200);
  EXPECT_NE(after.head.find("X-Target: /after\r\n"), std::string::npos);
}

TEST_F(HttpServerTest, IncompleteHeaderTimesOut) {
  HttpServerOptions options = SmallOptions();
  options.header_timeout_seconds = 1;
  StartServer(options);
  RawClient client(server_->port());
  const auto started = std::chrono::steady_clock::now();

  client.Send("GET /slowloris HTTP/1.1\r\nHost: test\r\n");
  const std::string received = client.ReadToClose();

  const auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_TRUE(received.empty() || received.rfind("HTTP/1.1 408 ", 0) == 0) << received;
  EXPECT_LT(elapsed, std::chrono::seconds(5));
}

TEST_F(HttpServerTest, Http10WithoutKeepAliveIsClosedAfterReply) {
  StartServer();
  RawClient client(server_->port());

  client.Send("GET /old HTTP/1.0\r\n\r\n");
  const RawResponse response = client.ReadResponse();

  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.head.rfind("HTTP/1.0 200", 0), 0u);
  EXPECT_TRUE(client.IsClosedByServer());
}

TEST_F(HttpServerTest, StopDeliversReplyOfRequestInFlight) {
  StartServer();
  RawClient client(server_->port());
  client.Send(Request("POST", "/slow", "payload"));
  slow_entered_.get_future().wait();

  server_->Stop();
  release_slow_.set_value();
  const RawResponse response = client.ReadResponse();

  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "payload");
  EXPECT_TRUE(client.IsClosedByServer());
  runner_.join();
}

TEST_F(HttpServerTest, StopClosesIdleConnections) {
  StartServer();
  RawClient client(server_->port());
  client.Send(Request("GET", "/idle"));
  ASSERT_EQ(client.ReadResponse().status, 200);

  server_->Stop();

  EXPECT_TRUE(client.IsClosedByServer());
  runner_.join();
}

TEST_F(HttpServerTest, StopCanBeCalledTwice) {
  StartServer();

  server_->Stop();
  server_->Stop();

  runner_.join();
}

TEST_F(HttpServerTest, TargetArrivesStillPercentEncoded) {
  StartServer();
  RawClient client(server_->port());

  client.Send(Request("GET", "/a/b%2Fc?x=%20"));
  ASSERT_EQ(client.ReadResponse().status, 200);

  EXPECT_EQ(LastRequest().target, "/a/b%2Fc?x=%20");
}

TEST_F(HttpServerTest, HandlerExceptionBecomesInternalError) {
  StartServer();
  RawClient client(server_->port());

  client.Send(Request("GET", "/throw"));
  const RawResponse response = client.ReadResponse();

  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body, R"({"error_msg":"internal error"})");
}

TEST_F(HttpServerTest, StartRejectsUnresolvableHost) {
  HttpServerOptions options = SmallOptions();
  options.host = "no such host!";
  HttpServer server(options, nullptr, ErrorReply);

  const Status status = server.Start();

  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(HttpServerTest, StartFailsWhenPortIsTaken) {
  StartServer();
  HttpServerOptions options = SmallOptions();
  options.port = server_->port();
  HttpServer second(options, nullptr, ErrorReply);

  const Status status = second.Start();

  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace wsapp::server
