#include "render/script.hpp"

#include <opencc.h>

#include <filesystem>
#include <mutex>
#include <stdexcept>

namespace minsheng::render {

struct ScriptConverter::Impl {
  opencc_t handle = reinterpret_cast<opencc_t>(-1);
  std::mutex mu;
};

ScriptConverter::ScriptConverter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ScriptConverter::~ScriptConverter() {
  if (impl_ && impl_->handle != reinterpret_cast<opencc_t>(-1)) opencc_close(impl_->handle);
}

Result<std::shared_ptr<ScriptConverter>> ScriptConverter::open(const std::string& config) {
  auto impl = std::make_unique<Impl>();
  impl->handle = opencc_open(config.c_str());
  if (impl->handle == reinterpret_cast<opencc_t>(-1) && !config.starts_with("/")) {
    // Older OpenCC builds look only in the working folder for a bare name.
    for (const char* dir : {"/usr/share/opencc/", "/usr/local/share/opencc/"}) {
      const std::string path = std::string(dir) + config;
      if (!std::filesystem::exists(path)) continue;
      impl->handle = opencc_open(path.c_str());
      if (impl->handle != reinterpret_cast<opencc_t>(-1)) break;
    }
  }
  if (impl->handle == reinterpret_cast<opencc_t>(-1))
    return Error::field(ErrorCode::Internal, "opencc", "OpenCC " + config + ": " + opencc_error());
  return std::shared_ptr<ScriptConverter>(new ScriptConverter(std::move(impl)));
}

namespace {

std::shared_ptr<ScriptConverter> open_or_throw(const std::string& config) {
  auto c = ScriptConverter::open(config);
  if (!c) throw std::runtime_error(c.error().fields.empty() ? "OpenCC" : c.error().fields.front().message);
  return std::move(c).value();
}

}  // namespace

ScriptConverter& ScriptConverter::s2tw() {
  static const std::shared_ptr<ScriptConverter> conv = open_or_throw("s2tw.json");
  return *conv;
}

ScriptConverter& ScriptConverter::t2s() {
  static const std::shared_ptr<ScriptConverter> conv = open_or_throw("t2s.json");
  return *conv;
}

std::string ScriptConverter::convert(std::string_view utf8) const {
  if (utf8.empty()) return {};
  std::lock_guard lock(impl_->mu);
  char* out = opencc_convert_utf8(impl_->handle, utf8.data(), utf8.size());
  if (!out) throw std::runtime_error(std::string("OpenCC: ") + opencc_error());
  std::string s(out);
  opencc_convert_utf8_free(out);
  return s;
}

}  // namespace minsheng::render
