#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "api/http_message.h"
#include "api/router.h"
#include "common/result.h"
#include "iam/authenticator.h"
#include "iam/policy_evaluator.h"
#include "iam/principal.h"
#include "store/store.h"

namespace wsapp::service {
class RefusalRecorder;
}  // namespace wsapp::service

namespace wsapp::api {

// Authentication, project scope (D21) and authorization (D8, D9, D22) for API calls.
// Thread-safe.
class AccessControl {
 public:
  // `refusals`, when set, receives the audit records of refused calls (ApiCall::Authorize) and
  // must outlive this object.
  AccessControl(store::Store& store, iam::Authenticator& authenticator,
                const iam::PolicyEvaluator& evaluator, std::string region,
                service::RefusalRecorder* refusals = nullptr);

  // Errors: kUnauthenticated, and the store's.
  Result<iam::Principal> Authenticate(const HttpRequest& request);

  // The principal may act on `project_id`: it is a project of the principal's account; a token
  // must be scoped to exactly that project; an access key's X-Project-Id, when sent, must name
  // it. Errors: kPermissionDenied; the store's.
  // `action` is the route's, named in the 403's message (D12).
  Status CheckProjectScope(const iam::Principal& principal, const std::string& project_id,
                           const std::string& action);

  // Evaluates `action` on the URNs of `resources`; every one must be allowed. Errors:
  // kPermissionDenied naming the action; the store's.
  Status Authorize(const iam::Principal& principal, const std::string& action,
                   const std::vector<ResourceRef>& resources, const std::string& project_id,
                   const std::string& source_ip);

  // Why `subject` may or may not perform `action` on the URNs `resource_urns` in `project_id`
  // ("" for account-wide): the explainer's answer, evaluated as a request from `source_ip` now.
  // Errors: the store's.
  Result<iam::Explanation> Explain(const iam::Principal& subject, const std::string& action,
                                   const std::vector<std::string>& resource_urns,
                                   const std::string& project_id, const std::string& source_ip);

  const std::string& region() const { return region_; }
  // Where refused calls are recorded; nullptr when they are not.
  service::RefusalRecorder* refusals() const { return refusals_; }

 private:
  // The project, or a Project with every field empty when there is no such project.
  Result<domain::Project> FindProject(const std::string& project_id);

  store::Store& store_;
  iam::Authenticator& authenticator_;
  const iam::PolicyEvaluator& evaluator_;
  const std::string region_;
  service::RefusalRecorder* const refusals_;
  std::mutex mutex_;
  // Projects never change account or name, so known ones are cached; guarded by mutex_.
  std::map<std::string, domain::Project> projects_;
};

}  // namespace wsapp::api
