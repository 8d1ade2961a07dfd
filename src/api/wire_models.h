#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/json_writer.h"
#include "domain/app.h"
#include "domain/app_group.h"
#include "domain/authorization.h"

namespace wsapp::api {

// The reference's models (section 2) in wire form. Unset strings are "" rather than absent, as
// in the vendor's examples.

// AppGroup; with `with_detail`, also app_server_group_description (ShowAppGroupDetail).
nlohmann::json AppGroupToJson(const domain::AppGroup& group, bool with_detail = false);
// An App, written by JsonWriter: lists of apps are the hottest replies (docs/architecture.md).
void WriteApp(JsonWriter& writer, const domain::App& app);
std::string AppJson(const domain::App& app);
// {"count": count, "items": [apps...]}, the reply of ListPublishedApp and PublishApp.
std::string AppListJson(int64_t count, const std::vector<domain::App>& apps);
nlohmann::json AuthorizationToJson(const domain::Authorization& grant);

}  // namespace wsapp::api
