#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "api/http_message.h"
#include "common/result.h"
#include "support/http_client.h"

namespace wsapp::testing {

// Calls the Workspace API of one project with one token over a keep-alive connection: plain
// requests for the operation under test, and set-up steps (create a group, publish apps, list
// what is published) that return an error instead of a half-built state. Not thread-safe.
class WorkspaceClient {
 public:
  WorkspaceClient(uint16_t port, std::string project_id, std::string token);

  const std::string& project_id() const { return project_id_; }
  const std::string& token() const { return token_; }
  HttpClient& http() { return http_; }

  // "/v1/<project_id>" followed by `rest`.
  std::string Path(std::string_view rest) const;

  ClientResponse Get(const std::string& target);
  // POST with Content-Type: application/json and `body` sent as given.
  ClientResponse PostJson(const std::string& target, const std::string& body);
  // Sends `request`, adding X-Auth-Token unless it already has X-Auth-Token or Authorization.
  ClientResponse Send(api::HttpRequest request);

  // CreateAppGroup with `name` and any further body members; returns the new group's id.
  // Errors: kInternal naming the status and body when the server refuses.
  Result<std::string> CreateAppGroup(const std::string& name,
                                     const nlohmann::json& fields = nlohmann::json::object());
  // PublishApp of custom apps (source_type 3) with these names, in batches of at most 20;
  // returns their ids in the order of `names`.
  Result<std::vector<std::string>> PublishApps(const std::string& app_group_id,
                                               const std::vector<std::string>& names);
  // The ids of every app published in the group, read through ListPublishedApp.
  Result<std::vector<std::string>> ListAppIds(const std::string& app_group_id);
  // Every page of a list operation, walked `limit` at a time from offset 0 until the offset
  // reaches the `count` of the first page. `target` may carry a query (without limit/offset).
  // Errors: kInternal when a page is not 200 with an integer `count` and an array `array_key`,
  // or when the walk does not end within 1000 pages.
  Result<std::vector<nlohmann::json>> ListPages(const std::string& target,
                                                const std::string& array_key, int limit);
  // ShowAppGroupDetail's body.
  Result<nlohmann::json> ShowAppGroup(const std::string& app_group_id);
  // Adds a user (with an e-mail address, so it needs no password) or a LOCAL user group to the
  // project's end-user directory through its v2 API; returns the new entry's id. `group_name`
  // must be usable in a query unescaped.
  Result<std::string> CreateDirectoryUser(const std::string& user_name);
  Result<std::string> CreateDirectoryGroup(const std::string& group_name);

 private:
  HttpClient http_;
  std::string project_id_;
  std::string token_;
};

// The "ids" body of UnpublishApp.
std::string IdsBody(const std::vector<std::string>& ids);

}  // namespace wsapp::testing
