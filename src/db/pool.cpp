#include <condition_variable>
#include <mutex>
#include <vector>

#include "db/db.hpp"
#include "db/detail.hpp"

namespace minsheng::db {
namespace detail {
namespace {

class FixedPool final : public Pool {
 public:
  FixedPool(Backend backend, std::string url, PoolOptions options,
            std::function<std::unique_ptr<Connection>()> factory)
      : backend_(backend), url_(std::move(url)), options_(options), factory_(std::move(factory)) {
    if (options_.size == 0) options_.size = 1;
  }

  ~FixedPool() override {
    std::lock_guard lock(mu_);
    idle_.clear();
  }

  Backend backend() const override { return backend_; }
  const std::string& url() const override { return url_; }

  Lease acquire() override {
    std::unique_lock lock(mu_);
    bool waited = false;
    const auto deadline = std::chrono::steady_clock::now() + options_.acquire_timeout;
    for (;;) {
      if (!idle_.empty()) {
        auto conn = std::move(idle_.back());
        idle_.pop_back();
        ++in_use_;
        ++acquired_total_;
        if (waited) ++waited_total_;
        return Lease(this, std::move(conn));
      }
      if (open_ < options_.size) {
        ++open_;
        ++in_use_;
        lock.unlock();
        std::unique_ptr<Connection> conn;
        try {
          conn = factory_();
        } catch (...) {
          lock.lock();
          --open_;
          --in_use_;
          cv_.notify_one();
          throw;
        }
        lock.lock();
        ++acquired_total_;
        if (waited) ++waited_total_;
        return Lease(this, std::move(conn));
      }
      waited = true;
      if (cv_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
          open_ >= options_.size) {
        throw DbError(DbError::Kind::Busy, "database pool: no connection free within " +
                                               std::to_string(options_.acquire_timeout.count()) + " ms");
      }
    }
  }

  PoolStats stats() const override {
    std::lock_guard lock(mu_);
    PoolStats s;
    s.size = open_;
    s.in_use = in_use_;
    s.acquired_total = acquired_total_;
    s.waited_total = waited_total_;
    s.max_size = options_.size;
    return s;
  }

 protected:
  void release(std::unique_ptr<Connection> conn) override {
    bool keep = false;
    try {
      keep = conn && conn->healthy() && !conn->in_transaction();
    } catch (...) {
      keep = false;
    }
    {
      std::lock_guard lock(mu_);
      --in_use_;
      if (keep) {
        idle_.push_back(std::move(conn));
      } else {
        --open_;  // dropped; a new one is made when needed
      }
    }
    cv_.notify_one();
    conn.reset();  // a dropped connection is closed outside the lock
  }

 private:
  const Backend backend_;
  const std::string url_;
  PoolOptions options_;
  std::function<std::unique_ptr<Connection>()> factory_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t open_ = 0;
  std::size_t in_use_ = 0;
  std::uint64_t acquired_total_ = 0;
  std::uint64_t waited_total_ = 0;
};

}  // namespace

std::unique_ptr<Pool> make_pool(Backend backend, std::string url, PoolOptions options,
                                std::function<std::unique_ptr<Connection>()> factory) {
  return std::make_unique<FixedPool>(backend, std::move(url), options, std::move(factory));
}

}  // namespace detail

std::unique_ptr<Pool> Pool::open(const std::string& url, PoolOptions options) {
  auto starts_with = [&](std::string_view p) { return std::string_view(url).substr(0, p.size()) == p; };
  if (starts_with("sqlite:")) {
    std::string path = url.substr(7);
    if (path.empty()) throw DbError(DbError::Kind::Connection, "sqlite: URL without a path");
    if (path == ":memory:") options.size = 1;  // each connection would be its own database
    auto pool = detail::make_pool(Backend::Sqlite, url, options,
                                  [path, options] { return detail::open_sqlite(path, options); });
    // Open (and check) one connection now so a bad path or setting fails at start-up.
    { Lease probe = pool->acquire(); }
    return pool;
  }
  if (starts_with("postgresql://") || starts_with("postgres://")) {
    auto pool =
        detail::make_pool(Backend::Postgres, url, options, [url] { return detail::open_postgres(url); });
    { Lease probe = pool->acquire(); }
    return pool;
  }
  throw DbError(DbError::Kind::Connection,
                "unsupported database URL (expected sqlite:PATH or postgresql://...)");
}

Lease::~Lease() {
  if (!conn_ || !pool_) return;
  try {
    if (conn_->in_transaction()) conn_->rollback();  // left open, e.g. by an exception
  } catch (...) {
    // The pool drops a connection that is still in a transaction.
  }
  pool_->release(std::move(conn_));
}

Tx::Tx(Pool& pool) : lease_(pool.acquire()) {
  lease_->begin();
}

Tx::~Tx() {
  if (done_) return;
  try {
    if (lease_->in_transaction()) lease_->rollback();
  } catch (...) {
    // Never throw from a destructor; the Lease/pool drop a connection left in a transaction.
  }
}

Backend Tx::backend() const {
  return lease_->backend();
}

void Tx::commit() {
  lease_->commit();
  done_ = true;
}

}  // namespace minsheng::db
