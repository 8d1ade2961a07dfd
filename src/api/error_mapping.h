#pragma once

#include <string>

#include "api/http_message.h"
#include "common/result.h"

namespace wsapp::api {

// Which wire shape an error reply takes.
enum class ErrorShape {
  kWorkspace,  // {"error_code", "error_msg"} (D12)
  kKeystone,   // {"error": {"code", "message", "title"}} for the /v3 identity API
  kIamV5,      // {"error_code", "error_msg", "request_id"} for the /v5 IAM administration API
};

// The single place that maps error codes to HTTP statuses and wire error codes (D12; the
// project's own codes are listed in docs/error-codes.md).
int HttpStatusFor(const Error& error);
std::string WireCodeFor(const Error& error);

// The client-facing message: the error's public text, or a generic one for its code. Internal
// detail never appears. At most 255 characters, cut at a character boundary.
std::string PublicMessageFor(const Error& error);

// The wire error code of an IAM v5 reply: the vendor's PAP5 codes where the sources give one
// (access denied, invalid marker, malformed policy document), else the project's own.
std::string IamWireCodeFor(const Error& error);

// A complete JSON error reply in the given shape, with Content-Type set. `request_id` goes into
// the body of the kIamV5 shape.
HttpResponse ErrorResponse(const Error& error, ErrorShape shape,
                           const std::string& request_id = {});

// A reply for errors the HTTP layer detects itself (size limits, framing, timeouts).
HttpResponse TransportErrorResponse(int status, const std::string& message);

}  // namespace wsapp::api
