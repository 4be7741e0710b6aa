#include "platform/password.hpp"

#include <sodium.h>

#include <algorithm>
#include <string>
#include <unordered_set>

#include "core/messages.hpp"
#include "core/text.hpp"
#include "platform/crypto.hpp"

namespace minsheng::platform {
namespace {

const char* const kCommon[] = {
#include "platform/common_passwords.inc"
};

const std::unordered_set<std::string_view>& blocklist() {
  static const std::unordered_set<std::string_view> set(std::begin(kCommon), std::end(kCommon));
  return set;
}

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

}  // namespace

bool is_common_password(std::string_view password) {
  return blocklist().contains(ascii_lower(password));
}
std::size_t blocklist_size() {
  return blocklist().size();
}

Status check_password_policy(std::string_view password, std::string_view username, const SecurityConfig& cfg,
                             std::string_view field) {
  auto fail = [&](std::string message) {
    return Error::field(ErrorCode::InvalidArgument, std::string(field), message);
  };
  const std::size_t n = code_points(password);
  if (n < static_cast<std::size_t>(cfg.password_min_chars))
    return fail(messages::format("password.too_short", {{"min", std::to_string(cfg.password_min_chars)}}));
  if (n > static_cast<std::size_t>(cfg.password_max_chars))
    return fail(messages::format("password.too_long", {{"max", std::to_string(cfg.password_max_chars)}}));
  bool upper = false, lower = false, digit = false, other = false;
  for (unsigned char c : password) {
    if (c >= 'A' && c <= 'Z')
      upper = true;
    else if (c >= 'a' && c <= 'z')
      lower = true;
    else if (c >= '0' && c <= '9')
      digit = true;
    else
      other = true;  // ASCII symbols and every non-ASCII character
  }
  if (int(upper) + int(lower) + int(digit) + int(other) < cfg.password_min_classes)
    return fail(std::string(messages::text("password.classes")));
  if (is_common_password(password)) return fail(std::string(messages::text("password.common")));
  if (username.size() >= 3 && ascii_lower(password).find(ascii_lower(username)) != std::string::npos)
    return fail(std::string(messages::text("password.same_as_username")));
  return {};
}

std::string generate_password() {
  // Four groups of four from an alphabet without look-alikes; each group has an upper, a lower and a digit.
  static constexpr std::string_view upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
  static constexpr std::string_view lower = "abcdefghijkmnpqrstuvwxyz";
  static constexpr std::string_view digit = "23456789";
  static constexpr std::string_view any = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
  std::string out;
  for (int g = 0; g < 4; ++g) {
    std::string group{upper[randombytes_uniform(upper.size())], lower[randombytes_uniform(lower.size())],
                      digit[randombytes_uniform(digit.size())], any[randombytes_uniform(any.size())]};
    for (std::size_t i = group.size() - 1; i > 0; --i)
      std::swap(group[i], group[randombytes_uniform(i + 1)]);
    if (g) out += '-';
    out += group;
  }
  return out;
}

class PasswordHasher::Slot {
 public:
  explicit Slot(PasswordHasher& h) : h_(h) {
    std::unique_lock lock(h_.mu_);
    h_.cv_.wait(lock, [&] { return h_.busy_ < h_.workers_; });
    ++h_.busy_;
  }
  ~Slot() {
    {
      std::lock_guard lock(h_.mu_);
      --h_.busy_;
    }
    h_.cv_.notify_one();
  }

 private:
  PasswordHasher& h_;
};

PasswordHasher::PasswordHasher(std::uint64_t memory_kib, std::uint64_t iterations, int workers)
    : memory_kib_(memory_kib), iterations_(iterations), workers_(std::max(1, workers)) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  std::string random = random_token(24);
  dummy_ = hash(random);
  wipe(random);
}

std::string PasswordHasher::hash(std::string_view password) {
  Slot slot(*this);
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), iterations_, memory_kib_ * 1024,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("argon2id: out of memory");
  return out;
}

bool PasswordHasher::verify(std::string_view encoded, std::string_view password) {
  Slot slot(*this);
  std::string e(encoded);  // NUL-terminated copy
  return crypto_pwhash_str_verify(e.c_str(), password.data(), password.size()) == 0;
}

bool PasswordHasher::needs_rehash(std::string_view encoded) const {
  std::string e(encoded);
  return crypto_pwhash_str_needs_rehash(e.c_str(), iterations_, memory_kib_ * 1024) != 0;
}

}  // namespace minsheng::platform
