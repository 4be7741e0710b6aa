#include "modules/portal/portal.hpp"

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <limits>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "http/parse/query.hpp"
#include "platform/content_version.hpp"
#include "platform/context.hpp"
#include "render/embedded.hpp"
#include "render/script.hpp"
#include "render/templates.hpp"

namespace minsheng::portal {
namespace {

namespace json = boost::json;
using namespace std::literals;

constexpr auto kVersionCheckEvery = std::chrono::seconds(1);
constexpr std::size_t kMaxCachedPages = 512;
constexpr std::string_view kAssetPrefix = "/static/portal/";
constexpr std::string_view kLayout = "portal/_layout/base";
// Written where the "back to Simplified" label goes and replaced after OpenCC, which would otherwise turn
// 简体 into 簡體.
constexpr std::string_view kHansLabelMark = "@@MINSHENG_HANS_LABEL@@";
constexpr std::string_view kHtml = "text/html; charset=utf-8";

// 64-bit FNV-1a, for ETags (not a security hash: the body is ours).
std::string fnv_hex(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4)
    out[static_cast<std::size_t>(i)] = kHex[h & 0xf];
  return out;
}

bool etag_matches(const http::Request& req, std::string_view etag) {
  auto inm = req.header("if-none-match");
  if (!inm) return false;
  std::string_view v = *inm;
  if (v.find('*') != std::string_view::npos) return true;
  return v.find(etag) != std::string_view::npos;
}

// The reader's choices: query parameters win and are remembered in cookies; otherwise the cookies.
struct Variant {
  bool hant = false;
  bool large = false;
  std::vector<std::string> set_cookies;
};

Variant read_variant(const http::Request& req) {
  Variant v;
  if (auto cookie = req.header("cookie")) {
    for (const auto& [k, val] : http::parse::parse_cookies(*cookie)) {
      if (k == "script") v.hant = val == "hant";
      if (k == "size") v.large = val == "large";
    }
  }
  if (!req.query.empty()) {
    auto q = http::parse::parse_query(req.query);
    if (q) {
      for (const auto& [k, val] : *q) {
        if (k == "script" && (val == "hant" || val == "hans")) {
          v.hant = val == "hant";
          v.set_cookies.push_back("script=" + val + "; Path=/; Max-Age=31536000; SameSite=Lax");
        } else if (k == "size" && (val == "large" || val == "normal")) {
          v.large = val == "large";
          v.set_cookies.push_back("size=" + val + "; Path=/; Max-Age=31536000; SameSite=Lax");
        }
      }
    }
  }
  return v;
}

struct Unit {
  std::string name;
  std::string kind;
};

// What every page shows of the site, read from the database once per content version.
struct Site {
  std::string town;       // "" when no town exists yet
  std::string site_name;  // header and og:site_name
  std::string base_url;   // portal.base_url, for absolute og:image; "" -> relative
  std::vector<std::pair<std::string, std::string>> footer;  // label, value (empty values left out)
  std::vector<Unit> departments, villages;
};

std::map<std::string, std::string> read_settings(db::Connection& c) {
  std::map<std::string, std::string> out;
  for (const auto& r : c.query("SELECT key, value FROM settings WHERE key LIKE 'portal.%'").rows)
    out[r.text("key")] = r.text("value");
  return out;
}

Site load_site(db::Pool& pool) {
  Site s;
  auto c = pool.acquire();
  const auto settings = read_settings(*c);
  auto get = [&](const char* k) {
    auto it = settings.find(k);
    return it == settings.end() ? std::string() : it->second;
  };
  auto town = c->query("SELECT id, name FROM org_units WHERE kind = 'town' ORDER BY sort_order, id LIMIT 1");
  std::int64_t town_id = 0;
  if (!town.empty()) {
    town_id = town.first().int64("id");
    s.town = town.first().text("name");
    for (const auto& r : c->query("SELECT name, kind FROM org_units WHERE parent_id = $1 AND kind IN "
                                  "('department', 'village', 'community') ORDER BY sort_order, id",
                                  {town_id})
                             .rows) {
      Unit u{r.text("name"), r.text("kind")};
      (u.kind == "department" ? s.departments : s.villages).push_back(std::move(u));
    }
  }
  s.site_name = get("portal.site_name");
  if (s.site_name.empty()) s.site_name = s.town.empty() ? "民生工程信息公开" : s.town + "民生工程";
  s.base_url = get("portal.base_url");
  while (!s.base_url.empty() && s.base_url.back() == '/')
    s.base_url.pop_back();
  std::string host = get("portal.host_unit");
  if (host.empty()) host = s.town;
  const std::pair<const char*, std::string> rows[] = {
      {"主办单位", host},
      {"地址", get("portal.address")},
      {"联系电话", get("portal.phone")},
      {"网站标识码", get("portal.site_code")},
      {"ICP备案号", get("portal.icp")},
      {"公安备案号", get("portal.police_record")},
  };
  for (const auto& [label, value] : rows)
    if (!value.empty()) s.footer.emplace_back(label, value);
  return s;
}

struct Page {
  std::string body;
  std::string etag;
};

class Portal {
 public:
  Portal() {
    auto t = render::Templates::load_embedded();
    if (!t) {
      const auto& e = t.error();
      throw std::runtime_error(
          "portal templates: " +
          (e.fields.empty() ? e.key : e.fields.front().field + ": " + e.fields.front().message));
    }
    templates_ = std::move(t).value();
    if (auto st = templates_.require({kLayout, "portal/home", "portal/error"}); !st)
      throw std::runtime_error("portal templates: " + st.error().fields.front().field + " missing");
    std::string all;
    for (const auto& f : embedded_portal_static()) {
      Asset a;
      a.body = std::string(f.data);
      a.etag = "\"" + fnv_hex(a.body) + "\"";
      const std::string_view p = f.path;
      a.type = p.ends_with(".css")   ? "text/css; charset=utf-8"
               : p.ends_with(".svg") ? "image/svg+xml"
               : p.ends_with(".png") ? "image/png"
                                     : "application/octet-stream";
      all += a.etag;
      assets_.emplace(std::string(kAssetPrefix) + std::string(p), std::move(a));
    }
    asset_version_ = fnv_hex(all).substr(0, 10);
  }

  std::vector<std::string> asset_paths() const {
    std::vector<std::string> out;
    for (const auto& [k, v] : assets_)
      out.push_back(k);
    return out;
  }

  http::Response asset(const http::Request& req, const std::string& path) const {
    const Asset& a = assets_.at(path);
    http::Response r;
    r.headers.emplace_back("etag", a.etag);
    r.headers.emplace_back("cache-control", "public, max-age=86400");
    if (etag_matches(req, a.etag)) {
      r.status = 304;
      return r;
    }
    r.headers.emplace_back("content-type", a.type);
    r.body = a.body;
    return r;
  }

  http::Response home(platform::RequestContext& ctx) {
    Variant v = read_variant(ctx.req);
    const std::int64_t version = content_version(ctx.app.pool);
    auto page = cached("/", v, version, ctx.app.pool, [&](const Site& site) {
      json::object d = common(site, v);
      const std::string heading = site.town.empty() ? site.site_name : site.town;
      d["title"] = heading + " - 民生工程信息公开";
      d["heading"] = heading;
      json::array sections;
      auto add = [&](const char* id, const char* title, const std::vector<Unit>& units) {
        if (units.empty()) return;  // no blank columns (CONVENTIONS §2.2)
        json::array items;
        for (const auto& u : units)
          items.push_back(json::object{{"name", u.name}});
        sections.push_back(json::object{{"id", id},
                                        {"title", title},
                                        {"count", static_cast<std::int64_t>(units.size())},
                                        {"items", items}});
      };
      add("departments", "镇直部门", site.departments);
      add("villages", "村（社区）", site.villages);
      std::string lead = heading + "民生工程（民生实事）信息公开。";
      if (!site.departments.empty() || !site.villages.empty())
        lead += "本镇共有镇直部门" + std::to_string(site.departments.size()) + "个、村（社区）" +
                std::to_string(site.villages.size()) + "个。";
      d["lead"] = lead;
      d["description"] = lead;
      d["has_sections"] = !sections.empty();
      d["sections"] = std::move(sections);
      d["empty_text"] = "暂无公开内容。";
      return render_page("portal/home", std::move(d), v);
    });
    return page_response(ctx.req, *page, v);
  }

  std::optional<http::Response> error_page(platform::Services& s, const http::Request& req, int status) {
    Variant v = read_variant(req);
    auto build = [&](const Site& site) {
      json::object d = common(site, v);
      if (status == 404) {
        d["title"] = "页面不存在 - " + site.site_name;
        d["heading"] = "页面不存在";
        d["message"] = "您访问的页面不存在，可能已被删除或地址有误。请返回首页查看。";
      } else {
        d["title"] = "服务暂时不可用 - " + site.site_name;
        d["heading"] = "服务暂时不可用";
        d["message"] = "服务器暂时出现问题，请稍后再试。";
        d["request_id"] = req.request_id;
      }
      d["description"] = d["message"];
      return render_page("portal/error", std::move(d), v);
    };
    std::shared_ptr<const Page> page;
    if (status == 404) {
      page = cached("!404", v, content_version(s.pool), s.pool, build);
    } else {
      // A 500 may come from the database: render without it if need be, and never cache (request id).
      Site site;
      try {
        site = *site_for(content_version(s.pool), s.pool);
      } catch (const std::exception&) {
        site.site_name = "民生工程信息公开";
      }
      page = std::make_shared<const Page>(build(site));
    }
    http::Response r = http::Response::text(status, page->body, std::string(kHtml));
    r.headers.emplace_back("cache-control", "no-store");
    for (const auto& c : v.set_cookies)
      r.headers.emplace_back("set-cookie", c);
    return r;
  }

 private:
  struct Asset {
    std::string body, etag, type;
  };

  // The data every page's layout needs.
  json::object common(const Site& site, const Variant& v) const {
    json::array footer;
    for (const auto& [label, value] : site.footer)
      footer.push_back(json::object{{"label", label}, {"value", value}});
    return json::object{
        {"lang", v.hant ? "zh-TW" : "zh-CN"},
        {"large", v.large},
        {"site_name", site.site_name},
        {"og_image", site.base_url + std::string(kAssetPrefix) + "share.svg"},
        {"asset_version", asset_version_},
        {"switch_script", v.hant ? "hans" : "hant"},
        {"switch_lang", v.hant ? "zh-CN" : "zh-TW"},
        {"switch_label", v.hant ? std::string(kHansLabelMark) : "繁體"},
        {"switch_size", v.large ? "normal" : "large"},
        {"size_label", v.large ? "标准字" : "大字"},
        {"footer_rows", std::move(footer)},
    };
  }

  Page render_page(std::string_view name, json::object data, const Variant& v) const {
    Page p;
    p.body = templates_.render_in_layout(kLayout, name, std::move(data));
    if (v.hant) {
      p.body = render::ScriptConverter::s2tw().convert(p.body);
      if (auto pos = p.body.find(kHansLabelMark); pos != std::string::npos)
        p.body.replace(pos, kHansLabelMark.size(), "简体");
    }
    p.etag = "\"" + fnv_hex(p.body) + "\"";
    return p;
  }

  // The content version, read from the database at most once a second (at once after a local bump).
  std::int64_t content_version(db::Pool& pool) {
    const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
    const auto bumps = platform::local_content_bumps();
    const auto every =
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(kVersionCheckEvery).count();
    if (now - checked_at_.load(std::memory_order_acquire) < every &&
        bumps == seen_bumps_.load(std::memory_order_acquire))
      return version_.load(std::memory_order_acquire);
    std::lock_guard lock(version_mu_);
    if (now - checked_at_.load(std::memory_order_acquire) < every &&
        bumps == seen_bumps_.load(std::memory_order_acquire))
      return version_.load(std::memory_order_acquire);
    std::int64_t v;
    {
      auto c = pool.acquire();
      v = platform::read_content_version(*c);
    }
    version_.store(v, std::memory_order_release);
    seen_bumps_.store(bumps, std::memory_order_release);
    checked_at_.store(now, std::memory_order_release);
    return v;
  }

  std::shared_ptr<const Site> site_for(std::int64_t version, db::Pool& pool) {
    {
      std::lock_guard lock(site_mu_);
      if (site_ && site_version_ == version) return site_;
    }
    auto site = std::make_shared<const Site>(load_site(pool));
    std::lock_guard lock(site_mu_);
    site_ = site;
    site_version_ = version;
    return site;
  }

  template <typename Build>
  std::shared_ptr<const Page> cached(std::string_view path, const Variant& v, std::int64_t version,
                                     db::Pool& pool, Build&& build) {
    std::string key(path);
    key += v.hant ? "|t" : "|s";
    key += v.large ? 'L' : 'n';
    {
      std::shared_lock lock(cache_mu_);
      if (cache_version_ == version) {
        if (auto it = cache_.find(key); it != cache_.end()) return it->second;
      }
    }
    auto site = site_for(version, pool);
    auto page = std::make_shared<const Page>(build(*site));
    std::unique_lock lock(cache_mu_);
    if (cache_version_ != version || cache_.size() >= kMaxCachedPages) {
      cache_.clear();
      cache_version_ = version;
    }
    cache_[key] = page;
    return page;
  }

  http::Response page_response(const http::Request& req, const Page& page, const Variant& v) const {
    http::Response r;
    r.headers.emplace_back("etag", page.etag);
    r.headers.emplace_back("vary", "Cookie");
    if (!v.set_cookies.empty()) {
      // The answer that sets the reader's choice must not be stored by a shared cache.
      r.headers.emplace_back("cache-control", "private, no-cache");
      for (const auto& c : v.set_cookies)
        r.headers.emplace_back("set-cookie", c);
    } else {
      r.headers.emplace_back("cache-control", "public, max-age=60");
    }
    if (etag_matches(req, page.etag)) {
      r.status = 304;
      return r;
    }
    r.status = 200;
    r.headers.emplace_back("content-type", std::string(kHtml));
    r.body = page.body;
    return r;
  }

 private:
  render::Templates templates_;
  std::map<std::string, Asset, std::less<>> assets_;
  std::string asset_version_;

  std::mutex version_mu_;
  std::atomic<std::int64_t> checked_at_{std::numeric_limits<std::int64_t>::min() / 2};
  std::atomic<std::uint64_t> seen_bumps_{0};
  std::atomic<std::int64_t> version_{0};

  std::mutex site_mu_;
  std::shared_ptr<const Site> site_;
  std::int64_t site_version_ = -1;

  std::shared_mutex cache_mu_;
  std::unordered_map<std::string, std::shared_ptr<const Page>> cache_;
  std::int64_t cache_version_ = -1;
};

}  // namespace

platform::RouteTable portal_routes() {
  using http::Method;
  using platform::Permission;
  using platform::ScopeRule;
  auto portal = std::make_shared<Portal>();
  platform::RouteTable routes;
  routes.push_back(platform::Route{
      .method = Method::Get,
      .pattern = "/",
      .permission = Permission::Public,
      .scope = ScopeRule::None,
      .audit_action = "",
      .handler = [portal](platform::RequestContext& ctx) { return portal->home(ctx); },
      .error_page = [portal](platform::Services& s, const http::Request& req,
                             int status) { return portal->error_page(s, req, status); },
  });
  for (const auto& path : portal->asset_paths()) {
    routes.push_back(platform::Route{
        .method = Method::Get,
        .pattern = path,
        .permission = Permission::Public,
        .scope = ScopeRule::None,
        .audit_action = "",
        .handler = [portal, path](platform::RequestContext& ctx) { return portal->asset(ctx.req, path); },
    });
  }
  return routes;
}

}  // namespace minsheng::portal
