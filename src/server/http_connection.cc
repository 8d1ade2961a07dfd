#include "server/http_connection.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>
#include <exception>
#include <iterator>
#include <string_view>
#include <utility>

#include "common/log.h"

namespace wsapp::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

// True when every Transfer-Encoding field, split on commas, names only "chunked", once.
bool IsOnlyChunked(const BeastRequest& message) {
  int chunked_count = 0;
  auto fields = message.equal_range(http::field::transfer_encoding);
  for (auto field = fields.first; field != fields.second; ++field) {
    std::string_view value = field->value();
    while (!value.empty()) {
      size_t comma = value.find(',');
      std::string_view coding = value.substr(0, comma);
      while (!coding.empty() && (coding.front() == ' ' || coding.front() == '\t')) {
        coding.remove_prefix(1);
      }
      while (!coding.empty() && (coding.back() == ' ' || coding.back() == '\t')) {
        coding.remove_suffix(1);
      }
      if (!beast::iequals(coding, "chunked")) {
        return false;
      }
      ++chunked_count;
      value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
    }
  }
  return chunked_count == 1;
}

constexpr std::string_view kContinueLine = "HTTP/1.1 100 Continue\r\n\r\n";
constexpr size_t kReadChunkBytes = 4096;
// A client that stops reading must not hold a connection (and a drain) forever.
// Limitation: fixed rather than an option; see docs/limitations.md.
constexpr auto kWriteTimeout = std::chrono::seconds(30);
// After an error reply we keep reading briefly so that unread request bytes do not turn our
// close into a reset, which could destroy the reply before the client reads it.
constexpr auto kLingerTimeout = std::chrono::seconds(2);

bool IsHttpParseError(const beast::error_code& ec) {
  return ec.category() == http::make_error_code(http::error::bad_method).category();
}

// 100-continue only exists from HTTP/1.1 on; an HTTP/1.0 client sends its body regardless.
// Limitation: every request within the limits gets 100 Continue, so one that will be refused
// (a bad token, say) still sends its body; see docs/limitations.md.
bool ExpectsContinue(const BeastRequest& message) {
  return message.version() >= 11 &&
         beast::iequals(message[http::field::expect], std::string_view("100-continue"));
}

std::string PeerAddress(const net::ip::tcp::socket& socket) {
  beast::error_code ec;
  const auto endpoint = socket.remote_endpoint(ec);
  return ec ? std::string() : endpoint.address().to_string();
}

}  // namespace

HttpConnection::HttpConnection(net::ip::tcp::socket socket,
                               std::shared_ptr<const ConnectionSettings> settings,
                               ConnectionObserver* observer)
    : stream_(std::move(socket)),
      read_deadline_(stream_.get_executor()),
      settings_(std::move(settings)),
      observer_(observer) {
  remote_ip_ = PeerAddress(stream_.socket());
}

HttpConnection::~HttpConnection() { observer_->OnConnectionClosed(this); }

void HttpConnection::Start() {
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->DoWaitForRequest(); });
}

void HttpConnection::Shutdown() {
  net::post(stream_.get_executor(), [self = shared_from_this()] { self->OnShutdown(); });
}

void HttpConnection::OnShutdown() {
  is_shutting_down_ = true;
  // A busy connection sees the flag once its reply is written.
  if (phase_ == Phase::kIdle || phase_ == Phase::kLingering) {
    beast::error_code ignored;
    stream_.socket().cancel(ignored);
  }
}

void HttpConnection::DoWaitForRequest() {
  if (is_shutting_down_) {
    Close();
    return;
  }
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(settings_->options.max_header_bytes));
  parser_->body_limit(settings_->options.max_body_bytes);
  // Pipelined bytes already make the next request busy.
  if (buffer_.size() > 0) {
    DoReadHeader();
    return;
  }

  phase_ = Phase::kIdle;
  const HttpServerOptions& options = settings_->options;
  // A fresh connection gets only the header timeout, so silent clients cannot hold sockets.
  ArmReadDeadline(is_first_request_ ? options.header_timeout_seconds
                                    : options.idle_timeout_seconds);
  stream_.expires_never();
  stream_.async_read_some(
      buffer_.prepare(kReadChunkBytes),
      [self = shared_from_this()](ErrorCode ec, size_t n) { self->OnWaitForRequest(ec, n); });
}

void HttpConnection::OnWaitForRequest(ErrorCode ec, size_t bytes_read) {
  DisarmReadDeadline();
  // No request has started, so a timeout, a drain or the client leaving ends it silently.
  if (ec) {
    Close();
    return;
  }

  buffer_.commit(bytes_read);
  DoReadHeader();
}

void HttpConnection::DoReadHeader() {
  phase_ = Phase::kBusy;
  ArmReadDeadline(settings_->options.header_timeout_seconds);
  stream_.expires_never();
  http::async_read_header(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](ErrorCode ec, size_t) { self->OnReadHeader(ec); });
}

void HttpConnection::OnReadHeader(ErrorCode ec) {
  DisarmReadDeadline();
  if (ec) {
    FailRead(ec);
    return;
  }

  const BeastRequest& message = parser_->get();
  header_field_count_ = static_cast<size_t>(std::distance(message.begin(), message.end()));
  // Only "chunked" alone is served: another coding before it (gzip, deflate) would have to be
  // undone to get the body, and a Transfer-Encoding other than a final "chunked" leaves the body
  // length ambiguous; proxies may frame it differently than we do, which is how requests get
  // smuggled.
  if (message.find(http::field::transfer_encoding) != message.end() &&
      (!parser_->chunked() || !IsOnlyChunked(message))) {
    Reject(400, "unsupported transfer encoding");
    return;
  }
  // RFC 9112 section 3.2: an HTTP/1.1 request carries exactly one Host field.
  if (message.version() >= 11 && message.count(http::field::host) != 1) {
    Reject(400, "an HTTP/1.1 request needs exactly one Host header");
    return;
  }
  if (parser_->is_done()) {
    HandleRequest();
    return;
  }
  if (ExpectsContinue(message)) {
    DoContinue();
    return;
  }
  DoReadBody();
}

void HttpConnection::DoContinue() {
  stream_.expires_after(kWriteTimeout);
  net::async_write(stream_, net::buffer(kContinueLine.data(), kContinueLine.size()),
                   [self = shared_from_this()](ErrorCode ec, size_t) { self->OnContinue(ec); });
}

void HttpConnection::OnContinue(ErrorCode ec) {
  if (ec) {
    Close();
    return;
  }
  DoReadBody();
}

void HttpConnection::DoReadBody() {
  ArmReadDeadline(settings_->options.body_timeout_seconds);
  stream_.expires_never();
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](ErrorCode ec, size_t) { self->OnReadBody(ec); });
}

void HttpConnection::OnReadBody(ErrorCode ec) {
  DisarmReadDeadline();
  if (ec) {
    FailRead(ec);
    return;
  }
  HandleRequest();
}

void HttpConnection::FailRead(ErrorCode ec) {
  if (has_read_timed_out_) {
    Reject(408, "request timeout");
    return;
  }
  if (ec == http::error::header_limit) {
    Reject(431, "request header fields too large");
    return;
  }
  if (ec == http::error::body_limit) {
    Reject(413, "request body too large");
    return;
  }
  // A client that left mid-request cannot read a reply.
  if (ec == http::error::end_of_stream || ec == http::error::partial_message ||
      !IsHttpParseError(ec)) {
    Close();
    return;
  }
  Reject(400, "malformed request");
}

void HttpConnection::HandleRequest() {
  BeastRequest message = parser_->release();
  const bool is_head = message.method() == http::verb::head;
  const unsigned version = message.version();
  const bool client_keeps_alive = message.keep_alive();
  const api::HttpRequest request =
      ToApiRequest(std::move(message), header_field_count_, remote_ip_);

  api::HttpResponse reply = CallHandler(request);

  const bool keep_alive = client_keeps_alive && !reply.close_connection && !is_shutting_down_;
  response_ = ToBeastResponse(std::move(reply), version, is_head, keep_alive);
  DoWrite(keep_alive, /*linger=*/false);
}

api::HttpResponse HttpConnection::CallHandler(const api::HttpRequest& request) {
  try {
    return settings_->handler(request);
  } catch (const std::exception& e) {
    log::Error("unhandled exception in request handler",
               {{"method", request.method}, {"error", e.what()}});
  } catch (...) {
    log::Error("unhandled exception in request handler",
               {{"method", request.method}, {"error", "unknown"}});
  }
  return BuildErrorReply(500, "internal error");
}

api::HttpResponse HttpConnection::BuildErrorReply(int status, const std::string& message) {
  try {
    if (settings_->error_reply) {
      return settings_->error_reply(status, message);
    }
  } catch (...) {
    log::Error("error reply builder threw", {{"status", std::to_string(status)}});
  }
  // Without a builder the status line alone still tells the client what happened.
  api::HttpResponse reply;
  reply.status = status;
  return reply;
}

void HttpConnection::Reject(int status, const std::string& message) {
  api::HttpResponse reply = BuildErrorReply(status, message);
  response_ = ToBeastResponse(std::move(reply), /*version=*/11, IsHeadRequest(),
                              /*keep_alive=*/false);
  DoWrite(/*keep_alive=*/false, /*linger=*/true);
}

bool HttpConnection::IsHeadRequest() const {
  return parser_ && parser_->is_header_done() && parser_->get().method() == http::verb::head;
}

void HttpConnection::DoWrite(bool keep_alive, bool linger) {
  phase_ = Phase::kBusy;
  stream_.expires_after(kWriteTimeout);
  http::async_write(stream_, response_,
                    [self = shared_from_this(), keep_alive, linger](ErrorCode ec, size_t) {
                      self->OnWrite(ec, keep_alive, linger);
                    });
}

void HttpConnection::OnWrite(ErrorCode ec, bool keep_alive, bool linger) {
  if (ec) {
    Close();
    return;
  }
  if (keep_alive) {
    is_first_request_ = false;
    DoWaitForRequest();
    return;
  }
  if (linger) {
    DoLingerClose();
    return;
  }
  Close();
}

void HttpConnection::DoLingerClose() {
  phase_ = Phase::kLingering;
  beast::error_code ignored;
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
  if (is_shutting_down_) {
    Close();
    return;
  }
  buffer_.clear();
  // The stream's own expiry fits here: on timeout it closes the socket, which is what we want.
  stream_.expires_after(kLingerTimeout);
  DoLingerRead();
}

void HttpConnection::DoLingerRead() {
  stream_.async_read_some(
      buffer_.prepare(kReadChunkBytes),
      [self = shared_from_this()](ErrorCode ec, size_t n) { self->OnLingerRead(ec, n); });
}

void HttpConnection::OnLingerRead(ErrorCode ec, size_t bytes_read) {
  if (ec || is_shutting_down_) {
    Close();
    return;
  }
  buffer_.commit(bytes_read);
  buffer_.consume(buffer_.size());
  DoLingerRead();
}

void HttpConnection::Close() {
  if (phase_ == Phase::kClosed) {
    return;
  }
  phase_ = Phase::kClosed;
  DisarmReadDeadline();
  beast::error_code ignored;
  stream_.socket().close(ignored);
}

void HttpConnection::ArmReadDeadline(int seconds) {
  has_read_timed_out_ = false;
  const uint64_t generation = ++read_generation_;
  read_deadline_.expires_after(std::chrono::seconds(seconds));
  read_deadline_.async_wait([self = shared_from_this(), generation](ErrorCode ec) {
    self->OnReadDeadline(ec, generation);
  });
}

void HttpConnection::OnReadDeadline(ErrorCode ec, uint64_t generation) {
  // The read may have finished after the timer fired but before this handler ran.
  if (ec || generation != read_generation_) {
    return;
  }
  has_read_timed_out_ = true;
  beast::error_code ignored;
  stream_.socket().cancel(ignored);
}

void HttpConnection::DisarmReadDeadline() {
  ++read_generation_;
  read_deadline_.cancel();
}

}  // namespace wsapp::server
