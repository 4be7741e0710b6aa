#pragma once
// Passwords (SECURITY.md D2, §2): the composition rule, the blocklist, and argon2id hashing on a bounded
// pool.
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "core/config.hpp"
#include "core/result.hpp"

namespace minsheng::platform {

// Checks a new password: length in code points, >= N of the four classes (upper, lower, digit, other — CJK
// counts as "other"), not on the blocklist (case-insensitive), not containing the username. Field errors name
// `field` (e.g. "newPassword").
Status check_password_policy(std::string_view password, std::string_view username, const SecurityConfig& cfg,
                             std::string_view field = "password");
bool is_common_password(std::string_view password);
std::size_t blocklist_size();

// A password that meets the policy, for printed initial passwords (e.g. "Kq7v-Rm3x-Tb9p-Wd2s").
std::string generate_password();

// argon2id with libsodium; at most `workers` computations run at once, so logins cannot starve the server.
class PasswordHasher {
 public:
  PasswordHasher(std::uint64_t memory_kib, std::uint64_t iterations, int workers);
  std::string hash(std::string_view password);  // "$argon2id$v=19$m=...,t=...,p=1$..."
  bool verify(std::string_view encoded, std::string_view password);
  // A valid hash of a random password, verified against for unknown users so timing does not reveal them.
  const std::string& dummy_hash() const { return dummy_; }
  bool needs_rehash(std::string_view encoded) const;

 private:
  class Slot;
  std::uint64_t memory_kib_, iterations_;
  int workers_;
  int busy_ = 0;
  std::mutex mu_;
  std::condition_variable cv_;
  std::string dummy_;
};

}  // namespace minsheng::platform
