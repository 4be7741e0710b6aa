#pragma once
// The stored public address (settings row portal.base_url, one per database): what the portal's canonical
// links and every printed QR code use. core/public_address.hpp checks it; this reads and writes it.
#include <string>

#include "db/db.hpp"
#include "platform/audit.hpp"

namespace minsheng::platform {

inline constexpr const char* kPublicAddressKey = "portal.base_url";

// The stored address, "" when none is set.
std::string stored_public_address(db::Connection& conn);
// Stores an address already normalised by normalize_public_address, audits "settings.base_url" (before and
// after) and bumps the portal's content version (its pages carry absolute links).
void save_public_address(db::Tx& tx, const Auditor& audit, const std::string& url);
// The warning about the stored address (core public_address_warning), "" when phones can open it.
std::string qr_warning(db::Connection& conn);
// Whether printing artwork with the stored address needs an explicit confirmation.
bool qr_needs_confirmation(db::Connection& conn);

}  // namespace minsheng::platform
