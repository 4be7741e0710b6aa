#include "platform/public_address.hpp"

#include <boost/json.hpp>

#include "core/clock.hpp"
#include "core/public_address.hpp"
#include "platform/content_version.hpp"

namespace minsheng::platform {

std::string stored_public_address(db::Connection& conn) {
  auto r = conn.query("SELECT value FROM settings WHERE key = $1", {std::string(kPublicAddressKey)});
  return r.empty() ? std::string() : r.first().text("value");
}

void save_public_address(db::Tx& tx, const Auditor& audit, const std::string& url) {
  const std::string before = stored_public_address(tx.conn());
  tx.query(
      "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) "
      "ON CONFLICT (key) DO UPDATE SET value = $2, updated_at = $3",
      {std::string(kPublicAddressKey), url, iso_utc(audit.now)});
  bump_content_version(tx);
  audit.write(tx, AuditEntry{.action = "settings.base_url",
                             .entity = "setting",
                             .entity_id = kPublicAddressKey,
                             .before_json = boost::json::serialize(boost::json::object{{"baseUrl", before}}),
                             .after_json = boost::json::serialize(boost::json::object{{"baseUrl", url}})});
}

std::string qr_warning(db::Connection& conn) {
  return public_address_warning(stored_public_address(conn));
}

bool qr_needs_confirmation(db::Connection& conn) {
  return address_problem_blocks_print(public_address_problem(stored_public_address(conn)));
}

}  // namespace minsheng::platform
