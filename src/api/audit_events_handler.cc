// The audit trail of the caller's account (an extension): GET /wsapp/v1/audit-events.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "api/api_call.h"
#include "api/handlers.h"
#include "common/time_format.h"
#include "service/audit_trail_service.h"

namespace wsapp::api {
namespace {

// Longer than any id, action or request id the server writes, so a longer value matches
// nothing anyway and is refused instead.
constexpr size_t kMaxFilterChars = 255;

// A D14 timestamp, or `fallback` when the parameter is absent or empty.
Result<int64_t> TimeParam(const QueryParams& query, const std::string& key, int64_t fallback) {
  const std::string text = query.Get(key);
  if (text.empty()) {
    return fallback;
  }
  std::optional<int64_t> millis = ParseMillisUtc(text);
  if (!millis) {
    return InvalidArgument(
        fmt::format("{} must be a UTC time of the form YYYY-MM-DDTHH:MM:SS.mmmZ", key));
  }
  return *millis;
}

Result<domain::AuditFilter> ParseAuditFilter(const QueryParams& query) {
  domain::AuditFilter filter;
  WSAPP_ASSIGN_OR_RETURN(filter.since_millis, TimeParam(query, "since", filter.since_millis));
  WSAPP_ASSIGN_OR_RETURN(filter.until_millis, TimeParam(query, "until", filter.until_millis));
  if (filter.until_millis <= filter.since_millis) {
    return InvalidArgument("until must be later than since");
  }
  WSAPP_ASSIGN_OR_RETURN(filter.project_id, query.String("project_id", kMaxFilterChars));
  WSAPP_ASSIGN_OR_RETURN(filter.principal_id, query.String("principal_id", kMaxFilterChars));
  WSAPP_ASSIGN_OR_RETURN(filter.action, query.String("action", kMaxFilterChars));
  WSAPP_ASSIGN_OR_RETURN(filter.resource_id, query.String("resource", kMaxFilterChars));
  WSAPP_ASSIGN_OR_RETURN(filter.request_id, query.String("request_id", kMaxFilterChars));
  WSAPP_ASSIGN_OR_RETURN(filter.outcome,
                         query.Enum("outcome", {domain::kAuditSuccess, domain::kAuditDenied,
                                                domain::kAuditUnauthenticated}));
  return filter;
}

nlohmann::json AuditEventToJson(const domain::AuditRecord& record) {
  // Every writer stores an object; anything else would be a broken row, shown as empty.
  nlohmann::json detail = nlohmann::json::parse(record.detail_json, nullptr, false);
  if (!detail.is_object()) {
    detail = nlohmann::json::object();
  }
  return {{"id", std::to_string(record.id)},
          {"at", FormatMillisUtc(record.at_millis)},
          {"request_id", record.request_id},
          {"principal_id", record.principal_id},
          {"principal_name", record.principal_name},
          {"project_id", record.project_id},
          {"action", record.action},
          {"outcome", record.outcome},
          {"detail", std::move(detail)}};
}

Result<HttpResponse> ListAuditEvents(service::AuditTrailService& audit, ApiCall& call) {
  WSAPP_ASSIGN_OR_RETURN(domain::PageRequest page, call.query().Page());
  WSAPP_ASSIGN_OR_RETURN(domain::AuditFilter filter, ParseAuditFilter(call.query()));

  WSAPP_RETURN_IF_ERROR(call.Authorize());

  WSAPP_ASSIGN_OR_RETURN(auto result, audit.List(call.Context(), filter, page));
  nlohmann::json events = nlohmann::json::array();
  for (const domain::AuditRecord& record : result.items) {
    events.push_back(AuditEventToJson(record));
  }
  return JsonResponse(200, {{"count", result.count}, {"events", std::move(events)}});
}

}  // namespace

Status AddAuditRoutes(Router& router, const Services& services) {
  service::AuditTrailService& audit = *services.audit;
  return router.Add({.operation = "ListAuditEvents",
                     .method = "GET",
                     .pattern = "/wsapp/v1/audit-events",
                     .action = "wsapp:audit:list",
                     .resources =
                         [](const ApiCall&) {
                           return std::vector<ResourceRef>{{"auditEvent", "*", "wsapp"}};
                         },
                     .handler = [&audit](ApiCall& call) { return ListAuditEvents(audit, call); },
                     .scope = RouteScope::kAccount});
}

}  // namespace wsapp::api
