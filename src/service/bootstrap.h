#pragma once

#include <optional>
#include <string>

#include "common/clock.h"
#include "common/result.h"
#include "service/request_context.h"
#include "store/store.h"

namespace wsapp::service {

// Identity data given at first start; what is absent is generated.
struct FirstStartConfig {
  std::string account_name = "wsapp";
  std::optional<std::string> root_password;
  std::optional<std::string> root_access_key;
  std::optional<std::string> root_secret_key;
  std::optional<std::string> project_id;
  // Where generated secrets are written (mode 0600).
  std::string credentials_path;
  bool is_demo = false;
};

struct FirstStartResult {
  bool is_first_start = false;
  bool wrote_credentials = false;  // some secret was generated and written to the file
  std::string account_id;
  std::string default_project_id;
};

// The project id of the vendor's documented example (D27).
inline constexpr std::string_view kDemoProjectId = "a4da8115c9d8464ead3a38309130523f";
inline constexpr std::string_view kDemoAppGroupId = "575772274859184144";

// Keeps the region in the store at first start; a later start with another region fails with
// kFailedPrecondition.
Status EnsureRegion(store::Store& store, const std::string& region);

// On an empty store, creates the account, its root user, one access key for it, the default
// project named after the region (D27) and the token signing key, in one unit of work.
// Generated secrets go to config.credentials_path, readable only by its owner, before the
// commit. On a store that has an account it changes nothing. Errors: the store's; kInternal when
// the credentials file cannot be written.
Result<FirstStartResult> EnsureFirstStart(store::Store& store, const Clock& clock,
                                          const std::string& region,
                                          const FirstStartConfig& config);

// Loads the documented example (D27): the demo project (the default project when it has the
// demo id, else `<region>_demo` with that id), app group 575772274859184144 with apps
// 570810904237572123 and 570810904237572122, and a group-level grant for the demo user
// "user000". Loaded once per store, with an audit record: a later call changes nothing, so what
// users changed or deleted in the demo data stays so.
Status LoadDemo(store::Store& store, const Clock& clock, const std::string& region,
                const std::string& account_id);

// Adds a new token signing key, with its audit record, and returns its id. Tokens issued from
// then on, by every instance sharing the store, are signed with it; tokens signed with earlier
// keys keep verifying until they expire (D16). Errors: the store's; kInternal when no random key
// can be drawn.
Result<std::string> RotateTokenSigningKey(store::Store& store, const Clock& clock);

}  // namespace wsapp::service
