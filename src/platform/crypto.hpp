#pragma once
// Small wrappers over libsodium: random tokens, hashes, HMAC, constant-time comparison, and the key file.
#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace minsheng::platform {

// Cryptographically random bytes as URL-safe base64 without padding (`bytes` = 32 gives 256 bits).
std::string random_token(std::size_t bytes = 32);
std::string sha256_hex(std::string_view data);
std::string hmac_sha256_hex(std::string_view key, std::string_view message);
bool constant_time_equal(std::string_view a, std::string_view b);
std::string to_hex(std::string_view bytes);

// Keys kept outside the database (SECURITY.md D4, T13): one file, mode 0600, "name=hex" lines.
struct Keys {
  std::string audit;  // 32 raw bytes: HMAC key of the audit chain
  std::string field;  // 32 raw bytes: reserved for personal-data field encryption
};

// Reads the key file; creates it with fresh random keys (0600) when `create_if_missing` and it does not
// exist.
Result<Keys> load_keys(const std::filesystem::path& path, bool create_if_missing);

// Wipes a string's bytes before it is released.
void wipe(std::string& s);

}  // namespace minsheng::platform
