// Audit-trail reads of SqlUnitOfWork (records are appended by sql_app_queries.cc).
#include <array>
#include <string>

#include "store/sql/sql_unit_of_work.h"

namespace wsapp::store::sql {
namespace {

constexpr char kSelectAuditColumns[] =
    "SELECT e.seq, e.at, e.account_id, e.request_id, e.principal_id, e.principal_name,"
    " e.project_id, e.action, e.outcome, e.detail";
// The filter parameters ?1..?9 shared by the count and the list: account, since, until,
// project, principal, action, outcome, request id, resource id. A resource matches through the
// element's path in the whole detail, so an element that is not an object reads as no id
// instead of failing the query.
// Limitation: the resource filter has no index; it reads the detail of every record the other
// filters leave (docs/limitations.md).
constexpr char kAuditFilter[] =
    " FROM audit_events e WHERE e.account_id = ?1 AND e.at >= ?2 AND e.at < ?3"
    " AND (?4 = '' OR e.project_id = ?4) AND (?5 = '' OR e.principal_id = ?5)"
    " AND (?6 = '' OR e.action = ?6) AND (?7 = '' OR e.outcome = ?7)"
    " AND (?8 = '' OR e.request_id = ?8)";
// The resource filter ?9, in each dialect's JSON functions.
constexpr DialectQuery kAuditResourceFilter = {
    " AND (?9 = '' OR EXISTS (SELECT 1 FROM json_each(e.detail, '$.resources') r"
    " WHERE json_extract(e.detail, r.fullkey || '.id') = ?9))",
    " AND (?9 = '' OR EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN"
    " jsonb_typeof(CAST(e.detail AS jsonb) -> 'resources') = 'array' THEN CAST(e.detail AS jsonb)"
    " -> 'resources' ELSE '[]' END) AS r(item) WHERE r.item ->> 'id' = ?9))",
};
constexpr char kAuditOrder[] = " ORDER BY e.at DESC, e.seq DESC LIMIT ?10 OFFSET ?11";

// SQLite cannot use an index for `(?n = '' OR column = ?n)`, so the most selective filter that
// was given is repeated as a plain equality; the index of migration 0008 that leads with it
// then serves the query. In order of preference; kNone uses the (account, at) index.
enum class LeadingFilter { kNone, kRequest, kPrincipal, kAction, kProject, kOutcome };
constexpr std::array<const char*, 6> kLeadingEquality = {
    "",
    " AND e.request_id = ?8",
    " AND e.principal_id = ?5",
    " AND e.action = ?6",
    " AND e.project_id = ?4",
    " AND e.outcome = ?7",
};

struct AuditQueries {
  std::string count;
  std::string list;
};

// Connection::Prepare caches statements by the address of their text, so the variants are
// built once per dialect and live as long as the program.
const AuditQueries& QueriesFor(Dialect dialect, LeadingFilter leading) {
  using Variants = std::array<AuditQueries, kLeadingEquality.size()>;
  static const std::array<Variants, 2> kQueries = [] {
    std::array<Variants, 2> queries;
    for (Dialect each : {Dialect::kSqlite, Dialect::kPostgres}) {
      const char* resource_filter =
          each == Dialect::kSqlite ? kAuditResourceFilter.sqlite : kAuditResourceFilter.postgres;
      Variants& variants = queries[static_cast<size_t>(each)];
      for (size_t i = 0; i < kLeadingEquality.size(); ++i) {
        std::string where = std::string(kAuditFilter) + resource_filter + kLeadingEquality[i];
        variants[i].count = "SELECT COUNT(*)" + where;
        variants[i].list = kSelectAuditColumns + where + kAuditOrder;
      }
    }
    return queries;
  }();
  return kQueries[static_cast<size_t>(dialect)][static_cast<size_t>(leading)];
}

LeadingFilter ChooseLeadingFilter(const domain::AuditFilter& filter) {
  if (!filter.request_id.empty()) {
    return LeadingFilter::kRequest;
  }
  if (!filter.principal_id.empty()) {
    return LeadingFilter::kPrincipal;
  }
  if (!filter.action.empty()) {
    return LeadingFilter::kAction;
  }
  if (!filter.project_id.empty()) {
    return LeadingFilter::kProject;
  }
  if (!filter.outcome.empty()) {
    return LeadingFilter::kOutcome;
  }
  return LeadingFilter::kNone;
}

void BindAuditFilter(Statement& statement, const std::string& account_id,
                     const domain::AuditFilter& filter) {
  statement.Bind(1, account_id)
      .Bind(2, filter.since_millis)
      .Bind(3, filter.until_millis)
      .Bind(4, filter.project_id)
      .Bind(5, filter.principal_id)
      .Bind(6, filter.action)
      .Bind(7, filter.outcome)
      .Bind(8, filter.request_id)
      .Bind(9, filter.resource_id);
}

domain::AuditRecord ReadAuditRecord(const Statement& row) {
  domain::AuditRecord record;
  record.id = row.Int(0);
  record.at_millis = row.Int(1);
  record.account_id = row.Text(2);
  record.request_id = row.Text(3);
  record.principal_id = row.Text(4);
  record.principal_name = row.Text(5);
  record.project_id = row.Text(6);
  record.action = row.Text(7);
  record.outcome = row.Text(8);
  record.detail_json = row.Text(9);
  return record;
}

}  // namespace

Result<domain::Page<domain::AuditRecord>> SqlUnitOfWork::ListAuditEvents(
    const std::string& account_id, const domain::AuditFilter& filter,
    const domain::PageRequest& page) {
  domain::Page<domain::AuditRecord> result;
  // Records that no account could be resolved for carry '', and belong to no one.
  if (account_id.empty()) {
    return result;
  }
  const AuditQueries& queries = QueriesFor(connection_->dialect(), ChooseLeadingFilter(filter));
  {
    WSAPP_ASSIGN_OR_RETURN(Statement count, connection_->Prepare(queries.count.c_str()));
    BindAuditFilter(count, account_id, filter);
    WSAPP_RETURN_IF_ERROR(count.Step());
    result.count = count.Int(0);
  }
  WSAPP_ASSIGN_OR_RETURN(Statement select, connection_->Prepare(queries.list.c_str()));
  BindAuditFilter(select, account_id, filter);
  select.Bind(10, page.limit).Bind(11, page.offset);
  while (true) {
    WSAPP_ASSIGN_OR_RETURN(bool has_row, select.Step());
    if (!has_row) {
      return result;
    }
    result.items.push_back(ReadAuditRecord(select));
  }
}

}  // namespace wsapp::store::sql
