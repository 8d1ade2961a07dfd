#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>
#include <string>

#include "api/http_message.h"

namespace wsapp::server {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;

// Copies a parsed request into the library-neutral form: method and target as received (the
// target stays percent-encoded), headers in received order with their names' case, the
// de-chunked body (moved out of `message`). Fields past the first `header_field_count` are chunked
// trailers and are dropped: merged in, a field sent after the body could pose as a header.
api::HttpRequest ToApiRequest(BeastRequest&& message, size_t header_field_count,
                              const std::string& remote_ip);

// Builds the wire reply. The server owns framing: Content-Length always reflects the handler's
// body (none for 1xx/204/304), the handler's own framing headers are dropped, and a HEAD reply
// carries no body bytes. A status outside 200..599 becomes 500.
BeastResponse ToBeastResponse(api::HttpResponse&& reply, unsigned version, bool is_head,
                              bool keep_alive);

}  // namespace wsapp::server
