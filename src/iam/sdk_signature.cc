#include "iam/sdk_signature.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <utility>

#include "common/crypto.h"
#include "common/percent_encoding.h"

namespace wsapp::iam {
namespace {

constexpr std::string_view kSdkDateHeader = "X-Sdk-Date";
constexpr std::string_view kSdkDateName = "x-sdk-date";
constexpr std::string_view kContentSha256Header = "X-Sdk-Content-Sha256";
constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
constexpr std::string_view kAuthorizationHeader = "Authorization";

// Public reasons echo client-chosen text (header names); keep error_msg short and printable.
constexpr size_t kMaxEchoedBytes = 64;

Error Unauthenticated(std::string public_message, std::string reason,
                      std::string internal_detail = {}) {
  Error error =
      MakeError(ErrorCode::kUnauthenticated, std::move(public_message), std::move(reason));
  if (!internal_detail.empty()) {
    error.message += " (" + internal_detail + ")";
  }
  return error;
}

Error MalformedAuthorization(std::string internal_detail) {
  return Unauthenticated("malformed authorization header", "malformed_authorization",
                         std::move(internal_detail));
}

std::string Printable(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, kMaxEchoedBytes)) {
    out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  }
  return out;
}

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string ToLower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), AsciiLower);
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return AsciiLower(x) == AsciiLower(y);
         });
}

std::string_view Trim(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) {
    return {};
  }
  const size_t last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> pieces;
  size_t start = 0;
  while (true) {
    const size_t end = text.find(separator, start);
    pieces.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) {
      return pieces;
    }
    start = end + 1;
  }
}

bool IsWellFormedPercentEncoding(std::string_view text) {
  bool is_well_formed = true;
  PercentDecode(text, /*plus_is_space=*/false, &is_well_formed);
  return is_well_formed;
}

std::string Join(const std::vector<std::string>& pieces, char separator) {
  std::string out;
  for (size_t i = 0; i < pieces.size(); ++i) {
    if (i > 0) {
      out.push_back(separator);
    }
    out += pieces[i];
  }
  return out;
}

std::vector<std::string> SortedLowerNames(const std::vector<std::string>& names) {
  std::vector<std::string> lowered;
  lowered.reserve(names.size());
  for (const std::string& name : names) {
    lowered.push_back(ToLower(name));
  }
  std::sort(lowered.begin(), lowered.end());
  return lowered;
}

// One `name:value\n` line per signed header. Repeated fields are joined with ',' as HTTP
// allows (RFC 9110 section 5.3); values are trimmed but never normalized (C08).
Result<std::string> CanonicalHeaders(const api::HttpRequest& request,
                                     const std::vector<std::string>& sorted_names) {
  std::string out;
  for (const std::string& name : sorted_names) {
    std::optional<std::string> value;
    for (const api::Header& header : request.headers) {
      if (!EqualsIgnoreCase(header.name, name)) {
        continue;
      }
      value = value ? *value + "," : std::string();
      *value += Trim(header.value);
    }
    if (!value) {
      return Unauthenticated("signed header " + Printable(name) + " is missing",
                             "signed_header_missing");
    }
    out += name + ":" + *value + "\n";
  }
  return out;
}

std::string PayloadHash(const api::HttpRequest& request) {
  if (const std::string* declared = request.FindHeader(kContentSha256Header)) {
    return std::string(Trim(*declared));
  }
  return Sha256Hex(request.body);
}

std::optional<Clock::TimePoint> ParseSdkDate(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') {
    return std::nullopt;
  }
  int fields[6];
  const size_t starts[6] = {0, 4, 6, 9, 11, 13};
  const size_t lengths[6] = {4, 2, 2, 2, 2, 2};
  for (int f = 0; f < 6; ++f) {
    fields[f] = 0;
    for (char c : text.substr(starts[f], lengths[f])) {
      if (c < '0' || c > '9') {
        return std::nullopt;
      }
      fields[f] = fields[f] * 10 + (c - '0');
    }
  }
  using namespace std::chrono;
  const year_month_day date{year(fields[0]), month(fields[1]), day(fields[2])};
  if (!date.ok() || fields[3] > 23 || fields[4] > 59 || fields[5] > 59) {
    return std::nullopt;
  }
  return sys_days(date) + hours(fields[3]) + minutes(fields[4]) + seconds(fields[5]);
}

std::string FormatSdkDate(Clock::TimePoint time) {
  using namespace std::chrono;
  const auto whole_seconds = floor<seconds>(time);
  const auto day_start = floor<days>(whole_seconds);
  const year_month_day date{day_start};
  const hh_mm_ss clock_time{whole_seconds - day_start};
  char text[32];
  std::snprintf(text, sizeof(text), "%04d%02u%02uT%02d%02d%02dZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(clock_time.hours().count()),
                static_cast<int>(clock_time.minutes().count()),
                static_cast<int>(clock_time.seconds().count()));
  return text;
}

// Returns the X-Sdk-Date value to put in the string to sign once it is present, signed,
// well-formed and fresh. The date must be signed: otherwise a captured request could be
// replayed forever under a new date (C05).
Result<std::string> CheckSdkDate(const api::HttpRequest& request,
                                 const SdkAuthorization& authorization, Clock::TimePoint now,
                                 std::chrono::seconds max_skew) {
  const std::string* header = request.FindHeader(kSdkDateHeader);
  if (header == nullptr) {
    return Unauthenticated("x-sdk-date is missing", "sdk_date_missing");
  }
  const bool is_signed =
      std::any_of(authorization.signed_headers.begin(), authorization.signed_headers.end(),
                  [](const std::string& name) { return EqualsIgnoreCase(name, kSdkDateName); });
  if (!is_signed) {
    return Unauthenticated("x-sdk-date is not signed", "sdk_date_not_signed");
  }
  const std::string date(Trim(*header));
  const std::optional<Clock::TimePoint> signed_at = ParseSdkDate(date);
  if (!signed_at) {
    return Unauthenticated("invalid x-sdk-date format", "sdk_date_malformed");
  }

  auto times = [&] { return "signature time: " + date + ", server time: " + FormatSdkDate(now); };
  if (now - *signed_at > max_skew) {
    return Unauthenticated("signature expired, " + times(), "signature_expired");
  }
  if (*signed_at - now > max_skew) {
    return Unauthenticated("signature time is ahead of server time, " + times(),
                           "signature_not_yet_valid");
  }
  return date;
}

// A declared hash other than UNSIGNED-PAYLOAD replaces the body's hash in the signature, so
// it must describe the body actually received; otherwise the body would be unprotected.
Status CheckDeclaredPayloadHash(const api::HttpRequest& request) {
  const std::string* declared = request.FindHeader(kContentSha256Header);
  if (declared == nullptr || Trim(*declared) == kUnsignedPayload) {
    return OkStatus();
  }
  if (ToLower(Trim(*declared)) != Sha256Hex(request.body)) {
    return Unauthenticated("x-sdk-content-sha256 does not match the body", "payload_hash_mismatch");
  }
  return OkStatus();
}

Status AssignAuthorizationPart(std::string_view name, std::string_view value,
                               SdkAuthorization& authorization) {
  if (EqualsIgnoreCase(name, "Access") && authorization.access_key.empty()) {
    authorization.access_key = std::string(value);
    return OkStatus();
  }
  if (EqualsIgnoreCase(name, "Signature") && authorization.signature.empty()) {
    authorization.signature = ToLower(value);
    return OkStatus();
  }
  if (!EqualsIgnoreCase(name, "SignedHeaders") || !authorization.signed_headers.empty()) {
    return MalformedAuthorization("unexpected or repeated part " + Printable(name));
  }
  for (std::string_view header_name : Split(value, ';')) {
    if (Trim(header_name).empty()) {
      return MalformedAuthorization("empty name in SignedHeaders");
    }
    authorization.signed_headers.push_back(ToLower(Trim(header_name)));
  }
  return OkStatus();
}

}  // namespace

bool IsSdkHmacAuthorization(std::string_view authorization_value) {
  const std::string_view value = Trim(authorization_value);
  if (value.size() < kSdkHmacSha256.size() ||
      !EqualsIgnoreCase(value.substr(0, kSdkHmacSha256.size()), kSdkHmacSha256)) {
    return false;
  }
  return value.size() == kSdkHmacSha256.size() || value[kSdkHmacSha256.size()] == ' ' ||
         value[kSdkHmacSha256.size()] == '\t';
}

Result<SdkAuthorization> ParseSdkAuthorization(std::string_view authorization_value) {
  if (!IsSdkHmacAuthorization(authorization_value)) {
    return MalformedAuthorization("scheme is not SDK-HMAC-SHA256");
  }

  const std::string_view parts = Trim(authorization_value).substr(kSdkHmacSha256.size());
  SdkAuthorization authorization;
  for (std::string_view part : Split(parts, ',')) {
    const size_t equals = part.find('=');
    if (equals == std::string_view::npos) {
      return MalformedAuthorization("part without '='");
    }
    const std::string_view value = Trim(part.substr(equals + 1));
    if (value.empty()) {
      return MalformedAuthorization("empty value");
    }
    WSAPP_RETURN_IF_ERROR(
        AssignAuthorizationPart(Trim(part.substr(0, equals)), value, authorization));
  }

  if (authorization.access_key.empty() || authorization.signature.empty() ||
      authorization.signed_headers.empty()) {
    return MalformedAuthorization("Access, SignedHeaders or Signature missing");
  }
  return authorization;
}

std::string CanonicalUri(std::string_view raw_path) {
  // The SDKs unquote leniently, so a stray '%' is kept and then encoded as %25.
  bool is_well_formed = true;
  const std::string decoded = PercentDecode(raw_path, /*plus_is_space=*/false, &is_well_formed);

  std::vector<std::string> segments;
  for (std::string_view segment : Split(decoded, '/')) {
    segments.push_back(PercentEncodeUnreserved(segment));
  }
  std::string out = Join(segments, '/');
  if (out.empty() || out.back() != '/') {
    out.push_back('/');
  }
  return out;
}

Result<std::string> CanonicalQuery(std::string_view raw_query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  bool is_well_formed = true;
  for (std::string_view piece : Split(raw_query, '&')) {
    // Empty pieces ("a=1&&b=2", a trailing '&') carry no parameter; the SDKs never send them.
    if (piece.empty()) {
      continue;
    }
    const size_t equals = piece.find('=');
    const std::string_view key = piece.substr(0, equals);
    const std::string_view value =
        equals == std::string_view::npos ? std::string_view() : piece.substr(equals + 1);
    pairs.emplace_back(PercentDecode(key, /*plus_is_space=*/true, &is_well_formed),
                       PercentDecode(value, /*plus_is_space=*/true, &is_well_formed));
  }
  if (!is_well_formed) {
    return Unauthenticated("malformed query string", "malformed_query");
  }

  // The SDKs sort the decoded keys and values before encoding them, which differs from sorting
  // the encoded text for characters above the unreserved ones (for example '{' and 'a').
  std::sort(pairs.begin(), pairs.end());
  std::vector<std::string> encoded;
  encoded.reserve(pairs.size());
  for (const auto& [key, value] : pairs) {
    encoded.push_back(PercentEncodeUnreserved(key) + "=" + PercentEncodeUnreserved(value));
  }
  return Join(encoded, '&');
}

Result<std::string> CanonicalRequest(const api::HttpRequest& request,
                                     const std::vector<std::string>& signed_headers) {
  const size_t question = request.target.find('?');
  const std::string_view target = request.target;
  const std::string_view raw_path = target.substr(0, question);
  const std::string_view raw_query =
      question == std::string_view::npos ? std::string_view() : target.substr(question + 1);

  // A path we cannot decode unambiguously must not be signed one way and routed another.
  if (raw_path.empty() || raw_path.front() != '/' || !IsWellFormedPercentEncoding(raw_path)) {
    return Unauthenticated("malformed request target", "malformed_target");
  }
  WSAPP_ASSIGN_OR_RETURN(std::string query, CanonicalQuery(raw_query));
  const std::vector<std::string> names = SortedLowerNames(signed_headers);
  WSAPP_ASSIGN_OR_RETURN(std::string headers, CanonicalHeaders(request, names));

  return request.method + "\n" + CanonicalUri(raw_path) + "\n" + query + "\n" + headers + "\n" +
         Join(names, ';') + "\n" + PayloadHash(request);
}

std::string StringToSign(std::string_view sdk_date, std::string_view canonical_request) {
  return std::string(kSdkHmacSha256) + "\n" + std::string(sdk_date) + "\n" +
         Sha256Hex(canonical_request);
}

SdkSignatureVerifier::SdkSignatureVerifier(const Clock& clock, std::chrono::seconds max_skew)
    : clock_(clock), max_skew_(max_skew) {}

Status SdkSignatureVerifier::Verify(const api::HttpRequest& request,
                                    const SdkAuthorization& authorization,
                                    std::string_view secret_key) const {
  WSAPP_ASSIGN_OR_RETURN(std::string sdk_date,
                         CheckSdkDate(request, authorization, clock_.Now(), max_skew_));
  WSAPP_ASSIGN_OR_RETURN(std::string canonical,
                         CanonicalRequest(request, authorization.signed_headers));

  // Constant time, so a forger learns nothing from how long a wrong guess took to reject. The
  // canonical request is not logged: signed headers may hold X-Security-Token.
  const std::string expected = HmacSha256Hex(secret_key, StringToSign(sdk_date, canonical));
  if (!ConstantTimeEquals(expected, authorization.signature)) {
    return Unauthenticated("verify aksk signature fail", "signature_mismatch",
                           "canonical request sha256 " + Sha256Hex(canonical));
  }
  return CheckDeclaredPayloadHash(request);
}

Status SignRequest(api::HttpRequest& request, std::string_view access_key,
                   std::string_view secret_key, std::string_view sdk_date,
                   const std::vector<std::string>& signed_headers) {
  std::erase_if(request.headers, [](const api::Header& header) {
    return EqualsIgnoreCase(header.name, kAuthorizationHeader);
  });
  if (request.FindHeader(kSdkDateHeader) == nullptr) {
    request.headers.push_back({std::string(kSdkDateHeader), std::string(sdk_date)});
  }

  std::vector<std::string> names = signed_headers;
  if (names.empty()) {
    for (const api::Header& header : request.headers) {
      names.push_back(ToLower(header.name));
    }
  }
  names = SortedLowerNames(names);
  names.erase(std::unique(names.begin(), names.end()), names.end());
  WSAPP_ASSIGN_OR_RETURN(std::string canonical, CanonicalRequest(request, names));

  const std::string date(Trim(*request.FindHeader(kSdkDateHeader)));
  const std::string signature = HmacSha256Hex(secret_key, StringToSign(date, canonical));
  request.headers.push_back({std::string(kAuthorizationHeader),
                             std::string(kSdkHmacSha256) + " Access=" + std::string(access_key) +
                                 ", SignedHeaders=" + Join(names, ';') +
                                 ", Signature=" + signature});
  return OkStatus();
}

}  // namespace wsapp::iam
