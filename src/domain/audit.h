#pragma once

#include <cstdint>
#include <string>

namespace wsapp::domain {

// One audit record: who did what, when, under which request, and to which resources.
struct AuditRecord {
  int64_t at_millis = 0;
  std::string request_id;
  std::string principal_id;
  std::string principal_name;
  std::string project_id;
  std::string action;
  std::string outcome;  // "success" or "failure"
  // JSON text: per resource its id and outcome, plus action-specific detail (for UnpublishApp,
  // the authorizations removed with the apps).
  std::string detail_json;
};

}  // namespace wsapp::domain
