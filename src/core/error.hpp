#pragma once
// The error vocabulary (docs/errors.md). Each code is one HTTP status, mapped in http_status() only.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace minsheng {

enum class ErrorCode {
  InvalidArgument,       // 400
  Unauthenticated,       // 401
  PermissionDenied,      // 403
  NotFound,              // 404
  MethodNotAllowed,      // 405
  Conflict,              // 409
  Gone,                  // 410
  ContentTooLarge,       // 413
  UriTooLong,            // 414
  UnsupportedMediaType,  // 415
  Unprocessable,         // 422
  TooManyRequests,       // 429
  HeaderTooLarge,        // 431
  Internal,              // 500
  Unavailable,           // 503
};

int http_status(ErrorCode code);
std::string_view error_code_name(ErrorCode code);

// A field-level problem; `message` is already the user-facing Chinese text.
struct FieldError {
  std::string field;
  std::string message;
};

// An expected failure. `key` names a message in the catalogue (core/messages.hpp); `fields` lists bad inputs.
struct Error {
  ErrorCode code = ErrorCode::Internal;
  std::string key;
  std::vector<FieldError> fields;

  static Error make(ErrorCode c, std::string k) { return Error{c, std::move(k), {}}; }
  static Error field(ErrorCode c, std::string field_name, std::string message) {
    return Error{c, "error.invalid_field", {FieldError{std::move(field_name), std::move(message)}}};
  }
  // The message shown to users: the catalogue text for `key`.
  std::string message() const;
};

}  // namespace minsheng
