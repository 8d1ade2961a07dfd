#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"
#include "domain/app.h"
#include "service/request_context.h"
#include "store/store.h"

namespace wsapp::service {

// The path under which the server serves uploaded icons, without credentials.
inline constexpr std::string_view kIconPathPrefix = "/wsapp/icons/";

// Checks a --public-url value: `http://` or `https://`, a host, an optional port and path, no
// query, fragment or user info. Returns it without trailing slashes.
// Errors: kInvalidArgument saying what is wrong.
Result<std::string> NormalizePublicUrl(std::string_view url);

// The public URL when none is configured: `http://<host>:<port>` of the listening socket, an
// IPv6 literal in brackets.
std::string DefaultPublicUrl(std::string_view listen_host, uint16_t port);

// Custom application icons (UploadAppIcon, UploadAppIconRaw, DeleteAppIcon) and the bytes the
// server serves at their URLs. Thread-safe once the public URL is set.
class IconService {
 public:
  explicit IconService(store::Store& store);

  // Sets the absolute base of icon URLs (a NormalizePublicUrl result).
  // Requires: called before any other method runs, e.g. before the server's threads start.
  void SetPublicUrl(std::string public_url) { public_url_ = std::move(public_url); }
  const std::string& public_url() const { return public_url_; }

  // Replaces the app's icon with `png` under a new random token, sets the app's icon_url to
  // `<public url>/wsapp/icons/<token>.png`, and returns the app as stored; the audit record names
  // `action`. The earlier icon's URL stops working. Errors: kInvalidArgument when `png` is not a
  // valid icon (domain::ValidateIcon, naming `field`); kNotFound (reason "app_group_not_found",
  // or "app_not_found" when the app is not published in that group of the project).
  Result<domain::App> Upload(const RequestContext& context, const std::string& app_group_id,
                             const std::string& app_id, std::string_view field, std::string png,
                             const std::string& action);

  // Restores the default icon: the stored icon goes and icon_url becomes "". Succeeds for an
  // app without a custom icon too (D2). Errors: kNotFound as Upload.
  Status Delete(const RequestContext& context, const std::string& app_group_id,
                const std::string& app_id);

  // The PNG bytes served at `<public url>/wsapp/icons/<file_name>`. Errors: kNotFound when
  // `file_name` is not `<token>.png` of a stored icon.
  Result<std::string> Serve(std::string_view file_name);

 private:
  store::Store& store_;
  std::string public_url_;
};

}  // namespace wsapp::service
