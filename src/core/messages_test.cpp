#include "core/messages.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace minsheng {
namespace {

TEST(Messages, FieldMessagesNameTheFieldInChinese) {
  EXPECT_EQ(messages::for_field("field.required", "username"), "用户名不能为空");
  EXPECT_EQ(messages::for_field("field.too_long", "displayName", {{"max", "64"}}), "姓名不能超过64个字符");
}

TEST(Messages, UnknownKeyFallsBackToGenericText) {
  EXPECT_FALSE(messages::has("no.such.key"));
  EXPECT_EQ(messages::text("no.such.key"), messages::text("error.internal"));
}

TEST(Messages, EveryErrorCodeHasOneStatus) {
  EXPECT_EQ(http_status(ErrorCode::InvalidArgument), 400);
  EXPECT_EQ(http_status(ErrorCode::PermissionDenied), 403);
  EXPECT_EQ(http_status(ErrorCode::TooManyRequests), 429);
  EXPECT_EQ(http_status(ErrorCode::HeaderTooLarge), 431);
}

}  // namespace
}  // namespace minsheng
