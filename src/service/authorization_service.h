#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "domain/authorization.h"
#include "service/request_context.h"
#include "store/store.h"

namespace wsapp::service {

// What AddAppGroupAuthorization asks for, validated for form by the API layer.
struct NewAuthorizations {
  std::vector<std::string> app_group_ids;
  std::vector<domain::AccountRef> accounts;
  std::vector<std::string> app_ids;  // D24: only for groups whose authorization_type is APP
};

// Grants of app groups and apps to users and user groups. Thread-safe.
class AuthorizationService {
 public:
  explicit AuthorizationService(store::Store& store);

  // Grants every account every listed group (or, for APP groups, every listed app), all or
  // none; grants that already exist are kept as they are. Only accounts of the project's
  // end-user directory are granted, under the entry's id (ResolveDirectoryAccount,
  // service/directory_service.h); the others are skipped without error (D20).
  // Errors: kNotFound (reason "app_group_not_found") for an unknown group (D2);
  // kInvalidArgument when the groups mix authorization types, when an APP group gets no
  // app_ids, when app_ids are given for APP_GROUP groups, or when an app id is not published
  // in one of the listed groups (D24).
  Status Add(const RequestContext& context, const NewAuthorizations& request);

  // Removes the listed accounts' grants on the listed groups (BatchDeleteAppGroupAuthorization;
  // `request` is shaped as for Add), all or none, with one audit record. Unknown groups and
  // accounts without a grant are skipped (D2), so a repeat succeeds. On APP groups, app_ids
  // limits the removal to the grants of those apps (D24); without app_ids every grant of the
  // accounts on the groups goes. Errors: kInvalidArgument when the listed groups that exist mix
  // authorization types, when app_ids are given for APP_GROUP groups, or when an app id is not
  // published in one of the listed groups that exist (D24).
  Status Delete(const RequestContext& context, const NewAuthorizations& request);

  // Newest first; `count` counts all matches (D11).
  Result<domain::Page<domain::Authorization>> List(const RequestContext& context,
                                                   const domain::AuthorizationFilter& filter,
                                                   const domain::PageRequest& page);

 private:
  store::Store& store_;
};

}  // namespace wsapp::service
