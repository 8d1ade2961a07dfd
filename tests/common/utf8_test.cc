#include "common/utf8.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace wsapp {
namespace {

// U+5E94, three bytes in UTF-8.
constexpr char kYing[] = "\xE5\xBA\x94";

std::string Repeat(const std::string& piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) {
    out += piece;
  }
  return out;
}

struct Utf8Case {
  std::string label;
  std::string text;
};

class Utf8Test : public ::testing::Test {};

TEST_F(Utf8Test, CountsCodePointsNotBytes) {
  const std::string text = Repeat(kYing, 128);

  const size_t count = CountCodePoints(text);

  EXPECT_EQ(text.size(), 384u);
  EXPECT_EQ(count, 128u);
}

TEST_F(Utf8Test, CountsEveryEncodedLength) {
  const std::vector<std::pair<std::string, size_t>> cases = {
      {"", 0},
      {"abc", 3},
      {"caf\xC3\xA9", 4},
      {std::string("a") + kYing + "b", 3},
      {"\xF0\x9F\x98\x80", 1},
      {"\xF0\x9F\x98\x80x\xF0\x9F\x98\x80", 3},
  };

  for (const auto& [text, expected] : cases) {
    EXPECT_EQ(CountCodePoints(text), expected) << "text of " << text.size() << " bytes";
  }
}

TEST_F(Utf8Test, AcceptsWellFormedText) {
  const std::vector<Utf8Case> cases = {
      {"empty", ""},
      {"ascii", "hello, world"},
      {"nul byte", std::string("a\0b", 3)},
      {"two-byte", "\xC3\xA9"},
      {"smallest two-byte U+0080", "\xC2\x80"},
      {"three-byte CJK", Repeat(kYing, 64)},
      {"smallest three-byte U+0800", "\xE0\xA0\x80"},
      {"last before surrogates U+D7FF", "\xED\x9F\xBF"},
      {"first after surrogates U+E000", "\xEE\x80\x80"},
      {"U+FFFF", "\xEF\xBF\xBF"},
      {"smallest four-byte U+10000", "\xF0\x90\x80\x80"},
      {"emoji U+1F600", "\xF0\x9F\x98\x80"},
      {"largest code point U+10FFFF", "\xF4\x8F\xBF\xBF"},
  };

  for (const Utf8Case& row : cases) {
    EXPECT_TRUE(IsValidUtf8(row.text)) << row.label;
  }
}

TEST_F(Utf8Test, RejectsMalformedText) {
  const std::vector<Utf8Case> cases = {
      {"C3 28: lead byte then ASCII", "\xC3\x28"},
      {"lone continuation byte", "\x80"},
      {"continuation byte after ASCII", "a\xBF"},
      {"two-byte lead at the end", "abc\xC3"},
      {"three-byte sequence cut short", "\xE5\xBA"},
      {"four-byte sequence cut short", "\xF0\x9F\x98"},
      {"three-byte sequence broken by ASCII", "\xE5\x28\x94"},
      {"overlong '/' in two bytes (C0 AF)", "\xC0\xAF"},
      {"overlong U+007F in two bytes (C1 BF)", "\xC1\xBF"},
      {"overlong '/' in three bytes", "\xE0\x80\xAF"},
      {"overlong U+07FF in three bytes", "\xE0\x9F\xBF"},
      {"overlong '/' in four bytes", "\xF0\x80\x80\xAF"},
      {"overlong U+FFFF in four bytes", "\xF0\x8F\xBF\xBF"},
      {"high surrogate U+D800 encoded", "\xED\xA0\x80"},
      {"low surrogate U+DFFF encoded", "\xED\xBF\xBF"},
      {"surrogate pair encoded as CESU-8", "\xED\xA0\xBD\xED\xB8\x80"},
      {"beyond U+10FFFF", "\xF4\x90\x80\x80"},
      {"F5 lead byte", "\xF5\x80\x80\x80"},
      {"five-byte lead", "\xF8\x88\x80\x80\x80"},
      {"FE byte", "\xFE"},
      {"FF byte", "\xFF"},
      {"valid text then a bad byte", std::string("ok ") + kYing + "\xFF"},
  };

  for (const Utf8Case& row : cases) {
    EXPECT_FALSE(IsValidUtf8(row.text)) << row.label;
  }
}

}  // namespace
}  // namespace wsapp
