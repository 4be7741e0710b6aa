#include "modules/portal/portal.hpp"

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"
#include "http/gzip.hpp"
#include "http/parse/query.hpp"
#include "modules/files/store.hpp"
#include "modules/projects/public.hpp"
#include "modules/projects/rules.hpp"
#include "modules/projects/search.hpp"
#include "modules/signage/service.hpp"
#include "modules/submissions/public.hpp"
#include "platform/content_version.hpp"
#include "platform/context.hpp"
#include "render/embedded.hpp"
#include "render/markdown.hpp"
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

// The query string's pairs; none when it does not parse (a page never fails on a malformed query).
http::parse::Pairs query_pairs(const http::Request& req) {
  if (req.query.empty()) return {};
  auto q = http::parse::parse_query(req.query);
  if (!q) return {};
  return std::move(q).value();
}

std::optional<std::string> query_value(const http::parse::Pairs& pairs, std::string_view name) {
  for (const auto& [k, val] : pairs)
    if (k == name) return val;
  return std::nullopt;
}

// A year parameter: four digits in the schema's range.
std::optional<int> parse_year(std::string_view s) {
  int y = 0;
  if (s.size() != 4) return std::nullopt;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), y);
  if (ec != std::errc() || end != s.data() + s.size() || y < 2000 || y > 2100) return std::nullopt;
  return y;
}

// Percent-encoding of every byte but the unreserved characters (RFC 3986), for a path segment or a query
// value.
std::string url_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

std::string project_href(std::string_view code) {
  return "/p/" + url_encode(code);
}

// Degrees with 2 to 6 decimals: 117.28, 31.861234.
std::string degrees(double v) {
  char buf[512];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, std::fabs(v), std::chars_format::fixed, 6);
  if (ec != std::errc()) return std::to_string(std::fabs(v));
  std::string s(buf, end);
  while (s.back() == '0' && s.size() - s.find('.') > 3)
    s.pop_back();
  return s;
}

// "东经 117.28°，北纬 31.86°（CGCS2000）"
std::string coordinates_text(const projects::Location& loc) {
  std::string s = (loc.lng < 0 ? "西经 " : "东经 ") + degrees(loc.lng) + "°，" +
                  (loc.lat < 0 ? "南纬 " : "北纬 ") + degrees(loc.lat) + "°";
  const std::string_view system = projects::coord_system_label(loc.system);
  if (!system.empty()) s += "（" + std::string(system) + "）";
  return s;
}

// The progress bar's width class: steps of 5 %, never empty above 0 % nor full below 100 %.
int pct_step(int pct) {
  pct = std::clamp(pct, 0, 100);
  int step = (pct + 2) / 5 * 5;
  if (pct > 0 && step == 0) step = 5;
  if (pct < 100 && step == 100) step = 95;
  return step;
}

void put_progress(json::object& d, int pct) {
  d["pct"] = std::clamp(pct, 0, 100);
  d["pct_step"] = pct_step(pct);
}

// The thumbnail's size: the longer side at most 320 px (infra/images), never enlarged.
std::pair<std::int64_t, std::int64_t> thumb_size(std::optional<std::int64_t> w,
                                                 std::optional<std::int64_t> h) {
  if (!w || !h || *w <= 0 || *h <= 0) return {320, 240};
  const double scale = std::min(1.0, 320.0 / static_cast<double>(std::max(*w, *h)));
  return {std::max<std::int64_t>(1, std::llround(static_cast<double>(*w) * scale)),
          std::max<std::int64_t>(1, std::llround(static_cast<double>(*h) * scale))};
}

json::value text_or_null(const std::string& s) {
  return s.empty() ? json::value(nullptr) : json::value(s);
}

// A static map of 2×2 tiles (zoom 16) around the point, from the `portal.map_tile_url` template
// ("https://host/…{z}…{x}…{y}…"), with the marker placed by CSS classes (1/32 of the view per step; no inline
// style under the CSP). The tiles load only when the reader opens the <details> (lazy images).
struct MapView {
  std::vector<std::string> tiles;
  int mx = 0, my = 0;
  std::string origin;  // for the page's img-src
};

std::optional<MapView> map_view(const std::string& tmpl, const projects::Location& loc) {
  std::string_view rest = tmpl;
  std::string scheme;
  if (rest.starts_with("https://"))
    scheme = "https://";
  else if (rest.starts_with("http://"))
    scheme = "http://";
  else
    return std::nullopt;
  rest.remove_prefix(scheme.size());
  const std::string_view host = rest.substr(0, rest.find('/'));
  if (host.empty()) return std::nullopt;
  for (char c : host)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
          c == '-' || c == ':'))
      return std::nullopt;
  for (unsigned char c : tmpl)
    if (c <= 0x20 || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\') return std::nullopt;
  if (tmpl.find("{x}") == std::string::npos || tmpl.find("{y}") == std::string::npos ||
      tmpl.find("{z}") == std::string::npos)
    return std::nullopt;
  if (!(std::fabs(loc.lat) < 85.0) || !(std::fabs(loc.lng) <= 180.0)) return std::nullopt;
  constexpr int kZoom = 16;
  constexpr double kTiles = 1 << kZoom;
  const double pi = std::acos(-1.0);
  const double x = (loc.lng + 180.0) / 360.0 * kTiles;
  const double y = (1.0 - std::asinh(std::tan(loc.lat * pi / 180.0)) / pi) / 2.0 * kTiles;
  const double x0 = std::floor(x - 0.5), y0 = std::floor(y - 0.5);  // the 2×2 block with the point inside
  MapView m;
  m.origin = scheme + std::string(host);
  m.mx = std::clamp(static_cast<int>(std::floor((x - x0) / 2.0 * 32.0)), 0, 31);
  m.my = std::clamp(static_cast<int>(std::floor((y - y0) / 2.0 * 32.0)), 0, 31);
  auto replace_all = [](std::string s, std::string_view what, const std::string& with) {
    for (auto pos = s.find(what); pos != std::string::npos; pos = s.find(what, pos + with.size()))
      s.replace(pos, what.size(), with);
    return s;
  };
  const auto n = static_cast<std::int64_t>(kTiles);
  for (int dy = 0; dy < 2; ++dy)
    for (int dx = 0; dx < 2; ++dx) {
      const auto tx = ((static_cast<std::int64_t>(x0) + dx) % n + n) % n;
      const auto ty = std::clamp<std::int64_t>(static_cast<std::int64_t>(y0) + dy, 0, n - 1);
      std::string url = replace_all(tmpl, "{z}", std::to_string(kZoom));
      url = replace_all(url, "{x}", std::to_string(tx));
      m.tiles.push_back(replace_all(url, "{y}", std::to_string(ty)));
    }
  return m;
}

// The server's policy (http::default_security_headers) with the map's tile server added to img-src.
std::string csp_with_images_from(const std::string& origin) {
  return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: " + origin +
         "; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";
}

struct Unit {
  std::string name;
  std::string kind;
};

// What every page shows of the site, read from the database once per content version.
struct Site {
  std::int64_t town_id = 0;  // 0 when no town exists yet
  std::string town;          // "" when no town exists yet
  std::string site_name;     // header and og:site_name
  std::string base_url;      // portal.base_url, for absolute og:image; "" -> relative
  std::vector<std::pair<std::string, std::string>> footer;  // label, value (empty values left out)
  std::vector<Unit> departments, villages;
  std::int64_t project_count = 0;  // the town's projects, all years
  int latest_year = 0;             // the newest year with projects; 0 when none
  std::string map_tile_url;        // portal.map_tile_url; "" -> no map
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
    s.town_id = town_id;
    const auto pc =
        c->query("SELECT COUNT(*) AS n, MAX(year) AS y FROM projects WHERE town_id = $1", {town_id}).first();
    s.project_count = pc.int64("n");
    if (!pc.is_null("y")) s.latest_year = static_cast<int>(pc.int64("y"));
  }
  s.map_tile_url = get("portal.map_tile_url");
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

// Pages at least this long are also kept gzipped.
constexpr std::size_t kGzipFrom = 1024;

struct Page {
  std::string body;
  std::string etag;
  std::string gz;   // the body gzipped once when cached ("" for small pages)
  std::string csp;  // "" -> the server's default Content-Security-Policy
};

// Project codes are short ("2020-01"); a longer path segment cannot be one.
constexpr std::size_t kMaxCodeBytes = 64;
constexpr std::size_t kMaxSearchResults = 50;
constexpr std::size_t kSnippetChars = 80;
// Submissions (issue 5): list pages of 20, the home page's columns of the latest 5.
constexpr std::int64_t kPerPage = 20;
constexpr std::int64_t kHomeLatest = 5;
// Page numbers beyond this are never a page (and never a cache key).
constexpr std::int64_t kMaxPage = 100000;
// The photo story's before/after slider (progressive enhancement; the page is complete without it).
constexpr std::string_view kCompareScript = "compare.js";

// The portal's three columns of published submissions: kind code, list path, column title, the item page's
// crumb and the words for an empty list.
struct Column {
  std::string_view kind;
  std::string_view path;   // "/news"; items at path + "/" + id
  std::string_view title;  // 信息动态
  std::string_view id;     // the home page's section id
  std::string_view what;   // for the lead: "条信息", "组图片", "条群众心声"
};
constexpr Column kColumns[] = {
    {"news", "/news", "信息动态", "news", "条信息"},
    {"photo_story", "/photos", "图说民生", "photo-stories", "组图说"},
    {"voice", "/voices", "群众话民生", "voices", "条群众心声"},
};

const Column& column_of(std::string_view kind) {
  for (const auto& c : kColumns)
    if (c.kind == kind) return c;
  return kColumns[0];
}

std::string item_href(std::string_view kind, std::int64_t id) {
  return std::string(column_of(kind).path) + "/" + std::to_string(id);
}

// A page parameter: 1..kMaxPage; anything else is page 1 (a page never fails on a malformed query).
std::int64_t parse_page(const std::optional<std::string>& s) {
  if (!s || s->empty() || s->size() > 6) return 1;
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), n);
  if (ec != std::errc() || end != s->data() + s->size() || n < 1 || n > kMaxPage) return 1;
  return n;
}

// An EXIF time "2020-06-05T14:30:00" (camera local time) -> "2020年6月5日 14:30"; "" when it does not parse.
std::string cn_taken(const std::optional<std::string>& t) {
  if (!t || t->size() < 10) return {};
  std::string d = chinese_date(t->substr(0, 10));
  if (d == t->substr(0, 10)) return {};
  if (t->size() >= 16 && ((*t)[10] == 'T' || (*t)[10] == ' ') && (*t)[13] == ':') d += " " + t->substr(11, 5);
  return d;
}

// The speaker as shown: the description ("东风村村民 王大爷"), with the village when it is not already named.
std::string speaker_line(const submissions::PublicItem& it) {
  std::string s = it.speaker_desc;
  if (!it.speaker_village_name.empty() && s.find(it.speaker_village_name) == std::string::npos)
    s = s.empty() ? it.speaker_village_name : it.speaker_village_name + " " + s;
  return s;
}

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
    if (auto st = templates_.require({kLayout, "portal/home", "portal/error", "portal/projects/list",
                                      "portal/projects/show", "portal/search", "portal/submissions/list",
                                      "portal/submissions/show"});
        !st)
      throw std::runtime_error("portal templates: " + st.error().fields.front().field + " missing");
    std::string all;
    for (const auto& f : embedded_portal_static()) {
      Asset a;
      a.body = std::string(f.data);
      a.etag = "\"" + fnv_hex(a.body) + "\"";
      const std::string_view p = f.path;
      a.type = p.ends_with(".css")   ? "text/css; charset=utf-8"
               : p.ends_with(".js")  ? "text/javascript; charset=utf-8"
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
      // The latest published submissions per column; a column only when it has items (no blank columns).
      json::array latest;
      if (site.town_id) {
        auto lease = ctx.app.pool.acquire();
        for (const auto& col : kColumns) {
          const auto list = submissions::public_list(*lease, site.town_id, col.kind, 0, kHomeLatest);
          if (list.items.empty()) continue;
          json::array items;
          for (const auto& it : list.items)
            items.push_back(item_summary(it, false));
          latest.push_back(json::object{{"id", col.id},
                                        {"title", col.title},
                                        {"href", col.path},
                                        {"count", list.total},
                                        {"more", list.total > kHomeLatest},
                                        {"items", std::move(items)}});
        }
      }
      d["has_sections"] = !sections.empty() || site.project_count > 0 || !latest.empty();
      d["latest"] = std::move(latest);
      d["sections"] = std::move(sections);
      d["empty_text"] = "暂无公开内容。";
      // The projects column and the search box, only when there are projects (no blank columns).
      d["has_projects"] = site.project_count > 0;
      if (site.project_count > 0)
        d["projects_lead"] = "共有" + std::to_string(site.project_count) + "个民生项目（最新为" +
                             std::to_string(site.latest_year) +
                             "年度），公开每个项目的进度、资金和现场照片。";
      d["q"] = "";
      return render_page("portal/home", std::move(d), v);
    });
    return page_response(ctx.req, *page, v);
  }

  // GET /projects?year= : the year's projects grouped by category (the newest year by default).
  http::Response projects_page(platform::RequestContext& ctx) {
    Variant v = read_variant(ctx.req);
    const auto pairs = query_pairs(ctx.req);
    std::optional<int> year;
    if (auto y = query_value(pairs, "year")) year = parse_year(*y);
    const std::string keep = year ? "year=" + std::to_string(*year) + "&" : "";
    db::Pool& pool = ctx.app.pool;
    auto page = cached(year ? "/projects?year=" + std::to_string(*year) : "/projects", v,
                       content_version(pool), pool, [&](const Site& site) {
                         std::vector<int> years;
                         std::vector<projects::Project> list;
                         int shown = 0;
                         {
                           auto lease = pool.acquire();
                           if (site.town_id) years = projects::public_years(*lease, site.town_id);
                           if (year) {
                             // A year without projects is not a page (and not a cache entry).
                             if (std::find(years.begin(), years.end(), *year) == years.end())
                               platform::fail(ErrorCode::NotFound, "error.not_found");
                             shown = *year;
                           } else if (!years.empty()) {
                             shown = years.front();
                           }
                           if (shown) list = projects::public_projects(*lease, site.town_id, shown);
                         }
                         return render_page("portal/projects/list",
                                            projects_data(site, v, keep, years, shown, list), v);
                       });
    return page_response(ctx.req, *page, v);
  }

  // GET /p/{id}: the project page; `id` is the project's code (the short URL printed as a QR code).
  http::Response project_page(platform::RequestContext& ctx) {
    Variant v = read_variant(ctx.req);
    const std::string code = ctx.param("id");
    if (code.empty() || code.size() > kMaxCodeBytes) platform::fail(ErrorCode::NotFound, "error.not_found");
    db::Pool& pool = ctx.app.pool;
    // Unknown codes throw inside the builder: they never become cache entries.
    auto page = cached("/p/" + code, v, content_version(pool), pool, [&](const Site& site) {
      std::optional<projects::PublicProject> found;
      std::vector<submissions::PublicItem> items;
      std::optional<signage::Sign> sign;
      if (site.town_id) {
        auto lease = pool.acquire();
        found = projects::public_project_by_code(*lease, site.town_id, code);
        if (found) items = submissions::public_items_of_project(*lease, site.town_id, found->project.id);
        // Engineering projects show their sign board's data (issue 7); sign writes bump the content version.
        if (found && found->project.category == "engineering")
          sign = signage::load_sign(*lease, found->project, "");
      }
      if (!found) platform::fail(ErrorCode::NotFound, "error.not_found");
      return project_html(site, v, *found, items, sign);
    });
    return page_response(ctx.req, *page, v);
  }

  // GET /search?q= : the form, and the results for a query. Result pages are not cached: their keys would
  // come from free text (a flood of distinct queries must not fill or churn the page cache); the form is.
  http::Response search_page(platform::RequestContext& ctx) {
    Variant v = read_variant(ctx.req);
    const auto pairs = query_pairs(ctx.req);
    const std::string q = projects::normalize_query(query_value(pairs, "q").value_or(""));
    db::Pool& pool = ctx.app.pool;
    const std::int64_t version = content_version(pool);
    auto build = [&](const Site& site) {
      json::object d = common(site, v, q.empty() ? "" : "q=" + url_encode(q) + "&");
      d["heading"] = "搜索民生项目";
      d["q"] = q;
      d["searched"] = !q.empty();
      if (q.empty()) {
        d["title"] = "搜索民生项目 - " + site.site_name;
        d["description"] = "按项目名称、编号、单位或关键词搜索" + site.site_name + "的民生项目。";
        return render_page("portal/search", std::move(d), v);
      }
      std::vector<projects::Project> found;
      if (site.town_id) {
        auto lease = pool.acquire();
        const auto ids = projects::search_projects(*lease, site.town_id, q, kMaxSearchResults);
        found = projects::public_projects_by_ids(*lease, site.town_id, ids);
      }
      json::array results;
      for (const auto& p : found) {
        const std::string& text = p.plain_text.empty() ? p.policy_text : p.plain_text;
        results.push_back(json::object{
            {"name", p.name},
            {"href", project_href(p.code)},
            {"code", p.code},
            {"year", p.year},
            {"category", std::string(projects::category_label(p.category))},
            {"is_demo", p.is_demo},
            {"snippet", text_or_null(render::markdown_to_plain(text, kSnippetChars))},
        });
      }
      d["title"] = "“" + q + "”的搜索结果 - " + site.site_name;
      d["description"] = "在" + site.site_name + "搜索“" + q + "”的结果。";
      d["result_title"] = "“" + q + "”的搜索结果（" + std::to_string(found.size()) + "个）";
      d["has_results"] = !results.empty();
      d["results"] = std::move(results);
      d["empty_text"] = "没有找到与“" + q + "”相关的项目，请换个关键词试试。";
      return render_page("portal/search", std::move(d), v);
    };
    std::shared_ptr<const Page> page;
    if (q.empty())
      page = cached("/search", v, version, pool, build);
    else
      page = std::make_shared<const Page>(build(*site_for(version, pool)));
    return page_response(ctx.req, *page, v);
  }

  // GET /news, /photos, /voices ?page=N : a column's published submissions, newest first, 20 a page. A page
  // beyond the last is the 404 (and never a cache entry); page 1 has one key with or without ?page=1.
  http::Response list_page(platform::RequestContext& ctx, const Column& col) {
    Variant v = read_variant(ctx.req);
    const std::int64_t page = parse_page(query_value(query_pairs(ctx.req), "page"));
    const std::string keep = page > 1 ? "page=" + std::to_string(page) + "&" : "";
    db::Pool& pool = ctx.app.pool;
    const std::string key = std::string(col.path) + (page > 1 ? "?page=" + std::to_string(page) : "");
    auto built = cached(key, v, content_version(pool), pool, [&](const Site& site) {
      submissions::PublicList list;
      if (site.town_id) {
        auto lease = pool.acquire();
        list = submissions::public_list(*lease, site.town_id, col.kind, (page - 1) * kPerPage, kPerPage);
      }
      if (page > 1 && list.items.empty()) platform::fail(ErrorCode::NotFound, "error.not_found");
      json::object d = common(site, v, keep);
      const std::string heading = site.town + std::string(col.title);
      const std::int64_t pages = std::max<std::int64_t>(1, (list.total + kPerPage - 1) / kPerPage);
      d["title"] =
          heading + (page > 1 ? "（第" + std::to_string(page) + "页）" : "") + " - " + site.site_name;
      d["heading"] = heading;
      d["canonical"] =
          site.base_url + std::string(col.path) + (page > 1 ? "?page=" + std::to_string(page) : "");
      std::string lead;
      if (list.total > 0)
        lead = "共" + std::to_string(list.total) + std::string(col.what) + "，按发布时间由新到旧排列。";
      else
        lead = "暂无" + std::string(col.title) + "。";
      d["lead"] = lead;
      d["description"] = site.site_name + std::string(col.title) + "：" + lead;
      json::array items;
      for (const auto& it : list.items)
        items.push_back(item_summary(it, false));
      d["has_items"] = !items.empty();
      d["items"] = std::move(items);
      d["empty_text"] = "暂无" + std::string(col.title) + "。";
      if (pages > 1) d["pager"] = pager(col.path, page, pages);
      return render_page("portal/submissions/list", std::move(d), v);
    });
    return page_response(ctx.req, *built, v);
  }

  // GET /news/{id}, /photos/{id}, /voices/{id}: one published submission of the column's kind; any other id
  // (another kind, not published, a voice without consent, another town) is the 404.
  http::Response item_page(platform::RequestContext& ctx, const Column& col) {
    Variant v = read_variant(ctx.req);
    const std::int64_t id = ctx.id_param();
    db::Pool& pool = ctx.app.pool;
    auto built = cached(item_href(col.kind, id), v, content_version(pool), pool, [&](const Site& site) {
      std::optional<submissions::PublicItem> found;
      if (site.town_id) {
        auto lease = pool.acquire();
        found = submissions::public_item(*lease, site.town_id, col.kind, id);
      }
      if (!found) platform::fail(ErrorCode::NotFound, "error.not_found");
      return item_html(site, v, col, *found);
    });
    return page_response(ctx.req, *built, v);
  }

  // GET /media/{id} and /media/{id}/thumb: the EXIF-stripped public copy or the thumbnail of a photo attached
  // to a progress update of a project in the portal's town, or of a photo or composite of a published
  // submission of the town; 404 for any other file.
  http::Response photo(platform::RequestContext& ctx, bool thumb) {
    const std::int64_t id = ctx.id_param();
    db::Pool& pool = ctx.app.pool;
    auto site = site_for(content_version(pool), pool);
    auto lease = pool.acquire();
    std::optional<projects::PublicPhotoFile> f;
    if (site->town_id) {
      f = projects::public_photo(*lease, site->town_id, id);
      if (!f) f = submissions::public_file(*lease, site->town_id, id);
    }
    if (!f) platform::fail(ErrorCode::NotFound, "error.not_found");
    const std::optional<std::string>& sha = thumb ? f->thumb_sha256 : f->public_sha256;
    if (!sha) platform::fail(ErrorCode::NotFound, "error.not_found");
    const std::string etag = "\"" + *sha + "\"";
    http::Response r;
    r.headers.emplace_back("etag", etag);
    r.headers.emplace_back("cache-control", "public, max-age=86400");
    if (etag_matches(ctx.req, etag)) {
      r.status = 304;
      return r;
    }
    auto bytes = files::get_blob(*lease, *sha);
    if (!bytes) platform::fail(ErrorCode::NotFound, "error.not_found");
    r.status = 200;
    r.headers.emplace_back("content-type",
                           thumb ? std::string("image/jpeg") : f->public_type.value_or(f->content_type));
    r.body = std::move(*bytes);
    return r;
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

  // A submission in a list (column, home page, project page): title, link, date, unit, snippet, cover.
  json::object item_summary(const submissions::PublicItem& it, bool with_kind) const {
    const Column& col = column_of(it.kind);
    const std::string href = item_href(it.kind, it.id);
    std::string snippet = it.kind == "voice" && !it.quote.empty()
                              ? render::markdown_to_plain(it.quote, kSnippetChars)
                              : render::markdown_to_plain(it.body, kSnippetChars);
    json::object o{
        {"href", href},
        {"title", it.title},
        {"kind_label", with_kind ? json::value(std::string(col.title)) : json::value(nullptr)},
        {"date", text_or_null(chinese_date(it.published_on))},
        {"date_iso", it.published_on},
        {"unit", it.unit_name},
        {"speaker", text_or_null(it.kind == "voice" ? speaker_line(it) : std::string())},
        {"snippet", text_or_null(snippet)},
        {"is_demo", it.is_demo},
        {"cover", nullptr},
    };
    if (it.cover) {
      const auto [w, h] = thumb_size(it.cover->width, it.cover->height);
      o["cover"] = json::object{{"href", href},
                                {"thumb", "/media/" + std::to_string(it.cover->file_id) + "/thumb"},
                                {"width", w},
                                {"height", h}};
    }
    return o;
  }

  // A photo on an item page: the thumbnail linking to the public copy, with its caption and capture time.
  static json::object photo_data(const submissions::PublicPhoto& ph, const std::string& fallback_alt) {
    const auto [w, h] = thumb_size(ph.width, ph.height);
    const std::string id = std::to_string(ph.file_id);
    const std::string taken = cn_taken(ph.taken_at);
    // The machine-readable time beside it: the camera's clock read in Shanghai, with its offset as in the
    // API.
    const auto taken_at = ph.taken_at ? parse_shanghai_wall_time(*ph.taken_at) : std::nullopt;
    return json::object{{"href", "/media/" + id},
                        {"thumb", "/media/" + id + "/thumb"},
                        {"width", w},
                        {"height", h},
                        {"alt", ph.caption.empty() ? fallback_alt : fallback_alt + "：" + ph.caption},
                        {"caption", text_or_null(ph.caption)},
                        {"taken", text_or_null(taken)},
                        {"taken_iso", taken.empty() || !taken_at ? std::string() : iso_shanghai(*taken_at)}};
  }

  // Accessible pagination: previous/next and the page numbers around the current one (first and last always).
  static json::object pager(std::string_view path, std::int64_t page, std::int64_t pages) {
    auto href = [&](std::int64_t n) {
      return std::string(path) + (n > 1 ? "?page=" + std::to_string(n) : "");
    };
    json::array links;
    std::int64_t last_shown = 0;
    for (std::int64_t n = 1; n <= pages; ++n) {
      if (n != 1 && n != pages && (n < page - 2 || n > page + 2)) continue;
      if (last_shown && n > last_shown + 1) links.push_back(json::object{{"gap", true}});
      links.push_back(json::object{{"n", n}, {"href", href(n)}, {"current", n == page}, {"gap", false}});
      last_shown = n;
    }
    return json::object{{"page", page},
                        {"pages", pages},
                        {"prev", page > 1 ? json::value(href(page - 1)) : json::value(nullptr)},
                        {"next", page < pages ? json::value(href(page + 1)) : json::value(nullptr)},
                        {"links", std::move(links)}};
  }

  Page item_html(const Site& site, const Variant& v, const Column& col,
                 const submissions::PublicItem& it) const {
    json::object d = common(site, v);
    const std::string href = item_href(it.kind, it.id);
    d["title"] = it.title + " - " + std::string(col.title) + " - " + site.site_name;
    d["canonical"] = site.base_url + href;
    std::string description =
        render::markdown_to_plain(it.kind == "voice" && !it.quote.empty() ? it.quote : it.body);
    if (description.empty()) description = site.town + std::string(col.title) + "：" + it.title;
    d["description"] = description;
    d["kind"] = it.kind;
    d["list_href"] = col.path;
    d["list_label"] = col.title;
    d["heading"] = it.title;
    d["is_demo"] = it.is_demo;
    d["date"] = text_or_null(chinese_date(it.published_on));
    d["date_iso"] = it.published_on;
    d["unit"] = it.unit_name;
    d["author"] = text_or_null(it.author_name);
    d["body_html"] = text_or_null(render::markdown_to_html(it.body));
    d["is_voice"] = it.kind == "voice";
    if (it.kind == "voice") {
      d["quote"] = text_or_null(it.quote);
      d["speaker"] = text_or_null(speaker_line(it));
      d["interviewer"] = text_or_null(it.interviewer);
    }
    std::optional<std::int64_t> share_image;
    json::array photos;
    for (const auto& ph : it.photos) {
      if (!share_image) share_image = ph.file_id;
      photos.push_back(photo_data(ph, "新闻图片"));
    }
    d["has_photos"] = !photos.empty();
    d["photos"] = std::move(photos);
    json::array pairs;
    for (const auto& p : it.pairs) {
      if (!p.before && !p.after) continue;  // a composite alone is linked from nowhere
      if (!share_image)
        share_image = p.composite ? p.composite->file_id : (p.after ? p.after : p.before)->file_id;
      json::object o{
          {"no", p.pair_no},
          {"before", p.before ? json::value(photo_data(*p.before, "实施前")) : json::value(nullptr)},
          {"after", p.after ? json::value(photo_data(*p.after, "实施后")) : json::value(nullptr)},
          {"composite", p.composite ? json::value("/media/" + std::to_string(p.composite->file_id))
                                    : json::value(nullptr)}};
      pairs.push_back(std::move(o));
    }
    d["has_pairs"] = !pairs.empty();
    d["many_pairs"] = pairs.size() > 1;
    d["pairs"] = std::move(pairs);
    // The slider script only where there is a pair to compare.
    if (it.kind == "photo_story" && d["has_pairs"].as_bool())
      d["script_src"] = std::string(kAssetPrefix) + std::string(kCompareScript) + "?v=" + asset_version_;
    if (share_image) d["og_image"] = site.base_url + "/media/" + std::to_string(*share_image);
    json::array projs;
    for (const auto& p : it.projects)
      projs.push_back(json::object{{"href", project_href(p.code)}, {"name", p.name}, {"year", p.year}});
    d["has_projects"] = !projs.empty();
    d["projects"] = std::move(projs);
    return render_page("portal/submissions/show", std::move(d), v);
  }

  json::object projects_data(const Site& site, const Variant& v, const std::string& keep,
                             const std::vector<int>& years, int shown,
                             const std::vector<projects::Project>& list) const {
    json::object d = common(site, v, keep);
    const std::string where = site.town.empty() ? std::string() : site.town;
    json::array groups;
    std::int64_t planned = 0;
    for (const std::string_view cat : projects::categories()) {
      json::array items;
      for (const auto& p : list) {
        if (p.category != cat) continue;
        planned += p.funds_planned;
        json::object item{
            {"name", p.name},
            {"href", project_href(p.code)},
            {"code", p.code},
            {"lead", p.lead_unit.name},
            {"planned", projects::fen_to_wan(p.funds_planned)},
            {"disbursed", projects::fen_to_wan(p.current.funds_disbursed)},
            {"status", std::string(projects::status_label(p.current.status))},
            {"status_code", p.current.status},
            {"change", std::string(projects::change_flag_label(p.change_flag))},
            {"is_demo", p.is_demo},
        };
        put_progress(item, p.current.progress_pct);
        items.push_back(std::move(item));
      }
      if (items.empty()) continue;  // no empty groups
      const auto count = static_cast<std::int64_t>(items.size());
      groups.push_back(json::object{{"id", "category-" + std::string(cat)},
                                    {"title", std::string(projects::category_label(cat))},
                                    {"count", count},
                                    {"items", std::move(items)}});
    }
    const std::string heading = shown ? where + std::to_string(shown) + "年民生项目" : where + "民生项目";
    d["title"] = heading + " - " + site.site_name;
    d["heading"] = heading;
    std::string lead;
    if (!list.empty())
      lead = std::to_string(shown) + "年度共" + std::to_string(list.size()) + "个民生项目，计划投资" +
             projects::fen_to_wan(planned) + "万元。点击项目名称查看进度、资金和现场照片。";
    else
      lead = "暂无民生项目信息。";
    d["lead"] = lead;
    d["description"] = lead;
    json::array year_links;
    for (int y : years)
      year_links.push_back(json::object{{"year", y}, {"current", y == shown}});
    d["has_years"] = years.size() > 1;  // a switcher only when there is something to switch to
    d["years"] = std::move(year_links);
    d["groups"] = std::move(groups);
    d["empty_text"] = "暂无民生项目信息。";
    d["has_search"] = !list.empty();
    d["q"] = "";
    return d;
  }

  // The sign data (five fields) and the "report a problem" tel: link; null without a sign.
  static json::value sign_data(const std::optional<signage::Sign>& sign) {
    if (!sign) return nullptr;
    const auto& f = sign->fields;
    // tel: digits with the area code's dash; the second dash ("0551-62345678-123") or 转 starts the
    // extension.
    std::string tel;
    int dashes = 0;
    const std::string& phone = f.supervision_phone;
    for (std::size_t i = 0; i < phone.size(); ++i) {
      if (phone[i] == '-') {
        tel += ++dashes == 2 ? ";ext=" : "-";
      } else if (phone[i] >= '0' && phone[i] <= '9') {
        tel += phone[i];
      } else if (phone.compare(i, 3, "转") == 0) {
        tel += ";ext=";
        i += 2;
      }
    }
    return json::object{{"builder", f.builder},
                        {"investment", f.investment},
                        {"build_dates", f.build_dates},
                        {"manager_unit", f.manager_unit},
                        {"phone", text_or_null(f.supervision_phone)},
                        {"tel", tel}};
  }

  Page project_html(const Site& site, const Variant& v, const projects::PublicProject& pp,
                    const std::vector<submissions::PublicItem>& items,
                    const std::optional<signage::Sign>& sign = std::nullopt) const {
    const projects::Project& p = pp.project;
    json::object d = common(site, v);
    d["title"] = p.name + " - " + site.site_name;
    d["canonical"] = site.base_url + project_href(p.code);
    std::string description = render::markdown_to_plain(p.plain_text.empty() ? p.policy_text : p.plain_text);
    if (description.empty())
      description = std::to_string(p.year) + "年民生项目" + p.name + "，牵头单位" + p.lead_unit.name + "。";
    d["description"] = description;
    d["name"] = p.name;
    d["code"] = p.code;
    d["year"] = p.year;
    d["is_demo"] = p.is_demo;
    d["category"] = std::string(projects::category_label(p.category));
    d["change"] = std::string(projects::change_flag_label(p.change_flag));
    d["status"] = std::string(projects::status_label(p.current.status));
    d["status_code"] = p.current.status;
    d["lead"] = p.lead_unit.name;
    std::string cooperating;
    for (const auto& u : p.cooperating)
      cooperating += (cooperating.empty() ? "" : "、") + u.name;
    d["cooperating"] = text_or_null(cooperating);
    d["planned"] = projects::fen_to_wan(p.funds_planned);
    d["disbursed"] = projects::fen_to_wan(p.current.funds_disbursed);
    d["beneficiaries"] =
        p.beneficiaries ? json::value(std::to_string(*p.beneficiaries)) : json::value(nullptr);
    if (p.current.report_date) {
      d["last_report"] = chinese_date(*p.current.report_date);
      d["last_report_iso"] = *p.current.report_date;
    }
    put_progress(d, p.current.progress_pct);
    d["sign"] = sign_data(sign);

    json::array targets;
    for (const auto& t : p.targets) {
      auto amount = [](const std::optional<double>& a) {
        return a ? projects::format_amount(*a) : std::string("—");
      };
      targets.push_back(json::object{{"name", t.name},
                                     {"planned", amount(t.planned)},
                                     {"achieved", amount(projects::achieved_shown(t, p.current))},
                                     {"unit", t.unit}});
    }
    d["has_targets"] = !targets.empty();
    d["targets"] = std::move(targets);
    d["policy_html"] = text_or_null(render::markdown_to_html(p.policy_text));
    d["plain_html"] = text_or_null(render::markdown_to_html(p.plain_text));

    d["address"] = text_or_null(p.address);
    d["has_location"] = !p.address.empty() || p.location.has_value();
    std::string csp;
    if (p.location) {
      d["coordinates"] = coordinates_text(*p.location);
      if (!site.map_tile_url.empty()) {
        if (auto m = map_view(site.map_tile_url, *p.location)) {
          json::array tiles;
          for (const auto& t : m->tiles)
            tiles.push_back(json::object{{"src", t}});
          d["map"] = json::object{{"tiles", std::move(tiles)}, {"mx", m->mx}, {"my", m->my}};
          csp = csp_with_images_from(m->origin);
        }
      }
    }

    json::array timeline;
    for (const auto& u : pp.timeline) {
      json::array photos;
      for (const auto& ph : u.photos) {
        const auto [w, h] = thumb_size(ph.width, ph.height);
        const std::string id = std::to_string(ph.file_id);
        photos.push_back(json::object{{"href", "/media/" + id},
                                      {"thumb", "/media/" + id + "/thumb"},
                                      {"width", w},
                                      {"height", h},
                                      {"alt", ph.caption.empty() ? std::string("项目进展照片") : ph.caption},
                                      {"caption", text_or_null(ph.caption)}});
      }
      timeline.push_back(json::object{
          {"date", chinese_date(u.update.report_date)},
          {"date_iso", u.update.report_date},
          {"pct", u.update.progress_pct},
          {"disbursed", projects::fen_to_wan(u.update.funds_disbursed)},
          {"status", std::string(projects::status_label(u.update.status))},
          {"note_html", text_or_null(render::markdown_to_html(u.update.note))},
          {"has_photos", !photos.empty()},
          {"photos", std::move(photos)},
      });
    }
    d["has_timeline"] = !timeline.empty();
    d["timeline"] = std::move(timeline);
    // The project's published submissions (news, photo stories, voices), newest first.
    json::array related;
    for (const auto& it : items)
      related.push_back(item_summary(it, true));
    d["has_items"] = !related.empty();
    d["items"] = std::move(related);
    Page page = render_page("portal/projects/show", std::move(d), v);
    page.csp = std::move(csp);
    return page;
  }

  // The data every page's layout needs.
  // `keep` is the page's own query ("year=2020&"), kept by the script and size switches.
  json::object common(const Site& site, const Variant& v, const std::string& keep = "") const {
    json::array footer;
    for (const auto& [label, value] : site.footer)
      footer.push_back(json::object{{"label", label}, {"value", value}});
    return json::object{
        {"lang", v.hant ? "zh-TW" : "zh-CN"},
        {"large", v.large},
        {"site_name", site.site_name},
        {"og_image", site.base_url + std::string(kAssetPrefix) + "share.svg"},
        {"asset_version", asset_version_},
        {"switch_query", keep},
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
    if (p.body.size() >= kGzipFrom) p.gz = http::gzip(p.body);
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
    if (cache_version_ != version) {
      cache_.clear();
      cache_order_.clear();
      cache_version_ = version;
    }
    // Full: the oldest pages go first (the keys are bounded by the content — years, project codes — and
    // never come from free text, so a flood of distinct URLs cannot push the hot pages out for long).
    while (cache_.size() >= kMaxCachedPages && !cache_order_.empty()) {
      cache_.erase(cache_order_.front());
      cache_order_.pop_front();
    }
    if (cache_.insert_or_assign(key, page).second) cache_order_.push_back(std::move(key));
    return page;
  }

  http::Response page_response(const http::Request& req, const Page& page, const Variant& v) const {
    http::Response r;
    // Each encoding has its own entity tag ("…-gz" for the gzipped body).
    const bool gz = !page.gz.empty() && http::accepts_gzip(req.header("accept-encoding").value_or(""));
    const std::string etag = gz ? page.etag.substr(0, page.etag.size() - 1) + "-gz\"" : page.etag;
    r.headers.emplace_back("etag", etag);
    r.headers.emplace_back("vary", "Cookie, Accept-Encoding");
    if (!page.csp.empty()) r.headers.emplace_back("content-security-policy", page.csp);
    if (!v.set_cookies.empty()) {
      // The answer that sets the reader's choice must not be stored by a shared cache.
      r.headers.emplace_back("cache-control", "private, no-cache");
      for (const auto& c : v.set_cookies)
        r.headers.emplace_back("set-cookie", c);
    } else {
      r.headers.emplace_back("cache-control", "public, max-age=60");
    }
    if (etag_matches(req, etag)) {
      r.status = 304;
      return r;
    }
    r.status = 200;
    r.headers.emplace_back("content-type", std::string(kHtml));
    if (gz) {
      r.headers.emplace_back("content-encoding", "gzip");
      r.body = page.gz;
    } else {
      r.body = page.body;
    }
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
  std::deque<std::string> cache_order_;  // keys of cache_, oldest first
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
  auto page = [&routes](std::string pattern, platform::RouteHandler handler) {
    routes.push_back(platform::Route{
        .method = Method::Get,
        .pattern = std::move(pattern),
        .permission = Permission::Public,
        .scope = ScopeRule::None,
        .audit_action = "",
        .handler = std::move(handler),
    });
  };
  page("/projects", [portal](platform::RequestContext& ctx) { return portal->projects_page(ctx); });
  // {id} is the project's code ("/p/2020-01", the short URL for QR codes), named like every other path
  // parameter so the generated route tests can fill it in.
  page("/p/{id}", [portal](platform::RequestContext& ctx) { return portal->project_page(ctx); });
  page("/search", [portal](platform::RequestContext& ctx) { return portal->search_page(ctx); });
  // Published submissions (issue 5): a list and item pages per column.
  for (const Column& col : kColumns) {
    page(std::string(col.path),
         [portal, &col](platform::RequestContext& ctx) { return portal->list_page(ctx, col); });
    page(std::string(col.path) + "/{id}",
         [portal, &col](platform::RequestContext& ctx) { return portal->item_page(ctx, col); });
  }
  // Public copies of photos: progress photos and the photos and composites of published submissions.
  page("/media/{id}", [portal](platform::RequestContext& ctx) { return portal->photo(ctx, false); });
  page("/media/{id}/thumb", [portal](platform::RequestContext& ctx) { return portal->photo(ctx, true); });
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
