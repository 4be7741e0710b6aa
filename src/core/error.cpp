#include "core/error.hpp"

#include "core/messages.hpp"

namespace minsheng {

int http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidArgument:
      return 400;
    case ErrorCode::Unauthenticated:
      return 401;
    case ErrorCode::PermissionDenied:
      return 403;
    case ErrorCode::NotFound:
      return 404;
    case ErrorCode::MethodNotAllowed:
      return 405;
    case ErrorCode::Conflict:
      return 409;
    case ErrorCode::Gone:
      return 410;
    case ErrorCode::ContentTooLarge:
      return 413;
    case ErrorCode::UriTooLong:
      return 414;
    case ErrorCode::UnsupportedMediaType:
      return 415;
    case ErrorCode::Unprocessable:
      return 422;
    case ErrorCode::TooManyRequests:
      return 429;
    case ErrorCode::HeaderTooLarge:
      return 431;
    case ErrorCode::Internal:
      return 500;
    case ErrorCode::Unavailable:
      return 503;
  }
  return 500;
}

std::string_view error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidArgument:
      return "InvalidArgument";
    case ErrorCode::Unauthenticated:
      return "Unauthenticated";
    case ErrorCode::PermissionDenied:
      return "PermissionDenied";
    case ErrorCode::NotFound:
      return "NotFound";
    case ErrorCode::MethodNotAllowed:
      return "MethodNotAllowed";
    case ErrorCode::Conflict:
      return "Conflict";
    case ErrorCode::Gone:
      return "Gone";
    case ErrorCode::ContentTooLarge:
      return "ContentTooLarge";
    case ErrorCode::UriTooLong:
      return "UriTooLong";
    case ErrorCode::UnsupportedMediaType:
      return "UnsupportedMediaType";
    case ErrorCode::Unprocessable:
      return "Unprocessable";
    case ErrorCode::TooManyRequests:
      return "TooManyRequests";
    case ErrorCode::HeaderTooLarge:
      return "HeaderTooLarge";
    case ErrorCode::Internal:
      return "Internal";
    case ErrorCode::Unavailable:
      return "Unavailable";
  }
  return "Internal";
}

std::string Error::message() const {
  return std::string(messages::text(key));
}

}  // namespace minsheng
