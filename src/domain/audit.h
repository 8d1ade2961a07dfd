#pragma once

#include <cstdint>
#include <limits>
#include <string>

namespace wsapp::domain {

// The outcomes of an audit record: a change that committed, and the refused attempts that
// service::RefusalRecorder writes (403 and 401).
inline constexpr char kAuditSuccess[] = "success";
inline constexpr char kAuditDenied[] = "denied";
inline constexpr char kAuditUnauthenticated[] = "unauthenticated";

// One audit record: who did what, when, under which request, and to which resources.
struct AuditRecord {
  int64_t id = 0;  // assigned by the store, increasing; 0 until the record is appended
  int64_t at_millis = 0;
  // The IAM account the record belongs to: the caller's, or for an anonymous caller the
  // account of the project in the path. Empty lets the store resolve it when appending.
  std::string account_id;
  std::string request_id;
  std::string principal_id;
  std::string principal_name;
  std::string project_id;
  std::string action;
  std::string outcome;  // kAuditSuccess, kAuditDenied or kAuditUnauthenticated
  // JSON object text: per resource its type, id and outcome, plus action-specific detail (for
  // UnpublishApp, the authorizations removed with the apps).
  std::string detail_json;
};

// What an audit query selects; empty strings select everything. Times are Unix milliseconds,
// `since` inclusive and `until` exclusive.
struct AuditFilter {
  int64_t since_millis = std::numeric_limits<int64_t>::min();
  int64_t until_millis = std::numeric_limits<int64_t>::max();
  std::string project_id;
  std::string principal_id;
  std::string action;
  std::string resource_id;  // an id among the detail's "resources"
  std::string outcome;
  std::string request_id;
};

}  // namespace wsapp::domain
