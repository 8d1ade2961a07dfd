// Row readers shared by the query files of app groups, apps and authorizations.
#pragma once

#include "domain/authorization.h"
#include "store/sql/sql_connection.h"

namespace wsapp::store::sql {

// Reads one authorization from a row whose first columns are, in this order: id, project_id,
// app_group_id, app_id, authorization_type, account, account_type, account_id, domain, email,
// telephone_number, platform_type, created_at.
domain::Authorization ReadAuthorization(const Statement& row);

}  // namespace wsapp::store::sql
