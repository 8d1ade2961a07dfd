#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace wsapp {

// A parser callback for nlohmann::json::parse that tracks the member names of every open
// object and remembers the first name repeated within one object (D4). Parsing goes on; the
// caller refuses the document when duplicate() is not empty. Used for request bodies (api/) and
// policy documents (iam/). Not thread-safe; one per parse.
class DuplicateMemberCheck {
 public:
  bool operator()(int /*depth*/, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using Event = nlohmann::json::parse_event_t;
    if (event == Event::object_start) {
      open_objects_.emplace_back();
    } else if (event == Event::object_end && !open_objects_.empty()) {
      open_objects_.pop_back();
    } else if (event == Event::key && !open_objects_.empty()) {
      const std::string& name = parsed.get_ref<const std::string&>();
      if (!open_objects_.back().insert(name).second && duplicate_.empty()) {
        duplicate_ = name;
      }
    }
    return true;
  }

  // The first repeated member name, or "" when there was none.
  const std::string& duplicate() const { return duplicate_; }

 private:
  std::vector<std::set<std::string>> open_objects_;
  std::string duplicate_;
};

}  // namespace wsapp
