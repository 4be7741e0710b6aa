#pragma once
// The longest a test waits for something that must happen (an answer, a closed connection, a refused zip
// bomb) before it reports that it never happened. It guards against hangs, not speed: tests never assert how
// fast something is (speed is measured in bench/), so the bound is generous and multiplied in sanitizer
// builds, which run several times slower on a shared machine.
#include <chrono>

namespace minsheng::testing {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr int kSanitizerSlowdown = 5;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr int kSanitizerSlowdown = 5;
#else
inline constexpr int kSanitizerSlowdown = 1;
#endif
#else
inline constexpr int kSanitizerSlowdown = 1;
#endif

inline constexpr std::chrono::milliseconds kHangGuard = std::chrono::seconds(60) * kSanitizerSlowdown;

}  // namespace minsheng::testing
