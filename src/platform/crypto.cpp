#include "platform/crypto.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace minsheng::platform {
namespace {

struct SodiumInit {
  SodiumInit() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  }
};
void ensure_sodium() {
  static SodiumInit init;
}

std::string from_hex(std::string_view hex) {
  std::string out(hex.size() / 2, '\0');
  std::size_t len = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(), hex.size(),
                     nullptr, &len, nullptr) != 0)
    return {};
  out.resize(len);
  return out;
}

}  // namespace

std::string random_token(std::size_t bytes) {
  ensure_sodium();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_encoded_len(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  sodium_memzero(raw.data(), raw.size());
  return out;
}

std::string to_hex(std::string_view bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  out.pop_back();
  return out;
}

std::string sha256_hex(std::string_view data) {
  ensure_sodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return to_hex(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  ensure_sodium();
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(message.data()), message.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&st, mac);
  return to_hex(std::string_view(reinterpret_cast<const char*>(mac), sizeof mac));
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  ensure_sodium();
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

void wipe(std::string& s) {
  if (!s.empty()) sodium_memzero(s.data(), s.size());
  s.clear();
}

Result<Keys> load_keys(const std::filesystem::path& path, bool create_if_missing) {
  ensure_sodium();
  auto bad = [&](const std::string& why) {
    return Error::field(ErrorCode::InvalidArgument, "key_file", "密钥文件 " + path.string() + " " + why);
  };
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    if (!create_if_missing) return bad("不存在（请先运行 minsheng init）");
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
    Keys k;
    k.audit.resize(32);
    k.field.resize(32);
    randombytes_buf(k.audit.data(), 32);
    randombytes_buf(k.field.data(), 32);
    std::string text = "audit=" + to_hex(k.audit) + "\nfield=" + to_hex(k.field) + "\n";
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return bad("无法创建");
    bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    ::close(fd);
    wipe(text);
    if (!ok) return bad("写入失败");
    return k;
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && (st.st_mode & 0077) != 0) ::chmod(path.c_str(), 0600);
  std::ifstream in(path);
  if (!in) return bad("无法读取");
  Keys k;
  std::string line;
  while (std::getline(in, line)) {
    auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string name = line.substr(0, eq);
    std::string value = from_hex(line.substr(eq + 1));
    if (name == "audit") k.audit = value;
    if (name == "field") k.field = value;
    wipe(line);
  }
  if (k.audit.size() != 32 || k.field.size() != 32) return bad("格式有误");
  return k;
}

}  // namespace minsheng::platform
