#include "api/multipart.h"

#include <utility>

namespace wsapp::api {
namespace {

constexpr std::string_view kFormData = "multipart/form-data";
constexpr std::string_view kCrlf = "\r\n";
constexpr size_t kMaxBoundaryChars = 70;
// A part's headers are a few short lines; this bounds the work on a hostile body.
constexpr size_t kMaxPartHeaderBytes = 8 * 1024;

struct Parameter {
  std::string name;  // lower case
  std::string value;
};

Error Malformed(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, "multipart body: " + message, "malformed_body");
}

char ToLowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string ToLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    c = ToLowerAscii(c);
  }
  return lower;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) { return ToLower(a) == ToLower(b); }

bool IsSpaceOrTab(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpaceOrTab(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && IsSpaceOrTab(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

// RFC 9110 token characters, for header and parameter names.
bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
    return true;
  }
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool IsToken(std::string_view text) {
  if (text.empty()) {
    return false;
  }
  for (char c : text) {
    if (!IsTokenChar(c)) {
      return false;
    }
  }
  return true;
}

// RFC 2046 bchars.
bool IsBoundaryChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
    return true;
  }
  return std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

// A quoted-string starting at text[*at] == '"'. Only \" and \\ are escapes: browsers and
// Windows clients put raw backslashes in file names, which must survive.
Result<std::string> ReadQuoted(std::string_view text, size_t* at) {
  std::string value;
  for (size_t i = *at + 1; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      *at = i + 1;
      return value;
    }
    if (c == '\\' && i + 1 < text.size() && (text[i + 1] == '"' || text[i + 1] == '\\')) {
      c = text[++i];
    } else if (c == '\r' || c == '\n') {
      break;
    }
    value.push_back(c);
  }
  return Malformed("a quoted parameter value is not closed");
}

// Parses `; name=value` pairs (value a token or quoted string) after a media type or
// disposition type. A trailing ';' is tolerated. Names are returned in lower case.
Result<std::vector<Parameter>> ParseParameters(std::string_view text) {
  std::vector<Parameter> parameters;
  size_t at = 0;
  auto skip_spaces = [&] {
    while (at < text.size() && IsSpaceOrTab(text[at])) {
      ++at;
    }
  };
  while (true) {
    skip_spaces();
    if (at == text.size()) {
      return parameters;
    }
    if (text[at] != ';') {
      return Malformed("parameters must be separated by ';'");
    }
    ++at;
    skip_spaces();
    if (at == text.size()) {
      return parameters;
    }
    size_t equals = text.find('=', at);
    if (equals == std::string_view::npos || !IsToken(Trim(text.substr(at, equals - at)))) {
      return Malformed("a parameter is not of the form name=value");
    }
    Parameter parameter{ToLower(Trim(text.substr(at, equals - at))), {}};
    at = equals + 1;
    skip_spaces();
    if (at < text.size() && text[at] == '"') {
      WSAPP_ASSIGN_OR_RETURN(parameter.value, ReadQuoted(text, &at));
    } else {
      size_t end = at;
      while (end < text.size() && text[end] != ';' && !IsSpaceOrTab(text[end])) {
        ++end;
      }
      parameter.value = std::string(text.substr(at, end - at));
      at = end;
    }
    for (const Parameter& earlier : parameters) {
      if (earlier.name == parameter.name) {
        return Malformed("the parameter " + parameter.name + " is repeated");
      }
    }
    parameters.push_back(std::move(parameter));
  }
}

const Parameter* FindParameter(const std::vector<Parameter>& parameters, std::string_view name) {
  for (const Parameter& parameter : parameters) {
    if (parameter.name == name) {
      return &parameter;
    }
  }
  return nullptr;
}

Status CheckBoundary(std::string_view boundary) {
  if (boundary.empty() || boundary.size() > kMaxBoundaryChars || boundary.back() == ' ') {
    return Malformed("the boundary must have 1 to 70 characters and not end with a space");
  }
  for (char c : boundary) {
    if (!IsBoundaryChar(c)) {
      return Malformed("the boundary has a character RFC 2046 does not allow");
    }
  }
  return OkStatus();
}

// Applies one header line of a part to `part`. `seen_*` catch repeated headers.
Status ApplyPartHeader(std::string_view line, FormPart& part, bool* seen_disposition,
                       bool* seen_type) {
  if (IsSpaceOrTab(line.front())) {
    return Malformed("folded header lines are not accepted");
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos || !IsToken(line.substr(0, colon))) {
    return Malformed("a part header line is not of the form Name: value");
  }
  std::string_view name = line.substr(0, colon);
  std::string_view value = Trim(line.substr(colon + 1));
  if (EqualsIgnoreCase(name, "Content-Disposition")) {
    if (*seen_disposition) {
      return Malformed("a part has two Content-Disposition headers");
    }
    *seen_disposition = true;
    size_t semicolon = value.find(';');
    if (!EqualsIgnoreCase(Trim(value.substr(0, semicolon)), "form-data")) {
      return Malformed("a part's Content-Disposition must be form-data");
    }
    std::string_view rest =
        semicolon == std::string_view::npos ? std::string_view() : value.substr(semicolon);
    WSAPP_ASSIGN_OR_RETURN(std::vector<Parameter> parameters, ParseParameters(rest));
    const Parameter* field_name = FindParameter(parameters, "name");
    if (field_name == nullptr || field_name->value.empty()) {
      return Malformed("a part's Content-Disposition has no name");
    }
    part.name = field_name->value;
    if (const Parameter* filename = FindParameter(parameters, "filename")) {
      part.filename = filename->value;
    }
    return OkStatus();
  }
  if (EqualsIgnoreCase(name, "Content-Type")) {
    if (*seen_type) {
      return Malformed("a part has two Content-Type headers");
    }
    *seen_type = true;
    part.content_type = std::string(value);
    return OkStatus();
  }
  if (EqualsIgnoreCase(name, "Content-Transfer-Encoding") &&
      !EqualsIgnoreCase(value, "binary") && !EqualsIgnoreCase(value, "8bit") &&
      !EqualsIgnoreCase(value, "7bit")) {
    return Malformed("Content-Transfer-Encoding " + std::string(value) + " is not supported");
  }
  return OkStatus();
}

// Reads the header lines of a part starting at `*at`, up to and including the empty line.
Status ReadPartHeaders(std::string_view body, size_t* at, FormPart& part) {
  bool seen_disposition = false;
  bool seen_type = false;
  const size_t start = *at;
  while (true) {
    size_t line_end = body.find(kCrlf, *at);
    if (line_end == std::string_view::npos || line_end - start > kMaxPartHeaderBytes) {
      return Malformed("a part's headers do not end with an empty line");
    }
    std::string_view line = body.substr(*at, line_end - *at);
    *at = line_end + kCrlf.size();
    if (line.empty()) {
      break;
    }
    if (line.find_first_of("\r\n") != std::string_view::npos) {
      return Malformed("a part header line has a bare CR or LF");
    }
    WSAPP_RETURN_IF_ERROR(ApplyPartHeader(line, part, &seen_disposition, &seen_type));
  }
  if (!seen_disposition) {
    return Malformed("a part has no Content-Disposition header");
  }
  return OkStatus();
}

// After a delimiter: true for the closing one ("--"), false for one that opens a part (optional
// spaces or tabs, then CRLF). `*at` moves past the delimiter line.
Result<bool> ReadDelimiterEnd(std::string_view body, size_t* at) {
  if (body.substr(*at, 2) == "--") {
    *at += 2;
    return true;
  }
  while (*at < body.size() && IsSpaceOrTab(body[*at])) {
    ++*at;
  }
  if (body.substr(*at, kCrlf.size()) != kCrlf) {
    return Malformed("a delimiter line must end with CRLF");
  }
  *at += kCrlf.size();
  return false;
}

}  // namespace

Result<std::string> FormDataBoundary(const std::string* content_type) {
  std::string_view value = content_type == nullptr ? std::string_view() : *content_type;
  size_t semicolon = value.find(';');
  if (content_type == nullptr || !EqualsIgnoreCase(Trim(value.substr(0, semicolon)), kFormData)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "The server does not support the media type of the request payload; use "
                     "multipart/form-data.",
                     "unsupported_media_type");
  }
  std::string_view rest =
      semicolon == std::string_view::npos ? std::string_view() : value.substr(semicolon);
  WSAPP_ASSIGN_OR_RETURN(std::vector<Parameter> parameters, ParseParameters(rest));
  const Parameter* boundary = FindParameter(parameters, "boundary");
  if (boundary == nullptr) {
    return Malformed("the Content-Type has no boundary parameter");
  }
  WSAPP_RETURN_IF_ERROR(CheckBoundary(boundary->value));
  return boundary->value;
}

Result<std::vector<FormPart>> ParseFormData(std::string_view body, std::string_view boundary,
                                            size_t max_parts) {
  WSAPP_RETURN_IF_ERROR(CheckBoundary(boundary));
  const std::string dash_boundary = "--" + std::string(boundary);
  const std::string delimiter = std::string(kCrlf) + dash_boundary;

  // The first delimiter opens the body or follows a preamble that ends with CRLF.
  size_t at = 0;
  if (body.substr(0, dash_boundary.size()) == dash_boundary) {
    at = dash_boundary.size();
  } else {
    size_t found = body.find(delimiter);
    if (found == std::string_view::npos) {
      return Malformed("no delimiter line --" + std::string(boundary) + " was found");
    }
    at = found + delimiter.size();
  }

  std::vector<FormPart> parts;
  while (true) {
    WSAPP_ASSIGN_OR_RETURN(bool is_closing, ReadDelimiterEnd(body, &at));
    if (is_closing) {
      return parts;
    }
    if (parts.size() == max_parts) {
      return Malformed("more than " + std::to_string(max_parts) + " parts");
    }
    FormPart part;
    WSAPP_RETURN_IF_ERROR(ReadPartHeaders(body, &at, part));
    size_t next = body.find(delimiter, at);
    if (next == std::string_view::npos) {
      return Malformed("the closing delimiter --" + std::string(boundary) + "-- is missing");
    }
    part.body = std::string(body.substr(at, next - at));
    parts.push_back(std::move(part));
    at = next + delimiter.size();
  }
}

}  // namespace wsapp::api
