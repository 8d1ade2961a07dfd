#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.h"

namespace wsapp::domain {

// The largest custom application icon, in bytes of the PNG file ("8 KB" in the vendor's
// description of UploadAppIcon, read as 8 KiB).
inline constexpr size_t kMaxIconBytes = 8 * 1024;

// Checks that `bytes` are one well-formed PNG file (ISO/IEC 15948): the 8-byte signature, an
// IHDR chunk first (13 bytes; width and height 1..2^31-1; a bit depth allowed for its colour
// type; compression, filter and interlace methods the standard defines), then chunks whose
// lengths stay inside the file, whose types are four ASCII letters and whose CRCs match, with at
// least one IDAT, ending with IEND and nothing after it. Pixel data is not decompressed.
// Errors: kInvalidArgument naming `field` and what is wrong.
Status ValidatePng(std::string_view field, std::string_view bytes);

// ValidatePng, and at most kMaxIconBytes long. Errors: kInvalidArgument naming `field`.
Status ValidateIcon(std::string_view field, std::string_view bytes);

// Decodes an icon sent as text (UploadAppIconRaw's `icon_content`, UploadAppIcon's `icon_url`
// form field): standard base64 (RFC 4648 section 4) of the PNG file, optionally behind a
// `data:image/png;base64,` prefix (scheme and media type in any case). ASCII whitespace between
// the characters is ignored, as MIME encoders wrap lines; padding may be omitted but, when
// present, must be right. Returns the decoded bytes, not yet validated as an icon.
// Errors: kInvalidArgument naming `field` (another alphabet, a bad length or padding, or a data
// URI of another media type or without ";base64").
Result<std::string> DecodeBase64Icon(std::string_view field, std::string_view text);

}  // namespace wsapp::domain
