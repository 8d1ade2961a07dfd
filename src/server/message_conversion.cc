#include "server/message_conversion.h"

#include <boost/beast/core/string.hpp>
#include <string_view>
#include <utility>

#include "common/log.h"

namespace wsapp::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;

constexpr int kMinFinalStatus = 200;
constexpr int kMaxStatus = 599;

// Framing is decided here, so a handler cannot contradict the body we actually send.
bool IsFramingHeader(std::string_view name) {
  return beast::iequals(name, "Content-Length") || beast::iequals(name, "Transfer-Encoding") ||
         beast::iequals(name, "Connection");
}

// CR or LF in a name or value would let one header smuggle more headers or a second response.
bool HasLineBreak(std::string_view text) { return text.find_first_of("\r\n") != text.npos; }

bool MayCarryBody(int status) { return status >= 200 && status != 204 && status != 304; }

int CheckedStatus(int status) {
  if (status >= kMinFinalStatus && status <= kMaxStatus) {
    return status;
  }
  log::Error("handler returned invalid status", {{"status", std::to_string(status)}});
  return 500;
}

}  // namespace

api::HttpRequest ToApiRequest(BeastRequest&& message, size_t header_field_count,
                              const std::string& remote_ip) {
  api::HttpRequest request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  for (const auto& field : message) {
    if (request.headers.size() == header_field_count) {
      break;
    }
    request.headers.push_back({std::string(field.name_string()), std::string(field.value())});
  }
  request.body = std::move(message.body());
  request.remote_ip = remote_ip;
  return request;
}

BeastResponse ToBeastResponse(api::HttpResponse&& reply, unsigned version, bool is_head,
                              bool keep_alive) {
  BeastResponse response;
  response.version(version);
  const int status = CheckedStatus(reply.status);
  response.result(static_cast<unsigned>(status));
  for (const api::Header& header : reply.headers) {
    if (IsFramingHeader(header.name)) {
      continue;
    }
    if (HasLineBreak(header.name) || HasLineBreak(header.value)) {
      log::Error("dropped response header with line break", {{"status", std::to_string(status)}});
      continue;
    }
    response.insert(header.name, header.value);
  }

  if (MayCarryBody(status)) {
    response.content_length(reply.body.size());
    if (!is_head) {
      response.body() = std::move(reply.body);
    }
  }
  response.keep_alive(keep_alive);
  return response;
}

}  // namespace wsapp::server
