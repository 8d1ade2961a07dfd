#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "api/http_message.h"
#include "common/clock.h"
#include "common/result.h"

namespace wsapp::iam {

inline constexpr std::string_view kSdkHmacSha256 = "SDK-HMAC-SHA256";

// The parts of `Authorization: SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<a;b>, Signature=<hex>`.
struct SdkAuthorization {
  std::string access_key;
  std::vector<std::string> signed_headers;  // lower case, in the order given
  std::string signature;                    // lower-case hex
};

// True when the header value names the SDK-HMAC-SHA256 scheme (the caller then treats the
// request as AK/SK-signed).
bool IsSdkHmacAuthorization(std::string_view authorization_value);

// Parses the Authorization value. Errors: kUnauthenticated with a public reason.
Result<SdkAuthorization> ParseSdkAuthorization(std::string_view authorization_value);

// The canonical URI of a raw request path (no query): percent-decode the whole path, split on
// '/', encode each piece with the unreserved set (upper-case hex), join, append '/' if missing.
std::string CanonicalUri(std::string_view raw_path);

// The canonical query of a raw query string (without '?'): form-decode keys and values ('+' is a
// space, D6), re-encode with the unreserved set, sort by key then value, join `k=v` with '&'.
// Errors: kUnauthenticated on malformed percent-encoding.
Result<std::string> CanonicalQuery(std::string_view raw_query);

// The six-line canonical request for `request` over the listed headers (names lower case).
// Header values are trimmed; a repeated header's values are joined with ','. The payload hash is
// X-Sdk-Content-Sha256 when present, else SHA-256 of the raw body. Errors: kUnauthenticated when
// a signed header is absent or the target is malformed.
Result<std::string> CanonicalRequest(const api::HttpRequest& request,
                                     const std::vector<std::string>& signed_headers);

// "SDK-HMAC-SHA256\n<date>\n<hex sha256 of canonical request>".
std::string StringToSign(std::string_view sdk_date, std::string_view canonical_request);

// Verifies SDK-HMAC-SHA256 signatures against an injected clock. Thread-safe.
class SdkSignatureVerifier {
 public:
  explicit SdkSignatureVerifier(const Clock& clock,
                                std::chrono::seconds max_skew = std::chrono::minutes(15));

  // Checks that X-Sdk-Date is present, well-formed (YYYYMMDDTHHMMSSZ), listed in SignedHeaders
  // and within max_skew either side of the clock, then recomputes the signature with
  // `secret_key` and compares it in constant time. Errors: kUnauthenticated, whose
  // public_message is the reason (e.g. "signature expired, ..." or "verify aksk signature fail").
  Status Verify(const api::HttpRequest& request, const SdkAuthorization& authorization,
                std::string_view secret_key) const;

 private:
  const Clock& clock_;
  std::chrono::seconds max_skew_;
};

// Client side, for tests and tools: signs `request` in place the way the official SDKs do. Sets
// X-Sdk-Date to `sdk_date` if absent, adds Authorization over the named headers (all present
// headers when `signed_headers` is empty). Errors: as CanonicalRequest.
Status SignRequest(api::HttpRequest& request, std::string_view access_key,
                   std::string_view secret_key, std::string_view sdk_date,
                   const std::vector<std::string>& signed_headers = {});

}  // namespace wsapp::iam
