#include "iam/sdk_signature.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <strings.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "common/crypto.h"
#include "support/status_matchers.h"

namespace wsapp::iam {
namespace {

using api::HttpRequest;

class FakeClock final : public Clock {
 public:
  TimePoint Now() const override { return now_; }
  void Set(TimePoint now) { now_ = now; }

 private:
  TimePoint now_;
};

// The test's own date conversions, independent of the code under test.
Clock::TimePoint TimeOf(const std::string& sdk_date) {
  std::tm fields = {};
  strptime(sdk_date.c_str(), "%Y%m%dT%H%M%SZ", &fields);
  return std::chrono::system_clock::from_time_t(timegm(&fields));
}

std::string SdkDateOf(Clock::TimePoint time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm fields = {};
  gmtime_r(&seconds, &fields);
  char text[32];
  std::strftime(text, sizeof(text), "%Y%m%dT%H%M%SZ", &fields);
  return text;
}

std::string Base64Decode(const std::string& text) {
  std::string out(text.size() / 4 * 3, '\0');
  const int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                     reinterpret_cast<const unsigned char*>(text.data()),
                                     static_cast<int>(text.size()));
  // EVP_DecodeBlock counts '=' padding as decoded zero bytes.
  const size_t padding = text.size() - text.find_last_not_of('=') - 1;
  out.resize(length < 0 ? 0 : length - padding);
  return out;
}

std::string* MutableHeader(HttpRequest& request, const std::string& name) {
  for (api::Header& header : request.headers) {
    if (strcasecmp(header.name.c_str(), name.c_str()) == 0) {
      return &header.value;
    }
  }
  return nullptr;
}

std::vector<std::string> SplitOn(const std::string& text, char separator) {
  std::vector<std::string> pieces;
  size_t start = 0;
  for (size_t end = text.find(separator); end != std::string::npos;
       start = end + 1, end = text.find(separator, start)) {
    pieces.push_back(text.substr(start, end - start));
  }
  pieces.push_back(text.substr(start));
  return pieces;
}

struct SdkRequestFile {
  std::string secret_key;
  std::vector<std::pair<std::string, HttpRequest>> requests;  // label, request
};

SdkRequestFile LoadSdkRequests() {
  std::ifstream in(std::string(WSAPP_SHARED_DIR) + "/testdata/sdk-signed-requests.json");
  const nlohmann::json file = nlohmann::json::parse(in);
  SdkRequestFile result{file.at("secret_key").get<std::string>(), {}};
  for (const nlohmann::json& entry : file.at("requests")) {
    HttpRequest request;
    request.method = entry.at("method").get<std::string>();
    request.target = entry.at("target").get<std::string>();
    for (const nlohmann::json& header : entry.at("headers")) {
      request.headers.push_back({header.at(0).get<std::string>(), header.at(1).get<std::string>()});
    }
    request.body = Base64Decode(entry.at("body_base64").get<std::string>());
    result.requests.emplace_back(entry.at("label").get<std::string>(), std::move(request));
  }
  return result;
}

// A named change to a signed request, applied to a copy.
struct Rewrite {
  std::string label;
  std::function<void(HttpRequest&)> apply;
};

std::string QueryOf(const HttpRequest& request) {
  const size_t question = request.target.find('?');
  return question == std::string::npos ? "" : request.target.substr(question + 1);
}

// Rebuilds the query from its raw pairs after `edit` has changed them.
void EditQuery(HttpRequest& request, const std::function<void(std::vector<std::string>&)>& edit) {
  std::vector<std::string> pairs = SplitOn(QueryOf(request), '&');
  edit(pairs);
  std::string query;
  for (const std::string& pair : pairs) {
    query += (query.empty() ? "" : "&") + pair;
  }
  request.target = request.target.substr(0, request.target.find('?')) + "?" + query;
}

void ChangeLastPathSegment(HttpRequest& request) {
  const size_t path_end = std::min(request.target.find('?'), request.target.size());
  char& last = request.target[path_end - 1];
  last = last == '0' ? '1' : '0';
}

void RedateByOneSecond(HttpRequest& request) {
  std::string& date = *MutableHeader(request, "X-Sdk-Date");
  date = SdkDateOf(TimeOf(date) + std::chrono::seconds(1));
}

// Each of these must break the signature of any SDK request it applies to.
std::vector<Rewrite> BreakingRewrites(const HttpRequest& request) {
  std::vector<Rewrite> rewrites = {
      {"method changed", [](HttpRequest& r) { r.method = r.method == "GET" ? "POST" : "GET"; }},
      {"last path segment changed", ChangeLastPathSegment},
      {"re-dated by one second", RedateByOneSecond}};
  if (!request.body.empty()) {
    rewrites.push_back(
        {"body byte changed", [](HttpRequest& r) { r.body[r.body.size() / 2] ^= 1; }});
  }
  if (!QueryOf(request).empty()) {
    rewrites.push_back({"query key changed", [](HttpRequest& r) {
                          EditQuery(r, [](auto& pairs) { pairs[0].insert(0, "x"); });
                        }});
    rewrites.push_back({"query value changed", [](HttpRequest& r) {
                          EditQuery(r, [](auto& pairs) { pairs[0] += "1"; });
                        }});
  }
  const Result<SdkAuthorization> authorization =
      ParseSdkAuthorization(*request.FindHeader("Authorization"));
  for (const std::string& name : authorization->signed_headers) {
    if (name != "x-sdk-date") {
      rewrites.push_back({"value of " + name + " changed",
                          [name](HttpRequest& r) { *MutableHeader(r, name) += "x"; }});
    }
  }
  return rewrites;
}

void UnescapeSubDelimiters(HttpRequest& request) {
  const std::pair<std::string, char> kEscapes[] = {
      {"%2A", '*'}, {"%28", '('}, {"%29", ')'}, {"%21", '!'}};
  for (const auto& [escape, raw] : kEscapes) {
    for (size_t at = request.target.find(escape); at != std::string::npos;
         at = request.target.find(escape)) {
      request.target.replace(at, escape.size(), 1, raw);
    }
  }
}

void UpperCaseHeaderNames(HttpRequest& request) {
  for (api::Header& header : request.headers) {
    std::transform(header.name.begin(), header.name.end(), header.name.begin(), ::toupper);
  }
}

void PadHeaderValues(HttpRequest& request) {
  for (api::Header& header : request.headers) {
    header.value = " \t" + header.value + "  ";
  }
}

// Each of these keeps the canonical request, so the signature must still hold.
std::vector<Rewrite> EquivalentRewrites(const HttpRequest& request) {
  std::vector<Rewrite> rewrites = {{"raw sub-delimiters in query", UnescapeSubDelimiters},
                                   {"header names upper case", UpperCaseHeaderNames},
                                   {"spaces around header values", PadHeaderValues}};
  if (QueryOf(request).find('&') != std::string::npos) {
    rewrites.push_back({"query pairs reversed", [](HttpRequest& r) {
                          EditQuery(r,
                                    [](auto& pairs) { std::reverse(pairs.begin(), pairs.end()); });
                        }});
  }
  return rewrites;
}

HttpRequest MakeRequest(std::string method, std::string target, std::vector<api::Header> headers,
                        std::string body = "") {
  HttpRequest request;
  request.method = std::move(method);
  request.target = std::move(target);
  request.headers = std::move(headers);
  request.body = std::move(body);
  return request;
}

std::string AuthorizationValue(const std::string& access_key, const std::string& signed_headers,
                               const std::string& signature) {
  return "SDK-HMAC-SHA256 Access=" + access_key + ", SignedHeaders=" + signed_headers +
         ", Signature=" + signature;
}

HttpRequest WithHeader(HttpRequest request, const std::string& name, const std::string& value) {
  *MutableHeader(request, name) = value;
  return request;
}

// Appendix A of fault-cases.md.
constexpr char kAppendixAccessKey[] = "TESTAK0000EXAMPLE0001";
constexpr char kAppendixSecretKey[] = "test-secret-key-not-real-0001";
constexpr char kAppendixDate[] = "20261203T101500Z";
constexpr char kAppendixPath[] =
    "/v1/0123456789abcdef0123456789abcdef/app-groups/570810904237572123/apps";
constexpr char kAppendixBody[] = "{\"ids\":[\"app-0001\"]}\n";
constexpr char kAppendixPostSignature[] =
    "5a319ef50bb9f9f18577db82b8d7708b6bc0e3146ccb1c781e48e2b7acb721bb";

HttpRequest AppendixPost(const std::string& body, const std::string& signature) {
  return MakeRequest(
      "POST", std::string(kAppendixPath) + "/batch-unpublish",
      {{"Content-Type", "application/json;charset=UTF-8"},
       {"Host", "appstream.example.test"},
       {"X-Sdk-Date", kAppendixDate},
       {"Authorization",
        AuthorizationValue(kAppendixAccessKey, "content-type;host;x-sdk-date", signature)}},
      body);
}

HttpRequest AppendixGet(const std::string& query, const std::string& signature) {
  return MakeRequest(
      "GET", std::string(kAppendixPath) + "?" + query,
      {{"Host", "appstream.example.test"},
       {"X-Sdk-Date", kAppendixDate},
       {"Authorization", AuthorizationValue(kAppendixAccessKey, "host;x-sdk-date", signature)}});
}

// Section 4.2 of workspace-app-api.md.
constexpr char kGuideAccessKey[] = "HPUAEXAMPLEAK000001";
constexpr char kGuideSecretKey[] = "exampleSecretKey0000000000000000000000001";
constexpr char kGuideDate[] = "20240115T083956Z";
constexpr char kGuideProject[] = "a4da8115c9d8464ead3a38309130523f";
constexpr char kGuideGetSignature[] =
    "2308d2866494737590eb460cad14488129e3e89ca861573ed149ca9da99d1fc4";

HttpRequest GuidePyGet(const std::string& query) {
  return MakeRequest(
      "GET", std::string("/v1/") + kGuideProject + "/app-groups?" + query,
      {{"Content-Type", "application/json"},
       {"Host", "appstream.cn-north-4.myhuaweicloud.com"},
       {"User-Agent", "huaweicloud-usdk-python/3.0"},
       {"X-Project-Id", kGuideProject},
       {"X-Sdk-Date", kGuideDate},
       {"Authorization",
        AuthorizationValue(kGuideAccessKey, "content-type;host;user-agent;x-project-id;x-sdk-date",
                           kGuideGetSignature)}});
}

class SdkSignatureTest : public ::testing::Test {
 protected:
  Status Verify(const HttpRequest& request, std::string_view secret_key) {
    Result<SdkAuthorization> parsed = ParseSdkAuthorization(*request.FindHeader("Authorization"));
    if (!parsed.ok()) {
      return parsed.error();
    }
    return verifier_.Verify(request, *parsed, secret_key);
  }

  Status VerifyAtItsDate(const HttpRequest& request, std::string_view secret_key) {
    clock_.Set(TimeOf(*request.FindHeader("X-Sdk-Date")));
    return Verify(request, secret_key);
  }

  // C05's request, signed by our client side.
  static HttpRequest SignedC05Request(const std::string& sdk_date,
                                      const std::vector<std::string>& signed_headers = {
                                          "content-type", "host", "x-sdk-date"}) {
    HttpRequest request =
        MakeRequest("POST", std::string(kAppendixPath) + "/batch-unpublish",
                    {{"Content-Type", "application/json"}, {"Host", "appstream.example.test"}},
                    "{\"ids\":[\"app-9999\"]}");
    EXPECT_OK(
        SignRequest(request, kAppendixAccessKey, kAppendixSecretKey, sdk_date, signed_headers));
    return request;
  }

  FakeClock clock_;
  SdkSignatureVerifier verifier_{clock_};
};

TEST_F(SdkSignatureTest, EverySdkRequestVerifiesAtItsDate) {
  const SdkRequestFile file = LoadSdkRequests();
  ASSERT_FALSE(file.requests.empty());

  for (const auto& [label, request] : file.requests) {
    SCOPED_TRACE(label);

    Status status = VerifyAtItsDate(request, file.secret_key);

    EXPECT_OK(status);
  }
}

TEST_F(SdkSignatureTest, AnyChangeToAnSdkRequestBreaksItsSignature) {
  const SdkRequestFile file = LoadSdkRequests();

  for (const auto& [label, original] : file.requests) {
    for (const Rewrite& rewrite : BreakingRewrites(original)) {
      SCOPED_TRACE(label + ": " + rewrite.label);
      HttpRequest request = original;
      rewrite.apply(request);

      Status status = VerifyAtItsDate(request, file.secret_key);

      ASSERT_FALSE(status.ok());
      EXPECT_EQ(status.error().code, ErrorCode::kUnauthenticated);
      EXPECT_EQ(status.error().reason, "signature_mismatch");
    }
  }
}

TEST_F(SdkSignatureTest, EquivalentRewritesOfAnSdkRequestStillVerify) {
  const SdkRequestFile file = LoadSdkRequests();

  for (const auto& [label, original] : file.requests) {
    for (const Rewrite& rewrite : EquivalentRewrites(original)) {
      SCOPED_TRACE(label + ": " + rewrite.label);
      HttpRequest request = original;
      rewrite.apply(request);

      Status status = VerifyAtItsDate(request, file.secret_key);

      EXPECT_OK(status);
    }
  }
}

TEST_F(SdkSignatureTest, RawSubDelimitersInQueryMatchTheirEscapes) {
  HttpRequest request =
      MakeRequest("GET", "/v1/p/apps?name=a%2A%28b%29%21&limit=1", {{"Host", "h"}});
  ASSERT_OK(SignRequest(request, "ak", "sk", kAppendixDate));
  request.target = "/v1/p/apps?limit=1&name=a*(b)!";

  Status status = VerifyAtItsDate(request, "sk");

  EXPECT_OK(status);
}

TEST_F(SdkSignatureTest, AppendixPostWithTrailingSlashVerifies) {
  const HttpRequest request = AppendixPost(kAppendixBody, kAppendixPostSignature);

  Result<std::string> canonical = CanonicalRequest(request, {"content-type", "host", "x-sdk-date"});
  Status status = VerifyAtItsDate(request, kAppendixSecretKey);

  ASSERT_OK(canonical);
  EXPECT_EQ(*canonical,
            "POST\n"
            "/v1/0123456789abcdef0123456789abcdef/app-groups/570810904237572123/apps/"
            "batch-unpublish/\n"
            "\n"
            "content-type:application/json;charset=UTF-8\n"
            "host:appstream.example.test\n"
            "x-sdk-date:20261203T101500Z\n"
            "\n"
            "content-type;host;x-sdk-date\n"
            "5becaa08e3033fa674a7f9945172ef6e4b45ccf6929cffff8a12cc32b63f1b60");
  EXPECT_OK(status);
}

TEST_F(SdkSignatureTest, ReferenceVectorsVerifyOnlyWhenSignedAsTheSdksSign) {
  const std::string no_lf_body = "{\"ids\":[\"app-0001\"]}";
  const std::string no_lf_signature =
      "9fed99e0db97843cd02cc3c7e87409bf0834fa897d66bb90ef5793bc4c17f2f8";
  const std::string query_signature =
      "af7fc4747dfc586431e00a3d9fbded9633a1c13ba48945138f28dd0b5d2774c3";
  const std::string escaped_query = "limit=10&name=a%2A%28b%29%20c%21&offset=0";
  const std::tuple<std::string, HttpRequest, std::string, bool> cases[] = {
      {"C06 URI with trailing slash", AppendixPost(kAppendixBody, kAppendixPostSignature),
       kAppendixSecretKey, true},
      {"C06 URI without trailing slash",
       AppendixPost(kAppendixBody,
                    "c15b24fce331a7f8f31fbffbbb83236b034d40a7cf836876a7283e47e12a52f2"),
       kAppendixSecretKey, false},
      {"body without LF as signed", AppendixPost(no_lf_body, no_lf_signature), kAppendixSecretKey,
       true},
      {"body with LF, signature over re-serialized body",
       AppendixPost(kAppendixBody, no_lf_signature), kAppendixSecretKey, false},
      {"C08 content type normalized after signing",
       WithHeader(AppendixPost(kAppendixBody, kAppendixPostSignature), "Content-Type",
                  "application/json; charset=utf-8"),
       kAppendixSecretKey, false},
      {"C07 escaped wire query", AppendixGet(escaped_query, query_signature), kAppendixSecretKey,
       true},
      {"C07 reordered query with raw sub-delimiters",
       AppendixGet("offset=0&name=a*(b)%20c!&limit=10", query_signature), kAppendixSecretKey, true},
      {"C07 JavaScript-style signature",
       AppendixGet(escaped_query,
                   "c1bc335d6a0e46f4c372f79f38ef9f765714bb45b5257e2937fe2cca91b071d4"),
       kAppendixSecretKey, false},
      {"D6 plus in wire query is a space", GuidePyGet("limit=10&offset=0&name=my+app"),
       kGuideSecretKey, true},
      {"D6 escaped plus is a literal plus", GuidePyGet("limit=10&offset=0&name=my%2Bapp"),
       kGuideSecretKey, false}};

  for (const auto& [label, request, secret_key, is_accepted] : cases) {
    Status status = VerifyAtItsDate(request, secret_key);

    EXPECT_EQ(status.ok(), is_accepted) << label;
  }
}

TEST_F(SdkSignatureTest, GoSdkStylePostMatchesGuideVector) {
  const std::string signature = "3e755ea78f5430acd66bbf9414a37f83da0cc8414c434f3387f1c481f48d8c4d";
  const HttpRequest request = MakeRequest(
      "POST",
      std::string("/v1/") + kGuideProject + "/app-groups/575772274859184144/apps/batch-unpublish",
      {{"Content-Type", "application/json"},
       {"User-Agent", "huaweicloud-usdk-go/3.0"},
       {"X-Project-Id", kGuideProject},
       {"X-Sdk-Date", kGuideDate},
       {"Authorization",
        AuthorizationValue(kGuideAccessKey, "user-agent;x-project-id;x-sdk-date", signature)}},
      "{\"ids\":[\"570810904237572123\",\"570810904237572122\"]}\n");

  Result<std::string> canonical =
      CanonicalRequest(request, {"user-agent", "x-project-id", "x-sdk-date"});
  Status status = VerifyAtItsDate(request, kGuideSecretKey);

  EXPECT_EQ(Sha256Hex(request.body),
            "d584e896d1b725cfaf29eb99ffb457c95a08b2ed76058c8f7dd075c8d32bfc38");
  ASSERT_OK(canonical);
  EXPECT_EQ(Sha256Hex(*canonical),
            "877ee036e0a7ffc14c421fc85549e95f3af4c2329ffd522a7eeffcb02ac37ec3");
  EXPECT_EQ(HmacSha256Hex(kGuideSecretKey, StringToSign(kGuideDate, *canonical)), signature);
  EXPECT_OK(status);
}

TEST_F(SdkSignatureTest, PySdkStyleGetMatchesGuideVector) {
  const HttpRequest request = GuidePyGet("limit=10&offset=0&name=my%20app");

  Result<std::string> canonical = CanonicalRequest(
      request, {"content-type", "host", "user-agent", "x-project-id", "x-sdk-date"});
  Status status = VerifyAtItsDate(request, kGuideSecretKey);

  ASSERT_OK(canonical);
  EXPECT_NE(canonical->find("\nlimit=10&name=my%20app&offset=0\n"), std::string::npos);
  EXPECT_EQ(Sha256Hex(*canonical),
            "f1d47dff564161d54f7a42e10bd438c361906996fa2821e43b82758d3747353c");
  EXPECT_EQ(HmacSha256Hex(kGuideSecretKey, StringToSign(kGuideDate, *canonical)),
            kGuideGetSignature);
  EXPECT_OK(status);
}

TEST_F(SdkSignatureTest, DateWindowIsFifteenMinutesEitherSide) {
  const Clock::TimePoint server_time = TimeOf(kAppendixDate);
  const std::tuple<std::string, std::chrono::minutes, std::string> cases[] = {
      {"14 minutes behind", std::chrono::minutes(-14), ""},
      {"16 minutes behind", std::chrono::minutes(-16),
       "signature expired, signature time: 20261203T095900Z, server time: 20261203T101500Z"},
      {"16 minutes ahead", std::chrono::minutes(16),
       "signature time is ahead of server time, signature time: 20261203T103100Z, server time: "
       "20261203T101500Z"}};

  for (const auto& [label, offset, rejection] : cases) {
    const HttpRequest request = SignedC05Request(SdkDateOf(server_time + offset));
    clock_.Set(server_time);

    Status status = Verify(request, kAppendixSecretKey);

    EXPECT_EQ(status.ok() ? "" : status.error().public_message, rejection) << label;
  }
}

TEST_F(SdkSignatureTest, RequestsBreakingDateOrHeaderRulesAreRejected) {
  HttpRequest without_host = SignedC05Request(kAppendixDate);
  std::erase_if(without_host.headers, [](const api::Header& h) { return h.name == "Host"; });
  const std::tuple<std::string, HttpRequest, std::string> cases[] = {
      {"date not signed", SignedC05Request(kAppendixDate, {"content-type", "host"}),
       "x-sdk-date is not signed"},
      {"extended ISO date", SignedC05Request("2026-12-03T10:15:00Z"), "invalid x-sdk-date format"},
      {"signed header absent", without_host, "signed header host is missing"}};
  clock_.Set(TimeOf(kAppendixDate));

  for (const auto& [label, request, reason] : cases) {
    Status status = Verify(request, kAppendixSecretKey);

    ASSERT_FALSE(status.ok()) << label;
    EXPECT_EQ(status.error().code, ErrorCode::kUnauthenticated) << label;
    EXPECT_EQ(status.error().public_message, reason) << label;
  }
}

TEST_F(SdkSignatureTest, LowerCaseDateHeaderNameIsAccepted) {
  HttpRequest request =
      MakeRequest("POST", "/v1/p/x", {{"x-sdk-date", kAppendixDate}, {"Host", "h"}}, "{}");
  ASSERT_OK(SignRequest(request, "ak", "sk", "unused because the header is present"));

  Status status = VerifyAtItsDate(request, "sk");

  EXPECT_OK(status);
}

TEST_F(SdkSignatureTest, DeclaredPayloadHashMustMatchTheBody) {
  HttpRequest request =
      MakeRequest("POST", "/v1/p/x", {{"X-Sdk-Content-Sha256", Sha256Hex("{}")}}, "{}");
  ASSERT_OK(SignRequest(request, "ak", "sk", kAppendixDate));
  request.body = "{\"a\":1}";

  Status status = VerifyAtItsDate(request, "sk");

  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().reason, "payload_hash_mismatch");
}

TEST_F(SdkSignatureTest, CanonicalUriDecodesSplitsAndReencodes) {
  const std::pair<std::string, std::string> cases[] = {{"/v1/p/app-groups", "/v1/p/app-groups/"},
                                                       {"/v1/p/app-groups/", "/v1/p/app-groups/"},
                                                       {"/v1/a%2Fb", "/v1/a/b/"},
                                                       {"/v1/caf\xC3\xA9", "/v1/caf%C3%A9/"},
                                                       {"/v1/caf%c3%a9", "/v1/caf%C3%A9/"},
                                                       {"/v1/my%20app", "/v1/my%20app/"},
                                                       {"/v1/a+b*", "/v1/a%2Bb%2A/"},
                                                       {"/", "/"}};

  for (const auto& [raw_path, expected] : cases) {
    EXPECT_EQ(CanonicalUri(raw_path), expected) << raw_path;
  }
}

TEST_F(SdkSignatureTest, CanonicalQuerySortsDecodedPairsAndFillsEmptyValues) {
  const std::pair<std::string, std::string> cases[] = {
      {"", ""},
      {"b=2&a=1", "a=1&b=2"},
      {"flag&a=1", "a=1&flag="},
      {"a=2&a=1", "a=1&a=2"},
      {"b=1&%7B=2&a=3", "a=3&b=1&%7B=2"},
      {"k=%C3%BC~", "k=%C3%BC~"},
      {"name=a+b&x=a%2Bb", "name=a%20b&x=a%2Bb"},
      {"offset=0&name=a*(b)%20c!&limit=10", "limit=10&name=a%2A%28b%29%20c%21&offset=0"}};

  for (const auto& [raw_query, expected] : cases) {
    Result<std::string> canonical = CanonicalQuery(raw_query);

    ASSERT_OK(canonical);
    EXPECT_EQ(*canonical, expected) << raw_query;
  }
}

TEST_F(SdkSignatureTest, MalformedEscapesAreUnauthenticated) {
  const HttpRequest bad_path = MakeRequest("GET", "/v1/%zz", {{"Host", "h"}});

  Result<std::string> from_query = CanonicalQuery("a=%2");
  Result<std::string> from_path = CanonicalRequest(bad_path, {"host"});

  ASSERT_FALSE(from_query.ok());
  EXPECT_EQ(from_query.error().code, ErrorCode::kUnauthenticated);
  ASSERT_FALSE(from_path.ok());
  EXPECT_EQ(from_path.error().code, ErrorCode::kUnauthenticated);
}

TEST_F(SdkSignatureTest, AuthorizationParsesWithOrWithoutSpaces) {
  Result<SdkAuthorization> parsed = ParseSdkAuthorization(
      "SDK-HMAC-SHA256 Access=AK1,SignedHeaders=Host;X-Sdk-Date,  Signature=AB12");

  ASSERT_OK(parsed);
  EXPECT_EQ(parsed->access_key, "AK1");
  EXPECT_EQ(parsed->signed_headers, (std::vector<std::string>{"host", "x-sdk-date"}));
  EXPECT_EQ(parsed->signature, "ab12");
  EXPECT_TRUE(IsSdkHmacAuthorization("SDK-HMAC-SHA256 Access=AK1"));
  EXPECT_FALSE(IsSdkHmacAuthorization("Bearer abc"));
}

TEST_F(SdkSignatureTest, IncompleteAuthorizationIsMalformed) {
  const std::string cases[] = {
      "SDK-HMAC-SHA256 SignedHeaders=host, Signature=ab",
      "SDK-HMAC-SHA256 Access=AK, Signature=ab",
      "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host",
      "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;;x-sdk-date, Signature=ab",
      "SDK-HMAC-SHA256 Access=AK, Access=AK2, SignedHeaders=host, Signature=ab",
      "SDK-HMAC-SHA256",
      "Basic abc"};

  for (const std::string& value : cases) {
    Result<SdkAuthorization> parsed = ParseSdkAuthorization(value);

    ASSERT_FALSE(parsed.ok()) << value;
    EXPECT_EQ(parsed.error().code, ErrorCode::kUnauthenticated) << value;
    EXPECT_EQ(parsed.error().public_message, "malformed authorization header") << value;
  }
}

TEST_F(SdkSignatureTest, SignRequestSignsEveryHeaderByDefault) {
  HttpRequest request = MakeRequest("GET", "/v1/p/x?b=1", {{"Host", "h"}, {"User-Agent", "t"}});

  Status signed_status = SignRequest(request, "ak", "sk", kAppendixDate);

  ASSERT_OK(signed_status);
  EXPECT_NE(request.FindHeader("Authorization")->find("SignedHeaders=host;user-agent;x-sdk-date,"),
            std::string::npos);
  EXPECT_EQ(*request.FindHeader("X-Sdk-Date"), kAppendixDate);
  EXPECT_OK(VerifyAtItsDate(request, "sk"));
}

}  // namespace
}  // namespace wsapp::iam
