#include "support/http_client.h"

#include <poll.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <cctype>
#include <charconv>
#include <cstdio>

namespace wsapp::testing {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr size_t kReadChunkBytes = 4096;

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

const std::string* FindIn(const std::vector<api::Header>& headers, std::string_view name) {
  for (const api::Header& header : headers) {
    if (EqualsIgnoreCase(header.name, name)) {
      return &header.value;
    }
  }
  return nullptr;
}

// Parses "HTTP/1.1 200 OK\r\nName: value\r\n...\r\n\r\n". Returns false when it is no response.
bool ParseHead(std::string_view head, ClientResponse& response) {
  size_t line_end = head.find("\r\n");
  std::string_view status_line = head.substr(0, line_end);
  if (status_line.size() < 12 || status_line.substr(0, 5) != "HTTP/") {
    return false;
  }
  std::string_view code = status_line.substr(9, 3);
  auto [end, error] = std::from_chars(code.data(), code.data() + code.size(), response.status);
  if (error != std::errc() || end != code.data() + code.size()) {
    response.status = 0;
    return false;
  }
  size_t position = line_end + 2;
  while (position < head.size()) {
    size_t next = head.find("\r\n", position);
    if (next == std::string_view::npos || next == position) {
      break;
    }
    std::string_view line = head.substr(position, next - position);
    size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      response.headers.push_back(
          {std::string(line.substr(0, colon)), std::string(Trim(line.substr(colon + 1)))});
    }
    position = next + 2;
  }
  return true;
}

bool IsBodyless(int status, bool is_head) {
  return is_head || status < 200 || status == 204 || status == 304;
}

bool NeedsContentLength(const api::HttpRequest& request) {
  if (FindIn(request.headers, "Content-Length") != nullptr ||
      FindIn(request.headers, "Transfer-Encoding") != nullptr) {
    return false;
  }
  return !request.body.empty() || request.method == "POST" || request.method == "PUT" ||
         request.method == "PATCH";
}

}  // namespace

const std::string* ClientResponse::FindHeader(std::string_view name) const {
  return FindIn(headers, name);
}

std::string ClientResponse::Header(std::string_view name) const {
  const std::string* value = FindHeader(name);
  return value == nullptr ? std::string() : *value;
}

nlohmann::json ClientResponse::Json() const {
  return nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
}

HttpClient::HttpClient(uint16_t port, std::chrono::milliseconds read_timeout)
    : port_(port), read_timeout_(read_timeout), socket_(io_context_) {}

std::string HttpClient::Serialize(const api::HttpRequest& request) const {
  std::string bytes = request.method + " " + request.target + " HTTP/1.1\r\n";
  if (FindIn(request.headers, "Host") == nullptr) {
    bytes += "Host: 127.0.0.1:" + std::to_string(port_) + "\r\n";
  }
  for (const api::Header& header : request.headers) {
    bytes += header.name + ": " + header.value + "\r\n";
  }
  if (NeedsContentLength(request)) {
    bytes += "Content-Length: " + std::to_string(request.body.size()) + "\r\n";
  }
  bytes += "\r\n";
  bytes += request.body;
  return bytes;
}

ClientResponse HttpClient::Send(const api::HttpRequest& request) {
  if (!SendRaw(Serialize(request))) {
    return {};
  }
  return ReadResponse(request.method == "HEAD");
}

bool HttpClient::SendRaw(std::string_view bytes) {
  if (!EnsureConnected()) {
    return false;
  }
  boost::system::error_code ec;
  net::write(socket_, net::buffer(bytes.data(), bytes.size()), ec);
  if (ec) {
    Disconnect();
    return false;
  }
  return true;
}

ClientResponse HttpClient::ReadResponse(bool is_head) {
  ClientResponse response;
  std::string head = ReadHead();
  if (head.empty() || !ParseHead(head, response)) {
    Disconnect();
    return {};
  }
  const bool closes = EqualsIgnoreCase(response.Header("Connection"), "close");
  if (!IsBodyless(response.status, is_head)) {
    const std::string* length = response.FindHeader("Content-Length");
    if (length != nullptr) {
      size_t body_bytes = 0;
      std::from_chars(length->data(), length->data() + length->size(), body_bytes);
      while (pending_.size() < body_bytes && ReadMore()) {
      }
      if (pending_.size() < body_bytes) {
        Disconnect();
        return {};
      }
      response.body = pending_.substr(0, body_bytes);
      pending_.erase(0, body_bytes);
    } else {
      while (ReadMore()) {
      }
      response.body = std::move(pending_);
      pending_.clear();
    }
  }
  // The next request needs a new connection; IsClosedByServer can still watch this one close.
  is_reusable_ = !closes;
  return response;
}

bool HttpClient::IsClosedByServer() {
  if (!pending_.empty()) {
    return false;
  }
  return !ReadMore() && !is_connected_;
}

bool HttpClient::EnsureConnected() {
  if (is_connected_ && is_reusable_) {
    return true;
  }
  Disconnect();
  pending_.clear();
  boost::system::error_code ec;
  socket_ = tcp::socket(io_context_);
  socket_.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port_), ec);
  if (ec) {
    return false;
  }
  is_connected_ = true;
  is_reusable_ = true;
  ++connections_opened_;
  return true;
}

void HttpClient::Disconnect() {
  boost::system::error_code ignored;
  socket_.close(ignored);
  is_connected_ = false;
}

bool HttpClient::ReadMore() {
  if (!is_connected_) {
    return false;
  }
  pollfd descriptor{socket_.native_handle(), POLLIN, 0};
  int ready = ::poll(&descriptor, 1, static_cast<int>(read_timeout_.count()));
  if (ready <= 0) {
    return false;
  }
  char chunk[kReadChunkBytes];
  boost::system::error_code ec;
  size_t received = socket_.read_some(net::buffer(chunk), ec);
  if (ec || received == 0) {
    Disconnect();
    return false;
  }
  pending_.append(chunk, received);
  return true;
}

std::string HttpClient::ReadHead() {
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

std::string ChunkedBody(const std::vector<std::string>& chunks) {
  std::string encoded;
  for (const std::string& chunk : chunks) {
    char size[20];
    std::snprintf(size, sizeof(size), "%zx", chunk.size());
    encoded += std::string(size) + "\r\n" + chunk + "\r\n";
  }
  return encoded + "0\r\n\r\n";
}

api::HttpRequest MakeRequest(std::string method, std::string target,
                             std::vector<api::Header> headers, std::string body) {
  api::HttpRequest request;
  request.method = std::move(method);
  request.target = std::move(target);
  request.headers = std::move(headers);
  request.body = std::move(body);
  return request;
}

}  // namespace wsapp::testing
