#include "server/http_server.h"

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <cctype>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "common/log.h"
#include "server/http_connection.h"

namespace wsapp::server {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;

// Bounds shutdown when a client keeps a request open (slow body, reply it never reads).
// Limitation: fixed rather than an option; see docs/limitations.md.
constexpr auto kDrainLimit = std::chrono::seconds(30);
// Pause before accepting again after a failure such as running out of descriptors, so the
// accept loop does not spin.
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(100);

int ThreadCount(int requested) {
  if (requested > 0) {
    return requested;
  }
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

// Rejects hosts no resolver could accept before asking one, so a typo fails without a DNS query.
bool HasHostSyntax(const std::string& host) {
  return std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' ||
           c == ':' || c == '%';
  });
}

}  // namespace

class HttpServer::Impl : public ConnectionObserver {
 public:
  explicit Impl(std::shared_ptr<const ConnectionSettings> settings)
      : settings_(std::move(settings)),
        server_strand_(net::make_strand(io_context_)),
        acceptor_(server_strand_),
        accept_retry_timer_(server_strand_),
        drain_timer_(server_strand_) {}

  // Connections abandoned by a timed-out drain die with io_context_ and report themselves
  // closed; by then they must not stop the context being destroyed.
  ~Impl() override {
    std::lock_guard<std::mutex> lock(mutex_);
    is_draining_ = false;
  }

  Status Start();
  uint16_t port() const { return port_; }
  void Run();
  void Stop();

  void OnConnectionClosed(const HttpConnection* connection) override;

 private:
  Result<tcp::endpoint> ResolveListenAddress();
  void DoAccept();
  void OnAccept(boost::system::error_code ec, tcp::socket socket);
  void BeginDrain();

  std::shared_ptr<const ConnectionSettings> settings_;
  uint16_t port_ = 0;

  // Guards connections_ and is_draining_; connections leave from any thread.
  std::mutex mutex_;
  std::map<const HttpConnection*, std::weak_ptr<HttpConnection>> connections_;
  bool is_draining_ = false;

  // Declared after connections_: destroying the context destroys abandoned handlers, and with
  // them connections that still report to this object.
  net::io_context io_context_;
  // Serialises the acceptor and the timers between the accept loop and Stop().
  net::strand<net::io_context::executor_type> server_strand_;
  tcp::acceptor acceptor_;
  net::steady_timer accept_retry_timer_;
  net::steady_timer drain_timer_;
};

Result<tcp::endpoint> HttpServer::Impl::ResolveListenAddress() {
  const HttpServerOptions& options = settings_->options;
  if (!HasHostSyntax(options.host)) {
    return InvalidArgument("listen host has invalid characters: " + options.host,
                           "bad_listen_address");
  }
  tcp::resolver resolver(io_context_);
  boost::system::error_code ec;
  const auto results =
      resolver.resolve(options.host, std::to_string(options.port),
                       tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || results.empty()) {
    return InvalidArgument("cannot resolve listen address " + options.host + ": " + ec.message(),
                           "bad_listen_address");
  }
  return results.begin()->endpoint();
}

Status HttpServer::Impl::Start() {
  WSAPP_ASSIGN_OR_RETURN(const tcp::endpoint endpoint, ResolveListenAddress());

  boost::system::error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) {
    acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  }
  if (!ec) {
    acceptor_.bind(endpoint, ec);
  }
  if (!ec) {
    acceptor_.listen(net::socket_base::max_listen_connections, ec);
  }
  if (ec) {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    return MakeError(ErrorCode::kUnavailable,
                     "cannot listen on " + settings_->options.host + ":" +
                         std::to_string(settings_->options.port) + ": " + ec.message(),
                     "listen_failed");
  }

  port_ = acceptor_.local_endpoint(ec).port();
  log::Debug("http server bound",
             {{"address", endpoint.address().to_string()}, {"port", std::to_string(port_)}});
  net::post(server_strand_, [this] { DoAccept(); });
  return OkStatus();
}

void HttpServer::Impl::Run() {
  const int thread_count = ThreadCount(settings_->options.threads);
  std::vector<std::thread> threads;
  threads.reserve(thread_count);
  for (int i = 0; i < thread_count; ++i) {
    threads.emplace_back([this] { io_context_.run(); });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  log::Info("http server stopped");
}

void HttpServer::Impl::Stop() {
  net::post(server_strand_, [this] { BeginDrain(); });
}

void HttpServer::Impl::DoAccept() {
  if (!acceptor_.is_open()) {
    return;
  }
  // Each connection gets its own strand, so its handlers never run concurrently.
  acceptor_.async_accept(net::make_strand(io_context_),
                         [this](boost::system::error_code ec, tcp::socket socket) {
                           OnAccept(ec, std::move(socket));
                         });
}

void HttpServer::Impl::OnAccept(boost::system::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor_.is_open()) {
    return;
  }
  if (ec) {
    log::Warn("accept failed", {{"error", ec.message()}});
    accept_retry_timer_.expires_after(kAcceptRetryDelay);
    accept_retry_timer_.async_wait([this](boost::system::error_code wait_ec) {
      if (!wait_ec) {
        DoAccept();
      }
    });
    return;
  }

  auto connection = std::make_shared<HttpConnection>(std::move(socket), settings_, this);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    connections_.emplace(connection.get(), connection);
  }
  connection->Start();
  DoAccept();
}

void HttpServer::Impl::BeginDrain() {
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  accept_retry_timer_.cancel();

  std::vector<std::shared_ptr<HttpConnection>> active;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (is_draining_) {
      return;
    }
    is_draining_ = true;
    for (const auto& [key, weak] : connections_) {
      if (auto connection = weak.lock()) {
        active.push_back(std::move(connection));
      }
    }
    if (connections_.empty()) {
      io_context_.stop();
      return;
    }
  }

  log::Info("http server draining", {{"connections", std::to_string(active.size())}});
  for (const auto& connection : active) {
    connection->Shutdown();
  }
  drain_timer_.expires_after(kDrainLimit);
  drain_timer_.async_wait([this](boost::system::error_code ec) {
    if (ec) {
      return;
    }
    log::Warn("http server drain timed out");
    io_context_.stop();
  });
}

void HttpServer::Impl::OnConnectionClosed(const HttpConnection* connection) {
  std::lock_guard<std::mutex> lock(mutex_);
  connections_.erase(connection);
  if (is_draining_ && connections_.empty()) {
    io_context_.stop();
  }
}

HttpServer::HttpServer(HttpServerOptions options, RequestHandler handler,
                       ErrorReplyBuilder error_reply)
    : impl_(std::make_unique<Impl>(std::make_shared<const ConnectionSettings>(
          ConnectionSettings{std::move(options), std::move(handler), std::move(error_reply)}))) {}

HttpServer::~HttpServer() = default;

Status HttpServer::Start() { return impl_->Start(); }

uint16_t HttpServer::port() const { return impl_->port(); }

void HttpServer::Run() { impl_->Run(); }

void HttpServer::Stop() { impl_->Stop(); }

}  // namespace wsapp::server
