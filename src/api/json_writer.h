#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wsapp::api {

// Appends `text` to `out` as a JSON string, quotes included, byte for byte as nlohmann::json
// prints it (UTF-8 kept as is, invalid UTF-8 replaced by U+FFFD, control characters escaped).
void AppendJsonString(std::string& out, std::string_view text);

// Writes JSON text straight into a string. For replies on hot paths, where building an
// nlohmann::json document and then printing it costs more than the rest of the request.
// Callers give an object's keys in byte order, the order nlohmann::json prints them in, so that
// a reply reads the same whichever way it was made.
// An object key written as is: a literal checked at compile time to need no escape (plain
// printable ASCII without quotes or backslashes), so a reply's keys cost no scan.
class JsonKey {
 public:
  template <size_t kSize>
  consteval JsonKey(const char (&literal)[kSize]) : text_(literal, kSize - 1) {
    for (char c : text_) {
      if (c < 0x20 || c == '"' || c == '\\' || c == 0x7f) {
        throw "a JsonKey needs no escape; use JsonWriter::KeyText";
      }
    }
  }
  std::string_view text() const { return text_; }

 private:
  std::string_view text_;
};

class JsonWriter {
 public:
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(JsonKey key);
  // A key known only at run time, escaped as String escapes values.
  JsonWriter& KeyText(std::string_view key);
  JsonWriter& String(std::string_view value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Bool(bool value);

  // Makes room for `bytes` of text, to spare the string's regrowth on a long reply.
  void Reserve(size_t bytes);

  // The text so far; the writer is empty afterwards.
  std::string Take();

 private:
  JsonWriter& Open(char bracket);
  JsonWriter& Close(char bracket);
  // Writes the comma that separates this value or key from the previous one.
  void BeforeValue();

  std::string out_;
  // One entry per open object or array: whether it has no member yet.
  std::vector<bool> is_empty_;
  bool is_after_key_ = false;
};

}  // namespace wsapp::api
