#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "api/http_message.h"
#include "server/http_server.h"
#include "server/message_conversion.h"

namespace wsapp::server {

class HttpConnection;

// Learns when a connection is gone, so the server can tell when its drain has finished.
class ConnectionObserver {
 public:
  virtual ~ConnectionObserver() = default;

  // Called once from the connection's destructor, on whichever thread released it last.
  virtual void OnConnectionClosed(const HttpConnection* connection) = 0;
};

// What every connection shares with the server that accepted it. Immutable after Start().
struct ConnectionSettings {
  HttpServerOptions options;
  RequestHandler handler;
  ErrorReplyBuilder error_reply;
};

// One client connection: reads requests one at a time, calls the handler, writes replies, and
// closes on a framing error, a broken limit, a timeout or a drain. Every step runs on the strand
// of its socket, so the members need no lock.
class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
 public:
  // Requires: `socket` was accepted onto its own strand; `observer` outlives this connection.
  HttpConnection(boost::asio::ip::tcp::socket socket,
                 std::shared_ptr<const ConnectionSettings> settings, ConnectionObserver* observer);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // Begins serving. Call once, right after construction through make_shared.
  void Start();

  // Closes the connection at once if it waits for a request, otherwise after the reply in flight.
  // Thread-safe.
  void Shutdown();

 private:
  using Parser = boost::beast::http::request_parser<boost::beast::http::string_body>;
  using ErrorCode = boost::beast::error_code;

  // kIdle: waiting for the first byte of a request; kBusy: reading, handling or replying;
  // kLingering: reply sent, discarding input before the close.
  enum class Phase { kIdle, kBusy, kLingering, kClosed };

  void DoWaitForRequest();
  void OnWaitForRequest(ErrorCode ec, size_t bytes_read);
  void DoReadHeader();
  void OnReadHeader(ErrorCode ec);
  void DoContinue();
  void OnContinue(ErrorCode ec);
  void DoReadBody();
  void OnReadBody(ErrorCode ec);
  void FailRead(ErrorCode ec);
  void HandleRequest();
  void Reject(int status, const std::string& message);
  void DoWrite(bool keep_alive, bool linger);
  void OnWrite(ErrorCode ec, bool keep_alive, bool linger);
  void DoLingerClose();
  void DoLingerRead();
  void OnLingerRead(ErrorCode ec, size_t bytes_read);
  void Close();
  void OnShutdown();

  void ArmReadDeadline(int seconds);
  void OnReadDeadline(ErrorCode ec, uint64_t generation);
  void DisarmReadDeadline();

  api::HttpResponse CallHandler(const api::HttpRequest& request);
  api::HttpResponse BuildErrorReply(int status, const std::string& message);
  bool IsHeadRequest() const;

  boost::beast::tcp_stream stream_;
  // Reads use this timer rather than the stream's own expiry: the stream closes the socket when
  // it expires, and a 408 still has to be written on it.
  boost::asio::steady_timer read_deadline_;
  boost::beast::flat_buffer buffer_;
  std::optional<Parser> parser_;
  // Lives here because async_write needs it until completion.
  BeastResponse response_;
  std::shared_ptr<const ConnectionSettings> settings_;
  ConnectionObserver* observer_;
  std::string remote_ip_;
  // Fields in the request head; the parser appends chunked trailers after them.
  size_t header_field_count_ = 0;
  // Bumped whenever a deadline is armed or disarmed, so a stale expiry is ignored.
  uint64_t read_generation_ = 0;
  bool has_read_timed_out_ = false;
  bool is_first_request_ = true;
  bool is_shutting_down_ = false;
  Phase phase_ = Phase::kIdle;
};

}  // namespace wsapp::server
