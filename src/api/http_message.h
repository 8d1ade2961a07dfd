#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wsapp::api {

// A header field as received: the name keeps its case, the value is verbatim.
struct Header {
  std::string name;
  std::string value;
};

// An HTTP request after framing (de-chunked body), independent of the HTTP library.
struct HttpRequest {
  std::string method;  // upper case as received, e.g. "POST"
  std::string target;  // raw request target: path and query, still percent-encoded
  std::vector<Header> headers;
  std::string body;       // raw body bytes exactly as received (after de-chunking)
  std::string remote_ip;  // peer address, for logs and conditions

  // Returns the value of the first header whose name equals `name` ignoring ASCII case, or
  // nullptr.
  const std::string* FindHeader(std::string_view name) const;
  // How many header fields are named `name`, ignoring ASCII case.
  size_t CountHeader(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::vector<Header> headers;
  std::string body;
  // Set to close the connection after this response (the server also closes on framing errors).
  bool close_connection = false;

  void SetHeader(std::string name, std::string value);
};

}  // namespace wsapp::api
