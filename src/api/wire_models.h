#pragma once

#include <nlohmann/json.hpp>

#include "domain/app.h"
#include "domain/app_group.h"
#include "domain/authorization.h"

namespace wsapp::api {

// The reference's models (section 2) in wire form. Unset strings are "" rather than absent, as
// in the vendor's examples.

// AppGroup; with `with_detail`, also app_server_group_description (ShowAppGroupDetail).
nlohmann::json AppGroupToJson(const domain::AppGroup& group, bool with_detail = false);
nlohmann::json AppToJson(const domain::App& app);
nlohmann::json AuthorizationToJson(const domain::Authorization& grant);

}  // namespace wsapp::api
