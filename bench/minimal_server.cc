// wsapp_bench_minimal_server: the request-handling ceiling. An HTTP/1.1 keep-alive server on the
// same library as wsappd (Boost.Beast over Asio, one strand per connection, the same number of
// worker threads) that frames each request and answers a fixed `200 {}` (or, with --body-bytes, a
// fixed body as large as a real reply): no routing, no JSON, no authentication, no store, no
// logging.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace wsapp::bench {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

using Response = http::response<http::string_body>;

// Built once; every reply is a copy with only keep-alive set per request. With `body_bytes`
// above 2 the body is a JSON object of that many bytes (`{"pad":"xx…"}`), for a reference that
// sends as much as a real reply.
Response FixedReply(size_t body_bytes) {
  Response reply{http::status::ok, 11};
  reply.set(http::field::content_type, "application/json");
  constexpr size_t kPadFrame = 10;  // {"pad":""}
  reply.body() = body_bytes > kPadFrame
                     ? "{\"pad\":\"" + std::string(body_bytes - kPadFrame, 'x') + "\"}"
                     : std::string("{}");
  reply.prepare_payload();
  return reply;
}

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, const Response& fixed_reply)
      : stream_(std::move(socket)), fixed_reply_(fixed_reply) {}

  void Start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->DoRead(); });
  }

 private:
  void DoRead() {
    request_ = {};
    http::async_read(
        stream_, buffer_, request_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec) {
      Close();
      return;
    }
    reply_ = fixed_reply_;
    reply_.keep_alive(request_.keep_alive());
    http::async_write(stream_, reply_,
                      [self = shared_from_this()](beast::error_code write_ec, size_t) {
                        self->OnWrite(write_ec);
                      });
  }

  void OnWrite(beast::error_code ec) {
    if (ec || !reply_.keep_alive()) {
      Close();
      return;
    }
    DoRead();
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  const Response& fixed_reply_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  Response reply_;
};

class Listener {
 public:
  Listener(net::io_context& context, const tcp::endpoint& endpoint, size_t body_bytes)
      : context_(context),
        acceptor_(net::make_strand(context)),
        fixed_reply_(FixedReply(body_bytes)) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
  }

  uint16_t port() const { return acceptor_.local_endpoint().port(); }

  void DoAccept() {
    acceptor_.async_accept(
        net::make_strand(context_), [this](beast::error_code ec, tcp::socket socket) {
          if (!ec) {
            std::make_shared<Connection>(std::move(socket), fixed_reply_)->Start();
          }
          DoAccept();
        });
  }

 private:
  net::io_context& context_;
  tcp::acceptor acceptor_;
  const Response fixed_reply_;
};

// Throws on a bad address or a failed bind; main reports it.
int Serve(const std::string& host, uint16_t port, int threads, const std::string& port_file,
          size_t body_bytes) {
  const int thread_count =
      threads > 0 ? threads : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  net::io_context context(thread_count);
  Listener listener(context, tcp::endpoint(net::ip::make_address(host), port), body_bytes);
  listener.DoAccept();
  if (!port_file.empty()) {
    std::ofstream(port_file) << listener.port() << "\n";
  }
  std::vector<std::thread> workers;
  for (int i = 0; i < thread_count; ++i) {
    workers.emplace_back([&context] { context.run(); });
  }
  for (std::thread& worker : workers) {
    worker.join();
  }
  return 0;
}

}  // namespace
}  // namespace wsapp::bench

int main(int argc, char** argv) {
  std::string host = "127.0.0.1";
  uint16_t port = 0;
  int threads = 0;
  std::string port_file;
  size_t body_bytes = 0;
  CLI::App app{"wsapp_bench_minimal_server: answers 200 {} to every request"};
  app.add_option("--host", host);
  app.add_option("--port", port, "0 picks a free one");
  app.add_option("--threads", threads, "worker threads (0: one per core, as wsappd)");
  app.add_option("--port-file", port_file, "write the bound port there once listening");
  app.add_option("--body-bytes", body_bytes,
                 "answer a JSON body of this many bytes instead of {} (when above 10)");
  CLI11_PARSE(app, argc, argv);
  try {
    return wsapp::bench::Serve(host, port, threads, port_file, body_bytes);
  } catch (const std::exception& e) {
    std::cerr << "wsapp_bench_minimal_server: " << e.what() << std::endl;
    return 1;
  }
}
