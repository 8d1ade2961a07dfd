#include "api/router.h"

#include <algorithm>

#include "api/query_params.h"

namespace wsapp::api {

bool SplitPath(std::string_view raw_path, std::vector<std::string>* segments) {
  segments->clear();
  if (raw_path.empty() || raw_path[0] != '/') {
    return false;
  }
  std::string_view rest = raw_path.substr(1);
  while (true) {
    size_t slash = rest.find('/');
    auto decoded = StrictPercentDecode(rest.substr(0, slash), /*plus_is_space=*/false);
    if (!decoded.ok()) {
      return false;
    }
    segments->push_back(std::move(decoded).value());
    if (slash == std::string_view::npos) {
      break;
    }
    rest = rest.substr(slash + 1);
  }
  if (!segments->empty() && segments->back().empty()) {
    segments->pop_back();
  }
  return true;
}

Status Router::Add(Route route) {
  if (route.action.empty() || !route.resources || !route.handler) {
    return InvalidArgument("route " + route.method + " " + route.pattern +
                           " must declare its action, resource builder and handler");
  }
  Entry entry{routes_.size(), {}};
  std::vector<std::string> parts;
  if (!SplitPath(route.pattern, &parts)) {
    return InvalidArgument("malformed route pattern " + route.pattern);
  }
  for (const std::string& part : parts) {
    bool is_param = part.size() > 2 && part.front() == '{' && part.back() == '}';
    entry.segments.push_back({is_param ? part.substr(1, part.size() - 2) : part, is_param});
  }
  for (const Entry& existing : entries_) {
    const Route& other = routes_[existing.route_index];
    if (other.method == route.method && other.pattern == route.pattern) {
      return InvalidArgument("duplicate route " + route.method + " " + route.pattern);
    }
  }
  routes_.push_back(std::move(route));
  entries_.push_back(std::move(entry));
  return OkStatus();
}

RouteMatch Router::Match(std::string_view method, std::string_view raw_path) const {
  RouteMatch match;
  std::vector<std::string> segments;
  if (!SplitPath(raw_path, &segments)) {
    return match;
  }
  // Among matching patterns, the one with a literal at the first differing position wins, so
  // that ".../apps/batch-unpublish" never reaches ".../apps/{app_id}".
  std::vector<const Entry*> best_entries;
  std::vector<bool> best_shape;
  for (const Entry& entry : entries_) {
    std::vector<bool> shape;
    if (!MatchesEntry(entry, segments, &shape)) {
      continue;
    }
    if (best_entries.empty() || shape > best_shape) {
      best_entries.clear();
      best_shape = shape;
    }
    if (shape == best_shape) {
      best_entries.push_back(&entry);
    }
  }
  // HEAD is answered by the GET route, without a body, unless the path has a HEAD route of its
  // own (Keystone's membership and grant checks).
  bool has_head_route =
      method == "HEAD" &&
      std::any_of(best_entries.begin(), best_entries.end(), [this](const Entry* entry) {
        return routes_[entry->route_index].method == "HEAD";
      });
  std::string_view effective_method = method == "HEAD" && !has_head_route ? "GET" : method;
  for (const Entry* entry : best_entries) {
    const Route& route = routes_[entry->route_index];
    match.allowed_methods.push_back(route.method);
    match.error_shape = route.error_shape;
    if (route.method != effective_method) {
      continue;
    }
    match.route = &route;
    for (size_t i = 0; i < segments.size(); ++i) {
      if (entry->segments[i].is_param) {
        match.params[entry->segments[i].text] = segments[i];
      }
    }
  }
  std::sort(match.allowed_methods.begin(), match.allowed_methods.end());
  return match;
}

bool Router::MatchesEntry(const Entry& entry, const std::vector<std::string>& segments,
                          std::vector<bool>* shape) {
  if (entry.segments.size() != segments.size()) {
    return false;
  }
  for (size_t i = 0; i < segments.size(); ++i) {
    const Segment& segment = entry.segments[i];
    bool is_match = segment.is_param ? !segments[i].empty() : segment.text == segments[i];
    if (!is_match) {
      return false;
    }
    shape->push_back(!segment.is_param);
  }
  return true;
}

}  // namespace wsapp::api
