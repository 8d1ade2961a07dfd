#include "support/workspace_client.h"

#include <algorithm>

namespace wsapp::testing {
namespace {

constexpr size_t kMaxPublishBatch = 20;
constexpr int kListPageSize = 100;

Error Refused(const std::string& what, const ClientResponse& response) {
  return InternalError(what + " answered " + std::to_string(response.status) + ": " +
                       response.body);
}

}  // namespace

WorkspaceClient::WorkspaceClient(uint16_t port, std::string project_id, std::string token)
    : http_(port), project_id_(std::move(project_id)), token_(std::move(token)) {}

std::string WorkspaceClient::Path(std::string_view rest) const {
  return "/v1/" + project_id_ + std::string(rest);
}

ClientResponse WorkspaceClient::Get(const std::string& target) {
  return Send(MakeRequest("GET", target));
}

ClientResponse WorkspaceClient::PostJson(const std::string& target, const std::string& body) {
  return Send(MakeRequest("POST", target, {{"Content-Type", "application/json"}}, body));
}

ClientResponse WorkspaceClient::Send(api::HttpRequest request) {
  if (request.FindHeader("X-Auth-Token") == nullptr &&
      request.FindHeader("Authorization") == nullptr) {
    request.headers.push_back({"X-Auth-Token", token_});
  }
  return http_.Send(request);
}

Result<std::string> WorkspaceClient::CreateAppGroup(const std::string& name,
                                                    const nlohmann::json& fields) {
  nlohmann::json body = fields;
  body["name"] = name;
  ClientResponse response = PostJson(Path("/app-groups"), body.dump());
  nlohmann::json reply = response.Json();
  if (response.status != 200 || !reply.is_object() || !reply.contains("id") ||
      !reply["id"].is_string()) {
    return Refused("CreateAppGroup " + name, response);
  }
  return reply["id"].get<std::string>();
}

Result<std::string> WorkspaceClient::CreateDirectoryUser(const std::string& user_name) {
  nlohmann::json body = {{"user_name", user_name}, {"user_email", user_name + "@example.test"}};
  ClientResponse response = PostJson("/v2/" + project_id_ + "/users", body.dump());
  nlohmann::json reply = response.Json();
  if (response.status / 100 != 2 || !reply.is_object() || !reply.contains("id") ||
      !reply["id"].is_string()) {
    return Refused("CreateDesktopUser " + user_name, response);
  }
  return reply["id"].get<std::string>();
}

Result<std::string> WorkspaceClient::CreateDirectoryGroup(const std::string& group_name) {
  nlohmann::json body = {{"group_name", group_name}, {"platform_type", "LOCAL"}};
  ClientResponse created = PostJson("/v2/" + project_id_ + "/groups", body.dump());
  if (created.status / 100 != 2) {
    return Refused("CreateUserGroup " + group_name, created);
  }
  // The vendor's CreateUserGroup answers without the id; ListUserGroups has it.
  ClientResponse listed = Get("/v2/" + project_id_ + "/groups?keyword=" + group_name);
  nlohmann::json reply = listed.Json();
  if (listed.status == 200 && reply.is_object() && reply["user_groups"].is_array()) {
    for (const nlohmann::json& group : reply["user_groups"]) {
      if (group.value("name", "") == group_name && group["id"].is_string()) {
        return group["id"].get<std::string>();
      }
    }
  }
  return Refused("ListUserGroups " + group_name, listed);
}

Result<std::vector<std::string>> WorkspaceClient::PublishApps(
    const std::string& app_group_id, const std::vector<std::string>& names) {
  std::vector<std::string> ids;
  for (size_t start = 0; start < names.size(); start += kMaxPublishBatch) {
    nlohmann::json items = nlohmann::json::array();
    for (size_t i = start; i < std::min(names.size(), start + kMaxPublishBatch); ++i) {
      items.push_back({{"name", names[i]},
                       {"source_type", 3},
                       {"execute_path", "C:\\Tools\\" + std::to_string(i) + ".exe"}});
    }
    ClientResponse response = PostJson(Path("/app-groups/" + app_group_id + "/apps"),
                                       nlohmann::json({{"items", items}}).dump());
    nlohmann::json reply = response.Json();
    if (response.status != 200 || !reply.is_object() || !reply.contains("items") ||
        !reply["items"].is_array() || reply["items"].size() != items.size()) {
      return Refused("PublishApp", response);
    }
    for (const nlohmann::json& item : reply["items"]) {
      if (!item.is_object() || !item.contains("id") || !item["id"].is_string()) {
        return Refused("PublishApp", response);
      }
      ids.push_back(item["id"].get<std::string>());
    }
  }
  return ids;
}

Result<std::vector<std::string>> WorkspaceClient::ListAppIds(const std::string& app_group_id) {
  std::vector<std::string> ids;
  for (int offset = 0;; offset += kListPageSize) {
    ClientResponse response =
        Get(Path("/app-groups/" + app_group_id + "/apps?limit=" + std::to_string(kListPageSize) +
                 "&offset=" + std::to_string(offset)));
    nlohmann::json reply = response.Json();
    if (response.status != 200 || !reply.is_object() || !reply.contains("items") ||
        !reply["items"].is_array() || !reply.contains("count")) {
      return Refused("ListPublishedApp", response);
    }
    for (const nlohmann::json& item : reply["items"]) {
      ids.push_back(item.value("id", ""));
    }
    if (reply["items"].size() < static_cast<size_t>(kListPageSize)) {
      return ids;
    }
  }
}

Result<std::vector<nlohmann::json>> WorkspaceClient::ListPages(const std::string& target,
                                                               const std::string& array_key,
                                                               int limit) {
  constexpr int kMaxPages = 1000;
  const char separator = target.find('?') == std::string::npos ? '?' : '&';
  std::vector<nlohmann::json> pages;
  int64_t count = -1;
  for (int offset = 0; pages.size() < kMaxPages; offset += limit) {
    ClientResponse response = Get(target + separator + "limit=" + std::to_string(limit) +
                                  "&offset=" + std::to_string(offset));
    nlohmann::json page = response.Json();
    if (response.status != 200 || !page.is_object() || !page.contains("count") ||
        !page["count"].is_number_integer() || !page.contains(array_key) ||
        !page[array_key].is_array()) {
      return Refused("GET " + target, response);
    }
    if (count < 0) {
      count = page["count"].get<int64_t>();
    }
    pages.push_back(std::move(page));
    if (offset + limit >= count) {
      return pages;
    }
  }
  return InternalError("the walk over " + target + " did not end");
}

Result<nlohmann::json> WorkspaceClient::ShowAppGroup(const std::string& app_group_id) {
  ClientResponse response = Get(Path("/app-groups/" + app_group_id));
  if (response.status != 200 || !response.Json().is_object()) {
    return Refused("ShowAppGroupDetail", response);
  }
  return response.Json();
}

std::string IdsBody(const std::vector<std::string>& ids) {
  return nlohmann::json({{"ids", ids}}).dump();
}

}  // namespace wsapp::testing
