#pragma once
// SQL for files and content-addressed blobs. Repo functions take the connection or transaction first.
#include <cstdint>
#include <optional>
#include <string>

#include "db/db.hpp"

namespace minsheng::files {

struct FileRecord {
  std::int64_t id = 0;
  std::int64_t org_unit_id = 0;
  std::optional<std::int64_t> town_id;
  std::int64_t uploaded_by = 0;
  std::string created_at;
  std::string original_name;
  std::string kind;  // image | pdf
  std::string content_type;
  std::int64_t size = 0;
  std::string sha256;
  std::optional<std::string> public_sha256;
  std::optional<std::string> public_type;
  std::optional<std::string> thumb_sha256;
  std::optional<std::int64_t> width, height;
  std::optional<std::string> taken_at;
  std::optional<double> gps_lat, gps_lng;
  std::string unit_path;  // of org_unit_id, for the scope check
};

// Stores `bytes` under their SHA-256 unless already there; returns the hex digest.
std::string put_blob(db::Tx& tx, const std::string& bytes, const std::string& now);
std::optional<std::string> get_blob(db::Connection& conn, const std::string& sha256);

// Inserts the row (id ignored) and returns its id.
std::int64_t insert_file(db::Tx& tx, const FileRecord& f);
std::optional<FileRecord> find_file(db::Connection& conn, std::int64_t id);

}  // namespace minsheng::files
