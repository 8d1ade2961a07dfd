#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace wsapp {

// The kinds of failure callers handle. api/error_mapping.h turns them into HTTP statuses.
enum class ErrorCode {
  kInvalidArgument,
  kNotFound,
  kAlreadyExists,
  kFailedPrecondition,
  kUnauthenticated,
  kPermissionDenied,
  kResourceExhausted,
  kUnavailable,
  kInternal,
};

// A failure as a value. `message` is for logs; `public_message` is safe to show clients (empty
// means "use the generic text for the code"). `reason` is a stable machine tag that refines the
// code (for example "malformed_body" or "app_group_not_found"); the API layer uses it to pick the
// wire error code.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string public_message;
  std::string reason;

  // Prepends context to the internal message, keeping everything else.
  Error WithContext(const std::string& context) const {
    Error copy = *this;
    copy.message = context + ": " + message;
    return copy;
  }
};

inline Error MakeError(ErrorCode code, std::string public_message, std::string reason = {}) {
  Error error;
  error.code = code;
  error.message = public_message;
  error.public_message = std::move(public_message);
  error.reason = std::move(reason);
  return error;
}

// Internal failures carry no client text: clients see the generic message for the code.
inline Error InternalError(std::string message) {
  Error error;
  error.code = ErrorCode::kInternal;
  error.message = std::move(message);
  return error;
}

inline Error InvalidArgument(std::string public_message, std::string reason = "invalid_parameter") {
  return MakeError(ErrorCode::kInvalidArgument, std::move(public_message), std::move(reason));
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  // Requires: ok().
  T& value() & {
    assert(ok());
    return std::get<T>(state_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<T>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(state_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // Requires: !ok().
  const Error& error() const {
    assert(!ok());
    return std::get<Error>(state_);
  }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }

  // Requires: !ok().
  const Error& error() const {
    assert(!ok());
    return *error_;
  }

 private:
  std::optional<Error> error_;
};

using Status = Result<void>;

inline Status OkStatus() { return Status(); }

}  // namespace wsapp

// Propagates a failed Status or Result from the current function.
#define WSAPP_RETURN_IF_ERROR(expr)        \
  do {                                     \
    auto wsapp_status_ = (expr);           \
    if (!wsapp_status_.ok()) {             \
      return wsapp_status_.error();        \
    }                                      \
  } while (false)

#define WSAPP_CONCAT_INNER(a, b) a##b
#define WSAPP_CONCAT(a, b) WSAPP_CONCAT_INNER(a, b)

// Evaluates a Result, returns its error from the current function, or moves its value into lhs.
#define WSAPP_ASSIGN_OR_RETURN(lhs, expr) \
  WSAPP_ASSIGN_OR_RETURN_IMPL(WSAPP_CONCAT(wsapp_result_, __LINE__), lhs, expr)
#define WSAPP_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                               \
  if (!tmp.ok()) {                                 \
    return tmp.error();                            \
  }                                                \
  lhs = std::move(tmp).value()
