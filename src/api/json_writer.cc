#include "api/json_writer.h"

#include <nlohmann/json.hpp>

#include "common/utf8.h"

namespace wsapp::api {

namespace {

// Appends `text` with JSON's escapes; requires valid UTF-8.
void AppendEscaped(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  size_t clean_from = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x20 && byte != '"' && byte != '\\') {
      continue;
    }
    out.append(text.data() + clean_from, i - clean_from);
    clean_from = i + 1;
    switch (byte) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out.push_back(kHex[byte >> 4]);
        out.push_back(kHex[byte & 0xF]);
    }
  }
  out.append(text.data() + clean_from, text.size() - clean_from);
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view text) {
  // Most text is printable ASCII without quotes or backslashes: copied in one pass.
  bool is_plain = true;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x80 || byte == '"' || byte == '\\') {
      is_plain = false;
      break;
    }
  }
  if (is_plain) {
    out.push_back('"');
    out.append(text);
    out.push_back('"');
    return;
  }
  if (!IsValidUtf8(text)) {
    // Rare (stored text is checked on the way in); nlohmann's replacement rules apply.
    out += nlohmann::json(std::string(text))
               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  out.push_back('"');
  AppendEscaped(out, text);
  out.push_back('"');
}

void JsonWriter::BeforeValue() {
  if (is_after_key_) {
    is_after_key_ = false;
    return;
  }
  if (!is_empty_.empty()) {
    if (!is_empty_.back()) {
      out_.push_back(',');
    }
    is_empty_.back() = false;
  }
}

JsonWriter& JsonWriter::Open(char bracket) {
  BeforeValue();
  out_.push_back(bracket);
  is_empty_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::Close(char bracket) {
  out_.push_back(bracket);
  is_empty_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::BeginObject() { return Open('{'); }
JsonWriter& JsonWriter::EndObject() { return Close('}'); }
JsonWriter& JsonWriter::BeginArray() { return Open('['); }
JsonWriter& JsonWriter::EndArray() { return Close(']'); }

JsonWriter& JsonWriter::Key(std::string_view key) {
  BeforeValue();
  AppendJsonString(out_, key);
  out_.push_back(':');
  is_after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view value) {
  BeforeValue();
  AppendJsonString(out_, value);
  return *this;
}

JsonWriter& JsonWriter::Int(int64_t value) {
  BeforeValue();
  out_ += std::to_string(value);
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) {
  BeforeValue();
  out_ += value ? "true" : "false";
  return *this;
}

void JsonWriter::Reserve(size_t bytes) { out_.reserve(bytes); }

std::string JsonWriter::Take() {
  std::string taken = std::move(out_);
  out_.clear();
  is_empty_.clear();
  is_after_key_ = false;
  return taken;
}

}  // namespace wsapp::api
