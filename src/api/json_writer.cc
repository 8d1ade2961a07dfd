#include "api/json_writer.h"

#include <array>
#include <nlohmann/json.hpp>

#include "common/utf8.h"

namespace wsapp::api {

namespace {

// What a byte needs inside a JSON string: nothing, an escape, or (not ASCII) valid UTF-8.
enum ByteKind : uint8_t { kPlain, kEscaped, kNonAscii };

constexpr std::array<ByteKind, 256> kByteKinds = [] {
  std::array<ByteKind, 256> kinds{};
  for (size_t byte = 0; byte < kinds.size(); ++byte) {
    kinds[byte] = byte < 0x20 || byte == '"' || byte == '\\' ? kEscaped
                  : byte >= 0x80                             ? kNonAscii
                                                             : kPlain;
  }
  return kinds;
}();

void AppendEscape(std::string& out, unsigned char byte) {
  static constexpr char kHex[] = "0123456789abcdef";
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

}  // namespace

void AppendJsonString(std::string& out, std::string_view text) {
  // One pass: runs of plain bytes are copied whole; the text's UTF-8 is checked only once a
  // non-ASCII byte shows up, which most text never has.
  const size_t start = out.size();
  out.push_back('"');
  bool is_utf8_checked = false;
  size_t clean_from = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const ByteKind kind = kByteKinds[byte];
    if (kind == kPlain) {
      continue;
    }
    if (kind == kNonAscii) {
      if (!is_utf8_checked && !IsValidUtf8(text)) {
        // Rare (stored text is checked on the way in); nlohmann's replacement rules apply.
        out.resize(start);
        out += nlohmann::json(std::string(text))
                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        return;
      }
      is_utf8_checked = true;
      continue;
    }
    out.append(text.data() + clean_from, i - clean_from);
    clean_from = i + 1;
    AppendEscape(out, byte);
  }
  out.append(text.data() + clean_from, text.size() - clean_from);
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

JsonWriter& JsonWriter::Key(JsonKey key) {
  BeforeValue();
  out_.push_back('"');
  out_.append(key.text());
  out_.append("\":", 2);
  is_after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::KeyText(std::string_view key) {
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
