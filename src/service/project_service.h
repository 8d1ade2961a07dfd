#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "domain/identity.h"
#include "service/request_context.h"
#include "store/store.h"

namespace wsapp::service {

// Projects of an account. Thread-safe.
class ProjectService {
 public:
  explicit ProjectService(store::Store& store);

  // Projects of the account ordered by name; an empty `name` lists all.
  Result<std::vector<domain::Project>> List(const std::string& account_id,
                                            const std::string& name);

  // Creates a project with a fresh id. Errors: kInvalidArgument for a bad name;
  // kAlreadyExists when the account has a project of that name.
  Result<domain::Project> Create(const RequestContext& context, const std::string& account_id,
                                 const std::string& name, const std::string& description);

  // Accounts (Keystone domains) by id. Errors: kNotFound.
  Result<domain::Account> Account(const std::string& account_id);

 private:
  store::Store& store_;
};

// Project names: 1 to 64 of letters, digits, '_', '-' and '.', as region-style names are.
Status ValidateProjectName(const std::string& name);

}  // namespace wsapp::service
