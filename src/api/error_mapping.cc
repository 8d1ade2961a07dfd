#include "api/error_mapping.h"

#include <nlohmann/json.hpp>

namespace wsapp::api {
namespace {

constexpr size_t kMaxMessageChars = 255;

struct ReasonCode {
  std::string_view reason;
  int status;
  std::string_view wire_code;
};

// Reasons that refine a code into a specific status or wire code. Listed in docs/error-codes.md.
constexpr ReasonCode kReasonCodes[] = {
    {"malformed_body", 400, "WKS.00149901"},
    {"unsupported_media_type", 415, "WKS.00000415"},
    {"method_not_allowed", 405, "WKS.00000405"},
    {"body_too_large", 413, "APIG.0201"},
    {"app_not_found", 404, "WKS.00211902"},
    {"app_group_not_found", 404, "WSAPP.00010404"},
    {"server_group_not_found", 404, "WSAPP.00020404"},
    {"server_group_already_bound", 400, "WKS.00131105"},
    {"directory_account_not_found", 404, "WSAPP.00030404"},
    {"project_not_found", 404, "WSAPP.00040404"},
    {"route_not_found", 404, "APIG.0101"},
};

const ReasonCode* FindReason(const std::string& reason) {
  for (const ReasonCode& entry : kReasonCodes) {
    if (entry.reason == reason) {
      return &entry;
    }
  }
  return nullptr;
}

std::string GenericMessage(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "The parameter is invalid.";
    case ErrorCode::kNotFound:
      return "The resource does not exist.";
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kFailedPrecondition:
      return "The request could not be completed due to a conflict of the resource.";
    case ErrorCode::kUnauthenticated:
      return "Incorrect IAM authentication information";
    case ErrorCode::kPermissionDenied:
      return "User does not have permission to access this resource.";
    case ErrorCode::kResourceExhausted:
      return "The quota is exceeded.";
    case ErrorCode::kUnavailable:
      return "The service is now unavailable to process the request.";
    case ErrorCode::kInternal:
      return "The requested operation failed. Please try again later.";
  }
  return "The requested operation failed.";
}

std::string TruncateChars(const std::string& text, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xc0) != 0x80 && chars++ == max_chars) {
      return text.substr(0, i);
    }
  }
  return text;
}

std::string KeystoneTitle(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Request Entity Too Large";
    case 415:
      return "Unsupported Media Type";
    case 503:
      return "Service Unavailable";
    default:
      return "Internal Server Error";
  }
}

}  // namespace

int HttpStatusFor(const Error& error) {
  if (const ReasonCode* entry = FindReason(error.reason)) {
    return entry->status;
  }
  switch (error.code) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kResourceExhausted:
      return 400;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kFailedPrecondition:
      return 409;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

std::string WireCodeFor(const Error& error) {
  if (const ReasonCode* entry = FindReason(error.reason)) {
    return std::string(entry->wire_code);
  }
  switch (error.code) {
    case ErrorCode::kInvalidArgument:
      return "WKS.00211102";
    case ErrorCode::kResourceExhausted:
      return "WSAPP.00010400";
    case ErrorCode::kUnauthenticated:
      return "APIG.0301";
    case ErrorCode::kPermissionDenied:
      return "WKS.00081102";
    case ErrorCode::kNotFound:
      return "WSAPP.00000404";
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kFailedPrecondition:
      return "WKS.00211103";
    case ErrorCode::kUnavailable:
      return "WKS.00050902";
    case ErrorCode::kInternal:
      return "WKS.00211401";
  }
  return "WKS.00211401";
}

std::string PublicMessageFor(const Error& error) {
  std::string message;
  if (error.code == ErrorCode::kInternal || error.public_message.empty()) {
    message = GenericMessage(error.code);
  } else if (error.code == ErrorCode::kUnauthenticated) {
    message = "Incorrect IAM authentication information: " + error.public_message;
  } else {
    message = error.public_message;
  }
  return TruncateChars(message, kMaxMessageChars);
}

std::string IamWireCodeFor(const Error& error) {
  // Vendor codes (api-iam5 "Error Codes"); the rest are the project's, in docs/error-codes.md.
  if (error.reason == "permission_denied" || error.code == ErrorCode::kPermissionDenied) {
    return "PAP5.0001";
  }
  if (error.reason == "invalid_marker") {
    return "PAP5.0010";
  }
  if (error.reason == "malformed_policy_document") {
    return "PAP5.0011";
  }
  if (error.reason == "invalid_path") {
    return "PAP5.0030";
  }
  switch (HttpStatusFor(error)) {
    case 400:
      return "WSAPP.00060400";
    case 401:
      return "APIG.0301";
    case 404:
      return "WSAPP.00060404";
    case 405:
      return "WSAPP.00060405";
    case 409:
      return "WSAPP.00060409";
    case 413:
      return "APIG.0201";
    case 415:
      return "WSAPP.00060415";
    case 503:
      return "WSAPP.00060503";
    default:
      return "WSAPP.00060500";
  }
}

HttpResponse ErrorResponse(const Error& error, ErrorShape shape, const std::string& request_id) {
  HttpResponse response;
  response.status = HttpStatusFor(error);
  nlohmann::json body;
  if (shape == ErrorShape::kIamV5) {
    body = {{"error_code", IamWireCodeFor(error)},
            {"error_msg", PublicMessageFor(error)},
            {"request_id", request_id}};
  } else if (shape == ErrorShape::kKeystone) {
    body = {{"error",
             {{"code", response.status},
              {"message", PublicMessageFor(error)},
              {"title", KeystoneTitle(response.status)}}}};
  } else {
    body = {{"error_code", WireCodeFor(error)}, {"error_msg", PublicMessageFor(error)}};
  }
  // Replace, never throw: an echoed input must not make the error body itself invalid.
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  response.SetHeader("Content-Type", "application/json");
  return response;
}

HttpResponse TransportErrorResponse(int status, const std::string& message) {
  HttpResponse response;
  response.status = status;
  std::string code = status == 413 || status == 431 || status == 414 ? "APIG.0201"
                     : status >= 500                                 ? "WKS.00211401"
                                                                     : "WKS.00149901";
  nlohmann::json body = {{"error_code", code},
                         {"error_msg", TruncateChars(message, kMaxMessageChars)}};
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  response.SetHeader("Content-Type", "application/json");
  response.close_connection = true;
  return response;
}

}  // namespace wsapp::api
