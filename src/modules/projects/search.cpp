#include "modules/projects/search.hpp"

#include <optional>
#include <string>
#include <vector>

#include "render/markdown.hpp"
#include "render/script.hpp"

namespace minsheng::projects {
namespace {

constexpr std::size_t kMaxQueryChars = 50;
// Policy and plain texts are indexed without their Markdown syntax, whole.
constexpr std::size_t kMaxIndexedChars = 1'000'000;

// The next code point of valid UTF-8 at `i` (advancing `i`), or nullopt for an invalid sequence (`i` then
// skips one byte).
std::optional<char32_t> next_code_point(std::string_view s, std::size_t& i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  std::size_t n = 0;
  char32_t cp = 0;
  if (c < 0x80) {
    ++i;
    return c;
  } else if (c >= 0xc2 && c < 0xe0) {
    n = 1;
    cp = c & 0x1f;
  } else if (c >= 0xe0 && c < 0xf0) {
    n = 2;
    cp = c & 0x0f;
  } else if (c >= 0xf0 && c < 0xf5) {
    n = 3;
    cp = c & 0x07;
  } else {
    ++i;
    return std::nullopt;
  }
  for (std::size_t k = 1; k <= n; ++k) {
    if (i + k >= s.size() || (b(i + k) & 0xc0) != 0x80) {
      ++i;
      return std::nullopt;
    }
    cp = (cp << 6) | (b(i + k) & 0x3f);
  }
  const bool overlong = (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000);
  if (overlong || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
    ++i;
    return std::nullopt;
  }
  i += n + 1;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

bool is_space(char32_t cp) {
  return cp <= 0x20 || cp == 0x7f || cp == 0x85 || cp == 0xa0 || cp == 0x3000 ||
         (cp >= 0x2000 && cp <= 0x200b) || cp == 0x2028 || cp == 0x2029 || cp == 0xfeff;
}

// Whitespace (ASCII, no-break, ideographic) collapsed to one space and trimmed; control characters and
// invalid UTF-8 dropped; at most `max_chars` code points.
std::string collapse(std::string_view s, std::size_t max_chars) {
  std::string out;
  std::size_t chars = 0;
  bool pending = false;
  for (std::size_t i = 0; i < s.size() && chars < max_chars;) {
    auto cp = next_code_point(s, i);
    if (!cp) continue;
    if (is_space(*cp)) {
      pending = true;
      continue;
    }
    if (pending && !out.empty()) {
      out += ' ';
      ++chars;
      if (chars >= max_chars) break;
    }
    pending = false;
    append_utf8(out, *cp);
    ++chars;
  }
  while (!out.empty() && out.back() == ' ')
    out.pop_back();
  return out;
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    n += (c & 0xc0) != 0x80;
  return n;
}

// Search is case-insensitive for ASCII letters on both databases (PostgreSQL's LIKE is not).
std::string ascii_lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// What the document and the query have in common: Simplified script, lower-case ASCII.
std::string fold(std::string_view s) {
  return ascii_lower(render::ScriptConverter::t2s().convert(s));
}

// `%q%` for LIKE ... ESCAPE '\'.
std::string like_contains(std::string_view q) {
  std::string p = "%";
  for (char c : q) {
    if (c == '%' || c == '_' || c == '\\') p += '\\';
    p += c;
  }
  p += '%';
  return p;
}

// An FTS5 phrase: the whole query in double quotes, inner quotes doubled, so no character is query syntax.
std::string fts_phrase(std::string_view q) {
  std::string p = "\"";
  for (char c : q) {
    if (c == '"') p += '"';
    p += c;
  }
  p += '"';
  return p;
}

}  // namespace

void index_project(db::Tx& tx, std::int64_t project_id) {
  unindex_project(tx, project_id);
  auto rs = tx.query(
      "SELECT p.town_id, p.code, p.name, p.policy_text, p.plain_text, p.address, u.name AS lead_name "
      "FROM projects p JOIN org_units u ON u.id = p.lead_unit_id WHERE p.id = $1",
      {project_id});
  if (rs.empty()) return;
  const db::Row& p = rs.first();
  std::vector<std::string> parts = {p.text("code"), p.text("name"), p.text("lead_name")};
  for (const auto& r :
       tx.query("SELECT u.name FROM project_units pu JOIN org_units u ON u.id = pu.org_unit_id "
                "WHERE pu.project_id = $1 ORDER BY u.sort_order, u.id",
                {project_id})
           .rows)
    parts.push_back(r.text("name"));
  parts.push_back(render::markdown_to_plain(p.text("policy_text"), kMaxIndexedChars));
  parts.push_back(render::markdown_to_plain(p.text("plain_text"), kMaxIndexedChars));
  parts.push_back(p.text("address"));
  for (const auto& r :
       tx.query("SELECT name FROM project_targets WHERE project_id = $1 ORDER BY sort_order, id",
                {project_id})
           .rows)
    parts.push_back(r.text("name"));
  std::string doc;
  for (const auto& s : parts) {
    if (s.empty()) continue;
    if (!doc.empty()) doc += '\n';
    doc += s;
  }
  tx.query("INSERT INTO project_search (doc, project_id, town_id) VALUES ($1, $2, $3)",
           {fold(doc), project_id, p.int64("town_id")});
}

void unindex_project(db::Tx& tx, std::int64_t project_id) {
  tx.query("DELETE FROM project_search WHERE project_id = $1", {project_id});
}

std::string normalize_query(std::string_view q) {
  // Cut before OpenCC (bounded work) and after it (a phrase conversion may change the length).
  std::string s = collapse(q, kMaxQueryChars);
  if (s.empty()) return s;
  return collapse(render::ScriptConverter::t2s().convert(s), kMaxQueryChars);
}

std::vector<std::int64_t> search_projects(db::Connection& conn, std::int64_t town_id, std::string_view query,
                                          std::size_t limit) {
  const std::string q = ascii_lower(normalize_query(query));
  std::vector<std::int64_t> ids;
  if (q.empty() || limit == 0) return ids;
  const std::string like = like_contains(q);
  // Name matches first, then code matches, then the rest (units, texts, address, targets); newest year first.
  static constexpr std::string_view kOrder =
      " ORDER BY CASE WHEN lower(p.name) LIKE $3 ESCAPE '\\' THEN 0 WHEN lower(p.code) LIKE $3 ESCAPE '\\' "
      "THEN 1 ELSE 2 END, p.year DESC, p.sort_order, p.code, p.id LIMIT $4";
  db::ResultSet rs;
  const auto n = static_cast<std::int64_t>(limit);
  if (conn.backend() == db::Backend::Sqlite) {
    // FTS5 trigram: a phrase of 3 or more characters uses the index; shorter queries scan with LIKE.
    if (code_points(q) >= 3) {
      static const std::string sql =
          "SELECT p.id FROM project_search JOIN projects p ON p.id = project_search.project_id "
          "WHERE project_search.town_id = $1 AND project_search MATCH $2" +
          std::string(kOrder);
      rs = conn.query(sql, {town_id, fts_phrase(q), like, n});
    } else {
      static const std::string sql =
          "SELECT p.id FROM project_search JOIN projects p ON p.id = project_search.project_id "
          "WHERE project_search.town_id = $1 AND project_search.doc LIKE $2 ESCAPE '\\'" +
          std::string(kOrder);
      rs = conn.query(sql, {town_id, like, like, n});
    }
  } else {
    // pg_trgm: the GIN index serves LIKE for 3 or more characters; the planner scans for shorter ones.
    static const std::string sql =
        "SELECT p.id FROM project_search s JOIN projects p ON p.id = s.project_id "
        "WHERE s.town_id = $1 AND s.doc LIKE $2 ESCAPE '\\'" +
        std::string(kOrder);
    rs = conn.query(sql, {town_id, like, like, n});
  }
  ids.reserve(rs.rows.size());
  for (const auto& r : rs.rows)
    ids.push_back(r.int64("id"));
  return ids;
}

}  // namespace minsheng::projects
