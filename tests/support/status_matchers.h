#pragma once

#include <gtest/gtest.h>

#include "common/result.h"

namespace wsapp::testing {

template <typename T>
std::string DescribeError(const Result<T>& result) {
  if (result.ok()) {
    return "ok";
  }
  return result.error().message;
}

}  // namespace wsapp::testing

#define ASSERT_OK(expr)                                           \
  do {                                                            \
    const auto& wsapp_assert_result_ = (expr);                    \
    ASSERT_TRUE(wsapp_assert_result_.ok())                        \
        << ::wsapp::testing::DescribeError(wsapp_assert_result_); \
  } while (false)

#define EXPECT_OK(expr)                                           \
  do {                                                            \
    const auto& wsapp_expect_result_ = (expr);                    \
    EXPECT_TRUE(wsapp_expect_result_.ok())                        \
        << ::wsapp::testing::DescribeError(wsapp_expect_result_); \
  } while (false)
