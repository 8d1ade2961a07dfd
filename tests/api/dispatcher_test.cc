#include "api/dispatcher.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace wsapp::api {
namespace {

struct MediaTypeCase {
  std::string label;
  std::string content_type;
  bool is_json;
};

class DispatcherTest : public ::testing::Test {};

TEST_F(DispatcherTest, MissingContentTypeIsJson) {
  const bool is_json = IsJsonMediaType(nullptr);

  EXPECT_TRUE(is_json);
}

TEST_F(DispatcherTest, JsonMediaTypeIgnoresCaseAndParameters) {
  const std::vector<MediaTypeCase> cases = {
      {"plain", "application/json", true},
      {"upper case", "APPLICATION/JSON", true},
      {"mixed case", "Application/Json", true},
      {"charset", "application/json; charset=utf-8", true},
      {"charset without space", "application/json;charset=UTF-8", true},
      {"several parameters", "application/json; charset=utf-8; q=1", true},
      {"surrounding whitespace", " application/json ", true},
      {"space before the semicolon", "application/json ; charset=utf-8", true},
      {"text", "text/plain", false},
      {"form", "application/x-www-form-urlencoded", false},
      {"multipart", "multipart/form-data; boundary=x", false},
      {"longer subtype", "application/jsonx", false},
      {"json suffix", "application/problem+json", false},
      {"json patch", "application/json-patch+json", false},
      {"xml", "application/xml", false},
      {"type only", "application", false},
  };

  for (const MediaTypeCase& row : cases) {
    EXPECT_EQ(IsJsonMediaType(&row.content_type), row.is_json) << row.label;
  }
}

}  // namespace
}  // namespace wsapp::api
