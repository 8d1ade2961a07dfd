#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>
#include <string>

namespace wsapp::domain {

inline constexpr std::string_view kAuthorizationTypeAppGroup = "APP_GROUP";
inline constexpr std::string_view kAuthorizationTypeApp = "APP";
inline constexpr std::string_view kAppTypeCommon = "COMMON_APP";
inline constexpr std::string_view kAppTypeSessionDesktop = "SESSION_DESKTOP_APP";

struct AppGroup {
  std::string id;
  std::string project_id;  // the wire's tenant_id
  std::string name;
  std::string app_server_group_id;
  std::string app_server_group_name;
  std::string app_server_group_description;
  std::string description;
  std::string authorization_type = std::string(kAuthorizationTypeAppGroup);
  std::string app_type = std::string(kAppTypeCommon);
  int64_t created_at_millis = 0;
  int64_t app_count = 0;
};

// Filters of ListAppGroup; empty strings mean "no filter" (D19: name is a substring).
struct AppGroupFilter {
  std::string app_group_id;
  std::string app_server_group_id;
  std::string name_contains;
  std::string authorization_type;
  std::string app_type;
};

// One page of a list and the total number of matches (D11).
template <typename T>
struct Page {
  int64_t count = 0;
  std::vector<T> items;
};

struct PageRequest {
  int64_t offset = 0;
  int64_t limit = 10;
};

}  // namespace wsapp::domain
