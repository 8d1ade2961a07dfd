#pragma once

#include <cstdint>
#include <string>

namespace wsapp::domain {

// The custom icon of a published application, served by the server itself at
// `<public url>/wsapp/icons/<token>.png`.
struct AppIcon {
  std::string app_id;
  // 32 lowercase hex characters from the OS's random generator, new at every upload, so the
  // icon's URL cannot be guessed and an earlier URL stops working.
  std::string token;
  std::string png;  // the file's bytes, validated by ValidateIcon (domain/png.h)
  int64_t updated_at_millis = 0;
};

}  // namespace wsapp::domain
