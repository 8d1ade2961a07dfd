#pragma once

#include <optional>
#include <vector>

#include "common/result.h"
#include "domain/iam.h"
#include "store/sql/sql_connection.h"

namespace wsapp::store::sql {

// Row helpers shared by the sql_iam_*_queries.cc files.

// Runs a query expected to give at most one row and converts it with `read`.
template <typename T, typename Reader>
Result<std::optional<T>> QueryOptionalRow(Statement& statement, Reader read) {
  WSAPP_ASSIGN_OR_RETURN(bool has_row, statement.Step());
  if (!has_row) {
    return std::optional<T>();
  }
  return std::optional<T>(read(statement));
}

// Every row of the query, converted with `read`.
template <typename T, typename Reader>
Result<std::vector<T>> QueryAllRows(Statement& statement, Reader read) {
  std::vector<T> rows;
  while (true) {
    WSAPP_ASSIGN_OR_RETURN(bool has_row, statement.Step());
    if (!has_row) {
      return rows;
    }
    rows.push_back(read(statement));
  }
}

// Turns the rows of a query run with LIMIT page.limit + 1 into a page: the extra row only
// says that more follow, and the marker is the id (by `id_of`) of the page's last item.
template <typename T, typename IdOf>
domain::MarkerPage<T> ToMarkerPage(std::vector<T> rows, const domain::MarkerPageRequest& page,
                                   IdOf id_of) {
  domain::MarkerPage<T> result;
  bool has_more = static_cast<int64_t>(rows.size()) > page.limit;
  if (has_more) {
    rows.resize(static_cast<size_t>(page.limit));
    result.next_marker = id_of(rows.back());
  }
  result.items = std::move(rows);
  return result;
}

}  // namespace wsapp::store::sql
