#include "platform/audit.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "db/migrations.hpp"
#include "platform/crypto.hpp"

namespace minsheng::platform {
namespace {

class AuditChain : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("minsheng-audit-" + random_token(6));
    std::filesystem::create_directories(dir_);
    pool_ = db::Pool::open("sqlite:" + (dir_ / "t.db").string());
    db::migrate(*pool_);
    key_ = std::string(32, 'k');
  }
  void TearDown() override {
    pool_.reset();
    std::filesystem::remove_all(dir_);
  }
  void write(int n) {
    for (int i = 0; i < n; ++i) {
      db::Tx tx(*pool_);
      append_audit(tx, key_, clock_.now(),
                   AuditActor{7, "zhang", "office", "10.0.0.1", "req" + std::to_string(i)},
                   AuditEntry{.action = "user.update",
                              .entity = "user",
                              .entity_id = std::to_string(i),
                              .after_json = "{\"n\":" + std::to_string(i) + "}"});
      tx.commit();
      clock_.advance(std::chrono::seconds(1));
    }
  }
  std::filesystem::path dir_;
  std::unique_ptr<db::Pool> pool_;
  std::string key_;
  FakeClock clock_{std::chrono::sys_days(std::chrono::year(2026) / 5 / 31) + std::chrono::hours(23)};
};

TEST_F(AuditChain, VerifiesAnUntouchedChain) {
  write(20);
  auto c = verify_audit_chain(*pool_, key_);
  EXPECT_TRUE(c.ok) << c.problem;
  EXPECT_EQ(c.entries, 20);
}

TEST_F(AuditChain, WrongKeyFails) {
  write(3);
  EXPECT_FALSE(verify_audit_chain(*pool_, std::string(32, 'x')).ok);
}

TEST_F(AuditChain, TableIsAppendOnly) {
  write(3);
  auto lease = pool_->acquire();
  EXPECT_THROW(lease->query("UPDATE audit_log SET username = 'li' WHERE seq = 2"), db::DbError);
  EXPECT_THROW(lease->query("DELETE FROM audit_log WHERE seq = 3"), db::DbError);
}

TEST_F(AuditChain, DetectsEditedReorderedAndRemovedEntries) {
  write(10);
  {
    auto lease = pool_->acquire();
    lease->exec_script("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;");
    lease->query("UPDATE audit_log SET reason = 'x' WHERE seq = 4");
  }
  auto c = verify_audit_chain(*pool_, key_);
  EXPECT_FALSE(c.ok);
  EXPECT_EQ(c.first_bad_seq, 4);
  {
    auto lease = pool_->acquire();
    lease->query("UPDATE audit_log SET reason = '' WHERE seq = 4");
    EXPECT_TRUE(verify_audit_chain(*pool_, key_).ok);
    lease->query("DELETE FROM audit_log WHERE seq = 10");  // the tail: only the head row notices
  }
  c = verify_audit_chain(*pool_, key_);
  EXPECT_FALSE(c.ok);
  EXPECT_EQ(c.first_bad_seq, 10);
}

TEST_F(AuditChain, InjectedFailureRollsBackTheWrite) {
  g_fail_audit_writes = true;
  {
    db::Tx tx(*pool_);
    tx.query("INSERT INTO settings (key, value, updated_at) VALUES ('k', 'v', 't')");
    EXPECT_THROW(append_audit(tx, key_, clock_.now(), AuditActor{}, AuditEntry{.action = "x"}), AuditFailure);
  }  // not committed
  g_fail_audit_writes = false;
  EXPECT_TRUE(db::query(*pool_, "SELECT key FROM settings WHERE key = 'k'").empty());
  EXPECT_TRUE(verify_audit_chain(*pool_, key_).ok);
}

TEST(Crypto, TokensAreLongRandomAndUrlSafe) {
  auto a = random_token(32), b = random_token(32);
  EXPECT_EQ(a.size(), 43u);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "ab"));
}

TEST(Crypto, KeyFileIsCreatedPrivateAndReadBack) {
  auto path = std::filesystem::temp_directory_path() / ("minsheng-key-" + random_token(6));
  EXPECT_FALSE(load_keys(path, false).ok());
  auto k = load_keys(path, true);
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(std::filesystem::status(path).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  auto again = load_keys(path, false);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->audit, k->audit);
  EXPECT_EQ(again->field, k->field);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace minsheng::platform
