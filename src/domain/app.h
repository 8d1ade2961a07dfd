#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wsapp::domain {

inline constexpr std::string_view kAppStateNormal = "NORMAL";
inline constexpr std::string_view kAppStateForbidden = "FORBIDDEN";

// An application published in an app group.
struct App {
  std::string id;
  std::string project_id;
  std::string app_group_id;
  std::string name;
  std::string version;
  std::string command_param;
  std::string execute_path;
  std::string work_path;
  std::string icon_path;
  int64_t icon_index = 0;
  std::string description;
  std::string state = std::string(kAppStateNormal);
  int64_t published_at_millis = 0;
  int64_t source_type = 3;
  std::string publisher;
  std::string icon_url;
  bool sandbox_enable = false;
  bool is_pre_boot = false;
  std::vector<std::string> source_image_ids;
  // app_extended_info.extended_info; absent when the publisher sent none.
  std::optional<std::map<std::string, std::string>> extended_info;
};

// Filters of ListPublishedApp; empty strings mean "no filter".
struct AppFilter {
  std::string app_id;
  std::string name_contains;
  std::string state;
};

}  // namespace wsapp::domain
