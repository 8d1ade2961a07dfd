#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace wsapp::domain {

// A server group (D30): the machines that run the applications of the app groups bound to it.
// The server uses only the fields below; every other member of the vendor's request models is
// kept, already type-checked, in `attributes` and given back in the vendor's reply shapes.
struct ServerGroup {
  std::string id;  // lowercase UUID (reference §6)
  std::string project_id;
  std::string name;
  std::string description;
  std::string app_type = "COMMON_APP";
  int64_t created_at_millis = 0;
  int64_t updated_at_millis = 0;
  // The vendor's other members by their wire names (image_id, os_type, tags, ...).
  nlohmann::json attributes = nlohmann::json::object();

  // Filled by reads, never written: the app groups of the project bound to this group, and the
  // server groups that name this one as their primary.
  int64_t app_group_count = 0;
  std::vector<std::string> secondary_server_group_ids;
};

// Filters of ListServerGroups; empty strings mean "no filter".
struct ServerGroupFilter {
  std::string server_group_id;  // exact
  std::string name_contains;    // case-sensitive substring (D19, as for app-group names)
  std::string app_type;         // exact
  std::string enterprise_project_id;  // exact
  // Each pair must be among the group's tags; an empty value matches any value of that key.
  std::vector<std::pair<std::string, std::string>> tags;
  // "true": only groups that name a primary server group; "false": only those that do not.
  std::string is_secondary;
};

// One application that a server group's image offers (ShowPublishableApp's PublishableApp,
// without the fields that only a published app has).
struct CatalogApp {
  std::string name;
  std::string version;
  std::string command_param;
  std::string execute_path;
  std::string work_path;
  std::string icon_path;
  int64_t icon_index = 0;
  std::string description;
  std::string publisher;
  int64_t source_type = 2;  // image app
  bool sandbox_enable = false;
  std::vector<std::string> source_image_ids;

  // Filled by reads for one app group: an app of this name is published in it.
  bool is_published = false;
};

// Whether ShowPublishableApp offers the app for publishing: not when an app of its name is
// already published in the app group (D15 would refuse it), nor for source_type 1, which the
// vendor reserves and PublishApp refuses.
inline bool IsPublishable(const CatalogApp& app) {
  return !app.is_published && app.source_type != 1;
}

// What operators register for a server group: its image ids and their applications, in order.
struct ServerGroupCatalog {
  std::vector<std::string> group_images;
  std::vector<CatalogApp> items;
};

}  // namespace wsapp::domain
