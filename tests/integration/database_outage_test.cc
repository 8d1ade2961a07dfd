// Losing the database (PostgreSQL only): requests get 503 rather than hanging, /readyz reports
// it, and service resumes by itself once the database is back, with no restart. The shared test
// PostgreSQL cannot be stopped (other tests use it at the same time), so the server reaches it
// through a TCP proxy that the test cuts and restores.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <boost/asio/buffer.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/http_client.h"
#include "support/postgres_test_db.h"
#include "support/status_matchers.h"
#include "support/test_server.h"
#include "support/wire_shapes.h"
#include "support/workspace_client.h"

namespace wsapp::testing {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
namespace sys = boost::system;

// A request during an outage that takes this long has hung: the database's own timeouts are
// 5 s (connect, pool wait), so an answer needs far less. A bound for a hang, not for speed.
constexpr auto kHangBound = std::chrono::seconds(15);
// Reads of the outage client give up after this, so a hung server fails the test, not blocks it.
constexpr auto kReadTimeout = std::chrono::seconds(20);
// How long the server may take to find the database again once it is back.
constexpr auto kRecoveryBound = std::chrono::seconds(10);
// The server's PostgreSQL statement timeout in these tests (--pg-statement-timeout).
constexpr int kStatementTimeoutSeconds = 1;
// The Workspace API's code for 503 (docs/error-codes.md).
constexpr char kUnavailableCode[] = "WKS.00050902";

// One relayed connection: what either side sends is written to the other. PostgreSQL sessions
// are never half-closed, so the end of either direction (EOF or an error) closes both sockets.
// Lives as long as one of its asynchronous steps holds it; used on the proxy's I/O thread only.
class ProxySession : public std::enable_shared_from_this<ProxySession> {
 public:
  // `stalled` is the proxy's switch (read on the I/O thread only): while it is on, bytes are
  // read and dropped instead of relayed.
  ProxySession(tcp::socket client, const bool& stalled)
      : client_(std::move(client)), upstream_(client_.get_executor()), stalled_(stalled) {}

  void Start(const tcp::endpoint& upstream) {
    upstream_.async_connect(upstream, [self = shared_from_this()](sys::error_code error) {
      if (error) {
        self->Close();
        return;
      }
      self->DoRead(self->client_, self->upstream_, self->to_upstream_);
      self->DoRead(self->upstream_, self->client_, self->to_client_);
    });
  }

  // Resets the client's connection, as a crashed host or a broken network does: the server's
  // next use of it fails at once instead of reading a clean end of stream. The upstream side is
  // closed normally, so that PostgreSQL just ends the session.
  void Cut() {
    sys::error_code ignored;
    client_.set_option(tcp::socket::linger(/*enabled=*/true, /*timeout=*/0), ignored);
    Close();
  }

 private:
  using Buffer = std::array<char, 16 * 1024>;

  void DoRead(tcp::socket& from, tcp::socket& to, Buffer& buffer) {
    from.async_read_some(asio::buffer(buffer), [self = shared_from_this(), &from, &to, &buffer](
                                                   sys::error_code error, size_t size) {
      self->OnRead(error, size, from, to, buffer);
    });
  }

  void OnRead(sys::error_code error, size_t size, tcp::socket& from, tcp::socket& to,
              Buffer& buffer) {
    if (error) {
      Close();
      return;
    }
    if (stalled_) {
      DoRead(from, to, buffer);  // accepted, acknowledged by TCP, never answered
      return;
    }
    // The next read of this direction waits for the write, which keeps the buffer unshared.
    asio::async_write(
        to, asio::buffer(buffer.data(), size),
        [self = shared_from_this(), &from, &to, &buffer](sys::error_code error, size_t /*size*/) {
          self->OnWrite(error, from, to, buffer);
        });
  }

  void OnWrite(sys::error_code error, tcp::socket& from, tcp::socket& to, Buffer& buffer) {
    if (error) {
      Close();
      return;
    }
    DoRead(from, to, buffer);
  }

  // Pending steps then finish with operation_aborted and let go of the session.
  void Close() {
    sys::error_code ignored;
    client_.close(ignored);
    upstream_.close(ignored);
  }

  tcp::socket client_;
  tcp::socket upstream_;
  const bool& stalled_;
  Buffer to_upstream_;
  Buffer to_client_;
};

// A TCP proxy on 127.0.0.1 that relays every connection to `upstream` and that the test can
// cut: Cut() makes the database look gone (connections reset, new ones refused) and Restore()
// brings it back at the same address. The sockets live on an I/O thread of the proxy's own; the
// public methods hand their work to it and wait for it to be done.
class TcpProxy {
 public:
  // Listens on a free port and starts relaying. Errors: kUnavailable when it cannot listen.
  static Result<std::unique_ptr<TcpProxy>> Start(const tcp::endpoint& upstream) {
    std::unique_ptr<TcpProxy> proxy(new TcpProxy(upstream));
    // No thread runs the context yet, so listening here races with nothing.
    if (!proxy->Listen(/*port=*/0)) {
      return MakeError(ErrorCode::kUnavailable, "the proxy cannot listen on 127.0.0.1");
    }
    proxy->thread_ = std::thread([proxy = proxy.get()] { proxy->io_context_.run(); });
    return proxy;
  }

  // Closes everything, then joins the I/O thread, which returns once no step is left.
  ~TcpProxy() {
    if (!thread_.joinable()) {
      return;  // Start() failed: nothing runs
    }
    Cut();
    work_.reset();
    thread_.join();
  }

  TcpProxy(const TcpProxy&) = delete;
  TcpProxy& operator=(const TcpProxy&) = delete;

  uint16_t port() const { return port_; }

  // Stops listening, so that connecting is refused, and resets every relayed connection.
  // Returns once done: the server's next use of a connection fails.
  void Cut() {
    RunOnIoThread([this] {
      sys::error_code ignored;
      acceptor_.close(ignored);
      for (const std::weak_ptr<ProxySession>& weak : sessions_) {
        if (std::shared_ptr<ProxySession> session = weak.lock()) {
          session->Cut();
        }
      }
      sessions_.clear();
      stalled_ = false;
    });
  }

  // Keeps every connection open but relays nothing more, either way: a database (or a network
  // path to it) that accepts bytes and never answers. TCP still acknowledges what is sent, so
  // keepalives see nothing wrong. Cut() ends it.
  void Stall() {
    RunOnIoThread([this] { stalled_ = true; });
  }

  // Listens again on the same port. False when the port could not be bound again (another
  // socket took it meanwhile).
  bool Restore() {
    return RunOnIoThread([this] { return Listen(port_); });
  }

  // Connections accepted since the start, cut ones included.
  int connections_accepted() {
    return RunOnIoThread([this] { return connections_accepted_; });
  }

  // Connections being relayed now.
  int open_connections() {
    return RunOnIoThread([this] {
      return static_cast<int>(
          std::count_if(sessions_.begin(), sessions_.end(),
                        [](const std::weak_ptr<ProxySession>& weak) { return !weak.expired(); }));
    });
  }

 private:
  explicit TcpProxy(const tcp::endpoint& upstream)
      : upstream_(upstream), work_(asio::make_work_guard(io_context_)) {}

  // Asio's objects are not thread-safe: everything touching them runs on the I/O thread.
  template <typename Step>
  auto RunOnIoThread(Step step) -> decltype(step()) {
    std::packaged_task<decltype(step())()> task(std::move(step));
    std::future<decltype(step())> done = task.get_future();
    asio::post(io_context_, [&task] { task(); });
    return done.get();
  }

  // Opens the acceptor on 127.0.0.1:`port` (0: a free one) and starts accepting.
  bool Listen(uint16_t port) {
    // SO_REUSEADDR lets Restore() bind the port while cut connections sit in TIME_WAIT on it.
    sys::error_code error;
    acceptor_.open(tcp::v4(), error);
    if (!error) {
      acceptor_.set_option(tcp::acceptor::reuse_address(true), error);
    }
    if (!error) {
      acceptor_.bind(tcp::endpoint(asio::ip::address_v4::loopback(), port), error);
    }
    if (!error) {
      acceptor_.listen(asio::socket_base::max_listen_connections, error);
    }
    if (error) {
      sys::error_code ignored;
      acceptor_.close(ignored);
      return false;
    }
    port_ = acceptor_.local_endpoint().port();
    DoAccept();
    return true;
  }

  void DoAccept() {
    acceptor_.async_accept(
        [this](sys::error_code error, tcp::socket client) { OnAccept(error, std::move(client)); });
  }

  void OnAccept(sys::error_code error, tcp::socket client) {
    // Cut() aborts the pending accept, and Restore() starts the next one itself: an aborted
    // accept must not start another, even when its handler runs after the restore.
    if (error == asio::error::operation_aborted || !acceptor_.is_open()) {
      return;
    }
    if (!error) {
      ++connections_accepted_;
      auto session = std::make_shared<ProxySession>(std::move(client), stalled_);
      session->Start(upstream_);
      std::erase_if(sessions_,
                    [](const std::weak_ptr<ProxySession>& weak) { return weak.expired(); });
      sessions_.push_back(session);
    }
    DoAccept();
  }

  const tcp::endpoint upstream_;
  asio::io_context io_context_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  tcp::acceptor acceptor_{io_context_};
  uint16_t port_ = 0;
  // The I/O thread's alone, like the acceptor.
  std::vector<std::weak_ptr<ProxySession>> sessions_;
  int connections_accepted_ = 0;
  bool stalled_ = false;  // the I/O thread's alone; sessions hold a reference
  std::thread thread_;
};

// A libpq URI split around its host and port: "postgresql://user:password@" + "host:port" +
// "/database?options". The test DSN is always a URI of this shape; bracketed IPv6 hosts and
// key=value strings are not handled.
struct UriAuthority {
  std::string before;
  std::string host;
  std::string port;
  std::string after;
};

std::optional<UriAuthority> SplitUriAuthority(const std::string& uri) {
  size_t scheme_end = uri.find("://");
  if (scheme_end == std::string::npos) {
    return std::nullopt;
  }
  size_t authority_start = scheme_end + 3;
  size_t authority_end = std::min(uri.find_first_of("/?", authority_start), uri.size());
  size_t at = uri.rfind('@', authority_end);
  size_t host_start = at != std::string::npos && at >= authority_start ? at + 1 : authority_start;
  std::string host_port = uri.substr(host_start, authority_end - host_start);
  size_t colon = host_port.find(':');
  UriAuthority parts;
  parts.before = uri.substr(0, host_start);
  parts.host = host_port.substr(0, colon);
  parts.port = colon == std::string::npos ? "5432" : host_port.substr(colon + 1);
  parts.after = uri.substr(authority_end);
  if (parts.host.empty()) {
    return std::nullopt;
  }
  return parts;
}

Result<tcp::endpoint> ResolveIpv4(const std::string& host, const std::string& port) {
  asio::io_context io_context;
  tcp::resolver resolver(io_context);
  sys::error_code error;
  tcp::resolver::results_type found = resolver.resolve(tcp::v4(), host, port, error);
  if (error || found.empty()) {
    return MakeError(ErrorCode::kUnavailable, "cannot resolve " + host + ":" + port);
  }
  return found.begin()->endpoint();
}

// One server over a fresh PostgreSQL schema reached through a TcpProxy, with a group of three
// published apps made before any outage.
class DatabaseOutageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WSAPP_REQUIRE_POSTGRES_OR_SKIP();
    auto schema_dsn = FreshPostgresSchema(*PostgresTestDsn());
    ASSERT_OK(schema_dsn);
    std::optional<UriAuthority> uri = SplitUriAuthority(*schema_dsn);
    ASSERT_TRUE(uri.has_value()) << "TEST_POSTGRES_DSN is not a postgresql:// URI";
    auto upstream = ResolveIpv4(uri->host, uri->port);
    ASSERT_OK(upstream);
    auto proxy = TcpProxy::Start(*upstream);
    ASSERT_OK(proxy);
    proxy_ = std::move(*proxy);

    TestServerOptions options;
    options.store_url = uri->before + "127.0.0.1:" + std::to_string(proxy_->port()) + uri->after;
    // Short, so that the stalled-database test's wait (this plus 2 s, then a 5 s connect)
    // stays well inside kHangBound; no statement of these tests comes near it.
    options.pg_statement_timeout_seconds = kStatementTimeoutSeconds;
    auto server = TestServer::Start(options);
    ASSERT_OK(server);
    server_ = std::move(*server);
    auto token = server_->IssueProjectToken(server_->default_project_id());
    ASSERT_OK(token);
    api_ =
        std::make_unique<WorkspaceClient>(server_->port(), server_->default_project_id(), *token);
    timed_http_ = std::make_unique<HttpClient>(server_->port(), kReadTimeout);

    auto group = api_->CreateAppGroup("outage-group");
    ASSERT_OK(group);
    group_ = *group;
    auto apps = api_->PublishApps(group_, {"before-1", "before-2", "before-3"});
    ASSERT_OK(apps);
    apps_ = *apps;
  }

  // Sends `request` (with the token for /v1 targets) and fails the test when the answer took
  // kHangBound or more. The time goes to the test's properties as "<label>_ms".
  ClientResponse Timed(const std::string& label, api::HttpRequest request) {
    if (request.target.rfind("/v1/", 0) == 0) {
      request.headers.push_back({"X-Auth-Token", api_->token()});
    }
    auto started = std::chrono::steady_clock::now();
    ClientResponse response = timed_http_->Send(request);
    auto elapsed = std::chrono::steady_clock::now() - started;
    auto elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count();
    RecordProperty(label + "_ms", std::to_string(elapsed_ms));
    EXPECT_LT(elapsed, kHangBound) << label << " took " << elapsed_ms << " ms";
    EXPECT_NE(response.status, 0) << label << ": no answer within " << kReadTimeout.count() << " s";
    return response;
  }

  ClientResponse ListApps(const std::string& label) {
    return Timed(label, MakeRequest("GET", api_->Path("/app-groups/" + group_ + "/apps")));
  }

  ClientResponse Publish(const std::string& label, const std::string& name) {
    nlohmann::json items = {{{"name", name}, {"source_type", 3}, {"execute_path", "C:\\x.exe"}}};
    return Timed(label, MakeRequest("POST", api_->Path("/app-groups/" + group_ + "/apps"),
                                    {{"Content-Type", "application/json"}},
                                    nlohmann::json({{"items", items}}).dump()));
  }

  ClientResponse Unpublish(const std::string& label, const std::vector<std::string>& ids) {
    return Timed(label,
                 MakeRequest("POST", api_->Path("/app-groups/" + group_ + "/apps/batch-unpublish"),
                             {{"Content-Type", "application/json"}}, IdsBody(ids)));
  }

  // The names of the group's apps, sorted, read on the set-up connection.
  std::vector<std::string> PublishedNames() {
    ClientResponse response = api_->Get(api_->Path("/app-groups/" + group_ + "/apps?limit=100"));
    EXPECT_EQ(response.status, 200) << response.body;
    std::vector<std::string> names;
    nlohmann::json reply = response.Json();
    if (reply.is_object() && reply["items"].is_array()) {
      for (const nlohmann::json& item : reply["items"]) {
        names.push_back(item.value("name", ""));
      }
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  // Lists the group's apps a few times on a connection of its own (HttpClient is not
  // thread-safe), for running beside the test's own requests.
  void WarmOtherClient() {
    HttpClient other(server_->port(), kReadTimeout);
    for (int i = 0; i < 3; ++i) {
      ClientResponse response = other.Send(MakeRequest(
          "GET", api_->Path("/app-groups/" + group_ + "/apps"), {{"X-Auth-Token", api_->token()}}));
      EXPECT_EQ(response.status, 200) << response.body;
    }
  }

  // /readyz, asked until it answers 200 or kRecoveryBound has passed; the last answer.
  ClientResponse AwaitReady() {
    auto deadline = std::chrono::steady_clock::now() + kRecoveryBound;
    for (int attempt = 1;; ++attempt) {
      ClientResponse response = Timed("ready_poll", MakeRequest("GET", "/readyz"));
      if (response.status == 200 || std::chrono::steady_clock::now() >= deadline) {
        RecordProperty("ready_polls", attempt);
        return response;
      }
      // Polling an outside condition (the server's reconnection); nothing here orders threads.
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

  // Declared first, destroyed last: the server closes its connections through it.
  std::unique_ptr<TcpProxy> proxy_;
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<WorkspaceClient> api_;
  std::unique_ptr<HttpClient> timed_http_;
  std::string group_;
  std::vector<std::string> apps_;
};

TEST_F(DatabaseOutageTest, RequestsGetServiceUnavailableAndServiceResumesWithoutRestart) {
  proxy_->Cut();

  ClientResponse listed = ListApps("outage_list");
  ClientResponse published = Publish("outage_publish", "during-outage");
  ClientResponse unpublished = Unpublish("outage_unpublish", {apps_[0]});
  ClientResponse ready = Timed("outage_readyz", MakeRequest("GET", "/readyz"));
  ClientResponse health = Timed("outage_healthz", MakeRequest("GET", "/healthz"));

  EXPECT_TRUE(IsWorkspaceError(listed, 503, kUnavailableCode)) << listed.body;
  EXPECT_TRUE(IsWorkspaceError(published, 503, kUnavailableCode)) << published.body;
  EXPECT_TRUE(IsWorkspaceError(unpublished, 503, kUnavailableCode)) << unpublished.body;
  EXPECT_EQ(ready.status, 503) << ready.body;
  EXPECT_EQ(ready.Json().value("status", ""), "unavailable") << ready.body;
  EXPECT_EQ(ready.Json().value("store", ""), "postgresql") << ready.body;
  EXPECT_EQ(health.status, 200) << health.body;
  for (const ClientResponse* refused : {&listed, &published, &unpublished}) {
    EXPECT_EQ(refused->body.find("postgres"), std::string::npos) << refused->body;
  }

  ASSERT_TRUE(proxy_->Restore());
  ClientResponse recovered = AwaitReady();

  ASSERT_EQ(recovered.status, 200) << recovered.body;
  EXPECT_EQ(recovered.Json(), nlohmann::json({{"status", "ready"}, {"store", "postgresql"}}));
  // Everything published before the outage is there, and neither refused write happened.
  EXPECT_EQ(PublishedNames(), (std::vector<std::string>{"before-1", "before-2", "before-3"}));
  ClientResponse listed_again = ListApps("after_list");
  EXPECT_EQ(listed_again.status, 200) << listed_again.body;
  ClientResponse published_again = Publish("after_publish", "after-outage");
  EXPECT_EQ(published_again.status, 200) << published_again.body;
  ClientResponse unpublished_again = Unpublish("after_unpublish", {apps_[0]});
  EXPECT_EQ(unpublished_again.status, 200) << unpublished_again.body;
  EXPECT_EQ(PublishedNames(), (std::vector<std::string>{"after-outage", "before-2", "before-3"}));
}

// After a short outage the pool holds only connections the database side has reset. Whichever
// request comes first (a read, a write, /readyz) must replace them rather than fail with them.
TEST_F(DatabaseOutageTest, FirstRequestAfterAShortOutageSucceeds) {
  struct Case {
    std::string label;
    std::function<ClientResponse()> send;
  };
  const std::vector<Case> cases = {
      {"first_list", [this] { return ListApps("first_list"); }},
      {"first_publish", [this] { return Publish("first_publish", "after-cut"); }},
      {"first_readyz", [this] { return Timed("first_readyz", MakeRequest("GET", "/readyz")); }},
  };
  for (const Case& row : cases) {
    // Two clients at once usually leave more than one connection idle in the pool.
    std::thread other([this] { WarmOtherClient(); });
    ClientResponse warm = ListApps("warm");
    other.join();
    ASSERT_EQ(warm.status, 200) << row.label << ": " << warm.body;
    int accepted_before = proxy_->connections_accepted();
    int pooled = proxy_->open_connections();
    RecordProperty(row.label + "_pooled_at_cut", pooled);
    ASSERT_GE(pooled, 1) << row.label;

    proxy_->Cut();
    ASSERT_TRUE(proxy_->Restore()) << row.label;
    ClientResponse response = row.send();

    EXPECT_EQ(response.status, 200) << row.label << ": " << response.body;
    // The pooled connections were really cut: the server had to open new ones.
    EXPECT_GT(proxy_->connections_accepted(), accepted_before) << row.label;
  }
  EXPECT_EQ(PublishedNames(),
            (std::vector<std::string>{"after-cut", "before-1", "before-2", "before-3"}));
}

// A database that accepts bytes and never answers (frozen, or behind a dead proxy) must not
// hold a request forever: the connection's wait for a reply is bounded, the request gets 503,
// and once the database answers again the server serves without a restart.
TEST_F(DatabaseOutageTest, AStalledDatabaseGivesServiceUnavailableNotAHang) {
  ASSERT_EQ(ListApps("warm").status, 200);
  proxy_->Stall();

  ClientResponse list = ListApps("stalled_list");
  EXPECT_EQ(list.status, 503) << list.body;
  EXPECT_EQ(list.Json().value("error_code", ""), kUnavailableCode) << list.body;
  ClientResponse publish = Publish("stalled_publish", "during-stall");
  EXPECT_EQ(publish.status, 503) << publish.body;

  proxy_->Cut();  // ends the stall
  ASSERT_TRUE(proxy_->Restore());
  ClientResponse ready = AwaitReady();
  EXPECT_EQ(ready.status, 200) << ready.body;
  EXPECT_EQ(ListApps("after_stall").status, 200);
  // The publish refused during the stall did not happen.
  EXPECT_EQ(PublishedNames(), (std::vector<std::string>{"before-1", "before-2", "before-3"}));
}

}  // namespace
}  // namespace wsapp::testing
