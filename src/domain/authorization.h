#pragma once

#include <cstdint>
#include <string>

namespace wsapp::domain {

inline constexpr std::string_view kAccountTypeUser = "USER";
inline constexpr std::string_view kAccountTypeUserGroup = "USER_GROUP";

// Who is authorized, as the request named them (AccountInfo on the wire).
struct AccountRef {
  std::string account;
  std::string account_type;
  std::string id;
  std::string domain;
  std::string email;
  std::string telephone_number;
  std::string platform_type;
};

// A grant of an app group (authorization_type APP_GROUP, app_id empty) or of one app in it
// (authorization_type APP, D24) to a user or user group.
struct Authorization {
  std::string id;
  std::string project_id;
  std::string app_group_id;
  std::string app_group_name;  // filled on reads
  std::string app_id;
  std::string app_name;  // filled on reads
  std::string authorization_type;
  AccountRef account;
  int64_t created_at_millis = 0;
};

// Filters of ListAppGroupAuthorization; empty means "no filter" (D19: all exact).
struct AuthorizationFilter {
  std::string app_group_id;
  std::string account_id;
  std::string account;
  std::string account_type;
};

}  // namespace wsapp::domain
