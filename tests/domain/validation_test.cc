#include "domain/validation.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/status_matchers.h"

namespace wsapp::domain {
namespace {

constexpr char kYing[] = "\xE5\xBA\x94";  // U+5E94

std::string Repeat(const std::string& piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) {
    out += piece;
  }
  return out;
}

struct NameCase {
  std::string label;
  std::string name;
};

class ValidationTest : public ::testing::Test {};

TEST_F(ValidationTest, AcceptsValidAppGroupNames) {
  const std::vector<NameCase> cases = {
      {"one letter", "a"},
      {"letters digits underscore hyphen", "Group_01-test"},
      {"only digits", "2024"},
      {"Chinese", "\xE5\xBA\x94\xE7\x94\xA8\xE7\xBB\x84"},
      {"first CJK ideograph U+4E00", "\xE4\xB8\x80"},
      {"last CJK ideograph U+9FA5", "\xE9\xBE\xA5"},
      {"mixed", std::string("app_") + kYing + "-1"},
      {"64 ASCII characters", std::string(64, 'a')},
      {"64 CJK characters (192 bytes)", Repeat(kYing, 64)},
  };

  for (const NameCase& row : cases) {
    SCOPED_TRACE(row.label);

    EXPECT_OK(ValidateAppGroupName("name", row.name));
  }
}

TEST_F(ValidationTest, RejectsInvalidAppGroupNames) {
  const std::vector<NameCase> cases = {
      {"empty", ""},
      {"65 ASCII characters", std::string(65, 'a')},
      {"65 CJK characters", Repeat(kYing, 65)},
      {"space", "app group"},
      {"leading space", " group"},
      {"dot", "group.1"},
      {"slash", "a/b"},
      {"tab", "a\tb"},
      {"emoji", "group\xF0\x9F\x98\x80"},
      {"Latin letter with accent", "caf\xC3\xA9"},
      {"below the CJK range U+4DFF", "\xE4\xB7\xBF"},
      {"above the CJK range U+9FA6", "\xE9\xBE\xA6"},
      {"full-width letter", "\xEF\xBC\xA1"},
      {"ideographic space",
       "a\xE3\x80\x80"
       "b"},
  };

  for (const NameCase& row : cases) {
    Status status = ValidateAppGroupName("name", row.name);

    ASSERT_FALSE(status.ok()) << row.label;
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument) << row.label;
    EXPECT_NE(status.error().public_message.find("name"), std::string::npos)
        << row.label << ": " << status.error().public_message;
  }
}

TEST_F(ValidationTest, AppGroupNameErrorNamesTheField) {
  Status status = ValidateAppGroupName("app_group_name", "a.b");

  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().public_message.find("app_group_name"), std::string::npos)
      << status.error().public_message;
}

TEST_F(ValidationTest, AcceptsValidAppNames) {
  const std::vector<NameCase> cases = {
      {"one letter", "a"},
      {"words with spaces", "Microsoft Word 2019"},
      {"leading space", " Notepad"},
      {"trailing space", "Notepad "},
      {"punctuation outside the forbidden list", "a!@#$%&*()-_=+'\",.?/\\:"},
      {"Windows path characters", "C:\\Program Files (x86)"},
      {"Chinese", "\xE8\xAE\xB0\xE4\xBA\x8B\xE6\x9C\xAC"},
      {"accented letters", "Caf\xC3\xA9 na\xC3\xAFve"},
      {"emoji", "Chat \xF0\x9F\x98\x80"},
      {"no-break space is not Java whitespace",
       "a\xC2\xA0"
       "b"},
      {"64 ASCII characters", std::string(64, 'x')},
      {"64 CJK characters (192 bytes)", Repeat(kYing, 64)},
      {"single character between spaces", "   x   "},
  };

  for (const NameCase& row : cases) {
    SCOPED_TRACE(row.label);

    EXPECT_OK(ValidateAppName("name", row.name));
  }
}

TEST_F(ValidationTest, RejectsInvalidAppNames) {
  const std::vector<NameCase> cases = {
      {"empty", ""},
      {"one space", " "},
      {"only spaces", "     "},
      {"65 ASCII characters", std::string(65, 'x')},
      {"65 CJK characters", Repeat(kYing, 65)},
      {"tab", "a\tb"},
      {"newline", "a\nb"},
      {"carriage return", "a\rb"},
      {"vertical tab",
       "a\x0b"
       "b"},
      {"form feed", "a\fb"},
      {"only a tab", "\t"},
      {"caret", "a^b"},
      {"semicolon", "a;b"},
      {"pipe", "a|b"},
      {"tilde", "a~b"},
      {"backtick", "a`b"},
      {"opening brace", "a{b"},
      {"closing brace", "a}b"},
      {"opening bracket", "a[b"},
      {"closing bracket", "a]b"},
      {"less-than", "a<b"},
      {"greater-than", "a>b"},
  };

  for (const NameCase& row : cases) {
    Status status = ValidateAppName("apps[0].name", row.name);

    ASSERT_FALSE(status.ok()) << row.label;
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument) << row.label;
    EXPECT_NE(status.error().public_message.find("apps[0].name"), std::string::npos)
        << row.label << ": " << status.error().public_message;
  }
}

TEST_F(ValidationTest, LengthCountsCharactersNotBytes) {
  const std::string text = Repeat(kYing, 128);

  EXPECT_OK(ValidateLength("description", text, 0, 128));
  EXPECT_FALSE(ValidateLength("description", text + kYing, 0, 128).ok());
}

TEST_F(ValidationTest, LengthBelowTheMinimumIsRejected) {
  Status status = ValidateLength("version", "", 1, 128);

  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().reason, "invalid_parameter");
  EXPECT_NE(status.error().public_message.find("version"), std::string::npos);
}

}  // namespace
}  // namespace wsapp::domain
