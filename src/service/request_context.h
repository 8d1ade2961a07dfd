#pragma once

#include <cstdint>
#include <string>

namespace wsapp::service {

// Who asks, under which request, in which project, and when. Built by the API layer after
// authentication and authorization.
struct RequestContext {
  std::string request_id;
  std::string actor_id;
  std::string actor_name;
  std::string project_id;
  std::string account_id;  // the caller's IAM account; account-wide operations act in it
  int64_t now_millis = 0;
};

}  // namespace wsapp::service
