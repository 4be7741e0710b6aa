#pragma once
// Simplified -> Traditional (Taiwan standard, with phrases) with OpenCC `s2tw`, for the portal's
// `?script=hant` pages; Traditional -> Simplified with `t2s`, to normalise search queries and documents
// (CONVENTIONS.md §6). One converter per process behind a mutex: conversions happen only when a page is
// rendered (cached afterwards), so the lock is never hot.
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace minsheng::render {

class ScriptConverter {
 public:
  // Opens an OpenCC configuration by name (e.g. "s2tw.json", looked up in OpenCC's data folder).
  static Result<std::shared_ptr<ScriptConverter>> open(const std::string& config);
  // The process-wide s2tw converter (opened on first use; throws std::runtime_error if OpenCC fails).
  static ScriptConverter& s2tw();
  // The process-wide t2s converter (the same; "農村" -> "农村", Simplified text unchanged).
  static ScriptConverter& t2s();

  ~ScriptConverter();
  ScriptConverter(const ScriptConverter&) = delete;
  ScriptConverter& operator=(const ScriptConverter&) = delete;

  // Thread-safe. Input must be UTF-8; ASCII (markup, URLs) passes through unchanged.
  std::string convert(std::string_view utf8) const;

 private:
  struct Impl;
  explicit ScriptConverter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace minsheng::render
