#include "api/error_mapping.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "common/utf8.h"

namespace wsapp::api {
namespace {

using nlohmann::json;

constexpr char kYing[] = "\xE5\xBA\x94";  // U+5E94

std::string Repeat(const std::string& piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) {
    out += piece;
  }
  return out;
}

Error ErrorWith(ErrorCode code, std::string public_message = {}, std::string reason = {}) {
  Error error;
  error.code = code;
  error.message = "internal: " + public_message;
  error.public_message = std::move(public_message);
  error.reason = std::move(reason);
  return error;
}

std::set<std::string> KeysOf(const json& object) {
  std::set<std::string> keys;
  for (const auto& item : object.items()) {
    keys.insert(item.key());
  }
  return keys;
}

const std::string* HeaderValue(const HttpResponse& response, const std::string& name) {
  for (const Header& header : response.headers) {
    if (header.name == name) {
      return &header.value;
    }
  }
  return nullptr;
}

struct MappingCase {
  std::string label;
  ErrorCode code;
  std::string reason;
  int status;
  std::string wire_code;
};

class ErrorMappingTest : public ::testing::Test {};

TEST_F(ErrorMappingTest, EachCodeMapsToItsStatusAndWireCode) {
  const std::vector<MappingCase> cases = {
      {"invalid argument", ErrorCode::kInvalidArgument, "", 400, "WKS.00211102"},
      {"invalid parameter reason", ErrorCode::kInvalidArgument, "invalid_parameter", 400,
       "WKS.00211102"},
      {"not found", ErrorCode::kNotFound, "", 404, "WSAPP.00000404"},
      {"already exists", ErrorCode::kAlreadyExists, "", 409, "WKS.00211103"},
      {"duplicate name", ErrorCode::kAlreadyExists, "duplicate_name", 409, "WKS.00211103"},
      {"failed precondition", ErrorCode::kFailedPrecondition, "", 409, "WKS.00211103"},
      {"unauthenticated", ErrorCode::kUnauthenticated, "token_expired", 401, "APIG.0301"},
      {"permission denied", ErrorCode::kPermissionDenied, "", 403, "WKS.00081102"},
      {"resource exhausted", ErrorCode::kResourceExhausted, "", 400, "WSAPP.00010400"},
      {"unavailable", ErrorCode::kUnavailable, "database_busy", 503, "WKS.00050902"},
      {"internal", ErrorCode::kInternal, "", 500, "WKS.00211401"},
  };

  for (const MappingCase& row : cases) {
    const Error error = ErrorWith(row.code, "text", row.reason);

    EXPECT_EQ(HttpStatusFor(error), row.status) << row.label;
    EXPECT_EQ(WireCodeFor(error), row.wire_code) << row.label;
  }
}

TEST_F(ErrorMappingTest, ReasonsRefineTheStatusAndWireCode) {
  const std::vector<MappingCase> cases = {
      {"unparsable body", ErrorCode::kInvalidArgument, "malformed_body", 400, "WKS.00149901"},
      {"media type", ErrorCode::kInvalidArgument, "unsupported_media_type", 415, "WKS.00000415"},
      {"method", ErrorCode::kInvalidArgument, "method_not_allowed", 405, "WKS.00000405"},
      {"body size", ErrorCode::kInvalidArgument, "body_too_large", 413, "APIG.0201"},
      {"app", ErrorCode::kNotFound, "app_not_found", 404, "WKS.00211902"},
      {"app group", ErrorCode::kNotFound, "app_group_not_found", 404, "WSAPP.00010404"},
      {"server group", ErrorCode::kNotFound, "server_group_not_found", 404, "WSAPP.00020404"},
      {"project", ErrorCode::kNotFound, "project_not_found", 404, "WSAPP.00040404"},
      {"route", ErrorCode::kNotFound, "route_not_found", 404, "APIG.0101"},
  };

  for (const MappingCase& row : cases) {
    const Error error = ErrorWith(row.code, "text", row.reason);

    EXPECT_EQ(HttpStatusFor(error), row.status) << row.label;
    EXPECT_EQ(WireCodeFor(error), row.wire_code) << row.label;
  }
}

TEST_F(ErrorMappingTest, UnauthenticatedMessageCarriesTheReasonAfterThePrefix) {
  const Error error = ErrorWith(ErrorCode::kUnauthenticated, "token expires", "token_expired");

  const std::string message = PublicMessageFor(error);

  EXPECT_EQ(message, "Incorrect IAM authentication information: token expires");
}

TEST_F(ErrorMappingTest, UnauthenticatedWithoutAReasonUsesTheGenericText) {
  const Error error = ErrorWith(ErrorCode::kUnauthenticated);

  const std::string message = PublicMessageFor(error);

  EXPECT_EQ(message.rfind("Incorrect IAM authentication information", 0), 0u) << message;
}

TEST_F(ErrorMappingTest, PublicTextIsShownForClientErrors) {
  const Error error = InvalidArgument("app_group_name must be 1 to 64 characters long, got 0");

  const std::string message = PublicMessageFor(error);

  EXPECT_EQ(message, "app_group_name must be 1 to 64 characters long, got 0");
}

TEST_F(ErrorMappingTest, InternalDetailNeverReachesClients) {
  Error internal = InternalError("sqlite step: no such table: apps (rc=1)");
  Error internal_with_text = ErrorWith(ErrorCode::kInternal, "sqlite constraint failed");

  const std::string first = PublicMessageFor(internal);
  const std::string second = PublicMessageFor(internal_with_text);
  const HttpResponse response = ErrorResponse(internal, ErrorShape::kWorkspace);

  EXPECT_EQ(first.find("sqlite"), std::string::npos) << first;
  EXPECT_EQ(second.find("sqlite"), std::string::npos) << second;
  EXPECT_FALSE(first.empty());
  EXPECT_EQ(response.body.find("sqlite"), std::string::npos) << response.body;
}

TEST_F(ErrorMappingTest, EmptyPublicTextFallsBackToTheGenericMessage) {
  const Error error = ErrorWith(ErrorCode::kPermissionDenied);

  const std::string message = PublicMessageFor(error);

  EXPECT_FALSE(message.empty());
}

TEST_F(ErrorMappingTest, MessagesAreCutAtTwoHundredFiftyFiveCharacters) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"ASCII", std::string(300, 'x')},
      {"three-byte characters", Repeat(kYing, 300)},
      {"four-byte characters", Repeat("\xF0\x9F\x98\x80", 300)},
      {"mixed", Repeat(std::string("a") + kYing, 200)},
  };

  for (const auto& [label, text] : cases) {
    const std::string message = PublicMessageFor(InvalidArgument(text));

    EXPECT_TRUE(IsValidUtf8(message)) << label;
    EXPECT_EQ(CountCodePoints(message), 255u) << label;
    EXPECT_EQ(text.rfind(message, 0), 0u) << label << ": not a prefix";
  }
}

TEST_F(ErrorMappingTest, MessageOfExactlyTheLimitIsKept) {
  const std::string text = Repeat(kYing, 255);

  const std::string message = PublicMessageFor(InvalidArgument(text));

  EXPECT_EQ(message, text);
}

TEST_F(ErrorMappingTest, UnauthenticatedPrefixCountsTowardsTheLimit) {
  const Error error = ErrorWith(ErrorCode::kUnauthenticated, std::string(400, 'r'));

  const std::string message = PublicMessageFor(error);

  EXPECT_EQ(message.size(), 255u);
  EXPECT_EQ(message.rfind("Incorrect IAM authentication information: ", 0), 0u);
}

TEST_F(ErrorMappingTest, WorkspaceShapeHasExactlyCodeAndMessage) {
  const Error error =
      MakeError(ErrorCode::kNotFound, "The application 1 does not exist.", "app_not_found");

  const HttpResponse response = ErrorResponse(error, ErrorShape::kWorkspace);

  EXPECT_EQ(response.status, 404);
  const std::string* content_type = HeaderValue(response, "Content-Type");
  ASSERT_NE(content_type, nullptr);
  EXPECT_EQ(*content_type, "application/json");
  const json body = json::parse(response.body);
  EXPECT_EQ(KeysOf(body), (std::set<std::string>{"error_code", "error_msg"}));
  EXPECT_EQ(body["error_code"], "WKS.00211902");
  EXPECT_EQ(body["error_msg"], "The application 1 does not exist.");
}

TEST_F(ErrorMappingTest, KeystoneShapeNestsCodeMessageAndTitle) {
  const Error error = ErrorWith(ErrorCode::kUnauthenticated, "bad password", "bad_password");

  const HttpResponse response = ErrorResponse(error, ErrorShape::kKeystone);

  EXPECT_EQ(response.status, 401);
  const json body = json::parse(response.body);
  EXPECT_EQ(KeysOf(body), (std::set<std::string>{"error"}));
  EXPECT_EQ(KeysOf(body["error"]), (std::set<std::string>{"code", "message", "title"}));
  EXPECT_TRUE(body["error"]["code"].is_number_integer());
  EXPECT_EQ(body["error"]["code"], 401);
  EXPECT_EQ(body["error"]["message"], "Incorrect IAM authentication information: bad password");
  EXPECT_EQ(body["error"]["title"], "Unauthorized");
}

TEST_F(ErrorMappingTest, EchoedMalformedTextStillGivesValidJson) {
  const Error error = InvalidArgument("name \xC3\x28 is invalid");

  const HttpResponse response = ErrorResponse(error, ErrorShape::kWorkspace);

  const json body = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  ASSERT_TRUE(body.is_object()) << response.body;
  EXPECT_EQ(body["error_code"], "WKS.00211102");
}

TEST_F(ErrorMappingTest, TransportErrorsUseGatewayOrRequestCodesAndClose) {
  const std::vector<std::pair<int, std::string>> cases = {
      {413, "APIG.0201"},    {431, "APIG.0201"},    {414, "APIG.0201"},
      {400, "WKS.00149901"}, {408, "WKS.00149901"}, {500, "WKS.00211401"},
  };

  for (const auto& [status, code] : cases) {
    const HttpResponse response = TransportErrorResponse(status, "too big");

    const json body = json::parse(response.body);
    EXPECT_EQ(response.status, status);
    EXPECT_EQ(body["error_code"], code) << status;
    EXPECT_EQ(body["error_msg"], "too big") << status;
    EXPECT_TRUE(response.close_connection) << status;
  }
}

}  // namespace
}  // namespace wsapp::api
