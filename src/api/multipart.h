#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace wsapp::api {

// One part of a multipart/form-data body (RFC 7578).
struct FormPart {
  std::string name;                     // Content-Disposition's `name`
  std::optional<std::string> filename;  // Content-Disposition's `filename`, when sent
  std::string content_type;             // the part's Content-Type, "" when it has none
  std::string body;                     // the part's bytes, exactly as sent
};

// The boundary of a request whose Content-Type is multipart/form-data (type and subtype in any
// case), from its `boundary` parameter, quoted or not (RFC 2046 section 5.1.1: 1 to 70
// characters of its boundary alphabet, not ending with a space).
// Errors: kInvalidArgument with reason "unsupported_media_type" when `content_type` is null or
// another media type; reason "malformed_body" when the boundary parameter is missing, repeated
// or not valid, or the parameters do not parse.
Result<std::string> FormDataBoundary(const std::string* content_type);

// Splits `body` into its parts (RFC 2046 section 5.1.1, RFC 7578). A preamble before the first
// delimiter and an epilogue after the closing one are ignored; lines end with CRLF. Each part
// must have a `Content-Disposition: form-data` header with a `name`; header names are matched
// ignoring case; a Content-Transfer-Encoding other than 7bit, 8bit or binary is refused.
// Part bodies are returned byte for byte. At most `max_parts` parts.
// Errors: kInvalidArgument with reason "malformed_body" and a message saying what is wrong
// (no delimiter, no closing delimiter, a bare LF, a header without a colon, a folded header
// line, a missing or invalid Content-Disposition, too many parts, ...).
Result<std::vector<FormPart>> ParseFormData(std::string_view body, std::string_view boundary,
                                            size_t max_parts = 16);

}  // namespace wsapp::api
