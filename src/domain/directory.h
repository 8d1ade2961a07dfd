#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "domain/authorization.h"

namespace wsapp::domain {

// The end-user directory of a project: the users and user groups that app groups can be granted
// to, shaped after the vendor's Workspace v2 models (User, UserDetail, UserGroupInfo).

inline constexpr std::string_view kActiveTypeUser = "USER_ACTIVATE";
inline constexpr std::string_view kActiveTypeAdmin = "ADMIN_ACTIVATE";
inline constexpr std::string_view kGroupPlatformLocal = "LOCAL";
inline constexpr std::string_view kGroupPlatformAd = "AD";

// A desktop user. Ids are 32 lowercase hex characters, as in the vendor's examples; names are
// unique within a project. The password a client sends on create is checked and never kept.
struct DirectoryUser {
  std::string id;
  std::string project_id;
  std::string user_name;
  std::string user_email;
  std::string user_phone;
  std::string active_type = std::string(kActiveTypeUser);
  int64_t account_expires_millis = 0;  // 0: never expires
  bool enable_change_password = true;
  bool next_login_change_password = true;
  std::string description;
  std::string alias_name;
  std::string enterprise_project_id;
  std::string user_info_map;
  std::string domain;
  int64_t created_at_millis = 0;
  std::vector<std::string> group_names;  // filled on reads, sorted by name
};

// A user group; names are unique within a project.
struct DirectoryGroup {
  std::string id;
  std::string project_id;
  std::string name;
  std::string platform_type = std::string(kGroupPlatformLocal);
  std::string description;
  int64_t created_at_millis = 0;
  int64_t user_quantity = 0;  // filled on reads: the number of members
};

// Filters of ListUsers and ListUsersOfGroup; empty means "no filter". Name and description
// match as case-sensitive substrings; the others exactly.
struct DirectoryUserFilter {
  std::string user_name_contains;
  std::string description_contains;
  std::string active_type;
  std::string group_name;  // members of the group of that name
  std::string group_id;    // members of the group of that id
};

// Filters of ListUserGroups: `keyword` is a case-sensitive substring of the name; a group
// matches `platform_types` when that list is empty or holds its platform_type.
struct DirectoryGroupFilter {
  std::string keyword;
  std::vector<std::string> platform_types;
};

// What deleting a user or a group removed with it.
struct RemovedDirectoryAccount {
  std::vector<Authorization> authorizations;
  int64_t memberships = 0;
};

// User names: the vendor's CreateDesktopUser pattern read as a full match: 1 to 32 characters
// of ASCII letters, digits, '.', '_' and '-', starting with a letter or digit and, when longer
// than one character, ending with a letter, digit or '-'. Errors: kInvalidArgument naming
// `field`.
Status ValidateDirectoryUserName(std::string_view field, std::string_view name);

// E-mail addresses: the vendor's pattern, a local part of letters, digits and '_' (or one
// starting and ending with a letter or digit with '.', '_' and '-' between), '@', then labels of
// letters, digits, '-' and '_' each followed by '.', and a last label of letters and digits.
// Errors: kInvalidArgument naming `field`.
Status ValidateEmail(std::string_view field, std::string_view email);

// account_expires of CreateDesktopUser: "0" (never, gives 0) or a UTC time written
// `yyyy-MM-ddTHH:mm:ssZ` or `yyyy-MM-ddTHH:mm:ss.SSSZ`, as milliseconds since the Unix epoch.
// Errors: kInvalidArgument naming `field`.
Result<int64_t> ParseAccountExpires(std::string_view field, std::string_view text);

}  // namespace wsapp::domain
