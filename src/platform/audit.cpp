#include "platform/audit.hpp"

#include <fmt/format.h>

#include "platform/crypto.hpp"

namespace minsheng::platform {

std::atomic<bool> g_fail_audit_writes{false};

namespace {

// The canonical bytes of a record: fields separated by U+001F, each length-prefixed so no field can forge a
// separator.
std::string canonical(std::int64_t seq, const std::string& at, const std::optional<std::int64_t>& user_id,
                      const std::string& username, const std::string& role, const std::string& ip,
                      const std::string& request_id, const std::string& action, const std::string& entity,
                      const std::string& entity_id, const std::optional<std::int64_t>& org_unit_id,
                      const std::string& result, const std::string& reason, const std::string& before,
                      const std::string& after) {
  std::string out;
  auto add = [&](std::string_view v) {
    out += std::to_string(v.size());
    out += ':';
    out += v;
    out += '\x1f';
  };
  add(std::to_string(seq));
  add(at);
  add(user_id ? std::to_string(*user_id) : "");
  add(username);
  add(role);
  add(ip);
  add(request_id);
  add(action);
  add(entity);
  add(entity_id);
  add(org_unit_id ? std::to_string(*org_unit_id) : "");
  add(result);
  add(reason);
  add(before);
  add(after);
  return out;
}

}  // namespace

void append_audit(db::Tx& tx, const std::string& key, TimePoint at, const AuditActor& who,
                  const AuditEntry& e) {
  if (g_fail_audit_writes.load()) throw AuditFailure("audit write failed (injected)");
  try {
    // Taking the head row first serialises audit writers (a row lock on PostgreSQL, the write lock on
    // SQLite).
    auto head = tx.query("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash");
    if (head.empty()) throw AuditFailure("audit head row missing");
    const std::int64_t seq = head.first().int64("seq");
    const std::string prev = head.first().text("hash");
    const std::string at_text = iso_utc(at);
    const std::string record =
        canonical(seq, at_text, who.user_id, who.username, who.role, who.ip, who.request_id, e.action,
                  e.entity, e.entity_id, e.org_unit_id, e.result, e.reason, e.before_json, e.after_json);
    const std::string hash = hmac_sha256_hex(key, prev + record);
    tx.query(
        "INSERT INTO audit_log (seq, at, user_id, username, role, ip, request_id, action, entity, entity_id, "
        "org_unit_id, result, reason, before_json, after_json, prev_hash, hash) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
        {seq, at_text, who.user_id, who.username, who.role, who.ip, who.request_id, e.action, e.entity,
         e.entity_id, e.org_unit_id, e.result, e.reason, e.before_json, e.after_json, prev, hash});
    tx.query("UPDATE audit_head SET hash = $1 WHERE id = 1", {hash});
  } catch (const db::DbError& err) {
    throw AuditFailure(std::string("audit write failed: ") + err.what());
  }
}

ChainCheck verify_audit_chain(db::Pool& pool, const std::string& key) {
  ChainCheck check;
  auto lease = pool.acquire();
  std::string prev(64, '0');
  std::int64_t expected_seq = 1;
  // Read in pages so a large log does not sit in memory at once.
  const std::int64_t page = 5000;
  for (std::int64_t after = 0;;) {
    auto rs = lease->query(
        "SELECT seq, at, user_id, username, role, ip, request_id, action, entity, entity_id, org_unit_id, "
        "result, "
        "reason, before_json, after_json, prev_hash, hash FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT "
        "$2",
        {after, page});
    for (const auto& r : rs.rows) {
      const std::int64_t seq = r.int64("seq");
      auto bad = [&](std::string why) {
        check.ok = false;
        check.first_bad_seq = seq;
        check.problem = std::move(why);
      };
      if (seq != expected_seq) {
        bad(fmt::format("缺少第 {} 条记录", expected_seq));
        return check;
      }
      const std::string record =
          canonical(seq, r.text("at"), r.opt_int64("user_id"), r.text("username"), r.text("role"),
                    r.text("ip"), r.text("request_id"), r.text("action"), r.text("entity"),
                    r.text("entity_id"), r.opt_int64("org_unit_id"), r.text("result"), r.text("reason"),
                    r.text("before_json"), r.text("after_json"));
      if (r.text("prev_hash") != prev) {
        bad(fmt::format("第 {} 条记录的前序哈希不符", seq));
        return check;
      }
      const std::string hash = hmac_sha256_hex(key, prev + record);
      if (!constant_time_equal(hash, r.text("hash"))) {
        bad(fmt::format("第 {} 条记录的内容与哈希不符（可能被篡改）", seq));
        return check;
      }
      prev = hash;
      ++expected_seq;
      ++check.entries;
      after = seq;
    }
    if (static_cast<std::int64_t>(rs.rows.size()) < page) break;
  }
  auto head = lease->query("SELECT seq, hash FROM audit_head WHERE id = 1");
  if (head.empty() || head.first().int64("seq") != check.entries || head.first().text("hash") != prev) {
    check.ok = false;
    check.first_bad_seq = check.entries + 1;
    check.problem = "审计链头与最后一条记录不符（记录可能被删除）";
  }
  return check;
}

}  // namespace minsheng::platform
