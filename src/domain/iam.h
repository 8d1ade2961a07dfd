#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace wsapp::domain {

// The IAM administration (v5) model: user groups, identity policies and their attachments,
// login profiles. Users and access keys are the identity types of domain/identity.h.

inline constexpr char kPolicyTypeCustom[] = "custom";
inline constexpr char kPolicyTypeSystem[] = "system";
// The account id under which the system policies of D23 are stored.
inline constexpr char kSystemAccountId[] = "system";
inline constexpr char kPrincipalUser[] = "user";
inline constexpr char kPrincipalGroup[] = "group";
// Every policy has one version, created with it (see docs/limitations.md).
inline constexpr char kFirstPolicyVersion[] = "v1";

struct LoginProfile {
  std::string user_id;
  bool password_reset_required = false;
  int64_t created_at_millis = 0;
};

struct IamGroup {
  std::string id;
  std::string account_id;
  std::string name;
  std::string description;
  int64_t created_at_millis = 0;
};

struct IamPolicy {
  std::string id;
  std::string account_id;  // kSystemAccountId for system policies
  std::string name;
  std::string policy_type = kPolicyTypeCustom;
  std::string path;
  std::string description;
  std::string document;  // the JSON text as created
  std::string default_version_id = kFirstPolicyVersion;
  int64_t attachment_count = 0;  // within the reading account; filled by reads
  int64_t created_at_millis = 0;
  int64_t updated_at_millis = 0;
};

// A policy as attached to one user or group.
struct AttachedPolicy {
  std::string policy_id;
  std::string policy_name;
  std::string account_id;  // the policy's, for its URN
  int64_t attached_at_millis = 0;
};

// A policy that applies to a user, directly or through a group: what enforcement evaluates.
struct EffectivePolicy {
  std::string policy_id;
  std::string name;
  std::string document;
  std::string version_id;
  // The language the document is written in: "5.0" (identity policies, system policies) or
  // "1.1" (custom policies of the role-based model).
  std::string language = "5.0";
};

// A custom policy of the role-based model (v3, `/v3.0/OS-ROLE/roles`), Version 1.1.
inline constexpr char kRoleTypeProject[] = "XA";  // project-level services
inline constexpr char kRoleTypeGlobal[] = "AX";   // global services
struct IamRole {
  std::string id;
  std::string account_id;
  std::string name;  // "custom_" and the id: the vendor's generated name form
  std::string display_name;
  std::string type = kRoleTypeProject;
  std::string description;
  std::string description_cn;
  std::string policy;  // the policy document's JSON text, as created or last updated
  int64_t created_at_millis = 0;
  int64_t updated_at_millis = 0;
};

// Marker paging of the v5 lists: items ordered by id ascending, the marker being the last id
// of the previous page ("" for the first page).
struct MarkerPageRequest {
  std::string marker;
  int64_t limit = 100;
};

template <typename T>
struct MarkerPage {
  std::vector<T> items;
  std::string next_marker;  // "" on the last page
};

struct IamUserFilter {
  std::string group_id;  // members of this group only, when not empty
};

struct IamGroupFilter {
  std::string user_id;  // groups this user belongs to, when not empty
};

struct IamPolicyFilter {
  std::string policy_type;  // "custom", "system" or "" for both
  std::string path_prefix;
  bool only_attached = false;
};

}  // namespace wsapp::domain
