#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "api/error_mapping.h"
#include "api/http_message.h"
#include "common/result.h"

namespace wsapp::api {

class ApiCall;

// One resource an operation acts on, before it becomes a URN (D8): its type ("appGroup",
// "app", ...) and id, or "*" for account-wide lists and creates (D22).
struct ResourceRef {
  std::string type;
  std::string id;
  std::string service = "workspace";  // "iam" for the identity API, whose URNs have no region
};

// Builds the resources a call acts on. Called after the handler validated the request, so it
// may read validated fields of the body.
using ResourceBuilder = std::function<std::vector<ResourceRef>(const ApiCall&)>;
using RouteHandler = std::function<Result<HttpResponse>(ApiCall&)>;

enum class RouteScope {
  kProject,  // path starts with /v{n}/{project_id}: scope checked against it (D21)
  kAccount,  // account-wide identity API
  kPublic,   // no credentials (token requests)
  // Credentials required, but the route's action is not evaluated: the operation reveals only
  // the caller's own data, and a handler that goes further authorizes that itself with
  // ApiCall::AuthorizeAction (the explainer about another user).
  kSelf,
};

// kRaw: the handler reads request().body as received and checks its media type itself
// (multipart uploads); the dispatcher neither checks nor parses it.
enum class BodyKind { kNone, kJson, kRaw };

struct Route {
  std::string operation;  // e.g. "UnpublishApp", for logs
  std::string method;     // "GET", "POST", ...
  std::string pattern;    // e.g. "/v1/{project_id}/app-groups/{app_group_id}"
  std::string action;     // IAM action evaluated for the caller (D8)
  ResourceBuilder resources;
  RouteHandler handler;
  RouteScope scope = RouteScope::kProject;
  BodyKind body = BodyKind::kNone;
  ErrorShape error_shape = ErrorShape::kWorkspace;
};

struct RouteMatch {
  const Route* route = nullptr;
  std::map<std::string, std::string> params;  // decoded path parameters
  // When the path exists but not for this method: the methods it has (for 405 and Allow).
  std::vector<std::string> allowed_methods;
  ErrorShape error_shape = ErrorShape::kWorkspace;  // of the routes sharing the path
};

// Maps a method and raw path to a route. The raw path is split on literal '/' and each segment
// percent-decoded afterwards, so "%2F" stays inside its parameter (D28); a trailing '/' is
// ignored (D7); literal segments win over parameters. Not thread-safe while routes are added;
// Match is safe to call concurrently afterwards.
class Router {
 public:
  // Errors: kInvalidArgument when the route lacks an action, a resource builder or a handler
  // (every route must say what it authorizes), has a malformed pattern, or repeats a method and
  // pattern already added.
  Status Add(Route route);

  RouteMatch Match(std::string_view method, std::string_view raw_path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  struct Segment {
    std::string text;
    bool is_param = false;
  };
  struct Entry {
    size_t route_index;
    std::vector<Segment> segments;
  };

  // True when the entry's pattern matches; `shape` gets true for each literal segment.
  static bool MatchesEntry(const Entry& entry, const std::vector<std::string>& segments,
                           std::vector<bool>* shape);

  std::vector<Route> routes_;
  std::vector<Entry> entries_;
};

// Splits a raw path into decoded segments (empty trailing segment dropped). Returns false on a
// malformed escape.
bool SplitPath(std::string_view raw_path, std::vector<std::string>* segments);

}  // namespace wsapp::api
