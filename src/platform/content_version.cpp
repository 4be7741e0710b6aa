#include "platform/content_version.hpp"

#include <atomic>
#include <chrono>

#include "core/clock.hpp"

namespace minsheng::platform {
namespace {
std::atomic<std::uint64_t> g_bumps{0};
}

void bump_content_version(db::Tx& tx) {
  const std::string now = iso_utc(std::chrono::system_clock::now());
  // Text value (settings.value is TEXT); the increment happens in SQL, so concurrent publishers serialise on
  // the row and none is lost.
  tx.query(
      "INSERT INTO settings (key, value, updated_at) VALUES ('content_version', '1', $1) "
      "ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(settings.value AS INTEGER) + 1 AS TEXT), "
      "updated_at = $1",
      {now});
  g_bumps.fetch_add(1, std::memory_order_acq_rel);
}

std::int64_t read_content_version(db::Connection& conn) {
  auto rs = conn.query("SELECT value FROM settings WHERE key = 'content_version'");
  if (rs.empty()) return 0;
  try {
    return std::stoll(rs.first().text("value"));
  } catch (const std::exception&) {
    return 0;
  }
}

std::uint64_t local_content_bumps() {
  return g_bumps.load(std::memory_order_acquire);
}

}  // namespace minsheng::platform
