#pragma once
// Static files from one root folder, loaded into memory at start-up: ETag, If-None-Match -> 304, and the
// precompressed variant (FILE.br / FILE.gz) when the client accepts it. Paths never leave the root.
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "http/message.hpp"

namespace minsheng::http {

class StaticFiles {
 public:
  // `url_prefix` e.g. "/static/"; files under `root` are served as url_prefix + relative path.
  StaticFiles(std::filesystem::path root, std::string url_prefix);
  // nullopt when the path is not under the prefix or the file does not exist.
  std::optional<Response> serve(const Request& req) const;
  std::size_t file_count() const { return files_.size(); }

 private:
  struct File {
    std::string body, gzip, brotli, etag, content_type;
  };
  std::string prefix_;
  std::map<std::string, File, std::less<>> files_;
};

}  // namespace minsheng::http
