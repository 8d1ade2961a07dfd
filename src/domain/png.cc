#include "domain/png.h"

#include <array>
#include <cstdint>

namespace wsapp::domain {
namespace {

constexpr std::string_view kPngSignature = "\x89PNG\r\n\x1a\n";
constexpr size_t kChunkOverheadBytes = 12;  // length, type and CRC around the data
constexpr uint32_t kMaxChunkLength = 0x7fffffff;
constexpr std::string_view kDataUriPrefix = "data:";

// CRC-32 as PNG defines it (ISO 3309 polynomial, reflected, inverted before and after).
constexpr std::array<uint32_t, 256> MakeCrcTable() {
  std::array<uint32_t, 256> table{};
  for (uint32_t n = 0; n < 256; ++n) {
    uint32_t c = n;
    for (int k = 0; k < 8; ++k) {
      c = (c & 1) != 0 ? 0xedb88320u ^ (c >> 1) : c >> 1;
    }
    table[n] = c;
  }
  return table;
}

constexpr std::array<uint32_t, 256> kCrcTable = MakeCrcTable();

uint32_t Crc32(std::string_view bytes) {
  uint32_t c = 0xffffffffu;
  for (char byte : bytes) {
    c = kCrcTable[(c ^ static_cast<unsigned char>(byte)) & 0xff] ^ (c >> 8);
  }
  return c ^ 0xffffffffu;
}

uint32_t ReadUint32(std::string_view bytes, size_t at) {
  uint32_t value = 0;
  for (size_t i = 0; i < 4; ++i) {
    value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  }
  return value;
}

bool IsChunkType(std::string_view type) {
  for (char c : type) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
      return false;
    }
  }
  return true;
}

Error NotPng(std::string_view field, std::string_view why) {
  return InvalidArgument(std::string(field) + " is not a PNG image: " + std::string(why));
}

// The bit depths the standard allows for each colour type (table 11.1).
bool IsAllowedDepth(int color_type, int bit_depth) {
  switch (color_type) {
    case 0:
      return bit_depth == 1 || bit_depth == 2 || bit_depth == 4 || bit_depth == 8 ||
             bit_depth == 16;
    case 3:
      return bit_depth == 1 || bit_depth == 2 || bit_depth == 4 || bit_depth == 8;
    case 2:
    case 4:
    case 6:
      return bit_depth == 8 || bit_depth == 16;
    default:
      return false;
  }
}

Status CheckHeader(std::string_view field, std::string_view data) {
  uint32_t width = ReadUint32(data, 0);
  uint32_t height = ReadUint32(data, 4);
  if (width == 0 || height == 0 || width > kMaxChunkLength || height > kMaxChunkLength) {
    return NotPng(field, "IHDR width and height must be 1 to 2147483647");
  }
  int bit_depth = static_cast<unsigned char>(data[8]);
  int color_type = static_cast<unsigned char>(data[9]);
  if (!IsAllowedDepth(color_type, bit_depth)) {
    return NotPng(field, "IHDR has an invalid colour type and bit depth");
  }
  if (data[10] != 0 || data[11] != 0 || (data[12] != 0 && data[12] != 1)) {
    return NotPng(field, "IHDR names an unknown compression, filter or interlace method");
  }
  return OkStatus();
}

// Walks the chunks after the signature. The first must be IHDR and the last IEND.
Status CheckChunks(std::string_view field, std::string_view bytes) {
  size_t at = kPngSignature.size();
  bool has_image_data = false;
  for (int index = 0;; ++index) {
    if (bytes.size() - at < kChunkOverheadBytes) {
      return NotPng(field, "the file ends inside a chunk (no IEND)");
    }
    uint32_t length = ReadUint32(bytes, at);
    std::string_view type = bytes.substr(at + 4, 4);
    if (length > kMaxChunkLength || length > bytes.size() - at - kChunkOverheadBytes) {
      return NotPng(field, "a chunk is longer than the file");
    }
    if (!IsChunkType(type)) {
      return NotPng(field, "a chunk type is not four ASCII letters");
    }
    std::string_view data = bytes.substr(at + 8, length);
    if (Crc32(bytes.substr(at + 4, 4 + length)) != ReadUint32(bytes, at + 8 + length)) {
      return NotPng(field, "the CRC of chunk " + std::string(type) + " does not match");
    }
    if (index == 0) {
      if (type != "IHDR" || length != 13) {
        return NotPng(field, "the first chunk must be a 13-byte IHDR");
      }
      WSAPP_RETURN_IF_ERROR(CheckHeader(field, data));
    } else if (type == "IHDR") {
      return NotPng(field, "IHDR appears twice");
    }
    has_image_data = has_image_data || type == "IDAT";
    at += kChunkOverheadBytes + length;
    if (type == "IEND") {
      if (length != 0) {
        return NotPng(field, "the IEND chunk must be empty");
      }
      break;
    }
  }
  if (!has_image_data) {
    return NotPng(field, "there is no IDAT chunk");
  }
  if (at != bytes.size()) {
    return NotPng(field, "there are bytes after the IEND chunk");
  }
  return OkStatus();
}

char ToLowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (ToLowerAscii(a[i]) != ToLowerAscii(b[i])) {
      return false;
    }
  }
  return true;
}

bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && IsAsciiSpace(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && IsAsciiSpace(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

// The value of a base64 character, or -1.
int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') {
    return c - 'A';
  }
  if (c >= 'a' && c <= 'z') {
    return c - 'a' + 26;
  }
  if (c >= '0' && c <= '9') {
    return c - '0' + 52;
  }
  if (c == '+') {
    return 62;
  }
  return c == '/' ? 63 : -1;
}

// Strips "data:image/png;base64," when present. A data URI must say image/png and base64.
Result<std::string_view> StripDataUri(std::string_view field, std::string_view text) {
  if (text.size() < kDataUriPrefix.size() ||
      !EqualsIgnoreCase(text.substr(0, kDataUriPrefix.size()), kDataUriPrefix)) {
    return text;
  }
  size_t comma = text.find(',');
  if (comma == std::string_view::npos) {
    return InvalidArgument(std::string(field) + " is a data URI without a comma");
  }
  std::string_view header = text.substr(kDataUriPrefix.size(), comma - kDataUriPrefix.size());
  size_t semicolon = header.find(';');
  std::string_view media_type = TrimSpaces(header.substr(0, semicolon));
  size_t last_semicolon = header.rfind(';');
  std::string_view encoding = semicolon == std::string_view::npos
                                  ? std::string_view()
                                  : TrimSpaces(header.substr(last_semicolon + 1));
  if (!EqualsIgnoreCase(media_type, "image/png") || !EqualsIgnoreCase(encoding, "base64")) {
    return InvalidArgument(std::string(field) +
                           " must be base64 of a PNG image, as data:image/png;base64,...");
  }
  return text.substr(comma + 1);
}

}  // namespace

Status ValidatePng(std::string_view field, std::string_view bytes) {
  if (bytes.size() < kPngSignature.size() ||
      bytes.substr(0, kPngSignature.size()) != kPngSignature) {
    return NotPng(field, "the PNG signature is missing");
  }
  return CheckChunks(field, bytes);
}

Status ValidateIcon(std::string_view field, std::string_view bytes) {
  if (bytes.size() > kMaxIconBytes) {
    return InvalidArgument(std::string(field) + " must be at most " +
                           std::to_string(kMaxIconBytes) + " bytes, got " +
                           std::to_string(bytes.size()));
  }
  return ValidatePng(field, bytes);
}

Result<std::string> DecodeBase64Icon(std::string_view field, std::string_view text) {
  WSAPP_ASSIGN_OR_RETURN(std::string_view encoded, StripDataUri(field, text));
  std::string decoded;
  uint32_t bits = 0;
  int bit_count = 0;
  size_t symbols = 0;
  size_t padding = 0;
  for (char c : encoded) {
    if (IsAsciiSpace(c)) {
      continue;
    }
    if (c == '=') {
      ++padding;
      continue;
    }
    int value = Base64Value(c);
    if (value < 0 || padding > 0) {
      return InvalidArgument(std::string(field) +
                             " must be base64 (A-Z, a-z, 0-9, '+', '/', '=' padding at the end)");
    }
    ++symbols;
    bits = (bits << 6) | static_cast<uint32_t>(value);
    bit_count += 6;
    if (bit_count >= 8) {
      bit_count -= 8;
      decoded.push_back(static_cast<char>((bits >> bit_count) & 0xff));
    }
  }
  if (symbols == 0) {
    return InvalidArgument(std::string(field) + " must not be empty");
  }
  bool is_bad_length = symbols % 4 == 1;
  bool is_bad_padding = padding > 0 && ((symbols + padding) % 4 != 0 || padding > 2);
  if (is_bad_length || is_bad_padding) {
    return InvalidArgument(std::string(field) +
                           " has a base64 length or padding that is not valid");
  }
  return decoded;
}

}  // namespace wsapp::domain
