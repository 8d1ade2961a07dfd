#include "api/dispatcher.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <functional>
#include <random>

#include "api/api_call.h"
#include "api/json_body.h"
#include "common/crypto.h"
#include "common/log.h"
#include "common/time_format.h"

namespace wsapp::api {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

// 32 hex digits per request. Request ids must be unique, not secret: a per-thread generator
// seeded once from OpenSSL's spares a call into OpenSSL's locked generator on every request.
std::string NewRequestId() {
  thread_local std::mt19937_64 generator = [] {
    std::array<uint32_t, 8> seed{};
    auto bytes = RandomBytes(sizeof(seed));
    if (bytes.ok()) {
      std::memcpy(seed.data(), bytes->data(), sizeof(seed));
    } else {
      std::random_device device;
      std::generate(seed.begin(), seed.end(), std::ref(device));
    }
    std::seed_seq sequence(seed.begin(), seed.end());
    return std::mt19937_64(sequence);
  }();
  return fmt::format("{:016x}{:016x}", generator(), generator());
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

HttpResponse MethodNotAllowed(const RouteMatch& match, std::string_view method,
                              const std::string& request_id) {
  Error error = MakeError(ErrorCode::kInvalidArgument,
                          fmt::format("The method {} is not allowed for this resource.", method),
                          "method_not_allowed");
  HttpResponse response = ErrorResponse(error, match.error_shape, request_id);
  std::string allow = fmt::format("{}", fmt::join(match.allowed_methods, ", "));
  // HEAD is served wherever GET is.
  if (std::find(match.allowed_methods.begin(), match.allowed_methods.end(), "GET") !=
      match.allowed_methods.end()) {
    allow += ", HEAD";
  }
  response.SetHeader("Allow", allow);
  return response;
}

HttpResponse HealthResponse() { return JsonResponse(200, {{"status", "ok"}}); }

// Ready when the database answers now: a load balancer takes an instance whose database is gone
// out of rotation, and back once it answers again.
HttpResponse ReadinessResponse(store::Store& store) {
  Status ready = store.CheckReady();
  if (ready.ok()) {
    return JsonResponse(200, {{"status", "ready"}, {"store", std::string(store.backend_name())}});
  }
  log::Warn("not ready",
            {{"store", std::string(store.backend_name())}, {"error", ready.error().message}});
  return JsonResponse(503, {{"status", "unavailable"},
                            {"store", std::string(store.backend_name())},
                            {"reason", ready.error().reason}});
}

// The store's counters in the Prometheus text format.
// Limitation: served without authentication, like /healthz and /readyz; it carries only
// counters (docs/limitations.md).
HttpResponse MetricsResponse(store::Store& store) {
  const store::StoreCounters& counters = store.counters();
  HttpResponse response;
  response.body = fmt::format(
      "# HELP wsapp_store_conflict_retries_total Units of work run again after a serialization"
      " conflict or a lost connection.\n"
      "# TYPE wsapp_store_conflict_retries_total counter\n"
      "wsapp_store_conflict_retries_total {}\n"
      "# HELP wsapp_store_retries_exhausted_total Units of work that still failed after the last"
      " retry (answered 503).\n"
      "# TYPE wsapp_store_retries_exhausted_total counter\n"
      "wsapp_store_retries_exhausted_total {}\n"
      "# HELP wsapp_store_group_commits_total SQLite write transactions committed (group commit:"
      " one carries one or more units of work).\n"
      "# TYPE wsapp_store_group_commits_total counter\n"
      "wsapp_store_group_commits_total {}\n"
      "# HELP wsapp_store_group_committed_units_total SQLite write units of work made durable by"
      " those commits.\n"
      "# TYPE wsapp_store_group_committed_units_total counter\n"
      "wsapp_store_group_committed_units_total {}\n",
      counters.conflict_retries.load(std::memory_order_relaxed),
      counters.retries_exhausted.load(std::memory_order_relaxed),
      counters.group_commits.load(std::memory_order_relaxed),
      counters.group_committed_units.load(std::memory_order_relaxed));
  response.SetHeader("Content-Type", "text/plain; version=0.0.4");
  return response;
}

}  // namespace

bool IsJsonMediaType(const std::string* content_type) {
  if (content_type == nullptr) {
    return true;
  }
  std::string_view value = *content_type;
  std::string_view media_type = Trim(value.substr(0, value.find(';')));
  return EqualsIgnoreCase(media_type, "application/json");
}

Dispatcher::Dispatcher(AccessControl& access, const Clock& clock, store::Store& store)
    : access_(access), clock_(clock), store_(store) {}

HttpResponse Dispatcher::Handle(const HttpRequest& request) {
  auto started = std::chrono::steady_clock::now();
  std::string id = NewRequestId();
  std::string route_name = "unmatched";
  std::string principal_id;

  HttpResponse response = Route(request, id, &route_name, &principal_id);

  Finish(request, id, route_name, principal_id, started, response);
  return response;
}

HttpResponse Dispatcher::Reject(int status, const std::string& message) {
  auto started = std::chrono::steady_clock::now();
  HttpResponse response = TransportErrorResponse(status, message);
  // The request never became whole, so the access line has no method or peer to report.
  Finish(HttpRequest{}, NewRequestId(), "rejected", "", started, response);
  return response;
}

void Dispatcher::Finish(const HttpRequest& request, const std::string& request_id,
                        const std::string& route_name, const std::string& principal_id,
                        std::chrono::steady_clock::time_point started, HttpResponse& response) {
  response.SetHeader("X-Request-Id", request_id);
  auto elapsed =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
  log::Info("access", {{"request_id", request_id},
                       {"method", request.method},
                       {"route", route_name},
                       {"status", std::to_string(response.status)},
                       {"duration_ms", fmt::format("{:.2f}", elapsed.count())},
                       {"principal_id", principal_id},
                       {"remote_ip", request.remote_ip}});
}

HttpResponse Dispatcher::Route(const HttpRequest& request, const std::string& request_id,
                               std::string* route_name, std::string* principal_id) {
  std::string_view target = request.target;
  size_t question = target.find('?');
  std::string_view path = target.substr(0, question);
  std::string_view raw_query =
      question == std::string_view::npos ? std::string_view() : target.substr(question + 1);

  if (path == "/healthz" && (request.method == "GET" || request.method == "HEAD")) {
    *route_name = "Health";
    return HealthResponse();
  }
  if (path == "/readyz" && (request.method == "GET" || request.method == "HEAD")) {
    *route_name = "Ready";
    return ReadinessResponse(store_);
  }
  if (path == "/metrics" && (request.method == "GET" || request.method == "HEAD")) {
    *route_name = "Metrics";
    return MetricsResponse(store_);
  }
  RouteMatch match = router_.Match(request.method, path);
  if (match.route == nullptr && match.allowed_methods.empty()) {
    return ErrorResponse(
        MakeError(ErrorCode::kNotFound, "The API does not exist or has not been published.",
                  "route_not_found"),
        ErrorShape::kWorkspace);
  }
  if (match.route == nullptr) {
    return MethodNotAllowed(match, request.method, request_id);
  }
  *route_name = match.route->operation;
  return RunHandler(request, *match.route, match, raw_query, request_id, principal_id);
}

HttpResponse Dispatcher::RunHandler(const HttpRequest& request, const struct Route& route,
                                    const RouteMatch& match, std::string_view raw_query,
                                    const std::string& request_id, std::string* principal_id) {
  auto fail = [&route, &request_id](const Error& error) {
    return ErrorResponse(error, route.error_shape, request_id);
  };

  auto query = QueryParams::Parse(raw_query);
  if (!query.ok()) {
    return fail(query.error());
  }
  // kNone and kRaw routes get an empty object: a kRaw handler reads request.body untouched and
  // answers 415 itself for a media type it does not take.
  nlohmann::json body = nlohmann::json::object();
  if (route.body == BodyKind::kJson) {
    // Two Content-Type fields name no single media type.
    if (request.CountHeader("Content-Type") > 1 ||
        !IsJsonMediaType(request.FindHeader("Content-Type"))) {
      return fail(MakeError(ErrorCode::kInvalidArgument,
                            "The server does not support the media type of the request payload; "
                            "use application/json.",
                            "unsupported_media_type"));
    }
    auto parsed = ParseJsonObject(request.body);
    if (!parsed.ok()) {
      return fail(parsed.error());
    }
    body = std::move(parsed).value();
  }
  ApiCall call(request, route, match.params, std::move(query).value(), std::move(body), access_,
               request_id, ToUnixMillis(clock_.Now()));
  Result<HttpResponse> result = [&] {
    // Authentication, authorization and the handler's reads share one read transaction.
    store::SharedReadScope reads(store_);
    return route.handler(call);
  }();
  if (call.has_principal()) {
    *principal_id = call.principal().user_id;
  }
  if (!result.ok()) {
    const Error& error = result.error();
    if (error.code == ErrorCode::kInternal || error.code == ErrorCode::kUnavailable) {
      log::Error(
          "request failed",
          {{"request_id", request_id}, {"route", route.operation}, {"error", error.message}});
    }
    return fail(error);
  }
  if (!call.is_authorized()) {
    log::Error("handler answered without authorizing",
               {{"request_id", request_id}, {"route", route.operation}});
    return fail(InternalError("handler skipped authorization"));
  }
  return std::move(result).value();
}

}  // namespace wsapp::api
