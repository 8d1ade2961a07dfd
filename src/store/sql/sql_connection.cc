#include "store/sql/sql_connection.h"

namespace wsapp::store::sql {

Status Statement::Run() {
  while (true) {
    WSAPP_ASSIGN_OR_RETURN(bool has_row, Step());
    if (!has_row) {
      return OkStatus();
    }
  }
}

}  // namespace wsapp::store::sql
