#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "api/http_message.h"
#include "common/result.h"

namespace wsapp::server {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port; see HttpServer::port()
  int threads = 0;       // 0 means one per core
  size_t max_body_bytes = 1024 * 1024;     // 413 beyond it (D18)
  size_t max_header_bytes = 16 * 1024;     // 431 beyond it (D18)
  int header_timeout_seconds = 30;         // whole request head must arrive within this
  int body_timeout_seconds = 60;           // whole body must arrive within this
  int idle_timeout_seconds = 75;           // keep-alive connection idle limit
};

// Produces the reply for one request. Called on a server thread; must be thread-safe. Must not
// throw (the server still catches, logs at error and answers 500).
using RequestHandler = std::function<api::HttpResponse(const api::HttpRequest&)>;

// Builds the reply for a request the server rejects itself before it reaches the handler
// (413, 431, 400 for bad framing, 408 on a timeout). Lets the API layer keep its error shape.
using ErrorReplyBuilder = std::function<api::HttpResponse(int status, const std::string& message)>;

// HTTP/1.1 server on Boost.Beast: keep-alive, chunked bodies, Expect: 100-continue, size limits
// and timeouts on every connection. A request that breaks a limit gets its 4xx and the
// connection closes.
class HttpServer {
 public:
  HttpServer(HttpServerOptions options, RequestHandler handler, ErrorReplyBuilder error_reply);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens. Errors: kInvalidArgument (bad address), kUnavailable (bind failed).
  Status Start();

  // The bound port (useful with port 0). Requires: Start() succeeded.
  uint16_t port() const;

  // Runs the worker threads until Stop() and the drain finish. Blocks the caller.
  void Run();

  // Stops accepting, lets requests in flight finish and their replies go out, then makes Run()
  // return. Safe to call from any thread or a signal handler thread, more than once.
  void Stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wsapp::server
