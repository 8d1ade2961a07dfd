#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "api/http_message.h"

namespace wsapp::testing {

// One HTTP response as the client read it off the wire.
struct ClientResponse {
  int status = 0;  // 0 when no complete response arrived (timeout, reset, garbage)
  std::vector<api::Header> headers;
  std::string body;

  // The value of the first header named `name` ignoring ASCII case, or nullptr.
  const std::string* FindHeader(std::string_view name) const;
  bool HasHeader(std::string_view name) const { return FindHeader(name) != nullptr; }
  // The header's value, or "" when it is absent.
  std::string Header(std::string_view name) const;
  // The body parsed as JSON; a discarded value (`is_discarded()`) when it is not JSON.
  nlohmann::json Json() const;
};

// A blocking HTTP/1.1 client over one TCP connection to 127.0.0.1, for driving the server in
// integration tests. It keeps the connection between requests (keep-alive) and reconnects when the
// server has closed it. Every read is bounded by `read_timeout`, so a stalled server fails the
// test instead of hanging it. Not thread-safe.
class HttpClient {
 public:
  explicit HttpClient(uint16_t port,
                      std::chrono::milliseconds read_timeout = std::chrono::seconds(10));
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends `request` and reads its response (no body for HEAD). The headers go out in the given
  // order and case; Host is added when absent, and Content-Length when the request has neither
  // Content-Length nor Transfer-Encoding and carries a body or is a POST, PUT or PATCH.
  ClientResponse Send(const api::HttpRequest& request);

  // Raw mode, for framing tests. Writes `bytes` exactly, connecting first if needed. Returns false
  // when the connection or the write failed.
  bool SendRaw(std::string_view bytes);
  // Reads one response, a 1xx included; its body is Content-Length bytes (none for `is_head`, 1xx,
  // 204 and 304), or everything up to the close when the response has no Content-Length.
  ClientResponse ReadResponse(bool is_head = false);
  // True when the server closes the connection within the read timeout with no further bytes.
  bool IsClosedByServer();

  // False once the server closed the connection or an I/O error ended it.
  bool is_connected() const { return is_connected_; }

  // How many TCP connections this client has opened; stays 1 while keep-alive holds.
  int connections_opened() const { return connections_opened_; }

  // The bytes Send would write for `request`.
  std::string Serialize(const api::HttpRequest& request) const;

 private:
  bool EnsureConnected();
  void Disconnect();
  // Appends whatever arrives within the timeout to pending_; false on close, error or timeout.
  bool ReadMore();
  // Reads up to the blank line ending a head and removes it from pending_; "" on failure.
  std::string ReadHead();

  uint16_t port_;
  std::chrono::milliseconds read_timeout_;
  boost::asio::io_context io_context_;
  boost::asio::ip::tcp::socket socket_;
  bool is_connected_ = false;
  bool is_reusable_ = true;  // false once a response said "Connection: close"
  int connections_opened_ = 0;
  std::string pending_;  // bytes read but not yet consumed by a response
};

// `chunks` in chunked transfer coding (RFC 9112 section 7.1), ending with the last chunk.
std::string ChunkedBody(const std::vector<std::string>& chunks);

// A request from its parts; the body is sent as given.
api::HttpRequest MakeRequest(std::string method, std::string target,
                             std::vector<api::Header> headers = {}, std::string body = {});

}  // namespace wsapp::testing
