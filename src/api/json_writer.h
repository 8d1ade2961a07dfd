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
class JsonWriter {
 public:
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);
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
